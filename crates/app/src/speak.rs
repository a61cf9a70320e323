//! Spoken answers (issue 19): a transcript the candidate brings (plain text with a duration,
//! `.srt`, `.vtt`, Whisper JSON) read and measured by the `speech` crate, critiqued as an answer to
//! its question, the two put together in one report, and kept with the file as brought.
//!
//! Mocks and drills take a transcript as an answer: [`answer_text`] sees that what was given is a
//! timed transcript, keeps it with its report and gives back the words to answer with.

use serde::{Deserialize, Serialize};
use tpmprep_content::Pack;
use tpmprep_critic::{Critic, Input, Question};
use tpmprep_speech::{Analysis, Format, Lexicon, analyse as measure, parse_duration, read};
use tpmprep_store::{NewTranscript, StoredTranscript, TranscriptId, TranscriptSummary};

use crate::mock::Ctx;
use crate::{AppError, Result};

/// The largest transcript file taken, bytes (a 20-minute Whisper JSON with word times is ~1 MB).
pub const MAX_TRANSCRIPT_BYTES: usize = 2_000_000;

/// What the candidate brings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeakInput {
    /// The file's contents.
    pub transcript: String,
    /// The file's name (`answer.srt`), which also says its format; "pasted" when none.
    pub name: Option<String>,
    /// `text`, `srt`, `vtt` or `whisper`; else from the name's extension, else guessed.
    pub format: Option<String>,
    /// For plain text: how long the answer took (`2:05`, `125`, `2m5s`).
    pub duration: Option<String>,
    /// A pack question id the answer responds to.
    pub question_id: Option<String>,
    /// Or the question in words (used when no id is given).
    pub question: Option<String>,
}

/// Where a transcript was brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Context {
    /// On its own (`tpmprep speak analyze`, the Speak page).
    Speak,
    /// As an answer in this mock.
    Mock(i64),
    /// As the answer to this drill card.
    Drill(i64),
    /// As a rehearsal of this story.
    Story(i64),
}

impl Context {
    /// `(kind, id)` as the store keeps them.
    pub fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Context::Speak => ("speak", None),
            Context::Mock(id) => ("mock", Some(id)),
            Context::Drill(id) => ("drill", Some(id)),
            Context::Story(id) => ("story", Some(id)),
        }
    }
}

/// The question a spoken answer responds to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    /// Its pack id, when it is a pack question.
    pub id: Option<String>,
    /// Its text.
    pub text: String,
}

/// Delivery and content together. The delivery's figures are at the top level (`words`,
/// `duration_seconds`, `wpm`, `fillers`, `fillers_per_minute`, `pauses[]`, `windows[]` …), then
/// the time in each STAR part, the critique, and a few plain sentences that sum it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakReport {
    /// The file's name ("pasted" when none).
    pub name: String,
    /// Pace, fillers, hedges, pauses, windows, talk time, notes.
    #[serde(flatten)]
    pub delivery: Analysis,
    /// Seconds and share of the talk time in each STAR part, in STAR order.
    pub star: Vec<tpmprep_speech::PartShare>,
    /// The question, when one was given.
    pub question: Option<Asked>,
    /// The words read from the transcript (what the critic read).
    pub text: String,
    /// The critic's overall score, 0–100.
    pub score: u8,
    /// The critic's verdict (`strong` …).
    pub verdict: String,
    /// The whole critique (`docs/critique.md`).
    pub critique: serde_json::Value,
    /// What to work on first, delivery and content together, most important first.
    pub summary: Vec<String>,
}

/// A kept transcript with its report.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// Its id.
    pub id: TranscriptId,
    /// When it was kept, unix ms.
    pub created_at: i64,
    /// Where it was brought.
    pub context: String,
    /// The mock, card or story id.
    pub context_id: Option<i64>,
    /// The report.
    pub report: SpeakReport,
}

/// A kept transcript in full: the file as brought and the report.
#[derive(Debug, Clone, Serialize)]
pub struct Full {
    /// The report and where it was brought.
    #[serde(flatten)]
    pub saved: Saved,
    /// The file as brought.
    pub source: String,
}

