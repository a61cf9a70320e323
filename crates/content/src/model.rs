//! The data model of a knowledge pack: what every other crate reads.
//!
//! These types are both the TOML schema (see `docs/pack-format.md`) and the stable JSON shape printed
//! by `--json`. Field names are part of that contract: add fields, never rename them.

use serde::{Deserialize, Serialize};

/// A whole, validated knowledge pack.
#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    /// The manifest (`pack.toml`) of the base pack.
    pub manifest: Manifest,
    /// Ids of the overlay packs merged on top of the base, in order.
    pub overlays: Vec<String>,
    /// The principles interviewers score against, in the pack's order.
    pub principles: Vec<Principle>,
    /// Who interviews.
    pub roles: Vec<Role>,
    /// The hiring process, sorted by `order`.
    pub stages: Vec<Stage>,
    /// Named shapes of the interview process.
    pub formats: Vec<Format>,
    /// What the interview judges.
    pub competencies: Vec<Competency>,
    /// The question bank.
    pub questions: Vec<Question>,
    /// System-design prompts.
    pub prompts: Vec<Prompt>,
    /// Weak → strong example pairs.
    pub examples: Vec<Example>,
    /// Questions the candidate can ask interviewers.
    pub ask: Vec<Ask>,
    /// Follow-up probes an interviewer asks when an answer lacks a signal.
    pub probes: Vec<Probe>,
    /// Replies that dodge a follow-up ("i would ask the team", "not sure"), lowercase: a follow-up
    /// answer that is little more than one of these does not answer it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deflections: Vec<String>,
    /// Phrases the critic listens for.
    pub lexicon: Lexicon,
    /// Learned models (`models/*.model`), by file stem; not part of the `--json` shape.
    #[serde(skip)]
    pub models: crate::learned::Models,
    /// Prompts of the writing assessment (`[[writing_prompt]]`).
    pub writing_prompts: Vec<crate::writing::WritingPrompt>,
    /// Phrases the narrative critic reads a written narrative by (`[narrative]`).
    pub narrative: crate::writing::NarrativeLexicon,
}

/// The manifest of a pack (`pack.toml`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Pack id, e.g. `amazon-tpm`.
    pub id: String,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Company the pack prepares for.
    #[serde(default)]
    pub company: String,
    /// Content version.
    #[serde(default)]
    pub version: String,
    /// One-paragraph description.
    #[serde(default)]
    pub description: String,
    /// Id of the format used when the user names none.
    #[serde(default)]
    pub default_format: String,
    /// For overlay packs: the id of the pack this one extends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Minimum counts the pack must reach.
    #[serde(default)]
    pub minimums: Minimums,
}

/// Minimum counts a complete pack must reach; missing keys take the Amazon TPM pack's bar.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Minimums {
    /// Questions in the bank, all kinds.
    pub questions: usize,
    /// Behavioural questions that name each principle.
    pub behavioural_per_principle: usize,
    /// Technical questions.
    pub technical: usize,
    /// Program-management questions.
    pub program_management: usize,
    /// System-design prompts.
    pub prompts: usize,
    /// Weak → strong example pairs.
    pub examples: usize,
    /// Questions to ask interviewers.
    pub ask: usize,
    /// Writing-assessment prompts. Unlike the others this key defaults to 0, so packs written before
    /// it existed still load; the Amazon pack sets 12.
    pub writing_prompts: usize,
}

impl Default for Minimums {
    fn default() -> Self {
        Minimums {
            questions: 300,
            behavioural_per_principle: 12,
            technical: 40,
            program_management: 25,
            prompts: 25,
            examples: 12,
            ask: 30,
            writing_prompts: 0,
        }
    }
}

/// One leadership principle.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Stable id, e.g. `customer-obsession`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// At most 40 words.
    pub summary: String,
    /// What interviewers probe (3–5).
    pub probes: Vec<String>,
    /// Signals of a strong answer.
    pub strong_signals: Vec<String>,
    /// Common pitfalls (2–3).
    pub pitfalls: Vec<String>,
    /// Year the principle was added, when it is newer than the original list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<u16>,
    /// Phrases whose presence in an answer is evidence of this principle (lowercase; matched on word
    /// boundaries, case-insensitively).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    /// Words a question uses to name this principle outright ("dive deep", "innovated"): they
    /// rank a free-text question; an answer's principles are read from `cues` and what it shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub question_cues: Vec<String>,
    /// Every mock plan gives this principle an interviewer, as real loops always assess it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub always_assessed: bool,
    /// A system-design or technical answer can show this principle, so a design interviewer may
    /// be given it and a design question may rate it. A principle without it is rated only from
    /// the other kinds of question.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown_in_design: bool,
}

