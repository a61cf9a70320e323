//! Reading by word stems: the answer as tokens (lower-cased words with their Snowball English stem)
//! and a phrase matcher over stems, so a lexicon phrase finds its inflections ("defer" finds
//! "deferred" and "deferring", "cut the scope" finds "cutting the scope").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::{Hit, PassThrough};

/// One word of the text.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Lower-cased word.
    pub lower: String,
    /// Hash of its stem.
    pub stem: u64,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// Its Snowball stem as the learned models read it: an index into the stem table
    /// [`StemMatcher::tokens_and_stems`] returns.
    pub model_stem: u32,
}

pub(crate) fn hash(s: &str) -> u64 {
    // FNV-1a: small, stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Splits text into words: runs of letters, digits and inner apostrophes (`I'm`, `team's`).
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = it.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = it.peek() {
            if c.is_alphanumeric() {
                it.next();
            } else if c == '\'' || c == '’' {
                // Only inside a word: the next char must be a letter.
                let mut ahead = text.get(i + c.len_utf8()..).unwrap_or("").chars();
                if ahead.next().is_some_and(char::is_alphabetic) {
                    it.next();
                } else {
                    end = i;
                    break;
                }
            } else {
                end = i;
                break;
            }
        }
        Some((start, end))
    })
}

/// First stem → every `(list, pattern of stems)` starting with it.
type ByStem = HashMap<u64, Vec<(usize, Vec<u64>)>, BuildHasherDefault<PassThrough>>;

/// The stemmer and the compiled stem phrases.
pub struct StemMatcher {
    stemmer: Stemmer,
    /// First stem → (list, the whole pattern of stems). Stems are hashed already.
    first: ByStem,
}

impl StemMatcher {
    /// Compiles `lists`; `use_list[i]` false leaves list `i` out.
    pub fn new(lists: &[&[String]], use_list: &[bool]) -> StemMatcher {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut first = ByStem::default();
        for (li, list) in lists.iter().enumerate() {
            if !use_list.get(li).copied().unwrap_or(false) {
                continue;
            }
            for phrase in list.iter() {
                let pattern: Vec<u64> = words(phrase)
                    .map(|(s, e)| stem_hash(&stemmer, &phrase[s..e].to_lowercase()))
                    .collect();
                let Some(&head) = pattern.first() else {
                    continue;
                };
                let bucket = first.entry(head).or_default();
                if !bucket.iter().any(|(l, p)| *l == li && *p == pattern) {
                    bucket.push((li, pattern));
                }
            }
        }
        StemMatcher { stemmer, first }
    }

    /// The text's tokens.
    #[cfg(test)]
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.tokens_and_stems(text).0
    }

    /// The text's tokens, and the table of their distinct stems as the learned models read them
    /// (`features::Stems`: the word's whole Snowball stem), which each token's `model_stem` indexes.
    pub fn tokens_and_stems(&self, text: &str) -> (Vec<Token>, Vec<String>) {
        // Answers repeat their words: each distinct word is stemmed once.
        let mut seen: HashMap<String, (u64, u32)> = HashMap::new();
        let mut table: Vec<String> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        let tokens = words(text)
            .map(|(start, end)| {
                let word = &text[start..end];
                let lower = if word.is_ascii() {
                    word.to_ascii_lowercase()
                } else {
                    word.to_lowercase().replace('’', "'")
                };
                let (stem, model_stem) = match seen.get(&lower) {
                    Some(&known) => known,
                    None => {
                        let full = self.stemmer.stem(&lower).into_owned();
                        let trimmed = lower.trim_end_matches("'s");
                        let h = if trimmed.len() == lower.len() {
                            hash(&full)
                        } else {
                            stem_hash(&self.stemmer, trimmed)
                        };
                        let id = match index.get(&full) {
                            Some(&id) => id,
                            None => {
                                let id = u32::try_from(table.len()).unwrap_or(u32::MAX);
                                index.insert(full.clone(), id);
                                table.push(full);
                                id
                            }
                        };
                        seen.insert(lower.clone(), (h, id));
                        (h, id)
                    }
                };
                Token {
                    start,
                    end,
                    stem,
                    capital: word.chars().next().is_some_and(char::is_uppercase),
                    lower,
                    model_stem,
                }
            })
            .collect();
        (tokens, table)
    }

    /// Stem hash of one lower-case word.
    pub fn stem(&self, lower: &str) -> u64 {
        stem_hash(&self.stemmer, lower)
    }

    /// Every phrase found in `tokens`, in text order.
    pub fn hits(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut out = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let Some(bucket) = self.first.get(&t.stem) else {
                continue;
            };
            for (list, pattern) in bucket {
                let Some(span) = tokens.get(i..i + pattern.len()) else {
                    continue;
                };
                if span.iter().zip(pattern).all(|(t, p)| t.stem == *p) {
                    out.push(Hit {
                        list: *list,
                        start: t.start,
                        end: span.last().map_or(t.end, |l| l.end),
                    });
                }
            }
        }
        out
    }
}

fn stem_hash(stemmer: &Stemmer, lower: &str) -> u64 {
    let w = lower.trim_end_matches("'s");
    hash(&stemmer.stem(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(phrases: &[&str]) -> StemMatcher {
        let list: Vec<String> = phrases.iter().map(|s| s.to_string()).collect();
        StemMatcher::new(&[list.as_slice()], &[true])
    }

    #[test]
    fn inflections_match_their_stem() {
        let sm = m(&["defer", "cut the scope"]);
        let text = "We deferred bulk edit, then kept cutting the scope.";
        let hits = sm.hits(&sm.tokens(text));
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, ["deferred", "cutting the scope"]);
    }

    #[test]
    fn words_keep_inner_apostrophes_only() {
        let text = "I'm the team's lead 'quoted' 40ms";
        let w: Vec<&str> = words(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(w, ["I'm", "the", "team's", "lead", "quoted", "40ms"]);
    }
}
