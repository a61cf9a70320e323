//! The story list: filters (principle, status, tag, words), the trash, and moving a story into
//! the trash, back out of it, or away for good.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use serde::{Deserialize, Serialize};
use tpmprep_store::{StoryFilter, StorySummary};
use tpmprep_stories::Status;

use super::StoryId;
use crate::pages::redirect;
use crate::templates::render;
use crate::{AppState, PageError};

/// List filters, from the query string.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    principle: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    trash: Option<String>,
    /// Words every listed story must hold (whole words, inflections meeting on their stem).
    #[serde(default)]
    pub(super) q: Option<String>,
}

pub(super) fn blank(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub(super) fn filter_of(state: &AppState, q: &ListQuery) -> Result<StoryFilter, String> {
    let principle = blank(&q.principle);
    if let Some(p) = &principle {
        if !state.pack().principles.iter().any(|x| &x.id == p) {
            return Err(format!("unknown principle `{p}`"));
        }
    }
    let status = blank(&q.status).map(|s| s.parse::<Status>()).transpose()?;
    Ok(StoryFilter {
        principle,
        status,
        tag: blank(&q.tag),
        trashed: blank(&q.trash).is_some(),
    })
}

/// One row of the list page.
#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    s: StorySummary,
    score: Option<u8>,
    /// The story's principles by name, as the pack spells them.
    principle_names: Vec<String>,
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let filter = filter_of(&state, &q).map_err(PageError::Bad)?;
    let stories = state.store().list_stories(state.owner(), &filter).await?;
    let search = blank(&q.q);
    let stories = tpmprep_app::stories::search(
        state.store(),
        state.owner(),
        stories,
        search.as_deref().unwrap_or(""),
    )
    .await?;
    // Trashed stories are not scored (the cache holds live stories only).
    let live: &[StorySummary] = if filter.trashed { &[] } else { &stories };
    let scores = tpmprep_app::stories::scores(state.ctx(), live).await?;
    let rows: Vec<Row> = stories
        .into_iter()
        .map(|s| Row {
            score: scores.get(&s.meta.id).copied(),
            principle_names: s
                .principles
                .iter()
                .map(|id| state.pack().principle_name(id).to_string())
                .collect(),
            s,
        })
        .collect();
    render(
        &state,
        "stories/list.html",
        "stories",
        minijinja::context! {
            rows => minijinja::Value::from_serialize(&rows),
            principles => minijinja::Value::from_serialize(&state.pack().principles),
            f_principle => filter.principle,
            f_status => filter.status.map(|s| s.as_str()),
            f_tag => filter.tag,
            f_q => search,
            trash => filter.trashed,
        },
    )
}

pub(super) async fn trash_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().trash_story(state.owner(), id).await?;
    Ok(redirect(&headers, "/stories"))
}

pub(super) async fn untrash_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().restore_from_trash(state.owner(), id).await?;
    Ok(redirect(&headers, &format!("/stories/{id}")))
}

pub(super) async fn purge_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().purge_story(state.owner(), id).await?;
    Ok(redirect(&headers, "/stories?trash=1"))
}
