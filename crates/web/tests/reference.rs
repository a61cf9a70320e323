//! The reference pages and their JSON: principles, process and formats, prompts, questions to ask.

mod common;

use axum::http::StatusCode;
use common::app;
use tpmprep_content::{Kind, Level, Pack};

fn pack() -> Pack {
    tpmprep_content::embedded_pack().expect("pack")
}

/// Text as the templates print it (minijinja's HTML escaping).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

fn behavioural_count(pack: &Pack, id: &str) -> usize {
    pack.questions
        .iter()
        .filter(|q| q.kind == Kind::Behavioural && q.principles.iter().any(|p| p == id))
        .count()
}

#[tokio::test]
async fn principles_page_lists_all_sixteen_with_links_and_the_added_marks() {
    let app = app().await;
    let pack = pack();
    let r = app.get("/principles").await.ok();
    assert_eq!(pack.principles.len(), 16);
    for p in &pack.principles {
        assert!(r.body.contains(&esc(&p.name)), "{} missing", p.name);
        assert!(
            r.body.contains(&format!("href=\"/principles/{}\"", p.id)),
            "no link to {}",
            p.id
        );
        assert!(
            r.body.contains(&esc(&p.summary)),
            "{} summary missing",
            p.id
        );
    }
    let added = pack.principles.iter().filter(|p| p.added.is_some()).count();
    assert_eq!(added, 2);
    assert_eq!(
        r.body
            .matches("<span class=\"pill\">added 2021</span>")
            .count(),
        added
    );
    // Principles live under Reference in the navigation (folded to keep the phone header short).
    assert!(r.body.contains("href=\"/reference\" aria-current=\"page\""));
}

#[tokio::test]
async fn a_principle_page_shows_probes_signals_pitfalls_and_its_questions() {
    let app = app().await;
    let pack = pack();
    let p = pack.principle("dive-deep").expect("dive-deep");
    let r = app.get("/principles/dive-deep").await.ok();
    assert!(r.body.contains(&format!("<h1>{}</h1>", esc(&p.name))));
    assert!(r.body.contains(&esc(&p.summary)));
    for x in p.probes.iter().chain(&p.strong_signals).chain(&p.pitfalls) {
        assert!(r.body.contains(&esc(x)), "missing: {x}");
    }
    let n = behavioural_count(&pack, "dive-deep");
    assert!(n > 0);
    assert!(
        r.body
            .contains(&format!("{n} behavioural questions name this principle")),
        "count {n} not shown"
    );
    let first = pack
        .questions
        .iter()
        .find(|q| q.kind == Kind::Behavioural && q.principles.iter().any(|p| p == "dive-deep"))
        .expect("a dive-deep question");
    assert!(
        r.body
            .contains(&format!("href=\"/questions/{}\"", first.id))
    );
    assert!(
        r.body
            .contains("href=\"/questions?principle=dive-deep&amp;kind=behavioural\"")
    );

    // An added principle says so.
    let added = pack
        .principles
        .iter()
        .find(|p| p.added.is_some())
        .expect("an added principle");
    let r = app.get(&format!("/principles/{}", added.id)).await.ok();
    assert!(r.body.contains("added 2021"));
}

