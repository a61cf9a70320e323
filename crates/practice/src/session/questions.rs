//! Preparing the questions of every interview of a plan.

use std::collections::{HashMap, HashSet};

use tpmprep_content::{Kind, Pack};

use super::Prepared;
use crate::Plan;
use crate::choose::{Choice, probing, questions};

/// Prepares the questions of every interview of `plan`: one per assessed principle, weakest first,
/// with the system-design interviewer opening on a system-design question. Every question is
/// labelled with a principle it probes (one of its own tags, its main one first): a design or
/// technical question only with a principle a design answer can show (`shown_in_design`), and a
/// principle no question of the interviewer's kinds probes is asked with a behavioural question.
/// A design question that probes none of its interviewer's principles is labelled with none and
/// rates nothing. Deterministic for a seed.
pub fn prepare(
    pack: &Pack,
    plan: &Plan,
    weakness: &HashMap<String, f64>,
    recent: &HashSet<String>,
    seed: u64,
) -> Vec<Vec<Prepared>> {
    let (_, design_shown) = crate::principle_traits(pack);
    // With no principle marked, any may be shown in a design answer (a pack that does not say).
    let in_design = |p: &String| design_shown.is_empty() || design_shown.contains(p);
    let weak = |p: &String| weakness.get(p).copied().unwrap_or(1.0);
    let mut seen: HashSet<String> = recent.clone();
    let mut out = Vec::new();
    for (i, iv) in plan.interviews.iter().enumerate() {
        let seed = seed.wrapping_add(i as u64);
        let mut picked: Vec<Prepared> = Vec::new();
        let mut order: Vec<&String> = iv.principles.iter().collect();
        order.sort_by(|a, b| weak(b).total_cmp(&weak(a)));
        let mut labelled: Vec<&String> = Vec::new();
        fn choice<'c>(
            principles: &'c [String],
            kinds: &'c [Kind],
            (stage, weakness): (&'c str, &'c HashMap<String, f64>),
            recent: &'c HashSet<String>,
            seed: u64,
        ) -> Choice<'c> {
            Choice {
                principles,
                kinds,
                stage,
                weakness,
                recent,
                seed,
            }
        }
        let at = (plan.stage.as_str(), weakness);
        if iv.system_design {
            let design = [Kind::SystemDesign];
            let c = choice(&iv.principles, &design, at, &seen, seed);
            // A design question probing the weakest of the interviewer's principles it can show.
            let fit = order
                .iter()
                .filter(|p| in_design(p))
                .find_map(|p| probing(pack, &c, p).map(|q| (q, *p)));
            let q = fit
                .map(|(q, _)| q)
                .or_else(|| questions(pack, &c, 1).first().copied());
            if let Some(q) = q {
                // Labelled with its main tag among the interviewer's principles.
                let label = q
                    .principles
                    .iter()
                    .find(|t| iv.principles.contains(t) && in_design(t));
                seen.insert(q.id.clone());
                picked.push(prepared(q, label.map_or("", String::as_str)));
                labelled.extend(label);
            }
        }
        // One question per principle, weakest first, so each question is labelled with the
        // principle it was chosen for, and probes it.
        for p in order {
            if labelled.contains(&p) {
                continue;
            }
            let kinds: Vec<Kind> = iv
                .kinds
                .iter()
                .copied()
                .filter(|k| !crate::is_design_kind(*k) || in_design(p))
                .collect();
            let q =
                probing(pack, &choice(&iv.principles, &kinds, at, &seen, seed), p).or_else(|| {
                    let behavioural = [Kind::Behavioural];
                    probing(
                        pack,
                        &choice(&iv.principles, &behavioural, at, &seen, seed),
                        p,
                    )
                });
            if let Some(q) = q {
                seen.insert(q.id.clone());
                picked.push(prepared(q, p));
            }
        }
        out.push(picked);
    }
    out
}

fn prepared(q: &tpmprep_content::Question, principle: &str) -> Prepared {
    Prepared {
        question_id: q.id.clone(),
        text: q.text.clone(),
        principle: principle.to_string(),
        principles: q.principles.clone(),
        kind: Some(q.kind),
    }
}
