//! The labelled data under `crates/critic/data/` (see its README): loading, the fixed train / dev /
//! test split, and the training sets the shipped models are fitted on, with their SHA-256.
//! Shared by the eval, `examples/train.rs` and the model-freshness test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use tpmprep_content::{Kind, Pack};

/// Where the labelled data lives.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Which part of the data a text belongs to (train 70%, dev 10%, test 20%).
pub use tpmprep_critic::calibration::Split;

/// The part `text` belongs to: FNV-1a 64 of the normalised text, mod 10 (the critic's
/// [`tpmprep_critic::calibration::split_of`], one definition for the eval, training and tests).
pub fn split(text: &str) -> Split {
    tpmprep_critic::calibration::split_of(text)
}

/// Lowercase, whitespace collapsed to single spaces, trimmed.
pub fn normalise(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One labelled question.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuestion {
    /// The question.
    pub text: String,
    /// Principle ids, main first.
    pub principles: Vec<String>,
    /// Its kind.
    pub kind: String,
    /// The file it came from (`a`, `b`, …): its author.
    #[serde(skip)]
    pub author: String,
}

/// One graded answer.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledAnswer {
    /// Stable id.
    pub id: String,
    /// The question it answers.
    pub question: String,
    /// The question's kind.
    pub kind: String,
    /// Principles the answer evidences, main first.
    pub principles: Vec<String>,
    /// strong-no-hire … strong-hire.
    pub grade: String,
    /// headed | letters | bullets | prose | spoken.
    pub shape: String,
    /// The text as written, with `<<code: …>>` marks.
    pub text: String,
    /// Its author (file stem).
    #[serde(skip)]
    pub author: String,
}

impl LabelledAnswer {
    /// The answer as a candidate would write it: marks removed.
    pub fn plain(&self) -> String {
        strip_marks(&self.text)
    }
}

/// `<<code, code: text>>` → `text` (the critic's [`tpmprep_critic::calibration::parse_marked`]).
pub fn strip_marks(text: &str) -> String {
    tpmprep_critic::calibration::parse_marked(text)
        .map(|(clean, _)| clean)
        .unwrap_or_else(|_| text.to_string())
}

#[derive(Deserialize)]
struct QuestionFile {
    #[serde(default)]
    question: Vec<LabelledQuestion>,
}

#[derive(Deserialize)]
struct AnswerFile {
    #[serde(default)]
    answer: Vec<LabelledAnswer>,
}

fn toml_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            out.push((stem, text));
        }
    }
    out.sort();
    Ok(out)
}

/// Every labelled question under `dir/questions/`, by file then in file order.
pub fn questions(dir: &Path) -> Result<Vec<LabelledQuestion>, String> {
    questions_in(&dir.join("questions"))
}

/// The held-out set of a fourth writer (`dir/heldout/`): questions and answers never trained or
/// tuned on, read only to imitate a third-party test.
pub fn heldout(dir: &Path) -> Result<(Vec<LabelledQuestion>, Vec<LabelledAnswer>), String> {
    let held = dir.join("heldout");
    let mut questions = Vec::new();
    let mut answers = Vec::new();
    for (stem, text) in toml_files(&held)? {
        if stem.starts_with("questions") {
            let file: QuestionFile =
                toml::from_str(&text).map_err(|e| format!("heldout/{stem}.toml: {e}"))?;
            questions.extend(file.question.into_iter().map(|mut q| {
                q.author = stem.clone();
                q
            }));
        } else if stem.starts_with("answers") {
            let file: AnswerFile =
                toml::from_str(&text).map_err(|e| format!("heldout/{stem}.toml: {e}"))?;
            answers.extend(file.answer.into_iter().map(|mut a| {
                a.author = stem.clone();
                a
            }));
        }
    }
    Ok((questions, answers))
}

fn questions_in(dir: &Path) -> Result<Vec<LabelledQuestion>, String> {
    let mut out = Vec::new();
    for (author, text) in toml_files(dir)? {
        let file: QuestionFile =
            toml::from_str(&text).map_err(|e| format!("questions/{author}.toml: {e}"))?;
        out.extend(file.question.into_iter().map(|mut q| {
            q.author = author.clone();
            q
        }));
    }
    Ok(out)
}

