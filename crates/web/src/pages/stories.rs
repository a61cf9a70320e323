//! Stories: the list with filters and trash, the editor (autosaved as revisions, critiqued as you
//! type), history with diffs and restore; and their JSON API.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Query, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tpmprep_app::import::ImportReport;
use tpmprep_store::{StoredStory, StoryFilter, StoryMeta, StorySummary};
use tpmprep_stories::{Artifact, Metric, Partner, Status, StoryContent};

use super::{is_htmx, redirect};
use tpmprep_app::edit::Outcome;

mod merge;
use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "stories/list.html",
        include_str!("../../templates/stories/list.html"),
    ),
    (
        "stories/edit.html",
        include_str!("../../templates/stories/edit.html"),
    ),
    (
        "stories/head.html",
        include_str!("../../templates/stories/head.html"),
    ),
    (
        "stories/history.html",
        include_str!("../../templates/stories/history.html"),
    ),
    (
        "stories/import.html",
        include_str!("../../templates/stories/import.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/stories.json");

/// Metric rows the editor offers beyond the ones a story has.
const SPARE_METRIC_ROWS: usize = 2;

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
    q: Option<String>,
}

fn blank(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn filter_of(state: &AppState, q: &ListQuery) -> Result<StoryFilter, String> {
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

async fn list_page(
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

/// `GET /stories/new`: the editor of a story not written yet. Nothing is stored until its first save
/// with content (`POST /stories`), so opening it and leaving makes no empty story.
async fn new_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    editor(&state, None, &StoryContent::default(), None)
}

/// `POST /stories`: the new-story editor's first save. A story is created only when something is
/// written (a blank form creates nothing); then the editor carries on as the story's own (the answer
/// names it in `HX-Trigger: story-created` and swaps the page head out of band), and a plain form post
/// is sent to the new story's page.
async fn create_page(
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

async fn edit_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
) -> Result<Html<String>, PageError> {
    let story = state.store().story(state.owner(), id).await?;
    editor(&state, Some(&story.meta), &story.content, None)
}

/// A partner as the editor's form writes it, one per line: `Name, role` (read back by the form
/// parser below).
pub(super) fn partner_line(p: &Partner) -> String {
    if p.role.is_empty() {
        p.name.clone()
    } else {
        format!("{}, {}", p.name, p.role)
    }
}

/// The editor of a stored story (`meta`), or of a new one (`None`) with `c` blank.
fn editor(
    state: &AppState,
    meta: Option<&StoryMeta>,
    c: &StoryContent,
    notice: Option<&str>,
) -> Result<Html<String>, PageError> {
    let critique = tpmprep_app::stories::critique(state.ctx(), c);
    let text = tpmprep_app::stories::answer_text(c);
    let panel = super::critique::panel(state, &text, &critique)?;
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
        },
    )
}

/// Reads the editor's form into a story and the revision it was based on; see [`parse_form`].
fn content_of_form(body: &[u8]) -> Result<(i64, StoryContent), String> {
    let (base_rev, c) = parse_form(body)?;
    let base_rev = base_rev.ok_or("the form lost its revision number; reload the page")?;
    Ok((base_rev, c))
}

/// Reads the editor's form into a story: repeated keys for principles and artifacts, comma lists for
/// tags and teams, one partner per line (`Name, role`), metric rows `metric_*_N`; and `base_rev`,
/// the revision it was based on, if the form has one.
fn parse_form(body: &[u8]) -> Result<(Option<i64>, StoryContent), String> {
    let mut c = StoryContent::default();
    let mut base_rev: Option<i64> = None;
    let mut rows: std::collections::BTreeMap<usize, [String; 5]> = Default::default();
    let list = |v: &str| -> Vec<String> {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "base_rev" => base_rev = v.trim().parse().ok(),
            "status" => c.status = v.parse()?,
            "principles" => c.principles.push(v),
            "tags" => c.tags = list(&v),
            "teams" => c.teams = list(&v),
            "partners" => {
                c.partners = v
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| match l.split_once(',') {
                        Some((n, r)) => Partner {
                            name: n.trim().into(),
                            role: r.trim().into(),
                        },
                        None => Partner {
                            name: l.into(),
                            role: String::new(),
                        },
                    })
                    .collect();
            }
            "artifacts" => {
                let a = Artifact::ALL
                    .into_iter()
                    .find(|a| a.as_str() == v)
                    .ok_or_else(|| format!("unknown artifact `{v}`"))?;
                c.artifacts.push(a);
            }
            other => {
                if let Some(text) = c.text_mut(other) {
                    *text = v;
                } else if let Some(rest) = other.strip_prefix("metric_") {
                    if let Some((field, n)) = rest.rsplit_once('_') {
                        let n: usize = n.parse().map_err(|_| format!("bad field `{other}`"))?;
                        if n >= tpmprep_stories::MAX_ITEMS {
                            return Err(format!("too many metric rows (`{other}`)"));
                        }
                        let row = rows.entry(n).or_default();
                        let slot = match field {
                            "measures" => 0,
                            "value" => 1,
                            "unit" => 2,
                            "before" => 3,
                            "after" => 4,
                            _ => return Err(format!("unknown field `{other}`")),
                        };
                        row[slot] = v;
                    }
                }
            }
        }
    }
    let num = |s: &str, what: &str| -> Result<Option<f64>, String> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| format!("metric {what} `{t}` is not a number"))
    };
    for (_, [measures, value, unit, before, after]) in rows {
        let value = num(&value, "value")?;
        let before = num(&before, "before")?;
        let after = num(&after, "after")?;
        if measures.trim().is_empty() && value.is_none() && before.is_none() && after.is_none() {
            continue;
        }
        c.metrics.push(Metric {
            value: value.or(after).unwrap_or(0.0),
            unit,
            measures,
            before,
            after,
        });
    }
    Ok((base_rev, c.normalized()))
}

