//! The product's areas, one module each: HTML routes (`routes`), JSON API routes (`api`), templates
//! (`TEMPLATES`) and the OpenAPI paths they serve (`OPENAPI`: `{"paths": …, "components": …}`). Adding an
//! area is one line in each function below.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tpmprep_content::{Kind, Level};

use crate::{ApiRoute, AppState, PageError};

pub(crate) mod backup;
pub(crate) mod coach;
pub(crate) mod critique;
pub(crate) mod dashboard;
pub(crate) mod design;
pub(crate) mod drill;
pub(crate) mod estimate;
pub(crate) mod examples;
pub(crate) mod forms;
pub(crate) mod mock;
pub(crate) mod offers;
pub(crate) mod plan;
pub(crate) mod questions;
pub(crate) mod reference;
pub(crate) mod speak;
pub(crate) mod stories;
pub(crate) mod writing;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(coach::routes())
        .merge(critique::routes())
        .merge(dashboard::routes())
        .merge(design::routes())
        .merge(drill::routes())
        .merge(estimate::routes())
        .merge(examples::routes())
        .merge(mock::routes())
        .merge(offers::routes())
        .merge(plan::routes())
        .merge(questions::routes())
        .merge(reference::routes())
        .merge(speak::routes())
        .merge(stories::routes())
        .merge(writing::routes())
}

pub(crate) fn api() -> Vec<ApiRoute> {
    let mut all = Vec::new();
    all.extend(backup::api());
    all.extend(coach::api());
    all.extend(critique::api());
    all.extend(dashboard::api());
    all.extend(design::api());
    all.extend(drill::api());
    all.extend(estimate::api());
    all.extend(examples::api());
    all.extend(mock::api());
    all.extend(offers::api());
    all.extend(plan::api());
    all.extend(questions::api());
    all.extend(reference::api());
    all.extend(speak::api());
    all.extend(stories::api());
    all.extend(writing::api());
    all
}

pub(crate) fn templates() -> Vec<(&'static str, &'static str)> {
    let mut all = Vec::new();
    all.extend_from_slice(coach::TEMPLATES);
    all.extend_from_slice(critique::TEMPLATES);
    all.extend_from_slice(dashboard::TEMPLATES);
    all.extend_from_slice(design::TEMPLATES);
    all.extend_from_slice(drill::TEMPLATES);
    all.extend_from_slice(estimate::TEMPLATES);
    all.extend_from_slice(examples::TEMPLATES);
    all.extend_from_slice(mock::TEMPLATES);
    all.extend_from_slice(offers::TEMPLATES);
    all.extend_from_slice(plan::TEMPLATES);
    all.extend_from_slice(questions::TEMPLATES);
    all.extend_from_slice(reference::TEMPLATES);
    all.extend_from_slice(speak::TEMPLATES);
    all.extend_from_slice(stories::TEMPLATES);
    all.extend_from_slice(writing::TEMPLATES);
    all.extend_from_slice(crate::accounts::TEMPLATES);
    all
}

/// Each area's part of the OpenAPI document (`paths`, and `components.schemas` it refers to).
pub(crate) fn openapi_paths() -> Vec<&'static str> {
    vec![
        backup::OPENAPI,
        coach::OPENAPI,
        critique::OPENAPI,
        dashboard::OPENAPI,
        design::OPENAPI,
        drill::OPENAPI,
        estimate::OPENAPI,
        examples::OPENAPI,
        mock::OPENAPI,
        offers::OPENAPI,
        plan::OPENAPI,
        questions::OPENAPI,
        reference::OPENAPI,
        speak::OPENAPI,
        stories::OPENAPI,
        writing::OPENAPI,
    ]
}

/// A question kind as a page names it: "program-management" → "Program management".
pub(crate) fn kind_words(k: Kind) -> String {
    let s = k.as_str().replace('-', " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// A level as a page names it: "L5", "L6", or "L5 and L6" for content asked at both (the pack's
/// `both`, which read alone as "level both").
pub(crate) fn level_words(l: Level) -> &'static str {
    l.words()
}

/// Whether the request came from htmx (which cannot see a 303: the browser follows it first).
/// 403 for a form whose CSRF token is missing or wrong.
pub(crate) fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "the form's CSRF token is missing or wrong (reload the page)",
    )
        .into_response()
}

/// A record id from the address (a positive number), else the page is not found: "`what` `raw`".
pub(crate) fn page_id(raw: &str, what: &str) -> Result<i64, PageError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| PageError::NotFound(format!("{what} `{raw}`")))
}

pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// Sends the browser to `to`: htmx follows `HX-Redirect` on a 200; a plain form post follows the 303.
pub(crate) fn redirect(headers: &HeaderMap, to: &str) -> Response {
    if is_htmx(headers) {
        (StatusCode::OK, [("hx-redirect", to.to_string())]).into_response()
    } else {
        (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION.as_str(), to.to_string()),
                ("hx-redirect", to.to_string()),
            ],
        )
            .into_response()
    }
}
