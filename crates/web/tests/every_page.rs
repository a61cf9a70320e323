//! Every HTML page (every GET route that answers a page, found in the sources so a new one cannot be
//! missed) renders 200 with no template or internal text, for the boundary values of every setting:
//! no interview date, today, yesterday, tomorrow, long past, the far future, a stored date nobody can
//! read; 0 stories, 1 story and 1,000; a running and a finished mock. Dates beyond range are refused
//! (400) by the form and the API alike and change nothing.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::{App, app};
use serde_json::json;

/// Text that must never reach a page: template syntax or source, engine messages, panics, raw
/// internal errors.
const NEVER: &[&str] = &[
    "{{",
    "}}",
    "{%",
    "%}",
    "invalid operation",
    "undefined value",
    "minijinja",
    "template:",
    "panicked",
    "Something went wrong",
    "Internal Server Error",
];

/// The GET routes the page modules serve (`.route("/path", get(…))`), read from the sources.
fn page_routes() -> BTreeSet<String> {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/pages"
    ))];
    let mut files = Vec::new();
    // Page modules may have submodules in a folder of their name (`stories/merge.rs`).
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/pages") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let mut routes = BTreeSet::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("source");
        // `.route(` then the path literal, then (maybe after whitespace) `get(`.
        for part in source.split(".route(").skip(1) {
            let part = part.trim_start();
            let Some(rest) = part.strip_prefix('"') else {
                continue;
            };
            let Some(end) = rest.find('"') else { continue };
            let (route, after) = (&rest[..end], &rest[end + 1..]);
            if after
                .trim_start_matches([',', ' ', '\n'])
                .starts_with("get(")
            {
                routes.insert(route.to_string());
            }
        }
    }
    routes
}

/// Concrete addresses for each route pattern, given the ids that exist.
fn addresses(route: &str, ids: &Ids) -> Vec<String> {
    let one = |id: &str| vec![route.replace("{id}", id)];
    match route {
        "/stories/{id}" | "/stories/{id}/history" => {
            ids.story.map_or_else(Vec::new, |s| one(&s.to_string()))
        }
        "/mock/{id}" | "/mock/{id}/debrief" => [ids.running, ids.finished]
            .iter()
            .flatten()
            .flat_map(|m| one(&m.to_string()))
            .collect(),
        "/design/{id}" => ids
            .designs
            .iter()
            .flat_map(|d| one(&d.to_string()))
            .collect(),
        // A running and a finished writing attempt (the editor and the report; the editor of
        // both).
        "/writing/{id}" | "/writing/{id}/edit" => ids
            .writings
            .iter()
            .flat_map(|w| one(&w.to_string()))
            .collect(),
        // The report of the finished one (a running one's report sends the browser to it).
        "/writing/{id}/report" => ids
            .writings
            .first()
            .map_or_else(Vec::new, |w| one(&w.to_string())),
        // The live critique panel: a fragment, not a page (tests/writing.rs reads it).
        "/writing/{id}/critique" => Vec::new(),
        // Markdown, not a page (no navigation): tests/design.rs reads it.
        "/design/{id}/export.md" => Vec::new(),
        // An offer's edit page: each offer added (tests/offers.rs edits them).
        "/offers/{id}/edit" => ids
            .offers
            .iter()
            .flat_map(|o| one(&o.to_string()))
            .collect(),
        // A spoken answer's report: a timed one and a plain-text one.
        "/speak/{id}" => ids
            .transcripts
            .iter()
            .flat_map(|t| one(&t.to_string()))
            .collect(),
        // The brief as Markdown, a download: tests/offers.rs reads it.
        "/offers/brief.md" => Vec::new(),
        // Downloads, not pages: tests/plan.rs and tests/drill.rs read them.
        "/plan.ics" | "/plan.md" | "/drill/export.tsv" => Vec::new(),
        "/examples/{id}" => one(&ids.example),
        "/questions/{id}" => one(&ids.question),
        "/principles/{id}" => one(&ids.principle),
        "/prompts/{id}" => one(&ids.prompt),
        // A coach's views of a candidate: local mode has no accounts, so no one shares (they are
        // rendered in tests/coach.rs and tests/isolation.rs, with accounts).
        "/coach/{candidate}"
        | "/coach/{candidate}/stories/{id}"
        | "/coach/{candidate}/mocks/{id}" => Vec::new(),
        r if !r.contains('{') => vec![r.to_string()],
        other => panic!(
            "a new page route `{other}`: add its addresses to tests/every_page.rs so it is rendered \
             with every setting"
        ),
    }
}

struct Ids {
    story: Option<i64>,
    running: Option<i64>,
    finished: Option<i64>,
    /// Design sessions: one running, one finished.
    designs: Vec<i64>,
    /// Writing attempts: the first finished, the second running.
    writings: Vec<i64>,
    /// Offers: one in USD with shares, one in EUR with an equity value (so the comparison needs a
    /// rate and says so).
    offers: Vec<i64>,
    /// Transcripts of spoken answers: a WebVTT one with a question, a plain-text one.
    transcripts: Vec<i64>,
    example: String,
    question: String,
    principle: String,
    prompt: String,
}

