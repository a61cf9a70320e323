/*!
STAR stories: the model, its validation, the Markdown and JSON formats, revision diffs and the
principle coverage matrix. Pure code: no IO, no storage; the `store` crate persists what this crate
defines, and the binary reads and writes files.

Every story passes through [`StoryContent::normalize`] before it is saved, so export → import is an
exact round trip (property-tested in `tests/roundtrip.rs`).
*/
#![deny(missing_docs)]

mod coverage;
pub mod diff;
mod lines;
pub mod markdown;
pub mod merge;
mod model;
pub mod plain;
mod validate;

pub use coverage::{Coverage, CoverageRow, STRETCHED_AT, StoryTags, TARGET_READY, coverage};
pub use merge::{Conflict, Kept, KeptChange, Merge, Side, merge};
pub use model::*;
pub use validate::{FieldError, thousands, validate};

use serde::{Deserialize, Serialize};

/// A problem in a story file, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// Field path, or `(front matter)`, `(section)`, `(file)`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Why a file could not be read as stories. Names the file, line and field.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}: {field}: {message}")]
pub struct FileError {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Field path.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Most problems one import lists; the others are counted ("… and 63,950 more"), so a hostile file
/// cannot make a huge error message.
pub const MAX_REPORTED: usize = 50;

/// Why an import was refused: the first [`MAX_REPORTED`] problems, each naming file, line and field,
/// and how many more there were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileErrors {
    /// The problems listed, in file order.
    pub errors: Vec<FileError>,
    /// Problems found beyond the listed ones.
    pub more: usize,
}

impl FileErrors {
    /// Adds a problem (counted only, once [`MAX_REPORTED`] are listed).
    pub fn push(&mut self, e: FileError) {
        if self.errors.len() < MAX_REPORTED {
            self.errors.push(e);
        } else {
            self.more += 1;
        }
    }

    /// Whether one more problem would still be listed (so its line is worth finding).
    pub fn listing(&self) -> bool {
        self.errors.len() < MAX_REPORTED
    }

    /// Adds another file's problems.
    pub fn append(&mut self, other: FileErrors) {
        for e in other.errors {
            self.push(e);
        }
        self.more += other.more;
    }

    /// Every problem found, listed or not.
    pub fn total(&self) -> usize {
        self.errors.len() + self.more
    }
}

impl std::ops::Deref for FileErrors {
    type Target = [FileError];
    fn deref(&self) -> &[FileError] {
        &self.errors
    }
}

impl std::fmt::Display for FileErrors {
    /// One `file:line: field: message` line per problem, then `… and N more problems` if any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        if self.more > 0 {
            write!(
                f,
                "\n… and {} more problem{} (only the first {MAX_REPORTED} are listed)",
                self.more,
                if self.more == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for FileErrors {}

/// Checks a stable story id read from a file: 1 to 64 letters, digits, `-` or `_`.
pub fn check_uid(uid: &str) -> Result<(), String> {
    if uid.is_empty()
        || uid.len() > 64
        || !uid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "`{}` is not a story id (1 to 64 letters, digits, `-` or `_`, as `story export` \
             writes it); remove the line to import the story as new",
            uid.chars().take(70).collect::<String>()
        ));
    }
    Ok(())
}

/// Checks a recorded revision read from a file: 1 or more.
pub fn check_revision(rev: i64) -> Result<(), String> {
    if rev < 1 {
        return Err(format!(
            "`{rev}` is not a revision (revisions count from 1, as `story export` writes them); \
             remove the line if you do not know which revision the file was written from"
        ));
    }
    Ok(())
}

/// One story read from a file, with the stable id an export gives it (`uid`) and the revision it
/// was written from, if the file records them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadStory {
    /// The story's stable id in the bank it was exported from.
    pub uid: Option<String>,
    /// The revision the file was written from (Markdown `revision`, JSON `rev`): an import or edit
    /// merges the file with what was saved since then.
    pub revision: Option<i64>,
    /// The story, normalised and valid.
    pub content: StoryContent,
}

/// The file formats stories are read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One story per file, front matter + sections.
    Markdown,
    /// An export envelope, an array of stories, or one story.
    Json,
}

impl Format {
    /// The format a file name implies: `.json` is JSON, anything else Markdown.
    pub fn of_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Markdown
        }
    }

    /// The largest file of this format accepted, in bytes.
    pub fn max_bytes(self) -> usize {
        match self {
            Format::Markdown => MAX_FILE_BYTES,
            Format::Json => MAX_JSON_FILE_BYTES,
        }
    }
}

/// One story in a JSON export, with the store's metadata for reference.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportedStory {
    /// The story's stable id: an import recognises a story it already holds by it (and skips it, or
    /// saves the changed text merged with what was saved since `rev`) instead of copying it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Story id in the exporting database (ignored on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The revision exported: an import merges the story with what the bank saved since then
    /// (and `story edit --from` too), instead of undoing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<i64>,
    /// The story itself.
    pub content: StoryContent,
}

