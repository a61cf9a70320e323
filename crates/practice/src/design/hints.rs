//! Hints on demand: for the phase being worked on, the next one of the prompt's own points the
//! candidate has not been shown yet (its clarifying questions, scale figures, components,
//! trade-offs, deep-dive candidates, failure modes, monitoring). An own prompt has no such data and
//! gets the general questions an interviewer would expect asked in each phase.

use serde::Serialize;
use tpmprep_content::Prompt;

/// A hint to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// What sort of hint (`clarifying`, `scale`, `component`, `trade-off`, `deep-dive`,
    /// `failure-mode`, `monitoring`, `general`).
    pub kind: &'static str,
    /// Its text.
    pub text: String,
}

/// The general hints per phase for an own prompt.
const GENERAL: [(&str, &[&str]); 5] = [
    (
        "clarify",
        &[
            "Who uses it, and how many of them a day? Turn that into requests per second at the peak.",
            "Which operations matter most, reads or writes, and in what ratio?",
            "How fresh must the data be, and what is the latency target for the main call?",
            "What must never be lost or wrong, and what may be approximate?",
        ],
    ),
    (
        "high-level",
        &[
            "Name the path of one request end to end: client, API, service, storage.",
            "What is the data model: the main entities, their keys and how they are read?",
            "Which parts are stateless and can be scaled by adding machines?",
        ],
    ),
    (
        "trade-offs",
        &[
            "SQL or key-value for the main store: what does each make easy, and which access pattern decides?",
            "Strong or eventual consistency: where does the user notice the difference?",
            "Build or use a managed service: compare time to launch, cost and control.",
            "Push or pull for updates: what does each cost at the scale you estimated?",
        ],
    ),
    (
        "deep-dive",
        &[
            "What breaks first at ten times the load, and how would you know before users do?",
            "What happens when a dependency times out: retry, fall back, or fail?",
            "Where could a retry apply the same write twice, and what makes it idempotent?",
        ],
    ),
    (
        "wrap-up",
        &[
            "Which three metrics and alarms would you watch on launch day?",
            "How does the design scale to ten times the users, and what does that cost?",
            "Who may read and change the data, and how is it protected?",
        ],
    ),
];

/// The hints a phase offers, in order.
pub fn hints_for(prompt: Option<&Prompt>, phase: &str) -> Vec<Hint> {
    let Some(p) = prompt else {
        return GENERAL
            .iter()
            .find(|(k, _)| *k == phase)
            .map(|(_, list)| {
                list.iter()
                    .map(|t| Hint {
                        kind: "general",
                        text: (*t).to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
    };
    let lists: Vec<(&'static str, &Vec<String>)> = match phase {
        "clarify" => vec![("clarifying", &p.clarifying), ("scale", &p.scale)],
        "high-level" => vec![("component", &p.components)],
        "trade-offs" => vec![("trade-off", &p.trade_offs)],
        "deep-dive" => vec![
            ("deep-dive", &p.deep_dives),
            ("failure-mode", &p.failure_modes),
        ],
        "wrap-up" => vec![("monitoring", &p.monitoring)],
        _ => Vec::new(),
    };
    lists
        .into_iter()
        .flat_map(|(kind, list)| {
            list.iter().map(move |t| Hint {
                kind,
                text: t.clone(),
            })
        })
        .collect()
}

/// The next hint for a phase that is not among those `used` (by text), if any is left.
pub fn next_hint(prompt: Option<&Prompt>, phase: &str, used: &[&str]) -> Option<Hint> {
    hints_for(prompt, phase)
        .into_iter()
        .find(|h| !used.contains(&h.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_prompts_get_general_hints_one_at_a_time_until_none_is_left() {
        let first = next_hint(None, "clarify", &[]).expect("a hint");
        assert_eq!(first.kind, "general");
        let mut used = vec![first.text.clone()];
        while let Some(h) = next_hint(
            None,
            "clarify",
            &used.iter().map(String::as_str).collect::<Vec<_>>(),
        ) {
            assert!(!used.contains(&h.text));
            used.push(h.text);
        }
        assert_eq!(used.len(), 4);
        assert!(next_hint(None, "no-such-phase", &[]).is_none());
    }

    #[test]
    fn a_pack_prompt_gives_its_own_points_phase_by_phase() {
        let pack = tpmprep_content::embedded_pack().expect("pack");
        let p = pack.prompts.first().expect("a prompt");
        let h = next_hint(Some(p), "trade-offs", &[]).expect("a trade-off");
        assert_eq!(h.kind, "trade-off");
        assert_eq!(h.text, p.trade_offs[0]);
        let clarify = hints_for(Some(p), "clarify");
        assert_eq!(clarify.len(), p.clarifying.len() + p.scale.len());
        assert_eq!(clarify.last().map(|h| h.kind), Some("scale"));
    }
}