fn lexicon(pack: &Pack) -> Lexicon {
    let hedges = &pack.narrative.hedges;
    if hedges.is_empty() {
        Lexicon::standard()
    } else {
        Lexicon {
            hedges: hedges.clone(),
        }
    }
}

/// `m:ss` (`1:31`), or `h:mm:ss` past an hour.
pub fn clock(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Whether `text` is a timed transcript (WebVTT, SubRip, Whisper JSON) rather than a typed answer.
pub fn looks_timed(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("WEBVTT") {
        return true;
    }
    if t.starts_with('{') {
        return t.contains("\"segments\"");
    }
    // SubRip: a cue number line, then a timing line, near the top.
    t.lines()
        .take(6)
        .any(|l| l.contains("-->") && l.chars().filter(|c| *c == ':').count() >= 2)
}

fn format_of(input: &SpeakInput) -> Result<Option<Format>> {
    match input
        .format
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(f) => Format::parse(f).map(Some).ok_or_else(|| {
            AppError::Invalid(format!(
                "format: \"{f}\" is not a transcript format (text, srt, vtt or whisper)"
            ))
        }),
        None => Ok(input.name.as_deref().and_then(Format::from_name)),
    }
}

/// Reads, measures and critiques a transcript without keeping it. Errors name the file, the line
/// and what is wrong (`answer.srt: line 6: expected a timing line …`), or the field
/// (`duration: …`, `question_id: …`).
pub fn analyse(pack: &Pack, critic: &Critic, input: &SpeakInput) -> Result<SpeakReport> {
    let name = input
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("pasted")
        .to_string();
    if input.transcript.len() > MAX_TRANSCRIPT_BYTES {
        return Err(AppError::Invalid(format!(
            "{name}: {} bytes is more than the {} a transcript may have",
            input.transcript.len(),
            MAX_TRANSCRIPT_BYTES
        )));
    }
    if input.transcript.trim().is_empty() {
        return Err(AppError::Invalid(format!(
            "{name}: the transcript is empty"
        )));
    }
    let duration = match input
        .duration
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(parse_duration(d).ok_or_else(|| {
            AppError::Invalid(format!(
                "duration: \"{d}\" is not a length of time (write 2:05, 125 or 2m5s)"
            ))
        })?),
        None => None,
    };
    let format = format_of(input)?;
    let t = read(&input.transcript, format, duration).map_err(|e| {
        AppError::Invalid(if e.line == 0 {
            format!("{name}: {}", e.message)
        } else {
            format!("{name}: line {}: {}", e.line, e.message)
        })
    })?;
    let delivery = measure(&t, &lexicon(pack));
    let pack_q = match input
        .question_id
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        Some(id) => Some(pack.question(id).ok_or_else(|| AppError::Unknown {
            what: "question_id",
            id: id.to_string(),
            valid: "an id from `tpmprep questions`".into(),
        })?),
        None => None,
    };
    let free = input
        .question
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    if free.is_some_and(|q| q.chars().count() > 2_000) {
        return Err(AppError::Invalid(
            "question: longer than 2,000 characters".into(),
        ));
    }
    let asked = match (pack_q, free) {
        (Some(q), _) => Some(Asked {
            id: Some(q.id.clone()),
            text: q.text.clone(),
        }),
        (None, Some(q)) => Some(Asked {
            id: None,
            text: q.to_string(),
        }),
        (None, None) => None,
    };
    let no_principles: Vec<String> = Vec::new();
    let question = asked.as_ref().map(|a| Question {
        text: &a.text,
        principles: pack_q.map_or(&no_principles[..], |q| &q.principles[..]),
        kind: pack_q.map_or("", |q| q.kind.as_str()),
    });
    let critic_input = Input {
        text: &t.text,
        question,
        facts: None,
        principles: &[],
    };
    let critique = critic.critique(&critic_input);
    let parts: Vec<(usize, usize, &str)> = critic
        .star_parts(&critic_input)
        .iter()
        .map(|s| (s.start, s.end, s.part))
        .collect();
    let star = tpmprep_speech::star_shares(&t, &parts);
    let summary = summarise(&delivery, &star, &critique);
    Ok(SpeakReport {
        name,
        star,
        question: asked,
        score: critique.overall,
        verdict: critique.verdict.to_string(),
        critique: serde_json::to_value(&critique)
            .map_err(|e| AppError::Invalid(format!("the critique could not be written: {e}")))?,
        text: t.text,
        delivery,
        summary,
    })
}

