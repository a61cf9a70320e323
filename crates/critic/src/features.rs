//! Text → features for the learned models, shared by training (`examples/train.rs`) and run time so
//! the two can never drift apart.
//!
//! Words are runs of letters, digits and apostrophes, lowercased; each is reduced to its Snowball
//! English stem ("shipped" → "ship"). The features are the stems (unigrams) and each pair of adjacent
//! stems (bigrams, `"ship without"`), weighted by log term frequency × inverse document frequency and
//! L2-normalised. A [`Scheme`] may add a second block: the character 3- to 5-grams of each stem
//! (`#shi`, marked by `#`, with `<` and `>` at the stem's ends), weighted and normalised on their own,
//! so a word never seen whole still shares pieces with one seen ("mentorship" with "mentor"). A model
//! file records its scheme's name; a model made by a scheme the critic does not know is not used.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

/// The name of the word-only scheme in model files.
pub const TOKENIZER: &str = "snowball-en-stems-1-2";

/// How text becomes features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scheme {
    /// Stems and stem pairs.
    Words,
    /// Stems and stem pairs, plus the stems' character 3–5-grams as a block of this weight.
    WordsAndChars(f32),
}

const CHARS_PREFIX: &str = "snowball-en-stems-1-2+chars-3-5*";

impl Scheme {
    /// Its name in model files.
    pub fn name(self) -> String {
        match self {
            Scheme::Words => TOKENIZER.to_string(),
            Scheme::WordsAndChars(w) => format!("{CHARS_PREFIX}{w}"),
        }
    }
    /// The scheme a model file names, if this build knows it.
    pub fn parse(name: &str) -> Option<Scheme> {
        if name == TOKENIZER {
            return Some(Scheme::Words);
        }
        let w: f32 = name.strip_prefix(CHARS_PREFIX)?.parse().ok()?;
        (w.is_finite() && w > 0.0).then_some(Scheme::WordsAndChars(w))
    }
    fn chars(self) -> Option<f32> {
        match self {
            Scheme::Words => None,
            Scheme::WordsAndChars(w) => Some(w),
        }
    }
}

/// The character 3- to 5-grams of a stem, each as its feature (`#` + the gram), with `<` and `>`
/// marking the stem's ends.
pub fn char_grams(stem: &str, mut f: impl FnMut(&str)) {
    let marked: Vec<char> = std::iter::once('<')
        .chain(stem.chars())
        .chain(std::iter::once('>'))
        .collect();
    let mut buf = String::with_capacity(24);
    for n in 3..=5 {
        for w in marked.windows(n) {
            buf.clear();
            buf.push('#');
            buf.extend(w.iter());
            f(&buf);
        }
    }
}

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

