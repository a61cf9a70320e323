//! Mock interviews in the browser: the start form with past mocks and the per-principle trend
//! (`/mock`), the running mock (`/mock/{id}`: timers, prompt, answer, draft autosave, pause, end) and
//! its debrief; and the same under `/api/v1/mocks`.
//!
//! Every step goes through the shared use cases (`tpmprep_app::mock`): each request reopens the mock
//! by replaying its saved answers, so nothing about a running mock lives in the server's memory and a
//! reload, a second tab or a restart all see the same state. Answers are saved before the next prompt
//! is shown; the answer being typed is kept as a draft.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Form, Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::mock::{self as uc, MockKind, Reopened, Report, Running, StartOptions};
use tpmprep_content::Pack;
use tpmprep_practice::session::{Asked, Current};
use tpmprep_practice::trend::Direction;
use tpmprep_practice::{Decision, Rating};
use tpmprep_store::{MockId, MockSummary, StoryFilter};
use tpmprep_stories::Status;

use super::critique::MAX_ANSWER_CHARS;
use super::{is_htmx, redirect};
use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

mod api;
mod debrief;

pub(crate) use api::api;
use debrief::debrief_page;

/// Shortest time scale the web accepts (a 55-minute interview becomes about three minutes).
pub(crate) const MIN_SCALE: f64 = 0.05;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "mock/index.html",
        include_str!("../../templates/mock/index.html"),
    ),
    (
        "mock/running.html",
        include_str!("../../templates/mock/running.html"),
    ),
    (
        "mock/debrief.html",
        include_str!("../../templates/mock/debrief.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/mock.json");

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Seconds spent on the current prompt: what the page's question timer says (it started from the
/// saved draft's seconds), never less than the draft already recorded.
fn seconds_on_prompt(elapsed: &str, draft_seconds: u32) -> u32 {
    elapsed
        .trim()
        .parse::<u32>()
        .unwrap_or(0)
        .max(draft_seconds)
}

fn role_name(pack: &Pack, id: &str) -> String {
    pack.roles
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| id.to_string(), |r| r.name.clone())
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "phone-screen" => "Phone screen",
        "loop" => "Loop",
        "custom" => "Custom",
        other => other,
    }
}

/// A mock id from the path; anything that is not one is simply not found.
fn parse_id(raw: &str) -> Option<MockId> {
    raw.parse::<MockId>().ok().filter(|id| *id > 0)
}

/// The use-case error in the web's words (the app's own message for a finished mock names a CLI
/// command).
fn page_error(e: AppError) -> PageError {
    match e {
        AppError::Finished(id) => PageError::Bad(format!(
            "mock {id} is finished, so it takes no more answers; its debrief is at /mock/{id}"
        )),
        e => e.into(),
    }
}

fn api_error(e: AppError) -> ApiError {
    match e {
        // The request is fine; the mock's state refuses it (as a stale story revision does).
        AppError::Finished(id) => ApiError::Conflict(format!(
            "mock {id} is finished, so it takes no more answers; its debrief is at GET /api/v1/mocks/{id}"
        )),
        e => e.into(),
    }
}

fn status_of(e: &PageError) -> StatusCode {
    match e {
        PageError::NotFound(_) => StatusCode::NOT_FOUND,
        PageError::Bad(_) => StatusCode::BAD_REQUEST,
        PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

fn too_long(text: &str) -> Option<String> {
    (text.chars().count() > MAX_ANSWER_CHARS).then(|| {
        format!(
            "the answer is over {} characters; shorten it and send it again (your text is still \
             here)",
            crate::middleware::thousands(MAX_ANSWER_CHARS)
        )
    })
}

/// Checks a time scale the way the start form states it.
fn check_scale(x: f64) -> Result<f64, String> {
    if x.is_finite() && (MIN_SCALE..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "the time scale must be between {MIN_SCALE} and 1 (got {x})"
        ))
    }
}

/// Stories the candidate can name as the one being told (retired ones are left out).
#[derive(Debug, Serialize)]
struct StoryOption {
    id: i64,
    title: String,
}

async fn story_options(state: &AppState) -> Result<Vec<StoryOption>, AppError> {
    let list = state
        .store()
        .list_stories(state.owner(), &StoryFilter::default())
        .await?;
    Ok(list
        .into_iter()
        .filter(|s| s.status != Status::Retired)
        .map(|s| StoryOption {
            id: s.meta.id,
            title: s.title,
        })
        .collect())
}

