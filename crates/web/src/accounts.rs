//! Signing in, in accounts mode: the middleware that names the account each request is made by
//! (from its session cookie) and the sign-in, invitation and sign-out pages. In local mode none of
//! this runs: every request is the local user's.
//!
//! A session cookie carries a 256-bit token (`HttpOnly; SameSite=Lax`, `Secure` when served over
//! TLS); the store keeps only its hash. The CSRF token is derived from the session token (before
//! signing in, from a cookie of its own), so every app node agrees on it without shared memory.

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};
use tpmprep_app::accounts::{self, SignInError};

use crate::{Access, AppState, NO_ONE, REQUESTER, Requester};

/// The session cookie.
const SESSION: &str = "tpmprep_session";
/// The CSRF cookie of a browser not signed in yet.
const PRE_CSRF: &str = "tpmprep_csrf";

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "accounts/sign_in.html",
        include_str!("../templates/accounts/sign_in.html"),
    ),
    (
        "accounts/invite.html",
        include_str!("../templates/accounts/invite.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(sign_in_page).post(sign_in))
        .route("/logout", post(sign_out))
        .route("/invite/{token}", get(invite_page).post(accept))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

fn csrf_of(token: &str) -> String {
    Sha256::digest(format!("csrf:{token}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age_s: i64) -> HeaderValue {
    let secure = state.behind_proxy();
    let v = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Paths anyone may reach without signing in.
fn public(path: &str) -> bool {
    matches!(
        path,
        "/login" | "/logout" | "/healthz" | "/api/v1/openapi.json"
    ) || path.starts_with("/invite/")
        || path.starts_with("/assets/")
}

/// In accounts mode: the request's account from its session cookie, for the request's whole task;
/// a request that is nobody's may reach only the public paths (pages are sent to sign in, the API
/// answers 401).
pub(crate) async fn sign_in_first(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if let Access::Local(_) = state.access() {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let session = cookie(req.headers(), SESSION);
    let account = match &session {
        Some(token) => {
            match accounts::session_account(state.store(), token, tpmprep_store::now_ms()).await {
                Ok(a) => a,
                // The database cannot say who this is (down, or failing): say that, rather than
                // send a signed-in person to sign in again.
                Err(e) if path.starts_with("/api/") => {
                    return crate::ApiError::from(e).into_response();
                }
                Err(e) => return crate::PageError::from(e).into_response(),
            }
        }
        None => None,
    };
    if let (Some(a), Some(token)) = (account, session) {
        let who = Requester {
            owner: a.id,
            email: a.email,
            role: Some(a.role),
            csrf: csrf_of(&token),
        };
        // The account rides on the answer too, so an error page drawn outside this scope
        // (`middleware::errors_in_words`) still knows whose it is.
        let mut res = REQUESTER.scope(who.clone(), next.run(req)).await;
        if res.status().is_client_error() || res.status().is_server_error() {
            res.extensions_mut().insert(who);
        }
        return res;
    }
    if !public(&path) {
        if path.starts_with("/api/") {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"error":"sign in first: this server has accounts"}"#,
            )
                .into_response();
        }
        let next_path = if path == "/" { String::new() } else { path };
        return Redirect::to(&format!("/login?next={}", percent(&next_path))).into_response();
    }
    // Not signed in, on a public page: a CSRF token of the browser's own.
    let (pre, fresh) = match cookie(req.headers(), PRE_CSRF) {
        Some(t) => (t, false),
        None => (accounts::Token::generate().text, true),
    };
    let who = Requester {
        owner: NO_ONE,
        email: None,
        role: None,
        csrf: csrf_of(&pre),
    };
    let mut res = REQUESTER.scope(who, next.run(req)).await;
    if fresh {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, PRE_CSRF, &pre, 86_400),
        );
    }
    res
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a path on this server only.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// Where a person lands after signing in: where they were going, else a coach on their candidates
/// and everyone else on their dashboard.
fn landing(role: tpmprep_store::Role, next: &str) -> String {
    let next = safe_next(next);
    if next == "/" && role == tpmprep_store::Role::Coach {
        "/coach".to_string()
    } else {
        next
    }
}

#[derive(serde::Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn sign_in_page(
    State(state): State<AppState>,
    q: axum::extract::Query<NextQuery>,
) -> Result<Html<String>, crate::PageError> {
    crate::templates::render(
        &state,
        "accounts/sign_in.html",
        "",
        minijinja::context! { next => safe_next(&q.next) },
    )
}

#[derive(serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn status(code: StatusCode, words: &str) -> Response {
    let html = format!(
        "<span class=\"error\">{}</span>",
        minijinja::HtmlEscape(words)
    );
    (code, Html(html)).into_response()
}

/// The address a sign-in comes from, for the per-address limit: the peer's, or behind a proxy
/// (`--behind-proxy`, and only then) the last address the proxy appended to `X-Forwarded-For` —
/// the one a client cannot forge, since the proxy adds what it saw.
fn client_address(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    ext: &axum::http::Extensions,
) -> String {
    if state.behind_proxy() {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

async fn sign_in(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ext: axum::http::Extensions,
    axum::Form(f): axum::Form<SignInForm>,
) -> Response {
    let address = client_address(&state, &headers, &ext);
    match accounts::sign_in(
        state.store(),
        &f.email,
        &f.password,
        &address,
        tpmprep_store::now_ms(),
    )
    .await
    {
        Ok((account, token)) => {
            let mut res = StatusCode::NO_CONTENT.into_response();
            let h = res.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION, &token.text, accounts::ABSOLUTE_MS / 1000),
            );
            if let Ok(v) = HeaderValue::from_str(&landing(account.role, &f.next)) {
                h.insert("hx-redirect", v);
            }
            res
        }
        Err(SignInError::Mismatch) => status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not signed in: that address and password do not match an account.",
        ),
        Err(e @ SignInError::TooMany(minutes)) => {
            let mut res = status(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Not signed in: {e}."),
            );
            if let Ok(v) = HeaderValue::from_str(&(minutes * 60).to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(SignInError::App(e)) => crate::PageError::from(e).into_response(),
    }
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION) {
        let _ = accounts::sign_out(state.store(), &token).await;
    }
    // htmx follows a redirect inside its request, so it is told where to go instead.
    let mut res = if headers.contains_key("hx-request") {
        let mut r = StatusCode::NO_CONTENT.into_response();
        r.headers_mut()
            .insert("hx-redirect", HeaderValue::from_static("/login"));
        r
    } else {
        Redirect::to("/login").into_response()
    };
    res.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&state, SESSION, "", 0));
    res
}

