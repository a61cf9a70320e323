//! Accounts mode for the web tests: an app with accounts over a given store, signing in through the
//! real sign-in page, and requests carrying the session cookie and CSRF token as a browser would.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tpmprep_app::accounts;
use tpmprep_store::{Role, Store};
use tpmprep_web::{AppState, router};

use super::{Reply, send};

/// The public host name the accounts server answers to.
pub const SITE: &str = "prep.example.com";
/// The password every test account has.
pub const PASSWORD: &str = "a long passphrase";

/// A GET with the session cookie (if any).
pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path).header(header::HOST, SITE);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).expect("request")
}

/// A form post from a page (htmx), with the browser's CSRF token.
pub fn form(path: &str, cookie: &str, csrf: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, SITE)
        .header(header::COOKIE, cookie)
        .header("x-csrf-token", csrf)
        .header("hx-request", "true")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .expect("request")
}

/// A cookie the answer sets, as `name=value`.
pub fn cookie_from(r: &Reply, name: &str) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
}

/// The CSRF token a page carries.
pub fn csrf_in(html: &str) -> String {
    let at = html.find("data-csrf=\"").expect("a page with a CSRF token") + 11;
    html[at..].split('"').next().unwrap_or("").to_string()
}

/// An accounts-mode app over `store`, answering to [`SITE`], with an account of each given address
/// and role (password [`PASSWORD`]).
pub async fn accounts_app(store: Arc<dyn Store>, people: &[(&str, Role)]) -> Router {
    for (email, role) in people {
        accounts::create_account(store.as_ref(), email, *role, PASSWORD)
            .await
            .expect("account");
    }
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let state = AppState::with_accounts(store, pack, vec![SITE.to_string()], true);
    router(state)
}

/// A JSON request to the API with the session cookie (a same-origin script would send this).
pub fn api(
    method: Method,
    path: &str,
    cookie: &str,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let r = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, SITE)
        .header(header::COOKIE, cookie);
    match body {
        Some(b) => r
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => r.body(Body::empty()),
    }
    .expect("request")
}

/// Signs in through the page: the session cookie.
pub async fn sign_in(app: &Router, email: &str) -> String {
    let page = send(app, get("/login", None)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let pre = cookie_from(&page, "tpmprep_csrf").expect("a CSRF cookie before signing in");
    let csrf = csrf_in(&page.body);
    let r = send(
        app,
        form(
            "/login",
            &pre,
            &csrf,
            &format!(
                "email={email}&password={}&next=%2Fstories",
                PASSWORD.replace(' ', "+")
            ),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        r.headers
            .get("hx-redirect")
            .map(|v| v.to_str().unwrap_or("")),
        Some("/stories")
    );
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tpmprep_session="))
        .expect("a session cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set.contains(flag), "{set}");
    }
    set.split(';').next().unwrap_or("").to_string()
}
