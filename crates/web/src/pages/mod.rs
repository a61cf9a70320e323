//! The product's areas, one module each: HTML routes (`routes`), JSON API routes (`api`), templates
//! (`TEMPLATES`) and the OpenAPI paths they serve (`OPENAPI`, a JSON object of paths). Adding an
//! area is one line in each function below.

use axum::Router;

use crate::{ApiRoute, AppState};

pub(crate) mod critique;
pub(crate) mod mock;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(critique::routes())
        .merge(mock::routes())
}

pub(crate) fn api() -> Vec<ApiRoute> {
    let mut all = Vec::new();
    all.extend(critique::api());
    all.extend(mock::api());
    all
}

pub(crate) fn templates() -> Vec<(&'static str, &'static str)> {
    let mut all = Vec::new();
    all.extend_from_slice(critique::TEMPLATES);
    all.extend_from_slice(mock::TEMPLATES);
    all
}

/// The `paths` objects of the OpenAPI document, one JSON text per area.
pub(crate) fn openapi_paths() -> Vec<&'static str> {
    vec![critique::OPENAPI, mock::OPENAPI]
}
