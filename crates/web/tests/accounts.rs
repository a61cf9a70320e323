//! Accounts mode through the real router: nobody's request reaches only the sign-in pages (pages
//! are sent to sign in, the API answers 401); a signed-in account sees its own stories and gets 404
//! for another's; signing out ends the session on the server; the CSRF token is bound to the
//! browser.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tpmprep_store::{Role, SqliteStore, Store};

mod common;

use common::send;
use common::signed::{SITE as HOST, accounts_app, cookie_from, csrf_in, form, get, sign_in};

async fn setup() -> (Router, Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open"),
    );
    let app = accounts_app(
        store.clone(),
        &[
            ("ana@example.com", Role::Candidate),
            ("bo@example.com", Role::Candidate),
        ],
    )
    .await;
    (app, store, dir)
}

#[tokio::test]
async fn nobody_reaches_only_the_sign_in_pages() {
    let (app, _store, _dir) = setup().await;
    let r = send(&app, get("/stories", None)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap_or("")),
        Some("/login?next=/stories")
    );
    let r = send(&app, get("/api/v1/stories", None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("sign in first"), "{}", r.body);
    // A made-up session is nobody's.
    let fake = format!("tpmprep_session={}", "ab".repeat(32));
    assert_eq!(
        send(&app, get("/api/v1/stories", Some(&fake))).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(send(&app, get("/login", None)).await.status, StatusCode::OK);
    assert_eq!(
        send(&app, get("/assets/app.css", None)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_wrong_password_signs_no_one_in_and_says_so() {
    let (app, _store, _dir) = setup().await;
    let page = send(&app, get("/login", None)).await;
    let pre = cookie_from(&page, "tpmprep_csrf").expect("cookie");
    let csrf = csrf_in(&page.body);
    let r = send(
        &app,
        form(
            "/login",
            &pre,
            &csrf,
            "email=ana@example.com&password=not+the+one+at+all",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("do not match an account"), "{}", r.body);
    assert!(cookie_from(&r, "tpmprep_session").is_none());
    // Behind a TLS proxy the page's origin is https on the public host: accepted; another is not.
    let with_origin = |origin: &str| {
        let mut r = form(
            "/login",
            &pre,
            &csrf,
            "email=ana@example.com&password=not+the+one+at+all",
        );
        r.headers_mut()
            .insert(header::ORIGIN, origin.parse().expect("header"));
        r
    };
    let r = send(&app, with_origin("https://prep.example.com")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = send(&app, with_origin("https://evil.example")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // Without the browser's token the form is refused before any password is checked.
    let r = send(
        &app,
        form("/login", &pre, "0", "email=ana@example.com&password=x"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn each_account_sees_its_own_stories_and_404_for_another_s() {
    let (app, _store, _dir) = setup().await;
    let ana = sign_in(&app, "ana@example.com").await;
    let bo = sign_in(&app, "bo@example.com").await;
    let story = Request::post("/api/v1/stories")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &ana)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"title": "Ana's cut-over", "situation": "Ana only"}).to_string(),
        ))
        .expect("request");
    let made = send(&app, story).await;
    assert!(made.status.is_success(), "{} {}", made.status, made.body);
    let id = serde_json::from_str::<serde_json::Value>(&made.body).expect("json")["meta"]["id"]
        .as_i64()
        .expect("id");
    let mine = send(&app, get(&format!("/api/v1/stories/{id}"), Some(&ana))).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    for path in [format!("/api/v1/stories/{id}"), format!("/stories/{id}")] {
        let theirs = send(&app, get(&path, Some(&bo))).await;
        assert_eq!(
            theirs.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            theirs.body
        );
        assert!(!theirs.body.contains("Ana only"), "{path}");
    }
    let list = send(&app, get("/api/v1/stories", Some(&bo))).await;
    assert_eq!(list.body.trim(), "[]", "{}", list.body);
    // Signing out ends Ana's session on the server, not only in her browser.
    let page = send(&app, get("/stories", Some(&ana))).await;
    let csrf = csrf_in(&page.body);
    let out = send(&app, form("/logout", &ana, &csrf, "")).await;
    assert!(
        out.status.is_redirection() || out.status.is_success(),
        "{}",
        out.status
    );
    assert_eq!(
        send(&app, get("/api/v1/stories", Some(&ana))).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, get("/api/v1/stories", Some(&bo))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn behind_the_proxy_the_sign_in_limit_counts_the_forwarded_address() {
    let (app, _store, _dir) = setup().await;
    let page = send(&app, get("/login", None)).await;
    let pre = cookie_from(&page, "tpmprep_csrf").expect("cookie");
    let csrf = csrf_in(&page.body);
    let attempt = |forwarded: &str, n: usize| {
        let mut r = form(
            "/login",
            &pre,
            &csrf,
            &format!("email=nobody{n}@example.com&password=not+the+one+at+all"),
        );
        r.headers_mut()
            .insert("x-forwarded-for", forwarded.parse().expect("header"));
        r
    };
    // Twenty failures from one client, each put last by the proxy; a forged first entry changes
    // nothing.
    for n in 0..20 {
        let r = send(&app, attempt(&format!("10.9.9.{n}, 203.0.113.7"), n)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{n}: {}",
            r.body
        );
    }
    let r = send(&app, attempt("1.1.1.1, 203.0.113.7", 20)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // Another client behind the same proxy is not held back.
    let r = send(&app, attempt("198.51.100.9", 21)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn each_account_downloads_only_its_own_backup() {
    let (app, store, _dir) = setup().await;
    let ana = sign_in(&app, "ana@example.com").await;
    let bo = sign_in(&app, "bo@example.com").await;
    for (who, title) in [
        ("ana@example.com", "Ana's cut-over"),
        ("bo@example.com", "Bo's vendor"),
    ] {
        let id = store
            .credentials(who)
            .await
            .expect("lookup")
            .expect("account")
            .account
            .id;
        let content = tpmprep_stories::StoryContent {
            title: title.into(),
            situation: format!("{title}: only theirs."),
            ..tpmprep_stories::StoryContent::default()
        };
        store.create_story(id, &content).await.expect("story");
    }
    let r = send(&app, get("/api/v1/backup", Some(&ana))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let disposition = r
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        disposition.starts_with("attachment; filename=\"tpmprep-backup-"),
        "{disposition}"
    );
    let doc: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(doc["format"], "tpmprep.backup");
    let titles: Vec<&str> = doc["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(|s| s["revisions"][0]["content"]["title"].as_str())
        .collect();
    assert_eq!(titles, ["Ana's cut-over"]);
    assert!(!r.body.contains("Bo's vendor") && !r.body.contains("password"));
    let theirs = send(&app, get("/api/v1/backup", Some(&bo))).await;
    assert!(theirs.body.contains("Bo's vendor") && !theirs.body.contains("Ana"));
    assert_eq!(
        send(&app, get("/api/v1/backup", None)).await.status,
        StatusCode::UNAUTHORIZED
    );
}
