//! Spaced-repetition drills: the [`Drills`] domain — cards (a pack question, or the candidate's own
//! front and back), each with its scheduler memory (FSRS: due time, stability, difficulty, the last
//! review, reps and lapses), and the review log. The scheduler runs in the app (`fsrs`); the store
//! keeps what it decided.
//!
//! A grade submitted twice must not count twice: [`Drills::record_review`] is given the card's
//! review count (`reps`) as the caller read it, and writes the new memory and the review only
//! while that is still so, in one transaction ([`StoreError::DrillConflict`] otherwise, nothing
//! written). Another owner's card is not found by any method. A card's reviews go when it goes
//! (`ON DELETE CASCADE`).
//!
//! The drills' options are settings ([`Settings`](crate::Settings), no table of their own):
//!
//! | key | value |
//! |---|---|
//! | [`SETTING_DRILL_RETENTION`] `drill_retention` | the desired retention, e.g. `0.9` |
//! | [`SETTING_DRILL_PARAMETERS`] `drill_parameters` | the FSRS parameters optimised from the log (the app's text, e.g. comma-separated numbers) |
//! | [`SETTING_DRILL_NEW_PER_DAY`] `drill_new_per_day` | new cards introduced a day at most |
//!
//! The store does not read these values; the app writes and checks them.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{Result, StoreError, UserId};

/// Setting key: the desired retention (e.g. `0.9`).
pub const SETTING_DRILL_RETENTION: &str = "drill_retention";
/// Setting key: the FSRS parameters optimised from the review log.
pub const SETTING_DRILL_PARAMETERS: &str = "drill_parameters";
/// Setting key: new cards introduced a day at most.
pub const SETTING_DRILL_NEW_PER_DAY: &str = "drill_new_per_day";

/// A drill card's id.
pub type CardId = i64;

/// Longest pack question id, in characters.
pub const MAX_CARD_KEY_CHARS: usize = 200;
/// Longest front of a card, in characters.
pub const MAX_CARD_FRONT_CHARS: usize = 2_000;
/// Longest back of a card, in characters.
pub const MAX_CARD_BACK_CHARS: usize = 20_000;
/// Longest typed answer kept with a review, in characters.
pub const MAX_REVIEW_ANSWER_CHARS: usize = 20_000;
/// Most principles on one card.
pub const MAX_CARD_PRINCIPLES: usize = 32;
/// Longest principle id on a card, in characters.
pub const MAX_CARD_PRINCIPLE_CHARS: usize = 100;

/// A card to add.
#[derive(Debug, Clone)]
pub struct NewCard<'a> {
    /// The pack question it drills; `None` for the candidate's own card.
    pub question_id: Option<&'a str>,
    /// The front (the question as shown), at most [`MAX_CARD_FRONT_CHARS`] characters, not blank.
    pub front: &'a str,
    /// The back (notes, a model answer), at most [`MAX_CARD_BACK_CHARS`] characters.
    pub back: &'a str,
    /// The principle ids it drills.
    pub principles: &'a [String],
    /// Unix milliseconds.
    pub created_at: i64,
}

/// A card's scheduler memory, as the app's scheduler left it after the last review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardMemory {
    /// When it is next due (unix ms).
    pub due: i64,
    /// FSRS stability (days), finite and not negative.
    pub stability: f64,
    /// FSRS difficulty, finite and not negative.
    pub difficulty: f64,
    /// When it was last reviewed (unix ms).
    pub last_review: i64,
    /// Reviews counted (not negative).
    pub reps: i64,
    /// Times forgotten (not negative).
    pub lapses: i64,
}

/// A card as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCard {
    /// Id.
    pub id: CardId,
    /// The pack question, if any.
    pub question_id: Option<String>,
    /// Front.
    pub front: String,
    /// Back.
    pub back: String,
    /// Principle ids.
    pub principles: Vec<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Left out of reviews until unsuspended.
    pub suspended: bool,
    /// The scheduler's memory; `None` for a card never reviewed (new).
    pub memory: Option<CardMemory>,
}

impl StoredCard {
    /// Reviews counted: the memory's `reps`, 0 for a new card (what
    /// [`Drills::record_review`] expects).
    pub fn reps(&self) -> i64 {
        self.memory.map_or(0, |m| m.reps)
    }
}

/// A review to record.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    /// The card reviewed.
    pub card_id: CardId,
    /// 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub grade: i64,
    /// Unix milliseconds.
    pub reviewed_at: i64,
    /// Days since the previous review (finite, not negative).
    pub elapsed_days: f64,
    /// Days until the next one as scheduled (finite, not negative).
    pub interval_days: f64,
    /// The typed answer, if any (at most [`MAX_REVIEW_ANSWER_CHARS`] characters).
    pub answer: Option<&'a str>,
    /// The critic's score of the typed answer (0–100), if any.
    pub score: Option<i64>,
}

