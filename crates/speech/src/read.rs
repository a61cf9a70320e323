//! Transcript readers.

use serde::{Deserialize, Serialize};

/// A transcript's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text; the duration is given separately.
    Text,
    /// SubRip.
    Srt,
    /// WebVTT.
    Vtt,
    /// Whisper's JSON output.
    Whisper,
}

impl Format {
    /// The format a file name says (`.srt`, `.vtt`, `.json`), if it says one; a `.txt` is read
    /// by its content.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "srt" => Some(Format::Srt),
            "vtt" => Some(Format::Vtt),
            "json" => Some(Format::Whisper),
            // A `.txt` may be plain words or a tool's timed output (whisper.cpp's console lines):
            // its content decides.
            _ => None,
        }
    }

    /// Reads `text`, `srt`, `vtt` or `whisper` (also `json`, `webvtt`, `txt`).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "srt" | "subrip" => Some(Format::Srt),
            "vtt" | "webvtt" => Some(Format::Vtt),
            "whisper" | "json" => Some(Format::Whisper),
            _ => None,
        }
    }

    /// Its name in the JSON and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Whisper => "whisper",
        }
    }
}

/// A piece of speech with its time, in milliseconds from the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cue {
    /// Start, ms.
    pub start_ms: u64,
    /// End, ms (≥ start).
    pub end_ms: u64,
    /// What was said (speaker labels removed).
    pub text: String,
    /// Whether the times are of single words (Whisper word timestamps).
    pub word: bool,
}

/// A read transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// The format it was read as.
    pub format: Format,
    /// Cues in time order (by start, then end).
    pub cues: Vec<Cue>,
    /// The whole text, cue texts joined by spaces.
    pub text: String,
    /// From the first start to the last end (or the given duration for plain text).
    pub duration_ms: u64,
}

/// Why a transcript could not be read: the line (1-based) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TranscriptError {
    /// The line, 1-based (0 when it is about the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> TranscriptError {
    TranscriptError {
        line,
        message: message.into(),
    }
}

/// Reads `input` as `format`, or guesses the format from the content when `None` (WEBVTT header →
/// vtt; `{` → whisper; a `-->` line → srt; else text). Plain text needs `duration_ms`.
pub fn read(
    input: &str,
    format: Option<Format>,
    duration_ms: Option<u64>,
) -> Result<Transcript, TranscriptError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let format = format.unwrap_or_else(|| guess(input));
    let mut cues = match format {
        Format::Text => {
            let d = duration_ms.filter(|d| *d > 0).ok_or_else(|| {
                err(
                    0,
                    "a plain-text transcript needs its duration, how long the answer took (e.g. 2:05: `--duration` in the terminal, the Duration box on the page, `duration` in the API)",
                )
            })?;
            let text = strip_speakers(
                input
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str(),
            );
            if text.is_empty() {
                return Err(err(0, "the transcript is empty"));
            }
            vec![Cue {
                start_ms: 0,
                end_ms: d,
                text,
                word: false,
            }]
        }
        Format::Srt => read_srt(input)?,
        Format::Vtt => read_vtt(input)?,
        Format::Whisper => read_whisper(input)?,
    };
    cues.sort_by_key(|c| (c.start_ms, c.end_ms));
    if cues.is_empty() {
        return Err(err(0, "the transcript has no speech in it"));
    }
    let first = cues.first().map_or(0, |c| c.start_ms);
    let last = cues.iter().map(|c| c.end_ms).max().unwrap_or(0);
    let text = cues
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Transcript {
        format,
        duration_ms: if format == Format::Text {
            last
        } else {
            last.saturating_sub(first)
        },
        cues,
        text,
    })
}

fn guess(input: &str) -> Format {
    let t = input.trim_start();
    if t.starts_with("WEBVTT") {
        Format::Vtt
    } else if t.starts_with('{') {
        Format::Whisper
    } else if input.lines().any(|l| {
        let l = l.trim();
        let l = l
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map_or(l, |(t, _)| t);
        l.contains("-->") && timing(l, 0).is_ok()
    }) {
        Format::Srt
    } else {
        Format::Text
    }
}

