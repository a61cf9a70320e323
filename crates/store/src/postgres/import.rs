//! Importing many stories at once on PostgreSQL: one transaction of a handful of statements whatever
//! its size — the stories travel as arrays (`= ANY`, `unnest`) or one `jsonb` array per statement.
//! What is done with each story is decided in `import_plan.rs`, shared with SQLite; this file finds
//! the bank's stories and writes the outcome.
//!
//! SQLite's `BEGIN IMMEDIATE` keeps every other writer out for the import; here the owner's imports
//! take turns (a transaction-scoped advisory lock per owner), and the bank's stories the file names
//! are locked (`FOR UPDATE`), so a save racing the import waits for it and then finds the revision
//! moved on.

use std::collections::HashMap;

use serde_json::json;
use sqlx::{Postgres, Row, Transaction};
use tpmprep_stories::{ReadStory, StoryContent};

use crate::import_plan::{Plan, Target, check_stories};
use crate::values::{from_json, to_json};
use crate::*;

pub(super) async fn run(
    mut tx: Transaction<'static, Postgres>,
    owner: UserId,
    stories: &[ReadStory],
    as_new: bool,
) -> Result<Vec<Imported>> {
    check_stories(stories)?;
    let now = now_ms();
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('tpmprep import'), hashtext($1::text))")
        .bind(owner)
        .execute(&mut *tx)
        .await?;
    let outcome = write(&mut tx, owner, stories, as_new, now).await?;
    tx.commit().await?;
    Ok(outcome)
}

