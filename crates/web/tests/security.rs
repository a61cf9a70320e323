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

/// Every kind of answer: pages, API, assets, errors, and each refusal of the guard (another Host,
/// an unserved method, no CSRF proof, two Host headers).
async fn every_kind_of_answer(app: &common::App) -> Vec<(String, common::Reply)> {
    let mut all = Vec::new();
    for path in [
        "/",
        "/stories",
        "/healthz",
        "/api/v1/dashboard",
        "/api/v1/openapi.json",
        "/assets/app.js",
        "/assets/app.css",
        "/assets/htmx.min.js",
        "/no/such/page",
        "/api/v1/nope",
        "/stories/abc",
    ] {
        all.push((format!("GET {path}"), app.get(path).await));
    }
    let refusals = [
        (
            "another Host (421)",
            Request::get("/").header(header::HOST, "evil.example:7000"),
        ),
        (
            "TRACE (405)",
            Request::builder()
                .method("TRACE")
                .uri("/")
                .header(header::HOST, HOST),
        ),
        (
            "no CSRF proof (403)",
            Request::post("/stories/1/trash").header(header::HOST, HOST),
        ),
        (
            "two Host headers (400)",
            Request::get("/")
                .header(header::HOST, HOST)
                .header(header::HOST, "evil.example"),
        ),
    ];
    for (what, req) in refusals {
        let r = app.send(req.body(Body::empty()).expect("req")).await;
        assert!(r.status.is_client_error(), "{what}: {}", r.status);
        all.push((what.to_string(), r));
    }
    all
}

#[tokio::test]
async fn every_answer_forbids_framing_and_sniffing() {
    let app = app().await;
    for (what, r) in every_kind_of_answer(&app).await {
        let h = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{what}: no {name}"))
                .to_string()
        };
        let csp = h("content-security-policy");
        for part in [
            "frame-ancestors 'none'",
            "default-src 'self'",
            "script-src 'self';",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{what}: CSP `{csp}` lacks {part}");
        }
        assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
        assert!(
            !csp.split(';')
                .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
            "{what}: inline script allowed: {csp}"
        );
        assert_eq!(h("x-frame-options"), "DENY", "{what}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(h("referrer-policy"), "same-origin", "{what}");
    }
}

#[tokio::test]
async fn pages_run_no_inline_script() {
    let app = app().await;
    for path in [
        "/",
        "/stories",
        "/critique",
        "/mock",
        "/questions",
        "/no/such/page",
    ] {
        let body = app.get(path).await.body;
        for part in body.split("<script").skip(1) {
            let tag = &part[..part.find('>').expect("tag end")];
            assert!(
                tag.contains("src=\"/assets/"),
                "{path}: inline script <script{tag}>"
            );
        }
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onsubmit=",
            "javascript:",
        ] {
            assert!(!body.contains(handler), "{path}: {handler}");
        }
    }
}

