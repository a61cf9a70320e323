//! The design report's calibration (`eval design`): weak/strong written designs to the same prompt
//! (`data/design/pairs.toml`) and single write-ups with the criteria they meet marked
//! (`data/design/marked.toml`). The split is fixed by the strong text: FNV-1a 64 of the normalised
//! strong write-up mod 3 == 0 is test, the rest train; rules are tuned on train only.
//! Shared with `tests/design_report.rs`.
#![allow(dead_code)]

use serde::Deserialize;
use tpmprep_critic::Critic;

/// One weak/strong pair of written designs.
#[derive(Debug, Clone, Deserialize)]
pub struct DesignPair {
    /// Stable id.
    pub id: String,
    /// The pack prompt it answers, or empty for the project's own prompt in `question`.
    #[serde(default)]
    pub prompt: String,
    /// The project's own prompt, when `prompt` is empty.
    #[serde(default)]
    pub question: String,
    /// The weak write-up is longer, buzzword-heavy, name-drops technologies, pads or garbles its
    /// numbers, or weighs no choice.
    #[serde(default)]
    pub adversarial: bool,
    /// What makes the weak one weak.
    #[serde(default)]
    pub note: String,
    /// The weak write-up.
    pub weak: String,
    /// The strong write-up.
    pub strong: String,
}

/// One write-up with the criteria it meets and does not meet marked by hand.
#[derive(Debug, Clone, Deserialize)]
pub struct MarkedDesign {
    /// Stable id.
    pub id: String,
    /// Criteria a sentence of substance meets.
    pub present: Vec<String>,
    /// Criteria no sentence of substance meets.
    pub absent: Vec<String>,
    /// The write-up.
    pub text: String,
}

#[derive(Deserialize)]
struct PairFile {
    pair: Vec<DesignPair>,
}

#[derive(Deserialize)]
struct MarkedFile {
    sample: Vec<MarkedDesign>,
}

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/design")
}

/// The pairs in `data/design/pairs.toml`.
pub fn pairs() -> Result<Vec<DesignPair>, String> {
    let path = dir().join("pairs.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: PairFile = toml::from_str(&text).map_err(|e| format!("pairs.toml: {e}"))?;
    Ok(file.pair)
}

/// The marked write-ups in `data/design/marked.toml`.
pub fn marked() -> Result<Vec<MarkedDesign>, String> {
    let path = dir().join("marked.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: MarkedFile = toml::from_str(&text).map_err(|e| format!("marked.toml: {e}"))?;
    Ok(file.sample)
}

/// A pair is in the test part when FNV-1a 64 of its strong text (lowercased, whitespace collapsed)
/// mod 3 is 0. Fixed once; never changed.
pub fn is_test(p: &DesignPair) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let norm = p
        .strong
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for b in norm.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 3 == 0
}

/// One pair as scored: `(id, adversarial, test, weak overall, strong overall)`.
pub type Scored = (String, bool, bool, u8, u8);

/// Scores every pair (each write-up with its pack prompt when it has one).
pub fn score(critic: &Critic, pack: &tpmprep_content::Pack, pairs: &[DesignPair]) -> Vec<Scored> {
    pairs
        .iter()
        .map(|p| {
            let prompt = pack.prompts.iter().find(|x| x.id == p.prompt);
            let weak = critic.design_report(&p.weak, prompt).overall;
            let strong = critic.design_report(&p.strong, prompt).overall;
            (p.id.clone(), p.adversarial, is_test(p), weak, strong)
        })
        .collect()
}

/// `(won, of)` over the pairs `keep` selects: strong strictly above weak.
pub fn won(scored: &[Scored], keep: impl Fn(&Scored) -> bool) -> (usize, usize) {
    let sel: Vec<&Scored> = scored.iter().filter(|s| keep(s)).collect();
    (sel.iter().filter(|s| s.4 > s.3).count(), sel.len())
}

/// Prints the figures: all pairs, adversarial, train and test.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    let pairs = pairs()?;
    let scored = score(&critic, &pack, &pairs);
    let pct = |(w, n): (usize, usize)| {
        if n == 0 {
            0.0
        } else {
            100.0 * w as f64 / n as f64
        }
    };
    println!("design report: strong write-up above weak, by overall score");
    for (name, keep) in [
        (
            "all",
            Box::new(|_: &Scored| true) as Box<dyn Fn(&Scored) -> bool>,
        ),
        ("adversarial", Box::new(|s: &Scored| s.1)),
        ("train", Box::new(|s: &Scored| !s.2)),
        ("train adversarial", Box::new(|s: &Scored| !s.2 && s.1)),
        ("test", Box::new(|s: &Scored| s.2)),
        ("test adversarial", Box::new(|s: &Scored| s.2 && s.1)),
    ] {
        let w = won(&scored, keep);
        println!("  {name:<18} {:>3}/{:<3} {:>5.1}%", w.0, w.1, pct(w));
    }
    let strong: Vec<u8> = scored.iter().map(|s| s.4).collect();
    let weak: Vec<u8> = scored.iter().map(|s| s.3).collect();
    let mean = |v: &[u8]| v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len().max(1) as f64;
    println!(
        "  mean overall: strong {:.1}, weak {:.1}; strong verdicts {}/{}, weak verdicts {}/{}",
        mean(&strong),
        mean(&weak),
        strong.iter().filter(|&&x| x >= 70).count(),
        strong.len(),
        weak.iter().filter(|&&x| x < 45).count(),
        weak.len()
    );
    for s in &scored {
        if s.4 <= s.3 || std::env::var_os("EVAL_ALL").is_some() {
            println!(
                "  {} {}{}: weak {} strong {}",
                s.0,
                if s.2 { "test" } else { "train" },
                if s.1 { " adversarial" } else { "" },
                s.3,
                s.4
            );
        }
    }
    Ok(())
}
