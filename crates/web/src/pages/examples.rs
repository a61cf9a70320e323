//! Weak → strong answer pairs from the pack, one per common mistake.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Html;
use axum::routing::get;
use tpmprep_content::Example;

use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "examples.html",
    include_str!("../../templates/examples.html"),
)];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/examples.json");

fn find<'a>(state: &'a AppState, id: &str) -> Option<&'a Example> {
    state.pack().examples.iter().find(|e| e.id == id)
}

async fn list(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "examples.html",
        "examples",
        minijinja::context! {
            examples => minijinja::Value::from_serialize(&state.pack().examples),
        },
    )
}

async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let e = find(&state, &id).ok_or_else(|| PageError::NotFound(format!("example `{id}`")))?;
    render(
        &state,
        "examples.html",
        "examples",
        minijinja::context! {
            examples => minijinja::Value::from_serialize([e]),
            single => true,
        },
    )
}

async fn api_list(State(state): State<AppState>) -> ApiJson<Vec<Example>> {
    ApiJson(state.pack().examples.clone())
}

async fn api_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<ApiJson<Example>, ApiError> {
    find(&state, &id)
        .cloned()
        .map(ApiJson)
        .ok_or_else(|| ApiError::NotFound(format!("no example `{id}`")))
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/examples", get(list))
        .route("/examples/{id}", get(one))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/examples",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/examples/{id}",
            handler: get(api_one),
        },
    ]
}
