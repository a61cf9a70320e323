/*!
tpmprep's use cases: the operations every front end performs, written once over the [`Store`] trait,
the pack and the critic. The CLI (line mode, TUI) and the web app call these and only add how things are
shown and how time is read.

It holds what every front end shows of a critique ([`critique`]: the question's ranked principles, the
design checklist), stories as the critic sees them ([`stories`]: text, facts, cached scores) and mock
interviews ([`mock`]): starting one (weakness from story coverage and past ratings,
recent questions avoided), answering (each answer saved before the engine moves on), keeping drafts,
reopening a mock by replaying its saved answers, and finishing it (debrief, ratings, story use);
accounts and sign-in ([`accounts`]) and coaching ([`sharing`]: shares, the coach's gate, comments).
[`plan`] makes the study plan from the candidate's settings and real activity
([`progress`]), [`drill`] runs spaced-repetition drills on FSRS, and [`readiness`] turns it all into
one openly weighted figure. [`design`] runs system-design practice sessions (phased clock, notes with revisions, hints,
diagram, the six-objective report and its history). [`speak`] reads, measures and critiques spoken answers brought as transcripts (and takes them as mock and drill answers). [`backup`] writes one account's whole data as one versioned document and restores it into an empty
account.

Invariant: no SQL (that is the store's), no HTTP or terminal, no clock except the store's timestamps;
errors are [`AppError`].
*/
#![deny(missing_docs)]

pub mod accounts;
pub mod backup;
pub mod critique;
pub mod design;
pub mod drill;
pub mod edit;
pub mod import;
pub mod mock;
pub mod offers;
pub mod plan;
pub mod progress;
pub mod readiness;
pub mod sharing;
pub mod speak;
pub mod stories;
pub mod writing;

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
    /// What the caller asked for cannot be done as given.
    #[error("{0}")]
    Invalid(String),
    /// Not shared with this account, or not there at all (they are said alike: a coach without a
    /// share learns nothing).
    #[error("No such candidate, or they do not share with you.")]
    NotShared,
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

/// A duration as `mm:ss` (or `h:mm:ss` from an hour up), as the mock clocks show it.
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM UTC` (Howard Hinnant's days-to-civil algorithm).
pub fn civil_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is one.
pub fn days_from_date(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1900..=9999).contains(&y) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // Reject dates that do not exist (31 April): they do not round-trip.
    civil_time(days * 86_400_000)
        .starts_with(date.trim())
        .then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2026-11-22"), Some(20_779));
        assert_eq!(civil_time(20_779 * 86_400_000), "2026-11-22 00:00 UTC");
        assert_eq!(days_from_date("2024-02-29"), Some(19_782));
        for bad in [
            "2026-04-31",
            "2025-02-29",
            "2026-13-01",
            "tomorrow",
            "",
            "2026-1",
        ] {
            assert_eq!(days_from_date(bad), None, "{bad}");
        }
    }
}
