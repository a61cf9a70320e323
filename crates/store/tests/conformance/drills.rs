//! The `Drills` domain: pack cards added once, own cards each time; editing and suspending; a
//! review writing the card's new memory and appending to the log in one step, a stale grade
//! refused whole; deleting a card with its reviews; another owner's cards out of reach; unsound
//! values refused before anything is written; cards, reviews and the plan's overrides in a backup,
//! restored whole on each backend and from one to the other; row-level security on PostgreSQL.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_store::{
    Backup, CardId, CardMemory, LOCAL_USER, MAX_CARD_BACK_CHARS, MAX_CARD_FRONT_CHARS,
    MAX_CARD_KEY_CHARS, MAX_REVIEW_ANSWER_CHARS, NewCard, NewReview, PgStore, Store, StoreError,
    StoredCard, UserId,
};

use crate::plans::over;
use crate::{assert_same, each_backend, moves_between_backends};

fn principles(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|p| p.to_string()).collect()
}

fn pack_card<'a>(q: &'a str, p: &'a [String]) -> NewCard<'a> {
    NewCard {
        question_id: Some(q),
        front: "Tell me about a time you disagreed and committed.",
        back: "Name the decision, your dissent, and what you did after — «exactly».",
        principles: p,
        created_at: 1_700_000_000_000,
    }
}

fn own_card<'a>(front: &'a str, p: &'a [String]) -> NewCard<'a> {
    NewCard {
        question_id: None,
        front,
        back: "",
        principles: p,
        created_at: 1_700_000_000_500,
    }
}

/// A memory after `reps` reviews, with figures no decimal writes exactly.
fn memory(reps: i64, at: i64) -> CardMemory {
    CardMemory {
        due: at + 86_400_000 * reps,
        stability: 0.1 + 0.2 * reps as f64,
        difficulty: 10.0 / 3.0,
        last_review: at,
        reps,
        lapses: reps / 3,
    }
}

fn review<'a>(card: CardId, grade: i64, at: i64, answer: Option<&'a str>) -> NewReview<'a> {
    NewReview {
        card_id: card,
        grade,
        reviewed_at: at,
        elapsed_days: 1.0 / 7.0,
        interval_days: 2.5e-3 + grade as f64,
        answer,
        score: answer.map(|_| 64),
    }
}

async fn card(s: &dyn Store, owner: UserId, id: CardId) -> StoredCard {
    s.card(owner, id).await.expect("read").expect("found")
}

#[tokio::test]
async fn a_pack_question_is_carded_once_and_own_cards_each_time() {
    each_backend(async |s| {
        let p = principles(&["have-backbone", "earn-trust"]);
        let (first, new) = s
            .add_card(LOCAL_USER, &pack_card("q-disagree", &p))
            .await
            .expect("add");
        assert!(new);
        let again = NewCard {
            front: "Another front",
            ..pack_card("q-disagree", &p)
        };
        assert_eq!(
            s.add_card(LOCAL_USER, &again).await.expect("again"),
            (first, false),
            "the card it has already"
        );
        let (own1, n1) = s
            .add_card(LOCAL_USER, &own_card("What is a two-way door?", &[]))
            .await
            .expect("own");
        let (own2, n2) = s
            .add_card(LOCAL_USER, &own_card("What is a two-way door?", &[]))
            .await
            .expect("own again");
        assert!(n1 && n2 && own1 != own2, "own cards are each their own");

        let c = card(s, LOCAL_USER, first).await;
        assert_eq!(c.id, first);
        assert_eq!(c.question_id.as_deref(), Some("q-disagree"));
        assert_eq!(c.front, pack_card("q-disagree", &p).front, "not replaced");
        assert_eq!(c.back, pack_card("q-disagree", &p).back);
        assert_eq!(c.principles, p);
        assert_eq!(c.created_at, 1_700_000_000_000);
        assert!(!c.suspended);
        assert_eq!((c.memory, c.reps()), (None, 0), "new: no memory yet");
        let own = card(s, LOCAL_USER, own1).await;
        assert_eq!((own.question_id, own.principles.len()), (None, 0));

        let all = s.cards(LOCAL_USER).await.expect("cards");
        assert_eq!(
            all.iter().map(|c| c.id).collect::<Vec<_>>(),
            [first, own1, own2],
            "by id"
        );
        assert_eq!(all[0], c);
        assert_eq!(s.card(LOCAL_USER, own2 + 100).await.expect("read"), None);
    })
    .await;
}

