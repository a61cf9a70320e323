//! Substance: what the narrative says, read by the answer critic (its sentence signals) and the
//! pack's narrative lists — the situation, the decision or invention, the alternatives weighed, the
//! data, the outcome, the lesson, first-person ownership — and whether it answers the prompt.

use rust_stemmers::{Algorithm, Stemmer};
use tpmprep_content::{NarrativeLexicon, WritingPrompt};
use tpmprep_critic::Critique;

use crate::clarity::find_phrases;
use crate::text::{Shape, Span, numbers, tokens};

/// One part of the substance, with the sentence that shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// `situation`, `decision`, `alternatives`, `data`, `outcome`, `lesson`, `ownership`.
    pub part: String,
    /// Whether the narrative has it.
    pub present: bool,
    /// Start byte of the sentence that shows it (0 when absent).
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// That sentence (empty when absent).
    pub quote: String,
}

/// The substance reading.
#[derive(Debug, Clone, Default)]
pub(crate) struct Substance {
    pub parts: Vec<Part>,
    pub numbers: usize,
    pub outcome_number: bool,
    pub result: bool,
    pub actions: usize,
    pub i: usize,
    pub we: usize,
    pub asks_found: Vec<String>,
    pub off_topic: bool,
    /// The title of the pack prompt the narrative answers instead, when it plainly does.
    pub answers_instead: Option<String>,
}

impl Substance {
    pub(crate) fn has(&self, part: &str) -> bool {
        self.parts.iter().any(|p| p.part == part && p.present)
    }
}

fn first_signal(c: &Critique, names: &[&str]) -> Option<Span> {
    // The critic's quoted sentence for the signal first, then the first carrying it.
    names
        .iter()
        .find_map(|n| {
            c.signals
                .iter()
                .find(|s| s.signal == *n && s.quoted)
                .map(|s| Span {
                    start: s.start,
                    end: s.end,
                })
        })
        .or_else(|| {
            c.signals
                .iter()
                .find(|s| names.contains(&s.signal))
                .map(|s| Span {
                    start: s.start,
                    end: s.end,
                })
        })
}

fn part(text: &str, name: &'static str, span: Option<Span>) -> Part {
    match span {
        Some(s) => Part {
            part: name.into(),
            present: true,
            start: s.start,
            end: s.end,
            quote: text.get(s.start..s.end).unwrap_or("").to_string(),
        },
        None => Part {
            part: name.into(),
            present: false,
            start: 0,
            end: 0,
            quote: String::new(),
        },
    }
}

/// Stems of the words of `s`, lowercase.
fn stems(stemmer: &Stemmer, s: &str) -> Vec<String> {
    tokens(s)
        .into_iter()
        .map(|(_, w)| stemmer.stem(&w.to_lowercase()).into_owned())
        .collect()
}

/// The phrases of `asks` found in `text`, word by word on their Snowball stems ("decided" finds
/// "deciding"), in the order of `asks`.
pub fn prompt_words(text: &str, asks: &[String]) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::English);
    words_found(&stemmer, &stems(&stemmer, text), asks)
}

/// The phrases of `asks` whose stems stand in `body` (the text's stems, in order).
fn words_found(stemmer: &Stemmer, body: &[String], asks: &[String]) -> Vec<String> {
    asks.iter()
        .filter(|ask| {
            let want = stems(stemmer, ask);
            !want.is_empty() && body.windows(want.len()).any(|w| w == want.as_slice())
        })
        .cloned()
        .collect()
}

/// Reads the substance of `text` from the critic's reading of it.
pub(crate) fn read(
    text: &str,
    shape: &Shape,
    critique: &Critique,
    lex: &NarrativeLexicon,
    prompt: Option<&WritingPrompt>,
    all: &[WritingPrompt],
) -> Substance {
    let mut s = Substance::default();
    let phrase_sentence = |list: &[String]| {
        find_phrases(text, list)
            .first()
            .and_then(|(sp, _)| shape.sentence_at(sp.start))
    };
    let situation = first_signal(critique, &["situation", "task"]);
    let decision = first_signal(critique, &["decision"]);
    let alternatives = first_signal(critique, &["alternatives", "trade-off"])
        .or_else(|| phrase_sentence(&lex.alternatives));
    // The critic reads a sentence with an action of the writer's as the action, so "I rolled back,
    // and errors fell to 0.4%" carries no result there; a figure beside an outcome word, after the
    // opening sentence, is one here.
    let opening = shape
        .sentences
        .iter()
        .find(|x| !x.heading)
        .map(|x| x.span.start);
    let moved = find_phrases(text, &lex.outcome)
        .into_iter()
        .find_map(|(sp, _)| {
            let sentence = shape.sentence_at(sp.start)?;
            (Some(sentence.start) != opening && numbers(&text[sentence.start..sentence.end]) > 0)
                .then_some(sentence)
        });
    let outcome = first_signal(critique, &["outcome-number", "result"]).or(moved);
    let lesson = first_signal(critique, &["lesson"]).or_else(|| phrase_sentence(&lex.lesson));
    s.outcome_number = critique
        .signals
        .iter()
        .any(|x| x.signal == "outcome-number");
    s.result = critique.signals.iter().any(|x| x.signal == "result");
    s.actions = critique
        .signals
        .iter()
        .filter(|x| x.signal == "action")
        .count();

    let prose = shape.sentences.iter().filter(|x| !x.heading);
    let mut data: Option<Span> = None;
    for sentence in prose {
        let n = numbers(&text[sentence.span.start..sentence.span.end]);
        if n > 0 && data.is_none() {
            data = Some(sentence.span);
        }
        s.numbers += n;
        for (_, w) in tokens(&text[sentence.span.start..sentence.span.end]) {
            match w.to_ascii_lowercase().as_str() {
                "i" | "my" | "me" | "i'd" | "i'm" | "i've" => s.i += 1,
                "we" | "our" | "us" | "we'd" | "we're" | "we've" => s.we += 1,
                _ => {}
            }
        }
    }
    let ownership = first_signal(critique, &["action"]);
    s.parts = vec![
        part(text, "situation", situation),
        part(text, "decision", decision),
        part(text, "alternatives", alternatives),
        part(
            text,
            "data",
            first_signal(critique, &["outcome-number"]).or(data),
        ),
        part(
            text,
            "outcome",
            outcome.filter(|_| s.result || s.outcome_number),
        ),
        part(text, "lesson", lesson),
        part(text, "ownership", ownership),
    ];

    // Does it answer the prompt: the prompt's own words (by stem), and the critic's relevance.
    if let Some(p) = prompt {
        // The text is stemmed once for its own prompt and every other.
        let stemmer = Stemmer::create(Algorithm::English);
        let body = stems(&stemmer, text);
        s.asks_found = words_found(&stemmer, &body, &p.asks);
        let own = s.asks_found.len();
        // Another prompt's words, far more of them: the narrative answers that one instead.
        let best_other = all
            .iter()
            .filter(|o| o.id != p.id)
            .map(|o| (words_found(&stemmer, &body, &o.asks).len(), o))
            .max_by_key(|(n, _)| *n);
        if let Some((n, o)) = best_other {
            if n >= own + 6 && n >= 2 * own + 2 {
                s.answers_instead = Some(o.title.clone());
            }
        }
        s.off_topic = !p.asks.is_empty()
            && (own == 0
                || (own < 2 && critique.capped_by.contains(&"relevance"))
                || s.answers_instead.is_some());
    }
    s
}
