//! System-design practice in the browser: the start form and past sessions (`/design`), the running
//! session (`/design/{id}`: the phase timer, each phase's notes saved as the candidate types, hints,
//! the diagram drawn as SVG and edited with forms, finishing with a self-rating) and its report; the
//! same under `/api/v1/design`.
//!
//! Every step goes through `tpmprep_app::design`; nothing about a session lives in the server's
//! memory, so a reload, a second tab or a restart see the same state.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::design::{self as uc, Choice, ClockMove, DiagramChange, StartOptions};
use tpmprep_practice::design::diagram::{BOX_H, BOX_W, Diagram, Edit};
use tpmprep_practice::design::{OBJECTIVES, SelfRating};
use tpmprep_store::{DesignId, StoreError};

use super::redirect;
use crate::templates::render;
use crate::{AppState, PageError};

mod api;

pub(crate) use api::api;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "design/index.html",
        include_str!("../../../templates/design/index.html"),
    ),
    (
        "design/session.html",
        include_str!("../../../templates/design/session.html"),
    ),
    (
        "design/diagram.html",
        include_str!("../../../templates/design/diagram.html"),
    ),
    (
        "design/report.html",
        include_str!("../../../templates/design/report.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/design.json");

/// The most characters one phase's notes may hold.
pub(crate) const MAX_NOTE_CHARS: usize = 20_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn parse_id(raw: &str) -> Option<DesignId> {
    raw.parse::<DesignId>().ok().filter(|id| *id > 0)
}

fn page_id(raw: &str) -> Result<DesignId, PageError> {
    parse_id(raw).ok_or_else(|| PageError::NotFound(format!("design session `{raw}`")))
}

fn status(code: StatusCode, msg: &str) -> Response {
    let class = if code.is_success() { "" } else { "error" };
    (
        code,
        Html(format!(
            "<span class=\"{class}\">{}</span>",
            crate::error::escape(msg)
        )),
    )
        .into_response()
}

fn code_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Store(StoreError::DesignNotFound(_)) => StatusCode::NOT_FOUND,
        AppError::Store(StoreError::DesignConflict { .. }) => StatusCode::CONFLICT,
        AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Invalid(_) | AppError::Unknown { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

// ---------------------------------------------------------------------------------------------
// The start page
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Serialize, Deserialize)]
struct StartForm {
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    minutes_scale: String,
    #[serde(default)]
    phases: String,
}

#[derive(Serialize)]
struct PromptOption {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct Past {
    id: DesignId,
    title: String,
    started: String,
    finished: bool,
    overall: Option<i64>,
}

fn options_from_form(f: &StartForm) -> Result<StartOptions, String> {
    let minutes_scale = match f.minutes_scale.trim() {
        "" => 1.0,
        s => s
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x > 0.0 && *x <= 4.0)
            .ok_or_else(|| {
                format!("the time scale `{s}` must be a number above 0 and at most 4")
            })?,
    };
    let choice = match f.prompt.trim() {
        "own" => Choice::Text(f.text.clone()),
        "random" | "" => Choice::Random(None),
        id => Choice::Prompt(id.to_string()),
    };
    Ok(StartOptions {
        choice,
        minutes_scale,
        phases: Some(f.phases.trim().to_string()).filter(|p| !p.is_empty()),
    })
}

async fn index_page(
    state: &AppState,
    form: &StartForm,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let list = uc::list(state.ctx()).await?;
    let past: Vec<Past> = list
        .into_iter()
        .map(|d| Past {
            id: d.id,
            title: d.title,
            started: tpmprep_app::civil_time(d.created_at),
            finished: d.finished_at.is_some(),
            overall: d.overall,
        })
        .collect();
    let prompts: Vec<PromptOption> = state
        .pack()
        .prompts
        .iter()
        .map(|p| PromptOption {
            id: p.id.clone(),
            title: p.title.clone(),
        })
        .collect();
    render(
        state,
        "design/index.html",
        "design",
        minijinja::context! {
            prompts => minijinja::Value::from_serialize(&prompts),
            values => minijinja::Value::from_serialize(form),
            past => minijinja::Value::from_serialize(&past),
            error => error,
        },
    )
}

async fn index(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    index_page(&state, &StartForm::default(), None).await
}

