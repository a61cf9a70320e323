//! The planner: validation, progress and overrides, then placement in priority order (see the
//! module documentation of [`mod@crate::plan`]).

use super::dates::{Day, date_string, weekday, weekday_name};
use super::tasks::{Anchor, Spec, drill_days, specs};
use super::{
    Dropped, FLOOR_HOURS, OverrideAction, Plan, PlanError, PlanInput, Task, TaskKind, TaskStatus,
    Week, hours_text,
};

/// The most a day holds, whatever the hours a week.
const DAY_CEILING: u32 = 600;

/// What is left on the calendar, in minutes.
struct Calendar {
    today: Day,
    interview: Day,
    working: Vec<bool>,
    budget: Vec<u32>,
    week_used: Vec<u32>,
    day_used: Vec<u32>,
    day_reserve: Vec<u32>,
    week_reserve: Vec<u32>,
    cap: u32,
}

impl Calendar {
    fn index(&self, d: Day) -> Option<usize> {
        (d >= self.today && d < self.interview).then(|| (d - self.today) as usize)
    }

    fn allowed(&self, d: Day) -> bool {
        self.index(d).is_some_and(|i| self.working[i])
    }

    /// Whether `minutes` fit on `d`; with `respect`, the minutes held for unplaced drills are kept.
    fn fits(&self, d: Day, minutes: u32, respect: bool) -> bool {
        self.fits_paced(d, minutes, respect, 1.0)
    }

    /// [`Calendar::fits`] with the week filled only to `share` of its budget.
    fn fits_paced(&self, d: Day, minutes: u32, respect: bool, share: f64) -> bool {
        let Some(i) = self.index(d).filter(|&i| self.working[i]) else {
            return false;
        };
        let w = i / 7;
        let (rd, rw) = if respect {
            (self.day_reserve[i], self.week_reserve[w])
        } else {
            (0, 0)
        };
        let budget = if share < 1.0 {
            (f64::from(self.budget[w]) * share).ceil() as u32
        } else {
            self.budget[w]
        };
        let week_ok = self.week_used[w] + minutes + rw <= budget;
        let day_ok =
            self.day_used[i] + minutes + rd <= self.cap || (self.day_used[i] == 0 && rd == 0);
        week_ok && day_ok
    }

    fn take(&mut self, d: Day, minutes: u32) {
        if let Some(i) = self.index(d) {
            self.day_used[i] += minutes;
            self.week_used[i / 7] += minutes;
        }
    }

    fn reserve(&mut self, d: Day, minutes: u32, add: bool) {
        if let Some(i) = self.index(d) {
            if add {
                self.day_reserve[i] += minutes;
                self.week_reserve[i / 7] += minutes;
            } else {
                self.day_reserve[i] -= minutes.min(self.day_reserve[i]);
                self.week_reserve[i / 7] -= minutes.min(self.week_reserve[i / 7]);
            }
        }
    }

    fn days(&self) -> impl Iterator<Item = Day> + use<> {
        self.today..self.interview
    }
}

fn hours(minutes: u32) -> f32 {
    minutes as f32 / 60.0
}