/// The story an answer names: `None` for none; an error for one the mock cannot match against.
fn check_story(running: &Running, story: Option<i64>) -> Result<Option<i64>, String> {
    match story {
        Some(s) if !running.knows_story(s) => Err(format!(
            "story {s} is not in your bank (or it is retired); pick another or none"
        )),
        s => Ok(s),
    }
}

/// One planned interview as pages and the API show it.
#[derive(Debug, Clone, Serialize)]
struct InterviewView {
    /// Index in the plan, from 0.
    index: usize,
    /// 1-based number, for people.
    number: usize,
    /// Interviews in the mock.
    count: usize,
    title: String,
    role: String,
    role_name: String,
    bar_raiser: bool,
    /// Planned length in seconds.
    seconds: u32,
    focus: String,
    principles: Vec<String>,
    /// Questions asked so far (including the one waiting).
    asked: usize,
    /// Questions prepared.
    planned: usize,
}

fn interview_view(pack: &Pack, running: &Running, i: usize) -> Option<InterviewView> {
    let iv = running.interview(i)?;
    Some(InterviewView {
        index: i,
        number: i + 1,
        count: running.setup().plan.interviews.len(),
        title: iv.title.clone(),
        role: iv.role.clone(),
        role_name: role_name(pack, &iv.role),
        bar_raiser: iv.bar_raiser,
        seconds: iv.seconds,
        focus: iv.focus.clone(),
        principles: iv.principles.clone(),
        asked: running.asked_in(i),
        planned: running.planned_in(i),
    })
}

// ---------------------------------------------------------------------------------------------
// Pages: the start form, past mocks and the trend
// ---------------------------------------------------------------------------------------------

/// What the start form holds (as typed, so it can be shown again with an error).
#[derive(Debug, Default, Serialize, Deserialize)]
struct StartForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    minutes_scale: String,
    #[serde(default)]
    seed: String,
}

