//! Pairwise calibration: given answers labelled weak and strong on one dimension, how often does the
//! critic rank the strong one higher, on that dimension and overall? Used by `examples/eval.rs` and
//! the calibration test; no IO here.

use serde::Serialize;

use crate::{Critic, Critique, Input, Question, SignalSpan};

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
    /// The weak answer is built to fool a phrase counter: longer, more numbers, stuffed with
    /// signal words, or a polished answer to another question.
    #[serde(default)]
    pub adversarial: bool,
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
    /// Adversarial pairs.
    pub adversarial: usize,
    /// Of those, the strong answer scored higher overall.
    pub adversarial_correct: usize,
    /// Ids of pairs ranked wrongly overall, with both scores.
    pub overall_misses: Vec<String>,
}

/// The eight dimension names, and `relevance` (judged on the overall score).
pub const DIMENSIONS: [&str; 9] = [
    "structure",
    "metrics",
    "judgment",
    "ownership",
    "scope",
    "collaboration",
    "specificity",
    "delivery",
    "relevance",
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
        // Whether the answer answers the question shows in the overall score only.
        "relevance" => c.overall,
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
    let mut overall_misses = Vec::new();
    let (mut adversarial, mut adversarial_correct) = (0, 0);
    for p in pairs {
        let judge = |text: &str| {
            critic.critique(&Input {
                text,
                question: Some(Question {
                    text: &p.question,
                    principles: &[],
                    kind: "",
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
        } else {
            overall_misses.push(format!(
                "{}{} (overall: strong {} vs weak {})",
                p.id,
                if p.adversarial { " [adversarial]" } else { "" },
                strong.overall,
                weak.overall
            ));
        }
        if p.adversarial {
            adversarial += 1;
            if strong.overall > weak.overall {
                adversarial_correct += 1;
            }
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
        adversarial,
        adversarial_correct,
        overall_misses,
    }
}

/// Which part of the labelled data a text belongs to: fixed once by a hash of the text, so adding
/// data never moves an item between parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// 70%: what models are trained and rules tuned on.
    Train,
    /// 10%: for choosing between variants.
    Dev,
    /// 20%: reported, never tuned on.
    Test,
}

/// FNV-1a 64 of the text lower-cased with whitespace collapsed, mod 10: 0–6 train, 7 dev, 8–9 test.
pub fn split_of(text: &str) -> Split {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        first = false;
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    match h % 10 {
        0..=6 => Split::Train,
        7 => Split::Dev,
        _ => Split::Test,
    }
}

/// A labelled span of a marked answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Signal code.
    pub code: String,
    /// Start byte in the clean text.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// Strips `<<code,code: text>>` marks: the clean text and the marked spans in it. Errors name the
/// byte offset of a mark that does not close or has no codes.
pub fn parse_marked(text: &str) -> Result<(String, Vec<Mark>), String> {
    let mut clean = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find("<<") {
        clean.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after
            .find(">>")
            .ok_or_else(|| format!("byte {}: `<<` is never closed", offset + open))?;
        let inner = &after[..close];
        let colon = inner
            .find(':')
            .ok_or_else(|| format!("byte {}: a mark needs `codes: text`", offset + open))?;
        let body = inner[colon + 1..].trim_start();
        let start = clean.len();
        clean.push_str(body);
        for code in inner[..colon].split(',') {
            let code = code.trim();
            if !code.is_empty() {
                marks.push(Mark {
                    code: code.to_string(),
                    start,
                    end: clean.len(),
                });
            }
        }
        let consumed = open + 2 + close + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    clean.push_str(rest);
    Ok((clean, marks))
}

/// One graded answer (`crates/critic/data/answers/*.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GradedAnswer {
    /// Stable id.
    pub id: String,
    /// The question it answers.
    pub question: String,
    /// The question's kind.
    pub kind: String,
    /// Principles the answer evidences, main first.
    #[serde(default)]
    pub principles: Vec<String>,
    /// `strong-no-hire` … `strong-hire`.
    pub grade: String,
    /// `headed`, `letters`, `bullets`, `prose`, `spoken`.
    #[serde(default)]
    pub shape: String,
    /// The text with `<<code: …>>` marks.
    pub text: String,
}

impl GradedAnswer {
    /// Hire or Strong Hire.
    pub fn strong(&self) -> bool {
        matches!(self.grade.as_str(), "hire" | "strong-hire")
    }
    /// No Hire or Strong No Hire.
    pub fn weak(&self) -> bool {
        matches!(self.grade.as_str(), "no-hire" | "strong-no-hire")
    }
}

/// How well one signal is read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SignalAccuracy {
    /// Signal code.
    pub signal: String,
    /// Answers where the critic claims it (quotes a sentence for it).
    pub predicted: usize,
    /// Of those, the quoted (first) sentence overlaps a span marked with it.
    pub correct: usize,
    /// Every sentence the critic said carries it.
    pub spans_predicted: usize,
    /// Of those, sentences that overlap a span marked with it.
    pub spans_correct: usize,
    /// Answers marked with it.
    pub gold_answers: usize,
    /// Of those, answers where the critic read it in a marked span.
    pub found_answers: usize,
    /// Answers where the critic read it but nothing is marked with it.
    pub false_answers: usize,
    /// Claims whose first sentence is unmarked while a later sentence claimed for it is marked.
    pub later_right: usize,
    /// Claims in answers a second marker also marked (blind to the first and to the critic).
    pub predicted2: usize,
    /// Of those, the quoted sentence overlaps a span either marker marked with it.
    pub correct_either: usize,
    /// Answers where both markers marked it in overlapping spans.
    pub agreed_answers: usize,
    /// Of those, answers where the critic read it in a span both marked.
    pub agreed_found: usize,
}

/// The graded-answer report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnswerReport {
    /// Answers read.
    pub answers: usize,
    /// Hire / Strong Hire answers.
    pub strong: usize,
    /// Of those, scored ≥ 70.
    pub strong_ok: usize,
    /// No Hire / Strong No Hire answers.
    pub weak: usize,
    /// Of those, verdict `weak`.
    pub weak_ok: usize,
    /// Answers with gold principles.
    pub with_principles: usize,
    /// Of those, a gold principle in the critic's top 3.
    pub principles_top3: usize,
    /// Per signal.
    pub signals: Vec<SignalAccuracy>,
    /// Lines worth reading: answers graded wrongly.
    pub misses: Vec<String>,
    /// Every answer's grade and overall score, in order read.
    pub scores: Vec<(String, u8)>,
}

/// The behavioural and design signals the data marks, as the critic names them.
pub const MARKED_SIGNALS: [&str; 18] = [
    "action",
    "decision",
    "trade-off",
    "alternatives",
    "result",
    "outcome-number",
    "partner",
    "dissent",
    "customer",
    "mistake",
    "lesson",
    "requirements",
    "estimate",
    "components",
    "bottleneck",
    "failure-mode",
    "monitoring",
    "scaling",
];

/// Runs the critic on graded answers (already filtered to the split wanted). `second` holds a
/// second marker's spans by answer id (on the same clean text), for the two-marker figures.
pub fn evaluate_answers(
    critic: &Critic,
    answers: &[GradedAnswer],
    second: &std::collections::HashMap<String, Vec<Mark>>,
) -> AnswerReport {
    let mut r = AnswerReport {
        signals: MARKED_SIGNALS
            .iter()
            .map(|s| SignalAccuracy {
                signal: (*s).to_string(),
                ..SignalAccuracy::default()
            })
            .collect(),
        ..AnswerReport::default()
    };
    for a in answers {
        let Ok((clean, marks)) = parse_marked(&a.text) else {
            r.misses.push(format!("{}: bad marks", a.id));
            continue;
        };
        r.answers += 1;
        let c = critic.critique(&Input {
            text: &clean,
            question: Some(Question {
                text: &a.question,
                principles: &[],
                kind: "",
            }),
            ..Input::default()
        });
        r.scores.push((a.grade.clone(), c.overall));
        if a.strong() {
            r.strong += 1;
            if c.overall >= 70 {
                r.strong_ok += 1;
            } else {
                r.misses.push(format!(
                    "{} ({}, {}): {} < 70",
                    a.id, a.grade, a.shape, c.overall
                ));
            }
        } else if a.weak() {
            r.weak += 1;
            if c.verdict == "weak" {
                r.weak_ok += 1;
            } else {
                r.misses.push(format!(
                    "{} ({}, {}): {} is not weak",
                    a.id, a.grade, a.shape, c.overall
                ));
            }
        }
        if !a.principles.is_empty() {
            r.with_principles += 1;
            if c.principles
                .iter()
                .take(3)
                .any(|p| a.principles.contains(&p.id))
            {
                r.principles_top3 += 1;
            }
        }
        let design_q = matches!(a.kind.as_str(), "design" | "technical");
        for acc in &mut r.signals {
            let design_sig = matches!(
                acc.signal.as_str(),
                "requirements"
                    | "estimate"
                    | "components"
                    | "bottleneck"
                    | "failure-mode"
                    | "monitoring"
                    | "scaling"
            );
            if design_sig && !design_q {
                continue;
            }
            let gold: Vec<&Mark> = marks.iter().filter(|m| m.code == acc.signal).collect();
            let pred: Vec<&SignalSpan> = c
                .signals
                .iter()
                .filter(|s| s.signal == acc.signal)
                .collect();
            let overlaps = |s: &SignalSpan| gold.iter().any(|m| m.start < s.end && s.start < m.end);
            // What the critic shows for a signal is the sentence it quotes (the first without the
            // sentence model): that claim is what must be right (precision).
            let quoted = pred.iter().find(|s| s.quoted).or(pred.first()).copied();
            if let Some(other) = second.get(&a.id) {
                let gold2: Vec<&Mark> = other.iter().filter(|m| m.code == acc.signal).collect();
                let hit = |ms: &[&Mark], s: &SignalSpan| {
                    ms.iter().any(|m| m.start < s.end && s.start < m.end)
                };
                if let Some(first) = quoted {
                    acc.predicted2 += 1;
                    if hit(&gold, first) || hit(&gold2, first) {
                        acc.correct_either += 1;
                    }
                }
                // Spans both markers marked: the overlap of a first mark with a second one.
                let agreed: Vec<Mark> = gold
                    .iter()
                    .flat_map(|m| {
                        gold2
                            .iter()
                            .filter(|n| m.start < n.end && n.start < m.end)
                            .map(|n| Mark {
                                code: m.code.clone(),
                                start: m.start.max(n.start),
                                end: m.end.min(n.end),
                            })
                    })
                    .collect();
                if !agreed.is_empty() {
                    acc.agreed_answers += 1;
                    let agreed: Vec<&Mark> = agreed.iter().collect();
                    if pred.iter().any(|s| hit(&agreed, s)) {
                        acc.agreed_found += 1;
                    }
                }
            }
            // Finding the signal in any marked span is recall.
            if let Some(first) = quoted {
                acc.predicted += 1;
                if overlaps(first) {
                    acc.correct += 1;
                } else if pred.iter().any(|s| overlaps(s)) {
                    acc.later_right += 1;
                }
            }
            let correct = pred.iter().filter(|s| overlaps(s)).count();
            acc.spans_predicted += pred.len();
            acc.spans_correct += correct;
            if !gold.is_empty() {
                acc.gold_answers += 1;
                if correct > 0 {
                    acc.found_answers += 1;
                }
            } else if !pred.is_empty() {
                acc.false_answers += 1;
            }
        }
    }
    r
}
