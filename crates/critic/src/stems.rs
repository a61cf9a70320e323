//! Reading by word stems: the answer as tokens (lower-cased words with their Snowball English stem)
//! and a phrase matcher over stems, so a lexicon phrase finds its inflections ("defer" finds
//! "deferred" and "deferring", "cut the scope" finds "cutting the scope").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

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
    pub lower: Lower,
    /// Hash of its stem.
    pub stem: u64,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// Its Snowball stem as the learned models read it: an index into the stem table
    /// [`StemMatcher::tokens_and_stems`] returns.
    pub model_stem: u32,
}

/// A lower-cased word, shared by every token of the same word as written (a word repeated in an
/// answer is lower-cased and stored once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lower(Rc<str>);

impl Lower {
    /// The word.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for Lower {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<str> for Lower {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
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

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<crate::features::Fnv>>;

/// One-stem phrases: stem → the lists that have it, each with whether the phrase is a noun of
/// who does something whose stem lost that ending (see [`agent_noun`]).
type ByStem = HashMap<u64, Vec<(usize, bool)>, BuildHasherDefault<PassThrough>>;

/// Longer phrases: first two stems → every `(list, whole pattern of stems)` starting with them.
type ByPair = FnvMap<(u64, u64), Vec<(usize, Vec<u64>)>>;

/// Words stemmed once, when the critic was built (the pack's own words): looked up instead of
/// stemmed again in every answer.
#[derive(Default)]
struct Known {
    /// Lower-cased word → its stem hash (as [`Token::stem`]) and its stem's index in `stems`.
    words: FnvMap<Box<str>, (u64, u32)>,
    /// Stem → its index in `stems`.
    ids: FnvMap<Box<str>, u32>,
    /// The distinct stems.
    stems: Vec<String>,
}

/// The stemmer and the compiled stem phrases.
pub struct StemMatcher {
    stemmer: Stemmer,
    /// The compiled phrases, by their first stem or two (stems are hashed already).
    one: ByStem,
    two: ByPair,
    known: Known,
}

/// A word as a token holds it: lower case, with a typographic apostrophe made straight.
fn lower_of(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase().replace('’', "'")
    }
}

impl StemMatcher {
    /// Compiles `lists`; `use_list[i]` false leaves list `i` out.
    pub fn new(lists: &[&[String]], use_list: &[bool]) -> StemMatcher {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut one = ByStem::default();
        let mut two = ByPair::default();
        for (li, list) in lists.iter().enumerate() {
            if !use_list.get(li).copied().unwrap_or(false) {
                continue;
            }
            for phrase in list.iter() {
                let pattern: Vec<u64> = words(phrase)
                    .map(|(s, e)| stem_hash(&stemmer, &phrase[s..e].to_lowercase()))
                    .collect();
                match pattern[..] {
                    [] => {}
                    [head] => {
                        let agent = agent_noun(&stemmer, &phrase.to_lowercase());
                        let lists = one.entry(head).or_default();
                        if let Some(at) = lists.iter_mut().find(|(l, _)| *l == li) {
                            // Another form of the same word may match any form.
                            at.1 &= agent;
                        } else {
                            lists.push((li, agent));
                        }
                    }
                    [a, b, ..] => {
                        let bucket = two.entry((a, b)).or_default();
                        if !bucket.iter().any(|(l, p)| *l == li && *p == pattern) {
                            bucket.push((li, pattern));
                        }
                    }
                }
            }
        }
        StemMatcher {
            stemmer,
            one,
            two,
            known: Known::default(),
        }
    }

    /// Stems the words of `text` now, so that answers using them look their stems up instead.
    pub fn learn(&mut self, text: &str) {
        for (start, end) in words(text) {
            let lower = lower_of(&text[start..end]);
            if self.known.words.contains_key(lower.as_str()) {
                continue;
            }
            let (h, full) = self.stem_of(&lower);
            let next = u32::try_from(self.known.stems.len()).unwrap_or(u32::MAX);
            let id = *self
                .known
                .ids
                .entry(full.clone().into_boxed_str())
                .or_insert(next);
            if id == next {
                self.known.stems.push(full);
            }
            self.known.words.insert(lower.into_boxed_str(), (h, id));
        }
    }

    /// A lower-case word's stem hash (its `'s` left out) and its whole Snowball stem.
    fn stem_of(&self, lower: &str) -> (u64, String) {
        let full = self.stemmer.stem(lower).into_owned();
        let trimmed = lower.trim_end_matches("'s");
        let h = if trimmed.len() == lower.len() {
            hash(&full)
        } else {
            stem_hash(&self.stemmer, trimmed)
        };
        (h, full)
    }

