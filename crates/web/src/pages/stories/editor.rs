//! The story editor: a new story's page and its first save, a stored story's page, each autosave
//! (stale ones merged by [`super::merge`]) with its save-status fragment, and the critique panel
//! redrawn as the text changes.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tpmprep_app::edit::Outcome;
use tpmprep_store::StoryMeta;
use tpmprep_stories::{Artifact, Metric, Status, StoryContent};

use super::form::{check, content_of_form, parse_form, partner_line};
use super::{StoryId, cache_score, merge, principle_ids};
use crate::pages::{is_htmx, redirect};
use crate::templates::render;
use crate::{AppState, PageError};

/// Metric rows the editor offers beyond the ones a story has.
const SPARE_METRIC_ROWS: usize = 2;

/// `GET /stories/new`: the editor of a story not written yet. Nothing is stored until its first save
/// with content (`POST /stories`), so opening it and leaving makes no empty story.
pub(super) async fn new_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    editor(&state, None, &StoryContent::default(), None, &[], &[])
}

/// `POST /stories`: the new-story editor's first save. A story is created only when something is
/// written (a blank form creates nothing); then the editor carries on as the story's own (the answer
/// names it in `HX-Trigger: story-created` and swaps the page head out of band), and a plain form post
/// is sent to the new story's page.
pub(super) async fn create_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let content = match parse_form(&body) {
        Ok((_, c)) => c,
        Err(e) => return Ok(refused(0, StatusCode::UNPROCESSABLE_ENTITY, &e)),
    };
    if content.is_blank() {
        return Ok(if is_htmx(&headers) {
            Html(status_html(
                0,
                "Nothing written yet: the story is saved from its first words.",
                false,
            ))
            .into_response()
        } else {
            redirect(&headers, "/stories/new")
        });
    }
    if let Err(e) = check(&state, &content) {
        return Ok(refused(0, StatusCode::UNPROCESSABLE_ENTITY, &e));
    }
    let meta = state.store().create_story(state.owner(), &content).await?;
    cache_score(&state, &meta, &content).await?;
    if !is_htmx(&headers) {
        return Ok(redirect(&headers, &format!("/stories/{}", meta.id)));
    }
    let head = render(
        &state,
        "stories/head.html",
        "stories",
        minijinja::context! { meta => minijinja::Value::from_serialize(&meta), oob => true },
    )?;
    let body = status_html(meta.rev, &format!("Saved · revision {}", meta.rev), false) + &head.0;
    let trigger = serde_json::json!({
        "story-created": { "id": meta.id, "url": format!("/stories/{}", meta.id) }
    });
    Ok(([("hx-trigger", trigger.to_string())], Html(body)).into_response())
}

pub(super) async fn edit_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<Html<String>, PageError> {
    let story = state.store().story(state.owner(), id).await?;
    let comments =
        crate::pages::coach::own_comments(&state, tpmprep_store::CommentsOf::Story(id)).await?;
    let rehearsals =
        crate::pages::speak::spoken_lines(&state, tpmprep_app::speak::Context::Story(id)).await?;
    editor(
        &state,
        Some(&story.meta),
        &story.content,
        None,
        &comments,
        &rehearsals,
    )
}

/// The editor of a stored story (`meta`), or of a new one (`None`) with `c` blank.
fn editor(
    state: &AppState,
    meta: Option<&StoryMeta>,
    c: &StoryContent,
    notice: Option<&str>,
    comments: &[tpmprep_store::Comment],
    rehearsals: &[crate::pages::speak::SpokenLine],
) -> Result<Html<String>, PageError> {
    let critique = tpmprep_app::stories::critique(state.ctx(), c);
    let text = tpmprep_app::stories::answer_text(c);
    let panel = crate::pages::critique::panel(state, &text, &critique)?;
    let mut metrics: Vec<Metric> = c.metrics.clone();
    metrics.extend((0..SPARE_METRIC_ROWS).map(|_| Metric::default()));
    let partners: Vec<String> = c.partners.iter().map(partner_line).collect();
    render(
        state,
        "stories/edit.html",
        "stories",
        minijinja::context! {
            meta => minijinja::Value::from_serialize(meta),
            rev => meta.map_or(0, |m| m.rev),
            s => minijinja::Value::from_serialize(c),
            tags => c.tags.join(", "),
            teams => c.teams.join(", "),
            partners => partners.join("\n"),
            metrics => minijinja::Value::from_serialize(&metrics),
            artifacts => Artifact::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            chosen_artifacts => c.artifacts.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            statuses => Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            principles => minijinja::Value::from_serialize(&state.pack().principles),
            critique => panel.0,
            notice => notice,
            comments => minijinja::Value::from_serialize(comments),
            spoken => minijinja::Value::from_serialize(rehearsals),
        },
    )
}

