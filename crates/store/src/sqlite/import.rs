//! Importing many stories at once. An import is one `BEGIN IMMEDIATE` transaction of a handful of
//! statements whatever its size: the stories travel as one JSON array per statement and SQLite's
//! `json_each` unrolls them. One statement per story (and per principle) cost a round trip to
//! SQLite's worker thread each — ~40,000 for 10,000 stories, most of the import's time in the kernel
//! (issue 12, item 16); durability is unchanged (one commit, `synchronous=FULL`).

//!
//! What is done with each story is decided in `import_plan.rs`, shared with every backend; this file
//! finds the bank's stories and writes the outcome.

use std::collections::HashMap;

use serde_json::json;
use sqlx::{Row, SqlitePool};
use tpmprep_stories::{ReadStory, StoryContent};

use super::columns::{from_json, join_items, to_json};
use crate::import_plan::{Plan, Target, check_stories};
use crate::*;

pub(super) async fn run(
    pool: &SqlitePool,
    owner: UserId,
    stories: &[ReadStory],
    as_new: bool,
) -> Result<Vec<Imported>> {
    check_stories(stories)?;
    let now = now_ms();
    // IMMEDIATE: the write lock first, so what is read below cannot change before the writes.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // A page cache that holds the whole import, so no page is spilled to the WAL and written again
    // before the commit (with the default 2 MB, 10,000 stories wrote each index page several times);
    // set back to the default when the import ends, whatever its outcome.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *tx)
        .await?;
    let result = write(&mut tx, owner, stories, as_new, now).await;
    let reset = sqlx::query("PRAGMA cache_size = -2000")
        .execute(&mut *tx)
        .await;
    let outcome = result?;
    reset?;
    tx.commit().await?;
    Ok(outcome)
}

