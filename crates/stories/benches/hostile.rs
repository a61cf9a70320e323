//! Hostile imports (issue 12, item 19): inputs that made parsing quadratic. Run by hand, not in CI:
//!
//!   cargo bench -p tpmprep-stories --bench hostile            # default sizes
//!   cargo bench -p tpmprep-stories --bench hostile -- 0.25    # a quarter of them
//!
//! Prints, per input, its size, the best of three wall times and what the import answered (the number
//! of problems and the bytes of their report). Every parse should now grow linearly with the input.

use std::time::{Duration, Instant};

use tpmprep_stories::read_file;

const IDS: [&str; 4] = ["ownership", "dive-deep", "earn-trust", "deliver-results"];

/// 32,000 `+++` lines after a front matter that never parses (each was a TOML parse before).
fn fences(n: usize) -> (String, String) {
    let mut t = String::from("+++\ntitle = \"x\"\nbroken = \n");
    t.push_str(&"+++\n".repeat(n));
    ("story.md".into(), t)
}

/// A `tags = [` list of `n` items (each item's line was counted from the start).
fn tags(n: usize) -> (String, String) {
    let mut t = String::from("+++\ntitle = \"Tags\"\ntags = [\n");
    for i in 0..n {
        t.push_str(&format!("  \"t{i}\",\n"));
    }
    t.push_str("]\nprinciples = [\"nope\"]\n+++\n\n## Action\n\nx\n");
    ("story.md".into(), t)
}

/// `n` stories with an unknown principle each (each error's line searched from the start).
fn invalid_json(n: usize) -> (String, String) {
    let mut t = String::from("[\n");
    for i in 0..n {
        if i > 0 {
            t.push_str(",\n");
        }
        t.push_str(&format!(
            "{{\"title\": \"Story {i}\",\n \"principles\": [\"not-a-principle\"]}}"
        ));
    }
    t.push_str("\n]\n");
    ("stories.json".into(), t)
}

/// `n` duplicate `## Situation` headings after a valid front matter, each with a `+++` line before it.
fn duplicate_sections(n: usize) -> (String, String) {
    let mut t = String::from("+++\ntitle = \"Dup\"\n+++\n");
    t.push_str(&"+++\n## Situation\n".repeat(n));
    ("story.md".into(), t)
}

fn time(file: &str, text: &str) -> (Duration, usize, usize) {
    let mut best = Duration::MAX;
    let mut answer = (0, 0);
    for _ in 0..3 {
        let start = Instant::now();
        let r = read_file(file, text, &IDS);
        best = best.min(start.elapsed());
        answer = match r {
            Ok(s) => (s.len(), 0),
            Err(e) => (e.len(), format!("{e:?}").len()),
        };
    }
    (best, answer.0, answer.1)
}

fn main() {
    let scale: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1.0);
    let n = |base: usize| ((base as f64 * scale) as usize).max(1);
    let cases: Vec<(&str, (String, String))> = vec![
        ("+++ lines", fences(n(32_000))),
        ("+++ lines x2", fences(n(64_000))),
        ("tags items", tags(n(80_000))),
        ("tags items x2", tags(n(160_000))),
        ("invalid JSON stories", invalid_json(n(64_000))),
        ("invalid JSON stories x2", invalid_json(n(128_000))),
        ("duplicate sections", duplicate_sections(n(32_000))),
    ];
    println!(
        "{:<26} {:>10} {:>12} {:>10} {:>14}",
        "input", "KB", "best of 3", "answers", "debug bytes"
    );
    for (name, (file, text)) in cases {
        let (t, count, bytes) = time(&file, &text);
        println!(
            "{name:<26} {:>10} {:>10.1} ms {count:>10} {bytes:>14}",
            text.len() / 1024,
            t.as_secs_f64() * 1000.0
        );
    }
}
