//! What a question probes and what an answer evidences, from the pack's learned models
//! (`models/*.model`) combined with the pack's cue phrases.
//!
//! Every question, from the pack or typed freely, gets all the pack's principles ranked with a score
//! (a pack question's own tags first, in their order) and its kind; every answer gets every principle
//! ranked. Without models (a pack that ships none, or [`crate::Critic::from_parts`]) the cue phrases
//! alone rank them, as before.

use tpmprep_content::{LinearModel, Pack, QUESTION_KINDS, Target};

use crate::features::{Scheme, Stems, Tokens, Vectorizer};
use crate::learn::softmax;
use crate::{PrincipleScore, Question, QuestionPrinciple, QuestionView, Span};

/// The model files the critic reads, by stem.
pub const QUESTION_PRINCIPLES: &str = "question-principles";
/// The question-kind model.
pub const QUESTION_KIND: &str = "question-kind";
/// The answer-principles model.
pub const ANSWER_PRINCIPLES: &str = "answer-principles";

/// A model ready to score: its vectorizer, and its classes mapped onto the critic's own list.
pub(crate) struct Linear {
    vectorizer: Vectorizer,
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Class `i` of the model → index in the critic's list (principles or kinds), if known.
    map: Vec<Option<usize>>,
    /// Length of the critic's list.
    out: usize,
}

impl Linear {
    fn new(m: &LinearModel, target: Target, list: &[&str]) -> Option<Linear> {
        if m.target != target {
            return None;
        }
        let scheme = Scheme::parse(&m.tokenizer)?;
        Some(Linear {
            vectorizer: Vectorizer::new(&m.features, &m.idf, scheme),
            weights: m.weights.clone(),
            bias: m.bias.clone(),
            map: m
                .classes
                .iter()
                .map(|c| list.iter().position(|l| l == c))
                .collect(),
            out: list.len(),
        })
    }

    /// Class probabilities of a text, over the critic's list (classes the model lacks get 0).
    pub(crate) fn probabilities(&self, tokens: &Tokens) -> Vec<f64> {
        let k = self.bias.len();
        let mut logits: Vec<f64> = self.bias.iter().map(|b| f64::from(*b)).collect();
        for (f, x) in self.vectorizer.vector_of_tokens(tokens) {
            let row = self
                .weights
                .get(f as usize * k..(f as usize + 1) * k)
                .unwrap_or(&[]);
            for (l, w) in logits.iter_mut().zip(row) {
                *l += f64::from(x) * f64::from(*w);
            }
        }
        softmax(&mut logits);
        let mut out = vec![0.0; self.out];
        for (p, i) in logits.iter().zip(&self.map) {
            if let Some(slot) = i.and_then(|i| out.get_mut(i)) {
                *slot += p;
            }
        }
        out
    }
}

/// The critic's learned parts; empty when the pack ships no models.
pub(crate) struct Learned {
    stems: Stems,
    /// The principles' names, lowercase: masked out of an answer before the models read it.
    names: Vec<String>,
    question_principles: Option<Linear>,
    question_kind: Option<Linear>,
    answer_principles: Option<Linear>,
    sentence_signals: Option<crate::quoting::SentenceModel>,
}

impl Learned {
    /// The stemmer the models read with.
    pub(crate) fn stems(&self) -> &Stems {
        &self.stems
    }

    /// The sentence-signals model ([`crate::quoting`]), if the pack ships one.
    pub(crate) fn sentence_signals(&self) -> Option<&crate::quoting::SentenceModel> {
        self.sentence_signals.as_ref()
    }

    /// No models: cue phrases only.
    pub(crate) fn none() -> Learned {
        Learned {
            stems: Stems::new(),
            names: Vec::new(),
            question_principles: None,
            question_kind: None,
            answer_principles: None,
            sentence_signals: None,
        }
    }

