//! The [`Stories`] domain on SQLite: stories, revisions, the trash, tellings and cached scores
//! (imports are in `import.rs`).

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use tpmprep_stories::{ReadStory, StoryContent};

use super::SqliteStore;
use super::columns::{
    check_title, from_json, int_lines, join_items, parse_listing_line, score_of, summary, to_json,
};
use super::import;
use crate::{
    Imported, Result, Revision, ScoredRevision, StoreError, StoredStory, Stories, StoryFilter,
    StoryId, StoryMeta, StorySummary, UserId, new_uid, now_ms, pause_point,
};

/// Inserts a new story (row, revision 1, principle tags) inside `tx`.
async fn insert_story(
    tx: &mut Transaction<'_, Sqlite>,
    owner: UserId,
    content: &StoryContent,
    now: i64,
) -> Result<StoryId> {
    check_title(&content.title)?;
    let id: i64 = sqlx::query(
        "INSERT INTO stories (owner_id, uid, rev, title, status, principles, tags, created_at, updated_at)
         VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(owner)
    .bind(new_uid())
    .bind(&content.title)
    .bind(content.status.as_str())
    .bind(join_items("principles", &content.principles)?)
    .bind(join_items("tags", &content.tags)?)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    insert_revision(tx, owner, id, 1, content, now).await?;
    Ok(id)
}

async fn insert_revision(
    tx: &mut Transaction<'_, Sqlite>,
    owner: UserId,
    id: StoryId,
    rev: i64,
    content: &StoryContent,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO story_revisions (owner_id, story_id, rev, content, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(owner)
    .bind(id)
    .bind(rev)
    .bind(to_json(content)?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if rev > 1 {
        // Keyed by story only so SQLite uses the primary key (an owner_id term tempts the planner
        // into the owner index and a scan of every tag the owner has). Ownership was checked by the
        // guarded UPDATE earlier in this same transaction.
        sqlx::query("DELETE FROM story_principles WHERE story_id = ?")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for p in &content.principles {
        sqlx::query(
            "INSERT INTO story_principles (owner_id, story_id, principle) VALUES (?, ?, ?)",
        )
        .bind(owner)
        .bind(id)
        .bind(p)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl SqliteStore {
    /// Moves a story into (`Some(time)`) or out of (`None`) the trash. Doing it twice is a no-op; a
    /// story that does not exist for this owner is `NotFound`.
    async fn set_trashed(&self, owner: UserId, id: StoryId, at: Option<i64>) -> Result<()> {
        let n = sqlx::query(
            "UPDATE stories SET trashed_at = ? WHERE id = ? AND owner_id = ? AND (trashed_at IS NULL) = ?",
        )
        .bind(at)
        .bind(id)
        .bind(owner)
        .bind(at.is_some())
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            self.meta(owner, id).await?;
        }
        Ok(())
    }

    async fn meta(&self, owner: UserId, id: StoryId) -> Result<StoryMeta> {
        let row = sqlx::query(
            "SELECT id, uid, rev, times_used, created_at, updated_at, trashed_at, title, status,
                 principles, tags
             FROM stories WHERE id = ? AND owner_id = ?",
        )
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound(id))?;
        Ok(summary(&row)?.meta)
    }
}

#[async_trait]
impl Stories for SqliteStore {
    async fn create_story(&self, owner: UserId, content: &StoryContent) -> Result<StoryMeta> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let id = insert_story(&mut tx, owner, content, now).await?;
        tx.commit().await?;
        self.meta(owner, id).await
    }

    async fn import_stories(
        &self,
        owner: UserId,
        stories: &[ReadStory],
        as_new: bool,
    ) -> Result<Vec<Imported>> {
        import::run(&self.pool, owner, stories, as_new).await
    }

    async fn story(&self, owner: UserId, id: StoryId) -> Result<StoredStory> {
        let meta = self.meta(owner, id).await?;
        let revision = self.revision(owner, id, meta.rev).await?;
        Ok(StoredStory {
            meta,
            content: revision.content,
        })
    }

    async fn update_story(
        &self,
        owner: UserId,
        id: StoryId,
        base_rev: i64,
        content: &StoryContent,
    ) -> Result<StoryMeta> {
        check_title(&content.title)?;
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        // The guarded write comes first: it takes SQLite's write lock at once and only succeeds if
        // nobody saved since `base_rev`.
        let updated = sqlx::query(
            "UPDATE stories SET rev = rev + 1, title = ?, status = ?, principles = ?, tags = ?, updated_at = ?
             WHERE id = ? AND owner_id = ? AND rev = ? AND trashed_at IS NULL",
        )
        .bind(&content.title)
        .bind(content.status.as_str())
        .bind(join_items("principles", &content.principles)?)
        .bind(join_items("tags", &content.tags)?)
        .bind(now)
        .bind(id)
        .bind(owner)
        .bind(base_rev)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
            let meta = self.meta(owner, id).await?;
            if meta.trashed_at.is_some() {
                return Err(StoreError::InTrash(id));
            }
            return Err(StoreError::Conflict {
                id,
                base: base_rev,
                current: meta.rev,
            });
        }
        insert_revision(&mut tx, owner, id, base_rev + 1, content, now).await?;
        pause_point("update");
        tx.commit().await?;
        self.meta(owner, id).await
    }

    async fn revisions(&self, owner: UserId, id: StoryId) -> Result<Vec<Revision>> {
        self.meta(owner, id).await?;
        let rows = sqlx::query(
            "SELECT rev, created_at, content FROM story_revisions
             WHERE story_id = ? AND owner_id = ? ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Revision {
                    rev: r.try_get("rev")?,
                    created_at: r.try_get("created_at")?,
                    content: from_json(&r.try_get::<String, _>("content")?)?,
                })
            })
            .collect()
    }

    async fn revision(&self, owner: UserId, id: StoryId, rev: i64) -> Result<Revision> {
        let row = sqlx::query(
            "SELECT rev, created_at, content FROM story_revisions
             WHERE story_id = ? AND owner_id = ? AND rev = ?",
        )
        .bind(id)
        .bind(owner)
        .bind(rev)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            self.meta(owner, id).await?;
            return Err(StoreError::NoRevision { id, rev });
        };
        Ok(Revision {
            rev: r.try_get("rev")?,
            created_at: r.try_get("created_at")?,
            content: from_json(&r.try_get::<String, _>("content")?)?,
        })
    }

    async fn list_stories(&self, owner: UserId, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        // One value holding the whole list, a line per story and a tab between fields (title last):
        // far cheaper than shipping thousands of rows one by one from SQLite's worker thread. Stored
        // titles, tags and principle ids hold no tabs, newlines or control characters (checked on write).
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT coalesce(group_concat(concat_ws(char(9),
                 id, rev, times_used, created_at, updated_at, coalesce(trashed_at, ''), status,
                 principles, tags, uid, title), char(10)), '')
             FROM (SELECT * FROM stories WHERE owner_id = ",
        );
        q.push_bind(owner);
        q.push(if filter.trashed {
            " AND trashed_at IS NOT NULL"
        } else {
            " AND trashed_at IS NULL"
        });
        if let Some(s) = filter.status {
            q.push(" AND status = ").push_bind(s.as_str());
        }
        if let Some(p) = &filter.principle {
            q.push(" AND id IN (SELECT story_id FROM story_principles WHERE owner_id = ")
                .push_bind(owner)
                .push(" AND principle = ")
                .push_bind(p.clone())
                .push(")");
        }
        if let Some(t) = &filter.tag {
            q.push(" AND instr(char(31) || tags || char(31), char(31) || ")
                .push_bind(t.clone())
                .push(" || char(31)) > 0");
        }
        q.push(" ORDER BY id)");
        let row = q.build().fetch_one(&self.pool).await?;
        let list: String = row.try_get(0)?;
        list.lines().map(parse_listing_line).collect()
    }

    async fn trash_story(&self, owner: UserId, id: StoryId) -> Result<()> {
        self.set_trashed(owner, id, Some(now_ms())).await
    }

    async fn restore_from_trash(&self, owner: UserId, id: StoryId) -> Result<()> {
        self.set_trashed(owner, id, None).await
    }

    async fn purge_story(&self, owner: UserId, id: StoryId) -> Result<()> {
        let n = sqlx::query(
            "DELETE FROM stories WHERE id = ? AND owner_id = ? AND trashed_at IS NOT NULL",
        )
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            self.meta(owner, id).await?;
            return Err(StoreError::NotInTrash(id));
        }
        Ok(())
    }

    async fn record_story_use(&self, owner: UserId, id: StoryId) -> Result<()> {
        let n = sqlx::query(
            "UPDATE stories SET times_used = times_used + 1 WHERE id = ? AND owner_id = ?",
        )
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    async fn set_story_scores(&self, owner: UserId, scores: &[(StoryId, i64, u8)]) -> Result<()> {
        if scores.is_empty() {
            return Ok(());
        }
        // One transaction, so caching a thousand scores costs one sync, not a thousand.
        let mut tx = self.pool.begin().await?;
        for &(id, rev, score) in scores {
            sqlx::query(
                "UPDATE stories SET score = ?, score_rev = ? WHERE id = ? AND owner_id = ? AND rev = ?",
            )
            .bind(i64::from(score))
            .bind(rev)
            .bind(id)
            .bind(owner)
            .bind(rev)
            .execute(&mut *tx)
            .await?;
            // The day's row keeps the day's latest revision (a stale write for an older one loses).
            sqlx::query(
                "INSERT INTO story_day_scores (owner_id, story_id, day, rev, saved_at, score)
                 SELECT owner_id, story_id, created_at / 86400000, rev, created_at, ?
                 FROM story_revisions WHERE owner_id = ? AND story_id = ? AND rev = ?
                 ON CONFLICT (story_id, day) DO UPDATE
                 SET rev = excluded.rev, saved_at = excluded.saved_at, score = excluded.score
                 WHERE excluded.rev >= story_day_scores.rev",
            )
            .bind(i64::from(score.min(100)))
            .bind(owner)
            .bind(id)
            .bind(rev)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn score_history(&self, owner: UserId) -> Result<Vec<ScoredRevision>> {
        let row = sqlx::query(
            "SELECT coalesce(group_concat(story_id || ' ' || saved_at || ' ' || score, char(10)), '')
             FROM (SELECT d.story_id, d.saved_at, d.score
                   FROM story_day_scores d JOIN stories st ON st.id = d.story_id
                   WHERE d.owner_id = ? AND st.owner_id = d.owner_id AND st.trashed_at IS NULL
                   ORDER BY d.saved_at, d.story_id)",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        let list: String = row.try_get(0)?;
        int_lines(&list, "score history")?
            .into_iter()
            .map(|[story, saved_at, score]| {
                Ok(ScoredRevision {
                    story,
                    saved_at,
                    score: score_of(score),
                })
            })
            .collect()
    }

    async fn story_scores(&self, owner: UserId) -> Result<Vec<(StoryId, u8)>> {
        // One value, `id score` pairs a line each, as in `list_stories`: a thousand rows shipped one by
        // one from SQLite's worker thread cost more than the query.
        let row = sqlx::query(
            "SELECT coalesce(group_concat(id || ' ' || score, char(10)), '') FROM
               (SELECT id, score FROM stories
                WHERE owner_id = ? AND trashed_at IS NULL AND score IS NOT NULL AND score_rev = rev
                ORDER BY id)",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        let list: String = row.try_get(0)?;
        Ok(int_lines(&list, "cached score")?
            .into_iter()
            .map(|[id, score]| (id, score_of(score)))
            .collect())
    }
}
