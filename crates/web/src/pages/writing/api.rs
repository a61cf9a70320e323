//! The writing attempts' JSON API under `/api/v1/writing`: the same use cases as the pages, answered
//! as JSON (errors `{"error": …}`; a save from a stale revision is 409 naming both revisions).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post, put};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::writing::{self as uc, Attempt, Choice, HistoryPoint, Saved};
use tpmprep_narrative::Report;
use tpmprep_store::{StoreError, WritingId, WritingRevision, WritingSummary};

use super::{now_ms, parse_id, writing_limit};
use crate::{ApiError, ApiJson, ApiRoute, AppState};

fn body<T: serde::de::DeserializeOwned>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(t)| t).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })
}

fn api_id(raw: &str) -> Result<WritingId, ApiError> {
    parse_id(raw).ok_or_else(|| ApiError::NotFound(format!("no such writing attempt `{raw}`")))
}

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(StoreError::WritingConflict { .. }) => ApiError::Conflict(e.to_string()),
        AppError::Store(StoreError::WritingNotFound(id)) => {
            ApiError::NotFound(format!("no such writing attempt `{id}`"))
        }
        e => e.into(),
    }
}

/// A writing prompt as the API lists it.
#[derive(Serialize)]
struct PromptOut {
    id: String,
    title: String,
    text: String,
    kind: String,
    principles: Vec<String>,
    guidance: String,
    minutes: u32,
}

async fn api_prompts(State(state): State<AppState>) -> ApiJson<Vec<PromptOut>> {
    ApiJson(
        state
            .pack()
            .writing_prompts
            .iter()
            .map(|p| PromptOut {
                id: p.id.clone(),
                title: p.title.clone(),
                text: p.text.clone(),
                kind: p.kind.clone(),
                principles: p.principles.clone(),
                guidance: p.guidance.clone(),
                minutes: p.minutes,
            })
            .collect(),
    )
}

async fn api_list(State(state): State<AppState>) -> Result<ApiJson<Vec<WritingSummary>>, ApiError> {
    Ok(ApiJson(uc::list(state.ctx()).await.map_err(api_error)?))
}

/// What `POST /api/v1/writing` takes: one of `prompt_id`, `random` or `text`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartBody {
    #[serde(default)]
    prompt_id: Option<String>,
    #[serde(default)]
    random: Option<bool>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    minutes: Option<u32>,
}

async fn api_start(
    State(state): State<AppState>,
    b: Result<Json<StartBody>, JsonRejection>,
) -> Result<(StatusCode, ApiJson<Attempt>), ApiError> {
    let b = body(b)?;
    let choice = match (b.prompt_id, b.random.unwrap_or(false), b.text) {
        (Some(id), false, None) => Choice::Prompt(id),
        (None, true, None) => Choice::Random(b.seed.unwrap_or_else(|| now_ms().unsigned_abs())),
        (None, false, Some(t)) => Choice::Text(t),
        _ => {
            return Err(ApiError::Bad(
                "give exactly one of `prompt_id`, `random: true` or `text`".into(),
            ));
        }
    };
    let a = uc::start(state.ctx(), &choice, b.minutes, now_ms())
        .await
        .map_err(api_error)?;
    Ok((StatusCode::CREATED, ApiJson(a)))
}

async fn api_get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Attempt>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(uc::load(state.ctx(), id).await.map_err(api_error)?))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = api_id(&raw)?;
    if uc::delete(state.ctx(), id).await.map_err(api_error)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!(
            "no such writing attempt `{id}`"
        )))
    }
}

/// What `PUT /api/v1/writing/{id}/text` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextBody {
    base_rev: i64,
    body: String,
    #[serde(default)]
    elapsed_seconds: i64,
}

async fn api_text(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<TextBody>, JsonRejection>,
) -> Result<ApiJson<Saved>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    if b.base_rev < 0 {
        return Err(ApiError::Bad("base_rev: a revision is 0 or more".into()));
    }
    let saved = uc::save(
        state.ctx(),
        id,
        b.base_rev,
        &b.body,
        b.elapsed_seconds,
        now_ms(),
    )
    .await
    .map_err(api_error)?;
    Ok(ApiJson(saved))
}

async fn api_live(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Report>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(uc::live(state.ctx(), id).await.map_err(api_error)?))
}

async fn api_revisions(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Vec<WritingRevision>>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(
        uc::revisions(state.ctx(), id).await.map_err(api_error)?,
    ))
}

async fn api_finish(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Attempt>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(
        uc::finish(state.ctx(), id, now_ms())
            .await
            .map_err(api_error)?,
    ))
}

/// `GET /api/v1/writing/history?prompt_id=…` (no `prompt_id`: the candidate's own prompts).
#[derive(Debug, Deserialize)]
struct HistoryQuery {
    #[serde(default)]
    prompt_id: Option<String>,
}

async fn api_history(
    State(state): State<AppState>,
    q: Result<Query<HistoryQuery>, QueryRejection>,
) -> Result<ApiJson<Vec<HistoryPoint>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::Bad(format!("prompt_id: {}", e.body_text())))?;
    let id = q.prompt_id.filter(|p| !p.is_empty());
    if let Some(p) = &id {
        uc::prompt(state.pack(), p).map_err(api_error)?;
    }
    Ok(ApiJson(
        uc::history(state.ctx(), id.as_deref())
            .await
            .map_err(api_error)?,
    ))
}

/// What `POST /api/v1/writing/critique` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CritiqueBody {
    text: String,
    #[serde(default)]
    prompt_id: Option<String>,
}

async fn api_critique(
    State(state): State<AppState>,
    b: Result<Json<CritiqueBody>, JsonRejection>,
) -> Result<ApiJson<Report>, ApiError> {
    let b = body(b)?;
    Ok(ApiJson(
        uc::critique_text(
            state.pack(),
            state.critic(),
            &b.text,
            b.prompt_id.as_deref(),
        )
        .map_err(api_error)?,
    ))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing/prompts",
            handler: get(api_prompts),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/writing",
            handler: post(api_start),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing/history",
            handler: get(api_history),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/writing/critique",
            handler: post(api_critique).layer(writing_limit()),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing/{id}",
            handler: get(api_get),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/writing/{id}",
            handler: delete(api_delete),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/writing/{id}/text",
            handler: put(api_text).layer(writing_limit()),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing/{id}/critique",
            handler: get(api_live),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/writing/{id}/revisions",
            handler: get(api_revisions),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/writing/{id}/finish",
            handler: post(api_finish),
        },
    ]
}
