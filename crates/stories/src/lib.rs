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
pub mod markdown;
pub mod merge;
mod model;
mod validate;

pub use coverage::{Coverage, CoverageRow, STRETCHED_AT, StoryTags, TARGET_READY, coverage};
pub use merge::{Conflict, Kept, KeptChange, Merge, Side, merge};
pub use model::*;
pub use validate::{FieldError, validate};

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
    /// Story id in the exporting database (ignored on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Revision exported (ignored on import).
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
) -> Result<Vec<StoryContent>, Vec<FileError>> {
    let at = |line: usize, field: &str, message: String| FileError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let limit = Format::of_path(file).max_bytes();
    if text.len() > limit {
        return Err(vec![at(
            1,
            "(file)",
            format!(
                "the file is {} bytes; the limit is {limit} ({} MB)",
                text.len(),
                limit / (1024 * 1024)
            ),
        )]);
    }
    match Format::of_path(file) {
        Format::Markdown => {
            let (story, locs) = markdown::parse(text).map_err(|ps| {
                ps.into_iter()
                    .map(|p| at(p.line, &p.field, p.message))
                    .collect::<Vec<_>>()
            })?;
            let errors = validate(&story, principle_ids);
            if errors.is_empty() {
                Ok(vec![story])
            } else {
                Err(errors
                    .into_iter()
                    .map(|e| at(locs.line_of(&e.field), &e.field, e.message))
                    .collect())
            }
        }
        Format::Json => {
            let stories = parse_json(text).map_err(|e| vec![at(e.line, &e.field, e.message)])?;
            let mut errors = Vec::new();
            for (i, story) in stories.iter().enumerate() {
                for e in validate(story, principle_ids) {
                    let line = json_line(text, story, &e.field);
                    errors.push(at(line, &format!("stories[{i}].{}", e.field), e.message));
                }
            }
            if errors.is_empty() {
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

/// Parses JSON: an export envelope, an array of stories, or one story. The text is read straight
/// into the story types (not through a `Value`), so a value of the wrong type or an unknown field is
/// reported with the line it is on and its path, e.g. `stories[1].title`.
fn parse_json(text: &str) -> Result<Vec<StoryContent>, JsonError> {
    let array = text.trim_start().starts_with('[');
    let envelope = !array
        && serde_json::from_str::<Probe>(text)
            .map_err(|e| JsonError::syntax(&e))?
            .format
            .is_some();
    // Every shape's errors are named like the validation errors: `stories[i].field`.
    let stories: Vec<StoryContent> = if envelope {
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
        export.stories.into_iter().map(|s| s.content).collect()
    } else if array {
        typed(text, |path| format!("stories{path}"))?
    } else {
        vec![typed(text, |path| format!("stories[0].{path}"))?]
    };
    Ok(stories.into_iter().map(StoryContent::normalized).collect())
}

/// Deserializes `text` as a `T`; an error names the line and the path of the value at fault, as
/// `name` spells it (the path is `.` for the whole document).
fn typed<T: serde::de::DeserializeOwned>(
    text: &str,
    name: impl Fn(&str) -> String,
) -> Result<T, JsonError> {
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

/// Best-effort line of a field's value in JSON text (serde_json keeps no spans): the line of the
/// offending value after the story's title, else the title's line, else 1.
fn json_line(text: &str, story: &StoryContent, field: &str) -> usize {
    let line_at = |offset: usize| text[..offset].matches('\n').count() + 1;
    let title = serde_json::to_string(&story.title).unwrap_or_default();
    let start = text.find(&title).unwrap_or(0);
    let needle = field
        .strip_prefix("principles[")
        .and_then(|r| r.trim_end_matches(']').parse::<usize>().ok())
        .and_then(|i| story.principles.get(i))
        .map(|p| format!("\"{p}\""))
        .unwrap_or_else(|| format!("\"{}\"", field.split(['.', '[']).next().unwrap_or(field)));
    match text[start..].find(&needle) {
        Some(i) => line_at(start + i),
        None if start > 0 => line_at(start),
        None => 1,
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
