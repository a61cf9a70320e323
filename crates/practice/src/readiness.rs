//! An honest 0–100 readiness figure with its parts shown and weighted openly.
//!
//! | part | weight | full when |
//! |---|---|---|
//! | `coverage`: story coverage | 25 | two ready stories for every principle |
//! | `quality`: ready-story quality | 20 | the mean critic score of the ready stories is 70 or more |
//! | `mocks`: mock interviews | 20 | three mocks done (15) and the last scored at least the first (5) |
//! | `design`: design sessions | 10 | three sessions |
//! | `drills`: drill retention | 10 | retention 0.9 or more (no reviews: no data) |
//! | `writing`: writing practice | 5 | one practice done |
//! | `pace`: days left / pace | 10 | every plan task due by today is done (no interview date: zero) |
//!
//! A part with no data counts as zero and says so. The figure is the rounded sum of the parts'
//! points (`weight × value`); [`Readiness::raise_most`] names the part whose missing points
//! (`weight × (1 − value)`) are largest.

use serde::{Deserialize, Serialize};

/// What the figure is computed from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReadinessInput {
    /// How many principles the pack has.
    pub principles: u32,
    /// Ready stories (ready and scored ≥ 70) per principle.
    pub ready_per_principle: Vec<u32>,
    /// Critic scores of the ready stories.
    pub ready_story_scores: Vec<u8>,
    /// Mean score per finished mock, oldest first.
    pub mock_scores: Vec<u8>,
    /// Design sessions done.
    pub design_sessions: u32,
    /// Drill retention 0..=1, when known.
    pub drill_retention: Option<f32>,
    /// Drill reviews done.
    pub drill_reviews: u32,
    /// Writing practices done.
    pub writing_done: u32,
    /// Days to the interview, when its date is set.
    pub days_left: Option<i64>,
    /// Share of the plan's tasks due by today that are done.
    pub plan_pace: Option<f32>,
}

/// One weighted part of the figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadinessPart {
    /// `coverage`, `quality`, `mocks`, `design`, `drills`, `writing`, `pace`.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Percent of the figure; all parts sum to 100.
    pub weight: u8,
    /// 0..=1.
    pub value: f32,
    /// `weight × value`.
    pub points: f32,
    /// Whether there was anything to measure.
    pub has_data: bool,
    /// What was measured, or "No data yet: counts as zero."
    pub detail: String,
    /// What to do to raise it.
    pub raise: String,
}

/// The figure and its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// 0..=100.
    pub score: u8,
    /// The seven parts, in the order of the table above.
    pub parts: Vec<ReadinessPart>,
    /// What would raise the figure most, with the points it could add.
    pub raise_most: String,
}

const NO_DATA: &str = "No data yet: counts as zero.";

fn part(
    key: &str,
    name: &str,
    weight: u8,
    value: Option<f32>,
    detail: String,
    raise: &str,
) -> ReadinessPart {
    let has_data = value.is_some();
    let value = value.unwrap_or(0.0).clamp(0.0, 1.0);
    let value = if value.is_nan() { 0.0 } else { value };
    ReadinessPart {
        key: key.into(),
        name: name.into(),
        weight,
        value,
        points: f32::from(weight) * value,
        has_data,
        detail: if has_data { detail } else { NO_DATA.into() },
        raise: raise.into(),
    }
}

