//! The [`Stories`] domain on PostgreSQL: stories, revisions, the trash, tellings and cached scores
//! (imports are in `import.rs`). The same statements as `sqlite/stories.rs`, in PostgreSQL's
//! terms: principle ids and tags are `text[]`, a revision is `jsonb`, and rows come back as rows.

use async_trait::async_trait;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{Postgres, QueryBuilder, Row, Transaction};
use tpmprep_stories::{ReadStory, Status, StoryContent};

use super::PgStore;
use super::import;
use crate::values::{check_items, check_title, from_json, score_of, to_json};
use crate::{
    Imported, Result, Revision, ScoredRevision, StoreError, StoredStory, Stories, StoryFilter,
    StoryId, StoryMeta, StorySummary, UserId, new_uid, now_ms, pause_point,
};

/// The columns of a [`StorySummary`], for a query over `stories` (a macro so queries stay static
/// text).
macro_rules! summary_columns {
    () => {
        "id, uid, rev, times_used, created_at, updated_at, trashed_at, title, status, principles, tags"
    };
}

/// A story's listing columns as checked for storing: principle ids and tags.
fn lists(content: &StoryContent) -> Result<(&[String], &[String])> {
    check_title(&content.title)?;
    check_items("principles", &content.principles)?;
    check_items("tags", &content.tags)?;
    Ok((&content.principles, &content.tags))
}

pub(super) fn summary(row: &PgRow) -> Result<StorySummary> {
    let status: String = row.try_get("status")?;
    Ok(StorySummary {
        meta: StoryMeta {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            rev: row.try_get("rev")?,
            times_used: row.try_get("times_used")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            trashed_at: row.try_get("trashed_at")?,
        },
        title: row.try_get("title")?,
        status: status.parse::<Status>().map_err(StoreError::Corrupt)?,
        principles: row.try_get("principles")?,
        tags: row.try_get("tags")?,
    })
}

/// Revision `rev` of a story, inside a transaction of `owner`'s.
async fn revision_in(
    tx: &mut PgConnection,
    owner: UserId,
    id: StoryId,
    rev: i64,
) -> Result<Revision> {
    let row = sqlx::query(
        "SELECT rev, created_at, content::text AS content FROM story_revisions
         WHERE story_id = $1 AND owner_id = $2 AND rev = $3",
    )
    .bind(id)
    .bind(owner)
    .bind(rev)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(r) = row else {
        meta(tx, owner, id).await?;
        return Err(StoreError::NoRevision { id, rev });
    };
    revision_of(&r)
}

fn revision_of(r: &PgRow) -> Result<Revision> {
    Ok(Revision {
        rev: r.try_get("rev")?,
        created_at: r.try_get("created_at")?,
        content: from_json(&r.try_get::<String, _>("content")?)?,
    })
}