async fn start_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let started = match options_from_form(&f) {
        Ok(o) => uc::start(state.ctx(), &o, now_ms()).await,
        Err(msg) => Err(AppError::Invalid(msg)),
    };
    match started {
        Ok(s) => Ok(redirect(&headers, &format!("/design/{}", s.summary.id))),
        Err(e @ (AppError::Invalid(_) | AppError::Unknown { .. })) => {
            let page = index_page(&state, &f, Some(e.to_string())).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The session page
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct PhaseView {
    index: usize,
    key: String,
    title: String,
    aim: String,
    minutes: u32,
    spent: String,
    current: bool,
    notes: String,
    rev: i64,
    words: usize,
    hints: Vec<HintView>,
}

#[derive(Serialize)]
struct HintView {
    kind: String,
    text: String,
}

/// One list of the prompt's reference points, each marked when the critic found it in the notes.
#[derive(Serialize)]
struct RefGroup {
    title: &'static str,
    items: Vec<RefItem>,
}

#[derive(Serialize)]
struct RefItem {
    text: String,
    touched: bool,
}

/// The prompt's reference points beside the critic's marks (the critic lists the same items in
/// the same order, by their heads).
fn reference_groups(r: &uc::Report) -> Vec<RefGroup> {
    let Some(reference) = &r.reference else {
        return Vec::new();
    };
    let marks = |key: &str| -> Vec<bool> {
        r.critique
            .get("reference")
            .and_then(|v| v.get(key))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|i| i.get("touched").and_then(|t| t.as_bool()).unwrap_or(false))
                    .collect()
            })
            .unwrap_or_default()
    };
    [
        ("Scale", &reference.scale, None),
        ("Components", &reference.components, Some("components")),
        ("Trade-offs", &reference.trade_offs, Some("trade_offs")),
        ("Deep dives", &reference.deep_dives, None),
        (
            "Failure modes",
            &reference.failure_modes,
            Some("failure_modes"),
        ),
        ("Monitoring", &reference.monitoring, Some("monitoring")),
    ]
    .into_iter()
    .map(|(title, list, key)| {
        let touched = key.map(marks).unwrap_or_default();
        RefGroup {
            title,
            items: list
                .iter()
                .enumerate()
                .map(|(i, text)| RefItem {
                    text: text.clone(),
                    touched: touched.get(i).copied().unwrap_or(false),
                })
                .collect(),
        }
    })
    .collect()
}

/// A phase's time in the report.
#[derive(Serialize)]
struct TimeRow {
    title: String,
    spent: String,
    planned: String,
    words: usize,
}

/// A session on the same prompt, with the change from the one before.
#[derive(Serialize)]
struct HistoryRow {
    id: DesignId,
    overall: i64,
    change: Option<String>,
    this: bool,
}

/// The diagram as the template draws it.
#[derive(Serialize)]
struct Drawing {
    width: i32,
    height: i32,
    boxes: Vec<BoxView>,
    arrows: Vec<ArrowView>,
    rev: i64,
}

#[derive(Serialize)]
struct BoxView {
    id: u32,
    name: String,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    tx: i32,
    ty: i32,
}

#[derive(Serialize)]
struct ArrowView {
    from: u32,
    to: u32,
    words: String,
    label: String,
    x1: i32,
    y1: i32,
    x2: i32,
    y2: i32,
    lx: i32,
    ly: i32,
}

/// Where a line from the centre of one box towards another leaves the first box's border.
fn border_point(cx: i32, cy: i32, tx: i32, ty: i32) -> (i32, i32) {
    let (dx, dy) = (f64::from(tx - cx), f64::from(ty - cy));
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let hw = f64::from(BOX_W) / 2.0;
    let hh = f64::from(BOX_H) / 2.0;
    let scale = (hw / dx.abs()).min(hh / dy.abs());
    (
        cx + (dx * scale).round() as i32,
        cy + (dy * scale).round() as i32,
    )
}

fn drawing(d: &Diagram, rev: i64) -> Drawing {
    let (width, height) = d.size();
    let centre = |id| {
        d.position(id)
            .map(|(x, y)| (x + BOX_W / 2, y + BOX_H / 2))
            .unwrap_or((0, 0))
    };
    Drawing {
        width,
        height,
        rev,
        boxes: d
            .boxes
            .iter()
            .filter_map(|b| {
                let (x, y) = d.position(b.id)?;
                Some(BoxView {
                    id: b.id,
                    name: b.name.clone(),
                    x,
                    y,
                    w: BOX_W,
                    h: BOX_H,
                    tx: x + BOX_W / 2,
                    ty: y + BOX_H / 2 + 5,
                })
            })
            .collect(),
        arrows: d
            .arrows
            .iter()
            .map(|a| {
                let (fx, fy) = centre(a.from);
                let (tx, ty) = centre(a.to);
                let (x1, y1) = border_point(fx, fy, tx, ty);
                let (x2, y2) = border_point(tx, ty, fx, fy);
                ArrowView {
                    from: a.from,
                    to: a.to,
                    words: d.arrow_line(a),
                    label: a.label.clone(),
                    x1,
                    y1,
                    x2,
                    y2,
                    lx: (x1 + x2) / 2,
                    ly: (y1 + y2) / 2 - 6,
                }
            })
            .collect(),
    }
}

