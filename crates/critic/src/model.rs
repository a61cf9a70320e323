//! The critic's input and output (the `--json` contract; see `docs/critique.md`).

use serde::Serialize;

/// Structured facts from a stored story, when the text comes from one.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Number of metrics recorded.
    pub metrics: usize,
    /// Whether any metric has both a before and an after value.
    pub before_after: bool,
    /// Teams and orgs involved.
    pub teams: Vec<String>,
    /// Partners named (name or role).
    pub partners: Vec<String>,
    /// The trade-off, as written.
    pub trade_off: String,
    /// The dissent, as written.
    pub dissent: String,
    /// What you would do differently.
    pub differently: String,
    /// Ownership artifacts (post-mortem, rollback-plan, hand-off ...).
    pub artifacts: Vec<String>,
}

/// The question the answer responds to.
#[derive(Debug, Clone, Default)]
pub struct Question<'a> {
    /// Its text.
    pub text: &'a str,
    /// Principle ids the pack tags it with, main one first (empty for a free-text question).
    pub principles: &'a [String],
    /// The pack's kind for it (`behavioural`, `system-design`, `technical` …); empty for a
    /// free-text question, whose kind the critic reads from its words.
    pub kind: &'a str,
}

/// Everything the critic reads.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// The answer or story text.
    pub text: &'a str,
    /// The question, when known.
    pub question: Option<Question<'a>>,
    /// Structured story facts, when the text is a stored story.
    pub facts: Option<&'a Facts>,
    /// Principles the candidate means to show.
    pub principles: &'a [String],
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A signal interviewers require is missing.
    Miss,
    /// Something that weakens the answer.
    Warn,
    /// Worth knowing.
    Note,
}

/// One dimension's score and what it rests on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dimension {
    /// 0..=10.
    pub score: u8,
    /// Short statements of what was found, each quoting the answer where it can.
    pub evidence: Vec<String>,
}

/// The eight dimensions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dimensions {
    /// STAR structure and proportion.
    pub structure: Dimension,
    /// Outcome numbers.
    pub metrics: Dimension,
    /// Trade-offs, alternatives, decisions under uncertainty.
    pub judgment: Dimension,
    /// First-person ownership, artifacts, mistakes owned, lessons.
    pub ownership: Dimension,
    /// Customer problem and orgs aligned.
    pub scope: Dimension,
    /// Partners named, capacity protected, dissent handled.
    pub collaboration: Dimension,
    /// Concrete language vs vague claims, jargon, hedges, filler.
    pub specificity: Dimension,
    /// Length and sentence shape for a two-minute spoken answer.
    pub delivery: Dimension,
}

/// The Stakeholder-Alignment rubric, each 1..=10.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StakeholderAlignment {
    /// How clear the business goal is.
    pub business_goal: u8,
    /// How deep the collaboration with engineering is.
    pub engineering_collaboration: u8,
    /// How measurable the outcome is.
    pub measurable_outcome: u8,
}

/// The Impact–Scope–Ownership matrix.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImpactScopeOwnership {
    /// A customer problem is named.
    pub customer_problem: bool,
    /// Distinct teams or orgs aligned.
    pub orgs_aligned: u32,
    /// Personal ownership, 0..=10.
    pub ownership: u8,
}

/// A byte span of the answer.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Span {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

/// How well the answer evidences one principle.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrincipleScore {
    /// Principle id.
    pub id: String,
    /// 0..=1.
    pub score: f64,
    /// Sentences the evidence is in.
    pub spans: Vec<Span>,
}

/// A principle a question probes, with weight 0..=1.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionPrinciple {
    /// Principle id.
    pub id: String,
    /// 0..=1.
    pub score: f64,
}

/// What the critic made of the question.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionView {
    /// `failure`, `disagreement`, `customer`, `deadline` or `general` (the first that applies).
    pub kind: String,
    /// Every kind that applies.
    pub kinds: Vec<String>,
    /// The principles it probes, strongest first.
    pub principles: Vec<QuestionPrinciple>,
}

/// One design criterion and where the answer meets it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DesignCheck {
    /// `requirements`, `estimate`, `components`, `design-trade-off`, `bottleneck`,
    /// `failure-mode`, `monitoring`, `scaling`.
    pub criterion: &'static str,
    /// The answer meets it.
    pub present: bool,
    /// The first sentence that meets it (empty when missing).
    pub quote: String,
}

/// A sentence that carries a signal (what the critic read there).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignalSpan {
    /// The signal's code (`action`, `decision`, `trade-off`, `outcome-number`, `partner` …; see
    /// `docs/critique.md`).
    pub signal: &'static str,
    /// Start byte of the sentence.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// This is the sentence the critic quotes for the signal (one per signal): the likeliest of
    /// those that carry it. Absent (false) on the others.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub quoted: bool,
}

/// One thing an interviewer would notice, pinned to a sentence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Dimension name.
    pub dimension: &'static str,
    /// The signal it is about, a stable code (e.g. `outcome-number`, `trade-off`, `dissent`,
    /// `capacity`, `we-everywhere`, `lesson`, `customer`, `vague`); see `docs/critique.md`.
    pub signal: &'static str,
    /// miss / warn / note.
    pub severity: Severity,
    /// Start byte of the sentence it rests on.
    pub start: usize,
    /// End byte of that sentence.
    pub end: usize,
    /// The sentence.
    pub quote: String,
    /// What an interviewer hears.
    pub message: String,
    /// A better shape.
    pub suggestion: String,
}

/// The whole critique.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Critique {
    /// 0..=100.
    pub overall: u8,
    /// strong / mixed / weak.
    pub verdict: &'static str,
    /// Words in the answer.
    pub words: usize,
    /// The eight dimensions.
    pub dimensions: Dimensions,
    /// Stakeholder-Alignment rubric.
    pub stakeholder_alignment: StakeholderAlignment,
    /// Impact–Scope–Ownership matrix.
    pub impact_scope_ownership: ImpactScopeOwnership,
    /// Every principle, best evidenced first.
    pub principles: Vec<PrincipleScore>,
    /// The question, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionView>,
    /// Findings, most severe first, then in text order.
    pub findings: Vec<Finding>,
    /// Every signal read in the answer, by sentence, in text order.
    pub signals: Vec<SignalSpan>,
    /// `behavioural` (judged as a STAR story) or `design` (a design or technical question, judged
    /// on design criteria).
    pub rubric: &'static str,
    /// Signal codes of what held the score down (a failure question without a mistake owned, an
    /// answer too short to be strong, an answer to another question …); empty when nothing did.
    pub capped_by: Vec<&'static str>,
    /// Why the score is lower than the answer's signals alone would make it (the cap that bit),
    /// as one sentence; `None` when nothing held it down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<String>,
    /// The design checklist, for a design or technical question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub design: Option<Vec<DesignCheck>>,
}

/// One résumé bullet, scored.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResumeBullet {
    /// 1-based line in the résumé text.
    pub line: usize,
    /// Start byte of the bullet's text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The bullet.
    pub text: String,
    /// Has a number that is an outcome.
    pub outcome_number: bool,
    /// Names a decision or a first-person action verb.
    pub decision: bool,
    /// Names scope: a customer, teams or orgs.
    pub scope: bool,
    /// 0..=3: how many of the three it has.
    pub score: u8,
    /// What to add, most important first.
    pub advice: Vec<String>,
}

/// Résumé mode: every bullet scored, the ones to rewrite first at the top.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResumeReport {
    /// Bullets, weakest first (then in résumé order).
    pub bullets: Vec<ResumeBullet>,
    /// Bullets with all three.
    pub strong: usize,
}
