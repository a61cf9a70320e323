//! The [`Sharing`] domain on SQLite.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::sharing::{
    COMMENT_COLUMNS, Comment, CommentOn, CommentsOf, Share, Sharing, comment_row, share_row,
};
use crate::{Result, StoreError, UserId};

#[async_trait]
impl Sharing for SqliteStore {
    async fn share(&self, candidate: UserId, coach: UserId, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO shares (candidate_id, coach_id, created_at) VALUES (?, ?, ?)
             ON CONFLICT (candidate_id, coach_id) DO NOTHING",
        )
        .bind(candidate)
        .bind(coach)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn unshare(&self, candidate: UserId, coach: UserId) -> Result<bool> {
        let n = sqlx::query("DELETE FROM shares WHERE candidate_id = ? AND coach_id = ?")
            .bind(candidate)
            .bind(coach)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    async fn coaches_of(&self, candidate: UserId) -> Result<Vec<Share>> {
        sqlx::query(
            "SELECT s.coach_id AS account, u.email, s.created_at
             FROM shares s JOIN users u ON u.id = s.coach_id
             WHERE s.candidate_id = ? ORDER BY s.created_at, s.coach_id",
        )
        .bind(candidate)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(share_row)
        .collect()
    }

    async fn candidates_of(&self, coach: UserId) -> Result<Vec<Share>> {
        sqlx::query(
            "SELECT s.candidate_id AS account, u.email, s.created_at
             FROM shares s JOIN users u ON u.id = s.candidate_id
             WHERE s.coach_id = ? ORDER BY s.created_at, s.candidate_id",
        )
        .bind(coach)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(share_row)
        .collect()
    }

    async fn is_shared(&self, candidate: UserId, coach: UserId) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM shares WHERE candidate_id = ? AND coach_id = ?")
            .bind(candidate)
            .bind(coach)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    async fn add_comment(
        &self,
        owner: UserId,
        author: UserId,
        on: CommentOn,
        body: &str,
        now: i64,
    ) -> Result<Comment> {
        let mut tx = self.pool.begin().await?;
        // The author may write here: the owner, or a coach the owner shares with.
        const MAY: &str =
            "(? = ? OR EXISTS (SELECT 1 FROM shares WHERE candidate_id = ? AND coach_id = ?))";
        let id: Option<i64> = match on {
            CommentOn::Story { story, rev } => sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO comments (owner_id, author_id, story_id, story_rev, body, created_at)
                 SELECT ?, ?, story_id, rev, ?, ? FROM story_revisions
                 WHERE owner_id = ? AND story_id = ? AND rev = ? AND {MAY}
                 RETURNING id"
            )))
            .bind(owner)
            .bind(author)
            .bind(body)
            .bind(now)
            .bind(owner)
            .bind(story)
            .bind(rev)
            .bind(author)
            .bind(owner)
            .bind(owner)
            .bind(author)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?,
            CommentOn::Answer { mock, seq } => sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO comments (owner_id, author_id, mock_id, answer_seq, body, created_at)
                 SELECT ?, ?, mock_id, seq, ?, ? FROM mock_answers
                 WHERE owner_id = ? AND mock_id = ? AND seq = ? AND {MAY}
                 RETURNING id"
            )))
            .bind(owner)
            .bind(author)
            .bind(body)
            .bind(now)
            .bind(owner)
            .bind(mock)
            .bind(seq)
            .bind(author)
            .bind(owner)
            .bind(owner)
            .bind(author)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?,
        };
        let Some(id) = id else {
            return Err(match on {
                CommentOn::Story { story, .. } => StoreError::NotFound(story),
                CommentOn::Answer { mock, .. } => StoreError::MockNotFound(mock),
            });
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_id
             WHERE c.id = ? AND c.owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        comment_row(&row)
    }

    async fn comments(&self, owner: UserId, of: CommentsOf) -> Result<Vec<Comment>> {
        let (column, id) = match of {
            CommentsOf::Story(id) => ("story_id", id),
            CommentsOf::Mock(id) => ("mock_id", id),
        };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_id
             WHERE c.owner_id = ? AND c.{column} = ? ORDER BY c.id"
        )))
        .bind(owner)
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(comment_row)
        .collect()
    }
}
