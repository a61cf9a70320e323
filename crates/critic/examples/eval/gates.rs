//! The sentence model's gates (`gates:` in `sentence-signals.model`): for each signal, how sure
//! the model must be before a rule's reading of it in a sentence stands. Chosen leaving one
//! writer out on the train split, so that no answer is judged by a model fitted to it: for each
//! writer, the model is fitted to the other writers' sentences and the critic, with one gate for
//! every signal, reads that writer's train-split answers. For each signal the gate kept is the one
//! with the best precision whose recall is no more than [`RECALL_GIVEN`] below the recall with no
//! gate, among gates that leave at least [`MIN_CLAIMS`] claims. Deterministic.

use std::sync::Arc;

use tpmprep_content::{LinearModel, Pack};
use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{
    GradedAnswer, SignalAccuracy, Split, evaluate_answers, split_of,
};

use crate::data::{self, LabelledAnswer};
use crate::recipe;

/// The gates tried: 0 (none) to 0.6 by 0.05.
pub const GRID: [f32; 13] = [
    0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
];
/// How much recall (of the answers marked with a signal) a gate may cost, in points.
pub const RECALL_GIVEN: f64 = 3.0;
/// A gate is chosen from at least this many claims.
pub const MIN_CLAIMS: usize = 10;

/// Per signal and gate (index into [`GRID`]): claims, right claims, answers marked, found.
pub struct Sweep {
    pub signals: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
}

#[derive(Default, Clone, Copy)]
pub struct Cell {
    pub claims: usize,
    pub right: usize,
    pub marked: usize,
    pub found: usize,
}

impl Cell {
    pub fn precision(&self) -> f64 {
        100.0 * self.right as f64 / self.claims.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        100.0 * self.found as f64 / self.marked.max(1) as f64
    }
}

/// A labelled answer as the calibration module takes it.
fn graded(a: &LabelledAnswer) -> GradedAnswer {
    GradedAnswer {
        id: a.id.clone(),
        question: a.question.clone(),
        kind: a.kind.clone(),
        principles: a.principles.clone(),
        grade: a.grade.clone(),
        shape: a.shape.clone(),
        text: a.text.clone(),
    }
}

/// The writers of the answers (the prefix of each id), in order.
pub fn writers(answers: &[LabelledAnswer]) -> Vec<String> {
    let mut writers: Vec<String> = answers
        .iter()
        .filter_map(|a| a.id.split('-').next().map(str::to_string))
        .collect();
    writers.sort();
    writers.dedup();
    writers
}

/// Writer `w`'s train-split answers, as the calibration module takes them.
pub fn train_answers_of(answers: &[LabelledAnswer], w: &str) -> Vec<GradedAnswer> {
    answers
        .iter()
        .filter(|a| {
            a.id.starts_with(&format!("{w}-"))
                && tpmprep_critic::calibration::parse_marked(&a.text)
                    .is_ok_and(|(c, _)| split_of(&c) == Split::Train)
        })
        .map(graded)
        .collect()
}

/// Runs the leave-one-writer-out sweep.
pub fn sweep(pack: &Pack, answers: &[LabelledAnswer]) -> Sweep {
    let writers = writers(answers);
    let mut without = pack.clone();
    without
        .models
        .retain(|m| m.name != tpmprep_critic::SENTENCE_SIGNALS);
    let signals: Vec<String> = tpmprep_critic::calibration::MARKED_SIGNALS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut cells = vec![vec![Cell::default(); GRID.len()]; signals.len()];
    let none = std::collections::HashMap::new();
    for w in &writers {
        let held = train_answers_of(answers, w);
        if held.is_empty() {
            continue;
        }
        let (items, used) = data::sentence_signal_items(pack, answers, Some(w));
        let model = recipe::sentence_model(&items, format!("without {w}: {used} answers"));
        for (g, &t) in GRID.iter().enumerate() {
            let mut m = model.clone();
            m.gates = vec![t; m.classes.len()];
            let mut with = without.clone();
            with.models.push(Arc::new(m));
            let critic = Critic::new(&with);
            let r = evaluate_answers(&critic, &held, &none);
            for (k, s) in r.signals.iter().enumerate() {
                add(&mut cells[k][g], s);
            }
        }
    }
    Sweep { signals, cells }
}

fn add(c: &mut Cell, s: &SignalAccuracy) {
    c.claims += s.predicted;
    c.right += s.correct;
    c.marked += s.gold_answers;
    c.found += s.found_answers;
}

impl Sweep {
    /// Each signal's gate (by its index in the sweep's signals).
    pub fn chosen(&self) -> Vec<f32> {
        self.cells
            .iter()
            .map(|row| {
                let Some(base) = row.first() else {
                    return 0.0;
                };
                let mut best = (0.0f32, base.precision());
                for (cell, &t) in row.iter().zip(&GRID) {
                    if cell.claims < MIN_CLAIMS || cell.recall() + RECALL_GIVEN < base.recall() {
                        continue;
                    }
                    if cell.precision() > best.1 {
                        best = (t, cell.precision());
                    }
                }
                best.0
            })
            .collect()
    }

    /// The gates for `model`'s classes (0 for `none` and any class not swept).
    pub fn gates_for(&self, model: &LinearModel) -> Vec<f32> {
        let chosen = self.chosen();
        model
            .classes
            .iter()
            .map(|c| {
                self.signals
                    .iter()
                    .position(|s| s == c)
                    .and_then(|k| chosen.get(k).copied())
                    .unwrap_or(0.0)
            })
            .collect()
    }

    /// The sweep as a table: per signal, precision / recall at each gate, the chosen one marked.
    pub fn print(&self) {
        let chosen = self.chosen();
        println!(
            "GATES (train split, leave one writer out): precision / recall of the answers marked, per gate; * chosen (best precision losing at most {RECALL_GIVEN} points of recall, from at least {MIN_CLAIMS} claims)"
        );
        for (k, s) in self.signals.iter().enumerate() {
            let mut line = format!("  {s:<15}");
            for (g, t) in GRID.iter().enumerate() {
                let Some(c) = self.cells.get(k).and_then(|r| r.get(g)) else {
                    continue;
                };
                if g % 2 == 1 && chosen.get(k) != Some(t) {
                    continue;
                }
                let mark = if chosen.get(k) == Some(t) { "*" } else { " " };
                line.push_str(&format!(
                    " {mark}{t:.2}:{:>4.0}/{:<3.0}",
                    c.precision(),
                    c.recall()
                ));
            }
            println!("{line}");
        }
    }
}
