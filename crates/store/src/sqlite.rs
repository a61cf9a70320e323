//! The embedded SQLite backend: one file, WAL journal, foreign keys on, a busy timeout, full sync.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use tpmprep_stories::{Status, StoryContent};

use crate::*;

mod import;

/// Migrations for SQLite, embedded at build time.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`, creating its folder too.
    pub async fn open_path(path: &Path) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Database(sqlx::Error::Configuration(
                    format!("cannot create {}: {e}", dir.display()).into(),
                ))
            })?;
        }
        Self::open_with(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens a `sqlite:` URL (e.g. `sqlite:///home/me/prep.db`, `sqlite::memory:`).
    pub async fn open_url(url: &str) -> Result<SqliteStore> {
        Self::open_with(SqliteConnectOptions::from_str(url)?).await
    }

    async fn open_with(options: SqliteConnectOptions) -> Result<SqliteStore> {
        let options = options
            .create_if_missing(true)
            // For a new file only (an existing one keeps its size): a story's revision is ~3 KB of
            // JSON, so 4 KB pages held one each and wasted a third of the file; 8 KB pages hold
            // two or three (a 10,000-story bank: 46 → 33 MB to write).
            .page_size(8192)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .synchronous(SqliteSynchronous::Full);
        // Two processes opening a new file at once can collide: switching it to WAL needs a moment
        // alone, and both can see a migration as pending. Each migration is one transaction, so the
        // loser fails whole (`database is locked`, `table ... already exists`) and a retry finds the
        // file ready.
        let mut attempt = 0;
        loop {
            match Self::try_open(&options).await {
                Ok(store) => return Ok(store),
                Err(e) if attempt < 8 && opening_race(&e) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(25 << attempt.min(5))).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn try_open(options: &SqliteConnectOptions) -> Result<SqliteStore> {
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone())
            .await
            .map_err(damaged)?;
        if let Err(e) = MIGRATOR.run(&pool).await {
            pool.close().await;
            return Err(match e {
                sqlx::migrate::MigrateError::Execute(e)
                | sqlx::migrate::MigrateError::ExecuteMigration(e, _)
                    if damage(&e).is_some() =>
                {
                    damaged(e)
                }
                e => e.into(),
            });
        }
        Ok(SqliteStore { pool })
    }

    /// `PRAGMA integrity_check` of the file at `path` as it is (not created, not migrated), so a
    /// damaged file can be examined: `["ok"]`, or what SQLite found wrong.
    pub async fn check_path(path: &Path) -> Result<Vec<String>> {
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        Self::check_with(SqliteConnectOptions::new().filename(path)).await
    }

    /// [`SqliteStore::check_path`] for a `sqlite:` URL.
    pub async fn check_url(url: &str) -> Result<Vec<String>> {
        let options = SqliteConnectOptions::from_str(url)?;
        let path = options.get_filename();
        if path != Path::new(":memory:") && !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        Self::check_with(options).await
    }

    async fn check_with(options: SqliteConnectOptions) -> Result<Vec<String>> {
        let options = options
            .create_if_missing(false)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(damaged)?;
        // Row by row: on a damaged b-tree page SQLite reports a finding and then fails the next
        // step, and the finding is worth keeping.
        let mut findings = Vec::new();
        let mut rows = sqlx::query("PRAGMA integrity_check").fetch(&pool);
        let outcome = loop {
            match std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
                Some(Ok(row)) => match row.try_get::<String, _>(0) {
                    Ok(text) => findings.extend(text.lines().map(str::to_string)),
                    Err(e) => break Err(e),
                },
                Some(Err(e)) => break Err(e),
                None => break Ok(()),
            }
        };
        drop(rows);
        pool.close().await;
        match outcome {
            Ok(()) => Ok(findings),
            Err(e) => match damage(&e) {
                Some(words) => {
                    findings.push(format!("the check stopped: {words}"));
                    Ok(findings)
                }
                None => Err(e.into()),
            },
        }
    }

    /// `PRAGMA integrity_check`: `ok` for a sound file.
    pub async fn integrity_check(&self) -> Result<String> {
        let row = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<String, _>(0)?)
    }
}

/// SQLite's words when `e` says the file is damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
fn damage(e: &sqlx::Error) -> Option<String> {
    match e {
        sqlx::Error::Database(d)
            if d.code()
                .and_then(|c| c.parse::<i32>().ok())
                .is_some_and(|c| matches!(c & 0xff, 11 | 26)) =>
        {
            Some(d.message().to_string())
        }
        _ => None,
    }
}

