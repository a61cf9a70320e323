/*!
Persistence for tpmprep. One small async trait per domain — [`Users`], [`Sessions`], [`Stories`],
[`Mocks`], [`Designs`] (system-design practice sessions), [`Writings`] (writing-assessment
attempts), [`Offers`] (job offers with revisions), [`Transcripts`] (spoken answers' transcripts
and their reports), [`Drills`] (spaced-repetition cards and
their review log), [`Plans`] (the study plan's overrides), [`Settings`], [`Sharing`] and
[`Backups`] (one account's whole data as one document) —
each in its own module with its types, and the umbrella [`Store`] that every backend
implements and callers hold as `dyn Store`. The SQLite backend ([`SqliteStore`], embedded and
bundled) is the default, and PostgreSQL ([`PgStore`]) serves the same traits for server mode; each
backend keeps one file per domain (`sqlite/<domain>.rs`, `postgres/<domain>.rs`). Migrations are
embedded (`migrations/<backend>/`, the same numbers on both), append-only: a released migration is
never edited.

Every domain's methods can be called on a `dyn Store` as they are; on a concrete backend such as
[`SqliteStore`] they need their trait in scope: `use tpmprep_store::prelude::*;` brings them all.

Every method takes the owner's [`UserId`] and every query is filtered by it, so isolation between
accounts is a property of each query, not of the caller. Every write is one transaction: a process
killed mid-write leaves the whole change or none of it.

Invariant: this is the only crate that contains SQL. It knows the story model (`stories` crate) but
nothing of the CLI or HTTP.
*/
#![deny(missing_docs)]

mod backup;
mod design;
mod drills;
mod error;
mod import_plan;
mod mocks;
mod offers;
mod plans;
mod postgres;
mod revisions;
mod settings;
mod sharing;
mod sqlite;
mod stories;
#[cfg(feature = "test-support")]
pub mod test_support;
mod transcripts;
mod users;
mod values;
mod writing;

use async_trait::async_trait;

pub use backup::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupAnswer, BackupCard, BackupDayScore, BackupDesign,
    BackupDesignHint, BackupDesignNote, BackupMock, BackupOffer, BackupOfferRevision, BackupRating,
    BackupReview, BackupRevision, BackupStory, BackupSummary, BackupWriting, BackupWritingRevision,
    Backups, Held,
};
pub use design::*;
pub use drills::*;
pub use error::{Result, StoreError};
pub use mocks::{MockAnswer, MockId, MockRating, MockSummary, Mocks, NewMock, StoredMock};
pub use offers::{
    MAX_OFFER_BODY_CHARS, MAX_OFFER_NAME_CHARS, NewOffer, OfferId, OfferRevision, OfferSummary,
    Offers, StoredOffer,
};
pub use plans::*;
pub use postgres::PgStore;
pub use settings::Settings;
pub use sharing::{Comment, CommentOn, CommentsOf, MAX_COMMENT_CHARS, Share, Sharing};
pub use sqlite::SqliteStore;
pub use stories::{
    ImportAction, Imported, Revision, ScoredRevision, StoredStory, Stories, StoryFilter, StoryId,
    StoryMeta, StorySummary, new_uid,
};
pub use transcripts::{
    MAX_TRANSCRIPT_NAME_CHARS, MAX_TRANSCRIPT_QUESTION_CHARS, MAX_TRANSCRIPT_QUESTION_ID_CHARS,
    MAX_TRANSCRIPT_REPORT_BYTES, MAX_TRANSCRIPT_SOURCE_BYTES, MAX_TRANSCRIPT_TEXT_BYTES,
    NewTranscript, StoredTranscript, TRANSCRIPT_CONTEXTS, TRANSCRIPT_FORMATS, TranscriptId,
    TranscriptSummary, Transcripts,
};
pub use users::{
    Account, Credentials, LOCAL_USER, NewInvite, Role, SEEN_EVERY, Sessions, UserId, Users,
};
pub use writing::{
    MAX_WRITING_BODY_CHARS, MAX_WRITING_KEY_CHARS, MAX_WRITING_MINUTES, MAX_WRITING_PROMPT_CHARS,
    MAX_WRITING_REPORT_CHARS, MAX_WRITING_TITLE_CHARS, NewWriting, StoredWriting, WritingId,
    WritingRevision, WritingSummary, Writings,
};

