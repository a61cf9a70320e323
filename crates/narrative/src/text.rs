//! The narrative's shape: paragraphs, sentences and words with their byte spans, syllables for the
//! readability grade, and numbers. Byte spans always fall on UTF-8 char boundaries.

/// A span of the text: `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

/// One sentence, with the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    pub words: usize,
    /// The line is a bullet or numbered item ("- …", "* …", "1. …").
    pub bullet: bool,
    /// The line is a Markdown heading or a title line (no closing punctuation, short, first line).
    pub heading: bool,
}

/// The narrative read into sentences and paragraphs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Span>,
    pub words: usize,
    pub syllables: usize,
}

impl Shape {
    /// The span of the sentence holding byte `at` (sentences are never empty).
    pub(crate) fn sentence_at(&self, at: usize) -> Option<Span> {
        self.sentences
            .iter()
            .find(|s| s.span.start <= at && at < s.span.end)
            .map(|s| s.span)
    }
}

/// Words that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "inc", "approx", "no", "st", "jr", "sr",
    "u.s", "fig", "cf", "al",
];

/// Whether `w` is a word: it holds a letter or a digit.
pub(crate) fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// Words of `s`, split on whitespace, counting only tokens with a letter or digit.
pub(crate) fn count_words(s: &str) -> usize {
    s.split_whitespace().filter(|w| is_word(w)).count()
}

/// Word tokens of `text` with their byte spans: runs of letters, digits, apostrophes and inner
/// hyphens or dots ("re-run", "2.5", "don't").
pub(crate) fn tokens(text: &str) -> Vec<(Span, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(b, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-' | '.' | ',' | '%')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
            && (c != ',' && c != '.'
                || chars
                    .get(i.wrapping_sub(1))
                    .is_some_and(|&(_, p)| p.is_ascii_digit())
                    && chars.get(i + 1).is_some_and(|&(_, n)| n.is_ascii_digit()));
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(b);
            }
        } else if let Some(s) = start.take() {
            out.push((Span { start: s, end: b }, &text[s..b]));
        }
    }
    if let Some(s) = start {
        out.push((
            Span {
                start: s,
                end: text.len(),
            },
            &text[s..],
        ));
    }
    out
}

/// Syllables in an English word, by vowel groups (a standard estimate: a silent final "e" does
/// not count, every word has at least one).
pub(crate) fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut n: usize = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    let len = w.len();
    if len > 2
        && w[len - 1] == 'e'
        && !vowel(w[len - 2])
        && !(w[len - 2] == 'l' && len > 3 && !vowel(w[len - 3]))
    {
        n = n.saturating_sub(1);
    }
    n.max(1)
}

