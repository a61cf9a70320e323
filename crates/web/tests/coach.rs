//! Coaching through the pages, as the two people would use it: Ana shares with her coach from the
//! Sharing page (an address that is not a coach's is refused in words), the coach finds her on the
//! Candidates page, reads her story and mock and comments on them (an empty comment is refused and
//! nothing is stored), Ana reads the comments beside her story and in her debrief, and once she
//! stops sharing the coach gets 404 — while the comments stay with Ana. Local mode has no sharing.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::signed::{accounts_app, api, csrf_in, form, get, sign_in};
use common::{app, send};
use serde_json::json;
use tpmprep_store::{Role, SqliteStore, Store};

#[tokio::test]
async fn a_coach_reads_and_comments_only_while_shared_with() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open"),
    );
    let site = accounts_app(
        store.clone(),
        &[
            ("ana@example.com", Role::Candidate),
            ("bo@example.com", Role::Candidate),
            ("coach@example.com", Role::Coach),
        ],
    )
    .await;
    let ana = sign_in(&site, "ana@example.com").await;
    let coach = sign_in(&site, "coach@example.com").await;
    let page = send(&site, get("/sharing", Some(&ana))).await.ok();
    assert!(page.body.contains("No one yet."), "{}", page.body);
    let ana_csrf = csrf_in(&page.body);

    // Bo is a candidate, not a coach: refused, said in words, nothing shared.
    let r = send(
        &site,
        form("/sharing", &ana, &ana_csrf, "email=bo%40example.com"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("No coach signs in as bo@example.com"),
        "{}",
        r.body
    );
    let r = send(
        &site,
        form("/sharing", &ana, &ana_csrf, "email=Coach%40Example.com+"),
    )
    .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    let page = send(&site, get("/sharing", Some(&ana))).await.ok();
    assert!(page.body.contains("coach@example.com"), "{}", page.body);

    // Ana's story and a mock answer.
    let story = send(
        &site,
        api(
            Method::POST,
            "/api/v1/stories",
            &ana,
            Some(
                json!({"title": "Checkout cut-over", "action": "I split the rollout into waves."}),
            ),
        ),
    )
    .await
    .ok()
    .json()["meta"]["id"]
        .as_i64()
        .expect("story id");
    let mock = send(
        &site,
        api(
            Method::POST,
            "/api/v1/mocks",
            &ana,
            Some(json!({"kind": "phone-screen", "seed": 3})),
        ),
    )
    .await
    .ok()
    .json()["id"]
        .as_i64()
        .expect("mock id");
    send(
        &site,
        api(
            Method::POST,
            &format!("/api/v1/mocks/{mock}/answers"),
            &ana,
            Some(json!({"text": "I owned the migration end to end.", "seconds": 80})),
        ),
    )
    .await
    .ok();

    // The coach finds Ana and reads her work.
    let list = send(&site, get("/coach", Some(&coach))).await.ok();
    assert!(list.body.contains("ana@example.com"), "{}", list.body);
    assert!(list.body.contains("href=\"/coach"), "{}", list.body);
    let at = list.body.find("href=\"/coach/").expect("a link to Ana") + 6;
    let ana_page = list.body[at..].split('"').next().expect("href").to_string();
    let overview = send(&site, get(&ana_page, Some(&coach))).await.ok();
    assert!(
        overview.body.contains("Checkout cut-over"),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("Readiness"));
    let story_page = send(
        &site,
        get(&format!("{ana_page}/stories/{story}"), Some(&coach)),
    )
    .await
    .ok();
    assert!(story_page.body.contains("I split the rollout into waves."));
    assert!(
        !story_page.body.contains("<textarea id=\"f-"),
        "the coach's view has no editor"
    );
    let coach_csrf = csrf_in(&story_page.body);
    let post = format!("{ana_page}/stories/{story}/comments");
    let r = send(&site, form(&post, &coach, &coach_csrf, "body=+++")).await;
    assert!(r.body.contains("the comment is empty"), "{}", r.body);
    let r = send(
        &site,
        form(&post, &coach, &coach_csrf, "body=Lead+with+the+number."),
    )
    .await
    .ok();
    assert!(r.body.contains("Lead with the number."), "{}", r.body);
    assert!(r.body.contains("coach@example.com"), "{}", r.body);
    let mock_page = send(
        &site,
        get(&format!("{ana_page}/mocks/{mock}"), Some(&coach)),
    )
    .await
    .ok();
    assert!(mock_page.body.contains("I owned the migration end to end."));
    let r = send(
        &site,
        form(
            &format!("{ana_page}/mocks/{mock}/answers/0/comments"),
            &coach,
            &coach_csrf,
            "body=Say+what+you+decided.",
        ),
    )
    .await
    .ok();
    assert!(r.body.contains("Say what you decided."), "{}", r.body);

    // Ana reads them: beside the story, and in the API (one comment on the story: the empty one
    // was not stored).
    let editor = send(&site, get(&format!("/stories/{story}"), Some(&ana)))
        .await
        .ok();
    assert!(
        editor.body.contains("Lead with the number."),
        "{}",
        editor.body
    );
    let on_story = send(
        &site,
        api(
            Method::GET,
            &format!("/api/v1/stories/{story}/comments"),
            &ana,
            None,
        ),
    )
    .await
    .ok()
    .json();
    assert_eq!(on_story.as_array().map(Vec::len), Some(1), "{on_story}");
    let on_mock = send(
        &site,
        api(
            Method::GET,
            &format!("/api/v1/mocks/{mock}/comments"),
            &ana,
            None,
        ),
    )
    .await
    .ok()
    .json();
    assert_eq!(on_mock[0]["body"], "Say what you decided.");
    assert_eq!(
        (on_mock[0]["on"].as_str(), on_mock[0]["seq"].as_i64()),
        (Some("answer"), Some(0))
    );

    // Ana stops sharing: the coach sees nothing any more; the comments stay with her.
    let coach_id = store
        .credentials("coach@example.com")
        .await
        .expect("read")
        .expect("coach")
        .account
        .id;
    let r = send(
        &site,
        form(&format!("/sharing/{coach_id}/revoke"), &ana, &ana_csrf, ""),
    )
    .await;
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{}",
        r.status
    );
    for path in [
        ana_page.clone(),
        format!("{ana_page}/stories/{story}"),
        format!("{ana_page}/mocks/{mock}"),
    ] {
        let r = send(&site, get(&path, Some(&coach))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("Checkout"), "{path}");
    }
    let list = send(&site, get("/coach", Some(&coach))).await.ok();
    assert!(!list.body.contains("ana@example.com"));
    let editor = send(&site, get(&format!("/stories/{story}"), Some(&ana)))
        .await
        .ok();
    assert!(editor.body.contains("Lead with the number."));
}

#[tokio::test]
async fn local_mode_has_no_one_to_share_with() {
    let a = app().await;
    let page = a.get("/sharing").await.ok();
    assert!(
        page.body.contains("Sharing needs a server with accounts"),
        "{}",
        page.body
    );
    let r = a
        .json(
            "POST",
            "/api/v1/shares",
            json!({"email": "coach@example.com"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("needs a server with accounts"),
        "{}",
        r.body
    );
    let r = a.get("/api/v1/shares").await.ok();
    assert_eq!(r.json()["coaches"], json!([]));
}
