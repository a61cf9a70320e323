//! The `Sharing` domain: a candidate shares with a coach and takes it back; comments land only on
//! the owner's own stories and mock answers, by the owner or a coach they share with; and, on
//! PostgreSQL, row-level security keeps a transaction to the one account it acts for even when a
//! query names no owner at all.

use sqlx::Connection;
use tpmprep_store::prelude::*;
use tpmprep_store::{CommentOn, CommentsOf, MockAnswer, PgStore, Role, Store, StoreError, UserId};

use crate::mocks::MOCK;
use crate::{each_backend, story};
use tpmprep_store::test_support::{PgDatabase, pg_server};
use tpmprep_stories::Status;

async fn account(s: &dyn Store, email: &str, role: Role) -> UserId {
    s.create_account(email, role, None).await.expect("account")
}

fn answer(seq: i64) -> MockAnswer {
    MockAnswer {
        seq,
        interview: 0,
        question: seq,
        follow_up: None,
        question_id: format!("b-ownership-{seq}"),
        prompt: "Tell me about a time you owned an outcome.".into(),
        answer: "I owned the migration.".into(),
        seconds: 60,
        story_id: None,
        created_at: 0,
    }
}

#[tokio::test]
async fn a_share_is_seen_from_both_sides_and_can_be_taken_back() {
    each_backend(async |s| {
        let ana = account(s, "ana@example.com", Role::Candidate).await;
        let bo = account(s, "bo@example.com", Role::Candidate).await;
        let coach = account(s, "coach@example.com", Role::Coach).await;
        assert!(!s.is_shared(ana, coach).await.expect("read"));
        s.share(ana, coach, 1_000).await.expect("share");
        // Sharing again keeps the first time.
        s.share(ana, coach, 2_000).await.expect("again");
        s.share(bo, coach, 3_000).await.expect("share");
        assert!(s.is_shared(ana, coach).await.expect("read"));
        assert!(
            !s.is_shared(coach, ana).await.expect("read"),
            "a share has a direction"
        );
        let coaches = s.coaches_of(ana).await.expect("list");
        assert_eq!(coaches.len(), 1);
        assert_eq!(coaches[0].account, coach);
        assert_eq!(coaches[0].email.as_deref(), Some("coach@example.com"));
        assert_eq!(coaches[0].since, 1_000);
        let candidates = s.candidates_of(coach).await.expect("list");
        assert_eq!(
            candidates.iter().map(|c| c.account).collect::<Vec<_>>(),
            [ana, bo]
        );
        assert!(s.unshare(ana, coach).await.expect("unshare"));
        assert!(
            !s.unshare(ana, coach).await.expect("twice"),
            "nothing left to take back"
        );
        assert!(!s.is_shared(ana, coach).await.expect("read"));
        assert_eq!(
            s.candidates_of(coach)
                .await
                .expect("list")
                .iter()
                .map(|c| c.account)
                .collect::<Vec<_>>(),
            [bo]
        );
        assert!(s.coaches_of(ana).await.expect("list").is_empty());
    })
    .await;
}

