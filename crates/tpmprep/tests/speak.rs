//! `tpmprep speak` through the real binary, in a temp data dir: every fixture format analysed
//! (the JSON's top-level figures and the critique), a pack question named, malformed files refused
//! at their line with nothing kept, plain text without a duration, list / show / rm, and
//! transcripts taken as answers by a scripted mock and by `drill grade --answer`.

mod common;

use std::path::{Path, PathBuf};

use common::tpmprep;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../speech/tests/fixtures")
        .join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn run(root: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = tpmprep(root, args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(root, args);
    assert_eq!(code, Some(0), "{args:?} failed: {err}\n{out}");
    out
}

fn json_ok(root: &Path, args: &[&str]) -> Value {
    let out = ok(root, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

/// `args` must fail with exit code 1 (bad input, as every command's errors); its standard error.
fn fails(root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(root, args);
    assert_eq!(code, Some(1), "{args:?} should fail: {err}\n{out}");
    err
}

fn kept(root: &Path) -> Vec<Value> {
    json_ok(root, &["speak", "list", "--json"])
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn every_format_gives_the_figures_at_the_top_and_the_critique() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let cases: [(&str, &[&str], &str, usize); 6] = [
        ("answer.srt", &[], "srt", 2),
        ("answer.vtt", &[], "vtt", 2),
        ("answer.whisper.json", &[], "whisper", 2),
        ("answer.crlf.srt", &[], "srt", 2),
        ("answer.bom.vtt", &[], "vtt", 2),
        ("answer.txt", &["--duration", "1:35"], "text", 0),
    ];
    for (n, (name, extra, format, pauses)) in cases.iter().enumerate() {
        let f = fixture(name);
        let mut args = vec!["speak", "analyze", s(&f), "--json"];
        args.extend_from_slice(extra);
        let j = json_ok(root, &args);
        assert_eq!(j["id"], n as i64 + 1, "{name}: kept with an id");
        assert_eq!(j["context"], "speak", "{name}");
        assert_eq!(j["format"], *format, "{name}");
        assert_eq!(j["words"], 205, "{name}");
        let wpm = j["wpm"].as_f64().expect("wpm");
        assert!((120.0..150.0).contains(&wpm), "{name}: wpm {wpm}");
        assert!(
            j["duration_seconds"].as_f64().expect("duration") > 85.0,
            "{name}"
        );
        assert!(j["fillers"].as_u64().expect("fillers") >= 3, "{name}");
        assert!(j["fillers_per_minute"].as_f64().is_some(), "{name}");
        let p = j["pauses"].as_array().expect("pauses");
        assert_eq!(p.len(), *pauses, "{name}: {p:?}");
        assert!(
            p.iter()
                .all(|p| p["seconds"].as_f64().expect("seconds") >= 1.5)
        );
        let w = j["windows"].as_array().expect("windows");
        assert_eq!(w.len(), 3, "{name}: 30-second windows");
        let in_windows: u64 = w.iter().map(|w| w["words"].as_u64().expect("words")).sum();
        assert_eq!(in_windows, 205, "{name}");
        assert!(
            j["critique"]["overall"].as_u64().is_some(),
            "{name}: critique"
        );
        assert_eq!(j["critique"]["overall"], j["score"], "{name}");
        assert!(!j["summary"].as_array().expect("summary").is_empty());
    }
    assert_eq!(kept(root).len(), 6);
}

#[test]
fn the_text_report_reads_in_order_and_says_where_it_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let f = fixture("answer.srt");
    let out = ok(root, &["speak", "analyze", s(&f)]);
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{out}"))
    };
    assert!(at("Content:") < at("Pace per 30 seconds"));
    assert!(at("Pace per 30 seconds") < at("Fillers"));
    assert!(out.contains("a floor"), "{out}");
    assert!(at("Long pauses") < at("\nTalk time  "));
    assert!(at("Time in each STAR part") < at("Critique of the words"));
    assert!(out.contains("/100 · "), "the critique's scorecard: {out}");
    assert!(
        out.trim_end()
            .ends_with("Kept as transcript 1 — `tpmprep speak show 1`"),
        "{out}"
    );
    // show prints the same report again; --source the file as brought.
    let again = ok(root, &["speak", "show", "1"]);
    assert!(again.contains("Pace per 30 seconds") && again.contains("/100 · "));
    let source = ok(root, &["speak", "show", "1", "--source"]);
    let brought = std::fs::read_to_string(&f).expect("fixture");
    assert_eq!(source.trim_end(), brought.trim_end());
}

#[test]
fn a_pack_question_is_named_in_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let f = fixture("answer.vtt");
    let j = json_ok(
        root,
        &[
            "speak",
            "analyze",
            s(&f),
            "--question-id",
            "b-is-new-approach-failed",
            "--json",
        ],
    );
    assert_eq!(j["question"]["id"], "b-is-new-approach-failed");
    assert!(j["critique"]["question"].is_object(), "{}", j["critique"]);
    let e = fails(
        root,
        &[
            "speak",
            "analyze",
            s(&f),
            "--question-id",
            "no-such-question",
        ],
    );
    assert!(e.contains("no-such-question"), "{e}");
    assert_eq!(kept(root).len(), 1, "the unknown question kept nothing");
}

