//! The question bank: filters, one question, "practise this" with the critique panel, and the JSON.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{HOST, app, urlencode};
use tpmprep_content::{Kind, Level, Pack, Question};

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

/// Ids of the rows a list page shows, in order.
fn row_ids(body: &str) -> Vec<String> {
    body.split("<tr data-id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

fn ids(qs: &[&Question]) -> Vec<String> {
    qs.iter().map(|q| q.id.clone()).collect()
}

const WEAK: &str = "I was responsible for the project. We worked hard and it went well.";

#[tokio::test]
async fn the_unfiltered_list_caps_at_100_and_says_how_many_matched() {
    let app = app().await;
    let pack = pack();
    let total = pack.questions.len();
    assert!(total > 100);
    let r = app.get("/questions").await.ok();
    assert!(r.body.contains("href=\"/questions\" aria-current=\"page\""));
    assert!(
        r.body
            .contains(&format!("{total} of {total} questions match."))
    );
    let pages = total.div_ceil(100);
    assert!(
        r.body
            .contains(&format!("Showing 1–100 (page 1 of {pages})")),
        "{}",
        r.body
    );
    let shown = row_ids(&r.body);
    let expected: Vec<String> = pack
        .questions
        .iter()
        .take(100)
        .map(|q| q.id.clone())
        .collect();
    assert_eq!(shown, expected);
    // Every field of the filter form is labelled, and the form is a GET so URLs can be shared.
    for (id, name) in [
        ("f-principle", "principle"),
        ("f-kind", "kind"),
        ("f-level", "level"),
        ("f-q", "q"),
    ] {
        assert!(
            r.body.contains(&format!("<label for=\"{id}\">")),
            "{id} unlabelled"
        );
        assert!(
            r.body.contains(&format!("id=\"{id}\" name=\"{name}\"")),
            "{id} missing"
        );
    }
    assert!(
        r.body
            .contains("<form method=\"get\" action=\"/questions\"")
    );
}

#[tokio::test]
async fn principle_and_kind_narrow_the_list_to_the_packs_own_count() {
    let app = app().await;
    let pack = pack();
    let expected: Vec<&Question> = pack
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Behavioural && q.principles.iter().any(|p| p == "ownership"))
        .collect();
    assert!(!expected.is_empty() && expected.len() < 100);
    let r = app
        .get("/questions?principle=ownership&kind=behavioural&level=&q=")
        .await
        .ok();
    assert!(
        r.body.contains(&format!(
            "{} of {} questions match.",
            expected.len(),
            pack.questions.len()
        )),
        "count"
    );
    assert!(!r.body.contains("Showing the first"));
    assert_eq!(row_ids(&r.body), ids(&expected));
    assert!(r.body.contains("<option value=\"ownership\" selected>"));
    assert!(r.body.contains("<option value=\"behavioural\" selected>"));
    for q in &expected {
        assert!(r.body.contains(&esc(&q.text)));
    }
}

#[tokio::test]
async fn a_level_includes_questions_asked_at_both_levels() {
    let app = app().await;
    let pack = pack();
    let l6: Vec<&Question> = pack
        .questions
        .iter()
        .filter(|q| q.level == Level::L6 || q.level == Level::Both)
        .collect();
    assert!(l6.len() < pack.questions.len(), "the filter must narrow");
    let r = app.get("/questions?level=L6").await.ok();
    assert!(r.body.contains(&format!(
        "{} of {} questions match.",
        l6.len(),
        pack.questions.len()
    )));
    assert!(r.body.contains("<option value=\"L6\" selected>"));
    let only_l5 = pack
        .questions
        .iter()
        .find(|q| q.level == Level::L5)
        .expect("an L5-only question");
    let r = app.get("/api/v1/questions?level=L6").await.ok().json();
    let got: Vec<&str> = r
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|q| q["id"].as_str())
        .collect();
    assert_eq!(got.len(), l6.len());
    assert!(!got.contains(&only_l5.id.as_str()));
}

