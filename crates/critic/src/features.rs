//! Text → features for the learned models, shared by training (`examples/train.rs`) and run time so
//! the two can never drift apart.
//!
//! Words are runs of letters, digits and apostrophes, lowercased; each is reduced to its Snowball
//! English stem ("shipped" → "ship"). The features are the stems (unigrams) and each pair of adjacent
//! stems (bigrams, `"ship without"`), weighted by log term frequency × inverse document frequency and
//! L2-normalised. A model file records [`TOKENIZER`]; a model made by another tokenizer is not used.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

/// The name of this tokenizer in model files.
pub const TOKENIZER: &str = "snowball-en-stems-1-2";

/// Turns text into stems. Cheap to share; build once.
pub struct Stems {
    stemmer: Stemmer,
}

impl Default for Stems {
    fn default() -> Self {
        Stems::new()
    }
}

impl Stems {
    /// An English Snowball stemmer.
    pub fn new() -> Stems {
        Stems {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The stems of `text`'s words, in order.
    pub fn of(&self, text: &str) -> Vec<String> {
        let mut out = Vec::with_capacity(text.len() / 5);
        words(text, |w| out.push(self.stem(w).to_string()));
        out
    }

    /// The stem of one lowercase word.
    pub fn stem<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        self.stemmer.stem(word)
    }
}

/// Calls `f` with each word of `text`, lowercased: runs of letters, digits and apostrophes (curly ones
/// made straight), without apostrophes at either end.
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let w = word.trim_matches('\'');
        if !w.is_empty() {
            f(w);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if c == '\'' || c == '\u{2019}' {
            word.push('\'');
        } else if !word.is_empty() {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

/// Every feature of a stem sequence, with repeats: the unigrams, then the bigrams.
pub fn terms(stems: &[String]) -> Vec<String> {
    let mut out: Vec<String> = stems.to_vec();
    out.extend(stems.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    out
}

/// FNV-1a: fast on the short keys here (words, pairs of ids), and no random state, so a vector is
/// the same on every run.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A sparse, L2-normalised feature vector: `(feature index, value)`, sorted by index.
pub type Vector = Vec<(u32, f32)>;

/// Maps stems to feature indices and weights them; built from a model's feature list.
pub struct Vectorizer {
    /// Every stem that appears in a feature → its token id.
    tokens: Map<String, u32>,
    /// Token id → its unigram feature, if it is one.
    unigram: Vec<Option<u32>>,
    /// `(token, token)` → bigram feature.
    bigrams: Map<(u32, u32), u32>,
    idf: Vec<f32>,
}

impl Vectorizer {
    /// From the features (`stem` or `stem stem`) and their idf, in model order.
    pub fn new(features: &[String], idf: &[f32]) -> Vectorizer {
        let mut tokens: Map<String, u32> = Map::default();
        let mut unigram: Vec<Option<u32>> = Vec::new();
        let mut bigrams = Map::default();
        let mut token = |s: &str, unigram: &mut Vec<Option<u32>>| -> u32 {
            if let Some(&t) = tokens.get(s) {
                return t;
            }
            let t = unigram.len() as u32;
            tokens.insert(s.to_string(), t);
            unigram.push(None);
            t
        };
        for (f, feature) in features.iter().enumerate() {
            let f = f as u32;
            match feature.split_once(' ') {
                None => {
                    let t = token(feature, &mut unigram);
                    unigram[t as usize] = Some(f);
                }
                Some((a, b)) => {
                    let ta = token(a, &mut unigram);
                    let tb = token(b, &mut unigram);
                    bigrams.insert((ta, tb), f);
                }
            }
        }
        Vectorizer {
            tokens,
            unigram,
            bigrams,
            idf: idf.to_vec(),
        }
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.idf.len()
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.idf.is_empty()
    }

    /// The weighted, L2-normalised vector of a stem sequence (features outside the model are
    /// ignored). Empty when no feature is known.
    pub fn vector(&self, stems: &[String]) -> Vector {
        let ids: Vec<Option<u32>> = stems.iter().map(|s| self.tokens.get(s).copied()).collect();
        self.vector_of_ids(&ids)
    }

    /// The vector of `text`: the same as [`Vectorizer::vector`] of its stems, faster (each distinct
    /// word is stemmed once, and no stem is copied).
    pub fn vector_of_text(&self, stems: &Stems, text: &str) -> Vector {
        let mut seen: Map<String, Option<u32>> = Map::default();
        let mut ids: Vec<Option<u32>> = Vec::with_capacity(text.len() / 5);
        words(text, |w| {
            let id = match seen.get(w) {
                Some(id) => *id,
                None => {
                    let id = self.tokens.get(stems.stem(w).as_ref()).copied();
                    seen.insert(w.to_string(), id);
                    id
                }
            };
            ids.push(id);
        });
        self.vector_of_ids(&ids)
    }

    fn vector_of_ids(&self, ids: &[Option<u32>]) -> Vector {
        let mut hits: Vec<u32> = Vec::with_capacity(ids.len() * 2);
        for id in ids.iter().flatten() {
            if let Some(Some(f)) = self.unigram.get(*id as usize) {
                hits.push(*f);
            }
        }
        for w in ids.windows(2) {
            if let (Some(a), Some(b)) = (w[0], w[1]) {
                if let Some(f) = self.bigrams.get(&(a, b)) {
                    hits.push(*f);
                }
            }
        }
        hits.sort_unstable();
        let mut out: Vector = Vec::with_capacity(hits.len());
        let mut i = 0;
        while i < hits.len() {
            let f = hits[i];
            let mut j = i;
            while j < hits.len() && hits[j] == f {
                j += 1;
            }
            let tf = (j - i) as f32;
            let idf = self.idf.get(f as usize).copied().unwrap_or(0.0);
            out.push((f, (1.0 + tf.ln()) * idf));
            i = j;
        }
        let norm = out.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, x) in &mut out {
                *x /= norm;
            }
        }
        out
    }
}

/// Smoothed inverse document frequency: `ln((1 + docs) / (1 + df)) + 1`.
pub fn idf(docs: usize, df: usize) -> f32 {
    (((1 + docs) as f64 / (1 + df) as f64).ln() + 1.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_string()).collect()
    }

    #[test]
    fn words_are_lowercased_stemmed_and_keep_apostrophes() {
        let stems = Stems::new();
        assert_eq!(
            stems.of("We SHIPPED without bulk-editing; the team’s rollbacks didn't 40,000x."),
            s(&[
                "we", "ship", "without", "bulk", "edit", "the", "team", "rollback", "didn't", "40",
                "000x"
            ])
        );
        assert_eq!(stems.of("  ''  "), Vec::<String>::new());
        assert_eq!(stems.of("Über naïve"), s(&["über", "naïv"]));
    }

    #[test]
    fn terms_are_unigrams_then_bigrams() {
        assert_eq!(
            terms(&s(&["ship", "without", "edit"])),
            s(&["ship", "without", "edit", "ship without", "without edit"])
        );
    }

    #[test]
    fn vectors_are_deterministic_normalised_and_see_bigrams() {
        let features = s(&["ship", "date", "ship without", "keep"]);
        let v = Vectorizer::new(&features, &[1.0, 2.0, 3.0, 1.5]);
        let stems = Stems::new().of("We shipped without bulk edit to keep the date; shipped.");
        let a = v.vector(&stems);
        assert_eq!(a, v.vector(&stems));
        let ids: Vec<u32> = a.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            ids,
            vec![0, 1, 2, 3],
            "the bigram `ship without` is a feature"
        );
        let norm: f32 = a.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        // "ship" twice: log-TF 1 + ln 2 at idf 1, against the bigram once at idf 3.
        let ship = a[0].1 / a[2].1;
        assert!((ship - (1.0 + 2f32.ln()) / 3.0).abs() < 1e-5);
        assert!(v.vector(&Stems::new().of("nothing known here")).is_empty());
        let text = "Shipped it; we SHIPPED without the date, to keep the date. Ship without!";
        let stems = Stems::new();
        assert_eq!(v.vector_of_text(&stems, text), v.vector(&stems.of(text)));
    }
}
