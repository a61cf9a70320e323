/*!
tpmprep's use cases: the operations every front end performs, written once over the [`Store`] trait,
the pack and the critic. The CLI (line mode, TUI) and the web app call these and only add how things are
shown and how time is read.

It holds stories as the critic sees them ([`stories`]: text, facts, cached scores) and mock
interviews ([`mock`]): starting one (weakness from story coverage and past ratings,
recent questions avoided), answering (each answer saved before the engine moves on), keeping drafts,
reopening a mock by replaying its saved answers, and finishing it (debrief, ratings, story use).

Invariant: no SQL (that is the store's), no HTTP or terminal, no clock except the store's timestamps;
errors are [`AppError`].
*/
#![deny(missing_docs)]

pub mod mock;
pub mod stories;

use tpmprep_store::StoreError;

/// What can go wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A plan could not be made.
    #[error(transparent)]
    Plan(#[from] tpmprep_practice::PlanError),
    /// An id the pack does not know.
    #[error("unknown {what} `{id}` (valid: {valid})")]
    Unknown {
        /// What kind of id.
        what: &'static str,
        /// The id given.
        id: String,
        /// Ids that would do.
        valid: String,
    },
    /// The mock is finished.
    #[error("mock {0} is finished; see its debrief with `tpmprep mock show {0}`")]
    Finished(i64),
    /// The mock is over; there is nothing to answer.
    #[error("mock {0} has no question waiting; it is ready for its debrief")]
    NothingToAnswer(i64),
    /// No unfinished mock exists.
    #[error(
        "no unfinished mock to resume; start one with `tpmprep mock phone-screen` or `tpmprep mock loop`"
    )]
    NoUnfinished,
    /// Saved data could not be read back.
    #[error("mock {id}: {what}")]
    Damaged {
        /// Mock id.
        id: i64,
        /// What is wrong.
        what: String,
    },
}

/// Shorthand for use-case results.
pub type Result<T> = std::result::Result<T, AppError>;

pub(crate) fn unknown<'a>(
    what: &'static str,
    id: &str,
    valid: impl Iterator<Item = &'a str>,
) -> AppError {
    AppError::Unknown {
        what,
        id: id.to_string(),
        valid: valid.collect::<Vec<_>>().join(", "),
    }
}
