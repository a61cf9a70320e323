//! The design report on any UTF-8 input: no panic, scores in bounds, every quote and figure a
//! char-boundary slice of the text, and the same input always gives the same report.

use proptest::prelude::*;
use tpmprep_critic::{Critic, DesignReport};

fn pack() -> &'static tpmprep_content::Pack {
    static PACK: std::sync::OnceLock<tpmprep_content::Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| tpmprep_content::embedded_pack().expect("pack"))
}

fn critic() -> &'static Critic {
    static CRITIC: std::sync::OnceLock<Critic> = std::sync::OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(pack()))
}

fn slice(text: &str, start: usize, end: usize) -> &str {
    assert!(
        start <= end && end <= text.len(),
        "{start}..{end} of {}",
        text.len()
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
    &text[start..end]
}

fn check(text: &str, r: &DesignReport) {
    assert!(r.overall <= 100);
    let o = &r.objectives;
    for s in [
        &o.practicality,
        &o.accuracy,
        &o.efficiency,
        &o.reliability,
        &o.optimization,
        &o.scalability,
    ] {
        assert!(s.score <= 10);
    }
    for c in &r.criteria {
        assert_eq!(slice(text, c.start, c.end), c.quote);
    }
    for f in &r.findings {
        assert_eq!(slice(text, f.start, f.end), f.quote);
    }
    let n = &r.numbers;
    for fig in n
        .users
        .iter()
        .chain(&n.actions_per_user)
        .chain(&n.per_day)
        .chain(&n.storage_bytes)
        .chain(n.qps.iter().map(|q| &q.figure))
    {
        assert_eq!(slice(text, fig.start, fig.end), fig.written);
        assert!(fig.value.is_finite());
    }
    if let Some(c) = &n.check {
        assert!(c.derived_qps.is_finite() && c.ratio.is_finite());
    }
    if let Some(reference) = &r.reference {
        for item in reference
            .components
            .iter()
            .chain(&reference.trade_offs)
            .chain(&reference.failure_modes)
            .chain(&reference.monitoring)
        {
            slice(text, item.start, item.end);
        }
    }
    serde_json::to_string(r).expect("serialises");
}

fn run(text: &str, with_prompt: bool) {
    let prompt = with_prompt.then(|| pack().prompts.first()).flatten();
    let a = critic().design_report(text, prompt);
    let b = critic().design_report(text, prompt);
    assert_eq!(a, b, "deterministic");
    check(text, &a);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,600}", with_prompt in any::<bool>()) {
        run(&text, with_prompt);
    }

    #[test]
    fn design_shaped_noise(
        parts in prop::collection::vec(
            prop_oneof![
                Just("## Clarify\n".to_string()), Just("## Trade-offs\n".to_string()),
                Just("- ".to_string()), Just("\n".to_string()), Just(". ".to_string()),
                Just("50M daily users".to_string()), Just(" × 20 actions".to_string()),
                Just("≈ 12k QPS".to_string()), Just("1k QPS at peak".to_string()),
                Just("3 TB".to_string()), Just("40GB".to_string()), Just("99.99%".to_string()),
                Just("$3k a month".to_string()), Just("because".to_string()),
                Just("DynamoDB over PostgreSQL".to_string()), Just("rather than".to_string()),
                Just("web-scale".to_string()), Just("if the cache is down".to_string()),
                Just("alarm when p99".to_string()), Just("partition key".to_string()),
                Just("writes to".to_string()), Just("users can".to_string()),
                Just("**Load.**".to_string()), Just("🙂".to_string()), Just("שלום".to_string()),
                Just("thousand".to_string()), Just("20 thousand requests a day".to_string()),
                "[a-zA-Z0-9 ,.!?%$×≈~/\n-]{0,20}",
            ],
            0..80,
        ),
        with_prompt in any::<bool>(),
    ) {
        let text: String = parts.concat();
        run(&text, with_prompt);
    }
}

#[test]
fn edge_inputs() {
    let long = "word ".repeat(200_000); // 1 MB
    let figures = "9".repeat(5_000);
    let digits = format!(
        "{} users × 20 actions a day, {} QPS",
        "9".repeat(400),
        "9".repeat(400)
    );
    let huge = "1e308 users × 1e308 actions, 999999999999999999999999999999M users × \
                999999999999999999999 requests a day = 1 QPS";
    for text in [
        "",
        " ",
        "#",
        "**",
        "- \n- \n",
        "12345 67890 3.14",
        "0 users × 0 actions = 0 QPS",
        "\u{feff}\u{200b}\u{202e}abc",
        figures.as_str(),
        huge,
        digits.as_str(),
        long.as_str(),
    ] {
        run(text, true);
    }
}
