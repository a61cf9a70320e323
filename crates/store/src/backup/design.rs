//! Design sessions in a backup: each session with every revision of every phase's notes, its
//! hints, diagram, report and self-rating, named by its place in the document (no row id). The
//! JSON documents the store keeps whole (setup, clock, diagram, report, self-rating) are held as
//! JSON values, their keys sorted, as a mock's setup is.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bad;
use crate::design::{check_diagram, check_finish, check_hint, check_new_design, check_note};
use crate::{DesignId, NewDesign, NewHint, Result, StoreError};

/// One design session with everything saved for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDesign {
    /// The pack prompt practised, or `None` for the candidate's own prompt.
    pub prompt_id: Option<String>,
    /// Title shown in lists.
    pub title: String,
    /// The prompt as the candidate read it.
    pub prompt_text: String,
    /// When it began (unix ms).
    pub created_at: i64,
    /// Its last change of any kind (unix ms).
    pub updated_at: i64,
    /// When it was first finished, once it was.
    pub finished_at: Option<i64>,
    /// The plan.
    pub setup: Value,
    /// The clock, as last saved.
    pub clock: Value,
    /// The diagram.
    pub diagram: Value,
    /// The diagram's revision (0: never saved).
    pub diagram_rev: i64,
    /// The candidate's self-rating, once finished.
    pub self_rating: Option<Value>,
    /// The report, once finished.
    pub report: Option<Value>,
    /// The report's overall score (0–100), once finished.
    pub overall: Option<i64>,
    /// Every revision of every phase's notes, by phase (sorted by its text) then revision.
    pub notes: Vec<BackupDesignNote>,
    /// The hints used, in order.
    pub hints: Vec<BackupDesignHint>,
}

/// One revision of one phase's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDesignNote {
    /// The phase's key.
    pub phase: String,
    /// 1, 2, 3 … per phase.
    pub rev: i64,
    /// The notes' text.
    pub body: String,
    /// When this revision was (last) written (unix ms).
    pub saved_at: i64,
}

/// A hint used in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDesignHint {
    /// 0, 1, 2 … in the order used.
    pub seq: i64,
    /// The phase it was asked for in.
    pub phase: String,
    /// What sort of hint.
    pub kind: String,
    /// Its text as shown.
    pub text: String,
    /// When it was used (unix ms).
    pub used_at: i64,
}

/// A design session row (its JSON documents as text).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DesignRow {
    pub id: DesignId,
    pub prompt_id: Option<String>,
    pub title: String,
    pub prompt_text: String,
    pub setup: String,
    pub clock: String,
    pub diagram: String,
    pub diagram_rev: i64,
    pub self_rating: Option<String>,
    pub report: Option<String>,
    pub overall: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

/// A row of a phase's notes.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DesignNoteRow {
    pub session_id: DesignId,
    pub phase: String,
    pub rev: i64,
    pub body: String,
    pub saved_at: i64,
}

/// A hint row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct DesignHintRow {
    pub session_id: DesignId,
    pub seq: i64,
    pub phase: String,
    pub kind: String,
    pub text: String,
    pub used_at: i64,
}

/// A stored JSON document as a value, or `Corrupt` naming the session and the field.
fn value(id: DesignId, field: &str, text: &str) -> Result<Value> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("design session {id}'s {field} is not JSON: {e}")))
}