#[tokio::test]
async fn unknown_principles_and_prompts_are_404_as_pages_and_as_json() {
    let app = app().await;
    for path in ["/principles/no-such-thing", "/prompts/no-such-thing"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("no-such-thing"), "{}", r.body);
        assert!(r.body.contains("<!doctype html>"));
    }
    let r = app.get("/api/v1/principles/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let msg = r.json()["error"].as_str().expect("error").to_string();
    assert!(msg.contains("dive-deep"), "names valid ids: {msg}");
    let r = app.get("/api/v1/prompts/no-such-thing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].is_string());
}

#[tokio::test]
async fn the_process_page_shows_stages_and_the_chosen_format() {
    let app = app().await;
    let pack = pack();
    let default = pack.default_format().expect("default format");
    let r = app.get("/process").await.ok();
    // Process, Prompts, Examples and Ask share the navigation's Reference entry.
    assert!(r.body.contains("href=\"/reference\" aria-current=\"page\""));
    for s in &pack.stages {
        assert!(r.body.contains(&esc(&s.name)), "stage {} missing", s.id);
    }
    assert!(r.body.contains("<select id=\"format\" name=\"format\">"));
    assert!(r.body.contains("<label for=\"format\">"));
    for f in &pack.formats {
        assert!(r.body.contains(&format!("<option value=\"{}\"", f.id)));
    }
    assert!(
        r.body
            .contains(&format!("<option value=\"{}\" selected>", default.id))
    );
    for iv in &default.interviews {
        assert!(r.body.contains(&esc(&iv.title)), "{} missing", iv.title);
        assert!(r.body.contains(&esc(&iv.focus)));
    }
    // Interview kinds in words ("System design"), never as ids.
    assert!(!r.body.contains("system-design"), "a kind shown as its id");
    assert!(default.interviews.iter().any(|i| i.bar_raiser));
    assert!(r.body.contains("<span class=\"pill\">bar raiser</span>"));

    // Another format: an interview title the default page never shows appears, and it is selected.
    let (other, cell) = pack
        .formats
        .iter()
        .filter(|f| f.id != default.id)
        .flat_map(|f| {
            f.interviews
                .iter()
                .map(move |i| (f, format!("<strong>{}</strong>", esc(&i.title))))
        })
        .find(|(_, cell)| !r.body.contains(cell))
        .expect("a format with an interview the default page does not show");
    let r = app.get(&format!("/process?format={}", other.id)).await.ok();
    assert!(r.body.contains(&cell));
    assert!(
        r.body
            .contains(&format!("<option value=\"{}\" selected>", other.id))
    );

    // An empty choice is the default; an unknown one is refused with the valid ids.
    let r = app.get("/process?format=").await.ok();
    assert!(
        r.body
            .contains(&format!("<option value=\"{}\" selected>", default.id))
    );
    let r = app.get("/process?format=nope").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    for f in &pack.formats {
        assert!(r.body.contains(&f.id), "valid format {} not named", f.id);
    }
}

#[tokio::test]
async fn prompts_list_and_one_prompt_in_full() {
    let app = app().await;
    let pack = pack();
    let r = app.get("/prompts").await.ok();
    assert!(r.body.contains("href=\"/reference\" aria-current=\"page\""));
    for p in &pack.prompts {
        assert!(r.body.contains(&format!("href=\"/prompts/{}\"", p.id)));
        assert!(r.body.contains(&esc(&p.title)));
    }
    // A prompt for both levels says so in words, in the list and on its page.
    assert!(r.body.contains(">L5 and L6</td>"));
    assert!(!r.body.contains(">both</td>"));
    let both = pack
        .prompts
        .iter()
        .find(|p| p.level == Level::Both)
        .expect("a prompt for both levels");
    let r = app.get(&format!("/prompts/{}", both.id)).await.ok();
    assert!(
        r.body
            .contains(&format!("{} minutes · L5 and L6</p>", both.minutes))
    );
    assert!(!r.body.contains("level both"));
    let p = &pack.prompts[0];
    let r = app.get(&format!("/prompts/{}", p.id)).await.ok();
    assert!(r.body.contains(&esc(&p.prompt)));
    assert!(r.body.contains(&format!("{} minutes", p.minutes)));
    for x in p
        .scale
        .iter()
        .chain(&p.clarifying)
        .chain(&p.components)
        .chain(&p.trade_offs)
        .chain(&p.deep_dives)
        .chain(&p.failure_modes)
        .chain(&p.monitoring)
    {
        assert!(r.body.contains(&esc(x)), "missing: {x}");
    }
}

#[tokio::test]
async fn ask_groups_by_role_and_filters_by_role() {
    let app = app().await;
    let pack = pack();
    let r = app.get("/ask").await.ok();
    assert!(r.body.contains("<label for=\"role\">"));
    for a in &pack.ask {
        assert!(r.body.contains(&esc(&a.text)), "{} missing", a.id);
        assert!(r.body.contains(&esc(&a.why)));
    }
    assert!(
        r.body
            .contains(&format!("<p>{} questions.</p>", pack.ask.len()))
    );
    let br: Vec<_> = pack.ask.iter().filter(|a| a.role == "bar-raiser").collect();
    assert!(!br.is_empty());
    let r = app.get("/ask?role=bar-raiser").await.ok();
    assert!(r.body.contains(&format!("<p>{} questions.</p>", br.len())));
    for a in &br {
        assert!(r.body.contains(&esc(&a.text)));
    }
    let other = pack
        .ask
        .iter()
        .find(|a| a.role != "bar-raiser")
        .expect("another role's question");
    assert!(!r.body.contains(&esc(&other.text)));
    assert!(r.body.contains("<option value=\"bar-raiser\" selected>"));

    let r = app.get("/ask?role=nobody").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("bar-raiser"),
        "names valid roles: {}",
        r.body
    );
}

