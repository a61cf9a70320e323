//! What harper's rules cost on narratives: the whole lint of fresh text per 1,000 words with
//! harper's default rules, with the critic's chosen [`tpmprep_narrative::grammar::RULES`], with
//! spelling only and with none; with `PER_RULE=1`, also each rule on its own (time above the
//! no-rule baseline, and what it found by kind).
//! `cargo run --release -p tpmprep-narrative --example harper_rules crates/narrative/tests/calibration/*.md`.
use harper_core::linting::{LintGroup, Linter};
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};
use std::time::{Duration, Instant};

fn main() {
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let mut group = LintGroup::new_curated(FstDictionary::curated(), Dialect::American);
    let keys: Vec<String> = group.iter_keys().map(str::to_string).collect();
    let defaults: Vec<bool> = keys
        .iter()
        .map(|k| group.config.is_rule_enabled(k))
        .collect();
    let default_config = group.config.clone();
    let mut rows: Vec<(Duration, String, bool, String)> = Vec::new();
    let fresh = |n: usize| -> Vec<Document> {
        texts
            .iter()
            .map(|t| {
                Document::new_markdown_default_curated(
                    &t.replace("\n\n", &format!(" Note {n}.\n\n")),
                )
            })
            .collect()
    };
    let mut base = Duration::ZERO;
    for n in 0..5 {
        group.set_all_rules_to(Some(false));
        let docs = fresh(1_000_000 + n);
        let t = Instant::now();
        for d in &docs {
            let _ = group.lint(d);
        }
        base += t.elapsed();
    }
    let base = base / 5;
    println!("baseline (no rules) {base:?}");
    let modes = [
        "harper defaults",
        "chosen (grammar::RULES)",
        "spelling only",
        "none",
    ];
    for (m, mode) in modes.iter().enumerate() {
        group.config = default_config.clone();
        match *mode {
            "chosen (grammar::RULES)" => {
                group.config.clear();
                for r in tpmprep_narrative::grammar::RULES {
                    group.config.set_rule_enabled(*r, true);
                }
            }
            "spelling only" => {
                group.set_all_rules_to(Some(false));
                group.config.set_rule_enabled("SpellCheck", true);
            }
            "none" => group.set_all_rules_to(Some(false)),
            _ => {}
        }
        let on = keys
            .iter()
            .filter(|k| group.config.is_rule_enabled(k))
            .count();
        let _ = fresh(3_000_000 + m).iter().map(|d| group.lint(d)).count();
        let mut took = Duration::ZERO;
        for n in 0..5 {
            let docs = fresh(4_000_000 + m * 10 + n);
            let t = Instant::now();
            for d in &docs {
                let _ = group.lint(d);
            }
            took += t.elapsed();
        }
        println!(
            "{mode}: {on} rules, {:?} per 1,000 words",
            took / 5 * 1000 / words as u32
        );
    }
    if std::env::var("PER_RULE").is_err() {
        return;
    }
    // Warm every rule's own caches once.
    group.set_all_rules_to(None);
    for d in &fresh(2_000_000) {
        let _ = group.lint(d);
    }
    for (i, key) in keys.iter().enumerate() {
        let docs = fresh(i);
        group.set_all_rules_to(Some(false));
        group.config.set_rule_enabled(key.clone(), true);
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        let t = Instant::now();
        for d in &docs {
            for l in group.lint(d) {
                *kinds.entry(format!("{:?}", l.lint_kind)).or_default() += 1;
            }
        }
        let took = t.elapsed().saturating_sub(base);
        // A second config per doc is a cache miss; clear by toggling another dummy.
        let k = kinds
            .iter()
            .map(|(k, n)| format!("{k}:{n}"))
            .collect::<Vec<_>>()
            .join(",");
        rows.push((took, key.clone(), defaults[i], k));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let total: Duration = rows.iter().map(|r| r.0).sum();
    let on: Duration = rows.iter().filter(|r| r.2).map(|r| r.0).sum();
    println!(
        "{} rules, {} words; all {:?}, default-on {:?}",
        rows.len(),
        words,
        total,
        on
    );
    for (t, k, d, kinds) in rows {
        println!(
            "{:>10.3?} {} {} {}",
            t,
            if d { "on " } else { "off" },
            k,
            kinds
        );
    }
}
