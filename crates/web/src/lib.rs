/*!
The tpmprep web app: one axum [`Router`] serving server-rendered HTML pages (minijinja templates,
htmx and a little plain JS, all embedded) and the JSON API under `/api/v1`, documented by the OpenAPI
file served at `/api/v1/openapi.json`.

Layout: [`router`] assembles the pieces; each area of the product is one module under `pages` with its
own `routes()` (HTML) and `api()` (JSON, listed as [`ApiRoute`]s so the OpenAPI test can compare the
document with the real routes). Safety is applied once, around everything, by [`guard`]: the Host
header must name the bound address (DNS rebinding), state-changing requests need the CSRF token or a JSON
body from a same-origin page, and bodies are size-limited.

Invariant: the only crate that knows HTTP and HTML. It calls the use cases (`app`), the store trait,
the pack and the critic; it has no SQL.
*/
#![deny(missing_docs)]

mod assets;
mod error;
mod pages;
mod templates;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tpmprep_app::mock::Ctx;
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_store::{Store, UserId};

pub(crate) use error::ApiJson;
pub use error::{ApiError, PageError};

/// Largest request body accepted (a long story with every field is far below this).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Largest story text an import through the web takes (a bank of a few thousand stories); the
/// CLI's `story import` reads files up to 64 MB.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Largest body of an import request: the text, escaped as JSON or form-encoded (at most three bytes
/// for each byte of text).
pub const MAX_IMPORT_BODY_BYTES: usize = 3 * MAX_IMPORT_BYTES + 64 * 1024;
/// Header carrying the CSRF token on state-changing requests from pages.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What every handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Arc<dyn Store>,
    pack: Pack,
    critic: Critic,
    owner: UserId,
    csrf: String,
    hosts: Vec<String>,
    templates: minijinja::Environment<'static>,
    openapi: String,
}

impl AppState {
    /// State for a server bound to `port` on the loopback interface, for the account `owner`.
    pub fn new(store: Arc<dyn Store>, pack: Pack, owner: UserId, port: u16) -> AppState {
        let critic = Critic::new(&pack);
        let hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let csrf: String = (0..32)
            .map(|_| char::from(b"0123456789abcdef"[rand::random_range(0..16usize)]))
            .collect();
        AppState(Arc::new(Inner {
            store,
            pack,
            critic,
            owner,
            csrf,
            hosts,
            templates: templates::environment(),
            openapi: openapi().to_string(),
        }))
    }

    /// The use-case context for this request.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            store: self.0.store.as_ref(),
            pack: &self.0.pack,
            critic: &self.0.critic,
            owner: self.0.owner,
        }
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.0.store.as_ref()
    }

    /// The pack.
    pub fn pack(&self) -> &Pack {
        &self.0.pack
    }

    /// The critic.
    pub fn critic(&self) -> &Critic {
        &self.0.critic
    }

    /// The account.
    pub fn owner(&self) -> UserId {
        self.0.owner
    }

    /// The CSRF token pages send back.
    pub fn csrf(&self) -> &str {
        &self.0.csrf
    }

    /// Host header values this server answers to.
    pub fn hosts(&self) -> &[String] {
        &self.0.hosts
    }

    pub(crate) fn templates(&self) -> &minijinja::Environment<'static> {
        &self.0.templates
    }
}

/// One JSON API route: method, path (axum syntax, `{id}` for parameters) and handler.
pub struct ApiRoute {
    /// HTTP method.
    pub method: Method,
    /// Path under the site root, e.g. `/api/v1/stories/{id}`.
    pub path: &'static str,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

/// Every JSON API route, as served.
pub fn api_routes() -> Vec<ApiRoute> {
    pages::api()
}

/// The whole app.
pub fn router(state: AppState) -> Router {
    let mut api = Router::new();
    for r in api_routes() {
        api = api.route(r.path, r.handler);
    }
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/api/v1/openapi.json",
            get(|State(state): State<AppState>| async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    state.0.openapi.clone(),
                )
            }),
        )
        .merge(api)
        .merge(pages::routes())
        .merge(assets::routes())
        .fallback(|uri: axum::http::Uri| async move {
            if uri.path().starts_with("/api/") {
                ApiError::NotFound(format!("no API route `{}`", uri.path())).into_response()
            } else {
                PageError::NotFound("page".into()).into_response()
            }
        })
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(api_errors_as_json))
        .with_state(state)
}

