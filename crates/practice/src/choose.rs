//! Which questions an interviewer asks, and which stored story an answer retells.

use std::collections::{HashMap, HashSet};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use tpmprep_content::{Kind, Pack, Question};

/// What question choice weighs.
#[derive(Debug, Clone)]
pub struct Choice<'a> {
    /// Principles the interviewer assesses.
    pub principles: &'a [String],
    /// Question kinds the interviewer draws from.
    pub kinds: &'a [Kind],
    /// Stage being practised (`loop`, `phone-screen` ...): questions tagged for it come first.
    pub stage: &'a str,
    /// Weakness per principle, 0..=1 (missing = 1): thin story coverage or low past scores.
    pub weakness: &'a HashMap<String, f64>,
    /// Question ids seen recently (earlier mocks, or earlier in this one): avoided while others remain.
    pub recent: &'a HashSet<String>,
    /// Seed, so the same inputs choose the same questions.
    pub seed: u64,
}

/// Picks `n` distinct questions: one per assessed principle first (the weakest principle first), then
/// any question of the interviewer's kinds. Prefers questions not seen recently and asked at this
/// stage; among equals the seed decides.
pub fn questions<'p>(pack: &'p Pack, c: &Choice<'_>, n: usize) -> Vec<&'p Question> {
    let pool = pool(pack, c);
    let weak = |p: &String| c.weakness.get(p).copied().unwrap_or(1.0);
    let mut principles: Vec<&String> = c.principles.iter().collect();
    principles.sort_by(|a, b| weak(b).total_cmp(&weak(a)));

    let mut out: Vec<&Question> = Vec::new();
    for p in principles {
        if out.len() >= n {
            break;
        }
        // A question whose main principle is this one, else one that names it at all.
        let pick = pool
            .iter()
            .find(|q| q.principles.first() == Some(p) && !out.iter().any(|o| o.id == q.id))
            .or_else(|| {
                pool.iter()
                    .find(|q| q.principles.contains(p) && !out.iter().any(|o| o.id == q.id))
            });
        if let Some(q) = pick {
            out.push(q);
        }
    }
    for q in &pool {
        if out.len() >= n {
            break;
        }
        if !out.iter().any(|o| o.id == q.id) {
            out.push(q);
        }
    }
    out
}

/// The questions of the chooser's kinds in the order choice prefers them: unseen before seen, this
/// stage before others, the seed deciding among equals.
fn pool<'p>(pack: &'p Pack, c: &Choice<'_>) -> Vec<&'p Question> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(c.seed);
    let mut pool: Vec<&Question> = pack
        .questions
        .iter()
        .filter(|q| c.kinds.contains(&q.kind))
        .collect();
    pool.shuffle(&mut rng);
    // Stable sort keeps the shuffle among equals: unseen before seen, this stage before others.
    pool.sort_by_key(|q| {
        (
            c.recent.contains(&q.id),
            !q.stages.iter().any(|s| s == c.stage),
        )
    });
    pool
}

/// A question of the chooser's kinds that probes `principle`: one whose main principle it is,
/// else one that names it among its principles; `None` when no question does (never a question
/// about something else, which could not rate it).
pub fn probing<'p>(pack: &'p Pack, c: &Choice<'_>, principle: &str) -> Option<&'p Question> {
    let pool = pool(pack, c);
    pool.iter()
        .find(|q| q.principles.first().is_some_and(|m| m == principle))
        .or_else(|| {
            pool.iter()
                .find(|q| q.principles.iter().any(|m| m == principle))
        })
        .copied()
}

/// Word 3-shingles of a text, lowercased.
fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// How much two texts share, 0..=1 (Jaccard similarity of word 3-shingles).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (sa, sb) = (shingles(a), shingles(b));
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let inter = sa.intersection(&sb).count();
    inter as f64 / (sa.len() + sb.len() - inter) as f64
}

/// Similarity above which an answer is taken to retell a stored story.
pub const RETELL_AT: f64 = 0.2;

/// The stored story (`(id, text)`) an answer retells, if any: the most similar above [`RETELL_AT`].
pub fn matching_story(answer: &str, stories: &[(i64, String)]) -> Option<(i64, f64)> {
    stories
        .iter()
        .map(|(id, text)| (*id, similarity(answer, text)))
        .filter(|(_, s)| *s >= RETELL_AT)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Whether telling a story again in the same loop draws a warning: yes, unless the second telling
/// centres on a different judgment (its best-evidenced principle differs from the first telling's).
pub fn reuse_warning(first_focus: &str, second_focus: &str) -> bool {
    first_focus == second_focus
}
