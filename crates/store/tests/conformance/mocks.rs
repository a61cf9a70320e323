//! The `Mocks` domain: answers in order, drafts, finishing, ratings, recent questions, and
//! another owner's mocks.

use tpmprep_store::{LOCAL_USER, MockAnswer, MockRating, NewMock, StoreError};

use crate::each_backend;

fn answer(seq: i64, follow_up: Option<i64>, text: &str) -> MockAnswer {
    MockAnswer {
        seq,
        interview: 0,
        question: seq,
        follow_up,
        question_id: format!("b-ownership-{seq}"),
        prompt: "Tell me about a time you owned an outcome.".into(),
        answer: text.into(),
        seconds: 40 + seq,
        story_id: if seq == 0 { Some(3) } else { None },
        created_at: 0,
    }
}

pub(crate) const MOCK: NewMock<'static> = NewMock {
    kind: "phone-screen",
    format: "amazon-jobs",
    setup: r#"{"plan": "opaque to the store"}"#,
};

#[tokio::test]
async fn mock_answers_are_kept_in_order_and_drafts_survive() {
    each_backend(async |s| {
        let id = s.create_mock(LOCAL_USER, &MOCK).await.expect("create");
        s.save_mock_answer(LOCAL_USER, id, &answer(0, None, "first <b>'quoted'</b>"))
            .await
            .expect("a0");
        s.save_mock_draft(LOCAL_USER, id, "half a thought", 17)
            .await
            .expect("draft");
        let m = s.mock(LOCAL_USER, id).await.expect("read");
        assert_eq!(m.setup, MOCK.setup);
        assert_eq!((m.draft.as_str(), m.draft_seconds), ("half a thought", 17));
        // The clock alone moves the seconds on, never back, and leaves the text.
        for secs in [29, 12] {
            s.save_mock_draft_seconds(LOCAL_USER, id, secs)
                .await
                .expect("clock");
        }
        let m = s.mock(LOCAL_USER, id).await.expect("read");
        assert_eq!((m.draft.as_str(), m.draft_seconds), ("half a thought", 29));
        // Saving the next answer clears the draft.
        s.save_mock_answer(LOCAL_USER, id, &answer(1, Some(0), "second"))
            .await
            .expect("a1");
        // Out of step: a repeated or skipped position is refused and writes nothing.
        for seq in [1, 3] {
            assert!(matches!(
                s.save_mock_answer(LOCAL_USER, id, &answer(seq, None, "dup"))
                    .await,
                Err(StoreError::MockOutOfStep { expected: 2, .. })
            ));
        }
        let m = s.mock(LOCAL_USER, id).await.expect("read");
        assert_eq!(m.draft, "");
        assert_eq!(m.answers.len(), 2);
        assert_eq!(m.answers[0].answer, "first <b>'quoted'</b>");
        assert_eq!(m.answers[0].story_id, Some(3));
        assert_eq!(m.answers[1].follow_up, Some(0));
        assert_eq!(m.answers[1].seconds, 41);
        assert!(m.answers[1].created_at > 0);
        assert_eq!(m.summary.answers, 2);
        assert_eq!(m.summary.decision, None);
        assert!(m.debrief.is_none());
        assert!(matches!(
            s.mock(LOCAL_USER, id + 100).await,
            Err(StoreError::MockNotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn a_finished_mock_keeps_its_debrief_and_takes_no_more_answers() {
    each_backend(async |s| {
        let first = s.create_mock(LOCAL_USER, &MOCK).await.expect("create");
        let second = s.create_mock(LOCAL_USER, &MOCK).await.expect("create");
        s.save_mock_answer(LOCAL_USER, first, &answer(0, None, "a"))
            .await
            .expect("a");
        let rating = |mock_id, principle: &str, rating: &str| MockRating {
            mock_id,
            interview: 0,
            principle: principle.into(),
            rating: rating.into(),
        };
        s.finish_mock(
            LOCAL_USER,
            first,
            "no-hire",
            r#"{"decision":"no-hire"}"#,
            &[
                rating(0, "ownership", "no-hire"),
                rating(0, "dive-deep", "hire"),
            ],
        )
        .await
        .expect("finish");
        assert!(matches!(
            s.save_mock_answer(LOCAL_USER, first, &answer(1, None, "late"))
                .await,
            Err(StoreError::MockFinished(_))
        ));
        assert!(matches!(
            s.finish_mock(LOCAL_USER, first, "hire", "{}", &[]).await,
            Err(StoreError::MockFinished(_))
        ));
        // A bad rating fails the whole finish: the mock stays open.
        assert!(
            s.finish_mock(LOCAL_USER, second, "hire", "{}", &[rating(0, "x", "maybe")])
                .await
                .is_err()
        );
        let m = s.mock(LOCAL_USER, first).await.expect("read");
        assert_eq!(m.summary.decision.as_deref(), Some("no-hire"));
        assert!(m.summary.finished_at.is_some());
        assert_eq!(m.debrief.as_deref(), Some(r#"{"decision":"no-hire"}"#));
        let list = s.list_mocks(LOCAL_USER).await.expect("list");
        assert_eq!(
            list.iter().map(|m| m.id).collect::<Vec<_>>(),
            [second, first],
            "newest first"
        );
        assert!(
            list[0].finished_at.is_none(),
            "the failed finish wrote nothing"
        );
        let ratings = s.mock_ratings(LOCAL_USER).await.expect("ratings");
        assert_eq!(ratings.len(), 2);
        assert!(ratings.iter().all(|r| r.mock_id == first));
        assert_eq!(
            s.recent_mock_questions(LOCAL_USER, 0)
                .await
                .expect("recent"),
            ["b-ownership-0"]
        );
        assert!(
            s.recent_mock_questions(LOCAL_USER, i64::MAX)
                .await
                .expect("recent")
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn mocks_are_isolated_between_owners() {
    each_backend(async |s| {
        let other = s.create_user("coach-client").await.expect("user");
        let mine = s.create_mock(LOCAL_USER, &MOCK).await.expect("create");
        assert!(matches!(
            s.mock(other, mine).await,
            Err(StoreError::MockNotFound(_))
        ));
        assert!(matches!(
            s.save_mock_answer(other, mine, &answer(0, None, "x")).await,
            Err(StoreError::MockNotFound(_))
        ));
        assert!(matches!(
            s.save_mock_draft(other, mine, "x", 1).await,
            Err(StoreError::MockNotFound(_))
        ));
        assert!(s.list_mocks(other).await.expect("list").is_empty());
        s.save_mock_answer(LOCAL_USER, mine, &answer(0, None, "x"))
            .await
            .expect("mine");
        assert!(
            s.recent_mock_questions(other, 0)
                .await
                .expect("recent")
                .is_empty()
        );
    })
    .await;
}
