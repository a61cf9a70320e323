//! Writing-assessment practice: an attempt at a timed narrative on a prompt (from the pack or the
//! candidate's own text), its text with every revision (each with the word count the app counted),
//! the time spent and, once finished, the report (JSON the app writes) and its overall score.
//!
//! Never lose a word: the text is saved as a new revision whenever it changes, except that a save
//! made from the latest revision within `coalesce_ms` of that revision being written replaces its
//! text in place (so typing does not write hundreds of revisions, and the newest text is always
//! stored). A save made from an older revision than the latest is refused with
//! [`StoreError::WritingConflict`] naming both, and stores nothing; the caller shows both texts.
//! The seconds spent never go down: every save keeps the larger of the stored and the given.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{Result, StoreError, UserId};

/// A writing attempt's id.
pub type WritingId = i64;

/// An attempt to create.
#[derive(Debug, Clone, Copy)]
pub struct NewWriting<'a> {
    /// The pack prompt written on, or `None` for the candidate's own prompt text.
    pub prompt_id: Option<&'a str>,
    /// Title shown in lists (at most [`MAX_WRITING_TITLE_CHARS`] characters, one line).
    pub title: &'a str,
    /// The prompt as the candidate read it (at most [`MAX_WRITING_PROMPT_CHARS`] characters).
    pub prompt_text: &'a str,
    /// The time allowed, 1 to [`MAX_WRITING_MINUTES`] minutes.
    pub minutes: i64,
}

/// An attempt in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WritingSummary {
    /// Id.
    pub id: WritingId,
    /// The pack prompt, if any.
    pub prompt_id: Option<String>,
    /// Title.
    pub title: String,
    /// The time allowed, in minutes.
    pub minutes: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last change of any kind (a save of the text or the clock, a
    /// finish).
    pub updated_at: i64,
    /// Unix milliseconds of the first finish, once finished.
    pub finished_at: Option<i64>,
    /// The word count of the latest text, as the caller counted it (0 before any text is saved).
    pub words: i64,
    /// The report's overall score (0–100), once finished.
    pub overall: Option<i64>,
}

/// One revision of an attempt's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WritingRevision {
    /// 1, 2, 3 …
    pub rev: i64,
    /// The text.
    pub body: String,
    /// Its word count, as the caller counted it.
    pub words: i64,
    /// Unix milliseconds when this revision was (last) written.
    pub saved_at: i64,
}

/// A whole attempt as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredWriting {
    /// Id, prompt, title, minutes, times, words, score.
    pub summary: WritingSummary,
    /// The prompt as the candidate read it.
    pub prompt_text: String,
    /// Seconds spent writing, as last saved (never less than before).
    pub elapsed_seconds: i64,
    /// The latest text (empty before any is saved).
    pub body: String,
    /// The latest revision: 0 until text is saved, then 1, 2 …
    pub rev: i64,
    /// The report (JSON the app writes), once finished.
    pub report: Option<String>,
}

/// Writing-assessment attempts.
#[async_trait]
pub trait Writings: Send + Sync {
    /// Creates an attempt at `now` (unix ms); returns its id. Values that are not sound:
    /// [`StoreError::Invalid`], naming the field.
    async fn create_writing(
        &self,
        owner: UserId,
        new: &NewWriting<'_>,
        now: i64,
    ) -> Result<WritingId>;

    /// One of the owner's attempts with its latest text ([`StoreError::WritingNotFound`] when it is
    /// not theirs).
    async fn writing(&self, owner: UserId, id: WritingId) -> Result<StoredWriting>;

    /// The owner's attempts, newest first.
    async fn list_writings(&self, owner: UserId) -> Result<Vec<WritingSummary>>;

