//! The `Writings` domain: attempts created, listed and shown; the text with every revision (typing
//! coalesced, a stale edit refused whole, the same text no revision); the seconds spent never going
//! down; finishing and finishing again; deleting with every revision; another owner's attempts;
//! over-long values refused before anything is written; backups, on each backend and from one to
//! the other; row-level security on PostgreSQL.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{
    Backup, LOCAL_USER, MAX_WRITING_BODY_CHARS, MAX_WRITING_PROMPT_CHARS, MAX_WRITING_TITLE_CHARS,
    NewWriting, PgStore, Store, StoreError, UserId, WritingId,
};

use crate::{assert_same, each_backend, moves_between_backends};

/// The typing window the tests save with.
const WINDOW: i64 = 5_000;

/// A time well after any the store itself writes.
const T: i64 = 1_800_000_000_000;

const PACK: NewWriting<'static> = NewWriting {
    prompt_id: Some("w-inventive"),
    title: "The most inventive thing you have built",
    prompt_text: "Tell us about the most inventive thing you have built. <b>Two pages</b> & \"data\".",
    minutes: 60,
};

const OWN: NewWriting<'static> = NewWriting {
    prompt_id: None,
    title: "My own: a judgment call",
    prompt_text: "A call made without the data you wanted, ünïcödé included.",
    minutes: 45,
};

async fn create(s: &dyn Store, owner: UserId, new: &NewWriting<'_>, at: i64) -> WritingId {
    s.create_writing(owner, new, at).await.expect("create")
}

/// `(rev, body, words, saved_at)` of every revision, oldest first.
async fn revisions(s: &dyn Store, owner: UserId, id: WritingId) -> Vec<(i64, String, i64, i64)> {
    s.writing_revisions(owner, id)
        .await
        .expect("revisions")
        .into_iter()
        .map(|r| (r.rev, r.body, r.words, r.saved_at))
        .collect()
}

