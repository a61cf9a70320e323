//! The store conformance suite: one story of behaviour every backend must show, organised as the
//! store is, a module per domain (`users`, `stories` with `import`, `mocks`, `design`, `writing`,
//! `offers`, `transcripts`, `drills`, `plans`, `settings`, `sharing`, `backup`). Each test runs its story on a
//! new, empty store of every backend through [`each_backend`], the one place a backend joins the
//! suite: SQLite always, and PostgreSQL on the server `TPMPREP_TEST_DATABASE_URL` names
//! (`scripts/test` and `scripts/with-postgres` start one), each test in a database of its own.
//! `sqlite` holds the tests of the SQLite file itself (opening, damage, upgrades), which are not
//! conformance. `backup` also moves one account from SQLite to PostgreSQL and back.

mod backup;
mod design;
mod drills;
mod import;
mod mocks;
mod offers;
mod plans;
mod settings;
mod sharing;
mod sqlite;
mod stories;
mod transcripts;
mod users;
mod writing;

use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{Backup, LOCAL_USER, PgStore, SqliteStore, Store, UserId};
use tpmprep_stories::{Partner, Status, StoryContent};

/// Asserts two backups are the same document, `created_at` aside: equal, and written alike byte
/// for byte.
fn assert_same(a: &Backup, b: &Backup) {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.created_at = 0;
    b.created_at = 0;
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string_pretty(&a).expect("json"),
        serde_json::to_string_pretty(&b).expect("json")
    );
}

/// SQLite → backup → PostgreSQL → backup gives the same document, and PostgreSQL → SQLite too,
/// for an account `fill` fills; `filled` checks the backup holds what `fill` put in. A domain's
/// move test is this with its own `fill` (skipped without a PostgreSQL server).
async fn moves_between_backends(fill: impl AsyncFn(&dyn Store, UserId), filled: impl Fn(&Backup)) {
    let Some(server) = pg_server() else { return };
    let (sqlite, _dir) = make_sqlite().await;
    let db = PgDatabase::create(&server).await;
    let pg = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    fill(&sqlite, LOCAL_USER).await;
    let from_sqlite = sqlite.export_user(LOCAL_USER).await.expect("backup");
    pg.import_user(LOCAL_USER, &from_sqlite)
        .await
        .expect("restore on postgres");
    assert_same(&from_sqlite, &pg.export_user(LOCAL_USER).await.expect("pg"));

    let account = pg.create_user("made-on-postgres").await.expect("user");
    fill(&pg, account).await;
    let from_pg = pg.export_user(account).await.expect("backup");
    filled(&from_pg);
    let (fresh, _fresh_dir) = make_sqlite().await;
    fresh
        .import_user(LOCAL_USER, &from_pg)
        .await
        .expect("restore on sqlite");
    assert_same(
        &from_pg,
        &fresh.export_user(LOCAL_USER).await.expect("sqlite"),
    );
    for s in [&sqlite as &dyn Store, &pg, &fresh] {
        s.close().await;
    }
}

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
