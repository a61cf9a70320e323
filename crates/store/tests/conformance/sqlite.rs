//! The SQLite file itself: it survives reopening, is named by a path or a `sqlite:` URL, reports
//! damage once and can still be checked, opens when many open it at once, and upgrades from older
//! schemas. SQLite only; not part of the conformance story.

use tpmprep_store::prelude::*;
use tpmprep_store::{LOCAL_USER, MockRating, SqliteStore, StoreError, StoryFilter};
use tpmprep_stories::Status;

use crate::mocks::MOCK;
use crate::story;

#[tokio::test]
async fn sqlite_file_is_sound_and_survives_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    let id = store
        .create_story(LOCAL_USER, &story("Kept", &["ownership"], Status::Ready))
        .await
        .expect("c")
        .id;
    assert_eq!(store.integrity_check().await.expect("check"), "ok");
    store.close().await;
    let again = SqliteStore::open_path(&path)
        .await
        .expect("reopen runs migrations idempotently");
    assert_eq!(
        again
            .story(LOCAL_USER, id)
            .await
            .expect("read")
            .content
            .title,
        "Kept"
    );
}

#[tokio::test]
async fn unsupported_urls_are_named() {
    let err = match tpmprep_store::open_url("mysql://localhost/db").await {
        Ok(_) => panic!("mysql is not supported"),
        Err(e) => e,
    };
    assert!(
        err.to_string()
            .contains("unsupported database URL `mysql://localhost/db`"),
        "{err}"
    );
}

/// The trial: `--database-url /tmp/trialx.db` was refused as "unsupported" though the message
/// itself says a file path will do.
#[tokio::test]
async fn a_plain_file_path_is_a_sqlite_database_and_other_schemes_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("trial x.db");
    let url = path.to_str().expect("utf-8 path");
    let store = tpmprep_store::open_url(url).await.expect("a path opens");
    store
        .create_story(LOCAL_USER, &story("By path", &[], Status::Draft))
        .await
        .expect("create");
    store.close().await;
    assert!(path.exists(), "the file is where the path says");
    let again = tpmprep_store::open_url(&format!("sqlite://{url}"))
        .await
        .expect("the same file as a sqlite: URL");
    let listed = again
        .list_stories(LOCAL_USER, &StoryFilter::default())
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    again.close().await;
    assert_eq!(
        tpmprep_store::integrity_check_url(url)
            .await
            .expect("check"),
        ["ok"]
    );
    for refused in ["mysql://me@localhost/prep", "postgre://x/y", ""] {
        let err = match tpmprep_store::open_url(refused).await {
            Ok(_) => panic!("{refused:?} is not supported"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            err,
            format!(
                "unsupported database URL `{refused}`: use a sqlite: URL, a file path or a \
                 postgres:// URL"
            )
        );
    }
}

/// A `postgres://` or `postgresql://` URL goes to PostgreSQL (here a port nothing listens on: the
/// connection fails, the URL is not refused), and `db check` says it reads SQLite files only.
#[tokio::test]
async fn postgres_urls_go_to_postgresql() {
    for url in [
        "postgres://me@127.0.0.1:1/prep",
        "postgresql://me@127.0.0.1:1/prep",
    ] {
        match tpmprep_store::open_url(url).await {
            Ok(_) => panic!("nothing listens on port 1"),
            Err(StoreError::Unavailable(_)) => {}
            Err(e) => panic!("{url}: expected the database to be unavailable, got {e}"),
        }
        assert!(matches!(
            tpmprep_store::integrity_check_url(url).await,
            Err(StoreError::CheckSqliteOnly)
        ));
    }
}

/// A database with `pages` pages of story text, closed; returns its path.
async fn filled_database(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("damaged.db");
    let store = SqliteStore::open_path(&path).await.expect("open");
    for i in 0..40 {
        let mut s = story(&format!("Story {i}"), &[], Status::Draft);
        s.situation = format!("{i} ").repeat(800);
        store.create_story(LOCAL_USER, &s).await.expect("create");
    }
    store.close().await;
    path
}

