//! Follow-ups chosen from the critic's biggest gaps, worded from the pack's probes.

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use tpmprep_content::Probe;
use tpmprep_critic::{Critique, Severity};

/// The probe gap a critic finding's signal points at, if any.
pub fn gap_of(signal: &str) -> Option<&'static str> {
    Some(match signal {
        "outcome-number" | "baseline" | "incidental-number" => "metrics",
        "trade-off" | "alternatives" => "trade-off",
        "dissent" | "commitment" => "dissent",
        "capacity" => "capacity",
        "we-everywhere" | "mistake" => "ownership",
        "lesson" => "lesson",
        "customer" => "customer",
        "decision" | "responsibility" | "action" => "decision",
        "teams" => "scope",
        _ => return None,
    })
}

/// Up to `max` follow-ups for an answer: one per gap, biggest gaps first (a missing signal outweighs a
/// weak one), never a probe already asked in this mock (`asked` holds probe ids). An answer with no
/// gap still gets a counterfactual probe, as a real interviewer tests strong answers too. The wording
/// is drawn with `seed`, so mocks vary but replay exactly.
pub fn choose<'p>(
    critique: &Critique,
    probes: &'p [Probe],
    asked: &[String],
    max: usize,
    seed: u64,
) -> Vec<&'p Probe> {
    let mut weights: Vec<(&'static str, u32, usize)> = Vec::new();
    for (order, f) in critique.findings.iter().enumerate() {
        let Some(gap) = gap_of(f.signal) else {
            continue;
        };
        let w = match f.severity {
            Severity::Miss => 3,
            Severity::Warn => 2,
            Severity::Note => 1,
        };
        match weights.iter_mut().find(|(g, _, _)| *g == gap) {
            Some(entry) => entry.1 += w,
            None => weights.push((gap, w, order)),
        }
    }
    weights.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut gaps: Vec<&str> = weights.iter().map(|(g, _, _)| *g).collect();
    if gaps.is_empty() {
        gaps.push("counterfactual");
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for gap in gaps {
        if out.len() >= max {
            break;
        }
        let fresh: Vec<&Probe> = probes
            .iter()
            .filter(|p| p.gap == gap && !asked.contains(&p.id))
            .collect();
        if let Some(p) = fresh.choose(&mut rng) {
            out.push(*p);
        }
    }
    out
}
