//! The tasks a plan is made of, in priority order, with their sizes, progress and where each
//! would like to go.

use super::dates::{Day, date_string};
use super::{Format, Level, PlanInput, PrincipleProgress, TaskKind};

/// Minutes of one drill session.
pub(super) const DRILL_MINUTES: u32 = 20;
/// Drill sessions a week at most.
pub(super) const DRILLS_PER_WEEK: usize = 5;
/// Full mock loops.
pub(super) const MOCKS: u32 = 3;

/// Where a task would like to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The earliest day with room.
    Early,
    /// As near this day as possible, earlier first, then later.
    Late(Day),
    /// Two days before the interview, else the nearest earlier day, else the day before it.
    Writing,
    /// Spaced mocks, the last 3–5 days before the interview.
    Mock,
    /// 2–4 days before the phone screen, else earlier.
    PhoneScreen(Day),
    /// Only on this day.
    On(Day),
}

/// A task before it is placed.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub key: String,
    pub title: String,
    pub kind: TaskKind,
    pub minutes: u32,
    pub principle: Option<String>,
    pub essential: bool,
    pub why: String,
    pub anchor: Anchor,
    /// Done according to progress.
    pub done: bool,
}

/// The principles weakest first: no ready story, then the lowest best score, then the lowest last
/// mock rating (a missing score or rating counts as the lowest), then pack order. Repeated ids
/// count once.
pub(super) fn weakest_first(principles: &[PrincipleProgress]) -> Vec<&PrincipleProgress> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out: Vec<&PrincipleProgress> = Vec::new();
    for p in principles {
        if !seen.contains(&p.id.as_str()) {
            seen.push(&p.id);
            out.push(p);
        }
    }
    out.sort_by_key(|p| {
        (
            p.ready_stories > 0,
            p.best_score.map_or(-1, i32::from),
            p.mock_rating.map_or(-1, i32::from),
        )
    });
    out
}

/// The drill days: the first five working days of every 7-day block from today, before the
/// interview.
pub(super) fn drill_days(input: &PlanInput, working: impl Fn(Day) -> bool) -> Vec<Day> {
    let mut out = Vec::new();
    let mut start = input.today;
    while start < input.interview {
        let end = (start + 7).min(input.interview);
        out.extend((start..end).filter(|d| working(*d)).take(DRILLS_PER_WEEK));
        start += 7;
    }
    out
}

