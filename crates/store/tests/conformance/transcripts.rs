//! The `Transcripts` domain: a transcript added and read back with every field; listed newest
//! first, and by what it was brought for oldest first; values refused before anything is written;
//! another owner's transcripts; deleting; backups, on each backend and from one to the other (what
//! a transcript was brought for named by this database's ids after a restore), and an older backup
//! without transcripts; row-level security on PostgreSQL.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{
    Backup, LOCAL_USER, MAX_TRANSCRIPT_QUESTION_CHARS, MAX_TRANSCRIPT_REPORT_BYTES,
    MAX_TRANSCRIPT_SOURCE_BYTES, MAX_TRANSCRIPT_TEXT_BYTES, NewCard, NewMock, NewTranscript,
    PgStore, Store, StoreError, TranscriptId, TranscriptSummary, UserId,
};
use tpmprep_stories::Status;

use crate::{assert_same, each_backend, moves_between_backends, story};

/// A time well after any the store itself writes.
const T: i64 = 1_800_000_000_000;

const SRT: NewTranscript<'static> = NewTranscript {
    name: "  answer — ünïcödé.srt ",
    format: "srt",
    source: "1\r\n00:00:00,000 --> 00:00:04,200\r\nI led the \"checkout\" migration.\r\n",
    text: "I led the \"checkout\" migration.",
    question_id: Some("ownership-3"),
    question: Some("Tell me about a time you took ownership.\nTake your time."),
    context: "mock",
    context_id: Some(7),
    duration_ms: 4_200,
    words: 5,
    score: Some(72),
    report: r#"{"overall": 72, "z": [1, 2], "a": {"pace_wpm": 71.4}}"#,
};

const PASTED: NewTranscript<'static> = NewTranscript {
    name: "pasted",
    format: "text",
    source: "Why Amazon? Because I like hard problems.",
    text: "Why Amazon? Because I like hard problems.",
    question_id: None,
    question: None,
    context: "speak",
    context_id: None,
    duration_ms: 0,
    words: 0,
    score: None,
    report: "{}",
};

async fn add(s: &dyn Store, owner: UserId, new: &NewTranscript<'_>, at: i64) -> TranscriptId {
    s.add_transcript(owner, new, at).await.expect("add")
}

fn ids(list: &[TranscriptSummary]) -> Vec<TranscriptId> {
    list.iter().map(|t| t.id).collect()
}