fn options_from_form(f: &StartForm) -> Result<StartOptions, String> {
    let kind = match f.kind.trim() {
        "phone-screen" | "" => MockKind::PhoneScreen,
        "loop" => MockKind::Loop,
        other => {
            return Err(format!(
                "unknown kind `{other}`: choose a phone screen or a loop"
            ));
        }
    };
    let format = Some(f.format.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let minutes_scale = match f.minutes_scale.trim() {
        "" => 1.0,
        s => s
            .parse::<f64>()
            .map_err(|_| format!("the time scale `{s}` is not a number"))?,
    };
    let minutes_scale = check_scale(minutes_scale)?;
    let seed = match f.seed.trim() {
        "" => None,
        s => Some(
            s.parse::<u64>()
                .map_err(|_| format!("the seed `{s}` is not a whole number of 0 or more"))?,
        ),
    };
    Ok(StartOptions {
        kind,
        format,
        seed,
        minutes_scale,
        ..StartOptions::default()
    })
}

#[derive(Serialize)]
struct FormatOption {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct PastMock {
    id: MockId,
    kind: String,
    format: String,
    started: String,
    answers: i64,
    finished: bool,
    /// "Hire" / "No hire" once finished.
    decision: Option<String>,
}

#[derive(Serialize)]
struct TrendRow {
    principle: String,
    name: String,
    /// "#3 No Hire", oldest first.
    history: Vec<String>,
    latest: Option<&'static str>,
    direction: &'static str,
}

async fn index_page(
    state: &AppState,
    form: &StartForm,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let pack = state.pack();
    let mocks: Vec<MockSummary> = state.store().list_mocks(state.owner()).await?;
    let past: Vec<PastMock> = mocks
        .iter()
        .map(|m| PastMock {
            id: m.id,
            kind: kind_label(&m.kind).to_string(),
            // The pack's name for the format, not its id.
            format: pack
                .format(&m.format)
                .map_or_else(|| m.format.clone(), |f| f.name.clone()),
            started: tpmprep_app::civil_time(m.created_at),
            answers: m.answers,
            finished: m.finished_at.is_some(),
            // A phone screen's outcome is whether the candidate goes on, not an offer.
            decision: m.decision.as_deref().map(|d| {
                let decision = match d {
                    "hire" => Decision::Hire,
                    "no-hire" => Decision::NoHire,
                    other => return other.to_string(),
                };
                decision.label_at(&m.kind).to_string()
            }),
        })
        .collect();
    let trends = uc::trends(ctx).await.map_err(page_error)?;
    let any_rated = trends.iter().any(|t| !t.ratings.is_empty());
    let trend: Vec<TrendRow> = trends
        .iter()
        .map(|t| TrendRow {
            principle: t.principle.clone(),
            name: pack.principle_name(&t.principle).to_string(),
            history: t
                .ratings
                .iter()
                .map(|(m, r)| format!("#{m} {}", r.label()))
                .collect(),
            latest: t.latest.map(Rating::label),
            direction: match t.direction {
                Direction::Up => "rising",
                Direction::Down => "falling",
                Direction::Flat => "steady",
                Direction::New => "",
            },
        })
        .collect();
    let formats: Vec<FormatOption> = pack
        .formats
        .iter()
        .map(|f| FormatOption {
            id: f.id.clone(),
            name: f.name.clone(),
        })
        .collect();
    let values = StartForm {
        kind: if form.kind.is_empty() {
            "phone-screen".into()
        } else {
            form.kind.clone()
        },
        format: if form.format.is_empty() {
            pack.manifest.default_format.clone()
        } else {
            form.format.clone()
        },
        minutes_scale: if form.minutes_scale.is_empty() {
            "1".into()
        } else {
            form.minutes_scale.clone()
        },
        seed: form.seed.clone(),
    };
    render(
        state,
        "mock/index.html",
        "mock",
        minijinja::context! {
            values => minijinja::Value::from_serialize(&values),
            formats => minijinja::Value::from_serialize(&formats),
            min_scale => MIN_SCALE,
            error => error,
            past => minijinja::Value::from_serialize(&past),
            finished => past.iter().filter(|m| m.finished).count(),
            trend => minijinja::Value::from_serialize(&trend),
            any_rated => any_rated,
        },
    )
}

/// `GET /mock`, its form filled from the query string when given (a debrief's "repeat this mock"
/// link), else with the defaults.
async fn index(
    State(state): State<AppState>,
    Query(f): Query<StartForm>,
) -> Result<Html<String>, PageError> {
    index_page(&state, &f, None).await
}

async fn start_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<StartForm>,
) -> Result<Response, PageError> {
    let planned = match options_from_form(&f) {
        Ok(o) => uc::plan_mock(state.ctx(), &o).await.map_err(page_error),
        Err(msg) => Err(PageError::Bad(msg)),
    };
    let setup = match planned {
        Ok(s) => s,
        Err(PageError::Bad(msg)) => {
            let page = index_page(&state, &f, Some(msg)).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
        Err(e) => return Err(e),
    };
    let running = uc::start(state.ctx(), setup).await.map_err(page_error)?;
    Ok(redirect(&headers, &format!("/mock/{}", running.id)))
}

// ---------------------------------------------------------------------------------------------
// Pages: the running mock
// ---------------------------------------------------------------------------------------------

/// What the running page shows besides the mock itself: the text in the answer box, the story picked
/// and an error from the last send.
struct Typed {
    text: String,
    story: Option<i64>,
    error: Option<String>,
    /// Said when the last interview's time ran out and the mock moved on.
    notice: Option<String>,
}

async fn running_page(
    state: &AppState,
    r: &Reopened,
    typed: Typed,
) -> Result<Html<String>, PageError> {
    let pack = state.pack();
    let running = &r.running;
    let current = running.current();
    let iv = current
        .as_ref()
        .and_then(|c| interview_view(pack, running, c.interview));
    let countdown = current
        .as_ref()
        .map_or(0, |c| c.seconds_left.saturating_sub(r.draft_seconds));
    let label = match (&current, &iv) {
        (Some(c), _) if c.follow_up => "Follow-up".to_string(),
        (Some(_), Some(iv)) => format!("Question {} of {}", iv.asked, iv.planned),
        _ => String::new(),
    };
    let stories = story_options(state).await.map_err(page_error)?;
    let spoken = super::speak::spoken_lines(state, tpmprep_app::speak::Context::Mock(running.id))
        .await
        .map_err(page_error)?;
    render(
        state,
        "mock/running.html",
        "mock",
        minijinja::context! {
            id => running.id,
            current => minijinja::Value::from_serialize(&current),
            iv => minijinja::Value::from_serialize(&iv),
            label => label,
            countdown => countdown,
            countdown_text => if countdown > 0 { format!("{} left", tpmprep_app::clock(countdown)) } else { "time is up".to_string() },
            countup => r.draft_seconds,
            countup_text => tpmprep_app::clock(r.draft_seconds),
            answers => r.answers,
            stories => minijinja::Value::from_serialize(&stories),
            text => typed.text,
            story => typed.story,
            error => typed.error,
            notice => typed.notice,
            spoken => minijinja::Value::from_serialize(&spoken),
        },
    )
}

/// `?time_up=N`: the page after interview N ran out of time.
#[derive(Debug, Default, Deserialize)]
struct MockQuery {
    #[serde(default)]
    time_up: Option<String>,
}

/// What the page says after interview `n` (1-based) ran out of time, if `n` names one of `running`'s
/// interviews that is over; `None` otherwise.
fn time_up_notice(running: &Running, n: Option<&str>) -> Option<String> {
    let n: usize = n?.trim().parse().ok()?;
    let iv = running.interview(n.checked_sub(1)?)?;
    let over = running.current().is_none_or(|c| c.interview >= n);
    over.then(|| {
        format!(
            "Time was up for interview {n} ({}): the answer you were typing was saved and sent, and \
             the interviewer moved on.",
            iv.title
        )
    })
}

/// `GET /mock/{id}`: the debrief once finished, else the mock where it stands.
async fn mock_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<MockQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(&raw).ok_or_else(|| PageError::NotFound(format!("mock `{raw}`")))?;
    let ctx = state.ctx();
    if let Some(report) = uc::report(ctx, id).await.map_err(page_error)? {
        let notice = q
            .time_up
            .as_deref()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|n| (1..=report.debrief.interviews.len()).contains(n))
            .map(|n| {
                format!(
                    "Time was up for interview {n}, the last one: the answer you were typing was \
                     saved and sent, and the mock is over."
                )
            });
        return Ok(debrief_page(&state, &report, notice).await?.into_response());
    }
    let r = match uc::reopen(ctx, id).await {
        Ok(r) => r,
        // Finished between the two reads (another tab): show the debrief.
        Err(AppError::Finished(_)) => {
            if let Some(report) = uc::report(ctx, id).await.map_err(page_error)? {
                return Ok(debrief_page(&state, &report, None).await?.into_response());
            }
            return Err(PageError::Internal(format!(
                "mock {id} is finished but has no debrief"
            )));
        }
        Err(e) => return Err(page_error(e)),
    };
    let typed = Typed {
        text: r.draft.clone(),
        story: None,
        error: None,
        notice: time_up_notice(&r.running, q.time_up.as_deref()),
    };
    Ok(running_page(&state, &r, typed).await?.into_response())
}

