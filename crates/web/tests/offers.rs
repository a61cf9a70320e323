//! Job offers over HTTP: offers added through the page's form and the JSON API, a bad amount drawn
//! again with the field's message beside it and what was typed kept, the comparison's break-even
//! year and chart, the negotiation brief (its gap, saved to the notes, downloaded), a stale edit
//! (409 naming both revisions, page and API), unknown ids 404, and another account seeing nothing.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use common::app;
use common::signed::{accounts_app, api, get, sign_in};
use serde_json::json;
use tpmprep_store::{Role, SqliteStore, Store};

/// The Amazon-style offer and the other, as the form sends them.
const AMAZON: &[(&str, &str)] = &[
    ("name", "Amazon L6"),
    ("company", "Amazon"),
    ("level", "L6"),
    ("currency", "USD"),
    ("base", "150000"),
    ("sign_on", "30000,20000"),
    ("shares", "100"),
    ("price", "200"),
    ("vesting", "amazon"),
];

#[tokio::test]
async fn offers_are_added_by_form_and_api_compared_and_briefed() {
    let app = app().await;
    let empty = app.get("/offers").await.ok();
    assert!(empty.body.contains("No offers yet"), "{}", empty.body);
    assert!(
        empty.body.contains("about $189k"),
        "the seeds' median as a hint"
    );
    assert!(empty.body.contains("aria-current=\"page\">Offers</a>"));

    // By the form: a plain post answers 303 to the list.
    let r = app.form("POST", "/offers/new", AMAZON).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/offers")
    );
    // By the API.
    let other = app
        .json(
            "POST",
            "/api/v1/offers",
            json!({"name": "Other", "base": 160000, "equity_value": "40000", "vesting": "even-cliff"}),
        )
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let other = other.json();
    assert_eq!(other["offer"]["base"], 16_000_000, "money in minor units");
    assert_eq!(other["equity_at_grant"], 4_000_000);
    let other_id = other["id"].as_i64().expect("id");

    let list = app.get("/api/v1/offers").await.ok().json();
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["offer"]["name"], "Amazon L6");
    assert_eq!(
        list[0]["offer"]["equity"]["price"], "200",
        "a decimal string"
    );
    let amazon_id = list[0]["id"].as_i64().expect("id");

    let page = app.get("/offers").await.ok();
    for want in [
        "Amazon L6",
        "$150,000",
        "$30,000 + $20,000",
        "$20,000 (100 shares at $200)",
        "years 3–4 every 6 months",
        "$40,000",
        "1-year cliff",
        format!("/offers/{amazon_id}/edit").as_str(),
        format!("/offers/{other_id}/delete").as_str(),
    ] {
        assert!(page.body.contains(want), "{want} not on the page");
    }

    // The comparison: Amazon pays more in year 1 ($150k + $30k + 5 shares at $200 = $181k against
    // $160k + the quarter of a $40k grant vesting at the one-year cliff = $170k); Other catches up
    // in year 4 (cumulative $670k against $680k).
    let cmp = app
        .json("POST", "/api/v1/offers/compare", json!({"years": 4}))
        .await
        .ok()
        .json();
    let years = &cmp["offers"][0]["years"];
    assert_eq!(years[0]["year"], 1);
    assert_eq!(years[0]["base"], 15_000_000);
    assert_eq!(years[0]["sign_on"], 3_000_000);
    assert_eq!(years[0]["equity"], 100_000, "5 shares at $200");
    assert_eq!(years[0]["shares"], 5);
    let be = &cmp["break_even"][0];
    let year = be["year"].as_i64().expect("a break-even year");
    assert_eq!(year, 4, "{cmp}");
    assert_eq!(be["behind"], "Other");
    // The year is the first whose cumulative pay of the one behind reaches the other's.
    let cum = |o: usize, y: i64| {
        cmp["offers"][o]["years"][(y - 1) as usize]["cumulative"]
            .as_i64()
            .expect("cumulative")
    };
    assert!(cum(1, year) >= cum(0, year), "{cmp}");
    assert!(cum(1, year - 1) < cum(0, year - 1), "{cmp}");
    let page = app.get("/offers?years=4&scenario=flat").await.ok();
    assert!(
        page.body
            .contains(&format!("Other catches up in year {year}")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<svg id=\"offer-chart\""));
    assert!(page.body.contains("<polyline"), "a line per offer");
    assert!(
        page.body.contains("id=\"cumulative\""),
        "the numbers as a table"
    );
    assert!(page.body.contains("class=\"band\""), "each offer's band");
    // A growing price changes the table.
    let grown = app
        .get("/offers?years=4&scenario=growth&growth=20")
        .await
        .ok();
    assert!(grown.body.contains("price 20% a year"), "{}", grown.body);
    assert_ne!(
        grown.body.split("id=\"cumulative\"").nth(1),
        page.body.split("id=\"cumulative\"").nth(1)
    );
    // A control that cannot be read is said calmly on the page.
    let bad = app.get("/offers?years=99").await.ok();
    assert!(bad.body.contains("id=\"compare-error\""), "{}", bad.body);

    // The brief: Amazon against Other names the gap in year 2 and later.
    let brief = app
        .json(
            "POST",
            "/api/v1/offers/brief",
            json!({"offer": "Other", "against": "Amazon L6"}),
        )
        .await
        .ok()
        .json();
    let gap = brief["gap_year_1"].as_i64().expect("gap");
    assert!(gap > 0, "{brief}");
    let md = brief["markdown"].as_str().expect("markdown");
    let page = app
        .get(&format!(
            "/offers/brief?offer={other_id}&against={amazon_id}"
        ))
        .await
        .ok();
    assert!(page.body.contains("id=\"brief-text\""), "{}", page.body);
    let first_line = md.lines().next().expect("a heading");
    assert!(page.body.contains(first_line), "{}", page.body);
    // Saved to the notes, the edit is what the page shows from then on, and what downloads.
    let (other_key, amazon_key) = (other_id.to_string(), amazon_id.to_string());
    let r = app
        .form(
            "POST",
            "/offers/brief/save",
            &[
                ("offer", other_key.as_str()),
                ("against", amazon_key.as_str()),
                ("notes", "My edited brief: ask for $12k more."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(&format!("/offers/brief?offer={other_id}"))
        .await
        .ok();
    assert!(page.body.contains("My edited brief: ask for $12k more."));
    assert!(page.body.contains("id=\"brief-from-notes\""));
    let saved = app
        .get(&format!("/api/v1/offers/{other_id}"))
        .await
        .ok()
        .json();
    assert_eq!(
        saved["offer"]["notes"],
        "My edited brief: ask for $12k more."
    );
    let download = app
        .get(&format!("/offers/brief.md?offer={other_id}&fresh=1"))
        .await
        .ok();
    assert!(
        download.headers[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/markdown")
    );
    assert!(
        download.body.starts_with("# Negotiation brief: Other"),
        "{}",
        download.body
    );
}

#[tokio::test]
async fn a_bad_amount_is_shown_beside_its_field_with_what_was_typed_kept() {
    let app = app().await;
    let r = app
        .form(
            "POST",
            "/offers/new",
            &[
                ("name", "Typo <b>"),
                ("base", "abc"),
                ("sign_on", "30000,20000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let error = r
        .body
        .split("id=\"offer-base-error\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("the base field's error");
    assert!(error.starts_with("base: "), "{error}");
    assert!(error.contains("is not an amount"), "{error}");
    assert!(
        r.body.contains("value=\"Typo &lt;b&gt;\""),
        "escaped and kept"
    );
    assert!(r.body.contains("value=\"30000,20000\""), "kept as typed");
    assert!(r.body.contains("aria-invalid=\"true\""));
    // A year of the sign-on is shown beside the sign-on.
    let r = app
        .form(
            "POST",
            "/offers/new",
            &[("name", "X"), ("base", "1"), ("sign_on", "30000,zz")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("id=\"offer-sign_on-error\">sign_on (year 2)"),
        "{}",
        r.body
    );
    // The API names the field too, with a 400.
    let r = app
        .json(
            "POST",
            "/api/v1/offers",
            json!({"name": "X", "base": "abc"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["error"]
            .as_str()
            .expect("error")
            .starts_with("base:")
    );
    let r = app
        .json("POST", "/api/v1/offers", json!({"name": "X", "bass": "1"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("bass"), "{}", r.body);
    assert_eq!(app.get("/api/v1/offers").await.ok().json(), json!([]));
}

#[tokio::test]
async fn a_stale_edit_is_a_conflict_naming_both_revisions_and_unknown_ids_are_404() {
    let app = app().await;
    let made = app
        .json(
            "POST",
            "/api/v1/offers",
            json!({"name": "A", "base": "100k"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let id = made.json()["id"].as_i64().expect("id");
    let edit = app.get(&format!("/offers/{id}/edit")).await.ok();
    assert!(edit.body.contains("value=\"100000\""), "{}", edit.body);
    assert!(edit.body.contains("name=\"base_rev\" value=\"1\""));
    let r = app
        .json(
            "PATCH",
            &format!("/api/v1/offers/{id}"),
            json!({"base_rev": 1, "bonus": "10k"}),
        )
        .await
        .ok();
    assert_eq!(r.json()["rev"], 2);
    assert_eq!(r.json()["offer"]["bonus"], 1_000_000);
    // The page still holds revision 1: its save is refused and said calmly, the typing kept.
    let r = app
        .form(
            "POST",
            &format!("/offers/{id}/edit"),
            &[
                ("base_rev", "1"),
                ("name", "A"),
                ("base", "120000"),
                ("vesting", "amazon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("id=\"conflict\""), "{}", r.body);
    assert!(r.body.contains("revision 2"), "{}", r.body);
    assert!(r.body.contains("value=\"120000\""), "kept as typed");
    let r = app
        .json(
            "PATCH",
            &format!("/api/v1/offers/{id}"),
            json!({"base_rev": 1, "bonus": "0"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let words = r.json()["error"].as_str().expect("error").to_string();
    assert!(words.contains('1') && words.contains('2'), "{words}");
    // A name taken is 409 too.
    app.json("POST", "/api/v1/offers", json!({"name": "B", "base": "1"}))
        .await
        .ok();
    let r = app
        .json("POST", "/api/v1/offers", json!({"name": "b", "base": "1"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let revs = app
        .get(&format!("/api/v1/offers/{id}/revisions"))
        .await
        .ok()
        .json();
    assert_eq!(revs.as_array().map(Vec::len), Some(2));

    for path in [
        "/api/v1/offers/999".to_string(),
        "/api/v1/offers/999/revisions".to_string(),
        "/api/v1/offers/abc".to_string(),
        "/offers/999/edit".to_string(),
    ] {
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = app
        .json("PATCH", "/api/v1/offers/999", json!({"name": "Z"}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // Deleting: the page asks first without JavaScript, then removes it.
    let ask = app
        .form("POST", &format!("/offers/{id}/delete"), &[])
        .await
        .ok();
    assert!(ask.body.contains("id=\"confirm-delete\""), "{}", ask.body);
    let r = app
        .form(
            "POST",
            &format!("/offers/{id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .send(
            axum::http::Request::delete(format!("/api/v1/offers/{id}"))
                .header(header::HOST, common::HOST)
                .header("x-csrf-token", app.state.csrf())
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "gone: {}", r.body);
}

#[tokio::test]
async fn another_account_sees_none_of_them() {
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
    let made = common::send(
        &app,
        api(
            Method::POST,
            "/api/v1/offers",
            &ana,
            Some(json!({"name": "Ana's secret offer", "base": "150000"})),
        ),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_i64().expect("id");
    let list = common::send(&app, api(Method::GET, "/api/v1/offers", &bo, None)).await;
    assert_eq!(list.json(), json!([]));
    for path in [format!("/api/v1/offers/{id}"), format!("/offers/{id}/edit")] {
        let r = common::send(&app, get(&path, Some(&bo))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("secret"), "{path}");
    }
    let page = common::send(&app, get("/offers", Some(&bo))).await;
    assert!(page.body.contains("No offers yet"), "{}", page.body);
    let mine = common::send(&app, get("/offers", Some(&ana))).await;
    assert!(
        mine.body.contains("Ana&#x27;s secret offer")
            || mine.body.contains("Ana&#39;s secret offer")
    );
}
