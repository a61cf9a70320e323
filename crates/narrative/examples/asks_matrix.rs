//! For each calibration narrative, how many of each prompt's words it holds (tuning aid).
use tpmprep_content::Catalog;
use tpmprep_narrative::prompt_words;

fn main() {
    let Ok(pack) = Catalog::embedded().and_then(|c| c.into_resolved("amazon-tpm")) else {
        std::process::exit(1);
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/calibration");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    print!("{:<16}", "");
    for p in &pack.writing_prompts {
        print!("{:>5}", &p.id[2..p.id.len().min(7)]);
    }
    println!();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        print!(
            "{:<16}",
            f.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        for p in &pack.writing_prompts {
            print!("{:>5}", prompt_words(&text, &p.asks).len());
        }
        println!();
    }
}