#[tokio::test]
async fn an_attempt_is_created_listed_and_shown() {
    each_backend(async |s| {
        let first = create(s, LOCAL_USER, &PACK, T).await;
        let second = create(s, LOCAL_USER, &OWN, T + 1).await;
        assert_ne!(first, second);
        let w = s.writing(LOCAL_USER, first).await.expect("read");
        assert_eq!(w.summary.id, first);
        assert_eq!(w.summary.prompt_id.as_deref(), PACK.prompt_id);
        assert_eq!(w.summary.title, PACK.title);
        assert_eq!(w.summary.minutes, 60);
        assert_eq!((w.summary.created_at, w.summary.updated_at), (T, T));
        assert_eq!(
            (w.summary.finished_at, w.summary.overall, w.summary.words),
            (None, None, 0)
        );
        assert_eq!(w.prompt_text, PACK.prompt_text);
        assert_eq!((w.body.as_str(), w.rev, w.elapsed_seconds), ("", 0, 0));
        assert_eq!(w.report, None);

        let own = s.writing(LOCAL_USER, second).await.expect("read");
        assert_eq!(own.summary.prompt_id, None);
        assert_eq!(
            (own.prompt_text.as_str(), own.summary.minutes),
            (OWN.prompt_text, 45)
        );

        let list = s.list_writings(LOCAL_USER).await.expect("list");
        assert_eq!(
            list.iter().map(|w| w.id).collect::<Vec<_>>(),
            [second, first],
            "newest first"
        );
        assert_eq!(list[1], w.summary);
        assert!(matches!(
            s.writing(LOCAL_USER, second + 100).await,
            Err(StoreError::WritingNotFound(id)) if id == second + 100
        ));
        assert!(
            s.writing_revisions(LOCAL_USER, first)
                .await
                .expect("none")
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn the_text_keeps_every_revision_and_coalesces_typing() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &PACK, T).await;
        let save = async |base: i64, body: &str, words: i64, elapsed: i64, at: i64| {
            s.save_writing(LOCAL_USER, id, base, body, words, elapsed, at, WINDOW)
                .await
        };
        // Nothing typed yet: no revision, but the clock is kept.
        assert_eq!(save(0, "", 0, 5, T + 1).await.expect("empty"), 0);
        assert!(revisions(s, LOCAL_USER, id).await.is_empty());
        assert_eq!(
            s.writing(LOCAL_USER, id)
                .await
                .expect("read")
                .elapsed_seconds,
            5
        );

        assert_eq!(save(0, "In 2023", 2, 10, T + 10).await.expect("first"), 1);
        // Typing on within the window replaces the revision in place.
        assert_eq!(
            save(1, "In 2023 I built", 4, 12, T + 2_000)
                .await
                .expect("typing"),
            1
        );
        assert_eq!(
            revisions(s, LOCAL_USER, id).await,
            [(1, "In 2023 I built".into(), 4, T + 2_000)]
        );
        // The window runs from the revision's last save: a pause of it makes a new revision.
        let later = T + 2_000 + WINDOW;
        assert_eq!(
            save(1, "In 2023 I built a tool.", 6, 20, later)
                .await
                .expect("pause"),
            2
        );
        // The same text again: no revision (whatever it was based on), its time not moved, but the
        // clock is saved.
        assert_eq!(
            save(1, "In 2023 I built a tool.", 6, 30, later + 1)
                .await
                .expect("same"),
            2
        );
        let w = s.writing(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (w.rev, w.body.as_str(), w.elapsed_seconds),
            (2, "In 2023 I built a tool.", 30)
        );
        assert_eq!((w.summary.words, w.summary.updated_at), (6, later + 1));

        // An edit made from revision 1 now is stale: refused, nothing written (not the clock).
        match save(1, "Something else entirely", 3, 99, later + 2).await {
            Err(StoreError::WritingConflict {
                id: got,
                base_rev,
                current_rev,
            }) => assert_eq!((got, base_rev, current_rev), (id, 1, 2)),
            other => panic!("expected a conflict: {other:?}"),
        }
        // A revision that never was is refused too.
        assert!(matches!(
            save(7, "From the future", 3, 99, later + 2).await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            s.writing(LOCAL_USER, id).await.expect("read"),
            w,
            "the refused saves wrote nothing"
        );
        assert_eq!(
            revisions(s, LOCAL_USER, id).await,
            [
                (1, "In 2023 I built".into(), 4, T + 2_000),
                (2, "In 2023 I built a tool.".into(), 6, later)
            ],
            "oldest first"
        );
        // No window: every change is a revision.
        assert_eq!(
            s.save_writing(LOCAL_USER, id, 2, "Shorter.", 1, 40, later + 3, 0)
                .await
                .expect("no window"),
            3
        );
        let list = s.list_writings(LOCAL_USER).await.expect("list");
        assert_eq!(list[0].words, 1, "the latest revision's word count");
    })
    .await;
}

#[tokio::test]
async fn saves_from_the_same_revision_at_once_make_one_revision_and_conflicts() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &PACK, T).await;
        s.save_writing(LOCAL_USER, id, 0, "base", 1, 0, T, WINDOW)
            .await
            .expect("base");
        // Connections open first, so the saves below start together.
        let (r1, r2, r3, r4) = tokio::join!(
            s.writing(LOCAL_USER, id),
            s.writing(LOCAL_USER, id),
            s.writing(LOCAL_USER, id),
            s.writing(LOCAL_USER, id),
        );
        for r in [r1, r2, r3, r4] {
            r.expect("read");
        }
        let later = T + 10 * WINDOW;
        let texts = ["window A", "window B", "window C", "window D"];
        let save = |text| s.save_writing(LOCAL_USER, id, 1, text, 2, 0, later, WINDOW);
        let (a, b, c, d) = tokio::join!(
            save(texts[0]),
            save(texts[1]),
            save(texts[2]),
            save(texts[3])
        );
        let mut won = Vec::new();
        for (text, outcome) in texts.iter().zip([a, b, c, d]) {
            match outcome {
                Ok(rev) => won.push((rev, *text)),
                Err(StoreError::WritingConflict {
                    base_rev: 1,
                    current_rev: 2,
                    ..
                }) => {}
                Err(e) => panic!("{text}: expected a save or a conflict: {e:?}"),
            }
        }
        assert_eq!(won.len(), 1, "one save wins: {won:?}");
        assert_eq!(won[0].0, 2);
        let bodies: Vec<String> = revisions(s, LOCAL_USER, id)
            .await
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(bodies, ["base", won[0].1]);
    })
    .await;
}

