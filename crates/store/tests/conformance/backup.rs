//! The `Backups` domain: an account written out whole and restored into an empty one gives the same
//! document again, on each backend and from one backend to the other; a restore into an account
//! holding anything, or of a document that does not hold together, writes nothing.

use serde_json::Value;
use tpmprep_store::prelude::*;
use tpmprep_store::{
    Backup, LOCAL_USER, MockAnswer, MockRating, NewDesign, NewHint, NewMock, PgStore, Store,
    StoreError, StoryFilter, UserId,
};
use tpmprep_stories::{Metric, Status};

use crate::{assert_same, each_backend, make_sqlite, story};
use tpmprep_store::test_support::{PgDatabase, pg_server};

/// A mock's setup as the engine might write it: keys out of order, spaces, a float and a seed
/// beyond `i64`.
const SETUP: &str = r#"{"seed": 18446744073709551615, "minutes_scale": 0.25, "kind": "loop",
    "plan": {"interviews": [{"role": "bar-raiser", "principles": ["ownership"]}]}}"#;

/// The ids [`fill`] made, to check a restore against.
struct Filled {
    /// Five revisions, scored, told twice.
    told: i64,
    /// Purged after a mock told it.
    purged: i64,
    /// The finished mock.
    finished: i64,
}

fn answer(seq: i64, follow_up: Option<i64>, story_id: Option<i64>, text: &str) -> MockAnswer {
    MockAnswer {
        seq,
        interview: seq / 2,
        question: seq % 2,
        follow_up,
        question_id: format!("b-ownership-{seq}"),
        prompt: format!("Question {seq}: tell me about a time you owned an outcome."),
        answer: text.into(),
        seconds: 30 + seq,
        story_id,
        created_at: 0,
    }
}

fn rating(principle: &str, interview: i64, rating: &str) -> MockRating {
    MockRating {
        mock_id: 0,
        interview,
        principle: principle.into(),
        rating: rating.into(),
    }
}

