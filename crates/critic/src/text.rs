//! Text plumbing: sentences with byte spans, words, numbers, and phrase matching on word boundaries.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A sentence (or bullet, or line) of the answer.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// Words in it.
    pub words: usize,
}

/// Splits `text` into sentences: at `.`, `!`, `?` followed by whitespace, at line breaks, and at
/// bullet markers. Spans are on char boundaries and trimmed of surrounding whitespace and bullets.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 80 + 1);
    let mut start = 0;
    // Every boundary is one ASCII byte, so a byte scan finds them; only the char after `.`, `!` or
    // `?` is decoded, to ask whether it is whitespace.
    for (i, &b) in bytes.iter().enumerate() {
        let boundary = match b {
            b'\n' => true,
            b'.' | b'!' | b'?' => {
                text.get(i + 1..)
                    .and_then(|rest| rest.chars().next())
                    .is_none_or(char::is_whitespace)
                    && !(b == b'.' && abbreviation(text, i))
            }
            _ => false,
        };
        if boundary {
            push(text, start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

/// Words that end in a full stop without ending the sentence: titles before a name ("Dr. Osei"),
/// "e.g.", "i.e.", "vs.". Lowercase, without the final stop.
const TITLES: [&str; 10] = [
    "dr", "mr", "mrs", "ms", "st", "prof", "e.g", "i.e", "vs", "approx",
];

/// Times of day ("2 a.m.") end a sentence only when a capital follows.
const TIMES: [&str; 2] = ["a.m", "p.m"];

/// Does the full stop at byte `dot` close an abbreviation rather than the sentence? Not when a
/// line break follows it.
fn abbreviation(text: &str, dot: usize) -> bool {
    let Some(before) = text.get(..dot) else {
        return false;
    };
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = before[word_start..].to_ascii_lowercase();
    let after = text.get(dot + 1..).unwrap_or("");
    let rest = after.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest.starts_with(['\n', '\r']) {
        return false;
    }
    TITLES.contains(&word.as_str())
        || TIMES.contains(&word.as_str()) && !rest.starts_with(|c: char| c.is_uppercase())
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    // Trim whitespace and leading bullet / heading markers.
    let lead = slice.len()
        - slice
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '*' | '•' | '#' | '>')
            })
            .len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s >= e {
        return;
    }
    let body = &text[s..e];
    let words = word_count(body);
    if words == 0 {
        return;
    }
    out.push(Sentence {
        start: s,
        end: e,
        words,
    });
}

/// Whitespace-separated tokens that hold a letter or digit.
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Most answers are ASCII: read those a byte at a time from the class table alone.
    if text.is_ascii() {
        let mut count = 0;
        let mut counted = false;
        for &b in bytes {
            let class = CLASS[usize::from(b)];
            if class & SPACE != 0 {
                counted = false;
            } else if class & ALNUM != 0 && !counted {
                count += 1;
                counted = true;
            }
        }
        return count;
    }
    let mut count = 0;
    let mut counted = false;
    for c in text.chars() {
        // ASCII chars by the same table as above (a vertical tab is not a space there).
        let (space, word) = match u8::try_from(c) {
            Ok(b) if b.is_ascii() => {
                let class = CLASS[usize::from(b)];
                (class & SPACE != 0, class & ALNUM != 0)
            }
            _ => (c.is_whitespace(), c.is_alphanumeric()),
        };
        if space {
            counted = false;
        } else if !counted && word {
            count += 1;
            counted = true;
        }
    }
    count
}