/// Every task, in priority order: the essentials first (writing, mocks, first stories of the
/// principles with no ready story, two design sessions, questions, drills), then the
/// nice-to-haves (phone-screen mock, résumé, pitch, further design sessions, second stories).
pub(super) fn specs(input: &PlanInput, drill_days: &[Day], phone_screen: Option<Day>) -> Vec<Spec> {
    let p = &input.progress;
    let story_minutes = match input.level {
        Level::L5 => 60,
        Level::L6 => 75,
    };
    let designs = match input.level {
        Level::L5 => 3,
        Level::L6 => 4,
    };
    let how = match input.format {
        Format::Virtual => "on video",
        Format::Onsite => "in person, standing at a whiteboard",
    };
    let mut out: Vec<Spec> = Vec::new();
    let mut push = |key: String,
                    title: String,
                    kind: TaskKind,
                    minutes: u32,
                    essential: bool,
                    why: String,
                    anchor: Anchor,
                    done: bool| {
        out.push(Spec {
            key,
            title,
            kind,
            minutes,
            principle: None,
            essential,
            why,
            anchor,
            done,
        });
    };
    push(
        "writing".into(),
        "Writing practice: a timed narrative".into(),
        TaskKind::Writing,
        90,
        true,
        "The loop includes a writing assessment; a timed run two days before keeps it fresh."
            .into(),
        Anchor::Writing,
        p.writing_done >= 1,
    );
    for k in 1..=MOCKS {
        push(
            format!("mock:{k}"),
            format!("Mock loop {k} of {MOCKS}: five interviews"),
            TaskKind::Mock,
            150,
            true,
            format!(
                "At least three full mocks, {how}, spaced out, the last one 3–5 days before the loop."
            ),
            Anchor::Mock,
            p.mocks_done >= k,
        );
    }
    let order = weakest_first(&p.principles);
    for pr in &order {
        let why = match pr.best_score {
            _ if pr.ready_stories > 0 => format!("{} has a ready story.", pr.name),
            Some(s) => format!(
                "No ready story for {} yet; the best one scored {s} (70 counts).",
                pr.name
            ),
            None => format!("No story for {} yet.", pr.name),
        };
        out.push(Spec {
            key: format!("story:{}:1", pr.id),
            title: format!("Write a {} story", pr.name),
            kind: TaskKind::Story,
            minutes: story_minutes,
            principle: Some(pr.id.clone()),
            essential: pr.ready_stories == 0,
            why,
            anchor: Anchor::Early,
            done: pr.ready_stories >= 1,
        });
    }
    for k in 1..=2u32 {
        out.push(design(k, p.design_sessions_done, true));
    }
    out.push(Spec {
        key: "questions".into(),
        title: "Prepare questions to ask each interviewer".into(),
        kind: TaskKind::Questions,
        minutes: 30,
        principle: None,
        essential: true,
        why: "Every interviewer leaves time for your questions; have two or three ready for each."
            .into(),
        anchor: Anchor::Late(input.interview - 5),
        done: false,
    });
    for &d in drill_days {
        out.push(Spec {
            key: format!("drill:{}", date_string(d)),
            title: "Drills: review the due cards".into(),
            kind: TaskKind::Drill,
            minutes: DRILL_MINUTES,
            principle: None,
            essential: true,
            why: "Short daily spaced-repetition reviews keep answers fresh until the interview."
                .into(),
            anchor: Anchor::On(d),
            done: p.drill_days.contains(&d),
        });
    }
    if let Some(ps) = phone_screen {
        out.push(Spec {
            key: "phone-screen".into(),
            title: "Phone-screen mock (one interview)".into(),
            kind: TaskKind::PhoneScreen,
            minutes: 60,
            principle: None,
            essential: false,
            why: format!(
                "The phone screen is on {}; a one-hour mock 2–4 days before it.",
                date_string(ps)
            ),
            anchor: Anchor::PhoneScreen(ps),
            done: false,
        });
    }
    out.push(Spec {
        key: "resume".into(),
        title: "Put a metric on every résumé line".into(),
        kind: TaskKind::Resume,
        minutes: 60,
        principle: None,
        essential: false,
        why: "Interviewers probe résumé lines; each should carry a number you can explain.".into(),
        anchor: Anchor::Early,
        done: false,
    });
    out.push(Spec {
        key: "pitch".into(),
        title: "Two-minute versions of your top stories".into(),
        kind: TaskKind::Pitch,
        minutes: 90,
        principle: None,
        essential: false,
        why: "Short versions leave time for follow-ups and fit the phone screen.".into(),
        anchor: Anchor::Late(input.interview - 5),
        done: false,
    });
    for k in 3..=designs {
        out.push(design(k, p.design_sessions_done, false));
    }
    for pr in &order {
        out.push(Spec {
            key: format!("story:{}:2", pr.id),
            title: format!("Write a second {} story", pr.name),
            kind: TaskKind::Story,
            minutes: story_minutes,
            principle: Some(pr.id.clone()),
            essential: false,
            why: format!(
                "Two stories per principle, so a second question on {} gets a fresh one.",
                pr.name
            ),
            anchor: Anchor::Early,
            done: pr.ready_stories >= 2,
        });
    }
    out
}

fn design(k: u32, done: u32, essential: bool) -> Spec {
    Spec {
        key: format!("design:{k}"),
        title: format!("System-design session {k}"),
        kind: TaskKind::Design,
        minutes: 60,
        principle: None,
        essential,
        why: "Structured design practice: requirements, estimates, components, trade-offs.".into(),
        anchor: Anchor::Early,
        done: done >= k,
    }
}
