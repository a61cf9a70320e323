//! Which sentence the critic quotes for a signal, when several carry it.
//!
//! The rules in `signals` say which sentences carry a signal; an answer often has several ("p99
//! climbed from 300 ms to 800 ms" in the situation, "p99 fell to 120 ms" in the result). What the
//! critic quotes for the signal (its praise, the design checklist, the `quoted` entry of
//! `signals`) must be the sentence that earns it. The pack's `sentence-signals` model (trained
//! offline on the span-marked answers by `examples/train.rs`) reads each carrying sentence as a
//! short document: its place in the answer, its labelled part, the signals the rules found in it,
//! and its words with every figure read as `num`. It gives the probability that a marker would
//! mark the sentence with each signal; the likeliest carrying sentence is quoted. Without the
//! model the first carrying sentence is quoted.
//!
//! The document is read from the analysis' own tokens (stem hashes), so scoring costs no second
//! pass of the stemmer; [`document`] writes the same document as text for training.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use tpmprep_content::{LinearModel, Target};

use crate::analysis::Analysis;
use crate::features::Scheme;
use crate::learn::softmax;
use crate::read::Part;
use crate::signals::{self, Sig, token_range};
use crate::stems::hash;
use crate::text::PassThrough;

/// The model file's stem.
pub const SENTENCE_SIGNALS: &str = "sentence-signals";

/// The fewest sentences an answer has for the model's gates to apply.
const GATED_FROM: usize = 5;

/// The class a sentence with no marked signal is trained to.
pub const NONE: &str = "none";

/// What a figure reads as.
const NUM: &str = "num";

/// The words for a sentence's place: first, last, in the first half, in the second.
const PLACES: [&str; 4] = ["zzfirst", "zzlast", "zzearly", "zzlate"];

/// The words for the labelled part a sentence is in.
const PARTS: [&str; 5] = [
    "zzpartsituation",
    "zzparttask",
    "zzpartaction",
    "zzpartresult",
    "zzpartlesson",
];

/// Where sentence `i` is: its place (index into [`PLACES`]) and its labelled part (into
/// [`PARTS`]).
fn context(a: &Analysis<'_>, i: usize) -> (usize, Option<usize>) {
    let n = a.sentences.len();
    let place = if i == 0 {
        0
    } else if i + 1 == n {
        1
    } else if i * 2 < n {
        2
    } else {
        3
    };
    let part = match a.shapes.get(i).map_or(Part::None, |s| s.part) {
        Part::None => None,
        Part::Situation => Some(0),
        Part::Task => Some(1),
        Part::Action => Some(2),
        Part::Result => Some(3),
        Part::Lesson => Some(4),
    };
    (place, part)
}

/// The words for a sentence's place, part and signals (none of them English).
fn context_words(a: &Analysis<'_>, i: usize) -> Vec<String> {
    let (place, part) = context(a, i);
    let mut out = vec![PLACES[place].to_string()];
    out.extend(part.map(|p| PARTS[p].to_string()));
    for sig in signals::ALL {
        if a.sig_at(i, sig) {
            out.push(signal_word(sig));
        }
    }
    out
}

fn signal_word(sig: Sig) -> String {
    let mut w = "zz".to_string();
    w.extend(sig.code().chars().filter(|c| c.is_ascii_alphabetic()));
    w
}

/// The tokens of sentence `i` (as quoted: after any inline label).
fn sentence_tokens<'a>(a: &'a Analysis<'_>, i: usize) -> &'a [crate::stems::Token] {
    let (start, end) = a.span(i);
    let r = token_range(&a.tokens, start, end);
    a.tokens.get(r).unwrap_or(&[])
}

/// Sentence `i` as the text document the model is trained on: the context words, then the
/// sentence's words lower-cased, each word with a digit in it read as `num`.
pub(crate) fn document(a: &Analysis<'_>, i: usize) -> String {
    let mut words = context_words(a, i);
    for t in sentence_tokens(a, i) {
        if t.lower.chars().any(|c| c.is_ascii_digit()) {
            words.push(NUM.to_string());
        } else {
            words.push(t.lower.to_string());
        }
    }
    words.join(" ")
}

/// The model, keyed by stem hashes so that a sentence is scored from the analysis' tokens.
pub(crate) struct SentenceModel {
    unigram: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
    bigram: HashMap<(u64, u64), u32, BuildHasherDefault<crate::features::Fnv>>,
    idf: Vec<f32>,
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Class `k` of the model → the signal's index in [`signals::ALL`].
    map: Vec<Option<usize>>,
    /// By index in [`signals::ALL`]: the model has a class for it.
    known: Vec<bool>,
    /// By index in [`signals::ALL`]: the model's gate for it (0 when it has none).
    gates: Vec<f64>,
    /// The class of sentences that carry no signal.
    none: Option<usize>,
    /// Hash of `num`.
    num: u64,
    /// The hash of each context word's stem (the stemmer trims some: `zzpartsitu`): places,
    /// parts, and signals by bit.
    places: [u64; 4],
    parts: [u64; 5],
    signal_words: Vec<u64>,
    /// `1 + ln(tf)` for the small counts `tf`.
    log_tf: Vec<f32>,
}

