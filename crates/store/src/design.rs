//! System-design practice sessions: a prompt (from the pack or the candidate's own text), the
//! session's plan and clock as JSON the practice engine writes and reads, each phase's notes with
//! every revision, the hints used, a diagram (JSON, its own revision counter) and, once finished, the
//! report and the candidate's self-rating (JSON the app writes).
//!
//! Never lose a word: a note is saved as a new revision whenever its text changes, except that a
//! save made from the latest revision within `coalesce_ms` of that revision being written replaces
//! its text in place (so typing does not write hundreds of revisions, and the newest text is always
//! stored). A save made from an older revision than the latest is refused with
//! [`StoreError::DesignConflict`] naming both, and stores nothing; the caller shows both texts.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{Result, StoreError, UserId};

/// A design session's id.
pub type DesignId = i64;

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewDesign<'a> {
    /// The pack prompt practised, or `None` for the candidate's own prompt text.
    pub prompt_id: Option<&'a str>,
    /// Title shown in lists (the prompt's title, or the first words of the own prompt).
    pub title: &'a str,
    /// The prompt as the candidate read it.
    pub prompt_text: &'a str,
    /// The session's plan (phases, minutes), JSON written by `tpmprep_practice::design`.
    pub setup: &'a str,
    /// The clock's starting state, JSON written by `tpmprep_practice::design`.
    pub clock: &'a str,
}

/// One revision of one phase's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignNote {
    /// The phase's key (`clarify`, `high-level`, …).
    pub phase: String,
    /// 1, 2, 3 … per phase.
    pub rev: i64,
    /// The notes' text.
    pub body: String,
    /// Unix milliseconds when this revision was (last) written.
    pub saved_at: i64,
}

/// A hint the candidate asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignHint {
    /// 0, 1, 2 … in the order used.
    pub seq: i64,
    /// The phase it was asked for in.
    pub phase: String,
    /// What sort of hint (`clarifying`, `trade-off`, `deep-dive`, …).
    pub kind: String,
    /// The hint's text as shown.
    pub text: String,
    /// Unix milliseconds.
    pub used_at: i64,
}

/// A session in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignSummary {
    /// Id.
    pub id: DesignId,
    /// The pack prompt, if any.
    pub prompt_id: Option<String>,
    /// Title.
    pub title: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last change of any kind.
    pub updated_at: i64,
    /// Unix milliseconds, once finished.
    pub finished_at: Option<i64>,
    /// The report's overall score (0–100), once finished.
    pub overall: Option<i64>,
}

/// A whole session as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDesign {
    /// Id, prompt, title, times, score.
    pub summary: DesignSummary,
    /// The prompt as the candidate read it.
    pub prompt_text: String,
    /// The plan (JSON).
    pub setup: String,
    /// The clock (JSON), as last saved.
    pub clock: String,
    /// The latest revision of each phase's notes that has any, in no particular order.
    pub notes: Vec<DesignNote>,
    /// The hints used, by `seq`.
    pub hints: Vec<DesignHint>,
    /// The diagram (JSON); `{"boxes":[],"arrows":[]}` until one is saved.
    pub diagram: String,
    /// The diagram's revision: 0 until one is saved, then 1, 2 …
    pub diagram_rev: i64,
    /// The candidate's self-rating (JSON), once finished (or later changed).
    pub self_rating: Option<String>,
    /// The report (JSON), once finished.
    pub report: Option<String>,
}

/// A hint to record.
#[derive(Debug, Clone)]
pub struct NewHint<'a> {
    /// The phase it was asked for in.
    pub phase: &'a str,
    /// What sort of hint.
    pub kind: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// Design sessions.