#[tokio::test]
async fn the_seconds_spent_never_go_down() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &PACK, T).await;
        let elapsed = async || {
            s.writing(LOCAL_USER, id)
                .await
                .expect("read")
                .elapsed_seconds
        };
        s.save_writing_clock(LOCAL_USER, id, 300, T + 1)
            .await
            .expect("clock");
        assert_eq!(elapsed().await, 300);
        // A window left open with an older clock does not wind it back.
        s.save_writing_clock(LOCAL_USER, id, 120, T + 2)
            .await
            .expect("clock");
        assert_eq!(elapsed().await, 300);
        s.save_writing(LOCAL_USER, id, 0, "Text.", 1, 200, T + 3, WINDOW)
            .await
            .expect("save");
        assert_eq!(elapsed().await, 300);
        s.save_writing(LOCAL_USER, id, 1, "Text.", 1, 420, T + 4, WINDOW)
            .await
            .expect("save");
        assert_eq!(elapsed().await, 420);
        let w = s.writing(LOCAL_USER, id).await.expect("read");
        assert_eq!(w.summary.updated_at, T + 4);
        assert!(matches!(
            s.save_writing_clock(LOCAL_USER, id, -1, T + 5).await,
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.save_writing_clock(LOCAL_USER, id + 100, 1, T + 5).await,
            Err(StoreError::WritingNotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn finishing_again_replaces_the_report_and_keeps_the_first_finish() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &PACK, T).await;
        s.save_writing(LOCAL_USER, id, 0, "A narrative.", 2, 600, T + 1, WINDOW)
            .await
            .expect("save");
        let report = r#"{"overall": 64, "findings": [{"category": "grammar"}]}"#;
        s.finish_writing(LOCAL_USER, id, report, 64, T + 10)
            .await
            .expect("finish");
        let w = s.writing(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (
                w.summary.finished_at,
                w.summary.overall,
                w.summary.updated_at
            ),
            (Some(T + 10), Some(64), T + 10)
        );
        assert_eq!(
            w.report.as_deref(),
            Some(report),
            "JSON given back as written"
        );

        // The candidate keeps editing after the report: the saves add revisions.
        assert_eq!(
            s.save_writing(
                LOCAL_USER,
                id,
                1,
                "A narrative, revised.",
                3,
                650,
                T + 20_000,
                WINDOW
            )
            .await
            .expect("after the finish"),
            2
        );
        let again = r#"{"overall": 71}"#;
        s.finish_writing(LOCAL_USER, id, again, 71, T + 30_000)
            .await
            .expect("again");
        let w = s.writing(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (
                w.summary.finished_at,
                w.summary.overall,
                w.summary.updated_at
            ),
            (Some(T + 10), Some(71), T + 30_000)
        );
        assert_eq!(w.report.as_deref(), Some(again));
        assert_eq!((w.rev, w.summary.words, w.elapsed_seconds), (2, 3, 650));
        let list = s.list_writings(LOCAL_USER).await.expect("list");
        assert_eq!(
            (list[0].overall, list[0].finished_at),
            (Some(71), Some(T + 10))
        );
        for (report, overall, says) in [("{", 50, "report"), ("{}", 101, "overall")] {
            match s
                .finish_writing(LOCAL_USER, id, report, overall, T + 40_000)
                .await
            {
                Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
                other => panic!("{says}: expected Invalid, got {other:?}"),
            }
        }
        assert_eq!(s.writing(LOCAL_USER, id).await.expect("read"), w);
    })
    .await;
}