/// Builds the plan (see [`mod@crate::plan`] for the rules).
pub fn plan(input: &PlanInput) -> Result<Plan, PlanError> {
    let (today, interview) = (input.today, input.interview);
    if interview <= today {
        return Err(PlanError::InterviewNotAfterToday {
            today: date_string(today),
            interview: date_string(interview),
        });
    }
    let hpw = input.hours_per_week;
    if !(hpw.is_finite() && (1.0..=80.0).contains(&hpw)) {
        return Err(PlanError::HoursOutOfRange(hpw));
    }
    let mut off = [false; 7];
    for &w in &input.days_off {
        *off.get_mut(usize::from(w))
            .ok_or(PlanError::WeekdayOutOfRange(w))? = true;
    }
    let per_week = off.iter().filter(|o| !**o).count() as u32;
    if per_week == 0 {
        return Err(PlanError::AllDaysOff);
    }
    let mut notes: Vec<String> = Vec::new();
    let phone_screen = match input.phone_screen {
        Some(ps) if ps >= interview => {
            return Err(PlanError::PhoneScreenNotBeforeInterview {
                phone_screen: date_string(ps),
                interview: date_string(interview),
            });
        }
        Some(ps) if ps <= today => {
            notes.push(format!(
                "The phone screen ({}) is today or past, so no phone-screen mock is planned.",
                date_string(ps)
            ));
            None
        }
        other => other,
    };

    let n_days = (interview - today) as usize;
    let working: Vec<bool> = (today..interview)
        .map(|d| !off[usize::from(weekday(d))])
        .collect();
    let week_minutes = (f64::from(hpw) * 60.0).floor() as u32;
    let n_weeks = n_days.div_ceil(7);
    let budget: Vec<u32> = (0..n_weeks)
        .map(|w| {
            let wd = working[w * 7..((w + 1) * 7).min(n_days)]
                .iter()
                .filter(|x| **x)
                .count() as u32;
            week_minutes * wd / per_week
        })
        .collect();
    let cap = (2 * week_minutes / per_week).clamp(180, DAY_CEILING);
    let mut cal = Calendar {
        today,
        interview,
        working,
        week_used: vec![0; n_weeks],
        day_used: vec![0; n_days],
        day_reserve: vec![0; n_days],
        week_reserve: vec![0; n_weeks],
        budget,
        cap,
    };

    let drills = drill_days(input, |d| cal.allowed(d));
    let specs = specs(input, &drills, phone_screen);

    // The last override for each key wins; unknown keys are noted.
    let mut overrides: Vec<(usize, OverrideAction, Option<Day>)> = Vec::new();
    for o in &input.overrides {
        match specs.iter().position(|s| s.key == o.key) {
            Some(i) => {
                overrides.retain(|(j, _, _)| *j != i);
                overrides.push((i, o.action, o.to));
            }
            None => notes.push(format!(
                "There is no task `{}` in this plan, so its change was ignored.",
                o.key
            )),
        }
    }
    let action = |i: usize| {
        overrides
            .iter()
            .find(|(j, _, _)| *j == i)
            .map(|(_, a, t)| (*a, *t))
    };

    let mut done: Vec<Task> = Vec::new();
    let mut skipped: Vec<Task> = Vec::new();
    let mut pending: Vec<(usize, Option<Day>)> = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        match action(i) {
            _ if s.done => done.push(task(s, today, TaskStatus::Done)),
            Some((OverrideAction::Done, _)) => done.push(task(s, today, TaskStatus::Done)),
            Some((OverrideAction::Skip, _)) => skipped.push(task(s, today, TaskStatus::Skipped)),
            Some((OverrideAction::Move, to)) => {
                let to = to.ok_or_else(|| PlanError::MoveWithoutDate(s.key.clone()))?;
                check_move(&s.key, to, today, interview, &off)?;
                pending.push((i, Some(to)));
            }
            None => pending.push((i, None)),
        }
    }
    let needed: u32 = pending.iter().map(|(i, _)| specs[*i].minutes).sum();
    let available: u32 = cal.budget.iter().sum();

    // Hold the drills' minutes on their days.
    for (i, to) in &pending {
        if let (Anchor::On(d), None) = (specs[*i].anchor, to) {
            cal.reserve(d, specs[*i].minutes, true);
        }
    }

    let mut placed: Vec<(usize, Day, TaskStatus)> = Vec::new();
    // Moves first.
    let mut rest: Vec<usize> = Vec::new();
    for (i, to) in &pending {
        let s = &specs[*i];
        match to {
            Some(d) if cal.fits(*d, s.minutes, false) => {
                cal.take(*d, s.minutes);
                placed.push((*i, *d, TaskStatus::Moved));
            }
            Some(d) => {
                notes.push(format!(
                    "{} could not move to {}: that day or week has no room for {} h, so it is planned as usual.",
                    s.title,
                    date_string(*d),
                    hours_text(hours(s.minutes))
                ));
                if let Anchor::On(day) = s.anchor {
                    cal.reserve(day, s.minutes, true);
                }
                rest.push(*i);
            }
            None => rest.push(*i),
        }
    }
    rest.sort_unstable();
    // The mocks are placed last one first: the one 3–5 days before the interview is the anchor.
    let first_mock = rest.iter().position(|i| specs[*i].anchor == Anchor::Mock);
    if let Some(a) = first_mock {
        let n = rest[a..]
            .iter()
            .take_while(|i| specs[**i].anchor == Anchor::Mock)
            .count();
        rest[a..a + n].reverse();
    }

    let mut mocks_to_place: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|i| specs[*i].anchor == Anchor::Mock)
        .collect();
    mocks_to_place.sort_unstable();
    let share = (f64::from(needed) / f64::from(available.max(1)) + 0.1).min(1.0);
    let mut dropped_at: Vec<usize> = Vec::new();
    for &i in &rest {
        let s = &specs[i];
        if let Anchor::On(d) = s.anchor {
            cal.reserve(d, s.minutes, false);
        }
        let mock_days: Vec<Day> = placed
            .iter()
            .filter(|(j, _, _)| specs[*j].kind == TaskKind::Mock)
            .map(|(_, d, _)| *d)
            .collect();
        let cands = candidates(s, i, &cal, &mocks_to_place, &mock_days);
        // Tasks that may go anywhere fill each week only to the plan's share of the hours at
        // first, so slack is spread over the weeks rather than left at the end.
        let paced = (s.anchor == Anchor::Early)
            .then(|| {
                cands
                    .iter()
                    .copied()
                    .find(|d| cal.fits_paced(*d, s.minutes, true, share))
            })
            .flatten();
        let day = paced
            .or_else(|| {
                cands
                    .iter()
                    .copied()
                    .find(|d| cal.fits(*d, s.minutes, true))
            })
            .or_else(|| {
                cands
                    .iter()
                    .copied()
                    .find(|d| cal.fits(*d, s.minutes, false))
            });
        match day {
            Some(d) => {
                cal.take(d, s.minutes);
                placed.push((i, d, TaskStatus::Planned));
            }
            None => dropped_at.push(i),
        }
    }

    // Mocks placed by the planner keep their numbers in date order (they are the same size).
    let mut mock_slots: Vec<(usize, usize)> = placed
        .iter()
        .enumerate()
        .filter(|(_, (i, _, st))| specs[*i].kind == TaskKind::Mock && *st == TaskStatus::Planned)
        .map(|(k, (i, _, _))| (k, *i))
        .collect();
    let mut mock_days: Vec<Day> = mock_slots.iter().map(|(k, _)| placed[*k].1).collect();
    mock_days.sort_unstable();
    mock_slots.sort_by_key(|(_, i)| *i);
    for ((k, _), d) in mock_slots.iter().zip(mock_days) {
        placed[*k].1 = d;
    }

    let shortfall = format!(
        "{} h available before {}, {} h needed",
        hours_text(hours(available)),
        date_string(interview),
        hours_text(hours(needed))
    );
    let dropped: Vec<Dropped> = dropped_at
        .iter()
        .map(|&i| {
            let s = &specs[i];
            let what = match s.anchor {
                Anchor::On(d) => format!("{} had no {} min free", date_string(d), s.minutes),
                Anchor::Mock => format!(
                    "no day at least two days from the other mocks had {} h free",
                    hours_text(hours(s.minutes))
                ),
                _ => format!(
                    "no day had {} h free within its week's and day's limits",
                    hours_text(hours(s.minutes))
                ),
            };
            let rank = if s.essential {
                format!(
                    "{} is an essential, but {what} once the tasks above it were placed",
                    s.title
                )
            } else {
                format!(
                    "{} is a nice-to-have and {what} once the tasks ranked above it were placed",
                    s.title
                )
            };
            Dropped {
                key: s.key.clone(),
                title: s.title.clone(),
                kind: s.kind,
                hours: hours(s.minutes),
                reason: format!("No room: {shortfall}; {rank}."),
            }
        })
        .collect();

    if available < (FLOOR_HOURS * 60.0) as u32 {
        notes.insert(
            0,
            format!(
                "Below the 60-hour floor: {} h available at {} h a week before {}; preparation for this loop usually takes 60–80 hours, so essentials come first.",
                hours_text(hours(available)),
                hours_text(hpw),
                date_string(interview)
            ),
        );
    }
    if !dropped.is_empty() {
        let h: u32 = dropped_at.iter().map(|i| specs[*i].minutes).sum();
        let essentials = dropped_at.iter().filter(|i| specs[**i].essential).count();
        notes.push(format!(
            "Dropped {} task{} ({} h) for lack of room, {} of them essential; each is listed with its reason.",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" },
            hours_text(hours(h)),
            essentials
        ));
    }
    if let Some(ps) = phone_screen {
        match placed
            .iter()
            .find(|(i, _, _)| specs[*i].kind == TaskKind::PhoneScreen)
        {
            Some((_, d, _)) => notes.push(format!(
                "Phone screen on {}: a phone-screen mock is planned on {}.",
                date_string(ps),
                date_string(*d)
            )),
            None => notes.push(format!(
                "Phone screen on {}: no phone-screen mock is planned (done, skipped or no room).",
                date_string(ps)
            )),
        }
    }
    let last_mock = placed
        .iter()
        .filter(|(i, _, _)| specs[*i].kind == TaskKind::Mock)
        .map(|(_, d, _)| *d)
        .max();
    if let Some(d) = last_mock {
        if !(interview - 5..=interview - 3).contains(&d) {
            notes.push(format!(
                "The last mock is on {}, not 3–5 days before the interview: no day in that window had room.",
                date_string(d)
            ));
        }
    }

    let mut weeks: Vec<Week> = (0..n_weeks)
        .map(|w| {
            let start = today + 7 * w as i64;
            Week {
                index: w as u32 + 1,
                start: date_string(start),
                end: date_string((start + 6).min(interview - 1)),
                budget: hours(cal.budget[w]),
                hours: hours(cal.week_used[w]),
                tasks: Vec::new(),
            }
        })
        .collect();
    placed.sort_by_key(|(i, d, _)| (*d, *i));
    for (i, d, st) in &placed {
        let w = ((d - today) / 7) as usize;
        if let Some(week) = weeks.get_mut(w) {
            week.tasks.push(task(&specs[*i], *d, *st));
        }
    }
    let planned: u32 = cal.week_used.iter().sum();
    Ok(Plan {
        today: date_string(today),
        interview: date_string(interview),
        phone_screen: input.phone_screen.map(date_string),
        days_left: interview - today,
        hours_per_week: hpw,
        hours_available: hours(available),
        hours_needed: hours(needed),
        hours_planned: hours(planned),
        floor_hours: FLOOR_HOURS,
        below_floor: available < (FLOOR_HOURS * 60.0) as u32,
        notes,
        weeks,
        done,
        skipped,
        dropped,
    })
}