#[async_trait]
pub trait Designs: Send + Sync {
    /// Creates a session; returns its id.
    async fn create_design(&self, owner: UserId, new: &NewDesign<'_>) -> Result<DesignId>;

    /// One of the owner's sessions ([`StoreError::DesignNotFound`] when it is not theirs).
    async fn design(&self, owner: UserId, id: DesignId) -> Result<StoredDesign>;

    /// The owner's sessions, newest first.
    async fn list_designs(&self, owner: UserId) -> Result<Vec<DesignSummary>>;

    /// Saves a phase's notes made from revision `base_rev` (0 when the phase had none); returns the
    /// phase's revision now. Same text as the latest: nothing written, its revision returned.
    /// `base_rev` older than the latest: [`StoreError::DesignConflict`], nothing written. Within
    /// `coalesce_ms` of the latest revision's `saved_at` (and `base_rev` is it): that revision's
    /// body and `saved_at` are replaced. Otherwise a new revision. A finished session takes notes
    /// still (the candidate may add afterthoughts); its report is not recomputed by the store.
    // The session, the edit and its time, as the trait's other methods take them.
    #[allow(clippy::too_many_arguments)]
    async fn save_design_note(
        &self,
        owner: UserId,
        id: DesignId,
        phase: &str,
        base_rev: i64,
        body: &str,
        now: i64,
        coalesce_ms: i64,
    ) -> Result<i64>;

    /// Every revision of a phase's notes, oldest first.
    async fn design_note_revisions(
        &self,
        owner: UserId,
        id: DesignId,
        phase: &str,
    ) -> Result<Vec<DesignNote>>;

    /// Replaces the clock's JSON (the timer's state).
    async fn save_design_clock(
        &self,
        owner: UserId,
        id: DesignId,
        clock: &str,
        now: i64,
    ) -> Result<()>;

    /// Saves the diagram made from revision `base_rev`; returns the new revision.
    /// A stale `base_rev`: [`StoreError::DesignConflict`], nothing written.
    async fn save_design_diagram(
        &self,
        owner: UserId,
        id: DesignId,
        base_rev: i64,
        diagram: &str,
        now: i64,
    ) -> Result<i64>;

    /// Records a hint as used; returns its `seq`.
    async fn add_design_hint(
        &self,
        owner: UserId,
        id: DesignId,
        hint: &NewHint<'_>,
        now: i64,
    ) -> Result<i64>;

    /// Finishes the session with its report (JSON), overall score and optional self-rating (JSON)
    /// and the clock's last state. Finishing again replaces them (a re-scored report, a changed
    /// self-rating; a `None` self-rating keeps the one stored) and keeps the first `finished_at`.
    // The session, the edit and its time, as the trait's other methods take them.
    #[allow(clippy::too_many_arguments)]
    async fn finish_design(
        &self,
        owner: UserId,
        id: DesignId,
        report: &str,
        overall: i64,
        self_rating: Option<&str>,
        clock: &str,
        now: i64,
    ) -> Result<()>;

    /// Deletes a session with its notes, hints and diagram.
    async fn delete_design(&self, owner: UserId, id: DesignId) -> Result<()>;
}

/// Longest title stored, in characters.
pub const MAX_DESIGN_TITLE_CHARS: usize = 200;
/// Longest prompt text stored, in characters.
pub const MAX_DESIGN_PROMPT_CHARS: usize = 8_000;
/// Longest text of one revision of a phase's notes, in characters.
pub const MAX_DESIGN_NOTE_CHARS: usize = 100_000;
/// Longest diagram (its JSON), in characters.
pub const MAX_DESIGN_DIAGRAM_CHARS: usize = 200_000;
/// Longest of the other JSON documents (setup, clock, report, self-rating), in characters.
pub const MAX_DESIGN_DOC_CHARS: usize = 200_000;
/// Longest hint text, in characters.
pub const MAX_DESIGN_HINT_CHARS: usize = 8_000;
/// Longest key (a prompt id, a phase, a hint's kind), in characters.
pub const MAX_DESIGN_KEY_CHARS: usize = 100;

/// The diagram of a session that has none saved yet.
pub const EMPTY_DIAGRAM: &str = r#"{"boxes":[],"arrows":[]}"#;

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

/// Refuses a key (prompt id, phase, hint kind) that is empty, too long or not one line.
fn check_key(field: &str, key: &str) -> Result<()> {
    check_text(field, key, MAX_DESIGN_KEY_CHARS)?;
    if key.trim().is_empty() || key.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the {field} is empty or holds control characters"
        )));
    }
    Ok(())
}

/// Refuses a JSON document that is too long or not JSON.
fn check_json(field: &str, text: &str, max: usize) -> Result<()> {
    check_text(field, text, max)?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| StoreError::Invalid(format!("the {field} is not JSON: {e}")))
}

