//! Writing-assessment practice in the browser: the prompts, the start forms and the history
//! (`/writing`), the timed attempt (`/writing/{id}`: the countdown, the text saved as it is typed,
//! the live word count and critique with the quoted sentences marked) and the report; the same
//! under `/api/v1/writing`.
//!
//! Every step goes through `tpmprep_app::writing`; nothing about an attempt lives in the server's
//! memory, so a reload, a second tab or a restart see the same state.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::writing::{self as uc, Attempt, Choice};
use tpmprep_narrative::Report;
use tpmprep_store::{StoreError, WritingId};

use super::redirect;
use crate::error::escape;
use crate::templates::render;
use crate::{AppState, PageError};

mod api;
mod view;

pub(crate) use api::api;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "writing/index.html",
        include_str!("../../../templates/writing/index.html"),
    ),
    (
        "writing/attempt.html",
        include_str!("../../../templates/writing/attempt.html"),
    ),
    (
        "writing/panel.html",
        include_str!("../../../templates/writing/panel.html"),
    ),
    (
        "writing/report.html",
        include_str!("../../../templates/writing/report.html"),
    ),
    (
        "writing/trend.html",
        include_str!("../../../templates/writing/trend.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/writing.json");

/// The body limit of the routes that carry a narrative (up to [`uc::MAX_CHARS`] characters, which
/// form or JSON encoding can make several times longer in bytes).
pub(crate) const MAX_WRITING_BODY_BYTES: usize = 1024 * 1024;

fn writing_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_WRITING_BODY_BYTES)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn parse_id(raw: &str) -> Option<WritingId> {
    raw.parse::<WritingId>().ok().filter(|id| *id > 0)
}

fn page_id(raw: &str) -> Result<WritingId, PageError> {
    parse_id(raw).ok_or_else(|| PageError::NotFound(format!("writing attempt `{raw}`")))
}

fn status(code: StatusCode, msg: &str) -> Response {
    let class = if code.is_success() { "" } else { "error" };
    (
        code,
        Html(format!("<span class=\"{class}\">{}</span>", escape(msg))),
    )
        .into_response()
}

fn code_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Store(StoreError::WritingNotFound(_)) => StatusCode::NOT_FOUND,
        AppError::Store(StoreError::WritingConflict { .. }) => StatusCode::CONFLICT,
        AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Invalid(_) | AppError::Unknown { .. } => StatusCode::BAD_REQUEST,
        AppError::Store(StoreError::Invalid(_)) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

// ---------------------------------------------------------------------------------------------
// The start page and the history
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Serialize, Deserialize)]
struct StartForm {
    /// A prompt id, `random` or `own`.
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    minutes: String,
}

#[derive(Serialize)]
struct PromptView {
    id: String,
    title: String,
    text: String,
    minutes: u32,
}

fn choice_of(f: &StartForm) -> Result<(Choice, Option<u32>), String> {
    let minutes = match f.minutes.trim() {
        "" => None,
        s => Some(s.parse::<u32>().map_err(|_| {
            format!(
                "minutes: `{}` is not a whole number of minutes",
                s.chars().take(20).collect::<String>()
            )
        })?),
    };
    let choice = match f.prompt.trim() {
        "own" => Choice::Text(f.text.clone()),
        "random" | "" => Choice::Random(now_ms().unsigned_abs()),
        id => Choice::Prompt(id.to_string()),
    };
    Ok((choice, minutes))
}