#[test]
fn malformed_files_name_the_file_and_line_and_keep_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for (name, line) in [
        ("bad-timing.srt", 6),
        ("bad-end-before-start.vtt", 6),
        ("bad-header.vtt", 1),
        ("bad-syntax.whisper.json", 4),
        ("bad-no-times.whisper.json", 4),
    ] {
        let f = fixture(name);
        let e = fails(root, &["speak", "analyze", s(&f)]);
        assert!(e.contains(&format!("{name}: line {line}:")), "{name}: {e}");
        let j = fails(root, &["speak", "analyze", s(&f), "--json"]);
        let doc: Value = serde_json::from_str(j.trim()).expect("a JSON error");
        assert!(doc["error"].as_str().expect("error").contains(name), "{j}");
    }
    let txt = fixture("answer.txt");
    let e = fails(root, &["speak", "analyze", s(&txt)]);
    assert!(e.contains("answer.txt") && e.contains("--duration"), "{e}");
    let e = fails(root, &["speak", "analyze", s(&txt), "--duration", "soon"]);
    assert!(e.contains("duration"), "{e}");
    let e = fails(root, &["speak", "analyze", s(&root.join("missing.srt"))]);
    assert!(e.contains("missing.srt"), "{e}");
    assert!(kept(root).is_empty(), "nothing kept after refusals");
    let empty = ok(root, &["speak", "list"]);
    assert!(
        empty.contains("speak analyze"),
        "says how to bring one: {empty}"
    );
}

#[test]
fn no_save_and_stdin_keep_nothing_and_guess_the_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let srt = std::fs::read_to_string(fixture("answer.srt")).expect("fixture");
    let out = tpmprep(root, &["speak", "analyze", "-", "--no-save", "--json"])
        .write_stdin(srt)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(j["format"], "srt");
    assert_eq!(j["words"], 205);
    assert!(j.get("id").is_none(), "not kept, so no id: {j}");
    assert!(kept(root).is_empty());
}