/// A few sentences that put delivery and content together, most important first.
fn summarise(
    d: &Analysis,
    star: &[tpmprep_speech::PartShare],
    c: &tpmprep_critic::Critique,
) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "Content: {} ({}/100).{}",
        c.verdict,
        c.overall,
        c.findings
            .iter()
            .find(|f| f.severity == tpmprep_critic::Severity::Miss)
            .map(|f| format!(" First to fix: {}", f.message))
            .unwrap_or_default()
    ));
    out.push(format!(
        "Talk time {} against a 2:00 target: {}",
        clock(d.talk_time.seconds),
        d.talk_time.advice
    ));
    let pace = match d.pace {
        tpmprep_speech::Pace::Slow => {
            "slower than the comfortable 130–160: an interviewer may hear hesitation; rehearse the story until the order comes without thinking"
        }
        tpmprep_speech::Pace::Comfortable => "in the comfortable 130–160 range",
        tpmprep_speech::Pace::Fast => {
            "faster than the comfortable 130–160: slow down at the numbers and the decision so they land"
        }
    };
    out.push(format!("Pace {:.0} words a minute, {pace}.", d.wpm));
    let fast = d
        .windows
        .iter()
        .filter(|w| w.pace == tpmprep_speech::Pace::Fast)
        .count();
    if fast > 0 && d.pace != tpmprep_speech::Pace::Fast {
        out.push(format!(
            "{fast} of the {} 30-second stretches ran over 160 words a minute.",
            d.windows.len()
        ));
    }
    if d.fillers > 0 {
        let top: Vec<String> = d
            .filler_counts
            .iter()
            .take(3)
            .map(|c| format!("\"{}\" ×{}", c.phrase, c.count))
            .collect();
        out.push(format!(
            "{} filler{} ({:.1} a minute): {}.{}",
            d.fillers,
            if d.fillers == 1 { "" } else { "s" },
            d.fillers_per_minute,
            top.join(", "),
            if d.fillers_per_minute > 4.0 {
                " A silent pause sounds surer than a filler."
            } else {
                ""
            }
        ));
    }
    if d.hedges > 0 {
        out.push(format!(
            "{} hedge{} (\"{}\"): say what you did and decided without softening it.",
            d.hedges,
            if d.hedges == 1 { "" } else { "s" },
            d.hedge_counts
                .iter()
                .map(|c| c.phrase.as_str())
                .take(3)
                .collect::<Vec<_>>()
                .join("\", \"")
        ));
    }
    if !d.pauses.is_empty() {
        let longest = d.pauses.iter().map(|p| p.seconds).fold(0.0, f64::max);
        out.push(format!(
            "{} long pause{} (the longest {:.1} s).",
            d.pauses.len(),
            if d.pauses.len() == 1 { "" } else { "s" },
            longest
        ));
    }
    let share = |p: &str| star.iter().find(|s| s.part == p).map_or(0.0, |s| s.share);
    if share("situation") + share("task") > 0.4 {
        out.push(format!(
            "{:.0}% of the time went to the situation and task; aim for about 20% and spend the rest on what you did and what came of it.",
            (share("situation") + share("task")) * 100.0
        ));
    }
    if !star.is_empty() && share("result") == 0.0 {
        out.push("No time went to the result: end on what changed, with a number.".to_string());
    }
    out
}

/// Reads, measures, critiques and keeps a transcript brought in `context`.
pub async fn save(ctx: Ctx<'_>, input: &SpeakInput, context: Context, now: i64) -> Result<Saved> {
    let report = analyse(ctx.pack, ctx.critic, input)?;
    keep(ctx, input, &report, context, now).await
}

