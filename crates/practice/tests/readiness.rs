//! The readiness figure: weights, empty and full inputs, the biggest gap.

use proptest::prelude::*;
use tpmprep_practice::readiness::{ReadinessInput, readiness};

fn full() -> ReadinessInput {
    ReadinessInput {
        principles: 16,
        ready_per_principle: vec![2; 16],
        ready_story_scores: vec![82; 32],
        mock_scores: vec![60, 68, 75],
        design_sessions: 3,
        drill_retention: Some(0.92),
        drill_reviews: 300,
        writing_done: 1,
        days_left: Some(10),
        plan_pace: Some(1.0),
    }
}

#[test]
fn weights_sum_to_100() {
    let r = readiness(&ReadinessInput::default());
    assert_eq!(r.parts.len(), 7);
    assert_eq!(
        r.parts.iter().map(|p| u32::from(p.weight)).sum::<u32>(),
        100
    );
}

#[test]
fn empty_is_zero_and_every_part_says_no_data() {
    let r = readiness(&ReadinessInput::default());
    assert_eq!(r.score, 0);
    for p in &r.parts {
        assert!(!p.has_data, "{}", p.key);
        assert!(
            p.detail.starts_with("No data yet"),
            "{}: {}",
            p.key,
            p.detail
        );
        assert_eq!(p.points, 0.0);
    }
    let pace = r.parts.iter().find(|p| p.key == "pace").expect("pace part");
    assert!(pace.detail.contains("set it"), "{}", pace.detail);
    // The biggest gap of an empty input is the heaviest part, story coverage.
    assert!(r.raise_most.contains("+25 points"), "{}", r.raise_most);
    assert!(
        r.raise_most.starts_with("Bring a story to ready"),
        "{}",
        r.raise_most
    );
}

#[test]
fn full_is_100() {
    let r = readiness(&full());
    assert_eq!(r.score, 100);
    assert!(
        r.parts
            .iter()
            .all(|p| p.has_data && (p.value - 1.0).abs() < 1e-6)
    );
    assert!(
        r.raise_most.starts_with("Nothing to raise"),
        "{}",
        r.raise_most
    );
}

#[test]
fn raise_most_names_the_biggest_gap() {
    let mut i = full();
    i.mock_scores = vec![70];
    i.design_sessions = 0;
    // Mocks: 20 × (1 − 0.25) = 15 missing; design: 10 missing.
    let r = readiness(&i);
    assert!(
        r.raise_most.starts_with("Run a full mock loop"),
        "{}",
        r.raise_most
    );
    assert!(r.raise_most.contains("+15 points"), "{}", r.raise_most);
    assert_eq!(r.score, 75);
    // A falling trend loses the trend's five points.
    let mut j = full();
    j.mock_scores = vec![80, 60, 70];
    assert_eq!(readiness(&j).score, 95);
    // Coverage counts at most two per principle and reports what it counted.
    let mut k = full();
    k.ready_per_principle = vec![4, 1];
    k.principles = 2;
    let cov = readiness(&k)
        .parts
        .into_iter()
        .find(|p| p.key == "coverage")
        .expect("coverage");
    assert_eq!(cov.detail, "3 of 4 ready stories (two per principle)");
    assert!((cov.points - 18.75).abs() < 1e-4);
}

proptest! {
    #[test]
    fn score_is_the_rounded_sum_of_points(
        principles in 0u32..20,
        ready in proptest::collection::vec(0u32..4, 0..20),
        scores in proptest::collection::vec(0u8..=100, 0..40),
        mocks in proptest::collection::vec(0u8..=100, 0..6),
        design in 0u32..6,
        retention in proptest::option::of(0.0f32..=1.0),
        reviews in 0u32..50,
        writing in 0u32..3,
        days in proptest::option::of(-5i64..100),
        pace in proptest::option::of(0.0f32..=1.0),
    ) {
        let r = readiness(&ReadinessInput {
            principles,
            ready_per_principle: ready,
            ready_story_scores: scores,
            mock_scores: mocks,
            design_sessions: design,
            drill_retention: retention,
            drill_reviews: reviews,
            writing_done: writing,
            days_left: days,
            plan_pace: pace,
        });
        let sum: f32 = r.parts.iter().map(|p| p.points).sum();
        prop_assert!(r.score <= 100);
        prop_assert_eq!(u32::from(r.score), sum.round() as u32);
        for p in &r.parts {
            prop_assert!((0.0..=1.0).contains(&p.value));
            prop_assert!(p.has_data || p.detail.starts_with("No data yet"));
        }
    }
}
