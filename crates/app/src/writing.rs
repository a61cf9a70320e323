//! Writing-assessment practice over the store: start an attempt on a pack prompt (or a random one,
//! or the candidate's own), save the text as revisions as it is typed (never lose a word), keep the
//! clock, critique the text live and at the end, and show the history of attempts on each prompt.
//!
//! Time is an input (`now`, unix milliseconds): this crate reads no clock. The narrative critic's
//! grammar linter is harper's, built once per process ([`Grammar::shared`]).

use serde::Serialize;
use tpmprep_content::{Pack, WritingPrompt};
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic, Report};
use tpmprep_store::{NewWriting, StoredWriting, WritingId, WritingRevision, WritingSummary};

use crate::mock::Ctx;
use crate::{AppError, Result, unknown};

/// A save within this long of the latest revision replaces it (typing does not make hundreds of
/// revisions; the newest text is always stored).
pub const COALESCE_MS: i64 = 30_000;
/// The longest narrative kept, in characters (the assessment's ceiling is some 2,000 words).
pub const MAX_CHARS: usize = 200_000;
/// The longest own prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 1_000;
/// Minutes an attempt may be given.
pub const MINUTES: std::ops::RangeInclusive<u32> = 5..=240;

/// Which prompt to write on.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// A pack prompt by id.
    Prompt(String),
    /// A pack prompt at random; the seed makes the pick repeatable.
    Random(u64),
    /// The candidate's own prompt.
    Text(String),
}

/// An attempt as every front end shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// Id, title, times, words, score.
    pub summary: WritingSummary,
    /// The prompt's text.
    pub prompt_text: String,
    /// What a strong narrative on it covers (pack prompts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// Seconds written so far.
    pub elapsed_seconds: i64,
    /// Seconds left on the timer (0 once it is up; writing may go on).
    pub seconds_left: i64,
    /// The latest text.
    pub body: String,
    /// Its revision (0 before anything is saved).
    pub rev: i64,
    /// The report, once finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

/// A point in the history of attempts on one prompt.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryPoint {
    /// Attempt id.
    pub id: WritingId,
    /// When it was finished (unix ms).
    pub finished_at: i64,
    /// Its overall score.
    pub overall: i64,
    /// Its words.
    pub words: i64,
}

/// The pack prompt `id`, or an error listing the valid ones.
pub fn prompt<'p>(pack: &'p Pack, id: &str) -> Result<&'p WritingPrompt> {
    pack.writing_prompt(id).ok_or_else(|| {
        unknown(
            "writing prompt",
            id,
            pack.writing_prompts.iter().map(|p| p.id.as_str()),
        )
    })
}

/// A prompt for the candidate's own text: no asks (the fit is the critic's relevance alone).
fn own_prompt(text: &str) -> WritingPrompt {
    WritingPrompt {
        id: String::new(),
        title: own_title(text),
        text: text.to_string(),
        kind: String::new(),
        principles: Vec::new(),
        asks: Vec::new(),
        guidance: String::new(),
        minutes: 60,
    }
}

fn own_title(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(10).collect();
    let mut t = words.join(" ");
    if text.split_whitespace().count() > 10 {
        t.push('…');
    }
    t
}

/// The prompt an attempt answers: its pack prompt, or its own text.
pub fn prompt_of(pack: &Pack, w: &WritingSummary, prompt_text: &str) -> WritingPrompt {
    w.prompt_id
        .as_deref()
        .and_then(|id| pack.writing_prompt(id))
        .cloned()
        .unwrap_or_else(|| own_prompt(prompt_text))
}

/// Words in `text`, as the report counts them (tokens with a letter or a digit).
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Critiques `text` against `prompt` with the process's shared linter.
pub fn critique(
    pack: &Pack,
    critic: &Critic,
    text: &str,
    prompt: Option<&WritingPrompt>,
) -> Report {
    NarrativeCritic::new(pack, critic, Grammar::shared()).critique(text, prompt)
}