async fn write(
    tx: &mut Transaction<'_, Postgres>,
    owner: UserId,
    stories: &[ReadStory],
    as_new: bool,
    now: i64,
) -> Result<Vec<Imported>> {
    let mut plan = Plan::default();
    if !as_new && !stories.is_empty() {
        let (uids, titles) = Plan::wanted(stories);
        let found = sqlx::query(
            "SELECT s.id, s.uid, s.rev, s.trashed_at IS NOT NULL AS trashed, r.content::text AS content
             FROM stories s JOIN story_revisions r ON r.story_id = s.id AND r.rev = s.rev
             WHERE s.owner_id = $1 AND r.owner_id = $1
               AND (s.uid = ANY ($2::text[]) OR s.title = ANY ($3::text[]))
             ORDER BY s.id
             FOR UPDATE OF s",
        )
        .bind(owner)
        .bind(&uids)
        .bind(&titles)
        .fetch_all(&mut **tx)
        .await?;
        for r in &found {
            plan.found(
                r.try_get("id")?,
                r.try_get("uid")?,
                r.try_get("rev")?,
                r.try_get("trashed")?,
                from_json(&r.try_get::<String, _>("content")?)?,
            );
        }
        // The whole history of each story a file changes: one statement for all of them.
        let changed = plan.need_history(stories);
        if !changed.is_empty() {
            let rows = sqlx::query(
                "SELECT story_id, rev, content::text AS content FROM story_revisions
                 WHERE owner_id = $1 AND story_id = ANY ($2::bigint[])
                 ORDER BY story_id, rev",
            )
            .bind(owner)
            .bind(&changed)
            .fetch_all(&mut **tx)
            .await?;
            let mut history: HashMap<StoryId, Vec<(i64, StoryContent)>> = HashMap::new();
            for r in &rows {
                history.entry(r.try_get("story_id")?).or_default().push((
                    r.try_get("rev")?,
                    from_json(&r.try_get::<String, _>("content")?)?,
                ));
            }
            plan.histories(history);
        }
    }
    plan.decide(stories, as_new);
    let targets = &mut plan.targets;

    // New stories: one INSERT, whose ids come back by stable id.
    let fresh: Vec<serde_json::Value> = targets
        .iter()
        .filter(|t| t.id.is_none())
        .map(row_of)
        .collect();
    if !fresh.is_empty() {
        let ids = sqlx::query(
            "INSERT INTO stories (owner_id, uid, rev, title, status, principles, tags, created_at, updated_at)
             SELECT $1, j.value ->> 0, (j.value ->> 1)::bigint, j.value ->> 2, j.value ->> 3,
                    ARRAY(SELECT jsonb_array_elements_text(j.value -> 4)),
                    ARRAY(SELECT jsonb_array_elements_text(j.value -> 5)), $2, $2
             FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS j (value, n) ORDER BY j.n
             RETURNING uid, id",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&fresh)?)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("uid")?, r.try_get::<StoryId, _>("id")?)))
        .collect::<Result<HashMap<_, _>>>()?;
        for t in targets.iter_mut().filter(|t| t.id.is_none()) {
            t.id = Some(*ids.get(&t.uid).ok_or_else(|| {
                StoreError::Corrupt(format!("imported story {} was not saved", t.uid))
            })?);
        }
    }
    crate::pause_point("import");

    // Stories already in the bank with new text: their listing columns and revision number.
    let changed: Vec<&Target> = targets.iter().filter(|t| t.is_changed()).collect();
    if !changed.is_empty() {
        let rows: Vec<serde_json::Value> = changed
            .iter()
            .map(|t| {
                let mut row = row_of(t);
                row[0] = json!(t.id());
                row
            })
            .collect();
        sqlx::query(
            "UPDATE stories SET rev = (u.value ->> 1)::bigint, title = u.value ->> 2,
                 status = u.value ->> 3,
                 principles = ARRAY(SELECT jsonb_array_elements_text(u.value -> 4)),
                 tags = ARRAY(SELECT jsonb_array_elements_text(u.value -> 5)), updated_at = $2
             FROM jsonb_array_elements($3::jsonb) u
             WHERE stories.id = (u.value ->> 0)::bigint AND stories.owner_id = $1",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&rows)?)
        .execute(&mut **tx)
        .await?;
        let ids: Vec<StoryId> = changed.iter().map(|t| t.id()).collect();
        sqlx::query(
            "DELETE FROM story_principles WHERE owner_id = $1 AND story_id = ANY ($2::bigint[])",
        )
        .bind(owner)
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    }

    // Every revision and the principle tags of every story written.
    let written: Vec<&Target> = targets.iter().filter(|t| !t.revisions.is_empty()).collect();
    if !written.is_empty() {
        let revisions: Vec<(StoryId, i64, &StoryContent)> = written
            .iter()
            .flat_map(|t| {
                t.revisions
                    .iter()
                    .map(move |(rev, c)| (t.id(), *rev, c.as_ref()))
            })
            .collect();
        sqlx::query(
            "INSERT INTO story_revisions (owner_id, story_id, rev, content, created_at)
             SELECT $1, (j.value ->> 0)::bigint, (j.value ->> 1)::bigint, j.value -> 2, $2
             FROM jsonb_array_elements($3::jsonb) j",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&revisions)?)
        .execute(&mut **tx)
        .await?;
        let (story_ids, principles): (Vec<StoryId>, Vec<&str>) = written
            .iter()
            .flat_map(|t| {
                t.content
                    .principles
                    .iter()
                    .map(move |p| (t.id(), p.as_str()))
            })
            .unzip();
        sqlx::query(
            "INSERT INTO story_principles (owner_id, story_id, principle)
             SELECT $1, p.story_id, p.principle
             FROM unnest($2::bigint[], $3::text[]) AS p (story_id, principle)",
        )
        .bind(owner)
        .bind(&story_ids)
        .bind(&principles)
        .execute(&mut **tx)
        .await?;
    }
    Ok(plan.outcome())
}

/// The listing columns of a story as one JSON row: uid, rev, title, status, principles, tags.
fn row_of(t: &Target) -> serde_json::Value {
    json!([
        t.uid,
        t.rev,
        t.content.title,
        t.content.status.as_str(),
        t.content.principles,
        t.content.tags
    ])
}