/// FNV-1a 64 of a gram's characters (as UTF-32), for looking grams up without building strings.
fn gram_hash(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for b in u32::from(c).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Every feature of a stem sequence, with repeats: the unigrams, then the bigrams.
pub fn terms(stems: &[String], scheme: Scheme) -> Vec<String> {
    let mut out: Vec<String> = stems.to_vec();
    out.extend(stems.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    if scheme.chars().is_some() {
        for s in stems {
            char_grams(s, |g| out.push(g.to_string()));
        }
    }
    out
}

/// FNV-1a: fast on the short keys here (words, pairs of ids), and no random state, so a vector is
/// the same on every run. Whole integers (ids, hashes) are mixed in one step each, not byte by byte.
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
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
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
    /// FNV-1a of a gram's characters → its feature (only with [`Scheme::WordsAndChars`]).
    /// Keyed by a hash already (FNV-1a): passed through, not hashed again.
    grams: HashMap<u64, u32, BuildHasherDefault<crate::text::PassThrough>>,
    /// Token id → its character-gram features, a range of `gram_arena` (with
    /// [`Scheme::WordsAndChars`]).
    token_grams: Vec<(u32, u32)>,
    gram_arena: Vec<u32>,
    /// `1 + ln(tf)` for the small counts `tf`.
    log_tf: Vec<f32>,
    scheme: Scheme,
    idf: Vec<f32>,
}

/// A text's stems as its distinct stems and their order: what every model's vector is made from.
pub struct Tokens {
    distinct: Vec<String>,
    order: Vec<usize>,
}

impl Tokens {
    /// The tokens of a text already stemmed: `ids` are its words' indices into `table` (their
    /// stems), in order.
    pub(crate) fn from_stem_ids(table: &[String], ids: impl Iterator<Item = u32>) -> Tokens {
        // Stem id → its index in `distinct`: a vector for the ids `table` has, a map for others.
        let mut dense: Vec<Option<usize>> = vec![None; table.len()];
        let mut sparse: Map<u32, usize> = Map::default();
        let mut distinct: Vec<String> = Vec::new();
        let add = |id: u32, distinct: &mut Vec<String>| {
            distinct.push(table.get(id as usize).cloned().unwrap_or_default());
            distinct.len() - 1
        };
        let order = ids
            .map(|id| match dense.get_mut(id as usize) {
                Some(slot) => *slot.get_or_insert_with(|| add(id, &mut distinct)),
                None => *sparse.entry(id).or_insert_with(|| add(id, &mut distinct)),
            })
            .collect();
        Tokens { distinct, order }
    }

    /// The stems in text order.
    #[cfg(test)]
    pub(crate) fn in_order(&self) -> Vec<&str> {
        self.order
            .iter()
            .map(|&i| self.distinct.get(i).map_or("", String::as_str))
            .collect()
    }

    /// Tokenizes `text`, stemming each distinct word once.
    pub fn of(stems: &Stems, text: &str) -> Tokens {
        Tokens::of_known(stems, text, |_| None)
    }

    /// Tokenizes `text`, taking a word's stem from `known` where it has it (a table of words
    /// stemmed before, by the same stemmer) and stemming the others.
    pub(crate) fn of_known<'k>(
        stems: &Stems,
        text: &str,
        known: impl Fn(&str) -> Option<&'k str>,
    ) -> Tokens {
        let mut seen: Map<String, usize> = Map::default();
        let mut index: Map<String, usize> = Map::default();
        let mut distinct: Vec<String> = Vec::new();
        let mut order: Vec<usize> = Vec::with_capacity(text.len() / 5);
        words(text, |w| {
            let i = match seen.get(w) {
                Some(i) => *i,
                None => {
                    let stem = match known(w) {
                        Some(stem) => std::borrow::Cow::Borrowed(stem),
                        None => stems.stem(w),
                    };
                    let i = match index.get(stem.as_ref()) {
                        Some(i) => *i,
                        None => {
                            distinct.push(stem.to_string());
                            index.insert(stem.to_string(), distinct.len() - 1);
                            distinct.len() - 1
                        }
                    };
                    seen.insert(w.to_string(), i);
                    i
                }
            };
            order.push(i);
        });
        Tokens { distinct, order }
    }
}