fn check_move(
    key: &str,
    to: Day,
    today: Day,
    interview: Day,
    off: &[bool; 7],
) -> Result<(), PlanError> {
    if to < today {
        return Err(PlanError::MoveBeforeToday {
            key: key.into(),
            date: date_string(to),
        });
    }
    if to >= interview {
        return Err(PlanError::MoveNotBeforeInterview {
            key: key.into(),
            date: date_string(to),
            interview: date_string(interview),
        });
    }
    if off[usize::from(weekday(to))] {
        return Err(PlanError::MoveOnDayOff {
            key: key.into(),
            date: date_string(to),
            weekday: weekday_name(weekday(to)).into(),
        });
    }
    Ok(())
}

fn task(s: &Spec, day: Day, status: TaskStatus) -> Task {
    Task {
        key: s.key.clone(),
        title: s.title.clone(),
        kind: s.kind,
        hours: hours(s.minutes),
        day,
        date: date_string(day),
        principle: s.principle.clone(),
        essential: s.essential,
        why: s.why.clone(),
        status,
    }
}

/// The days a task may go on, best first.
fn candidates(s: &Spec, i: usize, cal: &Calendar, mocks: &[usize], mock_days: &[Day]) -> Vec<Day> {
    let (today, interview) = (cal.today, cal.interview);
    let before = |from: Day| (today..=from.min(interview - 1)).rev();
    match s.anchor {
        Anchor::Early => cal.days().collect(),
        Anchor::Late(t) => before(t).chain((t + 1).max(today)..interview).collect(),
        Anchor::Writing => before(interview - 2)
            .chain((interview - 1).max(today)..interview)
            .collect(),
        Anchor::PhoneScreen(ps) => {
            let mut v: Vec<Day> = before(ps - 2).collect();
            if ps > today {
                v.push(ps - 1);
            }
            v
        }
        Anchor::On(d) => vec![d],
        Anchor::Mock => {
            let m = mocks.len() as i64;
            let j = mocks.iter().position(|k| *k == i).unwrap_or(0) as i64;
            let gap = ((interview - today - 4) / m.max(1)).clamp(2, 7);
            let target = interview - 4 - (m - 1 - j) * gap;
            let mut v: Vec<Day> = cal.days().collect();
            v.sort_by_key(|d| ((d - target).abs(), *d > target));
            if j == m - 1 {
                let first = [interview - 4, interview - 3, interview - 5];
                v.sort_by_key(|d| first.iter().position(|f| f == d).unwrap_or(3));
            }
            v.retain(|d| cal.allowed(*d) && mock_days.iter().all(|md| (d - md).abs() >= 2));
            v
        }
    }
}
