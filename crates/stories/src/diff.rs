//! A readable diff of two revisions, field by field: a one-line field as old → new, a free-text
//! field as its changed paragraphs with the words removed and added, a list as the items added and
//! removed. The `--json` of `story diff` and the web history page show the same model.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::merge::{metric_text, partner_text};
use crate::model::StoryContent;

/// What a word run is in a text change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both revisions.
    Equal,
    /// Only in the older revision.
    Delete,
    /// Only in the newer revision.
    Insert,
}

/// A run of text with one [`Op`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// What happened to it.
    pub op: Op,
    /// The text, spaces included.
    pub text: String,
}

/// How one field changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A one-line field (title, status, role, period).
    Value {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// A free-text field: each changed run of paragraphs, as word segments (unchanged paragraphs
    /// are left out).
    Text {
        /// One entry per changed run of paragraphs.
        hunks: Vec<Vec<Segment>>,
    },
    /// A list field, items shown as text.
    List {
        /// Items only in the newer revision.
        added: Vec<String>,
        /// Items only in the older revision.
        removed: Vec<String>,
    },
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field as [`StoryContent`] names it.
    pub field: &'static str,
    /// How it changed.
    #[serde(flatten)]
    pub change: Change,
}

/// Every field that differs between `old` and `new`, in field order.
pub fn field_changes(old: &StoryContent, new: &StoryContent) -> Vec<FieldChange> {
    let mut out = Vec::new();
    push_value(&mut out, "title", &old.title, &new.title);
    push_value(&mut out, "status", old.status.as_str(), new.status.as_str());
    let strings = |v: &[String]| v.to_vec();
    push_list(
        &mut out,
        "principles",
        strings(&old.principles),
        strings(&new.principles),
    );
    push_list(&mut out, "tags", strings(&old.tags), strings(&new.tags));
    push_value(&mut out, "role", &old.role, &new.role);
    push_value(&mut out, "period", &old.period, &new.period);
    push_list(&mut out, "teams", strings(&old.teams), strings(&new.teams));
    push_list(
        &mut out,
        "partners",
        old.partners.iter().map(partner_text).collect(),
        new.partners.iter().map(partner_text).collect(),
    );
    push_list(
        &mut out,
        "metrics",
        old.metrics.iter().map(metric_text).collect(),
        new.metrics.iter().map(metric_text).collect(),
    );
    for (field, a, b) in [
        ("trade_off", &old.trade_off, &new.trade_off),
        ("dissent", &old.dissent, &new.dissent),
        ("differently", &old.differently, &new.differently),
    ] {
        push_text(&mut out, field, a, b);
    }
    push_list(
        &mut out,
        "artifacts",
        old.artifacts
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        new.artifacts
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
    );
    for (field, a, b) in [
        ("situation", &old.situation, &new.situation),
        ("task", &old.task, &new.task),
        ("action", &old.action, &new.action),
        ("result", &old.result, &new.result),
    ] {
        push_text(&mut out, field, a, b);
    }
    out
}

fn push_value(out: &mut Vec<FieldChange>, field: &'static str, a: &str, b: &str) {
    if a != b {
        out.push(FieldChange {
            field,
            change: Change::Value {
                old: a.to_string(),
                new: b.to_string(),
            },
        });
    }
}

fn push_list(out: &mut Vec<FieldChange>, field: &'static str, a: Vec<String>, b: Vec<String>) {
    let added: Vec<String> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
    let removed: Vec<String> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    if !added.is_empty() || !removed.is_empty() {
        out.push(FieldChange {
            field,
            change: Change::List { added, removed },
        });
    } else if a != b {
        // Same items, new order: say so rather than show nothing.
        out.push(FieldChange {
            field,
            change: Change::Value {
                old: a.join(", "),
                new: b.join(", "),
            },
        });
    }
}

fn push_text(out: &mut Vec<FieldChange>, field: &'static str, a: &str, b: &str) {
    if a != b {
        out.push(FieldChange {
            field,
            change: Change::Text {
                hunks: text_hunks(a, b),
            },
        });
    }
}

/// The changed runs of paragraphs of a text, each as word segments.
fn text_hunks(a: &str, b: &str) -> Vec<Vec<Segment>> {
    let lines = TextDiff::from_lines(a, b);
    let mut hunks = Vec::new();
    for group in lines.grouped_ops(0) {
        let (mut old, mut new) = (String::new(), String::new());
        for op in &group {
            for change in lines.iter_changes(op) {
                match change.tag() {
                    ChangeTag::Delete => old.push_str(change.value()),
                    ChangeTag::Insert => new.push_str(change.value()),
                    ChangeTag::Equal => {}
                }
            }
        }
        let (old, new) = (old.trim_end_matches('\n'), new.trim_end_matches('\n'));
        let words = TextDiff::from_words(old, new);
        let mut segments: Vec<Segment> = Vec::new();
        for change in words.iter_all_changes() {
            let op = match change.tag() {
                ChangeTag::Equal => Op::Equal,
                ChangeTag::Delete => Op::Delete,
                ChangeTag::Insert => Op::Insert,
            };
            match segments.last_mut() {
                Some(last) if last.op == op => last.text.push_str(change.value()),
                _ => segments.push(Segment {
                    op,
                    text: change.value().to_string(),
                }),
            }
        }
        if !segments.is_empty() {
            hunks.push(coalesced(segments));
        }
    }
    hunks
}