/// ASCII whitespace.
const SPACE: u8 = 1;
/// An ASCII letter or digit.
const ALNUM: u8 = 2;
/// A byte of a word for the phrase matcher ([`is_word`]): an ASCII letter, digit or `_`, or any
/// non-ASCII byte.
const WORD: u8 = 4;
/// A byte of a word for number words: an ASCII letter or digit, or any non-ASCII byte.
const NUMBER_WORD: u8 = 8;
/// Every byte's classes, so the scanners test one table entry instead of several ranges.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_whitespace() {
            c |= SPACE;
        }
        if b.is_ascii_alphanumeric() {
            c |= ALNUM | WORD | NUMBER_WORD;
        }
        if b == b'_' {
            c |= WORD;
        }
        if b >= 0x80 {
            c |= WORD | NUMBER_WORD;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// A number written in the answer.
#[derive(Debug, Clone, Copy)]
pub struct Number {
    /// Byte offset of its first char (including a leading currency sign).
    pub start: usize,
    /// Byte offset just past it (including a trailing `%`).
    pub end: usize,
    /// Its value, when it parses.
    pub value: f64,
    /// A currency sign before it or a `%` right after it.
    pub marked: bool,
}

/// The value of a number word a spoken answer uses ("four weeks", "two engineers").
pub(crate) fn number_word(word: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 9];
    let lower = buf.get_mut(..word.len())?;
    for (d, s) in lower.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    Some(match &*lower {
        b"zero" => 0.0,
        b"two" => 2.0,
        b"three" => 3.0,
        b"four" => 4.0,
        b"five" => 5.0,
        b"six" => 6.0,
        b"seven" => 7.0,
        b"eight" => 8.0,
        b"nine" => 9.0,
        b"ten" => 10.0,
        b"eleven" => 11.0,
        b"twelve" => 12.0,
        b"fifteen" => 15.0,
        b"twenty" => 20.0,
        b"thirty" => 30.0,
        b"forty" => 40.0,
        b"fifty" => 50.0,
        b"hundred" | b"hundreds" => 100.0,
        b"thousand" | b"thousands" => 1000.0,
        b"half" => 0.5,
        b"dozen" => 12.0,
        _ => return None,
    })
}

/// Every number in `text`: digits (with `,` and `.` inside; `$`, `€`, `£` before; `%`, `x`, `k`, `m`
/// after) and number words, in order.
pub fn numbers(text: &str) -> Vec<Number> {
    let mut out = digit_numbers(text);
    // ASCII letters and digits form words; any non-ASCII byte also counts as part of a word (so word
    // edges always fall on ASCII bytes, hence on char boundaries).
    let bytes = text.as_bytes();
    for (start, end) in runs(bytes, NUMBER_WORD) {
        // Every number word is 3–9 bytes long and starts with one of these letters.
        if (3..=9).contains(&(end - start))
            && matches!(
                bytes[start] | 0x20,
                b't' | b'f' | b's' | b'e' | b'n' | b'h' | b'd' | b'z'
            )
            // "two-way door", "one-way": a kind of thing, not a count.
            && !text[end..].starts_with("-way")
        {
            if let Some(value) = number_word(&bytes[start..end]) {
                out.push(Number {
                    start,
                    end,
                    value,
                    marked: false,
                });
            }
        }
    }
    out.sort_by_key(|n| n.start);
    out
}

fn digit_numbers(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len()
            && (bytes[j].is_ascii_digit()
                || ((bytes[j] == b',' || bytes[j] == b'.')
                    && j + 1 < bytes.len()
                    && bytes[j + 1].is_ascii_digit()))
        {
            j += 1;
        }
        let written = &text[i..j];
        let value = if written.contains(',') {
            written.replace(',', "").parse::<f64>()
        } else {
            written.parse::<f64>()
        }
        .unwrap_or(0.0);
        let mut start = i;
        let mut marked = false;
        for sign in ["$", "€", "£"] {
            if text[..i].ends_with(sign) {
                start = i - sign.len();
                marked = true;
            }
        }
        let mut end = j;
        if bytes.get(j) == Some(&b'%') {
            end = j + 1;
            marked = true;
        } else if let Some(&b) = bytes.get(j) {
            if matches!(b, b'x' | b'k' | b'K' | b'm' | b'M' | b'B')
                && bytes.get(j + 1).is_none_or(|n| !n.is_ascii_alphanumeric())
            {
                end = j + 1;
                marked = true;
            }
        }
        out.push(Number {
            start,
            end,
            value,
            marked,
        });
        i = end.max(j);
    }
    out
}

