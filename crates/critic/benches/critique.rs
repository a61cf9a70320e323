//! Critique speed: a 400-word answer (target: median ≤ 100 µs) and a 10 KB answer (≤ 2 ms), one core;
//! two pathological inputs that must stay linear; the JSON the web API writes.
//! Run: `cargo bench -p tpmprep-critic`.

use criterion::{Criterion, criterion_group, criterion_main};
use tpmprep_critic::{Critic, Input, Question};

const PARAGRAPH: &str = "Our checkout team saw p99 latency climb from 820 ms to 1.4 s before the holiday sale, and \
sellers were filing tickets about abandoned carts. I owned the recovery plan. I mapped the slow path with \
Priya, the payments engineering manager, and found two synchronous fraud calls. The fraud lead pushed back on \
making them asynchronous, so we agreed a canary at 5% with an automatic rollback. I decided to defer the \
saved-cards redesign by one sprint to free two engineers, rather than ask for weekend work. ";

fn answer(words: usize) -> String {
    let mut text = String::new();
    while text.split_whitespace().count() < words {
        text.push_str(PARAGRAPH);
    }
    text
}

fn bench(c: &mut Criterion) {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let question = "Tell me about a time you had to meet a deadline for a customer.";
    let short = answer(400);
    let mut long = answer(1_800);
    while long.len() < 10 * 1024 {
        long.push_str(PARAGRAPH);
    }
    let input = |text: &'static str| Input {
        text,
        question: Some(Question {
            text: question,
            principles: &[],
            kind: "",
        }),
        ..Input::default()
    };
    let short: &'static str = Box::leak(short.into_boxed_str());
    let long: &'static str = Box::leak(long.into_boxed_str());
    // Built once per process: the pack's lexicon, cues and learned models compiled.
    c.bench_function("build the critic", |b| b.iter(|| Critic::new(&pack)));
    c.bench_function("critique 400 words", |b| {
        b.iter(|| critic.critique(&input(short)))
    });
    c.bench_function("critique 10 KB", |b| {
        b.iter(|| critic.critique(&input(long)))
    });
    // Inputs that once took time quadratic in their length: one 200 KB run of digits (every position
    // was hashed as a possible unit), and 1 MB of short sentences with units (every sentence read
    // every unit hit).
    let digits: &'static str = Box::leak("1".repeat(200_000).into_boxed_str());
    let units: &'static str = Box::leak("40ms 5% $3 two teams. ".repeat(45_000).into_boxed_str());
    c.bench_function("critique 200 KB of digits", |b| {
        b.iter(|| critic.critique(&input(digits)))
    });
    c.bench_function("critique 1 MB of short sentences with units", |b| {
        b.iter(|| critic.critique(&input(units)))
    });
    // What the web API adds on top: the JSON of the answer above and of a one-word answer (whose
    // critique is mostly findings).
    let full = critic.critique(&input(short));
    let one_word = critic.critique(&input("x"));
    c.bench_function("critique one word", |b| {
        b.iter(|| critic.critique(&input("x")))
    });
    c.bench_function("JSON of the 400-word critique", |b| {
        b.iter(|| serde_json::to_vec(&full).map(|v| v.len()))
    });
    c.bench_function("JSON of the one-word critique", |b| {
        b.iter(|| serde_json::to_vec(&one_word).map(|v| v.len()))
    });
    // The learned parts' share of the 400-word critique: the critique without models, the stems, and
    // the answer model's vector from the text.
    let cues_only = Critic::from_parts(
        &pack.lexicon,
        pack.principles
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.cues.as_slice())),
    );
    c.bench_function("critique 400 words without models", |b| {
        b.iter(|| cues_only.critique(&input(short)))
    });
    let stems = tpmprep_critic::features::Stems::new();
    c.bench_function("stems of 400 words", |b| b.iter(|| stems.of(short)));
    if let Some(m) = pack.model("answer-principles") {
        let scheme = tpmprep_critic::features::Scheme::parse(&m.tokenizer)
            .unwrap_or(tpmprep_critic::features::Scheme::Words);
        let v = tpmprep_critic::features::Vectorizer::new(&m.features, &m.idf, scheme);
        c.bench_function("answer-model vector of 400 words", |b| {
            b.iter(|| v.vector_of_text(&stems, short))
        });
    }
    c.bench_function("build critic (once per process)", |b| {
        b.iter(|| Critic::new(&pack))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
