//! The design report critic (`Critic::design_report`): calibration on the project's weak/strong
//! written designs (`data/design/pairs.toml`), "never wrong about the text" on hand-marked single
//! write-ups (`data/design/marked.toml`), the JSON contract of `docs/design-critique.md`, and the
//! numbers check.

#[path = "../examples/eval/design.rs"]
mod design;

use tpmprep_critic::{Critic, DesignReport};

fn pack() -> &'static tpmprep_content::Pack {
    static PACK: std::sync::OnceLock<tpmprep_content::Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| tpmprep_content::embedded_pack().expect("pack"))
}

fn critic() -> &'static Critic {
    static CRITIC: std::sync::OnceLock<Critic> = std::sync::OnceLock::new();
    CRITIC.get_or_init(|| Critic::new(pack()))
}

const CRITERIA: [&str; 13] = [
    "assumptions",
    "functional",
    "non-functional",
    "components",
    "data-flow",
    "data-model",
    "alternatives",
    "bottlenecks",
    "scaling",
    "failure-modes",
    "monitoring",
    "security",
    "cost",
];

/// Every span is a char-boundary slice of the text and every quote is that slice; scores are in
/// range.
fn check(text: &str, r: &DesignReport) {
    assert!(r.overall <= 100);
    assert!(["strong", "mixed", "weak"].contains(&r.verdict));
    let o = &r.objectives;
    for s in [
        &o.practicality,
        &o.accuracy,
        &o.efficiency,
        &o.reliability,
        &o.optimization,
        &o.scalability,
    ] {
        assert!(s.score <= 10, "objective score {}", s.score);
    }
    let slice = |start: usize, end: usize| {
        assert!(
            start <= end && end <= text.len(),
            "{start}..{end} of {}",
            text.len()
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        &text[start..end]
    };
    assert_eq!(r.criteria.len(), CRITERIA.len());
    for (c, id) in r.criteria.iter().zip(CRITERIA) {
        assert_eq!(c.id, id);
        assert_eq!(slice(c.start, c.end), c.quote, "{id}");
        assert_eq!(c.present, !c.quote.is_empty(), "{id}: present iff quoted");
        assert!(c.mentioned || !c.present);
    }
    for f in &r.findings {
        assert_eq!(slice(f.start, f.end), f.quote, "{}", f.criterion);
        assert!(!f.message.is_empty());
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
        assert_eq!(slice(fig.start, fig.end), fig.written);
    }
    if let Some(reference) = &r.reference {
        for item in reference
            .components
            .iter()
            .chain(&reference.trade_offs)
            .chain(&reference.failure_modes)
            .chain(&reference.monitoring)
        {
            slice(item.start, item.end);
            assert_eq!(item.touched, item.end > item.start);
        }
    }
}

#[test]
fn strong_designs_beat_weak_ones() {
    let pairs = design::pairs().expect("pairs");
    assert!(pairs.len() >= 36, "{} pairs", pairs.len());
    assert!(pairs.iter().filter(|p| p.adversarial).count() >= 12);
    for p in &pairs {
        assert!(
            p.prompt.is_empty() || pack().prompts.iter().any(|x| x.id == p.prompt),
            "{}: no pack prompt {}",
            p.id,
            p.prompt
        );
        for text in [&p.weak, &p.strong] {
            let words = text.split_whitespace().count();
            assert!((200..=900).contains(&words), "{}: {words} words", p.id);
        }
        if p.adversarial {
            assert!(
                p.weak.split_whitespace().count() > p.strong.split_whitespace().count(),
                "{}: an adversarial weak write-up is the longer one",
                p.id
            );
        }
    }
    let scored = design::score(critic(), pack(), &pairs);
    let pct = |(w, n): (usize, usize)| 100.0 * w as f64 / n.max(1) as f64;
    let all = design::won(&scored, |_| true);
    let adversarial = design::won(&scored, |s| s.1);
    let train = design::won(&scored, |s| !s.2);
    let test = design::won(&scored, |s| s.2);
    let test_adversarial = design::won(&scored, |s| s.2 && s.1);
    println!(
        "design pairs: all {}/{} ({:.1}%), adversarial {}/{} ({:.1}%), train {}/{} ({:.1}%), \
         test {}/{} ({:.1}%), test adversarial {}/{}",
        all.0,
        all.1,
        pct(all),
        adversarial.0,
        adversarial.1,
        pct(adversarial),
        train.0,
        train.1,
        pct(train),
        test.0,
        test.1,
        pct(test),
        test_adversarial.0,
        test_adversarial.1
    );
    let lost: Vec<String> = scored
        .iter()
        .filter(|s| s.4 <= s.3)
        .map(|s| format!("{} (weak {}, strong {})", s.0, s.3, s.4))
        .collect();
    assert!(pct(all) >= 95.0, "strong lost: {lost:?}");
    assert!(pct(adversarial) >= 95.0, "strong lost: {lost:?}");
}

#[test]
fn a_criterion_reported_absent_is_truly_absent() {
    let marked = design::marked().expect("marked");
    assert!(marked.len() >= 5);
    for m in &marked {
        for id in m.present.iter().chain(&m.absent) {
            assert!(CRITERIA.contains(&id.as_str()), "{}: unknown {id}", m.id);
        }
        for id in CRITERIA {
            let marks = m
                .present
                .iter()
                .chain(&m.absent)
                .filter(|x| *x == id)
                .count();
            assert_eq!(marks, 1, "{}: `{id}` is marked {marks} times", m.id);
        }
        let r = critic().design_report(&m.text, None);
        check(&m.text, &r);
        for c in &r.criteria {
            if !c.present {
                assert!(
                    m.absent.iter().any(|a| a == c.id),
                    "{}: `{}` reported absent, but the text meets it",
                    m.id,
                    c.id
                );
            }
            // And nothing marked absent is credited.
            if c.present {
                assert!(
                    !m.absent.iter().any(|a| a == c.id),
                    "{}: `{}` credited to {:?}, marked absent",
                    m.id,
                    c.id,
                    c.quote
                );
            }
        }
        // A finding that says a criterion is missing is never given while it is met.
        for f in &r.findings {
            if f.severity == tpmprep_critic::ReportSeverity::Miss && f.quote.is_empty() {
                let c = r.criteria.iter().find(|c| c.id == f.criterion);
                assert!(c.is_none_or(|c| !c.present), "{}: {}", m.id, f.message);
            }
        }
    }
}

#[test]
fn every_pair_write_up_keeps_the_contract() {
    let pairs = design::pairs().expect("pairs");
    for p in &pairs {
        let prompt = pack().prompts.iter().find(|x| x.id == p.prompt);
        for text in [&p.weak, &p.strong] {
            let r = critic().design_report(text, prompt);
            check(text, &r);
            assert_eq!(r.reference.is_some(), prompt.is_some());
            // Deterministic.
            assert_eq!(r, critic().design_report(text, prompt));
        }
    }
}

#[test]
fn the_json_has_the_documented_keys() {
    let text = "## Clarify\n- Users can post a photo.\n- Assume 50M daily users × 20 actions a day \
                ≈ 12k QPS average.";
    let prompt = pack().prompts.first();
    let v = serde_json::to_value(critic().design_report(text, prompt)).expect("json");
    for key in [
        "overall",
        "verdict",
        "words",
        "objectives",
        "criteria",
        "findings",
        "numbers",
        "reference",
        "capped_by",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let objectives = v["objectives"].as_object().expect("object");
    let mut keys: Vec<&str> = objectives.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "accuracy",
            "efficiency",
            "optimization",
            "practicality",
            "reliability",
            "scalability"
        ]
    );
    for o in objectives.values() {
        assert!(o["score"].as_u64().is_some_and(|s| s <= 10));
        assert!(o["because"].is_array());
    }
    for c in v["criteria"].as_array().expect("array") {
        for key in [
            "id",
            "label",
            "present",
            "mentioned",
            "count",
            "start",
            "end",
            "quote",
        ] {
            assert!(c.get(key).is_some(), "criterion without {key}");
        }
    }
    for f in v["findings"].as_array().expect("array") {
        for key in [
            "criterion",
            "severity",
            "message",
            "suggestion",
            "start",
            "end",
            "quote",
        ] {
            assert!(f.get(key).is_some(), "finding without {key}");
        }
        assert!(["miss", "weak", "note", "praise"].contains(&f["severity"].as_str().unwrap_or("")));
    }
    for key in [
        "users",
        "daily_users",
        "actions_per_user",
        "per_day",
        "qps",
        "storage_bytes",
        "check",
    ] {
        assert!(v["numbers"].get(key).is_some(), "numbers without {key}");
    }
    for key in [
        "prompt",
        "components",
        "trade_offs",
        "failure_modes",
        "monitoring",
    ] {
        assert!(v["reference"].get(key).is_some(), "reference without {key}");
    }
    // Without a prompt there is no reference.
    let v = serde_json::to_value(critic().design_report(text, None)).expect("json");
    assert!(v.get("reference").is_none());
}

