//! Isolation is proven, not assumed: every route the app serves — the JSON API from the router's
//! list and the OpenAPI document, the pages from the sources' `.route(…)` calls — is tried with
//! candidate Ana's objects by three other accounts: candidate Bo, a coach Ana does not share with,
//! and (on every route but the coach views) the coach Ana does share with. Each gets 404 for every
//! route that names an object of Ana's — never 403, never a word of Ana's data — and no route shows
//! Ana's data in a list. Afterwards Ana's data is exactly as it was. Runs on SQLite and, where the
//! test server is given (always under CI), on PostgreSQL with row-level security binding the role.
//!
//! A route added later is tried too: a path parameter or a state-changing route the test does not
//! know fails it until the test is told what the parameter names and what a request looks like.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::send;
use common::signed::{SITE, accounts_app, api, csrf_in, get, sign_in};
use serde_json::{Value, json};
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{CommentsOf, PgStore, Role, SqliteStore, Store, StoryFilter, UserId};

/// Words only Ana's data contains: no answer to anyone else may hold them.
const MARK: &str = "ZEBRAFINCH";

/// Every (method, path pattern) the app serves: the API from the router's own list and from the
/// OpenAPI document (each must be served, so both are read), and the pages from the sources.
fn every_route() -> BTreeSet<(String, String)> {
    let mut all: BTreeSet<(String, String)> = tpmprep_web::api_routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let doc = tpmprep_web::openapi();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            all.insert((method.to_uppercase(), path.clone()));
        }
    }
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            // `.route("/path", get(a).post(b))`: the literal, then the methods up to the next route.
            for part in source.split(".route(").skip(1) {
                let part = part.trim_start();
                let Some(rest) = part.strip_prefix('"') else {
                    continue;
                };
                let Some(end) = rest.find('"') else { continue };
                let route = &rest[..end];
                // The methods are inside this `.route(…)`: up to its closing parenthesis.
                let after = &rest[end + 1..];
                let mut depth = 1;
                let close = after
                    .char_indices()
                    .find(|&(_, c)| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(after.len(), |(i, _)| i);
                let chain = &after[..close];
                for method in ["get", "post", "put", "delete", "patch"] {
                    let needle = format!("{method}(");
                    let found = chain
                        .match_indices(&needle)
                        .any(|(i, _)| i == 0 || !chain.as_bytes()[i - 1].is_ascii_alphanumeric());
                    if found {
                        all.insert((method.to_uppercase(), route.to_string()));
                    }
                }
            }
        }
    }
    all
}

/// Ana's objects, and pack ids for the routes that name shared content.
struct Ids {
    ana: UserId,
    coach: UserId,
    story: i64,
    mock: i64,
    design: i64,
    writing: i64,
    card: i64,
    offer: i64,
    transcript: i64,
    question: String,
    principle: String,
    prompt: String,
    example: String,
}

/// What a path parameter names.
enum Param {
    /// Something of Ana's: the route must answer 404 to anyone she has not shared it with.
    Owned(String),
    /// Content everyone may see (the pack's), or a one-time link: no owner.
    Open(String),
}