/// Critiques `text` as an answer to the pack prompt `prompt_id` (when given).
pub fn critique_text(
    pack: &Pack,
    critic: &Critic,
    text: &str,
    prompt_id: Option<&str>,
) -> Result<Report> {
    let p = match prompt_id {
        Some(id) => Some(prompt(pack, id)?),
        None => None,
    };
    check_len(text)?;
    Ok(critique(pack, critic, text, p))
}

fn check_len(text: &str) -> Result<()> {
    let n = text.chars().count();
    if n > MAX_CHARS {
        return Err(AppError::Invalid(format!(
            "the narrative is {n} characters; the most kept is {MAX_CHARS}"
        )));
    }
    Ok(())
}

/// Starts an attempt.
pub async fn start(
    ctx: Ctx<'_>,
    choice: &Choice,
    minutes: Option<u32>,
    now: i64,
) -> Result<Attempt> {
    let (prompt_id, title, text, default_minutes) = match choice {
        Choice::Prompt(id) => {
            let p = prompt(ctx.pack, id)?;
            (
                Some(p.id.clone()),
                p.title.clone(),
                p.text.clone(),
                p.minutes,
            )
        }
        Choice::Random(seed) => {
            let n = ctx.pack.writing_prompts.len();
            if n == 0 {
                return Err(AppError::Invalid("the pack has no writing prompts".into()));
            }
            let p = &ctx.pack.writing_prompts[(*seed % n as u64) as usize];
            (
                Some(p.id.clone()),
                p.title.clone(),
                p.text.clone(),
                p.minutes,
            )
        }
        Choice::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Err(AppError::Invalid(
                    "the prompt is empty: write the prompt you want to answer".into(),
                ));
            }
            if t.chars().count() > MAX_PROMPT_CHARS {
                return Err(AppError::Invalid(format!(
                    "the prompt is {} characters; the most is {MAX_PROMPT_CHARS}",
                    t.chars().count()
                )));
            }
            (None, own_title(t), t.to_string(), 60)
        }
    };
    let minutes = minutes.unwrap_or(default_minutes);
    if !MINUTES.contains(&minutes) {
        return Err(AppError::Invalid(format!(
            "minutes must be {} to {} (got {minutes})",
            MINUTES.start(),
            MINUTES.end()
        )));
    }
    let id = ctx
        .store
        .create_writing(
            ctx.owner,
            &NewWriting {
                prompt_id: prompt_id.as_deref(),
                title: &title,
                prompt_text: &text,
                minutes: i64::from(minutes),
            },
            now,
        )
        .await?;
    load(ctx, id).await
}

fn attempt(pack: &Pack, w: StoredWriting) -> Result<Attempt> {
    let guidance = w
        .summary
        .prompt_id
        .as_deref()
        .and_then(|id| pack.writing_prompt(id))
        .map(|p| p.guidance.clone());
    let report = match &w.report {
        Some(json) => Some(serde_json::from_str::<Report>(json).map_err(|e| {
            AppError::Invalid(format!(
                "writing {}: the saved report cannot be read ({e})",
                w.summary.id
            ))
        })?),
        None => None,
    };
    Ok(Attempt {
        seconds_left: (w.summary.minutes * 60 - w.elapsed_seconds).max(0),
        guidance,
        prompt_text: w.prompt_text,
        elapsed_seconds: w.elapsed_seconds,
        body: w.body,
        rev: w.rev,
        report,
        summary: w.summary,
    })
}

/// An attempt by id.
pub async fn load(ctx: Ctx<'_>, id: WritingId) -> Result<Attempt> {
    let w = ctx.store.writing(ctx.owner, id).await?;
    attempt(ctx.pack, w)
}

/// Every attempt, newest first.
pub async fn list(ctx: Ctx<'_>) -> Result<Vec<WritingSummary>> {
    Ok(ctx.store.list_writings(ctx.owner).await?)
}