    /// Never lose a word: saves `body` as a new revision whenever it differs from the latest, except
    /// that a save from the latest revision within `coalesce_ms` of that revision being written
    /// replaces its text (and word count and time) in place. A save from an older revision than
    /// the latest is refused with [`StoreError::WritingConflict`] and stores nothing (a `base_rev`
    /// newer than the latest is [`StoreError::Invalid`]). The same text as the latest stores no
    /// revision (returns the latest rev, whatever `base_rev` is: nothing differs) but still updates
    /// `elapsed_seconds`; so does an empty text before any revision (returns 0). `elapsed_seconds`
    /// never goes down (the max of stored and given). A finished attempt still accepts saves (the
    /// candidate may keep editing after the report): they just add revisions. Returns the latest
    /// revision after the save.
    // The attempt, the edit and its time, as the trait's other methods take them.
    #[allow(clippy::too_many_arguments)]
    async fn save_writing(
        &self,
        owner: UserId,
        id: WritingId,
        base_rev: i64,
        body: &str,
        words: i64,
        elapsed_seconds: i64,
        now: i64,
        coalesce_ms: i64,
    ) -> Result<i64>;

    /// Saves the seconds spent (the max of stored and given, as [`Writings::save_writing`] does).
    async fn save_writing_clock(
        &self,
        owner: UserId,
        id: WritingId,
        elapsed_seconds: i64,
        now: i64,
    ) -> Result<()>;

    /// Every revision of the attempt's text, oldest first.
    async fn writing_revisions(&self, owner: UserId, id: WritingId)
    -> Result<Vec<WritingRevision>>;

    /// Stores the report (JSON, replacing an earlier one), its overall score (0–100) and
    /// `finished_at` (set by the first finish, kept on a re-finish).
    async fn finish_writing(
        &self,
        owner: UserId,
        id: WritingId,
        report: &str,
        overall: i64,
        now: i64,
    ) -> Result<()>;

    /// Deletes an attempt with its revisions: `true` when there was one of the owner's to delete,
    /// `false` otherwise (another owner's attempt is not touched).
    async fn delete_writing(&self, owner: UserId, id: WritingId) -> Result<bool>;
}

/// Longest title stored, in characters.
pub const MAX_WRITING_TITLE_CHARS: usize = 200;
/// Longest prompt text stored, in characters.
pub const MAX_WRITING_PROMPT_CHARS: usize = 4_000;
/// Longest text of one revision, in characters.
pub const MAX_WRITING_BODY_CHARS: usize = 200_000;
/// Longest report (its JSON), in characters.
pub const MAX_WRITING_REPORT_CHARS: usize = 200_000;
/// Longest pack prompt id, in characters.
pub const MAX_WRITING_KEY_CHARS: usize = 100;
/// Most minutes an attempt may allow (at least 1).
pub const MAX_WRITING_MINUTES: i64 = 600;

// The checks and decisions every backend makes alike, before it writes anything (no SQL here).

/// Refuses `text` longer than `max` characters, or holding a NUL character (which PostgreSQL
/// cannot store in text, so every backend refuses it alike).
fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.len() > max && text.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "the {field} is longer than {max} characters"
        )));
    }
    if text.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "the {field} holds a NUL character"
        )));
    }
    Ok(())
}

/// Refuses a negative count (words, seconds).
fn check_count(field: &str, n: i64) -> Result<()> {
    if n < 0 {
        return Err(StoreError::Invalid(format!("the {field} {n} is negative")));
    }
    Ok(())
}

/// Checks an attempt to create.
pub(crate) fn check_new_writing(new: &NewWriting<'_>) -> Result<()> {
    if let Some(prompt) = new.prompt_id {
        check_text("prompt id", prompt, MAX_WRITING_KEY_CHARS)?;
        if prompt.trim().is_empty() || prompt.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                "the prompt id is empty or holds control characters".into(),
            ));
        }
    }
    check_text("title", new.title, MAX_WRITING_TITLE_CHARS)?;
    if new.title.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the title holds control characters or line breaks".into(),
        ));
    }
    check_text("prompt text", new.prompt_text, MAX_WRITING_PROMPT_CHARS)?;
    if !(1..=MAX_WRITING_MINUTES).contains(&new.minutes) {
        return Err(StoreError::Invalid(format!(
            "the minutes {} are not 1–{MAX_WRITING_MINUTES}",
            new.minutes
        )));
    }
    Ok(())
}