#[tokio::test]
async fn a_card_is_edited_and_suspended_keeping_its_memory() {
    each_backend(async |s| {
        let p = principles(&["ownership"]);
        let (id, _) = s
            .add_card(LOCAL_USER, &pack_card("q1", &p))
            .await
            .expect("add");
        let t = 1_800_000_000_000;
        s.record_review(LOCAL_USER, &review(id, 3, t, None), 0, &memory(1, t))
            .await
            .expect("review");
        let q = principles(&["dive-deep", "ownership"]);
        assert!(
            s.edit_card(LOCAL_USER, id, "New front", "New back\nline two", &q)
                .await
                .expect("edit")
        );
        let c = card(s, LOCAL_USER, id).await;
        assert_eq!(
            (c.front.as_str(), c.back.as_str(), &c.principles),
            ("New front", "New back\nline two", &q)
        );
        assert_eq!(c.memory, Some(memory(1, t)), "the memory stays");
        assert_eq!(c.question_id.as_deref(), Some("q1"));

        assert!(s.suspend_card(LOCAL_USER, id, true).await.expect("suspend"));
        assert!(card(s, LOCAL_USER, id).await.suspended);
        assert!(
            s.suspend_card(LOCAL_USER, id, false)
                .await
                .expect("unsuspend")
        );
        assert!(!card(s, LOCAL_USER, id).await.suspended);
        assert!(
            !s.edit_card(LOCAL_USER, id + 1, "f", "b", &[])
                .await
                .expect("edit")
        );
        assert!(
            !s.suspend_card(LOCAL_USER, id + 1, true)
                .await
                .expect("suspend")
        );
    })
    .await;
}

#[tokio::test]
async fn a_review_writes_the_memory_and_appends_to_the_log() {
    each_backend(async |s| {
        let p = principles(&["ownership"]);
        let (a, _) = s
            .add_card(LOCAL_USER, &pack_card("qa", &p))
            .await
            .expect("a");
        let (b, _) = s.add_card(LOCAL_USER, &own_card("b", &p)).await.expect("b");
        let t = 1_800_000_000_000;
        let r1 = s
            .record_review(
                LOCAL_USER,
                &review(a, 1, t + 10, Some("I owned it — “end to end”.")),
                0,
                &memory(1, t + 10),
            )
            .await
            .expect("first");
        assert_eq!(card(s, LOCAL_USER, a).await.memory, Some(memory(1, t + 10)));
        // Card b reviewed at an earlier time, recorded later: the log is by time.
        let r2 = s
            .record_review(LOCAL_USER, &review(b, 4, t, None), 0, &memory(1, t))
            .await
            .expect("b");
        let r3 = s
            .record_review(
                LOCAL_USER,
                &review(a, 3, t + 20, None),
                1,
                &memory(2, t + 20),
            )
            .await
            .expect("second");
        assert!(r1 != r2 && r2 != r3 && r1 != r3);
        let c = card(s, LOCAL_USER, a).await;
        assert_eq!((c.memory, c.reps()), (Some(memory(2, t + 20)), 2));

        let log = s.reviews(LOCAL_USER).await.expect("log");
        assert_eq!(
            log.iter().map(|r| (r.id, r.card_id)).collect::<Vec<_>>(),
            [(r2, b), (r1, a), (r3, a)],
            "oldest first"
        );
        let first = &log[1];
        let sent = review(a, 1, t + 10, Some("I owned it — “end to end”."));
        assert_eq!(
            (
                first.grade,
                first.reviewed_at,
                first.answer.as_deref(),
                first.score
            ),
            (1, t + 10, sent.answer, Some(64))
        );
        // Figures come back as the exact floats they were.
        assert_eq!(first.elapsed_days.to_bits(), sent.elapsed_days.to_bits());
        assert_eq!(first.interval_days.to_bits(), sent.interval_days.to_bits());
        assert_eq!(first.stability.to_bits(), memory(1, t).stability.to_bits());
        assert_eq!(first.difficulty.to_bits(), (10.0f64 / 3.0).to_bits());
        assert_eq!(log[2].stability, memory(2, t).stability, "the new memory's");
        assert_eq!((log[0].answer.as_deref(), log[0].score), (None, None));
    })
    .await;
}