#[tokio::test]
async fn every_answer_says_how_long_the_server_took() {
    let app = app().await;
    for (path, r) in every_kind_of_answer(&app).await {
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
            Some(app.state.csrf().as_str()),
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
            Some(app.state.csrf().as_str()),
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
    // Every documented GET without parameters answers JSON; a download (.ics, .md, .tsv) answers
    // its own type, or — the plan's, with no interview date yet — a JSON 404 saying so.
    for (method, path) in &documented {
        let download = [".ics", ".md", ".tsv"].iter().any(|x| path.ends_with(x));
        if method == "GET" && download {
            let r = app.get(path).await;
            let json = r
                .headers
                .get("content-type")
                .and_then(|c| c.to_str().ok())
                .is_some_and(|c| c.starts_with("application/json"));
            match r.status {
                StatusCode::OK => assert!(!json, "{path}: a download, not JSON"),
                StatusCode::NOT_FOUND => assert!(json && r.json()["error"].is_string(), "{path}"),
                other => panic!("{path}: {other} {}", r.body),
            }
        } else if method == "GET" && !path.contains('{') {
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
            StatusCode::NOT_FOUND,
            "There is no story `abc`.",
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

#[tokio::test]
async fn a_request_target_naming_another_host_is_refused() {
    let app = app().await;
    for (target, host) in [
        ("http://evil.example/", HOST),
        ("http://evil.example:7000/api/v1/dashboard", HOST),
        ("http://127.0.0.1:7001/", HOST),
        ("https://127.0.0.1:7000/", HOST),
        // Absolute-form naming this server, sent with another Host: they must agree.
        ("http://127.0.0.1:7000/", "localhost:7000"),
    ] {
        let r = app
            .send(
                Request::get(target)
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .expect("req"),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{target}: {}", r.body);
        assert!(r.body.contains("request target"), "{target}: {}", r.body);
    }
    // Absolute-form naming this server, as a proxy-minded client sends it: served.
    let r = app
        .send(
            Request::get("http://127.0.0.1:7000/healthz")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Two Host headers, even both this server's: refused.
    let r = app
        .send(
            Request::get("/api/v1/dashboard")
                .header(header::HOST, HOST)
                .header(header::HOST, HOST)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("one Host header"))
    );
}

/// A body over the limit is answered with the limit in words, in the form the client reads: an htmx
/// fragment in the editor's status line or the critique panel, a page for a plain form, JSON for the
/// API. (axum's own words were "Failed to buffer the request body: length limit exceeded".)
#[tokio::test]
async fn a_body_over_its_limit_is_told_the_limit_in_words() {
    let app = app().await;
    let id = app
        .json(
            "POST",
            "/api/v1/stories",
            serde_json::json!({"title": "Limits", "action": "I decided."}),
        )
        .await
        .ok()
        .json()["meta"]["id"]
        .as_i64()
        .expect("id");
    let paste = "x".repeat(300 * 1024);
    let form_body = format!("title=Limits&base_rev=1&action={paste}");
    let send = |method: &str, path: String, htmx: bool, json: bool| {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header("x-csrf-token", app.state.csrf());
        if htmx {
            b = b.header("hx-request", "true");
        }
        let body = if json {
            b = b.header(header::CONTENT_TYPE, "application/json");
            serde_json::json!({ "text": paste, "title": "x" }).to_string()
        } else {
            b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            form_body.clone()
        };
        b.body(Body::from(body)).expect("req")
    };
    // Where nothing is saved (a critique) the answer does not say "Not saved", and each route names
    // only the limits that apply to it.
    let story_field = "a story field holds up to 20,000 characters";
    let answer = "up to 60,000 characters";
    let pages = [
        (
            "PUT",
            format!("/stories/{id}"),
            true,
            "Not saved:",
            story_field,
        ),
        (
            "POST",
            "/stories".to_string(),
            true,
            "Not saved:",
            story_field,
        ),
        (
            "POST",
            format!("/stories/{id}/critique"),
            true,
            "Not critiqued:",
            story_field,
        ),
        (
            "POST",
            "/critique".to_string(),
            true,
            "Not critiqued:",
            answer,
        ),
        (
            "POST",
            "/critique".to_string(),
            false,
            "Not critiqued:",
            answer,
        ),
        (
            "POST",
            "/questions/x/practise".to_string(),
            true,
            "Not critiqued:",
            answer,
        ),
        (
            "POST",
            "/settings/interview-date".to_string(),
            true,
            "The request is too long",
            "",
        ),
        ("POST", "/mock".to_string(), false, "Not saved:", answer),
        (
            "POST",
            "/mock/1/answer".to_string(),
            true,
            "Not saved:",
            answer,
        ),
        (
            "POST",
            "/mock/1/draft".to_string(),
            true,
            "Not saved:",
            answer,
        ),
    ];
    for (method, path, htmx, starts, limit) in pages {
        let r = app.send(send(method, path.clone(), htmx, false)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{method} {path}");
        assert!(
            r.body.contains("at most 256 KB") && r.body.contains(limit),
            "{method} {path}: {}",
            r.body
        );
        assert!(r.body.contains(starts), "{method} {path}: {}", r.body);
        if starts == "Not critiqued:" {
            assert!(!r.body.contains("Not saved"), "{method} {path}: {}", r.body);
        }
        if limit == answer {
            assert!(
                !r.body.contains("story field"),
                "{method} {path}: {}",
                r.body
            );
        }
        assert!(!r.body.contains("Failed to buffer"), "{method} {path}");
        assert!(
            r.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap_or("")
                .starts_with("text/html")
        );
        if htmx {
            assert!(
                r.body.starts_with("<span class=\"error\""),
                "{path}: {}",
                r.body
            );
        } else {
            assert!(
                r.body.contains("<nav aria-label=\"Main\">"),
                "{path}: a page"
            );
        }
    }
    for (method, path) in [
        ("POST", "/api/v1/critique".to_string()),
        ("PUT", format!("/api/v1/stories/{id}")),
        ("POST", "/api/v1/stories".to_string()),
        ("POST", "/api/v1/mocks".to_string()),
        ("PUT", "/api/v1/settings/interview-date".to_string()),
    ] {
        let r = app.send(send(method, path.clone(), false, true)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{method} {path}");
        let e = r.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(e.contains("at most 256 KB"), "{method} {path}: {e}");
    }
}

/// A failure inside the server (here: its database closed under it) is a page in plain words with
/// the navigation and a request id; the cause is in the log, never on the page.
#[tokio::test]
async fn a_server_failure_shows_a_request_id_never_the_cause() {
    let app = app().await;
    app.store.close().await;
    let r = app.get("/").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers["x-request-id"].to_str().expect("id").to_string();
    assert_eq!(id.len(), 8, "{id}");
    assert!(r.body.contains(&format!("request id {id}")), "{}", r.body);
    assert!(r.body.contains("<nav aria-label=\"Main\">"), "{}", r.body);
    assert!(r.body.contains("Something went wrong"), "{}", r.body);
    for cause in ["pool", "closed", "sqlx", "database", "template"] {
        assert!(
            !r.body.to_lowercase().contains(cause),
            "shows `{cause}`: {}",
            r.body
        );
    }
    // The same for htmx (a fragment) and the API (JSON).
    let r = app
        .send(
            Request::get("/stories")
                .header(header::HOST, HOST)
                .header("hx-request", "true")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(r.body.starts_with("<span class=\"error\""), "{}", r.body);
    assert!(r.body.contains("request id"), "{}", r.body);
    let r = app.get("/api/v1/dashboard").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers["x-request-id"].to_str().expect("id").to_string();
    let e = r.json()["error"].as_str().unwrap_or_default().to_string();
    assert!(e.contains(&id) && !e.contains("pool"), "{e}");
}

/// Numbers in addresses are checked, never overflowed (a debug build panicked on `to - 1`).
#[tokio::test]
async fn numbers_from_the_address_at_their_extremes_are_a_plain_400() {
    let app = app().await;
    app.json(
        "POST",
        "/api/v1/stories",
        serde_json::json!({"title": "Numbers", "action": "I decided."}),
    )
    .await
    .ok();
    for query in [
        "to=-9223372036854775808",
        "to=9223372036854775807",
        "to=0",
        "from=-9223372036854775808&to=1",
        "from=9223372036854775807",
    ] {
        let r = app.get(&format!("/stories/1/history?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert!(
            r.body.contains("is not a revision of story 1"),
            "{query}: {}",
            r.body
        );
        assert!(r.body.contains("<nav aria-label=\"Main\">"), "{query}");
    }
    for query in ["to=9223372036854775808", "to=1e3", "from=x"] {
        let r = app.get(&format!("/stories/1/history?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
    }
    assert_eq!(
        app.get("/stories/1/history?to=1").await.status,
        StatusCode::OK
    );
    // Past i64 is no story either (not a parse error in the framework's words).
    for path in [
        "/stories/9223372036854775808",
        "/api/v1/stories/99999999999999999999",
        "/stories/-9223372036854775808",
        "/stories/9223372036854775807/history",
        "/mock/-9223372036854775808",
        "/mock/9223372036854775807",
        "/api/v1/stories/-9223372036854775808",
        "/api/v1/stories/9223372036854775807/revisions",
        "/api/v1/mocks/-9223372036854775808",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    // Paging at its extremes: the last page, or an empty one, never an overflow.
    for (path, status) in [
        ("/questions?page=18446744073709551615", StatusCode::OK),
        ("/questions?page=18446744073709551616", StatusCode::OK),
        ("/questions?page=-1", StatusCode::BAD_REQUEST),
        (
            "/api/v1/questions?page=18446744073709551615&per_page=500",
            StatusCode::OK,
        ),
        ("/api/v1/questions?per_page=0", StatusCode::BAD_REQUEST),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, status, "{path}: {}", r.body);
    }
    let r = app
        .form("POST", "/stories/1/restore/-9223372036854775808", &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}
