//! A STAR story and the structured facts interviewers probe.

use serde::{Deserialize, Serialize};

/// Longest free-text field accepted, in characters.
pub const MAX_FIELD_CHARS: usize = 20_000;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest short field (tag, team, unit, partner name...), in characters.
pub const MAX_SHORT_CHARS: usize = 300;
/// Most items in any list field.
pub const MAX_ITEMS: usize = 100;
/// Largest Markdown story file accepted for import or editing, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Largest JSON file accepted for import, in bytes: a whole bank's export (`story export --format
/// json` writes one file; 10,000 stories are about 15 MB), so it gets more room than one story.
pub const MAX_JSON_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Where a story stands.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written; does not count toward coverage.
    #[default]
    Draft,
    /// Rehearsed and ready to tell.
    Ready,
    /// Kept for history; not offered any more.
    Retired,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 3] = [Status::Draft, Status::Ready, Status::Retired];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Retired => "retired",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown status `{s}` (valid: draft, ready, retired)"))
    }
}

/// Evidence of owning the outcome beyond the launch.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Artifact {
    /// A post-mortem or correction-of-error document you wrote.
    PostMortem,
    /// A rollback plan prepared before the change.
    RollbackPlan,
    /// An ownership hand-off to the team that runs it next.
    HandOff,
    /// A runbook for operating what you shipped.
    Runbook,
    /// A design or decision document you authored.
    DesignDoc,
}

impl Artifact {
    /// Every artifact kind.
    pub const ALL: [Artifact; 5] = [
        Artifact::PostMortem,
        Artifact::RollbackPlan,
        Artifact::HandOff,
        Artifact::Runbook,
        Artifact::DesignDoc,
    ];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Artifact::PostMortem => "post-mortem",
            Artifact::RollbackPlan => "rollback-plan",
            Artifact::HandOff => "hand-off",
            Artifact::Runbook => "runbook",
            Artifact::DesignDoc => "design-doc",
        }
    }
}

/// A number the story moved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// The headline value, e.g. `40`.
    pub value: f64,
    /// Its unit, e.g. `%`, `ms`, `USD`.
    #[serde(default)]
    pub unit: String,
    /// What it measures, e.g. `checkout p99 latency reduction`.
    #[serde(default)]
    pub measures: String,
    /// Value before, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<f64>,
    /// Value after, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<f64>,
}

/// Someone you worked with, named.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Name (or initials).
    pub name: String,
    /// Their role, e.g. `engineering manager, payments`.
    #[serde(default)]
    pub role: String,
}

/// The content of a story: everything the user writes. One revision holds one `StoryContent`.
///
/// Field order is the order of the Markdown front matter and of the JSON export.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct StoryContent {
    /// A short name you would recognise it by.
    pub title: String,
    /// draft / ready / retired.
    #[serde(default)]
    pub status: Status,
    /// Principle ids this story evidences (user-tagged).
    #[serde(default)]
    pub principles: Vec<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Your role at the time.
    #[serde(default)]
    pub role: String,
    /// When it happened, e.g. `2023 Q2–Q4`.
    #[serde(default)]
    pub period: String,
    /// Teams and orgs involved.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Partners named.
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// Numbers the story moved.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// The trade-off you made and what you gave up.
    #[serde(default)]
    pub trade_off: String,
    /// Who disagreed and how you handled it.
    #[serde(default)]
    pub dissent: String,
    /// What you would do differently.
    #[serde(default)]
    pub differently: String,
    /// Ownership artifacts you produced.
    #[serde(default)]
    pub artifacts: Vec<Artifact>,
    /// STAR: the situation.
    #[serde(default)]
    pub situation: String,
    /// STAR: your task.
    #[serde(default)]
    pub task: String,
    /// STAR: what you did.
    #[serde(default)]
    pub action: String,
    /// STAR: what came of it.
    #[serde(default)]
    pub result: String,
}

/// Normalises free text: CRLF → LF, no surrounding whitespace.
pub fn normalize_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// Normalises a one-line value: whitespace runs (including newlines) become one space and control
/// characters are dropped.
pub fn normalize_line(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn normalize_list(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let v = normalize_line(&item);
        if !v.is_empty() && seen.insert(v.clone()) {
            out.push(v);
        }
    }
    *items = out;
}

