//! The `Designs` domain: sessions created, listed and shown; each phase's notes with every
//! revision (typing coalesced, a stale edit refused whole); the clock, the diagram and its
//! revisions, hints in order, finishing and finishing again, deleting with everything in it;
//! another owner's sessions; over-long values refused before anything is written.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{
    DesignId, EMPTY_DIAGRAM, LOCAL_USER, MAX_DESIGN_DIAGRAM_CHARS, MAX_DESIGN_HINT_CHARS,
    MAX_DESIGN_NOTE_CHARS, MAX_DESIGN_PROMPT_CHARS, MAX_DESIGN_TITLE_CHARS, NewDesign, NewHint,
    PgStore, Store, StoreError, StoredDesign, UserId, now_ms,
};

use crate::each_backend;

/// The typing window the tests save notes with.
const WINDOW: i64 = 5_000;

pub(crate) const DESIGN: NewDesign<'static> = NewDesign {
    prompt_id: Some("sd-url-shortener"),
    title: "Design a URL shortener",
    prompt_text: "Design a URL shortener for 100M links a day. <b>Scale</b> & \"latency\".",
    setup: r#"{"phases": [{"key": "clarify", "minutes": 5}, {"key": "high-level", "minutes": 15}]}"#,
    clock: r#"{"phase": 0, "elapsed_ms": 0}"#,
};

const OWN: NewDesign<'static> = NewDesign {
    prompt_id: None,
    title: "My own: a ride-sharing dispatch",
    prompt_text: "Dispatch drivers to riders, ünïcödé included.",
    setup: "{}",
    clock: "{}",
};

fn hint<'a>(phase: &'a str, kind: &'a str, text: &'a str) -> NewHint<'a> {
    NewHint { phase, kind, text }
}

async fn create(s: &dyn Store, owner: UserId, new: &NewDesign<'_>) -> DesignId {
    s.create_design(owner, new).await.expect("create")
}

/// The notes of a stored session, sorted by phase (the store gives them in no particular order).
fn latest_notes(d: &StoredDesign) -> Vec<(String, i64, String)> {
    let mut notes: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.phase.clone(), n.rev, n.body.clone()))
        .collect();
    notes.sort();
    notes
}

#[tokio::test]
async fn a_session_is_created_listed_and_shown() {
    each_backend(async |s| {
        let before = now_ms();
        let first = create(s, LOCAL_USER, &DESIGN).await;
        let second = create(s, LOCAL_USER, &OWN).await;
        assert_ne!(first, second);
        let d = s.design(LOCAL_USER, first).await.expect("read");
        assert_eq!(d.summary.id, first);
        assert_eq!(d.summary.prompt_id.as_deref(), DESIGN.prompt_id);
        assert_eq!(d.summary.title, DESIGN.title);
        assert_eq!(d.prompt_text, DESIGN.prompt_text);
        assert_eq!(d.setup, DESIGN.setup, "JSON given back as written");
        assert_eq!(d.clock, DESIGN.clock);
        assert_eq!((d.diagram.as_str(), d.diagram_rev), (EMPTY_DIAGRAM, 0));
        assert!(d.notes.is_empty() && d.hints.is_empty());
        assert_eq!(
            (d.report.as_deref(), d.self_rating.as_deref()),
            (None, None)
        );
        assert_eq!((d.summary.finished_at, d.summary.overall), (None, None));
        assert!(d.summary.created_at >= before);
        assert_eq!(d.summary.updated_at, d.summary.created_at);

        let own = s.design(LOCAL_USER, second).await.expect("read");
        assert_eq!(own.summary.prompt_id, None);
        assert_eq!(own.prompt_text, OWN.prompt_text);

        let list = s.list_designs(LOCAL_USER).await.expect("list");
        assert_eq!(
            list.iter().map(|d| d.id).collect::<Vec<_>>(),
            [second, first],
            "newest first"
        );
        assert_eq!(list[1], d.summary);
        assert!(matches!(
            s.design(LOCAL_USER, second + 100).await,
            Err(StoreError::DesignNotFound(id)) if id == second + 100
        ));
    })
    .await;
}

