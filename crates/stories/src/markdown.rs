//! The Markdown story format: TOML front matter for the structured facts between `+++` lines, then
//! `## Situation`, `## Task`, `## Action`, `## Result` sections.
//!
//! Inside a section, a line that would read as a heading (`## ...`) or that starts with `\` is written
//! with a leading `\`, which parsing removes; so any text round-trips exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::lines::LineIndex;
use crate::model::*;

const FENCE: &str = "+++";
const SECTIONS: [&str; 4] = ["Situation", "Task", "Action", "Result"];

/// The front matter: every field but the four STAR sections.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    /// The story's stable id, written by `story export` so a re-import recognises the story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uid: Option<String>,
    /// The revision the file was written from (by `story show --markdown` and `story export`), so
    /// `story edit --from` and `story import` merge with what was saved since instead of undoing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    revision: Option<i64>,
    title: String,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    principles: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    role: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    teams: Vec<String>,
    #[serde(default)]
    trade_off: String,
    #[serde(default)]
    dissent: String,
    #[serde(default)]
    differently: String,
    #[serde(default)]
    artifacts: Vec<Artifact>,
    #[serde(default)]
    partners: Vec<Partner>,
    #[serde(default)]
    metrics: Vec<Metric>,
}

/// Renders a story as Markdown.
pub fn render(story: &StoryContent) -> String {
    render_with_uid(story, None)
}

/// Renders a story as Markdown with its stable id in the front matter (`uid = "..."`), as an export
/// writes it: importing the file again then recognises the story instead of copying it.
pub fn render_with_uid(story: &StoryContent, uid: Option<&str>) -> String {
    render_from(story, uid, None)
}

