//! Narrative critique speed (issue 17: median warm critique of 1,000 words ≤ 20 ms).
//!
//! - `build`: harper's dictionary and linter, once per process (`Grammar::new`).
//! - `warm/fresh-1000`: a built linter and a 1,000-word narrative none of whose sentences the
//!   linter has seen: the project's 32 calibration narratives are cut into ~25 texts of 1,000 words
//!   and taken in turn, more than harper's caches (1,000 chunks, 1,000 sentences) hold, so every
//!   text is linted whole. Only harper's cache of spelling suggestions stays warm. The honest figure.
//! - `warm/harper-only-fresh-1000`: the grammar and spelling part of that alone.
//! - `warm/typing-1000`: one text with one paragraph changed each time, as while typing.
//!
//! Run: `cargo bench -p tpmprep-narrative` (or `bench/writing.sh`, which also times proselint and
//! write-good).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use tpmprep_content::Catalog;
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic};

/// Every calibration narrative's paragraphs (headings left out), cut into texts of ≥ `words` words.
fn texts(words: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the calibration folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut n = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a narrative");
        for p in text.split("\n\n").filter(|p| !p.starts_with('#')) {
            n += p.split_whitespace().count();
            current.push(p.trim().to_string());
            if n >= words {
                out.push(current.join("\n\n"));
                current.clear();
                n = 0;
            }
        }
    }
    out
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
    let texts = texts(1_000);
    assert!(texts.len() >= 20, "too few texts to defeat the caches");
    let mut group = c.benchmark_group("warm");
    let mut i = 0usize;
    group.bench_function("fresh-1000", |b| {
        b.iter(|| {
            i += 1;
            n.critique(&texts[i % texts.len()], prompt)
        })
    });
    let mut k = 7usize;
    group.bench_function("harper-only-fresh-1000", |b| {
        b.iter(|| {
            k += 1;
            grammar.check(&texts[k % texts.len()], &pack.narrative.vocabulary)
        })
    });
    let paragraphs: Vec<String> = texts[0].split("\n\n").map(str::to_string).collect();
    let mut j = 0u64;
    group.bench_function("typing-1000", |b| {
        b.iter(|| {
            j += 1;
            let mut paragraphs = paragraphs.clone();
            if let Some(last) = paragraphs.last_mut() {
                last.push_str(&format!(" Note {j}."));
            }
            n.critique(&paragraphs.join("\n\n"), prompt)
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