#[tokio::test]
async fn deleting_an_attempt_takes_its_revisions() {
    each_backend(async |s| {
        let kept = create(s, LOCAL_USER, &OWN, T).await;
        let id = create(s, LOCAL_USER, &PACK, T + 1).await;
        for attempt in [kept, id] {
            s.save_writing(LOCAL_USER, attempt, 0, "one", 1, 0, T + 2, 0)
                .await
                .expect("save");
            s.save_writing(LOCAL_USER, attempt, 1, "one two", 2, 0, T + 3, 0)
                .await
                .expect("save");
        }
        assert!(s.delete_writing(LOCAL_USER, id).await.expect("delete"));
        assert!(matches!(
            s.writing(LOCAL_USER, id).await,
            Err(StoreError::WritingNotFound(_))
        ));
        assert!(matches!(
            s.writing_revisions(LOCAL_USER, id).await,
            Err(StoreError::WritingNotFound(_))
        ));
        assert!(!s.delete_writing(LOCAL_USER, id).await.expect("again"));
        assert_eq!(
            s.list_writings(LOCAL_USER)
                .await
                .expect("list")
                .iter()
                .map(|w| w.id)
                .collect::<Vec<_>>(),
            [kept]
        );
        // Nothing of it is left to back up; the other attempt is whole.
        let backup = s.export_user(LOCAL_USER).await.expect("backup");
        assert_eq!(backup.writings.len(), 1);
        assert_eq!(backup.writings[0].title, OWN.title);
        assert_eq!(backup.writings[0].revisions.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn another_owner_finds_no_writing_attempt() {
    each_backend(async |s| {
        let other = s.create_user("someone-else").await.expect("user");
        let id = create(s, LOCAL_USER, &PACK, T).await;
        s.save_writing(LOCAL_USER, id, 0, "mine", 1, 60, T + 1, WINDOW)
            .await
            .expect("save");
        let before = s.writing(LOCAL_USER, id).await.expect("read");
        let not_found = |r: Result<(), StoreError>, what: &str| match r {
            Err(StoreError::WritingNotFound(got)) => assert_eq!(got, id, "{what}"),
            other => panic!("{what}: expected WritingNotFound, got {other:?}"),
        };
        not_found(s.writing(other, id).await.map(drop), "writing");
        for base in [0, 1] {
            not_found(
                s.save_writing(other, id, base, "theirs", 1, 999, T + 2, WINDOW)
                    .await
                    .map(drop),
                "save_writing",
            );
        }
        not_found(
            s.save_writing_clock(other, id, 999, T + 2).await,
            "save_writing_clock",
        );
        not_found(
            s.writing_revisions(other, id).await.map(drop),
            "writing_revisions",
        );
        not_found(
            s.finish_writing(other, id, "{}", 50, T + 2).await,
            "finish_writing",
        );
        assert!(
            !s.delete_writing(other, id).await.expect("delete"),
            "nothing of theirs to delete"
        );
        assert!(s.list_writings(other).await.expect("list").is_empty());
        assert_eq!(
            s.writing(LOCAL_USER, id).await.expect("still mine"),
            before,
            "untouched"
        );
    })
    .await;
}

#[tokio::test]
async fn values_too_long_are_refused_and_nothing_is_written() {
    each_backend(async |s| {
        let invalid = |r: Result<(), StoreError>, field: &str| match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(field), "{field}: {m}"),
            other => panic!("{field}: expected Invalid, got {other:?}"),
        };
        let long_title = "t".repeat(MAX_WRITING_TITLE_CHARS + 1);
        let long_prompt = "p".repeat(MAX_WRITING_PROMPT_CHARS + 1);
        for (new, field) in [
            (
                NewWriting {
                    title: &long_title,
                    ..PACK
                },
                "title",
            ),
            (
                NewWriting {
                    prompt_text: &long_prompt,
                    ..PACK
                },
                "prompt text",
            ),
            (NewWriting { minutes: 0, ..PACK }, "minutes"),
            (
                NewWriting {
                    minutes: 601,
                    ..PACK
                },
                "minutes",
            ),
        ] {
            invalid(s.create_writing(LOCAL_USER, &new, T).await.map(drop), field);
        }
        assert!(s.list_writings(LOCAL_USER).await.expect("list").is_empty());

        let id = create(s, LOCAL_USER, &PACK, T).await;
        s.save_writing(LOCAL_USER, id, 0, "short", 1, 10, T + 1, WINDOW)
            .await
            .expect("save");
        let before = s.writing(LOCAL_USER, id).await.expect("read");
        let long_body = "b".repeat(MAX_WRITING_BODY_CHARS + 1);
        for (body, words, elapsed, field) in [
            (long_body.as_str(), 1, 20, "body"),
            ("a\0b", 1, 20, "body"),
            ("fine", -1, 20, "word count"),
            ("fine", 1, -20, "elapsed seconds"),
        ] {
            invalid(
                s.save_writing(LOCAL_USER, id, 1, body, words, elapsed, T + 2, WINDOW)
                    .await
                    .map(drop),
                field,
            );
        }
        assert_eq!(
            s.writing(LOCAL_USER, id).await.expect("read"),
            before,
            "nothing was written"
        );
        // Characters, not bytes: the longest text of two-byte letters fits.
        let widest = "é".repeat(MAX_WRITING_BODY_CHARS);
        assert_eq!(
            s.save_writing(LOCAL_USER, id, 1, &widest, 1, 20, T + WINDOW + 1, WINDOW)
                .await
                .expect("the longest text"),
            2
        );
        let w = s.writing(LOCAL_USER, id).await.expect("read");
        assert_eq!(w.body.chars().count(), MAX_WRITING_BODY_CHARS);
    })
    .await;
}

/// Two attempts for `owner`: one finished with three revisions and a report, one untouched.
async fn fill(s: &dyn Store, owner: UserId) {
    let id = create(s, owner, &PACK, T).await;
    for (base, body, words, at) in [
        (0, "In 2023", 2, T + 1_000),
        (1, "In 2023 I built a replay tool.", 6, T + 60_000),
        (
            2,
            "In 2023 I built a replay tool — ünïcödé.",
            7,
            T + 120_000,
        ),
    ] {
        s.save_writing(
            owner,
            id,
            base,
            body,
            words,
            at / 1_000 - T / 1_000,
            at,
            WINDOW,
        )
        .await
        .expect("save");
    }
    s.finish_writing(
        owner,
        id,
        r#"{"overall": 68, "words": 7, "findings": [{"category": "clarity", "start": 0}]}"#,
        68,
        T + 200_000,
    )
    .await
    .expect("finish");
    create(s, owner, &OWN, T + 300_000).await;
}

/// What [`fill`] gave, as its backup shows it.
fn assert_filled(b: &Backup) {
    let w = &b.writings;
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].prompt_id.as_deref(), PACK.prompt_id);
    assert_eq!(
        w[0].revisions
            .iter()
            .map(|r| (r.rev, r.words))
            .collect::<Vec<_>>(),
        [(1, 2), (2, 6), (3, 7)]
    );
    assert_eq!((w[0].elapsed_seconds, w[0].overall), (120, Some(68)));
    assert_eq!(w[0].finished_at, Some(T + 200_000));
    assert_eq!(
        w[0].report.as_ref().expect("report")["findings"][0]["category"],
        "clarity"
    );
    assert_eq!((w[1].title.as_str(), w[1].minutes), (OWN.title, 45));
    assert!(w[1].revisions.is_empty() && w[1].report.is_none());
}

