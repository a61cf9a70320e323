//! `tpmprep critique` through the real binary: the JSON contract, the scorecard, questions from the pack,
//! stored stories, stdin, and résumé mode.

use std::io::Write;
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::Value;

mod common;

const WEAK: &str = "I was responsible for the checkout project. We worked on improving the user experience \
and it was very successful. We basically kind of fixed a lot of things.";

const STRONG: &str = "Sellers were abandoning checkout during our peak sale because p99 latency had climbed \
to 1.4 seconds. I owned the recovery plan across the Payments, Fraud and Mobile teams. I traced the slow path \
with Priya, the payments engineering manager, and found two synchronous fraud calls. The fraud lead pushed back \
on making them asynchronous, so I proposed a canary at 5% with an automatic rollback plan, and he agreed. I \
decided to defer the saved-cards redesign by one sprint instead of asking for weekend work, which protected the \
team's on-call load. As a result, p99 fell from 1.4 s to 480 ms and abandonment dropped from 9% to 6% within two \
weeks. I wrote the post-mortem, and next time I would load-test the fraud path before the freeze.";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn cmd(&self, args: &[&str]) -> Command {
        common::tpmprep(self.dir.path(), args)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_str().expect("utf-8").to_string()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("json")
    }
}

#[test]
fn json_contract_has_every_documented_field() {
    let env = Env::new();
    let f = env.file("a.txt", STRONG);
    let c = env.json(&[
        "critique",
        &f,
        "--question-id",
        "b-co-feedback-vs-metrics",
        "--json",
    ]);
    assert!(c["overall"].as_u64().is_some_and(|n| n <= 100));
    assert!(["strong", "mixed", "weak"].contains(&c["verdict"].as_str().expect("verdict")));
    for d in [
        "structure",
        "metrics",
        "judgment",
        "ownership",
        "scope",
        "collaboration",
        "specificity",
        "delivery",
    ] {
        assert!(
            c["dimensions"][d]["score"]
                .as_u64()
                .is_some_and(|n| n <= 10),
            "{d}"
        );
        assert!(c["dimensions"][d]["evidence"].is_array(), "{d}");
    }
    for k in [
        "business_goal",
        "engineering_collaboration",
        "measurable_outcome",
    ] {
        assert!(
            c["stakeholder_alignment"][k]
                .as_u64()
                .is_some_and(|n| (1..=10).contains(&n)),
            "{k}"
        );
    }
    assert!(c["impact_scope_ownership"]["customer_problem"].is_boolean());
    assert!(
        c["impact_scope_ownership"]["orgs_aligned"]
            .as_u64()
            .is_some()
    );
    let principles = c["principles"].as_array().expect("principles");
    assert_eq!(principles.len(), 16);
    assert!(principles[0]["spans"].is_array() && principles[0]["score"].is_number());
    // A pack question: its principles, ranked, main one first.
    assert_eq!(c["question"]["principles"][0]["id"], "customer-obsession");
    assert!(c["question"]["kind"].is_string());
    for f in c["findings"].as_array().expect("findings") {
        for k in [
            "dimension",
            "severity",
            "start",
            "end",
            "quote",
            "message",
            "suggestion",
        ] {
            assert!(f.get(k).is_some(), "finding lacks {k}");
        }
        let (s, e) = (
            f["start"].as_u64().expect("start") as usize,
            f["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&STRONG[s..e], f["quote"].as_str().expect("quote"));
    }
}

#[test]
fn strong_answer_beats_weak_and_findings_quote_the_weak_sentence() {
    let env = Env::new();
    let weak = env.json(&["critique", &env.file("w.txt", WEAK), "--json"]);
    let strong = env.json(&["critique", &env.file("s.txt", STRONG), "--json"]);
    assert!(strong["overall"].as_u64() > weak["overall"].as_u64());
    assert_eq!(weak["verdict"], "weak");
    let findings = weak["findings"].as_array().expect("findings");
    assert!(findings.iter().any(
        |f| f["quote"] == "I was responsible for the checkout project."
            && f["dimension"] == "judgment"
    ));
    assert!(
        findings.iter().any(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.contains("improving the user experience")
                || m.contains("improved user experience")
                || m.contains("very successful")))
    );
    assert!(
        findings
            .iter()
            .any(|f| f["dimension"] == "metrics" && f["severity"] == "miss")
    );
}

#[test]
fn scorecard_is_plain_text_when_not_a_terminal() {
    let env = Env::new();
    let out = env.ok(&[
        "critique",
        &env.file("w.txt", WEAK),
        "--question",
        "Tell me about a time you failed.",
    ]);
    assert!(
        !out.contains('\u{1b}'),
        "no colour codes when stdout is not a terminal"
    );
    assert!(out.contains("/100 · weak"));
    assert!(out.contains("Question (failure)"));
    assert!(out.contains("MISS [ownership] A failure question needs"));
    assert!(out.contains("> I was responsible for the checkout project."));
}

#[test]
fn reads_standard_input() {
    let env = Env::new();
    let mut child = common::tpmprep_std(env.dir.path(), &["critique", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(STRONG.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let c: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        c["words"].as_u64(),
        Some(STRONG.split_whitespace().count() as u64)
    );
}

#[test]
fn bad_question_id_and_principle_are_explained() {
    let env = Env::new();
    let f = env.file("a.txt", STRONG);
    let out = env
        .cmd(&["critique", &f, "--question-id", "nope"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no question with id `nope`"));
    let out = env
        .cmd(&["critique", &f, "--principle", "ownrship"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown principle `ownrship`"));
}

#[test]
fn story_critique_uses_the_stored_story() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Checkout",
        "--action",
        STRONG,
        "--principle",
        "customer-obsession",
    ]);
    let c = env.json(&["story", "critique", "1", "--json"]);
    assert!(
        c["overall"].as_u64().is_some_and(|n| n >= 60),
        "{}",
        c["overall"]
    );
    let text = env.ok(&["story", "critique", "1"]);
    assert!(text.starts_with("#1 Checkout (revision 1)"));
}

#[test]
fn resume_mode_puts_the_weakest_bullets_first() {
    let env = Env::new();
    let cv = env.file(
        "cv.md",
        "# Experience\n- Responsible for the release process across teams\n\
         - Led migration of 40 services to Kubernetes, cutting deploy time from 45 to 8 minutes for 6 teams\n",
    );
    let r = env.json(&["critique", "--resume", &cv, "--json"]);
    let bullets = r["bullets"].as_array().expect("bullets");
    assert_eq!(bullets.len(), 2);
    assert_eq!(bullets[0]["line"], 2);
    assert_eq!(bullets[0]["outcome_number"], false);
    assert_eq!(bullets[1]["score"], 3);
    assert_eq!(r["strong"], 1);
}

/// The trial: a binary file's refusal did not name the file, and an empty file scored 0/100.
#[test]
fn a_file_that_is_not_text_or_is_empty_is_named_and_refused() {
    let env = Env::new();
    let garbage = env.dir.path().join("garbage.bin");
    std::fs::write(&garbage, [b'o', b'k', 0xff, 0xfe]).expect("write");
    let empty = env.file("empty.txt", " \n\n");
    for (file, words) in [
        (
            garbage.to_str().expect("utf-8").to_string(),
            "the answer is not UTF-8 text (bad byte at offset 2)",
        ),
        (empty, "the answer is empty"),
    ] {
        let out = env.cmd(&["critique", &file]).output().expect("runs");
        assert!(!out.status.success(), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("error: {file}: {words}")), "{err}");
        assert!(!err.contains("/100"), "no score for nothing: {err}");
    }
    let out = env
        .cmd(&["critique"])
        .write_stdin("")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: standard input: the answer is empty"),
        "{err}"
    );
}
