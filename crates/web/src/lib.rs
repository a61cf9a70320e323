/*!
The tpmprep web app: one axum [`Router`] serving server-rendered HTML pages (minijinja templates,
htmx and a little plain JS, all embedded) and the JSON API under `/api/v1`, documented by the OpenAPI
file served at `/api/v1/openapi.json`.

Layout: [`router`] assembles the pieces; each area of the product is one module under `pages` with its
own `routes()` (HTML) and `api()` (JSON, listed as [`ApiRoute`]s so the OpenAPI test can compare the
document with the real routes). Safety is applied once, around everything, by `middleware`: the Host
header must name the bound address (DNS rebinding), state-changing requests need the CSRF token or a JSON
body from a same-origin page, bodies are size-limited, every answer carries the security headers, and
every error is said in plain words (a 5xx's cause only in the log). [`serve`] runs the accept loop with
a header-read timeout and a connection cap.

Invariant: the only crate that knows HTTP and HTML. It calls the use cases (`app`), the store trait,
the pack and the critic; it has no SQL.
*/
#![deny(missing_docs)]

mod accounts;
mod assets;
mod error;
mod middleware;
mod pages;
mod rejection;
mod serve;
mod templates;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get};
use tpmprep_app::mock::Ctx;
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_store::{Store, UserId};

pub(crate) use error::ApiJson;
pub use error::{ApiError, PageError};
pub use middleware::CONTENT_SECURITY_POLICY;
pub use serve::{Limits, serve, serve_with};

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

/// Who the server serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// One person on their own machine: every request is this account's, no one signs in.
    Local(UserId),
    /// Many accounts: a request is the signed-in account's, and anything else asks to sign in.
    Accounts {
        /// Served behind a TLS-terminating proxy (`--behind-proxy`): cookies are `Secure`, a page's
        /// https origin on this host is its own, and the client's address is the proxy's
        /// `X-Forwarded-For` (trusted only then).
        behind_proxy: bool,
    },
}

/// No account: what a request that is nobody's reads as its owner in accounts mode (it owns no
/// row, so a query made outside a signed-in request finds nothing and writes nothing).
pub const NO_ONE: UserId = 0;

/// The account a request is made by (accounts mode), set by the sign-in middleware for the
/// request's task.
#[derive(Debug, Clone)]
pub(crate) struct Requester {
    pub(crate) owner: UserId,
    pub(crate) email: Option<String>,
    pub(crate) role: Option<tpmprep_store::Role>,
    pub(crate) csrf: String,
}

tokio::task_local! {
    pub(crate) static REQUESTER: Requester;
}

struct Inner {
    store: Arc<dyn Store>,
    pack: Pack,
    critic: Critic,
    access: Access,
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
            access: Access::Local(owner),
            csrf,
            hosts,
            templates: templates::environment(),
            openapi: openapi().to_string(),
        }))
    }

    /// State for a server with accounts, answering to the Host names in `hosts` (`name:port`).
    pub fn with_accounts(
        store: Arc<dyn Store>,
        pack: Pack,
        hosts: Vec<String>,
        behind_proxy: bool,
    ) -> AppState {
        let critic = Critic::new(&pack);
        AppState(Arc::new(Inner {
            store,
            pack,
            critic,
            access: Access::Accounts { behind_proxy },
            csrf: String::new(),
            hosts,
            templates: templates::environment(),
            openapi: openapi().to_string(),
        }))
    }

    /// Who this server serves.
    pub fn access(&self) -> Access {
        self.0.access
    }

    /// Whether a TLS-terminating proxy stands in front (accounts mode with `--behind-proxy`).
    pub fn behind_proxy(&self) -> bool {
        matches!(self.0.access, Access::Accounts { behind_proxy: true })
    }

    /// The use-case context for this request.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            store: self.0.store.as_ref(),
            pack: &self.0.pack,
            critic: &self.0.critic,
            owner: self.owner(),
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

    /// The account this request is made by: the local user, or in accounts mode the signed-in
    /// account ([`NO_ONE`] outside a signed-in request).
    pub fn owner(&self) -> UserId {
        match self.0.access {
            Access::Local(owner) => owner,
            Access::Accounts { .. } => REQUESTER.try_with(|r| r.owner).unwrap_or(NO_ONE),
        }
    }

    /// The signed-in account's role (accounts mode; `None` in local mode and before signing in).
    pub fn role(&self) -> Option<tpmprep_store::Role> {
        REQUESTER.try_with(|r| r.role).ok().flatten()
    }

    /// The use-case context acting on `owner`'s data (a coach reading a candidate who shares with
    /// them; the caller has checked the share).
    pub(crate) fn ctx_for(&self, owner: UserId) -> Ctx<'_> {
        Ctx {
            owner,
            ..self.ctx()
        }
    }

    /// The signed-in account's address (accounts mode), for the page header.
    pub fn signed_in_as(&self) -> Option<String> {
        REQUESTER.try_with(|r| r.email.clone()).ok().flatten()
    }

    /// The CSRF token pages send back: the process's in local mode; in accounts mode one bound to
    /// the browser (its session, or before signing in its own cookie), the same on every app node.
    pub fn csrf(&self) -> String {
        match self.0.access {
            Access::Local(_) => self.0.csrf.clone(),
            Access::Accounts { .. } => REQUESTER.try_with(|r| r.csrf.clone()).unwrap_or_default(),
        }
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
        // The API's root names where its description is.
        .route(
            "/api/v1",
            get(|| async { axum::response::Redirect::permanent("/api/v1/openapi.json") }),
        )
        .route(
            "/api/v1/",
            get(|| async { axum::response::Redirect::permanent("/api/v1/openapi.json") }),
        )
        .merge(api)
        .merge(pages::routes())
        .merge(accounts::routes())
        .merge(assets::routes())
        .fallback(|uri: axum::http::Uri| async move {
            if uri.path().starts_with("/api/") {
                ApiError::NotFound(format!("no API route `{}`", uri.path())).into_response()
            } else {
                PageError::NotFound("page".into()).into_response()
            }
        })
        .layer(from_fn_with_state(state.clone(), middleware::guard))
        .layer(from_fn_with_state(state.clone(), accounts::sign_in_first))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn_with_state(
            state.clone(),
            middleware::errors_in_words,
        ))
        .layer(from_fn(middleware::every_response))
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
        "description": "Refused: bad input, a number out of range, several Host headers or a \
            request target naming another host (400), missing CSRF proof (403), no such thing (404), \
            body over 256 KB, or 48 MB for an import (413, the error names the limit), not JSON \
            (415), JSON of the wrong shape (422), another Host (421).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    });
    let broke = serde_json::json!({
        "description": "Something went wrong on the server: the error names a request id (also in \
            the `x-request-id` header) under which the server's log holds the details. 503: the \
            database cannot be reached just now (restarting, down, or every connection busy); try \
            again after `Retry-After` seconds (the server reconnects by itself); a write answered this \
            way may not have been saved.",
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
                responses.entry("5XX").or_insert_with(|| broke.clone());
            }
        }
    }
    doc
}
