//! Narrative critique speed (issue 17: median warm critique of 1,000 words ≤ 20 ms).
//!
//! - `build`: harper's dictionary and linter, once per process (`Grammar::new`).
//! - `warm/fresh-1000`: a built linter, a 1,000-word narrative whose every paragraph is new to the
//!   linter's cache (a counter is written into each), so all of it is linted: the honest figure.
//! - `warm/typing-1000`: the same text with one paragraph changed each time, as while typing.
//!
//! Run: `cargo bench -p tpmprep-narrative` (or `bench/writing.sh`, which also times proselint and
//! write-good).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tpmprep_content::Catalog;
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic};

/// The first strong calibration narratives, joined and cut to `words` words, in paragraphs.
fn narrative(words: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let mut paragraphs = Vec::new();
    let mut n = 0;
    for id in ["p02", "p05", "p06", "p10"] {
        let text =
            std::fs::read_to_string(dir.join(format!("{id}-strong.md"))).expect("a narrative");
        for p in text.split("\n\n").filter(|p| !p.starts_with('#')) {
            if n >= words {
                return paragraphs;
            }
            n += p.split_whitespace().count();
            paragraphs.push(p.to_string());
        }
    }
    paragraphs
}

fn bench(c: &mut Criterion) {
    let pack = Catalog::embedded()
        .and_then(|c| c.into_resolved("amazon-tpm"))
        .expect("pack");
    let critic = Critic::new(&pack);
    let prompt = pack.writing_prompt("w-judgment");
    c.bench_function("build", |b| b.iter(Grammar::new));
    let grammar = Grammar::new();
    let n = NarrativeCritic::new(&pack, &critic, &grammar);
    let paragraphs = narrative(1_000);
    let mut group = c.benchmark_group("warm");
    let mut i = 0u64;
    group.bench_function("fresh-1000", |b| {
        b.iter(|| {
            i += 1;
            let text: String = paragraphs
                .iter()
                .map(|p| format!("{p} Note {i}."))
                .collect::<Vec<_>>()
                .join("\n\n");
            n.critique(&text, prompt)
        })
    });
    let mut j = 0u64;
    group.bench_function("typing-1000", |b| {
        b.iter(|| {
            j += 1;
            let mut ps = paragraphs.clone();
            if let Some(last) = ps.last_mut() {
                last.push_str(&format!(" Note {j}."));
            }
            n.critique(&ps.join("\n\n"), prompt)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
