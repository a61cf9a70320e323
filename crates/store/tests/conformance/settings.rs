//! The `Settings` domain.

use tpmprep_store::{LOCAL_USER, StoryId};
use tpmprep_stories::Status;

use crate::{each_backend, story};

#[tokio::test]
async fn settings_and_cached_scores() {
    each_backend(async |s| {
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date").await.expect("get"),
            None
        );
        s.set_setting(LOCAL_USER, "interview_date", Some("2026-12-15"))
            .await
            .expect("set");
        s.set_setting(LOCAL_USER, "interview_date", Some("2026-12-20"))
            .await
            .expect("overwrite");
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date")
                .await
                .expect("get")
                .as_deref(),
            Some("2026-12-20")
        );
        let other = s.create_user("someone").await.expect("user");
        assert_eq!(s.setting(other, "interview_date").await.expect("get"), None);
        s.set_setting(LOCAL_USER, "interview_date", None)
            .await
            .expect("clear");
        assert_eq!(
            s.setting(LOCAL_USER, "interview_date").await.expect("get"),
            None
        );

        let v1 = story("Scored", &["ownership"], Status::Ready);
        let id = s.create_story(LOCAL_USER, &v1).await.expect("c").id;
        s.set_story_score(LOCAL_USER, id, 1, 64)
            .await
            .expect("score");
        assert_eq!(
            s.story_scores(LOCAL_USER).await.expect("scores"),
            [(id, 64)]
        );
        // A new revision makes the cached score stale; a score for an old revision is ignored.
        let mut v2 = v1.clone();
        v2.result = "It shipped.".into();
        s.update_story(LOCAL_USER, id, 1, &v2)
            .await
            .expect("update");
        assert!(s.story_scores(LOCAL_USER).await.expect("scores").is_empty());
        s.set_story_score(LOCAL_USER, id, 1, 90)
            .await
            .expect("stale write");
        assert!(s.story_scores(LOCAL_USER).await.expect("scores").is_empty());
        s.set_story_score(LOCAL_USER, id, 2, 71)
            .await
            .expect("score");
        assert_eq!(
            s.story_scores(LOCAL_USER).await.expect("scores"),
            [(id, 71)]
        );
        assert!(s.story_scores(other).await.expect("scores").is_empty());

        // Many at once: current revisions are cached, a stale one and another owner's are not.
        let a = s
            .create_story(LOCAL_USER, &story("A", &["ownership"], Status::Ready))
            .await
            .expect("a")
            .id;
        let b = s
            .create_story(LOCAL_USER, &story("B", &["earn-trust"], Status::Draft))
            .await
            .expect("b")
            .id;
        s.set_story_scores(LOCAL_USER, &[(a, 1, 40), (b, 7, 99), (id, 2, 72)])
            .await
            .expect("batch");
        s.set_story_scores(other, &[(b, 1, 12)])
            .await
            .expect("other owner");
        assert_eq!(
            s.story_scores(LOCAL_USER).await.expect("scores"),
            [(id, 72), (a, 40)]
        );
        s.set_story_scores(LOCAL_USER, &[]).await.expect("empty");

        // The history keeps each story's last scored revision of the day (all saves here are today),
        // oldest save first; another owner's scores and a revision that does not exist leave nothing.
        let history = s.score_history(LOCAL_USER).await.expect("history");
        let seen: Vec<(StoryId, u8)> = history.iter().map(|h| (h.story, h.score)).collect();
        assert_eq!(seen, [(id, 72), (a, 40)], "{history:?}");
        // A late score for an older revision of the same day does not displace the newer one.
        s.set_story_scores(LOCAL_USER, &[(id, 1, 10)])
            .await
            .expect("stale");
        assert_eq!(s.score_history(LOCAL_USER).await.expect("history"), history);
        assert!(history.windows(2).all(|w| w[0].saved_at <= w[1].saved_at));
        assert!(s.score_history(other).await.expect("history").is_empty());
        // Rescoring a revision replaces its score; a trashed story leaves the history.
        s.set_story_scores(LOCAL_USER, &[(a, 1, 41)])
            .await
            .expect("rescore");
        s.trash_story(LOCAL_USER, id).await.expect("trash");
        let seen: Vec<(StoryId, u8)> = s
            .score_history(LOCAL_USER)
            .await
            .expect("history")
            .iter()
            .map(|h| (h.story, h.score))
            .collect();
        assert_eq!(seen, [(a, 41)]);
    })
    .await;
}
