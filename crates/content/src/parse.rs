//! TOML files → typed entries that remember where each of their fields is written.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::error::Diagnostic;
use crate::learned::{LinearModel, parse_model};
use crate::model::*;
use crate::source::PackSource;
use crate::writing::{NarrativeLexicon, WritingPrompt};

/// Where an entry is written. Field lines are worked out only when a diagnostic needs one: the file is
/// parsed again then and indexed once, so loading a valid pack pays nothing for locations.
#[derive(Debug, Clone)]
pub(crate) struct Loc {
    /// The file, as shown in messages.
    pub file: Arc<str>,
    src: Arc<FileIndex>,
    /// The top-level array holding the entry (`question`, ...), or `""` for a manifest.
    key: &'static str,
    index: usize,
}

/// A file's text and, once asked for, the line of every entry and field in it.
#[derive(Debug)]
struct FileIndex {
    text: Arc<str>,
    entries: OnceLock<HashMap<(String, usize), EntryLines>>,
}

#[derive(Debug, Default)]
struct EntryLines {
    line: usize,
    /// Line of each field path inside the entry, e.g. `principles[1]` or `interview[0].role`.
    fields: BTreeMap<String, usize>,
}

impl FileIndex {
    fn entries(&self) -> &HashMap<(String, usize), EntryLines> {
        self.entries.get_or_init(|| {
            let mut map = HashMap::new();
            let Ok(root) = DeTable::parse(&self.text) else {
                return map;
            };
            let lines = Lines::new(&self.text);
            map.insert((String::new(), 0), table_lines(&lines, root.get_ref(), 1));
            for (key, value) in root.get_ref().iter() {
                if let DeValue::Array(items) = value.get_ref() {
                    for (i, item) in items.iter().enumerate() {
                        let line = lines.line(item.span().start);
                        let entry = match item.get_ref() {
                            DeValue::Table(t) => table_lines(&lines, t, line),
                            _ => EntryLines {
                                line,
                                fields: BTreeMap::new(),
                            },
                        };
                        map.insert((key.get_ref().to_string(), i), entry);
                    }
                }
            }
            map
        })
    }
}