/// The file's page size, from its header (bytes 16–17, big-endian; 1 means 65,536).
fn page_size(path: &std::path::Path) -> u64 {
    let bytes = std::fs::read(path).expect("read the file");
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    }
}

/// Overwrites page `page` (1-based) of the file with garbage.
fn damage_page(path: &std::path::Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let size = page_size(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open the file");
    f.seek(SeekFrom::Start((page - 1) * size)).expect("seek");
    f.write_all(&vec![0xA5; size as usize]).expect("write");
}

/// The trial: a damaged page made every open say "cannot migrate the database: … database disk
/// image is malformed" four times, and `db check` could not run its integrity check.
#[tokio::test]
async fn a_damaged_file_is_reported_once_and_can_still_be_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = filled_database(dir.path()).await;
    let pages = std::fs::metadata(&path).expect("size").len() / page_size(&path);
    assert!(pages > 20, "{pages} pages");
    // Pages of story data: the check runs and lists what is wrong.
    for page in [pages - 2, pages - 1] {
        damage_page(&path, page);
    }
    let findings = SqliteStore::check_path(&path)
        .await
        .expect("the check runs");
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("*** in database main")),
        "{findings:?}"
    );

    // The first page (the schema): opening says so once; the check still answers.
    damage_page(&path, 1);
    let err = match SqliteStore::open_path(&path).await {
        Ok(_) => panic!("a file without its schema does not open"),
        Err(e) => e,
    };
    assert!(matches!(err, StoreError::Damaged(_)), "{err:?}");
    let words = err.to_string();
    assert!(
        words.starts_with("the database file is damaged ("),
        "{words}"
    );
    assert!(words.contains("`tpmprep db check`"), "{words}");
    assert!(
        std::error::Error::source(&err).is_none(),
        "a chain printed whole says it once"
    );
    match tpmprep_store::integrity_check_url(path.to_str().expect("utf-8")).await {
        Ok(findings) => assert_ne!(findings, ["ok"]),
        Err(e) => assert!(matches!(e, StoreError::Damaged(_)), "{e:?}"),
    }
    // A missing file is not created by a check.
    let missing = dir.path().join("missing.db");
    let err = SqliteStore::check_path(&missing)
        .await
        .expect_err("missing");
    assert!(err.to_string().contains("no database at"), "{err}");
    assert!(!missing.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_first_opens_of_one_new_file_at_once_all_succeed() {
    for round in 0..5 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(format!("race-{round}.db"));
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                tokio::spawn(async move { SqliteStore::open_path(&path).await })
            })
            .collect();
        for o in opens {
            let store = o.await.expect("task").expect("every open succeeds");
            store.close().await;
        }
    }
}

#[tokio::test]
async fn scores_cached_before_the_day_scores_existed_start_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    let id = store
        .create_story(LOCAL_USER, &story("Old", &["ownership"], Status::Ready))
        .await
        .expect("c")
        .id;
    store
        .set_story_score(LOCAL_USER, id, 1, 58)
        .await
        .expect("score");
    store.close().await;
    // Take the file back to before migration 0004: the cached score is there, the day table is not.
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
            .await
            .expect("raw open");
        for sql in [
            "DROP TABLE story_day_scores",
            "DELETE FROM _sqlx_migrations WHERE version = 4",
        ] {
            sqlx::query(sql).execute(&mut c).await.expect(sql);
        }
        c.close().await.expect("close");
    }
    let store = SqliteStore::open_path(&path)
        .await
        .expect("reopen migrates");
    let history = store.score_history(LOCAL_USER).await.expect("history");
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!((history[0].story, history[0].score), (id, 58));
}