/// `GET /mock/{id}/debrief`: the debrief, or back to the mock while it runs.
async fn debrief_only(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&raw).ok_or_else(|| PageError::NotFound(format!("mock `{raw}`")))?;
    match uc::report(state.ctx(), id).await.map_err(page_error)? {
        Some(report) => Ok(debrief_page(&state, &report, None).await?.into_response()),
        None => Ok((
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/mock/{id}"))],
        )
            .into_response()),
    }
}

/// An error page for a request htmx sent: the page, plus `HX-Redirect` back to the mock so the browser
/// shows where it really stands (its debrief, when another tab finished it).
fn page_error_response(headers: &HeaderMap, id: MockId, e: PageError) -> Response {
    let mut res = e.into_response();
    if is_htmx(headers) {
        if let Ok(v) = format!("/mock/{id}").parse() {
            res.headers_mut().insert("hx-redirect", v);
        }
    }
    res
}

/// What the answer form sends.
#[derive(Debug, Default, Deserialize)]
struct AnswerForm {
    #[serde(default)]
    text: String,
    /// Whole seconds on this prompt, counted by the page from the saved draft seconds.
    #[serde(default)]
    elapsed: String,
    /// A story id, or empty for none.
    #[serde(default)]
    story: String,
    /// Set by the page when the interview's clock ran out: the answer is sent as it stands and the
    /// interview ends, however few seconds the page counted.
    #[serde(default)]
    time_up: String,
    /// The name of a transcript file loaded into the answer box (`answer.srt`), if one was.
    #[serde(default)]
    transcript_name: String,
}

