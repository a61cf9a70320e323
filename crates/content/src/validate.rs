//! Merge overlays into a base pack, then check every rule of `docs/pack-format.md`.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::Diagnostic;
use crate::learned::Target;
use crate::model::*;
use crate::parse::{Loc, Located, RawPack};
use crate::writing::{NarrativeLexicon, WRITING_ID_PREFIX, WRITING_KINDS, WritingPrompt};

/// Anything with a stable id.
pub(crate) trait Keyed {
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),*) => { $(impl Keyed for $t { fn key(&self) -> &str { &self.id } })* };
}
keyed!(
    Principle,
    Role,
    Stage,
    Format,
    Competency,
    Question,
    Prompt,
    Example,
    Ask,
    Probe,
    WritingPrompt
);

/// Reports a second entry with an id already used in the same pack.
pub(crate) fn check_duplicates<T: Keyed>(
    kind: &str,
    items: &[Located<T>],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Loc> = HashMap::new();
    for entry in items {
        let id = entry.item.key();
        if let Some(first) = seen.get(id) {
            out.push(Diagnostic {
                file: entry.loc.file.to_string(),
                line: entry.loc.line_of("id"),
                field: format!("{kind}[{id}].id"),
                message: format!(
                    "duplicate id `{id}`; first defined at {}:{}",
                    first.file,
                    first.line_of("id")
                ),
            });
        } else {
            seen.insert(id, &entry.loc);
        }
    }
}

/// Every duplicate id within one pack.
pub(crate) fn duplicates(raw: &RawPack) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_duplicates("principle", &raw.principles, &mut out);
    check_duplicates("role", &raw.roles, &mut out);
    check_duplicates("stage", &raw.stages, &mut out);
    check_duplicates("format", &raw.formats, &mut out);
    check_duplicates("competency", &raw.competencies, &mut out);
    check_duplicates("question", &raw.questions, &mut out);
    check_duplicates("prompt", &raw.prompts, &mut out);
    check_duplicates("example", &raw.examples, &mut out);
    check_duplicates("ask", &raw.ask, &mut out);
    check_duplicates("probe", &raw.probes, &mut out);
    check_duplicates("writing_prompt", &raw.writing_prompts, &mut out);
    out
}

/// What an overlay did to its base.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Entries added, by kind.
    pub added: BTreeMap<&'static str, usize>,
    /// Entries that replaced a base entry with the same id, by kind.
    pub replaced: BTreeMap<&'static str, usize>,
}

fn merge_list<T: Keyed + Clone>(
    kind: &'static str,
    base: &mut Vec<Located<T>>,
    overlay: &[Located<T>],
    report: &mut MergeReport,
) {
    let index: HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, e)| (e.item.key().to_string(), i))
        .collect();
    for entry in overlay {
        match index.get(entry.item.key()) {
            Some(&i) => {
                base[i] = entry.clone();
                *report.replaced.entry(kind).or_default() += 1;
            }
            None => {
                base.push(entry.clone());
                *report.added.entry(kind).or_default() += 1;
            }
        }
    }
}

