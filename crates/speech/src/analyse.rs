//! Timing analytics of a spoken answer: pace overall and per 30-second window, fillers, hedges,
//! long pauses, talk time against the target, and the time spent in each STAR part.

use serde::{Deserialize, Serialize};

use crate::read::{Format, Transcript};
use crate::words::{Word, timed};

/// Words per minute below which an answer sounds slow.
pub const COMFORTABLE_MIN_WPM: f64 = 130.0;
/// Words per minute above which an answer sounds rushed.
pub const COMFORTABLE_MAX_WPM: f64 = 160.0;
/// A silence this long (ms) between timed words or cues is a long pause.
pub const LONG_PAUSE_MS: u64 = 1_500;
/// The length of a pace window, ms.
pub const WINDOW_MS: u64 = 30_000;
/// A final window shorter than this (ms) is folded into the one before it: a few words in a few
/// seconds say nothing about pace.
pub const SHORT_TAIL_MS: u64 = 10_000;
/// The talk-time target for one behavioural answer, seconds.
pub const TARGET_SECONDS: f64 = 120.0;

/// What counts as filler and hedging (the pack's lists, lower case).
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Hedges ("i think", "maybe"), single words or phrases.
    pub hedges: Vec<String>,
}

impl Lexicon {
    /// The lists used when the pack gives none.
    pub fn standard() -> Lexicon {
        Lexicon {
            hedges: [
                "i think",
                "i believe",
                "i guess",
                "i feel",
                "i suppose",
                "maybe",
                "perhaps",
                "probably",
                "possibly",
                "somewhat",
                "hopefully",
                "more or less",
                "to some extent",
                "it seems",
            ]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        }
    }
}

/// How a stretch of speech sounds for pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pace {
    /// Under 130 words a minute.
    Slow,
    /// 130–160.
    Comfortable,
    /// Over 160.
    Fast,
}

impl Pace {
    /// The band `wpm` falls in.
    pub fn of(wpm: f64) -> Pace {
        if wpm < COMFORTABLE_MIN_WPM {
            Pace::Slow
        } else if wpm > COMFORTABLE_MAX_WPM {
            Pace::Fast
        } else {
            Pace::Comfortable
        }
    }
}

/// The pace of one 30-second stretch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Start, seconds from the start of the answer.
    pub start: f64,
    /// End, seconds.
    pub end: f64,
    /// Words that start in it.
    pub words: usize,
    /// Words per minute over it.
    pub wpm: f64,
    /// Its band.
    pub pace: Pace,
}

/// A silence of at least [`LONG_PAUSE_MS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// When it starts, seconds from the start of the answer.
    pub start: f64,
    /// How long, seconds.
    pub seconds: f64,
    /// The last few words before it.
    pub after: String,
}

/// One filler or hedge where it was said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// The phrase as listed ("you know").
    pub phrase: String,
    /// When, seconds from the start.
    pub at: f64,
    /// Byte span in the transcript's text.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// How often one phrase was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The phrase.
    pub phrase: String,
    /// Times said.
    pub count: usize,
}

/// Talk time against the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkTime {
    /// Seconds spoken (first word to last).
    pub seconds: f64,
    /// The target, seconds.
    pub target_seconds: f64,
    /// `short` (under 90 s), `on-target` (90–150 s), `long` (150–180 s) or `too-long`.
    pub verdict: String,
    /// One sentence of advice.
    pub advice: String,
}

/// The time spent in one STAR part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartShare {
    /// `situation`, `task`, `action`, `result` or `lesson`.
    pub part: String,
    /// Seconds.
    pub seconds: f64,
    /// Share of the talk time, 0–1.
    pub share: f64,
}

/// Everything measured about the delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The transcript's format.
    pub format: Format,
    /// Whether words carry times (false for plain text: windows are then estimated from an even
    /// pace and pauses cannot be seen).
    pub timed: bool,
    /// Words spoken.
    pub words: usize,
    /// From the first cue's start to the last cue's end, seconds.
    pub duration_seconds: f64,
    /// Words per minute over the whole answer.
    pub wpm: f64,
    /// Its band.
    pub pace: Pace,
    /// Pace per 30 seconds.
    pub windows: Vec<Window>,
    /// Fillers said.
    pub fillers: usize,
    /// Fillers per minute.
    pub fillers_per_minute: f64,
    /// Each filler phrase and how often.
    pub filler_counts: Vec<Count>,
    /// Each filler where it was said.
    pub filler_marks: Vec<Mark>,
    /// Hedges said.
    pub hedges: usize,
    /// Each hedge phrase and how often.
    pub hedge_counts: Vec<Count>,
    /// Each hedge where it was said.
    pub hedge_marks: Vec<Mark>,
    /// Silences of 1.5 s or more.
    pub pauses: Vec<Pause>,
    /// Talk time against the 2-minute target.
    pub talk_time: TalkTime,
    /// Things to keep in mind when reading these figures.
    pub notes: Vec<String>,
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