/// The JSON export envelope.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Export {
    /// Always `tpmprep.stories`.
    pub format: String,
    /// Format version, currently 1.
    pub version: u32,
    /// The stories.
    pub stories: Vec<ExportedStory>,
}

/// The `format` value of a JSON export.
pub const EXPORT_FORMAT: &str = "tpmprep.stories";

impl Export {
    /// Wraps stories in the envelope.
    pub fn new(stories: Vec<ExportedStory>) -> Export {
        Export {
            format: EXPORT_FORMAT.to_string(),
            version: 1,
            stories,
        }
    }
}

/// Reads every story in one file and validates each against `principle_ids`. All or nothing: any
/// problem in the file returns the problems (each with line and field) and no story.
pub fn read_file(
    file: &str,
    text: &str,
    principle_ids: &[&str],
) -> Result<Vec<StoryContent>, FileErrors> {
    read_stories(file, text, principle_ids, None)
        .map(|stories| stories.into_iter().map(|s| s.content).collect())
}

/// Reads every story in one file with its stable id, if the file gives one. A Markdown file is
/// either the `+++` format or plain STAR text (see [`plain`]), whose title is `title` when given.
/// Every step is linear in the size of the text, and at most [`MAX_REPORTED`] problems are listed.
pub fn read_stories(
    file: &str,
    text: &str,
    principle_ids: &[&str],
    title: Option<&str>,
) -> Result<Vec<ReadStory>, FileErrors> {
    let at = |line: usize, field: &str, message: String| FileError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let mut errors = FileErrors::default();
    let limit = Format::of_path(file).max_bytes();
    if text.len() > limit {
        errors.push(at(
            1,
            "(file)",
            format!(
                "the file is {} bytes; the limit is {} ({} MB)",
                validate::thousands(text.len()),
                validate::thousands(limit),
                limit / (1024 * 1024)
            ),
        ));
        return Err(errors);
    }
    match Format::of_path(file) {
        Format::Markdown => {
            let parsed = if plain::is_plain(text) {
                plain::parse(text, title)
                    .map(|(story, locs)| (story, markdown::Recorded::default(), locs))
            } else {
                markdown::parse_recorded(text)
            };
            let (story, recorded, locs) = match parsed {
                Ok(p) => p,
                Err(ps) => {
                    for p in ps {
                        errors.push(at(p.line, &p.field, p.message));
                    }
                    return Err(errors);
                }
            };
            for e in validate(&story, principle_ids) {
                errors.push(at(locs.line_of(&e.field), &e.field, e.message));
            }
            if errors.total() == 0 {
                Ok(vec![ReadStory {
                    uid: recorded.uid,
                    revision: recorded.revision,
                    content: story,
                }])
            } else {
                Err(errors)
            }
        }
        Format::Json => {
            let stories = parse_json(text).map_err(|e| {
                let mut errors = FileErrors::default();
                errors.push(at(e.line, &e.field, e.message));
                errors
            })?;
            // Lines are found only for the problems listed, each in its own story's text.
            let mut lines: Option<(lines::LineIndex, Vec<(usize, usize)>)> = None;
            for (i, story) in stories.iter().enumerate() {
                let mut problems: Vec<(String, String)> = validate(&story.content, principle_ids)
                    .into_iter()
                    .map(|e| (e.field, e.message))
                    .collect();
                if let Some(Err(message)) = story.uid.as_deref().map(check_uid) {
                    problems.push(("uid".into(), message));
                }
                if let Some(Err(message)) = story.revision.map(check_revision) {
                    problems.push(("rev".into(), message));
                }
                for (field, message) in problems {
                    let path = format!("stories[{i}].{field}");
                    if !errors.listing() {
                        errors.more += 1;
                        continue;
                    }
                    let (index, spans) = lines
                        .get_or_insert_with(|| (lines::LineIndex::new(text), story_spans(text)));
                    let span = spans.get(i).copied().unwrap_or((0, text.len()));
                    let line = index.line(json_offset(text, span, &story.content, &field));
                    errors.push(at(line, &path, message));
                }
            }
            if errors.total() == 0 {
                Ok(stories)
            } else {
                Err(errors)
            }
        }
    }
}

/// A problem in a JSON file: its line, the field (`stories[1].title`, or `(json)` when the text is
/// not JSON at all) and what is wrong.
struct JsonError {
    line: usize,
    field: String,
    message: String,
}

impl JsonError {
    fn syntax(e: &serde_json::Error) -> JsonError {
        JsonError {
            line: e.line().max(1),
            field: "(json)".into(),
            message: located(e),
        }
    }
}

/// serde_json's message with its " at line L column C" turned into " (column C)": the line is
/// already in front of every import error.
fn located(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) if e.line() > 0 => format!("{message} (column {})", e.column()),
        _ => text,
    }
}

/// The shape of a JSON import, told by its first byte and, for an object, by a `format` key.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    format: Option<serde::de::IgnoredAny>,
}

/// Whether JSON text is an array of stories (else an export envelope or one story).
fn is_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}

