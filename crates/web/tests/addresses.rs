//! Hand-edited addresses and malformed requests are answered in plain words: a story number that is
//! no number is "There is no story `abc`." (404), a revision that is no number "`to` must be a
//! revision number" (400), a page number names the real last page; and on every route — pages and
//! the JSON API, found in the sources so a new one cannot be missed — a path parameter that cannot
//! be read, a query parameter given twice, or a body of the wrong shape never shows axum's or
//! serde's own words. The API keeps its `{"error": …}` JSON.

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, HOST, app};
use serde_json::json;

/// Words of the framework that must never reach a page or an API error.
const NEVER: &[&str] = &[
    "Invalid URL",
    "Cannot parse",
    "Failed to",
    "deserialize",
    "invalid digit",
    "`i64`",
    "`u64`",
    "`u32`",
    "`usize`",
    "Expected request",
    "duplicate field",
    "target type",
    "missing field",
    "unknown field",
    "unknown variant",
    "invalid type",
    "18446744073709551615",
    "9223372036854775807",
];

#[track_caller]
fn plain(what: &str, body: &str) {
    for bad in NEVER {
        assert!(
            !body.contains(bad),
            "{what} shows the framework's words ({bad:?}): {body}"
        );
    }
}

/// Every route the app serves (`.route("/…"` and the API's `"/api/v1/…"` paths), read from the
/// sources.
fn routes() -> BTreeSet<String> {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/pages"
    ))];
    let mut out = BTreeSet::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/pages") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for part in source.split(".route(").skip(1) {
                if let Some(rest) = part.trim_start().strip_prefix('"') {
                    if let Some(end) = rest.find('"') {
                        out.insert(rest[..end].to_string());
                    }
                }
            }
            for part in source.split("\"/api/v1/").skip(1) {
                if let Some(end) = part.find('"') {
                    let route = format!("/api/v1/{}", &part[..end]);
                    // Routes only: `{name}` parameters, no format placeholders or spaces.
                    if !route.contains("{}") && !route.contains(' ') && !route.contains("{:") {
                        out.insert(route);
                    }
                }
            }
        }
    }
    out
}

/// `route` with each `{param}` replaced by `value`.
fn with(route: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = route;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(value);
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

async fn send(app: &App, method: &str, uri: &str, content_type: &str, body: &str) -> common::Reply {
    app.send(
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("x-csrf-token", app.state.csrf())
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

async fn story(app: &App) -> i64 {
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": "Vendor slip", "action": "I re-planned the launch."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["meta"]["id"].as_i64().expect("id")
}

#[tokio::test]
async fn a_story_number_that_is_no_number_is_no_story() {
    let app = app().await;
    for raw in ["abc", "99999999999999999999", "1.5"] {
        for path in [format!("/stories/{raw}"), format!("/stories/{raw}/history")] {
            let r = app.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
            assert!(
                r.body.contains(&format!("There is no story `{raw}`.")),
                "{path}: {}",
                r.body
            );
            // A page in the layout, with the navigation.
            assert!(r.body.contains("<nav"), "{path}: {}", r.body);
            plain(&path, &r.body);
        }
        // The API says the same, as JSON.
        let r = app.get(&format!("/api/v1/stories/{raw}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        assert_eq!(
            r.json(),
            json!({"error": format!("There is no story `{raw}`.")})
        );
    }
    // A revision that is no number, in the restore address.
    let id = story(&app).await;
    let r = app
        .form("POST", &format!("/stories/{id}/restore/abc"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(
        r.body.contains("There is no revision `abc` of this story."),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn history_revisions_that_are_no_numbers_are_refused_in_words() {
    let app = app().await;
    let id = story(&app).await;
    for (query, name) in [("to=abc", "to"), ("from=x&to=1", "from"), ("to=1e3", "to")] {
        let r = app.get(&format!("/stories/{id}/history?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert!(
            r.body.contains(&format!(
                "`{name}` must be a revision number: story {id} has revisions 1 to 1"
            )),
            "{query}: {}",
            r.body
        );
        plain(query, &r.body);
    }
    // Blank is as if not given.
    app.get(&format!("/stories/{id}/history?from=&to="))
        .await
        .ok();
}

#[tokio::test]
async fn no_route_shows_the_frameworks_words_for_what_it_cannot_read() {
    let app = app().await;
    let id = story(&app).await.to_string();
    let routes = routes();
    assert!(
        routes.contains("/stories/{id}/history") && routes.contains("/api/v1/stories/{id}"),
        "the route scan found {routes:?}"
    );
    // Each parameter twice, every name any page or API route reads from its query.
    let twice = [
        "principle",
        "status",
        "tag",
        "trash",
        "q",
        "kind",
        "level",
        "page",
        "per_page",
        "format",
        "role",
        "from",
        "to",
        "time_up",
        "stage",
        "seed",
        "minutes_scale",
    ]
    .iter()
    .map(|n| format!("{n}=1&{n}=2"))
    .collect::<Vec<_>>()
    .join("&");
    for route in &routes {
        let api = route.starts_with("/api/");
        for value in ["abc", "99999999999999999999", "%FF", id.as_str()] {
            let uri = with(route, value);
            for (method, content_type, body) in [
                ("GET", "text/plain", String::new()),
                (
                    "POST",
                    "application/x-www-form-urlencoded",
                    "text=1&text=2".into(),
                ),
                (
                    "PUT",
                    "application/x-www-form-urlencoded",
                    "title=1&title=2".into(),
                ),
                (
                    "POST",
                    "application/json",
                    r#"{"title": 1, "text": 2, "kind": "lunch"}"#.into(),
                ),
                ("PUT", "application/json", "{not json".into()),
                ("POST", "text/plain", "hello".into()),
            ] {
                let uri = if method == "GET" {
                    format!("{uri}?{twice}")
                } else {
                    uri.clone()
                };
                let r = send(&app, method, &uri, content_type, &body).await;
                let what = format!("{method} {uri} ({content_type})");
                assert!(
                    !r.status.is_server_error(),
                    "{what}: {} {}",
                    r.status,
                    r.body
                );
                if r.status.is_client_error() {
                    plain(&what, &r.body);
                    if api {
                        let said = r.json();
                        assert!(said["error"].is_string(), "{what}: {}", r.body);
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn api_bodies_of_the_wrong_shape_are_refused_in_plain_json() {
    let app = app().await;
    let r = app
        .json("POST", "/api/v1/stories", json!({"title": 1}))
        .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    assert_eq!(
        r.json()["error"],
        "The request body cannot be read: `title` must be text, not `1` (line 1, column 10)."
    );
    let r = send(
        &app,
        "POST",
        "/api/v1/critique",
        "application/json",
        "{\"text\": ",
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("The request body is not valid JSON")),
        "{}",
        r.body
    );
    let r = send(&app, "POST", "/api/v1/critique", "text/plain", "hello").await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    assert_eq!(
        r.json()["error"],
        "This takes a JSON body: send it with the header `Content-Type: application/json`."
    );
    // The mock API words its own body refusals the same way.
    let r = app
        .json("POST", "/api/v1/mocks", json!({"kind": "lunch"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let said = r.json()["error"].as_str().unwrap_or_default().to_string();
    assert!(
        said.starts_with("The request body cannot be read: `kind` cannot be `lunch`; it is one of"),
        "{said}"
    );
    plain("POST /api/v1/mocks", &said);
}
