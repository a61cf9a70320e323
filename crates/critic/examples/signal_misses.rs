//! For tuning on the train and dev splits only: each sentence the critic reads a signal in where
//! the data marks none (FP, the first per answer), and each marked span it misses (FN).
//! Run: `cargo run --release -p tpmprep-critic --example signal_misses -- SIGNAL`.
use tpmprep_critic::calibration::{GradedAnswer, Split, parse_marked, split_of};
use tpmprep_critic::{Critic, Input, Question};
#[derive(serde::Deserialize)]
struct File {
    answer: Vec<GradedAnswer>,
}
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sig = std::env::args().nth(1).unwrap_or_else(|| "action".into());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/answers");
    let dir = std::env::var("DIR").unwrap_or(dir.into());
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    // The same critic without the sentence model's gates: an FN it finds is one the gates withdrew.
    let mut ungated = pack.clone();
    if let Some(m) = pack.model(tpmprep_critic::SENTENCE_SIGNALS) {
        let mut open = (*m).clone();
        open.gates.clear();
        ungated
            .models
            .retain(|m| m.name != tpmprep_critic::SENTENCE_SIGNALS);
        ungated.models.push(std::sync::Arc::new(open));
    }
    let plain = Critic::new(&ungated);
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        let f: File = toml::from_str(&std::fs::read_to_string(&p)?)?;
        for a in f.answer {
            let (clean, marks) = parse_marked(&a.text)?;
            if split_of(&clean) == Split::Test {
                continue;
            }
            let input = Input {
                text: &clean,
                question: Some(Question {
                    text: &a.question,
                    principles: &[],
                    kind: "",
                }),
                ..Input::default()
            };
            let c = critic.critique(&input);
            let open = plain.critique(&input);
            let gold: Vec<_> = marks.iter().filter(|m| m.code == sig).collect();
            let pred: Vec<_> = c.signals.iter().filter(|s| s.signal == sig).collect();
            for s in pred.iter().take(1) {
                if !gold.iter().any(|m| m.start < s.end && s.start < m.end) {
                    println!("FP {}: {}", a.id, &clean[s.start..s.end]);
                }
            }
            for m in &gold {
                if !pred.iter().any(|s| m.start < s.end && s.start < m.end) {
                    let gated = open
                        .signals
                        .iter()
                        .any(|s| s.signal == sig && m.start < s.end && s.start < m.end);
                    let why = if gated { "gated" } else { "rules" };
                    println!("FN {} ({why}): {}", a.id, &clean[m.start..m.end]);
                }
            }
        }
    }
    Ok(())
}
