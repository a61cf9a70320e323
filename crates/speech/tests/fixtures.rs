//! The project's transcript fixtures (written by `fixtures/make.py`): one spoken answer in every
//! format reads to the same words and near-same figures; malformed files are refused at their line.

use tpmprep_speech::{Analysis, Format, Lexicon, Pace, analyse, read};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn analysis(name: &str, duration: Option<u64>) -> Analysis {
    let t = read(&fixture(name), Format::from_name(name), duration)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    analyse(&t, &Lexicon::standard())
}

#[test]
fn every_format_reads_the_same_answer() {
    let srt = analysis("answer.srt", None);
    for name in [
        "answer.crlf.srt",
        "answer.vtt",
        "answer.bom.vtt",
        "answer.whisper.json",
        "answer.whisper-cpp.json",
        "answer.whisper-cli.txt",
    ] {
        let a = analysis(name, None);
        assert_eq!(a.words, srt.words, "{name}: words");
        assert!(
            (a.duration_seconds - srt.duration_seconds).abs() < 0.5,
            "{name}: {} s against {} s",
            a.duration_seconds,
            srt.duration_seconds
        );
        assert_eq!(a.fillers, srt.fillers, "{name}: fillers");
        assert_eq!(a.hedges, srt.hedges, "{name}: hedges");
        assert_eq!(a.pauses.len(), 2, "{name}: pauses {:?}", a.pauses);
    }
    assert_eq!(analysis("answer.vtt", None).format, Format::Vtt);
    assert_eq!(
        analysis("answer.whisper.json", None).format,
        Format::Whisper
    );
}

#[test]
fn the_figures_of_the_answer() {
    let a = analysis("answer.whisper.json", None);
    assert_eq!(a.words, 205);
    // 205 words over 90.84 s (0.8 s to 1:31.64).
    assert!(
        (a.duration_seconds - 90.84).abs() < 0.01,
        "{}",
        a.duration_seconds
    );
    assert!((a.wpm - 135.4).abs() < 0.1, "{}", a.wpm);
    assert_eq!(a.pace, Pace::Comfortable);
    let fillers: Vec<(&str, usize)> = a
        .filler_counts
        .iter()
        .map(|c| (c.phrase.as_str(), c.count))
        .collect();
    // "So, um," / "were, like, the" / "you know," / "basically" / "the sort of thing" is a noun
    // phrase, not filler.
    assert_eq!(
        fillers,
        [("basically", 1), ("like", 1), ("um", 1), ("you know", 1)]
    );
    let hedges: Vec<&str> = a.hedge_counts.iter().map(|c| c.phrase.as_str()).collect();
    assert_eq!(hedges, ["i think", "maybe"]);
    // The 2.4 s pause after "…automated risk score for low-risk sellers." and 1.6 s after the
    // go/no-go cue (each plus the 0.31 s between the last word's end and the next cue).
    let p: Vec<(f64, String)> = a
        .pauses
        .iter()
        .map(|p| ((p.seconds * 100.0).round() / 100.0, p.after.clone()))
        .collect();
    assert_eq!(p[0].1, "risk score for low-risk sellers");
    assert!((p[0].0 - 2.65).abs() < 1e-9 && (a.pauses[0].start - 30.41).abs() < 0.01);
    assert!((p[1].0 - 1.85).abs() < 1e-9, "{p:?}");
    assert!(a.notes.iter().any(|n| n.contains("floor")));
    assert_eq!(a.talk_time.verdict, "on-target");
    // 90.84 s: three full windows and a 0.84 s tail folded into the third.
    assert_eq!(a.windows.len(), 3);
    assert_eq!(a.windows.iter().map(|w| w.words).sum::<usize>(), 205);
    assert!((a.windows[2].end - 90.84).abs() < 0.01);
}

#[test]
fn plain_text_with_a_duration_has_no_pauses_and_says_why() {
    let a = analysis("answer.txt", Some(95_000));
    assert_eq!(a.words, 205);
    assert!(!a.timed);
    assert!(a.pauses.is_empty());
    assert!(a.notes.iter().any(|n| n.contains("no times")));
    assert!(
        read(&fixture("answer.txt"), None, None)
            .expect_err("no duration")
            .message
            .contains("duration")
    );
}

#[test]
fn overlapping_cues_leave_no_pause_between_them() {
    let t = read(&fixture("overlap.srt"), None, None).expect("overlaps are valid");
    assert!(t.cues.windows(2).all(|c| c[0].start_ms <= c[1].start_ms));
    let a = analyse(&t, &Lexicon::standard());
    assert_eq!(a.words, 205);
    assert!(a.pauses.iter().all(|p| p.seconds >= 1.5));
}

#[test]
fn malformed_files_are_refused_at_their_line() {
    for (name, line, says) in [
        ("bad-timing.srt", 6, "-->"),
        ("bad-end-before-start.vtt", 6, "before"),
        ("bad-header.vtt", 1, "WEBVTT"),
        ("bad-syntax.whisper.json", 4, ""),
        ("bad-no-times.whisper.json", 4, "start"),
        ("bad-console.whisper-cli.txt", 2, "-->"),
    ] {
        let e = read(&fixture(name), Format::from_name(name), None).expect_err(name);
        assert_eq!(e.line, line, "{name}: {e}");
        assert!(e.message.contains(says), "{name}: {e}");
    }
}
