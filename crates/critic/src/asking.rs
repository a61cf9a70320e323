//! How a question asks: for a story of something done, a technical explanation or a design, and
//! which of its words are its subject. The words are the pack's (`[lexicon.reading]`).

use std::collections::HashSet;

use tpmprep_content::Reading;

use crate::QuestionView;

/// The pack's question-reading lists, compiled once.
pub(crate) struct Asking {
    /// Words a question uses about itself, not its subject.
    talk: HashSet<String>,
    story: Vec<String>,
    story_weak: Vec<String>,
    technical: Vec<String>,
    design: Vec<String>,
    /// Phrases that ask for an explanation to a listener without a technical background.
    plain: Vec<String>,
}

/// The first five letters of a topic word: what an answer must contain to share it ("deliver"
/// for "delivery", "deliveries", "delivered").
pub(crate) fn topic_cut(w: &str) -> String {
    w.chars().take(5).collect()
}

impl Asking {
    pub(crate) fn new(r: &Reading) -> Asking {
        let lower = |v: &[String]| v.iter().map(|p| p.to_lowercase()).collect::<Vec<_>>();
        Asking {
            talk: r.question_talk.iter().map(|w| w.to_lowercase()).collect(),
            story: lower(&r.story_questions),
            story_weak: lower(&r.story_questions_weak),
            technical: lower(&r.technical_questions),
            plain: lower(&r.plain_audience),
            design: lower(&r.design_questions),
        }
    }

    /// The subject words of a question: its longer words that are not question talk, cut to their
    /// first five letters so that "notification" finds "notify" and "limiter" finds "limits".
    pub(crate) fn topic_words(&self, q: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // "package-tracking" is two subject words: an answer about "tracking" shares one.
        for w in q
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 4 && !self.talk.contains(w.as_str()))
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        {
            if !out.iter().any(|o| topic_cut(o) == topic_cut(&w)) {
                out.push(w);
            }
        }
        out
    }

    /// Does the question ask for the explanation to someone without a technical background
    /// ("Explain eventual consistency to a non-technical business leader")?
    pub(crate) fn plain_audience(&self, question: &str) -> bool {
        let lower = question.to_lowercase();
        self.plain.iter().any(|p| lower.contains(p.as_str()))
    }

    fn technical(&self, lower: &str) -> bool {
        self.technical.iter().any(|c| lower.contains(c.as_str()))
    }

    /// Does the question ask for a story of something done ("Tell me about a time…", "Describe
    /// an incident you drove…")? Such a question is never judged as a design, whatever its topic.
    /// "Give an example" after a technical question asks for an example of the technique.
    fn asks_for_story(&self, lower: &str) -> bool {
        let has = |list: &[String]| list.iter().any(|c| lower.contains(c.as_str()));
        has(&self.story) || has(&self.story_weak) && !self.technical(lower)
    }

    /// A pack question's own kind decides design versus behavioural; a free-text question's words
    /// do where they are plain ("Design a…", "What is the difference between…", "Tell me about a
    /// time…").
    pub(crate) fn kind_from_pack(&self, kind: &str, text: &str, v: &mut QuestionView) {
        let lower = text.to_lowercase().replace('’', "'");
        let story = matches!(kind, "behavioural" | "recruiter" | "communication")
            || kind.is_empty() && self.asks_for_story(&lower);
        if story {
            // The kind model may hear a technical topic; the question still asks what you did.
            v.kinds.retain(|k| k != "design" && k != "technical");
            if v.kind == "design" || v.kind == "technical" {
                v.kind = v.kinds.first().cloned().unwrap_or_else(|| "general".into());
            }
            if v.kinds.is_empty() {
                v.kinds.push(v.kind.clone());
            }
            return;
        }
        let k = match kind {
            "system-design" => "design",
            "technical" => "technical",
            "" if lower.starts_with("design ")
                || self.design.iter().any(|c| lower.contains(c.as_str())) =>
            {
                "design"
            }
            "" if self.technical(&lower) => "technical",
            _ => return,
        };
        v.kind = k.to_string();
        if !v.kinds.iter().any(|x| x == k) {
            v.kinds.insert(0, k.to_string());
        }
    }
}
