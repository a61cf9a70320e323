//! The [`Mocks`] domain on PostgreSQL: mocks, answers, drafts, ratings and recent questions. The
//! setup and the debrief are `json` columns, given back as written.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgConnection;

use super::PgStore;
use crate::{
    MockAnswer, MockId, MockRating, MockSummary, Mocks, NewMock, Result, StoreError, StoredMock,
    UserId, now_ms, pause_point,
};

/// The columns of a [`MockSummary`], for a query over `mocks m` (a macro so queries stay static text).
macro_rules! mock_summary_columns {
    () => {
        "m.id, m.kind, m.format, m.decision, m.created_at, m.updated_at, m.finished_at,
         (SELECT count(*) FROM mock_answers a WHERE a.mock_id = m.id) AS answers"
    };
}

fn mock_summary(r: &sqlx::postgres::PgRow) -> Result<MockSummary> {
    Ok(MockSummary {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        format: r.try_get("format")?,
        decision: r.try_get("decision")?,
        answers: r.try_get("answers")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        finished_at: r.try_get("finished_at")?,
    })
}

impl PgStore {
    /// Why a guarded write to mock `id` touched nothing: it is not this owner's, or it is finished
    /// (asked inside the write's own transaction, which changed nothing).
    async fn why_not_open(tx: &mut PgConnection, owner: UserId, id: MockId) -> StoreError {
        let row = sqlx::query("SELECT finished_at FROM mocks WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .fetch_optional(tx)
            .await;
        match row {
            Ok(Some(_)) => StoreError::MockFinished(id),
            Ok(None) => StoreError::MockNotFound(id),
            Err(e) => e.into(),
        }
    }
}

#[async_trait]
impl Mocks for PgStore {
    async fn create_mock(&self, owner: UserId, mock: &NewMock<'_>) -> Result<MockId> {
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(
            "INSERT INTO mocks (owner_id, kind, format, setup, created_at, updated_at)
             VALUES ($1, $2, $3, $4::json, $5, $6) RETURNING id",
        )
        .bind(owner)
        .bind(mock.kind)
        .bind(mock.format)
        .bind(mock.setup)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get(0)?)
    }

    async fn save_mock_answer(&self, owner: UserId, id: MockId, a: &MockAnswer) -> Result<()> {
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        // The guarded write first: it takes the write lock and only touches an unfinished mock.
        let n = sqlx::query(
            "UPDATE mocks SET updated_at = $1, draft = '', draft_seconds = 0
             WHERE id = $2 AND owner_id = $3 AND finished_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Self::why_not_open(&mut tx, owner, id).await);
        }
        let expected: i64 =
            sqlx::query("SELECT count(*) FROM mock_answers WHERE mock_id = $1 AND owner_id = $2")
                .bind(id)
                .bind(owner)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        if expected != a.seq {
            tx.rollback().await?;
            return Err(StoreError::MockOutOfStep {
                id,
                expected,
                got: a.seq,
            });
        }
        sqlx::query(
            "INSERT INTO mock_answers (owner_id, mock_id, seq, interview, question, follow_up,
                 question_id, prompt, answer, seconds, story_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(owner)
        .bind(id)
        .bind(a.seq)
        .bind(a.interview)
        .bind(a.question)
        .bind(a.follow_up)
        .bind(&a.question_id)
        .bind(&a.prompt)
        .bind(&a.answer)
        .bind(a.seconds)
        .bind(a.story_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        pause_point("mock-answer");
        tx.commit().await?;
        Ok(())
    }

    async fn save_mock_draft(
        &self,
        owner: UserId,
        id: MockId,
        draft: &str,
        seconds: i64,
    ) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE mocks SET draft = $1, draft_seconds = $2, updated_at = $3
             WHERE id = $4 AND owner_id = $5 AND finished_at IS NULL",
        )
        .bind(draft)
        .bind(seconds)
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Self::why_not_open(&mut tx, owner, id).await);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn save_mock_draft_seconds(&self, owner: UserId, id: MockId, seconds: i64) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE mocks SET draft_seconds = GREATEST(draft_seconds, $1), updated_at = $2
             WHERE id = $3 AND owner_id = $4 AND finished_at IS NULL",
        )
        .bind(seconds)
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Self::why_not_open(&mut tx, owner, id).await);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn finish_mock(
        &self,
        owner: UserId,
        id: MockId,
        decision: &str,
        debrief: &str,
        ratings: &[MockRating],
    ) -> Result<()> {
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE mocks SET decision = $1, debrief = $2::json, finished_at = $3, updated_at = $4,
                 draft = '', draft_seconds = 0
             WHERE id = $5 AND owner_id = $6 AND finished_at IS NULL",
        )
        .bind(decision)
        .bind(debrief)
        .bind(now)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(Self::why_not_open(&mut tx, owner, id).await);
        }
        for r in ratings {
            sqlx::query(
                "INSERT INTO mock_ratings (owner_id, mock_id, interview, principle, rating)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(owner)
            .bind(id)
            .bind(r.interview)
            .bind(&r.principle)
            .bind(&r.rating)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mock(&self, owner: UserId, id: MockId) -> Result<StoredMock> {
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(concat!(
            "SELECT ",
            mock_summary_columns!(),
            ", m.setup::text AS setup, m.draft, m.draft_seconds, m.debrief::text AS debrief
             FROM mocks m WHERE m.id = $1 AND m.owner_id = $2"
        ))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::MockNotFound(id))?;
        let answers = sqlx::query(
            "SELECT seq, interview, question, follow_up, question_id, prompt, answer, seconds,
                 story_id, created_at
             FROM mock_answers WHERE mock_id = $1 AND owner_id = $2 ORDER BY seq",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(MockAnswer {
                seq: r.try_get("seq")?,
                interview: r.try_get("interview")?,
                question: r.try_get("question")?,
                follow_up: r.try_get("follow_up")?,
                question_id: r.try_get("question_id")?,
                prompt: r.try_get("prompt")?,
                answer: r.try_get("answer")?,
                seconds: r.try_get("seconds")?,
                story_id: r.try_get("story_id")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        tx.commit().await?;
        Ok(StoredMock {
            summary: mock_summary(&row)?,
            setup: row.try_get("setup")?,
            draft: row.try_get("draft")?,
            draft_seconds: row.try_get("draft_seconds")?,
            answers,
            debrief: row.try_get("debrief")?,
        })
    }

    async fn list_mocks(&self, owner: UserId) -> Result<Vec<MockSummary>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(concat!(
            "SELECT ",
            mock_summary_columns!(),
            " FROM mocks m WHERE m.owner_id = $1 ORDER BY m.id DESC"
        ))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(mock_summary).collect()
    }

    async fn mock_ratings(&self, owner: UserId) -> Result<Vec<MockRating>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(
            "SELECT r.mock_id, r.interview, r.principle, r.rating FROM mock_ratings r
             WHERE r.owner_id = $1 ORDER BY r.mock_id, r.interview, r.principle",
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(MockRating {
                    mock_id: r.try_get("mock_id")?,
                    interview: r.try_get("interview")?,
                    principle: r.try_get("principle")?,
                    rating: r.try_get("rating")?,
                })
            })
            .collect()
    }

    async fn recent_mock_questions(&self, owner: UserId, since: i64) -> Result<Vec<String>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(
            "SELECT DISTINCT question_id FROM mock_answers
             WHERE owner_id = $1 AND created_at >= $2 ORDER BY question_id",
        )
        .bind(owner)
        .bind(since)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>(0)?))
            .collect()
    }
}
