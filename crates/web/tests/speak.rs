//! Spoken answers over HTTP: every fixture format brought through the Speak form and the JSON API
//! (205 words, two long pauses for the timed ones, 30-second windows), a malformed file drawn again
//! with its line and nothing kept, plain text without a duration asked for one, the report page's
//! chart and marks, unknown ids 404, another account seeing nothing, and transcripts given as the
//! answer to a mock and a drill card, kept with their mock or card.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use common::signed::{accounts_app, api, get, sign_in};
use common::{App, app, send};
use serde_json::json;
use tpmprep_store::{Role, SqliteStore, Store};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../speech/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The timed fixtures: (file, format as the form's select names it).
const TIMED: &[&str] = &[
    "answer.srt",
    "answer.crlf.srt",
    "answer.vtt",
    "answer.bom.vtt",
    "answer.whisper.json",
];

/// Brings `name` through the form; the id it was kept under (from the redirect).
async fn bring(app: &App, name: &str, extra: &[(&str, &str)]) -> i64 {
    let text = fixture(name);
    let mut fields = vec![("transcript", text.as_str()), ("name", name)];
    fields.extend_from_slice(extra);
    let r = app.form("POST", "/speak", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
    let to = r.headers[header::LOCATION].to_str().expect("location");
    to.strip_prefix("/speak/")
        .and_then(|rest| rest.strip_suffix("?kept=1"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to a report with ?kept=1, got {to}"))
}

/// The report shown right after a transcript was kept tells the browser to drop its copy of the
/// Speak page's textarea (the key the page drafts under); the report seen later does not.
#[tokio::test]
async fn the_report_right_after_keeping_drops_the_browsers_copy() {
    let app = app().await;
    let page = app.get("/speak").await.ok();
    assert!(
        page.body.contains("data-local-draft=\"speak:new\""),
        "the textarea is drafted in the browser"
    );
    let id = bring(&app, "answer.srt", &[]).await;
    let fresh = app.get(&format!("/speak/{id}?kept=1")).await.ok();
    assert!(
        fresh.body.contains("data-forget-local-draft=\"speak:new\""),
        "{}",
        fresh.body
    );
    let later = app.get(&format!("/speak/{id}")).await.ok();
    assert!(!later.body.contains("data-forget-local-draft"));
    let odd = app
        .get(&format!("/speak/{id}?kept=yes&x=%3Cb%3E"))
        .await
        .ok();
    assert!(!odd.body.contains("data-forget-local-draft"));
}

async fn count(app: &App) -> usize {
    app.get("/api/v1/speak")
        .await
        .ok()
        .json()
        .as_array()
        .expect("a list")
        .len()
}

#[tokio::test]
async fn every_format_is_brought_through_the_form_and_reported() {
    let app = app().await;
    let empty = app.get("/speak").await.ok();
    assert!(empty.body.contains("No transcripts yet"), "{}", empty.body);
    assert!(empty.body.contains("--word_timestamps True"));
    assert!(
        empty
            .body
            .contains("Record with any app, then bring its transcript here.")
    );
    assert!(
        empty.body.contains("<optgroup label=\""),
        "questions grouped"
    );
    let question = tpmprep_content::embedded_pack().expect("pack").questions[0]
        .id
        .clone();
    for (i, name) in TIMED.iter().enumerate() {
        let extra: &[(&str, &str)] = if i == 0 {
            &[("question_id", question.as_str()), ("format", "auto")]
        } else {
            &[("format", "auto")]
        };
        let id = bring(&app, name, extra).await;
        let full = app.get(&format!("/api/v1/speak/{id}")).await.ok().json();
        let report = &full["report"];
        assert_eq!(report["words"], 205, "{name}");
        assert_eq!(report["pauses"].as_array().map(Vec::len), Some(2), "{name}");
        assert!(
            report["windows"].as_array().is_some_and(|w| w.len() >= 3),
            "{name}: {}",
            report["windows"]
        );
        assert_eq!(full["context"], "speak");
        assert_eq!(full["source"], fixture(name), "the file as brought");
        let page = app.get(&format!("/speak/{id}")).await.ok();
        assert!(
            page.body.contains("<svg id=\"timeline\""),
            "{name}: a chart"
        );
        assert!(
            page.body.contains("class=\"pause\""),
            "{name}: pauses drawn"
        );
        assert!(page.body.contains("class=\"mark filler\""), "{name}: ticks");
        assert!(
            page.body.contains("<mark class=\"filler\""),
            "{name}: marks"
        );
        assert!(
            page.body.contains("<mark class=\"hedge\""),
            "{name}: hedges"
        );
        assert!(page.body.contains("id=\"fig-words\">205<"), "{name}");
        assert!(page.body.contains("floor"), "{name}: the STT note");
        assert!(
            page.body.contains("id=\"windows-table\""),
            "{name}: a table"
        );
        if i == 0 {
            assert!(page.body.contains("id=\"speak-question\""), "the question");
            assert!(page.body.contains("Critique of the words"));
            assert!(page.body.contains("id=\"star-bar\""), "STAR shares");
        }
    }
    // Plain text needs its duration.
    let txt = fixture("answer.txt");
    let r = app
        .form(
            "POST",
            "/speak",
            &[("transcript", &txt), ("name", "answer.txt")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("duration"), "{}", r.body);
    assert!(r.body.contains("So, um, last year"), "the text is kept");
    assert_eq!(count(&app).await, TIMED.len(), "nothing kept");
    let id = bring(&app, "answer.txt", &[("duration", "1:31")]).await;
    let full = app.get(&format!("/api/v1/speak/{id}")).await.ok().json();
    assert_eq!(full["report"]["words"], 205);
    assert_eq!(full["report"]["timed"], false);
    let page = app.get(&format!("/speak/{id}")).await.ok();
    assert!(page.body.contains("id=\"untimed\""), "{}", page.body);
    // The list shows them all, newest first, with links.
    let list = app.get("/speak").await.ok();
    assert!(list.body.contains(&format!("href=\"/speak/{id}\"")));
    assert!(!list.body.contains("No transcripts yet"));
}

#[tokio::test]
async fn a_malformed_file_is_drawn_again_with_its_line_and_nothing_kept() {
    let app = app().await;
    for (name, line, kept) in [
        ("bad-timing.srt", "line 6", "Second cue."),
        ("bad-header.vtt", "line 1", "First cue."),
        ("bad-syntax.whisper.json", "line 4", "&quot;segments&quot;"),
    ] {
        let text = fixture(name);
        let r = app
            .form(
                "POST",
                "/speak",
                &[("transcript", &text), ("name", name), ("question", "Why?")],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: {}", r.body);
        assert!(
            r.body.contains(&format!("{name}: {line}")),
            "{name}: {}",
            r.body
        );
        assert!(r.body.contains("id=\"speak-error\""));
        assert!(r.body.contains("value=\"Why?\""), "the question is kept");
        // The file's text stays in the box (escaped).
        assert!(r.body.contains(kept), "{name}: `{kept}` kept");
        // The API names the same.
        let a = app
            .json(
                "POST",
                "/api/v1/speak",
                json!({"transcript": text, "name": name}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        assert!(a.json()["error"].as_str().unwrap_or("").contains(line));
    }
    assert_eq!(count(&app).await, 0);
    // A bad duration and an unknown question id name their field.
    let r = app
        .form(
            "POST",
            "/speak",
            &[("transcript", "I led it."), ("duration", "soon")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("duration: "), "{}", r.body);
    let a = app
        .json(
            "POST",
            "/api/v1/speak",
            json!({"transcript": fixture("answer.vtt"), "question_id": "no-such-question"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("question_id"), "{}", a.body);
    let a = app
        .json(
            "POST",
            "/api/v1/speak",
            json!({"transcript": "x", "bogus": 1}),
        )
        .await;
    assert!(a.status.is_client_error(), "{}", a.body);
    assert_eq!(count(&app).await, 0);
}

#[tokio::test]
async fn the_api_brings_lists_reads_and_deletes() {
    let app = app().await;
    // Not kept: the bare report.
    let r = app
        .json(
            "POST",
            "/api/v1/speak?save=false",
            json!({"transcript": fixture("answer.whisper.json"), "name": "answer.whisper.json"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    assert_eq!(report["words"], 205);
    assert!(report["duration_seconds"].as_f64().is_some());
    assert!(report["wpm"].as_f64().is_some_and(|w| w > 100.0));
    assert!(report["fillers"].as_u64().is_some_and(|f| f >= 1));
    assert!(report["fillers_per_minute"].as_f64().is_some());
    assert!(report["pauses"][0]["start"].as_f64().is_some());
    assert!(report["pauses"][0]["seconds"].as_f64().is_some());
    assert!(report["windows"][0]["wpm"].as_f64().is_some());
    assert!(report["critique"].is_object());
    assert_eq!(count(&app).await, 0, "save=false keeps nothing");
    let r = app
        .json(
            "POST",
            "/api/v1/speak?save=maybe",
            json!({"transcript": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // Kept.
    let r = app
        .json(
            "POST",
            "/api/v1/speak",
            json!({"transcript": fixture("answer.vtt"), "name": "answer.vtt", "question": "Tell me about a time you delivered under pressure."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let saved = r.json();
    let id = saved["id"].as_i64().expect("id");
    assert_eq!(saved["report"]["words"], 205);
    let list = app.get("/api/v1/speak").await.ok().json();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["words"], 205);
    // A story it rehearses must be one of yours.
    let r = app
        .json(
            "POST",
            "/api/v1/speak",
            json!({"transcript": fixture("answer.vtt"), "story": 999}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // Unknown ids.
    for path in ["/api/v1/speak/999", "/api/v1/speak/0", "/api/v1/speak/x"] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        app.get("/speak/999").await.status,
        StatusCode::NOT_FOUND,
        "the page too"
    );
    let r = app.json("DELETE", "/api/v1/speak/999", json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Deleted through the page: asked first, then gone.
    let r = app.form("POST", &format!("/speak/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"confirm-delete\""), "{}", r.body);
    assert_eq!(count(&app).await, 1);
    let r = app
        .form(
            "POST",
            &format!("/speak/{id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count(&app).await, 0);
    assert_eq!(
        app.get(&format!("/api/v1/speak/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_story_rehearsal_is_kept_with_the_story() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({"title": "Seller payouts"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let story = r.json()["meta"]["id"].as_i64().expect("story id");
    let page = app.get(&format!("/speak?story={story}")).await.ok();
    assert!(page.body.contains("id=\"rehearsing\""), "{}", page.body);
    let s = story.to_string();
    assert!(
        page.body
            .contains(&format!("data-local-draft=\"speak:{story}\"")),
        "a rehearsal is drafted under its story"
    );
    let id = bring(&app, "answer.srt", &[("story", s.as_str())]).await;
    let fresh = app.get(&format!("/speak/{id}?kept=1")).await.ok();
    assert!(
        fresh
            .body
            .contains(&format!("data-forget-local-draft=\"speak:{story}\""))
    );
    let full = app.get(&format!("/api/v1/speak/{id}")).await.ok().json();
    assert_eq!(full["context"], "story");
    assert_eq!(full["context_id"], story);
    let editor = app.get(&format!("/stories/{story}")).await.ok();
    assert!(
        editor
            .body
            .contains(&format!("href=\"/speak?story={story}\""))
    );
    assert!(
        editor.body.contains(&format!("href=\"/speak/{id}\"")),
        "listed"
    );
    assert!(
        editor.body.contains("Spoken answer: 1:31"),
        "{}",
        editor.body
    );
}

#[tokio::test]
async fn a_mock_answer_given_as_an_srt_keeps_a_transcript_linked_to_the_mock() {
    let app = app().await;
    let r = app
        .form(
            "POST",
            "/mock",
            &[
                ("kind", "phone-screen"),
                ("format", ""),
                ("minutes_scale", "0.1"),
                ("seed", "7"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let mock: i64 = to
        .strip_prefix("/mock/")
        .and_then(|m| m.parse().ok())
        .expect("mock id");
    let page = app.get(&to).await.ok();
    assert!(page.body.contains("data-transcript-into=\"answer\""));
    // A malformed one: refused with its line, kept in the box, nothing sent or kept.
    let bad = fixture("bad-timing.srt");
    let r = app
        .form(
            "POST",
            &format!("/mock/{mock}/answer"),
            &[
                ("text", bad.as_str()),
                ("elapsed", "30"),
                ("story", ""),
                ("transcript_name", "bad-timing.srt"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("bad-timing.srt: line 6"), "{}", r.body);
    assert!(r.body.contains("First cue."), "the text is kept");
    let answers = |app: &App| {
        let store = app.store.clone();
        async move {
            store
                .mock(tpmprep_store::LOCAL_USER, mock)
                .await
                .expect("mock")
                .answers
        }
    };
    assert_eq!(count(&app).await, 0);
    assert!(answers(&app).await.is_empty(), "nothing sent");
    // The SRT fixture.
    let srt = fixture("answer.srt");
    let r = app
        .form(
            "POST",
            &format!("/mock/{mock}/answer"),
            &[
                ("text", srt.as_str()),
                ("elapsed", "95"),
                ("story", ""),
                ("transcript_name", "answer.srt"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = app.get("/api/v1/speak").await.ok().json();
    assert_eq!(list[0]["context"], "mock");
    assert_eq!(list[0]["context_id"], mock);
    let tid = list[0]["id"].as_i64().expect("transcript id");
    // The words were the answer, not the file.
    let sent = answers(&app).await;
    assert_eq!(sent.len(), 1);
    let given = sent[0].answer.as_str();
    assert!(given.starts_with("So, um, last year"), "{given}");
    assert!(!given.contains("-->"), "{given}");
    // The next page shows the spoken line with its report.
    let page = app.get(&to).await.ok();
    assert!(page.body.contains("Spoken answer: 1:31"), "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/speak/{tid}\"")));
    // A typed answer stays as typed and keeps nothing.
    let r = app
        .form(
            "POST",
            &format!("/mock/{mock}/answer"),
            &[
                (
                    "text",
                    "I led the payouts program and cut delays to two days.",
                ),
                ("elapsed", "30"),
                ("story", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn a_drill_check_and_grade_take_a_transcript() {
    let app = app().await;
    let r = app
        .json("POST", "/api/v1/drills/cards", json!({"weakest": 2}))
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let page = app.get("/drill").await.ok();
    let card: i64 = page
        .body
        .split("data-card=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("a card on the page");
    assert!(page.body.contains("data-transcript-into=\"answer\""));
    // Malformed: refused with its line, kept, nothing kept.
    let bad = fixture("bad-header.vtt");
    let r = app
        .form(
            "POST",
            &format!("/drill/{card}/check"),
            &[
                ("answer", bad.as_str()),
                ("transcript_name", "bad-header.vtt"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("bad-header.vtt: line 1"), "{}", r.body);
    assert_eq!(count(&app).await, 0);
    // Checked as a VTT: the words are checked and stay in the box; the spoken line shows.
    let vtt = fixture("answer.vtt");
    let r = app
        .form(
            "POST",
            &format!("/drill/{card}/check"),
            &[("answer", vtt.as_str()), ("transcript_name", "answer.vtt")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"suggestion\""), "{}", r.body);
    assert!(r.body.contains("Spoken answer: 1:31"), "{}", r.body);
    assert!(!r.body.contains("WEBVTT"), "the words replace the file");
    let list = app.get("/api/v1/speak").await.ok().json();
    assert_eq!(list[0]["context"], "drill");
    assert_eq!(list[0]["context_id"], card);
    // Graded with a Whisper JSON.
    let json_text = fixture("answer.whisper.json");
    let r = app
        .form(
            "POST",
            &format!("/drill/{card}/grade"),
            &[
                ("answer", json_text.as_str()),
                ("transcript_name", "answer.whisper.json"),
                ("grade", "good"),
                ("expected_reps", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Graded"), "{}", r.body);
    assert!(r.body.contains("Spoken answer: 1:31"), "{}", r.body);
    assert_eq!(count(&app).await, 2);
}

#[tokio::test]
async fn another_account_cannot_see_a_transcript() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open"),
    );
    let app = accounts_app(
        store,
        &[
            ("ana@example.com", Role::Candidate),
            ("bo@example.com", Role::Candidate),
        ],
    )
    .await;
    let ana = sign_in(&app, "ana@example.com").await;
    let bo = sign_in(&app, "bo@example.com").await;
    let r = send(
        &app,
        api(
            Method::POST,
            "/api/v1/speak",
            &ana,
            Some(json!({"transcript": fixture("answer.srt"), "name": "ZEBRAFINCH.srt"})),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().expect("id");
    for path in [format!("/api/v1/speak/{id}"), format!("/speak/{id}")] {
        let r = send(&app, get(&path, Some(&bo))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("ZEBRAFINCH"));
    }
    let r = send(
        &app,
        api(
            Method::DELETE,
            &format!("/api/v1/speak/{id}"),
            &bo,
            Some(json!({})),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let list = send(&app, get("/speak", Some(&bo))).await;
    assert!(!list.body.contains("ZEBRAFINCH"), "{}", list.body);
    let list = send(&app, api(Method::GET, "/api/v1/speak", &bo, None)).await;
    assert_eq!(list.json(), json!([]));
    let mine = send(&app, get(&format!("/speak/{id}"), Some(&ana))).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("ZEBRAFINCH"));
}