/// Checks a session to create.
pub(crate) fn check_new_design(new: &NewDesign<'_>) -> Result<()> {
    if let Some(prompt) = new.prompt_id {
        check_key("prompt id", prompt)?;
    }
    check_text("title", new.title, MAX_DESIGN_TITLE_CHARS)?;
    if new.title.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the title holds control characters or line breaks".into(),
        ));
    }
    check_text("prompt text", new.prompt_text, MAX_DESIGN_PROMPT_CHARS)?;
    check_json("setup", new.setup, MAX_DESIGN_DOC_CHARS)?;
    check_clock(new.clock)
}

/// Checks a phase's key and a revision of its notes.
pub(crate) fn check_note(phase: &str, body: &str) -> Result<()> {
    check_key("phase", phase)?;
    check_text("notes", body, MAX_DESIGN_NOTE_CHARS)
}

/// Checks a phase's key (to list its revisions).
pub(crate) fn check_phase(phase: &str) -> Result<()> {
    check_key("phase", phase)
}

/// Checks the clock's JSON.
pub(crate) fn check_clock(clock: &str) -> Result<()> {
    check_json("clock", clock, MAX_DESIGN_DOC_CHARS)
}

/// Checks a diagram's JSON.
pub(crate) fn check_diagram(diagram: &str) -> Result<()> {
    check_json("diagram", diagram, MAX_DESIGN_DIAGRAM_CHARS)
}

/// Checks a hint to record.
pub(crate) fn check_hint(hint: &NewHint<'_>) -> Result<()> {
    check_key("phase", hint.phase)?;
    check_key("hint kind", hint.kind)?;
    check_text("hint text", hint.text, MAX_DESIGN_HINT_CHARS)
}

/// Checks what finishing a session stores.
pub(crate) fn check_finish(
    report: &str,
    overall: i64,
    self_rating: Option<&str>,
    clock: &str,
) -> Result<()> {
    check_json("report", report, MAX_DESIGN_DOC_CHARS)?;
    if !(0..=100).contains(&overall) {
        return Err(StoreError::Invalid(format!(
            "the overall score {overall} is not 0–100"
        )));
    }
    if let Some(rating) = self_rating {
        check_json("self-rating", rating, MAX_DESIGN_DOC_CHARS)?;
    }
    check_clock(clock)
}

/// The error for an edit of `what` (a phase, or `diagram`) made from revision `base` when `current`
/// is the latest: a conflict when `base` is older, else a revision that never was.
pub(crate) fn stale(id: DesignId, what: &str, base: i64, current: i64) -> StoreError {
    if base < current {
        StoreError::DesignConflict {
            id,
            phase: what.to_string(),
            base_rev: base,
            current_rev: current,
        }
    } else {
        let whose = if what == "diagram" {
            "the diagram".to_string()
        } else {
            format!("the notes of phase `{what}`")
        };
        StoreError::Invalid(format!(
            "{whose} of design session {id} have no revision {base} (the latest is {current})"
        ))
    }
}

pub(crate) use crate::revisions::RevisionSave as NoteSave;

/// The rule of [`Designs::save_design_note`]: `latest` is the phase's latest revision as
/// `(rev, body, saved_at)`, if it has one.
pub(crate) fn plan_note(
    id: DesignId,
    phase: &str,
    latest: Option<(i64, &str, i64)>,
    base_rev: i64,
    body: &str,
    now: i64,
    coalesce_ms: i64,
) -> Result<NoteSave> {
    crate::revisions::plan_revision(latest, base_rev, body, now, coalesce_ms)
        .map_err(|e| stale(id, phase, e.base_rev, e.current_rev))
}

/// The columns of a [`DesignSummary`], for a query over `design_sessions s`.
pub(crate) const SUMMARY_COLUMNS: &str =
    "s.id, s.prompt_id, s.title, s.created_at, s.updated_at, s.finished_at, s.overall";

/// A [`DesignSummary`] from a row of [`SUMMARY_COLUMNS`] (either backend's).
pub(crate) fn summary_row<R: Row>(row: &R) -> Result<DesignSummary>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(DesignSummary {
        id: row.try_get("id")?,
        prompt_id: row.try_get("prompt_id")?,
        title: row.try_get("title")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        finished_at: row.try_get("finished_at")?,
        overall: row.try_get("overall")?,
    })
}

