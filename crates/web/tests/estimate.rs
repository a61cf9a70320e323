//! The estimator on the web: the page, its form posted plainly (no JavaScript) and by htmx, errors
//! beside their field with what was typed kept, and `POST /api/v1/estimate`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{HOST, app, urlencode};
use serde_json::json;

const ISSUE: &[(&str, &str)] = &[
    ("dau", "50M"),
    ("per_user", "20/day"),
    ("peak_factor", "3"),
    ("object", "2.5KB"),
    ("retention", "365d"),
    ("replication", "3"),
];

/// Text as the templates write it (minijinja escapes `/` too).
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

fn body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A plain form post, as a browser without JavaScript sends it: the token in the body, no header.
fn plain_post(fields: &[(&str, &str)]) -> Request<Body> {
    Request::post("/estimate")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body(fields)))
        .expect("request")
}

#[tokio::test]
async fn the_page_shows_every_field_with_its_default() {
    let app = app().await;
    let page = app.get("/estimate").await.ok();
    for key in [
        "dau",
        "per_user",
        "peak_factor",
        "read_write",
        "object",
        "retention",
        "replication",
        "node_qps",
        "node_storage",
        "cache_hit",
        "skew",
    ] {
        assert!(
            page.body
                .contains(&format!("<label for=\"estimate-{key}\">")),
            "{key}"
        );
    }
    assert!(page.body.contains("placeholder=\"2 (default)\""));
    assert!(
        page.body
            .contains(&format!("placeholder=\"{}\"", html("80/20 (default)")))
    );
    assert!(page.body.contains("placeholder=\"e.g. 50M\""));
    assert!(page.body.contains("method=\"post\" action=\"/estimate\""));
    assert!(page.body.contains(&format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        app.state.csrf()
    )));
    // No link in the navigation: the design page links it.
    assert!(!page.body.contains("<a href=\"/estimate\""));
}

#[tokio::test]
async fn a_plain_form_post_gets_the_whole_page_with_the_figures() {
    let app = app().await;
    let mut fields = ISSUE.to_vec();
    let csrf = app.state.csrf();
    fields.push(("csrf", csrf.as_str()));
    let r = app.send(plain_post(&fields)).await.ok();
    assert!(r.body.contains("<!doctype html>"), "a whole page");
    assert!(r.body.contains(&html("≈ 11.6k/s")), "{}", r.body);
    assert!(
        r.body
            .contains(&html("50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s"))
    );
    assert!(r.body.contains(&html(
        "2.5 TB/day × 365 days retention × 3 copies = 2.7375 PB"
    )));
    assert!(r.body.contains("id=\"estimate-assumed\""));
    assert!(r.body.contains("Sizes in SI units"));
    // What was typed is kept in the form.
    assert!(r.body.contains("value=\"2.5KB\""), "{}", r.body);

    // Without the token (or with a wrong one) the form is refused, in words.
    let r = app.send(plain_post(ISSUE)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("CSRF token"), "{}", r.body);
    let mut wrong = ISSUE.to_vec();
    wrong.push(("csrf", "guess"));
    assert_eq!(
        app.send(plain_post(&wrong)).await.status,
        StatusCode::FORBIDDEN
    );
    // And from another origin, even with the token.
    let mut req = plain_post(&fields);
    req.headers_mut().insert(
        header::ORIGIN,
        "http://evil.example".parse().expect("origin"),
    );
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn htmx_gets_only_the_result_and_each_fields_error_out_of_band() {
    let app = app().await;
    let mut req = Request::post("/estimate")
        .header(header::HOST, HOST)
        .header("x-csrf-token", app.state.csrf())
        .header("hx-request", "true")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body(&[
            ("dau", "10M usres"),
            ("per_user", "20/dya"),
            ("object", "<b>5</b>"),
            ("binary", "1"),
        ])))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!r.body.contains("<!doctype html>"), "a fragment");
    assert!(
        r.body
            .trim_start()
            .starts_with("<div id=\"estimate-result\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"estimate-invalid\""));
    // Each error in its field's slot, naming the token, user text escaped.
    let slot = |key: &str| {
        r.body
            .split(&format!(
                "id=\"estimate-{key}-error\" hx-swap-oob=\"true\">"
            ))
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        slot("dau"),
        "&quot;10M usres&quot;: unknown unit &quot;usres&quot; (did you mean users?)"
    );
    assert!(
        slot("per_user").contains("did you mean day?"),
        "{}",
        slot("per_user")
    );
    assert!(slot("object").contains("&lt;b&gt;"), "{}", slot("object"));
    assert!(!r.body.contains("<b>5</b>"));
    assert_eq!(slot("skew"), "", "a field without a problem is cleared");

    // Put right, the same request gives the figures.
    req = Request::post("/estimate")
        .header(header::HOST, HOST)
        .header("x-csrf-token", app.state.csrf())
        .header("hx-request", "true")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body(&[
            ("dau", "50M"),
            ("per_user", "20/day"),
            ("object", "2.5KB"),
            ("binary", "1"),
        ])))
        .expect("request");
    let r = app.send(req).await.ok();
    assert!(r.body.contains(&html("≈ 2.27 TiB/day")), "{}", r.body);
    assert!(r.body.contains("Sizes in binary units"));
}