#[tokio::test]
async fn notes_keep_every_revision_and_coalesce_typing() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t0 = now_ms() + 1_000;
        let save = async |phase: &str, base: i64, body: &str, at: i64| {
            s.save_design_note(LOCAL_USER, id, phase, base, body, at, WINDOW)
                .await
        };
        let revisions = async |phase: &str| {
            s.design_note_revisions(LOCAL_USER, id, phase)
                .await
                .expect("revisions")
                .into_iter()
                .map(|n| (n.rev, n.body, n.saved_at))
                .collect::<Vec<_>>()
        };
        // No notes yet, and nothing typed: nothing to keep.
        assert_eq!(save("clarify", 0, "", t0).await.expect("empty"), 0);
        assert!(revisions("clarify").await.is_empty());

        assert_eq!(save("clarify", 0, "Who", t0).await.expect("first"), 1);
        // The same text again: nothing written, not even its time.
        assert_eq!(
            save("clarify", 1, "Who", t0 + 1_000).await.expect("same"),
            1
        );
        assert_eq!(revisions("clarify").await, [(1, "Who".into(), t0)]);
        // Typing on within the window replaces the revision in place.
        assert_eq!(
            save("clarify", 1, "Who uses it?", t0 + 2_000)
                .await
                .expect("typing"),
            1
        );
        assert_eq!(
            revisions("clarify").await,
            [(1, "Who uses it?".into(), t0 + 2_000)]
        );
        // The window runs from the revision's last save: a pause of it makes a new revision.
        let later = t0 + 2_000 + WINDOW;
        assert_eq!(
            save("clarify", 1, "Who uses it? 100M a day.", later)
                .await
                .expect("pause"),
            2
        );
        // An edit made from revision 1 now is stale: refused, nothing written.
        match save("clarify", 1, "Something else entirely", later + 1).await {
            Err(StoreError::DesignConflict {
                id: got,
                phase,
                base_rev,
                current_rev,
            }) => assert_eq!(
                (got, phase.as_str(), base_rev, current_rev),
                (id, "clarify", 1, 2)
            ),
            other => panic!("expected a conflict: {other:?}"),
        }
        // A revision that never was is refused too.
        assert!(matches!(
            save("clarify", 7, "From the future", later + 1).await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            revisions("clarify").await,
            [
                (1, "Who uses it?".into(), t0 + 2_000),
                (2, "Who uses it? 100M a day.".into(), later)
            ],
            "oldest first; the refused edits wrote nothing"
        );
        // Each phase has its own revisions.
        assert_eq!(
            save("high-level", 0, "API → app → KV store", later + 10)
                .await
                .expect("hl"),
            1
        );
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            latest_notes(&d),
            [
                ("clarify".into(), 2, "Who uses it? 100M a day.".into()),
                ("high-level".into(), 1, "API → app → KV store".into())
            ]
        );
        assert_eq!(
            d.summary.updated_at,
            later + 10,
            "every write moves updated_at"
        );
        assert!(revisions("deep-dive").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn saves_from_the_same_revision_at_once_make_one_revision_and_conflicts() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms();
        s.save_design_note(LOCAL_USER, id, "clarify", 0, "base", t, WINDOW)
            .await
            .expect("base");
        // Four connections open first, so the saves below start together rather than one by one
        // as each waits for a new connection.
        let (r1, r2, r3, r4) = tokio::join!(
            s.design(LOCAL_USER, id),
            s.design(LOCAL_USER, id),
            s.design(LOCAL_USER, id),
            s.design(LOCAL_USER, id),
        );
        for r in [r1, r2, r3, r4] {
            r.expect("read");
        }
        let later = t + 10 * WINDOW;
        let texts = [
            "from window A",
            "from window B",
            "from window C",
            "from window D",
        ];
        let save = |text| s.save_design_note(LOCAL_USER, id, "clarify", 1, text, later, WINDOW);
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
                Err(StoreError::DesignConflict {
                    base_rev: 1,
                    current_rev: 2,
                    ..
                }) => {}
                Err(e) => panic!("{text}: expected a save or a conflict: {e:?}"),
            }
        }
        assert_eq!(won.len(), 1, "one save wins: {won:?}");
        assert_eq!(won[0].0, 2);
        let revisions = s
            .design_note_revisions(LOCAL_USER, id, "clarify")
            .await
            .expect("revisions");
        assert_eq!(
            revisions
                .iter()
                .map(|n| n.body.as_str())
                .collect::<Vec<_>>(),
            ["base", won[0].1]
        );
    })
    .await;
}

