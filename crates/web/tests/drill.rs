//! Drills over HTTP: a session through the JSON API and through the page (add → next → check →
//! grade → next, with the intervals the app computes), a double grade answered calmly (409 on the
//! API, "already graded" on the page), settings refused beside their field, the card list, the
//! Anki export, and readiness on the dashboard.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, HOST, app};
use serde_json::{Value, json};

async fn htmx(app: &App, path: &str, fields: &[(&str, &str)]) -> common::Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", common::urlencode(k), common::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    app.send(
        Request::post(path)
            .header(header::HOST, HOST)
            .header("x-csrf-token", app.state.csrf())
            .header("hx-request", "true")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

const ANSWER: &str = "Situation: our payments migration slipped two weeks. Task: I owned the \
    cut-over. Action: I split the work into three releases, negotiated scope with the partner \
    team and ran daily risk reviews. Result: we shipped on the new date with zero incidents and \
    cut costs by 18%.";

async fn next(app: &App) -> Value {
    app.get("/api/v1/drills/next").await.ok().json()
}

#[tokio::test]
async fn a_session_through_the_api_grades_with_fsrs_intervals_and_refuses_a_double_grade() {
    let app = app().await;
    let n = next(&app).await;
    assert!(n["card"].is_null(), "{n}");
    assert!(
        n["message"]
            .as_str()
            .is_some_and(|m| m.contains("No cards"))
    );

    let r = app
        .json("POST", "/api/v1/drills/cards", json!({"weakest": 5}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["added"].as_array().map(Vec::len), Some(5));
    let cards = app.get("/api/v1/drills/cards").await.ok().json();
    assert_eq!(cards.as_array().map(Vec::len), Some(5));

    let n = next(&app).await;
    let card = &n["card"];
    let id = card["id"].as_i64().expect("a card to do");
    assert_eq!(card["reps"], 0);
    let outcomes = card["outcomes"].as_array().expect("outcomes");
    assert_eq!(outcomes.len(), 4);
    let good_days = outcomes
        .iter()
        .find(|o| o["grade"] == "good")
        .and_then(|o| o["days"].as_f64())
        .expect("good's interval");
    let again_days = outcomes
        .iter()
        .find(|o| o["grade"] == "again")
        .and_then(|o| o["days"].as_f64())
        .expect("again's interval");
    assert!(good_days > again_days, "{outcomes:?}");

    let s = app
        .json(
            "POST",
            &format!("/api/v1/drills/{id}/check"),
            json!({"answer": ANSWER}),
        )
        .await
        .ok()
        .json();
    assert!(s["score"].as_u64().is_some_and(|x| x <= 100), "{s}");
    assert!(s["reason"].as_str().is_some_and(|r| !r.is_empty()), "{s}");
    assert!(s["findings"].as_array().is_some_and(|f| f.len() <= 3));
    let r = app
        .json(
            "POST",
            &format!("/api/v1/drills/{id}/check"),
            json!({"answer": "  "}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    let grade = json!({"grade": "good", "answer": ANSWER, "expected_reps": 0});
    let g = app
        .json("POST", &format!("/api/v1/drills/{id}/grade"), grade.clone())
        .await
        .ok()
        .json();
    assert_eq!(g["grade"], "good");
    assert_eq!(g["reps"], 1);
    let interval = g["interval_days"].as_f64().expect("interval");
    assert!(
        (interval - good_days).abs() < 0.01,
        "{interval} is what the preview said: {good_days}"
    );
    // The same grade again (a double click): 409, nothing written twice.
    let r = app
        .json("POST", &format!("/api/v1/drills/{id}/grade"), grade)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("already graded"), "{}", r.body);
    let stats = app.get("/api/v1/drills").await.ok().json();
    assert_eq!(stats["stats"]["reviews"], 1, "{stats}");
    assert_eq!(stats["settings"]["desired_retention"].as_f64(), Some(0.9));

    // The next card is another.
    let n = next(&app).await;
    assert_ne!(n["card"]["id"].as_i64(), Some(id), "{n}");

    // Unknown and bad.
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/drills/999999/grade",
            json!({"grade": "good"}),
        ),
        (
            "POST",
            "/api/v1/drills/999999/check",
            json!({"answer": "x"}),
        ),
        (
            "POST",
            "/api/v1/drills/cards/999999/suspend",
            json!({"suspended": true}),
        ),
        ("DELETE", "/api/v1/drills/cards/999999", json!({})),
    ] {
        let r = app.json(method, path, body).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    let r = app
        .json(
            "POST",
            &format!("/api/v1/drills/{id}/grade"),
            json!({"grade": "superb"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("grade"), "{}", r.body);
    let r = app
        .json(
            "PUT",
            "/api/v1/drills/settings",
            json!({"desired_retention": 0.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("desired_retention"), "{}", r.body);
    let r = app
        .json(
            "POST",
            "/api/v1/drills/cards",
            json!({"weakest": 2, "front": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // Too short a log to fit parameters: said, not a failure.
    let r = app.json("POST", "/api/v1/drills/optimise", json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn a_session_on_the_page_checks_grades_and_moves_on_calmly_after_a_double_grade() {
    let app = app().await;
    let page = app.get("/drill").await.ok();
    assert!(page.body.contains("id=\"nothing-due\""), "{}", page.body);

    let r = htmx(&app, "/drill/add", &[("mode", "weakest"), ("count", "5")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Added 5 cards"), "{}", r.body);
    let n = next(&app).await;
    let id = n["card"]["id"].as_i64().expect("card");
    assert!(
        r.body.contains(&format!("data-card=\"{id}\"")),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"grade-good\""));
    assert!(r.body.contains("data-local-draft="));

    // Check: the suggestion, the answer kept, the suggested grade marked.
    let r = htmx(&app, &format!("/drill/{id}/check"), &[("answer", ANSWER)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"suggestion\""), "{}", r.body);
    assert!(r.body.contains("suggested grade"), "{}", r.body);
    assert!(r.body.contains("class=\"suggested\""), "{}", r.body);
    assert!(r.body.contains("payments migration slipped"), "answer kept");

    // Grade Good: the interval the app computed, then the next card.
    let good = n["card"]["outcomes"]
        .as_array()
        .and_then(|o| o.iter().find(|o| o["grade"] == "good"))
        .and_then(|o| o["days"].as_f64())
        .expect("good");
    let r = htmx(
        &app,
        &format!("/drill/{id}/grade"),
        &[
            ("grade", "good"),
            ("expected_reps", "0"),
            ("answer", ANSWER),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let said = format!("comes back in {} d", good.round() as i64);
    assert!(
        r.body.contains("Graded Good") && (good < 1.0 || r.body.contains(&said)),
        "{said}: {}",
        r.body
    );
    assert!(!r.body.contains(&format!("data-card=\"{id}\"")), "moved on");
    // The same grade posted again: calm words, no error, the next card.
    let r = htmx(
        &app,
        &format!("/drill/{id}/grade"),
        &[("grade", "good"), ("expected_reps", "0")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("already graded"), "{}", r.body);
    let stats = app.get("/api/v1/drills").await.ok().json();
    assert_eq!(stats["stats"]["reviews"], 1);

    // A refused setting is said beside its field, the typed value kept.
    let r = htmx(
        &app,
        "/drill/settings",
        &[("desired_retention", "0.5"), ("new_per_day", "5")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains("id=\"desired_retention-error\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"0.5\""), "{}", r.body);
    let r = htmx(&app, "/drill/settings", &[("desired_retention", "0.85")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stats = app.get("/api/v1/drills").await.ok().json();
    assert!((stats["settings"]["desired_retention"].as_f64().expect("r") - 0.85).abs() < 1e-6);

    // An own card, and one refused for its empty front.
    let r = htmx(
        &app,
        "/drill/add",
        &[("mode", "own"), ("front", " "), ("back", "b")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"front-error\""), "{}", r.body);
    let r = htmx(
        &app,
        "/drill/add",
        &[
            ("mode", "own"),
            ("front", "Tell me about a time you disagreed."),
            ("back", "Data, commitment."),
            ("principle", "ownership"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Added your card"), "{}", r.body);
    // Unknown cards are 404 on the page too.
    let r = htmx(&app, "/drill/999999/grade", &[("grade", "good")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn the_card_list_suspends_and_deletes_after_confirming_and_the_export_is_anki_tsv() {
    let app = app().await;
    app.json("POST", "/api/v1/drills/cards", json!({"weakest": 2}))
        .await
        .ok();
    let cards = app.get("/api/v1/drills/cards").await.ok().json();
    let id = cards[0]["id"].as_i64().expect("id");
    let page = app.get("/drill/cards").await.ok();
    assert!(
        page.body.contains(&format!("id=\"card-{id}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("hx-confirm="), "delete confirms");

    let r = htmx(
        &app,
        &format!("/drill/cards/{id}/suspend"),
        &[("suspended", "true")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cards = app.get("/api/v1/drills/cards").await.ok().json();
    assert_eq!(cards[0]["suspended"], true);
    assert!(app.get("/drill/cards").await.body.contains("Unsuspend"));

    // A plain post without `confirm=yes` asks first and deletes nothing.
    let r = app
        .form("POST", &format!("/drill/cards/{id}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"confirm-delete\""), "{}", r.body);
    assert_eq!(
        app.get("/api/v1/drills/cards")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let r = app
        .form(
            "POST",
            &format!("/drill/cards/{id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/drills/cards")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    for path in ["/drill/export.tsv", "/api/v1/drills/export.tsv"] {
        let r = app.get(path).await.ok();
        assert!(
            r.headers
                .get(header::CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|d| d.starts_with("attachment")),
            "{path}"
        );
        let lines: Vec<&str> = r.body.lines().collect();
        assert_eq!(
            &lines[..3],
            &["#separator:tab", "#html:false", "#tags column:3"]
        );
        // One record left (a quoted back may span lines): front, back, tags.
        assert_eq!(r.body.matches("\ttpmprep").count(), 1, "{}", r.body);
        assert_eq!(r.body.matches('\t').count(), 2, "{}", r.body);
    }
}

#[tokio::test]
async fn the_forecast_is_drawn_with_its_numbers_and_readiness_is_on_the_dashboard() {
    let app = app().await;
    let date = tpmprep_app::civil_time(
        (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64
            / 86_400
            + 20)
            * 86_400_000,
    )[..10]
        .to_string();
    app.json(
        "PUT",
        "/api/v1/plan/settings",
        json!({"interview_date": date}),
    )
    .await
    .ok();
    app.json("POST", "/api/v1/drills/cards", json!({"weakest": 3}))
        .await
        .ok();
    let page = app.get("/drill").await.ok();
    assert!(page.body.contains("<svg id=\"forecast\""), "{}", page.body);
    assert!(page.body.contains("<rect "), "bars");
    assert!(page.body.contains("id=\"forecast-table\""));
    assert!(page.body.contains("id=\"strength\""));

    let dash = app.get("/").await.ok();
    assert!(
        dash.body.contains("id=\"readiness-score\""),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("To raise it most:"), "{}", dash.body);
    assert!(dash.body.contains("id=\"readiness-parts\""));
    assert!(
        dash.body.contains("No data yet: counts as zero."),
        "{}",
        dash.body
    );
    let d = app.get("/api/v1/dashboard").await.ok().json();
    let score = d["readiness"]["readiness"]["score"]
        .as_u64()
        .expect("score");
    assert!(score <= 100);
    let r = app.get("/api/v1/readiness").await.ok().json();
    assert_eq!(r["readiness"]["score"].as_u64(), Some(score));
    let weights: u64 = r["readiness"]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p["weight"].as_u64())
        .sum();
    assert_eq!(weights, 100);
    assert_eq!(r["interview_date"], date.as_str());
}