impl Loc {
    /// Line of `path`, falling back to its parents and then to the entry.
    pub fn line_of(&self, path: &str) -> usize {
        let entries = self.src.entries();
        let Some(entry) = entries.get(&(self.key.to_string(), self.index)) else {
            return 1;
        };
        let mut p = path;
        loop {
            if let Some(line) = entry.fields.get(p) {
                return *line;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return entry.line,
            }
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Located<T> {
    pub item: T,
    pub loc: Loc,
}

/// One pack's entries, parsed but not yet merged or validated.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawPack {
    pub origin: String,
    pub manifest: Option<Located<Manifest>>,
    pub principles: Vec<Located<Principle>>,
    pub roles: Vec<Located<Role>>,
    pub stages: Vec<Located<Stage>>,
    pub formats: Vec<Located<Format>>,
    pub competencies: Vec<Located<Competency>>,
    pub questions: Vec<Located<Question>>,
    pub prompts: Vec<Located<Prompt>>,
    pub examples: Vec<Located<Example>>,
    pub ask: Vec<Located<Ask>>,
    pub probes: Vec<Located<Probe>>,
    pub deflections: Vec<String>,
    pub lexicon: Lexicon,
    pub models: Vec<LinearModel>,
    pub writing_prompts: Vec<Located<WritingPrompt>>,
    /// Each file's `[narrative]` table, in the order read; merged into one lexicon by validation.
    pub narratives: Vec<Located<NarrativeLexicon>>,
}

/// The top-level arrays a content file may hold.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    principle: Vec<Principle>,
    #[serde(default)]
    role: Vec<Role>,
    #[serde(default)]
    stage: Vec<Stage>,
    #[serde(default)]
    format: Vec<Format>,
    #[serde(default)]
    competency: Vec<Competency>,
    #[serde(default)]
    question: Vec<Question>,
    #[serde(default)]
    prompt: Vec<Prompt>,
    #[serde(default)]
    example: Vec<Example>,
    #[serde(default)]
    ask: Vec<Ask>,
    #[serde(default)]
    probe: Vec<Probe>,
    #[serde(default)]
    deflections: Vec<String>,
    #[serde(default)]
    lexicon: Option<Lexicon>,
    #[serde(default)]
    writing_prompt: Vec<WritingPrompt>,
    #[serde(default)]
    narrative: Option<NarrativeLexicon>,
}

/// Maps byte offsets to 1-based lines.
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    pub fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Parses every file of a pack. Collects all problems; returns them all or a complete `RawPack`.
pub(crate) fn parse_pack(source: &PackSource) -> Result<RawPack, Vec<Diagnostic>> {
    let mut raw = RawPack {
        origin: source.origin.clone(),
        ..RawPack::default()
    };
    let mut problems = Vec::new();
    for file in &source.files {
        let name: Arc<str> = Arc::from(file.display.as_str());
        let src = Arc::new(FileIndex {
            text: Arc::from(file.text.as_str()),
            entries: OnceLock::new(),
        });
        if let Some(stem) = file.rel.strip_suffix(".model") {
            let name = stem.rsplit('/').next().unwrap_or(stem);
            match parse_model(name, &file.display, &file.text) {
                Ok(model) => raw.models.push(model),
                Err(mut d) => problems.append(&mut d),
            }
            continue;
        }
        let lines = Lines::new(&file.text);
        let root = match DeTable::parse(&file.text) {
            Ok(root) => root,
            Err(e) => {
                problems.push(Diagnostic {
                    file: file.display.clone(),
                    line: e.span().map_or(1, |s| lines.line(s.start)),
                    field: "(syntax)".to_string(),
                    message: first_line(e.message()),
                });
                continue;
            }
        };
        if file.rel == "pack.toml" {
            match deserialize::<Manifest>(&root) {
                Ok(m) => {
                    raw.manifest = Some(Located {
                        item: m,
                        loc: Loc {
                            file: name.clone(),
                            src: src.clone(),
                            key: "",
                            index: 0,
                        },
                    });
                }
                Err(e) => problems.push(serde_diagnostic(&file.display, &lines, &root, &e)),
            }
            continue;
        }
        let body = match deserialize::<Body>(&root) {
            Ok(b) => b,
            Err(e) => {
                problems.push(serde_diagnostic(&file.display, &lines, &root, &e));
                continue;
            }
        };
        let locs = |key: &'static str| Locs {
            file: name.clone(),
            src: src.clone(),
            key,
        };
        raw.principles
            .extend(zip(body.principle, locs("principle")));
        raw.roles.extend(zip(body.role, locs("role")));
        raw.stages.extend(zip(body.stage, locs("stage")));
        raw.formats.extend(zip(body.format, locs("format")));
        raw.competencies
            .extend(zip(body.competency, locs("competency")));
        raw.questions.extend(zip(body.question, locs("question")));
        raw.prompts.extend(zip(body.prompt, locs("prompt")));
        raw.examples.extend(zip(body.example, locs("example")));
        raw.ask.extend(zip(body.ask, locs("ask")));
        raw.probes.extend(zip(body.probe, locs("probe")));
        add_phrases(&mut raw.deflections, &body.deflections);
        if let Some(lexicon) = &body.lexicon {
            raw.lexicon.extend(lexicon);
        }
        raw.writing_prompts
            .extend(zip(body.writing_prompt, locs("writing_prompt")));
        // The root table's own lines are indexed under key "", so `narrative.weasel[2]` finds its line.
        raw.narratives
            .extend(zip(body.narrative.into_iter().collect(), locs("")));
    }
    if problems.is_empty() {
        Ok(raw)
    } else {
        Err(problems)
    }
}