#[test]
fn the_numbers_check_flags_a_rate_the_arithmetic_does_not_give() {
    let wrong = "## Clarify\nWe have 50M daily users × 20 actions each, so the API needs about \
                 1k QPS.\n## Design\nAn API tier writes to a key-value store.";
    let r = critic().design_report(wrong, None);
    let check = r.numbers.check.as_ref().expect("a check");
    assert!(!check.consistent, "{}", check.working);
    assert_eq!(check.derived_qps, 11_574.0);
    assert_eq!(check.stated_qps, 1_000.0);
    assert!(
        check.working.contains("50M daily users"),
        "{}",
        check.working
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.criterion == "numbers")
        .expect("a numbers finding");
    assert_eq!(f.severity, tpmprep_critic::ReportSeverity::Miss);
    assert!(f.quote.contains("1k QPS"), "{}", f.quote);
    assert!(r.capped_by.contains(&"numbers") || r.overall < 60);

    let right = "## Clarify\nWe have 50M daily users × 20 actions each: 1B requests a day, \
                 ≈ 12k QPS average and ~40k QPS at peak.\n## Design\nAn API tier writes to a \
                 key-value store.";
    let r = critic().design_report(right, None);
    let check = r.numbers.check.as_ref().expect("a check");
    assert!(check.consistent, "{}", check.working);
    assert!(!check.peak);
    assert_eq!(check.stated_qps, 12_000.0);
    assert!(
        r.findings
            .iter()
            .any(|f| f.criterion == "numbers"
                && f.severity == tpmprep_critic::ReportSeverity::Praise)
    );

    // A peak is set against the average with room: 5× the average at peak agrees.
    let peak = "Assume 10M daily users × 10 searches = 100M a day; we size for 6k QPS at peak.";
    let check = critic()
        .design_report(peak, None)
        .numbers
        .check
        .expect("a check");
    assert!(check.peak && check.consistent, "{}", check.working);

    // Figures with nothing to check: no check, and no finding that the numbers disagree.
    let none = "We expect millions of users and 99.99% availability.";
    let r = critic().design_report(none, None);
    assert!(r.numbers.check.is_none());
    assert!(r.findings.iter().all(|f| f.criterion != "numbers"));
}