/// Someone who interviews.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id, e.g. `bar-raiser`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What this interviewer does in the process.
    pub description: String,
}

/// One stage of the hiring process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id, e.g. `phone-screen`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Position in the process.
    pub order: u32,
    /// How long it takes, in words.
    pub duration: String,
    /// Whether candidates may skip it.
    #[serde(default)]
    pub optional: bool,
    /// Role ids of who interviews.
    #[serde(default)]
    pub interviewers: Vec<String>,
    /// What is judged.
    pub assesses: Vec<String>,
    /// Extra notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A named shape of the interview process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// Stable id, e.g. `amazon-jobs`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Where this shape comes from and when to pick it.
    pub summary: String,
    /// The interviews, in order (`[[format.interview]]` in TOML, `interviews` in JSON).
    #[serde(rename(deserialize = "interview"))]
    pub interviews: Vec<Interview>,
}

impl Format {
    /// Total interview minutes in a stage.
    pub fn minutes_in(&self, stage: &str) -> u32 {
        self.interviews
            .iter()
            .filter(|i| i.stage == stage)
            .map(|i| i.minutes)
            .sum()
    }
}

/// One interview (or section of one) in a format.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    /// Unique within the format.
    pub id: String,
    /// Stage id.
    pub stage: String,
    /// Display title.
    pub title: String,
    /// Role id of the interviewer.
    pub role: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Question kinds drawn in this interview.
    pub kinds: Vec<Kind>,
    /// Principle ids assigned to this interviewer.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Whether this interviewer is the bar raiser.
    #[serde(default)]
    pub bar_raiser: bool,
    /// What the interviewer listens for.
    pub focus: String,
}

/// A competency area.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// Stable id, e.g. `system-design`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the area covers.
    pub summary: String,
    /// What answers in this area are judged on.
    pub judged_on: Vec<String>,
    /// Named objectives within the area.
    #[serde(default, rename = "objective", skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
}

/// A named objective of a competency.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id, e.g. `scalability`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the interviewer checks for.
    pub description: String,
}

/// The kind of a question.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Leadership-principle stories.
    Behavioural,
    /// Running programs.
    ProgramManagement,
    /// Technical depth.
    Technical,
    /// Short-form system design.
    SystemDesign,
    /// Communication and influence.
    Communication,
    /// Recruiter screen.
    Recruiter,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 6] = [
        Kind::Behavioural,
        Kind::ProgramManagement,
        Kind::Technical,
        Kind::SystemDesign,
        Kind::Communication,
        Kind::Recruiter,
    ];

    /// The kebab-case name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Behavioural => "behavioural",
            Kind::ProgramManagement => "program-management",
            Kind::Technical => "technical",
            Kind::SystemDesign => "system-design",
            Kind::Communication => "communication",
            Kind::Recruiter => "recruiter",
        }
    }

    /// The id prefix questions of this kind carry.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Behavioural => "b-",
            Kind::ProgramManagement => "pm-",
            Kind::Technical => "t-",
            Kind::SystemDesign => "sd-",
            Kind::Communication => "c-",
            Kind::Recruiter => "r-",
        }
    }

    /// Whether questions of this kind must carry follow-up probes.
    pub fn needs_follow_ups(self) -> bool {
        matches!(self, Kind::Behavioural | Kind::ProgramManagement)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind `{s}` (valid: {})", all.join(", "))
            })
    }
}

/// The level a question or prompt targets.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum Level {
    /// L5 (TPM).
    L5,
    /// L6 (senior TPM).
    L6,
    /// Asked at both levels.
    #[serde(rename = "both")]
    Both,
}

