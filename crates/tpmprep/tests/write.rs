//! `tpmprep write` through the real binary: critique a file (text and JSON, with harper's spelling
//! finding that goes when the word is fixed), a session typed line by line and finished, kill -9
//! mid-session losing no line entered, resume, list, show, history, rm, and the errors a candidate
//! would meet.

mod common;

use std::io::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{tpmprep, tpmprep_std};
use serde_json::Value;

fn run(root: &std::path::Path, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut cmd = tpmprep(root, args);
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_string());
    }
    let out = cmd.output().expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_ok(root: &std::path::Path, args: &[&str]) -> Value {
    let (ok, out, err) = run(root, args, None);
    assert!(ok, "{args:?} failed: {err}\n{out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
}

const PARAGRAPH: &str = "In March I recieved the escalation: 2,900 parcels a day reached a truck without a scannable label, almost 1% of volume.";

#[test]
fn critique_a_file_finds_the_misspelling_and_loses_it_when_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("narrative.md");
    std::fs::write(&file, PARAGRAPH).expect("write");
    let path = file.to_str().expect("utf-8 path");
    let v = json_ok(
        dir.path(),
        &[
            "write",
            "critique",
            path,
            "--prompt",
            "w-ownership",
            "--json",
        ],
    );
    let findings = v["findings"].as_array().expect("findings");
    let spelling: Vec<&Value> = findings
        .iter()
        .filter(|f| f["category"] == "spelling")
        .collect();
    assert_eq!(spelling.len(), 1, "{findings:?}");
    assert_eq!(spelling[0]["quote"], "recieved");
    let (s, e) = (
        spelling[0]["start"].as_u64().expect("start") as usize,
        spelling[0]["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&PARAGRAPH[s..e], "recieved");
    for key in ["overall", "words", "parts", "readability", "substance"] {
        assert!(v.get(key).is_some(), "no `{key}` in {v}");
    }
    assert_eq!(v["prompt"]["id"], "w-ownership");
    std::fs::write(&file, PARAGRAPH.replace("recieved", "received")).expect("write");
    let v = json_ok(dir.path(), &["write", "critique", path, "--json"]);
    assert!(
        !v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["category"] == "spelling"),
        "{v}"
    );
    // The text report says the same in words.
    let (ok, out, _) = run(dir.path(), &["write", "critique", "-"], Some(PARAGRAPH));
    assert!(ok);
    assert!(
        out.contains("Spelling (1)")
            && out.contains("“recieved”")
            && out.contains("Write \"received\"."),
        "{out}"
    );
}

#[test]
fn bad_input_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, _, err) = run(dir.path(), &["write", "critique", "/no/such/file.md"], None);
    assert!(!ok && err.contains("/no/such/file.md"), "{err}");
    let (ok, _, err) = run(
        dir.path(),
        &["write", "critique", "-", "--prompt", "w-nope"],
        Some("text"),
    );
    assert!(
        !ok && err.contains("unknown writing prompt `w-nope`") && err.contains("w-invention"),
        "{err}"
    );
    let (ok, _, err) = run(dir.path(), &["write", "start", "--no-wait"], None);
    assert!(!ok && err.contains("--random"), "{err}");
    let (ok, _, err) = run(
        dir.path(),
        &["write", "start", "w-failure", "--minutes", "0", "--no-wait"],
        None,
    );
    assert!(!ok && err.contains("minutes must be"), "{err}");
    let (ok, _, err) = run(
        dir.path(),
        &["write", "start", "--text", "   ", "--no-wait"],
        None,
    );
    assert!(!ok && err.contains("prompt is empty"), "{err}");
    let (ok, _, err) = run(dir.path(), &["write", "show", "99"], None);
    assert!(!ok && err.contains("99"), "{err}");
    let (ok, _, err) = run(dir.path(), &["write", "resume"], None);
    assert!(!ok && err.contains("no unfinished narrative"), "{err}");
    let (ok, _, err) = run(dir.path(), &["write", "rm", "5"], None);
    assert!(!ok && err.contains("no narrative 5"), "{err}");
}

