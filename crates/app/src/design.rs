//! System-design practice over the store: start a session (a pack prompt, a random one or the
//! candidate's own text), save each phase's notes as revisions, keep the phased clock, give hints
//! and record them, edit the diagram, and finish with the report: the critic's six objectives beside
//! the candidate's self-rating, the prompt's reference points, the time per phase, the hints used
//! and the history of sessions on the same prompt.
//!
//! Time is an input (`now`, unix milliseconds): this crate reads no clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tpmprep_content::{Pack, Prompt};
use tpmprep_critic::Critic;
use tpmprep_practice::design::clock::{Announcement, Clock, Event, View};
use tpmprep_practice::design::diagram::{Diagram, Edit};
use tpmprep_practice::design::hints::next_hint;
use tpmprep_practice::design::plan::Setup;
use tpmprep_practice::design::{OBJECTIVES, SelfRating, writeup};
use tpmprep_store::{
    DesignHint, DesignId, DesignNote, DesignSummary, NewDesign, NewHint, StoreError, StoredDesign,
};

use crate::mock::Ctx;
use crate::{AppError, Result, unknown};

/// A save of a phase's notes within this long of the phase's latest revision replaces it (typing
/// does not make hundreds of revisions; the newest text is always stored).
pub const COALESCE_MS: i64 = 30_000;

/// Which prompt to practise.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// A pack prompt by id.
    Prompt(String),
    /// A pack prompt at random (`seed` for a repeatable pick).
    Random(Option<u64>),
    /// The candidate's own prompt.
    Text(String),
}

/// How to start a session.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// The prompt.
    pub choice: Choice,
    /// Scales every phase's minutes.
    pub minutes_scale: f64,
    /// Minutes per phase, `key=minutes,…` (after scaling).
    pub phases: Option<String>,
}

/// A session as every front end shows it.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    /// Id, title, times, score.
    pub summary: DesignSummary,
    /// The plan.
    pub setup: Setup,
    /// The clock.
    pub clock: Clock,
    /// The clock as the candidate sees it.
    pub view: View,
    /// Each phase's latest notes by key (phases without notes are absent).
    pub notes: BTreeMap<String, DesignNote>,
    /// The hints used, in order.
    pub hints: Vec<DesignHint>,
    /// The diagram.
    pub diagram: Diagram,
    /// The diagram's revision (0 before any).
    pub diagram_rev: i64,
    /// The report, once finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

impl State {
    /// A phase's notes (empty when none) and their revision (0 when none).
    pub fn note(&self, phase: &str) -> (&str, i64) {
        self.notes
            .get(phase)
            .map_or(("", 0), |n| (n.body.as_str(), n.rev))
    }

    /// Whether the session is finished.
    pub fn finished(&self) -> bool {
        self.summary.finished_at.is_some()
    }

    /// The whole write-up the critic reads.
    pub fn writeup(&self) -> String {
        writeup::for_critic(
            &self.setup,
            |k| self.notes.get(k).map(|n| n.body.as_str()),
            &self.diagram,
        )
    }

    /// The session as a Markdown document (notes and diagram).
    pub fn export(&self) -> String {
        writeup::export(
            &self.setup,
            |k| self.notes.get(k).map(|n| n.body.clone()),
            &self.diagram,
        )
    }
}

/// One objective in the report: the critic's score beside the candidate's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveRow {
    /// The objective (`practicality` …).
    pub objective: String,
    /// The critic's score, 0–10.
    pub critic: u8,
    /// The candidate's own score, 0–10, when they gave one.
    pub own: Option<u8>,
}

/// Time spent in a phase against its budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseTime {
    /// The phase's key.
    pub phase: String,
    /// Its title.
    pub title: String,
    /// Planned seconds.
    pub budget_seconds: u32,
    /// Seconds spent.
    pub spent_seconds: u32,
    /// Words of notes.
    pub words: usize,
}

