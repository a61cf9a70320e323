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
use tpmprep_stories::{Status, StoryContent};

pub use sqlite::SqliteStore;

/// An account id. The single local user of the embedded store is [`LOCAL_USER`].
pub type UserId = i64;
/// A story id.
pub type StoryId = i64;
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
    /// An account with that name exists already.
    #[error("a user named `{0}` exists already")]
    UserExists(String),
    /// The database URL is not one this build can open.
    #[error("unsupported database URL `{0}`: use a sqlite: URL or a file path")]
    UnsupportedUrl(String),
    /// Stored data could not be read back.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A story's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryMeta {
    /// Story id.
    pub id: StoryId,
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

/// The persistence seam. Implemented by SQLite now and PostgreSQL later; the conformance suite in
/// `tests/conformance.rs` runs against every implementation.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates an account and returns its id (server mode; the embedded store has [`LOCAL_USER`]).
    async fn create_user(&self, name: &str) -> Result<UserId>;
    /// Saves a new story as revision 1.
    async fn create_story(&self, owner: UserId, content: &StoryContent) -> Result<StoryMeta>;
    /// Saves many new stories in one transaction: all of them or none.
    async fn import_stories(&self, owner: UserId, stories: &[StoryContent])
    -> Result<Vec<StoryId>>;
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
    /// Closes connections cleanly (SQLite checkpoints its WAL, so the next open is quick).
    async fn close(&self);
}

/// Opens the store a database URL names (`sqlite:...`; PostgreSQL arrives with server mode).
pub async fn open_url(url: &str) -> Result<Box<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(SqliteStore::open_url(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_string()))
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
