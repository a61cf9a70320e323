//! A backup of real mocks, run through the engine, restored into another database whose ids differ:
//! the finished mock's debrief names its new id and the stories by their new ids, and reads back as
//! the same report; the unfinished mock reopens where it stopped, with its draft.

use tpmprep_app::backup;
use tpmprep_app::mock::{self, Ctx, MockKind, StartOptions};
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_store::prelude::*;
use tpmprep_store::{LOCAL_USER, SqliteStore, StoryFilter, UserId};
use tpmprep_stories::{Status, StoryContent};

async fn store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStore::open_path(&dir.path().join("t.db"))
        .await
        .expect("open");
    (s, dir)
}

fn content(title: &str) -> StoryContent {
    StoryContent {
        title: title.into(),
        status: Status::Ready,
        principles: vec!["ownership".into()],
        situation: "Checkout latency doubled after the holiday freeze.".into(),
        action: "I split the rollout into three waves and kept a rollback switch.".into(),
        result: "p99 fell from 900 ms to 300 ms in two weeks.".into(),
        ..StoryContent::default()
    }
}

fn ctx_of<'a>(store: &'a dyn Store, pack: &'a Pack, critic: &'a Critic, owner: UserId) -> Ctx<'a> {
    Ctx {
        store,
        pack,
        critic,
        owner,
    }
}

#[tokio::test]
async fn mocks_come_back_as_the_same_reports_under_new_ids() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (from, _a) = store().await;
    let (to, _b) = store().await;
    let (from, to) = (&from, &to);

    // On the target, someone else's rows first, so the restored rows get other ids.
    let someone = to.create_user("someone").await.expect("user");
    for n in 0..3 {
        to.create_story(someone, &content(&format!("Not mine {n}")))
            .await
            .expect("story");
    }
    let c = ctx_of(to, &pack, &critic, someone);
    let setup = mock::plan_mock(
        c,
        &StartOptions {
            seed: Some(3),
            ..StartOptions::default()
        },
    )
    .await
    .expect("plan");
    mock::start(c, setup).await.expect("someone's mock");

    let a = ctx_of(from, &pack, &critic, LOCAL_USER);
    let told = from
        .create_story(LOCAL_USER, &content("Checkout waves"))
        .await
        .expect("story");
    let options = StartOptions {
        kind: MockKind::PhoneScreen,
        seed: Some(7),
        ..StartOptions::default()
    };
    let mut running = mock::start(a, mock::plan_mock(a, &options).await.expect("plan"))
        .await
        .expect("start");
    let mut first = true;
    while let Some(cur) = running.current() {
        let story = (first && !cur.follow_up).then_some(told.id);
        first = false;
        running
            .submit(
                a,
                "I owned the checkout rollback: I split it into three waves, chose a flag over a \
                 freeze, and p99 fell from 900 ms to 300 ms.",
                90,
                story,
            )
            .await
            .expect("answer");
    }
    let report = running.finish(a).await.expect("finish");
    assert!(
        report
            .debrief
            .interviews
            .iter()
            .flat_map(|i| &i.questions)
            .any(|q| q.story == Some(told.id)),
        "the debrief names the story told"
    );
    let mut open = mock::start(a, mock::plan_mock(a, &options).await.expect("plan"))
        .await
        .expect("start");
    open.submit(a, "A first answer, then I stopped.", 40, None)
        .await
        .expect("answer");
    open.save_draft(a, "half typed", 17).await.expect("draft");

    let doc =
        backup::to_json(&backup::backup(from, LOCAL_USER).await.expect("backup")).expect("json");
    let restored_into = to.create_user("restored").await.expect("user");
    let summary = backup::restore(to, restored_into, &backup::read(&doc).expect("read"))
        .await
        .expect("restore");
    assert_eq!(
        (summary.stories, summary.mocks, summary.finished),
        (1, 2, 1)
    );

    let b = ctx_of(to, &pack, &critic, restored_into);
    let stories = to
        .list_stories(restored_into, &StoryFilter::default())
        .await
        .expect("stories");
    let new_story = stories[0].meta.id;
    assert_ne!(new_story, told.id, "the target gave it another id");
    assert_eq!(stories[0].meta.uid, told.uid);
    let mocks = to.list_mocks(restored_into).await.expect("mocks");
    let (new_open, new_finished) = (mocks[0].id, mocks[1].id);
    assert_ne!(new_finished, report.id);

    let mut expected = mock::report(a, report.id)
        .await
        .expect("report")
        .expect("finished");
    expected.id = new_finished;
    for q in expected
        .debrief
        .interviews
        .iter_mut()
        .flat_map(|i| &mut i.questions)
    {
        if q.story == Some(told.id) {
            q.story = Some(new_story);
        }
    }
    let restored = mock::report(b, new_finished)
        .await
        .expect("report")
        .expect("finished");
    assert_eq!(restored, expected);

    let reopened = mock::reopen(b, new_open).await.expect("reopen");
    assert_eq!(
        (reopened.draft.as_str(), reopened.draft_seconds),
        ("half typed", 17)
    );
    assert_eq!(reopened.answers, 1);
    assert_eq!(
        reopened.running.current().map(|c| c.text),
        mock::reopen(a, open.id)
            .await
            .expect("reopen the original")
            .running
            .current()
            .map(|c| c.text),
        "the restored mock stands at the same prompt"
    );

    // A second restore into the same account is refused, and says why.
    let again = backup::restore(to, restored_into, &backup::read(&doc).expect("read")).await;
    let err = again.expect_err("not empty");
    assert!(err.to_string().contains("holds 1 story"), "{err}");
}
