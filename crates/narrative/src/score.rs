//! Scoring: six parts 0–10 and the overall 0–100, with the caps that hold a narrative down (it does
//! not answer the prompt; no decision of the writer's; too short), and the findings in order.

use serde::{Deserialize, Serialize};
use tpmprep_content::WritingPrompt;

use crate::clarity::Clarity;
use crate::substance::Substance;
use crate::text::Shape;
use crate::{
    Finding, GrammarHit, MAX_WORDS, PromptFit, Report, Severity, TARGET_WORDS, WORDS_PER_PAGE,
};

/// Each part of the narrative, 0..=10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    /// Grammar and spelling: mistakes per 100 words.
    pub grammar: u8,
    /// Clarity: long sentences, passive voice, weasel words, hedges, jargon, adverbs, acronyms,
    /// bullets, readability.
    pub clarity: u8,
    /// Substance: the situation, the decision, the alternatives, the outcome, the lesson.
    pub substance: u8,
    /// Data: numbers per 100 words, and an outcome measured.
    pub data: u8,
    /// Ownership: what the writer did, in the first person.
    pub ownership: u8,
    /// Fit: whether it answers the prompt.
    pub fit: u8,
}

/// The readability figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readability {
    /// Flesch–Kincaid grade level, one decimal.
    pub grade: f64,
    /// Sentences of prose.
    pub sentences: usize,
    /// Mean words per sentence, one decimal.
    pub words_per_sentence: f64,
    /// Sentences over 32 words.
    pub long_sentences: usize,
    /// Sentences in the passive voice.
    pub passive: usize,
    /// Adverbs (-ly words).
    pub adverbs: usize,
    /// Weasel words.
    pub weasel: usize,
    /// Hedges.
    pub hedges: usize,
    /// Jargon.
    pub jargon: usize,
    /// Acronyms used without a definition.
    pub undefined_acronyms: usize,
    /// Uses of "I", "my", "me".
    pub i: usize,
    /// Uses of "we", "our", "us".
    pub we: usize,
}