/// One phrase hit: which list, where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the list the phrase belongs to.
    pub list: usize,
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// Bytes words are made of: ASCII letters, digits and `_`, and every non-ASCII byte (so a word edge
/// always falls on an ASCII byte, hence on a char boundary).
#[inline]
fn is_word(b: u8) -> bool {
    CLASS[usize::from(b)] & WORD != 0
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hash of `bytes` with ASCII letters folded to lower case, eight bytes per multiply.
#[inline]
fn fold_hash(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut v = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            v |= u64::from(b.to_ascii_lowercase()) << (8 * i);
        }
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
    }
    h
}

/// The key of a word, a separator and the next word.
#[inline]
fn pair_key(first: u64, sep: u64, second: u64) -> u64 {
    ((first.rotate_left(17) ^ sep).wrapping_mul(K) ^ second).wrapping_mul(K)
}

/// `HashMap` keys here are already hashes: pass them through.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; fold anything else in rather than lose it.
        self.0 = fold_hash(bytes) ^ self.0.rotate_left(7);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Buckets = HashMap<u64, Vec<u32>, BuildHasherDefault<PassThrough>>;

/// What the matcher knows of one compiled phrase.
#[derive(Debug, Clone)]
struct Pattern {
    /// The phrase, lower case.
    bytes: Box<[u8]>,
    /// Index of the list it belongs to.
    list: usize,
    /// Ends with an ASCII letter or digit, so it must end on a word boundary.
    last_word: bool,
}

/// Where a phrase is filed: by its first word, or by its first two words and what separates them.
enum Key {
    One(u64),
    Two(u64),
    /// Starts with no word (`%`, `$`), or starts or ends inside one: matched by a plain scan.
    Scan,
}

fn key_of(p: &[u8]) -> Key {
    let words: Vec<(usize, usize)> = runs(p, WORD).collect();
    let starts_clean = p.first().is_some_and(u8::is_ascii_alphanumeric);
    let ends_clean = |end: usize| end < p.len() || p.last().is_some_and(u8::is_ascii_alphanumeric);
    match words.as_slice() {
        [(0, e1), (s2, e2), ..] if starts_clean && ends_clean(*e2) => Key::Two(pair_key(
            fold_hash(&p[..*e1]),
            fold_hash(&p[*e1..*s2]),
            fold_hash(&p[*s2..*e2]),
        )),
        [(0, e1)] if starts_clean && ends_clean(*e1) => Key::One(fold_hash(&p[..*e1])),
        _ => Key::Scan,
    }
}

/// Many phrase lists compiled into one matcher, matched case-insensitively (ASCII) on word
/// boundaries: a phrase matches only where it starts a word (or, for lists allowed to, right after a
/// digit: `40ms`) and, if it ends with a letter or digit, where a word ends.
///
/// Phrases are filed by their first word, or first two words, in hash maps. An answer is read once,
/// word by word, and each word (and word pair) is looked up: a 400-word answer costs about 800
/// lookups rather than a walk of every byte through a large automaton.
pub struct Matcher {
    patterns: Vec<Pattern>,
    one: Buckets,
    two: Buckets,
    /// The phrases of lists that may follow a digit directly, filed again for that case.
    digit_one: Buckets,
    digit_two: Buckets,
    /// The longest first word of a digit-allowed phrase: a longer rest of a word cannot start one,
    /// so a long run of digits is not hashed at every position.
    digit_first_max: usize,
    /// Phrases that cannot be filed by word (pattern ids), tried wherever the text holds their
    /// first byte (either case).
    scan: Vec<u32>,
    /// For each byte value: does some scanned phrase start with it?
    scan_first: [bool; 256],
    /// Digit-allowed lists, by list index.
    digit_ok: Vec<bool>,
}

/// One word of the text being matched.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    hash: u64,
    has_digit: bool,
}

