//! The study plan's JSON API under `/api/v1/plan`: the same use cases as the page, as JSON.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::plan::{self as uc, PlanPatch, PlanSettings, PlanView, TaskAction};
use tpmprep_practice::plan::{Day, parse_date};

use super::super::forms::now_ms;
use crate::{ApiError, ApiJson, ApiRoute, AppState};

pub(crate) fn body<T: serde::de::DeserializeOwned>(
    b: Result<Json<T>, JsonRejection>,
) -> Result<T, ApiError> {
    b.map(|Json(t)| t).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })
}

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Unknown { .. } => ApiError::NotFound(e.to_string()),
        e => e.into(),
    }
}

/// `?today=YYYY-MM-DD` (default: today, UTC).
#[derive(Debug, Deserialize)]
pub(crate) struct TodayQuery {
    #[serde(default)]
    today: Option<String>,
}

fn today_of(q: Result<Query<TodayQuery>, QueryRejection>) -> Result<Day, ApiError> {
    let q = q.map_err(|_| {
        ApiError::Bad("today: the query cannot be read; give `today` once, as YYYY-MM-DD".into())
    })?;
    day_or_today(q.0.today.as_deref())
}

fn day_or_today(today: Option<&str>) -> Result<Day, ApiError> {
    match today.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(uc::day_of(now_ms())),
        Some(t) => parse_date(t)
            .ok_or_else(|| ApiError::Bad(format!("today: `{t}` is not a date as YYYY-MM-DD"))),
    }
}

/// `GET /api/v1/plan`: the plan, or what it needs first.
#[derive(Serialize)]
#[serde(untagged)]
enum PlanAnswer {
    Plan(Box<PlanView>),
    Needs {
        settings: PlanSettings,
        plan: Option<()>,
        needs: &'static str,
    },
}

async fn api_plan(
    State(state): State<AppState>,
    q: Result<Query<TodayQuery>, QueryRejection>,
) -> Result<ApiJson<PlanAnswer>, ApiError> {
    let today = today_of(q)?;
    let ctx = state.ctx();
    match uc::current(ctx, today).await.map_err(api_error)? {
        Some(v) => Ok(ApiJson(PlanAnswer::Plan(Box::new(v)))),
        None => Ok(ApiJson(PlanAnswer::Needs {
            settings: uc::settings(ctx).await.map_err(api_error)?,
            plan: None,
            needs: "interview_date",
        })),
    }
}

async fn api_settings(
    State(state): State<AppState>,
    b: Result<Json<PlanPatch>, JsonRejection>,
) -> Result<ApiJson<PlanSettings>, ApiError> {
    let patch = body(b)?;
    Ok(ApiJson(
        uc::update_settings(state.ctx(), &patch)
            .await
            .map_err(api_error)?,
    ))
}

/// `POST /api/v1/plan/tasks/{key}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskBody {
    action: String,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    today: Option<String>,
}

async fn api_task(
    State(state): State<AppState>,
    Path(key): Path<String>,
    b: Result<Json<TaskBody>, JsonRejection>,
) -> Result<ApiJson<PlanView>, ApiError> {
    let b = body(b)?;
    let action: TaskAction = b
        .action
        .parse()
        .map_err(|e: AppError| ApiError::Bad(format!("action: {e}")))?;
    let today = day_or_today(b.today.as_deref())?;
    let view = uc::act(state.ctx(), today, &key, action, b.to.as_deref(), now_ms())
        .await
        .map_err(|e| match e {
            AppError::Invalid(m) if m.starts_with("no plan yet") => ApiError::Bad(m),
            e => api_error(e),
        })?;
    Ok(ApiJson(view))
}

async fn export(state: &AppState, ics: bool) -> Result<Response, ApiError> {
    let r = super::export(state, ics).await.map_err(api_error)?;
    if r.status() == StatusCode::NOT_FOUND {
        return Err(ApiError::NotFound(
            "no plan yet: set the interview date first (PUT /api/v1/plan/settings)".into(),
        ));
    }
    Ok(r.into_response())
}

async fn api_ics(State(state): State<AppState>) -> Result<Response, ApiError> {
    export(&state, true).await
}

async fn api_md(State(state): State<AppState>) -> Result<Response, ApiError> {
    export(&state, false).await
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/plan",
            handler: get(api_plan),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/plan/settings",
            handler: put(api_settings),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/plan/tasks/{key}",
            handler: post(api_task),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/plan.ics",
            handler: get(api_ics),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/plan.md",
            handler: get(api_md),
        },
    ]
}
