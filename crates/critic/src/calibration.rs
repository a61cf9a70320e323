//! Pairwise calibration: given answers labelled weak and strong on one dimension, how often does the
//! critic rank the strong one higher, on that dimension and overall? Used by `examples/eval.rs` and
//! the calibration test; no IO here.

use serde::Serialize;

use crate::{Critic, Critique, Input, Question};

/// One labelled pair.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Pair {
    /// Stable id.
    pub id: String,
    /// The dimension on which the strong answer is better.
    pub dimension: String,
    /// The question both answers respond to.
    pub question: String,
    /// The weak answer.
    pub weak: String,
    /// The strong answer.
    pub strong: String,
}

/// Accuracy on one dimension.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Accuracy {
    /// Dimension name, or `overall`.
    pub dimension: String,
    /// Pairs labelled with it.
    pub pairs: usize,
    /// Pairs where strong scored higher on that dimension.
    pub correct: usize,
    /// Pairs where strong scored higher overall.
    pub overall_correct: usize,
}

/// The report: one row per dimension, then the totals.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Per dimension, in the order of [`DIMENSIONS`].
    pub rows: Vec<Accuracy>,
    /// All pairs.
    pub total: Accuracy,
    /// Ids of pairs ranked wrongly on their dimension.
    pub misses: Vec<String>,
}

/// The eight dimension names.
pub const DIMENSIONS: [&str; 8] = [
    "structure",
    "metrics",
    "judgment",
    "ownership",
    "scope",
    "collaboration",
    "specificity",
    "delivery",
];

/// A dimension's score by name (`None` for an unknown name).
pub fn dimension_score(c: &Critique, name: &str) -> Option<u8> {
    let d = &c.dimensions;
    Some(match name {
        "structure" => d.structure.score,
        "metrics" => d.metrics.score,
        "judgment" => d.judgment.score,
        "ownership" => d.ownership.score,
        "scope" => d.scope.score,
        "collaboration" => d.collaboration.score,
        "specificity" => d.specificity.score,
        "delivery" => d.delivery.score,
        _ => return None,
    })
}

/// Runs the critic on every pair.
pub fn evaluate(critic: &Critic, pairs: &[Pair]) -> Report {
    let mut rows: Vec<Accuracy> = DIMENSIONS
        .iter()
        .map(|d| Accuracy {
            dimension: (*d).to_string(),
            pairs: 0,
            correct: 0,
            overall_correct: 0,
        })
        .collect();
    let mut misses = Vec::new();
    for p in pairs {
        let judge = |text: &str| {
            critic.critique(&Input {
                text,
                question: Some(Question {
                    text: &p.question,
                    principles: &[],
                }),
                ..Input::default()
            })
        };
        let (weak, strong) = (judge(&p.weak), judge(&p.strong));
        let Some(row) = rows.iter_mut().find(|r| r.dimension == p.dimension) else {
            misses.push(format!("{} (unknown dimension {})", p.id, p.dimension));
            continue;
        };
        row.pairs += 1;
        let (w, s) = (
            dimension_score(&weak, &p.dimension).unwrap_or(0),
            dimension_score(&strong, &p.dimension).unwrap_or(0),
        );
        if s > w {
            row.correct += 1;
        } else {
            misses.push(format!(
                "{} ({}: strong {s} vs weak {w})",
                p.id, p.dimension
            ));
        }
        if strong.overall > weak.overall {
            row.overall_correct += 1;
        }
    }
    let total = Accuracy {
        dimension: "overall".to_string(),
        pairs: rows.iter().map(|r| r.pairs).sum(),
        correct: rows.iter().map(|r| r.correct).sum(),
        overall_correct: rows.iter().map(|r| r.overall_correct).sum(),
    };
    Report {
        rows,
        total,
        misses,
    }
}
