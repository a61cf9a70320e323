//! Follow-ups target what the answer lacked, vary with the seed, and never repeat within a mock.

use tpmprep_critic::{Critic, Input};
use tpmprep_practice::follow_up::{choose, gap_of};

fn setup() -> (tpmprep_content::Pack, Critic) {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let critic = Critic::new(&pack);
    (pack, critic)
}

#[test]
fn a_result_without_numbers_draws_a_metrics_probe_first() {
    let (pack, critic) = setup();
    let answer = "I owned the payments migration for sellers. I decided to move the Payments, Fraud and Ledger \
        teams in three waves instead of one cut-over, which cost us two weeks but kept on-call load flat. The fraud \
        lead pushed back, so we added a canary and a rollback plan, and he agreed. The migration went really well \
        and everyone was happy. Next time I would start the data backfill earlier.";
    let c = critic.critique(&Input {
        text: answer,
        ..Input::default()
    });
    let picked = choose(&c, &pack.probes, &[], 2, 1);
    assert_eq!(picked.len(), 2);
    assert_eq!(
        picked[0].gap,
        "metrics",
        "{:?}",
        picked.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
}

#[test]
fn gaps_follow_the_findings() {
    let (pack, critic) = setup();
    // No trade-off, no dissent, no capacity: the probes come from those gaps, not from metrics.
    let answer = "Checkout p99 for our sellers rose from 400 ms to 1.3 s. I traced it with Priya, the payments \
        engineering manager, and I decided to cache the fraud score. As a result p99 fell from 1.3 s to 450 ms \
        and abandonment dropped from 9% to 6%.";
    let c = critic.critique(&Input {
        text: answer,
        ..Input::default()
    });
    let picked = choose(&c, &pack.probes, &[], 2, 3);
    assert!(picked.iter().all(|p| p.gap != "metrics"));
    assert!(
        picked
            .iter()
            .any(|p| ["trade-off", "dissent", "capacity"].contains(&p.gap.as_str()))
    );
}

#[test]
fn probes_are_not_repeated_and_the_seed_varies_the_wording() {
    let (pack, critic) = setup();
    let c = critic.critique(&Input {
        text: "We did the project and it went well.",
        ..Input::default()
    });
    let first = choose(&c, &pack.probes, &[], 2, 1);
    let asked: Vec<String> = first.iter().map(|p| p.id.clone()).collect();
    let second = choose(&c, &pack.probes, &asked, 2, 1);
    assert!(
        second.iter().all(|p| !asked.contains(&p.id)),
        "no repeats within a mock"
    );
    let wordings: std::collections::HashSet<&str> = (0..20)
        .map(|seed| choose(&c, &pack.probes, &[], 1, seed)[0].text.as_str())
        .collect();
    assert!(wordings.len() > 1, "wording varies across seeds");
    assert_eq!(
        choose(&c, &pack.probes, &[], 2, 9),
        choose(&c, &pack.probes, &[], 2, 9),
        "replays per seed"
    );
}

#[test]
fn a_complete_answer_still_gets_a_counterfactual() {
    let (pack, critic) = setup();
    let c = critic.critique(&Input {
        text: "",
        ..Input::default()
    });
    // Even the empty answer maps to gaps; a critique with no mapped findings falls back to counterfactual.
    let mut clean = c.clone();
    clean.findings.clear();
    let picked = choose(&clean, &pack.probes, &[], 2, 0);
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].gap, "counterfactual");
}

#[test]
fn every_signal_gap_has_probes_in_the_pack() {
    let (pack, _) = setup();
    for signal in [
        "outcome-number",
        "trade-off",
        "dissent",
        "capacity",
        "we-everywhere",
        "lesson",
        "customer",
        "decision",
        "teams",
    ] {
        let gap = gap_of(signal).expect("mapped");
        assert!(
            pack.probes.iter().filter(|p| p.gap == gap).count() >= 1,
            "{gap}"
        );
    }
}

/// A reply answers a follow-up only with substance: first-person content of its own, not a
/// deflection from the pack's list, not a few words. (A follow-up of eight words or more used to
/// clear its gap, whatever it said: "I would have to ask the team about that one" did.)
#[test]
fn only_a_substantive_reply_answers_a_follow_up() {
    use tpmprep_practice::follow_up::substantive;
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let d = &pack.deflections;
    assert!(!d.is_empty(), "the pack lists deflections");
    for dodge in [
        "I would ask the team.",
        "Not sure.",
        "",
        "   ",
        "I don't know, I'd have to check with the team on that one.",
        "I'm not sure, I would ask the team about that one.",
        "It depends. Hard to say really, as I said.",
        "We did a lot of things and it went well.",
    ] {
        assert!(!substantive(dodge, false, d), "{dodge:?} answers nothing");
    }
    for real in [
        "I cut the saved-cards redesign by one sprint to free two engineers.",
        "I'm not sure it was right, but I dropped the bulk-edit feature to keep the March date for 40 sellers.",
        "We’d already moved the fraud checks off the hot path, so I deferred the dashboard rewrite a quarter.",
    ] {
        assert!(substantive(real, false, d), "{real:?} answers it");
    }
    // A design reply need not be in the first person.
    let design = "The write path to the inventory table saturates first at about 50k writes per \
                  second, so shard by SKU and queue the rest.";
    assert!(substantive(design, true, d));
    assert!(
        !substantive(design, false, d),
        "a behavioural reply says what you did"
    );
    // Data-driven: with no deflections, "ask the team" is judged on its words alone.
    let long_dodge =
        "I would ask the team and the manager and the director about next quarter's priorities";
    assert!(!substantive(long_dodge, false, d));
    assert!(substantive(long_dodge, false, &[]));
}

/// The pack words a follow-up for every design gap, and the remark on a repeated answer.
#[test]
fn every_design_gap_and_the_repeat_remark_have_probes_in_the_pack() {
    let pack = tpmprep_content::embedded_pack().expect("pack");
    for gap in tpmprep_content::DESIGN_GAPS.iter().chain(&["repeated"]) {
        assert!(
            pack.probes.iter().any(|p| p.gap == *gap),
            "no probe for the `{gap}` gap"
        );
    }
    let design = tpmprep_practice::follow_up::choose_design(&pack.probes, &[], &[], 1)
        .expect("a design probe");
    assert!(tpmprep_content::DESIGN_GAPS.contains(&design.gap.as_str()));
}
