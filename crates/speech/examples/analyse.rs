//! Prints the analysis of a transcript file as JSON:
//! `cargo run -p tpmprep-speech --example analyse FILE [DURATION]`.

use tpmprep_speech::{Lexicon, analyse, parse_duration, read};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: analyse FILE [DURATION]")?;
    let duration = args.next().as_deref().and_then(parse_duration);
    let text = std::fs::read_to_string(&path)?;
    let t = read(&text, None, duration).map_err(|e| format!("{path}: {e}"))?;
    let a = analyse(&t, &Lexicon::standard());
    println!("{}", serde_json::to_string_pretty(&a)?);
    Ok(())
}
