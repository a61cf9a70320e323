//! Spoken answers in the browser (issue 19): `/speak` takes a transcript (a file read into the
//! page by `assets/app.js`, or pasted; plain text with its duration, `.srt`, `.vtt`, Whisper JSON)
//! with the question it answers, keeps it and sends the browser to its report (`/speak/{id}`:
//! summary, figures, a timeline chart drawn here in Rust, the STAR shares, the transcript with its
//! fillers and hedges marked, the critique). A story's rehearsal is `/speak?story=ID`. The same
//! under `/api/v1/speak`.
//!
//! Mocks and drills take transcripts as answers through [`tpmprep_app::speak::answer_text`]; the
//! line they show for a spoken answer is [`spoken_line`].
//!
//! Every form works as a plain form post (the CSRF token in the body). Everything goes through
//! `tpmprep_app::speak`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::speak::{self as uc, Context, Saved, SpeakInput};

use super::forms::{FormBody, now_ms, token_ok};
use super::{forbidden, redirect};
use crate::templates::render;
use crate::{AppState, PageError};

mod api;
mod chart;
mod view;

pub(crate) use api::api;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "speak/index.html",
        include_str!("../../../templates/speak/index.html"),
    ),
    (
        "speak/report.html",
        include_str!("../../../templates/speak/report.html"),
    ),
    (
        "speak/confirm.html",
        include_str!("../../../templates/speak/confirm.html"),
    ),
    (
        "speak/spoken.html",
        include_str!("../../../templates/speak/spoken.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/speak.json");

/// The body limit of the routes that carry a whole transcript (up to
/// [`uc::MAX_TRANSCRIPT_BYTES`], which form or JSON encoding can make up to three times longer).
pub(crate) const MAX_SPEAK_BODY_BYTES: usize = 3 * uc::MAX_TRANSCRIPT_BYTES + 64 * 1024;

/// Whether `path` carries a whole transcript (and so takes [`MAX_SPEAK_BODY_BYTES`]).
pub(crate) fn carries_transcript(path: &str) -> bool {
    path == "/speak" || path == "/api/v1/speak"
}

fn speak_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_SPEAK_BODY_BYTES)
}

/// A transcript id from the address, else the page is not found.
fn page_id(raw: &str) -> Result<i64, PageError> {
    super::page_id(raw, "transcript")
}

// ---------------------------------------------------------------------------------------------
// The line a spoken answer leaves on a mock, drill or story page
// ---------------------------------------------------------------------------------------------

/// "Spoken answer: 2:05, 138 wpm, 3 fillers", linking to its report.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SpokenLine {
    pub(crate) id: i64,
    pub(crate) line: String,
    pub(crate) question: Option<String>,
    pub(crate) when: i64,
}

/// The line of one kept transcript.
pub(crate) fn spoken_line(s: &Saved) -> SpokenLine {
    let d = &s.report.delivery;
    SpokenLine {
        id: s.id,
        line: format!(
            "Spoken answer: {}, {:.0} wpm, {} filler{}",
            chart::clock(d.duration_seconds),
            d.wpm,
            d.fillers,
            if d.fillers == 1 { "" } else { "s" }
        ),
        question: s.report.question.as_ref().map(|q| q.text.clone()),
        when: s.created_at,
    }
}

/// The lines of every transcript brought in `context`, oldest first.
pub(crate) async fn spoken_lines(
    state: &AppState,
    context: Context,
) -> Result<Vec<SpokenLine>, AppError> {
    let mut out = Vec::new();
    for t in uc::for_context(state.ctx(), context).await? {
        out.push(spoken_line(&uc::get(state.ctx(), t.id).await?.saved));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The form and the list
// ---------------------------------------------------------------------------------------------

/// The form as typed (kept when it is drawn again after a refusal).
#[derive(Debug, Default, Clone, Serialize)]
struct Typed {
    transcript: String,
    name: String,
    format: String,
    duration: String,
    question_id: String,
    question: String,
    story: String,
}

impl Typed {
    fn from_form(f: &FormBody) -> Typed {
        let get = |k: &str| f.get(k).unwrap_or("").to_string();
        Typed {
            transcript: get("transcript"),
            name: get("name"),
            format: get("format"),
            duration: get("duration"),
            question_id: get("question_id"),
            question: get("question"),
            story: get("story"),
        }
    }

    fn input(&self) -> SpeakInput {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        SpeakInput {
            transcript: self.transcript.clone(),
            name: some(&self.name),
            format: some(&self.format).filter(|f| f != "auto"),
            duration: some(&self.duration),
            question_id: some(&self.question_id),
            question: some(&self.question),
        }
    }
}

/// The field an app error is about: `duration`, `format`, `question_id`, `question`, `story`, or
/// the transcript itself (`answer.srt: line 6: …`).
fn field_of(e: &AppError) -> &'static str {
    if let AppError::Unknown { what, .. } = e {
        return if *what == "question_id" {
            "question_id"
        } else {
            "transcript"
        };
    }
    let msg = e.to_string();
    let head = msg.split(':').next().unwrap_or("").trim();
    match head {
        "duration" => "duration",
        "format" => "format",
        "question" => "question",
        "story" => "story",
        _ => "transcript",
    }
}

/// `?story=ID`.
#[derive(Debug, Default, Deserialize)]
struct IndexQuery {
    #[serde(default)]
    story: Option<String>,
}

/// `?kept=1` on the report shown right after the transcript was kept.
#[derive(Debug, Default, Deserialize)]
struct ReportQuery {
    #[serde(default)]
    kept: Option<String>,
}

/// The key under which the Speak page keeps its textarea in the browser (`data-local-draft`):
/// one per story rehearsed, and one for a transcript brought on its own.
fn draft_key(context: &str, context_id: Option<i64>) -> String {
    match (context, context_id) {
        ("story", Some(id)) => format!("speak:{id}"),
        _ => "speak:new".to_string(),
    }
}

/// The story a rehearsal is of: its id and title, when `raw` names one of this account's.
async fn story_of(state: &AppState, raw: &str) -> Result<Option<(i64, String)>, PageError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let id = raw
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| PageError::NotFound(format!("story `{raw}`")))?;
    let s = state.store().story(state.owner(), id).await?;
    Ok(Some((id, s.content.title)))
}

