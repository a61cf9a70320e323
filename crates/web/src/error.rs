//! Errors as responses: HTML pages for the browser, JSON for the API.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tpmprep_app::AppError;
use tpmprep_store::StoreError;

/// An error shown as a small HTML page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Nothing here: what is missing ("mock `7`"), or the store's own words ("no story 7", "story 7
    /// has no revision 3"), which are kept as they are.
    #[error("{}", not_found_words(.0))]
    NotFound(String),
    /// The request cannot be done as asked.
    #[error("{0}")]
    Bad(String),
    /// Something broke on our side.
    #[error("{0}")]
    Internal(String),
    /// The database cannot be reached just now (the cause, for the log): a 503 in plain words.
    #[error("{}", UNAVAILABLE)]
    Unavailable(String),
}

/// What a person is told while the database cannot be reached (a 503, API and pages alike).
pub(crate) const UNAVAILABLE: &str = "The database cannot be reached just now, so this request \
     was not finished: try again in a moment (the server reconnects by itself). Anything it was \
     saving may not have been saved.";

/// Seconds a client is asked to wait before trying again after a 503 (`Retry-After`).
const RETRY_AFTER_S: &str = "2";

fn not_found_words(what: &str) -> String {
    // Already a sentence ("No such candidate, …"), or the store's words ("no story 7", "design
    // session 7 not found").
    if what.starts_with("no ")
        || what.starts_with("No ")
        || what.contains(" no ")
        || what.ends_with(" not found")
    {
        what.to_string()
    } else {
        format!("no such {what}")
    }
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
    /// The body is over the route's limit (the answer names the limit).
    #[error("the request body is too large")]
    TooLarge,
    /// Something broke on our side.
    #[error("{0}")]
    Internal(String),
    /// The database cannot be reached just now (the cause, for the log): a 503 in plain words.
    #[error("{}", UNAVAILABLE)]
    Unavailable(String),
}

