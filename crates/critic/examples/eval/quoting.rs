//! `eval quoting`: does the sentence model pick the sentence a marker marked? Leave one writer out:
//! for each writer of the train split, the model is fitted to the other writers' sentences and
//! the critic quotes that writer's answers with it; the precision of the quoted sentence is
//! compared with quoting the first sentence that carries the signal (no model). Train split only,
//! so it may be used to choose what the model decides.

use std::collections::BTreeMap;
use std::sync::Arc;

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::evaluate_answers;

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
    let writers = crate::gates::writers(&answers);
    // signal → (claims, right without the model, right with it)
    let mut totals: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let none = std::collections::HashMap::new();
    for w in &writers {
        let held = crate::gates::train_answers_of(&answers, w);
        if held.is_empty() {
            continue;
        }
        let (items, used) = data::sentence_signal_items(&pack, &answers, Some(w));
        let model = recipe::sentence_model(&items, format!("without {w}: {used} answers"));
        let mut with = without.clone();
        with.models.push(Arc::new(model));
        let critic = Critic::new(&with);
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
    Ok(())
}