/// Every graded answer under `dir/answers/`.
pub fn answers(dir: &Path) -> Result<Vec<LabelledAnswer>, String> {
    let mut out = Vec::new();
    for (author, text) in toml_files(&dir.join("answers"))? {
        let file: AnswerFile =
            toml::from_str(&text).map_err(|e| format!("answers/{author}.toml: {e}"))?;
        out.extend(file.answer.into_iter().map(|mut a| {
            a.author = author.clone();
            a
        }));
    }
    Ok(out)
}

/// One training text with its labels, main first.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The text.
    pub text: String,
    /// Class labels, main first.
    pub labels: Vec<String>,
    /// How much it counts.
    pub weight: f64,
}

/// SHA-256 (hex) of a training set: each item as `weight<TAB>labels<TAB>text` on its own line.
pub fn sha256(items: &[Item]) -> String {
    let mut h = Sha256::new();
    for it in items {
        h.update(format!(
            "{}\t{}\t{}\n",
            it.weight,
            it.labels.join(","),
            normalise(&it.text)
        ));
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A pack question's kind: its format where that says it, else what its text asks for.
pub fn pack_kind(kind: Kind, text: &str) -> Option<&'static str> {
    match kind {
        Kind::SystemDesign => Some("design"),
        Kind::Technical => Some("technical"),
        Kind::ProgramManagement => Some("program-management"),
        Kind::Recruiter => Some("general"),
        Kind::Behavioural | Kind::Communication => text_kind(text),
    }
}

/// The kind a behavioural question's words name, if they name one clearly.
pub fn text_kind(text: &str) -> Option<&'static str> {
    let t = normalise(text);
    let any = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    if any(&[
        "fail",
        "mistake",
        "went wrong",
        "got wrong",
        "missed",
        "regret",
        "setback",
    ]) {
        Some("failure")
    } else if any(&[
        "disagree",
        "conflict",
        "push back",
        "pushed back",
        "pushback",
        "said no",
        "objected",
    ]) {
        Some("disagreement")
    } else if any(&[
        "deadline",
        "time pressure",
        "without all the",
        "quickly",
        "urgent",
        "tight timeline",
    ]) {
        Some("deadline")
    } else if any(&["customer", "user"]) {
        Some("customer")
    } else {
        None
    }
}

/// Each principle's own words: its name, summary, probes, strong signals and cues.
pub fn principle_items(pack: &Pack) -> Vec<Item> {
    pack.principles
        .iter()
        .map(|p| {
            let mut text = format!("{}. {}", p.name, p.summary);
            for s in p.probes.iter().chain(&p.strong_signals).chain(&p.cues) {
                text.push_str(". ");
                text.push_str(s);
            }
            Item {
                text,
                labels: vec![p.id.clone()],
                weight: 1.0,
            }
        })
        .collect()
}

/// The training set of the question-principles model: the pack's questions that carry principles,
/// each principle's own text, and the train split of the labelled questions accepted by `keep`.
pub fn question_principle_items(
    pack: &Pack,
    labelled: &[LabelledQuestion],
    keep: impl Fn(&LabelledQuestion) -> bool,
) -> Vec<Item> {
    let mut out: Vec<Item> = pack
        .questions
        .iter()
        .filter(|q| !q.principles.is_empty())
        .map(|q| Item {
            text: q.text.clone(),
            labels: q.principles.clone(),
            weight: 1.0,
        })
        .collect();
    out.extend(principle_items(pack));
    out.extend(
        labelled
            .iter()
            .filter(|q| split(&q.text) == Split::Train && keep(q) && !q.principles.is_empty())
            .map(|q| Item {
                text: q.text.clone(),
                labels: q.principles.clone(),
                weight: 1.0,
            }),
    );
    out
}

/// The training set of the question-kind model: the pack's questions whose kind is known, and the
/// train split of the labelled questions accepted by `keep`.
pub fn question_kind_items(
    pack: &Pack,
    labelled: &[LabelledQuestion],
    keep: impl Fn(&LabelledQuestion) -> bool,
) -> Vec<Item> {
    let mut out: Vec<Item> = pack
        .questions
        .iter()
        .filter_map(|q| {
            pack_kind(q.kind, &q.text).map(|k| Item {
                text: q.text.clone(),
                labels: vec![k.to_string()],
                weight: 1.0,
            })
        })
        .collect();
    out.extend(
        labelled
            .iter()
            .filter(|q| split(&q.text) == Split::Train && keep(q))
            .map(|q| Item {
                text: q.text.clone(),
                labels: vec![q.kind.clone()],
                weight: 1.0,
            }),
    );
    out
}