#[tokio::test]
async fn stories_saved_before_stable_ids_get_one_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    for t in ["One", "Two", "Three"] {
        store
            .create_story(LOCAL_USER, &story(t, &["ownership"], Status::Ready))
            .await
            .expect("c");
    }
    store.close().await;
    // Take the file back to before migration 0005: no uid column.
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
            .await
            .expect("raw open");
        for sql in [
            "DROP INDEX stories_by_uid",
            "DROP INDEX stories_by_title",
            "ALTER TABLE stories DROP COLUMN uid",
            "DELETE FROM _sqlx_migrations WHERE version = 5",
        ] {
            sqlx::query(sql).execute(&mut c).await.expect(sql);
        }
        c.close().await.expect("close");
    }
    let store = SqliteStore::open_path(&path)
        .await
        .expect("reopen migrates");
    let listed = store
        .list_stories(LOCAL_USER, &StoryFilter::default())
        .await
        .expect("list");
    let uids: std::collections::HashSet<&str> =
        listed.iter().map(|s| s.meta.uid.as_str()).collect();
    assert_eq!(uids.len(), 3, "{listed:?}");
    for uid in uids {
        let parts: Vec<usize> = uid.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12], "{uid}");
        assert_eq!(&uid[14..15], "4", "version 4: {uid}");
    }
}

#[tokio::test]
async fn ratings_of_principles_never_asked_leave_the_trend_on_upgrade() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite");
    let store = SqliteStore::open_path(&path).await.expect("open");
    let id = store.create_mock(LOCAL_USER, &MOCK).await.expect("create");
    let debrief = r#"{"decision":"no-hire","interviews":[
        {"ratings":[{"principle":"ownership","rating":"hire","reason":"scored 70/100"},
                    {"principle":"dive-deep","rating":"no-hire","reason":"not assessed: the interview ran out of time"}]},
        {"ratings":[{"principle":"frugality","rating":"no-hire","reason":"No trade-off."}]}]}"#;
    let rating = |interview, principle: &str, rating: &str| MockRating {
        mock_id: 0,
        interview,
        principle: principle.into(),
        rating: rating.into(),
    };
    // As an older tpmprep saved it: the principle never asked rated No Hire.
    store
        .finish_mock(
            LOCAL_USER,
            id,
            "no-hire",
            debrief,
            &[
                rating(0, "ownership", "hire"),
                rating(0, "dive-deep", "no-hire"),
                rating(1, "frugality", "no-hire"),
            ],
        )
        .await
        .expect("finish");
    // A mock whose debrief cannot be read keeps its ratings.
    let other = store.create_mock(LOCAL_USER, &MOCK).await.expect("create");
    store
        .finish_mock(
            LOCAL_USER,
            other,
            "no-hire",
            "not json",
            &[rating(0, "dive-deep", "no-hire")],
        )
        .await
        .expect("finish");
    store.close().await;
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
            .await
            .expect("raw open");
        let sql = "DELETE FROM _sqlx_migrations WHERE version = 6";
        sqlx::query(sql).execute(&mut c).await.expect(sql);
        c.close().await.expect("close");
    }
    let store = SqliteStore::open_path(&path)
        .await
        .expect("reopen migrates");
    let kept: Vec<(i64, String, String)> = store
        .mock_ratings(LOCAL_USER)
        .await
        .expect("ratings")
        .into_iter()
        .map(|r| (r.mock_id, r.principle, r.rating))
        .collect();
    assert_eq!(
        kept,
        [
            (id, "ownership".to_string(), "hire".to_string()),
            (id, "frugality".to_string(), "no-hire".to_string()),
            (other, "dive-deep".to_string(), "no-hire".to_string()),
        ]
    );
}

/// A PostgreSQL URL is shown without its password; anything else as it is.
#[test]
fn urls_are_shown_without_passwords() {
    use tpmprep_store::url_for_display as shown;
    assert_eq!(
        shown("postgres://me:s3cret@db.example:5432/prep?sslmode=require"),
        "postgres://me:***@db.example:5432/prep?sslmode=require"
    );
    assert_eq!(
        shown("postgresql://me@localhost/prep"),
        "postgresql://me@localhost/prep"
    );
    assert_eq!(
        shown("postgres://localhost/prep"),
        "postgres://localhost/prep"
    );
    assert_eq!(shown("sqlite:///tmp/a:b@c.db"), "sqlite:///tmp/a:b@c.db");
    assert_eq!(shown("/tmp/x.db"), "/tmp/x.db");
}
