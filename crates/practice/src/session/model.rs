//! The saved and shown types of a mock: prepared questions, what was asked and answered, the
//! effects the state machine emits, its setup and saved answers, and the debrief.

use serde::{Deserialize, Serialize};
use tpmprep_content::{Kind, Probe};

use crate::{Decision, Plan, Rating, is_design_kind};

/// A question prepared for one interview.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Prepared {
    /// Question id in the pack.
    pub question_id: String,
    /// Its text.
    pub text: String,
    /// The principle it assesses here.
    pub principle: String,
    /// The pack's principle tags of the question.
    pub principles: Vec<String>,
    /// The question's kind (`None` in mocks saved before it was kept: read as behavioural).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl Prepared {
    /// Whether it is a system-design or technical question, which gets design follow-ups and
    /// rates only principles a design answer can show.
    pub fn is_design(&self) -> bool {
        self.kind.is_some_and(is_design_kind)
    }

    /// Whether it probes `principle`: the principle is one of the question's own tags.
    pub fn probes(&self, principle: &str) -> bool {
        self.principles.iter().any(|p| p == principle)
    }
}

/// Where an answer sits in a mock: interview, question within it, and follow-up (none for the
/// first answer to the question).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct AnswerRef {
    /// Interview index.
    pub interview: usize,
    /// Question index within the interview.
    pub question: usize,
    /// Follow-up index, for an answer to a follow-up.
    #[serde(default)]
    pub follow_up: Option<usize>,
}

impl AnswerRef {
    /// "interview 1, question 2" (or "…, follow-up 1"), counted from 1.
    pub fn label(&self) -> String {
        let mut s = format!(
            "interview {}, question {}",
            self.interview + 1,
            self.question + 1
        );
        if let Some(f) = self.follow_up {
            s.push_str(&format!(", follow-up {}", f + 1));
        }
        s
    }
}

/// A follow-up asked and its answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FollowUpRecord {
    /// Probe id.
    pub probe_id: String,
    /// What was asked.
    pub text: String,
    /// The answer.
    pub answer: String,
    /// The gap the probe went after (`trade-off`, `metrics` ...); empty in mocks saved before it
    /// was kept.
    #[serde(default)]
    pub gap: String,
    /// Set when the answer repeats an earlier answer of the mock: which one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<AnswerRef>,
}

/// A question asked and everything said about it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Asked {
    /// The question.
    #[serde(flatten)]
    pub question: Prepared,
    /// The first answer.
    pub answer: String,
    /// Seconds spent on the first answer and its follow-ups.
    pub seconds: u32,
    /// Follow-ups and their answers.
    pub follow_ups: Vec<FollowUpRecord>,
    /// Critic score (0..=100) of everything said for this question.
    pub score: u8,
    /// The stored story the answer tells, if it was picked or recognised.
    pub story: Option<i64>,
    /// Set when the story had already been told in this mock around the same judgment: what the
    /// interviewer said about it.
    pub retold: Option<String>,
    /// Set when the first answer repeats, word for word or nearly, an earlier answer of the mock:
    /// which one. Such an answer earns no Hire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_of: Option<AnswerRef>,
    /// What the interviewer said about the repeat, when there was time to say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_remark: Option<String>,
}

/// What the caller must do next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Effect {
    /// Show this prompt and start its countdown.
    Prompt {
        /// Interview index in the plan.
        interview: usize,
        /// The text to show.
        text: String,
        /// A follow-up rather than a new question.
        follow_up: bool,
        /// Seconds left in this interview.
        seconds_left: u32,
    },
    /// Persist this answer now (before anything else happens).
    Save {
        /// Interview index.
        interview: usize,
        /// Question index within the interview.
        question: usize,
        /// Follow-up index, if the answer is to a follow-up.
        follow_up: Option<usize>,
        /// The answer.
        answer: String,
        /// Seconds it took.
        seconds: u32,
    },
    /// The whole mock is over; show the debrief.
    Finished,
}

/// One interviewer's part of the debrief.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InterviewDebrief {
    /// Interview title from the format.
    pub title: String,
    /// Role id.
    pub role: String,
    /// The bar raiser.
    pub bar_raiser: bool,
    /// Principles assessed.
    pub principles: Vec<String>,
    /// Questions asked.
    pub questions: Vec<Asked>,
    /// Ratings per principle.
    pub ratings: Vec<PrincipleRating>,
}

