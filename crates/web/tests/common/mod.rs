//! In-process HTTP for the web tests: the real router over a temp SQLite store and the embedded pack,
//! driven with `tower::ServiceExt::oneshot` (no sockets).

#![allow(dead_code)]

pub mod signed;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use tpmprep_store::{LOCAL_USER, SqliteStore, Store};
use tpmprep_web::{AppState, router};

/// The port the test state pretends to be bound to.
pub const PORT: u16 = 7000;
/// The Host header the server accepts.
pub const HOST: &str = "127.0.0.1:7000";

pub struct App {
    pub router: Router,
    pub state: AppState,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    #[track_caller]
    pub fn ok(self) -> Reply {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        self
    }
}

pub async fn app() -> App {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open store"),
    );
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let state = AppState::new(store.clone(), pack, LOCAL_USER, PORT);
    App {
        router: router(state.clone()),
        state,
        store,
        _dir: dir,
    }
}

/// Sends one request through `router` and reads the answer whole.
pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

impl App {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        send(&self.router, req).await
    }

    /// GET with the right Host.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::HOST, HOST)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// A form post as a page sends it: urlencoded, with the CSRF header and this origin.
    pub async fn form(&self, method: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("x-csrf-token", self.state.csrf())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    /// A JSON request as an API client sends it (no token needed for JSON).
    pub async fn json(&self, method: &str, path: &str, body: serde_json::Value) -> Reply {
        self.send(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