/// A review as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReview {
    /// Id.
    pub id: i64,
    /// The card.
    pub card_id: CardId,
    /// 1–4.
    pub grade: i64,
    /// Unix milliseconds.
    pub reviewed_at: i64,
    /// Days since the previous review.
    pub elapsed_days: f64,
    /// Days until the next one as scheduled.
    pub interval_days: f64,
    /// The card's stability after this review.
    pub stability: f64,
    /// The card's difficulty after this review.
    pub difficulty: f64,
    /// The typed answer, if any.
    pub answer: Option<String>,
    /// The critic's score, if any.
    pub score: Option<i64>,
}

/// Drill cards and their review log.
#[async_trait]
pub trait Drills: Send + Sync {
    /// Adds a card; for a pack question already carded, returns the existing id (Ok((id, false))).
    /// A new card is `(id, true)`. Values that are not sound: [`StoreError::Invalid`].
    async fn add_card(&self, owner: UserId, card: &NewCard<'_>) -> Result<(CardId, bool)>;
    /// The owner's cards, by id.
    async fn cards(&self, owner: UserId) -> Result<Vec<StoredCard>>;
    /// One of the owner's cards (`None` when it is not theirs).
    async fn card(&self, owner: UserId, id: CardId) -> Result<Option<StoredCard>>;
    /// Changes a card's front, back and principles (its memory and log stay); whether it was found.
    async fn edit_card(
        &self,
        owner: UserId,
        id: CardId,
        front: &str,
        back: &str,
        principles: &[String],
    ) -> Result<bool>;
    /// Suspends or unsuspends a card; whether it was found.
    async fn suspend_card(&self, owner: UserId, id: CardId, suspended: bool) -> Result<bool>;
    /// Deletes a card; its reviews go too. Whether it was found.
    async fn delete_card(&self, owner: UserId, id: CardId) -> Result<bool>;
    /// One transaction: checks the card's current reps == expected_reps (else
    /// StoreError::DrillConflict { card, expected, found } and nothing written — a double-submitted grade),
    /// writes the new memory and appends the review (with the new stability/difficulty). Returns the review id.
    ///
    /// A card that is not the owner's is [`StoreError::CardNotFound`]. The new memory must count
    /// this review (`memory.reps > expected_reps`), so a second submit of the same grade conflicts;
    /// that and any value out of range is [`StoreError::Invalid`], nothing written.
    async fn record_review(
        &self,
        owner: UserId,
        review: &NewReview<'_>,
        expected_reps: i64,
        memory: &CardMemory,
    ) -> Result<i64>;
    /// The owner's review log, oldest first (by `reviewed_at`, then as recorded).
    async fn reviews(&self, owner: UserId) -> Result<Vec<StoredReview>>;
}

// The checks every backend makes alike, before it writes anything (no SQL here).

/// Refuses `text` longer than `max` characters or holding a NUL (which PostgreSQL cannot store).
fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.len() > max && text.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "the {field} is longer than {max} characters"
        )));
    }
    if text.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "the {field} holds a NUL character"
        )));
    }
    Ok(())
}

/// Refuses a one-line key (a question id, a principle) that is empty, too long or has control
/// characters.
fn check_key(field: &str, key: &str, max: usize) -> Result<()> {
    check_text(field, key, max)?;
    if key.trim().is_empty() || key.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the {field} {key:?} is empty or holds control characters"
        )));
    }
    Ok(())
}

/// Checks a card's front, back and principles.
pub(crate) fn check_card_text(front: &str, back: &str, principles: &[String]) -> Result<()> {
    check_text("card front", front, MAX_CARD_FRONT_CHARS)?;
    if front.trim().is_empty() {
        return Err(StoreError::Invalid("the card front is empty".into()));
    }
    check_text("card back", back, MAX_CARD_BACK_CHARS)?;
    if principles.len() > MAX_CARD_PRINCIPLES {
        return Err(StoreError::Invalid(format!(
            "a card names at most {MAX_CARD_PRINCIPLES} principles ({} given)",
            principles.len()
        )));
    }
    for p in principles {
        check_key("principle", p, MAX_CARD_PRINCIPLE_CHARS)?;
    }
    Ok(())
}

/// Checks a card to add.
pub(crate) fn check_new_card(card: &NewCard<'_>) -> Result<()> {
    if let Some(q) = card.question_id {
        check_key("question id", q, MAX_CARD_KEY_CHARS)?;
    }
    check_card_text(card.front, card.back, card.principles)
}