#[tokio::test]
async fn a_plain_post_with_errors_keeps_what_was_typed_beside_each_error() {
    let app = app().await;
    let csrf = app.state.csrf();
    let r = app
        .send(plain_post(&[
            ("dau", "10M usres"),
            ("per_user", ""),
            ("csrf", csrf.as_str()),
        ]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<!doctype html>"));
    assert!(r.body.contains("value=\"10M usres\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(
        r.body
            .contains("unknown unit &quot;usres&quot; (did you mean users?)")
    );
    assert!(r.body.contains("Needed: a rate per user"), "{}", r.body);
    assert!(
        !r.body.contains("hx-swap-oob"),
        "no out-of-band parts in a whole page"
    );
}

#[tokio::test]
async fn the_api_gives_the_clis_json_and_names_the_field_and_token() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/estimate",
            json!({"dau": "50M", "per_user": "20/day", "peak_factor": 3, "object": "2.5KB",
                   "retention": "365d", "replication": 3}),
        )
        .await
        .ok();
    let v = r.json();
    assert!((v["average_qps"].as_f64().expect("n") - 11_574.074).abs() < 0.01);
    assert!((v["peak_qps"].as_f64().expect("n") - 34_722.22).abs() < 0.01);
    assert_eq!(v["storage_bytes_per_day"].as_f64(), Some(2.5e12));
    assert!((v["storage_bytes_total"].as_f64().expect("n") - 2.7375e15).abs() < 1.0);
    assert_eq!(v["figures"]["peak_qps"]["unit"], "requests/s");
    assert_eq!(v["figures"]["nodes"]["value"], 1369.0);
    assert_eq!(v["inputs"]["peak_factor"]["given"], "3");
    assert_eq!(v["units"]["system"], "si");

    let r = app
        .json(
            "POST",
            "/api/v1/estimate",
            json!({"dau": "10M usres", "per_user": "20/day"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.json();
    assert_eq!(v["field"], "dau");
    assert_eq!(v["token"], "usres");
    assert_eq!(
        v["error"],
        "dau: \"10M usres\": unknown unit \"usres\" (did you mean users?)"
    );
    for (bad, field) in [
        (json!({"dua": "50M"}), "dua"),
        (json!({"dau": ["50M"]}), "dau"),
        (json!({"dau": "50M", "binary": "yes"}), "binary"),
        (json!({"dau": "50M"}), "per_user"),
    ] {
        let r = app.json("POST", "/api/v1/estimate", bad.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.json()["field"], field, "{bad}: {}", r.body);
    }
    let r = app.json("POST", "/api/v1/estimate", json!([1, 2])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}
