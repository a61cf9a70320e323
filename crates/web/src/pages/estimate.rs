//! The back-of-envelope estimator: the page `/estimate` (a form that works as a plain form post
//! and, with htmx, swaps in only the result), its widget `estimate/widget.html` for other pages to
//! include, and `POST /api/v1/estimate` (the same JSON as `tpmprep estimate --json`). The reading
//! and the arithmetic are the practice crate's (`tpmprep_practice::estimate`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::{Value, json};
use tpmprep_practice::estimate::{self as est, Estimate, Field, FieldError, Request, System};

use crate::templates::render;
use crate::{ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "estimate/page.html",
        include_str!("../../templates/estimate/page.html"),
    ),
    (
        "estimate/widget.html",
        include_str!("../../templates/estimate/widget.html"),
    ),
    (
        "estimate/result.html",
        include_str!("../../templates/estimate/result.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/estimate.json");

/// The form field carrying the CSRF token of a plain (no JavaScript) form post.
pub(crate) const CSRF_FIELD: &str = "csrf";

/// One field of the form, as the widget shows it.
#[derive(Serialize)]
struct FormField {
    key: &'static str,
    label: &'static str,
    /// What was typed (kept after an error).
    value: String,
    /// The default, or an example for a field that has none.
    placeholder: String,
    help: &'static str,
    /// The problem with what was typed, in words; empty when none.
    error: String,
    required: bool,
}

/// One figure, as the widget shows it.
#[derive(Serialize)]
struct Row {
    id: &'static str,
    label: &'static str,
    text: String,
    arithmetic: String,
}

#[derive(Serialize)]
struct Section {
    heading: &'static str,
    rows: Vec<Row>,
}

/// The result, as the widget shows it.
#[derive(Serialize)]
struct Shown {
    /// Average and peak QPS, storage a day and kept, nodes.
    headline: Vec<Row>,
    sections: Vec<Section>,
    assumed: Vec<String>,
    units_note: String,
}

/// Everything `estimate/widget.html` needs (its `estimate` context value).
#[derive(Serialize)]
struct Widget {
    fields: Vec<FormField>,
    binary: bool,
    result: Option<Shown>,
    /// Some field has an error.
    invalid: bool,
}

fn shown(e: &Estimate) -> Shown {
    let f = &e.figures;
    let head = |id: &'static str, label: &'static str, fig: &est::Figure| Row {
        id,
        label,
        text: fig.text.clone(),
        arithmetic: fig.arithmetic.clone(),
    };
    Shown {
        headline: vec![
            head("average_qps", "Average QPS", &f.average_qps),
            head("peak_qps", "Peak QPS", &f.peak_qps),
            head("storage_per_day", "Storage a day", &f.storage_per_day),
            head("storage_total", "Storage kept", &f.storage_total),
            head("nodes", "Nodes", &f.nodes),
        ],
        sections: e
            .figures
            .sections()
            .into_iter()
            .map(|(heading, rows)| Section {
                heading,
                rows: rows
                    .into_iter()
                    .map(|(id, label, f)| Row {
                        id,
                        label,
                        text: f.text.clone(),
                        arithmetic: f.arithmetic.clone(),
                    })
                    .collect(),
            })
            .collect(),
        assumed: e.assumed.clone(),
        units_note: e.units.note.clone(),
    }
}

fn widget(request: &Request, binary: bool, errors: &[FieldError], result: Option<Shown>) -> Widget {
    let fields = Field::ALL
        .into_iter()
        .map(|f| FormField {
            key: f.key(),
            label: f.label(),
            value: request.get(f).unwrap_or_default().to_string(),
            placeholder: match f.default_text() {
                Some(d) => format!("{d} (default)"),
                None => format!("e.g. {}", f.example()),
            },
            help: f.help(),
            error: errors
                .iter()
                .find(|e| e.field == f)
                .map(FieldError::message)
                .unwrap_or_default(),
            required: f.default_text().is_none(),
        })
        .collect();
    Widget {
        fields,
        binary,
        result,
        invalid: !errors.is_empty(),
    }
}

/// Works out `request`: the estimate, or every field's problem.
fn work_out(request: &Request, system: System) -> Result<Estimate, Vec<FieldError>> {
    est::estimate(request, system).map_err(|e| {
        let all = est::problems(request);
        if all.is_empty() { vec![e] } else { all }
    })
}

/// The widget with nothing typed yet, for another page (the design session) to include.
pub(crate) fn blank_widget() -> minijinja::Value {
    minijinja::Value::from_serialize(widget(&Request::default(), false, &[], None))
}

async fn page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "estimate/page.html",
        "estimate",
        minijinja::context! {
            estimate => minijinja::Value::from_serialize(widget(&Request::default(), false, &[], None)),
            oob => false,
        },
    )
}