#[tokio::test]
async fn writing_attempts_come_back_whole_from_a_backup() {
    each_backend(async |s| {
        fill(s, LOCAL_USER).await;
        let first = s.export_user(LOCAL_USER).await.expect("backup");
        assert_filled(&first);
        let text = serde_json::to_string_pretty(&first).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), first);

        let other = s.create_user("restored").await.expect("user");
        s.import_user(other, &first).await.expect("restore");
        assert_same(&first, &s.export_user(other).await.expect("again"));
        // The restored attempts are the account's own, with ids of this database, and take saves.
        let restored = s.list_writings(other).await.expect("list");
        let mine = s.list_writings(LOCAL_USER).await.expect("mine");
        assert_eq!(restored.len(), 2);
        assert!(restored.iter().all(|r| mine.iter().all(|m| m.id != r.id)));
        let finished = &restored[1];
        let w = s.writing(other, finished.id).await.expect("read");
        assert_eq!((w.rev, w.summary.words, w.elapsed_seconds), (3, 7, 120));
        assert_eq!(
            s.save_writing(
                other,
                finished.id,
                3,
                "After the restore.",
                3,
                130,
                T + 999_000,
                WINDOW
            )
            .await
            .expect("a save after the restore"),
            4
        );

        // An account holding an attempt takes no restore.
        let holder = s.create_user("has-a-writing").await.expect("user");
        create(s, holder, &OWN, T).await;
        match s.import_user(holder, &first).await {
            Err(e @ StoreError::NotEmpty(_)) => {
                assert!(
                    e.to_string().contains("holds 1 writing attempt already"),
                    "{e}"
                )
            }
            other => panic!("expected NotEmpty: {other:?}"),
        }

        // A document that does not hold together writes nothing.
        let empty = s.create_user("still-empty").await.expect("user");
        let nothing = s.export_user(empty).await.expect("empty");
        let refused = async |b: &Backup, says: &str| {
            match s.import_user(empty, b).await {
                Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{says}: {m}"),
                other => panic!("{says}: expected BadBackup, got {other:?}"),
            }
            assert_same(&nothing, &s.export_user(empty).await.expect("after"));
        };
        let mut b = first.clone();
        b.writings[0].revisions.remove(1);
        refused(&b, "writing attempt 1 of the backup").await;
        let mut b = first.clone();
        b.writings[1].minutes = 0;
        refused(&b, "writing attempt 2 of the backup").await;
        let mut b = first.clone();
        b.writings[0].overall = None;
        refused(&b, "go together").await;

        // A backup written before writing attempts were kept restores with none.
        let old = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5,
                "settings": {"interview_date": "2027-01-04"}, "stories": [], "mocks": []}"#,
        )
        .expect("read");
        let owner = s.create_user("old-backup").await.expect("user");
        s.import_user(owner, &old).await.expect("restore");
        assert!(s.list_writings(owner).await.expect("list").is_empty());
        assert_eq!(
            s.setting(owner, "interview_date").await.expect("setting"),
            Some("2027-01-04".into())
        );
    })
    .await;
}

