//! Grammar and spelling, by `harper-core`.
//!
//! Harper's linter is heavy to build (its dictionary and some nine hundred rules: about a second in
//! a release build), so [`Grammar::shared`] builds it once per process and every critique reuses it;
//! the linter also keeps a cache of the paragraphs it has read, so re-checking a narrative as the
//! candidate types costs only the changed paragraphs. A `Mutex` guards it (harper lints through
//! `&mut self`).
//!
//! What is kept of harper's lints: spelling (a word in no dialect's dictionary, not a proper name,
//! not a word with a digit or a hyphen, not one of the pack's own vocabulary, not a known prefix on
//! a known word) and grammar (agreement, articles, verb forms, repeated words, word order, …).
//! Only the rules in [`RULES`] run (56 of harper's ~930): style preferences, proper-noun lists
//! and single-idiom fixes are left out, so the critic reports what a reader would call a mistake,
//! and a fresh 1,000 words lint in ~10 ms rather than ~120 ms.

use std::sync::{Arc, Mutex, OnceLock};

use harper_core::linting::{LintGroup, LintKind, Linter, Suggestion};
use harper_core::spell::{Dictionary, FstDictionary};
use harper_core::{Dialect, Document};

/// One grammar or spelling problem harper found, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarHit {
    /// `grammar` or `spelling`.
    pub category: &'static str,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Harper's message.
    pub message: String,
    /// The replacement harper suggests, when it has one.
    pub replacement: Option<String>,
}

/// The harper rules the critic runs: 56 of its ~930. Chosen by kind, then by what a reader of a
/// work narrative would call a mistake: spelling, agreement, verb forms, there/their/they're,
/// repeated words, word boundaries and the commonest confusions. Left out: style and wording
/// preferences (title case, the Oxford comma, "very good" → "excellent", long sentences —
/// measured by the clarity checks instead), proper-noun capitalisation lists (brands, countries,
/// universities, holidays) and some seven hundred single-idiom fixes ("for all intensive
/// purposes"). Harper runs every rule over every chunk of text whether it finds anything or not
/// (~0.1 ms per rule per 1,000 words in a release build), so all of them would cost ~120 ms per
/// 1,000 new words; these cost ~10 ms. Measured with
/// `cargo run --release -p tpmprep-narrative --example harper_rules FILE...`.
pub const RULES: &[&str] = &[
    // Spelling: a word in no dialect's dictionary.
    "SpellCheck",
    // Agreement: subject and verb, pronoun and verb, mass nouns, "its" as a possessive.
    "HavePronoun",
    "IAmAgreement",
    "ItsPossessive",
    "MassNouns",
    "PronounInflectionBe",
    "PronounVerbAgreement",
    "ThereIsAgreement",
    // Grammar: verb forms after auxiliaries and modals, missing determiners, there/their/they're, double negatives.
    "AllowTo",
    "CompoundSubjectI",
    "DidPast",
    "DoubleNegative",
    "EachOthersPossessive",
    "HadOf",
    "HelpedPast",
    "IsBeenAuxSequence",
    "MissingDeterminer",
    "QuantifierNumeralConflict",
    "RegularIrregulars",
    "SimplePastToPastParticiple",
    "SingleBe",
    "SubjectPronoun",
    "TheAnother",
    "TheirToThere",
    "TheirToTheyre",
    "ThereMissingIsClause",
    "ThereToTheir",
    "TheyToThem",
    "TheyreConfusions",
    "TheyreToTheir",
    "TooTo",
    "WhomSubjectOfVerb",
    "WillNonLemma",
    "YourPredicateAdjective",
    // Repetition: "the the", "the my", "lets" for "let's".
    "LetsConfusion",
    "RepeatedWords",
    "TheMy",
    // Word boundaries: "in stead of", "mis spell".
    "InsteadOf",
    "Misspell",
    // Confusions a reader notices: lose/loose, than/then, were/where, a/an, it's/its, "i".
    "DisjointPrefixes",
    "ToLoseTooLoose",
    "SplitWords",
    "WereWhere",
    "ThatThan",
    "ThoughThought",
    "WrongApostrophe",
    "Didnt",
    "ToTo",
    "TheTheToThatThe",
    "NotTo",
    "AllThough",
    "AnA",
    "ThenThan",
    "DoubleModal",
    "ItsContraction",
    "CapitalizePersonalPronouns",
];

/// Prefixes a compound may carry ("unmapped", "overcounted", "re-staging").
const PREFIXES: &[&str] = &[
    "un", "re", "over", "under", "non", "pre", "multi", "mis", "post", "co", "sub", "inter", "de",
];

/// Harper's linter with its dictionary, built once.
pub struct Grammar {
    dictionary: Arc<FstDictionary>,
    linter: Mutex<LintGroup>,
}

static SHARED: OnceLock<Grammar> = OnceLock::new();

impl std::fmt::Debug for Grammar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Grammar")
    }
}

impl Default for Grammar {
    fn default() -> Self {
        Grammar::new()
    }
}