/// Applies `overlay` on top of `base`: same id replaces, new id is added.
pub(crate) fn merge(base: &mut RawPack, overlay: &RawPack) -> MergeReport {
    let mut r = MergeReport::default();
    merge_list(
        "principle",
        &mut base.principles,
        &overlay.principles,
        &mut r,
    );
    merge_list("role", &mut base.roles, &overlay.roles, &mut r);
    merge_list("stage", &mut base.stages, &overlay.stages, &mut r);
    merge_list("format", &mut base.formats, &overlay.formats, &mut r);
    merge_list(
        "competency",
        &mut base.competencies,
        &overlay.competencies,
        &mut r,
    );
    merge_list("question", &mut base.questions, &overlay.questions, &mut r);
    merge_list("prompt", &mut base.prompts, &overlay.prompts, &mut r);
    merge_list("example", &mut base.examples, &overlay.examples, &mut r);
    merge_list("ask", &mut base.ask, &overlay.ask, &mut r);
    merge_list("probe", &mut base.probes, &overlay.probes, &mut r);
    merge_list(
        "writing_prompt",
        &mut base.writing_prompts,
        &overlay.writing_prompts,
        &mut r,
    );
    base.narratives.extend(overlay.narratives.iter().cloned());
    crate::parse::add_phrases(&mut base.deflections, &overlay.deflections);
    base.lexicon.extend(&overlay.lexicon);
    for model in &overlay.models {
        match base.models.iter_mut().find(|m| m.name == model.name) {
            Some(old) => {
                *old = model.clone();
                *r.replaced.entry("model").or_default() += 1;
            }
            None => {
                base.models.push(model.clone());
                *r.added.entry("model").or_default() += 1;
            }
        }
    }
    r
}

/// Collects diagnostics for one entry.
struct Check<'a> {
    out: &'a mut Vec<Diagnostic>,
    loc: &'a Loc,
    /// `question`, `prompt`, ... or `pack` for the manifest.
    kind: &'a str,
    /// The entry's id; `None` for the manifest.
    id: Option<&'a str>,
}