/// `POST /mock/{id}/answer`: saves the answer, then the page shows the next prompt (or the debrief).
async fn answer_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<AnswerForm>,
) -> Response {
    let Some(id) = parse_id(&raw) else {
        return PageError::NotFound(format!("mock `{raw}`")).into_response();
    };
    let ctx = state.ctx();
    let mut r = match uc::reopen(ctx, id).await {
        Ok(r) => r,
        Err(e) => return page_error_response(&headers, id, page_error(e)),
    };
    let mut seconds = seconds_on_prompt(&f.elapsed, r.draft_seconds);
    // The interview whose time ran out (1-based), when the page says it did.
    let mut time_up = None;
    if !f.time_up.trim().is_empty() {
        if let Some(c) = r.running.current() {
            seconds = seconds.max(c.seconds_left);
            time_up = Some(c.interview + 1);
        }
    }
    let story = match f.story.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .map_err(|_| format!("`{s}` is not a story id"))
            .and_then(|n| check_story(&r.running, Some(n))),
    };
    // A timed transcript given as the answer (a file loaded into the box, or pasted) is read,
    // kept with its report for this mock, and its words are the answer; one that cannot be read
    // is refused naming its line, and nothing is sent.
    let spoken = match (&story, too_long(&f.text), r.running.current()) {
        (Ok(_), None, Some(c)) => {
            let asked = tpmprep_app::speak::Asked {
                id: state
                    .pack()
                    .questions
                    .iter()
                    .find(|q| q.text == c.text)
                    .map(|q| q.id.clone()),
                text: c.text.clone(),
            };
            let name = Some(f.transcript_name.trim()).filter(|n| !n.is_empty());
            tpmprep_app::speak::answer_text(
                ctx,
                &f.text,
                name,
                &asked,
                tpmprep_app::speak::Context::Mock(id),
                super::forms::now_ms(),
            )
            .await
            .map(|a| (a.text, a.transcript.map(|t| t.id)))
        }
        _ => Ok((f.text.clone(), None)),
    };
    let problem = match (&story, too_long(&f.text), spoken) {
        (_, Some(msg), _) => Some((StatusCode::BAD_REQUEST, msg)),
        (Err(msg), None, _) => Some((StatusCode::BAD_REQUEST, msg.clone())),
        (Ok(_), None, Err(e)) => {
            let e = page_error(e);
            Some((status_of(&e), e.to_string()))
        }
        (Ok(_), None, Ok((text, kept))) if r.running.current().is_some() => {
            match r
                .running
                .submit(ctx, &text, seconds, story.clone().ok().flatten())
                .await
            {
                Ok(()) => None,
                Err(e) => {
                    // An answer that was not saved (another tab moved the mock on) leaves no
                    // transcript behind.
                    if let Some(t) = kept {
                        let _ = tpmprep_app::speak::delete(ctx, t).await;
                    }
                    let e = page_error(e);
                    Some((status_of(&e), e.to_string()))
                }
            }
        }
        (Ok(_), None, Ok(_)) => None,
    };
    if let Some((status, msg)) = problem {
        let typed = Typed {
            text: f.text,
            story: story.ok().flatten(),
            error: Some(msg),
            notice: None,
        };
        return match running_page(&state, &r, typed).await {
            Ok(page) => (status, page).into_response(),
            Err(e) => e.into_response(),
        };
    }
    if r.running.current().is_none() {
        if let Err(e) = r.running.finish(ctx).await {
            return page_error_response(&headers, id, page_error(e));
        }
    }
    match time_up {
        Some(n) => redirect(&headers, &format!("/mock/{id}?time_up={n}")),
        None => redirect(&headers, &format!("/mock/{id}")),
    }
}

/// What the answer box sends as the candidate types, and what the page's clock sends every few
/// seconds and when the page is hidden or left (`elapsed` and `at` without `text`).
#[derive(Debug, Default, Deserialize)]
struct DraftForm {
    /// The answer being typed; absent when only the clock is sent, which keeps the saved text.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    elapsed: String,
    /// Answers saved when the page was drawn: a draft sent after the answer itself (a slow request
    /// overtaken by the send) is not kept, so it cannot reappear under the next question.
    #[serde(default)]
    at: String,
}

