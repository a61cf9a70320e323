//! `eval quoting`: does the sentence model pick the sentence a marker marked? Leave one writer out:
//! for each writer of the train split, the model is fitted to the other writers' sentences and
//! the critic quotes that writer's answers with it; the precision of the quoted sentence is
//! compared with quoting the first sentence that carries the signal (no model). Train split only,
//! so it may be used to choose what the model decides.

use std::collections::BTreeMap;
use std::sync::Arc;

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{GradedAnswer, Split, evaluate_answers, parse_marked, split_of};

use crate::{data, recipe};

pub fn run() -> crate::Result<()> {
    let pack = tpmprep_content::embedded_pack()?;
    let dir = data::data_dir();
    let answers = data::answers(&dir)?;
    let mut without = pack.clone();
    without
        .models
        .retain(|m| m.name != tpmprep_critic::SENTENCE_SIGNALS);
    let plain = Critic::new(&without);
    let graded = |w: &str| -> Vec<GradedAnswer> {
        answers
            .iter()
            .filter(|a| {
                a.id.starts_with(&format!("{w}-"))
                    && parse_marked(&a.text).is_ok_and(|(c, _)| split_of(&c) == Split::Train)
            })
            .map(crate::gates::graded)
            .collect()
    };
    let mut writers: Vec<String> = answers
        .iter()
        .filter_map(|a| a.id.split('-').next().map(str::to_string))
        .collect();
    writers.sort();
    writers.dedup();
    // signal → (claims, right without the model, right with it)
    let mut totals: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let none = std::collections::HashMap::new();
    let mut sweep: Vec<Claim> = Vec::new();
    for w in &writers {
        let held = graded(w);
        if held.is_empty() {
            continue;
        }
        let (items, used) = data::sentence_signal_items(&pack, &answers, Some(w));
        let model = recipe::sentence_model(&items, format!("without {w}: {used} answers"));
        let mut with = without.clone();
        with.models.push(Arc::new(model));
        let critic = Critic::new(&with);
        sweep_answers(&critic, &with, &held, &mut sweep);
        let base = evaluate_answers(&plain, &held, &none);
        let learned = evaluate_answers(&critic, &held, &none);
        println!("writer {w}: {} answers", held.len());
        for (b, l) in base.signals.iter().zip(&learned.signals) {
            let t = totals.entry(b.signal.clone()).or_default();
            t.0 += b.predicted;
            t.1 += b.correct;
            t.2 += l.correct;
        }
    }
    println!(
        "QUOTED SENTENCE (train split, leave one writer out): precision quoting the first sentence that carries the signal → quoting the model's choice"
    );
    for (s, (n, b, l)) in totals {
        if n == 0 {
            continue;
        }
        let pct = |x: usize| 100.0 * x as f64 / n as f64;
        println!(
            "  {s:<16} {n:>5} claims  {:>5.1}% → {:>5.1}%",
            pct(b),
            pct(l)
        );
    }
    println!(
        "DROPPING A CLAIM whose quoted sentence the model gives less than t (precision / recall of the answers marked with it)"
    );
    let codes: std::collections::BTreeSet<&str> = sweep.iter().map(|c| c.signal).collect();
    for s in codes {
        let mine: Vec<&Claim> = sweep.iter().filter(|c| c.signal == s).collect();
        let marked = mine.iter().filter(|c| c.marked).count();
        let mut line = format!("  {s:<16}");
        for t in [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4] {
            let kept: Vec<&&Claim> = mine.iter().filter(|c| c.p >= t).collect();
            let right = kept.iter().filter(|c| c.right).count();
            let found = kept.iter().filter(|c| c.marked && c.found).count();
            line.push_str(&format!(
                "  {t:.2}: {:>5.1}/{:>5.1}",
                100.0 * right as f64 / kept.len().max(1) as f64,
                100.0 * found as f64 / marked.max(1) as f64
            ));
        }
        println!("{line}");
    }
    Ok(())
}

/// One signal the critic claims in one answer.
struct Claim {
    signal: &'static str,
    /// The model's probability for the quoted sentence.
    p: f64,
    /// The quoted sentence overlaps a span marked with the signal.
    right: bool,
    /// The answer has such a span.
    marked: bool,
    /// Some sentence the critic found overlaps one.
    found: bool,
}

fn sweep_answers(
    critic: &Critic,
    pack: &tpmprep_content::Pack,
    held: &[GradedAnswer],
    out: &mut Vec<Claim>,
) {
    let Some(model) = pack.model(tpmprep_critic::SENTENCE_SIGNALS) else {
        return;
    };
    for a in held {
        let Ok((clean, marks)) = parse_marked(&a.text) else {
            continue;
        };
        let input = tpmprep_critic::Input {
            text: &clean,
            question: Some(tpmprep_critic::Question {
                text: &a.question,
                principles: &[],
                kind: "",
            }),
            ..tpmprep_critic::Input::default()
        };
        let c = critic.critique(&input);
        let docs = critic.sentence_documents(&input);
        for code in tpmprep_critic::calibration::MARKED_SIGNALS {
            let Some(q) = c.signals.iter().find(|s| s.signal == code && s.quoted) else {
                continue;
            };
            let hit = |s: usize, e: usize| {
                marks
                    .iter()
                    .any(|m| m.code == code && m.start < e && s < m.end)
            };
            let k = model.classes.iter().position(|c| c == code);
            let p = docs
                .iter()
                .find(|(s, e, _)| *s == q.start && *e == q.end)
                .and_then(|(_, _, d)| k.map(|k| recipe::predict(model, d)[k]))
                .unwrap_or(0.0);
            out.push(Claim {
                signal: code,
                p,
                right: hit(q.start, q.end),
                marked: marks.iter().any(|m| m.code == code),
                found: c
                    .signals
                    .iter()
                    .any(|s| s.signal == code && hit(s.start, s.end)),
            });
        }
    }
}
