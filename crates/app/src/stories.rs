//! Stories as the critic sees them, and their cached scores.

use std::collections::HashMap;

use tpmprep_critic::{Critique, Facts, Input};
use tpmprep_store::{StoryId, StorySummary};
use tpmprep_stories::StoryContent;

use crate::Result;
use crate::mock::Ctx;

/// The STAR sections of a story as one answer, blank sections left out.
pub fn answer_text(c: &StoryContent) -> String {
    let mut answer = String::new();
    for (_, body) in c.sections() {
        if !body.is_empty() {
            answer.push_str(body);
            answer.push_str("\n\n");
        }
    }
    answer.truncate(answer.trim_end().len());
    answer
}

/// The structured facts of a story, for the critic.
pub fn facts(c: &StoryContent) -> Facts {
    Facts {
        metrics: c.metrics.len(),
        before_after: c
            .metrics
            .iter()
            .any(|m| m.before.is_some() && m.after.is_some()),
        teams: c.teams.clone(),
        partners: c.partners.iter().map(|p| p.name.clone()).collect(),
        trade_off: c.trade_off.clone(),
        dissent: c.dissent.clone(),
        differently: c.differently.clone(),
        artifacts: c.artifacts.iter().map(|a| a.as_str().to_string()).collect(),
    }
}

/// The critique of a story (its STAR text with its facts and principle tags). The critique's spans
/// index into [`answer_text`].
pub fn critique(ctx: Ctx<'_>, c: &StoryContent) -> Critique {
    let text = answer_text(c);
    let f = facts(c);
    ctx.critic.critique(&Input {
        text: &text,
        question: None,
        facts: Some(&f),
        principles: &c.principles,
    })
}

/// Scores just-saved revisions and caches the scores (one transaction), so lists and the dashboard
/// need no critic run for them.
pub async fn cache_scores(ctx: Ctx<'_>, saved: &[(StoryId, i64, &StoryContent)]) -> Result<()> {
    let scores: Vec<(StoryId, i64, u8)> = saved
        .iter()
        .map(|&(id, rev, c)| (id, rev, critique(ctx, c).overall))
        .collect();
    ctx.store.set_story_scores(ctx.owner, &scores).await?;
    Ok(())
}

/// The critic's score of each of the `live` stories (as just listed by the caller), from the store's
/// cache; stories not scored at their current revision (written by the CLI, or before scores were
/// cached) are scored now and cached in one transaction, so the next call is one query.
pub async fn scores(ctx: Ctx<'_>, live: &[StorySummary]) -> Result<HashMap<StoryId, u8>> {
    let mut scores: HashMap<StoryId, u8> = ctx
        .store
        .story_scores(ctx.owner)
        .await?
        .into_iter()
        .collect();
    let missing: Vec<StoryId> = live
        .iter()
        .map(|s| s.meta.id)
        .filter(|id| !scores.contains_key(id))
        .collect();
    let mut fresh = Vec::with_capacity(missing.len());
    for id in missing {
        let story = ctx.store.story(ctx.owner, id).await?;
        let score = critique(ctx, &story.content).overall;
        fresh.push((id, story.meta.rev, score));
        scores.insert(id, score);
    }
    ctx.store.set_story_scores(ctx.owner, &fresh).await?;
    Ok(scores)
}