/// Joins the changes on either side of a mere space into one removal and one addition, so
/// "rollback flag" → "kill switch" reads `[-rollback flag-]{+kill switch+}`, not word by word.
fn coalesced(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let mut in_run = false;
    let flush = |out: &mut Vec<Segment>, del: &mut String, ins: &mut String| {
        for (op, text) in [(Op::Delete, del), (Op::Insert, ins)] {
            if !text.is_empty() {
                out.push(Segment {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, seg) in segments.iter().enumerate() {
        match seg.op {
            Op::Delete => {
                del.push_str(&seg.text);
                in_run = true;
            }
            Op::Insert => {
                ins.push_str(&seg.text);
                in_run = true;
            }
            Op::Equal => {
                let bridges = in_run
                    && seg.text.trim().is_empty()
                    && segments.get(i + 1).is_some_and(|n| n.op != Op::Equal);
                if bridges {
                    del.push_str(&seg.text);
                    ins.push_str(&seg.text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    in_run = false;
                    out.push(seg.clone());
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// Words of unchanged text shown on each side of a change; the rest of a long unchanged run is `…`.
const CONTEXT_WORDS: usize = 8;

/// A hunk for reading: long unchanged runs shortened to their words next to a change.
pub fn shortened(hunk: &[Segment]) -> Vec<Segment> {
    let last = hunk.len().saturating_sub(1);
    hunk.iter()
        .enumerate()
        .map(|(i, s)| {
            if s.op != Op::Equal {
                return s.clone();
            }
            let words: Vec<&str> = s.text.split_inclusive(char::is_whitespace).collect();
            // Context after the previous change (head) and before the next one (tail).
            let head = if i > 0 { CONTEXT_WORDS } else { 0 };
            let tail = if i < last { CONTEXT_WORDS } else { 0 };
            if words.len() <= head + tail + 2 {
                return s.clone();
            }
            let mut text: String = words[..head].concat();
            text.push_str("… ");
            text.push_str(&words[words.len() - tail..].concat());
            Segment {
                op: Op::Equal,
                text,
            }
        })
        .collect()
}

/// The changes as plain text, `[-removed-]{+added+}` inside a text field (as `git diff
/// --word-diff`), one field after another.
pub fn render_plain(changes: &[FieldChange]) -> String {
    let mut out = String::new();
    for (i, c) in changes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&crate::merge::label(c.field));
        out.push('\n');
        match &c.change {
            Change::Value { old, new } => {
                let show = |s: &str| {
                    if s.is_empty() {
                        "(empty)".to_string()
                    } else {
                        format!("\"{s}\"")
                    }
                };
                out.push_str(&format!("  {} → {}\n", show(old), show(new)));
            }
            Change::List { added, removed } => {
                for a in added {
                    out.push_str(&format!("  + {a}\n"));
                }
                for r in removed {
                    out.push_str(&format!("  - {r}\n"));
                }
            }
            Change::Text { hunks } => {
                for (i, hunk) in hunks.iter().enumerate() {
                    if i > 0 {
                        out.push_str("  …\n");
                    }
                    let mut line = String::new();
                    for s in shortened(hunk) {
                        match s.op {
                            Op::Equal => line.push_str(&s.text),
                            Op::Delete => line.push_str(&format!("[-{}-]", s.text)),
                            Op::Insert => line.push_str(&format!("{{+{}+}}", s.text)),
                        }
                    }
                    for l in line.split('\n') {
                        out.push_str("  ");
                        out.push_str(l);
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// One line per changed field: `title`, `tags +migration −legacy`, `action (+12 −3 words)`.
pub fn summary(changes: &[FieldChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let name = crate::merge::label(c.field);
            match &c.change {
                Change::Value { .. } => name,
                Change::List { added, removed } => {
                    let mut s = name;
                    for a in added {
                        s.push_str(&format!(" +{a}"));
                    }
                    for r in removed {
                        s.push_str(&format!(" −{r}"));
                    }
                    s
                }
                Change::Text { hunks } => {
                    let count = |op: Op| -> usize {
                        hunks
                            .iter()
                            .flatten()
                            .filter(|s| s.op == op)
                            .map(|s| s.text.split_whitespace().count())
                            .sum()
                    };
                    format!(
                        "{name} (+{} −{} words)",
                        count(Op::Insert),
                        count(Op::Delete)
                    )
                }
            }
        })
        .collect()
}
