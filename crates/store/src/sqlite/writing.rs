//! The [`Writings`] domain on SQLite: writing attempts, their text with every revision, the seconds
//! spent and the report. The checks and the rule of a save are `writing.rs`, shared by every
//! backend; a save that reads before it writes takes the write lock first (`BEGIN IMMEDIATE`), so
//! what it read is still so when it writes.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::writing::{
    SUMMARY_COLUMNS, WritingSave, check_clock, check_finish, check_new_writing, check_save,
    plan_save, revision_row, summary_row, writing_row,
};
use crate::{
    NewWriting, Result, StoreError, StoredWriting, UserId, WritingId, WritingRevision,
    WritingSummary, Writings,
};

impl SqliteStore {
    /// Whether attempt `id` is `owner`'s, asked on `conn`.
    async fn writing_exists(
        conn: &mut sqlx::SqliteConnection,
        owner: UserId,
        id: WritingId,
    ) -> Result<bool> {
        Ok(
            sqlx::query("SELECT 1 FROM writings WHERE id = ? AND owner_id = ?")
                .bind(id)
                .bind(owner)
                .fetch_optional(conn)
                .await?
                .is_some(),
        )
    }
}

#[async_trait]
impl Writings for SqliteStore {
    async fn create_writing(
        &self,
        owner: UserId,
        new: &NewWriting<'_>,
        now: i64,
    ) -> Result<WritingId> {
        check_new_writing(new)?;
        let row = sqlx::query(
            "INSERT INTO writings (owner_id, prompt_id, title, prompt_text, minutes, created_at,
                 updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(new.prompt_id)
        .bind(new.title)
        .bind(new.prompt_text)
        .bind(new.minutes)
        .bind(now)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    async fn writing(&self, owner: UserId, id: WritingId) -> Result<StoredWriting> {
        // One read transaction: the attempt and its latest text from the same snapshot.
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS}, w.prompt_text, w.elapsed_seconds, w.report
             FROM writings w WHERE w.id = ? AND w.owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::WritingNotFound(id))?;
        let latest = sqlx::query(
            "SELECT rev, body, words, saved_at FROM writing_revisions
             WHERE writing_id = ? AND owner_id = ? ORDER BY rev DESC LIMIT 1",
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
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM writings w WHERE w.owner_id = ? ORDER BY w.id DESC"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_row)
        .collect()
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
        // The write lock first: no other save can come between the read and the write.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if !Self::writing_exists(&mut tx, owner, id).await? {
            return Err(StoreError::WritingNotFound(id));
        }
        let latest = sqlx::query(
            "SELECT rev, body, saved_at FROM writing_revisions
             WHERE writing_id = ? AND owner_id = ? ORDER BY rev DESC LIMIT 1",
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
                    "UPDATE writing_revisions SET body = ?, words = ?, saved_at = ?
                     WHERE writing_id = ? AND owner_id = ? AND rev = ?",
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
                     VALUES (?, ?, ?, ?, ?, ?)",
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
            "UPDATE writings SET elapsed_seconds = max(elapsed_seconds, ?), updated_at = ?
             WHERE id = ? AND owner_id = ?",
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
        let n = sqlx::query(
            "UPDATE writings SET elapsed_seconds = max(elapsed_seconds, ?), updated_at = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(elapsed_seconds)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::WritingNotFound(id));
        }
        Ok(())
    }

    async fn writing_revisions(
        &self,
        owner: UserId,
        id: WritingId,
    ) -> Result<Vec<WritingRevision>> {
        let mut tx = self.pool.begin().await?;
        let revisions = sqlx::query(
            "SELECT rev, body, words, saved_at FROM writing_revisions
             WHERE writing_id = ? AND owner_id = ? ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(revision_row)
        .collect::<Result<Vec<_>>>()?;
        let found = !revisions.is_empty() || Self::writing_exists(&mut tx, owner, id).await?;
        tx.rollback().await?;
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
        let n = sqlx::query(
            "UPDATE writings SET report = ?, overall = ?, finished_at = coalesce(finished_at, ?),
                 updated_at = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(report)
        .bind(overall)
        .bind(now)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::WritingNotFound(id));
        }
        Ok(())
    }

    async fn delete_writing(&self, owner: UserId, id: WritingId) -> Result<bool> {
        // The revisions go with it (ON DELETE CASCADE), in the same statement.
        let n = sqlx::query("DELETE FROM writings WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::{LOCAL_USER, NewWriting, SqliteStore, Store, Writings};

    #[tokio::test]
    async fn deleting_an_attempt_leaves_no_revision_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open_path(&dir.path().join("t.db"))
            .await
            .expect("open");
        let new = NewWriting {
            prompt_id: None,
            title: "A judgment call",
            prompt_text: "A decision made without the data you wanted.",
            minutes: 60,
        };
        let id = store
            .create_writing(LOCAL_USER, &new, 1)
            .await
            .expect("create");
        let kept = store
            .create_writing(LOCAL_USER, &new, 1)
            .await
            .expect("create");
        for attempt in [id, kept] {
            for (base, body, at) in [(0, "one", 10), (1, "one two", 100_000)] {
                store
                    .save_writing(LOCAL_USER, attempt, base, body, 1, 0, at, 0)
                    .await
                    .expect("save");
            }
        }
        assert!(store.delete_writing(LOCAL_USER, id).await.expect("delete"));
        let row = sqlx::query(
            "SELECT (SELECT count(*) FROM writing_revisions WHERE writing_id = ?1),
                    (SELECT count(*) FROM writing_revisions WHERE writing_id = ?2)",
        )
        .bind(id)
        .bind(kept)
        .fetch_one(&store.pool)
        .await
        .expect("count");
        let counts: Vec<i64> = (0..2).map(|i| row.try_get(i).expect("count")).collect();
        assert_eq!(counts, [0, 2]);
        store.close().await;
    }
}
