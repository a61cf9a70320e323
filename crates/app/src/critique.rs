//! What every front end shows of a critique besides the eight dimensions: the question's kind and
//! its principles ranked (with names a person reads), the rubric it was judged on, and the design
//! checklist of a design or technical answer.
//!
//! It reads the critique's JSON contract (`docs/critique.md`) rather than the struct's fields, and
//! takes whatever is absent as empty, so a front end shows what a critique holds and nothing more.

use serde::{Deserialize, Serialize};
use tpmprep_content::Pack;
use tpmprep_critic::Critique;

/// How many of a question's principles are shown before "and N more".
pub const TOP_PRINCIPLES: usize = 3;

/// A question's principle, ranked, with its name and a whole percentage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RankedPrinciple {
    /// Principle id.
    pub id: String,
    /// Its name in the pack (the id when the pack has no such principle).
    pub name: String,
    /// 0..=1, as the critic gave it.
    pub score: f64,
    /// The score as a whole percentage, 0..=100.
    pub percent: u8,
}

/// What the critic made of the question.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionFit {
    /// The kind's code (`failure`, `design`, `program-management` …).
    pub kind: String,
    /// The kind in words (`program management`).
    pub kind_label: String,
    /// Every principle the critic ranked for it, strongest first.
    pub principles: Vec<RankedPrinciple>,
    /// The first [`TOP_PRINCIPLES`] of them.
    pub top: Vec<RankedPrinciple>,
    /// How many more there are.
    pub more: usize,
}

/// One design criterion of the checklist.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Criterion {
    /// Its code (`requirements`, `design-trade-off` …).
    pub code: String,
    /// What it asks for, in words.
    pub label: String,
    /// The answer meets it.
    pub present: bool,
    /// The sentence that meets it (empty when missing).
    pub quote: String,
}

