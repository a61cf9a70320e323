//! Spoken answers' JSON API under `/api/v1/speak`: bring a transcript (kept, 201, or with
//! `?save=false` only measured and critiqued, 200), list them, read one, delete one. Errors are
//! `{"error": …}` naming the file and line or the field; unknown ids 404.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::Deserialize;
use tpmprep_app::AppError;
use tpmprep_app::speak::{self as uc, Context, Full, SpeakInput};
use tpmprep_store::{StoreError, TranscriptSummary};

use super::speak_limit;
use crate::{ApiError, ApiJson, ApiRoute, AppState};

/// What `POST /api/v1/speak` takes: [`SpeakInput`] and the story it rehearses, if any.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SpeakBody {
    transcript: Option<String>,
    name: Option<String>,
    format: Option<String>,
    duration: Option<String>,
    question_id: Option<String>,
    question: Option<String>,
    story: Option<i64>,
}

/// `?save=false`.
#[derive(Debug, Default, Deserialize)]
struct SaveQuery {
    #[serde(default)]
    save: Option<String>,
}

fn api_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::NotFound(format!("no such transcript `{raw}`")))
}

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(StoreError::TranscriptNotFound(id)) => {
            ApiError::NotFound(format!("no such transcript `{id}`"))
        }
        e => e.into(),
    }
}

async fn api_bring(
    State(state): State<AppState>,
    q: Result<Query<SaveQuery>, QueryRejection>,
    b: Result<Json<SpeakBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let q = q
        .map(|Query(q)| q)
        .map_err(|e| ApiError::Bad(format!("save: {}", e.body_text())))?;
    let save = match q.save.as_deref().map(str::trim) {
        None | Some("" | "true" | "1" | "yes") => true,
        Some("false" | "0" | "no") => false,
        Some(other) => {
            return Err(ApiError::Bad(format!(
                "save: `{other}` is not true or false"
            )));
        }
    };
    let b = b.map(|Json(b)| b).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })?;
    let Some(transcript) = b.transcript else {
        return Err(ApiError::Bad(
            "transcript: the transcript's text is missing".into(),
        ));
    };
    let input = SpeakInput {
        transcript,
        name: b.name,
        format: b.format,
        duration: b.duration,
        question_id: b.question_id,
        question: b.question,
    };
    if !save {
        let report = uc::analyse(state.pack(), state.critic(), &input).map_err(api_error)?;
        return Ok(ApiJson(report).into_response());
    }
    let context = match b.story {
        None => Context::Speak,
        Some(id) => {
            let mine = id > 0 && state.store().story(state.owner(), id).await.is_ok();
            if !mine {
                return Err(ApiError::NotFound(format!("no such story `{id}`")));
            }
            Context::Story(id)
        }
    };
    let saved = uc::save(state.ctx(), &input, context, super::super::forms::now_ms())
        .await
        .map_err(api_error)?;
    Ok((StatusCode::CREATED, ApiJson(saved)).into_response())
}

async fn api_list(
    State(state): State<AppState>,
) -> Result<ApiJson<Vec<TranscriptSummary>>, ApiError> {
    Ok(ApiJson(uc::list(state.ctx()).await.map_err(api_error)?))
}

async fn api_get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Full>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(uc::get(state.ctx(), id).await.map_err(api_error)?))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = api_id(&raw)?;
    uc::delete(state.ctx(), id).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/speak",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/speak",
            handler: post(api_bring).layer(speak_limit()),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/speak/{id}",
            handler: get(api_get),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/speak/{id}",
            handler: delete(api_delete),
        },
    ]
}
