//! Clarity: long sentences, passive voice, weasel words and hedges, adverbs, undefined acronyms,
//! jargon, bullet lists where prose is expected, paragraphs without a point, and the
//! Flesch–Kincaid grade. Every phrase list is the pack's (`[narrative]` in `writing.toml`).

use tpmprep_content::NarrativeLexicon;

use crate::text::{Shape, Span, tokens};
use crate::{Finding, Severity};

/// A sentence longer than this many words is hard to follow when read once.
pub(crate) const LONG_SENTENCE: usize = 32;
/// Adverbs per 100 words above which the prose reads as padded.
const ADVERBS_PER_100: f64 = 2.5;
/// Findings of one kind shown at most (the count says how many more).
const MAX_EACH: usize = 4;

/// The clarity reading of a narrative.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clarity {
    pub findings: Vec<Finding>,
    pub long_sentences: usize,
    pub passive: usize,
    pub weasel: usize,
    pub hedges: usize,
    pub jargon: usize,
    pub adverbs: usize,
    pub undefined_acronyms: usize,
    pub bullets: usize,
    pub grade: f64,
}

/// Forms of "to be" that make a passive with a past participle.
const BE: &[&str] = &["am", "is", "are", "was", "were", "be", "been", "being"];
/// Past participles that do not end in -ed or -en.
const IRREGULAR: &[&str] = &[
    "made",
    "done",
    "built",
    "held",
    "sent",
    "told",
    "found",
    "kept",
    "left",
    "lost",
    "paid",
    "put",
    "set",
    "sold",
    "spent",
    "thought",
    "won",
    "brought",
    "bought",
    "caught",
    "taught",
    "led",
    "met",
    "read",
    "run",
    "cut",
    "hit",
    "shut",
    "split",
    "spread",
    "hung",
    "struck",
    "understood",
];
/// Words ending in -ed/-en after "to be" that are adjectives, not a passive.
const NOT_PASSIVE: &[&str] = &[
    "based",
    "interested",
    "concerned",
    "involved",
    "supposed",
    "used",
    "tired",
    "excited",
    "worried",
    "convinced",
    "surprised",
    "pleased",
    "able",
    "often",
    "open",
    "even",
    "ten",
    "seven",
    "eleven",
    "been",
    "seen",
    "frozen",
    "broken",
    "given",
    "known",
    "hidden",
    "committed",
    "dedicated",
    "aligned",
    "focused",
    "limited",
    "detailed",
    "experienced",
    "skilled",
    "qualified",
    "motivated",
    "prepared",
    "scheduled",
    "required",
    "needed",
    "due",
];

