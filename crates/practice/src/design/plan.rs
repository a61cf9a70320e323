//! A design session's plan: the prompt practised and its timed phases.

use serde::{Deserialize, Serialize};
use tpmprep_content::Prompt;

/// One phase of a session as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// Stable key (`clarify`, `high-level`, `trade-offs`, `deep-dive`, `wrap-up`).
    pub key: String,
    /// Its title.
    pub title: String,
    /// The time budget in seconds.
    pub seconds: u32,
    /// What to do in it, one line.
    pub aim: String,
}

/// The default phases of a 45-minute interview: key, title, minutes, aim.
pub const DEFAULT_PHASES: [(&str, &str, u32, &str); 5] = [
    (
        "clarify",
        "Clarify",
        5,
        "Ask about users, scale and constraints; state your assumptions with numbers (users, QPS, data size, freshness).",
    ),
    (
        "high-level",
        "High-level design",
        10,
        "Sketch the main components and how data flows between them; name the data model.",
    ),
    (
        "trade-offs",
        "Trade-offs",
        10,
        "Compare at least two options for the key choices and say why you pick one.",
    ),
    (
        "deep-dive",
        "Deep dive",
        15,
        "Go deep on one or two components: bottlenecks, failure modes and fallbacks.",
    ),
    (
        "wrap-up",
        "Wrap-up",
        5,
        "Close with monitoring and alarms, how it scales to 10×, security and cost.",
    ),
];

/// The longest a phase may be planned for, in minutes.
pub const MAX_PHASE_MINUTES: f64 = 120.0;

/// The plan of one session (stored whole as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// The pack prompt practised, if any.
    pub prompt_id: Option<String>,
    /// The title shown in lists.
    pub title: String,
    /// The prompt as the candidate reads it.
    pub prompt_text: String,
    /// The phases in order.
    pub phases: Vec<Phase>,
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// The minutes scale is not a positive number up to 4.
    #[error("--minutes-scale must be a number above 0 and at most 4 (got {0})")]
    BadScale(String),
    /// A `--phases` entry that cannot be read.
    #[error(
        "phase minutes `{entry}`: {why} (write e.g. clarify=5,high-level=10,trade-offs=10,deep-dive=15,wrap-up=5)"
    )]
    BadPhase {
        /// The entry as given.
        entry: String,
        /// What is wrong with it.
        why: String,
    },
    /// An own prompt that is empty or too long.
    #[error("the prompt text {0}")]
    BadText(String),
}

/// The most characters an own prompt may have.
pub const MAX_PROMPT_CHARS: usize = 4000;

impl Setup {
    /// The plan for a pack prompt or an own prompt (`text`), with the default phases scaled by
    /// `scale` and any minutes given per phase in `minutes` (`key=minutes`, comma-separated).
    pub fn new(
        prompt: Option<&Prompt>,
        text: Option<&str>,
        scale: f64,
        minutes: Option<&str>,
    ) -> Result<Self, SetupError> {
        if !(scale.is_finite() && scale > 0.0 && scale <= 4.0) {
            return Err(SetupError::BadScale(scale.to_string()));
        }
        let mut phases: Vec<Phase> = DEFAULT_PHASES
            .iter()
            .map(|(key, title, min, aim)| Phase {
                key: (*key).into(),
                title: (*title).into(),
                seconds: seconds_of(f64::from(*min) * scale),
                aim: (*aim).into(),
            })
            .collect();
        if let Some(spec) = minutes.map(str::trim).filter(|s| !s.is_empty()) {
            for entry in spec.split(',') {
                let bad = |why: &str| SetupError::BadPhase {
                    entry: entry.trim().chars().take(60).collect(),
                    why: why.into(),
                };
                let (key, value) = entry.split_once('=').ok_or_else(|| bad("no `=`"))?;
                let key = key.trim();
                let phase = phases.iter_mut().find(|p| p.key == key).ok_or_else(|| {
                    bad(&format!(
                        "no phase `{key}` (phases: {})",
                        DEFAULT_PHASES.map(|p| p.0).join(", ")
                    ))
                })?;
                let min: f64 = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|m: &f64| m.is_finite() && *m > 0.0 && *m <= MAX_PHASE_MINUTES)
                    .ok_or_else(|| bad("minutes must be a number above 0 and at most 120"))?;
                phase.seconds = seconds_of(min);
            }
        }
        let (prompt_id, title, prompt_text) = match (prompt, text) {
            (Some(p), _) => (Some(p.id.clone()), p.title.clone(), p.prompt.clone()),
            (None, Some(t)) => {
                let t = t.trim();
                if t.is_empty() {
                    return Err(SetupError::BadText("is empty".into()));
                }
                if t.chars().count() > MAX_PROMPT_CHARS {
                    return Err(SetupError::BadText(format!(
                        "has {} characters; at most {MAX_PROMPT_CHARS}",
                        t.chars().count()
                    )));
                }
                (None, title_of(t), t.to_string())
            }
            (None, None) => return Err(SetupError::BadText("is missing".into())),
        };
        Ok(Self {
            prompt_id,
            title,
            prompt_text,
            phases,
        })
    }

    /// The whole planned time in seconds.
    pub fn total_seconds(&self) -> u32 {
        self.phases.iter().map(|p| p.seconds).sum()
    }

    /// The index of the phase with this key.
    pub fn phase_index(&self, key: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.key == key)
    }
}