/// Inserts a new story (row, revision 1, principle tags) inside `tx`.
async fn insert_story(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    content: &StoryContent,
    now: i64,
) -> Result<StoryId> {
    let (principles, tags) = lists(content)?;
    let id: i64 = sqlx::query(
        "INSERT INTO stories (owner_id, uid, rev, title, status, principles, tags, created_at, updated_at)
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(owner)
    .bind(new_uid())
    .bind(&content.title)
    .bind(content.status.as_str())
    .bind(principles)
    .bind(tags)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    insert_revision(tx, owner, id, 1, content, now).await?;
    Ok(id)
}

async fn insert_revision(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    id: StoryId,
    rev: i64,
    content: &StoryContent,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO story_revisions (owner_id, story_id, rev, content, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5)",
    )
    .bind(owner)
    .bind(id)
    .bind(rev)
    .bind(to_json(content)?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if rev > 1 {
        // Ownership was checked by the guarded UPDATE earlier in this same transaction.
        sqlx::query("DELETE FROM story_principles WHERE story_id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO story_principles (owner_id, story_id, principle)
         SELECT $1, $2, p FROM unnest($3::text[]) AS p",
    )
    .bind(owner)
    .bind(id)
    .bind(&content.principles)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A story's meta data, inside a transaction of `owner`'s; `NotFound` when it is not theirs.
async fn meta(tx: &mut PgConnection, owner: UserId, id: StoryId) -> Result<StoryMeta> {
    let row = sqlx::query(concat!(
        "SELECT ",
        summary_columns!(),
        " FROM stories WHERE id = $1 AND owner_id = $2"
    ))
    .bind(id)
    .bind(owner)
    .fetch_optional(tx)
    .await?
    .ok_or(StoreError::NotFound(id))?;
    Ok(summary(&row)?.meta)
}

impl PgStore {
    /// Moves a story into (`Some(time)`) or out of (`None`) the trash. Doing it twice is a no-op; a
    /// story that does not exist for this owner is `NotFound`.
    async fn set_trashed(&self, owner: UserId, id: StoryId, at: Option<i64>) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE stories SET trashed_at = $1
             WHERE id = $2 AND owner_id = $3 AND (trashed_at IS NULL) = $4",
        )
        .bind(at)
        .bind(id)
        .bind(owner)
        .bind(at.is_some())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            meta(&mut tx, owner, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Stories for PgStore {
    async fn create_story(&self, owner: UserId, content: &StoryContent) -> Result<StoryMeta> {
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        let id = insert_story(&mut tx, owner, content, now).await?;
        let meta = meta(&mut tx, owner, id).await?;
        tx.commit().await?;
        Ok(meta)
    }

    async fn import_stories(
        &self,
        owner: UserId,
        stories: &[ReadStory],
        as_new: bool,
    ) -> Result<Vec<Imported>> {
        import::run(self.owned(owner).await?, owner, stories, as_new).await
    }

    async fn story(&self, owner: UserId, id: StoryId) -> Result<StoredStory> {
        let mut tx = self.owned(owner).await?;
        let meta = meta(&mut tx, owner, id).await?;
        let revision = revision_in(&mut tx, owner, id, meta.rev).await?;
        tx.commit().await?;
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
        let (principles, tags) = lists(content)?;
        let now = now_ms();
        let mut tx = self.owned(owner).await?;
        // The guarded write first: it locks the story's row, and only succeeds if nobody saved
        // since `base_rev` (a save racing it waits for this one, then finds the revision moved on).
        let updated = sqlx::query(
            "UPDATE stories SET rev = rev + 1, title = $1, status = $2, principles = $3, tags = $4,
                 updated_at = $5
             WHERE id = $6 AND owner_id = $7 AND rev = $8 AND trashed_at IS NULL",
        )
        .bind(&content.title)
        .bind(content.status.as_str())
        .bind(principles)
        .bind(tags)
        .bind(now)
        .bind(id)
        .bind(owner)
        .bind(base_rev)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            // Nothing was written: ask this transaction why.
            let meta = meta(&mut tx, owner, id).await?;
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
        let meta = meta(&mut tx, owner, id).await?;
        tx.commit().await?;
        Ok(meta)
    }

    async fn revisions(&self, owner: UserId, id: StoryId) -> Result<Vec<Revision>> {
        let mut tx = self.owned(owner).await?;
        meta(&mut tx, owner, id).await?;
        let rows = sqlx::query(
            "SELECT rev, created_at, content::text AS content FROM story_revisions
             WHERE story_id = $1 AND owner_id = $2 ORDER BY rev",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(revision_of).collect()
    }

    async fn revision(&self, owner: UserId, id: StoryId, rev: i64) -> Result<Revision> {
        let mut tx = self.owned(owner).await?;
        let revision = revision_in(&mut tx, owner, id, rev).await?;
        tx.commit().await?;
        Ok(revision)
    }

    async fn list_stories(&self, owner: UserId, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        // Rows as they are: PostgreSQL ships them in bulk over the wire (SQLite's one-value listing
        // exists to spare its worker thread, which this backend does not have).
        let mut q = QueryBuilder::<Postgres>::new(concat!(
            "SELECT ",
            summary_columns!(),
            " FROM stories WHERE owner_id = "
        ));
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
            q.push(" AND ").push_bind(t.clone()).push(" = ANY (tags)");
        }
        q.push(" ORDER BY id");
        let mut tx = self.owned(owner).await?;
        let rows = q.build().fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.iter().map(summary).collect()
    }

    async fn trash_story(&self, owner: UserId, id: StoryId) -> Result<()> {
        self.set_trashed(owner, id, Some(now_ms())).await
    }

    async fn restore_from_trash(&self, owner: UserId, id: StoryId) -> Result<()> {
        self.set_trashed(owner, id, None).await
    }

    async fn purge_story(&self, owner: UserId, id: StoryId) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "DELETE FROM stories WHERE id = $1 AND owner_id = $2 AND trashed_at IS NOT NULL",
        )
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            meta(&mut tx, owner, id).await?;
            return Err(StoreError::NotInTrash(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_story_use(&self, owner: UserId, id: StoryId) -> Result<()> {
        let mut tx = self.owned(owner).await?;
        let n = sqlx::query(
            "UPDATE stories SET times_used = times_used + 1 WHERE id = $1 AND owner_id = $2",
        )
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn set_story_scores(&self, owner: UserId, scores: &[(StoryId, i64, u8)]) -> Result<()> {
        if scores.is_empty() {
            return Ok(());
        }
        let mut tx = self.owned(owner).await?;
        for &(id, rev, score) in scores {
            sqlx::query(
                "UPDATE stories SET score = $1, score_rev = $2
                 WHERE id = $3 AND owner_id = $4 AND rev = $2",
            )
            .bind(i64::from(score))
            .bind(rev)
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            // The day's row keeps the day's latest revision (a stale write for an older one loses).
            sqlx::query(
                "INSERT INTO story_day_scores (owner_id, story_id, day, rev, saved_at, score)
                 SELECT owner_id, story_id, created_at / 86400000, rev, created_at, $1
                 FROM story_revisions WHERE owner_id = $2 AND story_id = $3 AND rev = $4
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
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(
            "SELECT d.story_id, d.saved_at, d.score
             FROM story_day_scores d JOIN stories st ON st.id = d.story_id
             WHERE d.owner_id = $1 AND st.owner_id = d.owner_id AND st.trashed_at IS NULL
             ORDER BY d.saved_at, d.story_id",
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(ScoredRevision {
                    story: r.try_get("story_id")?,
                    saved_at: r.try_get("saved_at")?,
                    score: score_of(r.try_get("score")?),
                })
            })
            .collect()
    }

    async fn story_scores(&self, owner: UserId) -> Result<Vec<(StoryId, u8)>> {
        let mut tx = self.owned(owner).await?;
        let rows = sqlx::query(
            "SELECT id, score FROM stories
             WHERE owner_id = $1 AND trashed_at IS NULL AND score IS NOT NULL AND score_rev = rev
             ORDER BY id",
        )
        .bind(owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, score_of(r.try_get("score")?))))
            .collect()
    }
}