/// Renders a story as Markdown with its stable id and the revision it was written from in the
/// front matter (`uid = "..."`, `revision = 5`), as `story show --markdown` and `story export` write
/// it: an edit or import of the file later merges with whatever was saved since that revision.
pub fn render_from(story: &StoryContent, uid: Option<&str>, revision: Option<i64>) -> String {
    let fm = FrontMatter {
        uid: uid.map(str::to_string),
        revision,
        title: story.title.clone(),
        status: story.status,
        principles: story.principles.clone(),
        tags: story.tags.clone(),
        role: story.role.clone(),
        period: story.period.clone(),
        teams: story.teams.clone(),
        trade_off: story.trade_off.clone(),
        dissent: story.dissent.clone(),
        differently: story.differently.clone(),
        artifacts: story.artifacts.clone(),
        partners: story.partners.clone(),
        metrics: story.metrics.clone(),
    };
    // A multi-line string may hold a `+++` line; `parse` takes the first fence at which the front
    // matter is valid TOML, so that cannot end the front matter early.
    let toml =
        toml::to_string(&fm).unwrap_or_else(|e| format!("# cannot render front matter: {e}\n"));
    let mut out = format!("{FENCE}\n{toml}{FENCE}\n");
    for (name, text) in story.sections() {
        out.push_str("\n## ");
        out.push_str(name);
        out.push('\n');
        if !text.is_empty() {
            out.push('\n');
        }
        for line in text.lines() {
            if is_heading(line) || line.starts_with('\\') {
                out.push('\\');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The editor template for a new story: guidance as TOML comments, which parsing ignores.
pub fn template(principle_ids: &[&str]) -> String {
    format!(
        "{FENCE}
# Fill in what you can; only the title is required. Save and close the editor to keep the story.
# Principles this story evidences (at most three make it believable): {}
title = \"\"
status = \"draft\"            # draft, ready or retired
principles = []
tags = []
role = \"\"                   # your role at the time
period = \"\"                 # e.g. \"2023 Q2-Q4\"
teams = []                  # teams and orgs you aligned, e.g. [\"Payments\", \"Fraud\", \"Mobile app\"]
trade_off = \"\"              # what you chose, and what you gave up
dissent = \"\"                # who disagreed, and how you handled it
differently = \"\"            # what you would do differently
artifacts = []              # post-mortem, rollback-plan, hand-off, runbook, design-doc
# partners: one [[partners]] table each
# [[partners]]
# name = \"Priya\"
# role = \"engineering manager, checkout\"
# metrics: one [[metrics]] table each; before/after when you know them
# [[metrics]]
# value = 40
# unit = \"%\"
# measures = \"checkout p99 latency reduction\"
# before = 820
# after = 490
{FENCE}

## Situation

## Task

## Action

## Result
",
        principle_ids.join(", ")
    )
}

fn is_heading(line: &str) -> bool {
    line.starts_with("## ") || line == "##"
}

/// Where each field of a parsed story is written (1-based lines), for error messages.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    pub(crate) lines: BTreeMap<String, usize>,
}

impl Locations {
    /// Line of `field` (e.g. `principles[1]`), falling back to its parent, then to line 1.
    pub fn line_of(&self, field: &str) -> usize {
        let mut f = field;
        loop {
            if let Some(l) = self.lines.get(f) {
                return *l;
            }
            match f.rfind(['.', '[']) {
                Some(i) => f = &f[..i],
                None => return 1,
            }
        }
    }
}

impl Locations {
    /// Re-keys `name[j]...` entries so that `j` counts only the items normalisation keeps. Linear in
    /// the number of entries (a list of 80,000 items must not take minutes).
    fn remap(&mut self, name: &str, kept: &[usize]) {
        let prefix = format!("{name}[");
        let keys: Vec<String> = self
            .lines
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        // raw index -> [(rest of the key after `]`, line)]
        let mut by_raw: std::collections::HashMap<usize, Vec<(String, usize)>> =
            std::collections::HashMap::new();
        for k in keys {
            let Some(line) = self.lines.remove(&k) else {
                continue;
            };
            let inner = &k[prefix.len()..];
            let Some(close) = inner.find(']') else {
                continue;
            };
            if let Ok(raw) = inner[..close].parse::<usize>() {
                by_raw
                    .entry(raw)
                    .or_default()
                    .push((inner[close + 1..].to_string(), line));
            }
        }
        for (j, raw) in kept.iter().enumerate() {
            for (rest, line) in by_raw.remove(raw).unwrap_or_default() {
                self.lines.insert(format!("{name}[{j}]{rest}"), line);
            }
        }
    }
}

/// Raw positions of the list items that normalisation keeps (non-blank, first of repeats).
fn kept_items(items: &[String]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            let n = normalize_line(v);
            !n.is_empty() && seen.insert(n)
        })
        .map(|(i, _)| i)
        .collect()
}

fn kept_partners(partners: &[Partner]) -> Vec<usize> {
    partners
        .iter()
        .enumerate()
        .filter(|(_, p)| !normalize_line(&p.name).is_empty() || !normalize_line(&p.role).is_empty())
        .map(|(i, _)| i)
        .collect()
}

/// Parses a Markdown story. The result is normalised. Problems name the line and field.
pub fn parse(text: &str) -> Result<(StoryContent, Locations), Vec<Problem>> {
    parse_with_uid(text).map(|(story, _, locs)| (story, locs))
}

/// Parses a Markdown story and the stable id its front matter may hold (`uid`, written by export).
pub fn parse_with_uid(
    text: &str,
) -> Result<(StoryContent, Option<String>, Locations), Vec<Problem>> {
    parse_recorded(text).map(|(story, rec, locs)| (story, rec.uid, locs))
}

/// What a file records of where it came from: the story's stable id and the revision it was
/// written from (both absent from a hand-written file or one written by an older version).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The story's stable id (`uid`).
    pub uid: Option<String>,
    /// The revision the file was written from (`revision`).
    pub revision: Option<i64>,
}