#[tokio::test]
async fn a_transcript_comes_back_with_every_field() {
    each_backend(async |s| {
        let id = add(s, LOCAL_USER, &SRT, T).await;
        let t = s.transcript(LOCAL_USER, id).await.expect("read");
        assert_eq!(t.summary.id, id);
        assert_eq!(t.summary.name, "answer — ünïcödé.srt", "stored trimmed");
        assert_eq!(t.summary.format, "srt");
        assert_eq!(t.summary.question_id.as_deref(), SRT.question_id);
        assert_eq!(t.summary.question.as_deref(), SRT.question);
        assert_eq!(
            (t.summary.context.as_str(), t.summary.context_id),
            ("mock", Some(7))
        );
        assert_eq!(
            (t.summary.duration_ms, t.summary.words, t.summary.score),
            (4_200, 5, Some(72))
        );
        assert_eq!(t.summary.created_at, T);
        assert_eq!(t.source, SRT.source, "the file as brought, CRLF and all");
        assert_eq!(t.text, SRT.text);
        assert_eq!(t.report, SRT.report, "the report is the app's text");

        let bare = add(s, LOCAL_USER, &PASTED, T + 1).await;
        let t = s.transcript(LOCAL_USER, bare).await.expect("read");
        assert_eq!(
            (
                t.summary.question_id.as_deref(),
                t.summary.question.as_deref(),
                t.summary.context_id,
                t.summary.score
            ),
            (None, None, None, None)
        );
        assert_eq!((t.summary.duration_ms, t.summary.words), (0, 0));
        // The list holds the summaries as the reads give them.
        let list = s.list_transcripts(LOCAL_USER).await.expect("list");
        assert_eq!(list[0], t.summary);

        match s.transcript(LOCAL_USER, 9_999).await {
            Err(e @ StoreError::TranscriptNotFound(9_999)) => {
                assert_eq!(e.to_string(), "transcript 9999 not found")
            }
            other => panic!("expected TranscriptNotFound: {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn lists_are_newest_first_and_by_context_oldest_first() {
    each_backend(async |s| {
        assert!(
            s.list_transcripts(LOCAL_USER)
                .await
                .expect("list")
                .is_empty()
        );
        let mock = |id| NewTranscript {
            context_id: Some(id),
            ..SRT
        };
        let drill = |id| NewTranscript {
            context: "drill",
            context_id: Some(id),
            ..SRT
        };
        // Added out of time order, with a tie at T + 10.
        let late = add(s, LOCAL_USER, &mock(7), T + 10).await;
        let early = add(s, LOCAL_USER, &mock(7), T).await;
        let tie = add(s, LOCAL_USER, &mock(7), T + 10).await;
        let other_mock = add(s, LOCAL_USER, &mock(8), T + 5).await;
        let same_id_other_context = add(s, LOCAL_USER, &drill(7), T + 6).await;
        let alone = add(s, LOCAL_USER, &PASTED, T + 20).await;

        let list = s.list_transcripts(LOCAL_USER).await.expect("list");
        assert_eq!(
            ids(&list),
            [alone, tie, late, same_id_other_context, other_mock, early],
            "newest first, then the higher id"
        );
        assert_eq!(
            ids(&s
                .transcripts_for(LOCAL_USER, "mock", 7)
                .await
                .expect("for mock 7")),
            [early, late, tie],
            "oldest first, then the lower id"
        );
        assert_eq!(
            ids(&s
                .transcripts_for(LOCAL_USER, "mock", 8)
                .await
                .expect("for mock 8")),
            [other_mock]
        );
        assert_eq!(
            ids(&s
                .transcripts_for(LOCAL_USER, "drill", 7)
                .await
                .expect("for card 7")),
            [same_id_other_context]
        );
        assert!(
            s.transcripts_for(LOCAL_USER, "story", 7)
                .await
                .expect("for story 7")
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn values_not_sound_are_refused_and_nothing_is_written() {
    each_backend(async |s| {
        let long_name = "n".repeat(201);
        let big_source = "s".repeat(MAX_TRANSCRIPT_SOURCE_BYTES + 1);
        let big_text = "t".repeat(MAX_TRANSCRIPT_TEXT_BYTES + 1);
        let big_report = "r".repeat(MAX_TRANSCRIPT_REPORT_BYTES + 1);
        let long_question = "q".repeat(MAX_TRANSCRIPT_QUESTION_CHARS + 1);
        let long_id = "q".repeat(101);
        let cases = [
            (NewTranscript { name: "  ", ..SRT }, "name"),
            (
                NewTranscript {
                    name: &long_name,
                    ..SRT
                },
                "name",
            ),
            (
                NewTranscript {
                    format: "mp3",
                    ..SRT
                },
                "format",
            ),
            (
                NewTranscript {
                    context: "interview",
                    ..SRT
                },
                "context",
            ),
            (
                NewTranscript {
                    source: &big_source,
                    ..SRT
                },
                "source",
            ),
            (
                NewTranscript {
                    text: &big_text,
                    ..SRT
                },
                "text",
            ),
            (
                NewTranscript {
                    report: &big_report,
                    ..SRT
                },
                "report",
            ),
            (
                NewTranscript {
                    question: Some(&long_question),
                    ..SRT
                },
                "question",
            ),
            (
                NewTranscript {
                    question_id: Some(&long_id),
                    ..SRT
                },
                "question id",
            ),
            (
                NewTranscript {
                    duration_ms: -1,
                    ..SRT
                },
                "duration",
            ),
            (NewTranscript { words: -3, ..SRT }, "words"),
            (
                NewTranscript {
                    score: Some(101),
                    ..SRT
                },
                "score",
            ),
            (
                NewTranscript {
                    score: Some(-1),
                    ..SRT
                },
                "score",
            ),
        ];
        for (new, field) in &cases {
            match s.add_transcript(LOCAL_USER, new, T).await {
                Err(StoreError::Invalid(m)) => assert!(m.contains(field), "{field}: {m}"),
                other => panic!("{field}: expected Invalid, got {other:?}"),
            }
        }
        assert!(
            s.list_transcripts(LOCAL_USER)
                .await
                .expect("list")
                .is_empty()
        );
        // At the limits it fits: the largest file and report, a question of 2,000 characters of
        // two bytes each, the scores at both ends.
        let source = "s".repeat(MAX_TRANSCRIPT_SOURCE_BYTES);
        let question = "é".repeat(MAX_TRANSCRIPT_QUESTION_CHARS);
        for score in [0, 100] {
            let id = add(
                s,
                LOCAL_USER,
                &NewTranscript {
                    source: &source,
                    report: &source,
                    question: Some(&question),
                    score: Some(score),
                    ..SRT
                },
                T,
            )
            .await;
            let t = s.transcript(LOCAL_USER, id).await.expect("read");
            assert_eq!(t.source.len(), MAX_TRANSCRIPT_SOURCE_BYTES);
            assert_eq!(t.summary.score, Some(score));
        }
    })
    .await;
}

#[tokio::test]
async fn another_owner_finds_no_transcript() {
    each_backend(async |s| {
        let other = s.create_user("someone-else").await.expect("user");
        let id = add(s, LOCAL_USER, &SRT, T).await;
        let before = s.transcript(LOCAL_USER, id).await.expect("read");
        match s.transcript(other, id).await {
            Err(StoreError::TranscriptNotFound(got)) => assert_eq!(got, id),
            other => panic!("expected TranscriptNotFound: {other:?}"),
        }
        assert!(s.list_transcripts(other).await.expect("list").is_empty());
        assert!(
            s.transcripts_for(other, "mock", 7)
                .await
                .expect("for")
                .is_empty()
        );
        assert!(
            !s.delete_transcript(other, id).await.expect("delete"),
            "nothing of theirs to delete"
        );
        assert_eq!(
            s.transcript(LOCAL_USER, id).await.expect("still mine"),
            before
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_a_transcript_takes_only_it() {
    each_backend(async |s| {
        let id = add(s, LOCAL_USER, &SRT, T).await;
        let kept = add(s, LOCAL_USER, &SRT, T + 1).await;
        assert!(s.delete_transcript(LOCAL_USER, id).await.expect("delete"));
        assert!(!s.delete_transcript(LOCAL_USER, id).await.expect("again"));
        assert!(matches!(
            s.transcript(LOCAL_USER, id).await,
            Err(StoreError::TranscriptNotFound(_))
        ));
        assert_eq!(
            ids(&s.list_transcripts(LOCAL_USER).await.expect("list")),
            [kept]
        );
        assert_eq!(
            ids(&s.transcripts_for(LOCAL_USER, "mock", 7).await.expect("for")),
            [kept]
        );
    })
    .await;
}

/// For `owner`: a story, a mock and a drill card, and a transcript brought for each, one on its
/// own, and one brought for a drill card deleted since (it names nothing in a backup). Gives the
/// ids of the story, mock and card.
async fn fill(s: &dyn Store, owner: UserId) -> (i64, i64, i64) {
    // Something of each kind first, so the ids differ from a restored account's.
    let story_id = s
        .create_story(
            owner,
            &story("Checkout rollout", &["ownership"], Status::Ready),
        )
        .await
        .expect("story")
        .id;
    let mock = NewMock {
        kind: "custom",
        format: "phone-screen-45",
        setup: "{}",
    };
    let mock_id = s.create_mock(owner, &mock).await.expect("mock");
    let principles = vec!["ownership".to_string()];
    let (gone, _) = s
        .add_card(
            owner,
            &NewCard {
                question_id: None,
                front: "A card deleted since",
                back: "",
                principles: &principles,
                created_at: T,
            },
        )
        .await
        .expect("card");
    let (card_id, _) = s
        .add_card(
            owner,
            &NewCard {
                question_id: Some("ownership-3"),
                front: "Tell me about a time you took ownership.",
                back: "",
                principles: &principles,
                created_at: T,
            },
        )
        .await
        .expect("card");
    add(
        s,
        owner,
        &NewTranscript {
            context: "story",
            context_id: Some(story_id),
            ..SRT
        },
        T + 1,
    )
    .await;
    add(
        s,
        owner,
        &NewTranscript {
            context_id: Some(mock_id),
            ..SRT
        },
        T + 2,
    )
    .await;
    add(
        s,
        owner,
        &NewTranscript {
            context: "drill",
            context_id: Some(card_id),
            format: "whisper",
            ..SRT
        },
        T + 3,
    )
    .await;
    add(s, owner, &PASTED, T + 4).await;
    add(
        s,
        owner,
        &NewTranscript {
            context: "drill",
            context_id: Some(gone),
            format: "vtt",
            ..SRT
        },
        T + 5,
    )
    .await;
    // The card goes; its transcript stays, naming it by its old id.
    assert!(s.delete_card(owner, gone).await.expect("delete card"));
    (story_id, mock_id, card_id)
}

/// What [`fill`] gave, as its backup shows it.
fn assert_filled(b: &Backup) {
    let t = &b.transcripts;
    assert_eq!(t.len(), 5);
    let named: Vec<_> = t
        .iter()
        .map(|t| {
            (
                t.context.as_str(),
                t.story.as_deref(),
                t.mock,
                t.card,
                t.created_at,
            )
        })
        .collect();
    let uid = b.stories[0].uid.as_str();
    assert_eq!(
        named,
        [
            ("story", Some(uid), None, None, T + 1),
            ("mock", None, Some(0), None, T + 2),
            ("drill", None, None, Some(0), T + 3),
            ("speak", None, None, None, T + 4),
            ("drill", None, None, None, T + 5),
        ]
    );
    assert_eq!(t[0].name, "answer — ünïcödé.srt");
    assert_eq!(t[0].source, SRT.source);
    assert_eq!(t[0].report, SRT.report, "the report is the app's text");
    assert_eq!(t[2].format, "whisper");
    assert_eq!(t[3].score, None);
}

#[tokio::test]
async fn transcripts_come_back_whole_from_a_backup() {
    each_backend(async |s| {
        let (story_id, mock_id, card_id) = fill(s, LOCAL_USER).await;
        let first = s.export_user(LOCAL_USER).await.expect("backup");
        assert_filled(&first);
        let text = serde_json::to_string_pretty(&first).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), first);

        let other = s.create_user("restored").await.expect("user");
        s.import_user(other, &first).await.expect("restore");
        assert_same(&first, &s.export_user(other).await.expect("again"));
        // The restored transcripts name the restored story, mock and card by their new ids.
        let restored = s.list_transcripts(other).await.expect("list");
        let mine = s.list_transcripts(LOCAL_USER).await.expect("mine");
        assert_eq!(restored.len(), 5);
        assert!(restored.iter().all(|r| mine.iter().all(|m| m.id != r.id)));
        let new_story = s
            .list_stories(other, &Default::default())
            .await
            .expect("stories")[0]
            .meta
            .id;
        let new_mocks: Vec<i64> = s
            .list_mocks(other)
            .await
            .expect("mocks")
            .iter()
            .map(|m| m.id)
            .collect();
        let new_card = s.cards(other).await.expect("cards")[0].id;
        assert_ne!(
            (new_story, new_card),
            (story_id, card_id),
            "the restore gave new ids"
        );
        assert!(!new_mocks.contains(&mock_id));
        let for_story = s
            .transcripts_for(other, "story", new_story)
            .await
            .expect("for the story");
        assert_eq!(for_story.len(), 1);
        let for_card = s
            .transcripts_for(other, "drill", new_card)
            .await
            .expect("for the card");
        assert_eq!(for_card.len(), 1);
        assert_eq!(for_card[0].format, "whisper");
        let mut for_mocks = Vec::new();
        for m in &new_mocks {
            for_mocks.extend(
                s.transcripts_for(other, "mock", *m)
                    .await
                    .expect("for the mock"),
            );
        }
        assert_eq!(for_mocks.len(), 1);
        let whole = s
            .transcript(other, for_story[0].id)
            .await
            .expect("restored whole");
        assert_eq!(
            (whole.source.as_str(), whole.report.as_str()),
            (SRT.source, SRT.report)
        );

        // An account holding a transcript takes no restore.
        let holder = s.create_user("has-a-transcript").await.expect("user");
        add(s, holder, &PASTED, T).await;
        match s.import_user(holder, &first).await {
            Err(e @ StoreError::NotEmpty(_)) => {
                assert!(e.to_string().contains("holds 1 transcript already"), "{e}")
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
        b.transcripts[1].mock = Some(1);
        refused(&b, "transcript 2 of the backup").await;
        let mut b = first.clone();
        b.transcripts[0].story = Some("not-in-the-backup".into());
        refused(&b, "story `not-in-the-backup`").await;
        let mut b = first.clone();
        b.transcripts[3].score = Some(140);
        refused(&b, "transcript 4 of the backup").await;

        // A backup written before transcripts were kept restores with none.
        let old = Backup::from_json(
            r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5,
                "settings": {"interview_date": "2027-01-04"}, "stories": [], "mocks": []}"#,
        )
        .expect("read");
        let owner = s.create_user("old-backup").await.expect("user");
        s.import_user(owner, &old).await.expect("restore");
        assert!(s.list_transcripts(owner).await.expect("list").is_empty());
        assert_eq!(
            s.setting(owner, "interview_date").await.expect("setting"),
            Some("2027-01-04".into())
        );
    })
    .await;
}

/// SQLite → backup → PostgreSQL → backup gives the same document, and PostgreSQL → SQLite too.
#[tokio::test]
async fn transcripts_move_between_sqlite_and_postgresql_unchanged() {
    moves_between_backends(
        async |s: &dyn Store, owner: UserId| {
            fill(s, owner).await;
        },
        assert_filled,
    )
    .await;
}

/// On PostgreSQL, the transcripts table is behind row-level security as every owned table is: a
/// transaction acting for one account sees and writes only its transcripts.
#[tokio::test]
async fn row_level_security_keeps_transcripts_to_their_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    let ana = store.create_user("ana").await.expect("user");
    let bo = store.create_user("bo").await.expect("user");
    add(&store, ana, &SRT, T).await;
    add(&store, ana, &PASTED, T).await;
    let bo_id = add(&store, bo, &SRT, T).await;

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let guarded: bool = sqlx::query_scalar(
        "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class
         WHERE relname = 'transcripts' AND relnamespace = 'public'::regnamespace",
    )
    .fetch_one(&mut conn)
    .await
    .expect("table");
    assert!(guarded, "transcripts is without row-level security");
    let count = async |conn: &mut sqlx::PgConnection| -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM transcripts")
            .fetch_one(&mut *conn)
            .await
            .expect("count")
    };
    assert_eq!(count(&mut conn).await, 0, "acting for no one: nothing");
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    assert_eq!(count(&mut tx).await, 2, "Ana's rows only");
    let touched = sqlx::query("UPDATE transcripts SET report = 'overwritten'")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 2);
    let refused = sqlx::query(
        "INSERT INTO transcripts (owner_id, name, format, source, text, context, duration_ms,
             words, report, created_at)
         VALUES ($1, 'planted', 'text', '', '', 'speak', 0, 0, 'planted', 0)",
    )
    .bind(bo)
    .execute(&mut *tx)
    .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    let bos = store.list_transcripts(bo).await.expect("list");
    assert_eq!(ids(&bos), [bo_id], "Bo's transcripts: {bos:?}");
    assert_eq!(
        store.transcript(bo, bo_id).await.expect("read").report,
        SRT.report
    );
    store.close().await;
}
