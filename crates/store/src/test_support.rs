//! For tests (the `test-support` feature, enabled by the workspace's test builds only): a
//! throwaway database per test on the PostgreSQL server `TPMPREP_TEST_DATABASE_URL` names
//! (`scripts/test` and `scripts/with-postgres` start one), owned by an ordinary role so row-level
//! security binds it as on a well-configured server, and dropped when the test ends.

use std::io::Write;
use std::sync::Once;

use sqlx::Connection;

/// The PostgreSQL server the suite runs on: a database URL on it (`scripts/with-postgres` exports
/// one). Each test creates a database of its own there and drops it afterwards.
pub const PG_VAR: &str = "TPMPREP_TEST_DATABASE_URL";

/// The server URL from [`PG_VAR`]; when it is unset, a failure under CI (a run that skipped
/// PostgreSQL would pass without testing it) and otherwise a note, printed once, that it was skipped.
pub fn pg_server() -> Option<String> {
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
                    "note: {PG_VAR} is not set: the PostgreSQL tests were skipped (scripts/with-postgres \
                     cargo test runs them)"
                );
            });
            None
        }
    }
}

/// A database of one test's own on the test server, dropped when the test ends (passed or not).
pub struct PgDatabase {
    server: String,
    name: String,
    /// Its URL, signing in as [`APP_ROLE`].
    pub url: String,
}

/// The ordinary role (no superuser, no `BYPASSRLS`) the store connects as in the tests, so
/// PostgreSQL's row-level security binds it as it would a well-configured server.
pub const APP_ROLE: &str = "tpmprep_app";

impl PgDatabase {
    /// A new database owned by [`APP_ROLE`] (created when missing), and its URL as that role.
    pub async fn create(server: &str) -> PgDatabase {
        let name = format!("tpmprep_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(server)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {PG_VAR}={server}: {e}"));
        // Tests run in parallel: a role made by another test in between is fine.
        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )))
        .execute(&mut conn)
        .await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} OWNER {APP_ROLE}"
        )))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("cannot create the database {name}: {e}"));
        let _ = conn.close().await;
        PgDatabase {
            url: as_role(&with_database(server, &name), APP_ROLE),
            server: server.to_string(),
            name,
        }
    }
}

/// `url` signing in as `role` (no password: the test server trusts local connections).
fn as_role(url: &str, role: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}@{host}")
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
