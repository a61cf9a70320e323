//! Writing attempts over HTTP: the pages (start, the editor's autosave and live critique with the
//! quoted sentence marked, finish, the report, the history), and the JSON API's answers and
//! refusals (a stale save is 409 naming both revisions, unknown ids 404, an oversize text 400).

mod common;

use axum::http::{StatusCode, header};
use common::app;
use serde_json::json;

const MISSPELT: &str = "In 2024 I recieved an escalation from our largest customer. I decided to \
    cut the launch scope by 30% and we shipped on time.";
const FIXED: &str = "In 2024 I received an escalation from our largest customer. I decided to \
    cut the launch scope by 30% and we shipped on time.";

fn prompt_id() -> String {
    tpmprep_content::embedded_pack()
        .expect("pack")
        .writing_prompts[0]
        .id
        .clone()
}

/// Whether a `<mark>` in `html` holds `word` (the finding's quote, marked in the text).
fn marked(html: &str, word: &str) -> bool {
    html.split("<mark").skip(1).any(|m| {
        m.split("</mark>")
            .next()
            .is_some_and(|inner| inner.contains(word))
    })
}

/// The attempt id a start's redirect names.
fn started_id(r: &common::Reply) -> i64 {
    let to = r
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("a redirect");
    to.strip_prefix("/writing/")
        .and_then(|s| s.parse().ok())
        .expect("an attempt id")
}

