//! Transcripts of spoken answers: the file as brought, the words read from it, a few figures for
//! lists, and the report as a JSON document the app writes (the store keeps its text and does not
//! read it). A transcript is not edited: it is added, read, listed and deleted.
//!
//! Where it was brought is its `context`: on its own (`speak`), as a mock answer (`mock`), a drill
//! answer (`drill`) or a story rehearsal (`story`), with the mock's, card's or story's id as its
//! `context_id` (a transcript brought on its own names none). The store checks the values every
//! backend refuses alike ([`StoreError::Invalid`], naming the field) before anything is written.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{Result, StoreError, UserId};

/// A transcript's id.
pub type TranscriptId = i64;

/// Longest name stored, in characters (after trimming).
pub const MAX_TRANSCRIPT_NAME_CHARS: usize = 200;
/// Largest file as brought, in bytes.
pub const MAX_TRANSCRIPT_SOURCE_BYTES: usize = 2_000_000;
/// Largest text read from it, in bytes.
pub const MAX_TRANSCRIPT_TEXT_BYTES: usize = 200_000;
/// Largest report, in bytes.
pub const MAX_TRANSCRIPT_REPORT_BYTES: usize = 2_000_000;
/// Longest pack question id, in characters.
pub const MAX_TRANSCRIPT_QUESTION_ID_CHARS: usize = 100;
/// Longest question text, in characters.
pub const MAX_TRANSCRIPT_QUESTION_CHARS: usize = 2_000;
/// The formats a transcript can be read from.
pub const TRANSCRIPT_FORMATS: [&str; 4] = ["text", "srt", "vtt", "whisper"];
/// Where a transcript can be brought.
pub const TRANSCRIPT_CONTEXTS: [&str; 4] = ["speak", "mock", "drill", "story"];

/// A transcript to add. Where it was brought: on its own (`speak`), as a mock answer, a drill
/// answer, or a story rehearsal.
#[derive(Debug, Clone, Copy)]
pub struct NewTranscript<'a> {
    /// The file name, or "pasted": 1 to [`MAX_TRANSCRIPT_NAME_CHARS`] characters after trimming,
    /// one line; stored trimmed.
    pub name: &'a str,
    /// One of [`TRANSCRIPT_FORMATS`]: `text`, `srt`, `vtt` or `whisper`.
    pub format: &'a str,
    /// The file as brought: at most [`MAX_TRANSCRIPT_SOURCE_BYTES`] bytes.
    pub source: &'a str,
    /// The words read from it: at most [`MAX_TRANSCRIPT_TEXT_BYTES`] bytes.
    pub text: &'a str,
    /// A pack question id: 1 to [`MAX_TRANSCRIPT_QUESTION_ID_CHARS`] characters, one line.
    pub question_id: Option<&'a str>,
    /// The question's text (free text allowed): at most [`MAX_TRANSCRIPT_QUESTION_CHARS`]
    /// characters, not blank.
    pub question: Option<&'a str>,
    /// One of [`TRANSCRIPT_CONTEXTS`]: `speak`, `mock`, `drill` or `story`.
    pub context: &'a str,
    /// The mock id, card id or story id (none for `speak`).
    pub context_id: Option<i64>,
    /// How long the answer took, in milliseconds: 0 or more.
    pub duration_ms: i64,
    /// Words spoken: 0 or more.
    pub words: i64,
    /// The critic's overall score, 0 to 100.
    pub score: Option<i64>,
    /// The report, as JSON the app writes: at most [`MAX_TRANSCRIPT_REPORT_BYTES`] bytes, kept as
    /// given.
    pub report: &'a str,
}

/// A transcript in a list: everything but the file, the text and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptSummary {
    /// Id.
    pub id: TranscriptId,
    /// Name (trimmed).
    pub name: String,
    /// `text`, `srt`, `vtt` or `whisper`.
    pub format: String,
    /// The pack question id, if any.
    pub question_id: Option<String>,
    /// The question's text, if any.
    pub question: Option<String>,
    /// `speak`, `mock`, `drill` or `story`.
    pub context: String,
    /// The mock id, card id or story id, if any.
    pub context_id: Option<i64>,
    /// How long the answer took, in milliseconds.
    pub duration_ms: i64,
    /// Words spoken.
    pub words: i64,
    /// The critic's overall score (0–100), if any.
    pub score: Option<i64>,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// A transcript as stored, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTranscript {
    /// Id, name, figures and time.
    pub summary: TranscriptSummary,
    /// The file as brought.
    pub source: String,
    /// The words read from it.
    pub text: String,
    /// The report, as the app wrote it.
    pub report: String,
}

/// Transcripts of spoken answers, with their reports.
#[async_trait]
pub trait Transcripts: Send + Sync {
    /// Adds a transcript at `now` (unix ms); returns its id. Values that are not sound:
    /// [`StoreError::Invalid`], naming the field, and nothing is stored.
    async fn add_transcript(
        &self,
        owner: UserId,
        new: &NewTranscript<'_>,
        now: i64,
    ) -> Result<TranscriptId>;