impl Matcher {
    /// Compiles `lists` (list index = position). `digit_ok[i]` lets list `i` follow a digit directly.
    pub fn new(lists: &[&[String]], digit_ok: &[bool]) -> Matcher {
        let mut m = Matcher {
            patterns: Vec::new(),
            one: Buckets::default(),
            two: Buckets::default(),
            digit_one: Buckets::default(),
            digit_two: Buckets::default(),
            digit_first_max: 0,
            scan: Vec::new(),
            scan_first: [false; 256],
            digit_ok: (0..lists.len())
                .map(|i| digit_ok.get(i).copied().unwrap_or(false))
                .collect(),
        };
        for (li, list) in lists.iter().enumerate() {
            for phrase in list.iter() {
                for variant in phrase_variants(phrase) {
                    let Ok(id) = u32::try_from(m.patterns.len()) else {
                        continue;
                    };
                    let bytes = variant.as_bytes();
                    let digit = m.digit_ok[li];
                    if digit {
                        let first = bytes.iter().take_while(|&&b| is_word(b)).count();
                        m.digit_first_max = m.digit_first_max.max(first);
                    }
                    match key_of(bytes) {
                        Key::One(k) => {
                            m.one.entry(k).or_default().push(id);
                            if digit {
                                m.digit_one.entry(k).or_default().push(id);
                            }
                        }
                        Key::Two(k) => {
                            m.two.entry(k).or_default().push(id);
                            if digit {
                                m.digit_two.entry(k).or_default().push(id);
                            }
                        }
                        Key::Scan => {
                            m.scan.push(id);
                            m.scan_first[usize::from(bytes[0].to_ascii_lowercase())] = true;
                            m.scan_first[usize::from(bytes[0].to_ascii_uppercase())] = true;
                        }
                    }
                    m.patterns.push(Pattern {
                        last_word: bytes.last().is_some_and(u8::is_ascii_alphanumeric),
                        bytes: variant.into_bytes().into_boxed_slice(),
                        list: li,
                    });
                }
            }
        }
        m
    }

    /// Every hit in `text`, with overlapping hits from different lists kept. Sorted by position,
    /// then end, then list.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let words = words(bytes);
        let mut out = Vec::new();
        let space = fold_hash(b" ");
        for (i, w) in words.iter().enumerate() {
            let next = words.get(i + 1);
            let pair = |h: u64| {
                next.map(|n| {
                    let sep = &bytes[w.end..n.start];
                    let sep = if sep == b" " { space } else { fold_hash(sep) };
                    pair_key(h, sep, n.hash)
                })
            };
            if let Some(ids) = self.one.get(&w.hash) {
                self.verify(text, w.start, ids, &mut out);
            }
            if let Some(ids) = pair(w.hash).and_then(|k| self.two.get(&k)) {
                self.verify(text, w.start, ids, &mut out);
            }
            // Inside a word, right after a digit: only the digit-allowed lists (`40ms`, `3x`).
            if w.has_digit && !(self.digit_one.is_empty() && self.digit_two.is_empty()) {
                // Only the last `digit_first_max` positions can start a filed phrase's first word.
                let from = (w.start + 1).max(w.end.saturating_sub(self.digit_first_max));
                for at in from..w.end {
                    if !bytes[at - 1].is_ascii_digit() {
                        continue;
                    }
                    let h = fold_hash(&bytes[at..w.end]);
                    if let Some(ids) = self.digit_one.get(&h) {
                        self.verify(text, at, ids, &mut out);
                    }
                    if let Some(ids) = pair(h).and_then(|k| self.digit_two.get(&k)) {
                        self.verify(text, at, ids, &mut out);
                    }
                }
            }
        }
        if !self.scan.is_empty() {
            for (s, &b) in bytes.iter().enumerate() {
                if !self.scan_first[usize::from(b)] {
                    continue;
                }
                let before = s.checked_sub(1).map(|i| bytes[i]);
                for &id in &self.scan {
                    let Some(p) = self.patterns.get(id as usize) else {
                        continue;
                    };
                    // A scanned phrase that starts with a letter or digit may start inside a word
                    // only right after a digit, and only in a digit-allowed list.
                    if p.bytes.first().is_some_and(u8::is_ascii_alphanumeric)
                        && before.is_some_and(|b| {
                            is_word(b) && !(self.digit_ok[p.list] && b.is_ascii_digit())
                        })
                    {
                        continue;
                    }
                    self.verify_one(text, s, p, &mut out);
                }
            }
        }
        out.sort_unstable_by_key(|h| (h.start, h.end, h.list));
        out
    }

    /// Keeps the phrases `ids` that match at `start`.
    fn verify(&self, text: &str, start: usize, ids: &[u32], out: &mut Vec<Hit>) {
        for &id in ids {
            if let Some(p) = self.patterns.get(id as usize) {
                self.verify_one(text, start, p, out);
            }
        }
    }

    fn verify_one(&self, text: &str, start: usize, p: &Pattern, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let end = start + p.bytes.len();
        let Some(here) = bytes.get(start..end) else {
            return;
        };
        if !here.eq_ignore_ascii_case(&p.bytes) {
            return;
        }
        if p.last_word && bytes.get(end).is_some_and(|&b| is_word(b)) {
            return;
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return;
        }
        out.push(Hit {
            list: p.list,
            start,
            end,
        });
    }
}