fn per_minute(n: usize, ms: u64) -> f64 {
    if ms == 0 {
        0.0
    } else {
        n as f64 * 60_000.0 / ms as f64
    }
}

/// Measures the delivery of `t`.
pub fn analyse(t: &Transcript, lex: &Lexicon) -> Analysis {
    let words = timed(t);
    let duration = t.duration_ms;
    let lower: Vec<String> = words
        .iter()
        .map(|w| t.text.get(w.start..w.end).unwrap_or("").to_lowercase())
        .collect();
    let timed_words = t.format != Format::Text;
    let filler_marks = fillers(&t.text, &words, &lower);
    let hedge_marks = hedges(&words, &lower, lex);
    let wpm = per_minute(words.len(), duration);
    let mut notes = vec![
        "Many speech-to-text systems leave out \"um\" and \"uh\", so a low filler count from such a transcript is a floor, not proof that you said none.".to_string(),
    ];
    if !timed_words {
        notes.push("A plain-text transcript has no times: the pace per 30 seconds assumes an even pace, and pauses cannot be seen. Bring an .srt, .vtt or Whisper JSON file to see them.".to_string());
    } else if t.cues.iter().all(|c| !c.word) {
        notes.push("Times are per caption, not per word: words inside a caption are spread evenly over it, so only the silences between captions show as pauses.".to_string());
    }
    if !words.is_empty() && !t.text.contains(['.', '?', '!']) {
        notes.push("The transcript has no sentence punctuation, so the critique reads it as one long sentence; a transcriber that punctuates (Whisper does) gives a truer critique.".to_string());
    }
    let seconds = secs(duration);
    Analysis {
        format: t.format,
        timed: timed_words,
        words: words.len(),
        duration_seconds: seconds,
        wpm,
        pace: Pace::of(wpm),
        windows: windows(&words, duration),
        fillers: filler_marks.len(),
        fillers_per_minute: per_minute(filler_marks.len(), duration),
        filler_counts: counts(&filler_marks),
        filler_marks,
        hedges: hedge_marks.len(),
        hedge_counts: counts(&hedge_marks),
        hedge_marks,
        pauses: if timed_words {
            pauses(t, &words)
        } else {
            Vec::new()
        },
        talk_time: talk_time(seconds),
        notes,
    }
}

fn talk_time(seconds: f64) -> TalkTime {
    let (verdict, advice) = if seconds < 90.0 {
        (
            "short",
            "Under 90 seconds: there is room for the detail an interviewer would otherwise ask for — what you did, what you decided, and the measured result.",
        )
    } else if seconds <= 150.0 {
        (
            "on-target",
            "Between 1:30 and 2:30: the length interviewers expect for one story, leaving time for follow-ups.",
        )
    } else if seconds <= 180.0 {
        (
            "long",
            "Over two and a half minutes: trim the situation to two sentences and let the interviewer ask for more.",
        )
    } else {
        (
            "too-long",
            "Over three minutes: the interviewer will cut in. Say the situation in two sentences, three actions, one number for the result.",
        )
    };
    TalkTime {
        seconds,
        target_seconds: TARGET_SECONDS,
        verdict: verdict.to_string(),
        advice: advice.to_string(),
    }
}

/// Cuts `[0, duration)` into 30-second windows (a short tail folds into the window before it)
/// and counts the words that start in each.
pub fn windows(words: &[Word], duration: u64) -> Vec<Window> {
    if duration == 0 {
        return Vec::new();
    }
    let mut bounds: Vec<(u64, u64)> = Vec::new();
    let mut s = 0;
    while s < duration {
        let e = (s + WINDOW_MS).min(duration);
        bounds.push((s, e));
        s = e;
    }
    if bounds.len() > 1 {
        if let Some(&(ls, le)) = bounds.last() {
            if le - ls < SHORT_TAIL_MS {
                bounds.pop();
                if let Some(prev) = bounds.last_mut() {
                    prev.1 = le;
                }
            }
        }
    }
    let last = bounds.len().saturating_sub(1);
    bounds
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| {
            let n = words
                .iter()
                .filter(|w| w.at_ms >= s && (w.at_ms < e || i == last))
                .count();
            let wpm = per_minute(n, e - s);
            Window {
                start: secs(s),
                end: secs(e),
                words: n,
                wpm,
                pace: Pace::of(wpm),
            }
        })
        .collect()
}

