//! The offers' JSON API under `/api/v1/offers`: the same use cases as the pages, answered as JSON
//! (errors `{"error": …}` naming the field; a name another offer has and a save from a stale
//! revision are 409; unknown ids 404). Money is integer minor units; a share price a decimal string.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, patch, post};
use serde::Deserialize;
use tpmprep_app::AppError;
use tpmprep_app::offers::{self as uc, CompareOptions, OfferInput, SavedOffer};
use tpmprep_offer::Comparison;
use tpmprep_offer::brief::Brief;
use tpmprep_store::{OfferRevision, StoreError};

use super::key;
use crate::{ApiError, ApiJson, ApiRoute, AppState};

fn body<T: serde::de::DeserializeOwned>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(t)| t).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })
}

fn api_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::NotFound(format!("no such offer `{raw}`")))
}

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(StoreError::OfferConflict { .. } | StoreError::OfferNameTaken(_)) => {
            ApiError::Conflict(e.to_string())
        }
        AppError::Store(StoreError::OfferNotFound(id)) => {
            ApiError::NotFound(format!("no such offer `{id}`"))
        }
        e => e.into(),
    }
}

async fn api_list(State(state): State<AppState>) -> Result<ApiJson<Vec<SavedOffer>>, ApiError> {
    Ok(ApiJson(uc::list(state.ctx()).await.map_err(api_error)?))
}

async fn api_add(
    State(state): State<AppState>,
    b: Result<Json<OfferInput>, JsonRejection>,
) -> Result<(StatusCode, ApiJson<SavedOffer>), ApiError> {
    let input = body(b)?;
    let saved = uc::add(state.ctx(), &input, super::now_ms())
        .await
        .map_err(api_error)?;
    Ok((StatusCode::CREATED, ApiJson(saved)))
}

async fn api_get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<SavedOffer>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(
        uc::get(state.ctx(), &key(id)).await.map_err(api_error)?,
    ))
}

async fn api_patch(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<ApiJson<SavedOffer>, ApiError> {
    let id = api_id(&raw)?;
    let serde_json::Value::Object(mut fields) = body(b)? else {
        return Err(ApiError::Bad(
            "the body is a JSON object of the fields to change (and `base_rev`)".into(),
        ));
    };
    let base_rev = match fields.remove("base_rev") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(v.as_i64().filter(|r| *r >= 0).ok_or_else(|| {
            ApiError::Bad("base_rev: a revision is a whole number, 0 or more".into())
        })?),
    };
    let input: OfferInput = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| ApiError::Bad(format!("the body does not fit: {e}")))?;
    Ok(ApiJson(
        uc::edit(state.ctx(), &key(id), &input, base_rev, super::now_ms())
            .await
            .map_err(api_error)?,
    ))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = api_id(&raw)?;
    uc::remove(state.ctx(), &key(id)).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_revisions(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Vec<OfferRevision>>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(
        uc::revisions(state.ctx(), &key(id))
            .await
            .map_err(api_error)?,
    ))
}

async fn api_compare(
    State(state): State<AppState>,
    b: Result<Json<CompareOptions>, JsonRejection>,
) -> Result<ApiJson<Comparison>, ApiError> {
    let opts = body(b)?;
    Ok(ApiJson(
        uc::compare(state.ctx(), &opts).await.map_err(api_error)?,
    ))
}

/// What `POST /api/v1/offers/brief` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BriefBody {
    offer: String,
    #[serde(default)]
    against: Option<String>,
    #[serde(default)]
    years: Option<u32>,
    #[serde(default)]
    scenario: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    rates: Vec<String>,
}

async fn api_brief(
    State(state): State<AppState>,
    b: Result<Json<BriefBody>, JsonRejection>,
) -> Result<ApiJson<Brief>, ApiError> {
    let b = body(b)?;
    let opts = CompareOptions {
        offers: Vec::new(),
        years: b.years,
        scenario: b.scenario,
        currency: b.currency,
        rates: b.rates,
    };
    Ok(ApiJson(
        uc::brief(state.ctx(), &b.offer, b.against.as_deref(), &opts)
            .await
            .map_err(api_error)?,
    ))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/offers",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/offers",
            handler: post(api_add),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/offers/compare",
            handler: post(api_compare),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/offers/brief",
            handler: post(api_brief),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/offers/{id}",
            handler: get(api_get),
        },
        ApiRoute {
            method: Method::PATCH,
            path: "/api/v1/offers/{id}",
            handler: patch(api_patch),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/offers/{id}",
            handler: delete(api_delete),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/offers/{id}/revisions",
            handler: get(api_revisions),
        },
    ]
}