impl Vectorizer {
    /// From the features (`stem`, `stem stem` or `#gram`) and their idf, in model order.
    pub fn new(features: &[String], idf: &[f32], scheme: Scheme) -> Vectorizer {
        let mut tokens: Map<String, u32> = Map::default();
        let mut unigram: Vec<Option<u32>> = Vec::new();
        let mut bigrams = Map::default();
        let mut grams = HashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut token = |s: &'_ str, unigram: &mut Vec<Option<u32>>| -> u32 {
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
            if let Some(gram) = feature.strip_prefix('#') {
                grams.insert(gram_hash(gram.chars()), f);
                continue;
            }
            match feature.split_once(' ') {
                None => {
                    let t = token(feature, &mut unigram);
                    if t as usize == names.len() {
                        names.push(feature);
                    }
                    unigram[t as usize] = Some(f);
                }
                Some((a, b)) => {
                    let ta = token(a, &mut unigram);
                    if ta as usize == names.len() {
                        names.push(a);
                    }
                    let tb = token(b, &mut unigram);
                    if tb as usize == names.len() {
                        names.push(b);
                    }
                    bigrams.insert((ta, tb), f);
                }
            }
        }
        let mut v = Vectorizer {
            tokens,
            unigram,
            bigrams,
            grams,
            token_grams: Vec::new(),
            gram_arena: Vec::new(),
            // Computed at run time like the counts past it (`black_box`: not folded by the
            // compiler, whose logarithm could round differently).
            log_tf: (0..64u32)
                .map(|tf| 1.0 + (std::hint::black_box(tf) as f32).ln())
                .collect(),
            scheme,
            idf: idf.to_vec(),
        };
        // Every known stem's character grams, found once here rather than in every text.
        if scheme.chars().is_some() {
            let mut chars = Vec::new();
            let mut arena = Vec::new();
            let ranges = names
                .iter()
                .map(|name| {
                    let from = arena.len() as u32;
                    v.grams_of(name, &mut chars, |f| arena.push(f));
                    (from, arena.len() as u32)
                })
                .collect();
            v.token_grams = ranges;
            v.gram_arena = arena;
        }
        v
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.idf.len()
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.idf.is_empty()
    }

    /// Calls `f` with the feature of each of `stem`'s character 3- to 5-grams the model knows
    /// (`chars` is scratch space).
    fn grams_of(&self, stem: &str, chars: &mut Vec<char>, mut f: impl FnMut(u32)) {
        chars.clear();
        chars.push('<');
        chars.extend(stem.chars());
        chars.push('>');
        // FNV-1a is sequential, so a 4-gram's hash continues its 3-gram's and a 5-gram's its
        // 4-gram's: each start is hashed once for all three lengths.
        for i in 0..chars.len() {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for (n, c) in chars[i..].iter().take(5).enumerate() {
                for b in u32::from(*c).to_le_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
                if n >= 2 {
                    if let Some(g) = self.grams.get(&h) {
                        f(*g);
                    }
                }
            }
        }
    }

    /// The weighted, L2-normalised vector of a stem sequence (features outside the model are
    /// ignored). Empty when no feature is known.
    pub fn vector(&self, stems: &[String]) -> Vector {
        let distinct: Vec<&str> = stems.iter().map(String::as_str).collect();
        let order: Vec<usize> = (0..stems.len()).collect();
        self.vector_of_words(&distinct, &order)
    }

    /// The vector of `text`: the same as [`Vectorizer::vector`] of its stems, faster (each distinct
    /// word is stemmed and looked up once).
    pub fn vector_of_text(&self, stems: &Stems, text: &str) -> Vector {
        self.vector_of_tokens(&Tokens::of(stems, text))
    }

    /// The vector of an already tokenized text (one [`Tokens`] serves every model).
    pub fn vector_of_tokens(&self, tokens: &Tokens) -> Vector {
        let distinct: Vec<&str> = tokens.distinct.iter().map(String::as_str).collect();
        self.vector_of_words(&distinct, &tokens.order)
    }

    /// The vector of the text whose `i`-th word is `distinct[order[i]]`.
    fn vector_of_words(&self, distinct: &[&str], order: &[usize]) -> Vector {
        let ids: Vec<Option<u32>> = distinct
            .iter()
            .map(|s| self.tokens.get(*s).copied())
            .collect();
        let mut counts = vec![0u32; distinct.len()];
        for i in order {
            if let Some(c) = counts.get_mut(*i) {
                *c += 1;
            }
        }
        // (feature, times hit)
        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(order.len() + distinct.len());
        for (id, c) in ids.iter().zip(&counts) {
            if let Some(Some(f)) = id.and_then(|t| self.unigram.get(t as usize)) {
                hits.push((*f, *c));
            }
        }
        for pair in order.windows(2) {
            let token = |i: usize| ids.get(i).copied().flatten();
            if let (Some(a), Some(b)) = (token(pair[0]), token(pair[1])) {
                if let Some(f) = self.bigrams.get(&(a, b)) {
                    hits.push((*f, 1));
                }
            }
        }
        let mut out = self.block(hits, 1.0);
        if let Some(weight) = self.scheme.chars() {
            let mut grams: Vec<(u32, u32)> = Vec::with_capacity(distinct.len() * 12);
            let mut chars = Vec::new();
            for ((stem, id), &c) in distinct.iter().zip(&ids).zip(&counts) {
                let known = id.and_then(|t| self.token_grams.get(t as usize));
                match known.and_then(|&(a, b)| self.gram_arena.get(a as usize..b as usize)) {
                    Some(gs) => grams.extend(gs.iter().map(|g| (*g, c))),
                    None => self.grams_of(stem, &mut chars, |g| grams.push((g, c))),
                }
            }
            out = merge(out, self.block(grams, weight));
            let norm = out.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, x) in &mut out {
                    *x /= norm;
                }
            }
        }
        out
    }

    /// log-TF × IDF of the features hit, L2-normalised to `weight`.
    fn block(&self, hits: Vec<(u32, u32)>, weight: f32) -> Vector {
        let mut out: Vector = Vec::with_capacity(hits.len());
        for (f, tf) in self.term_counts(hits) {
            let idf = self.idf.get(f as usize).copied().unwrap_or(0.0);
            // `1 + ln(tf)` from the table made by the same sum, for the small counts.
            let log_tf = match self.log_tf.get(tf as usize) {
                Some(l) => *l,
                None => 1.0 + (tf as f32).ln(),
            };
            out.push((f, log_tf * idf));
        }
        let norm = out.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, x) in &mut out {
                *x *= weight / norm;
            }
        }
        out
    }

    /// Each feature hit with its count summed, in feature order.
    fn term_counts(&self, mut hits: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        let n = self.idf.len();
        // Many hits over few features (a long answer's character grams): counted in place and
        // read back in order, with a bit for each feature hit, rather than sorted.
        if hits.len() * 32 >= n && hits.iter().all(|&(f, _)| (f as usize) < n) {
            let mut tf = vec![0u32; n];
            let mut hit = vec![0u64; n.div_ceil(64)];
            for &(f, c) in &hits {
                let f = f as usize;
                tf[f] += c;
                hit[f / 64] |= 1 << (f % 64);
            }
            let mut out = Vec::with_capacity(hits.len());
            for (w, &bits) in hit.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let f = w * 64 + bits.trailing_zeros() as usize;
                    out.push((f as u32, tf[f]));
                    bits &= bits - 1;
                }
            }
            return out;
        }
        hits.sort_unstable_by_key(|(f, _)| *f);
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(hits.len());
        for (f, c) in hits {
            match out.last_mut() {
                Some((g, tf)) if *g == f => *tf += c,
                _ => out.push((f, c)),
            }
        }
        out
    }
}