/// Refuses a number of days or a memory figure that is not finite or is negative.
fn check_figure(field: &str, x: f64) -> Result<()> {
    if !x.is_finite() || x < 0.0 {
        return Err(StoreError::Invalid(format!(
            "the {field} {x} is not a finite number of at least 0"
        )));
    }
    Ok(())
}

/// Checks a card's memory.
pub(crate) fn check_memory(m: &CardMemory) -> Result<()> {
    check_figure("stability", m.stability)?;
    check_figure("difficulty", m.difficulty)?;
    if m.reps < 0 || m.lapses < 0 {
        return Err(StoreError::Invalid(format!(
            "reps ({}) and lapses ({}) cannot be negative",
            m.reps, m.lapses
        )));
    }
    Ok(())
}

/// Checks a review's own values (grade, days, answer, score).
pub(crate) fn check_review_values(
    grade: i64,
    elapsed_days: f64,
    interval_days: f64,
    answer: Option<&str>,
    score: Option<i64>,
) -> Result<()> {
    if !(1..=4).contains(&grade) {
        return Err(StoreError::Invalid(format!(
            "the grade {grade} is not 1–4 (again, hard, good, easy)"
        )));
    }
    check_figure("elapsed days", elapsed_days)?;
    check_figure("interval days", interval_days)?;
    if let Some(a) = answer {
        check_text("answer", a, MAX_REVIEW_ANSWER_CHARS)?;
    }
    if let Some(s) = score.filter(|s| !(0..=100).contains(s)) {
        return Err(StoreError::Invalid(format!("the score {s} is not 0–100")));
    }
    Ok(())
}

/// Checks everything [`Drills::record_review`] would write.
pub(crate) fn check_review(
    review: &NewReview<'_>,
    expected_reps: i64,
    memory: &CardMemory,
) -> Result<()> {
    check_review_values(
        review.grade,
        review.elapsed_days,
        review.interval_days,
        review.answer,
        review.score,
    )?;
    check_memory(memory)?;
    if expected_reps < 0 {
        return Err(StoreError::Invalid(format!(
            "the expected reps {expected_reps} cannot be negative"
        )));
    }
    if memory.reps <= expected_reps {
        return Err(StoreError::Invalid(format!(
            "the new memory counts {} reviews, but the card had {expected_reps} before this one",
            memory.reps
        )));
    }
    Ok(())
}

/// The columns of a card, for a query over `drill_cards c` (the principles read by each backend).
pub(crate) const CARD_COLUMNS: &str = "c.id, c.question_id, c.front, c.back, c.created_at, \
     c.suspended, c.due, c.stability, c.difficulty, c.last_review, c.reps, c.lapses";

/// The columns of a review, for a query over `drill_reviews r`.
pub(crate) const REVIEW_COLUMNS: &str = "r.id, r.card_id, r.grade, r.reviewed_at, \
     r.elapsed_days, r.interval_days, r.stability, r.difficulty, r.answer, r.score";

/// A [`StoredCard`] from a row of [`CARD_COLUMNS`] (either backend's) and its principles.
pub(crate) fn card_row<R: Row>(row: &R, principles: Vec<String>) -> Result<StoredCard>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<f64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    let id: CardId = row.try_get("id")?;
    let due: Option<i64> = row.try_get("due")?;
    let stability: Option<f64> = row.try_get("stability")?;
    let difficulty: Option<f64> = row.try_get("difficulty")?;
    let last_review: Option<i64> = row.try_get("last_review")?;
    let memory = match (due, stability, difficulty, last_review) {
        (Some(due), Some(stability), Some(difficulty), Some(last_review)) => Some(CardMemory {
            due,
            stability,
            difficulty,
            last_review,
            reps: row.try_get("reps")?,
            lapses: row.try_get("lapses")?,
        }),
        (None, None, None, None) => None,
        _ => {
            return Err(StoreError::Corrupt(format!(
                "drill card {id} has part of a memory"
            )));
        }
    };
    Ok(StoredCard {
        id,
        question_id: row.try_get("question_id")?,
        front: row.try_get("front")?,
        back: row.try_get("back")?,
        principles,
        created_at: row.try_get("created_at")?,
        suspended: row.try_get("suspended")?,
        memory,
    })
}

/// A [`StoredReview`] from a row of [`REVIEW_COLUMNS`] (either backend's).
pub(crate) fn review_row<R: Row>(row: &R) -> Result<StoredReview>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> f64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(StoredReview {
        id: row.try_get("id")?,
        card_id: row.try_get("card_id")?,
        grade: row.try_get("grade")?,
        reviewed_at: row.try_get("reviewed_at")?,
        elapsed_days: row.try_get("elapsed_days")?,
        interval_days: row.try_get("interval_days")?,
        stability: row.try_get("stability")?,
        difficulty: row.try_get("difficulty")?,
        answer: row.try_get("answer")?,
        score: row.try_get("score")?,
    })
}

