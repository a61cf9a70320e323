//! Graded-answer figures (temporary entry; folded into `eval`).
use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{GradedAnswer, Split, evaluate_answers, parse_marked, split_of};

#[derive(serde::Deserialize)]
struct File {
    answer: Vec<GradedAnswer>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/data/answers").to_string());
    let want = std::env::args().nth(2).unwrap_or_else(|| "all".into());
    let mut all = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "toml") {
            let f: File = toml::from_str(&std::fs::read_to_string(&p)?)?;
            all.extend(f.answer);
        }
    }
    let keep: Vec<GradedAnswer> = all
        .into_iter()
        .filter(|a| {
            let clean = parse_marked(&a.text).map(|x| x.0).unwrap_or_default();
            match want.as_str() {
                "train" => split_of(&clean) == Split::Train,
                "dev" => split_of(&clean) == Split::Dev,
                "test" => split_of(&clean) == Split::Test,
                "nontest" => split_of(&clean) != Split::Test,
                _ => true,
            }
        })
        .collect();
    let pack = tpmprep_content::embedded_pack()?;
    let r = evaluate_answers(&Critic::new(&pack), &keep);
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "answers {} | strong>=70 {}/{} {:.0}% | weak 'weak' {}/{} {:.0}% | principles top-3 {}/{} {:.0}%",
        r.answers,
        r.strong_ok,
        r.strong,
        pct(r.strong_ok, r.strong),
        r.weak_ok,
        r.weak,
        pct(r.weak_ok, r.weak),
        r.principles_top3,
        r.with_principles,
        pct(r.principles_top3, r.with_principles)
    );
    println!(
        "{:<16} {:>6} {:>9} {:>8} {:>7} {:>6}",
        "signal", "pred", "precision", "recall", "gold", "falseA"
    );
    for s in &r.signals {
        println!(
            "{:<16} {:>6} {:>8.0}% {:>7.0}% {:>7} {:>6}",
            s.signal,
            s.predicted,
            pct(s.correct, s.predicted),
            pct(s.found_answers, s.gold_answers),
            s.gold_answers,
            s.false_answers
        );
    }
    if std::env::var("MISSES").is_ok() {
        for m in &r.misses {
            println!("  {m}");
        }
    }
    #[derive(serde::Deserialize)]
    struct Pairs {
        pair: Vec<tpmprep_critic::calibration::Pair>,
    }
    let mut pairs = Vec::new();
    for f in [
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs.toml").to_string(),
        format!("{dir}/../pairs/a.toml"),
    ] {
        let p: Pairs = toml::from_str(&std::fs::read_to_string(&f)?)?;
        pairs.extend(p.pair);
    }
    let pairs: Vec<_> = pairs
        .into_iter()
        .filter(|p| match want.as_str() {
            "train" => split_of(&p.strong) == Split::Train,
            "dev" => split_of(&p.strong) == Split::Dev,
            "test" => split_of(&p.strong) == Split::Test,
            "nontest" => split_of(&p.strong) != Split::Test,
            _ => true,
        })
        .collect();
    let rep = tpmprep_critic::calibration::evaluate(&Critic::new(&pack), &pairs);
    println!(
        "pairs {} overall {:.0}% | adversarial {}/{} {:.0}%",
        rep.total.pairs,
        pct(rep.total.overall_correct, rep.total.pairs),
        rep.adversarial_correct,
        rep.adversarial,
        pct(rep.adversarial_correct, rep.adversarial)
    );
    if std::env::var("MISSES").is_ok() {
        for m in &rep.overall_misses {
            println!("  {m}");
        }
    }
    Ok(())
}

#[allow(dead_code)]
fn unused() {}