#[test]
fn a_session_typed_line_by_line_is_saved_finished_and_kept_in_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v = json_ok(
        dir.path(),
        &[
            "write",
            "start",
            "w-failure",
            "--minutes",
            "30",
            "--no-wait",
            "--json",
        ],
    );
    let id = v["summary"]["id"].as_i64().expect("id");
    assert_eq!(v["summary"]["minutes"], 30);
    assert_eq!(v["seconds_left"], 1800);
    let script = format!(
        "{PARAGRAPH}\n\nI chose to pause the rollout instead of pushing on, and tickets fell from 640 to 90 a week.\n:words\nA line I take back.\n:undo\n:check\n:finish\n"
    );
    let (ok, out, err) = run(
        dir.path(),
        &["write", "resume", &id.to_string()],
        Some(&script),
    );
    assert!(ok, "{err}\n{out}");
    assert!(
        out.contains("left ·") && out.contains("words] >"),
        "the prompt line shows the clock and the words: {out}"
    );
    assert!(
        out.contains("pages (about 1000 words is two pages"),
        "{out}"
    );
    assert!(
        out.contains(&format!("Narrative #{id}")) && out.contains("Overall "),
        "{out}"
    );
    let shown = json_ok(dir.path(), &["write", "show", &id.to_string(), "--json"]);
    let body = shown["body"].as_str().expect("body");
    assert_eq!(
        body,
        format!(
            "{PARAGRAPH}\n\nI chose to pause the rollout instead of pushing on, and tickets fell from 640 to 90 a week."
        )
    );
    assert!(shown["report"]["overall"].as_u64().is_some(), "{shown}");
    assert!(shown["summary"]["finished_at"].as_i64().is_some());
    let list = json_ok(dir.path(), &["write", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(
        list[0]["words"].as_i64(),
        Some(body.split_whitespace().count() as i64)
    );
    let history = json_ok(dir.path(), &["write", "history", "w-failure", "--json"]);
    assert_eq!(history[0]["id"].as_i64(), Some(id));
    let (ok, out, _) = run(
        dir.path(),
        &["write", "show", &id.to_string(), "--export"],
        None,
    );
    assert!(
        ok && out.contains("> Describe a program that missed its goal"),
        "{out}"
    );
    let (ok, _, err) = run(dir.path(), &["write", "resume", &id.to_string()], Some(""));
    assert!(!ok && err.contains("is finished"), "{err}");
    let v = json_ok(dir.path(), &["write", "rm", &id.to_string(), "--json"]);
    assert_eq!(v["deleted"].as_i64(), Some(id));
    assert_eq!(
        json_ok(dir.path(), &["write", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn kill_9_mid_session_loses_no_line_entered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v = json_ok(
        dir.path(),
        &[
            "write",
            "start",
            "--text",
            "Describe a time you simplified a process.",
            "--no-wait",
            "--json",
        ],
    );
    let id = v["summary"]["id"].as_i64().expect("id");
    assert_eq!(v["summary"]["prompt_id"], Value::Null);
    let mut child = tpmprep_std(dir.path(), &["write", "resume"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "First line of the narrative.").expect("write");
    writeln!(stdin, "Second line, saved before the kill.").expect("write");
    stdin.flush().expect("flush");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = json_ok(dir.path(), &["write", "show", &id.to_string(), "--json"]);
        if v["body"]
            .as_str()
            .is_some_and(|b| b.ends_with("saved before the kill."))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the lines never reached the store: {v}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    write!(stdin, "half a line").expect("write");
    child.kill().expect("kill -9");
    let _ = child.wait();
    let v = json_ok(dir.path(), &["write", "show", &id.to_string(), "--json"]);
    assert_eq!(
        v["body"].as_str(),
        Some("First line of the narrative.\nSecond line, saved before the kill.")
    );
    // Resume shows the text so far and carries on.
    let (ok, out, err) = run(
        dir.path(),
        &["write", "resume"],
        Some("Third line.\n:pause\n"),
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Your text so far") && out.contains("Second line, saved before the kill."),
        "{out}"
    );
    let v = json_ok(dir.path(), &["write", "show", &id.to_string(), "--json"]);
    assert!(
        v["body"]
            .as_str()
            .is_some_and(|b| b.ends_with("Third line.")),
        "{v}"
    );
    assert!(v["summary"]["finished_at"].is_null());
}