/// Parses JSON: an export envelope, an array of stories, or one story. The text is read straight
/// into the story types (not through a `Value`), so a value of the wrong type or an unknown field is
/// reported with the line it is on and its path, e.g. `stories[1].title`.
fn parse_json(text: &str) -> Result<Vec<ReadStory>, JsonError> {
    let array = is_array(text);
    let envelope = !array
        && serde_json::from_str::<Probe>(text)
            .map_err(|e| JsonError::syntax(&e))?
            .format
            .is_some();
    // Every shape's errors are named like the validation errors: `stories[i].field`.
    let stories: Vec<ReadStory> = if envelope {
        let export: Export = typed(text, |path| path.replacen(".content", "", 1))?;
        if export.format != EXPORT_FORMAT || export.version != 1 {
            return Err(JsonError {
                line: 1,
                field: "(json)".into(),
                message: format!(
                    "unsupported export `{}` version {} (expected `{EXPORT_FORMAT}` version 1)",
                    export.format, export.version
                ),
            });
        }
        export
            .stories
            .into_iter()
            .map(|s| ReadStory {
                uid: s.uid,
                revision: s.rev,
                content: s.content,
            })
            .collect()
    } else if array {
        typed::<Vec<StoryContent>>(text, |path| format!("stories{path}"))?
            .into_iter()
            .map(|content| ReadStory {
                content,
                ..ReadStory::default()
            })
            .collect()
    } else {
        vec![ReadStory {
            content: typed(text, |path| format!("stories[0].{path}"))?,
            ..ReadStory::default()
        }]
    };
    Ok(stories
        .into_iter()
        .map(|s| ReadStory {
            content: s.content.normalized(),
            ..s
        })
        .collect())
}

/// Deserializes `text` as a `T`; an error names the line and the path of the value at fault, as
/// `name` spells it (the path is `.` for the whole document).
fn typed<T: serde::de::DeserializeOwned>(
    text: &str,
    name: impl Fn(&str) -> String,
) -> Result<T, JsonError> {
    // Valid text, the common case, is read without tracking paths (a third of a large import's
    // parse); only a failure is read again to say where it went wrong.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        let field = if path == "." || inner.is_syntax() || inner.is_eof() {
            "(json)".to_string()
        } else {
            name(&path)
        };
        JsonError {
            line: inner.line().max(1),
            field,
            message: located(inner),
        }
    })?;
    // Anything but whitespace after the document is an error too.
    de.end().map_err(|e| JsonError::syntax(&e))?;
    Ok(value)
}

/// Byte spans of each story's object in valid JSON text (in one pass; serde_json keeps no spans,
/// but a borrowed `RawValue` is a slice of the text).
fn story_spans(text: &str) -> Vec<(usize, usize)> {
    use serde_json::value::RawValue;
    #[derive(Deserialize)]
    struct RawExport<'a> {
        #[serde(borrow)]
        stories: Vec<&'a RawValue>,
    }
    let span = |r: &RawValue| {
        let start = (r.get().as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        (start, (start + r.get().len()).min(text.len()))
    };
    if is_array(text) {
        serde_json::from_str::<Vec<&RawValue>>(text)
            .map(|v| v.into_iter().map(span).collect())
            .unwrap_or_default()
    } else if let Ok(export) = serde_json::from_str::<RawExport>(text) {
        export.stories.into_iter().map(span).collect()
    } else {
        vec![(0, text.len())]
    }
}

/// Best-effort offset of a field's value in JSON text (serde_json keeps no spans): within the
/// story's own span, the offending principle's value or the field's key, else the story's start.
fn json_offset(
    text: &str,
    (start, end): (usize, usize),
    story: &StoryContent,
    field: &str,
) -> usize {
    let needle = field
        .strip_prefix("principles[")
        .and_then(|r| r.trim_end_matches(']').parse::<usize>().ok())
        .and_then(|i| story.principles.get(i))
        .map(|p| serde_json::to_string(p).unwrap_or_default())
        .unwrap_or_else(|| format!("\"{}\"", field.split(['.', '[']).next().unwrap_or(field)));
    let within = text.get(start..end).unwrap_or("");
    match within.find(&needle) {
        Some(i) => start + i,
        None => start,
    }
}

/// Names of the fields that differ between two revisions, in the order of [`StoryContent`]'s fields.
pub fn changed_fields(old: &StoryContent, new: &StoryContent) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, same: bool| {
        if !same {
            out.push(name);
        }
    };
    check("title", old.title == new.title);
    check("status", old.status == new.status);
    check("principles", old.principles == new.principles);
    check("tags", old.tags == new.tags);
    check("role", old.role == new.role);
    check("period", old.period == new.period);
    check("teams", old.teams == new.teams);
    check("partners", old.partners == new.partners);
    check("metrics", old.metrics == new.metrics);
    check("trade_off", old.trade_off == new.trade_off);
    check("dissent", old.dissent == new.dissent);
    check("differently", old.differently == new.differently);
    check("artifacts", old.artifacts == new.artifacts);
    check("situation", old.situation == new.situation);
    check("task", old.task == new.task);
    check("action", old.action == new.action);
    check("result", old.result == new.result);
    out
}