/// Checks a save of the text.
pub(crate) fn check_save(body: &str, words: i64, elapsed_seconds: i64) -> Result<()> {
    check_text("body", body, MAX_WRITING_BODY_CHARS)?;
    check_count("word count", words)?;
    check_clock(elapsed_seconds)
}

/// Checks a save of the clock.
pub(crate) fn check_clock(elapsed_seconds: i64) -> Result<()> {
    check_count("elapsed seconds", elapsed_seconds)
}

/// Checks what finishing an attempt stores.
pub(crate) fn check_finish(report: &str, overall: i64) -> Result<()> {
    check_text("report", report, MAX_WRITING_REPORT_CHARS)?;
    serde_json::from_str::<serde::de::IgnoredAny>(report)
        .map_err(|e| StoreError::Invalid(format!("the report is not JSON: {e}")))?;
    if !(0..=100).contains(&overall) {
        return Err(StoreError::Invalid(format!(
            "the overall score {overall} is not 0–100"
        )));
    }
    Ok(())
}

pub(crate) use crate::revisions::RevisionSave as WritingSave;

/// The error for an edit made from revision `base` when `current` is the latest: a conflict when
/// `base` is older, else a revision that never was.
fn stale(id: WritingId, base: i64, current: i64) -> StoreError {
    if base < current {
        StoreError::WritingConflict {
            id,
            base_rev: base,
            current_rev: current,
        }
    } else {
        StoreError::Invalid(format!(
            "writing attempt {id} has no revision {base} (the latest is {current})"
        ))
    }
}

/// The rule of [`Writings::save_writing`]: `latest` is the latest revision as
/// `(rev, body, saved_at)`, if there is one.
pub(crate) fn plan_save(
    id: WritingId,
    latest: Option<(i64, &str, i64)>,
    base_rev: i64,
    body: &str,
    now: i64,
    coalesce_ms: i64,
) -> Result<WritingSave> {
    crate::revisions::plan_revision(latest, base_rev, body, now, coalesce_ms)
        .map_err(|e| stale(id, e.base_rev, e.current_rev))
}

/// The columns of a [`WritingSummary`], for a query over `writings w` (the word count is the
/// latest revision's).
pub(crate) const SUMMARY_COLUMNS: &str = "w.id, w.prompt_id, w.title, w.minutes, w.created_at, \
     w.updated_at, w.finished_at, w.overall, \
     coalesce((SELECT r.words FROM writing_revisions r \
               WHERE r.writing_id = w.id AND r.owner_id = w.owner_id \
               ORDER BY r.rev DESC LIMIT 1), 0) AS words";

/// A [`WritingSummary`] from a row of [`SUMMARY_COLUMNS`] (either backend's).
pub(crate) fn summary_row<R: Row>(row: &R) -> Result<WritingSummary>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(WritingSummary {
        id: row.try_get("id")?,
        prompt_id: row.try_get("prompt_id")?,
        title: row.try_get("title")?,
        minutes: row.try_get("minutes")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        finished_at: row.try_get("finished_at")?,
        words: row.try_get("words")?,
        overall: row.try_get("overall")?,
    })
}

/// A [`WritingRevision`] from a row of `rev, body, words, saved_at` (either backend's).
pub(crate) fn revision_row<R: Row>(row: &R) -> Result<WritingRevision>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(WritingRevision {
        rev: row.try_get("rev")?,
        body: row.try_get("body")?,
        words: row.try_get("words")?,
        saved_at: row.try_get("saved_at")?,
    })
}