#[tokio::test]
async fn comments_land_only_where_the_author_may_write() {
    each_backend(async |s| {
        let ana = account(s, "ana@example.com", Role::Candidate).await;
        let bo = account(s, "bo@example.com", Role::Candidate).await;
        let coach = account(s, "coach@example.com", Role::Coach).await;
        let stranger = account(s, "other-coach@example.com", Role::Coach).await;
        let st = s
            .create_story(ana, &story("Checkout", &["ownership"], Status::Draft))
            .await
            .expect("story");
        let mock = s.create_mock(ana, &MOCK).await.expect("mock");
        s.save_mock_answer(ana, mock, &answer(0))
            .await
            .expect("answer");
        let on_story = CommentOn::Story {
            story: st.id,
            rev: 1,
        };
        let on_answer = CommentOn::Answer { mock, seq: 0 };

        // Not shared yet: the coach's comment finds nothing, and says no more than that.
        assert!(matches!(
            s.add_comment(ana, coach, on_story, "Lead with the number.", 10).await,
            Err(StoreError::NotFound(id)) if id == st.id
        ));
        s.share(ana, coach, 5).await.expect("share");
        let c = s
            .add_comment(ana, coach, on_story, "Lead with the number.", 10)
            .await
            .expect("comment");
        assert_eq!(c.author, coach);
        assert_eq!(c.author_email.as_deref(), Some("coach@example.com"));
        assert_eq!(
            (c.body.as_str(), c.created_at, c.on),
            ("Lead with the number.", 10, on_story)
        );
        // The candidate answers on their own story.
        s.add_comment(ana, ana, on_story, "Done in revision 2.", 11)
            .await
            .expect("own comment");
        s.add_comment(ana, coach, on_answer, "Say what you decided.", 12)
            .await
            .expect("on an answer");

        // A coach nobody shared with, another candidate, a revision or answer that does not exist,
        // and someone else's story named as the owner's: all not found, nothing stored.
        for (owner, author, on) in [
            (ana, stranger, on_story),
            (ana, bo, on_answer),
            (
                ana,
                coach,
                CommentOn::Story {
                    story: st.id,
                    rev: 2,
                },
            ),
            (ana, coach, CommentOn::Answer { mock, seq: 1 }),
            (bo, bo, on_story),
            (bo, bo, on_answer),
        ] {
            let r = s.add_comment(owner, author, on, "nope", 13).await;
            assert!(
                matches!(
                    r,
                    Err(StoreError::NotFound(_) | StoreError::MockNotFound(_))
                ),
                "{owner} {author} {on:?}: {r:?}"
            );
        }
        let on_st = s
            .comments(ana, CommentsOf::Story(st.id))
            .await
            .expect("list");
        assert_eq!(
            on_st
                .iter()
                .map(|c| (c.author, c.body.as_str()))
                .collect::<Vec<_>>(),
            [
                (coach, "Lead with the number."),
                (ana, "Done in revision 2.")
            ]
        );
        let on_mock = s.comments(ana, CommentsOf::Mock(mock)).await.expect("list");
        assert_eq!(on_mock.len(), 1);
        assert_eq!(on_mock[0].on, on_answer);
        // Another owner asking about the same ids sees none of them.
        assert!(
            s.comments(bo, CommentsOf::Story(st.id))
                .await
                .expect("list")
                .is_empty()
        );
        assert!(
            s.comments(bo, CommentsOf::Mock(mock))
                .await
                .expect("list")
                .is_empty()
        );

        // Taking the share back keeps what was said; purging the story takes its comments.
        s.unshare(ana, coach).await.expect("unshare");
        assert!(matches!(
            s.add_comment(ana, coach, on_story, "one more", 14).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            s.comments(ana, CommentsOf::Story(st.id))
                .await
                .expect("list")
                .len(),
            2
        );
        s.trash_story(ana, st.id).await.expect("trash");
        s.purge_story(ana, st.id).await.expect("purge");
        assert!(
            s.comments(ana, CommentsOf::Story(st.id))
                .await
                .expect("list")
                .is_empty()
        );
        assert_eq!(
            s.comments(ana, CommentsOf::Mock(mock))
                .await
                .expect("list")
                .len(),
            1
        );
    })
    .await;
}

/// PostgreSQL's second wall: a transaction acting for one account sees and writes only its rows,
/// whatever its statement says, and a statement acting for no one sees nothing.
#[tokio::test]
async fn row_level_security_keeps_a_transaction_to_its_account() {
    let Some(server) = pg_server() else { return };
    let db = PgDatabase::create(&server).await;
    let store = PgStore::open_url_with(&db.url, 2)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));
    assert!(
        store.row_security_applies().await.expect("role"),
        "the tests connect as an ordinary role, so the policies bind it"
    );
    let ana = account(&store, "ana@example.com", Role::Candidate).await;
    let bo = account(&store, "bo@example.com", Role::Candidate).await;
    for title in ["Ana one", "Ana two"] {
        store
            .create_story(ana, &story(title, &["ownership"], Status::Draft))
            .await
            .expect("story");
    }
    store
        .create_story(bo, &story("Bo one", &["ownership"], Status::Draft))
        .await
        .expect("story");
    store
        .set_setting(bo, "interview_date", Some("2027-01-05"))
        .await
        .expect("setting");

    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    // No account named: nothing is visible.
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM stories")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(n, 0);
    // Acting for Ana, a statement with no owner filter still sees only Ana's rows.
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM stories ORDER BY id")
        .fetch_all(&mut *tx)
        .await
        .expect("titles");
    assert_eq!(titles, ["Ana one", "Ana two"]);
    let settings: i64 = sqlx::query_scalar("SELECT count(*) FROM settings")
        .fetch_one(&mut *tx)
        .await
        .expect("settings");
    assert_eq!(settings, 0, "Bo's setting is not visible to Ana");
    // Updating every row touches only Ana's; writing a row as Bo is refused.
    let touched = sqlx::query("UPDATE stories SET times_used = times_used + 1")
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected();
    assert_eq!(touched, 2);
    tx.commit().await.expect("commit");
    let mut tx = conn.begin().await.expect("begin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL tpmprep.owner = '{ana}'"
    )))
    .execute(&mut *tx)
    .await
    .expect("set");
    let refused = sqlx::query("INSERT INTO settings (owner_id, key, value) VALUES ($1, 'x', 'y')")
        .bind(bo)
        .execute(&mut *tx)
        .await;
    assert!(refused.is_err(), "a row for another account is refused");
    drop(tx);
    let _ = conn.close().await;
    let bo_story = &store
        .list_stories(bo, &Default::default())
        .await
        .expect("list")[0];
    assert_eq!(
        (bo_story.title.as_str(), bo_story.meta.times_used),
        ("Bo one", 0)
    );
    store.close().await;
}