    /// One of the owner's transcripts, whole ([`StoreError::TranscriptNotFound`] when it is
    /// unknown or another owner's).
    async fn transcript(&self, owner: UserId, id: TranscriptId) -> Result<StoredTranscript>;

    /// The owner's transcripts, newest first (`created_at` descending, then id descending).
    async fn list_transcripts(&self, owner: UserId) -> Result<Vec<TranscriptSummary>>;

    /// The owner's transcripts brought in `context` for `context_id` (a mock, card or story),
    /// oldest first (`created_at`, then id).
    async fn transcripts_for(
        &self,
        owner: UserId,
        context: &str,
        context_id: i64,
    ) -> Result<Vec<TranscriptSummary>>;

    /// Deletes a transcript: `true` when there was one of the owner's to delete, `false`
    /// otherwise (another owner's transcript is not touched).
    async fn delete_transcript(&self, owner: UserId, id: TranscriptId) -> Result<bool>;
}

fn invalid(what: String) -> StoreError {
    StoreError::Invalid(what)
}

/// Refuses a NUL character (PostgreSQL's text cannot hold one, so no backend stores one).
fn no_nul(field: &str, value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(invalid(format!(
            "the transcript {field} holds a NUL character"
        )));
    }
    Ok(())
}

/// Refuses a value longer than `max` bytes.
fn bytes_at_most(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(invalid(format!(
            "the transcript {field} is larger than {max} bytes ({} bytes)",
            value.len()
        )));
    }
    no_nul(field, value)
}

/// Checks a transcript's values; gives its name as stored (trimmed).
pub(crate) fn check_transcript<'a>(new: &NewTranscript<'a>) -> Result<&'a str> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(invalid("the transcript name is empty".into()));
    }
    if name.chars().count() > MAX_TRANSCRIPT_NAME_CHARS {
        return Err(invalid(format!(
            "the transcript name is longer than {MAX_TRANSCRIPT_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid(
            "the transcript name holds control characters or line breaks".into(),
        ));
    }
    if !TRANSCRIPT_FORMATS.contains(&new.format) {
        return Err(invalid(format!(
            "the transcript format {:?} is not one of {}",
            new.format,
            TRANSCRIPT_FORMATS.join(", ")
        )));
    }
    if !TRANSCRIPT_CONTEXTS.contains(&new.context) {
        return Err(invalid(format!(
            "the transcript context {:?} is not one of {}",
            new.context,
            TRANSCRIPT_CONTEXTS.join(", ")
        )));
    }
    if new.context == "speak" && new.context_id.is_some() {
        return Err(invalid(
            "the transcript context `speak` (brought on its own) takes no context id".into(),
        ));
    }
    bytes_at_most("source", new.source, MAX_TRANSCRIPT_SOURCE_BYTES)?;
    bytes_at_most("text", new.text, MAX_TRANSCRIPT_TEXT_BYTES)?;
    bytes_at_most("report", new.report, MAX_TRANSCRIPT_REPORT_BYTES)?;
    if let Some(id) = new.question_id {
        if id.is_empty() || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(invalid(format!(
                "the transcript question id {id:?} is empty or holds spaces or control characters"
            )));
        }
        if id.chars().count() > MAX_TRANSCRIPT_QUESTION_ID_CHARS {
            return Err(invalid(format!(
                "the transcript question id is longer than {MAX_TRANSCRIPT_QUESTION_ID_CHARS} \
                 characters"
            )));
        }
    }
    if let Some(q) = new.question {
        if q.trim().is_empty() {
            return Err(invalid(
                "the transcript question is blank (leave it out instead)".into(),
            ));
        }
        if q.chars().count() > MAX_TRANSCRIPT_QUESTION_CHARS {
            return Err(invalid(format!(
                "the transcript question is longer than {MAX_TRANSCRIPT_QUESTION_CHARS} characters"
            )));
        }
        no_nul("question", q)?;
    }
    if new.duration_ms < 0 {
        return Err(invalid(format!(
            "the transcript duration_ms is negative ({})",
            new.duration_ms
        )));
    }
    if new.words < 0 {
        return Err(invalid(format!(
            "the transcript words count is negative ({})",
            new.words
        )));
    }
    if let Some(score) = new.score.filter(|s| !(0..=100).contains(s)) {
        return Err(invalid(format!(
            "the transcript score {score} is not between 0 and 100"
        )));
    }
    Ok(name)
}

/// The columns of a [`TranscriptSummary`], for a query over `transcripts`.
pub(crate) const SUMMARY_COLUMNS: &str = "id, name, format, question_id, question, context, \
     context_id, duration_ms, words, score, created_at";

/// The columns of a [`StoredTranscript`].
pub(crate) const TRANSCRIPT_COLUMNS: &str = "id, name, format, question_id, question, context, \
     context_id, duration_ms, words, score, created_at, source, text, report";

