/*!
Persistence for tpmprep. One [`Store`] trait; the SQLite backend ([`SqliteStore`], embedded and bundled)
is the default, and PostgreSQL joins behind the same trait for server mode. Migrations are embedded
(`migrations/<backend>/`), append-only: a released migration is never edited.

Every method takes the owner's [`UserId`] and every query is filtered by it, so isolation between
accounts is a property of each query, not of the caller. Every write is one transaction: a process
killed mid-write leaves the whole change or none of it.

Invariant: this is the only crate that contains SQL. It knows the story model (`stories` crate) but
nothing of the CLI or HTTP.
*/
#![deny(missing_docs)]

mod sqlite;

use async_trait::async_trait;
use serde::Serialize;
use tpmprep_stories::merge::Base;
use tpmprep_stories::{Conflict, Kept, ReadStory, Status, StoryContent};

pub use sqlite::SqliteStore;

/// An account id. The single local user of the embedded store is [`LOCAL_USER`].
pub type UserId = i64;
/// A story id.
pub type StoryId = i64;
/// A mock interview id.
pub type MockId = i64;
/// The local user every embedded database has.
pub const LOCAL_USER: UserId = 1;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No story with that id for this owner.
    #[error("no story {0}")]
    NotFound(StoryId),
    /// No such revision.
    #[error("story {id} has no revision {rev}")]
    NoRevision {
        /// Story id.
        id: StoryId,
        /// Revision asked for.
        rev: i64,
    },
    /// The edit was based on an older revision than the current one.
    #[error(
        "story {id} changed since you started editing: your edit is based on revision {base}, \
         but revision {current} has been saved since (another terminal or window?)"
    )]
    Conflict {
        /// Story id.
        id: StoryId,
        /// Revision the edit started from.
        base: i64,
        /// Revision now current.
        current: i64,
    },
    /// The story is in the trash; restore it first.
    #[error("story {0} is in the trash; restore it with `tpmprep story restore-trash {0}` first")]
    InTrash(StoryId),
    /// Purge was asked for a story not in the trash.
    #[error("story {0} is not in the trash; trash it first, then purge")]
    NotInTrash(StoryId),
    /// The content cannot be stored as given (callers store normalised stories).
    #[error("cannot store this story: {0}")]
    Invalid(String),
    /// No mock with that id for this owner.
    #[error("no mock {0}")]
    MockNotFound(MockId),
    /// The mock is finished; it takes no more answers.
    #[error(
        "mock {0} is finished; start a new one with `tpmprep mock phone-screen` or `tpmprep mock loop`"
    )]
    MockFinished(MockId),
    /// An answer was saved out of order (another process is answering the same mock?).
    #[error(
        "mock {id} expected answer number {expected} but got number {got}: is the mock open in \
         another terminal or window?"
    )]
    MockOutOfStep {
        /// Mock id.
        id: MockId,
        /// The next sequence number the store expected.
        expected: i64,
        /// The one given.
        got: i64,
    },
    /// An account with that name exists already.
    #[error("a user named `{0}` exists already")]
    UserExists(String),
    /// The database URL is not one this build can open.
    #[error("unsupported database URL `{0}`: use a sqlite: URL or a file path")]
    UnsupportedUrl(String),
    /// The database file is damaged (SQLite reports it malformed, or not a database at all).
    #[error(
        "the database file is damaged ({0}); `tpmprep db check` says what is wrong and what to do"
    )]
    Damaged(String),
    /// `db check` was pointed at a database file that does not exist.
    #[error("there is no database at {0}")]
    Missing(String),
    /// Stored data could not be read back.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The database failed. (Not a `source`: the message holds it already, and an error chain
    /// printed whole would say it twice.)
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// Migrations failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

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

/// A new mock interview.
#[derive(Debug, Clone)]
pub struct NewMock<'a> {
    /// `phone-screen`, `loop` or `custom`.
    pub kind: &'a str,
    /// Format id from the pack.
    pub format: &'a str,
    /// The practice engine's setup, as JSON.
    pub setup: &'a str,
}

/// One saved answer of a mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockAnswer {
    /// Position in the mock, from 0; each save must be the next one.
    pub seq: i64,
    /// Interview index.
    pub interview: i64,
    /// Question index within the interview.
    pub question: i64,
    /// Follow-up index, for answers to follow-ups.
    pub follow_up: Option<i64>,
    /// Pack question id.
    pub question_id: String,
    /// What was asked.
    pub prompt: String,
    /// The answer.
    pub answer: String,
    /// Seconds it took.
    pub seconds: i64,
    /// The story it tells, if known.
    pub story_id: Option<StoryId>,
    /// Unix milliseconds (set by the store).
    pub created_at: i64,
}

/// One line of the mock list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockSummary {
    /// Mock id.
    pub id: MockId,
    /// `phone-screen`, `loop` or `custom`.
    pub kind: String,
    /// Format id.
    pub format: String,
    /// `hire` / `no-hire` once finished.
    pub decision: Option<String>,
    /// Answers saved.
    pub answers: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last save.
    pub updated_at: i64,
    /// Unix milliseconds, once finished.
    pub finished_at: Option<i64>,
}

/// A mock with everything saved for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMock {
    /// Bookkeeping.
    pub summary: MockSummary,
    /// The setup JSON.
    pub setup: String,
    /// The answer being typed when the mock stopped (not yet submitted).
    pub draft: String,
    /// Seconds spent on the current prompt when it stopped.
    pub draft_seconds: i64,
    /// Answers in order.
    pub answers: Vec<MockAnswer>,
    /// The debrief JSON, once finished.
    pub debrief: Option<String>,
}

