//! What wraps every route, outermost first:
//!
//! 1. [`every_response`]: the security headers (CSP with `frame-ancestors 'none'`, `X-Frame-Options`,
//!    `nosniff`, `Referrer-Policy`) and `Server-Timing`, on every answer — pages, API, assets, errors
//!    and the guard's refusals alike.
//! 2. [`errors_in_words`]: every error is answered in plain words, in the form the client reads: JSON
//!    `{"error": …}` under `/api/`, an HTML fragment for htmx, else a page in the layout (with the
//!    navigation). A body over its limit says the limit. A 5xx never shows its cause: the page names a
//!    request id, and the cause goes to stderr under the same id.
//! 3. (the body limit, set in [`crate::router`])
//! 4. [`guard`]: one Host header naming this server (DNS rebinding), no request target naming another
//!    host, a served method, and the CSRF proof on state-changing requests.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{Failure, escape};
use crate::{AppState, CSRF_HEADER};

/// The Content-Security-Policy of every response. Scripts come only from `/assets` (htmx and
/// app.js; no inline script, no `eval`, so no htmx trigger filters or `hx-on`); styles also allow
/// `style` attributes (the heat-map's per-cell colours and a few layout tweaks in the templates);
/// no page may be framed (clickjacking), and forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

/// The standard header naming server-side time (`app;dur=<milliseconds>`).
const SERVER_TIMING: header::HeaderName = header::HeaderName::from_static("server-timing");
/// The id of a failed request, as on its page and in the server's log.
const REQUEST_ID: header::HeaderName = header::HeaderName::from_static("x-request-id");

/// Security headers and `Server-Timing` on every response.
pub(crate) async fn every_response(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // How long the server took, for the browser's network panel and bench/web.sh.
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        h.insert(SERVER_TIMING, v);
    }
    response
}

/// The body limit a route applies: imports take a whole bank (`stories::import_limit`), every other
/// route [`crate::MAX_BODY_BYTES`].
fn body_limit_of(path: &str) -> usize {
    if path == "/stories/import" || path == "/api/v1/stories/import" {
        crate::MAX_IMPORT_BODY_BYTES
    } else if crate::pages::writing::carries_narrative(path) {
        crate::pages::writing::MAX_WRITING_BODY_BYTES
    } else if crate::pages::speak::carries_transcript(path) {
        crate::pages::speak::MAX_SPEAK_BODY_BYTES
    } else {
        crate::MAX_BODY_BYTES
    }
}

/// A byte count in words: "256 KB", "48 MB".
fn size_in_words(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes / 1024)
    }
}

pub(crate) use tpmprep_stories::thousands;

/// What a client is told when its body is over the route's limit: what was not done (a critique
/// saves nothing, so it is "not critiqued", never "not saved"), and only the limits of that route.
fn too_large(path: &str) -> String {
    let limit = body_limit_of(path);
    if crate::pages::writing::carries_narrative(path) {
        let verb = if path.ends_with("/critique") {
            "critiqued"
        } else {
            "saved"
        };
        return format!(
            "Not {verb}: the narrative is too long to send. One request here takes at most {}, \
             and a narrative holds up to {} characters; shorten it and try again.",
            size_in_words(limit),
            thousands(tpmprep_app::writing::MAX_CHARS),
        );
    }
    if crate::pages::speak::carries_transcript(path) {
        return format!(
            "Not read: the transcript is too large to send. One request here takes at most {}, \
             and a transcript up to {} (a 20-minute Whisper JSON with word times is about 1 MB).",
            size_in_words(limit),
            size_in_words(tpmprep_app::speak::MAX_TRANSCRIPT_BYTES),
        );
    }
    if limit != crate::MAX_BODY_BYTES {
        return format!(
            "Nothing was imported: the request is over {}. The web import takes up to {} of story \
             text; `tpmprep story import FILE` reads files up to 64 MB.",
            size_in_words(limit),
            size_in_words(crate::MAX_IMPORT_BYTES),
        );
    }
    let request = size_in_words(limit);
    let field = thousands(tpmprep_stories::MAX_FIELD_CHARS);
    let answer = thousands(crate::pages::critique::MAX_ANSWER_CHARS);
    let story = path.starts_with("/stories/") || path.starts_with("/api/v1/stories");
    let mock = path.starts_with("/mock") || path.starts_with("/api/v1/mocks");
    let critique = path.ends_with("/critique") || path.ends_with("/practise");
    if critique && story {
        format!(
            "Not critiqued: the story is too long to send. One request here takes at most \
             {request}, and a story field holds up to {field} characters; shorten it and the \
             critique comes back."
        )
    } else if critique {
        format!(
            "Not critiqued: the text is too long to send. One request here takes at most \
             {request}, and the critique reads up to {answer} characters; critique a part of it."
        )
    } else if story || path == "/stories" {
        format!(
            "Not saved: the text is too long to send. One request here takes at most {request} \
             (a story field holds up to {field} characters); shorten it and try again."
        )
    } else if mock {
        format!(
            "Not saved: the text is too long to send. One request here takes at most {request} \
             (an answer holds up to {answer} characters); shorten it and try again."
        )
    } else {
        format!("The request is too long: one request here takes at most {request}.")
    }
}