fn pack_ids() -> Ids {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    Ids {
        story: None,
        running: None,
        finished: None,
        designs: Vec::new(),
        writings: Vec::new(),
        offers: Vec::new(),
        transcripts: Vec::new(),
        example: pack.examples[0].id.clone(),
        question: pack.questions[0].id.clone(),
        principle: pack.principles[0].id.clone(),
        prompt: pack.prompts[0].id.clone(),
    }
}

/// Renders every page; each must answer 200 with nothing it must never show. Returns the dashboard.
async fn render_all(app: &App, ids: &Ids, setting: &str) -> String {
    let routes = page_routes();
    assert!(routes.len() >= 15, "routes found: {routes:?}");
    let mut dashboard = String::new();
    for route in &routes {
        for path in addresses(route, ids) {
            let r = app.get(&path).await;
            // The debrief of a running mock sends the browser to the mock.
            if route == "/mock/{id}/debrief" && r.status == StatusCode::SEE_OTHER {
                continue;
            }
            assert_eq!(
                r.status,
                StatusCode::OK,
                "{setting}: GET {path}: {}",
                r.body
            );
            for bad in NEVER {
                assert!(
                    !r.body.contains(bad),
                    "{setting}: GET {path} shows `{bad}`:\n{}",
                    r.body
                );
            }
            assert!(
                r.body.contains("<nav aria-label=\"Main\">"),
                "{setting}: GET {path} has no navigation"
            );
            if path == "/" {
                dashboard = r.body;
            }
        }
    }
    dashboard
}

fn civil(days: i64) -> String {
    tpmprep_app::civil_time(days * 86_400_000)[..10].to_string()
}

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .expect("clock")
}

/// Sets the interview date through the page's form; `ok` says whether it must be taken.
async fn set_date(app: &App, date: &str, ok: bool) {
    let r = app
        .form("POST", "/settings/interview-date", &[("date", date)])
        .await;
    if ok {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{date}: {}", r.body);
    } else {
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{date}: {}", r.body);
        assert!(r.body.contains("is not a date"), "{date}: {}", r.body);
    }
}

