//! Importing many stories at once. An import is one `BEGIN IMMEDIATE` transaction of a handful of
//! statements whatever its size: the stories travel as one JSON array per statement and SQLite's
//! `json_each` unrolls them. One statement per story (and per principle) cost a round trip to
//! SQLite's worker thread each — ~40,000 for 10,000 stories, most of the import's time in the kernel
//! (issue 12, item 16); durability is unchanged (one commit, `synchronous=FULL`).

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::json;
use sqlx::{Row, SqlitePool};
use tpmprep_stories::merge::{Base, Reconciled, reconcile};
use tpmprep_stories::{Conflict, Kept, ReadStory, StoryContent};

use super::columns::{check_title, from_json, join_items, to_json};
use crate::*;

/// A story the import writes to or matched: one already in the bank, or one it creates.
struct Target<'a> {
    /// The stored id (`None` for a story this import creates).
    id: Option<StoryId>,
    uid: String,
    /// Current revision, counting those this import adds.
    rev: i64,
    trashed: bool,
    /// Its text now: as stored, or borrowed from the import (never copied).
    content: Cow<'a, StoryContent>,
    /// Revisions this import adds: (rev, content; a merge's is its own).
    revisions: Vec<(i64, Cow<'a, StoryContent>)>,
    /// Every revision (number, content), in order, when the import needs them to reconcile a
    /// changed file with the bank; empty when only the current one is known.
    history: Vec<(i64, Cow<'a, StoryContent>)>,
}

pub(super) async fn run(
    pool: &SqlitePool,
    owner: UserId,
    stories: &[ReadStory],
    as_new: bool,
) -> Result<Vec<Imported>> {
    for s in stories {
        check_title(&s.content.title)?;
        join_items("principles", &s.content.principles)?;
        join_items("tags", &s.content.tags)?;
    }
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

async fn write<'a>(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    owner: UserId,
    stories: &'a [ReadStory],
    as_new: bool,
    now: i64,
) -> Result<Vec<Imported>> {
    let mut targets: Vec<Target<'a>> = Vec::new();
    let mut by_uid: HashMap<String, usize> = HashMap::new();
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    if !as_new && !stories.is_empty() {
        let uids: Vec<&str> = stories.iter().filter_map(|s| s.uid.as_deref()).collect();
        let titles: Vec<&str> = stories
            .iter()
            .filter(|s| s.uid.is_none())
            .map(|s| s.content.title.as_str())
            .collect();
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
            let content: StoryContent = from_json(&content)?;
            let t = targets.len();
            by_uid.insert(uid.clone(), t);
            by_title.entry(content.title.clone()).or_default().push(t);
            targets.push(Target {
                id: Some(id),
                uid,
                rev,
                trashed: trashed != 0,
                content: Cow::Owned(content),
                revisions: Vec::new(),
                history: Vec::new(),
            });
        }
        // The whole history of each story a file changes: its text is reconciled with what the
        // bank saved since the file's revision. One statement for all of them.
        let changed: Vec<StoryId> = stories
            .iter()
            .filter_map(|s| {
                let t = &targets[*by_uid.get(s.uid.as_deref()?)?];
                (!t.trashed && *t.content != s.content)
                    .then_some(t.id)
                    .flatten()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
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
            let mut history: HashMap<StoryId, Vec<(i64, Cow<'a, StoryContent>)>> = HashMap::new();
            for (id, rev, content) in from_json::<Vec<(StoryId, i64, String)>>(&rows)? {
                history
                    .entry(id)
                    .or_default()
                    .push((rev, Cow::Owned(from_json(&content)?)));
            }
            for t in &mut targets {
                if let Some(h) = t.id.and_then(|id| history.remove(&id)) {
                    t.history = h;
                }
            }
        }
    }

    // Decide story by story, in file order (earlier stories of this import count as in the bank).
    let mut outcome: Vec<(usize, ImportAction, Said)> = Vec::with_capacity(stories.len());
    for s in stories {
        let matched = if as_new {
            None
        } else {
            match &s.uid {
                Some(uid) => by_uid.get(uid).copied(),
                None => by_title.get(&s.content.title).and_then(|ts| {
                    ts.iter()
                        .copied()
                        .find(|&t| *targets[t].content == s.content)
                }),
            }
        };
        let action = match matched {
            Some(t) if targets[t].trashed => (t, ImportAction::InTrash, Said::default()),
            Some(t) if *targets[t].content == s.content => {
                (t, ImportAction::Unchanged, Said::default())
            }
            Some(t) => {
                let target = &mut targets[t];
                let mut history: Vec<(i64, &StoryContent)> = target
                    .history
                    .iter()
                    .map(|(r, c)| (*r, c.as_ref()))
                    .collect();
                if history.last().map(|(r, _)| *r) != Some(target.rev) {
                    history.push((target.rev, &target.content));
                }
                let (content, action, said) = match reconcile(&s.content, s.revision, &history) {
                    Reconciled::Unchanged => (None, ImportAction::Unchanged, Said::default()),
                    Reconciled::Update => (
                        Some(Cow::Borrowed(&s.content)),
                        ImportAction::Updated,
                        Said::default(),
                    ),
                    Reconciled::Older { base } => (
                        None,
                        ImportAction::Older,
                        Said {
                            base: Some(base),
                            ..Said::default()
                        },
                    ),
                    Reconciled::Merged {
                        base,
                        content,
                        kept,
                    } if merged_fits(&content) => (
                        Some(Cow::Owned(*content)),
                        ImportAction::Merged,
                        Said {
                            base: Some(base),
                            kept,
                            ..Said::default()
                        },
                    ),
                    Reconciled::Merged { base, .. } => (
                        // Merged, a list would outgrow its limit: the bank's version stands.
                        None,
                        ImportAction::Conflict,
                        Said {
                            base: Some(base),
                            ..Said::default()
                        },
                    ),
                    Reconciled::Conflict { base, conflicts } => (
                        None,
                        ImportAction::Conflict,
                        Said {
                            base: Some(base),
                            conflicts,
                            ..Said::default()
                        },
                    ),
                };
                if let Some(content) = content {
                    target.rev += 1;
                    if !target.history.is_empty() {
                        target.history.push((target.rev, content.clone()));
                    }
                    target.revisions.push((target.rev, content.clone()));
                    by_title.entry(content.title.clone()).or_default().push(t);
                    target.content = content;
                }
                (t, action, said)
            }
            None => {
                let uid = match &s.uid {
                    Some(u) if !as_new && !by_uid.contains_key(u) => u.clone(),
                    _ => new_uid(),
                };
                let t = targets.len();
                by_uid.insert(uid.clone(), t);
                by_title.entry(s.content.title.clone()).or_default().push(t);
                targets.push(Target {
                    id: None,
                    uid,
                    rev: 1,
                    trashed: false,
                    content: Cow::Borrowed(&s.content),
                    revisions: vec![(1, Cow::Borrowed(&s.content))],
                    history: vec![(1, Cow::Borrowed(&s.content))],
                });
                (t, ImportAction::New, Said::default())
            }
        };
        outcome.push(action);
    }

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
    let id_of = |t: &Target| t.id.unwrap_or_default();

    // Stories already in the bank with new text: their listing columns and revision number.
    let changed: Vec<&Target> = targets
        .iter()
        .filter(|t| !t.revisions.is_empty() && t.revisions[0].0 > 1)
        .collect();
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
    Ok(outcome
        .into_iter()
        .map(|(t, action, said)| Imported {
            id: id_of(&targets[t]),
            rev: targets[t].rev,
            action,
            base: said.base,
            kept: said.kept,
            conflicts: said.conflicts,
        })
        .collect())
}

/// What an import says about one story beyond its action.
#[derive(Default)]
struct Said {
    base: Option<Base>,
    kept: Vec<Kept>,
    conflicts: Vec<Conflict>,
}

/// Whether a merged story stays within the limits every saved story keeps (a set merge of two
/// lists may hold more items than either).
fn merged_fits(content: &StoryContent) -> bool {
    let ids: Vec<&str> = content.principles.iter().map(String::as_str).collect();
    tpmprep_stories::validate(content, &ids).is_empty()
        && join_items("principles", &content.principles).is_ok()
        && join_items("tags", &content.tags).is_ok()
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