/// What `{name}` in `route` stands for. An unknown parameter fails the test: say whose object a
/// new parameter names here before it ships.
fn param(route: &str, name: &str, ids: &Ids) -> Param {
    let under = |p: &str| route.starts_with(p) || route.starts_with(&format!("/api/v1{p}"));
    match name {
        "candidate" => Param::Owned(ids.ana.to_string()),
        // The requester's own share with that coach (`/sharing/{coach}/revoke`): not Ana's; her
        // share is checked by the snapshot afterwards.
        "coach" => Param::Open(ids.coach.to_string()),
        "rev" => Param::Owned("1".into()),
        "seq" => Param::Owned("0".into()),
        "token" => Param::Open("0".repeat(64)),
        "id" if route.starts_with("/coach/") || route.starts_with("/api/v1/coach/") => {
            if route.contains("/stories/") {
                Param::Owned(ids.story.to_string())
            } else {
                Param::Owned(ids.mock.to_string())
            }
        }
        "id" if under("/stories/") => Param::Owned(ids.story.to_string()),
        "id" if under("/mock/") || under("/mocks/") => Param::Owned(ids.mock.to_string()),
        "id" if under("/design/") => Param::Owned(ids.design.to_string()),
        "id" if under("/writing/") => Param::Owned(ids.writing.to_string()),
        "id" if under("/offers/") => Param::Owned(ids.offer.to_string()),
        "id" if under("/speak/") => Param::Owned(ids.transcript.to_string()),
        "id" if under("/drill/") || under("/drills/") => Param::Owned(ids.card.to_string()),
        // A task of the requester's own plan (each account plans for itself).
        "key" => Param::Open("writing".into()),
        // A phase of the design session the route names (the session is the owned object).
        "phase" => Param::Open("clarify".into()),
        "id" if under("/questions/") => Param::Open(ids.question.clone()),
        "id" if under("/principles/") => Param::Open(ids.principle.clone()),
        "id" if under("/prompts/") => Param::Open(ids.prompt.clone()),
        "id" if under("/examples/") => Param::Open(ids.example.clone()),
        other => panic!(
            "route {route} has a parameter {{{other}}} this test does not know: add it to \
             `param` (whose object does it name?)"
        ),
    }
}