/// Silences of at least [`LONG_PAUSE_MS`] between timed units: words when words are timed, cues
/// otherwise. Overlapping cues leave no silence.
fn pauses(t: &Transcript, words: &[Word]) -> Vec<Pause> {
    let origin = t.cues.first().map_or(0, |c| c.start_ms);
    let mut out = Vec::new();
    let mut reach: Option<u64> = None;
    for (ci, cue) in t.cues.iter().enumerate() {
        let (s, e) = (
            cue.start_ms.saturating_sub(origin),
            cue.end_ms.saturating_sub(origin),
        );
        if let Some(r) = reach {
            if s >= r + LONG_PAUSE_MS {
                let upto = words.iter().filter(|w| w.cue < ci).count();
                let from = upto.saturating_sub(5);
                let after = words
                    .get(from..upto)
                    .unwrap_or(&[])
                    .iter()
                    .map(|w| t.text.get(w.start..w.end).unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Pause {
                    start: secs(r),
                    seconds: secs(s - r),
                    after,
                });
            }
        }
        reach = Some(reach.map_or(e, |r| r.max(e)));
    }
    out
}

fn counts(marks: &[Mark]) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for m in marks {
        match out.iter_mut().find(|c| c.phrase == m.phrase) {
            Some(c) => c.count += 1,
            None => out.push(Count {
                phrase: m.phrase.clone(),
                count: 1,
            }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.phrase.cmp(&b.phrase)));
    out
}

fn mark(phrase: &str, words: &[Word], i: usize, n: usize) -> Option<Mark> {
    let first = words.get(i)?;
    let last = words.get(i + n - 1)?;
    Some(Mark {
        phrase: phrase.to_string(),
        at: secs(first.at_ms),
        start: first.start,
        end: last.end,
    })
}

/// What follows word `i` in the text before the next word: "," or "?" or nothing.
fn after<'t>(text: &'t str, words: &[Word], i: usize) -> &'t str {
    let Some(w) = words.get(i) else { return "" };
    let to = words.get(i + 1).map_or(text.len(), |n| n.start);
    text.get(w.end..to).unwrap_or("").trim()
}

/// Whether word `i` opens a clause: the first word, or after a comma or sentence end.
fn opens(text: &str, words: &[Word], i: usize) -> bool {
    i == 0 || {
        let p = after(text, words, i - 1);
        p.contains([',', '.', '?', '!', ';', '—', '-'])
    }
}

