//! Trains the critic's learned models and writes them into the pack:
//! `content/amazon-tpm/models/{question-principles,question-kind,answer-principles,sentence-signals}.model`
//! (the last with its gates, chosen leaving one writer out: `eval/gates.rs`).
//! Run: `cargo run --release -p tpmprep-critic --example train` (deterministic: the same data gives
//! the same files). Trains on the pack and the train split of `crates/critic/data/` only.

#[path = "eval/data.rs"]
mod data;
#[path = "eval/gates.rs"]
mod gates;
#[path = "eval/recipe.rs"]
mod recipe;

use std::path::Path;

use tpmprep_content::QUESTION_KINDS;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pack = tpmprep_content::embedded_pack()?;
    let dir = data::data_dir();
    let labelled = data::questions(&dir)?;
    let answers = data::answers(&dir)?;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/amazon-tpm/models");
    std::fs::create_dir_all(&out)?;
    let out = out.canonicalize()?;
    let principles: Vec<String> = pack.principles.iter().map(|p| p.id.clone()).collect();
    let kinds: Vec<String> = QUESTION_KINDS.iter().map(|k| k.to_string()).collect();

    // The gates are chosen leaving one writer out, from models fitted without the pack's own
    // sentence model (`gates.rs`).
    let sweep = gates::sweep(&pack, &answers);
    sweep.print();
    for mut model in recipe::shipped(&pack, &labelled, &answers, &principles, &kinds) {
        if model.name == tpmprep_critic::SENTENCE_SIGNALS {
            model.gates = sweep.gates_for(&model);
        }
        let path = out.join(format!("{}.model", model.name));
        std::fs::write(&path, model.to_text())?;
        println!(
            "{}: {} features, {} classes ({})",
            path.display(),
            model.features.len(),
            model.classes.len(),
            model.data
        );
    }
    Ok(())
}