impl Grammar {
    /// Builds harper's curated dictionary and linter (American English). Slow: prefer
    /// [`Grammar::shared`].
    pub fn new() -> Grammar {
        let dictionary = FstDictionary::curated();
        let mut linter = LintGroup::new_curated(dictionary.clone(), Dialect::American);
        // Only the chosen rules are in the config (a rule not in it is off): harper hashes the
        // config for every chunk it looks up in its cache, so a short config is measurably faster.
        linter.config.clear();
        for rule in RULES {
            linter.config.set_rule_enabled(*rule, true);
        }
        Grammar {
            dictionary,
            linter: Mutex::new(linter),
        }
    }

    /// The names of the rules that are on, in harper's own order (for tests).
    pub fn enabled_rules(&self) -> Vec<String> {
        let linter = match self.linter.lock() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        linter
            .iter_keys()
            .filter(|k| linter.config.is_rule_enabled(k))
            .map(str::to_string)
            .collect()
    }

    /// The process's one linter, built on first use.
    pub fn shared() -> &'static Grammar {
        SHARED.get_or_init(Grammar::new)
    }

    /// Whether [`Grammar::shared`] has been built yet.
    pub fn is_warm() -> bool {
        SHARED.get().is_some()
    }

    /// Grammar and spelling problems in `text`; `vocabulary` holds words never called misspelled
    /// (the pack's, lowercase).
    pub fn check(&self, text: &str, vocabulary: &[String]) -> Vec<GrammarHit> {
        let document = Document::new_markdown_default_curated(text);
        let lints = match self.linter.lock() {
            Ok(mut l) => l.lint(&document),
            // A panic while linting elsewhere poisoned the lock: the linter itself is still whole.
            Err(poisoned) => poisoned.into_inner().lint(&document),
        };
        // Char index → byte offset.
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<GrammarHit> = Vec::new();
        for lint in lints {
            let (Some(&start), Some(&end)) = (bytes.get(lint.span.start), bytes.get(lint.span.end))
            else {
                continue;
            };
            if start >= end {
                continue;
            }
            let word: String = chars
                .get(lint.span.start..lint.span.end)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            let replacement = lint.suggestions.iter().find_map(|s| match s {
                Suggestion::ReplaceWith(r) => Some(r.iter().collect::<String>()),
                Suggestion::Remove => Some(String::new()),
                Suggestion::InsertAfter(_) => None,
            });
            let category = match lint.lint_kind {
                LintKind::Spelling | LintKind::Typo => {
                    if !self.misspelled(&word, replacement.as_deref(), vocabulary) {
                        continue;
                    }
                    "spelling"
                }
                LintKind::Agreement
                | LintKind::BoundaryError
                | LintKind::Capitalization
                | LintKind::Eggcorn
                | LintKind::Grammar
                | LintKind::Malapropism
                | LintKind::Miscellaneous
                | LintKind::Nonstandard
                | LintKind::Punctuation
                | LintKind::Repetition
                | LintKind::Usage
                | LintKind::WordOrder => "grammar",
                _ => continue,
            };
            if out.iter().any(|h| h.start < end && start < h.end) {
                continue;
            }
            out.push(GrammarHit {
                category,
                start,
                end,
                message: lint.message.replace('`', "\""),
                replacement,
            });
        }
        out.sort_by_key(|h| h.start);
        out
    }

    /// Whether a word harper calls misspelled really is: not a proper name (capitalised), not a
    /// code or a figure (a digit), not a hyphenated compound, not in some dialect's dictionary, not
    /// the pack's vocabulary, not a known prefix on a known word, and not a compound harper would
    /// only split in two ("runbook" → "run book").
    fn misspelled(&self, word: &str, replacement: Option<&str>, vocabulary: &[String]) -> bool {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty()
            || w.chars().next().is_some_and(char::is_uppercase)
            || w.chars().any(|c| c.is_ascii_digit())
            || w.contains('-')
        {
            return false;
        }
        let lower = w.to_lowercase();
        let base = lower.trim_end_matches("'s").trim_end_matches("’s");
        if vocabulary.iter().any(|v| v == base || v == &lower) {
            return false;
        }
        if replacement.is_some_and(|r| r.replace(' ', "") == lower && r.contains(' ')) {
            return false;
        }
        if self.known(base) {
            return false;
        }
        !PREFIXES.iter().any(|p| {
            base.strip_prefix(p)
                .is_some_and(|rest| rest.len() > 3 && self.known_inflected(rest))
        })
    }

    fn known(&self, w: &str) -> bool {
        let chars: Vec<char> = w.chars().collect();
        self.dictionary.contains_word(&chars)
    }

    /// The word or its stem before a common ending ("mapped" → "map", "counted" → "count").
    fn known_inflected(&self, w: &str) -> bool {
        if self.known(w) {
            return true;
        }
        ["ed", "d", "ing", "s", "es", "able", "er", "ers"]
            .iter()
            .any(|end| {
                w.strip_suffix(end).is_some_and(|stem| {
                    self.known(stem)
                        || self.known(&format!("{stem}e"))
                        || stem.chars().last().is_some_and(|c| {
                            stem.ends_with(&format!("{c}{c}"))
                                && self.known(&stem[..stem.len() - 1])
                        })
                })
            })
    }
}
