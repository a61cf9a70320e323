//! Follow-ups beyond the critic's gaps: a retold story remarked on, and a dodged follow-up pressed.

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use tpmprep_content::Probe;
use tpmprep_critic::Critique;

use super::Session;
use crate::follow_up;

/// Follow-up wording used when a pack has no `retold` probe.
const RETOLD_FALLBACK: &str =
    "You told us about this one earlier in the loop. Do you have a different example?";

/// The telling's three best-evidenced principles, best first. Two tellings centre on the same
/// judgment when the best of either is among the other's three: a shorter retelling of one story can
/// reorder close principles without being about something else.
fn foci_of(c: &Critique) -> Vec<String> {
    let mut ranked: Vec<&tpmprep_critic::PrincipleScore> =
        c.principles.iter().filter(|p| p.score > 0.0).collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked.iter().take(3).map(|p| p.id.clone()).collect()
}

fn same_judgment(a: &[String], b: &[String]) -> bool {
    match (a.first(), b.first()) {
        (Some(x), Some(y)) => b.contains(x) || a.contains(y),
        (None, None) => true,
        _ => false,
    }
}

impl Session {
    /// When the reply to follow-up `asked` dodged it ("I would ask the team.") or repeated an
    /// earlier answer, the same follow-up asked again once, after one of the pack's `pressed` (or
    /// `pressed-repeat`) remarks. `None` when the reply answered, when `asked` was itself asked
    /// again, or when the mock's probes have no such remarks (a mock saved before they existed
    /// replays as it was asked).
    pub(super) fn pressed_probe(
        &self,
        asked: &Probe,
        reply: &str,
        repeated: bool,
        probes: &[Probe],
        seed: u64,
    ) -> Option<Probe> {
        if asked.id.starts_with("pressed") || asked.gap == "repeated" || asked.gap == "retold" {
            return None;
        }
        // Pressed only for a dodge, or a reply too short to say anything: one with content but no
        // "I" ("Errors fell from 4% to 1%") answers what was asked, though the debrief counts it
        // for less.
        let dodged = !follow_up::substantive(reply, true, &self.deflections);
        let gap = match (repeated, dodged) {
            (true, _) => "pressed-repeat",
            (false, true) => "pressed",
            (false, false) => return None,
        };
        let remarks: Vec<&Probe> = probes.iter().filter(|p| p.gap == gap).collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x7072_6573);
        let remark = remarks.choose(&mut rng)?;
        Some(Probe {
            id: format!("{}+{}", remark.id, asked.id),
            // Answering it answers the original follow-up's gap.
            gap: asked.gap.clone(),
            text: format!("{} {}", remark.text, asked.text),
        })
    }

    /// Records the telling of `story`; when it was told before in this mock and centres on the same
    /// judgment again, the probe an interviewer would answer it with.
    pub(super) fn retold_probe(
        &mut self,
        story: Option<i64>,
        critique: &Critique,
        probes: &[Probe],
        seed: u64,
    ) -> Option<Probe> {
        let id = story?;
        let foci = foci_of(critique);
        let again = self
            .told
            .iter()
            .any(|(s, f)| *s == id && same_judgment(f, &foci));
        self.told.push((id, foci));
        if !again {
            return None;
        }
        let fresh: Vec<&Probe> = probes
            .iter()
            .filter(|p| p.gap == "retold" && !self.asked_probes.contains(&p.id))
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        Some(fresh.choose(&mut rng).map_or_else(
            || Probe {
                id: format!("retold-{}", self.asked_probes.len()),
                gap: "retold".into(),
                text: RETOLD_FALLBACK.into(),
            },
            |p| (*p).clone(),
        ))
    }
}