/// The sessions as a backup holds them, in the order of `sessions` (by id: as they were made).
pub(crate) fn designs_out(
    sessions: Vec<DesignRow>,
    notes: Vec<DesignNoteRow>,
    hints: Vec<DesignHintRow>,
) -> Result<Vec<BackupDesign>> {
    let mut notes_of: HashMap<DesignId, Vec<BackupDesignNote>> = HashMap::new();
    for n in notes {
        notes_of
            .entry(n.session_id)
            .or_default()
            .push(BackupDesignNote {
                phase: n.phase,
                rev: n.rev,
                body: n.body,
                saved_at: n.saved_at,
            });
    }
    let mut hints_of: HashMap<DesignId, Vec<BackupDesignHint>> = HashMap::new();
    for h in hints {
        hints_of
            .entry(h.session_id)
            .or_default()
            .push(BackupDesignHint {
                seq: h.seq,
                phase: h.phase,
                kind: h.kind,
                text: h.text,
                used_at: h.used_at,
            });
    }
    sessions
        .into_iter()
        .map(|d| {
            // Sorted here, not by the database: its collation may sort the phases otherwise.
            let mut notes = notes_of.remove(&d.id).unwrap_or_default();
            notes.sort_by(|a, b| (&a.phase, a.rev).cmp(&(&b.phase, b.rev)));
            let mut hints = hints_of.remove(&d.id).unwrap_or_default();
            hints.sort_by_key(|h| h.seq);
            Ok(BackupDesign {
                setup: value(d.id, "setup", &d.setup)?,
                clock: value(d.id, "clock", &d.clock)?,
                diagram: value(d.id, "diagram", &d.diagram)?,
                self_rating: d
                    .self_rating
                    .as_deref()
                    .map(|t| value(d.id, "self-rating", t))
                    .transpose()?,
                report: d
                    .report
                    .as_deref()
                    .map(|t| value(d.id, "report", t))
                    .transpose()?,
                prompt_id: d.prompt_id,
                title: d.title,
                prompt_text: d.prompt_text,
                created_at: d.created_at,
                updated_at: d.updated_at,
                finished_at: d.finished_at,
                diagram_rev: d.diagram_rev,
                overall: d.overall,
                notes,
                hints,
            })
        })
        .collect()
}

/// A JSON value as the text the store keeps.
pub(crate) fn json_text(v: &Value) -> Result<String> {
    crate::values::to_json(v)
}

impl BackupDesign {
    /// Checks the session as every write checks its values, and that its notes are numbered 1, 2,
    /// 3 … within each phase in order, its hints 0, 1, 2 …, its diagram's revision is not negative
    /// and a report comes with a finish time and a score.
    pub(crate) fn check(&self, i: usize) -> Result<()> {
        let name = format!("design session {} of the backup ({:?})", i + 1, self.title);
        let fail = |e: StoreError| match e {
            StoreError::Invalid(m) => bad(format!("{name}: {m}")),
            other => other,
        };
        let (setup, clock, diagram) = (
            json_text(&self.setup)?,
            json_text(&self.clock)?,
            json_text(&self.diagram)?,
        );
        check_new_design(&NewDesign {
            prompt_id: self.prompt_id.as_deref(),
            title: &self.title,
            prompt_text: &self.prompt_text,
            setup: &setup,
            clock: &clock,
        })
        .and_then(|()| check_diagram(&diagram))
        .map_err(fail)?;
        if self.diagram_rev < 0 {
            return Err(bad(format!("{name}: its diagram's revision is negative")));
        }
        match (&self.report, self.overall, self.finished_at) {
            (None, None, _) => {}
            (Some(report), Some(overall), Some(_)) => {
                let rating = self.self_rating.as_ref().map(json_text).transpose()?;
                check_finish(&json_text(report)?, overall, rating.as_deref(), &clock)
                    .map_err(fail)?;
            }
            _ => {
                return Err(bad(format!(
                    "{name}: a report, its overall score and the finish time go together"
                )));
            }
        }
        let mut next: HashMap<&str, i64> = HashMap::new();
        for n in &self.notes {
            check_note(&n.phase, &n.body).map_err(fail)?;
            let expected = next.entry(n.phase.as_str()).or_insert(1);
            if n.rev != *expected {
                return Err(bad(format!(
                    "{name}: revision {} of phase `{}` is listed where revision {expected} \
                     should be (each phase's revisions are numbered 1, 2, 3 … in order)",
                    n.rev, n.phase
                )));
            }
            *expected += 1;
        }
        for (n, h) in self.hints.iter().enumerate() {
            check_hint(&NewHint {
                phase: &h.phase,
                kind: &h.kind,
                text: &h.text,
            })
            .map_err(fail)?;
            if h.seq != n as i64 {
                return Err(bad(format!(
                    "{name}: hint {} is listed where hint {n} should be (hints are numbered 0, \
                     1, 2 … in order)",
                    h.seq
                )));
            }
        }
        Ok(())
    }
}
