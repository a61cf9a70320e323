//! The dashboard page and its API: heat-map, readiness, next things, the interview date.

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::json;

#[tokio::test]
async fn an_empty_dashboard_shows_sixteen_gaps_and_what_to_do_first() {
    let app = app().await;
    let page = app.get("/").await.ok();
    assert_eq!(
        page.body.matches("href=\"/stories?principle=").count(),
        16,
        "{}",
        page.body
    );
    assert!(page.body.contains("0 of 3 recommended mocks done"));
    assert!(page.body.contains("Save a story to start the trend."));
    let d = app.get("/api/v1/dashboard").await.ok().json();
    assert_eq!(d["heat"].as_array().map(Vec::len), Some(16));
    assert_eq!(d["principles_covered"], 0);
    assert_eq!(d["mocks_done"], 0);
    let next: Vec<&str> = d["next"]
        .as_array()
        .expect("next")
        .iter()
        .map(|t| t["text"].as_str().expect("text"))
        .collect();
    assert_eq!(next.len(), 3);
    assert!(next[0].contains("interview date"), "{next:?}");
    assert!(next[1].contains("Write a ready story"), "{next:?}");
    assert!(next[2].contains("mock 1 of 3"), "{next:?}");
}

#[tokio::test]
async fn stories_fill_the_heat_map_with_their_best_score() {
    let app = app().await;
    let day = || {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as i64;
        tpmprep_app::civil_time(ms)[..10].to_string()
    };
    let day_before = day();
    for (title, result) in [
        ("weak", "It went well."),
        (
            "strong",
            "As a result, p99 latency fell from 820 ms to 490 ms within two weeks, and I wrote the post-mortem.",
        ),
    ] {
        let r = app
            .json(
                "POST",
                "/api/v1/stories",
                json!({"title": title, "status": "ready", "principles": ["ownership"],
                       "situation": "Checkout latency doubled after the freeze.",
                       "action": "I owned the fix across Payments and Fraud, and I decided to split the rollout into three waves.",
                       "result": result}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let d = app.get("/api/v1/dashboard").await.ok().json();
    let own = d["heat"]
        .as_array()
        .expect("heat")
        .iter()
        .find(|c| c["id"] == "ownership")
        .expect("ownership cell")
        .clone();
    assert_eq!(own["ready"], 2);
    let strong = app.get("/api/v1/stories/2/critique").await.json()["overall"].as_u64();
    let weak = app.get("/api/v1/stories/1/critique").await.json()["overall"].as_u64();
    assert!(strong > weak);
    assert_eq!(own["best"].as_u64(), strong, "the best of the two scores");
    assert_eq!(d["principles_covered"], 1);
    assert_eq!(d["stories"], 2);

    // Both saves were today: one point of the story trend, the mean of the two scores.
    let trend = d["story_trend"].as_array().expect("story trend");
    assert_eq!(trend.len(), 1, "{trend:?}");
    let mean = (strong.unwrap_or(0) + weak.unwrap_or(0)) / 2;
    assert_eq!(trend[0]["score"].as_u64(), Some(mean));
    // (The saves fell on the day the test began, or the next if it crossed midnight.)
    let date = trend[0]["date"].as_str().expect("date").to_string();
    assert!(date == day_before || date == day(), "{date}");
    let page = app.get("/").await.ok();
    assert!(page.body.contains("id=\"story-trend\""), "{}", page.body);
}

#[tokio::test]
async fn the_interview_date_is_checked_saved_and_counted_down() {
    let app = app().await;
    let r = app
        .form(
            "POST",
            "/settings/interview-date",
            &[("date", "2026-04-31")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("is not a date"), "{}", r.body);
    let r = app
        .form(
            "POST",
            "/settings/interview-date",
            &[("date", "2099-01-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let d = app.get("/api/v1/dashboard").await.json();
    assert_eq!(d["interview_date"], "2099-01-01");
    let days = d["days_left"].as_i64().expect("days");
    assert!(days > 365 * 50, "{days}");
    // Said with a thousands separator: "26,314 days to go".
    let said = format!("{},{:03} days to go", days / 1000, days % 1000);
    assert!(app.get("/").await.body.contains(&said), "{said}");
    assert!(!d["next"].to_string().contains("interview date"));
    let r = app
        .json(
            "PUT",
            "/api/v1/settings/interview-date",
            json!({"date": "soon"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .json(
            "PUT",
            "/api/v1/settings/interview-date",
            json!({"date": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(app.get("/api/v1/dashboard").await.json()["interview_date"].is_null());
}

#[tokio::test]
async fn the_dashboard_offers_a_backup_of_everything() {
    let app = app().await;
    let page = app.get("/").await.ok();
    assert!(
        page.body.contains(
            r#"<a class="button secondary" href="/api/v1/backup" download>Download a backup</a>"#
        ),
        "{}",
        page.body
    );
    app.json(
        "POST",
        "/api/v1/stories",
        json!({"title": "Kept <safe>", "situation": "Checkout latency doubled."}),
    )
    .await
    .ok();
    app.json(
        "PUT",
        "/api/v1/settings/interview-date",
        json!({"date": "2026-12-15"}),
    )
    .await
    .ok();
    let r = app.get("/api/v1/backup").await.ok();
    let header = |name: &str| {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header("content-type").starts_with("application/json"));
    assert!(
        header("content-disposition").starts_with("attachment; filename=\"tpmprep-backup-2"),
        "{}",
        header("content-disposition")
    );
    assert_eq!(header("cache-control"), "no-store");
    let doc = r.json();
    assert_eq!(
        (doc["format"].as_str(), doc["version"].as_u64()),
        (Some("tpmprep.backup"), Some(1))
    );
    assert_eq!(doc["settings"]["interview_date"], "2026-12-15");
    assert_eq!(
        doc["stories"][0]["revisions"][0]["content"]["title"],
        "Kept <safe>"
    );
    assert_eq!(doc["mocks"], json!([]));
    // The download is the document `tpmprep restore` reads.
    let read = tpmprep_app::backup::read(&r.body).expect("a backup this build reads");
    assert_eq!(read.summary().stories, 1);
    assert_eq!(StatusCode::OK, r.status);
}
