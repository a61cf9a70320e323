//! Word search over text: a search matches when every one of its words, reduced to its stem, is a
//! whole word of the text reduced the same way. "rollbacks" finds "rollback", "launching" finds
//! "launched", "prioritised" finds "prioritization"; "roll" does not find "rollback".
//!
//! Stems are the Snowball English stemmer's (the `rust-stemmers` crate), after British spellings
//! ending in -ise/-isation/-yse are written as -ize/-ization/-yze, so both spellings meet. Query and
//! text go through the same steps, so a stem never has to be a real word.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

/// The words of `text`: runs of letters and digits, lower case.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// British -ise, -isation and -yse endings in their -ize, -ization and -yze spelling ("prioritised"
/// → "prioritized"), for words long enough that the ending is a suffix ("rise" stays).
fn americanize(word: &str) -> String {
    const ENDINGS: [(&str, &str); 9] = [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("yse", "yze"),
    ];
    for (from, to) in ENDINGS {
        if let Some(stem) = word.strip_suffix(from) {
            if stem.chars().count() >= 3 {
                return format!("{stem}{to}");
            }
            break;
        }
    }
    word.to_string()
}

/// Stems words; made once per search or text.
struct Stems(Stemmer);

impl Stems {
    fn new() -> Stems {
        Stems(Stemmer::create(Algorithm::English))
    }

    fn stem(&self, lower: &str) -> String {
        self.0.stem(&americanize(lower)).into_owned()
    }
}

/// The stems of the words of a search, for [`text_matches`] and `Question::matches`; no repeats.
pub fn search_words(search: &str) -> Vec<String> {
    let stems = Stems::new();
    let mut out: Vec<String> = Vec::new();
    for w in words(search) {
        let s = stems.stem(&w);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The set of stems of every word in `text`.
pub fn text_stems(text: &str) -> HashSet<String> {
    let stems = Stems::new();
    words(text).map(|w| stems.stem(&w)).collect()
}

/// Does every stem of `search` (as [`search_words`] gives them) stand for a whole word of `text`?
/// An empty search matches everything.
pub fn text_matches(search: &[String], text: &str) -> bool {
    if search.is_empty() {
        return true;
    }
    let have = text_stems(text);
    search.iter().all(|w| have.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(search: &str, text: &str) -> bool {
        text_matches(&search_words(search), text)
    }

    #[test]
    fn inflections_meet_on_their_stem() {
        for (search, text) in [
            ("rollbacks", "We planned a rollback."),
            ("rollback", "Two rollbacks in a week."),
            ("launches", "the day we launched"),
            ("launching", "after three launches"),
            ("launched", "launching a service"),
            ("prioritised", "how you handled prioritization"),
            ("prioritization", "I prioritised the fixes"),
            ("prioritize", "We prioritised."),
            ("analysed", "she analyzed the logs"),
            ("Dependencies", "one dependency slipped"),
            ("stakeholders", "a stakeholder said no"),
        ] {
            assert!(finds(search, text), "{search:?} should find {text:?}");
        }
    }

    #[test]
    fn whole_words_only_and_every_word_needed() {
        assert!(!finds("roll", "We planned a rollback."));
        assert!(!finds("rollback data", "We planned a rollback."));
        assert!(finds("ROLLBACK  plan", "the plan: rollback"));
        assert!(finds("tcp", "t-tcp-vs-udp"));
        assert!(finds("", "anything"));
        assert!(finds("don't", "I don't know"));
    }

    #[test]
    fn british_endings_need_a_real_stem() {
        assert_eq!(americanize("rise"), "rise");
        assert_eq!(americanize("prioritise"), "prioritize");
        assert_eq!(americanize("organisations"), "organizations");
    }
}
