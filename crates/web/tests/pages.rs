//! The free-form critique page (answers and résumé bullets) and the examples pages.

mod common;

use axum::http::StatusCode;
use common::app;

#[tokio::test]
async fn the_critique_page_critiques_answers_and_resume_bullets() {
    let app = app().await;
    let page = app.get("/critique").await.ok();
    assert!(page.body.contains("id=\"critique-form\""));
    assert!(page.body.contains("<label for=\"c-text\">"));
    let r = app
        .form(
            "POST",
            "/critique",
            &[
                ("mode", "answer"),
                ("question", "Tell me about a time you failed."),
                (
                    "text",
                    "I was responsible for the project. We worked hard and it went well.",
                ),
            ],
        )
        .await
        .ok();
    assert!(r.body.contains("class=\"finding miss\""), "{}", r.body);
    assert!(r.body.contains("<mark"), "the quoted sentence is marked");
    let r = app
        .form(
            "POST",
            "/critique",
            &[
                ("mode", "resume"),
                ("text", "- Led the migration of 40 services, cutting costs by 30%\n- Helped with things"),
            ],
        )
        .await
        .ok();
    assert!(
        r.body.contains("bullets show an outcome number"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(
            "<td>Led the migration of 40 services, cutting costs by 30%</td><td>yes</td>"
        ),
        "the number is found: {}",
        r.body
    );
    let evil = app
        .form(
            "POST",
            "/critique",
            &[
                ("mode", "answer"),
                ("text", "<img src=x onerror=alert(1)> I led it."),
            ],
        )
        .await
        .ok();
    assert!(!evil.body.contains("<img"), "{}", evil.body);
}

#[tokio::test]
async fn examples_are_listed_shown_and_served_as_json() {
    let app = app().await;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let list = app.get("/examples").await.ok();
    for e in &pack.examples {
        assert!(
            list.body.contains(&format!("href=\"/examples/{}\"", e.id)),
            "{}",
            e.id
        );
    }
    let first = &pack.examples[0];
    let one = app.get(&format!("/examples/{}", first.id)).await.ok();
    assert_eq!(one.body.matches("<section class=\"card\"").count(), 1);
    assert_eq!(
        app.get("/examples/nope").await.status,
        StatusCode::NOT_FOUND
    );
    let json = app.get("/api/v1/examples").await.ok().json();
    assert_eq!(json.as_array().map(Vec::len), Some(pack.examples.len()));
    assert_eq!(
        app.get(&format!("/api/v1/examples/{}", first.id))
            .await
            .ok()
            .json()["id"],
        first.id.as_str()
    );
    assert_eq!(
        app.get("/api/v1/examples/nope").await.status,
        StatusCode::NOT_FOUND
    );
}
