//! The [`Drills`] domain on SQLite: cards with their scheduler memory, and the review log. A card's
//! principles are a JSON array in one column. The checks and the row readers are `drills.rs`,
//! shared by every backend; a write that reads before it writes takes the write lock first
//! (`BEGIN IMMEDIATE`), so what it read is still so when it writes.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::columns::{from_json, to_json};
use crate::drills::{
    CARD_COLUMNS, REVIEW_COLUMNS, card_row, check_card_text, check_new_card, check_review,
    reps_guard, review_row,
};
use crate::{
    CardId, CardMemory, Drills, NewCard, NewReview, Result, StoredCard, StoredReview, UserId,
};

/// A card from a row of [`CARD_COLUMNS`] and `principles` (JSON).
pub(super) fn card(row: &SqliteRow) -> Result<StoredCard> {
    let principles: Vec<String> = from_json(&row.try_get::<String, _>("principles")?)?;
    card_row(row, principles)
}

#[async_trait]
impl Drills for SqliteStore {
    async fn add_card(&self, owner: UserId, new: &NewCard<'_>) -> Result<(CardId, bool)> {
        check_new_card(new)?;
        let principles = to_json(&new.principles)?;
        // The write lock first: two adds of one pack question cannot both find it uncarded.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(q) = new.question_id {
            let existing =
                sqlx::query("SELECT id FROM drill_cards WHERE owner_id = ? AND question_id = ?")
                    .bind(owner)
                    .bind(q)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(row) = existing {
                tx.rollback().await?;
                return Ok((row.try_get(0)?, false));
            }
        }
        let id: CardId = sqlx::query(
            "INSERT INTO drill_cards (owner_id, question_id, front, back, principles, created_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(new.question_id)
        .bind(new.front)
        .bind(new.back)
        .bind(principles)
        .bind(new.created_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.commit().await?;
        Ok((id, true))
    }

    async fn cards(&self, owner: UserId) -> Result<Vec<StoredCard>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CARD_COLUMNS}, c.principles FROM drill_cards c WHERE c.owner_id = ?
             ORDER BY c.id"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(card)
        .collect()
    }

    async fn card(&self, owner: UserId, id: CardId) -> Result<Option<StoredCard>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CARD_COLUMNS}, c.principles FROM drill_cards c
             WHERE c.id = ? AND c.owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(card)
        .transpose()
    }

    async fn edit_card(
        &self,
        owner: UserId,
        id: CardId,
        front: &str,
        back: &str,
        principles: &[String],
    ) -> Result<bool> {
        check_card_text(front, back, principles)?;
        let n = sqlx::query(
            "UPDATE drill_cards SET front = ?, back = ?, principles = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(front)
        .bind(back)
        .bind(to_json(&principles)?)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    async fn suspend_card(&self, owner: UserId, id: CardId, suspended: bool) -> Result<bool> {
        let n = sqlx::query("UPDATE drill_cards SET suspended = ? WHERE id = ? AND owner_id = ?")
            .bind(suspended)
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    async fn delete_card(&self, owner: UserId, id: CardId) -> Result<bool> {
        // Its reviews go with it (ON DELETE CASCADE).
        let n = sqlx::query("DELETE FROM drill_cards WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    async fn record_review(
        &self,
        owner: UserId,
        review: &NewReview<'_>,
        expected_reps: i64,
        memory: &CardMemory,
    ) -> Result<i64> {
        check_review(review, expected_reps, memory)?;
        let card = review.card_id;
        // The write lock first: a second submit of the same grade waits, then finds reps moved on.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found: Option<i64> =
            sqlx::query_scalar("SELECT reps FROM drill_cards WHERE id = ? AND owner_id = ?")
                .bind(card)
                .bind(owner)
                .fetch_optional(&mut *tx)
                .await?;
        reps_guard(card, expected_reps, found)?;
        sqlx::query(
            "UPDATE drill_cards SET due = ?, stability = ?, difficulty = ?, last_review = ?,
                 reps = ?, lapses = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(memory.due)
        .bind(memory.stability)
        .bind(memory.difficulty)
        .bind(memory.last_review)
        .bind(memory.reps)
        .bind(memory.lapses)
        .bind(card)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO drill_reviews (owner_id, card_id, grade, reviewed_at, elapsed_days,
                 interval_days, stability, difficulty, answer, score)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(card)
        .bind(review.grade)
        .bind(review.reviewed_at)
        .bind(review.elapsed_days)
        .bind(review.interval_days)
        .bind(memory.stability)
        .bind(memory.difficulty)
        .bind(review.answer)
        .bind(review.score)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.commit().await?;
        Ok(id)
    }

    async fn reviews(&self, owner: UserId) -> Result<Vec<StoredReview>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLUMNS} FROM drill_reviews r WHERE r.owner_id = ?
             ORDER BY r.reviewed_at, r.id"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(review_row)
        .collect()
    }
}
