//! The study plan: a week-by-week schedule of concrete preparation tasks sized in hours, from the
//! interview date, the hours a week, the days off and what the candidate has already done. Pure:
//! today is an input, nothing is read or written; the same input always gives the same plan.
//!
//! # How [`plan`] schedules
//!
//! - **Days and weeks.** Weeks run from `today` in 7-day blocks up to the day before the interview
//!   (the last block may be partial). A day off never holds a task; nothing falls on or after the
//!   interview or before today. A week's budget is `hours_per_week × working days in the block /
//!   working days in a full week`, so a full week's budget is `hours_per_week` and a partial week's
//!   less; a week's planned hours never exceed its budget. A day holds at most
//!   `max(3 h, 2 × the daily average)` (and never more than 10 h), except that one task may take a
//!   whole empty day. All arithmetic is in whole minutes.
//! - **Tasks.** Two stories per principle (1 h each, 1.25 h at L6), weakest principles first (no
//!   ready story, then the lowest best critic score, then the lowest last mock rating, then pack
//!   order); three mock loops of five interviews (2.5 h each); a phone-screen mock (1 h) 2–4 days
//!   before the phone screen when one is given; design sessions (1 h; 3 at L5, 4 at L6); a 20-minute
//!   drill on the first five working days of every week (`drill:<date>`); writing practice (1.5 h) two
//!   days before the interview, or the nearest earlier working day; questions to ask (0.5 h);
//!   résumé metrics (1 h); two-minute versions of the top stories (`pitch`, 1.5 h).
//! - **Priority.** Essentials, in this order: writing, the mocks, the first story of every principle
//!   with no ready story, two design sessions, questions, drills. Then the nice-to-haves: the
//!   phone-screen mock, résumé, pitch, the remaining design sessions, the second stories (weakest
//!   principle first). Tasks are placed one by one in that order, so when hours run short the lowest
//!   priority gives way first: an essential is dropped only when no allowed day had room for it
//!   once everything above it was placed.
//! - **Where each task goes.** Writing on the day two days before the interview, else the nearest
//!   earlier day with room. Mocks aim at targets spaced evenly (2–7 days apart) with the last one 4
//!   days before the interview (3 or 5 if 4 is full or off), each on the free day nearest its
//!   target, the last one placed first; two mocks are never on days less than 2 apart, and the
//!   planner's mocks are numbered in date order. The phone-screen mock 2, 3 or 4 days
//!   before the phone screen, else earlier. A drill only on its own day. Questions and pitch as late
//!   as possible before the last mock; everything else on the earliest day with room, at first
//!   filling each week only to the plan's share of its budget (hours needed / available + 10 %) so
//!   that slack is spread over the weeks, then anywhere. Earlier tasks
//!   leave room for the drills of every day (a drill's 20 minutes are held for it) unless nothing
//!   else would fit.
//! - **Progress.** A principle with `n` ready stories has its first `n` story tasks done; mock `k` is
//!   done when `mocks_done ≥ k`, design session `k` when `design_sessions_done ≥ k`, writing when
//!   `writing_done ≥ 1`, a drill when its day is in `drill_days`. Done tasks go to [`Plan::done`]
//!   and free their hours.
//! - **Overrides** (the last one for a key wins; unknown keys are ignored with a note). `Done` → done.
//!   `Skip` → [`Plan::skipped`], its hours freed, never listed as dropped. `Move` → placed on that
//!   day before anything else (status [`TaskStatus::Moved`]); a move to a day off, before today or
//!   on/after the interview is an error; a move into a week or day without room is not applied (a
//!   note says so) and the task is planned as usual.
//! - **Dropped.** Every task that found no room is in [`Plan::dropped`] with a reason naming the
//!   hours available and needed; [`Plan::notes`] says when the hours available are below the
//!   60-hour floor ([`FLOOR_HOURS`]).
//!
//! Exports: [`to_markdown`] and [`to_ics`] (RFC 5545, one event per planned task, stable UIDs).

mod dates;
mod ics;
mod markdown;
mod schedule;
mod tasks;

use serde::{Deserialize, Serialize};