/// A request body for a state-changing route, as its page or a client would send it: a form for
/// pages, JSON for the API. A new state-changing route fails the test until it has one here.
fn sample(method: &str, route: &str) -> Option<Sample> {
    use Sample::{Form, Json, None as Empty};
    Some(match (method, route) {
        ("GET", _) => Empty,
        // Pages (htmx forms).
        ("PUT", "/stories/{id}") => Form("base_rev=2&title=Hijacked&situation=hijacked"),
        ("POST", "/stories/{id}/critique") => Form("base_rev=2&title=x&situation=y"),
        ("POST", "/stories/{id}/restore/{rev}")
        | ("POST", "/stories/{id}/trash")
        | ("POST", "/stories/{id}/untrash")
        | ("POST", "/stories/{id}/purge")
        | ("POST", "/sharing/{coach}/revoke") => Form(""),
        ("POST", "/mock/{id}/answer") => Form("text=hijacked&elapsed=5&story=&at=1"),
        ("POST", "/mock/{id}/draft") => Form("text=hijacked&elapsed=5&at=1"),
        ("POST", "/mock/{id}/finish") => Form("text=&elapsed=0&at=1"),
        ("POST", "/coach/{candidate}/stories/{id}/comments")
        | ("POST", "/coach/{candidate}/mocks/{id}/answers/{seq}/comments") => Form("body=hijacked"),
        ("POST", "/invite/{token}") => Form("password=a+long+passphrase&again=a+long+passphrase"),
        ("POST", "/questions/{id}/practise") => Form(""),
        ("POST", "/design/{id}/notes/{phase}") => Form("base_rev=1&text=hijacked"),
        ("POST", "/design/{id}/clock") => Form("action=next&phase=clarify&elapsed=30"),
        ("POST", "/design/{id}/goto") => Form("to=wrap-up&phase=clarify&elapsed=30"),
        ("POST", "/design/{id}/hint") => Form("phase=clarify"),
        ("POST", "/design/{id}/diagram") => Form("op=add&base_rev=1&name=Hijacked"),
        ("POST", "/design/{id}/finish") => Form(
            "practicality=1&accuracy=1&efficiency=1&reliability=1&optimization=1&scalability=1",
        ),
        ("POST", "/design/{id}/delete") => Form(""),
        ("POST", "/writing/{id}/save") => Form("base_rev=1&body=hijacked&elapsed=30"),
        ("POST", "/writing/{id}/clock") => Form("elapsed=3000"),
        ("POST", "/writing/{id}/finish") => Form("base_rev=1&body=hijacked&elapsed=30"),
        ("POST", "/writing/{id}/delete") => Form(""),
        ("POST", "/offers/{id}/edit") => Form("base_rev=1&name=Hijacked&base=1"),
        ("POST", "/offers/{id}/delete") => Form("confirm=yes"),
        // The brief's save names the offer in its body: Ana's first offer, tried by others.
        ("POST", "/offers/brief/save") => Form("offer=1&notes=hijacked"),
        ("POST", "/offers/new") => Form("name=Someone+else%27s&base=1"),
        ("POST", "/speak/{id}/delete") => Form("confirm=yes"),
        // Bringing a transcript names nothing of anyone's; a story it rehearses is checked.
        ("POST", "/speak") => Form("transcript=I+led+it.&duration=0%3A10"),
        // The API.
        ("PUT", "/api/v1/stories/{id}") => {
            Json(json!({"base_rev": 2, "content": {"title": "Hijacked"}}))
        }
        ("POST", "/api/v1/stories/{id}/restore") => Json(json!({"rev": 1})),
        ("DELETE", "/api/v1/stories/{id}")
        | ("POST", "/api/v1/stories/{id}/trash")
        | ("POST", "/api/v1/stories/{id}/untrash")
        | ("POST", "/api/v1/mocks/{id}/finish")
        | ("DELETE", "/api/v1/design/{id}")
        | ("DELETE", "/api/v1/writing/{id}")
        | ("POST", "/api/v1/writing/{id}/finish")
        | ("DELETE", "/api/v1/shares/{coach}") => Empty,
        ("POST", "/api/v1/mocks/{id}/answers") | ("PUT", "/api/v1/mocks/{id}/draft") => {
            Json(json!({"text": "hijacked", "seconds": 5}))
        }
        ("POST", "/api/v1/coach/candidates/{candidate}/stories/{id}/comments")
        | ("POST", "/api/v1/coach/candidates/{candidate}/mocks/{id}/answers/{seq}/comments") => {
            Json(json!({"body": "hijacked"}))
        }
        ("PUT", "/api/v1/design/{id}/notes/{phase}") => {
            Json(json!({"base_rev": 1, "text": "hijacked"}))
        }
        ("POST", "/api/v1/design/{id}/clock") => Json(json!({"action": "next"})),
        ("POST", "/api/v1/design/{id}/hints") => Json(json!({"phase": "clarify"})),
        ("PUT", "/api/v1/design/{id}/diagram") => Json(json!({"base_rev": 1, "lines": "A -> B"})),
        ("POST", "/api/v1/design/{id}/finish") => Json(json!({})),
        ("PATCH", "/api/v1/offers/{id}") => Json(json!({"base_rev": 1, "name": "Hijacked"})),
        ("DELETE", "/api/v1/offers/{id}") => Empty,
        ("DELETE", "/api/v1/speak/{id}") => Empty,
        ("POST", "/api/v1/speak") => Json(json!({"transcript": "I led it.", "duration": "0:10"})),
        ("POST", "/api/v1/offers") => Json(json!({"name": "Someone else's", "base": "1"})),
        ("POST", "/api/v1/offers/compare") => Json(json!({})),
        ("POST", "/api/v1/offers/brief") => Json(json!({"offer": "1"})),
        ("PUT", "/api/v1/writing/{id}/text") => {
            Json(json!({"base_rev": 1, "body": "hijacked", "elapsed_seconds": 30}))
        }
        // Routes that name nothing of anyone's: each account acts on its own data.
        ("POST", "/api/v1/design") => Json(json!({"random": true})),
        ("POST", "/api/v1/design/critique") => Json(json!({"text": "An API and a cache."})),
        ("POST", "/design") => Form("prompt=random"),
        ("POST", "/api/v1/writing") => Json(json!({"random": true})),
        ("POST", "/api/v1/writing/critique") => Json(json!({"text": "I recieved it."})),
        ("POST", "/writing") => Form("prompt=random"),
        // The plan and the drills: pages.
        ("POST", "/plan/settings") => Form("hours_per_week=10&level=L5&format=virtual"),
        ("POST", "/plan/tasks/{key}") => Form("action=skip"),
        ("POST", "/drill/{id}/check") => Form("answer=hijacked"),
        ("POST", "/drill/{id}/grade") => Form("grade=good&expected_reps=0&answer=hijacked"),
        ("POST", "/drill/add") => Form("mode=weakest&count=1"),
        ("POST", "/drill/settings") => Form("new_per_day=5"),
        ("POST", "/drill/cards/{id}/suspend") => Form("suspended=true"),
        ("POST", "/drill/cards/{id}/delete") => Form("confirm=yes"),
        // The plan and the drills: the API.
        ("PUT", "/api/v1/plan/settings") => Json(json!({"hours_per_week": 10})),
        ("POST", "/api/v1/plan/tasks/{key}") => Json(json!({"action": "skip"})),
        ("POST", "/api/v1/drills/{id}/grade") => {
            Json(json!({"grade": "good", "expected_reps": 0, "answer": "hijacked"}))
        }
        ("POST", "/api/v1/drills/{id}/check") => Json(json!({"answer": "hijacked"})),
        ("POST", "/api/v1/drills/cards") => Json(json!({"weakest": 1})),
        ("DELETE", "/api/v1/drills/cards/{id}") => Empty,
        ("POST", "/api/v1/drills/cards/{id}/suspend") => Json(json!({"suspended": true})),
        ("PUT", "/api/v1/drills/settings") => Json(json!({"new_per_day": 5})),
        ("POST", "/api/v1/drills/optimise") => Json(json!({})),
        ("POST", "/api/v1/critique") => Json(json!({"text": "I led the migration."})),
        ("POST", "/api/v1/mocks") => Json(json!({"kind": "phone-screen"})),
        ("PUT", "/api/v1/settings/interview-date") => Json(json!({"date": null})),
        ("POST", "/api/v1/shares") => Json(json!({"email": "coach@example.com"})),
        ("POST", "/api/v1/stories") => Json(json!({"title": "Someone else's story"})),
        ("POST", "/api/v1/stories/import") => Json(json!({"format": "json", "text": "[]"})),
        ("POST", "/api/v1/estimate") => Json(json!({"dau": "50M", "per_user": "20/day"})),
        ("POST", "/critique") => Form("text=I+led+the+migration."),
        ("POST", "/estimate") => Form("dau=50M&per_user=20%2Fday"),
        ("POST", "/login") => Form("email=ana%40example.com&password=not+hers+at+all"),
        ("POST", "/logout") => Form(""),
        ("POST", "/mock") => Form("kind=phone-screen"),
        ("POST", "/settings/interview-date") => Form("date="),
        ("POST", "/sharing") => Form("email=coach%40example.com"),
        ("POST", "/stories") => Form("title=Someone+else%27s+story"),
        ("POST", "/stories/import") => Form("format=json&text=%5B%5D"),
        _ => return None,
    })
}

