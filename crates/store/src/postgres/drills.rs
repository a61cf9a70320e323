//! The [`Drills`] domain on PostgreSQL: the same statements as `sqlite/drills.rs`, each in a
//! transaction acting for the owner (row-level security). A card's principles are `text[]`. A
//! review locks its card's row first (`FOR UPDATE`), so two submits of one grade take turns and the
//! second finds the reps moved on.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgRow;

use super::PgStore;
use crate::drills::{
    CARD_COLUMNS, REVIEW_COLUMNS, card_row, check_card_text, check_new_card, check_review,
    reps_guard, review_row,
};
use crate::{
    CardId, CardMemory, Drills, NewCard, NewReview, Result, StoredCard, StoredReview, UserId,
};

/// A card from a row of [`CARD_COLUMNS`] and `principles` (`text[]`).
pub(super) fn card(row: &PgRow) -> Result<StoredCard> {
    let principles: Vec<String> = row.try_get("principles")?;
    card_row(row, principles)
}

#[async_trait]
impl Drills for PgStore {
    async fn add_card(&self, owner: UserId, new: &NewCard<'_>) -> Result<(CardId, bool)> {
        check_new_card(new)?;
        let mut tx = self.owned(owner).await?;
        // A pack question carded already (or meanwhile, by a add that committed first) inserts
        // nothing; the next statement sees that card.
        let inserted: Option<CardId> = sqlx::query_scalar(
            "INSERT INTO drill_cards (owner_id, question_id, front, back, principles, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (owner_id, question_id) DO NOTHING RETURNING id",
        )
        .bind(owner)
        .bind(new.question_id)
        .bind(new.front)
        .bind(new.back)
        .bind(new.principles)
        .bind(new.created_at)
        .fetch_optional(&mut *tx)
        .await?;
        let out = match inserted {
            Some(id) => (id, true),
            None => {
                let id: CardId = sqlx::query_scalar(
                    "SELECT id FROM drill_cards WHERE owner_id = $1 AND question_id = $2",
                )
                .bind(owner)
                .bind(new.question_id)
                .fetch_one(&mut *tx)
                .await?;
                (id, false)
            }
        };
        tx.commit().await?;
        Ok(out)
    }

    async fn cards(&self, owner: UserId) -> Result<Vec<StoredCard>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CARD_COLUMNS}, c.principles FROM drill_cards c WHERE c.owner_id = $1
             ORDER BY c.id"
        )))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(card).collect()
    }

    async fn card(&self, owner: UserId, id: CardId) -> Result<Option<StoredCard>> {
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CARD_COLUMNS}, c.principles FROM drill_cards c
             WHERE c.id = $1 AND c.owner_id = $2"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(card).transpose()
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
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE drill_cards SET front = $1, back = $2, principles = $3
             WHERE id = $4 AND owner_id = $5",
        )
        .bind(front)
        .bind(back)
        .bind(principles)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn suspend_card(&self, owner: UserId, id: CardId, suspended: bool) -> Result<bool> {
        let mut tx = self.owned(owner).await?;
        let n =
            sqlx::query("UPDATE drill_cards SET suspended = $1 WHERE id = $2 AND owner_id = $3")
                .bind(suspended)
                .bind(id)
                .bind(owner)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn delete_card(&self, owner: UserId, id: CardId) -> Result<bool> {
        let mut tx = self.owned(owner).await?;
        // Its reviews go with it (ON DELETE CASCADE).
        let n = sqlx::query("DELETE FROM drill_cards WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
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
        let mut tx = self.owned(owner).await?;
        // The card's row locked first: no other review of it can come between the read and the
        // write.
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT reps FROM drill_cards WHERE id = $1 AND owner_id = $2 FOR UPDATE",
        )
        .bind(card)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        reps_guard(card, expected_reps, found)?;
        sqlx::query(
            "UPDATE drill_cards SET due = $1, stability = $2, difficulty = $3, last_review = $4,
                 reps = $5, lapses = $6
             WHERE id = $7 AND owner_id = $8",
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
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
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
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLUMNS} FROM drill_reviews r WHERE r.owner_id = $1
             ORDER BY r.reviewed_at, r.id"
        )))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(review_row).collect()
    }
}
