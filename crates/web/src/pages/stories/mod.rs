//! Stories: the list with filters and trash, the editor (autosaved as revisions, critiqued as you
//! type), history with diffs and restore; and their JSON API. This module holds what every part
//! shares (the templates, the address extractors, score caching) and the HTML routes; each role is a
//! submodule.

use axum::Router;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tpmprep_store::StoryMeta;
use tpmprep_stories::StoryContent;

use crate::{AppState, PageError};

mod api;
mod editor;
mod form;
mod history;
mod import;
mod list;
mod merge;

pub(crate) use api::api;
use editor::{create_page, critique_page, edit_page, new_page, save_page};
use history::{history_page, restore_page};
use import::{import_form, import_page};
use list::{list_page, purge_page, trash_page, untrash_page};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "stories/list.html",
        include_str!("../../../templates/stories/list.html"),
    ),
    (
        "stories/edit.html",
        include_str!("../../../templates/stories/edit.html"),
    ),
    (
        "stories/head.html",
        include_str!("../../../templates/stories/head.html"),
    ),
    (
        "stories/history.html",
        include_str!("../../../templates/stories/history.html"),
    ),
    (
        "stories/import.html",
        include_str!("../../../templates/stories/import.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/stories.json");

/// The address's `name` parameter (`{id}`, `{rev}`) as written, percent-decoded.
async fn path_param(parts: &mut Parts, name: &str) -> Option<String> {
    let params = RawPathParams::from_request_parts(parts, &()).await.ok()?;
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A story's number from the address (`/stories/{id}`, `/api/v1/stories/{id}`). Anything that is
/// not a number names no story: 404 "There is no story `abc`." (as JSON under `/api/`).
pub(crate) struct StoryId(i64);

impl<S: Send + Sync> FromRequestParts<S> for StoryId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let raw = path_param(parts, "id").await.unwrap_or_default();
        raw.parse()
            .map(StoryId)
            .map_err(|_| PageError::NotFound(format!("There is no story `{raw}`.")).into_response())
    }
}

/// A revision number from the address (`/stories/{id}/restore/{rev}`); anything else names no
/// revision (404).
struct RevNumber(i64);

impl<S: Send + Sync> FromRequestParts<S> for RevNumber {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let raw = path_param(parts, "rev").await.unwrap_or_default();
        raw.parse().map(RevNumber).map_err(|_| {
            PageError::NotFound(format!("There is no revision `{raw}` of this story."))
                .into_response()
        })
    }
}

/// Scores a just-saved revision and caches the score, so lists and the dashboard need no critic run.
async fn cache_score(
    state: &AppState,
    meta: &StoryMeta,
    content: &StoryContent,
) -> Result<(), tpmprep_app::AppError> {
    tpmprep_app::stories::cache_scores(state.ctx(), &[(meta.id, meta.rev, content)]).await
}

fn principle_ids(state: &AppState) -> Vec<&str> {
    state
        .pack()
        .principles
        .iter()
        .map(|p| p.id.as_str())
        .collect()
}

/// Imports take a whole bank, so their body limit is above every other route's.
fn import_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(crate::MAX_IMPORT_BODY_BYTES)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/stories", get(list_page).post(create_page))
        .route("/stories/new", get(new_page))
        .route(
            "/stories/import",
            get(import_page).post(import_form).layer(import_limit()),
        )
        .route("/stories/{id}", get(edit_page).put(save_page))
        .route("/stories/{id}/critique", post(critique_page))
        .route("/stories/{id}/history", get(history_page))
        .route("/stories/{id}/restore/{rev}", post(restore_page))
        .route("/stories/{id}/trash", post(trash_page))
        .route("/stories/{id}/untrash", post(untrash_page))
        .route("/stories/{id}/purge", post(purge_page))
}
