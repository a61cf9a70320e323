//! For tuning on the train and dev splits only: how the critic judges the graded answers whose
//! ids are given (`cargo run --release -p tpmprep-critic --example answer_view -- ID…`).
use tpmprep_critic::calibration::{GradedAnswer, Split, parse_marked, split_of};
use tpmprep_critic::{Critic, Input, Question};

#[derive(serde::Deserialize)]
struct File {
    answer: Vec<GradedAnswer>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ids: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/answers");
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    for e in std::fs::read_dir(dir)? {
        let f: File = toml::from_str(&std::fs::read_to_string(e?.path())?)?;
        for a in f.answer.iter().filter(|a| ids.contains(&a.id)) {
            let (clean, _) = parse_marked(&a.text)?;
            if split_of(&clean) == Split::Test {
                println!("{}: test split, not shown", a.id);
                continue;
            }
            let c = critic.critique(&Input {
                text: &clean,
                question: Some(Question {
                    text: &a.question,
                    principles: &[],
                    kind: "",
                }),
                ..Input::default()
            });
            println!(
                "=== {} ({}) — {}\n{}",
                a.id,
                a.grade,
                a.question,
                clean.trim()
            );
            println!(
                "-- {} {} capped_by={:?} dims={:?}",
                c.overall, c.verdict, c.capped_by, c.dimensions
            );
            for f in &c.findings {
                println!(
                    "   {:?} {} {}: {} [{}]",
                    f.severity, f.dimension, f.signal, f.message, f.quote
                );
            }
        }
    }
    Ok(())
}
