//! Prints the critique of one narrative: `cargo run -p tpmprep-narrative --example narrative_view FILE [PROMPT_ID]`.
use tpmprep_content::Catalog;
use tpmprep_critic::Critic;
use tpmprep_narrative::{Grammar, NarrativeCritic};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: narrative_view FILE [PROMPT_ID]");
        std::process::exit(2);
    };
    let prompt_id = args.next();
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        }
    };
    let pack = match Catalog::embedded().and_then(|c| c.into_resolved("amazon-tpm")) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let critic = Critic::new(&pack);
    let prompt = prompt_id.as_deref().and_then(|id| pack.writing_prompt(id));
    let start = std::time::Instant::now();
    let r = NarrativeCritic::new(&pack, &critic, Grammar::shared()).critique(&text, prompt);
    let took = start.elapsed();
    // Warm timings: the grammar linter alone and the whole critique, each on a text the linter's
    // cache has not seen (a counter is written into every paragraph).
    let rounds: u32 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let mut lint = std::time::Duration::ZERO;
    let mut whole = std::time::Duration::ZERO;
    for i in 0..rounds {
        let fresh = text.replace("\n\n", &format!(" Note {i}.\n\n"));
        let t = std::time::Instant::now();
        let _ = Grammar::shared().check(&fresh, &pack.narrative.vocabulary);
        lint += t.elapsed();
        let fresh = text.replace("\n\n", &format!(" Note {}.\n\n", i + 100_000));
        let t = std::time::Instant::now();
        let _ = NarrativeCritic::new(&pack, &critic, Grammar::shared()).critique(&fresh, prompt);
        whole += t.elapsed();
    }
    if rounds > 0 {
        eprintln!(
            "warm, mean of {rounds}: harper {:?}, whole critique {:?}",
            lint / rounds,
            whole / rounds
        );
    }
    match serde_json::to_string_pretty(&r) {
        Ok(j) => println!("{j}"),
        Err(e) => eprintln!("{e}"),
    }
    eprintln!("critique took {took:?} (first, with the linter's build)");
}