/// Adds phrases to a list as the matcher reads them: lowercase, single spaces, no empty or repeated
/// phrase.
pub(crate) fn add_phrases(list: &mut Vec<String>, add: &[String]) {
    for phrase in add {
        let p = phrase
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !p.is_empty() && !list.contains(&p) {
            list.push(p);
        }
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn deserialize<T: DeserializeOwned>(
    root: &toml::Spanned<DeTable<'_>>,
) -> Result<T, toml::de::Error> {
    T::deserialize(toml::de::Deserializer::from(root.clone()))
}

/// Makes the `Loc` of each entry of one top-level array.
struct Locs {
    file: Arc<str>,
    src: Arc<FileIndex>,
    key: &'static str,
}

fn zip<T>(items: Vec<T>, locs: Locs) -> impl Iterator<Item = Located<T>> {
    items
        .into_iter()
        .enumerate()
        .map(move |(index, item)| Located {
            item,
            loc: Loc {
                file: locs.file.clone(),
                src: locs.src.clone(),
                key: locs.key,
                index,
            },
        })
}

fn table_lines(lines: &Lines, table: &DeTable<'_>, default_line: usize) -> EntryLines {
    let mut fields = BTreeMap::new();
    index_table(lines, table, "", &mut fields);
    // An array-of-tables element's span may start at its first key; take the earliest line seen.
    let line = fields
        .values()
        .min()
        .copied()
        .map_or(default_line, |f| f.min(default_line));
    EntryLines { line, fields }
}

fn index_table(
    lines: &Lines,
    table: &DeTable<'_>,
    prefix: &str,
    out: &mut BTreeMap<String, usize>,
) {
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        out.insert(path.clone(), lines.line(key.span().start));
        index_value(lines, value, &path, out);
    }
}

fn index_value(
    lines: &Lines,
    value: &toml::Spanned<DeValue<'_>>,
    path: &str,
    out: &mut BTreeMap<String, usize>,
) {
    match value.get_ref() {
        DeValue::Table(t) => index_table(lines, t, path, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                out.insert(p.clone(), lines.line(item.span().start));
                index_value(lines, item, &p, out);
            }
        }
        _ => {}
    }
}

/// Turns a serde error into a diagnostic naming the field at the error's position.
fn serde_diagnostic(
    file: &str,
    lines: &Lines,
    root: &toml::Spanned<DeTable<'_>>,
    err: &toml::de::Error,
) -> Diagnostic {
    let message = first_line(err.message());
    let (mut field, line) = match err.span() {
        Some(span) => {
            let mut path = Vec::new();
            path_at(root.get_ref(), span.start, &mut path);
            if path.is_empty() {
                path_before(root.get_ref(), span.start, &mut path);
            }
            (path.join(""), lines.line(span.start))
        }
        None => (String::new(), 1),
    };
    if let Some(missing) = backticked_after(&message, "missing field ") {
        if !field.is_empty() {
            field.push('.');
        }
        field.push_str(&missing);
    }
    if field.is_empty() {
        field = "(top level)".to_string();
    }
    Diagnostic {
        file: file.to_string(),
        line,
        field,
        message,
    }
}

fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    let rest = rest.strip_prefix('`')?;
    Some(rest.split('`').next()?.to_string())
}

/// Records the deepest key path at `offset`. Spans of array-of-tables elements need not cover their
/// keys, so every node is searched rather than only those whose span contains the offset.
fn path_at(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    for (key, value) in table.iter() {
        let mark = path.len();
        if !path.is_empty() {
            path.push(".".to_string());
        }
        path.push(key.get_ref().to_string());
        if value_path_at(value, offset, path) || key.span().contains(&offset) {
            return true;
        }
        path.truncate(mark);
    }
    false
}

fn value_path_at(
    value: &toml::Spanned<DeValue<'_>>,
    offset: usize,
    path: &mut Vec<String>,
) -> bool {
    match value.get_ref() {
        DeValue::Table(t) => path_at(t, offset, path) || value.span().contains(&offset),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mark = path.len();
                path.push(format!("[{i}]"));
                if value_path_at(item, offset, path) {
                    return true;
                }
                path.truncate(mark);
            }
            value.span().contains(&offset)
        }
        _ => value.span().contains(&offset),
    }
}

/// For errors that point at a table as a whole (e.g. a missing field): the last array-of-tables element
/// that starts at or before `offset`.
fn path_before(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) {
    let mut best: Option<(usize, String)> = None;
    for (key, value) in table.iter() {
        if let DeValue::Array(items) = value.get_ref() {
            for (i, item) in items.iter().enumerate() {
                let start = item.span().start;
                if start <= offset && best.as_ref().is_none_or(|(b, _)| start >= *b) {
                    best = Some((start, format!("{}[{i}]", key.get_ref())));
                }
            }
        }
    }
    if let Some((_, p)) = best {
        path.push(p);
    }
}