impl Level {
    /// The level as a person reads it: "L5", "L6", or "L5 and L6" for content asked at both
    /// (the files' `both`, which reads alone as "level both").
    pub fn words(self) -> &'static str {
        match self {
            Level::L5 => "L5",
            Level::L6 => "L6",
            Level::Both => "L5 and L6",
        }
    }

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::L5 => "L5",
            Level::L6 => "L6",
            Level::Both => "both",
        }
    }

    /// Whether content at this level suits a candidate targeting `target`.
    pub fn suits(self, target: Level) -> bool {
        self == Level::Both || target == Level::Both || self == target
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "l5" => Ok(Level::L5),
            "l6" => Ok(Level::L6),
            "both" => Ok(Level::Both),
            _ => Err(format!("unknown level `{s}` (valid: L5, L6, both)")),
        }
    }
}

/// One interview question.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, prefixed by kind.
    pub id: String,
    /// The question as asked.
    pub text: String,
    /// Question kind.
    pub kind: Kind,
    /// Principle ids (1–3), the main one first.
    pub principles: Vec<String>,
    /// Competency id.
    pub competency: String,
    /// Stage ids where it is typically asked.
    pub stages: Vec<String>,
    /// Target level.
    pub level: Level,
    /// Follow-up probes.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// What a strong answer shows.
    pub strong_answer: String,
}

impl Question {
    /// Does every one of `words` (stems, as [`search_words`] gives them) stand for a whole word of the
    /// question's id, text, what a strong answer shows, or its follow-ups? Inflections meet on their
    /// stem ("rollbacks" finds "rollback"). No words match everything.
    pub fn matches(&self, words: &[String]) -> bool {
        if words.is_empty() {
            return true;
        }
        let mut hay = format!("{} {} {}", self.id, self.text, self.strong_answer);
        for f in &self.follow_ups {
            hay.push(' ');
            hay.push_str(f);
        }
        crate::search::text_matches(words, &hay)
    }
}

/// The words of a search as stems, for [`Question::matches`] and [`crate::search::text_matches`].
pub fn search_words(search: &str) -> Vec<String> {
    crate::search::search_words(search)
}

/// A system-design prompt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// Stable id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task as given to the candidate.
    pub prompt: String,
    /// Target level.
    pub level: Level,
    /// Minutes for the exercise.
    #[serde(default = "default_minutes")]
    pub minutes: u32,
    /// Back-of-envelope scale sketch.
    pub scale: Vec<String>,
    /// Clarifying questions to ask.
    pub clarifying: Vec<String>,
    /// Core components.
    pub components: Vec<String>,
    /// Trade-offs to discuss.
    pub trade_offs: Vec<String>,
    /// Deep-dive candidates.
    pub deep_dives: Vec<String>,
    /// What fails and how.
    pub failure_modes: Vec<String>,
    /// What to monitor.
    pub monitoring: Vec<String>,
    /// Objective ids stressed by this prompt.
    #[serde(default)]
    pub objectives: Vec<String>,
}

fn default_minutes() -> u32 {
    45
}

/// A weak → strong answer pair.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Stable id.
    pub id: String,
    /// Short name of the anti-pattern.
    pub anti_pattern: String,
    /// The question answered.
    pub question: String,
    /// The weak answer.
    pub weak: String,
    /// The strong answer.
    pub strong: String,
    /// What the strong version adds.
    pub what_changed: String,
    /// Signals the strong version carries.
    pub signals: Vec<String>,
    /// Principle ids (0–3).
    #[serde(default)]
    pub principles: Vec<String>,
}

/// The gaps a follow-up probe can target: the behavioural ones, `counterfactual`, `retold` and
/// `repeated` (remarks on a story or an answer given again), `pressed` and `pressed-repeat` (said
/// before a follow-up is asked again because the reply dodged it or repeated an earlier answer),
/// then [`DESIGN_GAPS`].
pub const PROBE_GAPS: [&str; 19] = [
    "metrics",
    "trade-off",
    "dissent",
    "capacity",
    "ownership",
    "lesson",
    "customer",
    "decision",
    "scope",
    "counterfactual",
    "retold",
    "repeated",
    "pressed",
    "pressed-repeat",
    "design-scale",
    "design-failure",
    "design-trade-off",
    "design-data",
    "design-requirements",
];

/// The gaps of the follow-ups a system-design or technical question gets (what breaks at ten times
/// the load, how failure is noticed, what a choice traded away, where data is split or cached, what
/// was assumed); a behavioural question never gets them, and a design question gets only them.
pub const DESIGN_GAPS: [&str; 5] = [
    "design-scale",
    "design-failure",
    "design-trade-off",
    "design-data",
    "design-requirements",
];