/// `00:01:02,345` / `01:02.345` / `1:02:03.4` → ms.
fn timestamp(t: &str) -> Option<u64> {
    let t = t.trim();
    let (hms, frac) = match t.rfind([',', '.']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut secs: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        if !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v: u64 = p.parse().ok()?;
        if i > 0 && v >= 60 {
            return None;
        }
        secs = secs.checked_mul(60)?.checked_add(v)?;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 3 {
        return None;
    }
    let ms: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().ok()?
    };
    secs.checked_mul(1000)?.checked_add(ms)
}

/// `start --> end [settings]` → (start, end).
fn timing(line: &str, n: usize) -> Result<(u64, u64), TranscriptError> {
    let (a, b) = line.split_once("-->").ok_or_else(|| {
        err(
            n,
            format!("expected a timing line `00:00:01,000 --> 00:00:03,500`, found {line:?}"),
        )
    })?;
    let b = b.split_whitespace().next().unwrap_or("");
    let start = timestamp(a).ok_or_else(|| {
        err(
            n,
            format!("{:?} is not a time such as 00:00:01,000", a.trim()),
        )
    })?;
    let end =
        timestamp(b).ok_or_else(|| err(n, format!("{b:?} is not a time such as 00:00:03,500")))?;
    if end < start {
        return Err(err(n, "the cue ends before it starts"));
    }
    Ok((start, end))
}

/// Removes `Speaker 1:` / `INTERVIEWER:` / `<v Ana>` / `[Ana]` labels at the start.
fn strip_speakers(text: &str) -> String {
    let mut t = text.trim();
    if let Some(rest) = t.strip_prefix("<v") {
        if let Some(i) = rest.find('>') {
            t = rest[i + 1..].trim();
        }
    }
    if t.starts_with('[') {
        if let Some(i) = t.find(']') {
            if i < 30 {
                t = t[i + 1..].trim();
            }
        }
    }
    if let Some(i) = t.find(':') {
        let label = &t[..i];
        if i < 30
            && !label.is_empty()
            && label.split_whitespace().count() <= 3
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-')
            && label.chars().next().is_some_and(|c| c.is_uppercase())
            && !label.chars().all(|c| c.is_ascii_digit())
        {
            t = t[i + 1..].trim();
        }
    }
    // WebVTT voice/class tags inside the text.
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocks(input: &str) -> Vec<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, l) in input.lines().enumerate() {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push((i + 1, l));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// whisper.cpp's console output: one cue a line, `[00:00:00.000 --> 00:00:04.000]  text`.
fn read_bracketed(input: &str) -> Result<Vec<Cue>, TranscriptError> {
    let mut cues = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let Some((times, text)) = l.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            return Err(err(
                n,
                format!("expected `[00:00:00.000 --> 00:00:04.000]  text`, found {l:?}"),
            ));
        };
        let (start_ms, end_ms) = timing(times, n)?;
        let text = strip_speakers(text);
        if !text.is_empty() {
            cues.push(Cue {
                start_ms,
                end_ms,
                text,
                word: false,
            });
        }
    }
    Ok(cues)
}

fn read_srt(input: &str) -> Result<Vec<Cue>, TranscriptError> {
    let first = input.lines().map(str::trim).find(|l| !l.is_empty());
    if first.is_some_and(|l| l.starts_with('[') && l.contains("-->") && l.contains(']')) {
        return read_bracketed(input);
    }
    let mut cues = Vec::new();
    for block in blocks(input) {
        let mut lines = block.iter().peekable();
        let Some(&(n, first)) = lines.peek().copied() else {
            continue;
        };
        if !first.contains("-->") {
            if !first.trim().chars().all(|c| c.is_ascii_digit()) {
                return Err(err(
                    n,
                    format!("expected a cue number or a timing line, found {first:?}"),
                ));
            }
            lines.next();
        }
        let Some(&(tn, tl)) = lines.next() else {
            return Err(err(n, "a cue number with no timing line after it"));
        };
        let (start_ms, end_ms) = timing(tl, tn)?;
        let text = strip_speakers(&lines.map(|(_, l)| *l).collect::<Vec<_>>().join(" "));
        if !text.is_empty() {
            cues.push(Cue {
                start_ms,
                end_ms,
                text,
                word: false,
            });
        }
    }
    Ok(cues)
}

