//! A story's revisions: the history page with the changes of each revision and a diff of any two,
//! and restoring an old revision as the newest.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use serde::{Deserialize, Serialize};
use tpmprep_store::StoryMeta;

use super::{RevNumber, StoryId, cache_score, merge};
use crate::pages::redirect;
use crate::templates::render;
use crate::{AppState, PageError};

/// `?from=&to=`: the revisions to compare, read by the page (a word that is no number is a 400 in
/// words, not the query parser's message).
#[derive(Debug, Deserialize)]
pub(crate) struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

pub(super) async fn history_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    Query(q): Query<DiffQuery>,
) -> Result<Html<String>, PageError> {
    let story = state.store().story(state.owner(), id).await?;
    let revisions = state.store().revisions(state.owner(), id).await?;
    #[derive(Serialize)]
    struct Entry {
        rev: i64,
        /// The revision before this one, to diff against (none for the first).
        prev: Option<i64>,
        created_at: i64,
        title: String,
        changed: Vec<String>,
    }
    let mut entries = Vec::new();
    for (i, r) in revisions.iter().enumerate() {
        let changed = match i.checked_sub(1).and_then(|p| revisions.get(p)) {
            Some(prev) => tpmprep_stories::diff::summary(&tpmprep_stories::diff::field_changes(
                &prev.content,
                &r.content,
            )),
            None => vec!["created".to_string()],
        };
        entries.push(Entry {
            rev: r.rev,
            prev: r.rev.checked_sub(1).filter(|p| *p >= 1),
            created_at: r.created_at,
            title: r.content.title.clone(),
            changed,
        });
    }
    entries.reverse();
    // Revision numbers come from the address: not a number, or out of range, is a plain 400,
    // never an overflow. A blank one is as if not given.
    let last = story.meta.rev;
    let revision = |name: &str, v: &Option<String>| -> Result<Option<i64>, PageError> {
        let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        match v.parse::<i64>() {
            Ok(n) if (1..=last).contains(&n) => Ok(Some(n)),
            Ok(n) => Err(PageError::Bad(format!(
                "`{name}={n}` is not a revision of story {id}: it has revisions 1 to {last}"
            ))),
            Err(_) => Err(PageError::Bad(format!(
                "`{name}` must be a revision number: story {id} has revisions 1 to {last}"
            ))),
        }
    };
    let to = revision("to", &q.to)?.unwrap_or(last);
    let from = match revision("from", &q.from)? {
        Some(f) => f,
        None => to.saturating_sub(1),
    };
    let changes = if from >= 1 && from != to {
        let a = state.store().revision(state.owner(), id, from).await?;
        let b = state.store().revision(state.owner(), id, to).await?;
        Some(merge::changes_view(&a.content, &b.content))
    } else {
        None
    };
    render(
        &state,
        "stories/history.html",
        "stories",
        minijinja::context! {
            meta => minijinja::Value::from_serialize(&story.meta),
            title => story.content.title,
            entries => minijinja::Value::from_serialize(&entries),
            changes => minijinja::Value::from_serialize(&changes),
            from => from,
            to => to,
        },
    )
}

pub(super) async fn restore_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    RevNumber(rev): RevNumber,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    restore(&state, id, rev).await?;
    Ok(redirect(&headers, &format!("/stories/{id}")))
}

pub(super) async fn restore(
    state: &AppState,
    id: i64,
    rev: i64,
) -> Result<StoryMeta, tpmprep_app::AppError> {
    let old = state.store().revision(state.owner(), id, rev).await?;
    let current = state.store().story(state.owner(), id).await?;
    let meta = state
        .store()
        .update_story(state.owner(), id, current.meta.rev, &old.content)
        .await?;
    cache_score(state, &meta, &old.content).await?;
    Ok(meta)
}
