//! `tpmprep plan`, `tpmprep drill` and `tpmprep status` through the real binary: a plan made from a
//! date and hours with its JSON, .ics and Markdown; skips, moves and ticks; drills graded with FSRS
//! intervals that respond to the grades and to the interview date; the Anki export; readiness; and
//! the errors a candidate would meet.

mod common;

use std::collections::BTreeSet;

use common::tpmprep;
use serde_json::Value;

fn json_ok(root: &std::path::Path, args: &[&str]) -> Value {
    let out = tpmprep(root, args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn text_ok(root: &std::path::Path, args: &[&str]) -> String {
    let out = tpmprep(root, args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(root: &std::path::Path, args: &[&str]) -> String {
    let out = tpmprep(root, args).output().expect("run");
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tasks(plan: &Value) -> Vec<Value> {
    plan["plan"]["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .flat_map(|w| w["tasks"].as_array().expect("tasks").clone())
        .collect()
}

const TODAY: &str = "2026-12-07";
const LOOP: &str = "2027-01-18";

#[test]
fn a_plan_from_a_date_and_hours_stays_inside_them_and_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let none = json_ok(root, &["plan", "--json"]);
    assert_eq!(none["plan"], Value::Null);
    assert_eq!(none["needs"], "interview_date");
    assert!(text_ok(root, &["plan"]).contains("--interview-date"));

    let ics = root.join("plan.ics");
    let ics_arg = ics.to_str().expect("utf-8 path");
    let md = root.join("plan.md");
    let plan = json_ok(
        root,
        &[
            "plan",
            "--interview-date",
            LOOP,
            "--hours-per-week",
            "10",
            "--days-off",
            "sun",
            "--today",
            TODAY,
            "--ics",
            ics_arg,
            "--markdown",
            md.to_str().expect("utf-8 path"),
            "--json",
        ],
    );
    let all = tasks(&plan);
    assert!(all.len() >= 10, "{plan}");
    for t in &all {
        for field in ["title", "kind", "hours", "date", "key"] {
            assert!(!t[field].is_null(), "no {field} in {t}");
        }
        let date = t["date"].as_str().expect("date");
        assert!(date >= TODAY && date < LOOP, "{t}");
    }
    for w in plan["plan"]["weeks"].as_array().expect("weeks") {
        let sum: f64 = w["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .map(|t| t["hours"].as_f64().expect("hours"))
            .sum();
        assert!(sum <= 10.0 + 1e-3, "week over its hours: {w}");
    }
    assert!(plan["plan"]["dropped"].is_array());
    // Six weeks at ten hours is under the 60-hour floor: the plan says so.
    assert_eq!(
        plan["plan"]["below_floor"], true,
        "{}",
        plan["plan"]["notes"]
    );
    let kinds: BTreeSet<&str> = all.iter().filter_map(|t| t["kind"].as_str()).collect();
    for k in ["mock", "story", "writing"] {
        assert!(kinds.contains(k), "no {k} task: {kinds:?}");
    }

    // The settings were saved: the plan comes back without flags.
    let again = json_ok(root, &["plan", "--today", TODAY, "--json"]);
    assert_eq!(again["plan"], plan["plan"]);
    assert_eq!(again["settings"]["hours_per_week"], 10.0);

    let body = std::fs::read_to_string(&ics).expect("ics written");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), all.len());
    let uids: BTreeSet<&str> = body.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), all.len(), "UIDs are unique");
    // A second export keeps the UIDs, so a calendar updates rather than duplicates.
    text_ok(root, &["plan", "--today", TODAY, "--ics", ics_arg]);
    let body2 = std::fs::read_to_string(&ics).expect("ics written");
    let uids2: BTreeSet<&str> = body2.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids, uids2);
    let markdown = std::fs::read_to_string(&md).expect("markdown written");
    assert!(markdown.contains("## Week 1"), "{markdown}");
    assert!(markdown.contains("- [ ]"), "{markdown}");
}

#[test]
fn tasks_are_skipped_moved_ticked_and_reset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let plan = json_ok(
        root,
        &[
            "plan",
            "--interview-date",
            LOOP,
            "--hours-per-week",
            "15",
            "--today",
            TODAY,
            "--json",
        ],
    );
    let all = tasks(&plan);
    let mock = all
        .iter()
        .find(|t| t["kind"] == "mock")
        .expect("a mock task");
    let key = mock["key"].as_str().expect("key");

    let skipped = json_ok(root, &["plan", "skip", key, "--today", TODAY, "--json"]);
    assert!(tasks(&skipped).iter().all(|t| t["key"] != key));
    assert!(
        skipped["plan"]["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .any(|t| t["key"] == key),
        "{}",
        skipped["plan"]["skipped"]
    );

    let moved = json_ok(
        root,
        &[
            "plan",
            "move",
            key,
            "2026-12-10",
            "--today",
            TODAY,
            "--json",
        ],
    );
    let t = tasks(&moved)
        .into_iter()
        .find(|t| t["key"] == key)
        .expect("moved task planned");
    assert_eq!(t["date"], "2026-12-10");

    let e = fails(root, &["plan", "move", key, "2027-02-01", "--today", TODAY]);
    assert!(e.contains("2027-02-01"), "{e}");
    let after = json_ok(root, &["plan", "--today", TODAY, "--json"]);
    let still = tasks(&after)
        .into_iter()
        .find(|t| t["key"] == key)
        .expect("still planned");
    assert_eq!(
        still["date"], "2026-12-10",
        "a refused move changes nothing"
    );

    let done = json_ok(root, &["plan", "done", key, "--today", TODAY, "--json"]);
    assert!(
        done["plan"]["done"]
            .as_array()
            .expect("done")
            .iter()
            .any(|t| t["key"] == key)
    );
    let reset = json_ok(root, &["plan", "reset", key, "--today", TODAY, "--json"]);
    assert!(tasks(&reset).iter().any(|t| t["key"] == key));

    let e = fails(root, &["plan", "skip", "no-such-task", "--today", TODAY]);
    assert!(e.contains("no-such-task"), "{e}");
}

#[test]
fn bad_plan_inputs_name_the_field_and_save_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for (args, needle) in [
        (vec!["--interview-date", "2027-02-30"], "interview_date"),
        (
            vec!["--interview-date", LOOP, "--hours-per-week", "0"],
            "hours_per_week",
        ),
        (
            vec!["--interview-date", LOOP, "--hours-per-week", "200"],
            "hours_per_week",
        ),
        (
            vec!["--interview-date", LOOP, "--days-off", "caturday"],
            "caturday",
        ),
        (vec!["--interview-date", LOOP, "--level", "L9"], "level"),
        (vec!["--today", "soon"], "--today"),
    ] {
        let mut all = vec!["plan"];
        all.extend(args.iter().copied());
        let e = fails(root, &all);
        assert!(e.contains(needle), "{all:?}: {e}");
    }
    // None of those saved anything: there is still no plan.
    assert_eq!(json_ok(root, &["plan", "--json"])["plan"], Value::Null);
    // An interview date already past gets a plain refusal, not a plan.
    let e = fails(
        root,
        &["plan", "--interview-date", "2026-12-01", "--today", TODAY],
    );
    assert!(e.to_lowercase().contains("interview"), "{e}");
}

