//! Errors as responses: HTML pages for the browser, JSON for the API.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tpmprep_app::AppError;
use tpmprep_store::StoreError;

/// An error shown as a small HTML page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Nothing here.
    #[error("no such {0}")]
    NotFound(String),
    /// The request cannot be done as asked.
    #[error("{0}")]
    Bad(String),
    /// Something broke on our side.
    #[error("{0}")]
    Internal(String),
}

/// An error as JSON: `{"error": "..."}` with a fitting status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Nothing here.
    #[error("{0}")]
    NotFound(String),
    /// The request cannot be done as asked.
    #[error("{0}")]
    Bad(String),
    /// Someone else saved first.
    #[error("{0}")]
    Conflict(String),
    /// Something broke on our side.
    #[error("{0}")]
    Internal(String),
}

fn status_of_store(e: &StoreError) -> StatusCode {
    match e {
        StoreError::NotFound(_) | StoreError::NoRevision { .. } | StoreError::MockNotFound(_) => {
            StatusCode::NOT_FOUND
        }
        StoreError::Conflict { .. } | StoreError::MockOutOfStep { .. } => StatusCode::CONFLICT,
        StoreError::InTrash(_)
        | StoreError::NotInTrash(_)
        | StoreError::Invalid(_)
        | StoreError::MockFinished(_)
        | StoreError::UserExists(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn status_of_app(e: &AppError) -> StatusCode {
    match e {
        AppError::Store(s) => status_of_store(s),
        AppError::Damaged { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl ApiError {
    fn from_status(status: StatusCode, msg: String) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::NotFound(msg),
            StatusCode::CONFLICT => ApiError::Conflict(msg),
            StatusCode::BAD_REQUEST => ApiError::Bad(msg),
            _ => ApiError::Internal(msg),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::from_status(status_of_store(&e), e.to_string())
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::from_status(status_of_app(&e), e.to_string())
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match status_of_store(&e) {
            StatusCode::NOT_FOUND => PageError::NotFound(e.to_string()),
            StatusCode::INTERNAL_SERVER_ERROR => PageError::Internal(e.to_string()),
            _ => PageError::Bad(e.to_string()),
        }
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match status_of_app(&e) {
            StatusCode::NOT_FOUND => PageError::NotFound(e.to_string()),
            StatusCode::INTERNAL_SERVER_ERROR => PageError::Internal(e.to_string()),
            _ => PageError::Bad(e.to_string()),
        }
    }
}

impl From<minijinja::Error> for PageError {
    fn from(e: minijinja::Error) -> Self {
        PageError::Internal(format!("template: {e:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Bad(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

/// Escapes text for HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            PageError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            PageError::Bad(_) => (StatusCode::BAD_REQUEST, "Cannot do that"),
            PageError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Something broke"),
        };
        let body = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · tpmprep</title>\
             <link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"narrow\">\
             <h1>{title}</h1><p>{}</p><p><a href=\"/\">Back to the dashboard</a></p></main></body></html>",
            escape(&self.to_string())
        );
        (status, Html(body)).into_response()
    }
}