/// A pack prompt's reference points, shown beside the candidate's notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reference {
    /// The scale sketch.
    pub scale: Vec<String>,
    /// Core components.
    pub components: Vec<String>,
    /// Trade-offs.
    pub trade_offs: Vec<String>,
    /// Deep-dive candidates.
    pub deep_dives: Vec<String>,
    /// Failure modes.
    pub failure_modes: Vec<String>,
    /// What to monitor.
    pub monitoring: Vec<String>,
}

/// The report of a finished session (stored whole; the history is added when it is read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The critic's overall score, 0–100.
    pub overall: u8,
    /// The six objectives, the critic's score beside the candidate's.
    pub objectives: Vec<ObjectiveRow>,
    /// The critic's whole design report (`docs/design-critique.md`).
    pub critique: serde_json::Value,
    /// Time per phase.
    pub phases: Vec<PhaseTime>,
    /// The hints used.
    pub hints: Vec<DesignHint>,
    /// The prompt's reference points (a pack prompt only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// The candidate's self-rating, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_rating: Option<SelfRating>,
    /// Earlier finished sessions on the same prompt, oldest first (filled when read).
    #[serde(default)]
    pub history: Vec<HistoryPoint>,
}

/// One finished session on the same prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPoint {
    /// Its id.
    pub id: DesignId,
    /// When it was finished (unix milliseconds).
    pub finished_at: i64,
    /// Its overall score.
    pub overall: i64,
}

/// A saved note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteSaved {
    /// The phase.
    pub phase: String,
    /// Its revision now.
    pub rev: i64,
    /// Words in it.
    pub words: usize,
}

fn prompt_of<'a>(ctx: &Ctx<'a>, id: Option<&str>) -> Option<&'a Prompt> {
    id.and_then(|id| ctx.pack.prompt(id))
}

fn damaged(id: DesignId, what: impl std::fmt::Display) -> AppError {
    AppError::Damaged {
        id,
        what: format!("design session: {what}"),
    }
}

fn state_of(ctx: &Ctx<'_>, stored: StoredDesign) -> Result<State> {
    let id = stored.summary.id;
    let setup: Setup = serde_json::from_str(&stored.setup).map_err(|e| damaged(id, e))?;
    let clock: Clock = serde_json::from_str::<Clock>(&stored.clock)
        .map_err(|e| damaged(id, e))?
        .fitted(&setup);
    let diagram = Diagram::from_json(&stored.diagram).map_err(|e| damaged(id, e))?;
    let report = match &stored.report {
        Some(json) => Some(serde_json::from_str::<Report>(json).map_err(|e| damaged(id, e))?),
        None => None,
    };
    let _ = ctx;
    Ok(State {
        view: clock.view(&setup),
        summary: stored.summary,
        setup,
        clock,
        notes: stored
            .notes
            .into_iter()
            .map(|n| (n.phase.clone(), n))
            .collect(),
        hints: stored.hints,
        diagram,
        diagram_rev: stored.diagram_rev,
        report,
    })
}

/// Starts a session.
pub async fn start(ctx: Ctx<'_>, options: &StartOptions, now: i64) -> Result<State> {
    let (prompt, text) = match &options.choice {
        Choice::Prompt(id) => (
            Some(ctx.pack.prompt(id).ok_or_else(|| {
                unknown(
                    "design prompt",
                    id,
                    ctx.pack.prompts.iter().map(|p| p.id.as_str()),
                )
            })?),
            None,
        ),
        Choice::Random(seed) => {
            if ctx.pack.prompts.is_empty() {
                return Err(AppError::Invalid("the pack has no design prompts".into()));
            }
            let i = match seed {
                Some(s) => (*s as usize) % ctx.pack.prompts.len(),
                None => (rand::random::<u64>() % ctx.pack.prompts.len() as u64) as usize,
            };
            (ctx.pack.prompts.get(i), None)
        }
        Choice::Text(t) => (None, Some(t.as_str())),
    };
    let setup = Setup::new(
        prompt,
        text,
        options.minutes_scale,
        options.phases.as_deref(),
    )
    .map_err(|e| AppError::Invalid(e.to_string()))?;
    let clock = Clock::new(&setup);
    let setup_json = serde_json::to_string(&setup).map_err(|e| AppError::Invalid(e.to_string()))?;
    let clock_json = serde_json::to_string(&clock).map_err(|e| AppError::Invalid(e.to_string()))?;
    let id = ctx
        .store
        .create_design(
            ctx.owner,
            &NewDesign {
                prompt_id: setup.prompt_id.as_deref(),
                title: &setup.title,
                prompt_text: &setup.prompt_text,
                setup: &setup_json,
                clock: &clock_json,
            },
        )
        .await?;
    let _ = now;
    load(ctx, id).await
}

