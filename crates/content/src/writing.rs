//! The writing assessment as data: the prompts a candidate writes a narrative to
//! (`[[writing_prompt]]`) and the phrase lists the narrative critic reads a narrative by
//! (`[narrative]`). Both live in `writing.toml` of the Amazon pack (format: `docs/pack-format.md`).

use serde::{Deserialize, Serialize};

/// The kinds a writing prompt may be (what the narrative has to be about).
pub const WRITING_KINDS: [&str; 14] = [
    "invention",
    "judgment",
    "customer",
    "disagreement",
    "failure",
    "simplification",
    "ownership",
    "deadline",
    "bar-raising",
    "dive-deep",
    "think-big",
    "frugality",
    "trust",
    "mechanism",
];

/// The id prefix every writing prompt takes (`w-invention`).
pub const WRITING_ID_PREFIX: &str = "w-";

/// One prompt of the writing assessment: the question a candidate answers with a narrative of about
/// two pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WritingPrompt {
    /// Stable id, `w-` and lowercase words joined by hyphens (`w-invention`).
    pub id: String,
    /// A short title, at most 80 characters ("The most inventive thing you built").
    pub title: String,
    /// The prompt as the candidate receives it (one to three sentences).
    pub text: String,
    /// What the narrative has to be about: one of [`WRITING_KINDS`].
    pub kind: String,
    /// One to three principle ids of the pack the prompt probes.
    pub principles: Vec<String>,
    /// Lowercase phrases whose presence shows a narrative answers this prompt (the critic matches
    /// them on word stems).
    pub asks: Vec<String>,
    /// One paragraph: what a strong narrative on this prompt covers.
    pub guidance: String,
    /// Minutes the timed attempt takes (10 to 240; 60 when not given).
    #[serde(default = "default_writing_minutes")]
    pub minutes: u32,
}

fn default_writing_minutes() -> u32 {
    60
}

/// Phrase lists the narrative critic reads a written narrative by. Every list is lowercase except
/// `acronyms`, which holds acronyms as they are written. Overlays add phrases to the base pack's lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NarrativeLexicon {
    /// Vague quantities and intensifiers that stand in for a figure ("very", "many", "a number of").
    pub weasel: Vec<String>,
    /// Phrases that soften a claim the writer should own ("i think", "perhaps", "sort of").
    pub hedges: Vec<String>,
    /// Business jargon a plain word says better ("synergy", "move the needle").
    pub jargon: Vec<String>,
    /// Acronyms a reader knows without a definition, upper case as written ("AWS", "API", "Q3").
    pub acronyms: Vec<String>,
    /// Words ending in -ly that are not adverbs ("only", "early", "supply", "family").
    pub not_adverbs: Vec<String>,
    /// Phrases that open a lesson ("i learned", "next time", "in hindsight").
    pub lesson: Vec<String>,
    /// Phrases that name an option weighed against the one chosen ("instead of", "we considered").
    pub alternatives: Vec<String>,
    /// Words of the trade never called misspelled ("runbook", "workstream", "postmortem").
    pub vocabulary: Vec<String>,
    /// Words that say a figure moved, read beside a number as an outcome ("fell", "down from").
    pub outcome: Vec<String>,
}

impl NarrativeLexicon {
    /// Every list with its name, in declaration order.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 9] {
        [
            ("weasel", &self.weasel),
            ("hedges", &self.hedges),
            ("jargon", &self.jargon),
            ("acronyms", &self.acronyms),
            ("not_adverbs", &self.not_adverbs),
            ("lesson", &self.lesson),
            ("alternatives", &self.alternatives),
            ("vocabulary", &self.vocabulary),
            ("outcome", &self.outcome),
        ]
    }

    fn lists_mut(&mut self) -> [(&'static str, &mut Vec<String>); 9] {
        [
            ("weasel", &mut self.weasel),
            ("hedges", &mut self.hedges),
            ("jargon", &mut self.jargon),
            ("acronyms", &mut self.acronyms),
            ("not_adverbs", &mut self.not_adverbs),
            ("lesson", &mut self.lesson),
            ("alternatives", &mut self.alternatives),
            ("vocabulary", &mut self.vocabulary),
            ("outcome", &mut self.outcome),
        ]
    }

    /// Adds another lexicon's phrases to this one's lists, as the critic reads them: single spaces,
    /// lowercase (acronyms keep their case), no empty or repeated phrase.
    pub fn extend(&mut self, other: &NarrativeLexicon) {
        for ((name, mine), (_, add)) in self.lists_mut().into_iter().zip(other.lists()) {
            for phrase in add {
                let p = normalise(name, phrase);
                if !p.is_empty() && !mine.contains(&p) {
                    mine.push(p);
                }
            }
        }
    }
}

/// A phrase as the list `list` keeps it.
fn normalise(list: &str, phrase: &str) -> String {
    let p = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
    if list == "acronyms" {
        p
    } else {
        p.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_normalises_and_skips_repeats() {
        let mut base = NarrativeLexicon {
            hedges: vec!["i think".to_string()],
            ..NarrativeLexicon::default()
        };
        let add = NarrativeLexicon {
            hedges: vec![
                "I  Think".to_string(),
                "Perhaps".to_string(),
                " ".to_string(),
            ],
            acronyms: vec!["AWS".to_string(), "AWS".to_string()],
            ..NarrativeLexicon::default()
        };
        base.extend(&add);
        assert_eq!(base.hedges, ["i think", "perhaps"]);
        assert_eq!(base.acronyms, ["AWS"]);
    }
}