/// Two vectors, each in feature order, as one in feature order.
fn merge(a: Vector, b: Vector) -> Vector {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for x in a {
        while let Some(y) = b.next_if(|y| y.0 < x.0) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(b);
    out
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
            terms(&s(&["ship", "without", "edit"]), Scheme::Words),
            s(&["ship", "without", "edit", "ship without", "without edit"])
        );
        let with_chars = terms(&s(&["ship"]), Scheme::WordsAndChars(0.5));
        assert_eq!(
            with_chars,
            s(&[
                "ship", "#<sh", "#shi", "#hip", "#ip>", "#<shi", "#ship", "#hip>", "#<ship",
                "#ship>"
            ])
        );
        assert_eq!(
            Scheme::parse(&Scheme::WordsAndChars(0.5).name()),
            Some(Scheme::WordsAndChars(0.5))
        );
        assert_eq!(Scheme::parse(TOKENIZER), Some(Scheme::Words));
        assert_eq!(Scheme::parse("another"), None);
    }

    #[test]
    fn vectors_are_deterministic_normalised_and_see_bigrams() {
        let features = s(&["ship", "date", "ship without", "keep"]);
        let v = Vectorizer::new(&features, &[1.0, 2.0, 3.0, 1.5], Scheme::Words);
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
        // With character grams: an unseen word still meets the model through its pieces.
        let features = s(&["mentor", "#<me", "#men", "#ent", "#nto"]);
        let v = Vectorizer::new(&features, &[1.0; 5], Scheme::WordsAndChars(0.5));
        let seen = v.vector(&stems.of("mentor"));
        let unseen = v.vector(&stems.of("mentorship"));
        assert_eq!(seen.len(), 5);
        assert!(
            !unseen.is_empty() && unseen.iter().all(|(f, _)| *f > 0),
            "{unseen:?}"
        );
        let norm: f32 = seen.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert_eq!(
            v.vector_of_text(&stems, "Mentorship, mentors"),
            v.vector(&stems.of("Mentorship, mentors"))
        );
    }
}
