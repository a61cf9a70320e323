//! The labelled calibration set (`tests/data/pairs.toml`, 49 weak/strong pairs written independently of
//! the scoring code): the critic must rank the strong answer higher on the labelled dimension for at
//! least 85% of pairs, and for at least two thirds of each dimension's pairs; and higher overall for at
//! least 75%. `cargo run -p tpmprep-critic --example eval` prints the figures.

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{DIMENSIONS, Pair, evaluate};

#[derive(serde::Deserialize)]
struct File {
    pair: Vec<Pair>,
}

#[test]
fn strong_answers_rank_higher_on_their_dimension() {
    let text = include_str!("data/pairs.toml");
    let file: File = toml::from_str(text).expect("pairs.toml parses");
    assert!(file.pair.len() >= 40, "at least 40 pairs");
    for d in DIMENSIONS.into_iter().filter(|d| *d != "relevance") {
        assert!(
            file.pair.iter().filter(|p| p.dimension == d).count() >= 5,
            "at least 5 pairs for {d}"
        );
    }
    let pack = tpmprep_content::embedded_pack().expect("pack");
    let report = evaluate(&Critic::new(&pack), &file.pair);
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    let total = &report.total;
    assert!(
        pct(total.correct, total.pairs) >= 85.0,
        "dimension accuracy {:.0}%; misses: {:?}",
        pct(total.correct, total.pairs),
        report.misses
    );
    assert!(
        pct(total.overall_correct, total.pairs) >= 75.0,
        "overall ranking {:.0}%",
        pct(total.overall_correct, total.pairs)
    );
    for r in report.rows.iter().filter(|r| r.pairs > 0) {
        assert!(
            pct(r.correct, r.pairs) >= 66.0,
            "{}: {}/{} pairs ranked right; misses: {:?}",
            r.dimension,
            r.correct,
            r.pairs,
            report.misses
        );
    }
}
