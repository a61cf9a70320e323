//! The critic's figures on held-out data. Run:
//! `cargo run --release --example eval -p tpmprep-critic [-- WHAT]`, WHAT one of
//! - `questions` — question → principles and kind on the test split, answers → principles, and a
//!   leave-one-author-out check (`questions.rs`);
//! - `pairs [PATH]` — pairwise accuracy on the calibration pairs (default: tests/data/pairs.toml);
//! - `pairs-train` — the weak/strong pairs of the train and dev splits: figures and every pair the
//!   strong answer does not win, with scores, caps and signals (`EVAL_CLOSE=N`: also the wins by N
//!   points or fewer);
//! - `grades [dev]` — graded answers (Hire ≥ 70, No Hire "weak", each signal's precision and
//!   recall against the marked spans) and weak/strong pairs, on the test split (`grades.rs`);
//! - `tune` — the recipe's choices compared on the dev split (never the test split);
//! - `design` — the design report on its weak/strong written designs, train and test
//!   (`design.rs`);
//! - `quoting` — the sentence model's choice of quoted sentence, leaving one writer out (train
//!   split);
//! - `gates` — the sentence model's gates swept, leaving one writer out (train split), and the
//!   ones `train` chooses (`gates.rs`);
//! - nothing — `questions`, `grades`, then `pairs`.
//!
//! `EVAL_MISSES=1` also prints each test question whose top principle is not one of its labels.

mod data;
mod design;
mod gates;
mod grades;
mod pairs;
mod questions;
mod quoting;
mod recipe;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("questions") => questions::run(),
        Some("tune") => questions::tune(),
        Some("quoting") => quoting::run(),
        Some("gates") => {
            let pack = tpmprep_content::embedded_pack()?;
            let answers = data::answers(&data::data_dir())?;
            let sweep = gates::sweep(&pack, &answers);
            sweep.print();
            if let Some(m) = pack.model(tpmprep_critic::SENTENCE_SIGNALS) {
                let shipped: Vec<String> = m.gates.iter().map(|g| g.to_string()).collect();
                let chosen: Vec<String> = sweep.gates_for(m).iter().map(|g| g.to_string()).collect();
                println!("  chosen:  {}\n  shipped: {}", chosen.join(" "), shipped.join(" "));
            }
            Ok(())
        }
        Some("pairs") => pairs::run(args.get(1).cloned()),
        Some("pairs-train") => pairs::train_dev(),
        Some("grades") => grades::run(args.get(1).cloned()),
        Some("design") => design::run(),
        None => {
            questions::run()?;
            println!();
            grades::run(None)?;
            println!();
            pairs::run(None)
        }
        Some(other) => Err(format!(
            "unknown eval `{other}`: use questions, grades, pairs, pairs-train, design, quoting, gates or tune"
        )
        .into()),
    }
}