    /// The pack's models, their classes mapped onto its principles (in pack order) and the kinds.
    pub(crate) fn new(pack: &Pack) -> Learned {
        let ids: Vec<&str> = pack.principles.iter().map(|p| p.id.as_str()).collect();
        let get = |name: &str, target: Target, list: &[&str]| {
            pack.model(name).and_then(|m| Linear::new(m, target, list))
        };
        Learned {
            stems: Stems::new(),
            names: pack
                .principles
                .iter()
                .map(|p| p.name.to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
            question_principles: get(QUESTION_PRINCIPLES, Target::Principle, &ids),
            question_kind: get(QUESTION_KIND, Target::Kind, &QUESTION_KINDS),
            answer_principles: get(ANSWER_PRINCIPLES, Target::Principle, &ids),
            sentence_signals: pack
                .model(crate::quoting::SENTENCE_SIGNALS)
                .and_then(crate::quoting::SentenceModel::new),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What one cue phrase of a principle in a free-text question adds to the model's probability
/// before renormalising. Chosen on the dev split (`EVAL_QUESTIONS_DEV=1 eval questions`): top-1
/// 74.5% with no cues, 75.0% at 0.05 and 0.1, 75.9% at 0.2, 75.0% at 0.4.
const QUESTION_CUE_WEIGHT: f64 = 0.2;

/// The question's principles (all of them, ranked) and kinds, from its `tokens`. `cue_kinds` are
/// the kinds the lexicon's question cues found, in lexicon order; `cue_counts[i]` is how many cue
/// phrases of principle `i` the question contains.
pub(crate) fn view(
    learned: &Learned,
    principles: &[(String, String)],
    q: &Question<'_>,
    tokens: &Tokens,
    cue_kinds: &[&str],
    cue_counts: &[usize],
) -> QuestionView {
    // Free-text scores: the model's probability, or the cue evidence without a model.
    let scores: Vec<f64> = match &learned.question_principles {
        Some(m) => {
            // The model, with each principle's cue phrases in the question added (at most two
            // count): a question that says "dive deep" or "innovated" in so many words is about
            // that principle even where the labelled phrasing rarely used the words.
            let mut p = m.probabilities(tokens);
            for (i, x) in p.iter_mut().enumerate() {
                *x += QUESTION_CUE_WEIGHT * cue_counts.get(i).copied().unwrap_or(0).min(2) as f64;
            }
            let sum: f64 = p.iter().sum();
            if sum > 0.0 {
                for x in &mut p {
                    *x /= sum;
                }
            }
            p
        }
        None => (0..principles.len())
            .map(|i| match cue_counts.get(i).copied().unwrap_or(0) {
                0 => 0.0,
                n => (0.3 + 0.15 * n as f64).min(0.7),
            })
            .collect(),
    };
    let mut ranked: Vec<QuestionPrinciple> = q
        .principles
        .iter()
        .enumerate()
        .map(|(i, id)| QuestionPrinciple {
            id: id.clone(),
            score: (1.0 - 0.25 * i as f64).max(0.25),
        })
        .collect();
    // The pack's own tags come first; every other principle ranks below the last of them.
    let cap = ranked.last().map_or(1.0, |p| p.score * 0.98);
    let mut rest: Vec<(usize, f64)> = principles
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| !q.principles.contains(id))
        .map(|(i, _)| (i, scores.get(i).copied().unwrap_or(0.0) * cap))
        .collect();
    rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.extend(rest.into_iter().map(|(i, s)| QuestionPrinciple {
        id: principles[i].0.clone(),
        score: round3(s),
    }));

    // Kind: the model's, unless it says `general` where a cue names one; then every other kind the
    // model gives weight to, and the cues' kinds.
    let mut kinds: Vec<String> = Vec::new();
    let push = |k: &str, kinds: &mut Vec<String>| {
        if !kinds.iter().any(|x| x == k) {
            kinds.push(k.to_string());
        }
    };
    if let Some(m) = &learned.question_kind {
        let p = m.probabilities(tokens);
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|a, b| p[*b].total_cmp(&p[*a]).then(a.cmp(b)));
        for (rank, &i) in order.iter().enumerate() {
            let k = QUESTION_KINDS[i];
            if k == "general" {
                continue;
            }
            if rank == 0 || p[i] >= KIND_ALSO {
                push(k, &mut kinds);
            }
        }
    }
    for k in cue_kinds {
        push(k, &mut kinds);
    }
    if kinds.is_empty() {
        kinds.push("general".to_string());
    }
    // A model that says `general` first lets the cues speak: `kinds` holds no `general` then, so the
    // first entry is either the model's specific kind or the first cue's.
    QuestionView {
        kind: kinds[0].clone(),
        kinds,
        principles: ranked,
    }
}

/// A second kind is listed when the model gives it at least this probability.
const KIND_ALSO: f64 = 0.3;

/// Every principle's evidence in an answer: `cues[i]` is principle `i`'s cue score (0..=1) and the
/// sentences its cue phrases are in.
pub(crate) fn answer(
    learned: &Learned,
    principles: &[(String, String)],
    tokens: &Tokens,
    cues: Vec<(f64, Vec<Span>)>,
) -> Vec<PrincipleScore> {
    let by = |m: &Option<Linear>| m.as_ref().map(|m| m.probabilities(tokens));
    let answer = by(&learned.answer_principles);
    let question = by(&learned.question_principles);
    let mut out: Vec<PrincipleScore> = principles
        .iter()
        .zip(cues)
        .enumerate()
        .map(|(i, ((id, _), (cue, spans)))| {
            let p =
                |probs: &Option<Vec<f64>>| probs.as_ref().map(|p| p.get(i).copied().unwrap_or(0.0));
            let score = combine(cue, p(&answer), p(&question));
            PrincipleScore {
                id: id.clone(),
                score: round3(score),
                spans,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// An answer's words as the models read them, from the analysis' tokens (stemmed once, with
/// `table` their stems): the principles' names left out (see [`mask`]).
pub(crate) fn answer_tokens(
    learned: &Learned,
    text: &str,
    tokens: &[crate::stems::Token],
    table: &[String],
) -> Tokens {
    let masked = masked(text, &learned.names);
    // A word that starts inside a name is the name ("ownership's" whole, where blanking the
    // text would have left a stray "s").
    let inside = |t: &crate::stems::Token| masked.iter().any(|&(s, e)| s <= t.start && t.start < e);
    Tokens::from_stem_ids(
        table,
        tokens.iter().filter(|t| !inside(t)).map(|t| t.model_stem),
    )
}

/// The byte ranges of every whole-word occurrence of a principle's name (ASCII case ignored).
fn masked(text: &str, names: &[String]) -> Vec<(usize, usize)> {
    let boundary = |i: Option<char>| !i.is_some_and(char::is_alphanumeric);
    let bytes = text.as_bytes();
    // Where each run of letters and digits starts (the only places a name that starts with one
    // can start as a whole word), with its first byte lower-cased to pass over most at a glance.
    let mut starts: Vec<(u8, usize)> = Vec::with_capacity(text.len() / 5 + 1);
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let alnum = c.is_alphanumeric();
        if alnum && !in_word {
            starts.push((bytes[i].to_ascii_lowercase(), i));
        }
        in_word = alnum;
    }
    let mut lower: Option<String> = None;
    let mut out = Vec::new();
    for name in names {
        let n = name.as_bytes();
        // A name that cannot overlap itself (no start of it is also its end) has its occurrences
        // all apart, so checking each word start finds what a left-to-right search finds.
        let apart = !(1..n.len()).any(|k| n[..k] == n[n.len() - k..]);
        if apart && name.chars().next().is_some_and(char::is_alphanumeric) {
            for &(_, at) in starts.iter().filter(|(b, _)| *b == n[0]) {
                let end = at + n.len();
                if bytes
                    .get(at..end)
                    .is_some_and(|w| w.eq_ignore_ascii_case(n))
                    && text.get(end..).is_some_and(|r| boundary(r.chars().next()))
                {
                    out.push((at, end));
                }
            }
            continue;
        }
        let lower = lower.get_or_insert_with(|| text.to_ascii_lowercase());
        for (at, _) in lower.match_indices(name.as_str()) {
            let end = at + name.len();
            let before = lower[..at].chars().next_back();
            let after = lower[end..].chars().next();
            if boundary(before) && boundary(after) {
                out.push((at, end));
            }
        }
    }
    out
}

/// `text` with every whole-word occurrence of a principle's name ([`masked`]) blanked out: the
/// text the models once read, the reference [`answer_tokens`]' tests compare it with.
#[cfg(test)]
fn mask(text: &str, names: &[String]) -> String {
    let mut out = text.as_bytes().to_vec();
    for (at, end) in masked(text, names) {
        out[at..end].fill(b' ');
    }
    // Only whole ASCII names were blanked, so the bytes are still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// An answer's principle score from its cue score and the two models' probabilities (the square
/// root spreads the small probabilities of a 16-way model). Weights chosen on the answers of one
/// writer with the models trained on the other's (`eval tune`): top-3 90.8% against 81.6% for the
/// cues alone and 85.1% for either model alone. A missing model's weight goes to the cues.
fn combine(cue: f64, answer: Option<f64>, question: Option<f64>) -> f64 {
    let mut score = 0.0;
    let mut cue_weight = 0.3;
    for (p, w) in [(answer, 0.4), (question, 0.3)] {
        match p {
            Some(p) => score += w * p.max(0.0).sqrt(),
            None => cue_weight += w,
        }
    }
    (score + cue_weight * cue).clamp(0.0, 1.0)
}

/// Below this [`fit`], an answer is read as answering another question. Chosen on the dev and train
/// splits (`eval tune` with `TUNE_FIT=1`, and the weak/strong pairs): on the graded answers every
/// answer below 0.3 is a No Hire (off-topic stories, stories told for another question), but on the
/// pairs written later ten on-topic strong answers sat between 0.25 and 0.3 and two just under
/// 0.25, so the line is drawn at 0.25: below it only stories for another question remain.
pub(crate) const OFF_TOPIC: f64 = 0.25;

/// Below this [`fit`], an answer that also shows little of the question's main principle (its
/// score under 0.3) answers another question.
pub(crate) const OFF_TOPIC_WEAK_MAIN: f64 = 0.32;

/// How well an answer's principles match the question's: the cosine of the two score vectors.
pub(crate) fn fit(question: &[QuestionPrinciple], answer: &[PrincipleScore]) -> f64 {
    let q: f64 = question
        .iter()
        .map(|p| p.score * p.score)
        .sum::<f64>()
        .sqrt();
    let a: f64 = answer.iter().map(|p| p.score * p.score).sum::<f64>().sqrt();
    if q == 0.0 || a == 0.0 {
        return 1.0;
    }
    let dot: f64 = question
        .iter()
        .map(|p| {
            p.score
                * answer
                    .iter()
                    .find(|x| x.id == p.id)
                    .map_or(0.0, |x| x.score)
        })
        .sum();
    dot / (q * a)
}

#[cfg(test)]
mod tests {
    use super::{Learned, answer_tokens, mask};
    use crate::features::Tokens;

    #[test]
    fn the_models_read_the_analysis_tokens_as_they_would_read_the_masked_text() {
        let mut learned = Learned::none();
        learned.names = vec!["customer obsession".to_string(), "ownership".to_string()];
        let matcher = crate::stems::StemMatcher::new(&[], &[]);
        for text in [
            "Customer Obsession drove me: I took ownership, rebuilt the team's runbooks and cut pages by 40%.",
            "We didn't wait — Priya’s engineers shipped the students' fix in 2 days; naïve caching failed.",
            "",
            "Ownership. OWNERSHIP! ownerships",
        ] {
            let (tokens, table) = matcher.tokens_and_stems(text);
            let new = answer_tokens(&learned, text, &tokens, &table);
            let old = Tokens::of(&learned.stems, &mask(text, &learned.names));
            assert_eq!(new.in_order(), old.in_order(), "{text}");
        }
        // The one difference: a name with a possessive is left out whole.
        let text = "ownership's cost";
        let (tokens, table) = matcher.tokens_and_stems(text);
        let new = answer_tokens(&learned, text, &tokens, &table);
        assert_eq!(new.in_order(), ["cost"]);
    }

    #[test]
    fn principle_names_are_masked_as_whole_words_only() {
        let names = vec!["customer obsession".to_string(), "ownership".to_string()];
        assert_eq!(
            mask(
                "Customer Obsession is key; I took OWNERSHIP. Ownerships stay.",
                &names
            ),
            "                   is key; I took          . Ownerships stay."
        );
        assert_eq!(
            mask("naïve customer obsession", &names),
            "naïve                   "
        );
    }

    /// The word-start search finds what a plain left-to-right search of the lower-cased text
    /// finds, for names that overlap themselves or start with a symbol too.
    #[test]
    fn names_are_found_as_a_plain_search_finds_them() {
        fn plain(text: &str, names: &[String]) -> Vec<(usize, usize)> {
            let lower = text.to_ascii_lowercase();
            let boundary = |i: Option<char>| !i.is_some_and(char::is_alphanumeric);
            let mut out = Vec::new();
            for name in names {
                for (at, _) in lower.match_indices(name.as_str()) {
                    let end = at + name.len();
                    let before = lower[..at].chars().next_back();
                    let after = lower[end..].chars().next();
                    if boundary(before) && boundary(after) {
                        out.push((at, end));
                    }
                }
            }
            out.sort_unstable();
            out
        }
        let names: Vec<String> = [
            "ownership",
            "are right, a lot",
            "a lot a",
            "dive deep",
            "earth’s best employer",
            "-ship",
            "ab ab",
            "é",
        ]
        .iter()
        .map(|n| n.to_string())
        .collect();
        for text in [
            "Ownership: I took OWNERSHIP, ownership's cost; co-ownership and ownerships.",
            "a lot a lot a lot a; Are Right, A Lot.",
            "ab ab ab ab, xab ab; AB AB",
            "Earth’s Best Employer — earth’s best employers; Dive Deep, dive deeper, DIVE DEEP",
            "naïve -ship café é É éé",
            "",
        ] {
            let mut got = super::masked(text, &names);
            got.sort_unstable();
            assert_eq!(got, plain(text, &names), "{text}");
        }
    }
}
