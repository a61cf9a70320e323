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
fn an_empty_or_overlong_question_is_refused_with_what_to_do() {
    let env = Env::new();
    let f = env.file("a.txt", STRONG);
    let out = env
        .cmd(&["critique", &f, "--question", "   "])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--question is empty"));
    let long = "Tell me about a time you failed. ".repeat(80);
    let out = env
        .cmd(&["critique", &f, "--question", &long])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a question is at most 2000"), "{err}");
    assert!(out.stdout.is_empty());
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

const DESIGN: &str = "Requirements first: the API serves about 20,000 requests per second at peak across two \
regions; the free tier gets 100 requests a minute and paid tiers 10,000. I would put a token bucket per API key \
in a Redis cluster in each region, checked by the gateway hosts before a request reaches the service. I chose a \
token bucket over a fixed window because it allows short bursts without letting a client double its rate at the \
window edges. The counter store is the bottleneck at peak, so each host keeps a local allowance and syncs it every \
second. If Redis is down, the gateway fails open for paid keys and closed for free keys. I would monitor the \
throttle rate, the p99 latency of the check and Redis errors, with an alarm when rejections jump. To scale, we \
shard the buckets by a hash of the key and add nodes as traffic grows.";

/// The question kinds `docs/critique.md` lists.
const KINDS: [&str; 8] = [
    "failure",
    "disagreement",
    "deadline",
    "customer",
    "design",
    "technical",
    "program-management",
    "general",
];

/// Principle names by id, from the pack.
fn principle_names(env: &Env) -> std::collections::HashMap<String, String> {
    env.json(&["principles", "--json"])
        .as_array()
        .expect("principles")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id").to_string(),
                p["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

/// A free-text question gets all 16 principles ranked (issue 13): the JSON holds every one with a
/// score, strongest first; the scorecard names the top three with a bar and a percentage and says
/// how many more `--json` holds.
#[test]
fn a_free_text_question_ranks_all_sixteen_principles_and_the_scorecard_shows_three() {
    let env = Env::new();
    let names = principle_names(&env);
    let f = env.file("a.txt", STRONG);
    let question = "Tell me about a time you earned the trust of a skeptical team.";
    let c = env.json(&["critique", &f, "--question", question, "--json"]);
    let q = &c["question"];
    assert!(
        KINDS.contains(&q["kind"].as_str().expect("kind")),
        "{}",
        q["kind"]
    );
    let ranked = q["principles"].as_array().expect("principles");
    assert_eq!(ranked.len(), 16, "{q}");
    let mut ids: Vec<&str> = ranked
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    let scores: Vec<f64> = ranked
        .iter()
        .map(|p| p["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let top: Vec<&str> = ids[..3].iter().map(|id| names[*id].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 16, "every principle once");
    assert!(["behavioural", "design"].contains(&c["rubric"].as_str().expect("rubric")));
    assert!(c["signals"].is_array());

    let out = env.ok(&["critique", &f, "--question", question]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "It probes:")
        .unwrap_or_else(|| panic!("no \"It probes:\" in\n{out}"));
    for (k, name) in top.iter().enumerate() {
        let line = lines[at + 1 + k];
        assert!(line.trim_start().starts_with(name), "{line:?} for {name}");
        let percent = format!("{}%", (scores[k] * 100.0).round());
        assert!(line.trim_end().ends_with(&percent), "{line:?}: {percent}");
    }
    assert_eq!(lines[at + 4].trim(), "… and 13 more (see --json)", "{out}");
    // The bars line up, however long the names.
    let bar_at: Vec<Option<usize>> = lines[at + 1..at + 4]
        .iter()
        .map(|l| l.chars().position(|c| c == '■' || c == '·'))
        .collect();
    assert!(
        bar_at[0].is_some() && bar_at.iter().all(|b| *b == bar_at[0]),
        "{out}"
    );
}

/// A design question is judged on the design checklist: the JSON says `rubric: "design"` with the
/// eight criteria, each present one quoting the answer; the scorecard shows the checklist with the
/// quotes first and the eight dimensions under it, without the STAR rubrics' lines.
#[test]
fn a_design_answer_is_shown_as_a_design_checklist() {
    let env = Env::new();
    let f = env.file("d.txt", DESIGN);
    let args = ["critique", &f, "--question-id", "sd-public-api-throttling"];
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let c = env.json(&json_args);
    assert_eq!(c["rubric"], "design", "{c}");
    assert!(KINDS.contains(&c["question"]["kind"].as_str().expect("kind")));
    let design = c["design"].as_array().expect("design");
    let criteria: Vec<&str> = design
        .iter()
        .map(|d| d["criterion"].as_str().expect("criterion"))
        .collect();
    assert_eq!(
        criteria,
        [
            "requirements",
            "estimate",
            "components",
            "design-trade-off",
            "bottleneck",
            "failure-mode",
            "monitoring",
            "scaling"
        ]
    );
    let met: Vec<&Value> = design.iter().filter(|d| d["present"] == true).collect();
    assert!(met.len() >= 6, "a design answer with them all: {design:?}");
    for d in &met {
        let quote = d["quote"].as_str().expect("quote");
        assert!(!quote.is_empty() && DESIGN.contains(quote), "{d}");
    }

    let out = env.ok(&args);
    let labels = [
        ("requirements", "Requirements and assumptions stated"),
        ("estimate", "Numbers estimated (users, load, data)"),
        ("components", "Components named"),
        (
            "design-trade-off",
            "An alternative weighed, with the reason",
        ),
        ("bottleneck", "The bottleneck found"),
        ("failure-mode", "What fails, and what happens then"),
        ("monitoring", "Monitoring and alarms"),
        ("scaling", "How it scales"),
    ];
    assert!(
        out.contains(&format!(
            "Design answer: {} of 8 design criteria met",
            met.len()
        )),
        "{out}"
    );
    for d in design {
        let label = labels
            .iter()
            .find(|(code, _)| d["criterion"] == *code)
            .map(|(_, l)| *l)
            .expect("known criterion");
        let mark = if d["present"] == true { '✓' } else { '✗' };
        assert!(
            out.contains(&format!("  {mark} {label}\n")),
            "{label}: {out}"
        );
    }
    let first_quote = met[0]["quote"].as_str().expect("quote");
    let head: String = first_quote.chars().take(40).collect();
    assert!(out.contains(&format!("      > {head}")), "{out}");
    let checklist = out.find("Design answer:").expect("checklist");
    let dims = out
        .find("The eight dimensions, read as a story:")
        .expect("dimensions heading");
    assert!(checklist < dims && dims < out.find("  structure").expect("structure"));
    assert!(!out.contains("Stakeholder alignment"), "{out}");
}

/// A file that opens with the question ("Q: …") is critiqued against it, and the question line is
/// not read as part of the answer; --question wins over it.
#[test]
fn a_question_on_the_first_line_is_the_question_not_the_answer() {
    let env = Env::new();
    let with_q = env.file(
        "qa.md",
        &format!("Q: Tell me about a time you had to win back an unhappy customer.\n\n{STRONG}\n"),
    );
    let plain = env.file("a.md", STRONG);
    let c = env.json(&["critique", "--json", &with_q]);
    let alone = env.json(&["critique", "--json", &plain]);
    assert_eq!(c["words"], alone["words"], "the Q: line is not counted");
    assert!(
        c["question"]["principles"]
            .as_array()
            .is_some_and(|p| !p.is_empty()),
        "{}",
        c["question"]
    );
    assert!(alone["question"].is_null(), "{}", alone["question"]);
    let asked = env.json(&[
        "critique",
        "--json",
        "--question",
        "Describe a system you designed for scale.",
        &with_q,
    ]);
    assert_eq!(asked["words"], alone["words"]);
    assert_eq!(asked["rubric"], "design", "{}", asked["rubric"]);
}
