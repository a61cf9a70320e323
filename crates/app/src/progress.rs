//! What the candidate has actually done, read once from the store for the plan, the drills and the
//! readiness figure: ready stories and their critic scores per principle, finished mocks with their
//! mean score and the latest rating per principle, design sessions, drill review days, writing
//! practice. Nothing here is ticked by hand: it is all counted from saved activity.

use std::collections::HashMap;

use tpmprep_practice::Rating;
use tpmprep_practice::plan::{Day, PrincipleProgress, Progress};
use tpmprep_store::StoryFilter;
use tpmprep_stories::Status;

use crate::Result;
use crate::mock::Ctx;

/// A story counts towards a principle's plan tasks and coverage once it is ready and the critic
/// scores it at least this (the score an interviewer would write Hire for).
pub const READY_SCORE: u8 = 70;
/// Finished mocks read for their mean score (newest first).
const MOCKS_READ: usize = 20;

/// The candidate's activity as the plan and readiness read it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Per principle, in pack order: ready stories (≥ [`READY_SCORE`]), best score, latest mock
    /// rating.
    pub principles: Vec<PrincipleProgress>,
    /// Critic scores of the ready stories.
    pub ready_story_scores: Vec<u8>,
    /// Finished mocks.
    pub mocks_done: u32,
    /// Mean question score of each finished mock, oldest first (at most the last 20).
    pub mock_scores: Vec<u8>,
    /// Finished design sessions.
    pub design_sessions_done: u32,
    /// Days (since 1970-01-01, UTC) with at least one drill review.
    pub drill_days: Vec<Day>,
    /// Writing-assessment practices finished.
    pub writing_done: u32,
}

impl Snapshot {
    /// The planner's view of it.
    pub fn progress(&self) -> Progress {
        Progress {
            principles: self.principles.clone(),
            mocks_done: self.mocks_done,
            design_sessions_done: self.design_sessions_done,
            writing_done: self.writing_done,
            drill_days: self.drill_days.clone(),
        }
    }
}

fn rating_level(r: Rating) -> u8 {
    match r {
        Rating::StrongNoHire => 0,
        Rating::NoHire => 1,
        Rating::Hire => 2,
        Rating::StrongHire => 3,
    }
}

/// The mean critic score of each finished mock's answers, for the newest `n` of `finished` (ids
/// newest first), oldest first: `(mock id, mean)`. A mock with no scored answer is left out.
pub async fn mock_means(ctx: Ctx<'_>, finished: &[i64], n: usize) -> Result<Vec<(i64, u8)>> {
    let mut out = Vec::new();
    for id in finished.iter().take(n).rev() {
        if let Some(r) = crate::mock::report(ctx, *id).await? {
            let all: Vec<u32> = r
                .debrief
                .interviews
                .iter()
                .flat_map(|i| &i.questions)
                .map(|q| u32::from(q.score))
                .collect();
            if !all.is_empty() {
                out.push((*id, (all.iter().sum::<u32>() / all.len() as u32) as u8));
            }
        }
    }
    Ok(out)
}

/// Reads everything the plan and readiness need.
pub async fn snapshot(ctx: Ctx<'_>) -> Result<Snapshot> {
    let stories = ctx
        .store
        .list_stories(ctx.owner, &StoryFilter::default())
        .await?;
    let scores = crate::stories::scores(ctx, &stories).await?;
    let mut ready: HashMap<&str, u32> = HashMap::new();
    let mut best: HashMap<&str, u8> = HashMap::new();
    let mut ready_story_scores = Vec::new();
    for s in &stories {
        let score = scores.get(&s.meta.id).copied();
        let is_ready = s.status == Status::Ready && score.is_some_and(|x| x >= READY_SCORE);
        if s.status == Status::Ready {
            if let Some(x) = score {
                ready_story_scores.push(x);
            }
        }
        for p in &s.principles {
            if let Some(x) = score {
                if s.status != Status::Retired {
                    let e = best.entry(p.as_str()).or_insert(0);
                    *e = (*e).max(x);
                }
            }
            if is_ready {
                *ready.entry(p.as_str()).or_default() += 1;
            }
        }
    }
    let trends = crate::mock::trends(ctx).await?;
    let latest: HashMap<&str, u8> = trends
        .iter()
        .filter_map(|t| Some((t.principle.as_str(), rating_level(t.latest?))))
        .collect();
    let principles = ctx
        .pack
        .principles
        .iter()
        .map(|p| PrincipleProgress {
            id: p.id.clone(),
            name: p.name.clone(),
            ready_stories: ready.get(p.id.as_str()).copied().unwrap_or(0),
            best_score: best.get(p.id.as_str()).copied(),
            mock_rating: latest.get(p.id.as_str()).copied(),
        })
        .collect();

    let mocks = ctx.store.list_mocks(ctx.owner).await?;
    let finished: Vec<i64> = mocks
        .iter()
        .filter(|m| m.finished_at.is_some())
        .map(|m| m.id)
        .collect();
    let mock_scores = mock_means(ctx, &finished, MOCKS_READ)
        .await?
        .into_iter()
        .map(|(_, score)| score)
        .collect();

    let designs = ctx.store.list_designs(ctx.owner).await?;
    let design_sessions_done = designs.iter().filter(|d| d.finished_at.is_some()).count() as u32;
    let writings = ctx.store.list_writings(ctx.owner).await?;
    let writing_done = writings.iter().filter(|w| w.finished_at.is_some()).count() as u32;

    let reviews = ctx.store.reviews(ctx.owner).await?;
    let mut drill_days: Vec<Day> = reviews
        .iter()
        .map(|r| r.reviewed_at.div_euclid(86_400_000))
        .collect();
    drill_days.dedup();
    drill_days.sort_unstable();
    drill_days.dedup();

    Ok(Snapshot {
        principles,
        ready_story_scores,
        mocks_done: finished.len() as u32,
        mock_scores,
        design_sessions_done,
        drill_days,
        writing_done,
    })
}
