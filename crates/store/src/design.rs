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

use crate::{Result, UserId};

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
    async fn save_design_clock(&self, owner: UserId, id: DesignId, clock: &str, now: i64)
    -> Result<()>;

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
    /// self-rating) and keeps the first `finished_at`.
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