/// One principle's rating by one interviewer, as a finished mock records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockRating {
    /// Mock id (ignored when finishing a mock).
    pub mock_id: MockId,
    /// Interview index.
    pub interview: i64,
    /// Principle id.
    pub principle: String,
    /// `strong-no-hire`, `no-hire`, `hire` or `strong-hire`.
    pub rating: String,
}

/// The persistence seam. Implemented by SQLite now and PostgreSQL later; the conformance suite in
/// `tests/conformance.rs` runs against every implementation.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates an account and returns its id (server mode; the embedded store has [`LOCAL_USER`]).
    async fn create_user(&self, name: &str) -> Result<UserId>;
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
    /// [`StoreError::Conflict`] and nothing is written.
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
    /// Starts a mock and returns its id.
    async fn create_mock(&self, owner: UserId, mock: &NewMock<'_>) -> Result<MockId>;
    /// Saves one answer the moment it is given, and clears the draft. `answer.seq` must be the next
    /// position ([`StoreError::MockOutOfStep`] otherwise, and nothing is written).
    async fn save_mock_answer(&self, owner: UserId, id: MockId, answer: &MockAnswer) -> Result<()>;
    /// Keeps the answer being typed and the seconds spent on the current prompt so far.
    async fn save_mock_draft(
        &self,
        owner: UserId,
        id: MockId,
        draft: &str,
        seconds: i64,
    ) -> Result<()>;
    /// Keeps the seconds spent on the current prompt, leaving the draft's text as it is; the seconds
    /// never go back (the larger of the saved and the given count is kept).
    async fn save_mock_draft_seconds(&self, owner: UserId, id: MockId, seconds: i64) -> Result<()>;
    /// Finishes a mock: its decision, debrief JSON and ratings, in one transaction.
    async fn finish_mock(
        &self,
        owner: UserId,
        id: MockId,
        decision: &str,
        debrief: &str,
        ratings: &[MockRating],
    ) -> Result<()>;
    /// A mock with its answers.
    async fn mock(&self, owner: UserId, id: MockId) -> Result<StoredMock>;
    /// Every mock, newest first.
    async fn list_mocks(&self, owner: UserId) -> Result<Vec<MockSummary>>;
    /// The ratings of every finished mock, oldest mock first.
    async fn mock_ratings(&self, owner: UserId) -> Result<Vec<MockRating>>;
    /// Question ids answered in mocks since `since` (unix milliseconds).
    async fn recent_mock_questions(&self, owner: UserId, since: i64) -> Result<Vec<String>>;
    /// A setting's value, if set.
    async fn setting(&self, owner: UserId, key: &str) -> Result<Option<String>>;
    /// Sets (or with `None` clears) a setting.
    async fn set_setting(&self, owner: UserId, key: &str, value: Option<&str>) -> Result<()>;
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
    /// Closes connections cleanly (SQLite checkpoints its WAL, so the next open is quick).
    async fn close(&self);
}

/// What a `--database-url` names.
enum Target<'a> {
    /// A `sqlite:` URL.
    SqliteUrl(&'a str),
    /// A file path (absolute or relative to the working folder).
    Path(&'a std::path::Path),
}

/// Reads a database URL: `sqlite:...`, another scheme (refused), or else a file path. A scheme is
/// two or more letters, digits, `+`, `-` or `.` before a `:` (so `C:\db` stays a path).
fn target(url: &str) -> Result<Target<'_>> {
    if url.starts_with("sqlite:") {
        return Ok(Target::SqliteUrl(url));
    }
    let scheme = url.split_once(':').map(|(s, _)| s);
    let is_scheme = scheme.is_some_and(|s| {
        s.len() >= 2
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if is_scheme || url.trim().is_empty() {
        return Err(StoreError::UnsupportedUrl(url.to_string()));
    }
    Ok(Target::Path(std::path::Path::new(url)))
}

/// Opens the store a database URL names: a `sqlite:` URL or a file path (PostgreSQL arrives with
/// server mode).
pub async fn open_url(url: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(match target(url)? {
        Target::SqliteUrl(url) => SqliteStore::open_url(url).await?,
        Target::Path(path) => SqliteStore::open_path(path).await?,
    }))
}

/// `PRAGMA integrity_check` of the SQLite database a URL or path names, opened as it is: not
/// created, not migrated, so a damaged file can be examined. `["ok"]` for a sound file, else what
/// SQLite found wrong (at most 100 findings).
pub async fn integrity_check_url(url: &str) -> Result<Vec<String>> {
    match target(url)? {
        Target::SqliteUrl(url) => SqliteStore::check_url(url).await,
        Target::Path(path) => SqliteStore::check_path(path).await,
    }
}

/// Test hook: when `TPMPREP_TEST_PAUSE_AT` names this point, touch `TPMPREP_TEST_PAUSE_FILE` and
/// sleep, so a test can kill the process in the middle of a transaction. Inert otherwise.
pub(crate) fn pause_point(name: &str) {
    if std::env::var("TPMPREP_TEST_PAUSE_AT").as_deref() != Ok(name) {
        return;
    }
    if let Ok(file) = std::env::var("TPMPREP_TEST_PAUSE_FILE") {
        let _ = std::fs::write(file, name);
    }
    std::thread::sleep(std::time::Duration::from_secs(60));
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