fn seconds_of(minutes: f64) -> u32 {
    // At least ten seconds, so a tiny scale still gives a phase a visible timer.
    ((minutes * 60.0).round() as u32).max(10)
}

/// An own prompt's title: its first sentence or first eight words, at most 80 characters.
pub fn title_of(text: &str) -> String {
    let first = text
        .split(['.', '?', '!', '\n'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(text);
    let words: Vec<&str> = first.split_whitespace().collect();
    let mut title = words.iter().take(8).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 8 {
        title.push('…');
    }
    if title.chars().count() > 80 {
        title = title.chars().take(79).collect::<String>() + "…";
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_is_forty_five_minutes_in_five_phases() {
        let s = Setup::new(None, Some("Design a URL shortener."), 1.0, None).expect("plan");
        let minutes: Vec<u32> = s.phases.iter().map(|p| p.seconds / 60).collect();
        assert_eq!(minutes, [5, 10, 10, 15, 5]);
        assert_eq!(s.total_seconds(), 45 * 60);
        assert_eq!(s.title, "Design a URL shortener");
        assert_eq!(s.prompt_id, None);
    }

    #[test]
    fn minutes_are_scaled_and_set_per_phase() {
        let s = Setup::new(None, Some("x"), 0.5, Some("deep-dive=20, wrap-up=2.5")).expect("plan");
        let secs: Vec<u32> = s.phases.iter().map(|p| p.seconds).collect();
        assert_eq!(secs, [150, 300, 300, 1200, 150]);
    }

    #[test]
    fn bad_plans_say_what_is_wrong() {
        let e = Setup::new(None, Some("x"), 0.0, None).expect_err("refused");
        assert!(e.to_string().contains("above 0"), "{e}");
        let e = Setup::new(None, Some("x"), 1.0, Some("deepdive=3")).expect_err("refused");
        assert!(e.to_string().contains("no phase `deepdive`"), "{e}");
        let e = Setup::new(None, Some("x"), 1.0, Some("clarify=0")).expect_err("refused");
        assert!(e.to_string().contains("above 0"), "{e}");
        let e = Setup::new(None, Some("x"), 1.0, Some("clarify")).expect_err("refused");
        assert!(e.to_string().contains("no `=`"), "{e}");
        let e = Setup::new(None, Some("   "), 1.0, None).expect_err("refused");
        assert_eq!(e.to_string(), "the prompt text is empty");
        let long = "a ".repeat(MAX_PROMPT_CHARS);
        assert!(Setup::new(None, Some(&long), 1.0, None).is_err());
    }

    #[test]
    fn a_long_first_sentence_gives_a_short_title() {
        assert_eq!(
            title_of("Design the backend of a global chat app with presence and history for teams"),
            "Design the backend of a global chat app…"
        );
    }
}
