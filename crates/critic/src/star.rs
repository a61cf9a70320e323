//! Which STAR part each sentence of an answer is in, for the time a spoken answer spends in
//! each: the labelled part when the answer has labels, else the part the sentence's signals say
//! (a lesson, the task, a result, an action, a responsibility, the situation), else the part of the sentence before.

use serde::Serialize;

use crate::Critic;
use crate::model::Input;
use crate::read::Part;
use crate::signals::{Bits, Sig};

/// One sentence and its STAR part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarSpan {
    /// Start byte of the sentence.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// `situation`, `task`, `action`, `result` or `lesson`.
    pub part: &'static str,
}

fn label(p: Part) -> Option<&'static str> {
    match p {
        Part::None => None,
        Part::Situation => Some("situation"),
        Part::Task => Some("task"),
        Part::Action => Some("action"),
        Part::Result => Some("result"),
        Part::Lesson => Some("lesson"),
    }
}

fn by_signals(bits: Bits) -> Option<&'static str> {
    let has = |s: Sig| bits & s.bit() != 0;
    if has(Sig::Lesson) || has(Sig::Mistake) {
        Some("lesson")
    } else if has(Sig::Task) {
        // A goal's figures ("cut the delay from five days to two") are not a result.
        Some("task")
    } else if has(Sig::Result) || has(Sig::OutcomeNumber) {
        Some("result")
    } else if has(Sig::Action)
        || has(Sig::Decision)
        || has(Sig::TradeOff)
        || has(Sig::Alternatives)
        || has(Sig::Dissent)
        || has(Sig::Commitment)
    {
        Some("action")
    } else if has(Sig::Responsibility) {
        Some("task")
    } else if has(Sig::Situation) {
        Some("situation")
    } else {
        None
    }
}

impl Critic {
    /// Each sentence of the answer with its STAR part, in order.
    pub fn star_parts(&self, input: &Input<'_>) -> Vec<StarSpan> {
        let (_, _, _, a) = self.read(input);
        let mut previous = "situation";
        (0..a.sentences.len())
            .map(|i| {
                let (start, end) = a.span(i);
                let part = a
                    .shapes
                    .get(i)
                    .and_then(|s| label(s.part))
                    .or_else(|| a.sig.get(i).and_then(|b| by_signals(*b)))
                    .unwrap_or(previous);
                previous = part;
                StarSpan { start, end, part }
            })
            .collect()
    }
}