    /// The text's tokens.
    #[cfg(test)]
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.tokens_and_stems(text).0
    }

    /// The text's tokens, and the table of their distinct stems as the learned models read them
    /// (`features::Stems`: the word's whole Snowball stem), which each token's `model_stem` indexes.
    pub fn tokens_and_stems(&self, text: &str) -> (Vec<Token>, Vec<String>) {
        // Answers repeat their words: each distinct word (as written) is stemmed, or looked up
        // among the known words, once.
        let mut seen: FnvMap<&str, (Lower, u64, u32)> = FnvMap::default();
        let mut table = Table::default();
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        for (start, end) in words(text) {
            let word = &text[start..end];
            let (lower, stem, model_stem) = match seen.get(word) {
                Some(known) => known.clone(),
                None => {
                    let lower = lower_of(word);
                    let (h, id) = match self.known.words.get(lower.as_str()) {
                        Some(&(h, k)) => (h, table.known(&self.known, k)),
                        None => {
                            let (h, full) = self.stem_of(&lower);
                            match self.known.ids.get(full.as_str()) {
                                Some(&k) => (h, table.known(&self.known, k)),
                                None => (h, table.other(full)),
                            }
                        }
                    };
                    let found = (Lower(lower.into()), h, id);
                    seen.insert(word, found.clone());
                    found
                }
            };
            tokens.push(Token {
                start,
                end,
                stem,
                capital: word.chars().next().is_some_and(char::is_uppercase),
                lower,
                model_stem,
            });
        }
        (tokens, table.stems)
    }

    /// The whole Snowball stem of a lower-case word stemmed when the critic was built.
    pub(crate) fn known_stem(&self, lower: &str) -> Option<&str> {
        let &(_, k) = self.known.words.get(lower)?;
        self.known.stems.get(k as usize).map(String::as_str)
    }

    /// Stem hash of one lower-case word.
    pub fn stem(&self, lower: &str) -> u64 {
        stem_hash(&self.stemmer, lower)
    }

    /// Stem hash of one lower-case word, looked up when the critic was built with it (as
    /// [`Token::stem`]), else stemmed now.
    pub(crate) fn stem_known(&self, lower: &str) -> u64 {
        self.known
            .words
            .get(lower)
            .map_or_else(|| self.stem(lower), |&(h, _)| h)
    }

    /// Every phrase found in `tokens`, in text order (at one place, the one-stem phrases first).
    pub fn hits(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut out = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            for &(list, agent) in self.one.get(&t.stem).into_iter().flatten() {
                if agent && !has_agent_ending(&t.lower) {
                    continue;
                }
                out.push(Hit {
                    list,
                    start: t.start,
                    end: t.end,
                });
            }
            let Some(next) = tokens.get(i + 1) else {
                continue;
            };
            let Some(bucket) = self.two.get(&(t.stem, next.stem)) else {
                continue;
            };
            for (list, pattern) in bucket {
                let Some(span) = tokens.get(i..i + pattern.len()) else {
                    continue;
                };
                // The first two stems matched by the key.
                if span.iter().zip(pattern).skip(2).all(|(t, p)| t.stem == *p) {
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

/// The distinct stems of one text, in order of first use.
#[derive(Default)]
struct Table {
    stems: Vec<String>,
    /// A known stem's index in `stems`, by its index among the known stems.
    of_known: FnvMap<u32, u32>,
    /// Other stems' index in `stems`.
    others: FnvMap<String, u32>,
}

impl Table {
    fn push(&mut self, stem: String) -> u32 {
        let id = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
        self.stems.push(stem);
        id
    }
    /// The index of known stem `k`.
    fn known(&mut self, known: &Known, k: u32) -> u32 {
        if let Some(&id) = self.of_known.get(&k) {
            return id;
        }
        let id = self.push(known.stems.get(k as usize).cloned().unwrap_or_default());
        self.of_known.insert(k, id);
        id
    }
    /// The index of a stem that is not known.
    fn other(&mut self, stem: String) -> u32 {
        if let Some(&id) = self.others.get(&stem) {
            return id;
        }
        let id = self.push(stem.clone());
        self.others.insert(stem, id);
        id
    }
}

/// The endings of a noun for who does something: "listener", "developer", "applicant".
const AGENT_ENDINGS: [&str; 4] = ["er", "or", "ant", "ent"];

/// The word (its plural or possessive `s` left out) ends as a noun for who does something.
fn has_agent_ending(lower: &str) -> bool {
    let w = lower.trim_end_matches("'s").trim_end_matches('\'');
    let w = w.strip_suffix('s').unwrap_or(w);
    // "management" is no manager.
    !w.ends_with("ment") && AGENT_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// A one-word phrase that names who does something, whose stem lost that ending, so that other
/// words share it: "listeners" and "listening" are both `listen`, "developers" and "developed"
/// `develop`, "applicants" and "application" `applic`. Such a phrase matches only words with the
/// ending ("listener", "developers'"); "users" (`user`) keeps its ending and matches as any stem.
fn agent_noun(stemmer: &Stemmer, lower: &str) -> bool {
    if lower.contains(|c: char| !c.is_alphanumeric() && c != '\'') || !has_agent_ending(lower) {
        return false;
    }
    let w = lower.trim_end_matches("'s");
    let w = w.strip_suffix('s').unwrap_or(w);
    let stem = stemmer.stem(w);
    !AGENT_ENDINGS
        .iter()
        .any(|e| w.ends_with(e) && stem.ends_with(e))
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
    fn a_noun_for_who_does_something_matches_only_such_nouns() {
        let sm = m(&[
            "listeners",
            "developers",
            "applicants",
            "users",
            "customer",
            "manager",
        ]);
        let text = "I was listening to developers' complaints; users and a listener developed an \
                    application for the applicant, using custom tools for customers. The manager's \
                    management managed it.";
        let hits = sm.hits(&sm.tokens(text));
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            found,
            [
                "developers",
                "users",
                "listener",
                "applicant",
                "customers",
                "manager's"
            ]
        );
    }

    #[test]
    fn words_keep_inner_apostrophes_only() {
        let text = "I'm the team's lead 'quoted' 40ms";
        let w: Vec<&str> = words(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(w, ["I'm", "the", "team's", "lead", "quoted", "40ms"]);
    }
}