#[test]
fn drills_follow_fsrs_and_the_interview_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let empty = json_ok(root, &["drill", "next", "--json"]);
    assert_eq!(empty["card"], Value::Null);
    assert!(
        empty["message"]
            .as_str()
            .expect("message")
            .contains("drill add")
    );

    let added = json_ok(root, &["drill", "add", "--weakest", "5", "--json"]);
    let ids: Vec<i64> = added["added"]
        .as_array()
        .expect("added")
        .iter()
        .map(|v| v.as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 5);
    // Adding the same questions again adds nothing new.
    let again = json_ok(root, &["drill", "add", "--weakest", "5", "--json"]);
    let more: Vec<i64> = again["added"]
        .as_array()
        .expect("added")
        .iter()
        .map(|v| v.as_i64().expect("id"))
        .collect();
    assert!(more.iter().all(|id| !ids.contains(id)), "{ids:?} {more:?}");

    let t0 = "2026-12-07T09:00:00Z";
    let next = json_ok(root, &["drill", "next", "--now", t0, "--json"]);
    let id = next["card"]["id"].as_i64().expect("card id");
    assert!(
        !next["card"]["question"]
            .as_str()
            .expect("question")
            .is_empty()
    );
    let id_s = id.to_string();

    let first = json_ok(
        root,
        &["drill", "grade", &id_s, "good", "--now", t0, "--json"],
    );
    for f in ["due", "interval_days", "stability", "difficulty"] {
        assert!(!first[f].is_null(), "no {f}: {first}");
    }
    let i1 = first["interval_days"].as_f64().expect("interval");
    // The next review on its due day, graded Good again: the interval grows.
    let due1 = first["due"].as_str().expect("due").to_string();
    let second = json_ok(
        root,
        &["drill", "grade", &id_s, "good", "--now", &due1, "--json"],
    );
    let i2 = second["interval_days"].as_f64().expect("interval");
    assert!(i2 > i1, "Good twice: {i1} then {i2}");
    let due2 = second["due"].as_str().expect("due").to_string();
    let lapse = json_ok(
        root,
        &["drill", "grade", &id_s, "again", "--now", &due2, "--json"],
    );
    let i3 = lapse["interval_days"].as_f64().expect("interval");
    assert!(i3 < i2, "Again after Good: {i2} then {i3}");
    assert_eq!(lapse["lapses"], 1);

    // With the loop ten days away no card is scheduled past it.
    text_ok(
        root,
        &[
            "plan",
            "--interview-date",
            "2026-12-17",
            "--today",
            "2026-12-07",
        ],
    );
    let other = ids.iter().find(|x| **x != id).expect("another card");
    let capped = json_ok(
        root,
        &[
            "drill",
            "grade",
            &other.to_string(),
            "easy",
            "--now",
            t0,
            "--json",
        ],
    );
    let due = capped["due"].as_str().expect("due");
    assert!(
        due < "2026-12-17",
        "due {due} is not before the interview: {capped}"
    );

    let stats = json_ok(root, &["drill", "stats", "--now", t0, "--json"]);
    assert_eq!(stats["total"], 5 + more.len() as i64, "{stats}");
    assert!(stats["forecast"].as_array().expect("forecast").len() <= 10);

    let e = fails(root, &["drill", "grade", "999999", "good"]);
    assert!(e.contains("999999"), "{e}");
    let e = fails(
        root,
        &["drill", "grade", &id_s, "good", "--now", "yesterday"],
    );
    assert!(e.contains("RFC 3339"), "{e}");
}

