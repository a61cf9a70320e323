//! What can go wrong in the store, shared by every domain.

use crate::{Held, MockId, StoryId};

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
    /// The invitation link is unknown, used already or expired.
    #[error("this invitation is not valid: it was used already, has expired, or never existed")]
    InviteInvalid,
    /// No account with that id.
    #[error("no account {0}")]
    AccountNotFound(i64),
    /// The database URL is not one this build can open.
    #[error("unsupported database URL `{0}`: use a sqlite: URL, a file path or a postgres:// URL")]
    UnsupportedUrl(String),
    /// `db check` was pointed at a PostgreSQL database: the check reads SQLite files only.
    #[error(
        "`db check` examines SQLite database files only; a PostgreSQL server checks its own data \
         (its logs, and `pg_amcheck` for the indexes)"
    )]
    CheckSqliteOnly,
    /// The database file is damaged (SQLite reports it malformed, or not a database at all).
    #[error(
        "the database file is damaged ({0}); `tpmprep db check` says what is wrong and what to do"
    )]
    Damaged(String),
    /// `db check` was pointed at a database file that does not exist.
    #[error("there is no database at {0}")]
    Missing(String),
    /// A backup document cannot be read or restored as it stands: not JSON, not a backup, a
    /// version this build does not read, or data that does not hold together (the message says
    /// which and where).
    #[error("{0}")]
    BadBackup(String),
    /// A backup is restored only into an account that holds nothing yet.
    #[error(
        "this account holds {0} already; a backup is restored only into an empty account \
         (nothing was changed)"
    )]
    NotEmpty(Held),
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
