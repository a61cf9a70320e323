//! Spoken answers through the app layer on a real SQLite store: every fixture format is read,
//! measured and critiqued against its question, kept with the file as brought; a transcript given
//! as a mock or drill answer is taken as its words; a malformed one keeps nothing.

use tpmprep_app::mock::Ctx;
use tpmprep_app::speak::{self, Asked, Context, SpeakInput};
use tpmprep_content::Pack;
use tpmprep_critic::Critic;
use tpmprep_store::prelude::*;
use tpmprep_store::{LOCAL_USER, SqliteStore};

async fn store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStore::open_path(&dir.path().join("t.db"))
        .await
        .expect("open");
    (s, dir)
}

fn ctx<'a>(store: &'a dyn Store, pack: &'a Pack, critic: &'a Critic) -> Ctx<'a> {
    Ctx {
        store,
        pack,
        critic,
        owner: LOCAL_USER,
    }
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../speech/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn brought(name: &str) -> SpeakInput {
    SpeakInput {
        transcript: fixture(name),
        name: Some(name.into()),
        ..SpeakInput::default()
    }
}

#[tokio::test]
async fn every_format_is_measured_critiqued_and_kept() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (s, _d) = store().await;
    let c = ctx(&s, &pack, &critic);
    let question = pack.questions.first().expect("a pack question").clone();

    for name in [
        "answer.srt",
        "answer.crlf.srt",
        "answer.vtt",
        "answer.bom.vtt",
        "answer.whisper.json",
    ] {
        let saved = speak::save(
            c,
            &SpeakInput {
                question_id: Some(question.id.clone()),
                ..brought(name)
            },
            Context::Speak,
            1_000,
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let r = &saved.report;
        assert_eq!(r.delivery.words, 205, "{name}");
        assert_eq!(r.delivery.pauses.len(), 2, "{name}");
        assert_eq!(
            r.question.as_ref().and_then(|q| q.id.clone()),
            Some(question.id.clone())
        );
        assert!(
            r.critique.get("overall").is_some(),
            "{name}: the critique is in the report"
        );
        assert!(
            r.summary.iter().any(|l| l.starts_with("Content: ")),
            "{name}"
        );
        // The time in each STAR part: the fixture tells a whole story.
        let parts: Vec<&str> = r.star.iter().map(|p| p.part.as_str()).collect();
        assert!(
            parts.contains(&"action") && parts.contains(&"result"),
            "{name}: {parts:?}"
        );
        // JSON at the top level, as the issue asks.
        let json = serde_json::to_value(r).expect("report as JSON");
        for key in [
            "words",
            "duration_seconds",
            "wpm",
            "fillers",
            "fillers_per_minute",
            "pauses",
            "windows",
            "critique",
        ] {
            assert!(json.get(key).is_some(), "{name}: {key} at the top level");
        }
        let back = speak::get(c, saved.id).await.expect("kept");
        assert_eq!(back.source, fixture(name));
        assert_eq!(
            back.saved.report, saved.report,
            "{name}: the report reads back whole"
        );
    }
    assert_eq!(speak::list(c).await.expect("list").len(), 5);
}

#[tokio::test]
async fn plain_text_needs_its_duration_and_bad_files_keep_nothing() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (s, _d) = store().await;
    let c = ctx(&s, &pack, &critic);

    let e = speak::save(c, &brought("answer.txt"), Context::Speak, 1)
        .await
        .expect_err("no duration");
    assert!(e.to_string().contains("duration"), "{e}");
    let ok = speak::save(
        c,
        &SpeakInput {
            duration: Some("1:35".into()),
            ..brought("answer.txt")
        },
        Context::Speak,
        2,
    )
    .await
    .expect("plain text with a duration");
    assert!(ok.report.delivery.pauses.is_empty());
    assert!((ok.report.delivery.duration_seconds - 95.0).abs() < 1e-9);

    let e = speak::save(
        c,
        &SpeakInput {
            duration: Some("soon".into()),
            ..brought("answer.txt")
        },
        Context::Speak,
        3,
    )
    .await
    .expect_err("a bad duration");
    assert!(e.to_string().starts_with("duration: "), "{e}");

    let e = speak::save(c, &brought("bad-timing.srt"), Context::Speak, 4)
        .await
        .expect_err("malformed");
    assert_eq!(
        e.to_string().split(": expected").next(),
        Some("bad-timing.srt: line 6"),
        "{e}"
    );
    let e = speak::save(
        c,
        &SpeakInput {
            question_id: Some("no-such-question".into()),
            ..brought("answer.srt")
        },
        Context::Speak,
        5,
    )
    .await
    .expect_err("unknown question");
    assert!(e.to_string().contains("no-such-question"), "{e}");
    assert_eq!(
        speak::list(c).await.expect("list").len(),
        1,
        "only the good one is kept"
    );
}

#[tokio::test]
async fn a_transcript_given_as_an_answer_is_taken_as_its_words() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    let (s, _d) = store().await;
    let c = ctx(&s, &pack, &critic);
    let asked = Asked {
        id: None,
        text: "Tell me about a time you disagreed with a partner team.".into(),
    };

    let typed = speak::answer_text(
        c,
        "I proposed a phased launch.",
        None,
        &asked,
        Context::Mock(7),
        1,
    )
    .await
    .expect("typed");
    assert_eq!(typed.text, "I proposed a phased launch.");
    assert!(typed.transcript.is_none());

    let spoken = speak::answer_text(c, &fixture("answer.vtt"), None, &asked, Context::Mock(7), 2)
        .await
        .expect("a VTT answer");
    assert!(
        spoken.text.starts_with("So, um, last year I was the TPM"),
        "{}",
        spoken.text
    );
    assert!(!spoken.text.contains("-->") && !spoken.text.contains("Candidate:"));
    let kept = spoken.transcript.expect("kept");
    assert_eq!((kept.context.as_str(), kept.context_id), ("mock", Some(7)));

    let drill = speak::answer_text(
        c,
        &fixture("answer.whisper.json"),
        Some("a.json"),
        &asked,
        Context::Drill(3),
        3,
    )
    .await
    .expect("a Whisper answer");
    assert!(drill.transcript.is_some());
    assert_eq!(
        speak::for_context(c, Context::Mock(7))
            .await
            .expect("for")
            .len(),
        1
    );
    assert_eq!(
        speak::for_context(c, Context::Drill(3))
            .await
            .expect("for")
            .len(),
        1
    );

    let bad = speak::answer_text(
        c,
        &fixture("bad-timing.srt"),
        None,
        &asked,
        Context::Mock(7),
        4,
    )
    .await
    .expect_err("a malformed transcript is refused");
    assert!(bad.to_string().contains("line 6"), "{bad}");
    assert_eq!(speak::list(c).await.expect("list").len(), 2);
}
