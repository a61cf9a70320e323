//! The drills' JSON API under `/api/v1/drills`: the same use cases as the page, as JSON. A grade
//! sent twice for the same showing of a card (`expected_reps` no longer the card's) is a 409.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get, post, put};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::drill::{self as uc, DrillPatch, Graded, Next, Suggestion};
use tpmprep_practice::drill::{DrillSettings, DrillStats, Grade};
use tpmprep_store::{CardId, StoreError};

use super::super::forms::now_ms;
use super::super::plan::api::body;
use super::own_card;
use crate::{ApiError, ApiJson, ApiRoute, AppState};

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(StoreError::DrillConflict { .. }) => ApiError::Conflict(format!(
            "already graded: {e}; fetch the next card (GET /api/v1/drills/next)"
        )),
        AppError::Unknown { .. } => ApiError::Bad(e.to_string()),
        e => e.into(),
    }
}

/// The card `raw` names, this account's, or 404.
async fn card_id(state: &AppState, raw: &str) -> Result<CardId, ApiError> {
    let missing = || ApiError::NotFound(format!("no such card `{raw}`"));
    let id = raw
        .parse::<CardId>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(missing)?;
    if own_card(state, id).await.map_err(api_error)? {
        Ok(id)
    } else {
        Err(missing())
    }
}

fn now_of(now: Option<&str>) -> Result<i64, ApiError> {
    match now.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(now_ms()),
        Some(n) => uc::parse_rfc3339(n).map_err(|e| ApiError::Bad(e.to_string())),
    }
}

/// `GET /api/v1/drills`.
#[derive(Serialize)]
struct Overview {
    stats: DrillStats,
    settings: DrillSettings,
}

async fn api_overview(State(state): State<AppState>) -> Result<ApiJson<Overview>, ApiError> {
    let ctx = state.ctx();
    Ok(ApiJson(Overview {
        stats: uc::stats(ctx, now_ms()).await.map_err(api_error)?,
        settings: uc::settings(ctx).await.map_err(api_error)?,
    }))
}

#[derive(Debug, Deserialize)]
struct NowQuery {
    #[serde(default)]
    now: Option<String>,
}

