//! The study plan in the browser (`/plan`): the settings form (interview and phone-screen dates,
//! hours a week, days off, level, format), and with an interview date the plan made afresh from the
//! candidate's real activity — notes, hours, each week's tasks with Skip / Done / Move / Reset, then
//! what is done, skipped and dropped — with `.ics` and Markdown downloads; the same under
//! `/api/v1/plan`.
//!
//! Every form works as a plain form post (the CSRF token in the body) and, with htmx, swaps only
//! the part it changed. Everything goes through `tpmprep_app::plan`.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tpmprep_app::AppError;
use tpmprep_app::plan::{self as uc, PlanPatch, PlanSettings, PlanView, TaskAction};
use tpmprep_practice::plan::{Dropped, Task, date_string, parse_date};

use super::forms::{FormBody, field_of, hours, now_ms, token_ok};
use super::{forbidden, is_htmx, redirect};
use crate::templates::render;
use crate::{AppState, PageError};

pub(crate) mod api;

pub(crate) use api::api;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "plan/index.html",
        include_str!("../../../templates/plan/index.html"),
    ),
    (
        "plan/plan.html",
        include_str!("../../../templates/plan/plan.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/plan.json");

/// The settings form's fields, as the app's errors name them.
const FIELDS: &[&str] = &[
    "interview_date",
    "phone_screen_date",
    "hours_per_week",
    "days_off",
    "level",
    "format",
];

const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "Mon"),
    ("tue", "Tue"),
    ("wed", "Wed"),
    ("thu", "Thu"),
    ("fri", "Fri"),
    ("sat", "Sat"),
    ("sun", "Sun"),
];

/// The settings form's values, as typed (kept when a field is refused).
#[derive(Debug, Default, Serialize)]
struct Values {
    interview_date: String,
    phone_screen_date: String,
    hours_per_week: String,
    days_off: Vec<String>,
    level: String,
    format: String,
}

impl Values {
    fn of(s: &PlanSettings) -> Values {
        Values {
            interview_date: s.interview_date.clone().unwrap_or_default(),
            phone_screen_date: s.phone_screen_date.clone().unwrap_or_default(),
            hours_per_week: s.hours_per_week.to_string(),
            days_off: s.days_off.clone(),
            level: enum_word(&s.level).to_ascii_uppercase(),
            format: enum_word(&s.format),
        }
    }

    fn from_form(f: &FormBody) -> Values {
        Values {
            interview_date: f.get("interview_date").unwrap_or("").trim().to_string(),
            phone_screen_date: f.get("phone_screen_date").unwrap_or("").trim().to_string(),
            hours_per_week: f.get("hours_per_week").unwrap_or("").trim().to_string(),
            days_off: f.all("days_off").iter().map(|d| d.to_string()).collect(),
            level: f.get("level").unwrap_or("L5").trim().to_string(),
            format: f.get("format").unwrap_or("virtual").trim().to_string(),
        }
    }
}

/// A serde enum's word (`"phone-screen"`).
pub(crate) fn enum_word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[derive(Serialize)]
struct DayBox {
    key: &'static str,
    label: &'static str,
    checked: bool,
}

/// A task as the page shows it.
#[derive(Serialize)]
struct TaskShown {
    key: String,
    title: String,
    kind: String,
    kind_label: String,
    hours: String,
    date: String,
    why: String,
    status: String,
    essential: bool,
    href: &'static str,
    where_label: &'static str,
}

#[derive(Serialize)]
struct WeekShown {
    index: u32,
    start: String,
    end: String,
    hours: String,
    budget: String,
    tasks: Vec<TaskShown>,
}

#[derive(Serialize)]
struct DroppedShown {
    title: String,
    kind_label: String,
    hours: String,
    reason: String,
}

#[derive(Serialize)]
struct PlanShown {
    today: String,
    interview: String,
    phone_screen: Option<String>,
    days_left: i64,
    hours_planned: String,
    hours_available: String,
    hours_needed: String,
    below_floor: bool,
    notes: Vec<String>,
    weeks: Vec<WeekShown>,
    done: Vec<TaskShown>,
    skipped: Vec<TaskShown>,
    dropped: Vec<DroppedShown>,
    /// The move form's bounds: today and the day before the interview.
    move_min: String,
    move_max: String,
}