/// `POST /estimate`: the form's fields (by key), `binary`, and for a plain form post the CSRF
/// token as the field `csrf` (htmx sends it as a header, which the guard checks). htmx gets the
/// result and each field's error slot (out of band); a plain post gets the whole page back.
async fn page_post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let mut request = Request::default();
    let mut binary = false;
    let mut token: Option<String> = None;
    for (k, v) in form_urlencoded::parse(&body) {
        if let Some(f) = Field::from_key(&k) {
            request.set(f, Some(v.into_owned()));
        } else if k == "binary" {
            binary = !v.is_empty() && v != "0" && v != "false";
        } else if k == CSRF_FIELD {
            token = Some(v.into_owned());
        }
    }
    // A plain form post carries the token in its body (the guard let it through to be checked
    // here); an htmx post's header was checked by the guard already.
    if !headers.contains_key(crate::CSRF_HEADER)
        && token
            .as_deref()
            .is_none_or(|t| t.is_empty() || t != state.csrf())
    {
        return super::forbidden();
    }
    let system = if binary { System::Binary } else { System::Si };
    let (status, w) = match work_out(&request, system) {
        Ok(e) => (
            StatusCode::OK,
            widget(&request, binary, &[], Some(shown(&e))),
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            widget(&request, binary, &errors, None),
        ),
    };
    let htmx = crate::pages::is_htmx(&headers);
    let template = if htmx {
        "estimate/result.html"
    } else {
        "estimate/page.html"
    };
    match render(
        &state,
        template,
        "estimate",
        minijinja::context! { estimate => minijinja::Value::from_serialize(&w), oob => htmx },
    ) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A refusal of the API: 422 with the field, and the token when one is at fault.
fn refused(field: Option<&str>, token: Option<&str>, message: String) -> Response {
    let mut body = json!({ "error": message });
    if let Some(f) = field {
        body["field"] = json!(f);
    }
    if let Some(t) = token {
        body["token"] = json!(t);
    }
    (StatusCode::UNPROCESSABLE_ENTITY, ApiJson(body)).into_response()
}

/// `POST /api/v1/estimate`: `{"dau": "50M", "per_user": "20/day", …, "binary": false}`, each field
/// a string as typed or a number.
async fn api_estimate(
    State(_state): State<AppState>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let Value::Object(map) = body else {
        return refused(
            None,
            None,
            "the body is a JSON object of fields, e.g. {\"dau\": \"50M\", \"per_user\": \"20/day\"}"
                .into(),
        );
    };
    let mut request = Request::default();
    let mut binary = false;
    for (k, v) in &map {
        if k == "binary" {
            match v {
                Value::Bool(b) => binary = *b,
                Value::Null => {}
                _ => return refused(Some("binary"), None, "binary: must be true or false".into()),
            }
            continue;
        }
        let Some(f) = Field::from_key(k) else {
            let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            return refused(
                Some(k),
                None,
                format!(
                    "`{k}` is not an input of the estimator (its inputs: {}, and binary)",
                    known.join(", ")
                ),
            );
        };
        let text = match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                return refused(
                    Some(k),
                    None,
                    format!(
                        "{k}: must be a string such as \"{}\" or a number",
                        f.example()
                    ),
                );
            }
        };
        request.set(f, text);
    }
    let system = if binary { System::Binary } else { System::Si };
    match est::estimate(&request, system) {
        Ok(e) => ApiJson(e).into_response(),
        Err(e) => refused(
            Some(e.field.key()),
            e.token(),
            format!("{}: {}", e.field.key(), e.message()),
        ),
    }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/estimate", get(page).post(page_post))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![ApiRoute {
        method: Method::POST,
        path: "/api/v1/estimate",
        handler: post(api_estimate),
    }]
}
