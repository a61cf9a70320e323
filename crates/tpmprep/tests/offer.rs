//! `tpmprep offer` through the real binary, in a temp data dir: add two offers, list, show, edit
//! (a new revision), compare (per-year rows adding up, the break-even year, a scenario moving the
//! equity), the errors a candidate would meet (naming the field, storing nothing), rm, and the
//! negotiation brief with a story's measured result, kept in the notes with --save.

mod common;

use std::path::Path;

use common::tpmprep;
use serde_json::Value;

fn run(root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = tpmprep(root, args).output().expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(root: &Path, args: &[&str]) -> String {
    let (ok, out, err) = run(root, args);
    assert!(ok, "{args:?} failed: {err}\n{out}");
    out
}

fn json_ok(root: &Path, args: &[&str]) -> Value {
    let out = ok(root, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

/// `args` must fail with exit code 1 (bad input, as every command's errors); its standard error.
fn fails(root: &Path, args: &[&str]) -> String {
    let out = tpmprep(root, args).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail: {err}");
    err
}

/// Two offers: "Amazon L6" (1,000 shares at $200 on Amazon's schedule, sign-on $30k then $20k)
/// and "Startup" ($190k base, a $40k grant at one-year cliff then monthly).
/// Amazon: 190,000 / 200,000 / 230,000 / 230,000 (cumulative 190k, 390k, 620k, 850k).
/// Startup: 200,000 a year (cumulative 200k, 400k, 600k, 800k): Amazon catches up in year 3.
fn two_offers(root: &Path) {
    let a = json_ok(
        root,
        &[
            "offer",
            "add",
            "--name",
            "Amazon L6",
            "--company",
            "Amazon",
            "--base",
            "150k",
            "--sign-on",
            "30000,20000",
            "--shares",
            "1000",
            "--price",
            "200",
            "--json",
        ],
    );
    assert_eq!(a["rev"], 1);
    assert_eq!(a["offer"]["name"], "Amazon L6");
    let b = json_ok(
        root,
        &[
            "offer",
            "add",
            "--name",
            "Startup",
            "--base",
            "190000",
            "--equity-value",
            "40000",
            "--vesting",
            "even-cliff",
            "--json",
        ],
    );
    assert_eq!(b["offer"]["name"], "Startup");
}

fn offer_names(root: &Path) -> Vec<String> {
    json_ok(root, &["offer", "list", "--json"])
        .as_array()
        .expect("list is an array")
        .iter()
        .map(|o| o["offer"]["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn add_list_show_and_edit_as_a_new_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let empty = ok(root, &["offer", "list"]);
    assert!(empty.contains("tpmprep offer add"), "{empty}");
    two_offers(root);
    assert_eq!(offer_names(root), ["Amazon L6", "Startup"]);

    let list = ok(root, &["offer", "list"]);
    assert!(
        list.contains("Amazon L6") && list.contains("Startup"),
        "{list}"
    );
    assert!(list.lines().all(|l| l.chars().count() <= 80), "{list}");

    let show = ok(root, &["offer", "show", "amazon l6"]);
    assert!(show.contains("$150,000 a year"), "{show}");
    assert!(
        show.contains("$30,000 in year 1, $20,000 in year 2"),
        "{show}"
    );
    assert!(
        show.contains("1000 shares at $200 = $200,000 at grant"),
        "{show}"
    );
    assert!(
        show.contains("year 1: 50 shares (5%) at month 12"),
        "{show}"
    );
    assert!(
        show.contains("$850,000"),
        "the 4th year's cumulative: {show}"
    );

    let edited = json_ok(
        root,
        &["offer", "edit", "Startup", "--bonus", "10000", "--json"],
    );
    assert_eq!(edited["rev"], 2);
    assert_eq!(
        edited["offer"]["base"], 19_000_000,
        "base unchanged: {edited}"
    );
    assert_eq!(edited["offer"]["bonus"], 1_000_000, "{edited}");
    assert_eq!(edited["offer"]["vesting"]["kind"], "even-cliff", "{edited}");

    let revs = json_ok(root, &["offer", "show", "Startup", "--revisions", "--json"]);
    assert_eq!(
        revs["revisions"].as_array().map(Vec::len),
        Some(2),
        "{revs}"
    );

    // An empty value clears an optional field.
    let cleared = json_ok(
        root,
        &["offer", "edit", "Amazon L6", "--sign-on", "", "--json"],
    );
    assert_eq!(
        cleared["offer"]["sign_on"],
        serde_json::json!([]),
        "{cleared}"
    );
    assert_eq!(cleared["rev"], 2);

    let err = fails(root, &["offer", "edit", "Startup"]);
    assert!(err.contains("nothing to change"), "{err}");
}

#[test]
fn compare_rows_add_up_and_name_the_break_even_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    two_offers(root);
    let cmp = json_ok(root, &["offer", "compare", "--json"]);
    let offers = cmp["offers"].as_array().expect("offers");
    assert_eq!(offers.len(), 2);
    for o in offers {
        let years = o["years"].as_array().expect("years");
        assert_eq!(years.len(), 4);
        let mut sum = 0;
        for y in years {
            let parts: i64 = ["base", "sign_on", "bonus", "equity"]
                .iter()
                .map(|k| y[*k].as_i64().expect("minor units"))
                .sum();
            assert_eq!(y["total"].as_i64(), Some(parts), "{y}");
            sum += parts;
            assert_eq!(y["cumulative"].as_i64(), Some(sum), "{y}");
        }
    }
    let amazon = &offers[0]["years"];
    assert_eq!(amazon[0]["total"], 19_000_000);
    assert_eq!(amazon[0]["shares"], 50);
    assert_eq!(amazon[3]["cumulative"], 85_000_000);
    let be = &cmp["break_even"][0];
    assert_eq!(be["ahead"], "Startup");
    assert_eq!(be["behind"], "Amazon L6");
    assert_eq!(be["year"], 3, "{be}");

    // A 20% yearly rise moves the equity, not the cash.
    let up = json_ok(
        root,
        &[
            "offer",
            "compare",
            "Amazon L6",
            "--scenario",
            "20%",
            "--json",
        ],
    );
    let up_years = &up["offers"][0]["years"];
    assert_eq!(up["offers"].as_array().map(Vec::len), Some(1));
    assert!(
        up_years[0]["equity"].as_i64() > amazon[0]["equity"].as_i64(),
        "{up_years} vs {amazon}"
    );
    assert_eq!(up_years[0]["base"], amazon[0]["base"]);
    // `--growth` (the spelling) is the same as `--scenario`.
    let grown = json_ok(
        root,
        &["offer", "compare", "Amazon L6", "--growth", "20%", "--json"],
    );
    assert_eq!(grown["offers"], up["offers"]);

    let text = ok(root, &["offer", "compare"]);
    assert!(text.contains("catches up in year 3"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn compare_table_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    two_offers(root);
    let text = ok(root, &["offer", "compare", "--years", "4"]);
    insta::assert_snapshot!("offer_compare_two", text);
}

#[test]
fn bad_input_names_the_field_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let err = fails(root, &["offer", "add", "--name", "X", "--base", "abc"]);
    assert!(err.starts_with("error: base:"), "{err}");
    let err = fails(
        root,
        &[
            "offer",
            "add",
            "--name",
            "X",
            "--base",
            "1",
            "--vesting",
            "10,20",
        ],
    );
    assert!(err.contains("vesting"), "{err}");
    let err = fails(root, &["offer", "add", "--base", "150000"]);
    assert!(err.contains("name"), "{err}");
    let err = fails(
        root,
        &["offer", "add", "--name", "X", "--base", "abc", "--json"],
    );
    let v: Value = serde_json::from_str(err.trim()).expect("a JSON error under --json");
    assert!(
        v["error"].as_str().is_some_and(|e| e.contains("base")),
        "{v}"
    );
    assert!(offer_names(root).is_empty());

    two_offers(root);
    let err = fails(root, &["offer", "add", "--name", "startup", "--base", "1"]);
    assert!(err.contains("name") && err.contains("startup"), "{err}");
    assert_eq!(offer_names(root), ["Amazon L6", "Startup"]);

    let err = fails(root, &["offer", "show", "Nope"]);
    assert!(err.contains("Amazon L6, Startup"), "{err}");
    let err = fails(root, &["offer", "compare", "--years", "0"]);
    assert!(err.contains("years"), "{err}");
}

#[test]
fn rm_asks_unless_yes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    two_offers(root);
    // No terminal on standard input and no --yes: refused, nothing deleted.
    let err = fails(root, &["offer", "rm", "Startup"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(offer_names(root), ["Amazon L6", "Startup"]);
    let out = ok(root, &["offer", "rm", "Startup", "--yes"]);
    assert!(out.contains("Deleted offer \"Startup\""), "{out}");
    assert_eq!(offer_names(root), ["Amazon L6"]);
}

#[test]
fn brief_quotes_the_gap_and_a_measured_result_and_save_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    two_offers(root);
    ok(
        root,
        &[
            "story",
            "add",
            "--title",
            "Cut checkout errors",
            "--situation",
            "Checkout failed for 4% of orders after the payment migration.",
            "--action",
            "I traced the failures to a retry bug and shipped a fix with the payments team.",
            "--result",
            "Errors fell from 4% to 0.3% within two weeks.",
            "--principle",
            "ownership",
            "--status",
            "ready",
        ],
    );
    let brief = ok(root, &["offer", "brief", "Amazon L6"]);
    assert!(
        brief.starts_with("# Negotiation brief: Amazon L6"),
        "{brief}"
    );
    // Startup pays $10,000 more in year 1 (200,000 vs 190,000).
    assert!(brief.contains("$10,000 more in year one"), "{brief}");
    assert!(brief.contains("0.3%"), "the story's metric: {brief}");

    let v = json_ok(root, &["offer", "brief", "Amazon L6", "--json"]);
    assert_eq!(v["gap_year_1"], 1_000_000);
    assert_eq!(v["against"], "Startup");

    ok(root, &["offer", "brief", "Amazon L6", "--save"]);
    let shown = json_ok(root, &["offer", "show", "Amazon L6", "--json"]);
    assert!(
        shown["offer"]["notes"]
            .as_str()
            .is_some_and(|n| n.starts_with("# Negotiation brief")),
        "{shown}"
    );
    assert_eq!(shown["rev"], 2);
}
