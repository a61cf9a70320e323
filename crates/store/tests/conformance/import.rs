//! Importing stories (part of the `Stories` domain): all or nothing, in order; stories the bank
//! holds recognised; a stale export reconciled against the revision it was written from.

use tpmprep_store::{ImportAction, Imported, LOCAL_USER, StoryFilter, StoryId};
use tpmprep_stories::merge::Base;
use tpmprep_stories::{ReadStory, Status, StoryContent};

use crate::{each_backend, story};

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

#[tokio::test]
async fn import_is_all_in_order() {
    each_backend(async |s| {
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
    })
    .await;
}

#[tokio::test]
async fn import_recognises_stories_already_in_the_bank() {
    each_backend(async |s| {
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
    })
    .await;
}

/// Issue 12, item 4 (import): an export whose story the bank changed since never undoes the
/// bank's change. Unchanged since its revision → skipped as older; changed apart → merged; changed
/// in the same field → the bank's version stands and the conflict is reported; a file naming no
/// revision is taken from the revision it resembles most. All in one transaction.
#[tokio::test]
async fn import_merges_a_stale_export_against_its_revision() {
    each_backend(async |s| {
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
    })
    .await;
}