/// The training set of the answer-principles model: the pack's strong example answers and the train
/// split of the graded answers that evidence a principle.
pub fn answer_principle_items(pack: &Pack, answers: &[LabelledAnswer]) -> Vec<Item> {
    let mut out: Vec<Item> = pack
        .examples
        .iter()
        .filter(|e| !e.principles.is_empty())
        .map(|e| Item {
            text: e.strong.clone(),
            labels: e.principles.clone(),
            weight: 1.0,
        })
        .collect();
    out.extend(
        answers
            .iter()
            .filter(|a| split(&a.plain()) == Split::Train && !a.principles.is_empty())
            .map(|a| Item {
                text: a.plain(),
                labels: a.principles.clone(),
                weight: 1.0,
            }),
    );
    out
}

/// Every sentence of the train split's span-marked answers, as the critic's sentence model reads it
/// (`Critic::sentence_documents`), labelled with the signals whose marked spans it overlaps, or
/// `none`; `leave_out` names a writer whose answers are left out (the eval's leave-one-writer-out
/// check). Also returns how many answers they came from.
pub fn sentence_signal_items(
    pack: &Pack,
    answers: &[LabelledAnswer],
    leave_out: Option<&str>,
) -> (Vec<Item>, usize) {
    use tpmprep_critic::calibration::{MARKED_SIGNALS, parse_marked};
    let critic = tpmprep_critic::Critic::new(pack);
    let mut out = Vec::new();
    let mut used = 0;
    for a in answers {
        let Ok((clean, marks)) = parse_marked(&a.text) else {
            continue;
        };
        if split(&clean) != Split::Train {
            continue;
        }
        if leave_out.is_some_and(|w| a.id.starts_with(&format!("{w}-"))) {
            continue;
        }
        used += 1;
        let input = tpmprep_critic::Input {
            text: &clean,
            question: Some(tpmprep_critic::Question {
                text: &a.question,
                principles: &[],
                kind: "",
            }),
            ..tpmprep_critic::Input::default()
        };
        for (start, end, doc) in critic.sentence_documents(&input) {
            let mut labels: Vec<String> = Vec::new();
            for code in MARKED_SIGNALS {
                if marks
                    .iter()
                    .any(|m| m.code == code && m.start < end && start < m.end)
                {
                    labels.push(code.to_string());
                }
            }
            if labels.is_empty() {
                labels.push(tpmprep_critic::NO_SIGNAL.to_string());
            }
            out.push(Item {
                text: doc,
                labels,
                weight: 1.0,
            });
        }
    }
    (out, used)
}

/// The training set of the shipped model `name` (a file stem under the pack's `models/`), and a
/// one-line account of it for the model's header.
pub fn training_items(
    name: &str,
    pack: &Pack,
    labelled: &[LabelledQuestion],
    answers: &[LabelledAnswer],
) -> Option<(Vec<Item>, String)> {
    let labelled_train = labelled
        .iter()
        .filter(|q| split(&q.text) == Split::Train)
        .count();
    match name {
        "question-principles" => {
            let items = question_principle_items(pack, labelled, |_| true);
            let pack_q = pack
                .questions
                .iter()
                .filter(|q| !q.principles.is_empty())
                .count();
            let n = items.len();
            Some((
                items,
                format!(
                    "{n} texts: {pack_q} pack questions, {} principle texts, {labelled_train} labelled questions (train split)",
                    pack.principles.len()
                ),
            ))
        }
        "question-kind" => {
            let items = question_kind_items(pack, labelled, |_| true);
            let n = items.len();
            Some((
                items,
                format!(
                    "{n} texts: {} pack questions whose kind is known, {labelled_train} labelled questions (train split)",
                    n - labelled_train
                ),
            ))
        }
        "answer-principles" => {
            let items = answer_principle_items(pack, answers);
            let examples = pack
                .examples
                .iter()
                .filter(|e| !e.principles.is_empty())
                .count();
            let n = items.len();
            Some((
                items,
                format!(
                    "{n} texts: {examples} pack example answers, {} graded answers (train split)",
                    n - examples
                ),
            ))
        }
        "sentence-signals" => {
            let (items, used) = sentence_signal_items(pack, answers, None);
            let n = items.len();
            Some((
                items,
                format!("{n} sentences of {used} span-marked answers (train split)"),
            ))
        }
        _ => None,
    }
}
