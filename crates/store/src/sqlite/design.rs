//! The [`Designs`] domain on SQLite: design sessions, each phase's notes with every revision, the
//! hints used, the diagram and the report. The checks and the rule of a note's save are
//! `design.rs`, shared by every backend; a save that reads before it writes takes the write lock
//! first (`BEGIN IMMEDIATE`), so what it read is still so when it writes.

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::design::{
    NoteSave, SUMMARY_COLUMNS, check_clock, check_diagram, check_finish, check_hint,
    check_new_design, check_note, check_phase, design_row, hint_row, note_row, plan_note, stale,
    summary_row,
};
use crate::{
    DesignId, DesignNote, DesignSummary, Designs, NewDesign, NewHint, Result, StoreError,
    StoredDesign, UserId, now_ms,
};

impl SqliteStore {
    /// Whether session `id` is `owner`'s, asked on `conn`.
    async fn design_exists(
        conn: &mut sqlx::SqliteConnection,
        owner: UserId,
        id: DesignId,
    ) -> Result<bool> {
        Ok(
            sqlx::query("SELECT 1 FROM design_sessions WHERE id = ? AND owner_id = ?")
                .bind(id)
                .bind(owner)
                .fetch_optional(conn)
                .await?
                .is_some(),
        )
    }
}

#[async_trait]
impl Designs for SqliteStore {
    async fn create_design(&self, owner: UserId, new: &NewDesign<'_>) -> Result<DesignId> {
        check_new_design(new)?;
        let now = now_ms();
        let row = sqlx::query(
            "INSERT INTO design_sessions (owner_id, prompt_id, title, prompt_text, setup, clock,
                 created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(new.prompt_id)
        .bind(new.title)
        .bind(new.prompt_text)
        .bind(new.setup)
        .bind(new.clock)
        .bind(now)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    async fn design(&self, owner: UserId, id: DesignId) -> Result<StoredDesign> {
        // One read transaction: the session, its notes and hints from the same snapshot.
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS}, s.prompt_text, s.setup, s.clock, s.diagram, s.diagram_rev,
                 s.self_rating, s.report
             FROM design_sessions s WHERE s.id = ? AND s.owner_id = ?"
        )))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::DesignNotFound(id))?;
        let notes = sqlx::query(
            "SELECT n.phase, n.rev, n.body, n.saved_at FROM design_notes n
             WHERE n.session_id = ?1 AND n.owner_id = ?2
               AND n.rev = (SELECT max(m.rev) FROM design_notes m
                            WHERE m.session_id = ?1 AND m.owner_id = ?2 AND m.phase = n.phase)
             ORDER BY n.phase",
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
             WHERE session_id = ? AND owner_id = ? ORDER BY seq",
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
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM design_sessions s WHERE s.owner_id = ?
             ORDER BY s.id DESC"
        )))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_row)
        .collect()
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
        // The write lock first: no other save can come between the read and the write.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if !Self::design_exists(&mut tx, owner, id).await? {
            return Err(StoreError::DesignNotFound(id));
        }
        let latest = sqlx::query(
            "SELECT rev, body, saved_at FROM design_notes
             WHERE session_id = ? AND owner_id = ? AND phase = ? ORDER BY rev DESC LIMIT 1",
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
                    "UPDATE design_notes SET body = ?, saved_at = ?
                     WHERE session_id = ? AND owner_id = ? AND phase = ? AND rev = ?",
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
                     VALUES (?, ?, ?, ?, ?, ?)",
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
        sqlx::query("UPDATE design_sessions SET updated_at = ? WHERE id = ? AND owner_id = ?")
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
        let mut tx = self.pool.begin().await?;
        let notes = sqlx::query(
            "SELECT phase, rev, body, saved_at FROM design_notes
             WHERE session_id = ? AND owner_id = ? AND phase = ? ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .bind(phase)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(note_row)
        .collect::<Result<Vec<_>>>()?;
        let found = !notes.is_empty() || Self::design_exists(&mut tx, owner, id).await?;
        tx.rollback().await?;
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
        let n = sqlx::query(
            "UPDATE design_sessions SET clock = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
        )
        .bind(clock)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
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
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let saved = sqlx::query(
            "UPDATE design_sessions SET diagram = ?, diagram_rev = diagram_rev + 1, updated_at = ?
             WHERE id = ? AND owner_id = ? AND diagram_rev = ? RETURNING diagram_rev",
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
            sqlx::query("SELECT diagram_rev FROM design_sessions WHERE id = ? AND owner_id = ?")
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
        let mut tx = self.pool.begin().await?;
        // The guarded write first: it takes the write lock, and only for the owner's session.
        let n =
            sqlx::query("UPDATE design_sessions SET updated_at = ? WHERE id = ? AND owner_id = ?")
                .bind(now)
                .bind(id)
                .bind(owner)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Err(StoreError::DesignNotFound(id));
        }
        let seq: i64 = sqlx::query(
            "INSERT INTO design_hints (owner_id, session_id, seq, phase, kind, text, used_at)
             SELECT ?1, ?2, coalesce(max(seq) + 1, 0), ?3, ?4, ?5, ?6 FROM design_hints
             WHERE session_id = ?2 AND owner_id = ?1
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
        let n = sqlx::query(
            "UPDATE design_sessions SET report = ?, overall = ?,
                 self_rating = coalesce(?, self_rating), clock = ?,
                 finished_at = coalesce(finished_at, ?), updated_at = ?
             WHERE id = ? AND owner_id = ?",
        )
        .bind(report)
        .bind(overall)
        .bind(self_rating)
        .bind(clock)
        .bind(now)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        Ok(())
    }

    async fn delete_design(&self, owner: UserId, id: DesignId) -> Result<()> {
        // The notes and hints go with it (ON DELETE CASCADE), in the same statement.
        let n = sqlx::query("DELETE FROM design_sessions WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::DesignNotFound(id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::{Designs, LOCAL_USER, NewDesign, NewHint, SqliteStore, Store};

    #[tokio::test]
    async fn deleting_a_session_leaves_no_note_or_hint_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open_path(&dir.path().join("t.db"))
            .await
            .expect("open");
        let new = NewDesign {
            prompt_id: None,
            title: "Chat",
            prompt_text: "Design a chat service.",
            setup: "{}",
            clock: "{}",
        };
        let id = store.create_design(LOCAL_USER, &new).await.expect("create");
        let kept = store.create_design(LOCAL_USER, &new).await.expect("create");
        for session in [id, kept] {
            store
                .save_design_note(LOCAL_USER, session, "clarify", 0, "notes", 1, 0)
                .await
                .expect("note");
            let hint = NewHint {
                phase: "clarify",
                kind: "clarifying",
                text: "Ask.",
            };
            store
                .add_design_hint(LOCAL_USER, session, &hint, 1)
                .await
                .expect("hint");
        }
        store.delete_design(LOCAL_USER, id).await.expect("delete");
        let row = sqlx::query(
            "SELECT (SELECT count(*) FROM design_notes WHERE session_id = ?1),
                    (SELECT count(*) FROM design_hints WHERE session_id = ?1),
                    (SELECT count(*) FROM design_notes WHERE session_id = ?2),
                    (SELECT count(*) FROM design_hints WHERE session_id = ?2)",
        )
        .bind(id)
        .bind(kept)
        .fetch_one(&store.pool)
        .await
        .expect("count");
        let counts: Vec<i64> = (0..4).map(|i| row.try_get(i).expect("count")).collect();
        assert_eq!(counts, [0, 0, 1, 1]);
        store.close().await;
    }
}