async fn index_page(
    state: &AppState,
    form: &StartForm,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let list = uc::list(ctx).await?;
    let unfinished = list.iter().find(|w| w.finished_at.is_none()).map(|w| {
        minijinja::context! {
            id => w.id,
            title => w.title.clone(),
            words => w.words,
            started => tpmprep_app::civil_time(w.created_at),
        }
    });
    let prompts: Vec<PromptView> = state
        .pack()
        .writing_prompts
        .iter()
        .map(|p| PromptView {
            id: p.id.clone(),
            title: p.title.clone(),
            text: p.text.clone(),
            minutes: p.minutes,
        })
        .collect();
    render(
        state,
        "writing/index.html",
        "writing",
        minijinja::context! {
            prompts => minijinja::Value::from_serialize(&prompts),
            unfinished => unfinished,
            rows => minijinja::Value::from_serialize(view::rows(&list)),
            trends => minijinja::Value::from_serialize(view::trends(&list)),
            values => minijinja::Value::from_serialize(form),
            minutes_min => uc::MINUTES.start(),
            minutes_max => uc::MINUTES.end(),
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
    let started = match choice_of(&f) {
        Ok((choice, minutes)) => uc::start(state.ctx(), &choice, minutes, now_ms()).await,
        Err(msg) => Err(AppError::Invalid(msg)),
    };
    match started {
        Ok(a) => Ok(redirect(&headers, &format!("/writing/{}", a.summary.id))),
        Err(e @ (AppError::Invalid(_) | AppError::Unknown { .. })) => {
            let page = index_page(&state, &f, Some(e.to_string())).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The attempt, its critique panel and its report
// ---------------------------------------------------------------------------------------------

/// The critique panel's context for `text` and its report.
fn panel_context(text: &str, r: &Report) -> minijinja::Value {
    minijinja::context! {
        r => minijinja::Value::from_serialize(r),
        groups => minijinja::Value::from_serialize(view::groups(r)),
        segments => minijinja::Value::from_serialize(view::segments(text, r)),
        count_line => view::count_line(r.words),
        empty => text.trim().is_empty(),
    }
}

fn panel(state: &AppState, text: &str, r: &Report) -> Result<Html<String>, PageError> {
    render(
        state,
        "writing/panel.html",
        "writing",
        panel_context(text, r),
    )
}

/// The attempt's editor (`edit`) or, once finished, its report.
async fn attempt_page(state: &AppState, a: &Attempt, edit: bool) -> Result<Response, PageError> {
    let ctx = state.ctx();
    let id = a.summary.id;
    let words = uc::words(&a.body);
    let prompt_id = a.summary.prompt_id.clone();
    let history = uc::history(ctx, prompt_id.as_deref()).await?;
    let trend = view::trend(&a.summary.title, &history, Some(id));
    let common = minijinja::context! {
        id => id,
        title => a.summary.title.clone(),
        prompt_id => prompt_id,
        prompt_text => a.prompt_text.clone(),
        guidance => a.guidance.clone(),
        minutes => a.summary.minutes,
        finished => a.summary.finished_at.is_some(),
        trend => minijinja::Value::from_serialize(&trend),
        attempts => history.len(),
    };
    let (template, more) = match (&a.report, edit) {
        (Some(r), false) => (
            "writing/report.html",
            minijinja::context! {
                r => minijinja::Value::from_serialize(r),
                panel => minijinja::Value::from_safe_string(panel(state, &a.body, r)?.0),
                pages => view::pages(r.words),
                finished_on => a.summary.finished_at.map(tpmprep_app::civil_time),
            },
        ),
        _ => {
            let live = uc::live(ctx, id).await?;
            (
                "writing/attempt.html",
                minijinja::context! {
                    body => a.body.clone(),
                    rev => a.rev,
                    elapsed => a.elapsed_seconds,
                    seconds_left => a.seconds_left,
                    countdown_text => if a.seconds_left > 0 {
                        format!("{} left", tpmprep_app::clock(a.seconds_left as u32))
                    } else {
                        "time is up".to_string()
                    },
                    count_line => view::count_line(words),
                    words => words,
                    target_words => tpmprep_narrative::TARGET_WORDS,
                    max_words => tpmprep_narrative::MAX_WORDS,
                    per_page => tpmprep_narrative::WORDS_PER_PAGE,
                    panel => minijinja::Value::from_safe_string(panel(state, &a.body, &live)?.0),
                },
            )
        }
    };
    let html = render(
        state,
        template,
        "writing",
        minijinja::context! { ..common, ..more },
    )?;
    Ok(html.into_response())
}

/// `GET /writing/{id}`: the editor, or the report once finished.
async fn attempt(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let a = uc::load(state.ctx(), id).await?;
    attempt_page(&state, &a, false).await
}

/// `GET /writing/{id}/edit`: the editor, finished or not ("Keep editing").
async fn edit(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let a = uc::load(state.ctx(), id).await?;
    attempt_page(&state, &a, true).await
}

/// `GET /writing/{id}/report`: the report (an attempt not finished yet goes to its editor).
async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let a = uc::load(state.ctx(), id).await?;
    if a.report.is_none() {
        return Ok(redirect(&headers, &format!("/writing/{id}")));
    }
    attempt_page(&state, &a, false).await
}

/// `GET /writing/{id}/critique`: the live critique panel of the latest saved text.
async fn critique_panel(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    let a = uc::load(ctx, id).await?;
    let r = uc::live(ctx, id).await?;
    Ok(panel(&state, &a.body, &r)?.into_response())
}

#[derive(Debug, Deserialize)]
struct SaveForm {
    #[serde(default)]
    base_rev: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    elapsed: String,
}

fn seconds(raw: &str) -> i64 {
    raw.trim().parse::<i64>().unwrap_or(0)
}

/// `POST /writing/{id}/save`: saves the text as typed. Answers the status line, (out of band) the
/// revision the next save starts from and the word count, and tells the critique panel to read
/// the new text (`HX-Trigger: writing-saved`). A conflict keeps both texts: the one typed stays in
/// the editor (and this browser), the one saved elsewhere is shown under the status line.
async fn save_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(f): Form<SaveForm>,
) -> Response {
    let Some(id) = parse_id(&raw) else {
        return status(StatusCode::NOT_FOUND, "Not saved: no such attempt.");
    };
    let base: i64 = seconds(&f.base_rev);
    let ctx = state.ctx();
    match uc::save(ctx, id, base, &f.body, seconds(&f.elapsed), now_ms()).await {
        Ok(saved) => (
            StatusCode::OK,
            [("hx-trigger", "writing-saved")],
            Html(format!(
                "<span>Saved · revision {rev}</span><input type=\"hidden\" name=\"base_rev\" id=\"base_rev\" value=\"{rev}\" hx-swap-oob=\"true\"><span id=\"word-count\" hx-swap-oob=\"true\">{}</span>",
                escape(&view::count_line(saved.words)),
                rev = saved.rev,
            )),
        )
            .into_response(),
        Err(AppError::Store(StoreError::WritingConflict {
            current_rev,
            base_rev,
            ..
        })) => {
            let saved = uc::load(ctx, id).await.map(|a| a.body).unwrap_or_default();
            (
                StatusCode::CONFLICT,
                Html(format!(
                    "<span class=\"error\">Not saved: this narrative was saved from another tab or window meanwhile (now revision {current_rev}; this page started from revision {base_rev}). Your text is kept here and in this browser; the other text is below. Copy what you want from it, then reload the page and put your text back.</span><details class=\"conflict\" id=\"conflict-text\" open><summary>The text saved elsewhere (revision {current_rev})</summary><pre>{}</pre></details>",
                    escape(&saved)
                )),
            )
                .into_response()
        }
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

#[derive(Debug, Deserialize)]
struct ClockForm {
    #[serde(default)]
    elapsed: String,
}

/// `POST /writing/{id}/clock`: the page's count of the seconds written (every few seconds and when
/// the page is hidden or left; the design session's clock script sends it). Never moves it back.
async fn clock_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(f): Form<ClockForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    uc::clock(state.ctx(), id, seconds(&f.elapsed), now_ms()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /writing/{id}/finish`: the text the page holds saved first (the finish button sends the
/// editor's fields, so words typed in the last second are in the report), the clock kept, the text
/// critiqued, the report shown.
async fn finish_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<SaveForm>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let ctx = state.ctx();
    let elapsed = seconds(&f.elapsed);
    if !f.body.trim().is_empty() {
        uc::save(ctx, id, seconds(&f.base_rev), &f.body, elapsed, now_ms()).await?;
    } else if elapsed > 0 {
        uc::clock(ctx, id, elapsed, now_ms()).await?;
    }
    uc::finish(ctx, id, now_ms()).await?;
    Ok(redirect(&headers, &format!("/writing/{id}")))
}

/// `POST /writing/{id}/delete`.
async fn delete_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    if !uc::delete(state.ctx(), id).await? {
        return Err(PageError::NotFound(format!("writing attempt `{id}`")));
    }
    Ok(redirect(&headers, "/writing"))
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/writing", get(index).post(start_page))
        .route("/writing/{id}", get(attempt))
        .route("/writing/{id}/edit", get(edit))
        .route("/writing/{id}/report", get(report))
        .route("/writing/{id}/critique", get(critique_panel))
        .route("/writing/{id}/save", post(save_page).layer(writing_limit()))
        .route("/writing/{id}/clock", post(clock_page))
        .route(
            "/writing/{id}/finish",
            post(finish_page).layer(writing_limit()),
        )
        .route("/writing/{id}/delete", post(delete_page))
}

/// Whether `path` is one of the routes that carry a narrative (and so take
/// [`MAX_WRITING_BODY_BYTES`]).
pub(crate) fn carries_narrative(path: &str) -> bool {
    if path == "/api/v1/writing/critique" {
        return true;
    }
    let rest = path
        .strip_prefix("/api/v1/writing/")
        .or_else(|| path.strip_prefix("/writing/"));
    rest.and_then(|r| r.split_once('/'))
        .is_some_and(|(id, tail)| !id.is_empty() && matches!(tail, "save" | "finish" | "text"))
}
