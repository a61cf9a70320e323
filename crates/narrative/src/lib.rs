/*!
The narrative critic: a critique of a written narrative, as Amazon's writing assessment asks for one
(about two pages, some 1,000 words; four pages at most).

[`NarrativeCritic::critique`] reads any UTF-8 text, optionally with the writing prompt it answers,
and returns a [`Report`]: an overall score 0–100, six parts scored 0–10 (grammar, clarity,
substance, data, ownership, fit to the prompt), the readability figures, the substance parts each
with the sentence that shows it, and findings (category `grammar`, `spelling`, `clarity` or
`substance`) that quote their sentence by byte span and suggest a fix.

- Grammar and spelling come from `harper-core` ([`Grammar`]): built once per process, reused.
- Clarity is read here ([`clarity`](crate) module): long sentences, passive voice, weasel words,
  hedges, jargon, adverbs, undefined acronyms, bullets, the Flesch–Kincaid grade.
- Substance comes from the answer critic's sentence signals (`tpmprep-critic`), so a decision, an
  alternative, an outcome or a lesson is read the same way in a narrative as in a spoken answer.

Pure and deterministic: no IO, same input → same output, no panics on any input. Every phrase it
listens for is pack data (`[narrative]` in the pack's `writing.toml`).
*/
#![deny(missing_docs)]

mod clarity;
pub mod grammar;
mod score;
mod substance;
mod text;

use serde::{Deserialize, Serialize};
use tpmprep_content::{Pack, WritingPrompt};
use tpmprep_critic::{Critic, Input, Question};

pub use grammar::{Grammar, GrammarHit};
pub use score::{Parts, Readability};
pub use substance::{Part, prompt_words};

/// About two pages: the length the assessment asks for.
pub const TARGET_WORDS: usize = 1000;
/// About four pages: the most the assessment accepts.
pub const MAX_WORDS: usize = 2000;
/// Words on one page, for the page count.
pub const WORDS_PER_PAGE: usize = 500;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the narrative needs and lacks, or a mistake.
    Miss,
    /// Something that weakens it.
    Warn,
    /// Worth knowing.
    Note,
}

/// One thing a reader would notice, pinned to its place in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `grammar`, `spelling`, `clarity` or `substance`.
    pub category: String,
    /// A stable code for what it is about (`spelling`, `grammar`, `long-sentence`, `passive`,
    /// `weasel`, `hedge`, `jargon`, `adverbs`, `acronym`, `bullets`, `readability`, `no-point`,
    /// `situation`, `decision`, `alternatives`, `data`, `outcome`, `lesson`, `ownership`, `prompt`,
    /// `too-short`, `too-long`).
    pub code: String,
    /// miss / warn / note.
    pub severity: Severity,
    /// Start byte of what it quotes (0 with `end` 0 for the whole narrative).
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Exactly `text[start..end]`.
    pub quote: String,
    /// What a reader notices.
    pub message: String,
    /// A better shape.
    pub suggestion: String,
}

/// How the narrative answers its prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptFit {
    /// The prompt's id (empty for the candidate's own prompt).
    pub id: String,
    /// The prompt's words found in the narrative.
    pub asks_found: Vec<String>,
    /// Whether the narrative reads as an answer to the prompt.
    pub answers: bool,
}

/// The whole critique of a narrative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// 0..=100.
    pub overall: u8,
    /// `strong` (≥ 70), `mixed` (45–69) or `weak` (< 45).
    pub verdict: String,
    /// Words of prose (headings not counted).
    pub words: usize,
    /// [`TARGET_WORDS`].
    pub target_words: usize,
    /// [`MAX_WORDS`].
    pub max_words: usize,
    /// Pages at [`WORDS_PER_PAGE`] words a page, one decimal.
    pub pages: f64,
    /// Each part 0..=10.
    pub parts: Parts,
    /// The readability figures.
    pub readability: Readability,
    /// Numbers that carry data, per 100 words.
    pub numbers_per_100_words: f64,
    /// Each substance part with the sentence that shows it.
    pub substance: Vec<Part>,
    /// How it answers the prompt, when a prompt was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<PromptFit>,
    /// Why the score is held below what the parts alone would give, as one sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
    /// Most severe first, then in text order.
    pub findings: Vec<Finding>,
}

/// The narrative critic for one pack: the answer critic for substance, harper for grammar.
#[derive(Clone, Copy)]
pub struct NarrativeCritic<'a> {
    pack: &'a Pack,
    critic: &'a Critic,
    grammar: &'a Grammar,
}

impl std::fmt::Debug for NarrativeCritic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NarrativeCritic")
    }
}

impl<'a> NarrativeCritic<'a> {
    /// A narrative critic over `pack`, reading substance with `critic` and grammar with `grammar`
    /// (usually [`Grammar::shared`]).
    pub fn new(pack: &'a Pack, critic: &'a Critic, grammar: &'a Grammar) -> Self {
        NarrativeCritic {
            pack,
            critic,
            grammar,
        }
    }

    /// Critiques `text`, as an answer to `prompt` when given.
    pub fn critique(&self, text: &str, prompt: Option<&WritingPrompt>) -> Report {
        let lex = &self.pack.narrative;
        let shape = text::shape(text);
        let hits = self.grammar.check(text, &lex.vocabulary);
        let critique = self.critic.critique(&Input {
            text,
            question: prompt.map(|p| Question {
                text: &p.text,
                principles: &p.principles,
                // Every writing prompt asks for a story told in prose, never for a design.
                kind: "behavioural",
            }),
            facts: None,
            principles: &[],
        });
        let clarity = clarity::read(text, &shape, lex);
        let substance = substance::read(
            text,
            &shape,
            &critique,
            lex,
            prompt,
            &self.pack.writing_prompts,
        );
        score::report(text, &shape, &hits, clarity, substance, prompt)
    }
}
