//! The design sessions' JSON API under `/api/v1/design`: the same use cases as the pages, answered
//! as JSON (errors `{"error": …}`; a stale revision of notes or diagram is 409).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::routing::{delete, get, post, put};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::design::{
    self as uc, Choice, ClockMove, DiagramChange, Moved, NoteSaved, StartOptions,
};
use tpmprep_practice::design::SelfRating;
use tpmprep_practice::design::diagram::Diagram;
use tpmprep_store::{DesignHint, DesignId, DesignSummary, StoreError};

use super::{MAX_NOTE_CHARS, now_ms, parse_id};
use crate::{ApiError, ApiJson, ApiRoute, AppState};

fn body<T: serde::de::DeserializeOwned>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(t)| t).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })
}

fn api_id(raw: &str) -> Result<DesignId, ApiError> {
    parse_id(raw).ok_or_else(|| ApiError::NotFound(format!("no such design session `{raw}`")))
}

fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Store(StoreError::DesignConflict { .. }) => ApiError::Conflict(e.to_string()),
        AppError::Store(StoreError::DesignNotFound(id)) => {
            ApiError::NotFound(format!("no such design session `{id}`"))
        }
        e => e.into(),
    }
}

/// What `POST /api/v1/design` takes: one of `prompt_id`, `random` or `text`.
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
    minutes_scale: Option<f64>,
    #[serde(default)]
    phases: Option<String>,
}

async fn api_list(State(state): State<AppState>) -> Result<ApiJson<Vec<DesignSummary>>, ApiError> {
    Ok(ApiJson(uc::list(state.ctx()).await.map_err(api_error)?))
}

async fn api_start(
    State(state): State<AppState>,
    b: Result<Json<StartBody>, JsonRejection>,
) -> Result<(StatusCode, ApiJson<uc::State>), ApiError> {
    let b = body(b)?;
    let choice = match (b.prompt_id, b.random.unwrap_or(false), b.text) {
        (Some(id), false, None) => Choice::Prompt(id),
        (None, true, None) => Choice::Random(b.seed),
        (None, false, Some(t)) => Choice::Text(t),
        _ => {
            return Err(ApiError::Bad(
                "give exactly one of `prompt_id`, `random: true` or `text`".into(),
            ));
        }
    };
    let o = StartOptions {
        choice,
        minutes_scale: b.minutes_scale.unwrap_or(1.0),
        phases: b.phases,
    };
    let s = uc::start(state.ctx(), &o, now_ms())
        .await
        .map_err(api_error)?;
    Ok((StatusCode::CREATED, ApiJson(s)))
}

async fn api_get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<uc::State>, ApiError> {
    let id = api_id(&raw)?;
    Ok(ApiJson(uc::load(state.ctx(), id).await.map_err(api_error)?))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = api_id(&raw)?;
    uc::delete(state.ctx(), id).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// What `PUT /api/v1/design/{id}/notes/{phase}` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    base_rev: i64,
    text: String,
}

async fn api_note(
    State(state): State<AppState>,
    Path((raw, phase)): Path<(String, String)>,
    b: Result<Json<NoteBody>, JsonRejection>,
) -> Result<ApiJson<NoteSaved>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    if b.text.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::Bad(format!(
            "a phase's notes hold at most {MAX_NOTE_CHARS} characters"
        )));
    }
    let saved = uc::save_note(state.ctx(), id, &phase, b.base_rev, &b.text, now_ms())
        .await
        .map_err(api_error)?;
    Ok(ApiJson(saved))
}

/// What `POST /api/v1/design/{id}/clock` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockBody {
    action: String,
    #[serde(default)]
    phase: Option<String>,
    #[serde(default)]
    seconds: Option<u32>,
}