/// A [`TranscriptSummary`] from a row of [`SUMMARY_COLUMNS`] (either backend's).
pub(crate) fn summary_row<R: Row>(row: &R) -> Result<TranscriptSummary>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(TranscriptSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        format: row.try_get("format")?,
        question_id: row.try_get("question_id")?,
        question: row.try_get("question")?,
        context: row.try_get("context")?,
        context_id: row.try_get("context_id")?,
        duration_ms: row.try_get("duration_ms")?,
        words: row.try_get("words")?,
        score: row.try_get("score")?,
        created_at: row.try_get("created_at")?,
    })
}

/// A [`StoredTranscript`] from a row of [`TRANSCRIPT_COLUMNS`] (either backend's).
pub(crate) fn transcript_row<R: Row>(row: &R) -> Result<StoredTranscript>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredTranscript {
        summary: summary_row(row)?,
        source: row.try_get("source")?,
        text: row.try_get("text")?,
        report: row.try_get("report")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: NewTranscript<'static> = NewTranscript {
        name: "  answer.srt ",
        format: "srt",
        source: "1\n00:00:00,000 --> 00:00:02,000\nI led the migration.\n",
        text: "I led the migration.",
        question_id: Some("ownership-1"),
        question: Some("Tell me about a time you took ownership."),
        context: "mock",
        context_id: Some(3),
        duration_ms: 2_000,
        words: 4,
        score: Some(72),
        report: r#"{"overall": 72}"#,
    };

    fn refused(new: NewTranscript<'_>, says: &str) {
        match check_transcript(&new) {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("expected a refusal naming {says:?}: {other:?}"),
        }
    }

    #[test]
    fn values_are_checked_and_the_name_trimmed() {
        assert_eq!(check_transcript(&NEW).expect("sound"), "answer.srt");
        refused(
            NewTranscript {
                name: " \t ",
                ..NEW
            },
            "name is empty",
        );
        let long = "n".repeat(MAX_TRANSCRIPT_NAME_CHARS + 1);
        refused(
            NewTranscript { name: &long, ..NEW },
            "name is longer than 200",
        );
        // Characters, not bytes, counted after trimming.
        let wide = format!(" {} ", "é".repeat(MAX_TRANSCRIPT_NAME_CHARS));
        check_transcript(&NewTranscript { name: &wide, ..NEW }).expect("fits");
        refused(
            NewTranscript {
                name: "a\nb",
                ..NEW
            },
            "name holds control",
        );
        refused(
            NewTranscript {
                format: "SRT",
                ..NEW
            },
            "format \"SRT\"",
        );
        refused(NewTranscript { format: "", ..NEW }, "format");
        refused(
            NewTranscript {
                context: "chat",
                ..NEW
            },
            "context \"chat\"",
        );
        refused(
            NewTranscript {
                context: "speak",
                ..NEW
            },
            "takes no context id",
        );
        check_transcript(&NewTranscript {
            context: "speak",
            context_id: None,
            ..NEW
        })
        .expect("speak alone");
        let big = "s".repeat(MAX_TRANSCRIPT_SOURCE_BYTES + 1);
        refused(
            NewTranscript {
                source: &big,
                ..NEW
            },
            "source is larger",
        );
        let fits = "s".repeat(MAX_TRANSCRIPT_SOURCE_BYTES);
        check_transcript(&NewTranscript {
            source: &fits,
            ..NEW
        })
        .expect("the largest source");
        // Bytes, not characters.
        let text = "é".repeat(MAX_TRANSCRIPT_TEXT_BYTES / 2 + 1);
        refused(NewTranscript { text: &text, ..NEW }, "text is larger");
        refused(
            NewTranscript {
                report: &big,
                ..NEW
            },
            "report is larger",
        );
        refused(
            NewTranscript {
                text: "a\0b",
                ..NEW
            },
            "text holds a NUL",
        );
        refused(
            NewTranscript {
                question_id: Some(""),
                ..NEW
            },
            "question id",
        );
        let long_id = "q".repeat(MAX_TRANSCRIPT_QUESTION_ID_CHARS + 1);
        refused(
            NewTranscript {
                question_id: Some(&long_id),
                ..NEW
            },
            "question id is longer than 100",
        );
        let long_q = "q".repeat(MAX_TRANSCRIPT_QUESTION_CHARS + 1);
        refused(
            NewTranscript {
                question: Some(&long_q),
                ..NEW
            },
            "question is longer than 2000",
        );
        refused(
            NewTranscript {
                question: Some("  \n"),
                ..NEW
            },
            "question is blank",
        );
        // Free text may span lines.
        check_transcript(&NewTranscript {
            question: Some("Two\nlines?"),
            ..NEW
        })
        .expect("free text");
        refused(
            NewTranscript {
                duration_ms: -1,
                ..NEW
            },
            "duration_ms is negative",
        );
        refused(
            NewTranscript { words: -1, ..NEW },
            "words count is negative",
        );
        for score in [-1, 101] {
            refused(
                NewTranscript {
                    score: Some(score),
                    ..NEW
                },
                "score",
            );
        }
        for score in [None, Some(0), Some(100)] {
            check_transcript(&NewTranscript { score, ..NEW }).expect("score fits");
        }
    }
}