pub use dates::{Day, civil, date_string, parse_date, parse_weekdays, weekday, weekday_name};
pub use ics::{IcsOptions, to_ics};
pub use markdown::to_markdown;
pub use schedule::plan;

/// The hours of preparation the Amazon TPM loop usually takes at the least.
pub const FLOOR_HOURS: f32 = 60.0;

/// The level applied for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// TPM II (L5).
    #[default]
    L5,
    /// Senior TPM (L6): longer stories (scope), one more design session.
    L6,
}

/// How the loop is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// On video.
    #[default]
    Virtual,
    /// In person.
    Onsite,
}

/// What the candidate has done for one principle.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PrincipleProgress {
    /// Principle id (`customer-obsession`).
    pub id: String,
    /// Principle name (`Customer Obsession`).
    pub name: String,
    /// Stories tagged with it that are "ready" and scored at least 70 by the critic.
    pub ready_stories: u32,
    /// The best critic score of a story tagged with it.
    pub best_score: Option<u8>,
    /// The rating in the last mock that assessed it: 0 strong no hire … 4 strong hire.
    pub mock_rating: Option<u8>,
}

/// What the candidate has done so far.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Every principle, in pack order.
    pub principles: Vec<PrincipleProgress>,
    /// Full mock loops finished.
    pub mocks_done: u32,
    /// Design sessions finished.
    pub design_sessions_done: u32,
    /// Writing practices finished.
    pub writing_done: u32,
    /// Days with at least one drill review.
    pub drill_days: Vec<Day>,
}

/// What the candidate did to a task by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OverrideAction {
    /// Not doing it: its hours are freed.
    Skip,
    /// Done, whatever the progress says.
    Done,
    /// Do it on [`Override::to`].
    Move,
}

/// One task changed by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// The task's [`Task::key`].
    pub key: String,
    /// What to do.
    pub action: OverrideAction,
    /// The day to move to ([`OverrideAction::Move`] only).
    pub to: Option<Day>,
}

/// What a plan is made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    /// Today (the caller's clock).
    pub today: Day,
    /// The interview (loop) day.
    pub interview: Day,
    /// The phone-screen day, when known.
    pub phone_screen: Option<Day>,
    /// Hours a week to spend, 1 ..= 80.
    pub hours_per_week: f32,
    /// Weekdays off (0 = Monday).
    pub days_off: Vec<u8>,
    /// Level applied for.
    pub level: Level,
    /// Loop format.
    pub format: Format,
    /// What is done so far.
    pub progress: Progress,
    /// Tasks changed by hand.
    pub overrides: Vec<Override>,
}

/// The kind of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// Write or polish a STAR story for a principle.
    Story,
    /// A full mock loop.
    Mock,
    /// A phone-screen mock.
    PhoneScreen,
    /// A system-design session.
    Design,
    /// Spaced-repetition drills.
    Drill,
    /// The writing assessment practice.
    Writing,
    /// Questions to ask the interviewers.
    Questions,
    /// Metrics for every résumé line.
    Resume,
    /// Two-minute versions of the top stories.
    Pitch,
}

impl TaskKind {
    /// The kebab-case id, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Story => "story",
            TaskKind::Mock => "mock",
            TaskKind::PhoneScreen => "phone-screen",
            TaskKind::Design => "design",
            TaskKind::Drill => "drill",
            TaskKind::Writing => "writing",
            TaskKind::Questions => "questions",
            TaskKind::Resume => "resume",
            TaskKind::Pitch => "pitch",
        }
    }
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    /// Scheduled by the planner.
    Planned,
    /// Done (from progress or by hand).
    Done,
    /// Skipped by hand.
    Skipped,
    /// Placed on a day chosen by hand.
    Moved,
}