#[test]
fn an_anki_export_and_readiness() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    json_ok(
        root,
        &[
            "drill",
            "add",
            "--front",
            "Tell me about a time you\tsaid \"no\"",
            "--back",
            "Line one\nline two",
            "--principle",
            "customer-obsession",
            "--json",
        ],
    );
    let file = root.join("cards.tsv");
    text_ok(
        root,
        &["drill", "export", file.to_str().expect("utf-8 path")],
    );
    let tsv = std::fs::read_to_string(&file).expect("tsv");
    assert!(tsv.contains("#separator:tab"), "{tsv}");
    assert!(tsv.contains("#tags column:3"), "{tsv}");
    assert!(tsv.contains("customer-obsession"), "{tsv}");

    let status = json_ok(root, &["status", "--json"]);
    let r = &status["readiness"];
    let score = r["score"].as_u64().expect("score");
    assert!(score <= 100);
    let parts = r["parts"].as_array().expect("parts");
    let weights: u64 = parts
        .iter()
        .map(|p| p["weight"].as_u64().expect("weight"))
        .sum();
    assert_eq!(weights, 100);
    assert!(
        parts
            .iter()
            .any(|p| p["has_data"] == false
                && p["detail"].as_str().expect("detail").contains("No data")),
        "{r}"
    );
    assert!(!r["raise_most"].as_str().expect("raise_most").is_empty());
    let text = text_ok(root, &["status"]);
    assert!(text.contains("Readiness:"), "{text}");
}

#[test]
fn a_drill_session_typed_in_the_terminal_saves_each_grade() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    json_ok(root, &["drill", "add", "--weakest", "2", "--json"]);
    // Card one: a typed answer, Enter takes the suggested grade. Card two: graded by hand. Then the
    // input ends: the session stops and says how many were saved.
    let script = "I led the migration of 40 services; I chose a phased cutover over a big bang, which cost two weeks, and cut incidents from 9 to 2 a quarter.\n\n\n\nh\n";
    let out = tpmprep(root, &["drill", "start", "--now", "2026-12-07T09:00:00Z"])
        .write_stdin(script)
        .output()
        .expect("run");
    let o = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{o}");
    assert!(o.contains("Critic:"), "{o}");
    assert!(o.contains("2 review(s) saved"), "{o}");
    let cards = json_ok(root, &["drill", "list", "--json"]);
    let reviewed = cards
        .as_array()
        .expect("cards")
        .iter()
        .filter(|c| !c["memory"].is_null())
        .count();
    assert_eq!(reviewed, 2);
}
