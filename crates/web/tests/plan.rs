//! The study plan over HTTP: the page without and with an interview date, the settings form's
//! refusals beside their field with the typed values kept, Skip / Done / Move / Reset changing the
//! plan (htmx and plain form posts), the .ics and Markdown downloads, and the JSON API.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, HOST, app};
use serde_json::{Value, json};

fn civil(days: i64) -> String {
    tpmprep_app::civil_time(days * 86_400_000)[..10].to_string()
}

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .expect("clock")
}

/// An htmx form post (the CSRF header, `hx-request`).
async fn htmx(app: &App, path: &str, fields: &[(&str, &str)]) -> common::Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", common::urlencode(k), common::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    app.send(
        Request::post(path)
            .header(header::HOST, HOST)
            .header("x-csrf-token", app.state.csrf())
            .header("hx-request", "true")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

async fn planned(app: &App, weeks_ahead: i64, hours: &str) {
    let date = civil(today() + weeks_ahead * 7);
    let r = app
        .form(
            "POST",
            "/plan/settings",
            &[
                ("interview_date", date.as_str()),
                ("phone_screen_date", ""),
                ("hours_per_week", hours),
                ("days_off", "sun"),
                ("level", "L5"),
                ("format", "virtual"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok()),
        Some("/plan")
    );
}

fn tasks(plan: &Value) -> Vec<Value> {
    plan["plan"]["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .flat_map(|w| w["tasks"].as_array().expect("tasks").clone())
        .collect()
}

#[tokio::test]
async fn without_an_interview_date_the_page_asks_for_one_and_the_api_says_what_it_needs() {
    let app = app().await;
    let page = app.get("/plan").await.ok();
    assert!(page.body.contains("id=\"plan-settings\""), "{}", page.body);
    assert!(page.body.contains("id=\"no-plan\""), "{}", page.body);
    assert!(!page.body.contains("id=\"plan-hours\""));
    assert_eq!(page.body.matches("name=\"days_off\"").count(), 7);
    let api = app.get("/api/v1/plan").await.ok().json();
    assert!(api["plan"].is_null(), "{api}");
    assert_eq!(api["needs"], "interview_date");
    assert!(api["settings"]["interview_date"].is_null());
    // Nothing to download yet.
    assert_eq!(app.get("/plan.ics").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/plan.ics").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_refused_setting_is_said_beside_its_field_and_every_typed_value_is_kept() {
    let app = app().await;
    let date = civil(today() + 40);
    let fields = |hours: &'static str| {
        vec![
            ("interview_date", date.clone()),
            ("hours_per_week", hours.to_string()),
            ("days_off", "sat".to_string()),
            ("days_off", "sun".to_string()),
            ("level", "L6".to_string()),
            ("format", "onsite".to_string()),
        ]
    };
    for (hours, says) in [("lots", "is not a number"), ("0", "hours_per_week")] {
        let f = fields(hours);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.form("POST", "/plan/settings", &f).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{hours}: {}", r.body);
        assert!(r.body.contains("id=\"hours_per_week-error\""), "{}", r.body);
        assert!(r.body.contains(says), "{says}: {}", r.body);
        assert!(r.body.contains(&format!("value=\"{hours}\"")), "{}", r.body);
        assert!(r.body.contains(&format!("value=\"{date}\"")), "date kept");
        assert!(r.body.contains("value=\"sat\" checked"), "days off kept");
        assert!(r.body.contains("value=\"L6\" selected"), "level kept");
        assert!(r.body.contains("value=\"onsite\" selected"), "format kept");
    }
    // Nothing was saved.
    let api = app.get("/api/v1/plan").await.ok().json();
    assert!(api["plan"].is_null(), "{api}");
    // The API names the field.
    let r = app
        .json(
            "PUT",
            "/api/v1/plan/settings",
            json!({"interview_date": "2026-02-30"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("interview_date"), "{}", r.body);
    let r = app
        .json("PUT", "/api/v1/plan/settings", json!({"weekly": 3}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn with_a_date_the_plan_shows_weeks_of_tasks_that_link_to_where_they_are_done() {
    let app = app().await;
    planned(&app, 6, "12").await;
    let page = app.get("/plan").await.ok();
    assert!(page.body.contains("id=\"plan-hours\""), "{}", page.body);
    assert!(page.body.contains("id=\"week-1\""), "{}", page.body);
    assert!(page.body.contains("href=\"/plan.ics\""));
    assert!(page.body.contains("href=\"/plan.md\""));
    // (minijinja writes `/` in attribute values as `&#x2f;`.)
    let body = page.body.replace("&#x2f;", "/");
    for link in ["/stories/new", "/mock", "/writing", "/drill"] {
        assert!(body.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let plan = app.get("/api/v1/plan").await.ok().json();
    assert_eq!(plan["settings"]["hours_per_week"], 12.0);
    assert_eq!(plan["settings"]["days_off"], json!(["sun"]));
    let all = tasks(&plan);
    assert!(all.len() >= 5, "{plan}");
    for t in &all {
        for field in ["key", "title", "kind", "hours", "date", "why"] {
            assert!(!t[field].is_null(), "{field} in {t}");
        }
    }
    // A plan for another day: `today` is an input.
    let later = app
        .get(&format!("/api/v1/plan?today={}", civil(today() + 7)))
        .await
        .ok()
        .json();
    assert_eq!(later["plan"]["today"], civil(today() + 7));
    let r = app.get("/api/v1/plan?today=soon").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("today"), "{}", r.body);
}

#[tokio::test]
async fn skip_done_move_and_reset_change_the_plan_with_htmx_and_plain_posts() {
    let app = app().await;
    planned(&app, 6, "12").await;
    let plan = app.get("/api/v1/plan").await.ok().json();
    let all = tasks(&plan);
    let key = |i: usize| all[i]["key"].as_str().expect("key").to_string();
    let (skip, done) = (key(0), key(1));

    // Skip, with htmx: the page comes back with the task among the skipped.
    let r = htmx(&app, &format!("/plan/tasks/{skip}"), &[("action", "skip")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let skipped_part = r.body.split("id=\"skipped-heading\"").nth(1).expect("part");
    assert!(
        skipped_part.contains(&format!("data-key=\"{skip}\"")),
        "{}",
        r.body
    );
    let plan = app.get("/api/v1/plan").await.ok().json();
    assert!(plan["plan"]["skipped"].to_string().contains(&skip));
    assert!(!tasks(&plan).iter().any(|t| t["key"] == skip.as_str()));

    // Done, as a plain form post (token in the body, no header): back to the page.
    let r = app
        .send(
            Request::post(format!("/plan/tasks/{done}"))
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("action=done&csrf={}", app.state.csrf())))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let plan = app.get("/api/v1/plan").await.ok().json();
    assert!(plan["plan"]["done"].to_string().contains(&done), "{plan}");
    // Without the token it is refused and changes nothing.
    let r = app
        .send(
            Request::post(format!("/plan/tasks/{done}"))
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("action=reset"))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Move through the API to a later working day.
    let movable = tasks(&plan)
        .into_iter()
        .find(|t| t["kind"] != "drill")
        .expect("a task to move");
    let mkey = movable["key"].as_str().expect("key").to_string();
    let day = movable["day"].as_i64().expect("day");
    let to = (day + 1..day + 14)
        .find(|d| (d + 3).rem_euclid(7) != 6 && *d < today() + 6 * 7 - 1)
        .expect("a working day");
    let r = app
        .json(
            "POST",
            &format!("/api/v1/plan/tasks/{mkey}"),
            json!({"action": "move", "to": civil(to)}),
        )
        .await
        .ok()
        .json();
    let moved = tasks(&r)
        .into_iter()
        .find(|t| t["key"] == mkey.as_str())
        .expect("still planned");
    assert_eq!(moved["date"], civil(to));
    assert_eq!(moved["status"], "moved");
    // A move past the interview is refused with the reason; unknown tasks are 404.
    let r = htmx(
        &app,
        &format!("/plan/tasks/{mkey}"),
        &[("action", "move"), ("to", &civil(today() + 100))],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"task-error\""), "{}", r.body);
    let r = app
        .json(
            "POST",
            "/api/v1/plan/tasks/no-such-task",
            json!({"action": "skip"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .json(
            "POST",
            &format!("/api/v1/plan/tasks/{mkey}"),
            json!({"action": "later"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("action"), "{}", r.body);

    // Reset brings the skipped task back.
    app.json(
        "POST",
        &format!("/api/v1/plan/tasks/{skip}"),
        json!({"action": "reset"}),
    )
    .await
    .ok();
    let plan = app.get("/api/v1/plan").await.ok().json();
    assert!(tasks(&plan).iter().any(|t| t["key"] == skip.as_str()));
}

/// The lines of an iCalendar file, unfolded (RFC 5545 §3.1), each checked to end in CRLF and to be
/// at most 75 octets before unfolding.
fn ics_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    let mut out: Vec<String> = Vec::new();
    for raw in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(raw.len() <= 75, "line over 75 octets: {raw}");
        assert!(!raw.contains('\n'), "bare LF in {raw:?}");
        if let Some(rest) = raw.strip_prefix(' ') {
            out.last_mut().expect("a line to continue").push_str(rest);
        } else {
            out.push(raw.to_string());
        }
    }
    out
}

#[tokio::test]
async fn the_ics_has_one_event_per_planned_task_with_uids_stable_across_exports() {
    let app = app().await;
    planned(&app, 5, "10").await;
    let r = app.get("/plan.ics").await.ok();
    let h = |n: header::HeaderName| {
        r.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(h(header::CONTENT_TYPE), "text/calendar; charset=utf-8");
    assert_eq!(
        h(header::CONTENT_DISPOSITION),
        "attachment; filename=\"tpmprep-plan.ics\""
    );
    let lines = ics_lines(&r.body);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let begins = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    let ends = lines.iter().filter(|l| *l == "END:VEVENT").count();
    let plan = app.get("/api/v1/plan").await.ok().json();
    assert_eq!(begins, tasks(&plan).len(), "one event per planned task");
    assert_eq!(begins, ends);
    let uids = |ls: &[String]| -> Vec<String> {
        ls.iter()
            .filter(|l| l.starts_with("UID:"))
            .cloned()
            .collect()
    };
    let first = uids(&lines);
    assert_eq!(first.len(), begins);
    let again = app.get("/api/v1/plan.ics").await.ok();
    assert_eq!(uids(&ics_lines(&again.body)), first, "stable UIDs");
    // Markdown too.
    let md = app.get("/plan.md").await.ok();
    assert!(
        md.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("text/markdown"))
    );
    assert!(md.body.contains("- [ ]"), "{}", md.body);
}