/// A follow-up an interviewer asks when an answer lacks a signal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// Stable id.
    pub id: String,
    /// The gap it targets (one of [`PROBE_GAPS`]).
    pub gap: String,
    /// The follow-up as an interviewer would ask it.
    pub text: String,
}

/// A question for the candidate to ask an interviewer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    /// Stable id.
    pub id: String,
    /// Role id of the interviewer it suits.
    pub role: String,
    /// The question.
    pub text: String,
    /// What asking it shows.
    pub why: String,
}

impl Pack {
    /// The learned model shipped as `models/<name>.model`, if the pack has one.
    pub fn model(&self, name: &str) -> Option<&crate::learned::LinearModel> {
        self.models.iter().find(|m| m.name == name).map(|m| &**m)
    }
    /// The principle with this id.
    pub fn principle(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }
    /// The name a person reads for principle `id` ("Dive Deep" for `dive-deep`); the id itself
    /// when this pack has no such principle (a story or mock saved under another pack).
    pub fn principle_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.principle(id).map_or(id, |p| p.name.as_str())
    }
    /// The format with this id.
    pub fn format(&self, id: &str) -> Option<&Format> {
        self.formats.iter().find(|f| f.id == id)
    }
    /// The format used when none is named.
    pub fn default_format(&self) -> Option<&Format> {
        self.format(&self.manifest.default_format)
    }
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
    /// The prompt with this id.
    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| p.id == id)
    }
    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
    /// The competency with this id.
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }
    /// The writing prompt with this id.
    pub fn writing_prompt(&self, id: &str) -> Option<&crate::writing::WritingPrompt> {
        self.writing_prompts.iter().find(|w| w.id == id)
    }
}