#[tokio::test]
async fn search_is_case_insensitive_over_the_whole_question_as_in_the_cli() {
    let app = app().await;
    let pack = pack();
    let words = tpmprep_content::search_words("customer");
    let expected: Vec<&Question> = pack
        .questions
        .iter()
        .filter(|q| q.matches(&words))
        .collect();
    assert!(!expected.is_empty() && expected.len() < pack.questions.len());
    let r = app.get("/questions?q=CuStOmEr").await.ok();
    assert!(r.body.contains(&format!(
        "{} of {} questions match.",
        expected.len(),
        pack.questions.len()
    )));
    assert_eq!(
        row_ids(&r.body),
        ids(&expected).into_iter().take(100).collect::<Vec<_>>()
    );
    assert!(
        r.body.contains("value=\"CuStOmEr\""),
        "the search box keeps the text"
    );

    // An id finds its question.
    let q = &pack.questions[7];
    let r = app
        .get(&format!("/questions?q={}", urlencode(&q.id.to_uppercase())))
        .await
        .ok();
    assert!(row_ids(&r.body).contains(&q.id));

    // A word only a follow-up holds finds the question too.
    let (q, word) = pack
        .questions
        .iter()
        .find_map(|q| {
            let text = format!("{} {} {}", q.id, q.text, q.strong_answer).to_lowercase();
            q.follow_ups
                .iter()
                .flat_map(|f| f.split_whitespace())
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .find(|w| w.len() > 6 && !text.contains(w.as_str()))
                .map(|w| (q, w))
        })
        .expect("a follow-up word the question's text lacks");
    let found = app
        .get(&format!("/api/v1/questions?q={}", urlencode(&word)))
        .await
        .ok()
        .json();
    let found: Vec<&str> = found
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|x| x["id"].as_str())
        .collect();
    assert!(found.contains(&q.id.as_str()), "{word}: {found:?}");
}