/// One session.
pub async fn load(ctx: Ctx<'_>, id: DesignId) -> Result<State> {
    let stored = ctx.store.design(ctx.owner, id).await?;
    let mut state = state_of(&ctx, stored)?;
    if let Some(report) = &mut state.report {
        report.history = history(ctx, state.summary.prompt_id.as_deref(), Some(id)).await?;
    }
    Ok(state)
}

/// The newest unfinished session, if any.
pub async fn latest_unfinished(ctx: Ctx<'_>) -> Result<Option<DesignSummary>> {
    Ok(ctx
        .store
        .list_designs(ctx.owner)
        .await?
        .into_iter()
        .find(|d| d.finished_at.is_none()))
}

/// Every session, newest first.
pub async fn list(ctx: Ctx<'_>) -> Result<Vec<DesignSummary>> {
    Ok(ctx.store.list_designs(ctx.owner).await?)
}

/// Finished sessions on a prompt (all own prompts count as one), oldest first, up to `until`
/// (that session included) when given.
pub async fn history(
    ctx: Ctx<'_>,
    prompt_id: Option<&str>,
    until: Option<DesignId>,
) -> Result<Vec<HistoryPoint>> {
    let mut out: Vec<HistoryPoint> = ctx
        .store
        .list_designs(ctx.owner)
        .await?
        .into_iter()
        .filter(|d| d.prompt_id.as_deref() == prompt_id)
        .filter(|d| until.is_none_or(|u| d.id <= u))
        .filter_map(|d| {
            Some(HistoryPoint {
                id: d.id,
                finished_at: d.finished_at?,
                overall: d.overall?,
            })
        })
        .collect();
    out.sort_by_key(|h| (h.finished_at, h.id));
    Ok(out)
}

fn index_of(state: &State, phase: &str) -> Result<usize> {
    state.setup.phase_index(phase).ok_or_else(|| {
        unknown(
            "phase",
            phase,
            state.setup.phases.iter().map(|p| p.key.as_str()),
        )
    })
}

/// Saves a phase's notes typed from revision `base_rev`.
pub async fn save_note(
    ctx: Ctx<'_>,
    id: DesignId,
    phase: &str,
    base_rev: i64,
    body: &str,
    now: i64,
) -> Result<NoteSaved> {
    let state = load_plain(ctx, id).await?;
    index_of(&state, phase)?;
    let rev = ctx
        .store
        .save_design_note(ctx.owner, id, phase, base_rev, body, now, COALESCE_MS)
        .await?;
    Ok(NoteSaved {
        phase: phase.to_string(),
        rev,
        words: body.split_whitespace().count(),
    })
}

async fn load_plain(ctx: Ctx<'_>, id: DesignId) -> Result<State> {
    let stored = ctx.store.design(ctx.owner, id).await?;
    state_of(&ctx, stored)
}

/// A change to the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockMove {
    /// Seconds counted so far in a phase (by key).
    Tick(String, u32),
    /// To the next phase.
    Next,
    /// To a phase by key.
    GoTo(String),
}

/// What a clock move gives back.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// The clock as the candidate sees it now.
    pub view: View,
    /// The current phase's key.
    pub phase: String,
    /// What to announce, in words ("Time is up for Clarify: on to High-level design when you are
    /// ready.").
    pub announcements: Vec<String>,
}