#[tokio::test]
async fn the_json_is_the_pack_model_as_the_cli_prints_it() {
    let app = app().await;
    let pack = pack();
    let r = app.get("/api/v1/principles").await.ok().json();
    assert_eq!(r, v(&pack.principles));
    let r = app.get("/api/v1/principles/dive-deep").await.ok().json();
    assert_eq!(r, v(pack.principle("dive-deep").expect("p")));
    assert!(r["probes"].as_array().is_some_and(|a| !a.is_empty()));

    let default = pack.default_format().expect("default");
    let r = app.get("/api/v1/process").await.ok().json();
    assert_eq!(r["stages"], v(&pack.stages));
    assert_eq!(r["format"], v(default));
    let other = pack
        .formats
        .iter()
        .find(|f| f.id != default.id)
        .expect("other");
    let r = app
        .get(&format!("/api/v1/process?format={}", other.id))
        .await
        .ok()
        .json();
    assert_eq!(r["format"], v(other));
    let r = app.get("/api/v1/process?format=nope").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains(&default.id))
    );

    let r = app.get("/api/v1/formats").await.ok().json();
    assert_eq!(r, v(&pack.formats));
    let r = app.get("/api/v1/prompts").await.ok().json();
    assert_eq!(r, v(&pack.prompts));
    let p = &pack.prompts[1];
    let r = app
        .get(&format!("/api/v1/prompts/{}", p.id))
        .await
        .ok()
        .json();
    assert_eq!(r, v(p));

    let r = app.get("/api/v1/ask").await.ok().json();
    assert_eq!(r, v(&pack.ask));
    let recruiter: Vec<_> = pack.ask.iter().filter(|a| a.role == "recruiter").collect();
    let r = app.get("/api/v1/ask?role=recruiter").await.ok().json();
    assert_eq!(r.as_array().map(Vec::len), Some(recruiter.len()));
    assert_eq!(r, v(&recruiter));
    let r = app.get("/api/v1/ask?role=nobody").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("recruiter"))
    );
}

/// The JSON a pack value serializes to.
fn v<T: serde::Serialize + ?Sized>(x: &T) -> serde_json::Value {
    serde_json::to_value(x).expect("serialize")
}

/// A first user found `/api/v1` answered 404 and no page linked the API's description: its root
/// sends to the OpenAPI document, and every page's footer links it.
#[tokio::test]
async fn the_api_root_leads_to_its_openapi_document_and_pages_link_it() {
    let app = common::app().await;
    for root in ["/api/v1", "/api/v1/"] {
        let r = app.get(root).await;
        assert_eq!(
            r.status,
            axum::http::StatusCode::PERMANENT_REDIRECT,
            "{root}: {}",
            r.body
        );
        assert_eq!(
            r.headers
                .get(axum::http::header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/api/v1/openapi.json"),
            "{root}"
        );
    }
    let page = app.get("/").await;
    assert!(
        page.body.contains(r#"<a href="/api/v1/openapi.json">"#),
        "{}",
        page.body
    );
}
