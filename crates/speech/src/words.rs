//! The transcript's words, each with the byte span it has in [`Transcript::text`] and the time it
//! was said.

use crate::read::{Format, Transcript};

/// One spoken word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte where it starts in the transcript's text.
    pub start: usize,
    /// Byte just past its end.
    pub end: usize,
    /// When it starts, ms from the start of the answer.
    pub at_ms: u64,
    /// When the cue (or the word, when words are timed) it is in ends, ms from the start.
    pub cue_end_ms: u64,
    /// The index of the cue it is in.
    pub cue: usize,
}

/// Splits `text` into word spans: runs of letters and digits, with apostrophes, hyphens and dots
/// inside them ("don't", "follow-up", "2.5").
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-' | '.' | ',')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric())
            && (c != ',' && c != '.'
                || chars
                    .get(k.wrapping_sub(1))
                    .is_some_and(|(_, p)| p.is_ascii_digit())
                    && chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit()));
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The words of `t` with their times. Words inside a cue timed as a whole are spread over the cue
/// in proportion to where they start in its text; word-timed cues give each word its own time.
/// Times are relative to the first cue's start (plain text starts at 0).
pub fn timed(t: &Transcript) -> Vec<Word> {
    let origin = if t.format == Format::Text {
        0
    } else {
        t.cues.first().map_or(0, |c| c.start_ms)
    };
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (ci, cue) in t.cues.iter().enumerate() {
        let len = cue.text.len().max(1) as u64;
        let span = cue.end_ms.saturating_sub(cue.start_ms);
        let start = cue.start_ms.saturating_sub(origin);
        let end = cue.end_ms.saturating_sub(origin);
        for (s, e) in spans(&cue.text) {
            let at = if cue.word {
                start
            } else {
                start + span * s as u64 / len
            };
            out.push(Word {
                start: offset + s,
                end: offset + e,
                at_ms: at,
                cue_end_ms: end,
                cue: ci,
            });
        }
        // Cue texts are joined by one space in `Transcript::text`.
        offset += cue.text.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read;

    #[test]
    fn word_spans_keep_contractions_and_figures() {
        let text = "I don't know, 2.5 weeks — a follow-up, right? 40,000 sellers.";
        let words: Vec<&str> = spans(text)
            .into_iter()
            .map(|(s, e)| text.get(s..e).unwrap_or(""))
            .collect();
        assert_eq!(
            words,
            [
                "I",
                "don't",
                "know",
                "2.5",
                "weeks",
                "a",
                "follow-up",
                "right",
                "40,000",
                "sellers"
            ]
        );
    }

    #[test]
    fn words_point_into_the_transcript_text() {
        let srt = "1\n00:00:01,000 --> 00:00:03,000\nWe cut the scope.\n\n2\n00:00:04,000 --> 00:00:06,000\nThen we shipped.\n";
        let t = read(srt, None, None).expect("valid srt");
        let w = timed(&t);
        let said: Vec<&str> = w
            .iter()
            .map(|w| t.text.get(w.start..w.end).unwrap_or(""))
            .collect();
        assert_eq!(said, ["We", "cut", "the", "scope", "Then", "we", "shipped"]);
        // Relative to the first cue: the first word at 0, the second cue's first word at 3 s.
        assert_eq!(w.first().map(|w| w.at_ms), Some(0));
        assert_eq!(w.get(4).map(|w| w.at_ms), Some(3000));
        assert!(w.windows(2).all(|p| p[0].at_ms <= p[1].at_ms));
    }
}
