//! The embedded SQLite backend: one file, WAL journal, foreign keys on, a busy timeout, full sync.
//!
//! This file opens the pool, runs the migrations and checks a file's integrity; each domain's SQL
//! is in its own file beside it (`users.rs`, `stories.rs` with `import.rs`, `mocks.rs`,
//! `design.rs`, `writing.rs`, `offers.rs`, `transcripts.rs`, `drills.rs`, `plans.rs`, `settings.rs`, `backup.rs`), one `impl` of
//! that domain's trait each; `columns.rs` packs values into columns and reads them back.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{Result, Store, StoreError};

mod backup;
mod columns;
mod design;
mod drills;
mod import;
mod mocks;
mod offers;
mod plans;
mod settings;
mod sharing;
mod stories;
mod transcripts;
mod users;
mod writing;

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
        None => e.into(),
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

#[async_trait]
impl Store for SqliteStore {
    async fn close(&self) {
        self.pool.close().await;
    }
}