/// `e` as [`StoreError::Damaged`] when it says the file is damaged, else as it is.
fn damaged(e: sqlx::Error) -> StoreError {
    match damage(&e) {
        Some(words) => StoreError::Damaged(words),
        None => StoreError::Database(e),
    }
}

/// Whether an error opening a file is the passing kind two simultaneous first opens cause.
fn opening_race(e: &StoreError) -> bool {
    let busy = |e: &sqlx::Error| {
        matches!(e, sqlx::Error::Database(d)
            if d.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == 5))
    };
    match e {
        StoreError::Database(e) => busy(e),
        StoreError::Migrate(
            sqlx::migrate::MigrateError::Execute(_)
            | sqlx::migrate::MigrateError::ExecuteMigration(..),
        ) => true,
        _ => false,
    }
}

/// Separates list items in the `principles` and `tags` columns.
const ITEM_SEP: char = '\u{1f}';

/// Joins one-line values for a list column. Normalised values hold no control characters, tabs or
/// newlines; anything else is refused so the listing format below stays unambiguous.
fn join_items(field: &str, items: &[String]) -> Result<String> {
    if let Some(bad) = items
        .iter()
        .find(|i| i.is_empty() || i.chars().any(char::is_control))
    {
        return Err(StoreError::Invalid(format!(
            "{field} item {bad:?} is empty or holds control characters"
        )));
    }
    Ok(items.join(&ITEM_SEP.to_string()))
}

fn split_items(s: &str) -> Vec<String> {
    s.split(ITEM_SEP)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect()
}

fn check_title(title: &str) -> Result<()> {
    if title.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the title holds control characters or line breaks".into(),
        ));
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Lines of `N` space-separated integers (as a `group_concat` query returns them), or `Corrupt`
/// naming `what` and the line.
fn int_lines<const N: usize>(list: &str, what: &str) -> Result<Vec<[i64; N]>> {
    list.lines()
        .map(|line| {
            let mut fields = line.split(' ').map(str::parse::<i64>);
            let mut out = [0i64; N];
            for slot in &mut out {
                *slot = fields
                    .next()
                    .and_then(|f| f.ok())
                    .ok_or_else(|| StoreError::Corrupt(format!("{what} line `{line}`")))?;
            }
            Ok(out)
        })
        .collect()
}

/// A stored score as the 0–100 the critic gives.
fn score_of(stored: i64) -> u8 {
    u8::try_from(stored.clamp(0, 100)).unwrap_or(0)
}

/// Parses one line of the listing built in `list_stories`: eleven tab-separated fields, title last.
fn parse_listing_line(line: &str) -> Result<StorySummary> {
    let bad = || StoreError::Corrupt(format!("unreadable story listing line {line:?}"));
    let mut fields = [""; 11];
    let mut parts = line.splitn(11, '\t');
    for slot in &mut fields {
        *slot = parts.next().ok_or_else(bad)?;
    }
    let [
        id,
        rev,
        used,
        created,
        updated,
        trashed,
        status,
        principles,
        tags,
        uid,
        title,
    ] = fields;
    let int = |s: &str| s.parse::<i64>().map_err(|_| bad());
    Ok(StorySummary {
        meta: StoryMeta {
            id: int(id)?,
            uid: uid.to_string(),
            rev: int(rev)?,
            times_used: int(used)?,
            created_at: int(created)?,
            updated_at: int(updated)?,
            trashed_at: if trashed.is_empty() {
                None
            } else {
                Some(int(trashed)?)
            },
        },
        title: title.to_string(),
        status: status.parse::<Status>().map_err(StoreError::Corrupt)?,
        principles: split_items(principles),
        tags: split_items(tags),
    })
}

fn summary(row: &sqlx::sqlite::SqliteRow) -> Result<StorySummary> {
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
        principles: split_items(&row.try_get::<String, _>("principles")?),
        tags: split_items(&row.try_get::<String, _>("tags")?),
    })
}

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

/// The columns of a [`MockSummary`], for a query over `mocks m` (a macro so queries stay static text).
macro_rules! mock_summary_columns {
    () => {
        "m.id, m.kind, m.format, m.decision, m.created_at, m.updated_at, m.finished_at,
         (SELECT count(*) FROM mock_answers a WHERE a.mock_id = m.id) AS answers"
    };
}