/// The parts of a critique beyond the dimensions and findings, ready to show.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Shown {
    /// `behavioural` or `design`.
    pub rubric: String,
    /// The answer was judged on the design checklist.
    pub is_design: bool,
    /// The question, when one was given.
    pub question: Option<QuestionFit>,
    /// The design checklist (empty unless the rubric is `design`).
    pub design: Vec<Criterion>,
    /// How many criteria the answer meets.
    pub design_met: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Wire {
    question: Option<WireQuestion>,
    rubric: String,
    design: Option<Vec<WireCheck>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireQuestion {
    kind: String,
    principles: Vec<WirePrinciple>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WirePrinciple {
    id: String,
    score: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireCheck {
    criterion: String,
    present: bool,
    quote: String,
}

/// The kind of a question in words: `program-management` → `program management`.
pub fn kind_label(kind: &str) -> String {
    if kind.is_empty() {
        "general".to_string()
    } else {
        kind.replace('-', " ")
    }
}

/// What a design criterion asks for, in words (the code itself for one this build does not know).
pub fn criterion_label(code: &str) -> String {
    match code {
        "requirements" => "Requirements and assumptions stated",
        "estimate" => "Numbers estimated (users, load, data)",
        "components" => "Components named",
        "design-trade-off" => "An alternative weighed, with the reason",
        "bottleneck" => "The bottleneck found",
        "failure-mode" => "What fails, and what happens then",
        "monitoring" => "Monitoring and alarms",
        "scaling" => "How it scales",
        other => other,
    }
    .to_string()
}

/// Reads what `c` holds beyond the dimensions, naming principles from `pack`.
pub fn shown(pack: &Pack, c: &Critique) -> Shown {
    let value = serde_json::to_value(c).unwrap_or_default();
    from_json(pack, value)
}

/// As [`shown`], from a critique's JSON (missing fields read as empty).
pub fn from_json(pack: &Pack, value: serde_json::Value) -> Shown {
    let wire: Wire = serde_json::from_value(value).unwrap_or_default();
    let question = wire.question.map(|q| {
        let principles: Vec<RankedPrinciple> = q
            .principles
            .into_iter()
            .map(|p| {
                let score = if p.score.is_finite() {
                    p.score.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                RankedPrinciple {
                    name: pack.principle_name(&p.id).to_string(),
                    id: p.id,
                    score,
                    // In 0..=100 by the clamp above.
                    percent: (score * 100.0).round() as u8,
                }
            })
            .collect();
        let top: Vec<RankedPrinciple> = principles.iter().take(TOP_PRINCIPLES).cloned().collect();
        QuestionFit {
            kind_label: kind_label(&q.kind),
            kind: q.kind,
            more: principles.len() - top.len(),
            top,
            principles,
        }
    });
    let is_design = wire.rubric == "design";
    let design: Vec<Criterion> = if is_design {
        wire.design
            .unwrap_or_default()
            .into_iter()
            .map(|d| Criterion {
                label: criterion_label(&d.criterion),
                code: d.criterion,
                present: d.present,
                quote: if d.present { d.quote } else { String::new() },
            })
            .collect()
    } else {
        Vec::new()
    };
    Shown {
        rubric: if wire.rubric.is_empty() {
            "behavioural".to_string()
        } else {
            wire.rubric
        },
        is_design,
        question,
        design_met: design.iter().filter(|d| d.present).count(),
        design,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        tpmprep_content::embedded_pack().expect("embedded pack")
    }

    /// A design critique as the critic's JSON contract has it, all 16 principles ranked.
    fn sample() -> serde_json::Value {
        let p = pack();
        let principles: Vec<serde_json::Value> = p
            .principles
            .iter()
            .enumerate()
            .map(|(i, x)| serde_json::json!({"id": x.id, "score": 1.0 - i as f64 / 20.0}))
            .collect();
        serde_json::json!({
            "overall": 64,
            "question": {"kind": "program-management", "kinds": ["program-management", "design"], "principles": principles},
            "rubric": "design",
            "design": [
                {"criterion": "requirements", "present": true, "quote": "We need 10k writes a second."},
                {"criterion": "monitoring", "present": false, "quote": ""},
                {"criterion": "sharding", "present": true, "quote": "Shard by user."}
            ],
            "signals": [{"signal": "requirements", "start": 0, "end": 28}]
        })
    }

    #[test]
    fn a_design_critique_reads_into_names_percentages_and_a_checklist() {
        let p = pack();
        let s = from_json(&p, sample());
        assert!(s.is_design);
        assert_eq!(s.rubric, "design");
        let q = s.question.expect("question");
        assert_eq!(q.kind_label, "program management");
        assert_eq!(q.principles.len(), 16);
        assert_eq!(q.top.len(), 3);
        assert_eq!(q.more, 13);
        assert_eq!(q.top[0].name, p.principles[0].name);
        assert_eq!(q.top[0].percent, 100);
        assert_eq!(q.top[1].percent, 95);
        assert_eq!(s.design.len(), 3);
        assert_eq!(s.design_met, 2);
        assert_eq!(s.design[0].label, "Requirements and assumptions stated");
        assert_eq!(s.design[0].quote, "We need 10k writes a second.");
        assert_eq!(
            s.design[2].label, "sharding",
            "an unknown criterion shows its code"
        );
    }

    #[test]
    fn what_a_critique_lacks_reads_as_empty() {
        let s = from_json(&pack(), serde_json::json!({"overall": 50}));
        assert_eq!(s.rubric, "behavioural");
        assert!(!s.is_design && s.question.is_none() && s.design.is_empty());
        // A behavioural rubric shows no checklist even if one came along.
        let mut v = sample();
        v["rubric"] = "behavioural".into();
        v["question"]["principles"] = serde_json::json!([{"id": "nope", "score": f64::MAX}]);
        let s = from_json(&pack(), v);
        assert!(s.design.is_empty());
        let q = s.question.expect("question");
        assert_eq!((q.top.len(), q.more), (1, 0));
        assert_eq!((q.top[0].name.as_str(), q.top[0].percent), ("nope", 100));
    }
}

/// The answer as the critic and the screen should see it: control characters (an escape, a bell,
/// a NUL pasted from a terminal) become spaces of the same byte length, so sentences still split,
/// nothing reaches a terminal as a command, and the critique's byte spans still point into the
/// text as written.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(stray) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if stray(c) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn stray(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t' | '\r')
}

#[cfg(test)]
mod clean_tests {
    use super::clean;

    #[test]
    fn control_characters_become_spaces_of_the_same_length() {
        let raw = "We shipped.\u{1b}[31m It worked.\u{7}\u{85}Done.";
        let c = clean(raw);
        assert_eq!(c.len(), raw.len());
        assert!(!c.chars().any(|ch| ch.is_control() && ch != '\n'));
        assert!(c.contains("We shipped. [31m It worked."));
        assert_eq!(clean("plain\ntext"), "plain\ntext");
    }
}
