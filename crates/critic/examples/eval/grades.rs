//! Graded answers and weak/strong pairs on the test split (`eval grades`): how often a Hire answer
//! scores ≥ 70 and a No Hire answer is "weak", how well each signal is read against the spans the
//! data marks, and how often the strong answer of a pair beats the weak one (adversarial pairs
//! apart). `eval grades dev` reads the dev split instead; `EVAL_MISSES=1` lists what was missed.

use std::collections::HashMap;
use std::path::Path;

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{
    GradedAnswer, Mark, Pair, Split, evaluate, evaluate_answers, parse_marked, split_of,
};

#[derive(serde::Deserialize)]
struct AnswerFile {
    answer: Vec<GradedAnswer>,
}

/// A second marker's file: each answer's id and its text with that marker's spans.
#[derive(serde::Deserialize)]
struct SecondFile {
    answer: Vec<SecondMarks>,
}

#[derive(serde::Deserialize)]
struct SecondMarks {
    id: String,
    text: String,
}

#[derive(serde::Deserialize)]
pub(crate) struct PairFile {
    pub(crate) pair: Vec<Pair>,
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Every `.toml` file in `dir`, in name order, with its path.
pub(crate) fn toml_in(dir: &Path) -> crate::Result<Vec<(std::path::PathBuf, String)>> {
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

/// The second marker's spans by answer id, for the answers whose clean text they share (an answer
/// edited since the second marking is left out of the two-marker figures).
fn second_marks(dir: &Path, answers: &[GradedAnswer]) -> crate::Result<HashMap<String, Vec<Mark>>> {
    let mut out = HashMap::new();
    for (path, text) in toml_in(dir)? {
        let f: SecondFile =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for s in f.answer {
            let (clean2, marks) =
                parse_marked(&s.text).map_err(|e| format!("{}: {}: {e}", path.display(), s.id))?;
            let same = answers.iter().any(|a| {
                a.id == s.id && parse_marked(&a.text).is_ok_and(|(clean, _)| clean == clean2)
            });
            if same {
                out.insert(s.id, marks);
            }
        }
    }
    Ok(out)
}

fn report(
    critic: &Critic,
    title: &str,
    answers: &[GradedAnswer],
    second: &HashMap<String, Vec<Mark>>,
) {
    let r = evaluate_answers(critic, answers, second);
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
    let twice = answers
        .iter()
        .filter(|a| second.contains_key(&a.id))
        .count();
    println!(
        "  {:<16} {:>7} {:>10} {:>8} {:>14} {:>8} {:>8}   two markers ({twice} answers): {:>10} {:>8}",
        "signal",
        "claims",
        "precision",
        "recall",
        "spans right",
        "unmarked",
        "later",
        "precision",
        "recall"
    );
    for s in &r.signals {
        if s.gold_answers == 0 && s.predicted == 0 {
            continue;
        }
        println!(
            "  {:<16} {:>7} {:>9.1}% {:>7.1}% {:>7}/{:<6} {:>8} {:>8}   {:>27.1}% {:>7.1}%",
            s.signal,
            s.predicted,
            pct(s.correct, s.predicted),
            pct(s.found_answers, s.gold_answers),
            s.spans_correct,
            s.spans_predicted,
            s.false_answers,
            s.later_right,
            pct(s.correct_either, s.predicted2),
            pct(s.agreed_found, s.agreed_answers),
        );
    }
    if std::env::var_os("EVAL_SCORES").is_some() {
        let mut by: std::collections::BTreeMap<&str, Vec<u8>> = std::collections::BTreeMap::new();
        for (g, o) in &r.scores {
            by.entry(g.as_str()).or_default().push(*o);
        }
        for (g, mut v) in by {
            v.sort_unstable();
            println!("    {g:<15} {v:?}");
        }
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
    // `all` reads every split (for a writer new to the data, before anything is tuned on them);
    // EVAL_WRITER=h keeps the answers and pairs whose ids start with that writer's prefix.
    let all = which.as_deref() == Some("all");
    let writer = std::env::var("EVAL_WRITER").ok();
    let by_writer = |id: &str| {
        writer
            .as_deref()
            .is_none_or(|w| id.starts_with(&format!("{w}-")))
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    let in_split = |a: &GradedAnswer| {
        by_writer(&a.id)
            && (all || parse_marked(&a.text).is_ok_and(|(clean, _)| split_of(&clean) == want))
    };
    let answers: Vec<GradedAnswer> = answers_in(&data.join("answers"))?
        .into_iter()
        .filter(in_split)
        .collect();
    println!(
        "GRADED ANSWERS ({want:?} split; precision: the sentence the critic quotes for a signal overlaps a span marked with it; recall: a marked span is found; two markers: precision against a span either marker marked, recall of the spans both marked)"
    );
    let second = second_marks(&data.join("second"), &answers)?;
    report(&critic, "  writers a, b, f and h", &answers, &second);
    let held = answers_in(&data.join("heldout"))?;
    let second = second_marks(&data.join("second"), &held)?;
    report(&critic, "  held-out writer d (all)", &held, &second);

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
        .filter(|p| by_writer(&p.id) && (all || split_of(&p.strong) == want))
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
