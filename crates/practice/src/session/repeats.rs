//! Noticing repeated answers: an answer given again word for word or nearly, the remark it draws,
//! and the debrief's list of repeats.

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use tpmprep_content::Probe;
use tpmprep_critic::Critic;

use super::{AnswerRef, Repeat, Session};
use crate::choose::similarity;
use crate::follow_up;

/// Follow-up wording used when a pack has no `repeated` probe.
const REPEATED_FALLBACK: &str = "You gave this same answer to an earlier question. What else do you have that shows {principle}?";

/// Similarity (Jaccard of word 3-shingles, over lowercased words) at which an answer repeats an
/// earlier one.
pub const REPEAT_AT: f64 = 0.8;

/// Words an answer needs before it can count as a repeat: shorter ones ("Not sure.") are judged as
/// non-answers instead.
pub const REPEAT_MIN_WORDS: usize = 8;

impl Session {
    /// The earliest answer of the mock that `text` repeats, word for word or nearly (similarity at
    /// least [`REPEAT_AT`]; an answer under [`REPEAT_MIN_WORDS`] words, or one that is only a
    /// deflection, repeats nothing: it is a non-answer instead).
    pub(super) fn repeat_of(&self, text: &str) -> Option<AnswerRef> {
        // A short or empty reply, or a deflection, is a non-answer rather than a repeat.
        if follow_up::words(text).len() < REPEAT_MIN_WORDS
            || !follow_up::substantive(text, true, &self.deflections)
        {
            return None;
        }
        for (i, asked) in self.asked.iter().enumerate() {
            for (q, a) in asked.iter().enumerate() {
                let earlier = std::iter::once((None, a.answer.as_str())).chain(
                    a.follow_ups
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (Some(k), f.answer.as_str())),
                );
                for (follow_up, said) in earlier {
                    if similarity(text, said) >= REPEAT_AT {
                        return Some(AnswerRef {
                            interview: i,
                            question: q,
                            follow_up,
                        });
                    }
                }
            }
        }
        None
    }

    /// The remark on an answer that repeats an earlier one, worded from the pack's `repeated`
    /// probes with the name of the principle question `q` of interview `i` probes.
    pub(super) fn repeated_probe(
        &self,
        i: usize,
        q: usize,
        critic: &Critic,
        probes: &[Probe],
        seed: u64,
    ) -> Probe {
        let fresh: Vec<&Probe> = probes
            .iter()
            .filter(|p| p.gap == "repeated" && !self.asked_probes.contains(&p.id))
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut p = fresh.choose(&mut rng).map_or_else(
            || Probe {
                id: format!("repeated-{}", self.asked_probes.len()),
                gap: "repeated".into(),
                text: REPEATED_FALLBACK.into(),
            },
            |p| (*p).clone(),
        );
        let principle = &self.questions[i][q].principle;
        let name = critic
            .principle_name(principle)
            .map_or_else(|| "this".to_string(), str::to_string);
        p.text = p.text.replace("{principle}", &name);
        p
    }

    /// Every answer that repeats an earlier one, in the order given.
    pub(super) fn repeats(&self) -> Vec<Repeat> {
        let mut out = Vec::new();
        for (i, asked) in self.asked.iter().enumerate() {
            for (q, a) in asked.iter().enumerate() {
                let answers = std::iter::once((None, &a.answer, a.repeat_of)).chain(
                    a.follow_ups
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (Some(k), &f.answer, f.repeat_of)),
                );
                for (follow_up, text, of) in answers {
                    let Some(of) = of else { continue };
                    let answer = AnswerRef {
                        interview: i,
                        question: q,
                        follow_up,
                    };
                    let said = self.answer_at(of).unwrap_or_default();
                    let mut line =
                        format!("{} repeats your answer to {}", answer.label(), of.label());
                    if let Some(first) = line.get(..1) {
                        let upper = first.to_uppercase();
                        line.replace_range(..1, &upper);
                    }
                    line.push('.');
                    out.push(Repeat {
                        answer,
                        of,
                        similarity: (similarity(text, said) * 100.0).round() / 100.0,
                        text: line,
                    });
                }
            }
        }
        out
    }

    /// The text of the answer at `r`, if the mock holds it.
    fn answer_at(&self, r: AnswerRef) -> Option<&str> {
        let a = self.asked.get(r.interview)?.get(r.question)?;
        match r.follow_up {
            None => Some(&a.answer),
            Some(k) => a.follow_ups.get(k).map(|f| f.answer.as_str()),
        }
    }
}
