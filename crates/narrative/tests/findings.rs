//! What the narrative critic says about small texts, checked finding by finding: grammar and
//! spelling from harper (a finding appears, and goes when the word is fixed), the clarity checks,
//! missing parts only when they are truly absent, byte spans that quote the text exactly, and the
//! same report for the same text.

use std::path::Path;

use proptest::prelude::*;
use tpmprep_content::{Catalog, Pack};
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic, Report};

fn pack() -> &'static Pack {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| {
        Catalog::embedded()
            .and_then(|c| c.into_resolved("amazon-tpm"))
            .expect("the embedded pack")
    })
}

fn critic() -> &'static Critic {
    static CRITIC: std::sync::OnceLock<Critic> = std::sync::OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(pack()))
}

fn critique(text: &str, prompt: Option<&str>) -> Report {
    let p = prompt.map(|id| pack().writing_prompt(id).expect("a pack prompt"));
    NarrativeCritic::new(pack(), critic(), Grammar::shared()).critique(text, p)
}

fn codes(r: &Report, category: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.category == category)
        .map(|f| f.quote.clone())
        .collect()
}

#[test]
fn a_misspelling_is_found_and_goes_when_fixed() {
    let typo =
        "I recieved the escalation on a Monday and called the payments lead within the hour.";
    let r = critique(typo, None);
    let spelling: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.category == "spelling")
        .collect();
    assert_eq!(spelling.len(), 1, "{:?}", r.findings);
    assert_eq!(spelling[0].quote, "recieved");
    assert_eq!(&typo[spelling[0].start..spelling[0].end], "recieved");
    assert!(
        spelling[0].suggestion.contains("received"),
        "{}",
        spelling[0].suggestion
    );
    let fixed = critique(&typo.replace("recieved", "received"), None);
    assert!(codes(&fixed, "spelling").is_empty(), "{:?}", fixed.findings);
}

#[test]
fn a_grammar_mistake_is_found() {
    let text = "I sent a email to the the launch team on Tuesday.";
    let r = critique(text, None);
    let grammar: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.category == "grammar")
        .map(|f| &text[f.start..f.end])
        .collect();
    assert!(grammar.iter().any(|q| q.contains("the the")), "{grammar:?}");
    assert!(grammar.iter().any(|q| q.starts_with('a')), "{grammar:?}");
}

#[test]
fn names_trade_words_and_british_spellings_are_not_misspellings() {
    let r = critique(
        "Priya Raghunathan approved the runbook for the cutover. The behaviour of the queue \
         was logged, and we cancelled the second workstream after the postmortem.",
        None,
    );
    assert!(
        codes(&r, "spelling").is_empty(),
        "{:?}",
        codes(&r, "spelling")
    );
}

#[test]
fn clarity_checks_quote_their_sentence() {
    let text = "The decision was made by the steering group. The ABC slipped by two weeks. \
                The CRM (customer relationship manager) stayed on time. It was really very \
                significantly better in many ways.";
    let r = critique(text, None);
    let by = |code: &str| r.findings.iter().find(|f| f.code == code);
    let passive = by("passive").expect("a passive finding");
    assert_eq!(
        passive.quote,
        "The decision was made by the steering group."
    );
    let acronyms: Vec<_> = r.findings.iter().filter(|f| f.code == "acronym").collect();
    assert_eq!(acronyms.len(), 1, "{acronyms:?}");
    assert!(acronyms[0].message.contains("\"ABC\""));
    assert!(by("weasel").is_some());
}

#[test]
fn missing_parts_are_said_only_when_absent() {
    let without = "I ran the program. We worked hard and it went well in the end.";
    let r = critique(without, None);
    assert!(
        r.findings.iter().any(|f| f.code == "data"),
        "{:?}",
        r.findings
    );
    let with =
        "I ran the program. Tickets fell from 1,200 to 310 a week after I changed the triage rota.";
    let r = critique(with, None);
    assert!(
        !r.findings.iter().any(|f| f.code == "data"),
        "{:?}",
        r.findings
    );
    assert!(
        r.substance
            .iter()
            .any(|p| p.part == "data" && p.present && p.quote.contains("1,200"))
    );
}

