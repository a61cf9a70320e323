//! The story pages' words: the new-story editor says once that nothing is stored until the first
//! words; a limit is written with thousands separators and after the field's name as the editor
//! labels it; an import without a title names the page's Title field (the API: its `title`), never
//! the command line's `--title`; the list gives tags a column of their own (a label on the cards).

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::json;

#[tokio::test]
async fn the_new_story_editor_says_once_that_it_saves_from_the_first_words() {
    let app = app().await;
    let page = app.get("/stories/new").await.ok().body;
    assert_eq!(
        page.matches("first words").count(),
        1,
        "one sentence about saving from the first words: {page}"
    );
    assert!(
        !page.contains("Nothing is stored until you write"),
        "{page}"
    );
    // Its kept copies are its own (app.js keeps a new story's copies apart by page).
    assert!(page.contains(" data-draft-new"), "{page}");
    let id = app
        .json("POST", "/api/v1/stories", json!({"title": "Stored"}))
        .await
        .ok()
        .json()["meta"]["id"]
        .as_i64()
        .expect("id");
    let stored = app.get(&format!("/stories/{id}")).await.ok().body;
    assert!(!stored.contains("data-draft-new"), "{stored}");
}

#[tokio::test]
async fn limits_are_written_with_thousands_separators_after_the_fields_name() {
    let app = app().await;
    let id = app
        .json("POST", "/api/v1/stories", json!({"title": "Long"}))
        .await
        .ok()
        .json()["meta"]["id"]
        .as_i64()
        .expect("id");
    let action = "a".repeat(69_999);
    let r = app
        .send(
            axum::http::Request::put(format!("/stories/{id}"))
                .header("host", common::HOST)
                .header("x-csrf-token", app.state.csrf())
                .header("hx-request", "true")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(format!(
                    "base_rev=1&title=Long&action={action}"
                )))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains(
            "Not saved: Action is 69,999 characters; the limit is 20,000 (about 3,000 words)"
        ),
        "{}",
        r.body
    );
    // The API and the critique say their limits the same way.
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": "Long", "trade_off": action}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(
        r.json()["error"],
        "The trade-off is 69,999 characters; the limit is 20,000 (about 3,000 words)"
    );
    let r = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": "a".repeat(60_001)}),
        )
        .await;
    assert_eq!(
        r.json()["error"],
        "the answer is over 60,000 characters; critique a part of it"
    );
}

#[tokio::test]
async fn an_import_without_a_title_names_the_pages_title_field() {
    let app = app().await;
    let plain = "Situation: A vendor slipped.\nTask: Keep the date.\nAction: Re-planned.\nResult: On time.\n";
    let r = app
        .form(
            "POST",
            "/stories/import",
            &[("format", "markdown"), ("text", plain), ("title", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains(
            "a story needs a title: put it on the first line, above `Situation:`, or give one in \
             the Title field above the text"
        ),
        "{}",
        r.body
    );
    assert!(!r.body.contains("--title"), "{}", r.body);
    assert!(!r.body.contains("command line"), "{}", r.body);
    let r = app
        .json(
            "POST",
            "/api/v1/stories/import",
            json!({"format": "markdown", "text": plain}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let said = r.json()["error"].as_str().unwrap_or_default().to_string();
    assert!(
        said.ends_with("or give one as `title` in the request"),
        "{said}"
    );
}

#[tokio::test]
async fn tags_have_a_column_of_their_own_in_the_story_list() {
    let app = app().await;
    app.json(
        "POST",
        "/api/v1/stories",
        json!({"title": "Vendor slip", "tags": ["payments", "vendor"]}),
    )
    .await
    .ok();
    let body = app.get("/stories").await.ok().body;
    assert!(body.contains("<th>Title</th><th>Tags</th>"), "{body}");
    assert!(
        body.contains("<td class=\"muted\">payments, vendor</td>"),
        "{body}"
    );
}