/// A fresh id for a failed request (eight hex digits), to find its details in the log.
fn request_id() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// Words every error for its client; logs the cause of every 5xx under a request id.
pub(crate) async fn errors_in_words(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    // Kept for the answer and the log (a Uri clone shares its bytes; no copy on the happy path).
    let method = req.method().clone();
    let uri = req.uri().clone();
    let path = uri.path();
    let api = path.starts_with("/api/");
    let htmx = crate::pages::is_htmx(req.headers());
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let failure = response.extensions().get::<Failure>().cloned();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (mut parts, body) = response.into_parts();
    // What the client is told, and (for a 5xx) the cause for the log.
    let (shown, detail) = if status == StatusCode::PAYLOAD_TOO_LARGE {
        (too_large(path), None)
    } else if let Some(f) = failure {
        (f.shown, f.detail)
    } else if content_type.starts_with("text/plain") || content_type.is_empty() {
        // axum's extractors and the guard answer in plain text.
        let reason = status.canonical_reason().unwrap_or("error").to_string();
        match axum::body::to_bytes(body, 64 * 1024).await {
            Ok(text) if !text.trim_ascii().is_empty() => {
                let text = String::from_utf8_lossy(&text).trim().to_string();
                // axum's prefix adds nothing a person can use ("…: the request body did not arrive
                // within 30 s").
                let text = match text.strip_prefix("Failed to buffer the request body: ") {
                    Some(rest) => rest.to_string(),
                    None => text,
                };
                if let Some((worded, words)) = crate::rejection::words(path, &text) {
                    // An extractor's refusal in axum's terms: said in plain words instead.
                    parts.status = worded;
                    (words, None)
                } else if status.is_server_error() {
                    (String::new(), Some(text))
                } else {
                    (text, None)
                }
            }
            _ => (reason, None),
        }
    } else {
        // A handler's own error body (JSON from the API, an HTML fragment for a form): kept.
        return Response::from_parts(parts, body);
    };
    let status = parts.status;
    let shown = if status.is_server_error() {
        let id = request_id();
        eprintln!(
            "tpmprep: request {id}: {method} {path} answered {status}: {}",
            detail.as_deref().unwrap_or(&shown)
        );
        if let Ok(v) = HeaderValue::from_str(&id) {
            parts.headers.insert(REQUEST_ID, v);
        }
        if status == StatusCode::SERVICE_UNAVAILABLE && !shown.is_empty() {
            // A passing failure (the database out of reach) is said as it is.
            format!("{shown} (Request id {id}.)")
        } else {
            format!(
                "The server could not finish this request. Its log has the details under request \
                 id {id}. Try again, or reload the page."
            )
        }
    } else {
        shown
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.remove::<Failure>();
    if api {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let body = serde_json::json!({ "error": shown }).to_string();
        return Response::from_parts(parts, axum::body::Body::from(body));
    }
    let html = if htmx {
        format!(
            "<span class=\"error\" role=\"alert\">{}</span>",
            escape(&shown)
        )
    } else {
        // The page is drawn for whoever asked (accounts mode: the sign-in middleware, inside this
        // one, left the request's account on the answer), so it keeps their navigation and name.
        match parts.extensions.remove::<crate::Requester>() {
            Some(who) => crate::REQUESTER.sync_scope(who, || error_page(&state, status, &shown)),
            None => error_page(&state, status, &shown),
        }
    };
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, axum::body::Body::from(html))
}