/// SQLite → backup → PostgreSQL → backup gives the same document, and PostgreSQL → SQLite too.
#[tokio::test]
async fn writing_attempts_move_between_sqlite_and_postgresql_unchanged() {
    moves_between_backends(
        async |s: &dyn Store, owner: UserId| {
            fill(s, owner).await;
        },
        assert_filled,
    )
    .await;
}

/// On PostgreSQL, the writing tables are behind row-level security as every owned table is: a
/// transaction acting for one account sees and writes only its attempts and revisions.
#[tokio::test]
async fn row_level_security_keeps_writing_attempts_to_their_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    let ana = store.create_user("ana").await.expect("user");
    let bo = store.create_user("bo").await.expect("user");
    fill(&store, ana).await;
    fill(&store, bo).await;
    let bo_attempt = store.list_writings(bo).await.expect("list")[1].id;

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    for table in ["writings", "writing_revisions"] {
        let guarded: bool = sqlx::query_scalar(
            "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class
             WHERE relname = $1 AND relnamespace = 'public'::regnamespace",
        )
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .expect("table");
        assert!(guarded, "{table} is without row-level security");
    }
    let counts = async |conn: &mut sqlx::PgConnection| {
        let mut out = Vec::new();
        for table in ["writings", "writing_revisions"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                    .fetch_one(&mut *conn)
                    .await
                    .expect("count");
            out.push(n);
        }
        out
    };
    assert_eq!(
        counts(&mut conn).await,
        [0, 0],
        "acting for no one: nothing"
    );
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    assert_eq!(counts(&mut tx).await, [2, 3], "Ana's rows only");
    let touched = sqlx::query("UPDATE writing_revisions SET body = 'overwritten'")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 3);
    let refused = sqlx::query(
        "INSERT INTO writing_revisions (owner_id, writing_id, rev, body, words, saved_at)
         VALUES ($1, $2, 9, 'planted', 1, 0)",
    )
    .bind(bo)
    .bind(bo_attempt)
    .execute(&mut *tx)
    .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    let bodies: Vec<String> = store
        .writing_revisions(bo, bo_attempt)
        .await
        .expect("revisions")
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(bodies.len(), 3, "Bo's revisions: {bodies:?}");
    assert!(bodies.iter().all(|b| b != "overwritten" && b != "planted"));
    store.close().await;
}