/// Where a task of this kind is done, and the link's words.
fn place(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "story" => ("/stories/new", "Write it"),
        "pitch" | "resume" => ("/stories", "Your stories"),
        "mock" | "phone-screen" => ("/mock", "Start a mock"),
        "design" => ("/design", "Start a design session"),
        "drill" => ("/drill", "Drill"),
        "writing" => ("/writing", "Practise the writing assessment"),
        "questions" => ("/ask", "Questions to ask"),
        _ => ("/", "Dashboard"),
    }
}

fn kind_label(kind: &str) -> String {
    match kind {
        "phone-screen" => "Phone screen".into(),
        "resume" => "Résumé".into(),
        other => {
            let mut c = other.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

fn task_shown(t: &Task) -> TaskShown {
    let kind = enum_word(&t.kind);
    let (href, where_label) = place(&kind);
    TaskShown {
        key: t.key.clone(),
        title: t.title.clone(),
        kind_label: kind_label(&kind),
        kind,
        hours: hours(t.hours),
        date: t.date.clone(),
        why: t.why.clone(),
        status: enum_word(&t.status),
        essential: t.essential,
        href,
        where_label,
    }
}

fn dropped_shown(d: &Dropped) -> DroppedShown {
    DroppedShown {
        title: d.title.clone(),
        kind_label: kind_label(&enum_word(&d.kind)),
        hours: hours(d.hours),
        reason: d.reason.clone(),
    }
}

fn plan_shown(v: &PlanView) -> PlanShown {
    let p = &v.plan;
    let interview = parse_date(&p.interview);
    PlanShown {
        today: p.today.clone(),
        interview: p.interview.clone(),
        phone_screen: p.phone_screen.clone(),
        days_left: p.days_left,
        hours_planned: hours(p.hours_planned),
        hours_available: hours(p.hours_available),
        hours_needed: hours(p.hours_needed),
        below_floor: p.below_floor,
        notes: p.notes.clone(),
        weeks: p
            .weeks
            .iter()
            .map(|w| WeekShown {
                index: w.index,
                start: w.start.clone(),
                end: w.end.clone(),
                hours: hours(w.hours),
                budget: hours(w.budget),
                tasks: w.tasks.iter().map(task_shown).collect(),
            })
            .collect(),
        done: p.done.iter().map(task_shown).collect(),
        skipped: p.skipped.iter().map(task_shown).collect(),
        dropped: p.dropped.iter().map(dropped_shown).collect(),
        move_min: p.today.clone(),
        move_max: interview.map_or_else(String::new, |d| date_string(d - 1)),
    }
}

/// What one drawing of the page carries besides the plan.
#[derive(Default)]
struct Extra {
    values: Option<Values>,
    errors: BTreeMap<&'static str, String>,
    task_error: Option<String>,
    saved: bool,
}

async fn draw(state: &AppState, extra: Extra) -> Result<axum::response::Html<String>, PageError> {
    let ctx = state.ctx();
    let now = now_ms();
    let settings = uc::settings(ctx).await?;
    let view = match uc::current(ctx, uc::day_of(now)).await {
        Ok(v) => v,
        // A stored date the planner refuses (the interview is today or past): the form says why.
        Err(e @ (AppError::Invalid(_) | AppError::Plan(_))) => {
            return draw_page(state, extra, &settings, None, Some(e.to_string()));
        }
        Err(e) => return Err(e.into()),
    };
    let plan = view.as_ref().map(plan_shown);
    draw_page(state, extra, &settings, plan, None)
}

fn draw_page(
    state: &AppState,
    extra: Extra,
    settings: &PlanSettings,
    plan: Option<PlanShown>,
    problem: Option<String>,
) -> Result<axum::response::Html<String>, PageError> {
    let values = extra.values.unwrap_or_else(|| Values::of(settings));
    let days: Vec<DayBox> = WEEKDAYS
        .iter()
        .map(|(key, label)| DayBox {
            key,
            label,
            checked: values.days_off.iter().any(|d| d == key),
        })
        .collect();
    render(
        state,
        "plan/index.html",
        "plan",
        minijinja::context! {
            values => minijinja::Value::from_serialize(&values),
            days => minijinja::Value::from_serialize(&days),
            errors => minijinja::Value::from_serialize(&extra.errors),
            form_error => extra.errors.get("form").cloned(),
            task_error => extra.task_error,
            saved => extra.saved,
            problem => problem,
            plan => plan.map(|p| minijinja::Value::from_serialize(&p)),
        },
    )
}

async fn page(State(state): State<AppState>) -> Result<Response, PageError> {
    Ok(draw(&state, Extra::default()).await?.into_response())
}

/// The settings form's values as the app's change, or the field that cannot be read.
fn patch_of(v: &Values) -> Result<PlanPatch, (&'static str, String)> {
    let hours_per_week = match v.hours_per_week.as_str() {
        "" => None,
        h => Some(h.parse::<f32>().map_err(|_| {
            (
                "hours_per_week",
                format!("hours_per_week: `{h}` is not a number of hours"),
            )
        })?),
    };
    Ok(PlanPatch {
        interview_date: Some(v.interview_date.clone()),
        phone_screen_date: Some(v.phone_screen_date.clone()),
        hours_per_week,
        days_off: Some(v.days_off.join(",")),
        level: Some(v.level.clone()),
        format: Some(v.format.clone()),
    })
}

async fn save_settings(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let values = Values::from_form(&form);
    let result = match patch_of(&values) {
        Ok(patch) => uc::update_settings(state.ctx(), &patch)
            .await
            .map_err(|e| match e {
                AppError::Invalid(msg) => Ok((field_of(&msg, FIELDS).unwrap_or("form"), msg)),
                other => Err(other),
            }),
        Err(field) => Err(Ok(field)),
    };
    match result {
        Ok(_) => Ok(redirect(&headers, "/plan")),
        Err(Ok((field, msg))) => {
            let mut errors = BTreeMap::new();
            errors.insert(field, msg);
            let page = draw(
                &state,
                Extra {
                    values: Some(values),
                    errors,
                    ..Extra::default()
                },
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(Err(e)) => Err(e.into()),
    }
}

async fn task(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let now = now_ms();
    let action = match form.get("action").unwrap_or("").parse::<TaskAction>() {
        Ok(a) => a,
        Err(e) => return task_refused(&state, e.to_string()).await,
    };
    let to = form.get("to").map(str::trim).filter(|t| !t.is_empty());
    match uc::act(state.ctx(), uc::day_of(now), &key, action, to, now).await {
        Ok(_) if is_htmx(&headers) => Ok(draw(&state, Extra::default()).await?.into_response()),
        Ok(_) => Ok(redirect(&headers, "/plan#plan")),
        Err(AppError::Unknown { .. }) => Err(PageError::NotFound(format!("task `{key}`"))),
        Err(e @ (AppError::Invalid(_) | AppError::Plan(_))) => {
            task_refused(&state, e.to_string()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn task_refused(state: &AppState, msg: String) -> Result<Response, PageError> {
    let page = draw(
        state,
        Extra {
            task_error: Some(msg),
            ..Extra::default()
        },
    )
    .await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

/// The plan as a download: `.ics` or Markdown. No interview date: 404 saying what to set.
pub(crate) async fn export(state: &AppState, ics: bool) -> Result<Response, AppError> {
    let now = now_ms();
    let Some(view) = uc::current(state.ctx(), uc::day_of(now)).await? else {
        return Ok((
            StatusCode::NOT_FOUND,
            "No plan yet: set your interview date on the Plan page first.",
        )
            .into_response());
    };
    let (body, kind, name) = if ics {
        (
            uc::ics(&view, now),
            "text/calendar; charset=utf-8",
            "tpmprep-plan.ics",
        )
    } else {
        (
            uc::markdown(&view),
            "text/markdown; charset=utf-8",
            "tpmprep-plan.md",
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn ics(State(state): State<AppState>) -> Result<Response, PageError> {
    Ok(export(&state, true).await?)
}

async fn markdown(State(state): State<AppState>) -> Result<Response, PageError> {
    Ok(export(&state, false).await?)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan", get(page))
        .route("/plan/settings", post(save_settings))
        .route("/plan/tasks/{key}", post(task))
        .route("/plan.ics", get(ics))
        .route("/plan.md", get(markdown))
}
