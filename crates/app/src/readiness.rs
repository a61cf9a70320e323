//! The readiness figure (0–100) with its parts shown and weighted openly: read from the
//! candidate's activity ([`crate::progress`]), the drill log and the plan, scored by the pure
//! `tpmprep_practice::readiness`.

use serde::Serialize;
use tpmprep_practice::plan::TaskStatus;
use tpmprep_practice::readiness::{Readiness, ReadinessInput, readiness};

use crate::Result;
use crate::mock::Ctx;

/// Readiness and the facts beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The figure and its parts.
    pub readiness: Readiness,
    /// The interview date, when set.
    pub interview_date: Option<String>,
    /// Days to it (negative once past).
    pub days_left: Option<i64>,
}

/// The candidate's readiness as of `now` (unix milliseconds).
pub async fn status(ctx: Ctx<'_>, now: i64) -> Result<Status> {
    let today = crate::plan::day_of(now);
    let snapshot = crate::progress::snapshot(ctx).await?;
    let stats = crate::drill::stats(ctx, now).await?;
    let settings = crate::plan::settings(ctx).await?;
    let interview = settings
        .interview_date
        .as_deref()
        .and_then(tpmprep_practice::plan::parse_date);
    let days_left = interview.map(|d| d - today);
    // Pace: of the plan's tasks dated up to today, the share done. A plan made today has
    // nothing overdue, so pace is what was done against what was due: done tasks count as
    // due on their day.
    let plan_pace = match interview.filter(|d| *d > today) {
        Some(_) => crate::plan::current_from(ctx, today, Some(&snapshot))
            .await
            .ok()
            .flatten()
            .map(|v| {
                let done = v.plan.done.len() as f32;
                let due_now = v
                    .plan
                    .weeks
                    .iter()
                    .flat_map(|w| &w.tasks)
                    .filter(|t| t.day <= today && t.status != TaskStatus::Done)
                    .count() as f32;
                if done + due_now == 0.0 {
                    0.0
                } else {
                    done / (done + due_now)
                }
            }),
        None => None,
    };
    let input = ReadinessInput {
        principles: snapshot.principles.len() as u32,
        ready_per_principle: snapshot
            .principles
            .iter()
            .map(|p| p.ready_stories)
            .collect(),
        ready_story_scores: snapshot.ready_story_scores.clone(),
        mock_scores: snapshot.mock_scores.clone(),
        design_sessions: snapshot.design_sessions_done,
        drill_retention: stats.retention,
        drill_reviews: stats.reviews,
        writing_done: snapshot.writing_done,
        days_left,
        plan_pace,
    };
    Ok(Status {
        readiness: readiness(&input),
        interview_date: settings.interview_date,
        days_left,
    })
}
