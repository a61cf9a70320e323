use tpmprep_critic::{Critic, Input, Question};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1])?;
    let q = args.get(2).cloned().unwrap_or_default();
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    let c = critic.critique(&Input {
        text: &text,
        question: if q.is_empty() {
            None
        } else {
            Some(Question {
                text: &q,
                principles: &[],
                kind: "",
            })
        },
        ..Input::default()
    });
    println!(
        "{} {} capped={:?} rubric={}",
        c.overall, c.verdict, c.capped_by, c.rubric
    );
    let d = serde_json::to_value(&c.dimensions)?;
    if let Some(q) = &c.question {
        println!(
            "  Q kind={} {:?}",
            q.kind,
            q.principles
                .iter()
                .take(4)
                .map(|p| format!("{} {:.2}", p.id, p.score))
                .collect::<Vec<_>>()
        );
    }
    for (k, v) in d.as_object().unwrap() {
        println!("  {k}: {} {}", v["score"], v["evidence"]);
    }
    if let Some(ds) = &c.design {
        for x in ds {
            println!("  design {}", serde_json::to_string(x)?);
        }
    }
    for f in &c.findings {
        println!(
            "  {:?} {}/{}: {} [{}]",
            f.severity, f.dimension, f.signal, f.message, f.quote
        );
    }
    if std::env::var_os("SIG").is_some() {
        for s in &c.signals {
            println!("    sig {:<14} {}", s.signal, &text[s.start..s.end]);
        }
    }
    Ok(())
}
