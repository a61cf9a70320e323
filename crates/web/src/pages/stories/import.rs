//! Importing stories from pasted or uploaded text (Markdown, plain STAR text or JSON): the page, its
//! form, and the import itself, shared with the JSON API.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tpmprep_app::import::ImportReport;
use tpmprep_stories::StoryContent;

use crate::templates::render;
use crate::{ApiError, AppState, PageError};

/// What an import is asked to do: the text, its format, the title of a plain-text story, and
/// whether to copy stories already in the bank.
pub(super) struct ImportRequest {
    pub(super) format: String,
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) as_new: bool,
    /// How this client gives a plain-text story its title, as a refusal names it ("in the Title
    /// field above the text").
    pub(super) title_control: &'static str,
}

/// Reads pasted or uploaded story text (`markdown` — which takes plain STAR text too — or `json`)
/// and imports every story in one transaction: stories already in the bank are skipped or updated,
/// the others saved as new (see [`tpmprep_store::Stories::import_stories`]). Problems come back as
/// `file:line: field: message` lines (the first 50) and nothing is saved. Parsing runs on a
/// blocking thread: a big or hostile text must not hold the async workers.
pub(super) async fn import(state: &AppState, req: ImportRequest) -> Result<ImportReport, ApiError> {
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

pub(super) async fn import_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "stories/import.html",
        "stories",
        minijinja::context! { template => tpmprep_stories::plain::TEMPLATE },
    )
}

pub(super) async fn import_form(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, PageError> {
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