enum Sample {
    None,
    Form(&'static str),
    Json(Value),
}

/// One person, signed in: their session cookie and their pages' CSRF token.
struct Person {
    name: &'static str,
    cookie: String,
    csrf: String,
}

async fn person(app: &Router, name: &'static str, email: &str) -> Person {
    let cookie = sign_in(app, email).await;
    let page = send(app, get("/", Some(&cookie))).await;
    Person {
        name,
        csrf: csrf_in(&page.body),
        cookie,
    }
}

fn request(who: &Person, method: &str, path: &str, body: &Sample) -> Request<Body> {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    match body {
        Sample::Json(v) => api(method, path, &who.cookie, Some(v.clone())),
        Sample::None if path.starts_with("/api/") => {
            // No body, so no JSON to prove the origin: a script sends the page's token.
            let mut r = api(method, path, &who.cookie, None);
            r.headers_mut()
                .insert("x-csrf-token", who.csrf.parse().expect("token"));
            r
        }
        Sample::None | Sample::Form(_) => {
            let text = match body {
                Sample::Form(t) => *t,
                _ => "",
            };
            let mut r = Request::builder()
                .method(method)
                .uri(path)
                .header(header::HOST, SITE)
                .header(header::COOKIE, &who.cookie)
                .header("x-csrf-token", &who.csrf)
                .header("hx-request", "true");
            if !text.is_empty() || matches!(body, Sample::Form(_)) {
                r = r.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            }
            r.body(Body::from(text.to_string())).expect("request")
        }
    }
}

/// What Ana has, as it must still be afterwards.
async fn snapshot(store: &dyn Store, ids: &Ids) -> String {
    let story = store.story(ids.ana, ids.story).await.expect("story");
    let mock = store.mock(ids.ana, ids.mock).await.expect("mock");
    let comments = store
        .comments(ids.ana, CommentsOf::Story(ids.story))
        .await
        .expect("comments");
    let stories = store
        .list_stories(ids.ana, &StoryFilter::default())
        .await
        .expect("list");
    let shared = store.is_shared(ids.ana, ids.coach).await.expect("share");
    let design = store.design(ids.ana, ids.design).await.expect("design");
    let designs = store.list_designs(ids.ana).await.expect("designs").len();
    let cards: Vec<String> = store
        .cards(ids.ana)
        .await
        .expect("cards")
        .iter()
        .map(|c| {
            format!(
                "{} {} suspended {} reps {:?}",
                c.id,
                c.front,
                c.suspended,
                c.memory.as_ref().map(|m| m.reps)
            )
        })
        .collect();
    let reviews = store.reviews(ids.ana).await.expect("reviews").len();
    let writing = store.writing(ids.ana, ids.writing).await.expect("writing");
    let writings = store.list_writings(ids.ana).await.expect("writings").len();
    let writing_revs = store
        .writing_revisions(ids.ana, ids.writing)
        .await
        .expect("writing revisions")
        .len();
    let offer = store.offer(ids.ana, ids.offer).await.expect("offer");
    let offers = store.list_offers(ids.ana).await.expect("offers").len();
    let offer_revs = store
        .offer_revisions(ids.ana, ids.offer)
        .await
        .expect("offer revisions")
        .len();
    let transcript = store
        .transcript(ids.ana, ids.transcript)
        .await
        .expect("transcript");
    let transcripts = store
        .list_transcripts(ids.ana)
        .await
        .expect("transcripts")
        .len();
    let plan = store
        .plan_overrides(ids.ana)
        .await
        .expect("overrides")
        .len();
    format!(
        "transcript {} of {transcripts} | offer {:?} rev {} of {offer_revs} of {offers} | writing {:?} rev {} of {writing_revs} clock {} finished {:?} of {writings} | \
         cards {cards:?} reviews {reviews} overrides {plan} | design notes {:?} clock {} diagram {} rev {} hints {} finished {:?} of {designs} | \
         rev {} title {} trashed {:?} | mock answers {} finished {:?} draft {:?} | comments {} | \
         stories {} | shared {shared} | date {:?}",
        transcript.summary.name,
        offer.body,
        offer.summary.rev,
        writing.body,
        writing.rev,
        writing.elapsed_seconds,
        writing.summary.finished_at,
        design.notes,
        design.clock,
        design.diagram,
        design.diagram_rev,
        design.hints.len(),
        design.summary.finished_at,
        story.meta.rev,
        story.content.title,
        story.meta.trashed_at,
        mock.answers.len(),
        mock.summary.finished_at,
        mock.draft,
        comments.len(),
        stories.len(),
        store
            .setting(ids.ana, "interview_date")
            .await
            .expect("setting"),
    )
}

async fn prove_isolation(store: Arc<dyn Store>) {
    let app = accounts_app(
        store.clone(),
        &[
            ("ana@example.com", Role::Candidate),
            ("bo@example.com", Role::Candidate),
            ("coach@example.com", Role::Coach),
            ("stranger@example.com", Role::Coach),
        ],
    )
    .await;
    let ana = person(&app, "Ana", "ana@example.com").await;
    let bo = person(&app, "Bo", "bo@example.com").await;
    let coach = person(&app, "the coach Ana shares with", "coach@example.com").await;
    let stranger = person(
        &app,
        "a coach Ana does not share with",
        "stranger@example.com",
    )
    .await;
    let id_of = |email: &str| {
        let store = store.clone();
        let email = email.to_string();
        async move {
            store
                .credentials(&email)
                .await
                .expect("read")
                .expect("account")
                .account
                .id
        }
    };

    // Ana's data: a story with two revisions, a mock with one answer and a draft, a date, a share,
    // and a comment from her coach.
    let made = send(
        &app,
        api(
            Method::POST,
            "/api/v1/stories",
            &ana.cookie,
            Some(json!({"title": format!("{MARK} cut-over"), "situation": format!("{MARK} only")})),
        ),
    )
    .await
    .ok();
    let story = made.json()["meta"]["id"].as_i64().expect("id");
    send(
        &app,
        api(
            Method::PUT,
            &format!("/api/v1/stories/{story}"),
            &ana.cookie,
            Some(
                json!({"base_rev": 1, "content": {"title": format!("{MARK} cut-over"),
                "situation": format!("{MARK} only"), "action": format!("I led it {MARK}.")}}),
            ),
        ),
    )
    .await
    .ok();
    let started = send(
        &app,
        api(
            Method::POST,
            "/api/v1/mocks",
            &ana.cookie,
            Some(json!({"kind": "phone-screen", "seed": 7})),
        ),
    )
    .await
    .ok();
    let mock = started.json()["id"].as_i64().expect("mock id");
    for (path, method, body) in [
        (
            format!("/api/v1/mocks/{mock}/answers"),
            Method::POST,
            json!({"text": format!("{MARK} answer"), "seconds": 60}),
        ),
        (
            format!("/api/v1/mocks/{mock}/draft"),
            Method::PUT,
            json!({"text": format!("{MARK} draft"), "seconds": 9}),
        ),
        (
            "/api/v1/settings/interview-date".to_string(),
            Method::PUT,
            json!({"date": "2027-01-05"}),
        ),
        (
            "/api/v1/shares".to_string(),
            Method::POST,
            json!({"email": "coach@example.com"}),
        ),
    ] {
        send(&app, api(method, &path, &ana.cookie, Some(body)))
            .await
            .ok();
    }
    // And a design session with notes, a diagram and a hint.
    let designed = send(
        &app,
        api(
            Method::POST,
            "/api/v1/design",
            &ana.cookie,
            Some(json!({"text": format!("{MARK} design a ledger")})),
        ),
    )
    .await
    .ok();
    let design = designed.json()["summary"]["id"]
        .as_i64()
        .expect("design id");
    for (path, method, body) in [
        (
            format!("/api/v1/design/{design}/notes/clarify"),
            Method::PUT,
            json!({"base_rev": 0, "text": format!("{MARK} 50M users")}),
        ),
        (
            format!("/api/v1/design/{design}/diagram"),
            Method::PUT,
            json!({"base_rev": 0, "lines": format!("{MARK} API -> Ledger: writes")}),
        ),
        (
            format!("/api/v1/design/{design}/hints"),
            Method::POST,
            json!({"phase": "clarify"}),
        ),
    ] {
        send(&app, api(method, &path, &ana.cookie, Some(body)))
            .await
            .ok();
    }
    // And a writing attempt with a saved text.
    let wrote = send(
        &app,
        api(
            Method::POST,
            "/api/v1/writing",
            &ana.cookie,
            Some(json!({"text": format!("{MARK} a judgment call")})),
        ),
    )
    .await
    .ok();
    let writing = wrote.json()["summary"]["id"].as_i64().expect("writing id");
    send(
        &app,
        api(
            Method::PUT,
            &format!("/api/v1/writing/{writing}/text"),
            &ana.cookie,
            Some(
                json!({"base_rev": 0, "body": format!("{MARK} I decided."), "elapsed_seconds": 60}),
            ),
        ),
    )
    .await
    .ok();
    // And a drill card of her own.
    let added = send(
        &app,
        api(
            Method::POST,
            "/api/v1/drills/cards",
            &ana.cookie,
            Some(json!({"front": format!("{MARK} a card"), "back": format!("{MARK} back")})),
        ),
    )
    .await
    .ok();
    let card = added.json()["added"][0].as_i64().expect("card id");
    // And an offer with notes (a saved brief).
    let offered = send(
        &app,
        api(
            Method::POST,
            "/api/v1/offers",
            &ana.cookie,
            Some(json!({"name": format!("{MARK} L6"), "base": "150000", "notes": format!("{MARK} brief")})),
        ),
    )
    .await
    .ok();
    let offer = offered.json()["id"].as_i64().expect("offer id");
    // And a transcript of a spoken answer.
    let spoken = send(
        &app,
        api(
            Method::POST,
            "/api/v1/speak",
            &ana.cookie,
            Some(json!({"transcript": format!("{MARK} I led the payouts program."), "name": format!("{MARK}.txt"), "duration": "0:10"})),
        ),
    )
    .await
    .ok();
    let transcript = spoken.json()["id"].as_i64().expect("transcript id");
    let ids = Ids {
        ana: id_of("ana@example.com").await,
        coach: id_of("coach@example.com").await,
        story,
        mock,
        design,
        writing,
        card,
        offer,
        transcript,
        question: "b-ownership-1".into(),
        principle: "ownership".into(),
        prompt: String::new(),
        example: String::new(),
    };
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let ids = Ids {
        question: pack.questions[0].id.clone(),
        principle: pack.principles[0].id.clone(),
        prompt: pack.prompts[0].id.clone(),
        example: pack.examples[0].id.clone(),
        ..ids
    };
    send(
        &app,
        api(
            Method::POST,
            &format!(
                "/api/v1/coach/candidates/{}/stories/{story}/comments",
                ids.ana
            ),
            &coach.cookie,
            Some(json!({"body": format!("{MARK} lead with the number")})),
        ),
    )
    .await
    .ok();
    let before = snapshot(store.as_ref(), &ids).await;

    let routes = every_route();
    assert!(routes.len() > 60, "every route is read: {routes:?}");
    let mut tried = 0;
    let mut failures = Vec::new();
    let mut missing = BTreeMap::new();
    for (method, route) in &routes {
        let Some(body) = sample(method, route) else {
            missing.insert(route.clone(), method.clone());
            continue;
        };
        let mut path = route.clone();
        let mut owned = false;
        while let Some(start) = path.find('{') {
            let end = path[start..].find('}').expect("closing brace") + start;
            let name = path[start + 1..end].to_string();
            let value = match param(route, &name, &ids) {
                Param::Owned(v) => {
                    owned = true;
                    v
                }
                Param::Open(v) => v,
            };
            path.replace_range(start..=end, &value);
        }
        let coach_view = route.starts_with("/coach/") || route.starts_with("/api/v1/coach/");
        // Signing out would end the session the next requests need; it touches nothing of Ana's.
        if route == "/logout" {
            continue;
        }
        let others: Vec<&Person> = if coach_view || !owned {
            vec![&bo, &stranger]
        } else {
            vec![&bo, &stranger, &coach]
        };
        for who in others {
            tried += 1;
            let r = send(&app, request(who, method, &path, &body)).await;
            if r.body.contains(MARK) {
                failures.push(format!(
                    "{method} {path} as {}: shows Ana's data ({})",
                    who.name, r.status
                ));
            }
            if owned && r.status != StatusCode::NOT_FOUND {
                failures.push(format!(
                    "{method} {path} as {}: {} instead of 404: {}",
                    who.name,
                    r.status,
                    r.body.chars().take(200).collect::<String>()
                ));
            }
            if r.status.is_server_error() {
                failures.push(format!("{method} {path} as {}: {}", who.name, r.status));
            }
        }
        // The coach Ana shares with does see the coach views (so the 404s above mean something).
        if coach_view && owned && method == "GET" {
            let r = send(&app, request(&coach, method, &path, &body)).await;
            if r.status != StatusCode::OK || !r.body.contains(MARK) {
                failures.push(format!(
                    "GET {path} as the coach Ana shares with: {} without her data",
                    r.status
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "state-changing routes without a sample request in this test (add one to `sample`): \
         {missing:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {tried} requests broke isolation:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        snapshot(store.as_ref(), &ids).await,
        before,
        "Ana's data changed"
    );
    // And Ana herself still reaches all of it.
    let mine = send(&app, get(&format!("/stories/{story}"), Some(&ana.cookie))).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.body.contains("lead with the number"),
        "her coach's comment is shown"
    );
}

#[tokio::test]
async fn every_route_answers_404_to_anyone_a_thing_is_not_shared_with_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_path(&dir.path().join("web.db"))
            .await
            .expect("open"),
    );
    prove_isolation(store).await;
}

#[tokio::test]
async fn every_route_answers_404_to_anyone_a_thing_is_not_shared_with_on_postgres() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 4)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    assert!(
        store.row_security_applies().await.expect("role"),
        "row-level security binds the test's role"
    );
    prove_isolation(Arc::new(store)).await;
}