/// The buffers one answer's sentences are scored in, reused from sentence to sentence.
#[derive(Default)]
struct Scratch {
    seq: Vec<u64>,
    hits: Vec<u32>,
    x: Vec<(u32, f32)>,
    logits: Vec<f64>,
    out: Vec<f64>,
    /// The probability of `none` for the sentence last scored.
    none: f64,
}

impl SentenceModel {
    /// The model, if it is a sentence-signals model this critic can read.
    pub(crate) fn new(m: &LinearModel) -> Option<SentenceModel> {
        if m.target != Target::Signal || Scheme::parse(&m.tokenizer) != Some(Scheme::Words) {
            return None;
        }
        let mut unigram = HashMap::default();
        let mut bigram = HashMap::default();
        for (f, feature) in m.features.iter().enumerate() {
            let f = u32::try_from(f).ok()?;
            match feature.split_once(' ') {
                None => {
                    unigram.insert(hash(feature), f);
                }
                Some((x, y)) => {
                    bigram.insert((hash(x), hash(y)), f);
                }
            }
        }
        let codes: Vec<&str> = signals::ALL.iter().map(|s| s.code()).collect();
        let stems = crate::features::Stems::new();
        let map: Vec<Option<usize>> = m
            .classes
            .iter()
            .map(|c| codes.iter().position(|x| x == c))
            .collect();
        let gates = (0..codes.len())
            .map(|k| {
                map.iter()
                    .position(|c| *c == Some(k))
                    .and_then(|c| m.gates.get(c))
                    .map_or(0.0, |g| f64::from(*g))
            })
            .collect();
        Some(SentenceModel {
            known: (0..codes.len()).map(|k| map.contains(&Some(k))).collect(),
            gates,
            none: m.classes.iter().position(|c| c == NONE),
            unigram,
            bigram,
            idf: m.idf.clone(),
            weights: m.weights.clone(),
            bias: m.bias.clone(),
            map,
            num: hash(NUM),
            places: PLACES.map(|w| hash(&stems.stem(w))),
            parts: PARTS.map(|w| hash(&stems.stem(w))),
            signal_words: signals::ALL
                .iter()
                .map(|&s| hash(&stems.stem(&signal_word(s))))
                .collect(),
            // Computed at run time like the counts past it (`black_box`: not folded by the
            // compiler, whose logarithm could round differently).
            log_tf: (0..64u32)
                .map(|tf| 1.0 + (std::hint::black_box(tf) as f32).ln())
                .collect(),
        })
    }

    /// Per signal (by index in [`signals::ALL`]), the probability that sentence `i` is marked
    /// with it.
    fn probabilities<'s>(&self, a: &Analysis<'_>, i: usize, scratch: &'s mut Scratch) -> &'s [f64] {
        let Scratch {
            seq,
            hits,
            x,
            logits,
            out,
            none,
        } = scratch;
        let tokens = sentence_tokens(a, i);
        seq.clear();
        let (place, part) = context(a, i);
        seq.push(self.places[place]);
        seq.extend(part.map(|p| self.parts[p]));
        let bits = a.sig.get(i).copied().unwrap_or(0);
        for (k, s) in signals::ALL.iter().enumerate() {
            if bits & s.bit() != 0 {
                seq.extend(self.signal_words.get(k));
            }
        }
        seq.extend(tokens.iter().map(|t| {
            if t.lower.bytes().any(|b| b.is_ascii_digit()) {
                self.num
            } else {
                t.stem
            }
        }));
        hits.clear();
        hits.extend(seq.iter().filter_map(|h| self.unigram.get(h).copied()));
        hits.extend(
            seq.windows(2)
                .filter_map(|w| self.bigram.get(&(w[0], w[1])).copied()),
        );
        hits.sort_unstable();
        // log-TF × IDF, L2-normalised: the same weighting the model was trained with.
        x.clear();
        for &f in hits.iter() {
            match x.last_mut() {
                Some((g, tf)) if *g == f => *tf += 1.0,
                _ => x.push((f, 1.0)),
            }
        }
        for (f, v) in x.iter_mut() {
            let idf = self.idf.get(*f as usize).copied().unwrap_or(0.0);
            // `v` is a whole count: `1 + ln(v)` from the table made by the same sum.
            let log_tf = match self.log_tf.get(*v as usize) {
                Some(l) => *l,
                None => 1.0 + v.ln(),
            };
            *v = log_tf * idf;
        }
        let norm = x.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        let k = self.bias.len();
        logits.clear();
        logits.extend(self.bias.iter().map(|b| f64::from(*b)));
        if norm > 0.0 {
            for &(f, v) in x.iter() {
                let row = self
                    .weights
                    .get(f as usize * k..(f as usize + 1) * k)
                    .unwrap_or(&[]);
                for (l, w) in logits.iter_mut().zip(row) {
                    *l += f64::from(v / norm) * f64::from(*w);
                }
            }
        }
        softmax(logits);
        *none = self
            .none
            .and_then(|c| logits.get(c).copied())
            .unwrap_or(0.0);
        out.clear();
        out.resize(signals::ALL.len(), 0.0);
        for (p, slot) in logits.iter().zip(&self.map) {
            if let Some(o) = slot.and_then(|s| out.get_mut(s)) {
                *o += p;
            }
        }
        out
    }
}

