//! Drill cards and the plan's overrides in a backup: each card with its memory and every review of
//! it, named by its place in the document (no row id), and the overrides by their task key.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::bad;
use crate::drills::{check_memory, check_new_card, check_review_values};
use crate::plans::check_override;
use crate::{
    CardId, CardMemory, NewCard, PlanOverride, Result, StoreError, StoredCard, StoredReview,
};

/// One drill card with its memory and its reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupCard {
    /// The pack question it drills, or `None` for the candidate's own card.
    pub question_id: Option<String>,
    /// Front.
    pub front: String,
    /// Back.
    pub back: String,
    /// Principle ids.
    pub principles: Vec<String>,
    /// When it was added (unix ms).
    pub created_at: i64,
    /// Left out of reviews.
    pub suspended: bool,
    /// The scheduler's memory; `None` for a card never reviewed.
    pub memory: Option<CardMemory>,
    /// Every review of it, oldest first.
    pub reviews: Vec<BackupReview>,
}

/// One review of a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupReview {
    /// 1–4.
    pub grade: i64,
    /// Unix milliseconds.
    pub reviewed_at: i64,
    /// Days since the previous review.
    pub elapsed_days: f64,
    /// Days until the next one as scheduled.
    pub interval_days: f64,
    /// The card's stability after it.
    pub stability: f64,
    /// The card's difficulty after it.
    pub difficulty: f64,
    /// The typed answer, if any.
    pub answer: Option<String>,
    /// The critic's score, if any.
    pub score: Option<i64>,
}

/// The cards as a backup holds them, in the order of `cards` (by id: as they were added), each
/// with its reviews in the order of `reviews` (oldest first).
pub(crate) fn cards_out(cards: Vec<StoredCard>, reviews: Vec<StoredReview>) -> Vec<BackupCard> {
    let mut reviews_of: HashMap<CardId, Vec<BackupReview>> = HashMap::new();
    for r in reviews {
        reviews_of.entry(r.card_id).or_default().push(BackupReview {
            grade: r.grade,
            reviewed_at: r.reviewed_at,
            elapsed_days: r.elapsed_days,
            interval_days: r.interval_days,
            stability: r.stability,
            difficulty: r.difficulty,
            answer: r.answer,
            score: r.score,
        });
    }
    cards
        .into_iter()
        .map(|c| BackupCard {
            reviews: reviews_of.remove(&c.id).unwrap_or_default(),
            question_id: c.question_id,
            front: c.front,
            back: c.back,
            principles: c.principles,
            created_at: c.created_at,
            suspended: c.suspended,
            memory: c.memory,
        })
        .collect()
}

/// The overrides sorted by key, as Rust sorts text (a database's collation may sort otherwise).
pub(crate) fn overrides_out(mut overrides: Vec<PlanOverride>) -> Vec<PlanOverride> {
    overrides.sort_by(|a, b| a.key.cmp(&b.key));
    overrides
}

impl BackupCard {
    /// Checks the card as every write checks its values, and each of its reviews.
    pub(crate) fn check(&self, i: usize) -> Result<()> {
        let name = format!("drill card {} of the backup ({:?})", i + 1, self.front);
        let fail = |e: StoreError| match e {
            StoreError::Invalid(m) => bad(format!("{name}: {m}")),
            other => other,
        };
        check_new_card(&NewCard {
            question_id: self.question_id.as_deref(),
            front: &self.front,
            back: &self.back,
            principles: &self.principles,
            created_at: self.created_at,
        })
        .map_err(fail)?;
        if let Some(m) = &self.memory {
            check_memory(m).map_err(fail)?;
        }
        for (n, r) in self.reviews.iter().enumerate() {
            let fail = |e: StoreError| match e {
                StoreError::Invalid(m) => bad(format!("{name}, review {}: {m}", n + 1)),
                other => other,
            };
            check_review_values(
                r.grade,
                r.elapsed_days,
                r.interval_days,
                r.answer.as_deref(),
                r.score,
            )
            .and_then(|()| {
                check_memory(&CardMemory {
                    due: 0,
                    stability: r.stability,
                    difficulty: r.difficulty,
                    last_review: 0,
                    reps: 0,
                    lapses: 0,
                })
            })
            .map_err(fail)?;
        }
        Ok(())
    }
}

/// Checks every card (a pack question carded once) and every override (a key once).
pub(crate) fn check_drills(cards: &[BackupCard], overrides: &[PlanOverride]) -> Result<()> {
    let mut questions = HashSet::new();
    for (i, c) in cards.iter().enumerate() {
        c.check(i)?;
        if let Some(q) = &c.question_id
            && !questions.insert(q.as_str())
        {
            return Err(bad(format!(
                "drill card {} of the backup: another card drills the same question `{q}`",
                i + 1
            )));
        }
    }
    let mut keys = HashSet::new();
    for o in overrides {
        check_override(o).map_err(|e| match e {
            StoreError::Invalid(m) => bad(format!("the plan override `{}`: {m}", o.key)),
            other => other,
        })?;
        if !keys.insert(o.key.as_str()) {
            return Err(bad(format!(
                "the plan override `{}` is listed twice",
                o.key
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(q: Option<&str>) -> BackupCard {
        BackupCard {
            question_id: q.map(str::to_string),
            front: "Why?".into(),
            back: String::new(),
            principles: vec!["ownership".into()],
            created_at: 1,
            suspended: false,
            memory: None,
            reviews: vec![BackupReview {
                grade: 3,
                reviewed_at: 2,
                elapsed_days: 0.0,
                interval_days: 1.5,
                stability: 1.5,
                difficulty: 5.0,
                answer: None,
                score: Some(70),
            }],
        }
    }

    fn refused(r: Result<()>, says: &str) {
        match r {
            Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        }
    }

    #[test]
    fn cards_and_overrides_are_checked_whole() {
        check_drills(&[card(Some("q1")), card(None), card(None)], &[]).expect("sound");
        refused(
            check_drills(&[card(Some("q1")), card(Some("q1"))], &[]),
            "drill card 2 of the backup: another card drills the same question `q1`",
        );
        let mut bad_grade = card(None);
        bad_grade.reviews[0].grade = 7;
        refused(check_drills(&[bad_grade], &[]), "review 1: the grade 7");
        let mut bad_memory = card(None);
        bad_memory.memory = Some(CardMemory {
            due: 0,
            stability: -1.0,
            difficulty: 1.0,
            last_review: 0,
            reps: 1,
            lapses: 0,
        });
        refused(check_drills(&[bad_memory], &[]), "stability");
        let o = |key: &str, action: &str| PlanOverride {
            key: key.into(),
            action: action.into(),
            moved_to: None,
            updated_at: 0,
        };
        check_drills(&[], &[o("a", "skip"), o("b", "done")]).expect("sound");
        refused(
            check_drills(&[], &[o("a", "skip"), o("a", "done")]),
            "twice",
        );
        refused(
            check_drills(&[], &[o("a", "later")]),
            "`a`: the task action",
        );
    }
}
