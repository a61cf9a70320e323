//! The design report (the `design critique --json` contract; see `docs/design-critique.md`).

use serde::Serialize;

/// How a design report finding weighs.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ReportSeverity {
    /// Something a design write-up needs is absent.
    Miss,
    /// Present, but thin (one alternative where two are expected, a number with nothing beside it).
    Weak,
    /// Worth knowing: a lesser criterion absent, a sentence that earns nothing.
    Note,
    /// Done well, quoting the sentence that earns it.
    Praise,
}

/// One objective's score and what it rests on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ObjectiveScore {
    /// 0..=10.
    pub score: u8,
    /// Short reasons, the criteria that fed it (present or absent).
    pub because: Vec<String>,
}

/// The six design objectives of the pack's system-design competency.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Objectives {
    /// Could a real team build and run it?
    pub practicality: ObjectiveScore,
    /// Does it meet the requirements, and do the numbers hold?
    pub accuracy: ObjectiveScore,
    /// Does it spend compute, storage and money sensibly?
    pub efficiency: ObjectiveScore,
    /// Does it keep working when parts fail?
    pub reliability: ObjectiveScore,
    /// Does it find the bottleneck and improve it?
    pub optimization: ObjectiveScore,
    /// Does it grow with traffic and data?
    pub scalability: ObjectiveScore,
}

/// One criterion of a written design and where the write-up meets it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportCriterion {
    /// Stable id (`assumptions`, `functional`, … see `docs/design-critique.md`).
    pub id: &'static str,
    /// What it is, in words.
    pub label: &'static str,
    /// A sentence of substance (not a heading, not hollow) meets it. `false` only when none does.
    pub present: bool,
    /// Its words appear somewhere outside headings, perhaps only in hollow sentences (which earn
    /// nothing). `false` only when no sentence names it at all.
    pub mentioned: bool,
    /// Sentences that meet it.
    pub count: usize,
    /// Start byte of the sentence quoted for it (0 when absent).
    pub start: usize,
    /// End byte of that sentence.
    pub end: usize,
    /// The sentence, exactly `text[start..end]` (empty when absent).
    pub quote: String,
}

/// One thing a reviewer would say about the write-up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportFinding {
    /// The criterion it is about (a criterion id, `numbers` or `hollow`).
    pub criterion: &'static str,
    /// miss / weak / note / praise.
    pub severity: ReportSeverity,
    /// What a reviewer hears.
    pub message: String,
    /// A better shape (empty for praise).
    pub suggestion: String,
    /// Start byte of the sentence it rests on (0 when about the whole write-up).
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The sentence (empty when about the whole write-up).
    pub quote: String,
}

/// A figure the write-up states, with where it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    /// Its value, multipliers applied ("50M" is 50,000,000).
    pub value: f64,
    /// As written, with its unit words ("50M daily users").
    pub written: String,
    /// Start byte of the figure.
    pub start: usize,
    /// End byte of the figure and its unit words.
    pub end: usize,
}

/// A stated rate per second.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rate {
    /// The figure.
    #[serde(flatten)]
    pub figure: Figure,
    /// Said as a peak ("15k QPS at peak"), not an average.
    pub peak: bool,
}

/// The derived load against the stated one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NumbersCheck {
    /// Requests a second on average from the stated users and actions (or daily total).
    pub derived_qps: f64,
    /// The stated rate it is set against.
    pub stated_qps: f64,
    /// That rate is a peak.
    pub peak: bool,
    /// stated ÷ derived.
    pub ratio: f64,
    /// Within the tolerance: an average within 3× of the derived one, a peak from 0.8× to 50×
    /// it.
    pub consistent: bool,
    /// The arithmetic in words.
    pub working: String,
}

/// What figures the write-up uses, and whether they agree.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ReportNumbers {
    /// A count of users.
    pub users: Option<Figure>,
    /// The user count is daily (DAU).
    pub daily_users: bool,
    /// What each user does a day.
    pub actions_per_user: Option<Figure>,
    /// A daily total of requests or actions.
    pub per_day: Option<Figure>,
    /// Every rate per second stated.
    pub qps: Vec<Rate>,
    /// The first size stated, in bytes.
    pub storage_bytes: Option<Figure>,
    /// The check, when the write-up gives both a daily load and a rate per second.
    pub check: Option<NumbersCheck>,
}

/// One item of the prompt's reference answer and whether the write-up touches it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReferenceItem {
    /// The item, as the pack words it (its head, before a colon).
    pub item: String,
    /// The write-up mentions it.
    pub touched: bool,
    /// Start byte of the sentence that mentions it (0 when not mentioned).
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// The prompt's reference points, as references: what the write-up touched and what it did not
/// mention. Not mentioning one is not wrong.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reference {
    /// The prompt's id.
    pub prompt: String,
    /// Its components.
    pub components: Vec<ReferenceItem>,
    /// Its trade-offs.
    pub trade_offs: Vec<ReferenceItem>,
    /// Its failure modes.
    pub failure_modes: Vec<ReferenceItem>,
    /// Its monitoring points.
    pub monitoring: Vec<ReferenceItem>,
}

/// The critique of a whole written design.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DesignReport {
    /// 0..=100.
    pub overall: u8,
    /// strong (≥ 70) / mixed / weak (< 45).
    pub verdict: &'static str,
    /// Words in the write-up.
    pub words: usize,
    /// The six objectives, 0..=10 each.
    pub objectives: Objectives,
    /// Every criterion, in the order a reviewer reads a design.
    pub criteria: Vec<ReportCriterion>,
    /// Findings: misses first, then weak, notes, praise; each kind in text order.
    pub findings: Vec<ReportFinding>,
    /// The figures read and their consistency.
    pub numbers: ReportNumbers,
    /// With a prompt: its reference points touched and not mentioned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// Criterion ids that held the score down (`numbers`, `alternatives`, `assumptions`, …).
    pub capped_by: Vec<&'static str>,
}