async fn invite_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Html<String>, crate::PageError> {
    // Said before anyone types a password: a used or expired link shows no form.
    let invite = state
        .store()
        .invite(&accounts::token_hash(&token), tpmprep_store::now_ms())
        .await?;
    let (email, role) = match &invite {
        Some((email, role)) => (email.as_str(), role.as_str()),
        None => ("", ""),
    };
    crate::templates::render(
        &state,
        "accounts/invite.html",
        "",
        minijinja::context! {
            token => token,
            min => accounts::MIN_PASSWORD,
            live => invite.is_some(),
            email => email,
            role => role,
            signed_in_as => state.signed_in_as(),
        },
    )
}

#[derive(serde::Deserialize)]
struct InviteForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    axum::Form(f): axum::Form<InviteForm>,
) -> Response {
    if f.password != f.again {
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not set: the two passwords differ.",
        );
    }
    match accounts::accept_invite(state.store(), &token, &f.password, tpmprep_store::now_ms()).await
    {
        Ok((id, session)) => {
            let role = match state.store().account(id).await {
                Ok(Some(a)) => a.role,
                _ => tpmprep_store::Role::Candidate,
            };
            let mut res = StatusCode::NO_CONTENT.into_response();
            let h = res.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION, &session.text, accounts::ABSOLUTE_MS / 1000),
            );
            if let Ok(v) = HeaderValue::from_str(&landing(role, "")) {
                h.insert("hx-redirect", v);
            }
            res
        }
        Err(tpmprep_app::AppError::Store(e)) if e.is_unavailable() => {
            crate::PageError::from(e).into_response()
        }
        Err(e) => status(StatusCode::UNPROCESSABLE_ENTITY, &format!("Not set: {e}")),
    }
}