/// Byte spans of `phrases` in `text` as whole words, case-insensitively (ASCII folding, so offsets
/// stay those of `text`).
pub(crate) fn find_phrases<'p>(text: &str, phrases: &'p [String]) -> Vec<(Span, &'p str)> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let boundary = |i: usize| -> bool {
        match lower.get(i..).and_then(|s| s.chars().next()) {
            None => true,
            Some(c) => !c.is_alphanumeric(),
        }
    };
    let boundary_before = |i: usize| -> bool {
        i == 0
            || lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    let mut out = Vec::new();
    for p in phrases {
        if p.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|s| s.find(p.as_str())) {
            let start = from + pos;
            let end = start + p.len();
            if boundary_before(start) && boundary(end) && text.is_char_boundary(end) {
                out.push((Span { start, end }, p.as_str()));
            }
            from = start + p.len().max(1);
            while from < bytes.len() && !lower.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    out.sort_by_key(|(s, _)| s.start);
    out.dedup_by(|a, b| a.0.start < b.0.end && b.0.start < a.0.end);
    out
}

fn finding(
    text: &str,
    span: Span,
    code: &'static str,
    severity: Severity,
    message: String,
    suggestion: String,
) -> Finding {
    Finding {
        category: "clarity".into(),
        code: code.into(),
        severity,
        start: span.start,
        end: span.end,
        quote: text.get(span.start..span.end).unwrap_or("").to_string(),
        message,
        suggestion,
    }
}

/// Reads the clarity of `text`.
pub(crate) fn read(text: &str, shape: &Shape, lex: &NarrativeLexicon) -> Clarity {
    let mut c = Clarity::default();
    let prose: Vec<_> = shape.sentences.iter().filter(|s| !s.heading).collect();

    // Long sentences.
    for s in prose.iter().filter(|s| s.words > LONG_SENTENCE) {
        c.long_sentences += 1;
        if c.long_sentences <= MAX_EACH {
            c.findings.push(finding(
                text,
                s.span,
                "long-sentence",
                Severity::Warn,
                format!(
                    "This sentence runs to {} words: a reader loses its point before the end.",
                    s.words
                ),
                "Split it where the idea turns: one fact or decision per sentence, under 25 words."
                    .into(),
            ));
        }
    }

    // Passive voice: a form of "to be" then (at most one adverb) a past participle.
    for s in &prose {
        let words: Vec<(Span, String)> = tokens(&text[s.span.start..s.span.end])
            .into_iter()
            .map(|(sp, w)| (sp, w.to_ascii_lowercase()))
            .collect();
        let passive = words.iter().enumerate().any(|(i, (_, w))| {
            if !BE.contains(&w.as_str()) {
                return false;
            }
            let mut j = i + 1;
            if words
                .get(j)
                .is_some_and(|(_, n)| n.ends_with("ly") && n.len() > 4)
            {
                j += 1;
            }
            words.get(j).is_some_and(|(_, n)| {
                !NOT_PASSIVE.contains(&n.as_str())
                    && (IRREGULAR.contains(&n.as_str())
                        || (n.len() > 4 && (n.ends_with("ed") || n.ends_with("en"))))
            })
        });
        if passive {
            c.passive += 1;
            if c.passive <= MAX_EACH {
                c.findings.push(finding(
                    text,
                    s.span,
                    "passive",
                    Severity::Note,
                    "Passive voice: the sentence hides who acted.".into(),
                    "Name the actor: \"I decided…\", \"the payments team shipped…\".".into(),
                ));
            }
        }
    }

    // Weasel words, hedges, jargon.
    let lists: [(&[String], &'static str, &str, &str); 3] = [
        (
            &lex.weasel,
            "weasel",
            "is a weasel word: it sounds like a fact and says nothing measurable",
            "Replace it with the number or the name it stands for.",
        ),
        (
            &lex.hedges,
            "hedge",
            "hedges the claim: the reader wonders whether you believe it",
            "Say it plainly, or say what you did not know and how you found out.",
        ),
        (
            &lex.jargon,
            "jargon",
            "is jargon: it fills space a concrete word would use",
            "Say what actually happened in plain words.",
        ),
    ];
    for (list, code, msg, fix) in lists {
        let hits = find_phrases(text, list);
        let n = hits.len();
        match code {
            "weasel" => c.weasel = n,
            "hedge" => c.hedges = n,
            _ => c.jargon = n,
        }
        for (span, phrase) in hits.into_iter().take(MAX_EACH) {
            let Some(sentence) = shape.sentence_at(span.start) else {
                continue;
            };
            c.findings.push(finding(
                text,
                sentence,
                code,
                Severity::Note,
                format!("\"{phrase}\" {msg}."),
                fix.into(),
            ));
        }
    }

    // Adverbs (-ly words that are not in the pack's list of other -ly words).
    let mut adverbs: Vec<(Span, String)> = Vec::new();
    for s in &prose {
        for (sp, w) in tokens(&text[s.span.start..s.span.end]) {
            let lw = w.to_ascii_lowercase();
            if lw.len() > 4
                && lw.ends_with("ly")
                && w.chars().all(char::is_alphabetic)
                && !lex.not_adverbs.contains(&lw)
            {
                adverbs.push((
                    Span {
                        start: s.span.start + sp.start,
                        end: s.span.start + sp.end,
                    },
                    lw,
                ));
            }
        }
    }
    c.adverbs = adverbs.len();
    let per100 = if shape.words == 0 {
        0.0
    } else {
        adverbs.len() as f64 * 100.0 / shape.words as f64
    };
    if per100 > ADVERBS_PER_100 {
        if let Some((first, _)) = adverbs.first() {
            let examples: Vec<&str> = adverbs.iter().take(5).map(|(_, w)| w.as_str()).collect();
            if let Some(sentence) = shape.sentence_at(first.start) {
                c.findings.push(finding(
                    text,
                    sentence,
                    "adverbs",
                    Severity::Note,
                    format!("{} adverbs ({per100:.1} per 100 words; {}…): they tell the reader how to feel instead of showing it.", adverbs.len(), examples.join(", ")),
                    "Cut the adverb, or replace it with the fact behind it (\"quickly\" → \"in two days\").".into(),
                ));
            }
        }
    }

    // Acronyms not defined at first use.
    let mut seen: Vec<String> = Vec::new();
    for s in &prose {
        let sentence = &text[s.span.start..s.span.end];
        for (sp, w) in tokens(sentence) {
            let letters = w.chars().filter(char::is_ascii_uppercase).count();
            let acronym = (2..=6).contains(&w.chars().count())
                && w.chars()
                    .all(|ch| ch.is_ascii_uppercase() || (ch == 's' && w.ends_with('s')))
                && letters >= 2;
            if !acronym {
                continue;
            }
            let key = w.trim_end_matches('s').to_string();
            if seen.contains(&key) || lex.acronyms.iter().any(|a| a == &key || a == w) {
                continue;
            }
            seen.push(key.clone());
            let at = s.span.start + sp.start;
            let around = text
                .get(at.saturating_sub(2)..(at + w.len() + 2).min(text.len()))
                .unwrap_or("");
            let defined_here = around.starts_with("(")
                || around.contains(&format!("({w}"))
                || text
                    .get(at + w.len()..)
                    .is_some_and(|r| r.trim_start().starts_with('('));
            if defined_here {
                continue;
            }
            c.undefined_acronyms += 1;
            if c.undefined_acronyms <= MAX_EACH {
                c.findings.push(finding(
                    text,
                    s.span,
                    "acronym",
                    Severity::Note,
                    format!("\"{w}\" is used without being defined: a reader outside your team may not know it."),
                    format!("Spell it out the first time: \"… ({w})\"."),
                ));
            }
        }
    }

    // Bullets where prose is expected.
    c.bullets = shape.sentences.iter().filter(|s| s.bullet).count();
    let lines = shape.sentences.iter().filter(|s| !s.heading).count().max(1);
    if c.bullets >= 4 && c.bullets * 4 >= lines {
        if let Some(first) = shape.sentences.iter().find(|s| s.bullet) {
            c.findings.push(finding(
                text,
                first.span,
                "bullets",
                Severity::Warn,
                format!("{} bullet lines: the assessment asks for a narrative, and a list hides how one step led to the next.", c.bullets),
                "Write the list as paragraphs that say why each step followed the last.".into(),
            ));
        }
    }

    // Flesch–Kincaid grade.
    let sentences = prose.len().max(1) as f64;
    let words = shape.words.max(1) as f64;
    c.grade = 0.39 * (words / sentences) + 11.8 * (shape.syllables as f64 / words) - 15.59;
    if shape.words >= 150 && c.grade > 16.0 {
        c.findings.push(finding(
            text,
            Span { start: 0, end: 0 },
            "readability",
            Severity::Note,
            format!("Reading grade {:.1} (Flesch–Kincaid): dense for a document read once, at speed.", c.grade),
            "Shorter sentences and plainer words bring it to 10–12, where most business writing sits.".into(),
        ));
    }
    c
}
