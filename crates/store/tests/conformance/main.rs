//! The store conformance suite: one story of behaviour every backend must show, organised as the
//! store is, a module per domain (`users`, `stories` with `import`, `mocks`, `settings`,
//! `backup`). Each test runs its story on a new, empty store of every backend through
//! [`each_backend`], the one place a backend joins the suite: SQLite always, and PostgreSQL on the
//! server `TPMPREP_TEST_DATABASE_URL` names (`scripts/test` and `scripts/with-postgres` start one),
//! each test in a database of its own. `sqlite` holds the tests of the SQLite file itself (opening,
//! damage, upgrades), which are not conformance. `backup` also moves one account from SQLite to
//! PostgreSQL and back.

mod backup;
mod import;
mod mocks;
mod settings;
mod sqlite;
mod stories;
mod users;

use std::io::Write;
use std::sync::Once;

use sqlx::Connection;
use tpmprep_store::{PgStore, SqliteStore, Store};
use tpmprep_stories::{Partner, Status, StoryContent};

/// The PostgreSQL server the suite runs on: a database URL on it (`scripts/with-postgres` exports
/// one). Each test creates a database of its own there and drops it afterwards.
const PG_VAR: &str = "TPMPREP_TEST_DATABASE_URL";

/// Runs `test` on a new, empty store of each backend in turn (a failure's output names the
/// backend). The one place a backend joins the suite.
async fn each_backend(test: impl AsyncFn(&dyn Store)) {
    eprintln!("backend: sqlite");
    let (store, _dir) = make_sqlite().await;
    test(&store).await;
    store.close().await;

    let Some(server) = pg_server() else { return };
    eprintln!("backend: postgres");
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 4)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    test(&store).await;
    store.close().await;
}

/// The server URL from [`PG_VAR`]; when it is unset, a failure under CI (a run that skipped
/// PostgreSQL would pass without testing it) and otherwise a note, printed once, that it was skipped.
fn pg_server() -> Option<String> {
    match std::env::var(PG_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "{PG_VAR} is not set, so the store's PostgreSQL backend would go untested: under CI, run \
             the tests through scripts/test (or scripts/with-postgres cargo test), which starts a \
             throwaway PostgreSQL server and sets it"
        ),
        _ => {
            static NOTE: Once = Once::new();
            NOTE.call_once(|| {
                // Straight to stderr: the test harness captures eprintln! of passing tests.
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {PG_VAR} is not set: the store conformance tests ran on SQLite only \
                     (scripts/with-postgres cargo test -p tpmprep-store runs them on PostgreSQL too)"
                );
            });
            None
        }
    }
}

/// A database of one test's own on the test server, dropped when the test ends (passed or not).
struct PgDatabase {
    server: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create(server: &str) -> PgDatabase {
        let name = format!("tpmprep_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(server)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {PG_VAR}={server}: {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("cannot create the database {name}: {e}"));
        let _ = conn.close().await;
        PgDatabase {
            url: with_database(server, &name),
            server: server.to_string(),
            name,
        }
    }
}

impl Drop for PgDatabase {
    /// Dropped from a thread of its own with a runtime of its own: this may run while a failed test
    /// unwinds, inside the test's runtime.
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&server).await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await?;
                conn.close().await
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
    }
}

/// `url` naming the database `name` instead of its own (its query, if any, kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A new SQLite store in a folder of its own (removed when the guard drops).
async fn make_sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open_path(&dir.path().join("nested/dir/tpmprep.db"))
        .await
        .expect("open");
    (store, dir)
}

fn story(title: &str, principles: &[&str], status: Status) -> StoryContent {
    StoryContent {
        title: title.to_string(),
        status,
        principles: principles.iter().map(|p| p.to_string()).collect(),
        tags: vec!["payments".into()],
        partners: vec![Partner {
            name: "Priya".into(),
            role: "engineering manager".into(),
        }],
        situation: "Checkout latency doubled after the holiday freeze.".into(),
        action: "I split the rollout into three waves and kept a rollback switch.".into(),
        ..StoryContent::default()
    }
}
