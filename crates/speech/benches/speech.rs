//! Reading and measuring transcripts: the fixture answer (1.5 min) in each format, and a 20-minute
//! Whisper JSON with word timestamps (the fixture's words repeated), the largest a candidate is
//! likely to bring. `cargo bench -p tpmprep-speech`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tpmprep_speech::{Format, Lexicon, analyse, read};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fixture's Whisper words repeated until the answer lasts `minutes`.
fn long_whisper(minutes: u64) -> String {
    let t = read(&fixture("answer.whisper.json"), Some(Format::Whisper), None).expect("fixture");
    let span = t.duration_ms + 1_000;
    let mut words = Vec::new();
    let mut k = 0;
    while k * span < minutes * 60_000 {
        for c in &t.cues {
            let s = (c.start_ms + k * span) as f64 / 1000.0;
            let e = (c.end_ms + k * span) as f64 / 1000.0;
            words.push(serde_json::json!({"word": format!(" {}", c.text), "start": s, "end": e}));
        }
        k += 1;
    }
    serde_json::json!({"segments": [{"start": 0.0, "end": 1.0, "text": "", "words": words}]})
        .to_string()
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::standard();
    for name in ["answer.srt", "answer.vtt", "answer.whisper.json"] {
        let text = fixture(name);
        c.bench_function(&format!("read+analyse {name}"), |b| {
            b.iter(|| {
                let t = read(black_box(&text), Format::from_name(name), None).expect("reads");
                black_box(analyse(&t, &lex))
            })
        });
    }
    let long = long_whisper(20);
    eprintln!("20-minute Whisper JSON: {} bytes", long.len());
    c.bench_function("read+analyse 20-minute whisper json", |b| {
        b.iter(|| {
            let t = read(black_box(&long), Some(Format::Whisper), None).expect("reads");
            black_box(analyse(&t, &lex))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