fn draft_status(status: StatusCode, msg: &str) -> Response {
    let class = if status.is_success() { "" } else { "error" };
    (
        status,
        Html(format!(
            "<span class=\"{class}\">{}</span>",
            crate::error::escape(msg)
        )),
    )
        .into_response()
}

/// `POST /mock/{id}/draft`: keeps what is typed (an empty answer box too) and the seconds spent on
/// the prompt, or the seconds alone when no text is sent; answers with the small status line.
async fn draft_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(f): Form<DraftForm>,
) -> Response {
    let Some(id) = parse_id(&raw) else {
        return draft_status(StatusCode::NOT_FOUND, "No such mock.");
    };
    if f.text.as_deref().is_some_and(|t| too_long(t).is_some()) {
        return draft_status(
            StatusCode::BAD_REQUEST,
            &format!(
                "Not kept: over {} characters.",
                crate::middleware::thousands(MAX_ANSWER_CHARS)
            ),
        );
    }
    let ctx = state.ctx();
    let r = match uc::reopen(ctx, id).await {
        Ok(r) => r,
        Err(e) => {
            let e = page_error(e);
            return draft_status(status_of(&e), &format!("Not kept: {e}."));
        }
    };
    if let Ok(at) = f.at.trim().parse::<usize>() {
        if at != r.answers {
            return draft_status(StatusCode::OK, "Not kept: the question has moved on.");
        }
    }
    let seconds = seconds_on_prompt(&f.elapsed, r.draft_seconds);
    let saved = match &f.text {
        Some(text) => r.running.save_draft(ctx, text, seconds).await,
        None => r.running.save_draft_seconds(ctx, seconds).await,
    };
    match saved {
        Ok(()) if f.text.is_some() => draft_status(StatusCode::OK, "Draft kept"),
        Ok(()) => draft_status(StatusCode::OK, "Time kept"),
        Err(e) => {
            let e = page_error(e);
            draft_status(status_of(&e), &format!("Not kept: {e}."))
        }
    }
}

/// What "End the mock now" sends: the answer box as it stands, so what was typed is not lost.
#[derive(Debug, Default, Deserialize)]
struct FinishForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    elapsed: String,
    /// Answers saved when the page was drawn: the text is sent only for the prompt it was typed for.
    #[serde(default)]
    at: String,
}

/// `POST /mock/{id}/finish`: ends the mock now. Text in the answer box is sent first as the answer
/// to the current prompt (nothing typed is lost); prompts not reached leave their principles not
/// assessed. Ending a mock that is already finished just shows its debrief.
async fn finish_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<FinishForm>,
) -> Response {
    let Some(id) = parse_id(&raw) else {
        return PageError::NotFound(format!("mock `{raw}`")).into_response();
    };
    if let Some(msg) = too_long(&f.text) {
        return page_error_response(&headers, id, PageError::Bad(msg));
    }
    let ctx = state.ctx();
    let finished = match uc::reopen(ctx, id).await {
        Ok(mut r) => {
            let same_prompt = f.at.trim().parse::<usize>().is_ok_and(|at| at == r.answers);
            let sent = if !f.text.trim().is_empty() && same_prompt && r.running.current().is_some()
            {
                let seconds = seconds_on_prompt(&f.elapsed, r.draft_seconds);
                r.running.submit(ctx, &f.text, seconds, None).await
            } else {
                Ok(())
            };
            match sent {
                Ok(()) => r.running.finish(ctx).await.map(|_| ()),
                Err(e) => Err(e),
            }
        }
        Err(AppError::Finished(_)) => Ok(()),
        Err(e) => Err(e),
    };
    match finished {
        Ok(()) => redirect(&headers, &format!("/mock/{id}")),
        Err(e) => page_error(e).into_response(),
    }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/mock", get(index).post(start_page))
        .route("/mock/{id}", get(mock_page))
        .route("/mock/{id}/debrief", get(debrief_only))
        .route("/mock/{id}/answer", post(answer_page))
        .route("/mock/{id}/draft", post(draft_page))
        .route("/mock/{id}/finish", post(finish_page))
}
