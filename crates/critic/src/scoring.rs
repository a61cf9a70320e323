//! The overall score: what the reading found, weighed as an interviewer weighs it, then held down
//! by what the question needed and the answer lacks. One scale everywhere: ≥ 70 is "strong" (an
//! interviewer would write Hire), < 45 "weak".

use crate::analysis::Analysis;
use crate::signals::Sig;
use crate::{Facts, L};

/// Why a score was held down: the cap and the reason, for the finding that explains it.
#[derive(Debug, Clone)]
pub struct Cap {
    /// The highest score allowed.
    pub at: u8,
    /// The finding's signal code.
    pub signal: &'static str,
}

/// Points for a behavioural answer from its signals, 0..=100 before caps.
pub fn behavioural(a: &Analysis<'_>, facts: &Facts, i_share: f64) -> f64 {
    let has = |s: Sig| a.sig_any(s);
    let mut p = 0.0;
    // What you did, and whether it was yours.
    if has(Sig::Action) {
        p += 12.0 + 8.0 * i_share;
    }
    if has(Sig::Decision) {
        p += 12.0;
    }
    // The result, checkable.
    if has(Sig::Result) {
        p += 10.0;
    }
    if a.num.outcome > 0 {
        p += 12.0 + if a.num.before_after { 3.0 } else { 0.0 };
    }
    // A second outcome, checkable on its own ("pages fell from 63 a week to 11 … swaps dropped to
    // one"): a result measured more than once. Figures of the setting, targets, options and
    // padding are no outcome, so more numbers alone add nothing.
    if a.num.outcome_sentences.len() >= 2 {
        p += 3.0;
    }
    // The people you worked with.
    if has(Sig::Partner) || !facts.partners.is_empty() {
        p += 8.0 + if has(Sig::PartnerNamed) { 2.0 } else { 0.0 };
    }
    // Judgment beyond the decision: what it cost, what else was weighed.
    let judgment: f64 = if has(Sig::TradeOff) {
        10.0
    } else if !facts.trade_off.is_empty() {
        5.0
    } else {
        0.0
    } + if has(Sig::Alternatives) { 6.0 } else { 0.0 }
        + if has(Sig::Incomplete) { 4.0 } else { 0.0 };
    p += judgment.min(12.0);
    if has(Sig::Dissent) || !facts.dissent.is_empty() {
        p += 4.0;
    }
    if has(Sig::Customer) {
        p += 5.0;
    }

    if has(Sig::Lesson) || !facts.differently.is_empty() {
        p += 5.0;
    }
    if has(Sig::Mistake) || has(Sig::Artifacts) || has(Sig::Capacity) {
        p += 4.0;
    }
    // Concreteness: the vague, the jargon and the buzzwords take away.
    calibrate(p - habits(a))
}

/// Raw points at or above which a behavioural answer reads as Hire (fitted on the train split's
/// graded answers: an answer with every core signal but one or two of the lesser ones).
const HIRE_POINTS: f64 = 62.0;

/// Maps raw points onto the one scale: below 45 unchanged ("weak" stays weak), 45..HIRE_POINTS
/// stretched onto 45..70, above it compressed onto 70..100. Monotone, so rankings never change.
fn calibrate(p: f64) -> f64 {
    if p <= 45.0 {
        p
    } else if p <= HIRE_POINTS {
        45.0 + (p - 45.0) * 25.0 / (HIRE_POINTS - 45.0)
    } else {
        70.0 + (p - HIRE_POINTS) * 30.0 / (100.0 - HIRE_POINTS)
    }
}

/// Points lost to vague claims, buzzwords, hedges and fillers (each sentence counted once per
/// kind).
pub fn habits(a: &Analysis<'_>) -> f64 {
    let mut lost = 0.0;
    for (l, each, cap) in [
        (L::Vague, 4.0, 16.0),
        (L::Buzzwords, 3.0, 12.0),
        (L::Jargon, 2.0, 6.0),
        (L::Hedges, 1.5, 6.0),
        (L::Fillers, 0.5, 4.0),
    ] {
        let mut seen = Vec::new();
        for h in a.of(l) {
            if let Some(si) = a.sentence_at(h.start) {
                if !seen.contains(&si) {
                    seen.push(si);
                }
            }
        }
        lost += (each * seen.len() as f64).min(cap);
    }
    // Sentences too long to follow when spoken (the delivery's `long-sentence` note): the
    // listener loses the thread, whatever the sentence holds.
    let long = a
        .sentences
        .iter()
        .filter(|s| s.words > LONG_SENTENCE)
        .count();
    lost += (2.0 * long as f64).min(6.0);
    lost
}