/// A [`DesignNote`] from a row of `phase, rev, body, saved_at` (either backend's).
pub(crate) fn note_row<R: Row>(row: &R) -> Result<DesignNote>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(DesignNote {
        phase: row.try_get("phase")?,
        rev: row.try_get("rev")?,
        body: row.try_get("body")?,
        saved_at: row.try_get("saved_at")?,
    })
}

/// A [`DesignHint`] from a row of `seq, phase, kind, text, used_at` (either backend's).
pub(crate) fn hint_row<R: Row>(row: &R) -> Result<DesignHint>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(DesignHint {
        seq: row.try_get("seq")?,
        phase: row.try_get("phase")?,
        kind: row.try_get("kind")?,
        text: row.try_get("text")?,
        used_at: row.try_get("used_at")?,
    })
}

/// A [`StoredDesign`] from a row of [`SUMMARY_COLUMNS`] and `prompt_text, setup, clock, diagram,
/// diagram_rev, self_rating, report` (JSON as text), with its notes and hints.
pub(crate) fn design_row<R: Row>(
    row: &R,
    notes: Vec<DesignNote>,
    hints: Vec<DesignHint>,
) -> Result<StoredDesign>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredDesign {
        summary: summary_row(row)?,
        prompt_text: row.try_get("prompt_text")?,
        setup: row.try_get("setup")?,
        clock: row.try_get("clock")?,
        notes,
        hints,
        diagram: row.try_get("diagram")?,
        diagram_rev: row.try_get("diagram_rev")?,
        self_rating: row.try_get("self_rating")?,
        report: row.try_get("report")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_kept_replaced_added_or_refused_by_the_rule() {
        let plan =
            |latest, base, body, now| plan_note(7, "clarify", latest, base, body, now, 5_000);
        assert_eq!(plan(None, 0, "", 10).expect("empty"), NoteSave::Keep(0));
        assert_eq!(plan(None, 0, "a", 10).expect("first"), NoteSave::Add(1));
        let latest = Some((3, "abc", 1_000));
        assert_eq!(
            plan(latest, 3, "abc", 1_001).expect("same"),
            NoteSave::Keep(3)
        );
        // The same text from an older revision is no conflict: nothing differs.
        assert_eq!(
            plan(latest, 1, "abc", 9_999).expect("same"),
            NoteSave::Keep(3)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 5_999).expect("within"),
            NoteSave::Replace(3)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 6_000).expect("outside"),
            NoteSave::Add(4)
        );
        assert_eq!(
            plan(latest, 3, "abcd", 999).expect("clock back"),
            NoteSave::Add(4)
        );
        match plan(latest, 2, "abcd", 1_001) {
            Err(e @ StoreError::DesignConflict { .. }) => assert_eq!(
                e.to_string(),
                "the notes of phase `clarify` were saved meanwhile (revision 3; this edit \
                 started from 2)"
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
            plan_note(7, "p", latest, 3, "x", 1_000, 0).expect("no window"),
            NoteSave::Add(4)
        );
    }

    #[test]
    fn values_are_checked_before_anything_is_written() {
        let long = "x".repeat(MAX_DESIGN_TITLE_CHARS + 1);
        let invalid = |r: Result<()>, says: &str| match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{m}"),
            other => panic!("expected a refusal naming {says:?}: {other:?}"),
        };
        let new = NewDesign {
            prompt_id: None,
            title: &long,
            prompt_text: "Design a URL shortener.",
            setup: "{}",
            clock: "{}",
        };
        invalid(check_new_design(&new), "title");
        // Characters, not bytes: 200 two-byte letters fit.
        let wide = "é".repeat(MAX_DESIGN_TITLE_CHARS);
        check_new_design(&NewDesign {
            title: &wide,
            ..new.clone()
        })
        .expect("fits");
        invalid(
            check_new_design(&NewDesign {
                title: "ok",
                setup: "{",
                ..new.clone()
            }),
            "setup",
        );
        invalid(check_note("", "body"), "phase");
        invalid(check_note("clarify", "a\0b"), "NUL");
        invalid(check_diagram("not json"), "diagram");
        invalid(check_finish("{}", 101, None, "{}"), "overall");
        invalid(check_finish("{}", 50, Some("["), "{}"), "self-rating");
        check_finish("{}", 50, Some("{\"clarity\": 4}"), "{}").expect("sound");
    }
}