fn status_of_store(e: &StoreError) -> StatusCode {
    match e {
        StoreError::NotFound(_)
        | StoreError::NoRevision { .. }
        | StoreError::MockNotFound(_)
        | StoreError::DesignNotFound(_)
        | StoreError::WritingNotFound(_)
        | StoreError::OfferNotFound(_)
        | StoreError::TranscriptNotFound(_)
        | StoreError::CardNotFound(_) => StatusCode::NOT_FOUND,
        StoreError::Conflict { .. }
        | StoreError::MockOutOfStep { .. }
        | StoreError::DesignConflict { .. }
        | StoreError::WritingConflict { .. }
        | StoreError::OfferConflict { .. }
        | StoreError::OfferNameTaken(_)
        | StoreError::DrillConflict { .. } => StatusCode::CONFLICT,
        StoreError::InTrash(_)
        | StoreError::NotInTrash(_)
        | StoreError::Invalid(_)
        | StoreError::MockFinished(_)
        | StoreError::UserExists(_)
        | StoreError::BadBackup(_)
        | StoreError::NotEmpty(_) => StatusCode::BAD_REQUEST,
        StoreError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn status_of_app(e: &AppError) -> StatusCode {
    match e {
        AppError::Store(s) => status_of_store(s),
        AppError::NotShared => StatusCode::NOT_FOUND,
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
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable(msg),
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
            StatusCode::SERVICE_UNAVAILABLE => PageError::Unavailable(e.to_string()),
            _ => PageError::Bad(e.to_string()),
        }
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match status_of_app(&e) {
            StatusCode::NOT_FOUND => PageError::NotFound(e.to_string()),
            StatusCode::INTERNAL_SERVER_ERROR => PageError::Internal(e.to_string()),
            StatusCode::SERVICE_UNAVAILABLE => PageError::Unavailable(e.to_string()),
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
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        if let ApiError::Unavailable(detail) = self {
            // The words and a request id for the client, the cause for the log (see
            // `middleware::errors_in_words`).
            return (
                status,
                [(axum::http::header::RETRY_AFTER, RETRY_AFTER_S)],
                axum::Extension(Failure {
                    shown: UNAVAILABLE.to_string(),
                    detail: Some(detail),
                }),
                ApiJson(serde_json::json!({ "error": UNAVAILABLE })),
            )
                .into_response();
        }
        if let ApiError::Internal(detail) = self {
            // The cause goes to the log only (see `middleware::errors_in_words`).
            return (
                status,
                axum::Extension(Failure {
                    shown: String::new(),
                    detail: Some(detail),
                }),
                ApiJson(serde_json::json!({ "error": "something went wrong on the server" })),
            )
                .into_response();
        }
        (
            status,
            ApiJson(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

/// Carried on an error response for `middleware::errors_in_words`, which words it for the client
/// (a page in the layout, an htmx fragment or JSON): `shown` is what the person reads; `detail`, the
/// cause of a 5xx, goes to the server's log only.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) shown: String,
    pub(crate) detail: Option<String>,
}

/// A JSON response body, serialized into one buffer sized for a typical answer of this API (a
/// critique is 2–6 KB), so the body is not regrown and copied as it is written.
pub(crate) struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        let mut buf = Vec::with_capacity(8 * 1024);
        match serde_json::to_writer(&mut buf, &self.0) {
            Ok(()) => (
                [(
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderValue::from_static("application/json"),
                )],
                axum::body::Bytes::from(buf),
            )
                .into_response(),
            // Serializing the API's own types cannot fail; if it ever does, say so without
            // recursing through ApiError (which is itself written with ApiJson).
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot write the answer as JSON: {e}"),
            )
                .into_response(),
        }
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
        let shown = self.to_string();
        let (status, failure) = match self {
            PageError::NotFound(_) => (
                StatusCode::NOT_FOUND,
                Failure {
                    shown,
                    detail: None,
                },
            ),
            PageError::Bad(_) => (
                StatusCode::BAD_REQUEST,
                Failure {
                    shown,
                    detail: None,
                },
            ),
            PageError::Internal(cause) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Failure {
                    shown: String::new(),
                    detail: Some(cause),
                },
            ),
            PageError::Unavailable(cause) => (
                StatusCode::SERVICE_UNAVAILABLE,
                Failure {
                    shown: UNAVAILABLE.to_string(),
                    detail: Some(cause),
                },
            ),
        };
        // The body says only what the person may read; the router's `errors_in_words` puts it in the
        // layout (or an htmx fragment) and logs a 5xx's cause.
        let body = if status == StatusCode::SERVICE_UNAVAILABLE {
            escape(UNAVAILABLE)
        } else if status.is_server_error() {
            "Something went wrong on our side.".to_string()
        } else {
            escape(&failure.shown)
        };
        let mut res = (status, axum::Extension(failure), Html(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_AFTER_S),
            );
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use std::collections::BTreeMap;

    async fn parts(r: Response) -> (StatusCode, String, String) {
        let status = r.status();
        let ct = r
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.into_body().collect().await.map(|b| b.to_bytes());
        let body = body.map(|b| String::from_utf8_lossy(&b).into_owned());
        (status, ct, body.unwrap_or_default())
    }

    #[tokio::test]
    async fn api_json_writes_the_value_as_json_whatever_its_size() {
        let big: Vec<String> = (0..2_000).map(|i| format!("item \"{i}\"")).collect();
        let (status, ct, body) = parts(ApiJson(&big).into_response()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ct, "application/json");
        let back: Vec<String> = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(back, big);
    }

    #[tokio::test]
    async fn api_json_that_cannot_be_written_is_a_500_not_a_panic() {
        // JSON object keys must be strings: a map keyed by pairs cannot be written.
        let bad: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        let (status, _, body) = parts(ApiJson(bad).into_response()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("cannot write the answer as JSON"), "{body}");
    }

    #[test]
    fn not_found_pages_read_as_sentences() {
        assert_eq!(
            PageError::NotFound("mock `x`".into()).to_string(),
            "no such mock `x`"
        );
        let e: PageError = StoreError::NotFound(7).into();
        assert_eq!(e.to_string(), "no story 7");
        let e: PageError = StoreError::NoRevision { id: 7, rev: 0 }.into();
        assert_eq!(e.to_string(), "story 7 has no revision 0");
        let e: PageError = StoreError::DesignNotFound(7).into();
        assert_eq!(e.to_string(), "design session 7 not found");
    }

    #[test]
    fn design_errors_have_their_status() {
        assert_eq!(
            status_of_store(&StoreError::DesignNotFound(7)),
            StatusCode::NOT_FOUND
        );
        let conflict = StoreError::DesignConflict {
            id: 7,
            phase: "clarify".into(),
            base_rev: 3,
            current_rev: 4,
        };
        assert_eq!(status_of_store(&conflict), StatusCode::CONFLICT);
    }

    #[tokio::test]
    async fn api_errors_are_json_with_their_status() {
        let (status, ct, body) =
            parts(ApiError::NotFound("no story 7".into()).into_response()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(ct, "application/json");
        assert_eq!(body, r#"{"error":"no story 7"}"#);
    }
}