/// Phrase lists the critic matches in answers (case-insensitive, on word boundaries). Each list names a
/// signal interviewers listen for, or a habit they mark down. A pack (or overlay) may give any subset;
/// overlays add phrases to the base pack's lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Lexicon {
    /// Words that open a situation ("last year", "our team was").
    pub situation: Vec<String>,
    /// Words that state the task or goal ("my goal was", "I was asked to").
    pub task: Vec<String>,
    /// First-person action verbs ("I decided", "I negotiated").
    pub action: Vec<String>,
    /// Words that introduce the result ("as a result", "in the end").
    pub result: Vec<String>,
    /// A decision made ("I decided", "I chose", "I recommended").
    pub decision: Vec<String>,
    /// Alternatives weighed ("instead of", "the other option").
    pub alternatives: Vec<String>,
    /// A trade-off or sacrifice ("gave up", "deferred", "cut scope").
    pub trade_off: Vec<String>,
    /// A decision under incomplete data or a reversible framing ("two-way door", "before we knew").
    pub incomplete_data: Vec<String>,
    /// Someone disagreeing ("pushed back", "objected").
    pub dissent: Vec<String>,
    /// Committing after disagreement ("disagree and commit", "once we decided, I backed").
    pub commitment: Vec<String>,
    /// Ownership artifacts ("post-mortem", "rollback plan", "hand-off", "runbook").
    pub artifacts: Vec<String>,
    /// Owning a mistake ("my mistake", "I underestimated").
    pub mistake: Vec<String>,
    /// A lesson or what you would do differently ("next time", "in hindsight").
    pub lesson: Vec<String>,
    /// Protection of engineering capacity ("on-call", "phased rollout", "deferred low-priority").
    pub capacity: Vec<String>,
    /// The customer named ("customers", "sellers", "drivers").
    pub customer: Vec<String>,
    /// Nouns for teams and orgs ("team", "org", "group").
    pub team: Vec<String>,
    /// Partner roles ("engineering manager", "tech lead", "SDM").
    pub partner_roles: Vec<String>,
    /// Describing duties instead of decisions ("responsible for", "in charge of").
    pub responsibility: Vec<String>,
    /// Vague claims ("improved the experience", "very successful").
    pub vague: Vec<String>,
    /// Process jargon ("agile ceremonies", "stand-ups").
    pub jargon: Vec<String>,
    /// Buzzwords ("synergy", "leverage").
    pub buzzwords: Vec<String>,
    /// Hedges ("I think", "maybe", "kind of").
    pub hedges: Vec<String>,
    /// Fillers ("um", "basically", "you know").
    pub fillers: Vec<String>,
    /// Words that make a number an outcome ("reduced", "from", "to", "saved").
    pub outcome: Vec<String>,
    /// Units that make a number an outcome ("%", "ms", "hours", "$").
    pub units: Vec<String>,
    /// Words that make a number incidental ("team of", "engineers", "version", "years ago").
    pub incidental: Vec<String>,
    /// First-person pronouns ("i", "my", "me").
    pub first_person: Vec<String>,
    /// Collective pronouns ("we", "our", "us").
    pub collective: Vec<String>,
    /// A question about a failure or mistake.
    pub question_failure: Vec<String>,
    /// A question about disagreement or conflict.
    pub question_disagreement: Vec<String>,
    /// A question about customers.
    pub question_customer: Vec<String>,
    /// A question about a deadline or time pressure.
    pub question_deadline: Vec<String>,
    /// Section labels that open the situation (`Situation`, `Context`, `S`).
    pub heading_situation: Vec<String>,
    /// Section labels that open the task (`Task`, `Goal`, `T`).
    pub heading_task: Vec<String>,
    /// Section labels that open the actions (`Action`, `What I did`, `A`).
    pub heading_action: Vec<String>,
    /// Section labels that open the result (`Result`, `Outcome`, `R`).
    pub heading_result: Vec<String>,
    /// Section labels that open the lesson (`Lesson`, `Learnings`, `Reflection`).
    pub heading_lesson: Vec<String>,
    /// What was given up, for the trade-off said in ordinary words ("without", "cut", "delayed").
    pub trade_off_cost: Vec<String>,
    /// What the cost bought, after it in the same sentence ("to keep", "so that", "to protect").
    pub trade_off_gain: Vec<String>,
    /// Verbs of choosing: a first-person subject or a subject-less bullet with one of them is a decision ("chose", "recommended", "deferred").
    pub decision_verbs: Vec<String>,
    /// Design: requirements and assumptions ("requirements", "assume", "read-heavy").
    pub design_requirements: Vec<String>,
    /// Design: named components ("load balancer", "cache", "queue", "database").
    pub design_components: Vec<String>,
    /// Design: what limits or breaks first ("bottleneck", "hot partition", "breaks first").
    pub design_bottleneck: Vec<String>,
    /// Design: failure modes and their handling ("fail open", "retry", "failover").
    pub design_failure: Vec<String>,
    /// Design: monitoring ("alarm", "dashboard", "p99", "metrics").
    pub design_monitoring: Vec<String>,
    /// Design: how it scales ("shard", "partition", "horizontal", "replica").
    pub design_scaling: Vec<String>,
    /// Words that, right after "I", do not make the sentence an action of yours: auxiliaries,
    /// stative and hedging verbs ("was", "think", "would").
    pub non_action: Vec<String>,
    /// What makes a mention of customers a customer signal: their need or problem ("waited",
    /// "complained", "couldn't").
    pub customer_need: Vec<String>,
    /// What makes a first-person sentence a habit or a self-description rather than something done
    /// in the story ("always", "usually", "i'm", "my weakness"): matched exactly, by word.
    #[serde(default)]
    pub habitual: Vec<String>,
    /// Capitalised words that are never a person in a story: tools, services, methods and places
    /// ("Kafka", "Redis", "Jira", "London"). Matched exactly, by word.
    #[serde(default)]
    pub not_names: Vec<String>,
    /// What a choice cost, told after it ("…, which pushed the dashboard back a month",
    /// "delaying reminders by a quarter"): verbs of a price paid, matched by stem.
    #[serde(default)]
    pub trade_off_price: Vec<String>,
    /// What a price is counted in, after the price verb ("a month", "£40,000", "two extra van
    /// routes"): time spans, money and "extra".
    #[serde(default)]
    pub cost_measure: Vec<String>,
    /// Words for the team's load ("on-call", "headcount", "bandwidth"): capacity protected only
    /// in a sentence that also protects it by a `capacity_guard` word, since alone they set a
    /// scene ("the on-call engineers didn't trust us", "headcount was frozen").
    #[serde(default)]
    pub capacity_load: Vec<String>,
    /// What protecting the load is said with, matched by stem: "protect", "cut", "capped",
    /// "freed".
    #[serde(default)]
    pub capacity_guard: Vec<String>,
    /// A company function named alone, counted as a team ("finance signed off"); read exactly.
    #[serde(default)]
    pub org_functions: Vec<String>,
    /// Words the critic reads outside the answer matcher: questions' own wording and the
    /// capitalised function words that are never a name (`[lexicon.reading]`).
    #[serde(default)]
    pub reading: Reading,
    /// Words the design report critic reads a whole written design by (`[lexicon.design_report]`).
    #[serde(default)]
    pub design_report: crate::ReportWords,
}