impl StoryContent {
    /// The free-text field named `field` (`title`, `role`, `period`, the four sections, `trade_off`,
    /// `dissent`, `differently`), for code that sets fields by name (a form, a merge).
    pub fn text_mut(&mut self, field: &str) -> Option<&mut String> {
        Some(match field {
            "title" => &mut self.title,
            "role" => &mut self.role,
            "period" => &mut self.period,
            "situation" => &mut self.situation,
            "task" => &mut self.task,
            "action" => &mut self.action,
            "result" => &mut self.result,
            "trade_off" => &mut self.trade_off,
            "dissent" => &mut self.dissent,
            "differently" => &mut self.differently,
            _ => return None,
        })
    }

    /// Puts the content in the canonical form it is stored in. Saving, exporting and importing a
    /// normalised story changes nothing.
    pub fn normalize(&mut self) {
        self.title = normalize_line(&self.title);
        normalize_list(&mut self.principles);
        normalize_list(&mut self.tags);
        self.role = normalize_line(&self.role);
        self.period = normalize_line(&self.period);
        normalize_list(&mut self.teams);
        for p in &mut self.partners {
            p.name = normalize_line(&p.name);
            p.role = normalize_line(&p.role);
        }
        self.partners
            .retain(|p| !p.name.is_empty() || !p.role.is_empty());
        for m in &mut self.metrics {
            m.unit = normalize_line(&m.unit);
            m.measures = normalize_line(&m.measures);
        }
        for field in [
            &mut self.trade_off,
            &mut self.dissent,
            &mut self.differently,
            &mut self.situation,
            &mut self.task,
            &mut self.action,
            &mut self.result,
        ] {
            *field = normalize_text(field);
        }
        let mut seen = std::collections::HashSet::new();
        self.artifacts.retain(|a| seen.insert(*a));
    }

    /// The canonical form (see [`StoryContent::normalize`]).
    pub fn normalized(mut self) -> StoryContent {
        self.normalize();
        self
    }

    /// The four STAR sections, in order, with their names.
    pub fn sections(&self) -> [(&'static str, &str); 4] {
        [
            ("Situation", &self.situation),
            ("Task", &self.task),
            ("Action", &self.action),
            ("Result", &self.result),
        ]
    }

    /// Word count of the STAR sections.
    pub fn words(&self) -> usize {
        self.sections()
            .iter()
            .map(|(_, t)| t.split_whitespace().count())
            .sum()
    }

    /// Whether nothing has been written yet: no title, no text, no list item and no fact (the status
    /// alone is not content). Such a story is never created.
    pub fn is_blank(&self) -> bool {
        let mut c = self.clone();
        c.status = Status::default();
        c.normalize();
        c == StoryContent::default()
    }

    /// Whether any STAR section holds text: a story without it has no answer to critique, so it
    /// has no score.
    pub fn has_star_text(&self) -> bool {
        self.sections().iter().any(|(_, t)| !t.trim().is_empty())
    }
}

#[cfg(test)]
mod blank_tests {
    use super::*;

    #[test]
    fn only_a_story_with_nothing_written_is_blank() {
        assert!(StoryContent::default().is_blank());
        let ready = StoryContent {
            status: Status::Ready,
            title: "  ".into(),
            ..StoryContent::default()
        };
        assert!(ready.is_blank(), "status and whitespace are not content");
        for c in [
            StoryContent {
                title: "T".into(),
                ..StoryContent::default()
            },
            StoryContent {
                task: "I had to".into(),
                ..StoryContent::default()
            },
            StoryContent {
                principles: vec!["ownership".into()],
                ..StoryContent::default()
            },
        ] {
            assert!(!c.is_blank(), "{c:?}");
        }
    }

    #[test]
    fn star_text_is_any_star_section() {
        let titled = StoryContent {
            title: "Untitled story".into(),
            trade_off: "speed for scope".into(),
            ..StoryContent::default()
        };
        assert!(!titled.has_star_text());
        let told = StoryContent {
            result: "p99 fell".into(),
            ..titled
        };
        assert!(told.has_star_text());
    }
}