impl Check<'_> {
    fn err(&mut self, field: &str, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file: self.loc.file.to_string(),
            line: self.loc.line_of(field),
            field: match self.id {
                Some(id) => format!("{}[{id}].{field}", self.kind),
                None => format!("{}.{field}", self.kind),
            },
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(field, "must not be empty");
        }
    }

    fn list(&mut self, field: &str, values: &[String], min: usize, max: Option<usize>) {
        for (i, v) in values.iter().enumerate() {
            if v.trim().is_empty() {
                self.err(&format!("{field}[{i}]"), "must not be empty");
            }
        }
        let n = values.len();
        let bad = n < min || max.is_some_and(|m| n > m);
        if bad {
            let want = match max {
                Some(m) if m == min => format!("exactly {min}"),
                Some(m) => format!("{min} to {m}"),
                None => format!("at least {min}"),
            };
            self.err(field, format!("has {n} item{}, needs {want}", plural(n)));
        }
    }

    fn refs(&mut self, field: &str, values: &[String], known: &Known, what: &str) {
        for (i, v) in values.iter().enumerate() {
            self.reference(&format!("{field}[{i}]"), v, known, what);
        }
        let mut seen = HashSet::new();
        for (i, v) in values.iter().enumerate() {
            if !seen.insert(v) {
                self.err(&format!("{field}[{i}]"), format!("`{v}` is listed twice"));
            }
        }
    }

    fn reference(&mut self, field: &str, value: &str, known: &Known, what: &str) {
        if !known.set.contains(value) {
            self.err(
                field,
                format!("unknown {what} id `{value}` (valid: {})", known.listing()),
            );
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The ids of one kind, for reference checks.
struct Known {
    order: Vec<String>,
    set: HashSet<String>,
}

impl Known {
    fn of<T: Keyed>(items: &[Located<T>]) -> Known {
        let order: Vec<String> = items.iter().map(|e| e.item.key().to_string()).collect();
        let set = order.iter().cloned().collect();
        Known { order, set }
    }
    fn from_ids(ids: Vec<String>) -> Known {
        let set = ids.iter().cloned().collect();
        Known { order: ids, set }
    }
    fn listing(&self) -> String {
        if self.order.is_empty() {
            "none defined".to_string()
        } else {
            self.order.join(", ")
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_ids<T: Keyed>(kind: &str, items: &[Located<T>], out: &mut Vec<Diagnostic>) {
    for e in items {
        let id = e.item.key();
        if !valid_id(id) {
            out.push(Diagnostic {
                file: e.loc.file.to_string(),
                line: e.loc.line_of("id"),
                field: format!("{kind}[{id}].id"),
                message: format!(
                    "`{id}` is not a valid id: use lowercase letters, digits and single hyphens (e.g. `dive-deep`)"
                ),
            });
        }
    }
}

fn check<'a, T: Keyed>(
    kind: &'a str,
    e: &'a Located<T>,
    out: &'a mut Vec<Diagnostic>,
) -> Check<'a> {
    Check {
        out,
        loc: &e.loc,
        kind,
        id: Some(e.item.key()),
    }
}

/// Validates a merged pack. All problems are reported at once; a pack with any problem is not returned.
pub(crate) fn validate(raw: RawPack, overlays: Vec<String>) -> Result<Pack, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let Some(manifest) = raw.manifest.clone() else {
        return Err(vec![Diagnostic {
            file: format!("{}/pack.toml", raw.origin),
            line: 1,
            field: "(file)".to_string(),
            message: "missing manifest: every pack needs a pack.toml with at least `id` and `name`"
                .to_string(),
        }]);
    };

    check_ids("principle", &raw.principles, &mut out);
    check_ids("role", &raw.roles, &mut out);
    check_ids("stage", &raw.stages, &mut out);
    check_ids("format", &raw.formats, &mut out);
    check_ids("competency", &raw.competencies, &mut out);
    check_ids("question", &raw.questions, &mut out);
    check_ids("prompt", &raw.prompts, &mut out);
    check_ids("example", &raw.examples, &mut out);
    check_ids("ask", &raw.ask, &mut out);
    check_ids("probe", &raw.probes, &mut out);
    check_ids("writing_prompt", &raw.writing_prompts, &mut out);

    let principles = Known::of(&raw.principles);
    let roles = Known::of(&raw.roles);
    let stages = Known::of(&raw.stages);
    let competencies = Known::of(&raw.competencies);
    let objectives = Known::from_ids(
        raw.competencies
            .iter()
            .find(|c| c.item.id == "system-design")
            .map(|c| c.item.objectives.iter().map(|o| o.id.clone()).collect())
            .unwrap_or_default(),
    );
    let formats = Known::of(&raw.formats);

    // Manifest.
    {
        let m = &manifest.item;
        let mut c = Check {
            out: &mut out,
            loc: &manifest.loc,
            kind: "pack",
            id: None,
        };
        if !valid_id(&m.id) {
            c.err("id", format!("`{}` is not a valid pack id", m.id));
        }
        c.text("name", &m.name);
        c.text("description", &m.description);
        if m.default_format.trim().is_empty() {
            c.err("default_format", "must name one of the pack's formats");
        } else {
            c.reference("default_format", &m.default_format, &formats, "format");
        }
    }

    for e in &raw.principles {
        let p = &e.item;
        let mut c = check("principle", e, &mut out);
        c.text("name", &p.name);
        c.text("summary", &p.summary);
        let words = p.summary.split_whitespace().count();
        if words > 40 {
            c.err("summary", format!("has {words} words; at most 40"));
        }
        c.list("probes", &p.probes, 3, Some(5));
        c.list("strong_signals", &p.strong_signals, 2, None);
        c.list("pitfalls", &p.pitfalls, 2, Some(3));
        c.list("cues", &p.cues, 0, None);
    }

    for e in &raw.roles {
        let mut c = check("role", e, &mut out);
        c.text("name", &e.item.name);
        c.text("description", &e.item.description);
    }

    let mut orders: HashMap<u32, &str> = HashMap::new();
    for e in &raw.stages {
        let s = &e.item;
        let mut c = check("stage", e, &mut out);
        c.text("name", &s.name);
        c.text("duration", &s.duration);
        c.list("assesses", &s.assesses, 1, None);
        c.refs("interviewers", &s.interviewers, &roles, "role");
        if let Some(other) = orders.insert(s.order, &s.id) {
            c.err(
                "order",
                format!("order {} is also used by stage `{other}`", s.order),
            );
        }
    }

    for e in &raw.formats {
        let f = &e.item;
        let mut c = check("format", e, &mut out);
        c.text("name", &f.name);
        c.text("summary", &f.summary);
        if f.interviews.is_empty() {
            c.err(
                "interview",
                "a format needs at least one [[format.interview]]",
            );
        }
        let mut ids = HashSet::new();
        for (i, iv) in f.interviews.iter().enumerate() {
            let at = |field: &str| format!("interview[{i}].{field}");
            if !valid_id(&iv.id) {
                c.err(&at("id"), format!("`{}` is not a valid id", iv.id));
            }
            if !ids.insert(iv.id.as_str()) {
                c.err(
                    &at("id"),
                    format!("interview id `{}` is used twice in this format", iv.id),
                );
            }
            c.reference(&at("stage"), &iv.stage, &stages, "stage");
            c.reference(&at("role"), &iv.role, &roles, "role");
            c.text(&at("title"), &iv.title);
            c.text(&at("focus"), &iv.focus);
            if iv.minutes == 0 || iv.minutes > 480 {
                c.err(
                    &at("minutes"),
                    format!("{} minutes is not a real interview length", iv.minutes),
                );
            }
            if iv.kinds.is_empty() {
                c.err(&at("kinds"), "name at least one question kind");
            }
            c.refs(&at("principles"), &iv.principles, &principles, "principle");
        }
    }

    for e in &raw.competencies {
        let k = &e.item;
        let mut c = check("competency", e, &mut out);
        c.text("name", &k.name);
        c.text("summary", &k.summary);
        c.list("judged_on", &k.judged_on, 2, None);
        let mut ids = HashSet::new();
        for (i, o) in k.objectives.iter().enumerate() {
            if !valid_id(&o.id) || !ids.insert(o.id.as_str()) {
                c.err(
                    &format!("objective[{i}].id"),
                    format!("`{}` is invalid or repeated", o.id),
                );
            }
            c.text(&format!("objective[{i}].name"), &o.name);
            c.text(&format!("objective[{i}].description"), &o.description);
        }
    }

    for e in &raw.questions {
        let q = &e.item;
        let mut c = check("question", e, &mut out);
        if !q.id.starts_with(q.kind.id_prefix()) {
            c.err(
                "id",
                format!(
                    "{} questions take ids starting with `{}`",
                    q.kind,
                    q.kind.id_prefix()
                ),
            );
        }
        c.text("text", &q.text);
        c.text("strong_answer", &q.strong_answer);
        if q.text.chars().count() > 1_000 {
            c.err(
                "text",
                "is over 1,000 characters; a question should be said in one breath",
            );
        }
        c.list("principles", &q.principles, 1, Some(3));
        c.refs("principles", &q.principles, &principles, "principle");
        c.reference("competency", &q.competency, &competencies, "competency");
        c.list("stages", &q.stages, 1, None);
        c.refs("stages", &q.stages, &stages, "stage");
        let min_follow = if q.kind.needs_follow_ups() { 2 } else { 0 };
        c.list("follow_ups", &q.follow_ups, min_follow, None);
    }

    for e in &raw.prompts {
        let p = &e.item;
        let mut c = check("prompt", e, &mut out);
        c.text("title", &p.title);
        c.text("prompt", &p.prompt);
        if p.minutes == 0 || p.minutes > 240 {
            c.err(
                "minutes",
                format!("{} minutes is not a real session length", p.minutes),
            );
        }
        c.list("scale", &p.scale, 2, None);
        c.list("clarifying", &p.clarifying, 4, None);
        c.list("components", &p.components, 3, None);
        c.list("trade_offs", &p.trade_offs, 3, None);
        c.list("deep_dives", &p.deep_dives, 2, None);
        c.list("failure_modes", &p.failure_modes, 2, None);
        c.list("monitoring", &p.monitoring, 2, None);
        c.refs(
            "objectives",
            &p.objectives,
            &objectives,
            "system-design objective",
        );
    }

    for e in &raw.examples {
        let x = &e.item;
        let mut c = check("example", e, &mut out);
        c.text("anti_pattern", &x.anti_pattern);
        c.text("question", &x.question);
        c.text("weak", &x.weak);
        c.text("strong", &x.strong);
        c.text("what_changed", &x.what_changed);
        c.list("signals", &x.signals, 1, None);
        c.list("principles", &x.principles, 0, Some(3));
        c.refs("principles", &x.principles, &principles, "principle");
    }

    for e in &raw.ask {
        let mut c = check("ask", e, &mut out);
        c.reference("role", &e.item.role, &roles, "role");
        c.text("text", &e.item.text);
        c.text("why", &e.item.why);
    }

    for e in &raw.probes {
        let mut c = check("probe", e, &mut out);
        c.text("text", &e.item.text);
        if !PROBE_GAPS.contains(&e.item.gap.as_str()) {
            c.err(
                "gap",
                format!(
                    "unknown gap `{}` (valid: {})",
                    e.item.gap,
                    PROBE_GAPS.join(", ")
                ),
            );
        }
        let placeholder = e.item.text.replace("{principle}", "");
        if placeholder.contains(['{', '}']) {
            c.err(
                "text",
                "the only placeholder a probe may hold is `{principle}`",
            );
        } else if placeholder != e.item.text && e.item.gap != "repeated" {
            c.err(
                "text",
                "only a `repeated` probe may say `{principle}` (no other knows which principle)",
            );
        }
    }

    // Models: a principle model's classes are the pack's principle ids.
    for m in &raw.models {
        if m.target != Target::Principle {
            continue;
        }
        for c in &m.classes {
            if !principles.set.contains(c) {
                out.push(Diagnostic {
                    file: m.file.clone(),
                    line: m.classes_line,
                    field: "classes".to_string(),
                    message: format!("unknown principle `{c}` (known: {})", principles.listing()),
                });
            }
        }
    }

    for e in &raw.writing_prompts {
        check_writing_prompt(e, &principles, &mut out);
    }
    let narrative = narrative(&raw.narratives, &mut out);

    check_minimums(&raw, &manifest, &mut out);

    if !out.is_empty() {
        sort(&mut out);
        return Err(out);
    }
    let mut stages: Vec<Stage> = raw.stages.into_iter().map(|e| e.item).collect();
    stages.sort_by_key(|s| s.order);
    Ok(Pack {
        manifest: manifest.item,
        overlays,
        principles: items(raw.principles),
        roles: items(raw.roles),
        stages,
        formats: items(raw.formats),
        competencies: items(raw.competencies),
        questions: items(raw.questions),
        prompts: items(raw.prompts),
        examples: items(raw.examples),
        ask: items(raw.ask),
        probes: items(raw.probes),
        deflections: raw.deflections,
        lexicon: raw.lexicon,
        models: raw.models.into_iter().map(std::sync::Arc::new).collect(),
        writing_prompts: items(raw.writing_prompts),
        narrative,
    })
}

fn check_writing_prompt(e: &Located<WritingPrompt>, principles: &Known, out: &mut Vec<Diagnostic>) {
    let w = &e.item;
    let mut c = check("writing_prompt", e, out);
    if !w.id.starts_with(WRITING_ID_PREFIX) {
        c.err(
            "id",
            format!("writing prompts take ids starting with `{WRITING_ID_PREFIX}`"),
        );
    }
    c.text("title", &w.title);
    if w.title.chars().count() > 80 {
        c.err("title", "is over 80 characters; a title is a few words");
    }
    c.text("text", &w.text);
    if w.text.chars().count() > 1_000 {
        c.err(
            "text",
            "is over 1,000 characters; a prompt is one to three sentences",
        );
    }
    if !WRITING_KINDS.contains(&w.kind.as_str()) {
        c.err(
            "kind",
            format!(
                "unknown kind `{}` (valid: {})",
                w.kind,
                WRITING_KINDS.join(", ")
            ),
        );
    }
    c.list("principles", &w.principles, 1, Some(3));
    c.refs("principles", &w.principles, principles, "principle");
    c.list("asks", &w.asks, 1, None);
    for (i, ask) in w.asks.iter().enumerate() {
        if ask.chars().any(char::is_uppercase) {
            c.err(
                &format!("asks[{i}]"),
                format!("`{ask}` must be lowercase (the critic matches it on word stems)"),
            );
        }
    }
    c.text("guidance", &w.guidance);
    if !(10..=240).contains(&w.minutes) {
        c.err(
            "minutes",
            format!(
                "{} minutes is not a real writing session (10 to 240)",
                w.minutes
            ),
        );
    }
}

/// Checks every `[narrative]` table where it is written and merges them, in order, into one lexicon.
fn narrative(tables: &[Located<NarrativeLexicon>], out: &mut Vec<Diagnostic>) -> NarrativeLexicon {
    let mut merged = NarrativeLexicon::default();
    for e in tables {
        for (name, list) in e.item.lists() {
            for (i, phrase) in list.iter().enumerate() {
                let problem = if phrase.trim().is_empty() {
                    "must not be empty".to_string()
                } else if name == "acronyms"
                    && (phrase.split_whitespace().count() != 1
                        || !phrase.chars().any(char::is_uppercase))
                {
                    format!(
                        "`{phrase}` is not an acronym: one word, written with its capitals (`AWS`, `Q3`)"
                    )
                } else {
                    continue;
                };
                // The table sits in its file's root, so its field paths start with `narrative.`.
                let field = format!("narrative.{name}[{i}]");
                out.push(Diagnostic {
                    file: e.loc.file.to_string(),
                    line: e.loc.line_of(&field),
                    field,
                    message: problem,
                });
            }
        }
        merged.extend(&e.item);
    }
    merged
}

fn items<T>(v: Vec<Located<T>>) -> Vec<T> {
    v.into_iter().map(|e| e.item).collect()
}

fn check_minimums(raw: &RawPack, manifest: &Located<Manifest>, out: &mut Vec<Diagnostic>) {
    let m = manifest.item.minimums;
    let mut c = Check {
        out,
        loc: &manifest.loc,
        kind: "pack",
        id: None,
    };
    let count_kind = |k: Kind| raw.questions.iter().filter(|q| q.item.kind == k).count();
    let mut floor = |field: &str, what: &str, have: usize, need: usize| {
        if have < need {
            c.err(
                &format!("minimums.{field}"),
                format!("the pack has {have} {what}; at least {need} required"),
            );
        }
    };
    floor("questions", "questions", raw.questions.len(), m.questions);
    floor(
        "technical",
        "technical questions",
        count_kind(Kind::Technical),
        m.technical,
    );
    floor(
        "program_management",
        "program-management questions",
        count_kind(Kind::ProgramManagement),
        m.program_management,
    );
    floor(
        "prompts",
        "system-design prompts",
        raw.prompts.len(),
        m.prompts,
    );
    floor(
        "examples",
        "weak → strong examples",
        raw.examples.len(),
        m.examples,
    );
    floor("ask", "questions to ask", raw.ask.len(), m.ask);
    floor(
        "writing_prompts",
        "writing prompts",
        raw.writing_prompts.len(),
        m.writing_prompts,
    );
    for p in &raw.principles {
        let have = raw
            .questions
            .iter()
            .filter(|q| q.item.kind == Kind::Behavioural && q.item.principles.contains(&p.item.id))
            .count();
        floor(
            "behavioural_per_principle",
            &format!("behavioural questions for `{}`", p.item.id),
            have,
            m.behavioural_per_principle,
        );
    }
}

/// Orders diagnostics by file and line, so they read top to bottom.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
}
