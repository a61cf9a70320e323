//! The [`Designs`] domain on PostgreSQL: the same statements as `sqlite/design.rs`, each in a
//! transaction acting for the owner (row-level security). The setup, clock, diagram, report and
//! self-rating are `json` columns, given back as written. A save that reads before it writes locks
//! the session's row first (`FOR UPDATE`), so saves of one session take turns.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgConnection;

use super::PgStore;
use crate::design::{
    NoteSave, SUMMARY_COLUMNS, check_clock, check_diagram, check_finish, check_hint,
    check_new_design, check_note, check_phase, design_row, hint_row, note_row, plan_note, stale,
    summary_row,
};
use crate::{
    DesignId, DesignNote, DesignSummary, Designs, NewDesign, NewHint, Result, StoreError,
    StoredDesign, UserId, now_ms,
};

impl PgStore {
    /// Whether session `id` is `owner`'s, asked on `conn`; with `lock`, its row is locked until the
    /// transaction ends.
    async fn design_exists(
        conn: &mut PgConnection,
        owner: UserId,
        id: DesignId,
        lock: bool,
    ) -> Result<bool> {
        let sql = if lock {
            "SELECT 1 FROM design_sessions WHERE id = $1 AND owner_id = $2 FOR UPDATE"
        } else {
            "SELECT 1 FROM design_sessions WHERE id = $1 AND owner_id = $2"
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
impl Designs for PgStore {
    async fn create_design(&self, owner: UserId, new: &NewDesign<'_>) -> Result<DesignId> {
        check_new_design(new)?;
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        let row = sqlx::query(
            "INSERT INTO design_sessions (owner_id, prompt_id, title, prompt_text, setup, clock,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5::json, $6::json, $7, $8) RETURNING id",
        )
        .bind(owner)
        .bind(new.prompt_id)
        .bind(new.title)
        .bind(new.prompt_text)
        .bind(new.setup)
        .bind(new.clock)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get(0)?)
    }

    async fn design(&self, owner: UserId, id: DesignId) -> Result<StoredDesign> {
        // One snapshot for the session, its notes and its hints.
        let mut tx = self
            .owned_as(owner, "ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS}, s.prompt_text, s.setup::text AS setup,
                 s.clock::text AS clock,
                 s.diagram::text AS diagram, s.diagram_rev, s.self_rating::text AS self_rating,
                 s.report::text AS report
             FROM design_sessions s WHERE s.id = $1 AND s.owner_id = $2"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::DesignNotFound(id))?;
        let notes = sqlx::query(
            "SELECT DISTINCT ON (phase) phase, rev, body, saved_at FROM design_notes
             WHERE session_id = $1 AND owner_id = $2 ORDER BY phase, rev DESC",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(note_row)
        .collect::<Result<Vec<_>>>()?;
        let hints = sqlx::query(
            "SELECT seq, phase, kind, text, used_at FROM design_hints
             WHERE session_id = $1 AND owner_id = $2 ORDER BY seq",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(hint_row)
        .collect::<Result<Vec<_>>>()?;
        tx.rollback().await?;
        design_row(&row, notes, hints)
    }

    async fn list_designs(&self, owner: UserId) -> Result<Vec<DesignSummary>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM design_sessions s WHERE s.owner_id = $1
             ORDER BY s.id DESC"
        )))
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(summary_row).collect()
    }

    async fn save_design_note(
        &self,
        owner: UserId,
        id: DesignId,
        phase: &str,
        base_rev: i64,
        body: &str,
        now: i64,
        coalesce_ms: i64,
    ) -> Result<i64> {
        check_note(phase, body)?;
        let mut tx = self.owned(owner).await?;
        // The session's row locked first: no other save of it can come between the read and the
        // write.
        if !Self::design_exists(&mut tx, owner, id, true).await? {
            return Err(StoreError::DesignNotFound(id));
        }
        let latest = sqlx::query(
            "SELECT rev, body, saved_at FROM design_notes
             WHERE session_id = $1 AND owner_id = $2 AND phase = $3 ORDER BY rev DESC LIMIT 1",
        )
        .bind(id)
        .bind(owner)
        .bind(phase)
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
        let plan = plan_note(
            id,
            phase,
            latest.as_ref().map(|(r, b, t)| (*r, b.as_str(), *t)),
            base_rev,
            body,
            now,
            coalesce_ms,
        )?;
        match plan {
            NoteSave::Keep(rev) => {
                tx.rollback().await?;
                return Ok(rev);
            }
            NoteSave::Replace(rev) => {
                sqlx::query(
                    "UPDATE design_notes SET body = $1, saved_at = $2
                     WHERE session_id = $3 AND owner_id = $4 AND phase = $5 AND rev = $6",
                )
                .bind(body)
                .bind(now)
                .bind(id)
                .bind(owner)
                .bind(phase)
                .bind(rev)
                .execute(&mut *tx)
                .await?;
            }
            NoteSave::Add(rev) => {
                sqlx::query(
                    "INSERT INTO design_notes (owner_id, session_id, phase, rev, body, saved_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(owner)
                .bind(id)
                .bind(phase)
                .bind(rev)
                .bind(body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query("UPDATE design_sessions SET updated_at = $1 WHERE id = $2 AND owner_id = $3")
            .bind(now)
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(plan.rev())
    }

    async fn design_note_revisions(
        &self,
        owner: UserId,
        id: DesignId,
        phase: &str,
    ) -> Result<Vec<DesignNote>> {
        check_phase(phase)?;
        let mut tx = self.owned(owner).await?;
        let notes = sqlx::query(
            "SELECT phase, rev, body, saved_at FROM design_notes
             WHERE session_id = $1 AND owner_id = $2 AND phase = $3 ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .bind(phase)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(note_row)
        .collect::<Result<Vec<_>>>()?;
        let found = !notes.is_empty() || Self::design_exists(&mut tx, owner, id, false).await?;
        tx.commit().await?;
        if !found {
            return Err(StoreError::DesignNotFound(id));
        }
        Ok(notes)
    }

    async fn save_design_clock(
        &self,
        owner: UserId,
        id: DesignId,
        clock: &str,
        now: i64,
    ) -> Result<()> {
        check_clock(clock)?;
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE design_sessions SET clock = $1::json, updated_at = $2
             WHERE id = $3 AND owner_id = $4",
        )
        .bind(clock)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn save_design_diagram(
        &self,
        owner: UserId,
        id: DesignId,
        base_rev: i64,
        diagram: &str,
        now: i64,
    ) -> Result<i64> {
        check_diagram(diagram)?;
        let mut tx = self.owned(owner).await?;
        let saved = sqlx::query(
            "UPDATE design_sessions
             SET diagram = $1::json, diagram_rev = diagram_rev + 1, updated_at = $2
             WHERE id = $3 AND owner_id = $4 AND diagram_rev = $5 RETURNING diagram_rev",
        )
        .bind(diagram)
        .bind(now)
        .bind(id)
        .bind(owner)
        .bind(base_rev)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = saved {
            let rev: i64 = row.try_get(0)?;
            tx.commit().await?;
            return Ok(rev);
        }
        let current =
            sqlx::query("SELECT diagram_rev FROM design_sessions WHERE id = $1 AND owner_id = $2")
                .bind(id)
                .bind(owner)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<i64, _>(0))
                .transpose()?;
        tx.rollback().await?;
        Err(match current {
            None => StoreError::DesignNotFound(id),
            Some(current) => stale(id, "diagram", base_rev, current),
        })
    }

    async fn add_design_hint(
        &self,
        owner: UserId,
        id: DesignId,
        hint: &NewHint<'_>,
        now: i64,
    ) -> Result<i64> {
        check_hint(hint)?;
        let mut tx = self.owned(owner).await?;
        // The guarded write first: it locks the session's row, so hints of one session take turns.
        let n = sqlx::query(
            "UPDATE design_sessions SET updated_at = $1 WHERE id = $2 AND owner_id = $3",
        )
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        let seq: i64 = sqlx::query(
            "INSERT INTO design_hints (owner_id, session_id, seq, phase, kind, text, used_at)
             SELECT $1, $2, coalesce(max(seq) + 1, 0), $3, $4, $5, $6 FROM design_hints
             WHERE session_id = $2 AND owner_id = $1
             RETURNING seq",
        )
        .bind(owner)
        .bind(id)
        .bind(hint.phase)
        .bind(hint.kind)
        .bind(hint.text)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        tx.commit().await?;
        Ok(seq)
    }

    async fn finish_design(
        &self,
        owner: UserId,
        id: DesignId,
        report: &str,
        overall: i64,
        self_rating: Option<&str>,
        clock: &str,
        now: i64,
    ) -> Result<()> {
        check_finish(report, overall, self_rating, clock)?;
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE design_sessions SET report = $1::json, overall = $2,
                 self_rating = coalesce($3::json, self_rating), clock = $4::json,
                 finished_at = coalesce(finished_at, $5), updated_at = $5
             WHERE id = $6 AND owner_id = $7",
        )
        .bind(report)
        .bind(overall)
        .bind(self_rating)
        .bind(clock)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete_design(&self, owner: UserId, id: DesignId) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        // The notes and hints go with it (ON DELETE CASCADE), in the same statement.
        let n = sqlx::query("DELETE FROM design_sessions WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }
}
