//! The [`Writings`] domain on PostgreSQL: the same statements as `sqlite/writing.rs`, each in a
//! transaction acting for the owner (row-level security). The report is a `json` column, given
//! back as written. A save that reads before it writes locks the attempt's row first
//! (`FOR UPDATE`), so saves of one attempt take turns.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgConnection;

use super::PgStore;
use crate::writing::{
    SUMMARY_COLUMNS, WritingSave, check_clock, check_finish, check_new_writing, check_save,
    plan_save, revision_row, summary_row, writing_row,
};
use crate::{
    NewWriting, Result, StoreError, StoredWriting, UserId, WritingId, WritingRevision,
    WritingSummary, Writings,
};

impl PgStore {
    /// Whether attempt `id` is `owner`'s, asked on `conn`; with `lock`, its row is locked until the
    /// transaction ends.
    async fn writing_exists(
        conn: &mut PgConnection,
        owner: UserId,
        id: WritingId,
        lock: bool,
    ) -> Result<bool> {
        let sql = if lock {
            "SELECT 1 FROM writings WHERE id = $1 AND owner_id = $2 FOR UPDATE"
        } else {
            "SELECT 1 FROM writings WHERE id = $1 AND owner_id = $2"
        };
        Ok(sqlx::query(sql)
            .bind(id)
            .bind(owner)
            .fetch_optional(conn)
            .await?
            .is_some())
    }
}

#[async_trait]
impl Writings for PgStore {
    async fn create_writing(
        &self,
        owner: UserId,
        new: &NewWriting<'_>,
        now: i64,
    ) -> Result<WritingId> {
        check_new_writing(new)?;
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(
            "INSERT INTO writings (owner_id, prompt_id, title, prompt_text, minutes, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(owner)
        .bind(new.prompt_id)
        .bind(new.title)
        .bind(new.prompt_text)
        .bind(new.minutes)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get(0)?)
    }

    async fn writing(&self, owner: UserId, id: WritingId) -> Result<StoredWriting> {
        // One snapshot for the attempt and its latest text.
        let mut tx = self
            .owned_as(owner, "ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS}, w.prompt_text, w.elapsed_seconds,
                 w.report::text AS report
             FROM writings w WHERE w.id = $1 AND w.owner_id = $2"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::WritingNotFound(id))?;
        let latest = sqlx::query(
            "SELECT rev, body, words, saved_at FROM writing_revisions
             WHERE writing_id = $1 AND owner_id = $2 ORDER BY rev DESC LIMIT 1",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(revision_row)
        .transpose()?;
        tx.rollback().await?;
        writing_row(&row, latest)
    }

    async fn list_writings(&self, owner: UserId) -> Result<Vec<WritingSummary>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM writings w WHERE w.owner_id = $1 ORDER BY w.id DESC"
        )))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(summary_row).collect()
    }

    async fn save_writing(
        &self,
        owner: UserId,
        id: WritingId,
        base_rev: i64,
        body: &str,
        words: i64,
        elapsed_seconds: i64,
        now: i64,
        coalesce_ms: i64,
    ) -> Result<i64> {
        check_save(body, words, elapsed_seconds)?;
        let mut tx = self.owned(owner).await?;
        // The attempt's row locked first: no other save of it can come between the read and the
        // write.
        if !Self::writing_exists(&mut tx, owner, id, true).await? {
            return Err(StoreError::WritingNotFound(id));
        }
        let latest = sqlx::query(
            "SELECT rev, body, saved_at FROM writing_revisions
             WHERE writing_id = $1 AND owner_id = $2 ORDER BY rev DESC LIMIT 1",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| -> Result<(i64, String, i64)> {
            Ok((
                r.try_get("rev")?,
                r.try_get("body")?,
                r.try_get("saved_at")?,
            ))
        })
        .transpose()?;
        let plan = plan_save(
            id,
            latest.as_ref().map(|(r, b, t)| (*r, b.as_str(), *t)),
            base_rev,
            body,
            now,
            coalesce_ms,
        )?;
        match plan {
            WritingSave::Keep(_) => {}
            WritingSave::Replace(rev) => {
                sqlx::query(
                    "UPDATE writing_revisions SET body = $1, words = $2, saved_at = $3
                     WHERE writing_id = $4 AND owner_id = $5 AND rev = $6",
                )
                .bind(body)
                .bind(words)
                .bind(now)
                .bind(id)
                .bind(owner)
                .bind(rev)
                .execute(&mut *tx)
                .await?;
            }
            WritingSave::Add(rev) => {
                sqlx::query(
                    "INSERT INTO writing_revisions (owner_id, writing_id, rev, body, words,
                         saved_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(owner)
                .bind(id)
                .bind(rev)
                .bind(body)
                .bind(words)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query(
            "UPDATE writings SET elapsed_seconds = greatest(elapsed_seconds, $1), updated_at = $2
             WHERE id = $3 AND owner_id = $4",
        )
        .bind(elapsed_seconds)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(plan.rev())
    }

    async fn save_writing_clock(
        &self,
        owner: UserId,
        id: WritingId,
        elapsed_seconds: i64,
        now: i64,
    ) -> Result<()> {
        check_clock(elapsed_seconds)?;
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE writings SET elapsed_seconds = greatest(elapsed_seconds, $1), updated_at = $2
             WHERE id = $3 AND owner_id = $4",
        )
        .bind(elapsed_seconds)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::WritingNotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn writing_revisions(
        &self,
        owner: UserId,
        id: WritingId,
    ) -> Result<Vec<WritingRevision>> {
        let mut tx = self.owned(owner).await?;
        let revisions = sqlx::query(
            "SELECT rev, body, words, saved_at FROM writing_revisions
             WHERE writing_id = $1 AND owner_id = $2 ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(revision_row)
        .collect::<Result<Vec<_>>>()?;
        let found =
            !revisions.is_empty() || Self::writing_exists(&mut tx, owner, id, false).await?;
        tx.commit().await?;
        if !found {
            return Err(StoreError::WritingNotFound(id));
        }
        Ok(revisions)
    }

    async fn finish_writing(
        &self,
        owner: UserId,
        id: WritingId,
        report: &str,
        overall: i64,
        now: i64,
    ) -> Result<()> {
        check_finish(report, overall)?;
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE writings SET report = $1::json, overall = $2,
                 finished_at = coalesce(finished_at, $3), updated_at = $3
             WHERE id = $4 AND owner_id = $5",
        )
        .bind(report)
        .bind(overall)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::WritingNotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete_writing(&self, owner: UserId, id: WritingId) -> Result<bool> {
        let mut tx = self.owned(owner).await?;
        // The revisions go with it (ON DELETE CASCADE), in the same statement.
        let n = sqlx::query("DELETE FROM writings WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }
}