async fn session_page(
    state: &AppState,
    s: &uc::State,
    notice: Option<String>,
    diagram_error: Option<String>,
) -> Result<Html<String>, PageError> {
    let phases: Vec<PhaseView> = s
        .setup
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (notes, rev) = s.note(&p.key);
            PhaseView {
                index: i,
                key: p.key.clone(),
                title: p.title.clone(),
                aim: p.aim.clone(),
                minutes: p.seconds.div_ceil(60),
                spent: tpmprep_app::clock(s.clock.spent.get(i).copied().unwrap_or(0)),
                current: i == s.clock.current,
                notes: notes.to_string(),
                rev,
                words: notes.split_whitespace().count(),
                hints: s
                    .hints
                    .iter()
                    .filter(|h| h.phase == p.key)
                    .map(|h| HintView {
                        kind: h.kind.clone(),
                        text: h.text.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let current = &s.setup.phases[s.clock.current];
    let next = s.setup.phases.get(s.clock.current + 1);
    let remaining = s.view.remaining;
    let report = s.report.as_ref();
    let times: Vec<TimeRow> = report
        .map(|r| {
            r.phases
                .iter()
                .map(|p| TimeRow {
                    title: p.title.clone(),
                    spent: tpmprep_app::clock(p.spent_seconds),
                    planned: tpmprep_app::clock(p.budget_seconds),
                    words: p.words,
                })
                .collect()
        })
        .unwrap_or_default();
    let history: Vec<HistoryRow> = report
        .map(|r| {
            r.history
                .iter()
                .enumerate()
                .map(|(i, h)| HistoryRow {
                    id: h.id,
                    overall: h.overall,
                    change: i.checked_sub(1).and_then(|j| r.history.get(j)).map(|prev| {
                        match h.overall - prev.overall {
                            0 => "no change".to_string(),
                            d if d > 0 => format!("+{d}"),
                            d => d.to_string(),
                        }
                    }),
                    this: h.id == s.summary.id,
                })
                .collect()
        })
        .unwrap_or_default();
    let reference = report.map(reference_groups).unwrap_or_default();
    render(
        state,
        if report.is_some() {
            "design/report.html"
        } else {
            "design/session.html"
        },
        "design",
        minijinja::context! {
            id => s.summary.id,
            title => s.setup.title.clone(),
            prompt_text => s.setup.prompt_text.clone(),
            prompt_id => s.summary.prompt_id.clone(),
            phases => minijinja::Value::from_serialize(&phases),
            current => current.key.clone(),
            current_title => current.title.clone(),
            next_title => next.map(|p| p.title.clone()),
            last => next.is_none(),
            countdown => remaining.max(0),
            countdown_text => if remaining > 0 { format!("{} left", tpmprep_app::clock(remaining as u32)) } else { "time is up".to_string() },
            spent => s.view.spent,
            total_spent => tpmprep_app::clock(s.view.total_spent),
            total_budget => tpmprep_app::clock(s.view.total_budget),
            time_up_text => match next {
                Some(n) => format!("Time is up for {}: move on to {} when you are ready.", current.title, n.title),
                None => format!("Time is up for {}: finish to read your report.", current.title),
            },
            over => s.view.over,
            drawing => minijinja::Value::from_serialize(drawing(&s.diagram, s.diagram_rev)),
            diagram_error => diagram_error,
            notice => notice,
            objectives => OBJECTIVES,
            report => minijinja::Value::from_serialize(report),
            times => minijinja::Value::from_serialize(&times),
            reference => minijinja::Value::from_serialize(&reference),
            history => minijinja::Value::from_serialize(&history),
            finished => s.finished(),
            estimate => super::estimate::blank_widget(),
            oob => false,
        },
    )
}

async fn session(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = page_id(&raw)?;
    let s = uc::load(state.ctx(), id).await?;
    session_page(&state, &s, None, None).await
}

#[derive(Debug, Deserialize)]
struct NoteForm {
    #[serde(default)]
    base_rev: String,
    #[serde(default)]
    text: String,
}

/// `POST /design/{id}/notes/{phase}`: saves a phase's notes as typed. Answers the status line and
/// (out of band) the revision the next save starts from.
async fn note_page(
    State(state): State<AppState>,
    Path((raw, phase)): Path<(String, String)>,
    Form(f): Form<NoteForm>,
) -> Response {
    let Some(id) = parse_id(&raw) else {
        return status(StatusCode::NOT_FOUND, "Not saved: no such session.");
    };
    if f.text.chars().count() > MAX_NOTE_CHARS {
        return status(
            StatusCode::BAD_REQUEST,
            &format!(
                "Not saved: a phase's notes hold at most {} characters.",
                crate::middleware::thousands(MAX_NOTE_CHARS)
            ),
        );
    }
    let base: i64 = f.base_rev.trim().parse().unwrap_or(0);
    match uc::save_note(state.ctx(), id, &phase, base, &f.text, now_ms()).await {
        Ok(saved) => {
            let key = crate::error::escape(&phase);
            (
                StatusCode::OK,
                Html(format!(
                    "<span>Saved · {} words</span><input type=\"hidden\" name=\"base_rev\" id=\"base-rev-{key}\" value=\"{}\" hx-swap-oob=\"true\">",
                    saved.words, saved.rev
                )),
            )
                .into_response()
        }
        Err(AppError::Store(StoreError::DesignConflict { current_rev, .. })) => status(
            StatusCode::CONFLICT,
            &format!(
                "Not saved: these notes were changed in another tab or window (now revision {current_rev}). Copy your text, reload the page, and add it back."
            ),
        ),
        Err(e) => {
            let code = code_of(&e);
            let msg = if code == StatusCode::INTERNAL_SERVER_ERROR {
                "Not saved: the server failed; your text is kept in this browser.".to_string()
            } else {
                format!("Not saved: {e}.")
            };
            status(code, &msg)
        }
    }
}

/// Counts the time the page says was spent in `phase` before a move (a page left behind, or a
/// finished session, changes nothing and is no error).
async fn count_time(
    ctx: tpmprep_app::mock::Ctx<'_>,
    id: DesignId,
    phase: &str,
    elapsed: &str,
) -> Result<(), PageError> {
    let seconds: u32 = elapsed.trim().parse().unwrap_or(0);
    if phase.is_empty() || seconds == 0 {
        return Ok(());
    }
    let tick = ClockMove::Tick(phase.to_string(), seconds);
    match uc::move_clock(ctx, id, &tick, now_ms()).await {
        Ok(_) | Err(AppError::Invalid(_) | AppError::Unknown { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
struct ClockForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    elapsed: String,
}

/// `POST /design/{id}/clock`: the page's count of the current phase (`action=tick`, every few
/// seconds and when the page is hidden), or a move to the next or a chosen phase.
async fn clock_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<ClockForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    count_time(ctx, id, &f.phase, &f.elapsed).await?;
    let how = match f.action.as_str() {
        "tick" => return Ok(StatusCode::NO_CONTENT.into_response()),
        "next" => ClockMove::Next,
        "goto" => ClockMove::GoTo(f.phase.clone()),
        other => {
            return Err(PageError::Bad(format!(
                "unknown clock action `{}`",
                other.chars().take(20).collect::<String>()
            )));
        }
    };
    uc::move_clock(ctx, id, &how, now_ms()).await?;
    Ok(redirect(&headers, &format!("/design/{id}")))
}

#[derive(Debug, Deserialize)]
struct GotoForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    elapsed: String,
}

/// `POST /design/{id}/goto`: to a chosen phase (the current one's time counted first).
async fn goto_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<GotoForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    count_time(ctx, id, &f.phase, &f.elapsed).await?;
    uc::move_clock(ctx, id, &ClockMove::GoTo(f.to.clone()), now_ms()).await?;
    Ok(redirect(&headers, &format!("/design/{id}")))
}

#[derive(Debug, Deserialize)]
struct HintForm {
    #[serde(default)]
    phase: String,
}

/// `POST /design/{id}/hint`: the next hint for a phase, recorded; answers the phase's hint list.
async fn hint_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(f): Form<HintForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    let given = uc::hint(ctx, id, &f.phase, now_ms()).await?;
    let s = uc::load(ctx, id).await?;
    let mut html = String::new();
    for h in s.hints.iter().filter(|h| h.phase == f.phase) {
        html.push_str(&format!(
            "<li><span class=\"pill\">{}</span> {}</li>",
            crate::error::escape(&h.kind),
            crate::error::escape(&h.text)
        ));
    }
    if given.is_none() {
        html.push_str("<li class=\"muted\">No more hints for this phase.</li>");
    }
    Ok((StatusCode::OK, Html(html)).into_response())
}

#[derive(Debug, Deserialize)]
struct DiagramForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    base_rev: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    label: String,
}

fn box_id(raw: &str) -> Result<u32, String> {
    raw.trim()
        .parse::<u32>()
        .map_err(|_| "choose a box".to_string())
}

fn edit_of(f: &DiagramForm) -> Result<Edit, String> {
    Ok(match f.op.as_str() {
        "add" => Edit::AddBox(f.name.clone()),
        "rename" => Edit::Rename(box_id(&f.id)?, f.name.clone()),
        "remove" => Edit::RemoveBox(box_id(&f.id)?),
        "connect" => Edit::Connect(box_id(&f.from)?, box_id(&f.to)?, f.label.clone()),
        "disconnect" => Edit::Disconnect(box_id(&f.from)?, box_id(&f.to)?),
        other => {
            return Err(format!(
                "unknown diagram change `{}`",
                other.chars().take(20).collect::<String>()
            ));
        }
    })
}

/// `POST /design/{id}/diagram`: one change to the diagram; answers the diagram section.
async fn diagram_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(f): Form<DiagramForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    let base: i64 = f.base_rev.trim().parse().unwrap_or(-1);
    let outcome = match edit_of(&f) {
        Ok(edit) => uc::change_diagram(ctx, id, base, DiagramChange::Edit(edit), now_ms())
            .await
            .map(|_| None),
        Err(msg) => Ok(Some(msg)),
    };
    let error = match outcome {
        Ok(e) => e,
        Err(AppError::Invalid(msg)) => Some(msg),
        Err(AppError::Store(StoreError::DesignConflict { .. })) => Some(
            "the diagram was changed in another tab; this is how it stands now — make your change again"
                .to_string(),
        ),
        Err(e) => return Err(e.into()),
    };
    let s = uc::load(ctx, id).await?;
    let html = render(
        &state,
        "design/diagram.html",
        "design",
        minijinja::context! {
            id => id,
            drawing => minijinja::Value::from_serialize(drawing(&s.diagram, s.diagram_rev)),
            diagram_error => error,
            finished => s.finished(),
        },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Default, Deserialize)]
