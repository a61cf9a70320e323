//! What the critique says about the question and the rubric, in every web front end (issue 13): a
//! free-text question on the critique page shows its principles ranked, "practise this" on a design
//! question shows the design checklist, and `POST /api/v1/critique` answers in the shape its OpenAPI
//! schema documents.

mod common;

use common::app;
use serde_json::{Value, json};

const STRONG: &str = "Sellers were abandoning checkout during our peak sale because p99 latency had climbed \
to 1.4 seconds. I owned the recovery plan across the Payments, Fraud and Mobile teams. I traced the slow path \
with Priya, the payments engineering manager, and found two synchronous fraud calls. The fraud lead pushed back \
on making them asynchronous, so I proposed a canary at 5% with an automatic rollback plan, and he agreed. As a \
result, p99 fell from 1.4 s to 480 ms and abandonment dropped from 9% to 6% within two weeks.";

const TRUST: &str = "Tell me about a time you earned the trust of a skeptical team.";

const DESIGN: &str = "Requirements first: the API serves about 20,000 requests per second at peak across two \
regions; the free tier gets 100 requests a minute and paid tiers 10,000. I would put a token bucket per API key \
in a Redis cluster in each region, checked by the gateway hosts before a request reaches the service. I chose a \
token bucket over a fixed window because it allows short bursts without letting a client double its rate at the \
window edges. The counter store is the bottleneck at peak, so each host keeps a local allowance and syncs it every \
second. If Redis is down, the gateway fails open for paid keys and closed for free keys. I would monitor the \
throttle rate, the p99 latency of the check and Redis errors, with an alarm when rejections jump. To scale, we \
shard the buckets by a hash of the key and add nodes as traffic grows.";

/// Text as the templates print it (minijinja's HTML escaping).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// The part of `html` from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start)
        .nth(1)
        .and_then(|t| t.split(end).next())
        .unwrap_or_else(|| panic!("no {start} in {html}"))
}

#[tokio::test]
async fn a_free_text_question_on_the_critique_page_shows_its_principles_ranked() {
    let app = app().await;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let api = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": STRONG, "question": TRUST}),
        )
        .await
        .ok()
        .json();
    let ranked = api["question"]["principles"]
        .as_array()
        .expect("principles");
    assert_eq!(ranked.len(), 16, "{}", api["question"]);
    let page = app
        .form(
            "POST",
            "/critique",
            &[("mode", "answer"), ("question", TRUST), ("text", STRONG)],
        )
        .await
        .ok()
        .body;
    let kind = api["question"]["kind"].as_str().expect("kind");
    assert!(
        page.contains(&format!(
            "Question kind: <strong>{}</strong>",
            kind.replace('-', " ")
        )),
        "{page}"
    );
    let top = between(&page, "id=\"question-top\">", "</ol>");
    assert_eq!(top.matches("<li").count(), 3, "{top}");
    for p in &ranked[..3] {
        let id = p["id"].as_str().expect("id");
        let percent = (p["score"].as_f64().expect("score") * 100.0).round();
        assert!(
            top.contains(&format!(
                "<span class=\"name\">{}</span>",
                esc(pack.principle_name(id))
            )),
            "{id}: {top}"
        );
        assert!(
            top.contains(&format!("<span class=\"pct\">{percent}%</span>")),
            "{top}"
        );
    }
    let all = between(&page, "id=\"question-all\">", "</details>");
    assert!(all.contains("All 16 principles, ranked"), "{all}");
    assert_eq!(all.matches("<li").count(), 16, "{all}");
    assert!(!page.contains("design-checklist"), "a behavioural question");
}

