//! A pack prompt's reference points (components, trade-offs, failure modes, monitoring) against
//! the write-up: an item is touched when one sentence holds enough of its key word stems (at least
//! two, and at least 40% of them). The rest are listed as not mentioned: references, never faults.

use tpmprep_content::Prompt;

use super::report::{Reference, ReferenceItem};
use crate::analysis::Analysis;

/// English grammar words, never key words of an item.
const GRAMMAR: [&str; 40] = [
    "the", "and", "for", "with", "from", "into", "that", "this", "which", "when", "what", "then",
    "than", "over", "under", "only", "more", "less", "each", "every", "some", "their", "them",
    "they", "there", "where", "while", "about", "after", "before", "does", "not", "its", "it's",
    "both", "also", "just", "such", "very", "instead",
];

/// An item's head: before a colon, else its first clause (before a comma or semicolon), at most
/// twelve words.
fn head(item: &str) -> String {
    let cut = item
        .find(':')
        .or_else(|| item.find([',', ';']))
        .unwrap_or(item.len());
    let part = item.get(..cut).unwrap_or(item);
    part.split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key stems of a head: its words of four letters or more that are not grammar words.
fn keys(head: &str, stem: &impl Fn(&str) -> u64) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for w in head.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let lower = w.to_lowercase();
        if lower.chars().count() < 4 || GRAMMAR.contains(&lower.as_str()) {
            continue;
        }
        let h = stem(&lower);
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// The sentences each stem of the write-up appears in, in text order: read once, so each item is
/// matched by looking its key stems up.
type Where = std::collections::HashMap<u64, Vec<usize>>;

fn where_stems(a: &Analysis<'_>) -> Where {
    let mut out = Where::new();
    for i in 0..a.sentences.len() {
        let (start, end) = a.span(i);
        let from = a.tokens.partition_point(|t| t.start < start);
        let to = a.tokens.partition_point(|t| t.start < end);
        for t in a.tokens.get(from..to.max(from)).unwrap_or(&[]) {
            let at = out.entry(t.stem).or_default();
            if at.last() != Some(&i) {
                at.push(i);
            }
        }
    }
    out
}

fn items(
    a: &Analysis<'_>,
    at: &Where,
    list: &[String],
    stem: &impl Fn(&str) -> u64,
) -> Vec<ReferenceItem> {
    list.iter()
        .map(|item| {
            let head = head(item);
            let keys = keys(&head, stem);
            let need = ((keys.len() as f64 * 0.4).ceil() as usize)
                .clamp(2, 3)
                .min(keys.len());
            // Per sentence, how many of the keys it holds; the first with enough.
            let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
            for k in &keys {
                for &i in at.get(k).map_or(&[][..], Vec::as_slice) {
                    *counts.entry(i).or_default() += 1;
                }
            }
            let found = (need > 0)
                .then(|| counts.iter().find(|(_, n)| **n >= need).map(|(i, _)| *i))
                .flatten();
            let (start, end) = found.map_or((0, 0), |i| a.span(i));
            ReferenceItem {
                item: head,
                touched: found.is_some(),
                start,
                end,
            }
        })
        .collect()
}

/// The prompt's reference points, touched or not mentioned.
pub(crate) fn reference(a: &Analysis<'_>, p: &Prompt, stem: impl Fn(&str) -> u64) -> Reference {
    let at = where_stems(a);
    Reference {
        prompt: p.id.clone(),
        components: items(a, &at, &p.components, &stem),
        trade_offs: items(a, &at, &p.trade_offs, &stem),
        failure_modes: items(a, &at, &p.failure_modes, &stem),
        monitoring: items(a, &at, &p.monitoring, &stem),
    }
}
