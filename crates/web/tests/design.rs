//! Design sessions over HTTP: the JSON API's answers and refusals (stale notes and diagrams are
//! 409, nothing half-written), the pages' fragments, the Markdown export, and the critique API.

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::json;

async fn started(app: &common::App, body: serde_json::Value) -> i64 {
    let r = app.json("POST", "/api/v1/design", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["summary"]["id"].as_i64().expect("id")
}

#[tokio::test]
async fn notes_are_saved_as_revisions_and_a_stale_save_is_refused_whole() {
    let app = app().await;
    let id = started(&app, json!({"random": true, "seed": 3})).await;
    let notes = format!("/api/v1/design/{id}/notes/clarify");
    let r = app
        .json("PUT", &notes, json!({"base_rev": 0, "text": "50M users."}))
        .await
        .ok();
    assert_eq!(r.json()["rev"], 1);
    assert_eq!(r.json()["words"], 2);
    // Within 30 s of revision 1: typing replaces it.
    let r = app
        .json(
            "PUT",
            &notes,
            json!({"base_rev": 1, "text": "50M users a day."}),
        )
        .await
        .ok();
    assert_eq!(r.json()["rev"], 1);
    // A second tab still on revision 0 is refused and changes nothing.
    let r = app
        .json("PUT", &notes, json!({"base_rev": 0, "text": "other tab"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.json()["error"].as_str().unwrap_or("").contains("clarify"),
        "{}",
        r.body
    );
    let s = app.get(&format!("/api/v1/design/{id}")).await.ok().json();
    assert_eq!(s["notes"]["clarify"]["body"], "50M users a day.");
    // No such phase, too long, another session.
    let r = app
        .json(
            "PUT",
            &format!("/api/v1/design/{id}/notes/clarifyy"),
            json!({"base_rev": 0, "text": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("unknown phase `clarifyy`"), "{}", r.body);
    let r = app
        .json(
            "PUT",
            &notes,
            json!({"base_rev": 1, "text": "x".repeat(20_001)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app
        .json(
            "PUT",
            "/api/v1/design/999/notes/clarify",
            json!({"base_rev": 0, "text": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // The page's autosave answers the status line and the next base revision out of band.
    let r = app
        .form(
            "POST",
            &format!("/design/{id}/notes/clarify"),
            &[
                ("base_rev", "1"),
                ("text", "50M users a day, 20 actions each."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Saved · 7 words"), "{}", r.body);
    assert!(
        r.body
            .contains(r#"id="base-rev-clarify" value="1" hx-swap-oob="true""#),
        "{}",
        r.body
    );
    let r = app
        .form(
            "POST",
            &format!("/design/{id}/notes/clarify"),
            &[("base_rev", "0"), ("text", "stale")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("Not saved: these notes were changed in another tab"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn the_clock_hints_and_diagram_answer_as_documented() {
    let app = app().await;
    let prompt = tpmprep_content::embedded_pack().expect("pack").prompts[0].clone();
    let id = started(&app, json!({"prompt_id": prompt.id, "minutes_scale": 0.1})).await;
    let clock = format!("/api/v1/design/{id}/clock");
    // 5 min × 0.1 = 30 s: a count of 30 announces the phase's time up, once.
    let r = app
        .json(
            "POST",
            &clock,
            json!({"action": "tick", "phase": "clarify", "seconds": 30}),
        )
        .await
        .ok();
    assert_eq!(
        r.json()["announcements"],
        json!(["Time is up for Clarify: move on to High-level design when you are ready."])
    );
    let r = app
        .json(
            "POST",
            &clock,
            json!({"action": "tick", "phase": "clarify", "seconds": 40}),
        )
        .await
        .ok();
    assert_eq!(r.json()["announcements"], json!([]));
    let r = app
        .json("POST", &clock, json!({"action": "next"}))
        .await
        .ok();
    assert_eq!(r.json()["phase"], "high-level");
    assert_eq!(r.json()["view"]["remaining"], 60);
    let r = app
        .json(
            "POST",
            &clock,
            json!({"action": "goto", "phase": "wrap-up"}),
        )
        .await
        .ok();
    assert_eq!(r.json()["phase"], "wrap-up");
    let r = app.json("POST", &clock, json!({"action": "next"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("last phase"), "{}", r.body);
    let r = app
        .json("POST", &clock, json!({"action": "sideways"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // Hints: the prompt's monitoring points one by one, then null.
    let hints = format!("/api/v1/design/{id}/hints");
    for want in &prompt.monitoring {
        let r = app
            .json("POST", &hints, json!({"phase": "wrap-up"}))
            .await
            .ok();
        assert_eq!(r.json()["hint"]["text"], want.as_str());
        assert_eq!(r.json()["hint"]["kind"], "monitoring");
    }
    let r = app
        .json("POST", &hints, json!({"phase": "wrap-up"}))
        .await
        .ok();
    assert!(r.json()["hint"].is_null(), "{}", r.body);

    // The diagram: lines in, a bad one named with its line, a stale base refused.
    let diagram = format!("/api/v1/design/{id}/diagram");
    let r = app
        .json(
            "PUT",
            &diagram,
            json!({"base_rev": 0, "lines": "Client -> API: HTTPS\nAPI -> Cache"}),
        )
        .await
        .ok();
    assert_eq!(r.json()["rev"], 1);
    assert_eq!(
        r.json()["lines"],
        "Client\nAPI\nCache\nClient → API: HTTPS\nAPI → Cache\n"
    );
    let r = app
        .json(
            "PUT",
            &diagram,
            json!({"base_rev": 1, "lines": "A\nA -> A"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body
            .contains("line 2: an arrow needs two different boxes"),
        "{}",
        r.body
    );
    let r = app
        .json("PUT", &diagram, json!({"base_rev": 0, "lines": "X"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app
        .json(
            "PUT",
            &diagram,
            json!({"base_rev": 1, "diagram": {"boxes": [{"id": 1, "name": "A"}], "arrows": [{"from": 1, "to": 9}]}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let s = app.get(&format!("/api/v1/design/{id}")).await.ok().json();
    assert_eq!(s["diagram_rev"], 1, "refused changes wrote nothing");

    // The page's diagram form answers the section, with the error in words.
    let r = app
        .form(
            "POST",
            &format!("/design/{id}/diagram"),
            &[("op", "add"), ("base_rev", "1"), ("name", "api")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(r#"<section id="diagram""#), "{}", r.body);
    assert!(
        r.body
            .contains("there is already a box named &quot;api&quot;"),
        "{}",
        r.body
    );
    // Renamed from the page: the list and the lines follow.
    let r = app
        .form(
            "POST",
            &format!("/design/{id}/diagram"),
            &[
                ("op", "rename"),
                ("base_rev", "1"),
                ("id", "2"),
                ("name", "Edge API"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = app.get(&format!("/api/v1/design/{id}")).await.ok().json();
    assert_eq!(s["diagram"]["boxes"][1]["name"], "Edge API", "{s}");
    assert_eq!(s["diagram_rev"], 2);
}

#[tokio::test]
async fn the_start_form_takes_minutes_per_phase_and_names_a_bad_entry() {
    let app = app().await;
    let r = app
        .form(
            "POST",
            "/design",
            &[
                ("prompt", "random"),
                ("minutes_scale", "1"),
                ("phases", "clarify=2, deep-dive=20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = app.get("/api/v1/design").await.ok().json();
    let id = list[0]["id"].as_i64().expect("id");
    let s = app.get(&format!("/api/v1/design/{id}")).await.ok().json();
    let secs: Vec<_> = s["setup"]["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .map(|p| p["seconds"].as_u64().expect("seconds"))
        .collect();
    assert_eq!(secs, [120, 600, 600, 1200, 300]);
    let r = app
        .form(
            "POST",
            "/design",
            &[("prompt", "random"), ("phases", "warmup=3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("no phase `warmup`"), "{}", r.body);
    assert!(
        r.body.contains(r#"value="warmup=3""#),
        "what was typed stays: {}",
        r.body
    );
    let r = app
        .form("POST", "/design", &[("prompt", "own"), ("text", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("the prompt text is empty"), "{}", r.body);
}

#[tokio::test]
async fn finishing_gives_the_report_and_the_export_holds_the_notes() {
    let app = app().await;
    let id = started(
        &app,
        json!({"text": "Design a URL shortener for 100M new links a month"}),
    )
    .await;
    app.json(
        "PUT",
        &format!("/api/v1/design/{id}/notes/clarify"),
        json!({"base_rev": 0, "text": "100M links a month is about 40 writes a second; reads are 100 times that."}),
    )
    .await
    .ok();
    let r = app
        .json(
            "POST",
            &format!("/api/v1/design/{id}/finish"),
            json!({"self_rating": {"practicality": 6, "accuracy": 5, "efficiency": 4, "reliability": 3, "optimization": 2, "scalability": 1}}),
        )
        .await
        .ok();
    let s = r.json();
    let report = &s["report"];
    assert!(report["overall"].as_u64().is_some_and(|o| o <= 100));
    let own: Vec<_> = report["objectives"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["own"].as_u64().expect("own"))
        .collect();
    assert_eq!(own, [6, 5, 4, 3, 2, 1]);
    assert!(
        report.get("reference").is_none(),
        "an own prompt has no reference points"
    );
    assert_eq!(s["summary"]["overall"], report["overall"]);
    // Finished: the clock takes no more moves; the list shows the score.
    let r = app
        .json(
            "POST",
            &format!("/api/v1/design/{id}/clock"),
            json!({"action": "next"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let list = app.get("/api/v1/design").await.ok().json();
    assert_eq!(list[0]["overall"], report["overall"]);
    // A self-rating out of range is refused.
    let r = app
        .json(
            "POST",
            &format!("/api/v1/design/{id}/finish"),
            json!({"self_rating": {"practicality": 11, "accuracy": 5, "efficiency": 4, "reliability": 3, "optimization": 2, "scalability": 1}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // The page's report and the export.
    let page = app.get(&format!("/design/{id}")).await.ok();
    assert!(
        page.body.contains(r#"id="report-heading""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Your own prompt has no reference points"),
        "{}",
        page.body
    );
    let md = app.get(&format!("/design/{id}/export.md")).await.ok();
    assert!(
        md.body
            .starts_with("# Design a URL shortener for 100M new links…\n\n> Design a URL shortener for 100M new links a month\n"),
        "{}",
        md.body
    );
    assert!(md.body.contains("about 40 writes a second"), "{}", md.body);
    // Deleted: gone from the list, 404 after.
    let r = app
        .send(
            axum::http::Request::builder()
                .method("DELETE")
                .uri(format!("/api/v1/design/{id}"))
                .header("host", common::HOST)
                .header("x-csrf-token", app.state.csrf())
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        app.get(&format!("/api/v1/design/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_critique_api_scores_six_objectives_and_flags_inconsistent_numbers() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/design/critique",
            json!({"text": "We have 50M daily users who each do 20 actions a day. The service handles 1k QPS."}),
        )
        .await
        .ok();
    let v = r.json();
    for key in [
        "practicality",
        "accuracy",
        "efficiency",
        "reliability",
        "optimization",
        "scalability",
    ] {
        assert!(
            v["objectives"][key]["score"]
                .as_u64()
                .is_some_and(|s| s <= 10),
            "{key}: {v}"
        );
    }
    assert_eq!(v["numbers"]["check"]["consistent"], false, "{v}");
    let r = app
        .json(
            "POST",
            "/api/v1/design/critique",
            json!({"text": "x", "prompt_id": "nope"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}
