//! The critic's pairwise accuracy on the labelled calibration set (`eval pairs [PATH]`; default:
//! tests/data/pairs.toml).

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{Pair, evaluate};

#[derive(serde::Deserialize)]
struct File {
    pair: Vec<Pair>,
}

pub fn run(path: Option<String>) -> crate::Result<()> {
    let path = path.unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs.toml").to_string()
    });
    let file: File = toml::from_str(&std::fs::read_to_string(&path)?)?;
    let pack = tpmprep_content::embedded_pack()?;
    let report = evaluate(&Critic::new(&pack), &file.pair);
    println!(
        "{:<14} {:>5} {:>10} {:>10}",
        "dimension", "pairs", "dimension", "overall"
    );
    for r in report.rows.iter().chain(std::iter::once(&report.total)) {
        let pct = |n: usize| {
            if r.pairs == 0 {
                0.0
            } else {
                100.0 * n as f64 / r.pairs as f64
            }
        };
        println!(
            "{:<14} {:>5} {:>9.0}% {:>9.0}%",
            r.dimension,
            r.pairs,
            pct(r.correct),
            pct(r.overall_correct)
        );
    }
    if !report.misses.is_empty() {
        println!("\nranked wrongly on their dimension:");
        for m in &report.misses {
            println!("  {m}");
        }
    }
    Ok(())
}
