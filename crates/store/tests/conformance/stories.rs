//! The `Stories` domain: saving and reading stories, revisions, stale edits, listing, the trash,
//! another owner's stories, tellings in mocks and cached scores. Imports are in `import.rs`.

use tpmprep_store::{LOCAL_USER, StoreError, StoryFilter, StoryId};
use tpmprep_stories::Status;

use crate::{each_backend, story};

#[tokio::test]
async fn create_and_read_back() {
    each_backend(async |s| {
        let content = story(
            "Cut checkout p99",
            &["dive-deep", "ownership"],
            Status::Draft,
        );
        let meta = s.create_story(LOCAL_USER, &content).await.expect("create");
        assert_eq!(meta.rev, 1);
        assert_eq!(meta.times_used, 0);
        assert!(meta.trashed_at.is_none());
        let got = s.story(LOCAL_USER, meta.id).await.expect("read");
        assert_eq!(got.content, content);
        assert_eq!(got.meta, meta);
    })
    .await;
}

#[tokio::test]
async fn every_save_is_a_revision() {
    each_backend(async |s| {
        let v1 = story("First", &["ownership"], Status::Draft);
        let id = s.create_story(LOCAL_USER, &v1).await.expect("create").id;
        let mut v2 = v1.clone();
        v2.result = "p99 fell from 820 ms to 490 ms.".into();
        let m2 = s
            .update_story(LOCAL_USER, id, 1, &v2)
            .await
            .expect("update");
        assert_eq!(m2.rev, 2);
        let mut v3 = v2.clone();
        v3.status = Status::Ready;
        assert_eq!(
            s.update_story(LOCAL_USER, id, 2, &v3)
                .await
                .expect("update")
                .rev,
            3
        );
        let revs = s.revisions(LOCAL_USER, id).await.expect("revisions");
        assert_eq!(revs.iter().map(|r| r.rev).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(revs[0].content, v1);
        assert_eq!(revs[1].content, v2);
        assert_eq!(
            s.revision(LOCAL_USER, id, 2).await.expect("rev 2").content,
            v2
        );
        assert_eq!(s.story(LOCAL_USER, id).await.expect("current").content, v3);
        assert!(matches!(
            s.revision(LOCAL_USER, id, 9).await,
            Err(StoreError::NoRevision { rev: 9, .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_writes_nothing() {
    each_backend(async |s| {
        let v1 = story("Shared", &["earn-trust"], Status::Draft);
        let id = s.create_story(LOCAL_USER, &v1).await.expect("create").id;
        let mut mine = v1.clone();
        mine.action = "terminal one".into();
        let mut theirs = v1.clone();
        theirs.action = "terminal two".into();
        s.update_story(LOCAL_USER, id, 1, &theirs)
            .await
            .expect("first save wins");
        let err = s
            .update_story(LOCAL_USER, id, 1, &mine)
            .await
            .expect_err("stale base");
        match err {
            StoreError::Conflict {
                id: got,
                base,
                current,
            } => {
                assert_eq!((got, base, current), (id, 1, 2));
            }
            other => panic!("expected a conflict, got {other}"),
        }
        assert!(
            err_text(s.update_story(LOCAL_USER, id, 1, &mine).await)
                .contains("based on revision 1")
        );
        assert_eq!(s.revisions(LOCAL_USER, id).await.expect("revs").len(), 2);
        assert_eq!(
            s.story(LOCAL_USER, id).await.expect("read").content.action,
            "terminal two"
        );
    })
    .await;
}

fn err_text<T>(r: Result<T, StoreError>) -> String {
    match r {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn list_filters() {
    each_backend(async |s| {
        let a = s
            .create_story(
                LOCAL_USER,
                &story("A", &["ownership", "dive-deep"], Status::Ready),
            )
            .await
            .expect("a")
            .id;
        let b = s
            .create_story(LOCAL_USER, &story("B", &["dive-deep"], Status::Draft))
            .await
            .expect("b")
            .id;
        let mut c_content = story("C", &["frugality"], Status::Ready);
        c_content.tags = vec!["infra".into()];
        let c = s.create_story(LOCAL_USER, &c_content).await.expect("c").id;
        let ids = |v: Vec<tpmprep_store::StorySummary>| {
            v.into_iter().map(|x| x.meta.id).collect::<Vec<_>>()
        };
        let all = s
            .list_stories(LOCAL_USER, &StoryFilter::default())
            .await
            .expect("list");
        assert_eq!(ids(all.clone()), [a, b, c]);
        assert_eq!(all[0].principles, ["ownership", "dive-deep"]);
        assert_eq!(all[0].title, "A");
        let f = |principle: Option<&str>, status: Option<Status>, tag: Option<&str>| StoryFilter {
            principle: principle.map(str::to_string),
            status,
            tag: tag.map(str::to_string),
            trashed: false,
        };
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(Some("dive-deep"), None, None))
                .await
                .expect("p")),
            [a, b]
        );
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(None, Some(Status::Ready), None))
                .await
                .expect("s")),
            [a, c]
        );
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(None, None, Some("infra")))
                .await
                .expect("t")),
            [c]
        );
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(Some("dive-deep"), Some(Status::Ready), None))
                .await
                .expect("ps")),
            [a]
        );
        // Re-tagging moves the story between principle filters.
        let mut a2 = s.story(LOCAL_USER, a).await.expect("a").content;
        a2.principles = vec!["frugality".into()];
        s.update_story(LOCAL_USER, a, 1, &a2).await.expect("retag");
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(Some("dive-deep"), None, None))
                .await
                .expect("p")),
            [b]
        );
        assert_eq!(
            ids(s
                .list_stories(LOCAL_USER, &f(Some("frugality"), None, None))
                .await
                .expect("p")),
            [a, c]
        );
    })
    .await;
}