fn read_vtt(input: &str) -> Result<Vec<Cue>, TranscriptError> {
    let mut cues = Vec::new();
    for (i, block) in blocks(input).into_iter().enumerate() {
        let Some(&(n, first)) = block.first() else {
            continue;
        };
        if i == 0 {
            if !first.starts_with("WEBVTT") {
                return Err(err(n, "a WebVTT file starts with the line WEBVTT"));
            }
            continue;
        }
        if first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION") {
            continue;
        }
        let timing_at = block.iter().position(|(_, l)| l.contains("-->"));
        let Some(t) = timing_at.filter(|t| *t <= 1) else {
            return Err(err(
                n,
                format!("expected a timing line `00:01.000 --> 00:03.500`, found {first:?}"),
            ));
        };
        let (tn, tl) = block[t];
        let (start_ms, end_ms) = timing(tl, tn)?;
        let text = strip_speakers(
            &block[t + 1..]
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(" "),
        );
        if !text.is_empty() {
            cues.push(Cue {
                start_ms,
                end_ms,
                text,
                word: false,
            });
        }
    }
    Ok(cues)
}

/// The line (1-based) where each object of the top-level `segments` array opens, found by
/// walking the JSON text (strings and escapes skipped). Only called on text that parsed.
fn segment_lines(input: &str, name: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let quoted = format!("\"{name}\"");
    let Some(key) = input.find(&quoted) else {
        return out;
    };
    let mut line = 1 + input[..key].matches('\n').count();
    let mut depth = 0usize;
    let mut in_array = false;
    let (mut in_str, mut escaped) = (false, false);
    for c in input[key + quoted.len()..].chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => {
                if !in_array && c == '[' {
                    in_array = true;
                    depth = 1;
                    continue;
                }
                if in_array && depth == 1 && c == '{' {
                    out.push(line);
                }
                depth += 1;
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if in_array && depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

/// A JSON segment timed `start_ms`..`end_ms` as a cue of its `text` (speaker labels taken off;
/// an empty one adds nothing), or what is wrong with it.
fn segment_cue(
    cues: &mut Vec<Cue>,
    start_ms: u64,
    end_ms: u64,
    segment: &serde_json::Value,
) -> Result<(), &'static str> {
    if end_ms < start_ms {
        return Err("ends before it starts");
    }
    let text = strip_speakers(segment.get("text").and_then(|t| t.as_str()).unwrap_or(""));
    if !text.is_empty() {
        cues.push(Cue {
            start_ms,
            end_ms,
            text,
            word: false,
        });
    }
    Ok(())
}

/// whisper.cpp's JSON (`-oj`/`-ojf`): `transcription[]` with `offsets {from, to}` in ms (or
/// `timestamps {from, to}` as `00:00:01,000`) and `text`.
fn read_whisper_cpp(input: &str, items: &[serde_json::Value]) -> Result<Vec<Cue>, TranscriptError> {
    let lines = segment_lines(input, "transcription");
    let mut cues = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let bad = |what: &str| err(line, format!("transcription item {}: {what}", i + 1));
        let from_offsets = item
            .get("offsets")
            .and_then(|o| Some((o.get("from")?.as_u64()?, o.get("to")?.as_u64()?)));
        let from_stamps = || {
            item.get("timestamps").and_then(|t| {
                Some((
                    timestamp(t.get("from")?.as_str()?)?,
                    timestamp(t.get("to")?.as_str()?)?,
                ))
            })
        };
        let Some((a, b)) = from_offsets.or_else(from_stamps) else {
            return Err(bad("no `offsets` (from, to in ms) or `timestamps`"));
        };
        segment_cue(&mut cues, a, b, item).map_err(bad)?;
    }
    Ok(cues)
}

