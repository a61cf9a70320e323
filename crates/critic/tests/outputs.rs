//! The critic's whole output on the labelled data, pinned: the JSON of every critique (and résumé
//! report) of every answer, pair, second marking, pack example and question under `data/` and in the
//! pack, hashed into one SHA-256 that `data/critiques.sha256` records. It guards work that must not
//! change what the critic says (speed): any change of a score, finding, span or byte of JSON fails it.
//!
//! When a change of the critic's output is meant, record the new digest:
//! `UPDATE_CRITIQUES=1 cargo test -p tpmprep-critic --test outputs`. To see what changed,
//! `CRITIQUES_DUMP=/tmp/before.jsonl` writes every JSON line (run it before and after, then `diff`).

#[path = "../examples/eval/data.rs"]
mod data;

use sha2::{Digest, Sha256};
use tpmprep_critic::calibration::Pair;
use tpmprep_critic::{Critic, Facts, Input, Question};

const DIGEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/critiques.sha256");

#[derive(serde::Deserialize)]
struct Pairs {
    pair: Vec<Pair>,
}

#[derive(serde::Deserialize)]
struct Marked {
    answer: Vec<MarkedAnswer>,
}

#[derive(serde::Deserialize)]
struct MarkedAnswer {
    question: String,
    text: String,
}

fn free(text: &str) -> Question<'_> {
    Question {
        text,
        principles: &[],
        kind: "",
    }
}

fn json(critic: &Critic, input: &Input<'_>) -> String {
    serde_json::to_string(&critic.critique(input)).expect("json")
}

/// Every (label, JSON) the critic writes for the data, in a fixed order.
fn outputs(critic: &Critic, pack: &tpmprep_content::Pack) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let dir = data::data_dir();
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).expect(rel);

    let mut answers = data::answers(&dir).expect("answers");
    answers.extend(data::heldout(&dir).expect("heldout").1);
    for a in &answers {
        let text = a.plain();
        let input = Input {
            text: &text,
            question: Some(free(&a.question)),
            ..Input::default()
        };
        out.push((format!("answer {}", a.id), json(critic, &input)));
        let alone = Input {
            question: None,
            ..input
        };
        out.push((format!("answer {} alone", a.id), json(critic, &alone)));
    }
    let mut pairs = Vec::new();
    for file in ["pairs/a.toml", "pairs/b.toml", "pairs/h.toml"] {
        let p: Pairs = toml::from_str(&read(file)).expect(file);
        pairs.extend(p.pair);
    }
    let calibration: Pairs = toml::from_str(&read("../tests/data/pairs.toml")).expect("pairs");
    pairs.extend(calibration.pair);
    for p in &pairs {
        for (side, text) in [("weak", &p.weak), ("strong", &p.strong)] {
            let input = Input {
                text,
                question: Some(free(&p.question)),
                ..Input::default()
            };
            out.push((format!("pair {} {side}", p.id), json(critic, &input)));
        }
    }
    let marked: Marked = toml::from_str(&read("second/marks.toml")).expect("marks");
    for (i, m) in marked.answer.iter().enumerate() {
        let text = data::strip_marks(&m.text);
        let input = Input {
            text: &text,
            question: Some(free(&m.question)),
            ..Input::default()
        };
        out.push((format!("second {i}"), json(critic, &input)));
    }
    let facts = Facts {
        metrics: 2,
        before_after: true,
        teams: vec!["payments".into(), "fraud".into()],
        partners: vec!["Priya".into()],
        trade_off: "deferred saved cards".into(),
        dissent: "the fraud lead".into(),
        differently: "start the canary sooner".into(),
        artifacts: vec!["post-mortem".into()],
    };
    for x in &pack.examples {
        for (side, text) in [("weak", &x.weak), ("strong", &x.strong)] {
            let input = Input {
                text,
                question: Some(free(&x.question)),
                principles: &x.principles,
                ..Input::default()
            };
            out.push((format!("example {} {side}", x.id), json(critic, &input)));
            let with_facts = Input {
                question: None,
                facts: Some(&facts),
                ..input
            };
            let label = format!("example {} {side} with facts", x.id);
            out.push((label, json(critic, &with_facts)));
        }
        let resume = serde_json::to_string(&critic.resume(&x.strong)).expect("json");
        out.push((format!("example {} resume", x.id), resume));
    }
    // Every question: the pack's with their tags and kind, the labelled ones as typed freely,
    // each answered by one short story.
    let story = "Our checkout p99 climbed from 820 ms to 1.4 s before the sale. I mapped the slow \
                 path with Priya and decided to defer saved cards by one sprint; p99 fell to 300 ms.";
    for q in &pack.questions {
        let input = Input {
            text: story,
            question: Some(Question {
                text: &q.text,
                principles: &q.principles,
                kind: q.kind.as_str(),
            }),
            ..Input::default()
        };
        out.push((format!("question {}", q.id), json(critic, &input)));
    }
    let mut questions = data::questions(&dir).expect("questions");
    questions.extend(data::heldout(&dir).expect("heldout").0);
    for (i, q) in questions.iter().enumerate() {
        let input = Input {
            text: story,
            question: Some(free(&q.text)),
            ..Input::default()
        };
        out.push((format!("labelled question {i}"), json(critic, &input)));
    }
    // Odd inputs: empty, one word, long, digits, units, non-ASCII.
    let paragraph = "Our checkout team saw p99 latency climb from 820 ms to 1.4 s before the holiday \
        sale, and sellers were filing tickets. I owned the recovery plan. The fraud lead pushed \
        back, so we agreed a canary at 5% with an automatic rollback. ";
    let odd = [
        String::new(),
        "x".to_string(),
        paragraph.repeat(40),
        "1".repeat(3_000),
        "40ms 5% $3 two teams. ".repeat(300),
        "Über naïve — I’d shipped the team’s fix in 2 days; Ownership’s cost fell 40 %.".into(),
        "## Situation\n- I rebuilt it\n**Result:** latency fell from 2 s to 300 ms.".into(),
    ];
    for (i, text) in odd.iter().enumerate() {
        let input = Input {
            text,
            question: Some(free("Design a URL shortener for 100M users a day.")),
            ..Input::default()
        };
        out.push((format!("odd {i} design"), json(critic, &input)));
        let input = Input {
            text,
            ..Input::default()
        };
        out.push((format!("odd {i}"), json(critic, &input)));
    }
    out
}

#[test]
fn the_critiques_of_the_data_are_as_recorded() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let outputs = outputs(&critic, &pack);
    let mut hash = Sha256::new();
    for (label, json) in &outputs {
        hash.update(label.as_bytes());
        hash.update(b"\t");
        hash.update(json.as_bytes());
        hash.update(b"\n");
    }
    let digest = format!("{:x} {}\n", hash.finalize(), outputs.len());
    if let Ok(path) = std::env::var("CRITIQUES_DUMP") {
        let lines: String = outputs
            .iter()
            .map(|(label, json)| format!("{label}\t{json}\n"))
            .collect();
        std::fs::write(&path, lines).expect("dump");
    }
    if std::env::var_os("UPDATE_CRITIQUES").is_some() {
        std::fs::write(DIGEST, &digest).expect("write digest");
        return;
    }
    let recorded = std::fs::read_to_string(DIGEST).unwrap_or_default();
    assert_eq!(
        recorded, digest,
        "the critic's output on the data changed; if that is meant, record it with \
         `UPDATE_CRITIQUES=1 cargo test -p tpmprep-critic --test outputs`"
    );
}

/// One critic serves every request of a server, from any thread.
#[test]
fn the_critic_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Critic>();
}