#[tokio::test]
async fn a_stale_grade_is_a_conflict_and_writes_nothing() {
    each_backend(async |s| {
        let (id, _) = s
            .add_card(LOCAL_USER, &own_card("front", &[]))
            .await
            .expect("add");
        let t = 1_800_000_000_000;
        s.record_review(LOCAL_USER, &review(id, 3, t, None), 0, &memory(1, t))
            .await
            .expect("first");
        let before = (
            card(s, LOCAL_USER, id).await,
            s.reviews(LOCAL_USER).await.expect("log"),
        );
        // The same grade submitted again, from the same read of the card.
        match s
            .record_review(
                LOCAL_USER,
                &review(id, 3, t + 1, None),
                0,
                &memory(1, t + 1),
            )
            .await
        {
            Err(StoreError::DrillConflict {
                card,
                expected,
                found,
            }) => assert_eq!((card, expected, found), (id, 0, 1)),
            other => panic!("expected DrillConflict, got {other:?}"),
        }
        // Expecting more reviews than the card has is as stale.
        assert!(matches!(
            s.record_review(
                LOCAL_USER,
                &review(id, 3, t + 1, None),
                4,
                &memory(5, t + 1)
            )
            .await,
            Err(StoreError::DrillConflict { found: 1, .. })
        ));
        assert_eq!(
            (
                card(s, LOCAL_USER, id).await,
                s.reviews(LOCAL_USER).await.expect("log")
            ),
            before,
            "nothing was written"
        );
        assert!(matches!(
            s.record_review(LOCAL_USER, &review(id + 9, 3, t, None), 0, &memory(1, t))
                .await,
            Err(StoreError::CardNotFound(missing)) if missing == id + 9
        ));
    })
    .await;
}