/// The forms of a list phrase that are matched: trimmed, lower case, and, when it has an apostrophe,
/// also with the typographic one typed answers often use. A blank phrase has none.
fn phrase_variants(phrase: &str) -> impl Iterator<Item = String> {
    let p = phrase.trim().to_ascii_lowercase();
    let curly = p.contains('\'').then(|| p.replace('\'', "\u{2019}"));
    std::iter::once(p).filter(|p| !p.is_empty()).chain(curly)
}

/// The words of `bytes`, with their folded hashes.
fn words(bytes: &[u8]) -> Vec<Word> {
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    for (start, end) in runs(bytes, WORD) {
        let word = &bytes[start..end];
        out.push(Word {
            start,
            end,
            hash: fold_hash(word),
            has_digit: word.iter().any(u8::is_ascii_digit),
        });
    }
    out
}

/// The maximal runs of bytes whose class has a bit of `class`, as `(start, end)` offsets.
fn runs(bytes: &[u8], class: u8) -> impl Iterator<Item = (usize, usize)> {
    let part_of = move |b: &u8| CLASS[usize::from(*b)] & class != 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        let rest = bytes.get(i..)?;
        let start = i + rest.iter().position(part_of)?;
        let len = bytes
            .get(start..)?
            .iter()
            .position(|b| !part_of(b))
            .unwrap_or(bytes.len() - start);
        i = start + len;
        Some((start, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Words are whitespace-separated tokens holding a letter or digit, the same whether the text
    /// is all ASCII (the fast path) or not: an ASCII vertical tab is never a space, a no-break space
    /// always is.
    /// A title or "e.g." ends no sentence; a time of day ends one only before a capital; a
    /// multi-byte space before the word is read whole.
    #[test]
    fn abbreviations_end_no_sentence() {
        let count = |t: &str| sentences(t).len();
        assert_eq!(count("I met Dr. Osei and St. Clair. We agreed."), 2);
        assert_eq!(
            count("We stopped at 2 a.m. and went home. Then we slept."),
            2
        );
        assert_eq!(count("It finished at 2 p.m. The team left."), 2);
        assert_eq!(count("Use a queue, e.g. SQS, for this. Done."), 2);
        assert_eq!(count("Ended here.\u{3000}Dr.\u{3000}Next one."), 2);
        assert_eq!(count("I asked the dr.\nShe agreed."), 2);
    }

    #[test]
    fn word_count_is_the_same_on_both_paths() {
        let cases = [
            ("", 0),
            ("I led it.", 3),
            ("  -- 40% of 3 teams ", 4),
            ("a\u{b}b cafe", 2),
            ("a\u{b}b café", 2),
            ("I\u{a0}led\u{2003}the fix", 4),
            ("naïve — ① ½", 3),
            ("snake_case __ x", 2),
        ];
        for (text, words) in cases {
            assert_eq!(word_count(text), words, "{text:?}");
        }
    }

    /// The matching rule, written the slow and obvious way: every occurrence of every phrase
    /// (ASCII case folded), kept when it starts a word (or follows a digit, in a digit-allowed list)
    /// and, if it ends with a letter or digit, ends one.
    fn reference(lists: &[&[String]], digit_ok: &[bool], text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for (li, list) in lists.iter().enumerate() {
            for phrase in list.iter() {
                for v in phrase_variants(phrase) {
                    let v = v.as_bytes();
                    for s in 0..bytes.len() {
                        let e = s + v.len();
                        if e > bytes.len() || !bytes[s..e].eq_ignore_ascii_case(v) {
                            continue;
                        }
                        let before = s.checked_sub(1).map(|i| bytes[i]);
                        let digit = digit_ok.get(li).copied().unwrap_or(false);
                        if v[0].is_ascii_alphanumeric()
                            && before.is_some_and(|b| is_word(b) && !(digit && b.is_ascii_digit()))
                        {
                            continue;
                        }
                        if v[v.len() - 1].is_ascii_alphanumeric()
                            && bytes.get(e).is_some_and(|&b| is_word(b))
                        {
                            continue;
                        }
                        if text.is_char_boundary(s) && text.is_char_boundary(e) {
                            out.push(Hit {
                                list: li,
                                start: s,
                                end: e,
                            });
                        }
                    }
                }
            }
        }
        out.sort_unstable_by_key(|h| (h.start, h.end, h.list));
        out
    }

    /// The pack's own lists, plus phrases of every awkward shape a user pack could add.
    fn lists() -> (Vec<Vec<String>>, Vec<bool>) {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let mut lists: Vec<Vec<String>> = pack
            .lexicon
            .lists()
            .iter()
            .map(|(_, l)| (*l).clone())
            .collect();
        for p in &pack.principles {
            lists.push(p.cues.clone());
        }
        let odd = [
            "_id",
            "café",
            "naïve plan",
            "co-",
            "-ish",
            "5k",
            "x",
            "a  b",
            "re:",
            "40 ms",
            "’tis",
            "über",
            "i",
            "it's",
            "with 70%",
            "$",
            "%",
            "10x",
        ];
        lists.push(odd.iter().map(|s| (*s).to_string()).collect());
        let mut digit_ok = vec![false; lists.len()];
        digit_ok[24] = true; // the pack's units list
        digit_ok[lists.len() - 1] = true;
        (lists, digit_ok)
    }

    fn fragment() -> impl Strategy<Value = String> {
        let (lists, _) = lists();
        let phrases: Vec<String> = lists.into_iter().flatten().collect();
        prop_oneof![
            4 => proptest::sample::select(phrases).prop_map(|p| {
                // Mixed case, as people type.
                p.chars().enumerate().map(|(i, c)| if i % 3 == 0 { c.to_ascii_uppercase() } else { c }).collect()
            }),
            3 => proptest::sample::select(vec![
                " ", " ", "\n", ". ", ", ", "-", "'", "’", "%", "$", "€", "£", "_", "é", "ü", "40", "3",
                "x", "k", "ms", "I", "we", "—", "\t", "(", ")", "\"", "10", "70",
            ]).prop_map(str::to_string),
            1 => "[a-zA-Z0-9 ]{1,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn word_keyed_matching_finds_exactly_what_the_plain_rule_finds(
            parts in proptest::collection::vec(fragment(), 1..40)
        ) {
            let text: String = parts.concat();
            let (lists, digit_ok) = lists();
            let refs: Vec<&[String]> = lists.iter().map(Vec::as_slice).collect();
            let m = Matcher::new(&refs, &digit_ok);
            prop_assert_eq!(m.hits(&text), reference(&refs, &digit_ok, &text), "text: {:?}", text);
        }
    }

    #[test]
    fn hits_are_whole_words_in_any_case_and_units_may_follow_digits() {
        let (lists, digit_ok) = lists();
        let refs: Vec<&[String]> = lists.iter().map(Vec::as_slice).collect();
        let m = Matcher::new(&refs, &digit_ok);
        let text = "I Decided to cut latency to 40ms; I’m sure it's 70% with 70% or $5k.";
        let found: Vec<&str> = m.hits(text).iter().map(|h| &text[h.start..h.end]).collect();
        for want in ["I Decided", "ms", "I’m", "it's", "with 70%", "%", "$", "5k"] {
            assert!(found.contains(&want), "{want:?} not in {found:?}");
        }
        // Not inside a longer word.
        assert!(!found.contains(&"cut") || text.contains(" cut "));
        let none = m.hits("cutting decidedly");
        assert!(none.iter().all(|h| h.end - h.start > 0));
        assert!(
            m.hits("Decidedly")
                .iter()
                .all(|h| !"Decidedly"[h.start..h.end].eq_ignore_ascii_case("decided")),
            "a phrase must end on a word boundary"
        );
    }
}
