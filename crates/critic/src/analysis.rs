//! One answer as the critic reads it: sentences and their shapes, words with stems, phrase hits
//! by list, numbers, and the signals of each sentence.

use std::collections::HashSet;

use crate::L;
use crate::read::Shape;
use crate::signals::{Bits, Numbers, Sig};
use crate::stems::Token;
use crate::text::{self, Hit, Sentence};

/// Per-answer analysis shared by the dimension scorers.
pub(crate) struct Analysis<'t> {
    pub(crate) text: &'t str,
    pub(crate) sentences: Vec<Sentence>,
    /// Per sentence: its STAR part, bullet, where its own words start.
    pub(crate) shapes: Vec<Shape>,
    /// Every word, with its stem.
    pub(crate) tokens: Vec<Token>,
    /// The distinct stems as the learned models read them (`Token::model_stem` indexes it).
    pub(crate) model_stems: Vec<String>,
    /// Per sentence: its signals.
    pub(crate) sig: Vec<Bits>,
    /// Per sentence: its signals as the rules read them, before the sentence model's gates cleared
    /// any ([`crate::quoting::gate`]); empty when nothing was gated. A finding that says a signal
    /// is missing reads this: a signal the model doubts earns no praise and no points, but it is
    /// not called absent while the words are there.
    pub(crate) read: Vec<Bits>,
    /// Per signal (by bit): the sentence to quote for it when the sentence model chose one
    /// ([`crate::quoting`]); empty or `None` quotes the first that carries it.
    pub(crate) quote: Vec<Option<usize>>,
    /// The numbers by role.
    pub(crate) num: Numbers,
    pub(crate) verb_stems: &'t HashSet<u64>,
    pub(crate) decision_stems: &'t HashSet<u64>,
    pub(crate) non_action: Vec<&'t str>,
    pub(crate) not_names: &'t HashSet<String>,
    /// Words right after a figure that make it a load or size estimate (pack data).
    pub(crate) estimate_words: &'t [String],
    /// Words that put figures together into an estimate ("that's", "×").
    pub(crate) estimate_working: &'t [String],
    /// Dissent words that, as written, name something else ("challenges", "disputes").
    pub(crate) dissent_not: &'t [String],
    /// What follows "pushed back" when it means postponed (" the ", " their ").
    pub(crate) dissent_postponed: &'t [String],
    /// How a sentence opens on the candidate's own contrary view ("i thought").
    pub(crate) own_view: &'t [String],
    /// Past forms that do not end in "-ed": irregular ones and the verbs of the pack's listed
    /// actions as written there ("rebuilt", "ran").
    pub(crate) past_forms: &'t crate::agency::PastForms,
    /// Read as a design or technical answer: numbers are estimates, not outcomes.
    pub(crate) design: bool,
    /// The story is told in the present ("So I sit with the engineers and I listen. I take this
    /// to my director…"): a first-person action verb in the present is something done, not a
    /// habit (see [`crate::agency::present_story`]).
    pub(crate) present_story: bool,
    /// Hits grouped by list (index = list), each group in text order.
    pub(crate) by_list: Vec<Vec<Hit>>,
    pub(crate) words: usize,
    /// Per sentence: a bit for each lexicon list with a hit inside it.
    pub(crate) masks: Vec<u64>,
    /// Per sentence: the numbers in it (offsets relative to the sentence).
    pub(crate) numbers: Vec<Vec<text::Number>>,
}

impl Analysis<'_> {
    pub(crate) fn of(&self, l: L) -> std::slice::Iter<'_, Hit> {
        self.list(l as usize).iter()
    }
    pub(crate) fn list(&self, li: usize) -> &[Hit] {
        self.by_list.get(li).map_or(&[], Vec::as_slice)
    }
    pub(crate) fn has(&self, l: L) -> bool {
        self.of(l).next().is_some()
    }
    pub(crate) fn count(&self, l: L) -> usize {
        self.of(l).count()
    }
    pub(crate) fn sentence_at(&self, offset: usize) -> Option<usize> {
        self.sentences
            .binary_search_by(|s| {
                if offset < s.start {
                    std::cmp::Ordering::Greater
                } else if offset >= s.end {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
    }
    /// Where sentence `i` is quoted from: the end of its section label ("**Action:** I paused…"
    /// quotes "I paused…") to its end.
    pub(crate) fn span(&self, i: usize) -> (usize, usize) {
        self.sentences.get(i).map_or((0, 0), |s| {
            let start = self
                .shapes
                .get(i)
                .map_or(s.start, |sh| sh.body.clamp(s.start, s.end));
            (start, s.end)
        })
    }
    /// Sentence `i` as quoted (see [`Analysis::span`]).
    pub(crate) fn quote(&self, i: usize) -> (usize, usize, String) {
        let (start, end) = self.span(i);
        (
            start,
            end,
            self.text.get(start..end).unwrap_or("").to_string(),
        )
    }
    pub(crate) fn phrase(&self, h: &Hit) -> &str {
        self.text.get(h.start..h.end).unwrap_or("")
    }
    pub(crate) fn sentence_has(&self, i: usize, l: L) -> bool {
        self.masks
            .get(i)
            .is_some_and(|m| m & (1u64 << (l as u32)) != 0)
    }
    /// The hits of list `l` inside sentence `i`.
    pub(crate) fn hits_in(&self, i: usize, l: L) -> impl Iterator<Item = &Hit> + '_ {
        let (start, end) = self.sentences.get(i).map_or((0, 0), |s| (s.start, s.end));
        let hits = self.list(l as usize);
        let first = hits.partition_point(|h| h.start < start);
        hits[first..]
            .iter()
            .take_while(move |h| h.start < end)
            .filter(move |h| h.end <= end)
    }
    /// Sentence `i` carries signal `s`.
    pub(crate) fn sig_at(&self, i: usize, s: Sig) -> bool {
        self.sig.get(i).is_some_and(|b| b & s.bit() != 0)
    }
    /// The answer carries signal `s` somewhere.
    pub(crate) fn sig_any(&self, s: Sig) -> bool {
        self.sig.iter().any(|b| b & s.bit() != 0)
    }
    /// The rules read signal `s` in sentence `i`, whether or not the model's gate let it stand.
    pub(crate) fn read_at(&self, i: usize, s: Sig) -> bool {
        match self.read.get(i) {
            Some(b) => b & s.bit() != 0,
            None => self.sig_at(i, s),
        }
    }
    /// The rules read signal `s` somewhere, whether or not the model's gate let it stand.
    pub(crate) fn read_any(&self, s: Sig) -> bool {
        if self.read.is_empty() {
            self.sig_any(s)
        } else {
            self.read.iter().any(|b| b & s.bit() != 0)
        }
    }
    /// The first sentence the rules read signal `s` in, whether or not the gate let it stand.
    pub(crate) fn read_first(&self, s: Sig) -> Option<usize> {
        if self.read.is_empty() {
            return self.sig_first(s);
        }
        self.sig_first(s)
            .or_else(|| self.read.iter().position(|b| b & s.bit() != 0))
    }
    /// The sentence to quote for signal `s`: the one the sentence model chose among those that
    /// carry it, else the first that carries it.
    pub(crate) fn sig_first(&self, s: Sig) -> Option<usize> {
        self.quote
            .get(s as usize)
            .copied()
            .flatten()
            .filter(|&i| self.sig_at(i, s))
            .or_else(|| self.sig.iter().position(|b| b & s.bit() != 0))
    }
}
