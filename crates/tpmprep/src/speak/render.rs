//! `tpmprep speak`'s text: the report (summary first, then delivery, then the critique) and the
//! list of kept transcripts.

use std::fmt::Write as _;

use tpmprep_app::speak::SpeakReport;
use tpmprep_content::Pack;
use tpmprep_critic::Critique;
use tpmprep_speech::Pace;
use tpmprep_store::TranscriptSummary;

use super::mss;
use crate::render::{hang, wrap};

/// The band's word.
pub fn pace_word(p: Pace) -> &'static str {
    match p {
        Pace::Slow => "slow",
        Pace::Comfortable => "comfortable",
        Pace::Fast => "fast",
    }
}

/// A one-line bar for `wpm`: one block per 10 words a minute up to 200, the comfortable band
/// (130–160) marked by where the bar ends.
fn bar(wpm: f64) -> String {
    let n = ((wpm / 10.0).round() as usize).min(20);
    format!("{}{}", "█".repeat(n), "·".repeat(20 - n))
}

/// The whole report.
pub fn report(pack: &Pack, r: &SpeakReport, critique: &Critique, text: &mut String) {
    let d = &r.delivery;
    let _ = writeln!(text, "Spoken answer · {} ({})", r.name, d.format.as_str());
    if let Some(q) = &r.question {
        let label = match &q.id {
            Some(id) => format!("Question ({id}): {}", q.text),
            None => format!("Question: {}", q.text),
        };
        wrap(text, "", &label);
    }
    text.push('\n');
    for s in &r.summary {
        hang(text, "  • ", "    ", s);
    }

    let _ = writeln!(text, "\nDelivery");
    let _ = writeln!(text, "  Words      {}", d.words);
    let _ = writeln!(text, "  Duration   {}", mss(d.duration_seconds));
    let _ = writeln!(
        text,
        "  Pace       {:.0} words a minute · {} (130–160 is comfortable)",
        d.wpm,
        pace_word(d.pace)
    );

    if !d.windows.is_empty() {
        let _ = writeln!(text, "\nPace per 30 seconds");
        for w in &d.windows {
            let _ = writeln!(
                text,
                "  {:>5}–{:<5} {} {:>4.0} wpm  {}",
                mss(w.start),
                mss(w.end),
                bar(w.wpm),
                w.wpm,
                pace_word(w.pace)
            );
        }
    }

    let _ = writeln!(
        text,
        "\nFillers    {} · {:.1} a minute",
        d.fillers, d.fillers_per_minute
    );
    if !d.filler_counts.is_empty() {
        let each: Vec<String> = d
            .filler_counts
            .iter()
            .map(|c| format!("\"{}\" ×{}", c.phrase, c.count))
            .collect();
        wrap(text, "  ", &each.join(", "));
    }
    wrap(
        text,
        "  ",
        "Speech-to-text often drops \"um\" and \"uh\", so this count is a floor, not proof you said none.",
    );

    let _ = writeln!(text, "\nHedges     {}", d.hedges);
    if !d.hedge_counts.is_empty() {
        let each: Vec<String> = d
            .hedge_counts
            .iter()
            .map(|c| format!("\"{}\" ×{}", c.phrase, c.count))
            .collect();
        wrap(text, "  ", &each.join(", "));
    }

    if d.timed {
        let _ = writeln!(
            text,
            "\nLong pauses (1.5 s or more): {}",
            if d.pauses.is_empty() {
                "none".to_string()
            } else {
                d.pauses.len().to_string()
            }
        );
        for p in &d.pauses {
            let _ = writeln!(
                text,
                "  at {:>5}  {:>4.1} s  after \"…{}\"",
                mss(p.start),
                p.seconds,
                p.after
            );
        }
    }

    let t = &d.talk_time;
    let _ = writeln!(
        text,
        "\nTalk time  {} against {} · {}",
        mss(t.seconds),
        mss(t.target_seconds),
        t.verdict.replace('-', " ")
    );
    wrap(text, "  ", &t.advice);

    if !r.star.is_empty() {
        let _ = writeln!(text, "\nTime in each STAR part");
        for s in &r.star {
            let _ = writeln!(
                text,
                "  {:<10} {:>5}  {:>3.0}%",
                s.part,
                mss(s.seconds),
                s.share * 100.0
            );
        }
    }

    let other: Vec<&String> = d.notes.iter().filter(|n| !n.contains("\"um\"")).collect();
    if !other.is_empty() {
        let _ = writeln!(text, "\nNotes");
        for n in other {
            hang(text, "  • ", "    ", n);
        }
    }

    let _ = writeln!(text, "\nCritique of the words");
    crate::critique::scorecard(
        pack,
        critique,
        r.question.as_ref().map(|q| q.text.as_str()),
        text,
    );
}

/// The kept transcripts, newest first.
pub fn list(list: &[TranscriptSummary], text: &mut String) {
    if list.is_empty() {
        text.push_str(
            "No transcripts yet. Bring one: `tpmprep speak analyze answer.srt` (.srt, .vtt, Whisper \
             JSON, or a .txt with --duration 2:05); see docs/speak.md for how to get one.\n",
        );
        return;
    }
    let _ = writeln!(
        text,
        "{:>4}  {:<16}  {:<20}  {:<7}  {:>5}  {:>4}  {:>5}  question",
        "id", "date", "name", "format", "time", "wpm", "score"
    );
    for t in list {
        let date: String = tpmprep_app::civil_time(t.created_at)
            .chars()
            .take(16)
            .collect();
        let name: String = t.name.chars().take(20).collect();
        let secs = t.duration_ms as f64 / 1000.0;
        let wpm = if t.duration_ms > 0 {
            t.words as f64 * 60_000.0 / t.duration_ms as f64
        } else {
            0.0
        };
        let question = t
            .question_id
            .clone()
            .or_else(|| t.question.clone())
            .unwrap_or_else(|| "-".into());
        let question: String = question.chars().take(24).collect();
        let score = t.score.map_or("-".to_string(), |s| s.to_string());
        let _ = writeln!(
            text,
            "{:>4}  {:<16}  {:<20}  {:<7}  {:>5}  {:>4.0}  {:>5}  {question}",
            t.id,
            date,
            name,
            t.format,
            mss(secs),
            wpm,
            score
        );
    }
}