#[test]
fn headings_and_buzzwords_earn_nothing_and_length_is_not_credit() {
    let headings = "## Trade-offs\n## Monitoring\n## Failure modes\n## Scaling\n";
    let r = critic().design_report(headings, None);
    assert!(r.criteria.iter().all(|c| !c.present), "{:?}", r.criteria);
    let buzz = "Our cloud-native, web-scale platform is infinitely scalable, robust and \
                future-proof, with world-class observability. ";
    let long = buzz.repeat(20);
    let r = critic().design_report(&long, None);
    assert!(r.overall < 20, "{}", r.overall);
    assert!(r.criteria.iter().all(|c| !c.present));
    assert!(r.findings.iter().any(|f| f.criterion == "hollow"));
}

#[test]
fn empty_and_odd_inputs() {
    for text in [
        "",
        " ",
        "x",
        "#",
        "## \n## \n",
        "1k QPS",
        "50M users × 20",
        "Über naïve — 5 ТБ ⚡ 12k/s",
        "**",
    ] {
        let r = critic().design_report(text, pack().prompts.first());
        check(text, &r);
    }
    assert_eq!(critic().design_report("", None).overall, 0);
}

/// A design session's diagram reaches the critic as "A → B: what flows" lines: the two ends of a
/// flow are components named, so "no components are named" would be wrong about the text.
#[test]
fn the_ends_of_a_flow_are_components_named() {
    let text = "## Clarify\n\n100M new links a month: about 40 writes a second.\n\n## Diagram\n\n\
                Components: API, Links DB.\n\n- API → Links DB: code to URL\n";
    let r = critic().design_report(text, None);
    let components = r
        .criteria
        .iter()
        .find(|c| c.id == "components")
        .expect("the components criterion");
    assert!(components.present, "{components:?}");
    assert_eq!(components.quote, "API → Links DB: code to URL");
    assert!(
        !r.findings
            .iter()
            .any(|f| f.message.starts_with("No components are named")),
        "{:?}",
        r.findings
    );
}
