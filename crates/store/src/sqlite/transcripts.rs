//! The [`Transcripts`] domain on SQLite: one row a transcript, never edited. The checks are
//! `transcripts.rs`, shared by every backend.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::backup::{TRANSCRIPT_ROW_COLUMNS, Targets, TranscriptRow};
use crate::transcripts::{
    SUMMARY_COLUMNS, TRANSCRIPT_COLUMNS, check_transcript, summary_row, transcript_row,
};
use crate::{
    Backup, NewTranscript, Result, StoreError, StoredTranscript, TranscriptId, TranscriptSummary,
    Transcripts, UserId,
};

#[async_trait]
impl Transcripts for SqliteStore {
    async fn add_transcript(
        &self,
        owner: UserId,
        new: &NewTranscript<'_>,
        now: i64,
    ) -> Result<TranscriptId> {
        let name = check_transcript(new)?;
        let id: TranscriptId = sqlx::query(
            "INSERT INTO transcripts (owner_id, name, format, source, text, question_id, question,
                 context, context_id, duration_ms, words, score, report, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(name)
        .bind(new.format)
        .bind(new.source)
        .bind(new.text)
        .bind(new.question_id)
        .bind(new.question)
        .bind(new.context)
        .bind(new.context_id)
        .bind(new.duration_ms)
        .bind(new.words)
        .bind(new.score)
        .bind(new.report)
        .bind(now)
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        Ok(id)
    }

    async fn transcript(&self, owner: UserId, id: TranscriptId) -> Result<StoredTranscript> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TRANSCRIPT_COLUMNS} FROM transcripts WHERE id = ? AND owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::TranscriptNotFound(id))?;
        transcript_row(&row)
    }

    async fn list_transcripts(&self, owner: UserId) -> Result<Vec<TranscriptSummary>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM transcripts WHERE owner_id = ?
             ORDER BY created_at DESC, id DESC"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_row)
        .collect()
    }

    async fn transcripts_for(
        &self,
        owner: UserId,
        context: &str,
        context_id: i64,
    ) -> Result<Vec<TranscriptSummary>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM transcripts
             WHERE owner_id = ? AND context = ? AND context_id = ?
             ORDER BY created_at, id"
        )))
        .bind(owner)
        .bind(context)
        .bind(context_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_row)
        .collect()
    }

    async fn delete_transcript(&self, owner: UserId, id: TranscriptId) -> Result<bool> {
        let n = sqlx::query("DELETE FROM transcripts WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }
}

/// The account's transcripts as a backup reads them, by id (inside the backup's read
/// transaction).
pub(super) async fn backup_rows(
    conn: &mut sqlx::SqliteConnection,
    owner: UserId,
) -> Result<Vec<TranscriptRow>> {
    Ok(
        sqlx::query_as::<_, TranscriptRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {TRANSCRIPT_ROW_COLUMNS} FROM transcripts WHERE owner_id = ? ORDER BY id"
        )))
        .bind(owner)
        .fetch_all(conn)
        .await?,
    )
}

/// Writes a checked backup's transcripts into the restore's transaction, one statement each (a
/// transcript's file and report can be large), after its stories, mocks and drill cards: what a
/// transcript names by uid or place is looked up among them (the account was empty, so its mocks
/// and cards in id order are the backup's, in order).
pub(super) async fn write_backup(
    conn: &mut sqlx::SqliteConnection,
    owner: UserId,
    backup: &Backup,
) -> Result<()> {
    if backup.transcripts.is_empty() {
        return Ok(());
    }
    let ids = async |conn: &mut sqlx::SqliteConnection, table: &str| -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM {table} WHERE owner_id = ? ORDER BY id"
        )))
        .bind(owner)
        .fetch_all(conn)
        .await?)
    };
    let stories =
        sqlx::query_as::<_, (String, i64)>("SELECT uid, id FROM stories WHERE owner_id = ?")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let targets = Targets {
        stories,
        mocks: ids(&mut *conn, "mocks").await?,
        cards: ids(&mut *conn, "drill_cards").await?,
    };
    for t in &backup.transcripts {
        let new = t.as_new(&targets)?;
        let name = check_transcript(&new)?;
        sqlx::query(
            "INSERT INTO transcripts (owner_id, name, format, source, text, question_id, question,
                 context, context_id, duration_ms, words, score, report, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(owner)
        .bind(name)
        .bind(new.format)
        .bind(new.source)
        .bind(new.text)
        .bind(new.question_id)
        .bind(new.question)
        .bind(new.context)
        .bind(new.context_id)
        .bind(new.duration_ms)
        .bind(new.words)
        .bind(new.score)
        .bind(new.report)
        .bind(t.created_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
