//! Writing attempts in a backup: each attempt with every revision of its text, its clock and its
//! report, named by its place in the document (no row id). The report the store keeps whole is
//! held as a JSON value, its keys sorted, as a design session's is.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{bad, json_text};
use crate::writing::{check_clock, check_finish, check_new_writing, check_save};
use crate::{NewWriting, Result, StoreError, WritingId};

/// One writing attempt with everything saved for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupWriting {
    /// The pack prompt written on, or `None` for the candidate's own prompt.
    pub prompt_id: Option<String>,
    /// Title shown in lists.
    pub title: String,
    /// The prompt as the candidate read it.
    pub prompt_text: String,
    /// The time allowed, in minutes.
    pub minutes: i64,
    /// Seconds spent writing, as last saved.
    pub elapsed_seconds: i64,
    /// When it began (unix ms).
    pub created_at: i64,
    /// Its last change of any kind (unix ms).
    pub updated_at: i64,
    /// When it was first finished, once it was.
    pub finished_at: Option<i64>,
    /// The report, once finished.
    pub report: Option<Value>,
    /// The report's overall score (0–100), once finished.
    pub overall: Option<i64>,
    /// Every revision of the text, oldest first.
    pub revisions: Vec<BackupWritingRevision>,
}

/// One revision of an attempt's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupWritingRevision {
    /// 1, 2, 3 …
    pub rev: i64,
    /// The text.
    pub body: String,
    /// Its word count, as the app counted it.
    pub words: i64,
    /// When this revision was (last) written (unix ms).
    pub saved_at: i64,
}

/// A writing attempt row (its report as text).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct WritingRow {
    pub id: WritingId,
    pub prompt_id: Option<String>,
    pub title: String,
    pub prompt_text: String,
    pub minutes: i64,
    pub elapsed_seconds: i64,
    pub report: Option<String>,
    pub overall: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

/// A row of an attempt's revisions.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct WritingRevisionRow {
    pub writing_id: WritingId,
    pub rev: i64,
    pub body: String,
    pub words: i64,
    pub saved_at: i64,
}

/// The attempts as a backup holds them, in the order of `writings` (by id: as they were made).
pub(crate) fn writings_out(
    writings: Vec<WritingRow>,
    revisions: Vec<WritingRevisionRow>,
) -> Result<Vec<BackupWriting>> {
    let mut revisions_of: HashMap<WritingId, Vec<BackupWritingRevision>> = HashMap::new();
    for r in revisions {
        revisions_of
            .entry(r.writing_id)
            .or_default()
            .push(BackupWritingRevision {
                rev: r.rev,
                body: r.body,
                words: r.words,
                saved_at: r.saved_at,
            });
    }
    writings
        .into_iter()
        .map(|w| {
            let mut revisions = revisions_of.remove(&w.id).unwrap_or_default();
            revisions.sort_by_key(|r| r.rev);
            let report = w
                .report
                .as_deref()
                .map(|t| {
                    serde_json::from_str(t).map_err(|e| {
                        StoreError::Corrupt(format!(
                            "writing attempt {}'s report is not JSON: {e}",
                            w.id
                        ))
                    })
                })
                .transpose()?;
            Ok(BackupWriting {
                prompt_id: w.prompt_id,
                title: w.title,
                prompt_text: w.prompt_text,
                minutes: w.minutes,
                elapsed_seconds: w.elapsed_seconds,
                created_at: w.created_at,
                updated_at: w.updated_at,
                finished_at: w.finished_at,
                report,
                overall: w.overall,
                revisions,
            })
        })
        .collect()
}

impl BackupWriting {
    /// Checks the attempt as every write checks its values, that its revisions are numbered 1, 2,
    /// 3 … in order, and that a report comes with a finish time and a score.
    pub(crate) fn check(&self, i: usize) -> Result<()> {
        let name = format!("writing attempt {} of the backup ({:?})", i + 1, self.title);
        let fail = |e: StoreError| match e {
            StoreError::Invalid(m) => bad(format!("{name}: {m}")),
            other => other,
        };
        check_new_writing(&NewWriting {
            prompt_id: self.prompt_id.as_deref(),
            title: &self.title,
            prompt_text: &self.prompt_text,
            minutes: self.minutes,
        })
        .and_then(|()| check_clock(self.elapsed_seconds))
        .map_err(fail)?;
        match (&self.report, self.overall, self.finished_at) {
            (None, None, _) => {}
            (Some(report), Some(overall), Some(_)) => {
                check_finish(&json_text(report)?, overall).map_err(fail)?;
            }
            _ => {
                return Err(bad(format!(
                    "{name}: a report, its overall score and the finish time go together"
                )));
            }
        }
        for (n, r) in self.revisions.iter().enumerate() {
            check_save(&r.body, r.words, 0).map_err(fail)?;
            if r.rev != n as i64 + 1 {
                return Err(bad(format!(
                    "{name}: revision {} is listed where revision {} should be (revisions are \
                     numbered 1, 2, 3 … in order)",
                    r.rev,
                    n + 1
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt() -> BackupWriting {
        BackupWriting {
            prompt_id: Some("w-judgment".into()),
            title: "A judgment call".into(),
            prompt_text: "A decision without the data you wanted.".into(),
            minutes: 60,
            elapsed_seconds: 1_200,
            created_at: 1,
            updated_at: 3,
            finished_at: Some(3),
            report: Some(serde_json::json!({"overall": 71})),
            overall: Some(71),
            revisions: vec![
                BackupWritingRevision {
                    rev: 1,
                    body: "First.".into(),
                    words: 1,
                    saved_at: 1,
                },
                BackupWritingRevision {
                    rev: 2,
                    body: "First. Second.".into(),
                    words: 2,
                    saved_at: 2,
                },
            ],
        }
    }

    fn refused(w: &BackupWriting, says: &str) {
        match w.check(0) {
            Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        }
    }

    #[test]
    fn an_attempt_is_checked_whole() {
        attempt().check(0).expect("sound");
        let mut w = attempt();
        w.revisions.remove(0);
        refused(&w, "revision 2 is listed where revision 1 should be");
        let mut w = attempt();
        w.minutes = 0;
        refused(
            &w,
            "writing attempt 1 of the backup (\"A judgment call\"): the minutes",
        );
        let mut w = attempt();
        w.overall = None;
        refused(&w, "go together");
        let mut w = attempt();
        w.revisions[1].words = -2;
        refused(&w, "word count");
        let mut w = attempt();
        w.elapsed_seconds = -1;
        refused(&w, "elapsed seconds");
        let mut w = attempt();
        (w.report, w.overall, w.finished_at) = (None, None, None);
        w.check(0).expect("unfinished");
    }
}