async fn api_next(
    State(state): State<AppState>,
    q: Result<Query<NowQuery>, QueryRejection>,
) -> Result<ApiJson<Next>, ApiError> {
    let q = q.map_err(|_| {
        ApiError::Bad("now: the query cannot be read; give `now` once, as an RFC 3339 time".into())
    })?;
    let now = now_of(q.0.now.as_deref())?;
    Ok(ApiJson(
        uc::next(state.ctx(), now).await.map_err(api_error)?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeBody {
    grade: String,
    #[serde(default)]
    answer: Option<String>,
    #[serde(default)]
    expected_reps: Option<u32>,
    #[serde(default)]
    now: Option<String>,
}

async fn api_grade(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<GradeBody>, JsonRejection>,
) -> Result<ApiJson<Graded>, ApiError> {
    let id = card_id(&state, &raw).await?;
    let b = body(b)?;
    let grade: Grade = b
        .grade
        .parse()
        .map_err(|e| ApiError::Bad(format!("grade: {e}")))?;
    let now = now_of(b.now.as_deref())?;
    let g = uc::grade(
        state.ctx(),
        id,
        grade,
        now,
        b.answer.as_deref(),
        b.expected_reps,
    )
    .await
    .map_err(api_error)?;
    Ok(ApiJson(g))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckBody {
    answer: String,
}

async fn api_check(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<CheckBody>, JsonRejection>,
) -> Result<ApiJson<Suggestion>, ApiError> {
    let id = card_id(&state, &raw).await?;
    let b = body(b)?;
    Ok(ApiJson(
        uc::check(state.ctx(), id, &b.answer)
            .await
            .map_err(api_error)?,
    ))
}

/// A card as the API lists it.
#[derive(Serialize)]
struct CardOut {
    id: CardId,
    question_id: Option<String>,
    front: String,
    back: String,
    principles: Vec<String>,
    created_at: i64,
    suspended: bool,
    /// Never reviewed.
    new: bool,
    /// When due (RFC 3339), once reviewed.
    due: Option<String>,
    reps: i64,
    lapses: i64,
    stability: Option<f64>,
    difficulty: Option<f64>,
}

async fn api_cards(State(state): State<AppState>) -> Result<ApiJson<Vec<CardOut>>, ApiError> {
    let cards = uc::list(state.ctx()).await.map_err(api_error)?;
    Ok(ApiJson(
        cards
            .into_iter()
            .map(|c| CardOut {
                id: c.id,
                new: c.memory.is_none(),
                due: c.memory.as_ref().map(|m| uc::rfc3339(m.due)),
                reps: c.memory.as_ref().map_or(0, |m| m.reps),
                lapses: c.memory.as_ref().map_or(0, |m| m.lapses),
                stability: c.memory.as_ref().map(|m| m.stability),
                difficulty: c.memory.as_ref().map(|m| m.difficulty),
                question_id: c.question_id,
                front: c.front,
                back: c.back,
                principles: c.principles,
                created_at: c.created_at,
                suspended: c.suspended,
            })
            .collect(),
    ))
}

/// `POST /api/v1/drills/cards`: one of `weakest`, `questions`, or an own card (`front`, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddBody {
    #[serde(default)]
    weakest: Option<usize>,
    #[serde(default)]
    questions: Option<Vec<String>>,
    #[serde(default)]
    front: Option<String>,
    #[serde(default)]
    back: Option<String>,
    #[serde(default)]
    principles: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Added {
    added: Vec<CardId>,
}

async fn api_add(
    State(state): State<AppState>,
    b: Result<Json<AddBody>, JsonRejection>,
) -> Result<(StatusCode, ApiJson<Added>), ApiError> {
    let b = body(b)?;
    let ctx = state.ctx();
    let now = now_ms();
    let added = match (b.weakest, b.questions, b.front) {
        (Some(n), None, None) => uc::add_weakest(ctx, n, now).await.map_err(api_error)?,
        (None, Some(ids), None) => {
            if ids.is_empty() || ids.len() > uc::MAX_ADD {
                return Err(ApiError::Bad(format!(
                    "questions: give 1–{} question ids",
                    uc::MAX_ADD
                )));
            }
            uc::add_questions(ctx, &ids, now)
                .await
                .map_err(|e| match e {
                    AppError::Unknown { .. } => ApiError::Bad(format!("questions: {e}")),
                    e => api_error(e),
                })?
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        }
        (None, None, Some(front)) => {
            let principles = b.principles.unwrap_or_default();
            vec![
                uc::add_own(
                    ctx,
                    &front,
                    b.back.as_deref().unwrap_or(""),
                    &principles,
                    now,
                )
                .await
                .map_err(|e| match e {
                    AppError::Unknown { .. } => ApiError::Bad(format!("principles: {e}")),
                    e => api_error(e),
                })?,
            ]
        }
        _ => {
            return Err(ApiError::Bad(
                "give exactly one of `weakest`, `questions`, or `front` (with `back`, `principles`)"
                    .into(),
            ));
        }
    };
    Ok((StatusCode::CREATED, ApiJson(Added { added })))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = card_id(&state, &raw).await?;
    uc::delete(state.ctx(), id).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuspendBody {
    suspended: bool,
}

async fn api_suspend(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<SuspendBody>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let id = card_id(&state, &raw).await?;
    let b = body(b)?;
    uc::suspend(state.ctx(), id, b.suspended)
        .await
        .map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_settings(
    State(state): State<AppState>,
    b: Result<Json<DrillPatch>, JsonRejection>,
) -> Result<ApiJson<DrillSettings>, ApiError> {
    let patch = body(b)?;
    Ok(ApiJson(
        uc::update_settings(state.ctx(), &patch)
            .await
            .map_err(api_error)?,
    ))
}

#[derive(Serialize)]
struct Optimised {
    parameters: Vec<f32>,
}

async fn api_optimise(State(state): State<AppState>) -> Result<ApiJson<Optimised>, ApiError> {
    Ok(ApiJson(Optimised {
        parameters: uc::optimise(state.ctx()).await.map_err(api_error)?,
    }))
}

async fn api_export(State(state): State<AppState>) -> Result<Response, ApiError> {
    super::export_tsv(&state).await.map_err(api_error)
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/drills",
            handler: get(api_overview),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/drills/next",
            handler: get(api_next),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/drills/{id}/grade",
            handler: post(api_grade),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/drills/{id}/check",
            handler: post(api_check),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/drills/cards",
            handler: get(api_cards),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/drills/cards",
            handler: post(api_add),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/drills/cards/{id}",
            handler: delete(api_delete),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/drills/cards/{id}/suspend",
            handler: post(api_suspend),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/drills/settings",
            handler: put(api_settings),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/drills/optimise",
            handler: post(api_optimise),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/drills/export.tsv",
            handler: get(api_export),
        },
    ]
}
