//! Prints the design report of a written design as JSON:
//! `cargo run -p tpmprep-critic --example design_report -- FILE [PROMPT-ID]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: design_report FILE [PROMPT-ID]")?;
    let text = std::fs::read_to_string(&file)?;
    let pack = tpmprep_content::embedded_pack()?;
    let prompt = match args.next() {
        Some(id) => Some(
            pack.prompts
                .iter()
                .find(|p| p.id == id)
                .ok_or_else(|| format!("no prompt {id}"))?,
        ),
        None => None,
    };
    let critic = tpmprep_critic::Critic::new(&pack);
    let report = critic.design_report(&text, prompt);
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
