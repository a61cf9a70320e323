//! Plain STAR text, data-driven: every `tests/plain/NAME.txt` is imported as a pasted story (with
//! the title in `NAME.title`, when that file exists) and the result is pinned in
//! `snapshots/plain__NAME.snap`: the story as the Markdown it would be exported as, or the problems,
//! each with its line. Cases named `error-*` must be refused; every other case must be accepted.

use std::path::Path;

use tpmprep_stories::{markdown, plain, read_stories};

const IDS: [&str; 4] = [
    "customer-obsession",
    "ownership",
    "dive-deep",
    "deliver-results",
];

#[test]
fn every_plain_case_reads_as_pinned() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plain");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/plain")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{} cases", cases.len());
    for path in cases {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("a UTF-8 case");
        let title = std::fs::read_to_string(path.with_extension("title")).ok();
        let result = read_stories("pasted.md", &text, &IDS, title.as_deref().map(str::trim));
        let out = match &result {
            Ok(stories) => {
                assert!(!stem.starts_with("error-"), "{stem} should be refused");
                assert_eq!(stories.len(), 1, "{stem}");
                assert_eq!(stories[0].uid, None, "{stem}");
                // What is accepted is what the Markdown format reads back.
                let md = markdown::render(&stories[0].content);
                let back = read_stories("again.md", &md, &IDS, None).expect("its Markdown reads");
                assert_eq!(back, *stories, "{stem}: Markdown round trip");
                md
            }
            Err(errors) => {
                assert!(
                    stem.starts_with("error-"),
                    "{stem} should be accepted: {errors}"
                );
                let lines = text.lines().count();
                for e in errors.iter() {
                    assert!(
                        e.line >= 1 && e.line <= lines,
                        "{stem}: line {} of {lines}",
                        e.line
                    );
                }
                errors.to_string()
            }
        };
        insta::assert_snapshot!(stem.as_str(), out);
    }
}

#[test]
fn every_heading_form_is_recognised_and_prose_is_not() {
    for (line, section) in [
        ("Situation: text", "situation"),
        ("S: text", "situation"),
        ("s:text", "situation"),
        ("**Situation**", "situation"),
        ("**Situation:** text", "situation"),
        ("**Situation**: text", "situation"),
        ("__Task__", "task"),
        ("*Task*", "task"),
        ("## Situation", "situation"),
        ("# Task", "task"),
        ("### Actions", "action"),
        ("SITUATION", "situation"),
        ("Result", "result"),
        ("Results:", "result"),
        ("Result - text", "result"),
        ("Result — text", "result"),
        ("  A:  ", "action"),
        ("R: text", "result"),
    ] {
        let text = format!("Title\n{line}\ntext\n");
        let (story, _) = plain::parse(&text, None).unwrap_or_else(|e| panic!("{line:?}: {e:?}"));
        let body = match section {
            "situation" => &story.situation,
            "task" => &story.task,
            "action" => &story.action,
            _ => &story.result,
        };
        assert!(body.ends_with("text"), "{line:?} → {story:?}");
        assert!(
            !body.contains(line.trim()),
            "{line:?} is a heading, not text: {story:?}"
        );
    }
    for prose in [
        "Action items: two",
        "Actions speak louder",
        "A - b",
        "Sa: x",
        "**Situation",
        "Resultant: x",
        "Task-force notes",
    ] {
        let text = format!("Title\nSituation: first\n{prose}\n");
        let (story, _) = plain::parse(&text, None).unwrap_or_else(|e| panic!("{prose:?}: {e:?}"));
        assert_eq!(
            story.situation,
            format!("first\n{prose}"),
            "{prose:?} is text"
        );
    }
}

#[test]
fn plain_text_is_recognised_by_its_first_line() {
    assert!(plain::is_plain("Title\nSituation: x"));
    assert!(plain::is_plain("\n\nSituation: x"));
    assert!(!plain::is_plain("\n+++\ntitle = \"x\"\n+++\n"));
    assert!(!plain::is_plain("\u{feff}+++ \n"));
    assert!(!plain::is_plain(""));
}