#[tokio::test]
async fn practising_a_design_question_shows_the_design_checklist_with_its_quotes() {
    let app = app().await;
    let id = "sd-public-api-throttling";
    let api = app
        .json(
            "POST",
            "/api/v1/critique",
            json!({"text": DESIGN, "question_id": id}),
        )
        .await
        .ok()
        .json();
    assert_eq!(api["rubric"], "design", "{api}");
    let design = api["design"].as_array().expect("design");
    assert_eq!(design.len(), 8);
    let met: Vec<&Value> = design.iter().filter(|d| d["present"] == true).collect();
    let panel = app
        .form(
            "POST",
            &format!("/questions/{id}/practise"),
            &[("text", DESIGN)],
        )
        .await
        .ok()
        .body;
    assert!(
        panel.contains(&format!("design answer: {} of 8 criteria met", met.len())),
        "{panel}"
    );
    let list = between(&panel, "id=\"design-checklist\">", "</ul>");
    for d in design {
        let class = if d["present"] == true {
            "met"
        } else {
            "missing"
        };
        let criterion = d["criterion"].as_str().expect("criterion");
        assert!(
            list.contains(&format!(
                "<li class=\"{class}\" data-criterion=\"{criterion}\">"
            )),
            "{criterion}: {list}"
        );
    }
    for d in met {
        let quote = d["quote"].as_str().expect("quote");
        assert!(
            list.contains(&format!("<blockquote>{}</blockquote>", esc(quote))),
            "{quote}: {list}"
        );
    }
    // The checklist comes before the dimensions, and the question's principles are ranked too.
    assert!(
        panel.find("design-checklist") < panel.find("The eight dimensions, read as a story"),
        "{panel}"
    );
    assert!(panel.contains("id=\"question-top\""));
}

/// Checks `v` against the OpenAPI (JSON Schema) `schema`: `$ref`, `type`, `required`, `properties`,
/// `items`, `enum`, `minimum`, `maximum`. Each mismatch is pushed to `errors` with its path.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let target = doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}"));
        return check(doc, target, v, at, errors);
    }
    let fits = match schema["type"].as_str() {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_u64() || v.is_i64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        _ => true,
    };
    if !fits {
        errors.push(format!("{at}: {v} is not {}", schema["type"]));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(v)
    {
        errors.push(format!("{at}: {v} is not one of {allowed:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), v.as_f64())
        && n < min
    {
        errors.push(format!("{at}: {n} < {min}"));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), v.as_f64())
        && n > max
    {
        errors.push(format!("{at}: {n} > {max}"));
    }
    for field in schema["required"].as_array().into_iter().flatten() {
        let name = field.as_str().expect("field name");
        if v.get(name).is_none() {
            errors.push(format!("{at}: no `{name}`"));
        }
    }
    if let Some(props) = schema["properties"].as_object() {
        for (name, s) in props {
            if let Some(x) = v.get(name) {
                check(doc, s, x, &format!("{at}.{name}"), errors);
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), v.as_array()) {
        for (i, x) in list.iter().enumerate() {
            check(doc, items, x, &format!("{at}[{i}]"), errors);
        }
    }
}

#[tokio::test]
async fn the_critique_api_answers_in_the_shape_its_schema_documents() {
    let app = app().await;
    let doc = app.get("/api/v1/openapi.json").await.ok().json();
    let schema = doc
        .pointer("/paths/~1api~1v1~1critique/post/responses/200/content/application~1json/schema")
        .expect("the critique's response schema")
        .clone();
    // The schema itself names what issue 13 added.
    let critique = &doc["components"]["schemas"]["Critique"];
    assert_eq!(
        critique["properties"]["rubric"]["enum"],
        json!(["behavioural", "design"])
    );
    assert_eq!(
        critique["properties"]["question"]["properties"]["kind"]["enum"],
        json!([
            "failure",
            "disagreement",
            "deadline",
            "customer",
            "design",
            "technical",
            "program-management",
            "general"
        ])
    );
    for field in ["design", "signals"] {
        assert!(critique["properties"][field].is_object(), "{field}");
    }
    for body in [
        json!({"text": STRONG, "question": TRUST}),
        json!({"text": DESIGN, "question_id": "sd-public-api-throttling"}),
        json!({"text": STRONG, "question_id": "b-co-feedback-vs-metrics"}),
        json!({"text": "I led it."}),
    ] {
        let c = app
            .json("POST", "/api/v1/critique", body.clone())
            .await
            .ok()
            .json();
        let mut errors = Vec::new();
        check(&doc, &schema, &c, "$", &mut errors);
        assert!(errors.is_empty(), "{body}:\n{}", errors.join("\n"));
        if body.get("question").is_some() || body.get("question_id").is_some() {
            assert_eq!(
                c["question"]["principles"].as_array().map(Vec::len),
                Some(16),
                "{body}: {}",
                c["question"]
            );
        }
    }
}