fn read_whisper(input: &str) -> Result<Vec<Cue>, TranscriptError> {
    let v: serde_json::Value =
        serde_json::from_str(input).map_err(|e| err(e.line(), format!("not Whisper JSON: {e}")))?;
    if v.get("segments").is_none() {
        if let Some(items) = v.get("transcription").and_then(|t| t.as_array()) {
            return read_whisper_cpp(input, items);
        }
    }
    let segments = v
        .get("segments")
        .and_then(|s| s.as_array())
        .ok_or_else(|| {
            err(
                1,
                "Whisper JSON has a `segments` array (whisper.cpp's: `transcription`); this has neither",
            )
        })?;
    let ms = |x: &serde_json::Value| -> Option<u64> {
        x.as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0 && *f < 86_400.0)
            .map(|f| (f * 1000.0).round() as u64)
    };
    let lines = segment_lines(input, "segments");
    let mut cues = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let bad = |what: &str| err(line, format!("segment {}: {what}", i + 1));
        let words = s
            .get("words")
            .and_then(|w| w.as_array())
            .filter(|w| !w.is_empty());
        if let Some(words) = words {
            for (j, w) in words.iter().enumerate() {
                let text = w
                    .get("word")
                    .or_else(|| w.get("text"))
                    .and_then(|t| t.as_str())
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let (Some(a), Some(b)) = (w.get("start").and_then(ms), w.get("end").and_then(ms))
                else {
                    return Err(bad(&format!(
                        "word {} has no start and end in seconds",
                        j + 1
                    )));
                };
                if b < a {
                    return Err(bad(&format!("word {} ends before it starts", j + 1)));
                }
                if !text.is_empty() {
                    cues.push(Cue {
                        start_ms: a,
                        end_ms: b,
                        text,
                        word: true,
                    });
                }
            }
        } else {
            let (Some(a), Some(b)) = (s.get("start").and_then(ms), s.get("end").and_then(ms))
            else {
                return Err(bad("no start and end in seconds"));
            };
            segment_cue(&mut cues, a, b, s).map_err(bad)?;
        }
    }
    Ok(cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srt_with_bom_crlf_speakers_and_no_final_newline() {
        let srt = "\u{feff}1\r\n00:00:00,000 --> 00:00:02,500\r\nSpeaker 1: So the launch slipped.\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\nI decided to cut scope.";
        let t = read(srt, None, None).expect("srt");
        assert_eq!(t.format, Format::Srt);
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[0].text, "So the launch slipped.");
        assert_eq!(t.duration_ms, 6_000);
        assert_eq!(t.text, "So the launch slipped. I decided to cut scope.");
    }

    #[test]
    fn vtt_with_notes_voices_and_overlaps() {
        let vtt = "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:03.000\n<v Ana>Um, we had two options.\n\nintro\n00:02.500 --> 00:05.000 align:start\nI picked the phased one.\n";
        let t = read(vtt, None, None).expect("vtt");
        assert_eq!(t.format, Format::Vtt);
        assert_eq!(t.cues[0].text, "Um, we had two options.");
        assert_eq!(t.cues[1].start_ms, 2_500);
        assert_eq!(t.duration_ms, 4_000);
    }

    #[test]
    fn whisper_words_and_segments() {
        let j = r#"{"text":"x","segments":[{"start":0.0,"end":1.2,"text":" Hello there","words":[{"word":" Hello","start":0.0,"end":0.5},{"word":" there","start":0.6,"end":1.2}]},{"start":3.0,"end":4.0,"text":" Done."}]}"#;
        let t = read(j, None, None).expect("whisper");
        assert_eq!(t.cues.len(), 3);
        assert!(t.cues[0].word);
        assert_eq!(t.cues[2].text, "Done.");
        assert_eq!(t.duration_ms, 4_000);
    }

    #[test]
    fn plain_text_needs_a_duration() {
        assert_eq!(
            read("We shipped it.", Some(Format::Text), None).map_err(|e| e.line),
            Err(0)
        );
        let t = read("We shipped it.", None, Some(65_000)).expect("text");
        assert_eq!(t.duration_ms, 65_000);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let e = read(
            "1\n00:00:01,000 --> 00:00:0x,000\nhi\n",
            Some(Format::Srt),
            None,
        )
        .expect_err("bad time");
        assert_eq!(e.line, 2);
        let e = read(
            "1\n00:00:03,000 --> 00:00:01,000\nhi\n",
            Some(Format::Srt),
            None,
        )
        .expect_err("backwards");
        assert_eq!(e.line, 2);
        let e = read("WEBVTT\n\nhello\nworld\n", Some(Format::Vtt), None).expect_err("no timing");
        assert_eq!(e.line, 3);
        let e = read("{\"segments\": [}", Some(Format::Whisper), None).expect_err("json");
        assert_eq!(e.line, 1);
        let e = read(
            "nonsense\n00:00:01,000 --> 00:00:02,000\nhi",
            Some(Format::Srt),
            None,
        )
        .expect_err("srt");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp("00:01:02,345"), Some(62_345));
        assert_eq!(timestamp("01:02.5"), Some(62_500));
        assert_eq!(timestamp("1:00:00.000"), Some(3_600_000));
        assert_eq!(timestamp("00:61.000"), None);
        assert_eq!(timestamp("aa:00.000"), None);
    }
}