fn mock_summary(r: &sqlx::sqlite::SqliteRow) -> Result<MockSummary> {
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

impl SqliteStore {
    /// Why a guarded write to mock `id` touched nothing: it is not this owner's, or it is finished.
    async fn why_not_open(&self, owner: UserId, id: MockId) -> StoreError {
        let row = sqlx::query("SELECT finished_at FROM mocks WHERE id = ? AND owner_id = ?")
            .bind(id)
            .bind(owner)
            .fetch_optional(&self.pool)
            .await;
        match row {
            Ok(Some(_)) => StoreError::MockFinished(id),
            Ok(None) => StoreError::MockNotFound(id),
            Err(e) => StoreError::Database(e),
        }
    }

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
impl Store for SqliteStore {
    async fn create_user(&self, name: &str) -> Result<UserId> {
        let row = sqlx::query(
            "INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(StoreError::UserExists(name.to_string())),
        }
    }

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

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn setting(&self, owner: UserId, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE owner_id = ? AND key = ?")
            .bind(owner)
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    async fn set_setting(&self, owner: UserId, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => {
                sqlx::query(
                    "INSERT INTO settings (owner_id, key, value) VALUES (?, ?, ?)
                     ON CONFLICT (owner_id, key) DO UPDATE SET value = excluded.value",
                )
                .bind(owner)
                .bind(key)
                .bind(v)
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE owner_id = ? AND key = ?")
                    .bind(owner)
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
            }
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

    async fn create_mock(&self, owner: UserId, mock: &NewMock<'_>) -> Result<MockId> {
        let now = now_ms();
        let row = sqlx::query(
            "INSERT INTO mocks (owner_id, kind, format, setup, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(owner)
        .bind(mock.kind)
        .bind(mock.format)
        .bind(mock.setup)
        .bind(now)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    async fn save_mock_answer(&self, owner: UserId, id: MockId, a: &MockAnswer) -> Result<()> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        // The guarded write first: it takes the write lock and only touches an unfinished mock.
        let n = sqlx::query(
            "UPDATE mocks SET updated_at = ?, draft = '', draft_seconds = 0
             WHERE id = ? AND owner_id = ? AND finished_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Err(self.why_not_open(owner, id).await);
        }
        let expected: i64 = sqlx::query("SELECT count(*) FROM mock_answers WHERE mock_id = ?")
            .bind(id)
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        let n = sqlx::query(
            "UPDATE mocks SET draft = ?, draft_seconds = ?, updated_at = ?
             WHERE id = ? AND owner_id = ? AND finished_at IS NULL",
        )
        .bind(draft)
        .bind(seconds)
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(self.why_not_open(owner, id).await);
        }
        Ok(())
    }

    async fn save_mock_draft_seconds(&self, owner: UserId, id: MockId, seconds: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE mocks SET draft_seconds = MAX(draft_seconds, ?), updated_at = ?
             WHERE id = ? AND owner_id = ? AND finished_at IS NULL",
        )
        .bind(seconds)
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(self.why_not_open(owner, id).await);
        }
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
        let mut tx = self.pool.begin().await?;
        let n = sqlx::query(
            "UPDATE mocks SET decision = ?, debrief = ?, finished_at = ?, updated_at = ?,
                 draft = '', draft_seconds = 0
             WHERE id = ? AND owner_id = ? AND finished_at IS NULL",
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
            tx.rollback().await?;
            return Err(self.why_not_open(owner, id).await);
        }
        for r in ratings {
            sqlx::query(
                "INSERT INTO mock_ratings (owner_id, mock_id, interview, principle, rating)
                 VALUES (?, ?, ?, ?, ?)",
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
        let row = sqlx::query(concat!(
            "SELECT ",
            mock_summary_columns!(),
            ", m.setup, m.draft, m.draft_seconds, m.debrief
             FROM mocks m WHERE m.id = ? AND m.owner_id = ?"
        ))
        .bind(id)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::MockNotFound(id))?;
        let answers = sqlx::query(
            "SELECT seq, interview, question, follow_up, question_id, prompt, answer, seconds,
                 story_id, created_at
             FROM mock_answers WHERE mock_id = ? AND owner_id = ? ORDER BY seq",
        )
        .bind(id)
        .bind(owner)
        .fetch_all(&self.pool)
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
        sqlx::query(concat!(
            "SELECT ",
            mock_summary_columns!(),
            " FROM mocks m WHERE m.owner_id = ? ORDER BY m.id DESC"
        ))
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mock_summary)
        .collect()
    }

    async fn mock_ratings(&self, owner: UserId) -> Result<Vec<MockRating>> {
        sqlx::query(
            "SELECT r.mock_id, r.interview, r.principle, r.rating FROM mock_ratings r
             WHERE r.owner_id = ? ORDER BY r.mock_id, r.interview, r.principle",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await?
        .iter()
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
        let rows = sqlx::query(
            "SELECT DISTINCT question_id FROM mock_answers
             WHERE owner_id = ? AND created_at >= ? ORDER BY question_id",
        )
        .bind(owner)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>(0)?))
            .collect()
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
}
