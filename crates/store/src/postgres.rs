//! The PostgreSQL backend, for server mode: a connection pool to one database, migrated from
//! `migrations/postgres/` (the twins of SQLite's, number for number) when opened.
//!
//! This file opens the pool, runs the migrations and closes; each domain's SQL is in its own file
//! beside it (`users.rs`, `stories.rs` with `import.rs`, `mocks.rs`, `design.rs`, `writing.rs`, `offers.rs`,
//! `transcripts.rs`, `drills.rs`, `plans.rs`, `settings.rs`, `sharing.rs`, `backup.rs`), one `impl` of that domain's
//! trait each, side by side with `sqlite/`.
//! Times are bigint unix milliseconds as the store's types carry them, lists are `text[]`, a story
//! revision is `jsonb`.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

use crate::{Result, Store, UserId};

mod backup;
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

/// Migrations for PostgreSQL, embedded at build time.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connections the pool opens at most when not told otherwise.
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 10;
    /// How long a query waits for a connection before it fails with
    /// [`StoreError::Unavailable`](crate::StoreError::Unavailable): while the server is down or
    /// restarting, requests fail after this long instead of hanging (sqlx's default is 30 s). A
    /// pool kept this busy is overloaded, and failing is the better answer then too.
    pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

    /// Opens a `postgres://` or `postgresql://` URL with a pool of at most
    /// [`PgStore::DEFAULT_MAX_CONNECTIONS`] connections, and migrates the database.
    pub async fn open_url(url: &str) -> Result<PgStore> {
        Self::open_url_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// [`PgStore::open_url`] with a pool of at most `max_connections` connections (at least one).
    /// Simultaneous first opens are safe: the migrations run under PostgreSQL's advisory lock.
    pub async fn open_url_with(url: &str, max_connections: u32) -> Result<PgStore> {
        let options = PgConnectOptions::from_str(url)?.application_name("tpmprep");
        // One connection first, for the migrations: a server that is down or refuses us is said at
        // once (the pool would retry until its acquire timeout).
        let mut conn = PgConnection::connect_with(&options).await?;
        let migrated = MIGRATOR.run(&mut conn).await;
        let _ = conn.close().await;
        migrated?;
        // Every idle connection is checked before use (sqlx's default), so after a server restart
        // the dead ones are replaced by new connections rather than failing a request each; while
        // the server is down a query retries the connection until ACQUIRE_TIMEOUT.
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Self::ACQUIRE_TIMEOUT)
            .test_before_acquire(true)
            .connect_with(options)
            .await?;
        Ok(PgStore { pool })
    }

    /// A transaction acting for `owner`: PostgreSQL's row-level security (migration 0008) lets it
    /// see and write only `owner`'s rows, a second wall behind every query's own `owner_id` filter.
    /// `BEGIN` and the setting go in one round trip.
    pub(crate) async fn owned(&self, owner: UserId) -> Result<Transaction<'static, Postgres>> {
        self.owned_as(owner, "").await
    }

    /// [`PgStore::owned`] with a transaction mode, e.g. `ISOLATION LEVEL REPEATABLE READ READ ONLY`.
    pub(crate) async fn owned_as(
        &self,
        owner: UserId,
        mode: &'static str,
    ) -> Result<Transaction<'static, Postgres>> {
        // An integer and a constant, formatted: nothing of the caller's text reaches the statement.
        let begin = format!("BEGIN {mode}; SET LOCAL tpmprep.owner = '{owner}'");
        Ok(self.pool.begin_with(sqlx::AssertSqlSafe(begin)).await?)
    }

    /// Whether the role this store connects as is bound by row-level security: `false` for a
    /// superuser or a `BYPASSRLS` role, which PostgreSQL lets past every policy.
    pub async fn row_security_applies(&self) -> Result<bool> {
        let bypass: bool = sqlx::query_scalar(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(!bypass)
    }
}

/// Whether `e` is PostgreSQL refusing a duplicate key (SQLSTATE 23505).
#[async_trait]
impl Store for PgStore {
    async fn close(&self) {
        self.pool.close().await;
    }

    async fn warnings(&self) -> Vec<String> {
        match self.row_security_applies().await {
            Ok(true) => Vec::new(),
            Ok(false) => vec![
                "the database role is a superuser or has BYPASSRLS, so PostgreSQL's row-level \
                 security (the second wall between accounts) does not bind it; every query still \
                 filters by account, but connect as an ordinary role that owns the database \
                 (docs/scaling.md)"
                    .to_string(),
            ],
            Err(e) => vec![format!("could not check the database role: {e}")],
        }
    }
}
