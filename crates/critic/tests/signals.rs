//! Targeted checks of single signals, each in the project's own words.

mod common;

use common::{critic, run};
use tpmprep_critic::{Critique, Severity};

#[test]
fn team_size_is_a_number_without_an_outcome() {
    let c = critic();
    let r = run(
        &c,
        "I managed a team of ten engineers on the billing rewrite. We shipped it in Q3 2023.",
        None,
    );
    assert_eq!(r.dimensions.metrics.score, 0);
    let f = r
        .findings
        .iter()
        .find(|f| f.dimension == "metrics" && f.severity == Severity::Warn)
        .expect("incidental-number finding");
    assert!(f.message.contains("not an outcome"), "{}", f.message);
    let with_outcome = run(
        &c,
        "I cut invoice errors from 4.1% to 0.3% in six weeks.",
        None,
    );
    assert!(with_outcome.dimensions.metrics.score >= 7);
}

#[test]
fn we_everywhere_hides_ownership() {
    let c = critic();
    let we = run(
        &c,
        "We planned the launch. We built the dashboards. We aligned the teams. We shipped on time.",
        None,
    );
    let i = run(
        &c,
        "I planned the launch. I built the dashboards. I aligned the teams. I shipped on time.",
        None,
    );
    assert!(i.dimensions.ownership.score > we.dimensions.ownership.score);
    assert!(
        we.findings
            .iter()
            .any(|f| f.dimension == "ownership" && f.message.contains("\"We\" (our, us) 4 times"))
    );
}

#[test]
fn a_one_sentence_principle_answer_is_flagged() {
    let c = critic();
    let r = run(
        &c,
        "I am obsessed with customers because I always listen to what they say.",
        Some("Tell me about a time you went out of your way for a customer."),
    );
    assert_eq!(r.verdict, "weak");
    assert!(
        r.findings
            .iter()
            .any(|f| f.dimension == "delivery" && f.severity == Severity::Miss)
    );
}

#[test]
fn question_kinds_set_what_is_required() {
    let c = critic();
    let text = "The launch slipped two weeks. I rebuilt the plan with the vendor and we launched.";
    let failure = run(
        &c,
        text,
        Some("Tell me about a time a project of yours failed."),
    );
    assert_eq!(
        failure.question.as_ref().map(|q| q.kind.as_str()),
        Some("failure")
    );
    assert!(
        failure
            .findings
            .iter()
            .any(|f| f.severity == Severity::Miss && f.message.contains("failure question"))
    );
    let disagree = run(
        &c,
        text,
        Some("Tell me about a time you disagreed with your manager."),
    );
    assert!(
        disagree
            .findings
            .iter()
            .any(|f| f.severity == Severity::Miss && f.message.contains("disagreement question"))
    );
    let deadline = run(
        &c,
        text,
        Some("How did you handle a deadline you could not meet?"),
    );
    assert!(
        deadline
            .findings
            .iter()
            .any(|f| f.severity == Severity::Miss && f.message.contains("deadline question"))
    );
    let plain = run(&c, text, None);
    assert!(
        !plain
            .findings
            .iter()
            .any(|f| f.message.contains("question needs"))
    );
}

#[test]
fn principles_are_ranked_by_evidence_not_by_their_names() {
    let c = critic();
    let slogan = run(
        &c,
        "Customer obsession is my core value. I live customer obsession. Customer obsession, always.",
        None,
    );
    let behaviour = run(
        &c,
        "Support tickets about failed refunds tripled, so I read two hundred of them and interviewed five sellers. \
         Their pain was the wait, not the refund itself, so I worked backwards from a same-day payout.",
        None,
    );
    let score = |r: &Critique| {
        r.principles
            .iter()
            .find(|p| p.id == "customer-obsession")
            .map_or(0.0, |p| p.score)
    };
    assert!(
        score(&behaviour) > score(&slogan) + 0.3,
        "{} vs {}",
        score(&behaviour),
        score(&slogan)
    );
    assert_eq!(behaviour.principles[0].id, "customer-obsession");
    let span = behaviour.principles[0].spans[0];
    assert!(span.start < span.end);
}

#[test]
fn process_jargon_without_a_result_is_marked_down_but_forgiven_with_one() {
    let c = critic();
    let jargon = run(
        &c,
        "I ran the agile ceremonies and the stand-ups for the platform team every week.",
        None,
    );
    assert!(
        jargon
            .findings
            .iter()
            .any(|f| f.dimension == "specificity" && f.message.contains("jargon"))
    );
    let tied = run(
        &c,
        "I ran the stand-ups, which cut hand-off delays from 5 days to 1.",
        None,
    );
    assert!(!tied.findings.iter().any(|f| f.message.contains("jargon")));
}

#[test]
fn curly_apostrophes_match_like_straight_ones() {
    let c = critic();
    let straight = run(
        &c,
        "In hindsight I'd do differently: I should have checked staffing.",
        None,
    );
    let curly = run(
        &c,
        "In hindsight I\u{2019}d do differently: I should have checked staffing.",
        None,
    );
    assert_eq!(
        straight.dimensions.ownership.score,
        curly.dimensions.ownership.score
    );
}

/// A finding about the answer's length is about all of it: it quotes no sentence (so the editor
/// marks none, and a debrief does not say "you said" of the opening line).
#[test]
fn length_findings_quote_no_sentence() {
    let c = critic();
    let short = run(
        &c,
        "I led the checkout migration. Latency fell from 820 ms to 490 ms.",
        None,
    );
    let long_text =
        "I mapped the request path with the payments team and set a weekly review. ".repeat(40);
    let long = run(&c, &long_text, None);
    for (r, signal) in [(&short, "too-short"), (&long, "too-long")] {
        let f = r
            .findings
            .iter()
            .find(|f| f.signal == signal)
            .unwrap_or_else(|| panic!("no {signal} finding: {:#?}", r.findings));
        assert_eq!((f.start, f.end, f.quote.as_str()), (0, 0, ""), "{f:#?}");
    }
    // A one-sentence answer still quotes its sentence: there is one, and it is the problem.
    let one = run(&c, "I led the checkout migration and it went well", None);
    let f = one
        .findings
        .iter()
        .find(|f| f.signal == "one-sentence")
        .expect("one-sentence finding");
    assert_eq!(f.quote, "I led the checkout migration and it went well");
}

/// Specificity is lost by vague words, so a few words cannot earn it: a one-word or one-line
/// answer scores low and says why, while a full answer with no vague words keeps its marks.
#[test]
fn a_short_answer_is_not_praised_as_specific() {
    let c = critic();
    for (text, at_most) in [
        ("x", 0),
        (
            "I led the checkout migration with Priya, the payments lead.",
            2,
        ),
    ] {
        let d = &run(&c, text, None).dimensions.specificity;
        assert!(d.score <= at_most, "{text:?}: {d:?}");
        assert!(
            d.evidence
                .iter()
                .any(|e| e.contains("too short to show much concrete detail")),
            "{d:?}"
        );
    }
    let full = "I led the checkout migration with Priya, the payments engineering manager. \
        Latency fell from 820 ms to 490 ms in six weeks, and checkout errors dropped from 2.1% to 0.4%. \
        I moved the fraud check off the critical path after a canary at 5% of traffic with an automatic \
        rollback, and I wrote the runbook the on-call team uses today. The fraud lead pushed back, so \
        we agreed the rollback criteria before launch.";
    let d = &run(&c, full, None).dimensions.specificity;
    assert!(d.score >= 8, "{d:?}");
    assert!(!d.evidence.iter().any(|e| e.contains("too short")), "{d:?}");
}