/// Gives `owner` a bit of everything an account keeps: settings; stories with many revisions, a
/// stale and a current score, tellings, one in the trash and one purged; a finished mock whose
/// answers and debrief name stories (one purged since), an unfinished mock with answers and a
/// draft, and an untouched one; a finished design session with notes in two phases (one with
/// three revisions), hints and a diagram, and an untouched one.
async fn fill(s: &dyn Store, owner: UserId) -> Filled {
    s.set_setting(owner, "interview_date", Some("2026-12-15"))
        .await
        .expect("setting");
    s.set_setting(owner, "a-later-key", Some("sorted first"))
        .await
        .expect("setting");

    let mut content = story(
        "Checkout latency",
        &["ownership", "dive-deep"],
        Status::Draft,
    );
    content.metrics = vec![Metric {
        value: 12.5,
        unit: "%".into(),
        measures: "p99 latency reduction".into(),
        before: Some(0.1),
        ..Metric::default()
    }];
    let told = s.create_story(owner, &content).await.expect("story");
    for rev in 1..5 {
        content.action = format!("{} Wave {rev} went out behind a flag.", content.action);
        if rev == 3 {
            content.status = Status::Ready;
            content.tags.push("latency".into());
        }
        s.update_story(owner, told.id, rev, &content)
            .await
            .expect("revise");
    }
    s.set_story_score(owner, told.id, 5, 81)
        .await
        .expect("score");
    for _ in 0..2 {
        s.record_story_use(owner, told.id).await.expect("use");
    }

    let stale = s
        .create_story(
            owner,
            &story("Vendor dispute", &["earn-trust"], Status::Ready),
        )
        .await
        .expect("story");
    s.set_story_score(owner, stale.id, 1, 55)
        .await
        .expect("score");
    let mut changed = story(
        "Vendor dispute",
        &["earn-trust", "have-backbone"],
        Status::Ready,
    );
    changed.result = "We kept the launch date and the vendor's trust.".into();
    s.update_story(owner, stale.id, 1, &changed)
        .await
        .expect("revise");

    let trashed = s
        .create_story(owner, &story("Old reorg", &["frugality"], Status::Retired))
        .await
        .expect("story");
    s.trash_story(owner, trashed.id).await.expect("trash");
    let purged = s
        .create_story(
            owner,
            &story("Told, then purged", &["bias-for-action"], Status::Draft),
        )
        .await
        .expect("story");

    let finished = s
        .create_mock(
            owner,
            &NewMock {
                kind: "loop",
                format: "onsite-4x60",
                setup: SETUP,
            },
        )
        .await
        .expect("mock");
    let answers = [
        answer(
            0,
            None,
            Some(told.id),
            "I owned the <b>checkout</b> \"rollback\".",
        ),
        answer(1, Some(0), None, "Because p99 doubled.\nTwice."),
        answer(2, None, Some(purged.id), "The purged one."),
        answer(3, None, None, ""),
    ];
    for a in &answers {
        s.save_mock_answer(owner, finished, a)
            .await
            .expect("answer");
    }
    s.save_mock_draft(owner, finished, "typed but never sent", 12)
        .await
        .expect("draft");
    let debrief = serde_json::json!({
        "id": finished,
        "decision": "no-hire",
        "reason": "Dive Deep was not shown.",
        "interviews": [
            {"title": "Bar raiser", "questions": [
                {"question_id": "b-ownership-0", "story": told.id, "score": 77},
                {"question_id": "b-ownership-1", "story": null, "score": 40}]},
            {"title": "Hiring manager", "questions": [
                {"question_id": "b-ownership-2", "story": purged.id, "score": 52}]}
        ],
        "repeats": [{"similarity": 0.3333333333333333}]
    });
    s.finish_mock(
        owner,
        finished,
        "no-hire",
        &debrief.to_string(),
        &[
            rating("ownership", 0, "hire"),
            rating("dive-deep", 0, "no-hire"),
            rating("customer-obsession", 1, "strong-hire"),
        ],
    )
    .await
    .expect("finish");
    s.purge_story(owner, purged.id)
        .await
        .expect_err("not in the trash yet");
    s.trash_story(owner, purged.id).await.expect("trash");
    s.purge_story(owner, purged.id).await.expect("purge");

    let open = s
        .create_mock(
            owner,
            &NewMock {
                kind: "phone-screen",
                format: "amazon-jobs",
                setup: r#"{"kind":"phone-screen"}"#,
            },
        )
        .await
        .expect("mock");
    s.save_mock_answer(owner, open, &answer(0, None, Some(stale.id), "Half way."))
        .await
        .expect("answer");
    s.save_mock_draft(owner, open, "half a thought, ünïcödé", 42)
        .await
        .expect("draft");
    s.create_mock(
        owner,
        &NewMock {
            kind: "custom",
            format: "amazon-jobs",
            setup: "{}",
        },
    )
    .await
    .expect("mock");

    let design = s
        .create_design(owner, &crate::design::DESIGN)
        .await
        .expect("design");
    let t = 1_800_000_000_000;
    for (phase, base, body, at) in [
        ("clarify", 0, "Who uses it?", t),
        ("clarify", 1, "Who uses it? 100M a day.", t + 60_000),
        ("high-level", 0, "API → app → KV store", t + 61_000),
        (
            "clarify",
            2,
            "Who uses it? 100M a day, 10:1 reads.",
            t + 200_000,
        ),
    ] {
        s.save_design_note(owner, design, phase, base, body, at, 5_000)
            .await
            .expect("note");
    }
    for (phase, kind, text) in [
        ("clarify", "clarifying", "Ask about the read/write ratio."),
        ("high-level", "trade-off", "SQL or a KV store?"),
    ] {
        s.add_design_hint(owner, design, &NewHint { phase, kind, text }, t + 100_000)
            .await
            .expect("hint");
    }
    s.save_design_diagram(
        owner,
        design,
        0,
        r#"{"boxes": [{"id": "api", "label": "API"}], "arrows": []}"#,
        t + 300_000,
    )
    .await
    .expect("diagram");
    s.finish_design(
        owner,
        design,
        r#"{"overall": 68, "phases": {"clarify": 80, "high-level": 55}}"#,
        68,
        Some(r#"{"clarity": 4}"#),
        r#"{"elapsed_ms": 2700000}"#,
        t + 400_000,
    )
    .await
    .expect("finish");
    s.create_design(
        owner,
        &NewDesign {
            prompt_id: None,
            title: "Own prompt",
            prompt_text: "Design a chat service.",
            setup: "{}",
            clock: "{}",
        },
    )
    .await
    .expect("design");
    Filled {
        told: told.id,
        purged: purged.id,
        finished,
    }
}

/// What [`fill`] gave, as its backup must show it.
fn assert_filled(b: &Backup) {
    let summary = b.summary();
    assert_eq!(
        (summary.stories, summary.trashed, summary.revisions),
        (3, 1, 5 + 2 + 1),
        "{summary:?}"
    );
    assert_eq!(
        (summary.mocks, summary.finished, summary.answers),
        (3, 1, 5)
    );
    assert_eq!(
        b.settings.keys().collect::<Vec<_>>(),
        ["a-later-key", "interview_date"]
    );
    let told = &b.stories[0];
    assert_eq!(told.revisions.len(), 5);
    assert_eq!(
        told.revisions.iter().map(|r| r.rev).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(told.revisions[4].content.status, Status::Ready);
    assert_eq!(told.revisions[0].content.metrics[0].before, Some(0.1));
    assert_eq!(
        (told.times_used, told.score, told.score_rev),
        (2, Some(81), Some(5))
    );
    assert_eq!(told.day_scores.len(), 1);
    assert_eq!((told.day_scores[0].rev, told.day_scores[0].score), (5, 81));
    // The vendor story's score belongs to revision 1: kept, and still not current.
    assert_eq!(
        (b.stories[1].score, b.stories[1].score_rev),
        (Some(55), Some(1))
    );
    assert!(b.stories[2].trashed_at.is_some());
    let finished = &b.mocks[0];
    assert_eq!(finished.decision.as_deref(), Some("no-hire"));
    assert_eq!(finished.setup["seed"], Value::from(u64::MAX));
    assert_eq!(finished.setup["minutes_scale"], 0.25);
    assert_eq!(
        finished
            .answers
            .iter()
            .map(|a| a.story.as_deref())
            .collect::<Vec<_>>(),
        [Some(told.uid.as_str()), None, None, None],
        "stories by uid; the purged one by nothing"
    );
    assert_eq!(finished.answers[1].answer, "Because p99 doubled.\nTwice.");
    assert_eq!(finished.answers[1].follow_up, Some(0));
    assert_eq!(
        finished
            .ratings
            .iter()
            .map(|r| (r.interview, r.principle.as_str(), r.rating.as_str()))
            .collect::<Vec<_>>(),
        [
            (0, "dive-deep", "no-hire"),
            (0, "ownership", "hire"),
            (1, "customer-obsession", "strong-hire")
        ]
    );
    let debrief = finished.debrief.as_ref().expect("debrief");
    assert_eq!(
        debrief.get("id"),
        None,
        "a debrief's mock id is this database's"
    );
    assert_eq!(
        debrief["interviews"][0]["questions"][0]["story"],
        told.uid.as_str()
    );
    assert_eq!(
        debrief["interviews"][0]["questions"][1]["story"],
        Value::Null
    );
    assert_eq!(
        debrief["interviews"][1]["questions"][0]["story"],
        Value::Null
    );
    assert_eq!(debrief["repeats"][0]["similarity"], 0.3333333333333333);
    let open = &b.mocks[1];
    assert_eq!(open.finished_at, None);
    assert_eq!(
        (open.draft.as_str(), open.draft_seconds),
        ("half a thought, ünïcödé", 42)
    );
    assert_eq!(
        open.answers[0].story.as_deref(),
        Some(b.stories[1].uid.as_str())
    );
    assert!(b.mocks[2].answers.is_empty() && b.mocks[2].draft.is_empty());

    assert_eq!(b.designs.len(), 2);
    let design = &b.designs[0];
    assert_eq!(design.prompt_id.as_deref(), Some("sd-url-shortener"));
    assert_eq!(
        design
            .notes
            .iter()
            .map(|n| (n.phase.as_str(), n.rev, n.body.as_str()))
            .collect::<Vec<_>>(),
        [
            ("clarify", 1, "Who uses it?"),
            ("clarify", 2, "Who uses it? 100M a day."),
            ("clarify", 3, "Who uses it? 100M a day, 10:1 reads."),
            ("high-level", 1, "API → app → KV store")
        ],
        "every revision, by phase"
    );
    assert_eq!(
        design
            .hints
            .iter()
            .map(|h| (h.seq, h.kind.as_str()))
            .collect::<Vec<_>>(),
        [(0, "clarifying"), (1, "trade-off")]
    );
    assert_eq!(design.diagram_rev, 1);
    assert_eq!(design.diagram["boxes"][0]["label"], "API");
    assert_eq!(design.overall, Some(68));
    assert_eq!(
        design.report.as_ref().expect("report")["phases"]["high-level"],
        55
    );
    assert_eq!(
        design.self_rating.as_ref().expect("self-rating")["clarity"],
        4
    );
    assert_eq!(design.clock["elapsed_ms"], 2_700_000);
    assert!(design.finished_at.is_some());
    let own = &b.designs[1];
    assert_eq!(
        (own.prompt_id.as_deref(), own.title.as_str()),
        (None, "Own prompt")
    );
    assert!(own.notes.is_empty() && own.hints.is_empty());
    assert_eq!(
        (own.diagram_rev, own.finished_at, own.report.as_ref()),
        (0, None, None)
    );
}

/// Checks what a restore into `owner` gave, through the other domains: ids mapped, times kept.
async fn assert_restored(s: &dyn Store, owner: UserId, from: &Backup) {
    let live = s
        .list_stories(owner, &StoryFilter::default())
        .await
        .expect("list");
    assert_eq!(
        live.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(),
        ["Checkout latency", "Vendor dispute"]
    );
    assert_eq!(live[0].meta.uid, from.stories[0].uid);
    assert_eq!(live[0].meta.rev, 5);
    assert_eq!(live[0].meta.created_at, from.stories[0].created_at);
    assert_eq!(
        live[0].principles,
        ["ownership", "dive-deep"],
        "the listing columns are the last revision's"
    );
    let by_principle = s
        .list_stories(
            owner,
            &StoryFilter {
                principle: Some("have-backbone".into()),
                ..StoryFilter::default()
            },
        )
        .await
        .expect("filter");
    assert_eq!(by_principle.len(), 1, "principle tags are restored");
    let trash = s
        .list_stories(
            owner,
            &StoryFilter {
                trashed: true,
                ..StoryFilter::default()
            },
        )
        .await
        .expect("trash");
    assert_eq!(trash.len(), 1);
    let revisions = s
        .revisions(owner, live[0].meta.id)
        .await
        .expect("revisions");
    assert_eq!(
        revisions.iter().map(|r| r.created_at).collect::<Vec<_>>(),
        from.stories[0]
            .revisions
            .iter()
            .map(|r| r.created_at)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        s.story_scores(owner).await.expect("scores"),
        [(live[0].meta.id, 81)],
        "only the current revision's score is shown"
    );
    assert_eq!(
        s.score_history(owner).await.expect("history").len(),
        2,
        "a day's score of each live story"
    );
    assert_eq!(
        s.setting(owner, "interview_date")
            .await
            .expect("setting")
            .as_deref(),
        Some("2026-12-15")
    );
    let mocks = s.list_mocks(owner).await.expect("mocks");
    assert_eq!(mocks.len(), 3);
    let finished = mocks.last().expect("oldest");
    let m = s.mock(owner, finished.id).await.expect("mock");
    assert_eq!(m.answers[0].story_id, Some(live[0].meta.id));
    assert_eq!(m.answers[2].story_id, None);
    assert_eq!(m.summary.created_at, from.mocks[0].created_at);
    let debrief: Value =
        serde_json::from_str(m.debrief.as_deref().expect("debrief")).expect("json");
    assert_eq!(debrief["id"], finished.id, "the debrief names its new id");
    assert_eq!(
        debrief["interviews"][0]["questions"][0]["story"],
        live[0].meta.id
    );
    let ratings = s.mock_ratings(owner).await.expect("ratings");
    assert_eq!(ratings.len(), 3);
    assert!(ratings.iter().all(|r| r.mock_id == finished.id));
    let open = s.mock(owner, mocks[1].id).await.expect("mock");
    assert_eq!(open.draft_seconds, 42);
    assert_eq!(open.answers[0].story_id, Some(live[1].meta.id));

    let designs = s.list_designs(owner).await.expect("designs");
    assert_eq!(designs.len(), 2);
    let finished = &designs[1];
    assert_eq!(
        (finished.created_at, finished.finished_at, finished.overall),
        (
            from.designs[0].created_at,
            from.designs[0].finished_at,
            from.designs[0].overall
        )
    );
    let d = s.design(owner, finished.id).await.expect("design");
    assert_eq!(d.diagram_rev, 1);
    assert_eq!(d.hints.len(), 2);
    let clarify = s
        .design_note_revisions(owner, finished.id, "clarify")
        .await
        .expect("revisions");
    assert_eq!(
        clarify
            .iter()
            .map(|n| (n.rev, n.body.as_str(), n.saved_at))
            .collect::<Vec<_>>(),
        from.designs[0]
            .notes
            .iter()
            .filter(|n| n.phase == "clarify")
            .map(|n| (n.rev, n.body.as_str(), n.saved_at))
            .collect::<Vec<_>>()
    );
    // The restored session goes on where it stopped: its next note is revision 4.
    assert_eq!(
        s.save_design_note(
            owner,
            finished.id,
            "clarify",
            1,
            "stale",
            from.designs[0].updated_at + 1,
            0
        )
        .await
        .map_err(|e| e.to_string())
        .expect_err("stale"),
        "the notes of phase `clarify` were saved meanwhile (revision 3; this edit started from 1)"
    );
}

#[tokio::test]
async fn a_whole_account_comes_back_whole_into_an_empty_one() {
    each_backend(async |s| {
        let filled = fill(s, LOCAL_USER).await;
        let first = s.export_user(LOCAL_USER).await.expect("backup");
        assert!(first.created_at > 0);
        assert_filled(&first);

        let other = s.create_user("restored").await.expect("user");
        s.import_user(other, &first).await.expect("restore");
        let again = s.export_user(other).await.expect("backup again");
        assert_same(&first, &again);
        assert_restored(s, other, &first).await;
        // The new account's rows are its own: the original is untouched, and a restored story or
        // mock has a new id.
        assert_same(&first, &s.export_user(LOCAL_USER).await.expect("original"));
        let live = s
            .list_stories(other, &StoryFilter::default())
            .await
            .expect("list");
        assert_ne!(live[0].meta.id, filled.told);
        assert!(s.story(other, filled.told).await.is_err());
        assert!(s.mock(other, filled.finished).await.is_err());
        assert!(s.story(LOCAL_USER, filled.purged).await.is_err());

        // The document read back from its own JSON is the same backup.
        let text = serde_json::to_string_pretty(&again).expect("json");
        assert_eq!(Backup::from_json(&text).expect("read"), again);
    })
    .await;
}

#[tokio::test]
async fn a_restore_into_an_account_holding_anything_is_refused_and_changes_nothing() {
    each_backend(async |s| {
        fill(s, LOCAL_USER).await;
        let backup = s.export_user(LOCAL_USER).await.expect("backup");

        let with_setting = s.create_user("has-a-setting").await.expect("user");
        s.set_setting(with_setting, "interview_date", Some("2027-01-04"))
            .await
            .expect("setting");
        let with_mock = s.create_user("has-a-mock").await.expect("user");
        s.create_mock(
            with_mock,
            &NewMock {
                kind: "loop",
                format: "onsite-4x60",
                setup: "{}",
            },
        )
        .await
        .expect("mock");
        let with_design = s.create_user("has-a-design").await.expect("user");
        s.create_design(with_design, &crate::design::DESIGN)
            .await
            .expect("design");
        let with_trash = s.create_user("has-trash").await.expect("user");
        let c = s
            .create_story(with_trash, &story("Kept", &["ownership"], Status::Draft))
            .await
            .expect("story");
        s.trash_story(with_trash, c.id).await.expect("trash");
        s.create_story(
            with_trash,
            &story("Kept too", &["ownership"], Status::Draft),
        )
        .await
        .expect("story");

        for (owner, says) in [
            (with_setting, "holds 1 setting already"),
            (with_mock, "holds 1 mock already"),
            (with_design, "holds 1 design session already"),
            (with_trash, "holds 2 stories (1 in the trash) already"),
            (
                LOCAL_USER,
                "holds 3 stories (1 in the trash), 3 mocks, 2 design sessions and 2 settings already",
            ),
        ] {
            let before = s.export_user(owner).await.expect("before");
            match s.import_user(owner, &backup).await {
                Err(e @ StoreError::NotEmpty(_)) => {
                    let text = e.to_string();
                    assert!(text.contains(says), "{text}");
                    assert!(text.contains("nothing was changed"), "{text}");
                }
                other => panic!("restore into a non-empty account: {other:?}"),
            }
            assert_same(&before, &s.export_user(owner).await.expect("after"));
        }
        assert!(matches!(
            s.import_user(987_654, &backup).await,
            Err(StoreError::AccountNotFound(987_654))
        ));
    })
    .await;
}

#[tokio::test]
async fn a_backup_that_does_not_hold_together_writes_nothing() {
    each_backend(async |s| {
        fill(s, LOCAL_USER).await;
        let good = s.export_user(LOCAL_USER).await.expect("backup");
        let empty = s.create_user("still-empty").await.expect("user");
        let nothing = s.export_user(empty).await.expect("empty backup");
        assert_eq!(nothing.summary().stories + nothing.summary().mocks, 0);

        let refused = async |backup: &Backup, says: &str| {
            match s.import_user(empty, backup).await {
                Err(StoreError::BadBackup(m)) => assert!(m.contains(says), "{m}"),
                other => panic!("expected a refusal naming {says:?}: {other:?}"),
            }
            assert_same(&nothing, &s.export_user(empty).await.expect("after"));
        };

        // Found before anything is written: an answer telling a story the backup lacks, gaps in
        // the numbering, an unknown rating, a version this build does not read.
        let mut b = good.clone();
        b.mocks[1].answers[0].story = Some("no-such-uid".into());
        refused(&b, "tells story `no-such-uid`").await;
        let mut b = good.clone();
        b.stories[0].revisions.remove(2);
        refused(&b, "revision 4 is listed where revision 3 should be").await;
        let mut b = good.clone();
        b.stories[1].uid = b.stories[0].uid.clone();
        refused(&b, "same uid").await;
        let mut b = good.clone();
        b.mocks[0].ratings[0].rating = "maybe".into();
        refused(&b, "the rating `maybe`").await;
        let mut b = good.clone();
        b.mocks[0].debrief.as_mut().expect("debrief")["interviews"][0]["questions"][0]["story"] =
            Value::from("gone");
        refused(&b, "its debrief names story `gone`").await;
        let mut b = good.clone();
        b.mocks[0].debrief.as_mut().expect("debrief")["interviews"][0]["questions"][0]["story"] =
            Value::from(7);
        refused(
            &b,
            "names a story as 7; a backup names stories by their uid",
        )
        .await;
        let mut b = good.clone();
        b.designs[0].notes.remove(1);
        refused(
            &b,
            "revision 3 of phase `clarify` is listed where revision 2 should be",
        )
        .await;
        let mut b = good.clone();
        b.designs[0].hints[1].seq = 5;
        refused(&b, "hint 5 is listed where hint 1 should be").await;
        let mut b = good.clone();
        b.designs[1].title = "t".repeat(201);
        refused(&b, "design session 2 of the backup").await;
        let mut b = good.clone();
        b.designs[0].overall = None;
        refused(&b, "go together").await;
        let mut b = good.clone();
        b.version = 2;
        refused(&b, "version 2").await;

        // Found only as it is written, after the stories before it were: the whole restore is
        // undone.
        let mut b = good.clone();
        let last = b.stories.len() - 1;
        let title = &mut b.stories[last]
            .revisions
            .last_mut()
            .expect("rev")
            .content
            .title;
        *title = "Two\nlines".into();
        refused(&b, "line breaks").await;

        // The same backup, sound, restores.
        s.import_user(empty, &good).await.expect("restore");
        assert_same(&good, &s.export_user(empty).await.expect("restored"));
    })
    .await;
}

/// SQLite → backup → PostgreSQL → backup gives the same document, and PostgreSQL → SQLite too.
#[tokio::test]
async fn a_backup_moves_between_sqlite_and_postgresql_unchanged() {
    let Some(server) = pg_server() else { return };
    let (sqlite, _dir) = make_sqlite().await;
    let db = PgDatabase::create(&server).await;
    let pg = PgStore::open_url_with(&db.url, 4)
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.url));

    // SQLite → PostgreSQL, into the local user every database has.
    fill(&sqlite, LOCAL_USER).await;
    let from_sqlite = sqlite.export_user(LOCAL_USER).await.expect("backup");
    assert_filled(&from_sqlite);
    pg.import_user(LOCAL_USER, &from_sqlite)
        .await
        .expect("restore on postgres");
    assert_same(
        &from_sqlite,
        &pg.export_user(LOCAL_USER).await.expect("backup"),
    );
    assert_restored(&pg, LOCAL_USER, &from_sqlite).await;

    // PostgreSQL → SQLite: an account made on PostgreSQL, into a new SQLite file's local user.
    let account = pg.create_user("made-on-postgres").await.expect("user");
    fill(&pg, account).await;
    let from_pg = pg.export_user(account).await.expect("backup");
    assert_filled(&from_pg);
    let (fresh, _fresh_dir) = make_sqlite().await;
    fresh
        .import_user(LOCAL_USER, &from_pg)
        .await
        .expect("restore on sqlite");
    assert_same(
        &from_pg,
        &fresh.export_user(LOCAL_USER).await.expect("backup"),
    );
    assert_restored(&fresh, LOCAL_USER, &from_pg).await;

    for s in [&sqlite as &dyn Store, &pg, &fresh] {
        s.close().await;
    }
}
