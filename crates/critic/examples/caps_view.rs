//! For tuning on the train and dev splits only: every cap the critic puts on a graded answer or on
//! either answer of a pair, with the answer's grade (`cargo run --release -p tpmprep-critic
//! --example caps_view [-- SIGNAL]`), so a cap that holds down strong answers shows.
use tpmprep_critic::calibration::{GradedAnswer, Pair, Split, parse_marked, split_of};
use tpmprep_critic::{Critic, Input, Question};

#[derive(serde::Deserialize)]
struct Answers {
    #[serde(default)]
    answer: Vec<GradedAnswer>,
}

#[derive(serde::Deserialize)]
struct Pairs {
    pair: Vec<Pair>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let only = std::env::args().nth(1);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    let judge = |question: &str, text: &str| {
        critic.critique(&Input {
            text,
            question: Some(Question {
                text: question,
                principles: &[],
                kind: "",
            }),
            ..Input::default()
        })
    };
    let show = |what: &str, id: &str, c: &tpmprep_critic::Critique| {
        for cap in &c.capped_by {
            if only.as_deref().is_none_or(|o| o == *cap) {
                println!("{cap:<22} {what:<14} {:>3} {id}", c.overall);
            }
        }
    };
    let mut files: Vec<_> = std::fs::read_dir(root.join("data/answers"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        if !text.contains("[[answer]]") {
            continue;
        }
        let f: Answers = toml::from_str(&text)?;
        for a in f.answer {
            let Ok((clean, _)) = parse_marked(&a.text) else {
                continue;
            };
            if split_of(&clean) == Split::Test {
                continue;
            }
            show(&a.grade, &a.id, &judge(&a.question, &clean));
        }
    }
    let mut paths = vec![root.join("tests/data/pairs.toml")];
    for e in std::fs::read_dir(root.join("data/pairs"))? {
        paths.push(e?.path());
    }
    for path in paths {
        let f: Pairs = toml::from_str(&std::fs::read_to_string(&path)?)?;
        for p in f.pair {
            if split_of(&p.strong) == Split::Test {
                continue;
            }
            show("pair-strong", &p.id, &judge(&p.question, &p.strong));
            show("pair-weak", &p.id, &judge(&p.question, &p.weak));
        }
    }
    Ok(())
}
