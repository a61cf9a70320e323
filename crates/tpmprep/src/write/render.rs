//! How a narrative's report, progress and history read in the terminal.

use std::fmt::Write as _;

use tpmprep_app::clock;
use tpmprep_app::writing::{Attempt, HistoryPoint};
use tpmprep_narrative::{Report, Severity};

use crate::render::{hang, wrap};

/// The whole report: score, parts, length, readability, substance, findings.
pub(super) fn report(r: &Report, text: &mut String) {
    let _ = writeln!(
        text,
        "Overall {}/100  {}   {} words · {} pages (target about {}, at most {})",
        r.overall, r.verdict, r.words, r.pages, r.target_words, r.max_words
    );
    if let Some(held) = &r.held {
        let _ = writeln!(text, "{held}");
    }
    let p = &r.parts;
    text.push_str("\nPart        score\n");
    for (name, score) in [
        ("substance", p.substance),
        ("data", p.data),
        ("ownership", p.ownership),
        ("fit", p.fit),
        ("clarity", p.clarity),
        ("grammar", p.grammar),
    ] {
        let _ = writeln!(
            text,
            "  {name:<10} {score:>2}/10  {}",
            "█".repeat(usize::from(score))
        );
    }
    let rd = &r.readability;
    let _ = writeln!(
        text,
        "\nReadability: grade {} (Flesch–Kincaid) · {} sentences, {} words each on average · {} over 32 words · {} passive · {} numbers per 100 words · \"I\" {} / \"we\" {}",
        rd.grade,
        rd.sentences,
        rd.words_per_sentence,
        rd.long_sentences,
        rd.passive,
        r.numbers_per_100_words,
        rd.i,
        rd.we
    );
    if let Some(fit) = &r.prompt {
        let _ = writeln!(
            text,
            "Answers the prompt: {}{}",
            if fit.answers { "yes" } else { "no" },
            if fit.asks_found.is_empty() {
                String::new()
            } else {
                format!(" (its words found: {})", fit.asks_found.join(", "))
            }
        );
    }
    text.push_str("\nSubstance\n");
    for part in &r.substance {
        if part.present {
            hang(
                text,
                &format!("  ✓ {:<13}“", part.part),
                "                  ",
                &format!("{}”", part.quote),
            );
        } else {
            let _ = writeln!(text, "  ✗ {}", part.part);
        }
    }
    if r.findings.is_empty() {
        text.push_str("\nNo findings.\n");
        return;
    }
    for category in ["substance", "grammar", "spelling", "clarity"] {
        let of: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.category == category)
            .collect();
        if of.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n{} ({})", capitalised(category), of.len());
        for f in of {
            let mark = match f.severity {
                Severity::Miss => "MISS",
                Severity::Warn => "WARN",
                Severity::Note => "·",
            };
            hang(text, &format!("  {mark:<5} "), "        ", &f.message);
            if !f.quote.is_empty() {
                hang(text, "        “", "         ", &format!("{}”", f.quote));
            }
            if !f.suggestion.is_empty() {
                hang(text, "        → ", "          ", &f.suggestion);
            }
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// An unfinished attempt: where it stands.
pub(super) fn progress(a: &Attempt, text: &mut String) {
    let _ = writeln!(
        text,
        "Narrative #{} — {}{}",
        a.summary.id,
        a.summary.title,
        if a.summary.finished_at.is_some() {
            " (finished)"
        } else {
            ""
        }
    );
    wrap(text, "  ", &a.prompt_text);
    let _ = writeln!(
        text,
        "\n{} words · {} written of {} · {} left{}",
        a.summary.words,
        clock(u32::try_from(a.elapsed_seconds).unwrap_or(u32::MAX)),
        clock(u32::try_from(a.summary.minutes * 60).unwrap_or(u32::MAX)),
        clock(u32::try_from(a.seconds_left).unwrap_or(0)),
        if a.rev > 0 {
            format!(" · revision {}", a.rev)
        } else {
            String::new()
        }
    );
    if a.summary.finished_at.is_none() {
        let _ = writeln!(
            text,
            "Carry on: tpmprep write resume {}   Finish: tpmprep write finish {}",
            a.summary.id, a.summary.id
        );
    }
}

/// Scores over time on one prompt.
pub(super) fn history(points: &[HistoryPoint], text: &mut String) {
    if points.is_empty() {
        text.push_str("No finished narratives on this prompt yet.\n");
        return;
    }
    text.push_str("Attempts on this prompt, oldest first\n");
    for p in points {
        let day = tpmprep_app::civil_time(p.finished_at);
        let _ = writeln!(
            text,
            "  #{:<4} {day}  {:>3}/100 {:<20} {:>5} words",
            p.id,
            p.overall,
            "▇".repeat(usize::try_from(p.overall / 5).unwrap_or(0)),
            p.words
        );
    }
}