/// A principle's rating with its reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PrincipleRating {
    /// Principle id.
    pub principle: String,
    /// The rating; `None` (`not-assessed` in JSON) for a principle never asked, which counts
    /// neither way in the decision.
    #[serde(with = "crate::assessed")]
    pub rating: Option<Rating>,
    /// Why, quoting the answer.
    pub reason: String,
}

/// The hiring-committee style debrief.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Debrief {
    /// hire / no-hire.
    pub decision: Decision,
    /// The committee's reasoning.
    pub reason: String,
    /// Per interviewer.
    pub interviews: Vec<InterviewDebrief>,
    /// The (up to) three changes that would move the outcome most, most valuable first.
    pub changes: Vec<Change>,
    /// Why there are fewer than three changes, when there are; `None` with three.
    #[serde(default)]
    pub changes_note: Option<String>,
    /// Set when the candidate ended the mock before its last prompt: where it stopped.
    #[serde(default)]
    pub ended_early: Option<String>,
    /// Answers that repeat an earlier answer of the mock, in the order given.
    #[serde(default)]
    pub repeats: Vec<Repeat>,
    /// Which principles the plan left out and why ("Not probed: Frugality … — the 5 interviews
    /// have room for 13 of the 16 principles …"); `None` when every principle had an interviewer.
    #[serde(default)]
    pub not_probed: Option<String>,
}

/// An answer that repeats an earlier one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Repeat {
    /// The answer that repeats.
    pub answer: AnswerRef,
    /// The earlier answer it repeats.
    pub of: AnswerRef,
    /// How much of the two is shared, 0..=1 (Jaccard similarity of word 3-shingles).
    pub similarity: f64,
    /// Said for the debrief: "Interview 2, question 1 repeats your answer to interview 1,
    /// question 1."
    pub text: String,
}

/// One change that would move the outcome.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Change {
    /// Interview index.
    pub interview: usize,
    /// Principle it would lift.
    pub principle: String,
    /// The rating it would lift (`not-assessed` for a principle the interview's time ran out on).
    #[serde(with = "crate::assessed")]
    pub rating: Option<Rating>,
    /// What to change, quoting the answer where there is something to quote.
    pub text: String,
}

/// Everything needed to start, and later replay, one mock: stored with the mock as it began.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Setup {
    /// `phone-screen`, `loop` or `custom`.
    pub kind: String,
    /// The plan.
    pub plan: Plan,
    /// Prepared questions per interview.
    pub questions: Vec<Vec<Prepared>>,
    /// The follow-up probes the mock draws from (kept so a resume replays the same follow-ups even if
    /// the pack changed since).
    pub probes: Vec<Probe>,
    /// Seed of the mock.
    pub seed: u64,
    /// The minutes scale used.
    pub minutes_scale: f64,
    /// A custom mock's principles, as asked for (empty: all, or not a custom mock).
    #[serde(default)]
    pub principles: Vec<String>,
    /// A custom mock's number of interviewers, as asked for (`None`: all of the stage).
    #[serde(default)]
    pub interviews: Option<u32>,
    /// The pack's deflections (replies that dodge a follow-up), kept with the mock as its probes
    /// are; empty in mocks saved before they were kept.
    #[serde(default)]
    pub deflections: Vec<String>,
}

/// An answer as saved, for replaying a mock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedAnswer {
    /// Interview index.
    pub interview: usize,
    /// Question index within the interview.
    pub question: usize,
    /// Follow-up index, for answers to follow-ups.
    pub follow_up: Option<usize>,
    /// The answer.
    pub answer: String,
    /// Seconds it took.
    pub seconds: u32,
    /// The story it tells, if known.
    pub story: Option<i64>,
}

/// The prompt awaiting an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Current {
    /// Interview index.
    pub interview: usize,
    /// Question index within the interview.
    pub question: usize,
    /// Whether it is a follow-up.
    pub follow_up: bool,
    /// What the interviewer asks.
    pub text: String,
    /// Seconds left in this interview.
    pub seconds_left: u32,
}

/// A resume could not replay the saved answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// A saved answer does not sit where the replay expects it.
    #[error(
        "saved answer {index} belongs to interview {saved_interview}, question {saved_question}, \
         but the replay expected interview {interview}, question {question}: the saved mock is damaged"
    )]
    OutOfStep {
        /// Position of the saved answer.
        index: usize,
        /// Where it was saved.
        saved_interview: usize,
        /// Where it was saved.
        saved_question: usize,
        /// Where the replay is.
        interview: usize,
        /// Where the replay is.
        question: usize,
    },
    /// More answers were saved than the mock has prompts.
    #[error("the mock ended after {0} answers but more were saved")]
    TooMany(usize),
}
