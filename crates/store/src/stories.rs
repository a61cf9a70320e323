//! The story bank: the [`Stories`] domain — stories, their revisions, the trash, imports, the
//! count of tellings in mocks and the critic's cached scores — and its types.

use async_trait::async_trait;
use serde::Serialize;
use tpmprep_stories::merge::Base;
use tpmprep_stories::{Conflict, Kept, ReadStory, Status, StoryContent};

use crate::{Result, UserId};

/// A story id.
pub type StoryId = i64;

/// A story's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryMeta {
    /// Story id.
    pub id: StoryId,
    /// The story's stable id (a UUID), kept through export and import.
    pub uid: String,
    /// Current revision (1 for a new story).
    pub rev: i64,
    /// Times the story was told in mock interviews.
    pub times_used: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last save.
    pub updated_at: i64,
    /// Unix milliseconds when trashed, while in the trash.
    pub trashed_at: Option<i64>,
}

/// A story as stored: its bookkeeping and current content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredStory {
    /// Bookkeeping.
    pub meta: StoryMeta,
    /// Content of the current revision.
    pub content: StoryContent,
}

/// What an import did with one story of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportAction {
    /// Not in the bank: saved as a new story.
    New,
    /// Already in the bank with the same text: nothing written.
    Unchanged,
    /// In the bank with other text: the file's text saved as a new revision (the old one is kept).
    Updated,
    /// In the bank's trash: nothing written (restore it first, or import with `--as-new`).
    InTrash,
    /// The file is unchanged since the revision it was written from, and the bank has saved newer
    /// ones: nothing written (the file is older than the bank).
    Older,
    /// Both the file and the bank changed since the file's revision, in different places: the two
    /// merged and saved as a new revision (nothing of either undone).
    Merged,
    /// Both the file and the bank changed the same fields differently since the file's revision:
    /// the bank's version stands, nothing written (the file keeps its text).
    Conflict,
}

/// One story of an import: the story it became or matched, its revision now, and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// Story id.
    pub id: StoryId,
    /// The story's current revision after the import.
    pub rev: i64,
    /// What was done.
    pub action: ImportAction,
    /// For a story the bank held with other text: the revision the file was taken to be written
    /// from (recorded in the file, or the closest when it records none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Base>,
    /// Merged: the bank's changes kept (with the revisions that made them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Kept>,
    /// Conflict: the fields both changed differently, with every version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

impl Imported {
    /// What an import did with a story, with nothing more to say.
    pub fn plain(id: StoryId, rev: i64, action: ImportAction) -> Imported {
        Imported {
            id,
            rev,
            action,
            base: None,
            kept: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

/// A new random stable story id (UUID version 4).
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// One scored revision, for the story scores over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoredRevision {
    /// The story.
    pub story: StoryId,
    /// When the revision was saved (unix milliseconds).
    pub saved_at: i64,
    /// The critic's score of it.
    pub score: u8,
}

/// One line of a story list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// Bookkeeping.
    #[serde(flatten)]
    pub meta: StoryMeta,
    /// Title.
    pub title: String,
    /// Status.
    pub status: Status,
    /// Principle ids.
    pub principles: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// One revision's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// Revision number, from 1.
    pub rev: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// The content saved.
    pub content: StoryContent,
}

/// Which stories to list.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Only stories tagged with this principle.
    pub principle: Option<String>,
    /// Only stories with this status.
    pub status: Option<Status>,
    /// Only stories with this tag.
    pub tag: Option<String>,
    /// List the trash instead of the live stories.
    pub trashed: bool,
}

/// Stories and everything kept per story: revisions, the trash, imports, tellings and scores.
#[async_trait]
pub trait Stories: Send + Sync {
    /// Saves a new story as revision 1.
    async fn create_story(&self, owner: UserId, content: &StoryContent) -> Result<StoryMeta>;
    /// Imports stories in one transaction: all of them or none. Unless `as_new`, a story already in
    /// the bank is recognised — by its stable id when the file gives one, else by identical content —
    /// and left alone when identical or in the trash; when its text changed, the file's version is
    /// reconciled with the bank's against the revision the file was written from
    /// ([`tpmprep_stories::merge::reconcile`]: saved as a new revision when written from the current
    /// one, skipped as older when unchanged since, merged when both changed apart, else the bank's
    /// version kept and the conflict reported) — nothing saved meanwhile is undone and no old
    /// revision is lost; the others are saved as new stories, keeping
    /// the file's stable id. Earlier stories of the same import count as in the bank. With `as_new`,
    /// every story is saved as a new copy with a new stable id. One [`Imported`] per story, in order.
    async fn import_stories(
        &self,
        owner: UserId,
        stories: &[ReadStory],
        as_new: bool,
    ) -> Result<Vec<Imported>>;
    /// A story with its current content (also while in the trash).
    async fn story(&self, owner: UserId, id: StoryId) -> Result<StoredStory>;
    /// Saves `content` as a new revision if the story is still at `base_rev`; otherwise
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) and nothing is written.
    async fn update_story(
        &self,
        owner: UserId,
        id: StoryId,
        base_rev: i64,
        content: &StoryContent,
    ) -> Result<StoryMeta>;
    /// Every revision, oldest first.
    async fn revisions(&self, owner: UserId, id: StoryId) -> Result<Vec<Revision>>;
    /// One revision.
    async fn revision(&self, owner: UserId, id: StoryId, rev: i64) -> Result<Revision>;
    /// Stories matching `filter`, by id.
    async fn list_stories(&self, owner: UserId, filter: &StoryFilter) -> Result<Vec<StorySummary>>;
    /// Moves a story to the trash (its revisions are kept).
    async fn trash_story(&self, owner: UserId, id: StoryId) -> Result<()>;
    /// Takes a story out of the trash.
    async fn restore_from_trash(&self, owner: UserId, id: StoryId) -> Result<()>;
    /// Deletes a trashed story and all its revisions for good.
    async fn purge_story(&self, owner: UserId, id: StoryId) -> Result<()>;
    /// Counts one more telling of the story in a mock interview.
    async fn record_story_use(&self, owner: UserId, id: StoryId) -> Result<()>;
    /// Caches the critic's score of revision `rev` of a story (ignored if the story moved on).
    async fn set_story_score(&self, owner: UserId, id: StoryId, rev: i64, score: u8) -> Result<()> {
        self.set_story_scores(owner, &[(id, rev, score)]).await
    }
    /// Caches many scores, each `(id, rev, score)`, in one transaction (a score for a revision that is
    /// no longer current is ignored).
    async fn set_story_scores(&self, owner: UserId, scores: &[(StoryId, i64, u8)]) -> Result<()>;
    /// Cached scores of the live stories whose current revision has one: `(id, score)`.
    async fn story_scores(&self, owner: UserId) -> Result<Vec<(StoryId, u8)>>;
    /// The last scored revision of each live story on each UTC day it has one, oldest save first
    /// (autosave makes many revisions a day; only a day's last one matters to a trend by day).
    async fn score_history(&self, owner: UserId) -> Result<Vec<ScoredRevision>>;
}
