//! Text plumbing: sentences with byte spans, words, numbers, and phrase matching on word boundaries.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let boundary = match c {
            '\n' => true,
            '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if boundary {
            push(text, start, i + c.len_utf8(), &mut out);
            start = i + c.len_utf8();
        }
    }
    push(text, start, text.len(), &mut out);
    out
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
    let mut count = 0;
    let mut counted = false;
    for c in text.chars() {
        let (space, word) = if c.is_ascii() {
            (c.is_ascii_whitespace(), c.is_ascii_alphanumeric())
        } else {
            (c.is_whitespace(), c.is_alphanumeric())
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

/// Number words a spoken answer uses ("four weeks", "two engineers").
const NUMBER_WORDS: [(&str, f64); 22] = [
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("hundreds", 100.0),
    ("thousand", 1000.0),
    ("thousands", 1000.0),
    ("half", 0.5),
    ("dozen", 12.0),
];

/// Every number in `text`: digits (with `,` and `.` inside; `$`, `€`, `£` before; `%`, `x`, `k`, `m`
/// after) and number words, in order.
pub fn numbers(text: &str) -> Vec<Number> {
    let mut out = digit_numbers(text);
    // Byte scan: ASCII letters and digits form words; any non-ASCII byte also counts as part of a word
    // (so word edges always fall on ASCII bytes, hence on char boundaries).
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        let len = i - start;
        // Every number word starts with one of these letters and is 3–9 bytes long.
        if (3..=9).contains(&len)
            && matches!(
                bytes[start] | 0x20,
                b't' | b'f' | b's' | b'e' | b'n' | b'h' | b'd'
            )
        {
            let word = &text[start..i];
            if let Some(&(_, value)) = NUMBER_WORDS
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(word))
            {
                out.push(Number {
                    start,
                    end: i,
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
        let digits: String = text[i..j].chars().filter(|c| *c != ',').collect();
        let value = digits.parse::<f64>().unwrap_or(0.0);
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
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Index of the list the phrase belongs to.
    pub list: usize,
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// Many phrase lists compiled into one automaton, matched case-insensitively on word boundaries.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern: (list index, may follow a digit directly — for units like `40ms`).
    patterns: Vec<(usize, bool)>,
    pattern_text: Vec<String>,
}

impl Matcher {
    /// Compiles `lists` (list index = position). `digit_ok[i]` lets list `i` follow a digit directly.
    pub fn new(lists: &[&[String]], digit_ok: &[bool]) -> Matcher {
        let mut pattern_text = Vec::new();
        let mut patterns = Vec::new();
        for (li, list) in lists.iter().enumerate() {
            for phrase in list.iter() {
                let p = phrase.trim().to_ascii_lowercase();
                if p.is_empty() {
                    continue;
                }
                // Typed answers often use typographic apostrophes: match both.
                let curly = p.contains('\'').then(|| p.replace('\'', "\u{2019}"));
                for variant in std::iter::once(p).chain(curly) {
                    patterns.push((li, digit_ok.get(li).copied().unwrap_or(false)));
                    pattern_text.push(variant);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&pattern_text)
            .ok();
        Matcher {
            automaton,
            patterns,
            pattern_text,
        }
    }

    /// Every hit in `text`, with overlapping hits from different lists kept. Sorted by position.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let pid = m.pattern().as_usize();
            let Some(&(list, digit_ok)) = self.patterns.get(pid) else {
                continue;
            };
            let phrase = self.pattern_text[pid].as_bytes();
            let (s, e) = (m.start(), m.end());
            let first_word = phrase.first().is_some_and(|b| b.is_ascii_alphanumeric());
            let last_word = phrase.last().is_some_and(|b| b.is_ascii_alphanumeric());
            let before = s.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let after = bytes.get(e).copied();
            let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'_';
            if first_word && before.is_some_and(|b| is_word(b) && !(digit_ok && b.is_ascii_digit()))
            {
                continue;
            }
            if last_word && after.is_some_and(|b| is_word(b) && b != b'\'') {
                continue;
            }
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            out.push(Hit {
                list,
                start: s,
                end: e,
            });
        }
        out.sort_by_key(|h| (h.start, h.end));
        out
    }
}