/// One task of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Stable key: `story:<principle>:<1|2>`, `mock:<k>`, `design:<k>`, `drill:<date>`, `writing`,
    /// `questions`, `resume`, `pitch`, `phone-screen`.
    pub key: String,
    /// What to do.
    pub title: String,
    /// Kind.
    pub kind: TaskKind,
    /// Time budget in hours.
    pub hours: f32,
    /// The day it is planned on (today for done and skipped tasks).
    pub day: Day,
    /// [`Task::day`] as `YYYY-MM-DD`.
    pub date: String,
    /// The principle id, for a story.
    pub principle: Option<String>,
    /// Essential (placed before the nice-to-haves).
    pub essential: bool,
    /// Why it is in the plan, one sentence.
    pub why: String,
    /// Status.
    pub status: TaskStatus,
}

/// One week of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// 1-based.
    pub index: u32,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    /// Hours this week may hold.
    pub budget: f32,
    /// Hours planned.
    pub hours: f32,
    /// Tasks by day.
    pub tasks: Vec<Task>,
}

/// A task that found no room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    /// The task's key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: TaskKind,
    /// Its hours.
    pub hours: f32,
    /// Why, naming the shortfall.
    pub reason: String,
}

/// A study plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Today, `YYYY-MM-DD`.
    pub today: String,
    /// The interview day.
    pub interview: String,
    /// The phone-screen day, when given.
    pub phone_screen: Option<String>,
    /// Days from today to the interview.
    pub days_left: i64,
    /// Hours a week.
    pub hours_per_week: f32,
    /// The sum of the week budgets.
    pub hours_available: f32,
    /// Hours of every task not done and not skipped.
    pub hours_needed: f32,
    /// Hours placed in weeks.
    pub hours_planned: f32,
    /// [`FLOOR_HOURS`].
    pub floor_hours: f32,
    /// `hours_available < floor_hours`.
    pub below_floor: bool,
    /// Plain sentences: the floor, what was dropped and why, the phone screen…
    pub notes: Vec<String>,
    /// The weeks, first to last.
    pub weeks: Vec<Week>,
    /// Tasks done.
    pub done: Vec<Task>,
    /// Tasks skipped by hand.
    pub skipped: Vec<Task>,
    /// Tasks that found no room.
    pub dropped: Vec<Dropped>,
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanError {
    /// The interview is today or earlier.
    #[error("the interview date {interview} must be after today ({today})")]
    InterviewNotAfterToday {
        /// Today.
        today: String,
        /// The interview.
        interview: String,
    },
    /// Hours a week outside 1 ..= 80.
    #[error("hours per week must be between 1 and 80 (got {0})")]
    HoursOutOfRange(f32),
    /// A word that is not a weekday.
    #[error("`{0}` is not a weekday (use mon, tue, wed, thu, fri, sat, sun or the full names)")]
    BadWeekday(String),
    /// A weekday number above 6.
    #[error("weekday {0} does not exist (0 = Monday … 6 = Sunday)")]
    WeekdayOutOfRange(u8),
    /// Every day is a day off.
    #[error("all seven days are days off, so nothing can be planned")]
    AllDaysOff,
    /// The phone screen is on or after the interview.
    #[error("the phone screen ({phone_screen}) must be before the interview ({interview})")]
    PhoneScreenNotBeforeInterview {
        /// The phone screen.
        phone_screen: String,
        /// The interview.
        interview: String,
    },
    /// A move without a day.
    #[error("moving `{0}` needs a day to move it to")]
    MoveWithoutDate(String),
    /// A move before today.
    #[error("cannot move `{key}` to {date}: that is before today")]
    MoveBeforeToday {
        /// Task key.
        key: String,
        /// The day asked for.
        date: String,
    },
    /// A move on or after the interview.
    #[error("cannot move `{key}` to {date}: that is not before the interview ({interview})")]
    MoveNotBeforeInterview {
        /// Task key.
        key: String,
        /// The day asked for.
        date: String,
        /// The interview.
        interview: String,
    },
    /// A move to a day off.
    #[error("cannot move `{key}` to {date}: {weekday} is a day off")]
    MoveOnDayOff {
        /// Task key.
        key: String,
        /// The day asked for.
        date: String,
        /// Its weekday's name.
        weekday: String,
    },
}

/// Hours with at most two decimals and no trailing zeros: `1`, `1.5`, `1.25`, `0.33`.
pub fn hours_text(hours: f32) -> String {
    let s = format!("{:.2}", hours);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