struct FinishForm {
    #[serde(default)]
    practicality: String,
    #[serde(default)]
    accuracy: String,
    #[serde(default)]
    efficiency: String,
    #[serde(default)]
    reliability: String,
    #[serde(default)]
    optimization: String,
    #[serde(default)]
    scalability: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    elapsed: String,
}

/// `POST /design/{id}/finish`: the report (with the self-rating when all six are given).
async fn finish_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<FinishForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    let six = [
        f.practicality.as_str(),
        f.accuracy.as_str(),
        f.efficiency.as_str(),
        f.reliability.as_str(),
        f.optimization.as_str(),
        f.scalability.as_str(),
    ];
    let rating = if six.iter().all(|v| v.trim().is_empty()) {
        None
    } else {
        Some(SelfRating::parse(six).map_err(|e| {
            PageError::Bad(format!("{e}; give all six scores from 0 to 10, or none"))
        })?)
    };
    count_time(ctx, id, &f.phase, &f.elapsed).await?;
    uc::finish(ctx, id, rating, now_ms()).await?;
    Ok(redirect(&headers, &format!("/design/{id}")))
}

/// `GET /design/{id}/export.md`: the notes and the diagram as Markdown.
async fn export_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let s = uc::load(state.ctx(), id).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"design-{id}.md\""),
            ),
        ],
        s.export(),
    )
        .into_response())
}

/// `POST /design/{id}/delete`.
async fn delete_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    uc::delete(state.ctx(), id).await?;
    Ok(redirect(&headers, "/design"))
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/design", get(index).post(start_page))
        .route("/design/{id}", get(session))
        .route("/design/{id}/notes/{phase}", post(note_page))
        .route("/design/{id}/clock", post(clock_page))
        .route("/design/{id}/goto", post(goto_page))
        .route("/design/{id}/hint", post(hint_page))
        .route("/design/{id}/diagram", post(diagram_page))
        .route("/design/{id}/finish", post(finish_page))
        .route("/design/{id}/export.md", get(export_page))
        .route("/design/{id}/delete", post(delete_page))
}