/// The readiness figure (see the module documentation for the parts and weights).
pub fn readiness(input: &ReadinessInput) -> Readiness {
    let want = 2 * input.principles;
    let ready: u32 = (0..input.principles as usize)
        .map(|i| {
            input
                .ready_per_principle
                .get(i)
                .copied()
                .unwrap_or(0)
                .min(2)
        })
        .sum();
    let coverage = part(
        "coverage",
        "Story coverage",
        25,
        (want > 0).then(|| ready as f32 / want as f32),
        format!("{ready} of {want} ready stories (two per principle)"),
        "Bring a story to ready (critic score 70+) for a principle with fewer than two",
    );
    let n = input.ready_story_scores.len();
    let mean = if n == 0 {
        0.0
    } else {
        input
            .ready_story_scores
            .iter()
            .map(|s| f32::from(*s))
            .sum::<f32>()
            / n as f32
    };
    let quality = part(
        "quality",
        "Ready-story quality",
        20,
        (n > 0).then(|| mean / 70.0),
        format!("Mean critic score {mean:.0} over {n} ready stories (70+ counts fully)"),
        "Revise your lowest-scoring ready stories until the critic scores them 70+",
    );
    let mocks = &input.mock_scores;
    let trend_up = match (mocks.first(), mocks.last()) {
        (Some(a), Some(b)) if mocks.len() >= 2 => Some(b >= a),
        _ => None,
    };
    let count = mocks.len().min(3) as f32 / 3.0;
    let mock_value = 0.75 * count + if trend_up == Some(true) { 0.25 } else { 0.0 };
    let mock_detail = format!(
        "{} of 3 mocks done; {}",
        mocks.len(),
        match trend_up {
            Some(true) => "the last scored at least the first",
            Some(false) => "the last scored below the first",
            None => "the trend needs two mocks",
        }
    );
    let mocks_part = part(
        "mocks",
        "Mock interviews",
        20,
        (!mocks.is_empty()).then_some(mock_value),
        mock_detail,
        "Run a full mock loop and work on its debrief",
    );
    let design = part(
        "design",
        "Design sessions",
        10,
        (input.design_sessions > 0).then(|| input.design_sessions.min(3) as f32 / 3.0),
        format!("{} of 3 design sessions", input.design_sessions),
        "Do a timed system-design session",
    );
    let drills = part(
        "drills",
        "Drill retention",
        10,
        input
            .drill_retention
            .filter(|_| input.drill_reviews > 0)
            .map(|r| r / 0.9),
        format!(
            "Retention {:.0}% over {} reviews (90% counts fully)",
            input.drill_retention.unwrap_or(0.0) * 100.0,
            input.drill_reviews
        ),
        "Review your due drill cards every day",
    );
    let writing = part(
        "writing",
        "Writing practice",
        5,
        (input.writing_done > 0).then_some(1.0),
        format!("{} writing practice done", input.writing_done),
        "Do a timed writing practice",
    );
    let pace = match input.days_left {
        None => ReadinessPart {
            detail: format!("{NO_DATA} No interview date: set it to get a plan and a pace."),
            ..part(
                "pace",
                "Days left / pace",
                10,
                None,
                String::new(),
                "Set the interview date and keep up with the plan",
            )
        },
        Some(days) => part(
            "pace",
            "Days left / pace",
            10,
            input.plan_pace,
            format!(
                "{days} days left; {:.0}% of the plan's tasks due by today are done",
                input.plan_pace.unwrap_or(0.0) * 100.0
            ),
            "Catch up on the plan's tasks that are due",
        ),
    };
    let parts = vec![coverage, quality, mocks_part, design, drills, writing, pace];
    let total: f32 = parts.iter().map(|p| p.points).sum();
    let score = total.round().clamp(0.0, 100.0) as u8;
    let gap = |p: &ReadinessPart| f32::from(p.weight) * (1.0 - p.value);
    let mut best: Option<&ReadinessPart> = None;
    for p in &parts {
        if gap(p) > best.map_or(0.0, gap) + 1e-4 {
            best = Some(p);
        }
    }
    let raise_most = match best {
        Some(p) => format!(
            "{} (up to +{} points from {}).",
            p.raise,
            (gap(p) * 10.0).round() / 10.0,
            p.name.to_lowercase()
        ),
        None => "Nothing to raise: every part is full.".into(),
    };
    Readiness {
        score,
        parts,
        raise_most,
    }
}
