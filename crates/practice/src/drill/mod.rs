/*!
Spaced-repetition drills scheduled by the [`fsrs`] crate (the scheduler Anki ships), as pure
functions: no clock, no IO. `now` is always an input, in Unix milliseconds; the interview is a day
number (days since 1970-01-01, UTC).

- [`Scheduler`] wraps one `fsrs::FSRS`: [`Scheduler::review`] gives a card's next state for a
  grade, [`Scheduler::preview`] the four possible intervals, [`Scheduler::retrievability`] how
  likely the card is recalled now.
- [`queue`]: the card ids to drill now, [`stats`]: counts, retention, per-principle strength and a
  forecast, [`suggest_grade`]: a grade from the critic's score, [`optimise`]: FSRS parameters fitted
  to the user's own review log, [`anki_tsv`]: an export Anki imports.

# Days

FSRS counts whole days. A day here is a UTC calendar day (midnight UTC is the day's rollover, as
Anki's 4 a.m. rollover is its own): the days elapsed given to FSRS are the difference of the two
reviews' day numbers, and a scheduled interval of `n` days puts the due at the same time of day `n`
days later. The interval scheduled is FSRS's interval rounded to whole days, at least one (as the
crate's own example schedules). A card is due on its due *day*: [`queue`] offers every card due
before tomorrow.

# Interview awareness

When an interview day is given and is not past, and the FSRS due would fall on or after the
interview, the due is brought forward so the card is seen inside the final window
`[interview − FINAL_WINDOW_DAYS, interview − 1]`: harder cards (FSRS difficulty 7 and up) on the
last day before the interview, middling ones (4 to 7) the day before that, easy ones at the window's
start, which spreads the final load over the window. [`Reviewed::capped`] is then true and
[`Reviewed::fsrs_interval_days`] keeps what FSRS alone said. The due is never earlier than now + 1
day for Good or Easy (the window always starts after today when this applies). When now is already
inside the window, a card just reviewed counts as seen: FSRS's due stands, even past the interview.
A past interview (before today) is ignored: plain FSRS. New cards stop being introduced once fewer
than [`LEARN_DAYS`] days remain ([`can_introduce_new`]).
*/

mod optimise;
mod queue;
mod schedule;
mod stats;
mod tsv;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use optimise::{MIN_REVIEWS_TO_OPTIMISE, optimise, training_items};
pub use queue::{can_introduce_new, queue};
pub use schedule::Scheduler;
pub use stats::{FORECAST_DAYS, MAX_FORECAST_DAYS, RETENTION_DAYS, stats};
pub use tsv::anki_tsv;

/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
/// New cards stop being introduced when fewer than this many days remain before the interview.
pub const LEARN_DAYS: i64 = 5;
/// Every card is seen within this many days before the interview (the final window).
pub const FINAL_WINDOW_DAYS: i64 = 3;

/// The day number (days since 1970-01-01, UTC) of a time in Unix milliseconds.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// A day number as `YYYY-MM-DD` (proleptic Gregorian, UTC): the plan's.
pub use crate::plan::date_string;

/// How well a card was recalled, the four buttons of Anki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Forgotten.
    Again,
    /// Recalled with difficulty.
    Hard,
    /// Recalled.
    Good,
    /// Recalled effortlessly.
    Easy,
}

impl Grade {
    /// All four, in button order.
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// The kebab-case id: `again`, `hard`, `good`, `easy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// How a button says it: `Again`, `Hard`, `Good`, `Easy`.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }

    /// FSRS's rating: 1 (Again) ..= 4 (Easy).
    pub fn rating(self) -> u32 {
        match self {
            Grade::Again => 1,
            Grade::Hard => 2,
            Grade::Good => 3,
            Grade::Easy => 4,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = DrillError;

    /// `again`, `hard`, `good`, `easy` in any case, or `1` ..= `4`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Grade::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(t) || g.rating().to_string() == t)
            .ok_or_else(|| DrillError::BadGrade(s.to_string()))
    }
}

/// A reviewed card's FSRS state. A new card has none (`Option::None`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    /// When the card is next due (Unix ms).
    pub due: i64,
    /// FSRS stability: days until recall probability falls to 90 %.
    pub stability: f32,
    /// FSRS difficulty, 1 (easy) ..= 10 (hard).
    pub difficulty: f32,
    /// When the card was last reviewed (Unix ms).
    pub last_review: i64,
    /// Reviews so far.
    pub reps: u32,
    /// Times graded Again after the first review.
    pub lapses: u32,
}

/// How drills are scheduled and paced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillSettings {
    /// The recall probability FSRS schedules for, 0.70 ..= 0.97 (default 0.9).
    pub desired_retention: f32,
    /// Optimised FSRS parameters ([`optimise`]); `None` = the crate's defaults.
    pub parameters: Option<Vec<f32>>,
    /// Minutes one card takes (default 3).
    pub minutes_per_card: f32,
    /// New cards introduced per day at most (default 5).
    pub new_per_day: u32,
    /// Daily drill minutes, from the plan's hours; `None` = no cap.
    pub minutes_per_day: Option<u32>,
}

impl Default for DrillSettings {
    fn default() -> Self {
        DrillSettings {
            desired_retention: 0.9,
            parameters: None,
            minutes_per_card: 3.0,
            new_per_day: 5,
            minutes_per_day: None,
        }
    }
}