#[tokio::test]
async fn bad_filters_are_400_naming_the_valid_values() {
    let app = app().await;
    for (query, names) in [
        ("kind=bogus", "program-management"),
        ("level=L7", "L5, L6, both"),
        ("principle=nope", "dive-deep"),
    ] {
        let r = app.get(&format!("/questions?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(r.body.contains(names), "{query}: {}", r.body);
        let r = app.get(&format!("/api/v1/questions?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        let msg = r.json()["error"].as_str().expect("error").to_string();
        assert!(msg.contains(names), "{query}: {msg}");
    }
}

#[tokio::test]
async fn the_search_text_is_escaped_when_shown_back() {
    let app = app().await;
    let r = app
        .get(&format!(
            "/questions?q={}",
            urlencode("<script>alert(1)</script>")
        ))
        .await
        .ok();
    assert!(r.body.contains("&lt;script&gt;"), "escaped text shown");
    assert!(!r.body.contains("<script>alert"), "raw tag never shown");
    assert!(r.body.contains("0 of"));
    assert!(r.body.contains("No questions match"));
}

#[tokio::test]
async fn one_question_with_principles_follow_ups_and_a_practise_form() {
    let app = app().await;
    let pack = pack();
    let q = pack
        .questions
        .iter()
        .find(|q| q.kind == Kind::Behavioural && !q.follow_ups.is_empty())
        .expect("a behavioural question with follow-ups");
    let r = app.get(&format!("/questions/{}", q.id)).await.ok();
    assert!(r.body.contains(&esc(&q.text)));
    let level = match q.level {
        Level::L5 => "L5",
        Level::L6 => "L6",
        Level::Both => "L5 and L6",
    };
    assert!(r.body.contains(&format!(" · {level}</p>")), "level {level}");
    for p in &q.principles {
        assert!(
            r.body.contains(&format!("href=\"/principles/{p}\"")),
            "{p} link"
        );
    }
    for f in &q.follow_ups {
        assert!(r.body.contains(&esc(f)), "follow-up {f}");
    }
    for s in &q.stages {
        let name = &pack.stage(s).expect("stage").name;
        assert!(r.body.contains(&esc(name)), "stage {s}");
    }
    assert!(
        r.body
            .contains(&format!("hx-post=\"/questions/{}/practise\"", q.id))
    );
    assert!(
        r.body
            .contains("hx-trigger=\"input changed delay:500ms, submit\"")
    );
    assert!(r.body.contains("hx-target=\"#critique\""));
    assert!(r.body.contains("<label for=\"answer\">"));
    assert!(r.body.contains("<textarea id=\"answer\" name=\"text\""));
    assert!(r.body.contains("id=\"critique\""));

    let r = app.get("/questions/no-such-question").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("no-such-question"));
}

#[tokio::test]
async fn a_question_header_names_its_kind_once_and_its_levels_in_words() {
    let app = app().await;
    let pack = pack();
    let header = |body: &str| -> String {
        let start = body
            .find("<p class=\"muted\"><code>")
            .expect("the header line");
        let end = body[start..].find("</p>").expect("its end") + start;
        body[start..end].to_string()
    };
    // A behavioural question asked at both levels: "Behavioural · L5 and L6", not "level both",
    // and the competency that only restates the kind is left out.
    let q = pack
        .questions
        .iter()
        .find(|q| q.kind == Kind::Behavioural && q.level == Level::Both)
        .expect("a behavioural question for both levels");
    let h = header(&app.get(&format!("/questions/{}", q.id)).await.ok().body);
    assert!(h.ends_with(" · Behavioural · L5 and L6"), "{h}");
    assert!(!h.contains("level"), "{h}");
    assert_eq!(h.matches("Behavioural").count(), 1, "{h}");
    // A competency that says something the kind does not is kept, labelled.
    let q = pack
        .questions
        .iter()
        .find(|q| q.kind == Kind::ProgramManagement)
        .expect("a program-management question");
    let name = &pack.competency(&q.competency).expect("its competency").name;
    let h = header(&app.get(&format!("/questions/{}", q.id)).await.ok().body);
    assert!(h.contains(" · Program management · "), "{h}");
    assert!(h.ends_with(&format!(" · competency: {}", esc(name))), "{h}");
    // The list's level column says it in the same words.
    let r = app.get("/questions").await.ok();
    assert!(r.body.contains(">L5 and L6</td>"));
    assert!(!r.body.contains(">both</td>"));
}

#[tokio::test]
async fn practising_returns_the_critique_panel_with_findings() {
    let app = app().await;
    let pack = pack();
    let q = pack
        .questions
        .iter()
        .find(|q| q.kind == Kind::Behavioural)
        .expect("behavioural");
    let path = format!("/questions/{}/practise", q.id);
    let r = app.form("POST", &path, &[("text", WEAK)]).await.ok();
    assert!(r.body.contains("class=\"critique\""), "{}", r.body);
    assert!(
        !r.body.contains("<!doctype html>"),
        "a fragment, not a page"
    );
    assert!(
        r.body.contains("data-signal=\"outcome-number\""),
        "no outcome-number finding: {}",
        r.body
    );
    assert!(r.body.contains("<mark"), "the quoted sentence is marked");

    // An empty answer gets the prompt to start, not findings.
    let r = app.form("POST", &path, &[("text", "  ")]).await.ok();
    assert!(r.body.contains("Start writing"));
    assert!(!r.body.contains("data-signal"));

    // The answer is escaped in the panel.
    let r = app
        .form(
            "POST",
            &path,
            &[("text", "<b>I</b> cut latency from 900 ms to 300 ms.")],
        )
        .await
        .ok();
    assert!(!r.body.contains("<b>I</b>"));
    assert!(r.body.contains("&lt;b&gt;"));

    let r = app
        .form(
            "POST",
            "/questions/no-such-question/practise",
            &[("text", WEAK)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn practising_without_the_csrf_token_is_refused() {
    let app = app().await;
    let pack = pack();
    let q = &pack.questions[0];
    let r = app
        .send(
            Request::post(format!("/questions/{}/practise", q.id))
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("text={}", urlencode(WEAK))))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("data-signal"));
}

#[tokio::test]
async fn the_json_lists_matching_questions_and_one_question() {
    let app = app().await;
    let pack = pack();
    let all = app.get("/api/v1/questions").await.ok().json();
    assert_eq!(all, serde_json::to_value(&pack.questions).expect("json"));

    let expected: Vec<&Question> = pack
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Technical && q.principles.iter().any(|p| p == "dive-deep"))
        .collect();
    assert!(!expected.is_empty());
    let r = app
        .get("/api/v1/questions?kind=technical&principle=dive-deep")
        .await
        .ok()
        .json();
    assert_eq!(r, serde_json::to_value(&expected).expect("json"));

    let q = &pack.questions[3];
    let r = app
        .get(&format!("/api/v1/questions/{}", q.id))
        .await
        .ok()
        .json();
    assert_eq!(r, serde_json::to_value(q).expect("json"));
    assert!(r["follow_ups"].is_array() && r["strong_answer"].is_string());
    let r = app.get("/api/v1/questions/no-such-question").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("no-such-question"))
    );
}

/// Every question is reachable: the list pages by 100 with links that keep the filters, and the API
/// pages with `page`/`per_page`, its total in `X-Total-Count`.
#[tokio::test]
async fn the_list_pages_through_every_match_keeping_the_filters() {
    let app = app().await;
    let pack = pack();
    let total = pack.questions.len();
    let pages = total.div_ceil(100);
    assert!(pages >= 3, "{total} questions");
    let mut seen = Vec::new();
    for page in 1..=pages {
        let r = app.get(&format!("/questions?page={page}")).await.ok();
        seen.extend(row_ids(&r.body));
        assert!(r.body.contains(&format!("page {page} of {pages}")));
        if page < pages {
            let body = r.body.replace("&#x2f;", "/");
            assert!(body.contains(&format!(
                "href=\"/questions?page={}\" rel=\"next\"",
                page + 1
            )));
        }
    }
    let all: Vec<String> = pack.questions.iter().map(|q| q.id.clone()).collect();
    assert_eq!(
        seen, all,
        "the pages together list every question once, in order"
    );
    // A page past the last shows the last one; a bad page is refused in words.
    let last = app.get("/questions?page=999").await.ok();
    assert!(last.body.contains(&format!("page {pages} of {pages}")));
    let bad = app.get("/questions?page=0").await;
    assert_eq!(bad.status, 400);
    // The refusal names the real last page, never a 2^64 figure.
    assert!(
        bad.body.contains(&format!(
            "`page` must be a page number from 1 to {pages} (got `0`)"
        )),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("18446744073709551615"), "{}", bad.body);
    // Digits past any number are a page past the last, too.
    let huge = app
        .get("/questions?page=99999999999999999999999")
        .await
        .ok();
    assert!(huge.body.contains(&format!("page {pages} of {pages}")));
    // The links keep the filters (escaped).
    let kind = "behavioural";
    let matched = pack
        .questions
        .iter()
        .filter(|q| q.kind == tpmprep_content::Kind::Behavioural)
        .count();
    assert!(matched > 100);
    let r = app.get("/questions?kind=behavioural&q=&page=1").await.ok();
    let body = r.body.replace("&#x2f;", "/");
    assert!(
        body.contains(&format!("href=\"/questions?kind={kind}&amp;page=2\"")),
        "{body}"
    );
    // Search words are encoded in the links.
    let r = app.get("/questions?q=a%26b+c&page=1").await.ok();
    assert!(
        !r.body.contains("page=2"),
        "a search matching nothing has one page"
    );
    // The API: one page, the total in a header, and the same rows as the page.
    let one = app.get("/api/v1/questions?page=2&per_page=50").await.ok();
    assert_eq!(
        one.headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok()),
        Some(total.to_string().as_str())
    );
    let ids: Vec<String> = one
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ids, all[50..100].to_vec());
    let r = app.get("/api/v1/questions?per_page=501").await;
    assert_eq!(r.status, 400);
}

/// Search meets inflections on their stem: "rollbacks" finds what "rollback" finds.
#[tokio::test]
async fn search_finds_inflections() {
    let app = app().await;
    let one = row_ids(&app.get("/questions?q=rollback").await.ok().body);
    let many = row_ids(&app.get("/questions?q=rollbacks").await.ok().body);
    assert!(!one.is_empty());
    assert_eq!(one, many);
}
