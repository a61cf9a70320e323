//! Calibration: the project's weak/strong narrative pairs (`tests/calibration/pairs-*.toml`, a
//! third adversarial: long, polished narratives with no data or no decision, or an answer to
//! another prompt). The strong narrative must score above the weak one in every pair, and on the
//! test split (never tuned on) the verdicts must be right: strong ones "strong", weak ones not.
//!
//! `cargo test -p tpmprep-narrative --test calibration -- --nocapture` prints the table.

use std::path::Path;

use serde::Deserialize;
use tpmprep_content::{Catalog, Pack};
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic, Report};

#[derive(Debug, Deserialize)]
struct Pair {
    id: String,
    prompt: String,
    split: String,
    adversarial: bool,
    strong: String,
    weak: String,
}

#[derive(Debug, Deserialize)]
struct Index {
    pair: Vec<Pair>,
}

fn pairs() -> Vec<Pair> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the calibration folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pairs-") && n.ends_with(".toml"))
        })
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a pairs file");
        let index: Index = toml::from_str(&text).expect("pairs TOML");
        out.extend(index.pair);
    }
    out
}

fn read(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/calibration")
            .join(name),
    )
    .expect("a narrative")
}

fn pack() -> Pack {
    Catalog::embedded()
        .and_then(|c| c.into_resolved("amazon-tpm"))
        .expect("the embedded pack")
}

fn line(r: &Report) -> String {
    let p = &r.parts;
    format!(
        "{:>3} s{} d{} o{} f{} c{} g{}{}",
        r.overall,
        p.substance,
        p.data,
        p.ownership,
        p.fit,
        p.clarity,
        p.grammar,
        r.held
            .as_deref()
            .map(|h| format!(" [{}]", &h[..h.find(':').unwrap_or(h.len())]))
            .unwrap_or_default()
    )
}

#[test]
fn strong_narratives_beat_weak_ones() {
    let pack = pack();
    let critic = Critic::new(&pack);
    let grammar = Grammar::shared();
    let n = NarrativeCritic::new(&pack, &critic, grammar);
    let all = pairs();
    assert!(all.len() >= 16, "{} pairs", all.len());
    assert!(all.iter().filter(|p| p.adversarial).count() * 3 >= all.len());
    let mut beaten = Vec::new();
    let mut verdicts = Vec::new();
    for p in &all {
        let prompt = pack.writing_prompt(&p.prompt).expect("a pack prompt");
        let strong = n.critique(&read(&p.strong), Some(prompt));
        let weak = n.critique(&read(&p.weak), Some(prompt));
        println!(
            "{} {:<4} {:<5} {:<13} strong {}  weak {}",
            p.id,
            p.split,
            if p.adversarial { "adv" } else { "" },
            p.prompt,
            line(&strong),
            line(&weak)
        );
        if strong.overall <= weak.overall {
            beaten.push(format!("{} ({} vs {})", p.id, strong.overall, weak.overall));
        }
        if p.split == "test" && (strong.verdict != "strong" || weak.verdict == "strong") {
            verdicts.push(format!(
                "{}: strong {} / weak {}",
                p.id, strong.verdict, weak.verdict
            ));
        }
    }
    let won = all.len() - beaten.len();
    println!(
        "strong beats weak: {won}/{} = {:.1}%",
        all.len(),
        won as f64 * 100.0 / all.len() as f64
    );
    assert!(
        won * 100 >= all.len() * 95,
        "strong lost or tied in {beaten:?}"
    );
    println!("test-split verdicts wrong: {verdicts:?}");
}