#[test]
fn list_show_and_rm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let f = fixture("answer.whisper.json");
    json_ok(root, &["speak", "analyze", s(&f), "--json"]);
    let list = kept(root);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "answer.whisper.json");
    assert_eq!(list[0]["words"], 205);
    let table = ok(root, &["speak", "list"]);
    assert!(
        table.contains("answer.whisper.json") && table.contains("1:31"),
        "{table}"
    );
    let shown = json_ok(root, &["speak", "show", "1", "--json"]);
    assert_eq!(shown["id"], 1);
    assert_eq!(shown["words"], 205);
    assert!(shown.get("source").is_none());
    let with_source = json_ok(root, &["speak", "show", "1", "--source", "--json"]);
    assert!(
        with_source["source"]
            .as_str()
            .expect("source")
            .contains("segments")
    );
    // Without a terminal and without --yes, rm refuses and keeps it.
    let e = fails(root, &["speak", "rm", "1"]);
    assert!(e.contains("--yes"), "{e}");
    assert_eq!(kept(root).len(), 1);
    let gone = json_ok(root, &["speak", "rm", "1", "--yes", "--json"]);
    assert_eq!(gone["deleted"]["id"], 1);
    assert!(kept(root).is_empty());
    let e = fails(root, &["speak", "show", "1"]);
    assert!(e.contains('1'), "{e}");
}

#[test]
fn a_mock_answer_given_as_a_transcript_is_kept_with_the_mock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let srt = std::fs::read_to_string(fixture("answer.srt")).expect("fixture");
    let answers = root.join("answers.txt");
    std::fs::write(
        &answers,
        format!("{srt}\n---\nI would cut the reporting work first.\n"),
    )
    .expect("write");
    let out = ok(
        root,
        &[
            "mock",
            "phone-screen",
            "--seed",
            "7",
            "--minutes-scale",
            "0.5",
            "--answers",
            s(&answers),
        ],
    );
    assert!(out.contains("Spoken: 1:31, 135 wpm (comfortable)"), "{out}");
    assert!(
        !out.contains("-->"),
        "the words are the answer, not the SRT: {out}"
    );
    let list = kept(root);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["context"], "mock");
    assert_eq!(list[0]["context_id"], 1);
    assert_eq!(
        list[0]["question_id"], "sd-config-store-failing-pipelines",
        "the prompt's pack question"
    );
    let mock = json_ok(root, &["mock", "show", "1", "--json"]);
    let first = mock["interviews"][0]["questions"][0]["answer"]
        .as_str()
        .expect("first answer");
    assert!(first.starts_with("So, um, last year"), "{mock}");

    // A bad transcript in the answers file stops the mock before it starts.
    let bad = std::fs::read_to_string(fixture("bad-timing.srt")).expect("fixture");
    std::fs::write(&answers, bad).expect("write");
    let e = fails(root, &["mock", "phone-screen", "--answers", s(&answers)]);
    assert!(e.contains("line 6"), "{e}");
    let mocks = json_ok(root, &["mock", "list", "--json"]);
    assert_eq!(mocks.as_array().map(Vec::len), Some(1), "{mocks}");
}

#[test]
fn a_drill_answer_file_that_is_a_transcript_is_kept_with_the_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let added = json_ok(
        root,
        &[
            "drill",
            "add",
            "--question",
            "b-is-new-approach-failed",
            "--json",
        ],
    );
    let id = added["added"][0].as_i64().expect("card id");
    let id_s = id.to_string();
    let f = fixture("answer.srt");
    let out = ok(root, &["drill", "check", &id_s, s(&f)]);
    assert!(out.contains("Spoken: 1:31"), "{out}");
    let g = json_ok(
        root,
        &["drill", "grade", &id_s, "good", "--answer", s(&f), "--json"],
    );
    assert!(g.is_object(), "{g}");
    let list = kept(root);
    assert_eq!(list.len(), 2);
    assert!(
        list.iter()
            .all(|t| t["context"] == "drill" && t["context_id"] == id)
    );
    assert!(
        list.iter()
            .all(|t| t["question_id"] == "b-is-new-approach-failed"),
        "{list:?}"
    );
    // A bad transcript is refused at its line, and nothing is graded or kept.
    let bad = fixture("bad-timing.srt");
    let e = fails(
        root,
        &["drill", "grade", &id_s, "good", "--answer", s(&bad)],
    );
    assert!(e.contains("bad-timing.srt: line 6"), "{e}");
    assert_eq!(kept(root).len(), 2);
}
