//! A database out of reach (here: the store's pool closed, which the store reports as
//! `StoreError::Unavailable`, as it does a PostgreSQL server that is down or restarting) is a 503 in
//! plain words — JSON `{"error"}` on the API, a page or htmx fragment otherwise, with `Retry-After`
//! and a request id — never a 500, and in accounts mode never a 401 or a trip to the sign-in page:
//! the browser is still signed in.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tpmprep_app::accounts;
use tpmprep_store::{Role, SqliteStore, Store};
use tpmprep_web::{AppState, router};

mod common;

use common::{HOST, Reply, send};

#[track_caller]
fn unavailable_in_words(r: &Reply, content_type: &str) {
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    let ct = r
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(ct.starts_with(content_type), "{ct}: {}", r.body);
    assert!(r.body.contains("cannot be reached just now"), "{}", r.body);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    assert!(r.headers.contains_key("x-request-id"));
    // The cause (sqlx's words) stays in the log.
    assert!(!r.body.contains("pool"), "{}", r.body);
}

#[tokio::test]
async fn the_api_and_the_pages_answer_503_in_words_while_the_database_is_out_of_reach() {
    let app = common::app().await;
    let story = serde_json::json!({ "title": "Checkout", "action": "I moved the launch." });
    app.json("POST", "/api/v1/stories", story).await.ok();
    app.store.close().await;

    let api = app.get("/api/v1/stories").await;
    unavailable_in_words(&api, "application/json");
    let error = api.json()["error"].as_str().unwrap_or("").to_string();
    assert!(error.contains("try again in a moment"), "{error}");

    let write = app
        .json(
            "POST",
            "/api/v1/stories",
            serde_json::json!({ "title": "Another" }),
        )
        .await;
    unavailable_in_words(&write, "application/json");
    assert!(
        write.json()["error"]
            .as_str()
            .unwrap_or("")
            .contains("may not have been saved")
    );

    let page = app.get("/stories").await;
    unavailable_in_words(&page, "text/html");
    assert!(
        page.body.contains("<nav"),
        "the error page keeps the layout"
    );

    let fragment = app
        .send(
            Request::builder()
                .method("PUT")
                .uri("/stories/1")
                .header(header::HOST, HOST)
                .header("x-csrf-token", app.state.csrf())
                .header("hx-request", "true")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("base_rev=1&title=Checkout"))
                .expect("request"),
        )
        .await;
    unavailable_in_words(&fragment, "text/html");
    assert!(
        fragment.body.starts_with("<span class=\"error\""),
        "{}",
        fragment.body
    );

    // The process itself is fine: a load balancer's health check keeps it in.
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_signed_in_browser_is_not_signed_out_when_the_database_is_out_of_reach() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open"),
    );
    accounts::create_account(
        store.as_ref(),
        "ana@example.com",
        Role::Candidate,
        "a long passphrase",
    )
    .await
    .expect("account");
    let (_, token) = accounts::sign_in(
        store.as_ref(),
        "ana@example.com",
        "a long passphrase",
        "127.0.0.1",
        tpmprep_store::now_ms(),
    )
    .await
    .expect("signed in");
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let state = AppState::with_accounts(store.clone(), pack, vec![HOST.to_string()], false);
    let app = router(state);
    let get = |path: &str| {
        Request::get(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, format!("tpmprep_session={}", token.text))
            .body(Body::empty())
            .expect("request")
    };
    assert_eq!(
        send(&app, get("/api/v1/stories")).await.status,
        StatusCode::OK
    );
    store.close().await;

    unavailable_in_words(
        &send(&app, get("/api/v1/stories")).await,
        "application/json",
    );
    unavailable_in_words(&send(&app, get("/")).await, "text/html");
    // The sign-in page itself needs no session, and is served.
    assert_eq!(send(&app, get("/login")).await.status, StatusCode::OK);
}
