//! Any UTF-8 input: no panic, scores in bounds, spans inside the text on char boundaries, and the same
//! input always gives the same critique.

use proptest::prelude::*;
use tpmprep_critic::{Critic, Critique, Input, Question};

fn critic() -> &'static Critic {
    static CRITIC: std::sync::OnceLock<Critic> = std::sync::OnceLock::new();
    CRITIC.get_or_init(|| {
        let pack = tpmprep_content::embedded_pack().expect("embedded pack is valid");
        Critic::new(&pack)
    })
}

fn check(text: &str, c: &Critique) {
    assert!(c.overall <= 100);
    assert!(["strong", "mixed", "weak"].contains(&c.verdict));
    let d = &c.dimensions;
    for dim in [
        &d.structure,
        &d.metrics,
        &d.judgment,
        &d.ownership,
        &d.scope,
        &d.collaboration,
        &d.specificity,
        &d.delivery,
    ] {
        assert!(dim.score <= 10);
    }
    let sa = &c.stakeholder_alignment;
    for v in [
        sa.business_goal,
        sa.engineering_collaboration,
        sa.measurable_outcome,
    ] {
        assert!((1..=10).contains(&v));
    }
    assert!(c.impact_scope_ownership.ownership <= 10);
    assert_eq!(c.principles.len(), 16, "every principle ranked");
    for w in c.principles.windows(2) {
        assert!(w[0].score >= w[1].score, "sorted best first");
    }
    for p in &c.principles {
        assert!((0.0..=1.0).contains(&p.score));
        for s in &p.spans {
            assert!(s.start < s.end && s.end <= text.len());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    for f in &c.findings {
        assert!(f.start <= f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert_eq!(&text[f.start..f.end], f.quote);
        assert!(!f.message.is_empty() && !f.suggestion.is_empty());
    }
}

fn run(text: &str, question: Option<&str>) -> Critique {
    let principles = vec!["dive-deep".to_string()];
    let input = Input {
        text,
        question: question.map(|q| Question {
            text: q,
            principles: &[],
            kind: "",
        }),
        facts: None,
        principles: &principles,
    };
    let a = critic().critique(&input);
    let b = critic().critique(&input);
    assert_eq!(a, b, "deterministic");
    check(text, &a);
    a
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,600}") {
        run(&text, None);
    }

    #[test]
    fn arbitrary_with_question(text in "\\PC{0,300}", q in "\\PC{0,80}") {
        run(&text, Some(&q));
    }

    #[test]
    fn answer_shaped_noise(
        parts in prop::collection::vec(
            prop_oneof![
                Just("I decided".to_string()), Just("we".to_string()), Just("40%".to_string()),
                Just("$1.2M".to_string()), Just("from 820 ms to 490 ms".to_string()), Just("\n- ".to_string()),
                Just(". ".to_string()), Just("## Result\n".to_string()), Just("🙂".to_string()),
                Just("שלום".to_string()), Just("team of 10".to_string()), Just("v2.3.1".to_string()),
                "[a-zA-Z0-9 ,.!?%$\n-]{0,20}",
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        run(&text, Some("Tell me about a time you failed to meet a deadline for a customer."));
    }
}

#[test]
fn edge_inputs() {
    let long = "word ".repeat(200_000); // 1 MB
    for text in [
        "",
        " ",
        "one",
        "12345 67890 3.14",
        "- bullet\n- list\n* more",
        "## Heading\n\n**bold** _it_ `code`",
        "🙂🙂🙂 🚀",
        "مرحبا بالعالم. نحن فريق.",
        "\u{feff}\u{200b}\u{202e}abc",
        "...!!!???",
        "$%.,",
        long.as_str(),
    ] {
        run(text, Some(text));
    }
}

#[test]
fn empty_answer_is_weak_with_one_finding() {
    let c = run("", None);
    assert_eq!(c.overall, 0);
    assert_eq!(c.verdict, "weak");
    assert_eq!(c.words, 0);
    assert!(c.findings.iter().any(|f| f.message.contains("no answer")));
}
