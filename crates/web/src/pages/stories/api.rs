//! The stories' JSON API under `/api/v1/stories`: the same store and use cases as the pages,
//! answered as JSON (errors `{"error": …}`; a stale edit that conflicts is a 409).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tpmprep_app::edit::Outcome;
use tpmprep_app::import::ImportReport;
use tpmprep_store::{StoredStory, StoryFilter, StoryMeta, StorySummary};
use tpmprep_stories::StoryContent;

use super::form::check;
use super::history::restore;
use super::import::{ImportRequest, import};
use super::list::{ListQuery, blank, filter_of};
use super::{StoryId, cache_score, import_limit, merge, principle_ids};
use crate::{ApiError, ApiJson, ApiRoute, AppState};

async fn api_export(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list = state
        .store()
        .list_stories(state.owner(), &StoryFilter::default())
        .await?;
    let mut stories = Vec::with_capacity(list.len());
    for s in list {
        let st = state.store().story(state.owner(), s.meta.id).await?;
        stories.push(tpmprep_stories::ExportedStory {
            uid: Some(st.meta.uid),
            id: Some(st.meta.id),
            rev: Some(st.meta.rev),
            content: st.content,
        });
    }
    Ok((
        [(
            axum::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"tpmprep-stories.json\"",
        )],
        ApiJson(tpmprep_stories::Export::new(stories)),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct ImportBody {
    format: String,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    as_new: bool,
}

async fn api_import(
    State(state): State<AppState>,
    Json(b): Json<ImportBody>,
) -> Result<(StatusCode, ApiJson<ImportReport>), ApiError> {
    let report = import(
        &state,
        ImportRequest {
            format: b.format,
            text: b.text,
            title: b.title,
            as_new: b.as_new,
            title_control: "as `title` in the request",
        },
    )
    .await?;
    // 201 when the import created a story; 200 when every story was already in the bank.
    let status = if report.new.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, ApiJson(report)))
}

async fn api_list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<ApiJson<Vec<StorySummary>>, ApiError> {
    let filter = filter_of(&state, &q).map_err(ApiError::Bad)?;
    let stories = state.store().list_stories(state.owner(), &filter).await?;
    Ok(ApiJson(
        tpmprep_app::stories::search(
            state.store(),
            state.owner(),
            stories,
            blank(&q.q).as_deref().unwrap_or(""),
        )
        .await?,
    ))
}

fn checked(state: &AppState, c: StoryContent) -> Result<StoryContent, ApiError> {
    let c = c.normalized();
    check(state, &c).map_err(ApiError::Bad)?;
    Ok(c)
}

async fn api_create(
    State(state): State<AppState>,
    Json(c): Json<StoryContent>,
) -> Result<(StatusCode, ApiJson<StoredStory>), ApiError> {
    let c = checked(&state, c)?;
    let meta = state.store().create_story(state.owner(), &c).await?;
    cache_score(&state, &meta, &c).await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(StoredStory { meta, content: c }),
    ))
}

async fn api_get(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<ApiJson<StoredStory>, ApiError> {
    Ok(ApiJson(state.store().story(state.owner(), id).await?))
}

#[derive(Debug, Deserialize)]
pub(crate) struct Update {
    base_rev: i64,
    content: StoryContent,
    /// How to settle fields both sides changed: `mine`, `theirs`, `FIELD=mine|theirs`.
    #[serde(default)]
    take: Vec<String>,
}

/// A saved story, and when the edit was stale, the revision it was merged with and what of it was kept.
#[derive(Serialize)]
struct UpdateAnswer {
    #[serde(flatten)]
    story: StoredStory,
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_with: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kept: Vec<String>,
}

async fn api_update(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    Json(u): Json<Update>,
) -> Result<Response, ApiError> {
    let c = checked(&state, u.content)?;
    let take = merge::take_of(u.take.iter().map(String::as_str)).map_err(ApiError::Bad)?;
    let ids = principle_ids(&state);
    let outcome = tpmprep_app::edit::save_story(
        state.store(),
        state.owner(),
        id,
        u.base_rev,
        &c,
        &take,
        &ids,
    )
    .await?;
    match outcome {
        Outcome::Saved(saved) => {
            cache_score(&state, &saved.meta, &saved.content).await?;
            let kept = saved.kept_words();
            Ok(ApiJson(UpdateAnswer {
                merged_with: saved.merged_with,
                kept,
                story: StoredStory {
                    meta: saved.meta,
                    content: saved.content,
                },
            })
            .into_response())
        }
        Outcome::Conflict(refused) => Ok((
            StatusCode::CONFLICT,
            ApiJson(merge::conflict_json(&refused)),
        )
            .into_response()),
    }
}

async fn api_revisions(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<ApiJson<Vec<tpmprep_store::Revision>>, ApiError> {
    Ok(ApiJson(state.store().revisions(state.owner(), id).await?))
}

#[derive(Debug, Deserialize)]
pub(crate) struct RestoreBody {
    rev: i64,
}

async fn api_restore(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    Json(b): Json<RestoreBody>,
) -> Result<ApiJson<StoryMeta>, ApiError> {
    Ok(ApiJson(restore(&state, id, b.rev).await?))
}

async fn api_trash(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<StatusCode, ApiError> {
    state.store().trash_story(state.owner(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_untrash(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<StatusCode, ApiError> {
    state.store().restore_from_trash(state.owner(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_purge(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<StatusCode, ApiError> {
    state.store().purge_story(state.owner(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_critique_story(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<ApiJson<tpmprep_critic::Critique>, ApiError> {
    let story = state.store().story(state.owner(), id).await?;
    Ok(ApiJson(tpmprep_app::stories::critique(
        state.ctx(),
        &story.content,
    )))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    let r = |method, path, handler| ApiRoute {
        method,
        path,
        handler,
    };
    vec![
        r(Method::GET, "/api/v1/stories", get(api_list)),
        r(Method::POST, "/api/v1/stories", post(api_create)),
        r(Method::GET, "/api/v1/stories/export", get(api_export)),
        r(
            Method::POST,
            "/api/v1/stories/import",
            post(api_import).layer(import_limit()),
        ),
        r(Method::GET, "/api/v1/stories/{id}", get(api_get)),
        r(
            Method::PUT,
            "/api/v1/stories/{id}",
            axum::routing::put(api_update),
        ),
        r(
            Method::DELETE,
            "/api/v1/stories/{id}",
            axum::routing::delete(api_purge),
        ),
        r(
            Method::GET,
            "/api/v1/stories/{id}/revisions",
            get(api_revisions),
        ),
        r(
            Method::POST,
            "/api/v1/stories/{id}/restore",
            post(api_restore),
        ),
        r(Method::POST, "/api/v1/stories/{id}/trash", post(api_trash)),
        r(
            Method::POST,
            "/api/v1/stories/{id}/untrash",
            post(api_untrash),
        ),
        r(
            Method::GET,
            "/api/v1/stories/{id}/critique",
            get(api_critique_story),
        ),
    ]
}
