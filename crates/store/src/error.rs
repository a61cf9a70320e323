//! What can go wrong in the store, shared by every domain.

use crate::{CardId, DesignId, Held, MockId, OfferId, StoryId, TranscriptId, WritingId};

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
    /// No design session with that id for this owner.
    #[error("design session {0} not found")]
    DesignNotFound(DesignId),
    /// A phase's notes, or the diagram, were saved from an older revision than the latest: nothing
    /// was written, and the caller shows both texts.
    #[error("{}", design_conflict_words(.phase, .base_rev, .current_rev))]
    DesignConflict {
        /// Design session id.
        id: DesignId,
        /// The phase whose notes were edited, or `diagram` for the diagram.
        phase: String,
        /// Revision the edit started from.
        base_rev: i64,
        /// Revision now latest.
        current_rev: i64,
    },
    /// No writing attempt with that id for this owner (another owner's attempt is not found
    /// either).
    #[error("writing attempt {0} not found")]
    WritingNotFound(WritingId),
    /// The text of a writing attempt was saved from an older revision than the latest: nothing
    /// was written, and the caller shows both texts.
    #[error(
        "writing attempt {id} was saved meanwhile (revision {current_rev}; this edit started from \
         {base_rev})"
    )]
    WritingConflict {
        /// Writing attempt id.
        id: WritingId,
        /// Revision the edit started from.
        base_rev: i64,
        /// Revision now latest.
        current_rev: i64,
    },
    /// No offer with that id for this owner (another owner's offer is not found either).
    #[error("offer {0} not found")]
    OfferNotFound(OfferId),
    /// Another of the owner's offers has this name (names are compared case-insensitively after
    /// trimming): nothing was written.
    #[error("an offer named `{0}` exists already; choose another name")]
    OfferNameTaken(String),
    /// An offer was saved from an older revision than the latest: nothing was written, and the
    /// caller shows both.
    #[error(
        "offer {id} was saved meanwhile (revision {current_rev}; this edit started from {base_rev})"
    )]
    OfferConflict {
        /// Offer id.
        id: OfferId,
        /// Revision the edit started from.
        base_rev: i64,
        /// Revision now latest.
        current_rev: i64,
    },
    /// No transcript with that id for this owner (another owner's transcript is not found
    /// either).
    #[error("transcript {0} not found")]
    TranscriptNotFound(TranscriptId),
    /// No drill card with that id for this owner (another owner's card is not found either).
    #[error("drill card {0} not found")]
    CardNotFound(CardId),
    /// A review was recorded against a card whose memory changed since the caller read it (a
    /// grade submitted twice, or from two windows): nothing was written.
    #[error(
        "drill card {card} was graded meanwhile (its review count is {found} now; this grade was \
         given when it was {expected}): nothing was recorded"
    )]
    DrillConflict {
        /// The card.
        card: CardId,
        /// The count of reviews (`reps`) the caller read.
        expected: i64,
        /// The count stored now.
        found: i64,
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
    /// The database cannot be reached just now: no connection within the pool's acquire timeout
    /// (the server is down, restarting or refusing connections), or the connection broke during
    /// the request (what the driver said). Passing: the pool reconnects by itself once the server
    /// is back, so trying again later can succeed. A write that failed this way may or may not have
    /// been committed.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// Migrations failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(sqlx::migrate::MigrateError),
}

/// The words of [`StoreError::DesignConflict`].
fn design_conflict_words(phase: &str, base: &i64, current: &i64) -> String {
    let what = if phase == "diagram" {
        "the diagram was".to_string()
    } else {
        format!("the notes of phase `{phase}` were")
    };
    format!("{what} saved meanwhile (revision {current}; this edit started from {base})")
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if unavailable(&e) {
            StoreError::Unavailable(e.to_string())
        } else {
            StoreError::Database(e)
        }
    }
}

/// Whether `e` says the database cannot be reached rather than that the request was wrong: the
/// pool found no connection in time, the connection failed (I/O, TLS), or the server refused or
/// dropped it — SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, crashed,
/// starting up) and 53300 (too many connections). A pool this process closed itself is not: using
/// it is a mistake of ours.
fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.len() == 5
                && (c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03" | "53300"))
        }),
        _ => false,
    }
}

impl StoreError {
    /// Whether this is the passing kind ([`StoreError::Unavailable`]): the same request may
    /// succeed once the database is back.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_out_of_reach_is_unavailable_and_anything_else_is_not() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        for e in [sqlx::Error::PoolTimedOut, sqlx::Error::Io(refused)] {
            let s = StoreError::from(e);
            assert!(s.is_unavailable(), "{s}");
            assert!(
                s.to_string().starts_with("the database is unavailable"),
                "{s}"
            );
        }
        for e in [
            sqlx::Error::RowNotFound,
            sqlx::Error::PoolClosed,
            sqlx::Error::Protocol("odd".into()),
        ] {
            let s = StoreError::from(e);
            assert!(!s.is_unavailable(), "{s}");
            assert!(matches!(s, StoreError::Database(_)), "{s}");
        }
    }

    #[test]
    fn design_errors_say_which_session_phase_and_revisions() {
        assert_eq!(
            StoreError::DesignNotFound(7).to_string(),
            "design session 7 not found"
        );
        let conflict = |phase: &str| StoreError::DesignConflict {
            id: 7,
            phase: phase.into(),
            base_rev: 3,
            current_rev: 4,
        };
        assert_eq!(
            conflict("clarify").to_string(),
            "the notes of phase `clarify` were saved meanwhile (revision 4; this edit started from 3)"
        );
        assert_eq!(
            conflict("diagram").to_string(),
            "the diagram was saved meanwhile (revision 4; this edit started from 3)"
        );
    }
}
