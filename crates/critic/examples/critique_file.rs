//! Critique answer files against one free-text question and print each finding and signal, for
//! trying the critic on new text: `cargo run --release -p tpmprep-critic --example critique_file --
//! "QUESTION" FILE…`.

use tpmprep_critic::{Critic, Input, Question};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let question = args.next().ok_or("usage: critique_file QUESTION FILE…")?;
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    for path in args {
        let text = std::fs::read_to_string(&path)?;
        let c = critic.critique(&Input {
            text: &text,
            question: (!question.is_empty()).then_some(Question {
                text: &question,
                principles: &[],
                kind: "",
            }),
            ..Input::default()
        });
        println!(
            "=== {path}: {} {} rubric={} capped_by={:?}",
            c.overall, c.verdict, c.rubric, c.capped_by
        );
        if let Some(h) = &c.held {
            println!("  {h}");
        }
        for f in &c.findings {
            println!(
                "  {:?} {} {}: {} [{}]",
                f.severity, f.dimension, f.signal, f.message, f.quote
            );
        }
        for s in &c.signals {
            println!(
                "  + {} [{}]",
                s.signal,
                text.get(s.start..s.end).unwrap_or("")
            );
        }
    }
    Ok(())
}