/// Weighs each sentence's signals with the model, and returns for each signal (by bit) the
/// sentence to quote (`None`: quote the first that carries it).
///
/// First the gates: a signal the rules read in a sentence is cleared where the model doubts it,
/// where `p(signal) / (p(signal) + p(none))` is below the model's gate for that signal. A rule
/// fires on words ("we chose", "the customer"); the model, trained on what people mark, knows which
/// of those sentences a reader would credit. The rules' reading is kept in `a.read`, for the
/// findings that say a signal is missing. Then the quote: of the sentences still carrying a
/// signal, the one the model finds likeliest to be marked with it (the earliest of equals).
///
/// Each sentence is scored once, on the rules' reading (as the model was trained).
pub(crate) fn weigh(model: Option<&SentenceModel>, a: &mut Analysis<'_>) -> Vec<Option<usize>> {
    let mut out = vec![None; signals::ALL.len()];
    let Some(model) = model else {
        return out;
    };
    let known = |k: usize| model.known.get(k).copied().unwrap_or(false);
    let gate = |k: usize| model.gates.get(k).copied().unwrap_or(0.0);
    let mut gated: signals::Bits = 0;
    // The model reads a sentence by its place in a whole answer (first, early, late, last); a
    // text of a few sentences (a line typed in the editor, a follow-up) is not what it learned
    // from, so its signals stand as the rules read them.
    let whole = a.sentences.len() >= GATED_FROM;
    let mut carriers = vec![0usize; signals::ALL.len()];
    for (k, s) in signals::ALL.iter().enumerate() {
        if whole && gate(k) > 0.0 {
            gated |= s.bit();
        }
        if known(k) {
            carriers[k] = a.sig.iter().filter(|b| *b & s.bit() != 0).count();
        }
    }
    // Signals whose quote the model may choose: known and carried twice or more.
    let mut contested: signals::Bits = 0;
    for (k, s) in signals::ALL.iter().enumerate() {
        if carriers[k] > 1 {
            contested |= s.bit();
        }
    }
    let mut scratch = Scratch::default();
    // Per sentence that needed it: the probability of each signal (by index in `ALL`).
    let mut probs: Vec<Option<Vec<f64>>> = vec![None; a.sig.len()];
    let mut clear: Vec<(usize, signals::Bits)> = Vec::new();
    for (i, &bits) in a.sig.iter().enumerate() {
        if bits & (gated | contested) == 0 {
            continue;
        }
        model.probabilities(a, i, &mut scratch);
        let none = scratch.none;
        let mut drop: signals::Bits = 0;
        for (k, s) in signals::ALL.iter().enumerate() {
            let g = gate(k);
            if bits & s.bit() == 0 || g <= 0.0 || !whole {
                continue;
            }
            let pk = scratch.out.get(k).copied().unwrap_or(0.0);
            let r = if pk + none > 0.0 {
                pk / (pk + none)
            } else {
                0.0
            };
            if r < g {
                drop |= s.bit();
            }
        }
        if drop != 0 {
            clear.push((i, drop));
        }
        if let Some(slot) = probs.get_mut(i) {
            *slot = Some(scratch.out.clone());
        }
    }
    if !clear.is_empty() {
        a.read = a.sig.clone();
        for (i, drop) in clear {
            if let Some(b) = a.sig.get_mut(i) {
                *b &= !drop;
            }
        }
    }
    // The quote, among the sentences that still carry each signal.
    for (k, s) in signals::ALL.iter().enumerate() {
        if !known(k) || a.sig.iter().filter(|b| *b & s.bit() != 0).count() < 2 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for (i, &bits) in a.sig.iter().enumerate() {
            if bits & s.bit() == 0 {
                continue;
            }
            let pk = probs
                .get(i)
                .and_then(Option::as_ref)
                .and_then(|p| p.get(k))
                .copied()
                .unwrap_or(0.0);
            if best.is_none_or(|(_, b)| pk > b) {
                best = Some((i, pk));
            }
        }
        if let Some(slot) = out.get_mut(k) {
            *slot = best.map(|(i, _)| i);
        }
    }
    out
}