/// Moves the clock (a tick, the next phase, or a chosen one) and saves it.
pub async fn move_clock(ctx: Ctx<'_>, id: DesignId, how: &ClockMove, now: i64) -> Result<Moved> {
    let mut state = load_plain(ctx, id).await?;
    if state.finished() {
        return Err(AppError::Invalid(format!(
            "design session {id} is finished; see its report with `tpmprep design show {id}`"
        )));
    }
    let event = match how {
        ClockMove::Tick(phase, s) => Event::Tick {
            phase: index_of(&state, phase)?,
            seconds: *s,
        },
        ClockMove::Next => Event::Advance,
        ClockMove::GoTo(phase) => Event::GoTo(index_of(&state, phase)?),
    };
    let before = state.clock.clone();
    let said = state
        .clock
        .apply(&state.setup, event)
        .map_err(|e| AppError::Invalid(e.to_string()))?;
    if state.clock != before {
        let json =
            serde_json::to_string(&state.clock).map_err(|e| AppError::Invalid(e.to_string()))?;
        ctx.store
            .save_design_clock(ctx.owner, id, &json, now)
            .await?;
    }
    Ok(Moved {
        view: state.clock.view(&state.setup),
        phase: state.setup.phases[state.clock.current].key.clone(),
        announcements: said.iter().map(|a| announce(&state.setup, a)).collect(),
    })
}

/// An announcement in words.
pub fn announce(setup: &Setup, a: &Announcement) -> String {
    match a {
        Announcement::PhaseOver {
            phase,
            next: Some(n),
        } => format!(
            "Time is up for {}: move on to {} when you are ready.",
            setup.phases[*phase].title, setup.phases[*n].title
        ),
        Announcement::PhaseOver { phase, next: None } => {
            format!("Time is up for {}.", setup.phases[*phase].title)
        }
        Announcement::AllOver => {
            "The planned time is up: wrap up and finish to read your report.".to_string()
        }
    }
}

/// The next hint for a phase, recorded as used; `None` when the phase has no more.
pub async fn hint(ctx: Ctx<'_>, id: DesignId, phase: &str, now: i64) -> Result<Option<DesignHint>> {
    let state = load_plain(ctx, id).await?;
    index_of(&state, phase)?;
    let used: Vec<&str> = state.hints.iter().map(|h| h.text.as_str()).collect();
    let prompt = prompt_of(&ctx, state.summary.prompt_id.as_deref());
    let Some(h) = next_hint(prompt, phase, &used) else {
        return Ok(None);
    };
    let seq = ctx
        .store
        .add_design_hint(
            ctx.owner,
            id,
            &NewHint {
                phase,
                kind: h.kind,
                text: &h.text,
            },
            now,
        )
        .await?;
    Ok(Some(DesignHint {
        seq,
        phase: phase.to_string(),
        kind: h.kind.to_string(),
        text: h.text,
        used_at: now,
    }))
}

/// What to do to the diagram.
#[derive(Debug, Clone)]
pub enum DiagramChange {
    /// One edit.
    Edit(Edit),
    /// Replace it with the terminal form's lines.
    Lines(String),
    /// Replace it whole (checked as an edit would be).
    Replace(Diagram),
}

/// Changes the diagram made from revision `base_rev`; returns it with its new revision.
pub async fn change_diagram(
    ctx: Ctx<'_>,
    id: DesignId,
    base_rev: i64,
    change: DiagramChange,
    now: i64,
) -> Result<(Diagram, i64)> {
    let state = load_plain(ctx, id).await?;
    if base_rev != state.diagram_rev {
        return Err(StoreError::DesignConflict {
            id,
            phase: "diagram".into(),
            base_rev,
            current_rev: state.diagram_rev,
        }
        .into());
    }
    let diagram = match change {
        DiagramChange::Edit(edit) => {
            let mut d = state.diagram;
            d.apply(edit)
                .map_err(|e| AppError::Invalid(e.to_string()))?;
            d
        }
        DiagramChange::Lines(text) => {
            Diagram::from_lines(&text).map_err(|e| AppError::Invalid(format!("diagram: {e}")))?
        }
        DiagramChange::Replace(d) => {
            d.check()
                .map_err(|e| AppError::Invalid(format!("diagram: {e}")))?;
            d
        }
    };
    let rev = ctx
        .store
        .save_design_diagram(ctx.owner, id, base_rev, &diagram.to_json(), now)
        .await?;
    Ok((diagram, rev))
}