/// The newest unfinished attempt, if any.
pub async fn unfinished(ctx: Ctx<'_>) -> Result<Option<WritingSummary>> {
    Ok(list(ctx)
        .await?
        .into_iter()
        .find(|w| w.finished_at.is_none()))
}

/// Finished attempts on a prompt (all own prompts count as one), oldest first.
pub async fn history(ctx: Ctx<'_>, prompt_id: Option<&str>) -> Result<Vec<HistoryPoint>> {
    let mut points: Vec<HistoryPoint> = list(ctx)
        .await?
        .into_iter()
        .filter(|w| w.prompt_id.as_deref() == prompt_id)
        .filter_map(|w| {
            Some(HistoryPoint {
                id: w.id,
                finished_at: w.finished_at?,
                overall: w.overall?,
                words: w.words,
            })
        })
        .collect();
    points.sort_by_key(|p| (p.finished_at, p.id));
    Ok(points)
}

/// What a save answers: the revision and words stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Saved {
    /// The revision now latest.
    pub rev: i64,
    /// Words in the text saved.
    pub words: usize,
    /// Seconds written so far.
    pub elapsed_seconds: i64,
}

/// Saves the text typed so far (from revision `base_rev`) and the seconds written.
pub async fn save(
    ctx: Ctx<'_>,
    id: WritingId,
    base_rev: i64,
    body: &str,
    elapsed_seconds: i64,
    now: i64,
) -> Result<Saved> {
    check_len(body)?;
    let n = words(body);
    let elapsed = elapsed_seconds.clamp(0, 24 * 3600);
    let rev = ctx
        .store
        .save_writing(
            ctx.owner,
            id,
            base_rev,
            body,
            n as i64,
            elapsed,
            now,
            COALESCE_MS,
        )
        .await?;
    Ok(Saved {
        rev,
        words: n,
        elapsed_seconds: elapsed,
    })
}

/// Keeps the seconds written (never moves them back).
pub async fn clock(ctx: Ctx<'_>, id: WritingId, elapsed_seconds: i64, now: i64) -> Result<()> {
    Ok(ctx
        .store
        .save_writing_clock(ctx.owner, id, elapsed_seconds.clamp(0, 24 * 3600), now)
        .await?)
}

/// The revisions of an attempt, oldest first.
pub async fn revisions(ctx: Ctx<'_>, id: WritingId) -> Result<Vec<WritingRevision>> {
    Ok(ctx.store.writing_revisions(ctx.owner, id).await?)
}

/// The live critique of an attempt's latest text.
pub async fn live(ctx: Ctx<'_>, id: WritingId) -> Result<Report> {
    let w = ctx.store.writing(ctx.owner, id).await?;
    let p = prompt_of(ctx.pack, &w.summary, &w.prompt_text);
    Ok(critique(ctx.pack, ctx.critic, &w.body, Some(&p)))
}

/// Finishes an attempt: critiques the latest text and stores the report. Finishing again
/// re-critiques the text as it now stands.
pub async fn finish(ctx: Ctx<'_>, id: WritingId, now: i64) -> Result<Attempt> {
    let w = ctx.store.writing(ctx.owner, id).await?;
    if w.body.trim().is_empty() {
        return Err(AppError::Invalid(format!(
            "writing {id} has no text yet: write the narrative first"
        )));
    }
    let p = prompt_of(ctx.pack, &w.summary, &w.prompt_text);
    let report = critique(ctx.pack, ctx.critic, &w.body, Some(&p));
    let json = serde_json::to_string(&report)
        .map_err(|e| AppError::Invalid(format!("the report cannot be written ({e})")))?;
    ctx.store
        .finish_writing(ctx.owner, id, &json, i64::from(report.overall), now)
        .await?;
    load(ctx, id).await
}

/// Deletes an attempt and its revisions; false when there was none.
pub async fn delete(ctx: Ctx<'_>, id: WritingId) -> Result<bool> {
    Ok(ctx.store.delete_writing(ctx.owner, id).await?)
}