async fn keep(
    ctx: Ctx<'_>,
    input: &SpeakInput,
    report: &SpeakReport,
    context: Context,
    now: i64,
) -> Result<Saved> {
    let json = serde_json::to_string(report)
        .map_err(|e| AppError::Invalid(format!("the report could not be written: {e}")))?;
    let (kind, context_id) = context.parts();
    let new = NewTranscript {
        name: &report.name,
        format: report.delivery.format.as_str(),
        source: &input.transcript,
        text: &report.text,
        question_id: report.question.as_ref().and_then(|q| q.id.as_deref()),
        question: report.question.as_ref().map(|q| q.text.as_str()),
        context: kind,
        context_id,
        duration_ms: (report.delivery.duration_seconds * 1000.0).round() as i64,
        words: report.delivery.words as i64,
        score: Some(i64::from(report.score)),
        report: &json,
    };
    let id = ctx.store.add_transcript(ctx.owner, &new, now).await?;
    Ok(Saved {
        id,
        created_at: now,
        context: kind.to_string(),
        context_id,
        report: report.clone(),
    })
}

/// What a mock or drill answer turned out to be.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The words to answer with: the transcript's text, or what was typed.
    pub text: String,
    /// The transcript kept, when the answer was one.
    pub transcript: Option<Saved>,
}

/// Takes what was given as an answer in a mock or drill: a timed transcript (WebVTT, SubRip,
/// Whisper JSON) is read, measured, critiqued against `question` and kept in `context`, and its
/// words are the answer; anything else is the answer as typed. A transcript that cannot be read
/// is refused naming its line, and nothing is kept.
pub async fn answer_text(
    ctx: Ctx<'_>,
    given: &str,
    name: Option<&str>,
    question: &Asked,
    context: Context,
    now: i64,
) -> Result<Answered> {
    let named_timed = name
        .and_then(Format::from_name)
        .is_some_and(|f| f != Format::Text);
    if !named_timed && !looks_timed(given) {
        return Ok(Answered {
            text: given.to_string(),
            transcript: None,
        });
    }
    let input = SpeakInput {
        transcript: given.to_string(),
        name: Some(name.unwrap_or("answer transcript").to_string()),
        question_id: question.id.clone(),
        question: Some(question.text.clone()),
        ..SpeakInput::default()
    };
    let saved = save(ctx, &input, context, now).await?;
    Ok(Answered {
        text: saved.report.text.clone(),
        transcript: Some(saved),
    })
}

fn saved_of(s: &StoredTranscript) -> Result<Saved> {
    let report: SpeakReport = serde_json::from_str(&s.report).map_err(|e| {
        AppError::Invalid(format!(
            "transcript {}: its saved report cannot be read ({e})",
            s.summary.id
        ))
    })?;
    Ok(Saved {
        id: s.summary.id,
        created_at: s.summary.created_at,
        context: s.summary.context.clone(),
        context_id: s.summary.context_id,
        report,
    })
}

/// The account's transcripts, newest first.
pub async fn list(ctx: Ctx<'_>) -> Result<Vec<TranscriptSummary>> {
    Ok(ctx.store.list_transcripts(ctx.owner).await?)
}

/// The transcripts brought in one mock, drill card or story, oldest first.
pub async fn for_context(ctx: Ctx<'_>, context: Context) -> Result<Vec<TranscriptSummary>> {
    let (kind, id) = context.parts();
    match id {
        Some(id) => Ok(ctx.store.transcripts_for(ctx.owner, kind, id).await?),
        None => Ok(list(ctx)
            .await?
            .into_iter()
            .filter(|t| t.context == kind)
            .collect()),
    }
}

/// One kept transcript with its report and the file as brought.
pub async fn get(ctx: Ctx<'_>, id: TranscriptId) -> Result<Full> {
    let s = ctx.store.transcript(ctx.owner, id).await?;
    Ok(Full {
        saved: saved_of(&s)?,
        source: s.source,
    })
}

/// Deletes a kept transcript (its report goes with it).
pub async fn delete(ctx: Ctx<'_>, id: TranscriptId) -> Result<()> {
    if ctx.store.delete_transcript(ctx.owner, id).await? {
        Ok(())
    } else {
        Err(AppError::Store(
            tpmprep_store::StoreError::TranscriptNotFound(id),
        ))
    }
}
