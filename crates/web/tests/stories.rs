//! Stories through the HTML routes (as the pages send them) and the JSON API.

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::json;

const WEAK_RESULT: &str = "The launch went well and everyone was happy.";
const STRONG_RESULT: &str = "As a result, p99 latency fell from 820 ms to 490 ms and checkout errors dropped from 2.1% to 0.4%.";

fn editor_fields<'a>(rev: &'a str, title: &'a str, result: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("base_rev", rev),
        ("title", title),
        ("status", "draft"),
        ("principles", "ownership"),
        ("principles", "dive-deep"),
        (
            "situation",
            "Checkout latency doubled after the holiday code freeze.",
        ),
        (
            "action",
            "I traced the slow path with Priya and split the rollout into three waves with a rollback switch.",
        ),
        ("result", result),
        ("teams", "Payments, Fraud"),
        ("partners", "Priya, engineering manager\nSam"),
        ("metric_measures_0", "checkout p99"),
        ("metric_before_0", "820"),
        ("metric_after_0", "490"),
        ("metric_unit_0", "ms"),
        ("artifacts", "post-mortem"),
    ]
}

#[tokio::test]
async fn the_editor_creates_autosaves_critiques_and_refuses_stale_saves() {
    let app = app().await;
    let r = app.get("/stories").await.ok();
    assert!(r.body.contains("No stories yet"), "{}", r.body);

    // "New story" opens the editor of a story not written yet: nothing is stored.
    assert!(r.body.contains("href=\"/stories/new\""), "{}", r.body);
    let page = app.get("/stories/new").await.ok();
    assert!(page.body.contains("hx-post=\"/stories\""), "{}", page.body);
    let count = || async {
        app.get("/api/v1/stories")
            .await
            .ok()
            .json()
            .as_array()
            .map(Vec::len)
    };
    // A blank form creates nothing, from a plain post (sent back to the editor) or from htmx.
    let r = app.form("POST", "/stories", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/stories/new");
    let htmx_post = |fields: &[(&str, &str)]| {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", common::urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        axum::http::Request::post("/stories")
            .header("host", common::HOST)
            .header("x-csrf-token", app.state.csrf())
            .header("origin", format!("http://{}", common::HOST))
            .header("hx-request", "true")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .expect("request")
    };
    let blank = [
        ("base_rev", "0"),
        ("title", ""),
        ("status", "draft"),
        ("task", "  "),
    ];
    let r = app.send(htmx_post(&blank)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nothing written yet"), "{}", r.body);
    assert_eq!(count().await, Some(0));
    // Text without a title is refused in the server's words, and nothing is stored.
    let untitled = [
        ("base_rev", "0"),
        ("title", ""),
        ("task", "I had to ship it."),
    ];
    let r = app.send(htmx_post(&untitled)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Not saved: a story needs a title"),
        "{}",
        r.body
    );
    assert_eq!(count().await, Some(0));
    // The first words create the story; the editor carries on as its own (event, head, revision).
    let r = app
        .send(htmx_post(&[("base_rev", "0"), ("title", "Checkout p99")]))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Saved · revision 1"), "{}", r.body);
    assert!(r.body.contains("value=\"1\""), "{}", r.body);
    assert!(
        r.body.contains("id=\"story-head\" hx-swap-oob=\"true\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("Story #1"), "{}", r.body);
    let trigger: serde_json::Value =
        serde_json::from_str(r.headers["hx-trigger"].to_str().expect("ascii")).expect("json");
    assert_eq!(trigger["story-created"]["url"], "/stories/1");
    assert_eq!(count().await, Some(1));
    // A plain form post goes to the new story's page.
    let r = app
        .form("POST", "/stories", &[("title", "From a plain form")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/stories/2");
    let page = app.get("/stories/1").await.ok();
    for id in [
        "f-title",
        "f-situation",
        "f-action",
        "f-result",
        "critique",
        "save-status",
    ] {
        assert!(page.body.contains(&format!("id=\"{id}\"")), "{id} missing");
    }

    // Autosave: a new revision, with every structured field parsed.
    let r = app
        .form(
            "PUT",
            "/stories/1",
            &editor_fields("1", "Checkout p99", WEAK_RESULT),
        )
        .await
        .ok();
    assert!(r.body.contains("Saved · revision 2"), "{}", r.body);
    assert!(
        r.body.contains("value=\"2\""),
        "the next save builds on revision 2"
    );
    let saved = app.get("/api/v1/stories/1").await.ok().json();
    let c = &saved["content"];
    assert_eq!(c["principles"], json!(["ownership", "dive-deep"]));
    assert_eq!(c["teams"], json!(["Payments", "Fraud"]));
    assert_eq!(
        c["partners"][0],
        json!({"name": "Priya", "role": "engineering manager"})
    );
    assert_eq!(c["partners"][1]["name"], "Sam");
    assert_eq!(c["metrics"][0]["before"], 820.0);
    assert_eq!(c["metrics"][0]["after"], 490.0);
    assert_eq!(c["artifacts"], json!(["post-mortem"]));

    // The same content again writes nothing new.
    let r = app
        .form(
            "PUT",
            "/stories/1",
            &editor_fields("2", "Checkout p99", WEAK_RESULT),
        )
        .await
        .ok();
    assert!(r.body.contains("revision 2"), "{}", r.body);

    // A stale save (another window saved revision 3 meanwhile) is refused and says so.
    app.form(
        "PUT",
        "/stories/1",
        &editor_fields("2", "Checkout p99 v3", WEAK_RESULT),
    )
    .await
    .ok();
    let r = app
        .form(
            "PUT",
            "/stories/1",
            &editor_fields("2", "Mine", WEAK_RESULT),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("another window"), "{}", r.body);
    assert_eq!(
        app.get("/api/v1/stories/1").await.json()["content"]["title"],
        "Checkout p99 v3"
    );

    // Bad input is named, and nothing is written.
    let r = app
        .form("PUT", "/stories/1", &editor_fields("3", "", WEAK_RESULT))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Not saved: a story needs a title"),
        "{}",
        r.body
    );
    let mut bad = editor_fields("3", "x", WEAK_RESULT);
    bad.push(("metric_before_1", "lots"));
    let r = app.form("PUT", "/stories/1", &bad).await;
    assert!(r.body.contains("is not a number"), "{}", r.body);
    assert_eq!(app.get("/api/v1/stories/1").await.json()["meta"]["rev"], 3);

    // Live critique of the unsaved form: the missing number is flagged, then gone once written.
    let weak = app
        .form(
            "POST",
            "/stories/1/critique",
            &editor_fields("3", "t", WEAK_RESULT),
        )
        .await
        .ok();
    assert!(
        weak.body.contains("data-signal=\"outcome-number\""),
        "{}",
        weak.body
    );
    let strong = app
        .form(
            "POST",
            "/stories/1/critique",
            &editor_fields("3", "t", STRONG_RESULT),
        )
        .await
        .ok();
    assert!(
        !strong.body.contains("data-signal=\"outcome-number\""),
        "{}",
        strong.body
    );
    // Quoted sentences are marked in the preview.
    assert!(weak.body.contains("<mark"), "{}", weak.body);
}

#[tokio::test]
async fn history_diff_restore_and_trash() {
    let app = app().await;
    app.form("POST", "/stories", &[("title", "Untitled story")])
        .await;
    app.form(
        "PUT",
        "/stories/1",
        &editor_fields("1", "First title", WEAK_RESULT),
    )
    .await
    .ok();
    app.form(
        "PUT",
        "/stories/1",
        &editor_fields("2", "Second title", STRONG_RESULT),
    )
    .await
    .ok();
    let h = app.get("/stories/1/history").await.ok();
    assert!(h.body.contains("Revision 2 → 3"), "{}", h.body);
    // Field by field, not a TOML diff: the title's old and new values, the result's words.
    assert!(
        h.body
            .contains("<del>First title</del> → <ins>Second title</ins>"),
        "{}",
        h.body
    );
    assert!(h.body.contains("<h3>Result</h3>"), "{}", h.body);
    assert!(h.body.contains("<ins>As a result, p99"), "{}", h.body);
    assert!(!h.body.contains("title = &quot;"), "{}", h.body);
    // The revision list says what changed in each, in a few words.
    assert!(h.body.contains("<td>title, result (+"), "{}", h.body);
    let r = app.form("POST", "/stories/1/restore/2", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let s = app.get("/api/v1/stories/1").await.json();
    assert_eq!(s["meta"]["rev"], 4);
    assert_eq!(s["content"]["title"], "First title");

    app.form("POST", "/stories/1/trash", &[]).await;
    assert!(app.get("/stories").await.body.contains("No stories yet"));
    let trash = app.get("/stories?trash=1").await.ok();
    assert!(trash.body.contains("First title"));
    app.form("POST", "/stories/1/untrash", &[]).await;
    assert!(app.get("/stories").await.body.contains("First title"));
    // Purge only from the trash.
    let r = app.form("POST", "/stories/1/purge", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    app.form("POST", "/stories/1/trash", &[]).await;
    app.form("POST", "/stories/1/purge", &[]).await;
    assert_eq!(app.get("/stories/1").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn user_text_is_escaped_everywhere_it_is_shown() {
    let app = app().await;
    let evil = "<script>alert(1)</script>";
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": evil, "action": evil, "principles": ["ownership"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for path in ["/stories", "/stories/1", "/stories/1/history"] {
        let body = app.get(path).await.ok().body;
        assert!(!body.contains(evil), "{path} shows the raw tag");
        assert!(body.contains("&lt;script&gt;"), "{path} shows it as text");
    }
}

#[tokio::test]
async fn the_story_api_round_trips_and_names_its_errors() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": "API story", "status": "ready", "principles": ["frugality"], "result": STRONG_RESULT}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.json()["meta"]["id"].as_i64().expect("id");
    let list = app
        .get("/api/v1/stories?principle=frugality")
        .await
        .ok()
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(
        app.get("/api/v1/stories?principle=ownership").await.json(),
        json!([])
    );
    assert_eq!(
        app.get("/api/v1/stories?principle=charm").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/stories?status=done").await.status,
        StatusCode::BAD_REQUEST
    );

    let put = |rev: i64, title: &str| json!({"base_rev": rev, "content": {"title": title, "principles": ["frugality"]}});
    let r = app
        .json("PUT", &format!("/api/v1/stories/{id}"), put(1, "Renamed"))
        .await
        .ok();
    assert_eq!(r.json()["meta"]["rev"], 2);
    let r = app
        .json("PUT", &format!("/api/v1/stories/{id}"), put(1, "Stale"))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let body = r.json();
    assert!(
        body["error"]
            .as_str()
            .expect("error")
            .contains("changed since"),
        "{body}"
    );
    // Both titles come back, and what merged cleanly.
    assert_eq!(body["current_rev"], 2);
    assert_eq!(body["conflicts"][0]["field"], "title");
    assert_eq!(body["conflicts"][0]["mine"], "Stale");
    assert_eq!(body["conflicts"][0]["theirs"], "Renamed");
    assert_eq!(body["merged"]["title"], "Stale");
    let r = app
        .json(
            "PUT",
            &format!("/api/v1/stories/{id}"),
            json!({"base_rev": 2, "content": {"title": "x", "principles": ["nope"]}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    let revs = app
        .get(&format!("/api/v1/stories/{id}/revisions"))
        .await
        .ok()
        .json();
    assert_eq!(revs.as_array().map(Vec::len), Some(2));
    let r = app
        .json(
            "POST",
            &format!("/api/v1/stories/{id}/restore"),
            json!({"rev": 1}),
        )
        .await
        .ok();
    assert_eq!(r.json()["rev"], 3);
    let c = app
        .get(&format!("/api/v1/stories/{id}/critique"))
        .await
        .ok()
        .json();
    assert!(c["overall"].is_u64());

    assert_eq!(
        app.json("DELETE", &format!("/api/v1/stories/{id}"), json!({}))
            .await
            .status,
        StatusCode::BAD_REQUEST,
        "purge needs the trash first"
    );
    assert_eq!(
        app.json("POST", &format!("/api/v1/stories/{id}/trash"), json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/api/v1/stories?trash=1")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        app.json("POST", &format!("/api/v1/stories/{id}/untrash"), json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.json("POST", &format!("/api/v1/stories/{id}/trash"), json!({}))
        .await;
    assert_eq!(
        app.json("DELETE", &format!("/api/v1/stories/{id}"), json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let r = app.get(&format!("/api/v1/stories/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].is_string());
}

#[tokio::test]
async fn the_critique_api_checks_its_input() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": "I was responsible for the project. We worked hard and it went well.", "question_id": "b-co-feedback-vs-metrics"}),
        )
        .await
        .ok();
    let c = r.json();
    assert!(c["findings"].as_array().is_some_and(|f| !f.is_empty()));
    assert!(c["question"].is_object());
    let r = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": "x", "question_id": "nope"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": "x", "principles": ["charm"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .json("POST", "/api/v1/critique", json!({"nope": 1}))
        .await;
    assert!(r.status.is_client_error());
}

#[tokio::test]
async fn export_then_import_round_trips_and_a_bad_file_imports_nothing() {
    let app = app().await;
    for t in ["One", "Two"] {
        app.json(
            "POST",
            "/api/v1/stories",
            json!({"title": t, "principles": ["ownership"], "action": "I led it."}),
        )
        .await
        .ok();
    }
    let r = app.get("/api/v1/stories/export").await.ok();
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .expect("cd")
            .contains("attachment")
    );
    let export = r.json();
    assert_eq!(export["format"], "tpmprep.stories");
    assert_eq!(export["stories"].as_array().map(Vec::len), Some(2));

    // The export again: both stories are recognised by their stable ids, nothing is copied.
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "json", "text": export.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["unchanged"], json!([1, 2]));
    assert_eq!(r.json()["new"], json!([]));
    // Changed text under a known id is a new revision; `as_new` makes copies.
    let mut changed = export.clone();
    changed["stories"][1]["content"]["result"] = json!("Shipped early.");
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "json", "text": changed.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["stories"],
        json!([{"id": 1, "rev": 1, "action": "unchanged"}, {"id": 2, "rev": 2, "action": "updated"}])
    );
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "json", "text": export.to_string(), "as_new": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["new"], json!([3, 4]));

    // Markdown through the page: a broken story names its line and field; nothing is saved.
    let bad = "+++\ntitle = \"Broken\"\nprinciples = [\"charm\"]\n+++\n\n## Action\nI did it.\n";
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[("format", "markdown"), ("text", bad)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("pasted.md:3"), "{}", r.body);
    assert!(r.body.contains("charm"), "{}", r.body);
    let good =
        "+++\ntitle = \"Pasted\"\nprinciples = [\"ownership\"]\n+++\n\n## Action\nI did it.\n";
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[("format", "markdown"), ("text", good)],
        )
        .await
        .ok();
    assert!(
        r.body.contains("Imported 1 new story (id 5)."),
        "{}",
        r.body
    );
    // Plain STAR text, with the title from the form.
    let plain = "Situation: A vendor slipped.\nTask: Keep the date.\nA:\n- Re-planned.\n- Escalated.\nResult: On time.\n";
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[
                ("format", "markdown"),
                ("text", plain),
                ("title", "Vendor slip"),
            ],
        )
        .await
        .ok();
    assert!(
        r.body.contains("Imported 1 new story (id 6)."),
        "{}",
        r.body
    );
    let six = app.get("/api/v1/stories/6").await.ok().json();
    assert_eq!(six["content"]["title"], "Vendor slip");
    assert_eq!(six["content"]["action"], "- Re-planned.\n- Escalated.");
    // The same paste again is skipped, and says so.
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[
                ("format", "markdown"),
                ("text", plain),
                ("title", "Vendor slip"),
            ],
        )
        .await
        .ok();
    assert!(
        r.body
            .contains("Nothing new: skipped 1 already in the bank (id 6)."),
        "{}",
        r.body
    );
    assert_eq!(
        app.get("/api/v1/stories")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(6)
    );
    let page = app.get("/stories/import").await.ok().body;
    assert!(page.contains("id=\"import-form\""));
    assert!(page.contains("name=\"title\"") && page.contains("name=\"as_new\""));
    assert!(
        page.contains("Situation: Checkout p99 latency was 820 ms"),
        "the plain template"
    );
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "docx", "text": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// The ids whose cached score is at their current revision.
async fn scored(app: &common::App) -> Vec<i64> {
    app.store
        .story_scores(tpmprep_store::LOCAL_USER)
        .await
        .expect("scores")
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

#[tokio::test]
async fn every_save_caches_its_score_so_no_page_scores_on_view() {
    let app = app().await;
    // API create, then an API edit.
    app.json(
        "POST",
        "/api/v1/stories",
        json!({"title": "Api", "principles": ["ownership"], "action": "I led it."}),
    )
    .await
    .ok();
    assert_eq!(scored(&app).await, [1]);
    app.json(
        "PUT",
        "/api/v1/stories/1",
        json!({"base_rev": 1, "content": {"title": "Api", "principles": ["ownership"],
               "action": "I led it.", "result": STRONG_RESULT}}),
    )
    .await
    .ok();
    assert_eq!(scored(&app).await, [1]);
    // A new story from the page, an import through the page and through the API.
    app.form(
        "POST",
        "/stories",
        &[("title", "From the page"), ("task", "I had to ship it.")],
    )
    .await;
    assert_eq!(scored(&app).await, [1, 2]);
    let md = "+++\ntitle = \"Pasted\"\nprinciples = [\"ownership\"]\n+++\n\n## Action\nI did it.\n";
    app.form(
        "POST",
        "/stories/import",
        &[("format", "markdown"), ("text", md)],
    )
    .await
    .ok();
    let export = app.get("/api/v1/stories/export").await.ok().json();
    app.json(
        "POST",
        "/api/v1/stories/import",
        json!({"format": "json", "text": export.to_string(), "as_new": true}),
    )
    .await
    .ok();
    assert_eq!(scored(&app).await, (1..=6).collect::<Vec<i64>>());
    // A story updated by an import is scored at its new revision.
    let mut changed = export.clone();
    changed["stories"][0]["content"]["result"] = json!(STRONG_RESULT);
    changed["stories"][0]["content"]["action"] = json!("I split the rollout.");
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "json", "text": changed.to_string()}),
        )
        .await
        .ok();
    assert_eq!(r.json()["updated"], json!([1]), "{}", r.body);
    assert_eq!(scored(&app).await, (1..=6).collect::<Vec<i64>>());
    // The cached score is the critic's score of the current text.
    let cached = app
        .store
        .story_scores(tpmprep_store::LOCAL_USER)
        .await
        .expect("scores");
    let live = app.get("/api/v1/stories/1/critique").await.ok().json()["overall"].as_u64();
    assert_eq!(cached.first().map(|(_, s)| u64::from(*s)), live);
}

#[tokio::test]
async fn stories_saved_elsewhere_are_scored_on_first_view_and_then_cached() {
    let app = app().await;
    // As the CLI saves them: straight into the store, no score.
    let story = tpmprep_stories::StoryContent {
        title: "From the terminal".into(),
        principles: vec!["ownership".into()],
        action: "I decided to split the rollout.".into(),
        ..Default::default()
    };
    let story = tpmprep_stories::ReadStory {
        uid: None,
        revision: None,
        content: story,
    };
    app.store
        .import_stories(tpmprep_store::LOCAL_USER, &[story.clone(), story], true)
        .await
        .expect("import");
    assert!(scored(&app).await.is_empty());
    let d = app.get("/api/v1/dashboard").await.ok().json();
    assert!(d["mean_story_score"].as_u64().is_some(), "{d}");
    assert_eq!(scored(&app).await, [1, 2]);
}

/// A bank bigger than the 256 KB every other request is held to imports through the page and the
/// API alike; text over the import limit is refused with a message that names the limit and the CLI.
#[tokio::test]
async fn a_bank_of_megabytes_imports_through_the_web_and_more_than_the_limit_is_refused() {
    let app = app().await;
    let action =
        "I mapped the request path with the payments team and set a weekly review. ".repeat(20);
    let stories: Vec<serde_json::Value> = (0..700)
        .map(|i| json!({"title": format!("Story {i}"), "principles": ["ownership"], "action": action}))
        .collect();
    let text = serde_json::Value::Array(stories).to_string();
    assert!(
        text.len() > 4 * tpmprep_web::MAX_BODY_BYTES,
        "{} bytes",
        text.len()
    );

    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "json", "text": text}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "{}",
        &r.body[..r.body.len().min(300)]
    );
    assert_eq!(r.json()["new"].as_array().map(Vec::len), Some(700));
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[("format", "json"), ("text", &text), ("as_new", "1")],
        )
        .await
        .ok();
    assert!(
        r.body.contains("Imported 700 new stories (ids 701–1400)."),
        "{}",
        r.body
    );
    assert_eq!(
        app.get("/api/v1/stories")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1400)
    );

    let over = "x".repeat(tpmprep_web::MAX_IMPORT_BYTES + 1);
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "markdown", "text": over}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "{}",
        &r.body[..r.body.len().min(300)]
    );
    let error = r.json()["error"].as_str().unwrap_or_default().to_string();
    assert!(
        error.contains("up to 16 MB") && error.contains("tpmprep story import"),
        "{error}"
    );
    // Other routes keep the small limit.
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": "x", "action": "y".repeat(300 * 1024)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// The story list names each story's principles as the pack spells them, not by id.
#[tokio::test]
async fn the_story_list_names_principles() {
    let app = app().await;
    app.json(
        "POST",
        "/api/v1/stories",
        json!({"title": "Backbone", "principles": ["have-backbone-disagree-and-commit", "dive-deep"]}),
    )
    .await
    .ok();
    let body = app.get("/stories").await.ok().body;
    assert!(
        body.contains("<td>Have Backbone; Disagree and Commit, Dive Deep</td>"),
        "{body}"
    );
    assert!(!body.contains("<td>have-backbone"), "{body}");
}

/// The story search reads the whole story and meets inflections on their stem, on the page and in
/// the API: "launches" finds a story that "launched", "rollbacks" one about a "rollback".
#[tokio::test]
async fn story_search_finds_inflections_in_the_whole_story() {
    let app = app().await;
    for (title, action) in [
        (
            "Checkout rewrite",
            "I launched the new checkout behind a flag.",
        ),
        ("Payments outage", "I ran the rollback within ten minutes."),
    ] {
        let r = app
            .json(
                "POST",
                "/api/v1/stories",
                json!({"title": title, "action": action, "principles": ["ownership"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let titles = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|s| s["title"].as_str().expect("title").to_string())
            .collect()
    };
    let found = app.get("/api/v1/stories?q=launches").await.ok().json();
    assert_eq!(titles(found), ["Checkout rewrite"]);
    let found = app.get("/api/v1/stories?q=Rollbacks").await.ok().json();
    assert_eq!(titles(found), ["Payments outage"]);
    let found = app.get("/api/v1/stories?q=roll").await.ok().json();
    assert!(titles(found).is_empty(), "whole words only");
    let page = app.get("/stories?q=launching").await.ok().body;
    assert!(page.contains("Checkout rewrite"), "{page}");
    assert!(!page.contains("Payments outage"));
    assert!(
        page.contains("value=\"launching\""),
        "the box keeps the words"
    );
}

/// Issue 12, item 4, in the web editor and the API: a save from an older revision is merged with
/// what another window saved meanwhile; a real conflict is refused with both texts.
#[tokio::test]
async fn a_stale_save_merges_with_the_other_window_and_a_conflict_shows_both_texts() {
    let app = app().await;
    app.form("POST", "/stories", &[("title", "Untitled story")])
        .await;
    app.form(
        "PUT",
        "/stories/1",
        &editor_fields("1", "Checkout p99", WEAK_RESULT),
    )
    .await
    .ok();
    // Window B (built on revision 2) adds a tag.
    let mut b = editor_fields("2", "Checkout p99", WEAK_RESULT);
    b.push(("tags", "latency"));
    let r = app.form("PUT", "/stories/1", &b).await.ok();
    assert!(r.body.contains("revision 3"), "{}", r.body);
    // Window A, still on revision 2, changes the result: merged, the tag kept.
    let r = app
        .form(
            "PUT",
            "/stories/1",
            &editor_fields("2", "Checkout p99", STRONG_RESULT),
        )
        .await
        .ok();
    assert!(
        r.body
            .contains("merged with revision 3 from another window: kept the tag `latency` added in revision 3."),
        "{}",
        r.body
    );
    // The form learns the merged tags and builds on revision 4 from now on.
    assert!(
        r.body.contains("&quot;tags&quot;:&quot;latency&quot;"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"4\" hx-swap-oob"), "{}", r.body);
    let s = app.get("/api/v1/stories/1").await.json();
    assert_eq!(s["meta"]["rev"], 4);
    assert_eq!(s["content"]["tags"], json!(["latency"]));
    assert_eq!(s["content"]["result"], STRONG_RESULT);

    // A and B both change the result from revision 4: refused, both texts sent, the form stays on
    // revision 4 so no later autosave overwrites B.
    let mut b = editor_fields(
        "4",
        "Checkout p99",
        "B's result: errors fell to <b>0.4%</b>.",
    );
    b.push(("tags", "latency"));
    app.form("PUT", "/stories/1", &b).await.ok();
    let mut a = editor_fields("4", "Checkout p99", "A's result: p99 fell to 490 ms.");
    a.push(("tags", "latency"));
    let r = app.form("PUT", "/stories/1", &a).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("another window saved revision 5 with a different result"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("A&#39;s result: p99 fell to 490 ms."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("B&#39;s result: errors fell to &lt;b&gt;0.4%&lt;/b&gt;."),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"4\" hx-swap-oob"), "{}", r.body);
    assert!(!r.body.contains("<b>"), "user text is escaped: {}", r.body);
    let s = app.get("/api/v1/stories/1").await.json();
    assert_eq!(s["meta"]["rev"], 5);
    assert_eq!(
        s["content"]["result"],
        "B's result: errors fell to <b>0.4%</b>."
    );

    // The API: a clean stale save merges and says so; `take` settles a conflict.
    let story = app.get("/api/v1/stories/1").await.json();
    let mut content = story["content"].clone();
    content["tags"] = json!(["latency", "checkout"]);
    let r = app
        .json(
            "PUT",
            "/api/v1/stories/1",
            json!({"base_rev": 5, "content": content}),
        )
        .await
        .ok();
    assert_eq!(r.json()["meta"]["rev"], 6);
    let mut stale = story["content"].clone();
    stale["result"] = json!("A's result again.");
    let r = app
        .json(
            "PUT",
            "/api/v1/stories/1",
            json!({"base_rev": 5, "content": stale}),
        )
        .await
        .ok();
    let body = r.json();
    assert_eq!(body["meta"]["rev"], 7, "{body}");
    assert_eq!(body["merged_with"], 6);
    assert_eq!(
        body["kept"],
        json!(["kept the tag `checkout` added in revision 6"])
    );
    assert_eq!(body["content"]["tags"], json!(["latency", "checkout"]));
    assert_eq!(body["content"]["result"], "A's result again.");
    let mut other = story["content"].clone();
    other["result"] = json!("Yet another result.");
    let r = app
        .json(
            "PUT",
            "/api/v1/stories/1",
            json!({"base_rev": 5, "content": other.clone()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["conflicts"][0]["theirs"], "A's result again.");
    let r = app
        .json(
            "PUT",
            "/api/v1/stories/1",
            json!({"base_rev": 5, "content": other.clone(), "take": ["result=mine"]}),
        )
        .await
        .ok();
    assert_eq!(r.json()["content"]["result"], "Yet another result.");
    assert_eq!(r.json()["content"]["tags"], json!(["latency", "checkout"]));
    let r = app
        .json(
            "PUT",
            "/api/v1/stories/1",
            json!({"base_rev": 5, "content": other, "take": ["everything=mine"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

/// Empty "Untitled story" rows that earlier versions made on a click of "New story" (and any story
/// with no STAR text) have no score: the list shows none, and they neither drag the dashboard's mean
/// down nor become "rework story #N".
#[tokio::test]
async fn a_story_with_no_text_has_no_score_and_counts_in_no_mean() {
    let app = app().await;
    let empty = tpmprep_stories::StoryContent {
        title: "Untitled story".into(),
        ..Default::default()
    };
    let told = tpmprep_stories::StoryContent {
        title: "Told".into(),
        principles: vec!["ownership".into()],
        action: "I traced the slow path with Priya and split the rollout into three waves.".into(),
        result: STRONG_RESULT.into(),
        ..Default::default()
    };
    app.store
        .import_stories(
            tpmprep_store::LOCAL_USER,
            &[empty.clone(), told].map(|content| tpmprep_stories::ReadStory {
                uid: None,
                revision: None,
                content,
            }),
            false,
        )
        .await
        .expect("import");
    // As the old button left them: cached at 0.
    app.store
        .set_story_scores(tpmprep_store::LOCAL_USER, &[(1, 1, 0)])
        .await
        .expect("cache");
    let live = app.get("/api/v1/stories/2/critique").await.ok().json()["overall"]
        .as_u64()
        .expect("score");
    let d = app.get("/api/v1/dashboard").await.ok().json();
    assert_eq!(d["mean_story_score"].as_u64(), Some(live), "{d}");
    assert!(
        !d["next"].to_string().contains("story #1"),
        "an empty story is no next thing: {d}"
    );
    let list = app.get("/stories").await.ok().body;
    let row = list
        .split("href=\"/stories/1\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("row of story 1");
    assert!(row.contains("–"), "no score for an empty story: {row}");
    // The API still creates no story without a title.
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            serde_json::to_value(&empty)
                .map(|mut v| {
                    v["title"] = json!("");
                    v
                })
                .expect("json"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}
