//! For tuning on the train and dev splits only: prints how the critic judges both answers of the
//! pairs whose ids are given (`cargo run --release -p tpmprep-critic --example pair_view -- ID…`):
//! score, verdict, what capped it, and the findings (`PAIR_SIGNALS=1`: each sentence with the
//! signals read in it, then the findings that are not notes).
use tpmprep_critic::calibration::{Pair, Split, split_of};
use tpmprep_critic::{Critic, Input, Question};

#[derive(serde::Deserialize)]
struct File {
    pair: Vec<Pair>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ids: Vec<String> = std::env::args().skip(1).collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("tests/data/pairs.toml")];
    for e in std::fs::read_dir(root.join("data/pairs"))? {
        paths.push(e?.path());
    }
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    for path in paths {
        let f: File = toml::from_str(&std::fs::read_to_string(&path)?)?;
        for p in f.pair.iter().filter(|p| ids.contains(&p.id)) {
            if split_of(&p.strong) == Split::Test {
                println!("{}: test split, not shown", p.id);
                continue;
            }
            println!("=== {} — {}", p.id, p.question);
            for (name, text) in [("weak", &p.weak), ("strong", &p.strong)] {
                let c = critic.critique(&Input {
                    text,
                    question: Some(Question {
                        text: &p.question,
                        principles: &[],
                        kind: "",
                    }),
                    ..Input::default()
                });
                println!(
                    "-- {name}: {} {} capped_by={:?} rubric={}",
                    c.overall, c.verdict, c.capped_by, c.rubric
                );
                if std::env::var_os("PAIR_SIGNALS").is_some() {
                    // Each sentence that carries a signal, with its signals.
                    let mut at: Vec<(usize, usize, Vec<&str>)> = Vec::new();
                    for s in &c.signals {
                        match at.iter_mut().find(|x| x.0 == s.start) {
                            Some(x) => x.2.push(s.signal),
                            None => at.push((s.start, s.end, vec![s.signal])),
                        }
                    }
                    for (start, end, sigs) in at {
                        println!("   {sigs:?} {}", text.get(start..end).unwrap_or(""));
                    }
                    for f in c
                        .findings
                        .iter()
                        .filter(|f| f.severity != tpmprep_critic::Severity::Note)
                    {
                        println!("   {} {:?}: {}", f.signal, f.severity, f.message);
                    }
                } else {
                    for f in &c.findings {
                        println!("   {:?}", f);
                    }
                }
            }
        }
    }
    Ok(())
}