async fn every_date(app: &App, ids: &Ids, label: &str) {
    let t = today();
    // No date.
    let d = render_all(app, ids, &format!("{label}, no date")).await;
    assert!(d.contains("No date set yet"), "{d}");
    for (date, says) in [
        (civil(t), "Today".to_string()),
        (civil(t + 1), "1 day to go".to_string()),
        (civil(t - 1), "The interview was 1 day ago".to_string()),
        ("2020-01-15".to_string(), " days ago".to_string()),
        ("1900-01-01".to_string(), "days ago".to_string()),
        ("9999-12-31".to_string(), "days to go".to_string()),
    ] {
        set_date(app, &date, true).await;
        let page = render_all(app, ids, &format!("{label}, date {date}")).await;
        assert!(page.contains(&says), "{date}: wants {says}: {page}");
        if date < civil(t) {
            // "The interview was 2,514 days ago", and the form asks for the next one.
            assert!(page.contains("The interview was "), "{page}");
            assert!(page.contains("Next interview date"), "{page}");
        }
        // The date form is on the page, whatever the date.
        assert!(page.contains("id=\"interview-date\""), "{page}");
    }
    // Beyond range, through the form and the API: refused, and the saved date stays.
    for bad in [
        "10000-01-01",
        "99999-12-31",
        "+275760-09-13",
        "-0001-01-01",
        "1899-12-31",
        "2026-02-30",
        "9223372036854775807-01-01",
        "2026-01-9223372036854775807",
    ] {
        set_date(app, bad, false).await;
        let r = app
            .json(
                "PUT",
                "/api/v1/settings/interview-date",
                json!({ "date": bad }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
    let d = app.get("/api/v1/dashboard").await.ok().json();
    assert_eq!(d["interview_date"], "9999-12-31");
    // A date stored by something else that nobody can read (an older version, a hand edit).
    app.store
        .set_setting(
            tpmprep_store::LOCAL_USER,
            "interview_date",
            Some("next May"),
        )
        .await
        .expect("setting");
    let page = render_all(app, ids, &format!("{label}, unreadable date")).await;
    assert!(page.contains("`next May` cannot be read"), "{page}");
    app.store
        .set_setting(tpmprep_store::LOCAL_USER, "interview_date", None)
        .await
        .expect("setting");
}

#[tokio::test]
async fn every_page_renders_with_no_stories_and_every_date() {
    let app = app().await;
    every_date(&app, &pack_ids(), "0 stories").await;
}

#[tokio::test]
async fn every_page_renders_with_one_story_mocks_and_every_date() {
    let app = app().await;
    let r = app
        .json(
            "POST",
            "/api/v1/stories",
            json!({
                "title": "One story",
                "principles": ["ownership"],
                "action": "I decided.",
                "metrics": [{"measures": "p99", "value": 490, "unit": "ms", "before": 820}],
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let story = r.json();
    let mut ids = pack_ids();
    ids.story = story["meta"]["id"].as_i64();
    assert!(ids.story.is_some(), "{story}");
    // A finished mock (one answer, then finished) and a running one.
    let start = || async {
        let r = app
            .json(
                "POST",
                "/api/v1/mocks",
                json!({"kind": "phone-screen", "seed": 7, "minutes_scale": 0.1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()["id"].as_i64().expect("mock id")
    };
    let finished = start().await;
    app.json(
        "POST",
        &format!("/api/v1/mocks/{finished}/answers"),
        json!({"text": "I led it and cut latency by 40%.", "seconds": 30}),
    )
    .await
    .ok();
    app.json(
        "POST",
        &format!("/api/v1/mocks/{finished}/finish"),
        json!({}),
    )
    .await
    .ok();
    ids.finished = Some(finished);
    ids.running = Some(start().await);
    // Design sessions: one with notes, a hint and a diagram, finished; one just started.
    for finish in [true, false] {
        let r = app
            .json("POST", "/api/v1/design", json!({"prompt_id": ids.prompt}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let d = r.json()["summary"]["id"].as_i64().expect("design id");
        app.json(
            "PUT",
            &format!("/api/v1/design/{d}/notes/clarify"),
            json!({"base_rev": 0, "text": "50M daily users, 20 actions each: about 12k QPS."}),
        )
        .await
        .ok();
        app.json(
            "POST",
            &format!("/api/v1/design/{d}/hints"),
            json!({"phase": "clarify"}),
        )
        .await
        .ok();
        app.json(
            "PUT",
            &format!("/api/v1/design/{d}/diagram"),
            json!({"base_rev": 0, "lines": "API -> Store: writes"}),
        )
        .await
        .ok();
        if finish {
            app.json("POST", &format!("/api/v1/design/{d}/finish"), json!({}))
                .await
                .ok();
        }
        ids.designs.push(d);
    }
    // Writing attempts: one with a text, finished; one with a misspelt text, running.
    for finish in [true, false] {
        let r = app
            .json(
                "POST",
                "/api/v1/writing",
                json!({"random": true, "seed": 2}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let w = r.json()["summary"]["id"].as_i64().expect("writing id");
        app.json(
            "PUT",
            &format!("/api/v1/writing/{w}/text"),
            json!({"base_rev": 0, "body": "I recieved the escalation on a Friday. I decided to cut scope by 30% and we shipped on time.", "elapsed_seconds": 90}),
        )
        .await
        .ok();
        if finish {
            app.json("POST", &format!("/api/v1/writing/{w}/finish"), json!({}))
                .await
                .ok();
        }
        ids.writings.push(w);
    }
    for body in [
        json!({"name": "Amazon <L6>", "base": "150000", "sign_on": "30000,20000", "shares": 100, "price": "200", "vesting": "amazon", "notes": "my edited brief"}),
        json!({"name": "Other & Co", "currency": "EUR", "base": "175k", "equity_value": "40000", "vesting": "even-cliff", "start": "2027-01-01"}),
    ] {
        let r = app.json("POST", "/api/v1/offers", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.offers.push(r.json()["id"].as_i64().expect("offer id"));
    }
    let vtt = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../speech/tests/fixtures/answer.vtt"
    ))
    .expect("fixture");
    for body in [
        json!({"transcript": vtt, "name": "answer <1>.vtt", "question_id": ids.question}),
        json!({"transcript": "So, um, I led the <payouts> program & cut delays.", "duration": "0:09", "question": "Why \"this\"?"}),
    ] {
        let r = app.json("POST", "/api/v1/speak", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.transcripts
            .push(r.json()["id"].as_i64().expect("transcript id"));
    }
    every_date(&app, &ids, "1 story").await;
}

#[tokio::test]
async fn every_page_renders_with_a_thousand_stories() {
    let app = app().await;
    let stories: Vec<tpmprep_stories::ReadStory> = (0..1_000)
        .map(|i| tpmprep_stories::ReadStory {
            uid: None,
            revision: None,
            content: tpmprep_stories::StoryContent {
                title: format!("Story {i}"),
                principles: vec!["ownership".into(), "dive-deep".into()],
                action: format!("I decided to split rollout {i} and cut p99 latency by {i} ms."),
                ..Default::default()
            },
        })
        .collect();
    let saved = app
        .store
        .import_stories(tpmprep_store::LOCAL_USER, &stories, false)
        .await
        .expect("import");
    let mut ids = pack_ids();
    ids.story = saved.last().map(|s| s.id);
    set_date(&app, "2020-01-15", true).await;
    let page = render_all(&app, &ids, "1,000 stories, a past date").await;
    assert!(
        page.contains("1000 stories") || page.contains("of 1000"),
        "{page}"
    );
}

#[test]
fn the_route_reader_finds_the_pages() {
    let routes = page_routes();
    for want in ["/", "/stories", "/stories/{id}", "/mock/{id}", "/questions"] {
        assert!(routes.contains(want), "{want} not in {routes:?}");
    }
    assert!(!routes.contains("/settings/interview-date"), "a POST route");
}