#[tokio::test]
async fn the_clock_and_the_diagram_are_saved_with_their_revisions() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        let clock = r#"{"phase": 1, "elapsed_ms": 312000, "paused": true}"#;
        s.save_design_clock(LOCAL_USER, id, clock, t).await.expect("clock");
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!((d.clock.as_str(), d.summary.updated_at), (clock, t));

        let one = r#"{"boxes":[{"id":"api","label":"API"}],"arrows":[]}"#;
        let two = r#"{"boxes":[{"id":"api","label":"API"},{"id":"kv","label":"KV"}],"arrows":[["api","kv"]]}"#;
        assert_eq!(s.save_design_diagram(LOCAL_USER, id, 0, one, t + 1).await.expect("1"), 1);
        assert_eq!(s.save_design_diagram(LOCAL_USER, id, 1, two, t + 2).await.expect("2"), 2);
        match s.save_design_diagram(LOCAL_USER, id, 1, one, t + 3).await {
            Err(e @ StoreError::DesignConflict { .. }) => {
                assert!(
                    e.to_string().starts_with("the diagram was saved meanwhile (revision 2"),
                    "{e}"
                );
            }
            other => panic!("expected a conflict: {other:?}"),
        }
        assert!(matches!(
            s.save_design_diagram(LOCAL_USER, id, 5, one, t + 3).await,
            Err(StoreError::Invalid(_))
        ));
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!((d.diagram.as_str(), d.diagram_rev), (two, 2));
        assert_eq!(d.summary.updated_at, t + 2, "the refused saves wrote nothing");
    })
    .await;
}

#[tokio::test]
async fn hints_are_kept_in_the_order_used() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        let given = [
            hint("clarify", "clarifying", "Ask about read/write ratio."),
            hint("high-level", "trade-off", "SQL or a KV store?"),
            hint("high-level", "deep-dive", "How are ids made unique?"),
        ];
        for (n, h) in given.iter().enumerate() {
            let seq = s
                .add_design_hint(LOCAL_USER, id, h, t + n as i64)
                .await
                .expect("hint");
            assert_eq!(seq, n as i64);
        }
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            d.hints
                .iter()
                .map(|h| (
                    h.seq,
                    h.phase.as_str(),
                    h.kind.as_str(),
                    h.text.as_str(),
                    h.used_at
                ))
                .collect::<Vec<_>>(),
            given
                .iter()
                .enumerate()
                .map(|(n, h)| (n as i64, h.phase, h.kind, h.text, t + n as i64))
                .collect::<Vec<_>>()
        );
        assert_eq!(d.summary.updated_at, t + 2);
    })
    .await;
}