/// Word lists the critic reads directly rather than through the answer matcher: how a question
/// asks (for a story, an explanation, a design), the words a question uses about itself, and the
/// capitalised words that are never a person. Matched exactly, lowercase; overlays add to them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Reading {
    /// Capitalised words that open sentences or name dates and are never a person ("the", "may",
    /// "monday").
    pub name_stopwords: Vec<String>,
    /// Words a design or technical question uses about itself, not its subject ("design",
    /// "explain", "users"): left out of the question's topic words.
    pub question_talk: Vec<String>,
    /// Phrases by which a question asks for a story of something done ("tell me about a time").
    pub story_questions: Vec<String>,
    /// Phrases that ask for a story unless the question is also technical ("give an example").
    pub story_questions_weak: Vec<String>,
    /// Phrases by which a free-text question asks for a technical explanation ("difference
    /// between", "what happens when").
    pub technical_questions: Vec<String>,
    /// Phrases by which a free-text question asks for a design ("design a ", "how would you
    /// architect"), besides a question that opens with "design ".
    pub design_questions: Vec<String>,
    /// Words right after a figure that make it a design estimate of load or size ("a second",
    /// "qps", "gb", "users"); a duration or a percentage alone is not one.
    pub estimate_units: Vec<String>,
    /// Words that put figures together into an estimate ("that's", "×", "works out").
    pub estimate_working: Vec<String>,
    /// Dissent words that, as written, name something other than a disagreement ("challenges",
    /// "disputes"): matched exactly against the word found.
    pub dissent_not: Vec<String>,
    /// What follows "pushed back" when it means postponed, not objected (" the ", " their ").
    pub dissent_postponed: Vec<String>,
    /// How a sentence opens on the candidate's own contrary view ("i thought", "my view was"):
    /// right after someone else wanted something, a disagreement.
    pub own_view: Vec<String>,
    /// Phrases by which a question asks for an explanation to someone without a technical
    /// background ("non-technical", "to an executive"): jargon then counts against the answer.
    pub plain_audience: Vec<String>,
    /// Phrases that open an analogy ("think of it as", "it's like"): a plain explanation's tool.
    pub analogy: Vec<String>,
    /// Capitalised short forms that are everyday words, not jargon ("US", "OK", "CEO").
    pub everyday_acronyms: Vec<String>,
}

impl Reading {
    fn lists_mut(&mut self) -> [&mut Vec<String>; 14] {
        [
            &mut self.plain_audience,
            &mut self.analogy,
            &mut self.everyday_acronyms,
            &mut self.dissent_not,
            &mut self.own_view,
            &mut self.dissent_postponed,
            &mut self.estimate_units,
            &mut self.estimate_working,
            &mut self.name_stopwords,
            &mut self.question_talk,
            &mut self.story_questions,
            &mut self.story_questions_weak,
            &mut self.technical_questions,
            &mut self.design_questions,
        ]
    }
}