#[tokio::test]
async fn a_candidate_writes_sees_the_spelling_finding_go_finishes_and_reads_the_report() {
    let app = app().await;
    let p = prompt_id();
    let index = app.get("/writing").await.ok();
    assert!(index.body.contains("Random prompt"), "{}", index.body);
    assert!(
        index.body.contains(&format!("value=\"{p}\"")),
        "{}",
        index.body
    );
    assert!(index.body.contains("No attempts yet"), "{}", index.body);

    let r = app
        .form("POST", "/writing", &[("prompt", &p), ("minutes", "45")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = started_id(&r);
    let page = app.get(&format!("/writing/{id}")).await.ok();
    assert!(
        page.body.contains("data-countdown=\"2700\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("data-autosave=\"save-status\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("0 words · 0.0 pages of about 2"),
        "{}",
        page.body
    );
    // The index now offers the unfinished attempt first.
    let index = app.get("/writing").await.ok();
    assert!(index.body.contains("id=\"resume-link\""), "{}", index.body);

    // Autosave: the status line, the next base revision and the word count out of band.
    let save = format!("/writing/{id}/save");
    let r = app
        .form(
            "POST",
            &save,
            &[("base_rev", "0"), ("body", MISSPELT), ("elapsed", "120")],
        )
        .await
        .ok();
    assert!(r.body.contains("Saved · revision 1"), "{}", r.body);
    assert!(
        r.body.contains("id=\"base_rev\" value=\"1\" hx-swap-oob"),
        "{}",
        r.body
    );
    assert!(r.body.contains("24 words · 0.0 pages"), "{}", r.body);
    assert_eq!(
        r.headers.get("hx-trigger").and_then(|v| v.to_str().ok()),
        Some("writing-saved")
    );
    // The live critique: a spelling finding, its sentence marked.
    let panel = app.get(&format!("/writing/{id}/critique")).await.ok();
    assert!(
        panel.body.contains("data-category=\"spelling\""),
        "{}",
        panel.body
    );
    assert!(marked(&panel.body, "recieved"), "{}", panel.body);
    let live = app
        .get(&format!("/api/v1/writing/{id}/critique"))
        .await
        .ok()
        .json();
    assert!(
        live["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["category"] == "spelling"
                && f["quote"].as_str().unwrap_or("").contains("recieved")),
        "{live}"
    );

    // The fixed text: the finding is gone.
    app.form(
        "POST",
        &save,
        &[("base_rev", "1"), ("body", FIXED), ("elapsed", "150")],
    )
    .await
    .ok();
    let panel = app.get(&format!("/writing/{id}/critique")).await.ok();
    assert!(
        !panel.body.contains("data-category=\"spelling\""),
        "{}",
        panel.body
    );
    assert!(
        !marked(&panel.body, "recieved") && !panel.body.contains("recieved"),
        "{}",
        panel.body
    );
    assert!(
        panel.body.contains("id=\"critique-score\""),
        "{}",
        panel.body
    );

    // Finish (the page sends the editor's fields): the report.
    let r = app
        .form(
            "POST",
            &format!("/writing/{id}/finish"),
            &[("base_rev", "1"), ("body", FIXED), ("elapsed", "200")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let report = app.get(&format!("/writing/{id}")).await.ok();
    for part in [
        "Overall",
        "id=\"parts\"",
        "id=\"substance\"",
        "id=\"readability\"",
        "Keep editing",
        "Write again on this prompt",
    ] {
        assert!(report.body.contains(part), "{part}: {}", report.body);
    }
    let a = app.get(&format!("/api/v1/writing/{id}")).await.ok().json();
    assert!(a["report"]["overall"].is_u64(), "{a}");
    assert!(a["elapsed_seconds"].as_i64().unwrap_or(0) >= 200, "{a}");
    assert_eq!(a["body"], FIXED);
    // The editor stays open after the report.
    let edit = app.get(&format!("/writing/{id}/edit")).await.ok();
    assert!(
        edit.body.contains("This attempt is finished"),
        "{}",
        edit.body
    );
    // The history lists it, with its score over time.
    let index = app.get("/writing").await.ok();
    assert!(
        index
            .body
            .contains(&format!("href=\"/writing/{id}\">#{id}")),
        "{}",
        index.body
    );
    assert!(index.body.contains("id=\"trends\""), "{}", index.body);
    assert!(!index.body.contains("id=\"resume-link\""), "{}", index.body);
    let history = app
        .get(&format!("/api/v1/writing/history?prompt_id={p}"))
        .await
        .ok()
        .json();
    assert_eq!(history[0]["id"], id, "{history}");
}

#[tokio::test]
async fn the_api_starts_saves_refuses_stale_saves_and_unknown_ids() {
    let app = app().await;
    let prompts = app.get("/api/v1/writing/prompts").await.ok().json();
    assert!(
        prompts.as_array().expect("prompts").len() >= 12,
        "{prompts}"
    );
    let r = app
        .json(
            "POST",
            "/api/v1/writing",
            json!({"text": "A judgment call without data.", "minutes": 30}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = r.json();
    let id = a["summary"]["id"].as_i64().expect("id");
    assert_eq!(a["seconds_left"], 1800);
    let text = format!("/api/v1/writing/{id}/text");
    let r = app
        .json(
            "PUT",
            &text,
            json!({"base_rev": 0, "body": "I decided.", "elapsed_seconds": 10}),
        )
        .await
        .ok();
    assert_eq!(r.json()["rev"], 1);
    assert_eq!(r.json()["words"], 2);
    // Past the coalescing window a new revision is made only by the store's clock; a second tab
    // still on revision 0 after revision 1 exists is refused whole, naming both revisions.
    let r = app
        .json(
            "PUT",
            &text,
            json!({"base_rev": 0, "body": "other tab", "elapsed_seconds": 10}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let msg = r.json()["error"].as_str().unwrap_or("").to_string();
    assert!(
        msg.contains("revision 1") && msg.contains("from 0"),
        "{msg}"
    );
    let a = app.get(&format!("/api/v1/writing/{id}")).await.ok().json();
    assert_eq!(a["body"], "I decided.");
    // The page's autosave shows the conflict with both texts.
    let r = app
        .form(
            "POST",
            &format!("/writing/{id}/save"),
            &[
                ("base_rev", "0"),
                ("body", "typed in an old tab"),
                ("elapsed", "5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("Not saved") && r.body.contains("I decided."),
        "{}",
        r.body
    );
    let revs = app
        .get(&format!("/api/v1/writing/{id}/revisions"))
        .await
        .ok()
        .json();
    assert_eq!(revs.as_array().map(Vec::len), Some(1), "{revs}");

    // Unknown ids are 404, pages and API alike.
    for path in [
        "/api/v1/writing/999",
        "/api/v1/writing/999/critique",
        "/api/v1/writing/999/revisions",
        "/api/v1/writing/nope",
        "/writing/999",
        "/writing/999/report",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = app
        .json(
            "PUT",
            "/api/v1/writing/999/text",
            json!({"base_rev": 0, "body": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .json("POST", "/api/v1/writing/999/finish", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // An oversize narrative is 400 (under the body limit, over the narrative's), a bad body 4xx
    // naming the field, an unknown prompt 400.
    let long = "word ".repeat(40_001);
    let r = app
        .json(
            "PUT",
            &text,
            json!({"base_rev": 1, "body": long, "elapsed_seconds": 10}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("200000"), "{}", r.body);
    let r = app
        .json(
            "POST",
            "/api/v1/writing/critique",
            json!({"text": "word ".repeat(40_001)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app
        .json("PUT", &text, json!({"base_rev": "x", "body": "y"}))
        .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    assert!(r.body.contains("base_rev"), "{}", r.body);
    let r = app
        .json("POST", "/api/v1/writing", json!({"prompt_id": "w-nope"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app
        .json(
            "POST",
            "/api/v1/writing",
            json!({"random": true, "text": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // The critique API on any text.
    let r = app
        .json(
            "POST",
            "/api/v1/writing/critique",
            json!({"text": MISSPELT, "prompt_id": prompt_id()}),
        )
        .await
        .ok()
        .json();
    assert!(r["overall"].is_u64() && r["target_words"] == 1000, "{r}");

    // Delete: gone, then 404.
    let r = app
        .json("DELETE", &format!("/api/v1/writing/{id}"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .json("DELETE", &format!("/api/v1/writing/{id}"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn a_bad_start_form_is_shown_again_with_its_reason() {
    let app = app().await;
    let r = app
        .form("POST", "/writing", &[("prompt", "own"), ("text", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("the prompt is empty"), "{}", r.body);
    let r = app
        .form(
            "POST",
            "/writing",
            &[("prompt", "random"), ("minutes", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("minutes must be"), "{}", r.body);
    // Finishing with no text says so.
    let r = app.form("POST", "/writing", &[("prompt", "random")]).await;
    let id = started_id(&r);
    let r = app
        .form(
            "POST",
            &format!("/writing/{id}/finish"),
            &[("elapsed", "3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("no text yet"), "{}", r.body);
}