/// Scores a just-saved revision and caches the score, so lists and the dashboard need no critic run.
async fn cache_score(
    state: &AppState,
    meta: &StoryMeta,
    content: &StoryContent,
) -> Result<(), tpmprep_app::AppError> {
    tpmprep_app::stories::cache_scores(state.ctx(), &[(meta.id, meta.rev, content)]).await
}

fn check(state: &AppState, c: &StoryContent) -> Result<(), String> {
    let ids: Vec<&str> = state
        .pack()
        .principles
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let errors = tpmprep_stories::validate(c, &ids);
    if errors.is_empty() {
        Ok(())
    } else {
        // A message that is a sentence of its own ("a story needs a title") reads without its field;
        // one that goes on from its field ("is 69,999 characters; …") follows the field's name.
        Err(errors
            .iter()
            .map(|e| {
                if e.message.starts_with("a ") {
                    e.message.clone()
                } else if e.message.starts_with("is ") || e.message.starts_with("has ") {
                    format!("{} {}", field_name(&e.field), e.message)
                } else {
                    format!("{}: {}", e.field, e.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "))
    }
}

/// A field as the editor labels it: "action" → "Action", "trade_off" → "The trade-off", "tags[2]"
/// → "Tag 3".
fn field_name(field: &str) -> String {
    let (name, index) = match field.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (field, None),
    };
    let label = match (name, index) {
        ("trade_off", _) => "The trade-off".to_string(),
        ("dissent", _) => "Who disagreed".to_string(),
        ("differently", _) => "What you would do differently".to_string(),
        ("role", _) => "Your role then".to_string(),
        ("period", _) => "When".to_string(),
        ("tags", Some(_)) => "Tag".to_string(),
        ("teams", Some(_)) => "Team".to_string(),
        (other, _) => {
            let mut chars = other.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    };
    match index {
        Some(i) => format!("{label} {}", i.saturating_add(1)),
        None => label,
    }
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

async fn save_page(
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

fn principle_ids(state: &AppState) -> Vec<&str> {
    state
        .pack()
        .principles
        .iter()
        .map(|p| p.id.as_str())
        .collect()
}

async fn critique_page(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Html<String>, PageError> {
    let (_, content) = content_of_form(&body).map_err(PageError::Bad)?;
    let critique = tpmprep_app::stories::critique(state.ctx(), &content);
    let text = tpmprep_app::stories::answer_text(&content);
    super::critique::panel(&state, &text, &critique)
}

/// `?from=&to=`: the revisions to compare, read by the page (a word that is no number is a 400 in
/// words, not the query parser's message).
#[derive(Debug, Deserialize)]
pub(crate) struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

async fn history_page(
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

async fn restore_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    RevNumber(rev): RevNumber,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    restore(&state, id, rev).await?;
    Ok(redirect(&headers, &format!("/stories/{id}")))
}

async fn restore(state: &AppState, id: i64, rev: i64) -> Result<StoryMeta, tpmprep_app::AppError> {
    let old = state.store().revision(state.owner(), id, rev).await?;
    let current = state.store().story(state.owner(), id).await?;
    let meta = state
        .store()
        .update_story(state.owner(), id, current.meta.rev, &old.content)
        .await?;
    cache_score(state, &meta, &old.content).await?;
    Ok(meta)
}

async fn trash_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().trash_story(state.owner(), id).await?;
    Ok(redirect(&headers, "/stories"))
}

async fn untrash_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().restore_from_trash(state.owner(), id).await?;
    Ok(redirect(&headers, &format!("/stories/{id}")))
}

async fn purge_page(
    State(state): State<AppState>,
    StoryId(id): StoryId,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    state.store().purge_story(state.owner(), id).await?;
    Ok(redirect(&headers, "/stories?trash=1"))
}

/// What an import is asked to do: the text, its format, the title of a plain-text story, and
/// whether to copy stories already in the bank.
struct ImportRequest {
    format: String,
    text: String,
    title: Option<String>,
    as_new: bool,
    /// How this client gives a plain-text story its title, as a refusal names it ("in the Title
    /// field above the text").
    title_control: &'static str,
}

/// Reads pasted or uploaded story text (`markdown` — which takes plain STAR text too — or `json`)
/// and imports every story in one transaction: stories already in the bank are skipped or updated,
/// the others saved as new (see [`tpmprep_store::Store::import_stories`]). Problems come back as
/// `file:line: field: message` lines (the first 50) and nothing is saved. Parsing runs on a
/// blocking thread: a big or hostile text must not hold the async workers.
async fn import(state: &AppState, req: ImportRequest) -> Result<ImportReport, ApiError> {
    let name = match req.format.as_str() {
        "json" => "pasted.json",
        "markdown" | "md" | "text" => "pasted.md",
        other => {
            return Err(ApiError::Bad(format!(
                "unknown format `{other}` (valid: markdown, json)"
            )));
        }
    };
    if req.text.len() > crate::MAX_IMPORT_BYTES {
        return Err(ApiError::Bad(format!(
            "the text is {:.1} MB; an import here takes up to {} MB (`tpmprep story import FILE` \
             reads files up to 64 MB)",
            req.text.len() as f64 / (1024.0 * 1024.0),
            crate::MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    let ids: Vec<String> = state
        .pack()
        .principles
        .iter()
        .map(|p| p.id.clone())
        .collect();
    let (text, title) = (req.text, req.title);
    let read = tokio::task::spawn_blocking(move || {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        tpmprep_stories::read_stories(name, &text, &ids, title.as_deref())
    })
    .await
    .map_err(|e| ApiError::Bad(format!("the import stopped: {e}")))?;
    let stories = read.map_err(|mut errors| {
        // A missing title names this client's way of giving one, not the command line's.
        use tpmprep_stories::plain::{NO_TITLE, TITLE_CONTROL};
        let default = format!("{NO_TITLE} {TITLE_CONTROL}");
        for e in errors.errors.iter_mut().filter(|e| e.message == default) {
            e.message = format!("{NO_TITLE} {}", req.title_control);
        }
        ApiError::Bad(errors.to_string())
    })?;
    if stories.is_empty() {
        return Err(ApiError::Bad("no story found in the text".into()));
    }
    let done = state
        .store()
        .import_stories(state.owner(), &stories, req.as_new)
        .await?;
    let report = ImportReport::of(done);
    // Every story whose text was written gets its score cached, at its revision now (the text of
    // its last mention in the file, which is the text it now holds).
    let saved: Vec<(i64, i64, &StoryContent)> = report
        .written()
        .into_iter()
        .filter_map(|(id, rev)| {
            let last = report.stories.iter().rposition(|d| d.id == id)?;
            Some((id, rev, &stories.get(last)?.content))
        })
        .collect();
    tpmprep_app::stories::cache_scores(state.ctx(), &saved).await?;
    Ok(report)
}

async fn import_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "stories/import.html",
        "stories",
        minijinja::context! { template => tpmprep_stories::plain::TEMPLATE },
    )
}

async fn import_form(State(state): State<AppState>, body: Bytes) -> Result<Response, PageError> {
    let mut req = ImportRequest {
        format: String::from("markdown"),
        text: String::new(),
        title: None,
        as_new: false,
        title_control: "in the Title field above the text",
    };
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "format" => req.format = v.into_owned(),
            "text" => req.text = v.into_owned(),
            "title" => req.title = Some(v.into_owned()),
            "as_new" => req.as_new = !v.is_empty(),
            _ => {}
        }
    }
    match import(&state, req).await {
        Ok(report) => Ok(Html(format!(
            "<p class=\"saved\">{} <a href=\"/stories\">See your stories</a>.</p>",
            crate::error::escape(&report.sentence())
        ))
        .into_response()),
        Err(e) => Ok((
            StatusCode::BAD_REQUEST,
            Html(format!(
                "<p class=\"error\">Nothing was imported:</p><pre class=\"preview\">{}</pre>",
                crate::error::escape(&e.to_string())
            )),
        )
            .into_response()),
    }
}

// ---- JSON API ----

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