/// A whole error page in the layout (with the navigation), or, should the templates themselves fail,
/// the same words in a plain page that still links the main areas.
fn error_page(state: &AppState, status: StatusCode, shown: &str) -> String {
    let title = match status {
        StatusCode::NOT_FOUND => "Not found",
        s if s.is_server_error() => "Something went wrong",
        _ => "Cannot do that",
    };
    let ctx = minijinja::context! { title => title, message => shown };
    match crate::templates::render_str(state, "error.html", "", ctx) {
        Ok(html) => html,
        Err(e) => {
            eprintln!("tpmprep: the error page itself failed to render: {e:#}");
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · \
                 tpmprep</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>\
                 <header class=\"top\"><a class=\"brand\" href=\"/\">tpmprep</a><nav \
                 aria-label=\"Main\"><a href=\"/\">Dashboard</a> <a href=\"/stories\">Stories</a> \
                 <a href=\"/questions\">Questions</a> <a href=\"/mock\">Mock</a></nav></header>\
                 <main id=\"main\"><h1>{title}</h1><p id=\"error-message\">{}</p></main></body></html>",
                escape(shown)
            )
        }
    }
}

/// Methods the app serves; any other (TRACE, CONNECT, …) is 405 before any route.
const SERVED_METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::OPTIONS,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

/// Host check (DNS rebinding), request-target check and CSRF check, before any handler runs.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = hosts.next().and_then(|h| h.to_str().ok()).unwrap_or("");
    if hosts.next().is_some() {
        return (
            StatusCode::BAD_REQUEST,
            "a request may carry one Host header; this one has several",
        )
            .into_response();
    }
    // An absolute-form target (`GET http://other/ HTTP/1.1`) names the host it is for, which wins
    // over the Host header: it must be this server too, and agree with the Host header.
    if let Some(authority) = req.uri().authority() {
        let scheme_ok = req.uri().scheme_str().is_none_or(|s| s == "http");
        if !scheme_ok || authority.as_str() != host {
            return (
                StatusCode::BAD_REQUEST,
                format!(
                    "the request target names `{}`, which is not the Host `{host}` this request \
                     is sent to",
                    req.uri()
                ),
            )
                .into_response();
        }
    }
    if !state.hosts().iter().any(|h| h == host) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "this tpmprep server answers only to {}; refusing Host `{host}`",
                state.hosts().join(", ")
            ),
        )
            .into_response();
    }
    if !SERVED_METHODS.contains(req.method()) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {} is not served here", req.method()),
        )
            .into_response();
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if let Err(why) = csrf_ok(&state, host, req.uri().path(), headers) {
            return (StatusCode::FORBIDDEN, why).into_response();
        }
    }
    next.run(req).await
}

/// Pages whose form works without JavaScript as a plain form post: the CSRF token comes in the
/// body (the field `csrf`), which the handler checks, as no header can be sent. Each such route
/// computes and stores nothing.
const FORM_TOKEN_IN_BODY: &[&str] = &["/estimate", "/speak"];

/// Areas whose forms all work without JavaScript: a plain form post under these passes on to its
/// handler, which checks the token in the body (`pages::forms::token_ok`) before it changes
/// anything.
const FORM_TOKEN_IN_BODY_UNDER: &[&str] = &["/plan/", "/drill/", "/offers/", "/speak/"];

