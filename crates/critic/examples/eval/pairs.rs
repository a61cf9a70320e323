//! The critic's pairwise accuracy on the labelled calibration set (`eval pairs [PATH]`; default:
//! tests/data/pairs.toml).

use tpmprep_critic::Critic;
use tpmprep_critic::calibration::{Pair, evaluate};

#[derive(serde::Deserialize)]
struct File {
    pair: Vec<Pair>,
}

pub fn run(path: Option<String>) -> crate::Result<()> {
    let path = path.unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs.toml").to_string()
    });
    let file: File = toml::from_str(&std::fs::read_to_string(&path)?)?;
    let pack = tpmprep_content::embedded_pack()?;
    let report = evaluate(&Critic::new(&pack), &file.pair);
    println!(
        "{:<14} {:>5} {:>10} {:>10}",
        "dimension", "pairs", "dimension", "overall"
    );
    for r in report.rows.iter().chain(std::iter::once(&report.total)) {
        let pct = |n: usize| {
            if r.pairs == 0 {
                0.0
            } else {
                100.0 * n as f64 / r.pairs as f64
            }
        };
        println!(
            "{:<14} {:>5} {:>9.0}% {:>9.0}%",
            r.dimension,
            r.pairs,
            pct(r.correct),
            pct(r.overall_correct)
        );
    }
    if !report.misses.is_empty() {
        println!("\nranked wrongly on their dimension:");
        for m in &report.misses {
            println!("  {m}");
        }
    }
    Ok(())
}

/// `eval pairs-train`: the weak/strong pairs of the train and dev splits only (never the test
/// split), the figures of each and every pair the strong answer does not win, with both scores,
/// what capped each and the signals one has and the other lacks. `EVAL_CLOSE=N` also lists the
/// pairs the strong answer wins by N points or fewer.
pub fn train_dev() -> crate::Result<()> {
    use std::collections::BTreeSet;
    use std::path::Path;
    use tpmprep_critic::calibration::{Split, split_of};
    use tpmprep_critic::{Input, Question};

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let calibration = root.join("tests/data/pairs.toml");
    let mut files = vec![(calibration.clone(), std::fs::read_to_string(&calibration)?)];
    files.extend(crate::grades::toml_in(&root.join("data/pairs"))?);
    let mut pairs = Vec::new();
    for (path, text) in files {
        let f: crate::grades::PairFile =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        pairs.extend(f.pair);
    }
    let close: i32 = std::env::var("EVAL_CLOSE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let pack = tpmprep_content::embedded_pack()?;
    let critic = Critic::new(&pack);
    for want in [Split::Train, Split::Dev] {
        let these: Vec<&Pair> = pairs
            .iter()
            .filter(|p| split_of(&p.strong) == want)
            .collect();
        let (mut won, mut adv, mut adv_won) = (0, 0, 0);
        let mut lines = Vec::new();
        let mut caps = std::collections::BTreeMap::new();
        for p in &these {
            let judge = |text: &str| {
                critic.critique(&Input {
                    text,
                    question: Some(Question {
                        text: &p.question,
                        principles: &[],
                        kind: "",
                    }),
                    ..Input::default()
                })
            };
            let (w, s) = (judge(&p.weak), judge(&p.strong));
            let ok = s.overall > w.overall;
            won += usize::from(ok);
            if p.adversarial {
                adv += 1;
                adv_won += usize::from(ok);
            }
            for (side, c) in [("strong", &s), ("weak", &w)] {
                for cap in &c.capped_by {
                    *caps.entry((side, *cap)).or_insert(0usize) += 1;
                }
            }
            if std::env::var_os("EVAL_FIT").is_some() {
                for (side, c) in [("strong", &s), ("weak", &w)] {
                    let Some(q) = &c.question else { continue };
                    let norm =
                        |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
                    let qn = norm(&mut q.principles.iter().map(|p| p.score));
                    let an = norm(&mut c.principles.iter().map(|p| p.score));
                    let dot: f64 = q
                        .principles
                        .iter()
                        .map(|qp| {
                            qp.score
                                * c.principles
                                    .iter()
                                    .find(|x| x.id == qp.id)
                                    .map_or(0.0, |x| x.score)
                        })
                        .sum();
                    let fit = if qn == 0.0 || an == 0.0 {
                        1.0
                    } else {
                        dot / (qn * an)
                    };
                    let main = q
                        .principles
                        .first()
                        .map(|t| {
                            (
                                t.score,
                                c.principles
                                    .iter()
                                    .find(|x| x.id == t.id)
                                    .map_or(0.0, |x| x.score),
                            )
                        })
                        .unwrap_or((0.0, 0.0));
                    if fit < 0.45 {
                        println!(
                            "  fit {:<6} {:<13} {:<40} {fit:.3} q-main {:.2} a-main {:.2} top {} capped {:?} {}",
                            side,
                            p.dimension,
                            p.id,
                            main.0,
                            main.1,
                            c.principles.first().map_or("", |x| x.id.as_str()),
                            c.capped_by,
                            c.overall
                        );
                    }
                }
            }
            let margin = i32::from(s.overall) - i32::from(w.overall);
            if !ok || margin <= close {
                let sigs = |c: &tpmprep_critic::Critique| -> BTreeSet<&'static str> {
                    c.signals.iter().map(|x| x.signal).collect()
                };
                let (ws, ss) = (sigs(&w), sigs(&s));
                lines.push(format!(
                    "  {} {}{} [{}] strong {} ({} w, caps {:?}) vs weak {} ({} w, caps {:?})\n      strong only: {:?}\n      weak only:   {:?}",
                    if ok { "close" } else { "MISS " },
                    p.id,
                    if p.adversarial { " [adversarial]" } else { "" },
                    p.dimension,
                    s.overall,
                    s.words,
                    s.capped_by,
                    w.overall,
                    w.words,
                    w.capped_by,
                    ss.difference(&ws).collect::<Vec<_>>(),
                    ws.difference(&ss).collect::<Vec<_>>(),
                ));
            }
        }
        let pct = |n: usize, of: usize| {
            if of == 0 {
                0.0
            } else {
                100.0 * n as f64 / of as f64
            }
        };
        println!(
            "PAIRS ({want:?} split): strong beats weak overall {won}/{} = {:.1}%; adversarial {adv_won}/{adv} = {:.1}%",
            these.len(),
            pct(won, these.len()),
            pct(adv_won, adv)
        );
        println!("  caps that bit (side, cap: pairs): {caps:?}");
        for l in lines {
            println!("{l}");
        }
    }
    Ok(())
}