fn clamp10(x: f64) -> u8 {
    x.round().clamp(0.0, 10.0) as u8
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Messages for a substance part that is missing.
fn missing(part: &str) -> (&'static str, &'static str, Severity) {
    match part {
        "situation" => (
            "No situation: the reader never learns what was at stake, or for whom.",
            "Open with the stakes in numbers: who was affected, how much, by when.",
            Severity::Warn,
        ),
        "decision" => (
            "No decision of yours: the narrative says what happened, not what you chose.",
            "Say the call you made in one plain sentence: \"I chose X over Y because…\".",
            Severity::Miss,
        ),
        "alternatives" => (
            "No alternatives: nothing says what else you considered or why it lost.",
            "Name the option you turned down and the reason: \"We could have …; I chose … because …\".",
            Severity::Miss,
        ),
        "data" => (
            "No data: not one figure in the narrative.",
            "Give the baseline, the target and the result with their units.",
            Severity::Miss,
        ),
        "outcome" => (
            "No outcome: the narrative never says how it turned out.",
            "End the story with the result, measured: \"Tickets fell from 1,200 to 310 a week.\"",
            Severity::Miss,
        ),
        "lesson" => (
            "No lesson: nothing says what you took from it or do differently now.",
            "Close with what you learned and how it changed what you do.",
            Severity::Warn,
        ),
        _ => (
            "No action of yours: the narrative never says what you did.",
            "Tell it in the first person: \"I wrote…\", \"I met…\", \"I decided…\".",
            Severity::Miss,
        ),
    }
}

/// Assembles the report.
pub(crate) fn report(
    text: &str,
    shape: &Shape,
    hits: &[GrammarHit],
    clarity: Clarity,
    substance: Substance,
    prompt: Option<&WritingPrompt>,
) -> Report {
    let words = shape.words;
    let per100 = |n: usize| {
        if words == 0 {
            0.0
        } else {
            n as f64 * 100.0 / words as f64
        }
    };
    let mut findings: Vec<Finding> = Vec::new();

    // Grammar and spelling.
    for h in hits {
        let quote = text.get(h.start..h.end).unwrap_or("").to_string();
        let suggestion = match &h.replacement {
            Some(r) if r.is_empty() => "Remove it.".to_string(),
            Some(r) => format!("Write \"{r}\"."),
            None => "Reread the sentence aloud and fix it.".to_string(),
        };
        findings.push(Finding {
            category: h.category.into(),
            code: h.category.into(),
            severity: Severity::Warn,
            start: h.start,
            end: h.end,
            quote,
            message: h.message.clone(),
            suggestion,
        });
    }
    let mistakes = per100(hits.len());
    let grammar = clamp10(10.0 - 4.0 * mistakes);

    // Clarity.
    let filler = per100(clarity.weasel + clarity.hedges + clarity.jargon);
    let mut c = 10.0;
    c -= (clarity.long_sentences.saturating_sub(1) as f64).min(3.0);
    let prose = shape.sentences.iter().filter(|s| !s.heading).count().max(1);
    if clarity.passive * 5 > prose {
        c -= 1.0;
    }
    c -= (filler * 1.5).min(4.0);
    if per100(clarity.adverbs) > 2.5 {
        c -= 1.0;
    }
    c -= (clarity.undefined_acronyms as f64 * 0.5).min(2.0);
    if clarity.findings.iter().any(|f| f.code == "bullets") {
        c -= 2.0;
    }
    if clarity.grade > 16.0 {
        c -= 1.0;
    }
    let clarity_score = clamp10(c);

    // Substance.
    let has = |p: &str| substance.has(p);
    let mut s = 0.0;
    if has("situation") {
        s += 1.5;
    }
    if has("decision") {
        s += 2.5;
    }
    if has("alternatives") {
        s += 2.0;
    }
    if substance.result || substance.outcome_number {
        s += 1.0;
    }
    if substance.outcome_number {
        s += 1.5;
    }
    if has("lesson") {
        s += 1.5;
    }
    let substance_score = clamp10(s);

    let numbers100 = per100(substance.numbers);
    let mut data = (numbers100 * 4.0).min(10.0);
    if !substance.outcome_number {
        data = data.min(5.0);
    }
    let data_score = clamp10(data);

    let mut own = (substance.actions as f64 * 1.5).min(10.0);
    let share = if substance.i + substance.we == 0 {
        0.0
    } else {
        substance.i as f64 / (substance.i + substance.we) as f64
    };
    if share < 0.35 {
        own -= 3.0;
    }
    let ownership = clamp10(own);

    let fit = match prompt {
        None => 10,
        Some(p) => {
            let found = substance.asks_found.len();
            let by_words = if p.asks.is_empty() {
                10
            } else {
                match found {
                    0 => 0,
                    1 => 5,
                    2 => 7,
                    3 => 8,
                    _ => 10,
                }
            };
            if substance.off_topic {
                by_words.min(3)
            } else {
                by_words
            }
        }
    };

    let parts = Parts {
        grammar,
        clarity: clarity_score,
        substance: substance_score,
        data: data_score,
        ownership,
        fit,
    };
    let weighted = 0.32 * f64::from(parts.substance)
        + 0.15 * f64::from(parts.data)
        + 0.13 * f64::from(parts.ownership)
        + 0.15 * f64::from(parts.fit)
        + 0.15 * f64::from(parts.clarity)
        + 0.10 * f64::from(parts.grammar);
    let mut overall = (weighted * 10.0).round().clamp(0.0, 100.0) as u8;

    // Caps, the lowest that applies.
    let mut held: Option<(u8, String)> = None;
    let mut cap = |limit: u8, why: String| {
        if overall > limit && held.as_ref().is_none_or(|(l, _)| limit < *l) {
            held = Some((limit, why));
        }
    };
    if prompt.is_some() && substance.off_topic {
        cap(
            40,
            "Held to at most 40: the narrative does not answer the prompt it was written for."
                .into(),
        );
    }
    if !has("decision") {
        cap(
            60,
            "Held to at most 60: no decision of yours is stated.".into(),
        );
    }
    if !substance.outcome_number {
        cap(65, "Held to at most 65: no outcome is measured.".into());
    } else if numbers100 < 1.0 {
        cap(
            65,
            format!(
                "Held to at most 65: {numbers100:.1} figures per 100 words is too thin to show the data behind the story."
            ),
        );
    }
    if words < 400 {
        cap(
            50,
            format!("Held to at most 50: {words} words is too short for a two-page narrative."),
        );
    }
    if let Some((limit, _)) = &held {
        overall = overall.min(*limit);
    }
    if words > MAX_WORDS {
        overall = overall.saturating_sub(10);
    }

    // Substance findings: each missing part; the prompt; length.
    for p in &substance.parts {
        if p.present {
            continue;
        }
        let (message, suggestion, severity) = missing(&p.part);
        findings.push(Finding {
            category: "substance".into(),
            code: p.part.clone(),
            severity,
            start: 0,
            end: 0,
            quote: String::new(),
            message: message.into(),
            suggestion: suggestion.into(),
        });
    }
    if substance.we > 2 * substance.i.max(1) {
        findings.push(Finding {
            category: "substance".into(),
            code: "ownership".into(),
            severity: Severity::Warn,
            start: 0,
            end: 0,
            quote: String::new(),
            message: format!(
                "\"We\" {} times, \"I\" {} times: the reader cannot tell what you did.",
                substance.we, substance.i
            ),
            suggestion:
                "Keep \"we\" for the team's work and say \"I\" for your own calls and actions."
                    .into(),
        });
    }
    if let Some(p) = prompt {
        if substance.off_topic {
            findings.push(Finding {
                category: "substance".into(),
                code: "prompt".into(),
                severity: Severity::Miss,
                start: 0,
                end: 0,
                quote: String::new(),
                message: match &substance.answers_instead {
                    Some(other) => format!(
                        "This reads as an answer to another prompt (\"{other}\"), not to this one: \"{}\"",
                        p.text
                    ),
                    None => format!("This does not read as an answer to the prompt: \"{}\"", p.text),
                },
                suggestion: "Tell a story that is plainly about what the prompt asks, and say so in the opening paragraph.".into(),
            });
        }
    }
    if words < 400 {
        findings.push(length_finding(
            "too-short",
            format!("{words} words: the assessment expects about {TARGET_WORDS} (two pages)."),
            "Add the situation's numbers, the options you weighed and the measured outcome.",
        ));
    } else if words > MAX_WORDS {
        findings.push(length_finding(
            "too-long",
            format!("{words} words: over four pages, the most the assessment accepts."),
            "Cut the background to one paragraph and keep the decision, the data and the outcome.",
        ));
    }
    // Paragraphs of 40+ words that carry no signal the critic reads and no figure.
    for (i, para) in shape.paragraphs.iter().enumerate() {
        let sentences: Vec<_> = shape
            .sentences
            .iter()
            .filter(|s| s.paragraph == i && !s.heading)
            .collect();
        let n: usize = sentences.iter().map(|s| s.words).sum();
        if n < 40 {
            continue;
        }
        let body = text.get(para.start..para.end).unwrap_or("");
        let signals = substance
            .parts
            .iter()
            .any(|p| p.present && p.start >= para.start && p.end <= para.end);
        if !signals && crate::text::numbers(body) == 0 && !sentences.is_empty() {
            if let Some(first) = sentences.first() {
                findings.push(Finding {
                    category: "clarity".into(),
                    code: "no-point".into(),
                    severity: Severity::Note,
                    start: first.span.start,
                    end: first.span.end,
                    quote: text.get(first.span.start..first.span.end).unwrap_or("").to_string(),
                    message: "This paragraph has no point a reader can hold: no decision, no figure, no result.".into(),
                    suggestion: "Open the paragraph with its point, then support it — or cut it.".into(),
                });
            }
        }
    }
    findings.extend(clarity.findings);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.start.cmp(&b.start))
            .then(a.code.cmp(&b.code))
    });

    let sentences = shape.sentences.iter().filter(|s| !s.heading).count();
    Report {
        overall,
        verdict: if overall >= 70 {
            "strong"
        } else if overall >= 45 {
            "mixed"
        } else {
            "weak"
        }
        .into(),
        words,
        target_words: TARGET_WORDS,
        max_words: MAX_WORDS,
        pages: round1(words as f64 / WORDS_PER_PAGE as f64),
        parts,
        readability: Readability {
            grade: round1(clarity.grade),
            sentences,
            words_per_sentence: round1(words as f64 / sentences.max(1) as f64),
            long_sentences: clarity.long_sentences,
            passive: clarity.passive,
            adverbs: clarity.adverbs,
            weasel: clarity.weasel,
            hedges: clarity.hedges,
            jargon: clarity.jargon,
            undefined_acronyms: clarity.undefined_acronyms,
            i: substance.i,
            we: substance.we,
        },
        numbers_per_100_words: round1(numbers100),
        prompt: prompt.map(|p| PromptFit {
            id: p.id.clone(),
            asks_found: substance.asks_found.clone(),
            answers: !substance.off_topic,
        }),
        substance: substance.parts,
        held: held.map(|(_, why)| why),
        findings,
    }
}

fn length_finding(code: &'static str, message: String, suggestion: &str) -> Finding {
    Finding {
        category: "substance".into(),
        code: code.into(),
        severity: Severity::Warn,
        start: 0,
        end: 0,
        quote: String::new(),
        message,
        suggestion: suggestion.into(),
    }
}