/// The critic's design report of a text, as JSON (`docs/design-critique.md`).
pub fn critique_text(
    pack: &Pack,
    critic: &Critic,
    text: &str,
    prompt_id: Option<&str>,
) -> Result<serde_json::Value> {
    let prompt = match prompt_id {
        Some(id) => Some(pack.prompt(id).ok_or_else(|| {
            unknown(
                "design prompt",
                id,
                pack.prompts.iter().map(|p| p.id.as_str()),
            )
        })?),
        None => None,
    };
    let report = critic.design_report(text, prompt);
    serde_json::to_value(&report).map_err(|e| AppError::Invalid(e.to_string()))
}

fn overall_of(critique: &serde_json::Value) -> u8 {
    critique
        .get("overall")
        .and_then(serde_json::Value::as_u64)
        .map_or(0, |v| v.min(100) as u8)
}

fn objective_of(critique: &serde_json::Value, key: &str) -> u8 {
    critique
        .get("objectives")
        .and_then(|o| o.get(key))
        .and_then(|o| o.get("score"))
        .and_then(serde_json::Value::as_u64)
        .map_or(0, |v| v.min(10) as u8)
}

/// Finishes the session (or re-rates a finished one): the critic reads the write-up, and the
/// report is stored with the self-rating.
pub async fn finish(
    ctx: Ctx<'_>,
    id: DesignId,
    self_rating: Option<SelfRating>,
    now: i64,
) -> Result<State> {
    let mut state = load_plain(ctx, id).await?;
    if !state.finished() {
        let _ = state.clock.apply(&state.setup, Event::Finish);
    }
    let self_rating = self_rating.or(state.report.as_ref().and_then(|r| r.self_rating));
    let prompt = prompt_of(&ctx, state.summary.prompt_id.as_deref());
    let critique = critique_text(
        ctx.pack,
        ctx.critic,
        &state.writeup(),
        prompt.map(|p| p.id.as_str()),
    )?;
    let overall = overall_of(&critique);
    let own = self_rating.map(|r| r.scores());
    let report = Report {
        overall,
        objectives: OBJECTIVES
            .iter()
            .enumerate()
            .map(|(i, key)| ObjectiveRow {
                objective: (*key).to_string(),
                critic: objective_of(&critique, key),
                own: own.map(|o| o[i]),
            })
            .collect(),
        critique,
        phases: state
            .setup
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| PhaseTime {
                phase: p.key.clone(),
                title: p.title.clone(),
                budget_seconds: p.seconds,
                spent_seconds: state.clock.spent.get(i).copied().unwrap_or(0),
                words: state.note(&p.key).0.split_whitespace().count(),
            })
            .collect(),
        hints: state.hints.clone(),
        reference: prompt.map(|p| Reference {
            scale: p.scale.clone(),
            components: p.components.clone(),
            trade_offs: p.trade_offs.clone(),
            deep_dives: p.deep_dives.clone(),
            failure_modes: p.failure_modes.clone(),
            monitoring: p.monitoring.clone(),
        }),
        self_rating,
        history: Vec::new(),
    };
    let report_json =
        serde_json::to_string(&report).map_err(|e| AppError::Invalid(e.to_string()))?;
    let rating_json = match self_rating {
        Some(r) => Some(serde_json::to_string(&r).map_err(|e| AppError::Invalid(e.to_string()))?),
        None => None,
    };
    let clock_json =
        serde_json::to_string(&state.clock).map_err(|e| AppError::Invalid(e.to_string()))?;
    ctx.store
        .finish_design(
            ctx.owner,
            id,
            &report_json,
            i64::from(overall),
            rating_json.as_deref(),
            &clock_json,
            now,
        )
        .await?;
    load(ctx, id).await
}

/// Deletes a session.
pub async fn delete(ctx: Ctx<'_>, id: DesignId) -> Result<()> {
    Ok(ctx.store.delete_design(ctx.owner, id).await?)
}