async fn index_page(
    state: &AppState,
    typed: Typed,
    error: Option<(&'static str, String)>,
) -> Result<Html<String>, PageError> {
    let story = story_of(state, &typed.story).await?;
    let past: Vec<view::PastRow> = uc::list(state.ctx())
        .await?
        .iter()
        .map(view::past_row)
        .collect();
    let (error_field, error) = match error {
        Some((f, m)) => (Some(f), Some(m)),
        None => (None, None),
    };
    render(
        state,
        "speak/index.html",
        "speak",
        minijinja::context! {
            t => minijinja::Value::from_serialize(&typed),
            groups => minijinja::Value::from_serialize(view::question_groups(state.pack())),
            formats => view::FORMATS,
            story => story.as_ref().map(|s| s.0),
            story_title => story.map(|s| s.1),
            past => minijinja::Value::from_serialize(&past),
            error_field => error_field,
            error => error,
        },
    )
}

async fn index(
    State(state): State<AppState>,
    q: Result<Query<IndexQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let typed = Typed {
        story: q.story.unwrap_or_default(),
        ..Typed::default()
    };
    index_page(&state, typed, None).await
}

async fn bring(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let typed = Typed::from_form(&form);
    let context = match story_of(&state, &typed.story).await {
        Ok(Some((id, _))) => Context::Story(id),
        Ok(None) => Context::Speak,
        Err(PageError::NotFound(_)) => {
            let msg = format!("story: `{}` is not one of your stories", typed.story.trim());
            let typed = Typed {
                story: String::new(),
                ..typed
            };
            let page = index_page(&state, typed, Some(("story", msg))).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
        Err(e) => return Err(e),
    };
    match uc::save(state.ctx(), &typed.input(), context, now_ms()).await {
        // `?kept=1`: the report page tells the browser to drop its copy of the textarea.
        Ok(saved) => Ok(redirect(&headers, &format!("/speak/{}?kept=1", saved.id))),
        Err(e @ (AppError::Invalid(_) | AppError::Unknown { .. })) => {
            let field = field_of(&e);
            let page = index_page(&state, typed, Some((field, e.to_string()))).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The report, and deleting
// ---------------------------------------------------------------------------------------------

async fn report(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let id = page_id(&raw)?;
    let kept = q.is_ok_and(|Query(q)| q.kept.is_some_and(|k| k == "1"));
    let full = uc::get(state.ctx(), id).await?;
    let forget = kept.then(|| draft_key(&full.saved.context, full.saved.context_id));
    let v = view::report(&state, &full.saved)?;
    render(
        &state,
        "speak/report.html",
        "speak",
        minijinja::context! {
            id => id,
            forget => forget,
            r => minijinja::Value::from_serialize(&v),
            critique => v.critique_html.clone(),
        },
    )
}

async fn delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    // Another account's transcript, or none: not found, before anything is asked.
    let full = uc::get(state.ctx(), id).await?;
    if form.get("confirm") != Some("yes") {
        return Ok(render(
            &state,
            "speak/confirm.html",
            "speak",
            minijinja::context! { id => id, name => full.saved.report.name },
        )?
        .into_response());
    }
    uc::delete(state.ctx(), id).await?;
    Ok(redirect(&headers, "/speak"))
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/speak", get(index).post(bring).layer(speak_limit()))
        .route("/speak/{id}", get(report))
        .route("/speak/{id}/delete", post(delete))
}