impl DrillSettings {
    /// Checks every field is in range, with an error saying what to change.
    pub fn validate(&self) -> Result<(), DrillError> {
        let r = self.desired_retention;
        if !(r.is_finite() && (0.70..=0.97).contains(&r)) {
            return Err(DrillError::BadRetention(r));
        }
        let m = self.minutes_per_card;
        if !(m.is_finite() && m > 0.0) {
            return Err(DrillError::BadMinutesPerCard(m));
        }
        if let Some(p) = &self.parameters {
            schedule::check_parameters(p)?;
        }
        Ok(())
    }
}

/// The outcome of one review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reviewed {
    /// The card's new state.
    pub state: CardState,
    /// Days until due as scheduled, after the interview cap.
    pub interval_days: f32,
    /// The interval FSRS alone gave (unrounded).
    pub fsrs_interval_days: f32,
    /// The interview brought the due forward.
    pub capped: bool,
    /// Whole days since the last review, as given to FSRS (0 for a new card).
    pub elapsed_days: f32,
}

/// A card as the queue and the stats see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    /// Card id.
    pub id: i64,
    /// Principle ids the card drills.
    pub principles: Vec<String>,
    /// FSRS state; `None` for a new card.
    pub state: Option<CardState>,
    /// Suspended cards are never queued nor forecast.
    pub suspended: bool,
}

/// One logged review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// Card id.
    pub card_id: i64,
    /// Grade given.
    pub grade: Grade,
    /// When (Unix ms).
    pub at: i64,
}

/// How strong the candidate is on one principle, from its cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrincipleStrength {
    /// Principle id.
    pub principle: String,
    /// Active (not suspended) cards drilling it.
    pub cards: u32,
    /// Of those, cards reviewed at least once.
    pub reviewed: u32,
    /// Mean recall probability now of the reviewed ones; `None` when none is.
    pub mean_retrievability: Option<f32>,
}

/// Reviews expected on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastDay {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// Reviews due that day.
    pub reviews: u32,
}

/// The drill deck at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillStats {
    /// Every card, suspended included.
    pub total: u32,
    /// Active cards never reviewed.
    pub new: u32,
    /// Active cards due now (due ≤ now).
    pub due_now: u32,
    /// Active cards due before tomorrow (overdue included).
    pub due_today: u32,
    /// Suspended cards.
    pub suspended: u32,
    /// Reviews logged.
    pub reviews: u32,
    /// Share of the last 30 days' reviews of previously-seen cards not graded Again; `None`
    /// without such reviews.
    pub retention: Option<f32>,
    /// One entry per principle of the active cards, by principle id.
    pub per_principle: Vec<PrincipleStrength>,
    /// Reviews per day from today to the day before the interview (30 days without an upcoming
    /// interview; at most 120), reviewed cards only, each review assumed graded Good.
    pub forecast: Vec<ForecastDay>,
}

/// A card to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCard {
    /// The question.
    pub front: String,
    /// The answer or notes.
    pub back: String,
    /// Tags (principle ids, `tpmprep` …).
    pub tags: Vec<String>,
}

/// Why a drill operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DrillError {
    /// A grade that is not one of the four.
    #[error("unknown grade `{0}`: use again, hard, good or easy (or 1-4)")]
    BadGrade(String),
    /// Desired retention out of range.
    #[error("desired retention must be between 0.70 and 0.97 (got {0})")]
    BadRetention(f32),
    /// Minutes per card not positive.
    #[error("minutes per card must be a number above 0 (got {0})")]
    BadMinutesPerCard(f32),
    /// FSRS parameters the crate rejects.
    #[error(
        "the FSRS parameters are not valid ({0}); clear them to use the defaults, or optimise again"
    )]
    BadParameters(String),
    /// Too short a review log to optimise.
    #[error(
        "optimising needs at least {need} reviews made a day or more after a card's previous one; \
         the log has {have}, so {} more are needed",
        need - have
    )]
    NotEnoughReviews {
        /// Usable reviews in the log.
        have: usize,
        /// Usable reviews needed.
        need: usize,
    },
    /// FSRS itself failed.
    #[error("the FSRS scheduler failed: {0}")]
    Fsrs(String),
}

/// The critic's score of a typed answer as a suggested grade with its reason: ≥ 80 Easy,
/// 70 ..= 79 Good, 50 ..= 69 Hard, < 50 Again. The reason names the score and the rating level the
/// mock uses for it (≥ 80 Strong Hire, ≥ 60 Hire, ≥ 35 No Hire, else Strong No Hire), e.g.
/// "The critic scores this 74 (Hire level): Good."
pub fn suggest_grade(score: u8) -> (Grade, String) {
    let grade = match score {
        80.. => Grade::Easy,
        70..=79 => Grade::Good,
        50..=69 => Grade::Hard,
        _ => Grade::Again,
    };
    let level = match score {
        80.. => "Strong Hire",
        60.. => "Hire",
        35.. => "No Hire",
        _ => "Strong No Hire",
    };
    (
        grade,
        format!(
            "The critic scores this {score} ({level} level): {}.",
            grade.label()
        ),
    )
}
