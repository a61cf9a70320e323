//! The FSRS wrapper and the interview-aware cap (see the module doc of [`crate::drill`]).

use fsrs::{FSRS, MemoryState};

use super::{
    CardState, DAY_MS, DrillError, DrillSettings, FINAL_WINDOW_DAYS, Grade, Reviewed, day_of,
};

/// Schedules reviews with one `fsrs::FSRS` built from [`DrillSettings`].
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    desired_retention: f32,
    decay: f32,
}

/// The parameters FSRS would use for `p` (17, 19 or 21 values, all finite).
pub(super) fn check_parameters(p: &[f32]) -> Result<Vec<f32>, DrillError> {
    if p.is_empty() {
        return Err(DrillError::BadParameters(
            "the list is empty; FSRS needs 17, 19 or 21 numbers".into(),
        ));
    }
    fsrs::check_and_fill_parameters(p).map_err(|_| {
        DrillError::BadParameters(format!(
            "{} numbers given; FSRS needs 17, 19 or 21, all finite",
            p.len()
        ))
    })
}

impl Scheduler {
    /// A scheduler for validated `settings`.
    pub fn new(settings: &DrillSettings) -> Result<Self, DrillError> {
        settings.validate()?;
        let params = match &settings.parameters {
            Some(p) => check_parameters(p)?,
            None => fsrs::DEFAULT_PARAMETERS.to_vec(),
        };
        let fsrs = FSRS::new(&params).map_err(|e| DrillError::BadParameters(format!("{e:?}")))?;
        // FSRS clips the decay (the last parameter) to 0.1 ..= 0.8 in `FSRS::new`.
        let decay = params
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
            .clamp(0.1, 0.8);
        Ok(Scheduler {
            fsrs,
            desired_retention: settings.desired_retention,
            decay,
        })
    }

    /// The desired retention FSRS schedules for.
    pub fn desired_retention(&self) -> f32 {
        self.desired_retention
    }

    /// The wrapped FSRS model.
    pub fn fsrs(&self) -> &FSRS {
        &self.fsrs
    }

    /// One review: FSRS's next state for `grade`; the due date is now + interval (whole days, at
    /// least one), then made interview-aware (see the module doc).
    pub fn review(
        &self,
        state: Option<&CardState>,
        grade: Grade,
        now: i64,
        interview: Option<i64>,
    ) -> Result<Reviewed, DrillError> {
        let today = day_of(now);
        let elapsed = state.map_or(0, |s| (today - day_of(s.last_review)).max(0));
        let memory = state.map(|s| MemoryState {
            stability: s.stability,
            difficulty: s.difficulty,
        });
        let days = u32::try_from(elapsed).unwrap_or(u32::MAX);
        let next = self
            .fsrs
            .next_states(memory, self.desired_retention, days)
            .map_err(|e| DrillError::Fsrs(format!("{e:?}")))?;
        let item = match grade {
            Grade::Again => next.again,
            Grade::Hard => next.hard,
            Grade::Good => next.good,
            Grade::Easy => next.easy,
        };
        let fsrs_interval = item.interval;
        let whole = if fsrs_interval.is_finite() {
            fsrs_interval.round().clamp(1.0, 36_500.0)
        } else {
            36_500.0
        };
        let mut due = now + (whole as i64) * DAY_MS;
        let mut capped = false;
        if let Some(target) = window_day(today, day_of(due), item.memory.difficulty, interview) {
            due = target * DAY_MS + now.rem_euclid(DAY_MS);
            capped = true;
        }
        let (reps, lapses) = state.map_or((0, 0), |s| (s.reps, s.lapses));
        let lapse = u32::from(state.is_some() && grade == Grade::Again);
        Ok(Reviewed {
            state: CardState {
                due,
                stability: item.memory.stability,
                difficulty: item.memory.difficulty,
                last_review: now,
                reps: reps.saturating_add(1),
                lapses: lapses.saturating_add(lapse),
            },
            interval_days: ((due - now) as f64 / DAY_MS as f64) as f32,
            fsrs_interval_days: fsrs_interval,
            capped,
            elapsed_days: elapsed as f32,
        })
    }

    /// The four outcomes' scheduled intervals in days, for showing
    /// "Again 1d · Hard 3d · Good 8d · Easy 15d" before grading.
    pub fn preview(
        &self,
        state: Option<&CardState>,
        now: i64,
        interview: Option<i64>,
    ) -> Result<[(Grade, f32); 4], DrillError> {
        let mut out = [(Grade::Again, 0.0); 4];
        for (slot, grade) in out.iter_mut().zip(Grade::ALL) {
            *slot = (
                grade,
                self.review(state, grade, now, interview)?.interval_days,
            );
        }
        Ok(out)
    }

    /// The probability the card is recalled at `now` (FSRS's forgetting curve over the time since
    /// the last review, fractional days).
    pub fn retrievability(&self, state: &CardState, now: i64) -> f32 {
        let days = ((now - state.last_review).max(0) as f64 / DAY_MS as f64) as f32;
        let memory = MemoryState {
            stability: state.stability.max(0.001),
            difficulty: state.difficulty,
        };
        fsrs::current_retrievability(memory, days, self.decay)
    }
}

/// The day a due on `due_day` is brought forward to, or `None` when FSRS's due stands: no
/// upcoming interview, a due before it, or today already inside the final window.
fn window_day(today: i64, due_day: i64, difficulty: f32, interview: Option<i64>) -> Option<i64> {
    let interview = interview?;
    let start = interview - FINAL_WINDOW_DAYS;
    if interview < today || due_day < interview || today >= start {
        return None;
    }
    // Harder cards later in the window, nearer the interview; easy ones at its start.
    let back = if difficulty >= 7.0 {
        1
    } else if difficulty >= 4.0 {
        2
    } else {
        FINAL_WINDOW_DAYS
    };
    // today < start, so the window day is at least tomorrow.
    Some((interview - back).max(start).max(today + 1))
}