/// The save-status fragment, with the revision the next autosave builds on (swapped out of band).
fn save_status(meta: &StoryMeta, message: &str, error: bool) -> Html<String> {
    Html(status_html(meta.rev, message, error))
}

fn status_html(rev: i64, message: &str, error: bool) -> String {
    format!(
        "<span class=\"{}\">{}</span><input type=\"hidden\" id=\"base_rev\" name=\"base_rev\" value=\"{}\" hx-swap-oob=\"true\">",
        if error { "error" } else { "saved" },
        crate::error::escape(message),
        rev
    )
}

/// A save the server did not take: "Not saved: why", with the revision the form stays on. The page
/// keeps the text (and a copy in the browser) and shows it as unsaved.
fn refused(rev: i64, status: StatusCode, why: &str) -> Response {
    (
        status,
        Html(status_html(rev, &format!("Not saved: {why}"), true)),
    )
        .into_response()
}

pub(super) async fn save_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    body: Bytes,
) -> Result<Response, PageError> {
    let current = state.store().story(state.owner(), id).await?;
    let (base_rev, content) = match content_of_form(&body) {
        Ok(x) => x,
        Err(e) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                save_status(&current.meta, &format!("Not saved: {e}"), true),
            )
                .into_response());
        }
    };
    if let Err(e) = check(&state, &content) {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            save_status(&current.meta, &format!("Not saved: {e}"), true),
        )
            .into_response());
    }
    if content == current.content && base_rev == current.meta.rev {
        return Ok(save_status(
            &current.meta,
            &format!("Saved · revision {}", current.meta.rev),
            false,
        )
        .into_response());
    }
    let take = match merge::take_of(
        form_urlencoded::parse(&body)
            .filter(|(k, _)| k == "take")
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
            .iter()
            .map(|v| v.as_ref()),
    ) {
        Ok(t) => t,
        Err(e) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                save_status(&current.meta, &format!("Not saved: {e}"), true),
            )
                .into_response());
        }
    };
    let ids = principle_ids(&state);
    match tpmprep_app::edit::save_story(
        state.store(),
        state.owner(),
        id,
        base_rev,
        &content,
        &take,
        &ids,
    )
    .await
    {
        Ok(Outcome::Saved(saved)) => {
            if saved.meta.rev != current.meta.rev {
                cache_score(&state, &saved.meta, &saved.content).await?;
            }
            Ok(Html(merge::saved_status(&content, &saved)).into_response())
        }
        Ok(Outcome::Conflict(refused)) => Ok((
            StatusCode::CONFLICT,
            Html(merge::conflict_status(&content, &refused)),
        )
            .into_response()),
        Err(tpmprep_app::AppError::Invalid(e)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            save_status(&current.meta, &format!("Not saved: {e}"), true),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn critique_page(
    State(state): State<AppState>,
    axum::extract::Path(raw): axum::extract::Path<String>,
    body: Bytes,
) -> Result<Html<String>, PageError> {
    // The editor of a new story posts to `/stories/new/critique`; a stored story's editor names
    // the story, which must be the requester's (another's is a 404 like every route naming it).
    if raw != "new" {
        let id = raw
            .parse::<i64>()
            .map_err(|_| PageError::NotFound(format!("There is no story `{raw}`.")))?;
        state.store().story(state.owner(), id).await?;
    }
    let (_, content) = content_of_form(&body).map_err(PageError::Bad)?;
    let critique = tpmprep_app::stories::critique(state.ctx(), &content);
    let text = tpmprep_app::stories::answer_text(&content);
    crate::pages::critique::panel(&state, &text, &critique)
}