async fn write(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    owner: UserId,
    stories: &[ReadStory],
    as_new: bool,
    now: i64,
) -> Result<Vec<Imported>> {
    let mut plan = Plan::default();
    if !as_new && !stories.is_empty() {
        let (uids, titles) = Plan::wanted(stories);
        // One value for every match: rows shipped one by one from SQLite's thread cost more.
        let found: String = sqlx::query(
            "WITH m AS (
                 SELECT id FROM stories WHERE owner_id = ?1 AND uid IN (SELECT value FROM json_each(?2))
                 UNION
                 SELECT id FROM stories WHERE owner_id = ?1 AND title IN (SELECT value FROM json_each(?3)))
             SELECT coalesce(json_group_array(json_array(
                        s.id, s.uid, s.rev, s.trashed_at IS NOT NULL, r.content)), '[]')
             FROM m JOIN stories s ON s.id = m.id
                    JOIN story_revisions r ON r.story_id = s.id AND r.rev = s.rev",
        )
        .bind(owner)
        .bind(to_json(&uids)?)
        .bind(to_json(&titles)?)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        let found: Vec<(StoryId, String, i64, i64, String)> = from_json(&found)?;
        for (id, uid, rev, trashed, content) in found {
            plan.found(id, uid, rev, trashed != 0, from_json(&content)?);
        }
        // The whole history of each story a file changes: one statement for all of them.
        let changed = plan.need_history(stories);
        if !changed.is_empty() {
            let rows: String = sqlx::query(
                "SELECT coalesce(json_group_array(json_array(story_id, rev, content)), '[]')
                 FROM (SELECT story_id, rev, content FROM story_revisions
                       WHERE owner_id = ?1 AND story_id IN (SELECT value FROM json_each(?2))
                       ORDER BY story_id, rev)",
            )
            .bind(owner)
            .bind(to_json(&changed)?)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
            let mut history: HashMap<StoryId, Vec<(i64, StoryContent)>> = HashMap::new();
            for (id, rev, content) in from_json::<Vec<(StoryId, i64, String)>>(&rows)? {
                history
                    .entry(id)
                    .or_default()
                    .push((rev, from_json(&content)?));
            }
            plan.histories(history);
        }
    }
    plan.decide(stories, as_new);
    let targets = &mut plan.targets;

    // New stories: one INSERT, then their ids by stable id.
    let fresh: Vec<&Target> = targets.iter().filter(|t| t.id.is_none()).collect();
    if !fresh.is_empty() {
        let rows = fresh
            .iter()
            .map(|t| row_of(t))
            .collect::<Result<Vec<_>>>()?;
        sqlx::query(
            "INSERT INTO stories (owner_id, uid, rev, title, status, principles, tags, created_at, updated_at)
             SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
                    j.value ->> 5, ?2, ?2
             FROM json_each(?3) j ORDER BY j.key",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&rows)?)
        .execute(&mut **tx)
        .await?;
    }
    crate::pause_point("import");
    if !fresh.is_empty() {
        let uids: Vec<&str> = fresh.iter().map(|t| t.uid.as_str()).collect();
        let ids: String = sqlx::query(
            "SELECT coalesce(json_group_array(json_array(uid, id)), '[]') FROM stories
             WHERE owner_id = ?1 AND uid IN (SELECT value FROM json_each(?2))",
        )
        .bind(owner)
        .bind(to_json(&uids)?)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        let ids: HashMap<String, StoryId> = from_json::<Vec<(String, StoryId)>>(&ids)?
            .into_iter()
            .collect();
        for t in targets.iter_mut().filter(|t| t.id.is_none()) {
            t.id = Some(*ids.get(&t.uid).ok_or_else(|| {
                StoreError::Corrupt(format!("imported story {} was not saved", t.uid))
            })?);
        }
    }
    let id_of = |t: &Target| t.id();

    // Stories already in the bank with new text: their listing columns and revision number.
    let changed: Vec<&Target> = targets.iter().filter(|t| t.is_changed()).collect();
    if !changed.is_empty() {
        let rows = changed
            .iter()
            .map(|t| {
                let mut row = row_of(t)?;
                row[0] = json!(id_of(t));
                Ok(row)
            })
            .collect::<Result<Vec<_>>>()?;
        sqlx::query(
            "UPDATE stories SET rev = u.value ->> 1, title = u.value ->> 2, status = u.value ->> 3,
                 principles = u.value ->> 4, tags = u.value ->> 5, updated_at = ?2
             FROM json_each(?3) u
             WHERE stories.id = u.value ->> 0 AND stories.owner_id = ?1",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&rows)?)
        .execute(&mut **tx)
        .await?;
        let ids: Vec<StoryId> = changed.iter().map(|t| id_of(t)).collect();
        sqlx::query(
            "DELETE FROM story_principles
             WHERE owner_id = ?1 AND story_id IN (SELECT value FROM json_each(?2))",
        )
        .bind(owner)
        .bind(to_json(&ids)?)
        .execute(&mut **tx)
        .await?;
    }

    // Every revision and the principle tags of every story written.
    let written: Vec<&Target> = targets.iter().filter(|t| !t.revisions.is_empty()).collect();
    if !written.is_empty() {
        // Each revision's content as a nested object: `->` gives back its JSON text as written
        // (SQLite keeps strings' escapes and numbers' text), with no second layer of escaping.
        let revisions: Vec<(StoryId, i64, &StoryContent)> = written
            .iter()
            .flat_map(|t| {
                t.revisions
                    .iter()
                    .map(move |(rev, c)| (id_of(t), *rev, c.as_ref()))
            })
            .collect();
        sqlx::query(
            "INSERT INTO story_revisions (owner_id, story_id, rev, content, created_at)
             SELECT ?1, j.value ->> 0, j.value ->> 1, j.value -> 2, ?2 FROM json_each(?3) j",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&revisions)?)
        .execute(&mut **tx)
        .await?;
        let tags: Vec<(StoryId, &str)> = written
            .iter()
            .flat_map(|t| {
                t.content
                    .principles
                    .iter()
                    .map(move |p| (id_of(t), p.as_str()))
            })
            .collect();
        sqlx::query(
            "INSERT INTO story_principles (owner_id, story_id, principle)
             SELECT ?1, j.value ->> 0, j.value ->> 1 FROM json_each(?2) j",
        )
        .bind(owner)
        .bind(to_json(&tags)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(plan.outcome())
}

/// The listing columns of a story as one JSON row: uid, rev, title, status, principles, tags.
fn row_of(t: &Target) -> Result<Vec<serde_json::Value>> {
    Ok(vec![
        json!(t.uid),
        json!(t.rev),
        json!(t.content.title),
        json!(t.content.status.as_str()),
        json!(join_items("principles", &t.content.principles)?),
        json!(join_items("tags", &t.content.tags)?),
    ])
}