/// The OpenAPI document of `/api/v1`: the base document with every area's `paths` and
/// `components.schemas` merged in.
pub fn openapi() -> serde_json::Value {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../openapi/base.json")).unwrap_or_default();
    for part in pages::openapi_paths() {
        let Ok(part) = serde_json::from_str::<serde_json::Value>(part) else {
            continue;
        };
        for section in ["/paths", "/components/schemas"] {
            if let (Some(serde_json::Value::Object(add)), Some(serde_json::Value::Object(all))) =
                (part.pointer(section), doc.pointer_mut(section))
            {
                all.extend(add.clone());
            }
        }
    }
    // Every operation can be refused before its handler runs (Host, CSRF proof, body size, an
    // unreadable body or path): say so once for all, in the shape every error has.
    let refused = serde_json::json!({
        "description": "Refused: bad input (400), missing CSRF proof (403), no such thing (404), \
            body over 256 KB, or 48 MB for an import (413), not JSON (415), JSON of the wrong shape \
            (422), another Host (421).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    });
    if let Some(serde_json::Value::Object(paths)) = doc.get_mut("paths") {
        for op in paths
            .values_mut()
            .filter_map(serde_json::Value::as_object_mut)
        {
            for responses in op
                .values_mut()
                .filter_map(|o| o.get_mut("responses"))
                .filter_map(serde_json::Value::as_object_mut)
            {
                responses.entry("4XX").or_insert_with(|| refused.clone());
            }
        }
    }
    doc
}

/// Errors under `/api/` are JSON `{"error": "…"}` whoever produced them (the guard, the body limit,
/// axum's extractors), as the OpenAPI document promises.
async fn api_errors_as_json(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    let status = response.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") {
        return response;
    }
    let plain = content_type.starts_with("text/plain") || content_type.is_empty();
    let (mut parts, body) = response.into_parts();
    let reason = status.canonical_reason().unwrap_or("error").to_string();
    let message = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(text) if plain && !text.trim_ascii().is_empty() => {
            String::from_utf8_lossy(&text).trim().to_string()
        }
        _ => reason,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({ "error": message }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
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

/// Host check (DNS rebinding) and CSRF check, before any handler runs.
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
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
        if let Err(why) = csrf_ok(&state, host, headers) {
            return (StatusCode::FORBIDDEN, why).into_response();
        }
    }
    let started = std::time::Instant::now();
    let mut response = next.run(req).await;
    // How long the handler took, for the browser's network panel and bench/web.sh.
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        response.headers_mut().insert(SERVER_TIMING, v);
    }
    response
}

/// The standard header naming server-side time (`app;dur=<milliseconds>`).
const SERVER_TIMING: header::HeaderName = header::HeaderName::from_static("server-timing");

/// A state-changing request must come from this origin (when the browser says where it comes from)
/// and carry the page's CSRF token, or be JSON (which a cross-site page cannot send without a CORS
/// preflight this server never grants).
fn csrf_ok(state: &AppState, host: &str, headers: &HeaderMap) -> Result<(), String> {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        if origin != format!("http://{host}") {
            return Err(format!("cross-origin request from `{origin}` refused"));
        }
    }
    let token = headers.get(CSRF_HEADER).and_then(|t| t.to_str().ok());
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    match token {
        Some(t) if t == state.csrf() => Ok(()),
        Some(_) => Err("the CSRF token is wrong (reload the page)".into()),
        None if json => Ok(()),
        None => Err("missing CSRF token (reload the page)".into()),
    }
}

/// Serves the app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