#[test]
fn bullets_where_prose_is_expected() {
    let text = "What I did:\n\n- Interviewed 12 sellers\n- Wrote the plan\n- Cut two features\n- Shipped in May\n- Measured returns\n";
    let r = critique(text, None);
    assert!(
        r.findings.iter().any(|f| f.code == "bullets"),
        "{:?}",
        r.findings
    );
}

#[test]
fn an_answer_to_another_prompt_is_said_so() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    // The dev pair whose weak narrative answers "a bold direction" when asked for a judgment call.
    let weak = std::fs::read_to_string(dir.join("p04-weak.md")).expect("p04-weak");
    let r = critique(&weak, Some("w-judgment"));
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "prompt")
        .expect("a prompt finding");
    assert!(f.message.contains("another prompt"), "{}", f.message);
    assert!(r.held.is_some());
    assert!(r.overall <= 40);
}

#[test]
fn the_same_text_gives_the_same_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let text = std::fs::read_to_string(dir.join("p02-strong.md")).expect("p02-strong");
    let a = critique(&text, Some("w-judgment"));
    let b = critique(&text, Some("w-judgment"));
    assert_eq!(a, b);
    assert!(a.words > 600 && a.words < 1500);
}

#[test]
fn every_quote_is_exactly_its_span_on_the_calibration_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("calibration folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a narrative");
        let r = critique(&text, Some("w-invention"));
        for f in &r.findings {
            assert_eq!(
                text.get(f.start..f.end),
                Some(f.quote.as_str()),
                "{path:?}: {f:?}"
            );
        }
        for p in &r.substance {
            assert_eq!(
                text.get(p.start..p.end),
                Some(p.quote.as_str()),
                "{path:?}: {p:?}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 32, "{seen} narratives");
}

#[test]
fn odd_inputs_are_read_without_panic() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "é",
        "🙂🙂🙂",
        "I.",
        "- \n- \n",
        "# \n",
        "\r\n\r\nI did it.\r\n",
        &"word ".repeat(3000),
    ] {
        let r = critique(text, Some("w-failure"));
        assert!(r.overall <= 100);
        for f in &r.findings {
            assert_eq!(text.get(f.start..f.end), Some(f.quote.as_str()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_text_gives_a_report_whose_quotes_are_its_spans(text in "[a-zA-Z0-9 .,;:!?'\"()\\-\n#*é🙂]{0,400}") {
        let r = critique(&text, None);
        prop_assert!(r.overall <= 100);
        for f in &r.findings {
            prop_assert_eq!(text.get(f.start..f.end), Some(f.quote.as_str()));
        }
    }
}

#[test]
fn exactly_the_chosen_harper_rules_run() {
    // A harper upgrade that renames a rule would silently switch it off: every name must exist.
    let on = Grammar::shared().enabled_rules();
    let missing: Vec<&&str> = tpmprep_narrative::grammar::RULES
        .iter()
        .filter(|r| !on.iter().any(|o| o == **r))
        .collect();
    assert!(missing.is_empty(), "not harper rules: {missing:?}");
    assert_eq!(on.len(), tpmprep_narrative::grammar::RULES.len());
}

#[test]
fn common_slips_are_still_caught() {
    for (text, word) in [
        ("We shipped a email to every seller on Monday.", "a"),
        ("The the team agreed to ship the fix that week.", "The the"),
        (
            "The service missed it's latency target twice that week.",
            "it's",
        ),
        ("Their was no owner for the migration at the time.", "Their"),
        ("We decided to loose the legacy queue in March.", "loose"),
    ] {
        let r = critique(text, None);
        assert!(
            r.findings
                .iter()
                .any(|f| f.category == "grammar" || f.category == "spelling"),
            "nothing found in {text:?} (expected around {word:?})"
        );
    }
}
