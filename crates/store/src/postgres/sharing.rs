//! The [`Sharing`] domain on PostgreSQL: the same statements as `sqlite/sharing.rs`, each in a
//! transaction acting for the account whose rows it reads or writes (row-level security).

use async_trait::async_trait;
use sqlx::Row;

use super::PgStore;
use crate::sharing::{
    COMMENT_COLUMNS, Comment, CommentOn, CommentsOf, Share, Sharing, comment_row, share_row,
};
use crate::{Result, StoreError, UserId};

#[async_trait]
impl Sharing for PgStore {
    async fn share(&self, candidate: UserId, coach: UserId, now: i64) -> Result<()> {
        let mut tx = self.owned(candidate).await?;
        sqlx::query(
            "INSERT INTO shares (candidate_id, coach_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (candidate_id, coach_id) DO NOTHING",
        )
        .bind(candidate)
        .bind(coach)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unshare(&self, candidate: UserId, coach: UserId) -> Result<bool> {
        let mut tx = self.owned(candidate).await?;
        let n = sqlx::query("DELETE FROM shares WHERE candidate_id = $1 AND coach_id = $2")
            .bind(candidate)
            .bind(coach)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn coaches_of(&self, candidate: UserId) -> Result<Vec<Share>> {
        let mut tx = self.owned(candidate).await?;
        let rows = sqlx::query(
            "SELECT s.coach_id AS account, u.email, s.created_at
             FROM shares s JOIN users u ON u.id = s.coach_id
             WHERE s.candidate_id = $1 ORDER BY s.created_at, s.coach_id",
        )
        .bind(candidate)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(share_row).collect()
    }

    async fn candidates_of(&self, coach: UserId) -> Result<Vec<Share>> {
        let mut tx = self.owned(coach).await?;
        let rows = sqlx::query(
            "SELECT s.candidate_id AS account, u.email, s.created_at
             FROM shares s JOIN users u ON u.id = s.candidate_id
             WHERE s.coach_id = $1 ORDER BY s.created_at, s.candidate_id",
        )
        .bind(coach)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(share_row).collect()
    }

    async fn is_shared(&self, candidate: UserId, coach: UserId) -> Result<bool> {
        let mut tx = self.owned(candidate).await?;
        let row = sqlx::query("SELECT 1 FROM shares WHERE candidate_id = $1 AND coach_id = $2")
            .bind(candidate)
            .bind(coach)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
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
        let mut tx = self.owned(owner).await?;
        // The author may write here: the owner, or a coach the owner shares with.
        const MAY: &str =
            "($2 = $1 OR EXISTS (SELECT 1 FROM shares WHERE candidate_id = $1 AND coach_id = $2))";
        let id: Option<i64> = match on {
            CommentOn::Story { story, rev } => sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO comments (owner_id, author_id, story_id, story_rev, body, created_at)
                 SELECT $1, $2, story_id, rev, $3, $4 FROM story_revisions
                 WHERE owner_id = $1 AND story_id = $5 AND rev = $6 AND {MAY}
                 RETURNING id"
            )))
            .bind(owner)
            .bind(author)
            .bind(body)
            .bind(now)
            .bind(story)
            .bind(rev)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?,
            CommentOn::Answer { mock, seq } => sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO comments (owner_id, author_id, mock_id, answer_seq, body, created_at)
                 SELECT $1, $2, mock_id, seq, $3, $4 FROM mock_answers
                 WHERE owner_id = $1 AND mock_id = $5 AND seq = $6 AND {MAY}
                 RETURNING id"
            )))
            .bind(owner)
            .bind(author)
            .bind(body)
            .bind(now)
            .bind(mock)
            .bind(seq)
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
             WHERE c.id = $1 AND c.owner_id = $2"
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
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_id
             WHERE c.owner_id = $1 AND c.{column} = $2 ORDER BY c.id"
        )))
        .bind(owner)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(comment_row).collect()
    }
}
