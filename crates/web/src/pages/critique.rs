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
    ("marked.html", include_str!("../../templates/marked.html")),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/critique.json");

/// A piece of the answer, marked when a finding quotes it.
#[derive(Serialize)]
pub(crate) struct Segment<'a> {
    text: &'a str,
    /// 1-based number of the finding quoting it, 0 when none does.
    finding: usize,
}

/// Splits `text` into marked and plain segments by the findings' spans (earlier findings win where
/// spans overlap).
fn segments<'a>(text: &'a str, c: &Critique) -> Vec<Segment<'a>> {
    marked(text, c.findings.iter().map(|f| (f.start, f.end)))
}

/// Splits `text` into marked and plain segments by byte spans (`(start, end)`, numbered from 1 in
/// the order given; earlier spans win where they overlap; empty or unsound spans mark nothing).
/// The narrative critic's findings are marked the same way (`pages::writing`).
pub(crate) fn marked(text: &str, spans: impl Iterator<Item = (usize, usize)>) -> Vec<Segment<'_>> {
    let mut spans: Vec<(usize, usize, usize)> = spans
        .enumerate()
        .filter(|(_, (start, end))| {
            end > start
                && *end <= text.len()
                && text.is_char_boundary(*start)
                && text.is_char_boundary(*end)
        })
        .map(|(i, (start, end))| (start, end, i + 1))
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
            x => minijinja::Value::from_serialize(tpmprep_app::critique::shown(state.pack(), critique)),
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
    let text = tpmprep_app::critique::clean(&r.text);
    Ok(state.critic().critique(&Input {
        text: &text,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The panel drawn from a critique's JSON as `docs/critique.md` gives it (a hand-made design
    /// critique of a question, all 16 principles ranked).
    fn draw(c: serde_json::Value) -> String {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let x = tpmprep_app::critique::from_json(&pack, c.clone());
        crate::templates::environment()
            .get_template("critique.html")
            .expect("template")
            .render(minijinja::context! {
                c => minijinja::Value::from_serialize(&c),
                x => minijinja::Value::from_serialize(&x),
                segments => minijinja::Value::from_serialize(Vec::<Segment<'_>>::new()),
                empty => false,
            })
            .expect("renders")
    }

    fn sample(rubric: &str) -> serde_json::Value {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let principles: Vec<serde_json::Value> = pack
            .principles
            .iter()
            .rev()
            .enumerate()
            .map(|(i, p)| serde_json::json!({"id": p.id, "score": 0.9 - i as f64 / 20.0}))
            .collect();
        let dim = serde_json::json!({"score": 5, "evidence": []});
        serde_json::json!({
            "overall": 61, "verdict": "mixed", "words": 140,
            "dimensions": {"structure": dim, "metrics": dim, "judgment": dim, "ownership": dim,
                "scope": dim, "collaboration": dim, "specificity": dim, "delivery": dim},
            "question": {"kind": "program-management", "kinds": ["program-management"], "principles": principles},
            "rubric": rubric,
            "design": [
                {"criterion": "requirements", "present": true, "quote": "Reads outnumber writes <100> to 1."},
                {"criterion": "monitoring", "present": false, "quote": ""}
            ],
            "signals": [{"signal": "requirements", "start": 0, "end": 10}],
            "findings": []
        })
    }

    #[test]
    fn the_panel_ranks_the_questions_principles_and_shows_the_design_checklist() {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let html = draw(sample("design"));
        // The kind in words, the top three by name with a percentage, all 16 folded away.
        assert!(
            html.contains("Question kind: <strong>program management</strong>"),
            "{html}"
        );
        let last = &pack.principles[15];
        let top = html
            .split("id=\"question-top\"")
            .nth(1)
            .and_then(|t| t.split("</ol>").next())
            .expect("top three");
        assert_eq!(top.matches("<li").count(), 3, "{top}");
        assert!(
            top.contains(&format!("<span class=\"name\">{}</span>", last.name)),
            "{top}"
        );
        assert!(top.contains("<span class=\"pct\">90%</span>"), "{top}");
        assert!(top.contains("<span class=\"pct\">80%</span>"), "{top}");
        let all = html
            .split("<details class=\"all-principles\" id=\"question-all\">")
            .nth(1)
            .and_then(|t| t.split("</details>").next())
            .expect("all sixteen");
        assert!(all.contains("All 16 principles, ranked"), "{all}");
        assert_eq!(all.matches("<li").count(), 16);
        assert!(all.contains("<span class=\"pct\">15%</span>"), "{all}");
        // The design checklist instead of the STAR headline, its quotes escaped; the dimensions
        // under it.
        assert!(
            html.contains("design answer: 1 of 2 criteria met"),
            "{html}"
        );
        let list = html.find("id=\"design-checklist\"").expect("checklist");
        assert!(html.contains("<li class=\"met\" data-criterion=\"requirements\">"));
        assert!(html.contains("<li class=\"missing\" data-criterion=\"monitoring\">"));
        assert!(html.contains("Requirements and assumptions stated<blockquote>Reads outnumber writes &lt;100&gt; to 1.</blockquote>"));
        assert!(
            list < html
                .find("The eight dimensions, read as a story")
                .expect("heading")
        );

        // A behavioural critique has no checklist and keeps its headline.
        let html = draw(sample("behavioural"));
        assert!(!html.contains("design-checklist") && !html.contains("design answer"));
        assert!(html.contains("/100 · mixed · 140 words"), "{html}");
        assert!(html.contains("id=\"question-top\""));
    }

    #[test]
    fn a_question_with_no_principles_says_so() {
        let mut c = sample("behavioural");
        c["question"]["principles"] = serde_json::json!([]);
        let html = draw(c);
        assert!(html.contains("No principle stands out in it."), "{html}");
        assert!(!html.contains("question-top") && !html.contains("question-all"));
        // No question: no question block.
        let mut c = sample("behavioural");
        c.as_object_mut().expect("object").remove("question");
        assert!(!draw(c).contains("question-fit"));
    }
}
