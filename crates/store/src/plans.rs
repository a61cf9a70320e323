//! The study plan's stored part: the [`Plans`] domain, the candidate's overrides of planned tasks
//! (skipped, done by hand, moved to another day). The plan itself is computed afresh each time from
//! its inputs and the candidate's progress (`tpmprep_practice`), so only what the candidate said
//! about a task is kept, by the task's stable key.
//!
//! The plan's inputs are settings ([`Settings`](crate::Settings), no table of their own), each one
//! text value per account under these keys:
//!
//! | key | value |
//! |---|---|
//! | [`SETTING_INTERVIEW_DATE`] `interview_date` | the loop's date, `YYYY-MM-DD` |
//! | [`SETTING_PHONE_SCREEN_DATE`] `phone_screen_date` | the phone screen's date, `YYYY-MM-DD`, when known |
//! | [`SETTING_PLAN_HOURS_PER_WEEK`] `plan_hours_per_week` | hours a week for preparation (a number) |
//! | [`SETTING_PLAN_DAYS_OFF`] `plan_days_off` | days with no preparation (the app's format, e.g. weekdays or dates) |
//! | [`SETTING_PLAN_LEVEL`] `plan_level` | the target level, `L5` or `L6` |
//! | [`SETTING_PLAN_FORMAT`] `plan_format` | the loop's format id |
//!
//! The store does not read these values; the app writes and checks them.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{Result, StoreError, UserId};

/// Setting key: the interview (loop) date, `YYYY-MM-DD`.
pub const SETTING_INTERVIEW_DATE: &str = "interview_date";
/// Setting key: the phone screen's date, `YYYY-MM-DD`.
pub const SETTING_PHONE_SCREEN_DATE: &str = "phone_screen_date";
/// Setting key: hours a week for preparation.
pub const SETTING_PLAN_HOURS_PER_WEEK: &str = "plan_hours_per_week";
/// Setting key: days with no preparation.
pub const SETTING_PLAN_DAYS_OFF: &str = "plan_days_off";
/// Setting key: the target level (`L5` / `L6`).
pub const SETTING_PLAN_LEVEL: &str = "plan_level";
/// Setting key: the loop's format id.
pub const SETTING_PLAN_FORMAT: &str = "plan_format";

/// Longest task key, in characters.
pub const MAX_PLAN_KEY_CHARS: usize = 200;

/// What the candidate said about one planned task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanOverride {
    /// The task's stable key (at most [`MAX_PLAN_KEY_CHARS`] characters, one line).
    pub key: String,
    /// `skip`, `done` or `move`.
    pub action: String,
    /// The day it was moved to, `YYYY-MM-DD`: set for `move` only.
    pub moved_to: Option<String>,
    /// Unix milliseconds of the override.
    pub updated_at: i64,
}

/// The plan's overrides.
#[async_trait]
pub trait Plans: Send + Sync {
    /// The owner's overrides, by key.
    async fn plan_overrides(&self, owner: UserId) -> Result<Vec<PlanOverride>>;
    /// Sets an override: a new one, or replacing the one of the same key. A key, action or date
    /// that is not sound is [`StoreError::Invalid`], nothing written.
    async fn set_plan_override(&self, owner: UserId, o: &PlanOverride) -> Result<()>;
    /// Clears one override; whether it existed.
    async fn clear_plan_override(&self, owner: UserId, key: &str) -> Result<bool>;
    /// Clears every override of the owner; how many there were.
    async fn clear_plan_overrides(&self, owner: UserId) -> Result<u64>;
}

/// The actions an override takes.
pub const PLAN_ACTIONS: [&str; 3] = ["skip", "done", "move"];

/// Refuses a task key that is empty, too long or not one line.
pub(crate) fn check_plan_key(key: &str) -> Result<()> {
    if key.trim().is_empty() || key.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the task key is empty or holds control characters".into(),
        ));
    }
    if key.len() > MAX_PLAN_KEY_CHARS && key.chars().count() > MAX_PLAN_KEY_CHARS {
        return Err(StoreError::Invalid(format!(
            "the task key is longer than {MAX_PLAN_KEY_CHARS} characters"
        )));
    }
    Ok(())
}

/// Whether `d` is a calendar date written `YYYY-MM-DD`.
pub(crate) fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = d.get(r)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Checks an override before it is written.
pub(crate) fn check_override(o: &PlanOverride) -> Result<()> {
    check_plan_key(&o.key)?;
    if !PLAN_ACTIONS.contains(&o.action.as_str()) {
        return Err(StoreError::Invalid(format!(
            "the task action `{}` is not one of skip, done, move",
            o.action.escape_debug()
        )));
    }
    match (o.action.as_str(), o.moved_to.as_deref()) {
        ("move", Some(d)) if is_date(d) => Ok(()),
        ("move", Some(d)) => Err(StoreError::Invalid(format!(
            "the day a task is moved to is not a date written YYYY-MM-DD: {:?}",
            d
        ))),
        ("move", None) => Err(StoreError::Invalid(
            "a moved task needs the day it was moved to".into(),
        )),
        (_, Some(_)) => Err(StoreError::Invalid(format!(
            "only a moved task has a day it was moved to (this one is `{}`)",
            o.action
        ))),
        (_, None) => Ok(()),
    }
}

/// A [`PlanOverride`] from a row of `key, action, moved_to, updated_at` (either backend's).
pub(crate) fn override_row<R: Row>(row: &R) -> Result<PlanOverride>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(PlanOverride {
        key: row.try_get("key")?,
        action: row.try_get("action")?,
        moved_to: row.try_get("moved_to")?,
        updated_at: row.try_get("updated_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(key: &str, action: &str, moved_to: Option<&str>) -> PlanOverride {
        PlanOverride {
            key: key.into(),
            action: action.into(),
            moved_to: moved_to.map(str::to_string),
            updated_at: 1,
        }
    }

    #[test]
    fn dates_are_calendar_dates() {
        for good in ["2026-12-05", "2028-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-12-5",
            "2026-13-01",
            "2026-00-10",
            "2027-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026/12/05",
            "+026-12-05",
            "2026-12-0a",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn overrides_are_checked_before_anything_is_written() {
        check_override(&o("week-1/story-ownership", "skip", None)).expect("skip");
        check_override(&o("k", "done", None)).expect("done");
        check_override(&o("k", "move", Some("2026-12-24"))).expect("move");
        let refused = |x: PlanOverride, says: &str| match check_override(&x) {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        };
        refused(o("", "skip", None), "empty");
        refused(o("a\nb", "skip", None), "control");
        refused(o(&"k".repeat(201), "skip", None), "longer than 200");
        refused(o("k", "postpone", None), "not one of");
        refused(o("k", "move", None), "needs the day");
        refused(o("k", "move", Some("tomorrow")), "YYYY-MM-DD");
        refused(o("k", "skip", Some("2026-12-24")), "only a moved task");
        // Characters, not bytes.
        check_override(&o(&"é".repeat(200), "skip", None)).expect("200 wide letters fit");
    }
}
