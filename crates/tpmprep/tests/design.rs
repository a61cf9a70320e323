//! `tpmprep design …` through the real binary: a session typed line by line on standard input, its
//! report as JSON, resume after kill -9 in the middle of typing, `design critique`, and the errors a
//! candidate would meet.

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{tpmprep, tpmprep_std};
use serde_json::Value;

/// Runs it; it must succeed. Standard output and error as text.
fn ok(mut cmd: assert_cmd::Command) -> (String, String) {
    let out = cmd.output().expect("run");
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "failed: {e}\n{o}");
    (o, e)
}

/// Runs it; it must fail. Standard error as text.
fn fails(mut cmd: assert_cmd::Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        !out.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The command with `text` on its standard input.
fn fed(mut cmd: assert_cmd::Command, text: &str) -> assert_cmd::Command {
    cmd.write_stdin(text.to_string());
    cmd
}

fn has(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "no `{p}` in:\n{text}");
    }
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(out)))
}

fn start(root: &std::path::Path, args: &[&str]) -> i64 {
    let mut all = vec!["design", "start"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--no-wait", "--json"]);
    let out = tpmprep(root, &all)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_of(&out)["summary"]["id"].as_i64().expect("id")
}

#[test]
fn a_session_typed_in_the_terminal_ends_with_a_six_objective_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = "\
We expect 100M daily users, each loading the feed 3 times: 300M requests a day, about 3.5k QPS average, 10k at peak.
:hint
:next
Events go to a stream; a daily job writes candidates to a key-value store; a ranker re-ranks per request.
:box Ranking service
:box Feature store
:flow Ranking service -> Feature store: fresh features
:next
Precompute offline vs rank online: precompute is cheap but stale, so I would re-rank the top 500 online.
:finish
7 6 5 6 4 7
";
    let out = tpmprep(
        dir.path(),
        &["design", "start", "recommendation-feed", "--json"],
    )
    .write_stdin(script)
    .assert()
    .success()
    .get_output()
    .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Hint (clarifying):"), "{stderr}");
    assert!(stderr.contains("Diagram: 2 boxes, 1 arrow"), "{stderr}");
    let v = json_of(&out.stdout);
    let report = &v["report"];
    let overall = report["overall"].as_u64().expect("overall");
    assert!(overall <= 100);
    let rows = report["objectives"].as_array().expect("objectives");
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["objective"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "practicality",
            "accuracy",
            "efficiency",
            "reliability",
            "optimization",
            "scalability"
        ]
    );
    let own: Vec<u64> = rows
        .iter()
        .map(|r| r["own"].as_u64().expect("own"))
        .collect();
    assert_eq!(own, [7, 6, 5, 6, 4, 7]);
    for r in rows {
        assert!(r["critic"].as_u64().expect("critic") <= 10);
        assert_eq!(
            r["critic"],
            report["critique"]["objectives"][r["objective"].as_str().unwrap_or("")]["score"],
            "the report's critic column is the critic's score"
        );
    }
    assert_eq!(report["hints"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["phases"][0]["words"].as_u64(), Some(22));
    assert!(
        report["reference"]["components"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    assert_eq!(
        v["diagram"]["arrows"][0]["label"].as_str(),
        Some("fresh features")
    );
    // The list and the text report say the same.
    let id = v["summary"]["id"].as_i64().expect("id");
    has(
        &ok(tpmprep(dir.path(), &["design", "list"])).0,
        &[&format!("#{id}"), &format!("{overall:>3}/100")],
    );
    has(
        &ok(tpmprep(dir.path(), &["design", "show", &id.to_string()])).0,
        &[
            "Objective         critic   you",
            "Hints used (1)",
            "The prompt's reference points",
        ],
    );
    has(
        &ok(tpmprep(
            dir.path(),
            &["design", "show", &id.to_string(), "--export"],
        ))
        .0,
        &["Ranking service → Feature store: fresh features"],
    );
}

#[test]
fn kill_9_while_typing_loses_no_line_entered_and_resume_stands_where_it_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = start(
        dir.path(),
        &["--text", "Design a URL shortener for 100M links a month"],
    );
    let mut child = tpmprep_std(dir.path(), &["design", "resume"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(
        stdin,
        "Writes: 100M a month is about 40 a second; reads 100x that."
    )
    .expect("write");
    writeln!(stdin, ":next").expect("write");
    writeln!(stdin, "A key-value store keyed by the short code.").expect("write");
    stdin.flush().expect("flush");
    // Wait until the last line is in the store, then kill mid-session (a line half typed is the
    // terminal's until Enter).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let out = tpmprep(dir.path(), &["design", "show", &id.to_string(), "--json"])
            .output()
            .expect("show");
        let v = json_of(&out.stdout);
        if v["notes"]["high-level"]["body"].as_str()
            == Some("A key-value store keyed by the short code.")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the lines typed never reached the store: {v}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    write!(stdin, "half a line").expect("write");
    child.kill().expect("kill -9");
    let _ = child.wait();
    let v = json_of(
        &tpmprep(dir.path(), &["design", "show", &id.to_string(), "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(
        v["notes"]["clarify"]["body"].as_str(),
        Some("Writes: 100M a month is about 40 a second; reads 100x that.")
    );
    assert_eq!(
        v["clock"]["current"].as_u64(),
        Some(1),
        "the session stands in the second phase"
    );
    // Resume goes on in the second phase with the notes so far shown.
    has(
        &ok(fed(
            tpmprep(dir.path(), &["design", "resume", &id.to_string()]),
            "Reads go through a cache.\n:pause\n",
        ))
        .0,
        &[
            "== High-level design",
            "Your notes so far in this phase",
            "Paused; everything is saved",
        ],
    );
    let v = json_of(
        &tpmprep(dir.path(), &["design", "show", &id.to_string(), "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    assert_eq!(
        v["notes"]["high-level"]["body"].as_str(),
        Some("A key-value store keyed by the short code.\nReads go through a cache.")
    );
    // Finishing from the command line, with a rating.
    let done = json_of(
        &tpmprep(
            dir.path(),
            &[
                "design",
                "finish",
                &id.to_string(),
                "--rate",
                "5,5,5,5,5,5",
                "--json",
            ],
        )
        .assert()
        .success()
        .get_output()
        .stdout,
    );
    assert!(done["summary"]["finished_at"].as_i64().is_some());
    assert!(
        done["report"]["reference"].is_null(),
        "an own prompt has no reference points"
    );
    has(
        &fails(tpmprep(dir.path(), &["design", "resume", &id.to_string()])),
        &["is finished; see its report with `tpmprep design show"],
    );
}

#[test]
fn bad_input_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    has(
        &fails(tpmprep(
            dir.path(),
            &["design", "start", "no-such-prompt", "--no-wait"],
        )),
        &["unknown design prompt `no-such-prompt`"],
    );
    has(
        &fails(tpmprep(dir.path(), &["design", "start", "--no-wait"])),
        &["--random or --text"],
    );
    has(
        &fails(tpmprep(
            dir.path(),
            &[
                "design",
                "start",
                "--random",
                "--minutes-scale",
                "0",
                "--no-wait",
            ],
        )),
        &["--minutes-scale must be a number above 0"],
    );
    has(
        &fails(tpmprep(
            dir.path(),
            &[
                "design",
                "start",
                "--random",
                "--phases",
                "clarify=x",
                "--no-wait",
            ],
        )),
        &["phase minutes `clarify=x`"],
    );
    has(
        &fails(tpmprep(dir.path(), &["design", "resume"])),
        &["no unfinished design session"],
    );
    has(
        &fails(tpmprep(dir.path(), &["design", "show", "41"])),
        &["design session 41 not found"],
    );
    let id = start(dir.path(), &["--random", "--minutes-scale", "0.1"]);
    has(
        &fails(tpmprep(
            dir.path(),
            &[
                "design",
                "finish",
                &id.to_string(),
                "--rate",
                "5,5,11,5,5,5",
            ],
        )),
        &["efficiency: 11 is not a score from 0 to 10"],
    );
    has(
        &fails(tpmprep(
            dir.path(),
            &["design", "finish", &id.to_string(), "--rate", "5,5"],
        )),
        &["--rate needs six scores"],
    );
    // A line typed that is an unknown command is said so, not saved as notes.
    has(
        &ok(fed(
            tpmprep(dir.path(), &["design", "resume", &id.to_string()]),
            ":frobnicate\n:box \n:flow A to B\n:pause\n",
        ))
        .0,
        &[
            "Unknown command `:frobnicate`",
            "Not changed: a box needs a name",
            "write a flow as `:flow A -> B: what flows`",
        ],
    );
}

#[test]
fn design_critique_reads_a_file_and_names_what_it_cannot_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("design.md");
    std::fs::write(
        &file,
        "## Clarify\n\n50M daily users, 20 actions each: 1B a day, about 12k QPS on average and 36k at peak.\n\n\
         ## Trade-offs\n\nI chose a key-value store over SQL because the reads are by key; the cost is no joins.\n",
    )
    .expect("write");
    let v = json_of(
        &tpmprep(
            dir.path(),
            &["design", "critique", file.to_str().expect("path"), "--json"],
        )
        .assert()
        .success()
        .get_output()
        .stdout,
    );
    assert!(v["overall"].as_u64().is_some_and(|o| o <= 100));
    for key in [
        "practicality",
        "accuracy",
        "efficiency",
        "reliability",
        "optimization",
        "scalability",
    ] {
        assert!(
            v["objectives"][key]["score"]
                .as_u64()
                .is_some_and(|s| s <= 10),
            "{key}: {v}"
        );
    }
    has(
        &fails(tpmprep(dir.path(), &["design", "critique", "missing.md"])),
        &["cannot open missing.md"],
    );
    std::fs::write(dir.path().join("bin.md"), [0xff, 0xfe, 0x00]).expect("write");
    has(
        &fails(tpmprep(
            dir.path(),
            &[
                "design",
                "critique",
                dir.path().join("bin.md").to_str().expect("path"),
            ],
        )),
        &["not UTF-8 text"],
    );
    has(
        &fails(tpmprep(
            dir.path(),
            &[
                "design",
                "critique",
                file.to_str().expect("path"),
                "--prompt",
                "nope",
            ],
        )),
        &["unknown design prompt `nope`"],
    );
}