#[tokio::test]
async fn deleting_a_card_takes_its_reviews() {
    each_backend(async |s| {
        let (gone, _) = s
            .add_card(LOCAL_USER, &own_card("gone", &[]))
            .await
            .expect("add");
        let (kept, _) = s
            .add_card(LOCAL_USER, &own_card("kept", &[]))
            .await
            .expect("add");
        let t = 1_800_000_000_000;
        for (id, at) in [(gone, t), (kept, t + 1), (gone, t + 2)] {
            let reps = card(s, LOCAL_USER, id).await.reps();
            s.record_review(
                LOCAL_USER,
                &review(id, 3, at, None),
                reps,
                &memory(reps + 1, at),
            )
            .await
            .expect("review");
        }
        assert!(s.delete_card(LOCAL_USER, gone).await.expect("delete"));
        assert_eq!(s.card(LOCAL_USER, gone).await.expect("read"), None);
        assert!(!s.delete_card(LOCAL_USER, gone).await.expect("again"));
        let log = s.reviews(LOCAL_USER).await.expect("log");
        assert_eq!(
            log.iter().map(|r| r.card_id).collect::<Vec<_>>(),
            [kept],
            "its reviews went with it"
        );
        assert_eq!(
            s.cards(LOCAL_USER)
                .await
                .expect("cards")
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [kept]
        );
        let backup = s.export_user(LOCAL_USER).await.expect("backup");
        assert_eq!(backup.drill_cards.len(), 1);
        assert_eq!(backup.drill_cards[0].reviews.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn another_owner_cannot_see_edit_delete_or_review_a_card() {
    each_backend(async |s| {
        let other = s.create_user("someone-else").await.expect("user");
        let p = principles(&["ownership"]);
        let (id, _) = s
            .add_card(LOCAL_USER, &pack_card("q1", &p))
            .await
            .expect("add");
        let t = 1_800_000_000_000;
        s.record_review(LOCAL_USER, &review(id, 3, t, None), 0, &memory(1, t))
            .await
            .expect("review");
        let before = (
            s.cards(LOCAL_USER).await.expect("cards"),
            s.reviews(LOCAL_USER).await.expect("log"),
        );

        assert_eq!(s.card(other, id).await.expect("read"), None);
        assert!(s.cards(other).await.expect("cards").is_empty());
        assert!(s.reviews(other).await.expect("log").is_empty());
        assert!(!s.edit_card(other, id, "x", "y", &[]).await.expect("edit"));
        assert!(!s.suspend_card(other, id, true).await.expect("suspend"));
        assert!(!s.delete_card(other, id).await.expect("delete"));
        assert!(matches!(
            s.record_review(other, &review(id, 1, t + 1, None), 1, &memory(2, t + 1))
                .await,
            Err(StoreError::CardNotFound(got)) if got == id
        ));
        // The same pack question is theirs to card, as a card of their own.
        let (theirs, new) = s
            .add_card(other, &pack_card("q1", &p))
            .await
            .expect("theirs");
        assert!(new && theirs != id);
        assert_eq!(
            (
                s.cards(LOCAL_USER).await.expect("cards"),
                s.reviews(LOCAL_USER).await.expect("log")
            ),
            before,
            "untouched"
        );
    })
    .await;
}

#[tokio::test]
async fn unsound_values_are_refused_and_nothing_is_written() {
    each_backend(async |s| {
        let invalid = |r: Result<(), StoreError>, says: &str| match r {
            Err(StoreError::Invalid(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: expected Invalid, got {other:?}"),
        };
        let long_front = "f".repeat(MAX_CARD_FRONT_CHARS + 1);
        let long_back = "b".repeat(MAX_CARD_BACK_CHARS + 1);
        let long_key = "q".repeat(MAX_CARD_KEY_CHARS + 1);
        let tabbed = principles(&["own\tership"]);
        for (new, says) in [
            (own_card(&long_front, &[]), "card front"),
            (own_card("", &[]), "front is empty"),
            (
                NewCard {
                    back: &long_back,
                    ..own_card("f", &[])
                },
                "card back",
            ),
            (
                NewCard {
                    back: "nul\0",
                    ..own_card("f", &[])
                },
                "NUL",
            ),
            (pack_card(&long_key, &[]), "question id"),
            (own_card("f", &tabbed), "principle"),
        ] {
            invalid(s.add_card(LOCAL_USER, &new).await.map(drop), says);
        }
        assert!(s.cards(LOCAL_USER).await.expect("cards").is_empty());

        let (id, _) = s
            .add_card(LOCAL_USER, &own_card("front", &[]))
            .await
            .expect("add");
        let before = card(s, LOCAL_USER, id).await;
        invalid(
            s.edit_card(LOCAL_USER, id, &long_front, "", &[])
                .await
                .map(drop),
            "card front",
        );
        let t = 1_800_000_000_000;
        let long_answer = "a".repeat(MAX_REVIEW_ANSWER_CHARS + 1);
        let m = memory(1, t);
        for (r, mem, says) in [
            (review(id, 0, t, None), m, "grade 0"),
            (review(id, 5, t, None), m, "grade 5"),
            (review(id, 3, t, Some(&long_answer)), m, "answer"),
            (
                NewReview {
                    score: Some(-1),
                    ..review(id, 3, t, None)
                },
                m,
                "score",
            ),
            (
                NewReview {
                    elapsed_days: f64::NAN,
                    ..review(id, 3, t, None)
                },
                m,
                "elapsed days",
            ),
            (
                review(id, 3, t, None),
                CardMemory {
                    difficulty: f64::INFINITY,
                    ..m
                },
                "difficulty",
            ),
            (
                review(id, 3, t, None),
                CardMemory { reps: 0, ..m },
                "counts 0",
            ),
        ] {
            invalid(
                s.record_review(LOCAL_USER, &r, 0, &mem).await.map(drop),
                says,
            );
        }
        assert_eq!(card(s, LOCAL_USER, id).await, before, "nothing was written");
        assert!(s.reviews(LOCAL_USER).await.expect("log").is_empty());
        // The longest values fit, in characters.
        let widest = "é".repeat(MAX_CARD_FRONT_CHARS);
        let (wide, _) = s
            .add_card(LOCAL_USER, &own_card(&widest, &[]))
            .await
            .expect("the longest front");
        assert_eq!(
            card(s, LOCAL_USER, wide).await.front.chars().count(),
            MAX_CARD_FRONT_CHARS
        );
    })
    .await;
}

/// Cards (reviewed, suspended, new), their reviews and the plan's overrides for `owner`.
async fn fill(s: &dyn Store, owner: UserId) {
    let p = principles(&["ownership", "dive-deep"]);
    let (a, _) = s.add_card(owner, &pack_card("q-a", &p)).await.expect("a");
    let (b, _) = s
        .add_card(owner, &own_card("Own — ünïcödé", &[]))
        .await
        .expect("b");
    s.add_card(owner, &pack_card("q-new", &[]))
        .await
        .expect("new");
    let t = 1_800_000_000_000;
    s.record_review(owner, &review(a, 1, t, Some("typed")), 0, &memory(1, t))
        .await
        .expect("r");
    s.record_review(owner, &review(b, 4, t + 5, None), 0, &memory(1, t + 5))
        .await
        .expect("r");
    s.record_review(owner, &review(a, 3, t + 9, None), 1, &memory(2, t + 9))
        .await
        .expect("r");
    s.suspend_card(owner, b, true).await.expect("suspend");
    s.set_plan_override(owner, &over("w1/mock", "move", Some("2027-01-02"), t))
        .await
        .expect("override");
    s.set_plan_override(owner, &over("w1/design", "skip", None, t))
        .await
        .expect("override");
}

/// What [`fill`] gave, as its backup shows it.
fn assert_filled(b: &Backup) {
    let cards = &b.drill_cards;
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].question_id.as_deref(), Some("q-a"));
    assert_eq!(
        cards.iter().map(|c| c.reviews.len()).collect::<Vec<_>>(),
        [2, 1, 0]
    );
    assert_eq!(cards[0].reviews[0].answer.as_deref(), Some("typed"));
    assert_eq!(cards[0].memory, Some(memory(2, 1_800_000_000_009)));
    assert!(cards[1].suspended && cards[2].memory.is_none());
    assert_eq!(
        b.plan_overrides
            .iter()
            .map(|o| o.key.as_str())
            .collect::<Vec<_>>(),
        ["w1/design", "w1/mock"],
        "by key"
    );
}

#[tokio::test]
async fn cards_reviews_and_overrides_come_back_whole_from_a_backup() {
    each_backend(async |s| {
        fill(s, LOCAL_USER).await;
        let first = s.export_user(LOCAL_USER).await.expect("backup");
        assert_filled(&first);
        let text = serde_json::to_string_pretty(&first).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), first);

        let other = s.create_user("restored").await.expect("user");
        s.import_user(other, &first).await.expect("restore");
        assert_same(&first, &s.export_user(other).await.expect("again"));
        // The restored cards are the account's own, with ids of this database, and take reviews.
        let cards = s.cards(other).await.expect("cards");
        assert_eq!(cards.len(), 3);
        let mine = s.cards(LOCAL_USER).await.expect("mine");
        assert!(cards.iter().all(|c| mine.iter().all(|m| m.id != c.id)));
        assert_eq!(s.reviews(other).await.expect("log").len(), 3);
        let a = &cards[0];
        let t = 1_800_000_000_100;
        s.record_review(other, &review(a.id, 3, t, None), a.reps(), &memory(3, t))
            .await
            .expect("a review after the restore");
        assert_eq!(
            s.plan_overrides(other).await.expect("overrides"),
            first.plan_overrides
        );

        // An account holding a card or an override takes no restore.
        for (name, says) in [
            ("has-a-card", "1 drill card"),
            ("has-an-override", "1 plan override"),
        ] {
            let owner = s.create_user(name).await.expect("user");
            if name == "has-a-card" {
                s.add_card(owner, &own_card("f", &[])).await.expect("card");
            } else {
                s.set_plan_override(owner, &over("k", "done", None, 1))
                    .await
                    .expect("override");
            }
            match s.import_user(owner, &first).await {
                Err(e @ StoreError::NotEmpty(_)) => {
                    assert!(e.to_string().contains(says), "{e}")
                }
                other => panic!("expected NotEmpty: {other:?}"),
            }
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
        b.drill_cards[2].question_id = Some("q-a".into());
        refused(&b, "another card drills the same question `q-a`").await;
        let mut b = first.clone();
        b.drill_cards[0].reviews[1].grade = 9;
        refused(&b, "drill card 1 of the backup").await;
        let mut b = first.clone();
        b.plan_overrides[0].action = "later".into();
        refused(&b, "the plan override `w1/design`").await;
    })
    .await;
}

#[tokio::test]
async fn a_backup_written_before_drills_restores_with_none() {
    each_backend(async |s| {
        let text = r#"{"format": "tpmprep.backup", "version": 1, "created_at": 5,
            "settings": {"interview_date": "2027-01-04"}, "stories": [], "mocks": []}"#;
        let old = Backup::from_json(text).expect("read");
        let owner = s.create_user("old-backup").await.expect("user");
        s.import_user(owner, &old).await.expect("restore");
        assert!(s.cards(owner).await.expect("cards").is_empty());
        assert!(s.plan_overrides(owner).await.expect("overrides").is_empty());
        assert_eq!(
            s.setting(owner, "interview_date").await.expect("setting"),
            Some("2027-01-04".into())
        );
    })
    .await;
}

/// SQLite → backup → PostgreSQL → backup gives the same document (the floats bit for bit), and
/// PostgreSQL → SQLite too.
#[tokio::test]
async fn drills_move_between_sqlite_and_postgresql_unchanged() {
    moves_between_backends(
        async |s: &dyn Store, owner: UserId| {
            fill(s, owner).await;
        },
        assert_filled,
    )
    .await;
}

/// On PostgreSQL, the drill and plan tables are behind row-level security as every owned table is.
#[tokio::test]
async fn row_level_security_keeps_drills_and_overrides_to_their_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    let ana = store.create_user("ana").await.expect("user");
    let bo = store.create_user("bo").await.expect("user");
    fill(&store, ana).await;
    fill(&store, bo).await;
    let bo_card = store.cards(bo).await.expect("cards")[0].id;

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let counts = async |conn: &mut sqlx::PgConnection| {
        let mut out = Vec::new();
        for table in ["drill_cards", "drill_reviews", "plan_overrides"] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                    .fetch_one(&mut *conn)
                    .await
                    .expect("count");
            out.push(n);
        }
        out
    };
    assert_eq!(counts(&mut conn).await, [0, 0, 0], "acting for no one");
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    assert_eq!(counts(&mut tx).await, [3, 3, 2], "Ana's rows only");
    let touched = sqlx::query("UPDATE drill_cards SET front = 'overwritten'")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 3);
    let refused = sqlx::query(
        "INSERT INTO drill_reviews (owner_id, card_id, grade, reviewed_at, elapsed_days,
             interval_days, stability, difficulty)
         VALUES ($1, $2, 3, 0, 0, 0, 1, 1)",
    )
    .bind(bo)
    .bind(bo_card)
    .execute(&mut *tx)
    .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    assert!(
        store
            .cards(bo)
            .await
            .expect("cards")
            .iter()
            .all(|c| c.front != "overwritten"),
        "Bo's cards untouched"
    );
    assert_eq!(store.reviews(bo).await.expect("log").len(), 3);
    store.close().await;
}
