//! The critique panel every page shares (story editor, "practise this", mock answers) and
//! `POST /api/v1/critique`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Method;
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tpmprep_critic::{Critique, Input, Question};

use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

/// Largest answer the critic is asked about through the web (the body limit caps requests anyway).
pub(crate) const MAX_ANSWER_CHARS: usize = 60_000;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "critique.html",
        include_str!("../../templates/critique.html"),
    ),
    (
        "critique_page.html",
        include_str!("../../templates/critique_page.html"),
    ),
    ("resume.html", include_str!("../../templates/resume.html")),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/critique.json");

/// A piece of the answer, marked when a finding quotes it.
#[derive(Serialize)]
struct Segment<'a> {
    text: &'a str,
    /// 1-based number of the finding quoting it, 0 when none does.
    finding: usize,
}

/// Splits `text` into marked and plain segments by the findings' spans (earlier findings win where
/// spans overlap).
fn segments<'a>(text: &'a str, c: &Critique) -> Vec<Segment<'a>> {
    let mut spans: Vec<(usize, usize, usize)> = c
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.end > f.start
                && f.end <= text.len()
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.end)
        })
        .map(|(i, f)| (f.start, f.end, i + 1))
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, n) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Segment {
                text: &text[at..start],
                finding: 0,
            });
        }
        out.push(Segment {
            text: &text[start..end],
            finding: n,
        });
        at = end;
    }
    if at < text.len() {
        out.push(Segment {
            text: &text[at..],
            finding: 0,
        });
    }
    out
}

/// The critique panel for `text`.
pub(crate) fn panel(
    state: &AppState,
    text: &str,
    critique: &Critique,
) -> Result<Html<String>, PageError> {
    render(
        state,
        "critique.html",
        "",
        minijinja::context! {
            c => minijinja::Value::from_serialize(critique),
            segments => minijinja::Value::from_serialize(segments(text, critique)),
            empty => text.trim().is_empty(),
        },
    )
}

/// What `POST /api/v1/critique` takes.
#[derive(Debug, Deserialize)]
pub(crate) struct CritiqueRequest {
    /// The answer.
    pub text: String,
    /// A pack question id the answer responds to.
    #[serde(default)]
    pub question_id: Option<String>,
    /// Or the question's text.
    #[serde(default)]
    pub question: Option<String>,
    /// Principles the answer means to show.
    #[serde(default)]
    pub principles: Vec<String>,
}

/// Critiques `r` against the pack: the question (by id or text) and the principles named.
pub(crate) fn critique(state: &AppState, r: &CritiqueRequest) -> Result<Critique, String> {
    if r.text.chars().count() > MAX_ANSWER_CHARS {
        return Err(format!(
            "the answer is over {} characters; critique a part of it",
            crate::middleware::thousands(MAX_ANSWER_CHARS)
        ));
    }
    let pack = state.pack();
    let (qtext, qprinciples, qkind) = match (&r.question_id, &r.question) {
        (Some(id), _) => {
            let q = pack
                .questions
                .iter()
                .find(|q| &q.id == id)
                .ok_or_else(|| format!("unknown question `{id}`"))?;
            (Some(q.text.clone()), q.principles.clone(), q.kind.as_str())
        }
        (None, Some(t)) if !t.trim().is_empty() => (Some(t.clone()), Vec::new(), ""),
        _ => (None, Vec::new(), ""),
    };
    if let Some(bad) = r
        .principles
        .iter()
        .find(|p| !pack.principles.iter().any(|x| &x.id == *p))
    {
        return Err(format!("unknown principle `{bad}`"));
    }
    Ok(state.critic().critique(&Input {
        text: &r.text,
        question: qtext.as_deref().map(|text| Question {
            text,
            principles: &qprinciples,
            kind: qkind,
        }),
        facts: None,
        principles: &r.principles,
    }))
}

async fn api_critique(
    State(state): State<AppState>,
    Json(r): Json<CritiqueRequest>,
) -> Result<ApiJson<Critique>, ApiError> {
    critique(&state, &r).map(ApiJson).map_err(ApiError::Bad)
}

async fn page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "critique_page.html",
        "critique",
        minijinja::context! {},
    )
}

/// `POST /critique`: the free-form critique form (fields `text`, `question`, `mode`).
async fn page_critique(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Html<String>, PageError> {
    let mut r = CritiqueRequest {
        text: String::new(),
        question_id: None,
        question: None,
        principles: Vec::new(),
    };
    let mut resume = false;
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "text" => r.text = v.into_owned(),
            "question" => r.question = Some(v.into_owned()),
            "mode" => resume = v == "resume",
            _ => {}
        }
    }
    if resume {
        if r.text.chars().count() > MAX_ANSWER_CHARS {
            return Err(PageError::Bad(format!(
                "the résumé is over {} characters",
                crate::middleware::thousands(MAX_ANSWER_CHARS)
            )));
        }
        let report = state.critic().resume(&r.text);
        return render(
            &state,
            "resume.html",
            "",
            minijinja::context! { r => minijinja::Value::from_serialize(&report) },
        );
    }
    let c = critique(&state, &r).map_err(PageError::Bad)?;
    panel(&state, &r.text, &c)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/critique", get(page).post(page_critique))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![ApiRoute {
        method: Method::POST,
        path: "/api/v1/critique",
        handler: post(api_critique),
    }]
}