/// Words above which a sentence is too long to follow when spoken.
pub(crate) const LONG_SENTENCE: usize = 45;

/// Points for a design or technical answer, 0..=100 before caps. A technical question ("When
/// would you choose…", "How would you debug…") weighs the mechanism and the choice more than a
/// system design does, and asks for one limit or failure (any of bottleneck, failure mode,
/// monitoring, scaling) where a design asks for each.
///
/// A criterion counts as the checklist shows it: on the rules' reading, so an item listed as
/// present always earns its points (the gates only choose what is quoted as praise).
pub fn design(a: &Analysis<'_>, technical: bool) -> f64 {
    let has = |s: Sig| a.read_any(s);
    let mut p = 0.0;
    let weights: [(Sig, f64, f64); 4] = [
        (Sig::Requirements, 12.0, 6.0),
        (Sig::Estimate, 12.0, 12.0),
        (Sig::Components, 14.0, 18.0),
        (Sig::TradeOff, 14.0, 24.0),
    ];
    for (s, design, tech) in weights {
        if has(s) {
            p += if technical { tech } else { design };
        }
    }
    // Where it stops working. A system design needs each of these; an explanation needs one
    // limit or failure told well, and a little for each more.
    let limits: [(Sig, f64); 4] = [
        (Sig::Bottleneck, 10.0),
        (Sig::FailureMode, 12.0),
        (Sig::Monitoring, 10.0),
        (Sig::Scaling, 10.0),
    ];
    let told = limits.iter().filter(|(s, _)| has(*s)).count();
    if technical {
        if told > 0 {
            p += 20.0 + 4.0 * (told - 1) as f64;
        }
    } else {
        p += limits
            .iter()
            .filter(|(s, _)| has(*s))
            .map(|(_, w)| w)
            .sum::<f64>();
    }
    if !has(Sig::TradeOff) && has(Sig::Alternatives) {
        p += if technical { 16.0 } else { 8.0 };
    }
    if technical && mechanism(a) {
        p += 12.0;
    }
    p + 6.0 - habits(a)
}

/// An explanation that walks through how the thing works: its parts in three sentences or more
/// ("the browser asks the operating system…", "…asks a recursive resolver", "the resolver asks a
/// root server…").
pub(crate) fn mechanism(a: &Analysis<'_>) -> bool {
    (0..a.sentences.len())
        .filter(|&i| a.read_at(i, Sig::Components))
        .count()
        >= 3
}

/// The length's cap: a few words cannot be strong, whatever they name.
pub fn length_cap(words: usize) -> Option<Cap> {
    match words {
        0..=39 => Some(Cap {
            at: 30,
            signal: "too-short",
        }),
        40..=79 => Some(Cap {
            at: 60,
            signal: "too-short",
        }),
        // An essay, not an answer: no interviewer hears it out.
        1201.. => Some(Cap {
            at: 60,
            signal: "too-long",
        }),
        _ => None,
    }
}

/// Applies the lowest cap. A capped answer lands in the ten points below its cap, in proportion to
/// its points, so two answers held by the same cap still rank by their substance.
pub fn apply(points: f64, caps: &[Cap]) -> u8 {
    let points = points.clamp(0.0, 100.0);
    let score = match caps.iter().map(|c| f64::from(c.at)).reduce(f64::min) {
        Some(cap) if points > cap => cap - 10.0 + 10.0 * points / 100.0,
        _ => points,
    };
    score.round().clamp(0.0, 100.0) as u8
}

/// Why the score was held down, in a sentence a candidate reads: the lowest cap that bit.
pub fn held(points: f64, caps: &[Cap]) -> Option<String> {
    let points = points.round().clamp(0.0, 100.0);
    let cap = caps
        .iter()
        .filter(|c| f64::from(c.at) < points)
        .min_by_key(|c| c.at)?;
    let why = match cap.signal {
        "too-short" => "an answer this short cannot show enough to be strong",
        "too-long" => {
            "an answer over 1,200 words is an essay; an interviewer cuts in long before its end"
        }
        "mistake" => "the question asks about a failure and the answer owns no mistake",
        "dissent" => "the question asks about a disagreement and no one disagrees in the answer",
        "customer" => {
            "the question asks about a customer and the answer names none with their problem"
        }
        "trade-off" => {
            "the question asks about a deadline and the answer gives up nothing to meet it"
        }
        "relevance" => "the answer reads as an answer to another question",
        "design" => "the design or technical criteria the question needs are mostly missing",
        "story-answer" => {
            "the question asks for a design or an explanation and the answer tells a story"
        }
        other => other,
    };
    Some(format!("Held to at most {}: {why}.", cap.at))
}
