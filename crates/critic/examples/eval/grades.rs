//! Graded answers and weak/strong pairs on the test split (`eval grades`): how often a Hire answer
//! scores ≥ 70 and a No Hire answer is "weak", how well each signal is read against the spans the
//! data marks, and how often the strong answer of a pair beats the weak one (adversarial pairs
//! apart). `eval grades dev` reads the dev split instead; `EVAL_MISSES=1` lists what was missed.

use std::path::Path;

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{
    GradedAnswer, Pair, Split, evaluate, evaluate_answers, parse_marked, split_of,
};

#[derive(serde::Deserialize)]
struct AnswerFile {
    answer: Vec<GradedAnswer>,
}

#[derive(serde::Deserialize)]
struct PairFile {
    pair: Vec<Pair>,
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Every `.toml` file in `dir`, in name order, with its path.
fn toml_in(dir: &Path) -> crate::Result<Vec<(std::path::PathBuf, String)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)?;
            Ok((p, text))
        })
        .collect()
}

/// The `[[answer]]` files in `dir` (others, such as questions, are skipped); a file that has
/// answers but does not parse is an error naming it.
fn answers_in(dir: &Path) -> crate::Result<Vec<GradedAnswer>> {
    let mut out = Vec::new();
    for (path, text) in toml_in(dir)? {
        if !text.contains("[[answer]]") {
            continue;
        }
        let f: AnswerFile =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        out.extend(f.answer);
    }
    Ok(out)
}

fn report(critic: &Critic, title: &str, answers: &[GradedAnswer]) {
    let r = evaluate_answers(critic, answers);
    println!("{title}: {} answers", r.answers);
    println!(
        "  Hire answers scored >= 70: {}/{} = {:.1}%; No Hire answers \"weak\": {}/{} = {:.1}%; principles top-3 {:.1}%",
        r.strong_ok,
        r.strong,
        pct(r.strong_ok, r.strong),
        r.weak_ok,
        r.weak,
        pct(r.weak_ok, r.weak),
        pct(r.principles_top3, r.with_principles)
    );
    println!(
        "  {:<16} {:>7} {:>10} {:>8} {:>14}",
        "signal", "claims", "precision", "recall", "spans right"
    );
    for s in &r.signals {
        if s.gold_answers == 0 && s.predicted == 0 {
            continue;
        }
        println!(
            "  {:<16} {:>7} {:>9.1}% {:>7.1}% {:>7}/{:<6}",
            s.signal,
            s.predicted,
            pct(s.correct, s.predicted),
            pct(s.found_answers, s.gold_answers),
            s.spans_correct,
            s.spans_predicted
        );
    }
    if std::env::var_os("EVAL_MISSES").is_some() {
        for m in &r.misses {
            println!("    {m}");
        }
    }
}

pub fn run(which: Option<String>) -> crate::Result<()> {
    let want = match which.as_deref() {
        Some("dev") => Split::Dev,
        Some("train") => Split::Train,
        _ => Split::Test,
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    let in_split =
        |a: &GradedAnswer| parse_marked(&a.text).is_ok_and(|(clean, _)| split_of(&clean) == want);
    let answers: Vec<GradedAnswer> = answers_in(&data.join("answers"))?
        .into_iter()
        .filter(in_split)
        .collect();
    println!(
        "GRADED ANSWERS ({want:?} split; precision: the sentence the critic quotes for a signal overlaps a span marked with it; recall: a marked span is found)"
    );
    report(&critic, "  writers a and b", &answers);
    let held = answers_in(&data.join("heldout"))?;
    report(&critic, "  held-out writer d (all)", &held);

    let mut pairs = Vec::new();
    let calibration = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pairs.toml");
    let mut files = vec![(calibration.clone(), std::fs::read_to_string(&calibration)?)];
    files.extend(toml_in(&data.join("pairs"))?);
    for (path, text) in files {
        let f: PairFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        pairs.extend(f.pair);
    }
    let pairs: Vec<Pair> = pairs
        .into_iter()
        .filter(|p| split_of(&p.strong) == want)
        .collect();
    let r = evaluate(&critic, &pairs);
    println!(
        "\nPAIRS ({want:?} split): strong beats weak overall {}/{} = {:.1}%; adversarial {}/{} = {:.1}%",
        r.total.overall_correct,
        r.total.pairs,
        pct(r.total.overall_correct, r.total.pairs),
        r.adversarial_correct,
        r.adversarial,
        pct(r.adversarial_correct, r.adversarial)
    );
    if std::env::var_os("EVAL_MISSES").is_some() {
        for m in &r.overall_misses {
            println!("    {m}");
        }
    }
    Ok(())
}