/// A conflict, or a card not found, from the reps stored now (`None`: no such card of the owner).
pub(crate) fn reps_guard(card: CardId, expected: i64, found: Option<i64>) -> Result<()> {
    match found {
        None => Err(StoreError::CardNotFound(card)),
        Some(found) if found != expected => Err(StoreError::DrillConflict {
            card,
            expected,
            found,
        }),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMORY: CardMemory = CardMemory {
        due: 10,
        stability: 2.5,
        difficulty: 5.0,
        last_review: 5,
        reps: 1,
        lapses: 0,
    };

    fn review(grade: i64) -> NewReview<'static> {
        NewReview {
            card_id: 1,
            grade,
            reviewed_at: 5,
            elapsed_days: 0.0,
            interval_days: 2.0,
            answer: None,
            score: None,
        }
    }

    fn refused(r: Result<()>, says: &str) {
        match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn cards_are_checked_before_anything_is_written() {
        let p = vec!["ownership".to_string()];
        let card = NewCard {
            question_id: Some("q-1"),
            front: "Tell me about a time…",
            back: "",
            principles: &p,
            created_at: 0,
        };
        check_new_card(&card).expect("sound");
        let long = "f".repeat(MAX_CARD_FRONT_CHARS + 1);
        refused(
            check_new_card(&NewCard {
                front: &long,
                ..card.clone()
            }),
            "card front is longer than 2000",
        );
        refused(
            check_new_card(&NewCard {
                front: "  ",
                ..card.clone()
            }),
            "front is empty",
        );
        let wide = "é".repeat(MAX_CARD_FRONT_CHARS);
        check_new_card(&NewCard {
            front: &wide,
            ..card.clone()
        })
        .expect("characters, not bytes");
        refused(
            check_new_card(&NewCard {
                question_id: Some(""),
                ..card.clone()
            }),
            "question id",
        );
        refused(check_card_text("f", "a\0b", &[]), "NUL");
        refused(check_card_text("f", "", &["a\tb".to_string()]), "principle");
        let many = vec!["p".to_string(); MAX_CARD_PRINCIPLES + 1];
        refused(check_card_text("f", "", &many), "at most 32");
    }

    #[test]
    fn reviews_are_checked_before_anything_is_written() {
        check_review(&review(3), 0, &MEMORY).expect("sound");
        refused(check_review(&review(0), 0, &MEMORY), "grade 0");
        refused(check_review(&review(5), 0, &MEMORY), "grade 5");
        let nan = NewReview {
            elapsed_days: f64::NAN,
            ..review(3)
        };
        refused(check_review(&nan, 0, &MEMORY), "elapsed days");
        let neg = NewReview {
            interval_days: -1.0,
            ..review(3)
        };
        refused(check_review(&neg, 0, &MEMORY), "interval days");
        let scored = NewReview {
            score: Some(101),
            ..review(3)
        };
        refused(check_review(&scored, 0, &MEMORY), "score 101");
        let long = "a".repeat(MAX_REVIEW_ANSWER_CHARS + 1);
        let answered = NewReview {
            answer: Some(&long),
            ..review(3)
        };
        refused(check_review(&answered, 0, &MEMORY), "answer");
        let inf = CardMemory {
            stability: f64::INFINITY,
            ..MEMORY
        };
        refused(check_review(&review(3), 0, &inf), "stability");
        let lapses = CardMemory {
            lapses: -1,
            ..MEMORY
        };
        refused(check_review(&review(3), 0, &lapses), "negative");
        // The new memory must count this review.
        refused(check_review(&review(3), 1, &MEMORY), "counts 1 reviews");
        refused(check_review(&review(3), -1, &MEMORY), "expected reps");
    }

    #[test]
    fn the_guard_says_conflict_or_not_found() {
        reps_guard(3, 2, Some(2)).expect("as read");
        assert!(matches!(
            reps_guard(3, 2, Some(3)),
            Err(StoreError::DrillConflict {
                card: 3,
                expected: 2,
                found: 3
            })
        ));
        assert!(matches!(
            reps_guard(3, 2, None),
            Err(StoreError::CardNotFound(3))
        ));
        let text = StoreError::DrillConflict {
            card: 3,
            expected: 2,
            found: 3,
        }
        .to_string();
        assert!(text.contains("drill card 3") && text.contains("nothing was recorded"));
    }
}