/// The persistence seam: every domain trait, and what the store as a whole does. Implemented by
/// SQLite and PostgreSQL; the conformance suite in `tests/conformance/` runs against
/// every implementation, a module per domain.
#[async_trait]
pub trait Store:
    Users
    + Sessions
    + Stories
    + Mocks
    + Designs
    + Writings
    + Offers
    + Transcripts
    + Drills
    + Plans
    + Settings
    + Sharing
    + Backups
    + Send
    + Sync
{
    /// Closes connections cleanly (SQLite checkpoints its WAL, so the next open is quick).
    async fn close(&self);

    /// What an operator should know about how this store is set up (printed when a server
    /// starts): e.g. a PostgreSQL role that row-level security does not bind. Empty when all is well.
    async fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The store's traits, so their methods can be called on a concrete backend such as
/// [`SqliteStore`] (a `dyn Store` needs none of them): `use tpmprep_store::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Backups, Designs, Drills, Mocks, Offers, Plans, Sessions, Settings, Sharing, Store,
        Stories, Transcripts, Users, Writings,
    };
}

/// What a `--database-url` names.
enum Target<'a> {
    /// A `postgres://` or `postgresql://` URL.
    Postgres(&'a str),
    /// A `sqlite:` URL.
    SqliteUrl(&'a str),
    /// A file path (absolute or relative to the working folder).
    Path(&'a std::path::Path),
}

/// Reads a database URL: `sqlite:...`, `postgres://…` / `postgresql://…`, another scheme
/// (refused), or else a file path. A scheme is two or more letters, digits, `+`, `-` or `.` before
/// a `:` (so `C:\db` stays a path).
fn target(url: &str) -> Result<Target<'_>> {
    if url.starts_with("sqlite:") {
        return Ok(Target::SqliteUrl(url));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Target::Postgres(url));
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

/// Opens the store a database URL names: a `sqlite:` URL or a file path (created and migrated when
/// new), or a `postgres://` / `postgresql://` URL (an existing database, migrated; a pool of
/// [`PgStore::DEFAULT_MAX_CONNECTIONS`]; [`open_url_with`] sets another size).
pub async fn open_url(url: &str) -> Result<Box<dyn Store>> {
    open_url_with(url, PgStore::DEFAULT_MAX_CONNECTIONS).await
}

/// [`open_url`] with a PostgreSQL pool of at most `pg_pool_size` connections (at least one; a
/// SQLite file keeps its own pool).
pub async fn open_url_with(url: &str, pg_pool_size: u32) -> Result<Box<dyn Store>> {
    Ok(match target(url)? {
        Target::SqliteUrl(url) => Box::new(SqliteStore::open_url(url).await?),
        Target::Path(path) => Box::new(SqliteStore::open_path(path).await?),
        Target::Postgres(url) => Box::new(PgStore::open_url_with(url, pg_pool_size).await?),
    })
}

/// A database URL as it may be shown (banners, `config`, errors): a PostgreSQL URL's password as
/// `***`; anything else as it is.
pub fn url_for_display(url: &str) -> String {
    let Target::Postgres(_) = (match target(url) {
        Ok(t) => t,
        Err(_) => return url.to_string(),
    }) else {
        return url.to_string();
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// `PRAGMA integrity_check` of the SQLite database a URL or path names, opened as it is: not
/// created, not migrated, so a damaged file can be examined. `["ok"]` for a sound file, else what
/// SQLite found wrong (at most 100 findings). A PostgreSQL URL is
/// [`StoreError::CheckSqliteOnly`]: the server checks its own data.
pub async fn integrity_check_url(url: &str) -> Result<Vec<String>> {
    match target(url)? {
        Target::Postgres(_) => Err(StoreError::CheckSqliteOnly),
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

/// Now, in unix milliseconds: the time every stored timestamp is in.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
