//! The guard around every route: Host (DNS rebinding), CSRF/Origin, body size; health and assets.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{HOST, app};

#[tokio::test]
async fn health_and_assets_are_served_with_their_types() {
    let app = app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
    let js = app.get("/assets/htmx.min.js").await.ok();
    assert!(
        js.headers[header::CONTENT_TYPE]
            .to_str()
            .expect("ct")
            .starts_with("text/javascript")
    );
    assert!(js.body.contains("htmx"), "the vendored htmx is embedded");
    let css = app.get("/assets/app.css").await.ok();
    assert!(css.body.contains("--accent"));
    assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_answer_says_how_long_the_server_took() {
    let app = app().await;
    for path in ["/", "/healthz", "/api/v1/dashboard", "/no/such/page"] {
        let r = app.get(path).await;
        let timing = r.headers["server-timing"].to_str().expect("ascii");
        let ms: f64 = timing
            .strip_prefix("app;dur=")
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| panic!("{path}: server-timing `{timing}`"));
        assert!(ms >= 0.0, "{path}: {timing}");
    }
}

#[tokio::test]
async fn a_foreign_host_is_refused_before_any_route() {
    let app = app().await;
    for host in ["evil.example:7000", "127.0.0.1:9999", ""] {
        let r = app
            .send(
                Request::get("/healthz")
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .expect("req"),
            )
            .await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "host {host:?}");
        assert!(r.body.contains("refusing Host"), "{}", r.body);
    }
    let ok = app
        .send(
            Request::get("/healthz")
                .header(header::HOST, "localhost:7000")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn state_changing_requests_need_the_token_or_json_and_this_origin() {
    let app = app().await;
    let post = |origin: Option<&str>, token: Option<&str>, ct: &str| {
        let mut b = Request::post("/api/v1/openapi.json")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, ct);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        b.body(Body::from("{}")).expect("req")
    };
    let form = "application/x-www-form-urlencoded";
    // No token on a form post: refused.
    let r = app.send(post(None, None, form)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("missing CSRF token"), "{}", r.body);
    // A wrong token: refused.
    let r = app.send(post(None, Some("guess"), form)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another origin, even with JSON or the token: refused.
    let r = app
        .send(post(
            Some("http://evil.example"),
            Some(app.state.csrf()),
            form,
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("cross-origin"), "{}", r.body);
    let r = app
        .send(post(Some("http://evil.example"), None, "application/json"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right token, or JSON from no/this origin, passes the guard (the route then answers 405).
    for req in [
        post(
            Some(&format!("http://{HOST}")),
            Some(app.state.csrf()),
            form,
        ),
        post(None, None, "application/json"),
        post(Some(&format!("http://{HOST}")), None, "application/json"),
    ] {
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", r.body);
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = app().await;
    let big = "x".repeat(tpmprep_web::MAX_BODY_BYTES + 10);
    let r = app
        .json(
            "POST",
            "/api/v1/critique",
            serde_json::json!({ "text": big }),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_served_api_routes() {
    let app = app().await;
    let doc = app.get("/api/v1/openapi.json").await.ok().json();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = tpmprep_web::api_routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    served.push(("GET".into(), "/api/v1/openapi.json".into()));
    served.sort();
    assert_eq!(documented, served);
    // Every `$ref` names a schema the document holds (areas bring their shared schemas along).
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r);
                }
                m.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.contains(&"#/components/schemas/Debrief"), "{all:?}");
    for r in all {
        let pointer = r.strip_prefix('#').expect("local ref");
        assert!(doc.pointer(pointer).is_some(), "dangling {r}");
    }
    // Every documented GET without parameters answers JSON.
    for (method, path) in &documented {
        if method == "GET" && !path.contains('{') {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            let _ = r.json();
        }
    }
}

#[tokio::test]
async fn api_errors_are_json_whoever_refuses_the_request() {
    let app = app().await;
    let req = |method: &str, path: &str, ct: Option<&str>, body: &str| {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST);
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(Body::from(body.to_string())).expect("req")
    };
    let json = Some("application/json");
    for (what, r, status, says) in [
        (
            "unreadable JSON",
            req("POST", "/api/v1/critique", json, "{\"text\":"),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            "JSON of the wrong shape",
            req("POST", "/api/v1/critique", json, "{\"text\": 5}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "text",
        ),
        (
            "a path that is not a number",
            req("GET", "/api/v1/stories/abc", None, ""),
            StatusCode::BAD_REQUEST,
            "abc",
        ),
        (
            "no such API route",
            req("GET", "/api/v1/nope", None, ""),
            StatusCode::NOT_FOUND,
            "/api/v1/nope",
        ),
        (
            "no CSRF proof",
            req("POST", "/api/v1/stories/1/trash", None, ""),
            StatusCode::FORBIDDEN,
            "CSRF",
        ),
    ] {
        let r = app.send(r).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert!(
            r.headers[header::CONTENT_TYPE]
                .to_str()
                .expect("ct")
                .starts_with("application/json"),
            "{what}"
        );
        let msg = r.json()["error"].as_str().expect("error text").to_string();
        assert!(!msg.is_empty() && msg.contains(says), "{what}: {msg}");
    }
    // Pages keep their HTML error pages; an unserved method is 405 before any route.
    let r = app.send(req("GET", "/no/such/page", None, "")).await;
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .expect("ct")
            .starts_with("text/html")
    );
    let r = app.send(req("TRACE", "/", None, "")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}