async fn api_clock(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<ClockBody>, JsonRejection>,
) -> Result<ApiJson<Moved>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    let how = match (b.action.as_str(), b.phase, b.seconds) {
        ("tick", Some(p), Some(s)) => ClockMove::Tick(p, s),
        ("tick", _, _) => {
            return Err(ApiError::Bad("`tick` needs `phase` and `seconds`".into()));
        }
        ("next", _, _) => ClockMove::Next,
        ("goto", Some(p), _) => ClockMove::GoTo(p),
        ("goto", None, _) => return Err(ApiError::Bad("`goto` needs `phase`".into())),
        (other, _, _) => {
            return Err(ApiError::Bad(format!(
                "unknown action `{}` (tick, next or goto)",
                other.chars().take(20).collect::<String>()
            )));
        }
    };
    Ok(ApiJson(
        uc::move_clock(state.ctx(), id, &how, now_ms())
            .await
            .map_err(api_error)?,
    ))
}

/// What `POST /api/v1/design/{id}/hints` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintBody {
    phase: String,
}

#[derive(Serialize)]
struct HintAnswer {
    /// The hint given, or `null` when the phase has no more.
    hint: Option<DesignHint>,
}

async fn api_hint(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<HintBody>, JsonRejection>,
) -> Result<ApiJson<HintAnswer>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    let hint = uc::hint(state.ctx(), id, &b.phase, now_ms())
        .await
        .map_err(api_error)?;
    Ok(ApiJson(HintAnswer { hint }))
}

/// What `PUT /api/v1/design/{id}/diagram` takes: the whole diagram, or its lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiagramBody {
    base_rev: i64,
    #[serde(default)]
    diagram: Option<Diagram>,
    #[serde(default)]
    lines: Option<String>,
}

#[derive(Serialize)]
struct DiagramSaved {
    rev: i64,
    diagram: Diagram,
    lines: String,
}

async fn api_diagram(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<DiagramBody>, JsonRejection>,
) -> Result<ApiJson<DiagramSaved>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    let change = match (b.diagram, b.lines) {
        (Some(d), None) => DiagramChange::Replace(d),
        (None, Some(l)) => DiagramChange::Lines(l),
        _ => {
            return Err(ApiError::Bad(
                "give exactly one of `diagram` or `lines`".into(),
            ));
        }
    };
    let (diagram, rev) = uc::change_diagram(state.ctx(), id, b.base_rev, change, now_ms())
        .await
        .map_err(api_error)?;
    Ok(ApiJson(DiagramSaved {
        rev,
        lines: diagram.to_lines(),
        diagram,
    }))
}

/// What `POST /api/v1/design/{id}/finish` takes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FinishBody {
    #[serde(default)]
    self_rating: Option<SelfRating>,
}

async fn api_finish(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<FinishBody>, JsonRejection>,
) -> Result<ApiJson<uc::State>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    if let Some(r) = b.self_rating
        && r.scores().iter().any(|s| *s > 10)
    {
        return Err(ApiError::Bad(
            "self_rating: every score is from 0 to 10".into(),
        ));
    }
    Ok(ApiJson(
        uc::finish(state.ctx(), id, b.self_rating, now_ms())
            .await
            .map_err(api_error)?,
    ))
}

/// What `POST /api/v1/design/critique` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CritiqueBody {
    text: String,
    #[serde(default)]
    prompt_id: Option<String>,
}

/// The longest write-up the API critiques, in characters.
const MAX_WRITEUP_CHARS: usize = 100_000;

async fn api_critique(
    State(state): State<AppState>,
    b: Result<Json<CritiqueBody>, JsonRejection>,
) -> Result<ApiJson<serde_json::Value>, ApiError> {
    let b = body(b)?;
    if b.text.chars().count() > MAX_WRITEUP_CHARS {
        return Err(ApiError::Bad(format!(
            "a design write-up is at most {MAX_WRITEUP_CHARS} characters"
        )));
    }
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
            path: "/api/v1/design",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/design",
            handler: post(api_start),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/design/critique",
            handler: post(api_critique),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/design/{id}",
            handler: get(api_get),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/design/{id}",
            handler: delete(api_delete),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/design/{id}/notes/{phase}",
            handler: put(api_note),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/design/{id}/clock",
            handler: post(api_clock),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/design/{id}/hints",
            handler: post(api_hint),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/design/{id}/diagram",
            handler: put(api_diagram),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/design/{id}/finish",
            handler: post(api_finish),
        },
    ]
}
