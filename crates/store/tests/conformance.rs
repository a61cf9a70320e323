//! The store conformance suite: one story of behaviour every backend must show. Written once against
//! `dyn Store`; each backend instantiates it with `conformance!` (SQLite here; PostgreSQL joins with
//! server mode).

use tpmprep_store::prelude::*;
use tpmprep_store::{
    ImportAction, Imported, LOCAL_USER, MockAnswer, MockRating, NewMock, SqliteStore, Store,
    StoreError, StoryFilter, StoryId,
};
use tpmprep_stories::merge::Base;
use tpmprep_stories::{Partner, ReadStory, Status, StoryContent};

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

pub async fn create_and_read_back(s: &dyn Store) {
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
}

pub async fn every_save_is_a_revision(s: &dyn Store) {
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
}

pub async fn a_stale_edit_is_refused_and_writes_nothing(s: &dyn Store) {
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
        err_text(s.update_story(LOCAL_USER, id, 1, &mine).await).contains("based on revision 1")
    );
    assert_eq!(s.revisions(LOCAL_USER, id).await.expect("revs").len(), 2);
    assert_eq!(
        s.story(LOCAL_USER, id).await.expect("read").content.action,
        "terminal two"
    );
}

fn err_text<T>(r: Result<T, StoreError>) -> String {
    match r {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

pub async fn list_filters(s: &dyn Store) {
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
    let ids =
        |v: Vec<tpmprep_store::StorySummary>| v.into_iter().map(|x| x.meta.id).collect::<Vec<_>>();
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
}

pub async fn trash_restore_and_purge(s: &dyn Store) {
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
}

pub async fn owners_are_isolated(s: &dyn Store) {
    let other = s.create_user("coach-client").await.expect("user");
    assert_ne!(other, LOCAL_USER);
    assert!(matches!(
        s.create_user("coach-client").await,
        Err(StoreError::UserExists(_))
    ));
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
}

/// Stories as a file without stable ids gives them.
fn unnamed(stories: &[StoryContent]) -> Vec<ReadStory> {
    stories
        .iter()
        .map(|c| ReadStory {
            uid: None,
            revision: None,
            content: c.clone(),
        })
        .collect()
}

fn actions(done: &[Imported]) -> Vec<ImportAction> {
    done.iter().map(|d| d.action).collect()
}

pub async fn import_is_all_in_order(s: &dyn Store) {
    let stories: Vec<StoryContent> = (0..25)
        .map(|i| story(&format!("Story {i}"), &["deliver-results"], Status::Draft))
        .collect();
    let done = s
        .import_stories(LOCAL_USER, &unnamed(&stories), false)
        .await
        .expect("import");
    assert_eq!(done.len(), 25);
    assert!(actions(&done).iter().all(|a| *a == ImportAction::New));
    let mut uids = std::collections::HashSet::new();
    for (d, content) in done.iter().zip(&stories) {
        let read = s.story(LOCAL_USER, d.id).await.expect("read");
        assert_eq!(&read.content, content);
        assert_eq!((d.rev, read.meta.rev), (1, 1));
        assert_eq!(read.meta.uid.len(), 36, "a UUID: {}", read.meta.uid);
        assert!(uids.insert(read.meta.uid), "stable ids are distinct");
    }
    assert_eq!(
        s.list_stories(LOCAL_USER, &StoryFilter::default())
            .await
            .expect("l")
            .len(),
        25
    );
    // An import into an owner that does not exist fails whole: nothing is written.
    let other: Vec<StoryContent> = (0..3)
        .map(|i| story(&format!("Other {i}"), &[], Status::Draft))
        .collect();
    assert!(
        s.import_stories(999, &unnamed(&other), false)
            .await
            .is_err()
    );
    assert!(s.import_stories(999, &unnamed(&other), true).await.is_err());
    assert_eq!(
        s.list_stories(LOCAL_USER, &StoryFilter::default())
            .await
            .expect("l")
            .len(),
        25
    );
}

pub async fn import_recognises_stories_already_in_the_bank(s: &dyn Store) {
    let a = story("Alpha", &["ownership"], Status::Ready);
    let b = story("Beta", &["dive-deep"], Status::Draft);
    let c = story("Gamma", &[], Status::Draft);
    let first = s
        .import_stories(
            LOCAL_USER,
            &unnamed(&[a.clone(), b.clone(), c.clone()]),
            false,
        )
        .await
        .expect("first import");
    let ids: Vec<StoryId> = first.iter().map(|d| d.id).collect();
    let mut exported = Vec::new();
    for id in &ids {
        let st = s.story(LOCAL_USER, *id).await.expect("read");
        exported.push(ReadStory {
            uid: Some(st.meta.uid),
            revision: None,
            content: st.content,
        });
    }

    // The same export again: every story is recognised by its stable id and left alone.
    let again = s
        .import_stories(LOCAL_USER, &exported, false)
        .await
        .expect("again");
    assert_eq!(actions(&again), [ImportAction::Unchanged; 3]);
    assert_eq!(again.iter().map(|d| d.id).collect::<Vec<_>>(), ids);
    // Without ids, identical content is recognised too; other content is new.
    let mut b2 = b.clone();
    b2.action = "A different telling.".into();
    let plain = s
        .import_stories(LOCAL_USER, &unnamed(&[a.clone(), b2.clone()]), false)
        .await
        .expect("plain");
    assert_eq!(
        actions(&plain),
        [ImportAction::Unchanged, ImportAction::New]
    );
    assert_eq!(plain[0].id, ids[0]);
    let copy_of_b = plain[1].id;

    // Changed text under a known id: a new revision, the old one kept, the tags moved along.
    let mut changed = exported.clone();
    changed[1].content.result = "Shipped two weeks early.".into();
    changed[1].content.principles = vec!["earn-trust".into()];
    let upd = s
        .import_stories(LOCAL_USER, &changed[..2], false)
        .await
        .expect("update");
    assert_eq!(
        actions(&upd),
        [ImportAction::Unchanged, ImportAction::Updated]
    );
    assert_eq!((upd[1].id, upd[1].rev), (ids[1], 2));
    let revs = s.revisions(LOCAL_USER, ids[1]).await.expect("revs");
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].content, b);
    assert_eq!(revs[1].content, changed[1].content);
    let tagged = |p: &str| {
        let filter = StoryFilter {
            principle: Some(p.into()),
            ..StoryFilter::default()
        };
        async move {
            s.list_stories(LOCAL_USER, &filter)
                .await
                .expect("l")
                .iter()
                .map(|x| x.meta.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(tagged("earn-trust").await, [ids[1]]);
    assert_eq!(tagged("dive-deep").await, [copy_of_b]);
    let listed = s
        .list_stories(LOCAL_USER, &StoryFilter::default())
        .await
        .expect("l");
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[1].meta.rev, 2);
    assert_eq!(
        listed[1].meta.uid,
        exported[1].uid.clone().unwrap_or_default()
    );

    // A story in the trash is left there, whatever the file says.
    s.trash_story(LOCAL_USER, ids[2]).await.expect("trash");
    let mut c2 = exported[2].clone();
    c2.content.task = "Changed while trashed.".into();
    let trashed = s
        .import_stories(LOCAL_USER, &[exported[2].clone(), c2], false)
        .await
        .expect("trashed");
    assert_eq!(actions(&trashed), [ImportAction::InTrash; 2]);
    assert_eq!(s.story(LOCAL_USER, ids[2]).await.expect("c").meta.rev, 1);

    // --as-new copies everything, with new stable ids.
    let copies = s
        .import_stories(LOCAL_USER, &exported, true)
        .await
        .expect("as new");
    assert_eq!(actions(&copies), [ImportAction::New; 3]);
    for (d, e) in copies.iter().zip(&exported) {
        let st = s.story(LOCAL_USER, d.id).await.expect("copy");
        assert!(!ids.contains(&d.id));
        assert_ne!(Some(st.meta.uid), e.uid);
        assert_eq!(st.content, e.content);
    }

    // An unknown id is kept; the same id later in one import is that story again.
    let uid = "a1b2c3d4-0000-4000-8000-000000000001".to_string();
    let mut later = a.clone();
    later.title = "Alpha, retold".into();
    let twice = s
        .import_stories(
            LOCAL_USER,
            &[
                ReadStory {
                    uid: Some(uid.clone()),
                    revision: None,
                    content: a.clone(),
                },
                ReadStory {
                    uid: Some(uid.clone()),
                    revision: None,
                    content: later.clone(),
                },
                ReadStory {
                    uid: Some(uid.clone()),
                    revision: None,
                    content: later.clone(),
                },
            ],
            false,
        )
        .await
        .expect("twice");
    assert_eq!(
        actions(&twice),
        [
            ImportAction::New,
            ImportAction::Updated,
            ImportAction::Unchanged
        ]
    );
    assert!(twice.iter().all(|d| d.id == twice[0].id && d.rev == 2));
    let st = s.story(LOCAL_USER, twice[0].id).await.expect("kept id");
    assert_eq!((st.meta.uid.as_str(), st.meta.rev), (uid.as_str(), 2));
    assert_eq!(st.content.title, "Alpha, retold");
    assert_eq!(
        s.revisions(LOCAL_USER, twice[0].id).await.expect("r")[0].content,
        a
    );

    // Another owner's stable ids are not this owner's stories.
    let other = s.create_user("other-importer").await.expect("user");
    let theirs = s
        .import_stories(other, &exported, false)
        .await
        .expect("theirs");
    assert_eq!(actions(&theirs), [ImportAction::New; 3]);
    assert!(theirs.iter().all(|d| !ids.contains(&d.id)));
}

/// Issue 12, item 4 (import): an export whose story the bank changed since never undoes the
/// bank's change. Unchanged since its revision → skipped as older; changed apart → merged; changed
/// in the same field → the bank's version stands and the conflict is reported; a file naming no
/// revision is taken from the revision it resembles most. All in one transaction.
pub async fn import_merges_a_stale_export_against_its_revision(s: &dyn Store) {
    let mut c = story("Cut-over", &["ownership"], Status::Draft);
    c.action = "I planned the cut-over.".into();
    let id = s.create_story(LOCAL_USER, &c).await.expect("c").id;
    let uid = s.story(LOCAL_USER, id).await.expect("r").meta.uid;
    let exported = |content: &StoryContent, revision: Option<i64>| ReadStory {
        uid: Some(uid.clone()),
        revision,
        content: content.clone(),
    };
    let export1 = exported(&c, Some(1));
    // The bank moves on: a principle added in revision 2.
    let mut bank = c.clone();
    bank.principles.push("earn-trust".into());
    s.update_story(LOCAL_USER, id, 1, &bank).await.expect("u");

    // The export, unchanged: older than the bank, nothing written.
    let done = s
        .import_stories(LOCAL_USER, std::slice::from_ref(&export1), false)
        .await
        .expect("older");
    assert_eq!(actions(&done), [ImportAction::Older]);
    assert_eq!(done[0].base, Some(Base::Recorded { rev: 1 }));
    assert_eq!(s.story(LOCAL_USER, id).await.expect("r").meta.rev, 2);

    // The export with its action edited: merged, the bank's principle kept.
    let mut edited = c.clone();
    edited.action = "I planned the cut-over and wrote the rollback plan.".into();
    let done = s
        .import_stories(LOCAL_USER, &[exported(&edited, Some(1))], false)
        .await
        .expect("merged");
    assert_eq!(actions(&done), [ImportAction::Merged]);
    assert_eq!(done[0].rev, 3);
    assert_eq!(
        done[0]
            .kept
            .iter()
            .map(|k| k.describe("?"))
            .collect::<Vec<_>>(),
        ["kept the principle `earn-trust` added in revision 2"]
    );
    let now = s.story(LOCAL_USER, id).await.expect("r");
    assert_eq!(now.content.principles, ["ownership", "earn-trust"]);
    assert_eq!(now.content.action, edited.action);
    let filter = StoryFilter {
        principle: Some("earn-trust".into()),
        ..StoryFilter::default()
    };
    assert_eq!(
        s.list_stories(LOCAL_USER, &filter).await.expect("l").len(),
        1,
        "the listing columns follow the merge"
    );

    // Another edit of the action from revision 1: a conflict; the bank's version stands.
    let mut other = c.clone();
    other.action = "Someone else's telling.".into();
    let done = s
        .import_stories(LOCAL_USER, &[exported(&other, Some(1))], false)
        .await
        .expect("conflict");
    assert_eq!(actions(&done), [ImportAction::Conflict]);
    assert_eq!(done[0].conflicts.len(), 1);
    assert_eq!(done[0].conflicts[0].field, "action");
    assert_eq!(done[0].conflicts[0].mine, "Someone else's telling.");
    assert_eq!(done[0].conflicts[0].theirs, edited.action);
    assert_eq!(s.story(LOCAL_USER, id).await.expect("r").meta.rev, 3);

    // The current revision, changed: saved as the next revision, as before.
    let mut next = now.content.clone();
    next.result = "Shipped.".into();
    let done = s
        .import_stories(LOCAL_USER, &[exported(&next, Some(3))], false)
        .await
        .expect("update");
    assert_eq!(actions(&done), [ImportAction::Updated]);
    assert_eq!(s.story(LOCAL_USER, id).await.expect("r").content, next);

    // No revision recorded (an older export): the closest revision is the base, so revision 1's
    // text with a new task merges with everything since.
    let mut old_file = c.clone();
    old_file.task = "Keep the date.".into();
    let done = s
        .import_stories(LOCAL_USER, &[exported(&old_file, None)], false)
        .await
        .expect("closest");
    assert_eq!(actions(&done), [ImportAction::Merged]);
    assert_eq!(
        done[0].base,
        Some(Base::Closest {
            rev: 1,
            unknown: None
        })
    );
    let now = s.story(LOCAL_USER, id).await.expect("r").content;
    assert_eq!(
        (now.task.as_str(), now.result.as_str(), now.principles.len()),
        ("Keep the date.", "Shipped.", 2)
    );

    // All or nothing still: a bad story later in the import writes nothing of the merge before it.
    let before = s.revisions(LOCAL_USER, id).await.expect("r").len();
    let mut edited_again = c.clone();
    edited_again.dissent = "The fraud lead wanted a freeze.".into();
    let mut bad = story("Bad", &[], Status::Draft);
    bad.title = "Bad\nline".into();
    assert!(
        s.import_stories(
            LOCAL_USER,
            &[
                exported(&edited_again, Some(1)),
                ReadStory {
                    content: bad,
                    ..ReadStory::default()
                }
            ],
            false
        )
        .await
        .is_err()
    );
    assert_eq!(s.revisions(LOCAL_USER, id).await.expect("r").len(), before);
}

pub async fn mock_use_is_counted(s: &dyn Store) {
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
}

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

const MOCK: NewMock<'static> = NewMock {
    kind: "phone-screen",
    format: "amazon-jobs",
    setup: r#"{"plan": "opaque to the store"}"#,
};

pub async fn mock_answers_are_kept_in_order_and_drafts_survive(s: &dyn Store) {
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
}

pub async fn a_finished_mock_keeps_its_debrief_and_takes_no_more_answers(s: &dyn Store) {
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
}

pub async fn mocks_are_isolated_between_owners(s: &dyn Store) {
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
}

pub async fn settings_and_cached_scores(s: &dyn Store) {
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
}

/// Instantiates every conformance test for one backend. `$make` is an async fn returning
/// `(impl Store, guard)`; the guard keeps temporary resources alive for the test.
macro_rules! conformance {
    ($backend:ident, $make:path, [$($test:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _guard) = $make().await;
                    super::$test(&store).await;
                }
            )*
        }
    };
}

async fn make_sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open_path(&dir.path().join("nested/dir/tpmprep.db"))
        .await
        .expect("open");
    (store, dir)
}

conformance!(
    sqlite,
    super::make_sqlite,
    [
        create_and_read_back,
        every_save_is_a_revision,
        a_stale_edit_is_refused_and_writes_nothing,
        list_filters,
        trash_restore_and_purge,
        owners_are_isolated,
        import_is_all_in_order,
        import_recognises_stories_already_in_the_bank,
        import_merges_a_stale_export_against_its_revision,
        mock_use_is_counted,
        mock_answers_are_kept_in_order_and_drafts_survive,
        a_finished_mock_keeps_its_debrief_and_takes_no_more_answers,
        mocks_are_isolated_between_owners,
        settings_and_cached_scores,
    ]
);

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
async fn a_plain_file_path_is_a_sqlite_database_and_postgres_is_refused_clearly() {
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
    for refused in ["postgres://me@localhost/prep", "postgresql://x/y", ""] {
        let err = match tpmprep_store::open_url(refused).await {
            Ok(_) => panic!("{refused:?} is not supported yet"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            err,
            format!("unsupported database URL `{refused}`: use a sqlite: URL or a file path")
        );
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