/// The fillers: um, uh, er, like, you know, sort of, kind of, basically, actually,
/// literally, I mean, right? — each only where it is filler: "like" not as a verb or
/// comparison, "kind of" not after "what/this/the", "you know" not as a question.
fn fillers(text: &str, words: &[Word], w: &[String]) -> Vec<Mark> {
    let mut out = Vec::new();
    let at = |i: usize| w.get(i).map_or("", String::as_str);
    let mut i = 0;
    while i < w.len() {
        let word = at(i);
        let prev = if i == 0 { "" } else { at(i - 1) };
        let next = at(i + 1);
        let found: Option<(&str, usize)> = match word {
            "um" | "umm" | "uhm" | "erm" | "hmm" => Some(("um", 1)),
            "uh" | "uhh" => Some(("uh", 1)),
            "er" | "err" => Some(("er", 1)),
            "basically" => Some(("basically", 1)),
            "actually" => Some(("actually", 1)),
            "literally" => Some(("literally", 1)),
            "like" => {
                let verb_or_comparison = matches!(
                    prev,
                    "i" | "we"
                        | "you"
                        | "they"
                        | "would"
                        | "i'd"
                        | "we'd"
                        | "you'd"
                        | "they'd"
                        | "look"
                        | "looks"
                        | "looked"
                        | "feel"
                        | "feels"
                        | "felt"
                        | "sound"
                        | "sounds"
                        | "seem"
                        | "seemed"
                        | "something"
                        | "anything"
                        | "nothing"
                        | "just"
                        | "much"
                        | "more"
                        | "didn't"
                        | "don't"
                        | "not"
                        | "is"
                        | "are"
                        | "be"
                        | "things"
                        | "tools"
                );
                let comma_after = after(text, words, i).starts_with(',');
                let comparison_next = matches!(
                    next,
                    "a" | "an"
                        | "the"
                        | "this"
                        | "that"
                        | "when"
                        | "how"
                        | "in"
                        | "on"
                        | "for"
                        | "with"
                        | "to"
                        | "it"
                        | "them"
                        | "us"
                        | "me"
                );
                let filler = comma_after
                    || !verb_or_comparison
                        && !comparison_next
                        && (opens(text, words, i)
                            || matches!(prev, "was" | "were" | "and" | "but" | "so" | "um" | "uh"));
                filler.then_some(("like", 1))
            }
            "you" if next == "know" => {
                let question = matches!(prev, "do" | "did" | "don't" | "didn't" | "if" | "would")
                    || matches!(
                        at(i + 2),
                        "what" | "how" | "why" | "when" | "where" | "who" | "whether" | "about"
                    ) && !after(text, words, i + 1).starts_with(',');
                (!question).then_some(("you know", 2))
            }
            "sort" | "kind" if next == "of" => {
                let noun = matches!(
                    prev,
                    "what"
                        | "which"
                        | "this"
                        | "that"
                        | "the"
                        | "a"
                        | "any"
                        | "some"
                        | "every"
                        | "each"
                        | "one"
                        | "same"
                        | "right"
                        | "different"
                        | "first"
                );
                (!noun).then_some((if word == "sort" { "sort of" } else { "kind of" }, 2))
            }
            "i" if next == "mean" => Some(("i mean", 2)),
            "right" if after(text, words, i).starts_with('?') => Some(("right?", 1)),
            _ => None,
        };
        match found.and_then(|(p, n)| mark(p, words, i, n).map(|m| (m, n))) {
            Some((m, n)) => {
                out.push(m);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Hedges from the lexicon, matched as whole words.
fn hedges(words: &[Word], w: &[String], lex: &Lexicon) -> Vec<Mark> {
    let phrases: Vec<Vec<&str>> = lex
        .hedges
        .iter()
        .map(|h| h.split_whitespace().collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        // "sort of" and "kind of" are counted as fillers.
        .filter(|p| !matches!(p.as_slice(), ["sort", "of"] | ["kind", "of"]))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let hit = phrases.iter().find(|p| {
            p.iter()
                .enumerate()
                .all(|(k, pw)| w.get(i + k).is_some_and(|x| x == pw))
        });
        match hit.and_then(|p| mark(&p.join(" "), words, i, p.len()).map(|m| (m, p.len()))) {
            Some((m, n)) => {
                out.push(m);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The time spent in each STAR part, given the parts of the text (`(start byte, end byte, part)`,
/// e.g. the critic's reading of each sentence). A word's time runs to the next word's start,
/// at most 2 s (a long pause is not talk); words outside every span go to the part before them.
/// Parts are listed in STAR order, only those with time.
pub fn star_shares(t: &Transcript, parts: &[(usize, usize, &str)]) -> Vec<PartShare> {
    const ORDER: [&str; 5] = ["situation", "task", "action", "result", "lesson"];
    let words = timed(t);
    let mut per: Vec<f64> = vec![0.0; ORDER.len()];
    let mut current: Option<usize> = None;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map_or(t.duration_ms, |n| n.at_ms);
        let ms = next.saturating_sub(w.at_ms).min(2_000);
        if let Some(p) = parts
            .iter()
            .find(|(s, e, _)| w.start >= *s && w.start < *e)
            .and_then(|(_, _, p)| ORDER.iter().position(|o| o == p))
        {
            current = Some(p);
        }
        if let Some(slot) = current.and_then(|p| per.get_mut(p)) {
            *slot += secs(ms);
        }
    }
    let total: f64 = per.iter().sum();
    ORDER
        .iter()
        .zip(per)
        .filter(|(_, s)| *s > 0.0)
        .map(|(p, s)| PartShare {
            part: (*p).to_string(),
            seconds: s,
            share: if total > 0.0 { s / total } else { 0.0 },
        })
        .collect()
}
