//! Stories as the critic sees them, and their cached scores.

use std::collections::HashMap;

use tpmprep_critic::{Critique, Facts, Input};
use tpmprep_store::{ScoredRevision, Store, StoryId, StorySummary, UserId};
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

/// Everything a story search reads: the title, the STAR sections, tags, role, period, teams,
/// partners, metrics and the trade-off, dissent and "would do differently" notes.
pub fn search_text(c: &StoryContent) -> String {
    let mut parts: Vec<&str> = vec![
        &c.title,
        &c.situation,
        &c.task,
        &c.action,
        &c.result,
        &c.role,
        &c.period,
        &c.trade_off,
        &c.dissent,
        &c.differently,
    ];
    parts.extend(c.tags.iter().map(String::as_str));
    parts.extend(c.teams.iter().map(String::as_str));
    for p in &c.partners {
        parts.push(&p.name);
        parts.push(&p.role);
    }
    for m in &c.metrics {
        parts.push(&m.unit);
        parts.push(&m.measures);
    }
    parts.join("\n")
}

/// The `listed` stories whose text holds every word of `search` as a whole word, inflections
/// meeting on their stem ("rollbacks" finds "rollback"), as the question search does; order kept.
/// Reads each listed story once; a blank search keeps them all without reading any.
pub async fn search(
    store: &dyn Store,
    owner: UserId,
    listed: Vec<StorySummary>,
    search: &str,
) -> Result<Vec<StorySummary>> {
    let words = tpmprep_content::search::search_words(search);
    if words.is_empty() {
        return Ok(listed);
    }
    let mut kept = Vec::with_capacity(listed.len());
    for s in listed {
        let story = store.story(owner, s.meta.id).await?;
        if tpmprep_content::search::text_matches(&words, &search_text(&story.content)) {
            kept.push(s);
        }
    }
    Ok(kept)
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
/// need no critic run for them. A revision without STAR text gets no score (see [`scores`]).
pub async fn cache_scores(ctx: Ctx<'_>, saved: &[(StoryId, i64, &StoryContent)]) -> Result<()> {
    let scores: Vec<(StoryId, i64, u8)> = saved
        .iter()
        .filter(|(_, _, c)| c.has_star_text())
        .map(|&(id, rev, c)| (id, rev, critique(ctx, c).overall))
        .collect();
    ctx.store.set_story_scores(ctx.owner, &scores).await?;
    Ok(())
}

/// The critic's score of each of the `live` stories (as just listed by the caller), from the store's
/// cache; stories not scored at their current revision (written by the CLI, or before scores were
/// cached) are scored now and cached in one transaction, so the next call is one query.
///
/// A story with no STAR text yet (an empty "Untitled story" the editor once created on a click) has
/// nothing to critique, so it has no score: it is left out of the map, and so out of every mean and
/// "rework this story" built on it. Such stories are the ones not cached (or cached at 0 before this
/// rule), so finding them costs one read per unscored or zero-scored story.
pub async fn scores(ctx: Ctx<'_>, live: &[StorySummary]) -> Result<HashMap<StoryId, u8>> {
    let mut scores: HashMap<StoryId, u8> = ctx
        .store
        .story_scores(ctx.owner)
        .await?
        .into_iter()
        .collect();
    let unsure: Vec<StoryId> = live
        .iter()
        .map(|s| s.meta.id)
        .filter(|id| scores.get(id).is_none_or(|s| *s == 0))
        .collect();
    let mut fresh = Vec::with_capacity(unsure.len());
    for id in unsure {
        let story = ctx.store.story(ctx.owner, id).await?;
        if !story.content.has_star_text() {
            scores.remove(&id);
            continue;
        }
        if scores.contains_key(&id) {
            continue;
        }
        let score = critique(ctx, &story.content).overall;
        fresh.push((id, story.meta.rev, score));
        scores.insert(id, score);
    }
    ctx.store.set_story_scores(ctx.owner, &fresh).await?;
    Ok(scores)
}

/// One point of the story scores over time.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DayScore {
    /// The day (`YYYY-MM-DD`, UTC).
    pub date: String,
    /// Mean critic score of the stories as they stood at the end of that day (each story's latest
    /// scored revision so far).
    pub score: u8,
}

/// The mean story score at the end of each day with a scored save, oldest first, at most the last
/// `days` such days. `history` is oldest save first, as [`tpmprep_store::Stories::score_history`] gives it.
pub fn score_trend(history: &[ScoredRevision], days: usize) -> Vec<DayScore> {
    let mut latest: HashMap<StoryId, u8> = HashMap::new();
    let mut out: Vec<DayScore> = Vec::new();
    let day_of = |ms: i64| ms.div_euclid(86_400_000);
    for (i, h) in history.iter().enumerate() {
        latest.insert(h.story, h.score);
        let last_of_day = history
            .get(i + 1)
            .is_none_or(|next| day_of(next.saved_at) != day_of(h.saved_at));
        if last_of_day {
            let sum: u32 = latest.values().map(|s| u32::from(*s)).sum();
            let mean = sum / latest.len().max(1) as u32;
            let date = crate::civil_time(day_of(h.saved_at) * 86_400_000);
            out.push(DayScore {
                date: date.get(..10).unwrap_or(&date).to_string(),
                score: u8::try_from(mean).unwrap_or(100),
            });
        }
    }
    let skip = out.len().saturating_sub(days);
    out.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn at(story: StoryId, day: i64, hour: i64, score: u8) -> ScoredRevision {
        ScoredRevision {
            story,
            saved_at: 20_000 * DAY + day * DAY + hour * 3_600_000,
            score,
        }
    }

    #[test]
    fn each_day_shows_the_mean_of_every_story_as_it_then_stood() {
        let history = [
            at(1, 0, 9, 20),
            at(1, 0, 10, 40), // the day's last revision of story 1 counts
            at(2, 0, 11, 60),
            at(1, 2, 9, 80), // two days later story 1 improves; story 2 still counts
            at(3, 3, 23, 20),
        ];
        let trend = score_trend(&history, 30);
        assert_eq!(
            trend,
            [
                DayScore {
                    date: "2024-10-04".into(),
                    score: 50
                },
                DayScore {
                    date: "2024-10-06".into(),
                    score: 70
                },
                DayScore {
                    date: "2024-10-07".into(),
                    score: 53
                },
            ]
        );
        assert_eq!(score_trend(&history, 2).len(), 2, "only the last days");
        assert_eq!(score_trend(&history, 2)[0].date, "2024-10-06");
        assert!(score_trend(&[], 30).is_empty());
    }
}