/// A state-changing request must come from this origin (when the browser says where it comes from)
/// and carry the page's CSRF token, or be JSON (which a cross-site page cannot send without a CORS
/// preflight this server never grants). A plain form post to a route of [`FORM_TOKEN_IN_BODY`]
/// passes on to its handler, which checks the token in the body.
fn csrf_ok(state: &AppState, host: &str, path: &str, headers: &HeaderMap) -> Result<(), String> {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        // Behind a TLS-terminating proxy (`--behind-proxy`) the browser's page is https.
        let tls = state.behind_proxy();
        let same = origin == format!("http://{host}") || tls && origin == format!("https://{host}");
        if !same {
            return Err(format!("cross-origin request from `{origin}` refused"));
        }
    }
    let token = headers.get(CSRF_HEADER).and_then(|t| t.to_str().ok());
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    match token {
        Some(t) if !t.is_empty() && t == state.csrf() => Ok(()),
        Some(_) => Err("the CSRF token is wrong (reload the page)".into()),
        None if json => Ok(()),
        None if form && FORM_TOKEN_IN_BODY.contains(&path) => Ok(()),
        None if form && FORM_TOKEN_IN_BODY_UNDER.iter().any(|p| path.starts_with(p)) => Ok(()),
        None => Err("missing CSRF token (reload the page)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_said_in_words() {
        assert_eq!(size_in_words(256 * 1024), "256 KB");
        assert_eq!(size_in_words(crate::MAX_IMPORT_BODY_BYTES), "48 MB");
        assert_eq!(thousands(60_000), "60,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert!(too_large("/stories/7").starts_with("Not saved:"));
        assert!(too_large("/stories/7").contains("at most 256 KB"));
        assert!(too_large("/critique").starts_with("Not critiqued:"));
        assert!(!too_large("/critique").contains("story"));
        assert!(too_large("/stories/new/critique").starts_with("Not critiqued: the story"));
        assert!(too_large("/api/v1/stories/import").contains("over 48 MB"));
    }
}

#[cfg(test)]
mod unavailable_tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// The database out of reach (`StoreError::Unavailable`, as the store reports a PostgreSQL server
    /// that is down or restarting) is a 503 in plain words in the client's form — JSON `{"error"}`
    /// on the API, a page in the layout, an htmx fragment — with `Retry-After` and a request id,
    /// never the driver's words.
    #[tokio::test]
    async fn a_database_out_of_reach_is_a_503_in_words_with_retry_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = tpmprep_store::SqliteStore::open_path(&dir.path().join("t.db"))
            .await
            .expect("store");
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let state = AppState::new(
            std::sync::Arc::new(store),
            pack,
            tpmprep_store::LOCAL_USER,
            7000,
        );
        let down = || {
            tpmprep_store::StoreError::Unavailable(
                "pool timed out while waiting for an open connection".into(),
            )
        };
        let app = axum::Router::new()
            .route(
                "/api/v1/x",
                get(move || async move { Err::<(), _>(crate::ApiError::from(down())) }),
            )
            .route(
                "/x",
                get(move || async move {
                    Err::<(), _>(crate::PageError::from(tpmprep_app::AppError::Store(down())))
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                errors_in_words,
            ))
            .with_state(state);
        for (path, htmx, content_type) in [
            ("/api/v1/x", false, "application/json"),
            ("/x", false, "text/html"),
            ("/x", true, "text/html"),
        ] {
            let mut req = Request::get(path);
            if htmx {
                req = req.header("hx-request", "true");
            }
            let res = app
                .clone()
                .oneshot(req.body(Body::empty()).expect("request"))
                .await
                .expect("infallible");
            assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
            let header = |name: &str| {
                res.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string()
            };
            assert!(header("content-type").starts_with(content_type), "{path}");
            assert_eq!(header("retry-after"), "2", "{path}");
            let id = header("x-request-id");
            assert_eq!(id.len(), 8, "{path}: {id}");
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            let body = String::from_utf8_lossy(&bytes).into_owned();
            let shown = if content_type == "application/json" {
                let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
                v["error"].as_str().unwrap_or_default().to_string()
            } else {
                body.clone()
            };
            assert!(
                shown.contains("cannot be reached just now"),
                "{path}: {shown}"
            );
            assert!(shown.contains(&id), "{path}: {shown}");
            assert!(!shown.contains("pool"), "{path}: {shown}");
            if htmx {
                assert!(body.starts_with("<span class=\"error\""), "{body}");
            } else if content_type == "text/html" {
                assert!(body.contains("<nav"), "the page keeps the layout: {body}");
            }
        }
    }
}