#[tokio::test]
async fn finishing_again_replaces_the_report_and_keeps_the_first_finish() {
    each_backend(async |s| {
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        let rating = r#"{"clarity": 4, "depth": 3}"#;
        s.finish_design(
            LOCAL_USER,
            id,
            r#"{"overall": 64}"#,
            64,
            Some(rating),
            r#"{"done": true}"#,
            t,
        )
        .await
        .expect("finish");
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (
                d.summary.finished_at,
                d.summary.overall,
                d.summary.updated_at
            ),
            (Some(t), Some(64), t)
        );
        assert_eq!(d.report.as_deref(), Some(r#"{"overall": 64}"#));
        assert_eq!(d.self_rating.as_deref(), Some(rating));
        assert_eq!(d.clock, r#"{"done": true}"#);

        // Afterthoughts are still taken.
        assert_eq!(
            s.save_design_note(
                LOCAL_USER,
                id,
                "wrap-up",
                0,
                "Should have sharded.",
                t + 5,
                WINDOW
            )
            .await
            .expect("afterthought"),
            1
        );
        // Re-scored: the report and score replaced, the first finish kept, the self-rating kept
        // when none is given.
        s.finish_design(
            LOCAL_USER,
            id,
            r#"{"overall": 71}"#,
            71,
            None,
            r#"{"done": true}"#,
            t + 9,
        )
        .await
        .expect("again");
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(
            (
                d.summary.finished_at,
                d.summary.overall,
                d.summary.updated_at
            ),
            (Some(t), Some(71), t + 9)
        );
        assert_eq!(d.report.as_deref(), Some(r#"{"overall": 71}"#));
        assert_eq!(d.self_rating.as_deref(), Some(rating));
        let changed = r#"{"clarity": 5}"#;
        s.finish_design(
            LOCAL_USER,
            id,
            r#"{"overall": 71}"#,
            71,
            Some(changed),
            "{}",
            t + 10,
        )
        .await
        .expect("rating changed");
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(d.self_rating.as_deref(), Some(changed));
        assert_eq!(d.summary.finished_at, Some(t));
        let list = s.list_designs(LOCAL_USER).await.expect("list");
        assert_eq!((list[0].overall, list[0].finished_at), (Some(71), Some(t)));
    })
    .await;
}

#[tokio::test]
async fn deleting_a_session_takes_its_notes_hints_and_diagram() {
    each_backend(async |s| {
        let kept = create(s, LOCAL_USER, &OWN).await;
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        s.save_design_note(LOCAL_USER, id, "clarify", 0, "notes", t, WINDOW)
            .await
            .expect("note");
        s.add_design_hint(LOCAL_USER, id, &hint("clarify", "clarifying", "Ask."), t)
            .await
            .expect("hint");
        s.save_design_diagram(LOCAL_USER, id, 0, EMPTY_DIAGRAM, t)
            .await
            .expect("diagram");
        s.save_design_note(LOCAL_USER, kept, "clarify", 0, "kept notes", t, WINDOW)
            .await
            .expect("note");
        s.delete_design(LOCAL_USER, id).await.expect("delete");
        assert!(matches!(
            s.design(LOCAL_USER, id).await,
            Err(StoreError::DesignNotFound(_))
        ));
        assert!(matches!(
            s.design_note_revisions(LOCAL_USER, id, "clarify").await,
            Err(StoreError::DesignNotFound(_))
        ));
        assert!(matches!(
            s.delete_design(LOCAL_USER, id).await,
            Err(StoreError::DesignNotFound(_))
        ));
        assert_eq!(
            s.list_designs(LOCAL_USER)
                .await
                .expect("list")
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            [kept]
        );
        // Nothing of it is left to back up; the other session is whole.
        let backup = s.export_user(LOCAL_USER).await.expect("backup");
        assert_eq!(backup.designs.len(), 1);
        assert_eq!(backup.designs[0].title, OWN.title);
        assert_eq!(backup.designs[0].notes.len(), 1);
        assert!(backup.designs[0].hints.is_empty());
    })
    .await;
}

#[tokio::test]
async fn another_owner_finds_no_design_session() {
    each_backend(async |s| {
        let other = s.create_user("coach-client").await.expect("user");
        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        s.save_design_note(LOCAL_USER, id, "clarify", 0, "mine", t, WINDOW)
            .await
            .expect("note");
        let before = s.design(LOCAL_USER, id).await.expect("read");
        let not_found = |r: Result<(), StoreError>, what: &str| match r {
            Err(StoreError::DesignNotFound(got)) => assert_eq!(got, id, "{what}"),
            other => panic!("{what}: expected DesignNotFound, got {other:?}"),
        };
        not_found(s.design(other, id).await.map(drop), "design");
        not_found(
            s.save_design_note(other, id, "clarify", 1, "theirs", t + 1, WINDOW)
                .await
                .map(drop),
            "save_design_note",
        );
        not_found(
            s.save_design_note(other, id, "clarify", 0, "theirs", t + 1, WINDOW)
                .await
                .map(drop),
            "save_design_note from 0",
        );
        not_found(
            s.design_note_revisions(other, id, "clarify")
                .await
                .map(drop),
            "design_note_revisions",
        );
        not_found(
            s.save_design_clock(other, id, "{}", t + 1).await,
            "save_design_clock",
        );
        not_found(
            s.save_design_diagram(other, id, 0, EMPTY_DIAGRAM, t + 1)
                .await
                .map(drop),
            "save_design_diagram",
        );
        not_found(
            s.add_design_hint(other, id, &hint("clarify", "clarifying", "x"), t + 1)
                .await
                .map(drop),
            "add_design_hint",
        );
        not_found(
            s.finish_design(other, id, "{}", 50, None, "{}", t + 1)
                .await,
            "finish_design",
        );
        not_found(s.delete_design(other, id).await, "delete_design");
        assert!(s.list_designs(other).await.expect("list").is_empty());
        assert_eq!(
            s.design(LOCAL_USER, id).await.expect("still mine"),
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
        let long_title = "t".repeat(MAX_DESIGN_TITLE_CHARS + 1);
        let long_prompt = "p".repeat(MAX_DESIGN_PROMPT_CHARS + 1);
        for (new, field) in [
            (
                NewDesign {
                    title: &long_title,
                    ..DESIGN
                },
                "title",
            ),
            (
                NewDesign {
                    prompt_text: &long_prompt,
                    ..DESIGN
                },
                "prompt text",
            ),
            (
                NewDesign {
                    setup: "{not json",
                    ..DESIGN
                },
                "setup",
            ),
            (
                NewDesign {
                    title: "two\nlines",
                    ..DESIGN
                },
                "title",
            ),
        ] {
            invalid(s.create_design(LOCAL_USER, &new).await.map(drop), field);
        }
        assert!(s.list_designs(LOCAL_USER).await.expect("list").is_empty());

        let id = create(s, LOCAL_USER, &DESIGN).await;
        let t = now_ms() + 1_000;
        s.save_design_note(LOCAL_USER, id, "clarify", 0, "short", t, WINDOW)
            .await
            .expect("note");
        let before = s.design(LOCAL_USER, id).await.expect("read");
        // Characters, not bytes: the longest note of two-byte letters fits.
        let widest = "é".repeat(MAX_DESIGN_NOTE_CHARS);
        let long_note = "n".repeat(MAX_DESIGN_NOTE_CHARS + 1);
        invalid(
            s.save_design_note(LOCAL_USER, id, "clarify", 1, &long_note, t + 1, WINDOW)
                .await
                .map(drop),
            "notes",
        );
        invalid(
            s.save_design_note(LOCAL_USER, id, "clarify", 1, "a\0b", t + 1, WINDOW)
                .await
                .map(drop),
            "notes",
        );
        let long_diagram = format!(
            r#"{{"boxes":[],"arrows":[],"pad":"{}"}}"#,
            "d".repeat(MAX_DESIGN_DIAGRAM_CHARS)
        );
        invalid(
            s.save_design_diagram(LOCAL_USER, id, 0, &long_diagram, t + 1)
                .await
                .map(drop),
            "diagram",
        );
        let long_hint = "h".repeat(MAX_DESIGN_HINT_CHARS + 1);
        invalid(
            s.add_design_hint(
                LOCAL_USER,
                id,
                &hint("clarify", "clarifying", &long_hint),
                t + 1,
            )
            .await
            .map(drop),
            "hint text",
        );
        invalid(
            s.save_design_clock(LOCAL_USER, id, "", t + 1).await,
            "clock",
        );
        invalid(
            s.finish_design(LOCAL_USER, id, "{}", 101, None, "{}", t + 1)
                .await,
            "overall",
        );
        assert_eq!(
            s.design(LOCAL_USER, id).await.expect("read"),
            before,
            "nothing was written"
        );
        assert_eq!(
            s.save_design_note(LOCAL_USER, id, "clarify", 1, &widest, t + WINDOW, WINDOW)
                .await
                .expect("the longest note"),
            2
        );
        let d = s.design(LOCAL_USER, id).await.expect("read");
        assert_eq!(d.notes[0].body.chars().count(), MAX_DESIGN_NOTE_CHARS);
    })
    .await;
}

/// On PostgreSQL, the design tables are behind row-level security as every owned table is: a
/// transaction acting for one account sees and writes only its sessions, notes and hints.
#[tokio::test]
async fn row_level_security_keeps_design_sessions_to_their_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    let ana = store.create_user("ana").await.expect("user");
    let bo = store.create_user("bo").await.expect("user");
    let t = now_ms();
    let mut sessions = Vec::new();
    for (owner, n) in [(ana, 2), (bo, 1)] {
        for _ in 0..n {
            let id = create(&store, owner, &DESIGN).await;
            store
                .save_design_note(owner, id, "clarify", 0, "notes", t, WINDOW)
                .await
                .expect("note");
            store
                .add_design_hint(owner, id, &hint("clarify", "clarifying", "Ask."), t)
                .await
                .expect("hint");
            sessions.push((owner, id));
        }
    }
    let bo_session = sessions[2].1;

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    // Every table with an owner is behind a FORCEd policy.
    let unguarded: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
         WHERE c.relkind = 'r' AND a.attname = 'owner_id' AND a.attnum > 0
           AND c.relnamespace = 'public'::regnamespace
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    assert!(
        unguarded.is_empty(),
        "without row-level security: {unguarded:?}"
    );
    let counts = async |conn: &mut sqlx::PgConnection| {
        let mut out = Vec::new();
        for table in ["design_sessions", "design_notes", "design_hints"] {
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
        [0, 0, 0],
        "acting for no one: nothing"
    );
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    assert_eq!(counts(&mut tx).await, [2, 2, 2], "Ana's rows only");
    let touched = sqlx::query("UPDATE design_notes SET body = 'overwritten'")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 2);
    let refused = sqlx::query(
        "INSERT INTO design_notes (owner_id, session_id, phase, rev, body, saved_at)
         VALUES ($1, $2, 'clarify', 2, 'planted', 0)",
    )
    .bind(bo)
    .bind(bo_session)
    .execute(&mut *tx)
    .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    let revisions = store
        .design_note_revisions(bo, bo_session, "clarify")
        .await
        .expect("revisions");
    assert_eq!(
        revisions
            .iter()
            .map(|n| (n.rev, n.body.as_str()))
            .collect::<Vec<_>>(),
        [(1, "notes")],
        "Bo's notes untouched"
    );
    store.close().await;
}