/// Parses a Markdown story with what its front matter records of its origin ([`Recorded`]).
pub fn parse_recorded(text: &str) -> Result<(StoryContent, Recorded, Locations), Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut locs = Locations::default();
    let problem = |line: usize, field: &str, message: String| Problem {
        line,
        field: field.to_string(),
        message,
    };

    let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Err(vec![problem(1, "(file)", "the file is empty".into())]);
    };
    if lines[open].trim_end() != FENCE {
        return Err(vec![problem(
            open + 1,
            "(front matter)",
            format!("a story starts with a `{FENCE}` line, then TOML front matter, then `{FENCE}`"),
        )]);
    }
    // The closing fence is the first `+++` line outside a TOML multi-line string (which may itself
    // hold a `+++` line). Found in one pass: trying a TOML parse at every `+++` line was quadratic.
    let Some(first_fence) = lines[open + 1..]
        .iter()
        .position(|l| l.trim_end() == FENCE)
        .map(|i| i + open + 1)
    else {
        return Err(vec![problem(
            open + 1,
            "(front matter)",
            format!("the front matter is not closed: add a `{FENCE}` line after it"),
        )]);
    };
    // With an unclosed multi-line string, the first fence's TOML error says what is wrong.
    let close = closing_fence(&lines, open + 1).unwrap_or(first_fence);
    let fm_first_line = open + 2; // 1-based line of the first front-matter line
    let fm_text = lines[open + 1..close].join("\n");
    let fm = match toml::from_str::<FrontMatter>(&fm_text) {
        Ok(fm) => fm,
        Err(e) => {
            let line = e.span().map_or(0, |s| {
                LineIndex::new(&fm_text).line(s.start.min(fm_text.len())) - 1
            });
            let mut field = e
                .span()
                .and_then(|s| key_at(&fm_text, s.start))
                .unwrap_or_else(|| "(front matter)".to_string());
            let message = e.message().lines().next().unwrap_or("").trim().to_string();
            if let Some(missing) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                field = missing.to_string();
            }
            return Err(vec![problem(fm_first_line + line, &field, message)]);
        }
    };
    let uid = fm.uid.clone();
    if let Some(u) = &uid {
        if let Err(message) = crate::check_uid(u) {
            let mut probe = Locations::default();
            index_front_matter(&fm_text, fm_first_line, &mut probe);
            return Err(vec![problem(probe.line_of("uid"), "uid", message)]);
        }
    }
    if let Some(Err(message)) = fm.revision.map(crate::check_revision) {
        let mut probe = Locations::default();
        index_front_matter(&fm_text, fm_first_line, &mut probe);
        return Err(vec![problem(
            probe.line_of("revision"),
            "revision",
            message,
        )]);
    }
    let recorded = Recorded {
        uid,
        revision: fm.revision,
    };
    index_front_matter(&fm_text, fm_first_line, &mut locs);

    let mut sections: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut current: Option<&str> = None;
    let mut problems = Vec::new();
    // The first `+++` line after the front matter, if any (a second story pasted below?).
    let mut second_story: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(close + 1) {
        let n = i + 1;
        if second_story.is_none() && line.trim_end() == FENCE {
            second_story = Some(n);
        }
        if is_heading(line) {
            let name = line.trim_start_matches('#').trim();
            match SECTIONS.iter().find(|s| s.eq_ignore_ascii_case(name)) {
                Some(s) => {
                    if sections.contains_key(s) {
                        // A `+++` line since the first one is most likely a second story pasted
                        // below the first: say so, as a Markdown file holds one story.
                        let message = match second_story {
                            Some(at) => format!(
                                "`## {s}` appears twice; a second story seems to start at line \
                                 {at}, but a Markdown file holds one story (import several as \
                                 separate files, or as one JSON export)"
                            ),
                            None => format!("`## {s}` appears twice"),
                        };
                        problems.push(problem(n, &s.to_lowercase(), message));
                    }
                    sections.insert(s, Vec::new());
                    locs.lines.insert(s.to_lowercase(), n);
                    current = Some(s);
                }
                None => problems.push(problem(
                    n,
                    "(section)",
                    format!(
                        "unknown section `{name}` (sections: Situation, Task, Action, Result; \
                         start the line with `\\` to keep it as text)"
                    ),
                )),
            }
            continue;
        }
        match current {
            Some(s) => {
                let unescaped = line.strip_prefix('\\').unwrap_or(line);
                if let Some(body) = sections.get_mut(s) {
                    body.push(unescaped);
                }
            }
            None if line.trim().is_empty() => {}
            None => problems.push(problem(
                n,
                "(section)",
                "text before the first section; put it under `## Situation`, `## Task`, `## Action` or `## Result`"
                    .into(),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Validation speaks of positions in the normalised lists (blank and repeated items dropped);
    // point those positions at the lines of the items that survived.
    for (name, kept) in [
        ("principles", kept_items(&fm.principles)),
        ("tags", kept_items(&fm.tags)),
        ("teams", kept_items(&fm.teams)),
        ("partners", kept_partners(&fm.partners)),
    ] {
        locs.remap(name, &kept);
    }
    let body = |name: &str| sections.get(name).map(|l| l.join("\n")).unwrap_or_default();
    let story = StoryContent {
        title: fm.title,
        status: fm.status,
        principles: fm.principles,
        tags: fm.tags,
        role: fm.role,
        period: fm.period,
        teams: fm.teams,
        partners: fm.partners,
        metrics: fm.metrics,
        trade_off: fm.trade_off,
        dissent: fm.dissent,
        differently: fm.differently,
        artifacts: fm.artifacts,
        situation: body("Situation"),
        task: body("Task"),
        action: body("Action"),
        result: body("Result"),
    }
    .normalized();
    Ok((story, recorded, locs))
}

/// The first `+++` line at or after `from` that is outside a TOML multi-line string (`"""` or
/// `'''`): strings, escapes and comments are followed character by character, in one pass.
fn closing_fence(lines: &[&str], from: usize) -> Option<usize> {
    #[derive(PartialEq, Clone, Copy)]
    enum In {
        Toml,
        Basic,   // """ ... """
        Literal, // ''' ... '''
    }
    let mut state = In::Toml;
    for (i, line) in lines.iter().enumerate().skip(from) {
        if state == In::Toml && line.trim_end() == FENCE {
            return Some(i);
        }
        let b = line.as_bytes();
        let mut j = 0;
        let starts =
            |j: usize, q: u8| b.len() >= j + 3 && b[j] == q && b[j + 1] == q && b[j + 2] == q;
        // Skips a run of `q` (a closing delimiter may carry one or two quotes of content).
        let run_end = |mut j: usize, q: u8| {
            while j < b.len() && b[j] == q {
                j += 1;
            }
            j
        };
        while j < b.len() {
            match state {
                In::Toml => match b[j] {
                    b'#' => break,
                    b'"' if starts(j, b'"') => {
                        state = In::Basic;
                        j += 3;
                    }
                    b'\'' if starts(j, b'\'') => {
                        state = In::Literal;
                        j += 3;
                    }
                    b'"' => {
                        j += 1;
                        while j < b.len() && b[j] != b'"' {
                            j += if b[j] == b'\\' { 2 } else { 1 };
                        }
                        j += 1;
                    }
                    b'\'' => {
                        j += 1;
                        while j < b.len() && b[j] != b'\'' {
                            j += 1;
                        }
                        j += 1;
                    }
                    _ => j += 1,
                },
                In::Basic => match b[j] {
                    b'\\' => j += 2,
                    b'"' if starts(j, b'"') => {
                        state = In::Toml;
                        j = run_end(j, b'"');
                    }
                    _ => j += 1,
                },
                In::Literal => {
                    if starts(j, b'\'') {
                        state = In::Toml;
                        j = run_end(j, b'\'');
                    } else {
                        j += 1;
                    }
                }
            }
        }
    }
    None
}

/// The top-level key on the line holding byte `offset` of the front matter, if any.
fn key_at(fm: &str, offset: usize) -> Option<String> {
    let start = fm[..offset.min(fm.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = fm[start..].lines().next()?;
    let key = line.split('=').next()?.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| key.to_string())
}

/// Records the line of each top-level key, each list item and each `[[metrics]]`/`[[partners]]` table.
fn index_front_matter(fm: &str, first_line: usize, locs: &mut Locations) {
    let Ok(root) = toml::de::DeTable::parse(fm) else {
        return;
    };
    let index = LineIndex::new(fm);
    let line_of = |offset: usize| first_line - 1 + index.line(offset.min(fm.len()));
    for (key, value) in root.get_ref().iter() {
        let k = key.get_ref().to_string();
        locs.lines.insert(k.clone(), line_of(key.span().start));
        if let toml::de::DeValue::Array(items) = value.get_ref() {
            for (i, item) in items.iter().enumerate() {
                let mut line = line_of(item.span().start);
                if let toml::de::DeValue::Table(t) = item.get_ref() {
                    for (sub, v) in t.iter() {
                        let l = line_of(sub.span().start);
                        line = line.min(l);
                        locs.lines.insert(
                            format!("{k}[{i}].{}", sub.get_ref()),
                            line_of(v.span().start),
                        );
                    }
                }
                locs.lines.insert(format!("{k}[{i}]"), line);
            }
        }
    }
}