impl Lexicon {
    /// Every list with its name, in declaration order.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 55] {
        [
            ("situation", &self.situation),
            ("task", &self.task),
            ("action", &self.action),
            ("result", &self.result),
            ("decision", &self.decision),
            ("alternatives", &self.alternatives),
            ("trade_off", &self.trade_off),
            ("incomplete_data", &self.incomplete_data),
            ("dissent", &self.dissent),
            ("commitment", &self.commitment),
            ("artifacts", &self.artifacts),
            ("mistake", &self.mistake),
            ("lesson", &self.lesson),
            ("capacity", &self.capacity),
            ("customer", &self.customer),
            ("team", &self.team),
            ("partner_roles", &self.partner_roles),
            ("responsibility", &self.responsibility),
            ("vague", &self.vague),
            ("jargon", &self.jargon),
            ("buzzwords", &self.buzzwords),
            ("hedges", &self.hedges),
            ("fillers", &self.fillers),
            ("outcome", &self.outcome),
            ("units", &self.units),
            ("incidental", &self.incidental),
            ("first_person", &self.first_person),
            ("collective", &self.collective),
            ("question_failure", &self.question_failure),
            ("question_disagreement", &self.question_disagreement),
            ("question_customer", &self.question_customer),
            ("question_deadline", &self.question_deadline),
            ("heading_situation", &self.heading_situation),
            ("heading_task", &self.heading_task),
            ("heading_action", &self.heading_action),
            ("heading_result", &self.heading_result),
            ("heading_lesson", &self.heading_lesson),
            ("trade_off_cost", &self.trade_off_cost),
            ("trade_off_gain", &self.trade_off_gain),
            ("decision_verbs", &self.decision_verbs),
            ("design_requirements", &self.design_requirements),
            ("design_components", &self.design_components),
            ("design_bottleneck", &self.design_bottleneck),
            ("design_failure", &self.design_failure),
            ("design_monitoring", &self.design_monitoring),
            ("design_scaling", &self.design_scaling),
            ("non_action", &self.non_action),
            ("customer_need", &self.customer_need),
            ("habitual", &self.habitual),
            ("not_names", &self.not_names),
            ("trade_off_price", &self.trade_off_price),
            ("cost_measure", &self.cost_measure),
            ("capacity_load", &self.capacity_load),
            ("capacity_guard", &self.capacity_guard),
            ("org_functions", &self.org_functions),
        ]
    }

    fn lists_mut(&mut self) -> [&mut Vec<String>; 55] {
        [
            &mut self.situation,
            &mut self.task,
            &mut self.action,
            &mut self.result,
            &mut self.decision,
            &mut self.alternatives,
            &mut self.trade_off,
            &mut self.incomplete_data,
            &mut self.dissent,
            &mut self.commitment,
            &mut self.artifacts,
            &mut self.mistake,
            &mut self.lesson,
            &mut self.capacity,
            &mut self.customer,
            &mut self.team,
            &mut self.partner_roles,
            &mut self.responsibility,
            &mut self.vague,
            &mut self.jargon,
            &mut self.buzzwords,
            &mut self.hedges,
            &mut self.fillers,
            &mut self.outcome,
            &mut self.units,
            &mut self.incidental,
            &mut self.first_person,
            &mut self.collective,
            &mut self.question_failure,
            &mut self.question_disagreement,
            &mut self.question_customer,
            &mut self.question_deadline,
            &mut self.heading_situation,
            &mut self.heading_task,
            &mut self.heading_action,
            &mut self.heading_result,
            &mut self.heading_lesson,
            &mut self.trade_off_cost,
            &mut self.trade_off_gain,
            &mut self.decision_verbs,
            &mut self.design_requirements,
            &mut self.design_components,
            &mut self.design_bottleneck,
            &mut self.design_failure,
            &mut self.design_monitoring,
            &mut self.design_scaling,
            &mut self.non_action,
            &mut self.customer_need,
            &mut self.habitual,
            &mut self.not_names,
            &mut self.trade_off_price,
            &mut self.cost_measure,
            &mut self.capacity_load,
            &mut self.capacity_guard,
            &mut self.org_functions,
        ]
    }

    /// Adds another lexicon's phrases to this one's lists (skipping repeats).
    pub fn extend(&mut self, other: &Lexicon) {
        let theirs = other.lists();
        for (mine, (_, add)) in self.lists_mut().into_iter().zip(theirs) {
            merge(mine, add);
        }
        let mut other_reading = other.reading.clone();
        for (mine, add) in self
            .reading
            .lists_mut()
            .into_iter()
            .zip(other_reading.lists_mut())
        {
            merge(mine, add);
        }
        let mut other_report = other.design_report.clone();
        for (mine, add) in self
            .design_report
            .lists_mut()
            .into_iter()
            .zip(other_report.lists_mut())
        {
            merge(mine, add);
        }
    }
}

/// Appends the phrases of `add` that `mine` lacks, in order.
fn merge(mine: &mut Vec<String>, add: &[String]) {
    for phrase in add {
        if !mine.contains(phrase) {
            mine.push(phrase.clone());
        }
    }
}