/// A [`StoredWriting`] from a row of [`SUMMARY_COLUMNS`] and `prompt_text, elapsed_seconds, report`
/// (JSON as text), with its latest revision if it has one.
pub(crate) fn writing_row<R: Row>(row: &R, latest: Option<WritingRevision>) -> Result<StoredWriting>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    let (body, rev) = latest.map_or((String::new(), 0), |r| (r.body, r.rev));
    Ok(StoredWriting {
        summary: summary_row(row)?,
        prompt_text: row.try_get("prompt_text")?,
        elapsed_seconds: row.try_get("elapsed_seconds")?,
        body,
        rev,
        report: row.try_get("report")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_kept_replaced_added_or_refused_by_the_rule() {
        let plan = |latest, base, body, now| plan_save(7, latest, base, body, now, 5_000);
        assert_eq!(plan(None, 0, "", 10).expect("empty"), WritingSave::Keep(0));
        assert_eq!(plan(None, 0, "a", 10).expect("first"), WritingSave::Add(1));
        let latest = Some((3, "abc", 1_000));
        assert_eq!(
            plan(latest, 3, "abc", 1_001).expect("same"),
            WritingSave::Keep(3)
        );
        // The same text from an older revision is no conflict: nothing differs.
        assert_eq!(
            plan(latest, 1, "abc", 9_999).expect("same"),
            WritingSave::Keep(3)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 5_999).expect("within"),
            WritingSave::Replace(3)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 6_000).expect("outside"),
            WritingSave::Add(4)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 999).expect("clock back"),
            WritingSave::Add(4)
        );
        match plan(latest, 2, "abcd", 1_001) {
            Err(e @ StoreError::WritingConflict { .. }) => assert_eq!(
                e.to_string(),
                "writing attempt 7 was saved meanwhile (revision 3; this edit started from 2)"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            plan(latest, 4, "abcd", 1_001),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            plan(None, 2, "abcd", 1_001),
            Err(StoreError::Invalid(_))
        ));
        // No window: every change is a revision.
        assert_eq!(
            plan_save(7, latest, 3, "x", 1_000, 0).expect("no window"),
            WritingSave::Add(4)
        );
    }

    #[test]
    fn values_are_checked_before_anything_is_written() {
        let invalid = |r: Result<()>, says: &str| match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("expected a refusal naming {says:?}: {other:?}"),
        };
        let new = NewWriting {
            prompt_id: Some("w-inventive"),
            title: "The most inventive thing",
            prompt_text: "Tell us about the most inventive thing you have built.",
            minutes: 60,
        };
        check_new_writing(&new).expect("sound");
        let long = "x".repeat(MAX_WRITING_TITLE_CHARS + 1);
        invalid(
            check_new_writing(&NewWriting {
                title: &long,
                ..new
            }),
            "title",
        );
        // Characters, not bytes: 200 two-byte letters fit.
        let wide = "é".repeat(MAX_WRITING_TITLE_CHARS);
        check_new_writing(&NewWriting {
            title: &wide,
            ..new
        })
        .expect("fits");
        invalid(
            check_new_writing(&NewWriting {
                title: "two\nlines",
                ..new
            }),
            "title",
        );
        invalid(
            check_new_writing(&NewWriting {
                prompt_id: Some(" "),
                ..new
            }),
            "prompt id",
        );
        let long_prompt = "p".repeat(MAX_WRITING_PROMPT_CHARS + 1);
        invalid(
            check_new_writing(&NewWriting {
                prompt_text: &long_prompt,
                ..new
            }),
            "prompt text",
        );
        for minutes in [0, MAX_WRITING_MINUTES + 1, -5] {
            invalid(check_new_writing(&NewWriting { minutes, ..new }), "minutes");
        }
        check_new_writing(&NewWriting {
            minutes: MAX_WRITING_MINUTES,
            ..new
        })
        .expect("the longest time");
        let long_body = "b".repeat(MAX_WRITING_BODY_CHARS + 1);
        invalid(check_save(&long_body, 1, 0), "body");
        invalid(check_save("a\0b", 1, 0), "body");
        invalid(check_save("ok", -1, 0), "word count");
        invalid(check_save("ok", 1, -1), "elapsed seconds");
        check_save(&"é".repeat(MAX_WRITING_BODY_CHARS), 1, 0).expect("the longest body");
        invalid(check_finish("not json", 50), "report");
        invalid(check_finish("{}", 101), "overall");
        check_finish(r#"{"overall": 50}"#, 50).expect("sound");
    }
}