fn line_is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ") {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 3 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// Reads the text into paragraphs (blank-line separated; each bullet or heading line is its own
/// unit) and sentences.
pub(crate) fn shape(text: &str) -> Shape {
    let mut shape = Shape::default();
    // Lines with their byte offsets.
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    let mut offset = 0;
    let mut first_line = true;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let content_end = line_start + line.len();
        if line.trim().is_empty() {
            if let Some(s) = para_start.take() {
                shape.paragraphs.push(Span {
                    start: s,
                    end: para_end,
                });
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let title = first_line
            && count_words(line) <= 12
            && !line.trim_end().ends_with(['.', '!', '?', ':']);
        let own_line = line.trim_start().starts_with('#') || line_is_bullet(line) || title;
        first_line = false;
        if own_line {
            if let Some(s) = para_start.take() {
                shape.paragraphs.push(Span {
                    start: s,
                    end: para_end,
                });
            }
            shape.paragraphs.push(Span {
                start: line_start + lead,
                end: content_end,
            });
            continue;
        }
        if para_start.is_none() {
            para_start = Some(line_start + lead);
        }
        para_end = content_end;
    }
    if let Some(s) = para_start {
        shape.paragraphs.push(Span {
            start: s,
            end: para_end,
        });
    }
    for (i, p) in shape.paragraphs.clone().iter().enumerate() {
        let line = &text[p.start..p.end];
        let bullet = line_is_bullet(line);
        let heading = line.trim_start().starts_with('#')
            || (i == 0
                && count_words(line) <= 12
                && !line.trim_end().ends_with(['.', '!', '?', ':'])
                && !line.contains('\n'));
        split_sentences(
            text,
            p.start,
            p.end,
            i,
            bullet,
            heading,
            &mut shape.sentences,
        );
    }
    for s in &shape.sentences {
        if s.heading {
            continue;
        }
        shape.words += s.words;
        for (_, w) in tokens(&text[s.span.start..s.span.end]) {
            if w.chars().any(char::is_alphabetic) {
                shape.syllables += syllables(w);
            } else {
                shape.syllables += 1;
            }
        }
    }
    shape
}

/// Splits `text[from..to]` into sentences: a `.`, `!` or `?` (with closing quotes or brackets)
/// followed by whitespace ends one, except after a known abbreviation, a single capital ("K.") or
/// inside a number.
fn split_sentences(
    text: &str,
    from: usize,
    to: usize,
    paragraph: usize,
    bullet: bool,
    heading: bool,
    out: &mut Vec<Sentence>,
) {
    let part = &text[from..to];
    let mut start = 0;
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Swallow closing quotes and brackets.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '’' | '”' | ')' | ']') {
                j += 1;
            }
            let at_space = j >= chars.len() || chars[j].1.is_whitespace();
            let word_before: String = part[..b]
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let abbreviation = c == '.'
                && (ABBREVIATIONS.contains(&word_before.trim_end_matches('.'))
                    || (word_before.chars().count() == 1
                        && word_before.chars().all(char::is_alphabetic)));
            if at_space && !abbreviation {
                let end = chars.get(j).map_or(part.len(), |&(e, _)| e);
                push_sentence(part, from, start, end, paragraph, bullet, heading, out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_sentence(
        part,
        from,
        start,
        part.len(),
        paragraph,
        bullet,
        heading,
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn push_sentence(
    part: &str,
    from: usize,
    start: usize,
    end: usize,
    paragraph: usize,
    bullet: bool,
    heading: bool,
    out: &mut Vec<Sentence>,
) {
    let s = &part[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() || !is_word(trimmed) {
        return;
    }
    let a = from + start + lead;
    out.push(Sentence {
        span: Span {
            start: a,
            end: a + trimmed.len(),
        },
        paragraph,
        words: count_words(trimmed),
        bullet,
        heading,
    });
}

/// Numbers in `s` that carry data: digits (with units, percentages, money), not list markers and
/// not a year ("in 2025" dates the story; it measures nothing).
pub(crate) fn numbers(s: &str) -> usize {
    tokens(s)
        .iter()
        .filter(|(_, w)| w.chars().next().is_some_and(|c| c.is_ascii_digit()) && !is_year(w))
        .count()
}

/// A year between 1900 and 2099, written alone.
fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_abbreviations_and_numbers_whole() {
        let t = "# Title here\n\nWe cut p99 from 2.5 s to 1.1 s, e.g. by caching. Then K. Osei agreed! Done?\n\n- one bullet\n- two bullets.\n";
        let s = shape(t);
        let texts: Vec<&str> = s
            .sentences
            .iter()
            .map(|x| &t[x.span.start..x.span.end])
            .collect();
        assert_eq!(
            texts,
            vec![
                "# Title here",
                "We cut p99 from 2.5 s to 1.1 s, e.g. by caching.",
                "Then K. Osei agreed!",
                "Done?",
                "- one bullet",
                "- two bullets."
            ]
        );
        assert!(s.sentences[0].heading);
        assert!(s.sentences[4].bullet && s.sentences[5].bullet);
        assert_eq!(s.paragraphs.len(), 4);
    }

    #[test]
    fn syllables_follow_vowel_groups() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("program"), 2);
        assert_eq!(syllables("organization"), 5);
    }

    #[test]
    fn numbers_count_data_not_words() {
        assert_eq!(numbers("We cut 40% of 1,200 tickets in Q3 by $2.5M."), 3);
        assert_eq!(numbers("No numbers here."), 0);
        assert_eq!(numbers("In 2025 we had 3 sites."), 1);
    }

    #[test]
    fn tokens_keep_inner_marks() {
        let t = "re-run 2.5 don't 1,200.";
        let w: Vec<&str> = tokens(t).into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, vec!["re-run", "2.5", "don't", "1,200"]);
    }
}