#[tokio::test]
async fn trash_restore_and_purge() {
    each_backend(async |s| {
        let id = s
            .create_story(LOCAL_USER, &story("Old", &["ownership"], Status::Draft))
            .await
            .expect("c")
            .id;
        assert!(matches!(
            s.purge_story(LOCAL_USER, id).await,
            Err(StoreError::NotInTrash(_))
        ));
        s.trash_story(LOCAL_USER, id).await.expect("trash");
        assert!(
            s.list_stories(LOCAL_USER, &StoryFilter::default())
                .await
                .expect("l")
                .is_empty()
        );
        let trash = s
            .list_stories(
                LOCAL_USER,
                &StoryFilter {
                    trashed: true,
                    ..StoryFilter::default()
                },
            )
            .await
            .expect("trash list");
        assert_eq!(trash.len(), 1);
        assert!(trash[0].meta.trashed_at.is_some());
        // Still readable, not editable while trashed.
        let content = s.story(LOCAL_USER, id).await.expect("read trashed").content;
        assert!(matches!(
            s.update_story(LOCAL_USER, id, 1, &content).await,
            Err(StoreError::InTrash(_))
        ));
        s.restore_from_trash(LOCAL_USER, id).await.expect("restore");
        assert_eq!(
            s.list_stories(LOCAL_USER, &StoryFilter::default())
                .await
                .expect("l")
                .len(),
            1
        );
        s.trash_story(LOCAL_USER, id).await.expect("trash again");
        s.purge_story(LOCAL_USER, id).await.expect("purge");
        assert!(matches!(
            s.story(LOCAL_USER, id).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.revisions(LOCAL_USER, id).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.revision(LOCAL_USER, id, 1).await,
            Err(StoreError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn owners_are_isolated() {
    each_backend(async |s| {
        let other = s.create_user("coach-client").await.expect("user");
        let mine = s
            .create_story(LOCAL_USER, &story("Mine", &["ownership"], Status::Ready))
            .await
            .expect("c")
            .id;
        let theirs = s
            .create_story(other, &story("Theirs", &["ownership"], Status::Ready))
            .await
            .expect("c")
            .id;
        let list = s
            .list_stories(other, &StoryFilter::default())
            .await
            .expect("l");
        assert_eq!(list.iter().map(|x| x.meta.id).collect::<Vec<_>>(), [theirs]);
        let by_principle = StoryFilter {
            principle: Some("ownership".into()),
            ..StoryFilter::default()
        };
        assert_eq!(
            s.list_stories(other, &by_principle).await.expect("l").len(),
            1
        );
        // Every way of reaching another owner's story fails as if it did not exist.
        assert!(matches!(
            s.story(other, mine).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.revisions(other, mine).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.revision(other, mine, 1).await,
            Err(StoreError::NotFound(_))
        ));
        let c = story("Hijack", &[], Status::Draft);
        assert!(matches!(
            s.update_story(other, mine, 1, &c).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.trash_story(other, mine).await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            s.record_story_use(other, mine).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            s.story(LOCAL_USER, mine).await.expect("mine").content.title,
            "Mine"
        );
        assert_eq!(s.story(LOCAL_USER, mine).await.expect("mine").meta.rev, 1);
    })
    .await;
}

#[tokio::test]
async fn mock_use_is_counted() {
    each_backend(async |s| {
        let id = s
            .create_story(LOCAL_USER, &story("Told", &["ownership"], Status::Ready))
            .await
            .expect("c")
            .id;
        s.record_story_use(LOCAL_USER, id).await.expect("use");
        s.record_story_use(LOCAL_USER, id).await.expect("use");
        assert_eq!(
            s.story(LOCAL_USER, id).await.expect("read").meta.times_used,
            2
        );
        assert!(matches!(
            s.record_story_use(LOCAL_USER, 424242).await,
            Err(StoreError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn cached_scores() {
    each_backend(async |s| {
        let other = s.create_user("someone").await.expect("user");
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
