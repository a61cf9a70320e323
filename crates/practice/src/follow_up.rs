//! Follow-ups chosen from the critic's biggest gaps (or, after a design question, from the design
//! gaps), worded from the pack's probes; and whether a reply to one answers it.

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use tpmprep_content::{DESIGN_GAPS, Probe};
use tpmprep_critic::{Critique, Severity};

/// Content words a follow-up answer needs, the pack's deflections aside, to answer it.
pub const MIN_CONTENT_WORDS: usize = 6;

/// Words that carry no content of their own (articles, pronouns, auxiliaries, prepositions,
/// conjunctions): grammar, not judgment, so they live here rather than in the pack.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "him",
    "his",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "just",
    "me",
    "mine",
    "my",
    "myself",
    "no",
    "not",
    "of",
    "on",
    "or",
    "our",
    "ours",
    "ourselves",
    "she",
    "should",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "too",
    "us",
    "very",
    "was",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yes",
    "you",
    "your",
];

/// First-person words: a behavioural follow-up is answered in them (what *you* did or gave up).
const FIRST_PERSON: &[&str] = &[
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "our",
    "ours",
    "us",
    "ourselves",
];

/// The words of a text as the checks read them: lowercase, apostrophes kept inside a word (curly
/// ones made straight), everything else a separator.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('\u{2019}', "'").to_lowercase())
        .collect()
}

/// Whether a reply to a follow-up answers it: at least [`MIN_CONTENT_WORDS`] content words once
/// any of the pack's `deflections` ("i would ask the team", "not sure") are taken out, and, after
/// a behavioural follow-up (not `design`), something said in the first person. "I would ask the
/// team." and "Not sure." do not; "I cut the saved-cards redesign by one sprint to free two
/// engineers." does.
pub fn substantive(answer: &str, design: bool, deflections: &[String]) -> bool {
    let w = words(answer);
    let mut kept = vec![true; w.len()];
    for d in deflections {
        let dw = words(d);
        if dw.is_empty() || dw.len() > w.len() {
            continue;
        }
        for start in 0..=w.len() - dw.len() {
            if w[start..start + dw.len()] == dw[..] {
                kept[start..start + dw.len()].fill(false);
            }
        }
    }
    let left: Vec<&str> = w
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(w, _)| w.as_str())
        .collect();
    let content = left.iter().filter(|w| !FUNCTION_WORDS.contains(w)).count();
    content >= MIN_CONTENT_WORDS && (design || left.iter().any(|w| FIRST_PERSON.contains(w)))
}

/// One follow-up for a system-design or technical answer, from the design gaps only (what breaks
/// at ten times the load, how failure is noticed, what a choice traded away, where data is sharded
/// or cached, what was assumed): never a gap already probed on this question (`gaps_here`), never
/// a probe already asked in this mock (`asked`), drawn with `seed`.
pub fn choose_design<'p>(
    probes: &'p [Probe],
    asked: &[String],
    gaps_here: &[&str],
    seed: u64,
) -> Option<&'p Probe> {
    let fresh: Vec<&Probe> = probes
        .iter()
        .filter(|p| {
            DESIGN_GAPS.contains(&p.gap.as_str())
                && !gaps_here.contains(&p.gap.as_str())
                && !asked.contains(&p.id)
        })
        .collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    fresh.choose(&mut rng).copied()
}

/// The probe gap a critic finding's signal points at, if any.
pub fn gap_of(signal: &str) -> Option<&'static str> {
    Some(match signal {
        "outcome-number" | "baseline" | "incidental-number" => "metrics",
        "trade-off" | "alternatives" => "trade-off",
        "dissent" | "commitment" => "dissent",
        "capacity" => "capacity",
        "we-everywhere" | "mistake" => "ownership",
        "lesson" => "lesson",
        "customer" => "customer",
        "decision" | "responsibility" | "action" => "decision",
        "teams" => "scope",
        _ => return None,
    })
}

/// Up to `max` follow-ups for an answer: one per gap, biggest gaps first (a missing signal outweighs a
/// weak one), never a probe already asked in this mock (`asked` holds probe ids). An answer with no
/// gap still gets a counterfactual probe, as a real interviewer tests strong answers too. The wording
/// is drawn with `seed`, so mocks vary but replay exactly.
pub fn choose<'p>(
    critique: &Critique,
    probes: &'p [Probe],
    asked: &[String],
    max: usize,
    seed: u64,
) -> Vec<&'p Probe> {
    let mut weights: Vec<(&'static str, u32, usize)> = Vec::new();
    for (order, f) in critique.findings.iter().enumerate() {
        let Some(gap) = gap_of(f.signal) else {
            continue;
        };
        let w = match f.severity {
            Severity::Miss => 3,
            Severity::Warn => 2,
            Severity::Note => 1,
        };
        match weights.iter_mut().find(|(g, _, _)| *g == gap) {
            Some(entry) => entry.1 += w,
            None => weights.push((gap, w, order)),
        }
    }
    weights.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut gaps: Vec<&str> = weights.iter().map(|(g, _, _)| *g).collect();
    if gaps.is_empty() {
        gaps.push("counterfactual");
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for gap in gaps {
        if out.len() >= max {
            break;
        }
        let fresh: Vec<&Probe> = probes
            .iter()
            .filter(|p| p.gap == gap && !asked.contains(&p.id))
            .collect();
        if let Some(p) = fresh.choose(&mut rng) {
            out.push(*p);
        }
    }
    out
}
