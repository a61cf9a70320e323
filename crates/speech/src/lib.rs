//! Spoken answers as transcripts (issue 19), pure: read plain text (with a duration given), SubRip
//! (`.srt`), WebVTT (`.vtt`) and Whisper JSON (segments, with word timestamps when present) into
//! timed cues; odd but valid files (a byte-order mark, CRLF, no final newline, overlapping cues,
//! speaker labels) are read; malformed ones are refused naming the line. Then measure the delivery:
//! pace overall and per 30 seconds, fillers, hedges, long pauses, talk time against two minutes,
//! and the time spent in each STAR part (given the parts of the text, e.g. from the critic).
//!
//! - `read`: the four formats → [`Transcript`] (cues in time order and the joined text).
//! - `words`: each word's byte span in the text and the time it was said.
//! - `analyse`: the figures ([`Analysis`]) and [`star_shares`].
//!
//! Invariant: no IO and no clock; the same transcript gives the same analysis.

#![deny(missing_docs)]

mod analyse;
mod read;
mod words;

pub use analyse::{
    Analysis, COMFORTABLE_MAX_WPM, COMFORTABLE_MIN_WPM, Count, LONG_PAUSE_MS, Lexicon, Mark, Pace,
    PartShare, Pause, SHORT_TAIL_MS, TARGET_SECONDS, TalkTime, WINDOW_MS, Window, analyse,
    star_shares, windows,
};
pub use read::{Cue, Format, Transcript, TranscriptError, read};
pub use words::{Word, spans, timed};

/// Reads a duration as people write it: `125`, `125s`, `2:05`, `2m5s`, `2m`, `1:02:05`.
pub fn parse_duration(s: &str) -> Option<u64> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let secs: f64 = if t.contains(':') {
        let mut total = 0f64;
        for part in t.split(':') {
            let v: f64 = part.trim().parse().ok()?;
            if v < 0.0 || !v.is_finite() {
                return None;
            }
            total = total * 60.0 + v;
        }
        total
    } else if t.ends_with('s') || t.contains('m') {
        let (m, rest) = match t.split_once('m') {
            Some((m, r)) => (m.trim().parse::<f64>().ok()?, r),
            None => (0.0, t.as_str()),
        };
        let r = rest.trim().trim_end_matches('s').trim();
        let s = if r.is_empty() {
            0.0
        } else {
            r.parse::<f64>().ok()?
        };
        m * 60.0 + s
    } else {
        t.parse().ok()?
    };
    (secs.is_finite() && secs > 0.0 && secs <= 86_400.0).then(|| (secs * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_as_people_write_them() {
        assert_eq!(parse_duration("125"), Some(125_000));
        assert_eq!(parse_duration("2:05"), Some(125_000));
        assert_eq!(parse_duration("2m5s"), Some(125_000));
        assert_eq!(parse_duration("2m"), Some(120_000));
        assert_eq!(parse_duration("90s"), Some(90_000));
        assert_eq!(parse_duration("1:02:05"), Some(3_725_000));
        assert_eq!(parse_duration("0"), None);
        assert_eq!(parse_duration("-5"), None);
        assert_eq!(parse_duration("two minutes"), None);
        assert_eq!(parse_duration(""), None);
    }
}
