//! One mock interview as a state machine: events in, effects out. No clock and no IO: the caller
//! measures time, shows prompts and saves what the effects say to save.

use std::collections::{HashMap, HashSet};

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use serde::{Deserialize, Serialize};
use tpmprep_content::{Kind, Pack, Probe};
use tpmprep_critic::{Critic, Critique, Input, Question as CriticQuestion};

use crate::choose::{Choice, probing, questions, similarity};
use crate::{Decision, Plan, Rating, Verdict, Vote, decide, follow_up, is_design_kind, is_screen};

/// Follow-ups per question at most.
pub const MAX_FOLLOW_UPS: usize = 2;
/// Seconds an interview must still have left for a follow-up to be asked.
pub const FOLLOW_UP_MIN_SECONDS: u32 = 45;

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

/// Follow-up wording used when a pack has no `retold` probe.
const RETOLD_FALLBACK: &str =
    "You told us about this one earlier in the loop. Do you have a different example?";

/// Follow-up wording used when a pack has no `repeated` probe.
const REPEATED_FALLBACK: &str = "You gave this same answer to an earlier question. What else do you have that shows {principle}?";

/// Similarity (Jaccard of word 3-shingles, over lowercased words) at which an answer repeats an
/// earlier one.
pub const REPEAT_AT: f64 = 0.8;

/// Words an answer needs before it can count as a repeat: shorter ones ("Not sure.") are judged as
/// non-answers instead.
pub const REPEAT_MIN_WORDS: usize = 8;

/// A mock in progress.
#[derive(Debug, Clone)]
pub struct Session {
    plan: Plan,
    questions: Vec<Vec<Prepared>>,
    asked: Vec<Vec<Asked>>,
    used_seconds: Vec<u32>,
    asked_probes: Vec<String>,
    /// Stories told so far: (story id, the three principles the telling is best evidence of, best
    /// first).
    told: Vec<(i64, Vec<String>)>,
    /// (interview, question, pending follow-up probe) of the prompt awaiting an answer.
    cursor: Option<(usize, usize, Option<Probe>)>,
    seed: u64,
    /// Replies that dodge a follow-up (the pack's `deflections`).
    deflections: Vec<String>,
}

/// Everything said for one question as one text: the answer, then each follow-up answer, a blank
/// line between them (a sentence never runs from one answer into the next).
pub fn exchange_text(a: &Asked) -> String {
    let mut text = a.answer.clone();
    for f in &a.follow_ups {
        text.push_str("\n\n");
        text.push_str(&f.answer);
    }
    text
}

/// Whether the reply to follow-up `f` of question `a` answers it: substantive
/// ([`follow_up::substantive`]: enough content words besides the `deflections`, in the first person
/// after a behavioural follow-up) and not a repeat of an earlier answer.
pub fn follow_up_answered(a: &Asked, f: &FollowUpRecord, deflections: &[String]) -> bool {
    f.repeat_of.is_none() && follow_up::substantive(&f.answer, a.question.is_design(), deflections)
}

/// The follow-ups of `a` that answered the gap they were asked about (a substantive reply to a
/// probe of a known gap; see [`follow_up_answered`]).
fn answered_gaps<'a>(
    a: &'a Asked,
    deflections: &'a [String],
) -> impl Iterator<Item = &'a FollowUpRecord> {
    a.follow_ups
        .iter()
        .filter(move |f| !f.gap.is_empty() && follow_up_answered(a, f, deflections))
}

/// The critique of the whole exchange on one question, as an interviewer rates it: the answer and
/// every follow-up answer read together (quotes come from whichever answer holds the sentence), less
/// the findings a follow-up answered: an interviewer who asked "what did you give up?" and heard
/// what was given up does not hold its absence against the answer. A reply that dodges (see
/// [`follow_up_answered`], with the pack's `deflections`) answers nothing.
pub fn exchange_critique(a: &Asked, critic: &Critic, deflections: &[String]) -> (String, Critique) {
    let text = exchange_text(a);
    let mut c = critic.critique(&Input {
        text: &text,
        question: Some(CriticQuestion {
            text: &a.question.text,
            principles: &a.question.principles,
            kind: "",
        }),
        ..Input::default()
    });
    let answered: Vec<&str> = answered_gaps(a, deflections)
        .map(|f| f.gap.as_str())
        .collect();
    c.findings
        .retain(|f| follow_up::gap_of(f.signal).is_none_or(|g| !answered.contains(&g)));
    (text, c)
}

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

fn rating_for(c: &Critique, principle: &str) -> Rating {
    let evidence = c
        .principles
        .iter()
        .find(|p| p.id == principle)
        .map_or(0.0, |p| p.score);
    match c.overall {
        80.. if evidence >= 0.5 => Rating::StrongHire,
        60.. => Rating::Hire,
        35.. => Rating::NoHire,
        _ => Rating::StrongNoHire,
    }
}

impl Session {
    /// Starts a mock: `questions[i]` are the prepared questions of interview `i` of `plan`.
    pub fn start(plan: Plan, questions: Vec<Vec<Prepared>>, seed: u64) -> (Session, Vec<Effect>) {
        let n = plan.interviews.len();
        let mut s = Session {
            plan,
            questions,
            asked: vec![Vec::new(); n],
            used_seconds: vec![0; n],
            asked_probes: Vec::new(),
            told: Vec::new(),
            cursor: None,
            seed,
            deflections: Vec::new(),
        };
        let effects = s.next_question(0, 0);
        (s, effects)
    }

    fn seconds_left(&self, interview: usize) -> u32 {
        self.plan.interviews[interview]
            .seconds
            .saturating_sub(self.used_seconds[interview])
    }

    /// Moves to question `q` of interview `i` (or the next interview with questions and time).
    fn next_question(&mut self, mut i: usize, mut q: usize) -> Vec<Effect> {
        while i < self.plan.interviews.len() {
            if q < self.questions.get(i).map_or(0, Vec::len) && self.seconds_left(i) > 0 {
                self.cursor = Some((i, q, None));
                return vec![Effect::Prompt {
                    interview: i,
                    text: self.questions[i][q].text.clone(),
                    follow_up: false,
                    seconds_left: self.seconds_left(i),
                }];
            }
            i += 1;
            q = 0;
        }
        self.cursor = None;
        vec![Effect::Finished]
    }

    /// Starts a mock from its setup (with its deflections).
    pub fn from_setup(setup: &Setup) -> (Session, Vec<Effect>) {
        let (s, effects) = Session::start(setup.plan.clone(), setup.questions.clone(), setup.seed);
        (s.with_deflections(setup.deflections.clone()), effects)
    }

    /// The same mock judging follow-up replies against these deflections (the pack's).
    pub fn with_deflections(mut self, deflections: Vec<String>) -> Session {
        self.deflections = deflections;
        self
    }

    /// Rebuilds a mock from its setup and its saved answers, in order: the session is where it was
    /// when the last answer was saved, with each interview's clock where it stopped.
    pub fn replay(
        setup: &Setup,
        saved: &[SavedAnswer],
        critic: &Critic,
    ) -> Result<Session, ReplayError> {
        let (mut s, _) = Session::from_setup(setup);
        for (index, a) in saved.iter().enumerate() {
            let Some(current) = s.current() else {
                return Err(ReplayError::TooMany(index));
            };
            if (current.interview, current.question) != (a.interview, a.question)
                || current.follow_up != a.follow_up.is_some()
            {
                return Err(ReplayError::OutOfStep {
                    index,
                    saved_interview: a.interview,
                    saved_question: a.question,
                    interview: current.interview,
                    question: current.question,
                });
            }
            s.answer(&a.answer, a.seconds, a.story, critic, &setup.probes);
        }
        Ok(s)
    }

    /// Whether the mock is over.
    pub fn finished(&self) -> bool {
        self.cursor.is_none()
    }

    /// The plan being run.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Seconds used so far in each interview.
    pub fn used_seconds(&self) -> &[u32] {
        &self.used_seconds
    }

    /// The questions asked so far in interview `i`.
    pub fn asked(&self, i: usize) -> &[Asked] {
        self.asked.get(i).map_or(&[], Vec::as_slice)
    }

    /// The prompt awaiting an answer, or `None` once the mock is over.
    pub fn current(&self) -> Option<Current> {
        let (i, q, pending) = self.cursor.as_ref()?;
        let text = match pending {
            Some(p) => p.text.clone(),
            None => self.questions[*i][*q].text.clone(),
        };
        Some(Current {
            interview: *i,
            question: *q,
            follow_up: pending.is_some(),
            text,
            seconds_left: self.seconds_left(*i),
        })
    }

    /// The candidate answered the current prompt after `seconds`, telling `story` (a stored story's
    /// id, picked or recognised by the caller) or none. Returns what to do next; the first effect is
    /// always the `Save` of this answer.
    pub fn answer(
        &mut self,
        text: &str,
        seconds: u32,
        story: Option<i64>,
        critic: &Critic,
        probes: &[Probe],
    ) -> Vec<Effect> {
        let Some((i, q, pending)) = self.cursor.take() else {
            return vec![Effect::Finished];
        };
        self.used_seconds[i] = self.used_seconds[i].saturating_add(seconds);
        let mut effects = Vec::new();
        let first_answer = pending.is_none();
        let repeat_of = self.repeat_of(text);
        // The follow-up this reply answers: to ask it again if the reply dodged it.
        let pending_probe = pending.clone();
        match pending {
            None => {
                effects.push(Effect::Save {
                    interview: i,
                    question: q,
                    follow_up: None,
                    answer: text.to_string(),
                    seconds,
                });
                self.asked[i].push(Asked {
                    question: self.questions[i][q].clone(),
                    answer: text.to_string(),
                    seconds,
                    follow_ups: Vec::new(),
                    score: 0,
                    story,
                    retold: None,
                    repeat_of,
                    repeat_remark: None,
                });
            }
            Some(probe) => {
                let k = self.asked[i].last().map_or(0, |a| a.follow_ups.len());
                effects.push(Effect::Save {
                    interview: i,
                    question: q,
                    follow_up: Some(k),
                    answer: text.to_string(),
                    seconds,
                });
                if let Some(a) = self.asked[i].last_mut() {
                    a.seconds = a.seconds.saturating_add(seconds);
                    a.follow_ups.push(FollowUpRecord {
                        probe_id: probe.id.clone(),
                        text: probe.text.clone(),
                        answer: text.to_string(),
                        gap: probe.gap.clone(),
                        repeat_of,
                    });
                }
            }
        }
        // Score everything said so far for this question; ask a follow-up on the biggest gap while the
        // interview has time for it.
        let critique = self.critique(i, critic);
        if let Some(a) = self.asked[i].last_mut() {
            a.score = critique.overall;
        }
        let asked_here = self.asked[i].last().map_or(0, |a| a.follow_ups.len());
        let seed = self.seed ^ ((i as u64) << 32) ^ ((q as u64) << 8) ^ asked_here as u64;
        // An empty reply gets no probing: the interviewer moves on, as a real one would.
        let has_time = self.seconds_left(i) >= FOLLOW_UP_MIN_SECONDS && !text.trim().is_empty();
        if first_answer {
            // A story told again around the same judgment draws the interviewer's remark; an
            // answer given again, word for word or nearly, draws a sharper one instead.
            let retold = self.retold_probe(story, &critique, probes, seed);
            let remark = match repeat_of {
                Some(_) => Some(self.repeated_probe(i, q, critic, probes, seed)),
                None => retold,
            };
            if let (Some(p), Some(a)) = (remark, self.asked[i].last_mut()) {
                if repeat_of.is_some() {
                    a.repeat_remark = Some(p.text.clone());
                } else {
                    a.retold = Some(p.text.clone());
                }
                if has_time {
                    return self.ask_follow_up(effects, i, q, p);
                }
            }
        }
        if let (Some(asked), true) = (&pending_probe, has_time) {
            if let Some(p) = self.pressed_probe(asked, text, repeat_of.is_some(), probes, seed) {
                return self.ask_follow_up(effects, i, q, p);
            }
        }
        if asked_here < MAX_FOLLOW_UPS && has_time {
            // Each follow-up on a question goes after a different gap: probes of a gap already
            // probed on this question are set aside with the ones asked anywhere in the mock.
            let gaps_here: Vec<&str> = self.asked[i]
                .last()
                .map(|a| a.follow_ups.iter().map(|f| f.gap.as_str()).collect())
                .unwrap_or_default();
            // A mock saved before the pack had design probes keeps asking what it asked then, so
            // its saved answers still replay in step.
            let design = self.questions[i][q].is_design()
                && probes
                    .iter()
                    .any(|p| tpmprep_content::DESIGN_GAPS.contains(&p.gap.as_str()));
            let next = if design {
                // A design or technical answer is probed on design, never on STAR gaps.
                follow_up::choose_design(probes, &self.asked_probes, &gaps_here, seed).cloned()
            } else {
                let mut set_aside = self.asked_probes.clone();
                set_aside.extend(
                    probes
                        .iter()
                        .filter(|p| gaps_here.contains(&p.gap.as_str()))
                        .map(|p| p.id.clone()),
                );
                follow_up::choose(&critique, probes, &set_aside, 1, seed)
                    .first()
                    .map(|p| (*p).clone())
            };
            if let Some(p) = next {
                return self.ask_follow_up(effects, i, q, p);
            }
        }
        effects.extend(self.next_question(i, q + 1));
        effects
    }

    /// The earliest answer of the mock that `text` repeats, word for word or nearly (similarity at
    /// least [`REPEAT_AT`]; an answer under [`REPEAT_MIN_WORDS`] words, or one that is only a
    /// deflection, repeats nothing: it is a non-answer instead).
    fn repeat_of(&self, text: &str) -> Option<AnswerRef> {
        // A short or empty reply, or a deflection, is a non-answer rather than a repeat.
        if follow_up::words(text).len() < REPEAT_MIN_WORDS
            || !follow_up::substantive(text, true, &self.deflections)
        {
            return None;
        }
        for (i, asked) in self.asked.iter().enumerate() {
            for (q, a) in asked.iter().enumerate() {
                let earlier = std::iter::once((None, a.answer.as_str())).chain(
                    a.follow_ups
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (Some(k), f.answer.as_str())),
                );
                for (follow_up, said) in earlier {
                    if similarity(text, said) >= REPEAT_AT {
                        return Some(AnswerRef {
                            interview: i,
                            question: q,
                            follow_up,
                        });
                    }
                }
            }
        }
        None
    }

    /// The remark on an answer that repeats an earlier one, worded from the pack's `repeated`
    /// probes with the name of the principle question `q` of interview `i` probes.
    fn repeated_probe(
        &self,
        i: usize,
        q: usize,
        critic: &Critic,
        probes: &[Probe],
        seed: u64,
    ) -> Probe {
        let fresh: Vec<&Probe> = probes
            .iter()
            .filter(|p| p.gap == "repeated" && !self.asked_probes.contains(&p.id))
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut p = fresh.choose(&mut rng).map_or_else(
            || Probe {
                id: format!("repeated-{}", self.asked_probes.len()),
                gap: "repeated".into(),
                text: REPEATED_FALLBACK.into(),
            },
            |p| (*p).clone(),
        );
        let principle = &self.questions[i][q].principle;
        let name = critic
            .principle_name(principle)
            .map_or_else(|| "this".to_string(), str::to_string);
        p.text = p.text.replace("{principle}", &name);
        p
    }

    /// When the reply to follow-up `asked` dodged it ("I would ask the team.") or repeated an
    /// earlier answer, the same follow-up asked again once, after one of the pack's `pressed` (or
    /// `pressed-repeat`) remarks. `None` when the reply answered, when `asked` was itself asked
    /// again, or when the mock's probes have no such remarks (a mock saved before they existed
    /// replays as it was asked).
    fn pressed_probe(
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

    fn ask_follow_up(
        &mut self,
        mut effects: Vec<Effect>,
        i: usize,
        q: usize,
        p: Probe,
    ) -> Vec<Effect> {
        self.asked_probes.push(p.id.clone());
        effects.push(Effect::Prompt {
            interview: i,
            text: p.text.clone(),
            follow_up: true,
            seconds_left: self.seconds_left(i),
        });
        self.cursor = Some((i, q, Some(p)));
        effects
    }

    /// Records the telling of `story`; when it was told before in this mock and centres on the same
    /// judgment again, the probe an interviewer would answer it with.
    fn retold_probe(
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

    fn critique(&self, i: usize, critic: &Critic) -> Critique {
        match self.asked[i].last() {
            Some(a) => exchange_critique(a, critic, &self.deflections).1,
            None => critic.critique(&Input::default()),
        }
    }

    /// Why principle `p` of interview `i` was never asked: the interview ran out of time, the
    /// candidate ended the mock first, or no question was prepared for it.
    fn not_reached(&self, i: usize, p: &str) -> Unasked {
        let at = self.questions[i].iter().position(|q| q.principle == p);
        match (&self.cursor, at) {
            // The mock is over early: the prompt it stopped at and everything after it.
            (Some((ci, cq, pending)), Some(q)) if (i, q) >= (*ci, *cq) => {
                if (i, q) == (*ci, *cq) && pending.is_none() {
                    Unasked::EndedAt
                } else {
                    Unasked::EndedBefore
                }
            }
            (Some((ci, _, _)), None) if i > *ci => Unasked::EndedBefore,
            _ if self.seconds_left(i) == 0 => Unasked::Time,
            _ => Unasked::NoQuestion,
        }
    }

    /// Where an unfinished mock stopped, said for its debrief; `None` when it ran to its end.
    /// `too_few`: the mock heard too little for a hire (see [`Session::debrief`]), so what it did
    /// not reach no longer counts neither way.
    fn ended_early(&self, too_few: bool) -> Option<String> {
        let (i, _, _) = self.cursor.as_ref()?;
        let n = self.plan.interviews.len();
        let iv = &self.plan.interviews[*i];
        let rest = match n - i - 1 {
            0 => String::new(),
            1 => format!("; interview {} was not started", i + 2),
            k => format!("; interviews {} to {n} ({k}) were not started", i + 2),
        };
        let counted = if too_few {
            " and no change is suggested for them. With more principles unheard than rated, the \
             mock heard too little for a hire"
        } else {
            ": they count neither way in the decision, and no change is suggested for them"
        };
        Some(format!(
            "You ended the mock during interview {} of {n} ({}){rest}. Principles it did not reach \
             are marked not assessed{counted}.",
            i + 1,
            iv.title
        ))
    }

    /// The debrief's reason when the candidate ended the mock with `heard` of its `total`
    /// principles assessed, fewer than it left unheard, and the ratings alone (`ratings_say`, the
    /// committee's reason) would have hired: too little was heard to recommend a hire.
    fn too_few_reason(&self, heard: usize, total: usize, ratings_say: &str) -> String {
        let (outcome, whole) = if is_screen(&self.plan.stage) {
            ("to advance you to the loop", "the whole screen")
        } else {
            ("to recommend a hire", "a full loop")
        };
        format!(
            "you ended the mock with {heard} of {total} principles assessed: too few {outcome}. \
             Finish {whole} for a decision; on the answers given alone, {ratings_say}"
        )
    }

    /// The debrief: ratings per principle per interviewer, and the committee's decision. A principle
    /// never asked is not assessed (no rating, no vote either way); only one the interview's time
    /// ran out on gets a change (keep first answers short). A mock the candidate ended early with
    /// more principles unheard than rated is never a hire: one strong answer is not a loop.
    pub fn debrief(&self, critic: &Critic) -> Debrief {
        let mut interviews = Vec::new();
        let mut votes = Vec::new();
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut unassessed = 0usize;
        for (i, iv) in self.plan.interviews.iter().enumerate() {
            let mut ratings = Vec::new();
            for p in &iv.principles {
                let name = critic.principle_name(p).unwrap_or(p);
                let asked = self.asked[i].iter().find(|a| &a.question.principle == p);
                // A principle is rated only from a question that probes it (one of the question's
                // own tags): never from a question about something else.
                let off_topic = asked.filter(|a| !a.question.probes(p));
                let asked = asked.filter(|a| a.question.probes(p));
                let (rating, reason) = match asked {
                    None if off_topic.is_some() => {
                        unassessed += 1;
                        (
                            None,
                            "not assessed: the question asked for it does not probe it".to_string(),
                        )
                    }
                    None => {
                        unassessed += 1;
                        let why = self.not_reached(i, p);
                        if why == Unasked::Time {
                            candidates.push(Candidate {
                                interview: i,
                                principle: p.clone(),
                                rating: None,
                                bar_raiser: iv.bar_raiser,
                                score: 0,
                                signal: "time",
                                text: format!(
                                    "{name}: the {} interview ran out of time before reaching it. \
                                     Keep first answers to about two minutes so every principle \
                                     gets asked.",
                                    iv.title
                                ),
                            });
                        }
                        (None, why.reason().to_string())
                    }
                    Some(a) => {
                        let (text, c) = exchange_critique(a, critic, &self.deflections);
                        let scored = rating_for(&c, p);
                        let (rating, held_back) = self.held_back(a, scored, name);
                        let reason = match held_back {
                            // Lowered: why, first.
                            Some(why) if rating < scored => why,
                            // Not lowered (it was low already): the gap, then what else counted.
                            Some(why) => {
                                let gap =
                                    reason_for(a, &text, &c, (p, name), rating, &self.deflections);
                                let sep = if gap.ends_with('.') || gap.ends_with(".\"") {
                                    " "
                                } else {
                                    ". "
                                };
                                format!("{gap}{sep}Also: {why}")
                            }
                            None => reason_for(a, &text, &c, (p, name), rating, &self.deflections),
                        };
                        let dodged = a
                            .follow_ups
                            .iter()
                            .find(|f| !follow_up_answered(a, f, &self.deflections));
                        if let Some(of) = a.repeat_of {
                            // The change is a story of its own, not a better version of this one.
                            candidates.push(Candidate {
                                interview: i,
                                principle: p.clone(),
                                rating: Some(rating),
                                bar_raiser: iv.bar_raiser,
                                score: c.overall,
                                signal: "repeated",
                                text: format!(
                                    "{name} ({}): this answer repeats your answer to {}. Bring a \
                                     different story that shows {name}: an interviewer credits an \
                                     example once.",
                                    iv.title,
                                    of.label()
                                ),
                            });
                        } else if let (Some(f), true) = (dodged, rating < scored) {
                            candidates.push(Candidate {
                                interview: i,
                                principle: p.clone(),
                                rating: Some(rating),
                                bar_raiser: iv.bar_raiser,
                                score: c.overall,
                                signal: "deflected",
                                text: format!(
                                    "{name} ({}): the follow-up \"{}\" got no real answer. {}",
                                    iv.title,
                                    f.text,
                                    if a.question.is_design() {
                                        "Answer a design follow-up with something concrete: the \
                                         component, the number or the mechanism, and why."
                                    } else {
                                        "Answer a follow-up with what you did or decided, in a \
                                         sentence or two, even when the honest answer is that you \
                                         did not."
                                    }
                                ),
                            });
                        } else if let Some(f) = c.findings.first() {
                            let quote = if f.quote.is_empty() {
                                String::new()
                            } else {
                                format!(" You said: \"{}\"", f.quote)
                            };
                            candidates.push(Candidate {
                                interview: i,
                                principle: p.clone(),
                                rating: Some(rating),
                                bar_raiser: iv.bar_raiser,
                                score: c.overall,
                                signal: f.signal,
                                text: format!(
                                    "{name} ({}, scored {}): {}{} {}",
                                    iv.title, c.overall, f.message, quote, f.suggestion
                                ),
                            });
                        }
                        (Some(rating), reason)
                    }
                };
                ratings.push(PrincipleRating {
                    principle: p.clone(),
                    rating,
                    reason,
                });
            }
            votes.push(Vote {
                bar_raiser: iv.bar_raiser,
                ratings: ratings.iter().filter_map(|r| r.rating).collect(),
            });
            interviews.push(InterviewDebrief {
                title: iv.title.clone(),
                role: iv.role.clone(),
                bar_raiser: iv.bar_raiser,
                principles: iv.principles.clone(),
                questions: self.asked[i].clone(),
                ratings,
            });
        }
        // A phone screen's parts are one interviewer's (the format gives them one role): one vote
        // holding every principle they assessed, so the reason speaks of "the interviewer", not
        // "2 of 3 interviewers".
        let one_interviewer = self.plan.stage == "phone-screen"
            && votes.len() > 1
            && self
                .plan
                .interviews
                .windows(2)
                .all(|w| w[0].role == w[1].role)
            && votes.iter().all(|v| !v.bar_raiser);
        if one_interviewer {
            votes = vec![Vote {
                bar_raiser: false,
                ratings: votes.into_iter().flat_map(|v| v.ratings).collect(),
            }];
        }
        let Verdict {
            mut decision,
            mut reason,
        } = decide(&votes);
        let heard = interviews
            .iter()
            .flat_map(|iv| &iv.ratings)
            .filter(|r| r.rating.is_some())
            .count();
        let too_few = !self.finished() && unassessed > heard && decision == Decision::Hire;
        if too_few {
            decision = Decision::NoHire;
            reason = self.too_few_reason(heard, heard + unassessed, &reason);
        } else {
            match unassessed {
                0 => {}
                1 => reason.push_str("; the 1 principle not assessed counts neither way"),
                n => reason.push_str(&format!(
                    "; the {n} principles not assessed count neither way"
                )),
            }
        }
        let rated: Vec<Rating> = interviews
            .iter()
            .flat_map(|iv| iv.ratings.iter().filter_map(|r| r.rating))
            .collect();
        let changes = changes(candidates);
        let changes_note = fewer_changes_note(changes.len(), &rated);
        Debrief {
            decision,
            reason,
            interviews,
            changes,
            changes_note,
            ended_early: self.ended_early(too_few),
            repeats: self.repeats(),
            not_probed: self
                .plan
                .left_out_note(|p| critic.principle_name(p).unwrap_or(p).to_string()),
        }
    }

    /// What holds a question's rating below what its critique scored, with the reason said in
    /// full: an answer that repeats an earlier one earns no Hire for the principle it is reused
    /// for; each follow-up left unanswered ("I would ask the team.", "Not sure.", a repeat) takes a
    /// level off, down to No Hire. `None` when nothing does.
    fn held_back(&self, a: &Asked, scored: Rating, name: &str) -> (Rating, Option<String>) {
        let mut rating = scored;
        let mut why: Vec<String> = Vec::new();
        if let Some(of) = a.repeat_of {
            if rating > Rating::NoHire {
                rating = Rating::NoHire;
            }
            why.push(format!(
                "this answer repeats your answer to {}, so it shows nothing new for {name}",
                of.label()
            ));
        }
        for f in &a.follow_ups {
            if follow_up_answered(a, f, &self.deflections) {
                continue;
            }
            if rating > Rating::NoHire {
                rating = match rating {
                    Rating::StrongHire => Rating::Hire,
                    _ => Rating::NoHire,
                };
            }
            let reply = f.answer.split_whitespace().collect::<Vec<_>>().join(" ");
            let reply = match (f.repeat_of, reply.is_empty()) {
                (Some(of), _) => format!("was answered with your answer to {} again", of.label()),
                (None, true) => "got no answer".to_string(),
                (None, false) => format!("got no real answer (\"{}\")", short(&reply, 60)),
            };
            why.push(format!("the follow-up \"{}\" {reply}", short(&f.text, 60)));
        }
        if why.is_empty() {
            return (rating, None);
        }
        let lowered = if rating < scored {
            format!(
                "{} (the answer alone scored {}): ",
                rating.label(),
                scored.label()
            )
        } else {
            String::new()
        };
        let mut text = format!("{lowered}{}", why.join("; "));
        text.push('.');
        if rating < scored {
            // Said as a sentence of its own.
            if let Some(first) = text.get(..1) {
                let upper = first.to_uppercase();
                text.replace_range(..1, &upper);
            }
        }
        (rating, Some(text))
    }

    /// Every answer that repeats an earlier one, in the order given.
    fn repeats(&self) -> Vec<Repeat> {
        let mut out = Vec::new();
        for (i, asked) in self.asked.iter().enumerate() {
            for (q, a) in asked.iter().enumerate() {
                let answers = std::iter::once((None, &a.answer, a.repeat_of)).chain(
                    a.follow_ups
                        .iter()
                        .enumerate()
                        .map(|(k, f)| (Some(k), &f.answer, f.repeat_of)),
                );
                for (follow_up, text, of) in answers {
                    let Some(of) = of else { continue };
                    let answer = AnswerRef {
                        interview: i,
                        question: q,
                        follow_up,
                    };
                    let said = self.answer_at(of).unwrap_or_default();
                    let mut line =
                        format!("{} repeats your answer to {}", answer.label(), of.label());
                    if let Some(first) = line.get(..1) {
                        let upper = first.to_uppercase();
                        line.replace_range(..1, &upper);
                    }
                    line.push('.');
                    out.push(Repeat {
                        answer,
                        of,
                        similarity: (similarity(text, said) * 100.0).round() / 100.0,
                        text: line,
                    });
                }
            }
        }
        out
    }

    /// The text of the answer at `r`, if the mock holds it.
    fn answer_at(&self, r: AnswerRef) -> Option<&str> {
        let a = self.asked.get(r.interview)?.get(r.question)?;
        match r.follow_up {
            None => Some(&a.answer),
            Some(k) => a.follow_ups.get(k).map(|f| f.answer.as_str()),
        }
    }
}

/// At most about `max` characters of `text`, cut after a whole word, with "…" when cut.
pub(crate) fn short(text: &str, max: usize) -> String {
    let Some((at, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let head = &text[..at];
    let cut = head.rfind(char::is_whitespace).map_or(head, |w| &head[..w]);
    format!("{} …", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Why a principle was never asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unasked {
    /// Its interview's time ran out first.
    Time,
    /// The candidate ended the mock at its question, before answering it.
    EndedAt,
    /// The candidate ended the mock before its question was asked.
    EndedBefore,
    /// No question on it was prepared.
    NoQuestion,
}

impl Unasked {
    fn reason(self) -> &'static str {
        match self {
            Unasked::Time => "not assessed: the interview ran out of time before this question",
            Unasked::EndedAt => "not assessed: you ended the mock before answering this question",
            Unasked::EndedBefore => "not assessed: you ended the mock before this question",
            Unasked::NoQuestion => "not assessed: no question on it was asked",
        }
    }
}

/// The sentence of `text` a byte span covers, on one line.
fn quoted(text: &str, start: usize, end: usize) -> Option<String> {
    let s = text.get(start..end)?;
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!flat.is_empty()).then_some(flat)
}

/// Why a principle got `rating`, from the whole exchange on its question (`text`, critiqued as `c`).
/// A rating of Hire or better gives what earned it: the sentence evidencing the principle (or a
/// follow-up answer that filled a gap, or the best-evidenced dimension), quoted. A lower rating
/// gives the biggest gap the critic found, quoting the sentence it rests on.
fn reason_for(
    a: &Asked,
    text: &str,
    c: &Critique,
    (p, name): (&str, &str),
    rating: Rating,
    deflections: &[String],
) -> String {
    if rating >= Rating::Hire {
        let evidence = c
            .principles
            .iter()
            .find(|x| x.id == p && x.score > 0.0)
            .and_then(|x| x.spans.first())
            .and_then(|span| quoted(text, span.start, span.end));
        if let Some(q) = evidence {
            return format!("scored {}/100; {name} shows in \"{q}\"", c.overall);
        }
        let d = &c.dimensions;
        let dims = [
            &d.judgment,
            &d.ownership,
            &d.metrics,
            &d.collaboration,
            &d.scope,
            &d.structure,
            &d.specificity,
            &d.delivery,
        ];
        // The best-scored dimension's evidence, one that quotes the answer first.
        let best = |quoting: bool| {
            dims.iter()
                .filter_map(|x| {
                    x.evidence
                        .iter()
                        .find(|e| !quoting || e.contains('"'))
                        .map(|e| (x.score, e))
                })
                .max_by_key(|(score, _)| *score)
                .map(|(_, e)| e)
        };
        if let Some(e) = best(true) {
            return format!("scored {}/100; strongest evidence, {e}", c.overall);
        }
        // A follow-up that filled a gap, by its first sentence.
        if let Some(f) = answered_gaps(a, deflections).next() {
            let end = f
                .answer
                .char_indices()
                .find(|(i, ch)| {
                    matches!(ch, '.' | '?' | '!')
                        && f.answer[i + 1..]
                            .chars()
                            .next()
                            .is_none_or(char::is_whitespace)
                })
                .map_or(f.answer.len(), |(i, _)| i + 1);
            let first = quoted(&f.answer, 0, end);
            if let Some(q) = first {
                return format!(
                    "scored {}/100; a follow-up filled a gap: \"{q}\"",
                    c.overall
                );
            }
        }
        return match best(false) {
            Some(e) => format!("scored {}/100; strongest evidence, {e}", c.overall),
            None => format!("scored {}/100", c.overall),
        };
    }
    match c.findings.first() {
        Some(f) if !f.quote.is_empty() => format!("{} \"{}\"", f.message, f.quote),
        Some(f) => f.message.clone(),
        None => format!(
            "scored {}/100, short of what a Hire needs, with no single gap named",
            c.overall
        ),
    }
}

/// A rating that a change could lift.
struct Candidate {
    interview: usize,
    principle: String,
    /// `None` for a principle the interview's time ran out on.
    rating: Option<Rating>,
    bar_raiser: bool,
    score: u8,
    signal: &'static str,
    text: String,
}

/// The three changes that would move the outcome most: blocking ratings first (Strong No Hire, then
/// the bar raiser's), then the ratings nearest the bar, as they are the cheapest to lift. One change
/// per kind of gap first, so the three are different pieces of advice; when fewer kinds of gap
/// exist, the next most valuable ratings fill the three (each about another rating, so about
/// another principle or interview). Fewer than three only when fewer ratings can move.
fn changes(mut candidates: Vec<Candidate>) -> Vec<Change> {
    candidates.retain(|c| c.rating != Some(Rating::StrongHire));
    candidates.sort_by(|a, b| {
        // A principle time ran out on weighs as a No Hire would.
        let level = |c: &Candidate| c.rating.unwrap_or(Rating::NoHire);
        level(a)
            .cmp(&level(b))
            .then(b.bar_raiser.cmp(&a.bar_raiser))
            .then(b.score.cmp(&a.score))
            .then(a.interview.cmp(&b.interview))
    });
    let mut seen: HashSet<&str> = HashSet::new();
    let mut picked: Vec<usize> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if picked.len() == 3 {
            break;
        }
        if seen.insert(c.signal) {
            picked.push(i);
        }
    }
    for i in 0..candidates.len() {
        if picked.len() == 3 {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| picked.contains(i))
        .map(|(_, c)| Change {
            interview: c.interview,
            principle: c.principle,
            rating: c.rating,
            text: c.text,
        })
        .collect()
}

/// Why a debrief names fewer than three changes: only so many ratings could move.
fn fewer_changes_note(found: usize, rated: &[Rating]) -> Option<String> {
    if found >= 3 {
        return None;
    }
    let total = rated.len();
    let strong = rated.iter().filter(|r| **r == Rating::StrongHire).count();
    let short = total - strong;
    let ratings = |n: usize| if n == 1 { "rating" } else { "ratings" };
    let changes = match found {
        0 => "No change to name".to_string(),
        1 => "Only one change".to_string(),
        n => format!("Only {n} changes"),
    };
    Some(if total == 0 {
        if found == 0 {
            "No change to name: no principle was rated.".to_string()
        } else {
            format!("{changes}: no principle was rated, so there is nothing more to draw on.")
        }
    } else if short == 0 {
        format!("No change to name: all {total} principles assessed were rated Strong Hire.")
    } else if found < short {
        let gaps = if found == 0 {
            "no gap to name in those answers".to_string()
        } else {
            format!("a gap to name in only {found} of those answers")
        };
        format!(
            "{changes}: {short} {} fell short of Strong Hire, but the critic found {gaps}.",
            ratings(short)
        )
    } else if strong == 0 {
        if total == 1 {
            format!("{changes}: this mock rated only one principle.")
        } else {
            format!("{changes}: this mock rated only {total} principles.")
        }
    } else {
        format!(
            "{changes}: the other {strong} {} of this mock {} Strong Hire already.",
            ratings(strong),
            if strong == 1 { "is" } else { "are" }
        )
    })
}

/// Prepares the questions of every interview of `plan`: one per assessed principle, weakest first,
/// with the system-design interviewer opening on a system-design question. Every question is
/// labelled with a principle it probes (one of its own tags, its main one first): a design or
/// technical question only with a principle a design answer can show (`shown_in_design`), and a
/// principle no question of the interviewer's kinds probes is asked with a behavioural question.
/// A design question that probes none of its interviewer's principles is labelled with none and
/// rates nothing. Deterministic for a seed.
pub fn prepare(
    pack: &Pack,
    plan: &Plan,
    weakness: &HashMap<String, f64>,
    recent: &HashSet<String>,
    seed: u64,
) -> Vec<Vec<Prepared>> {
    let (_, design_shown) = crate::principle_traits(pack);
    // With no principle marked, any may be shown in a design answer (a pack that does not say).
    let in_design = |p: &String| design_shown.is_empty() || design_shown.contains(p);
    let weak = |p: &String| weakness.get(p).copied().unwrap_or(1.0);
    let mut seen: HashSet<String> = recent.clone();
    let mut out = Vec::new();
    for (i, iv) in plan.interviews.iter().enumerate() {
        let seed = seed.wrapping_add(i as u64);
        let mut picked: Vec<Prepared> = Vec::new();
        let mut order: Vec<&String> = iv.principles.iter().collect();
        order.sort_by(|a, b| weak(b).total_cmp(&weak(a)));
        let mut labelled: Vec<&String> = Vec::new();
        fn choice<'c>(
            principles: &'c [String],
            kinds: &'c [Kind],
            (stage, weakness): (&'c str, &'c HashMap<String, f64>),
            recent: &'c HashSet<String>,
            seed: u64,
        ) -> Choice<'c> {
            Choice {
                principles,
                kinds,
                stage,
                weakness,
                recent,
                seed,
            }
        }
        let at = (plan.stage.as_str(), weakness);
        if iv.system_design {
            let design = [Kind::SystemDesign];
            let c = choice(&iv.principles, &design, at, &seen, seed);
            // A design question probing the weakest of the interviewer's principles it can show.
            let fit = order
                .iter()
                .filter(|p| in_design(p))
                .find_map(|p| probing(pack, &c, p).map(|q| (q, *p)));
            let q = fit
                .map(|(q, _)| q)
                .or_else(|| questions(pack, &c, 1).first().copied());
            if let Some(q) = q {
                // Labelled with its main tag among the interviewer's principles.
                let label = q
                    .principles
                    .iter()
                    .find(|t| iv.principles.contains(t) && in_design(t));
                seen.insert(q.id.clone());
                picked.push(prepared(q, label.map_or("", String::as_str)));
                labelled.extend(label);
            }
        }
        // One question per principle, weakest first, so each question is labelled with the
        // principle it was chosen for, and probes it.
        for p in order {
            if labelled.contains(&p) {
                continue;
            }
            let kinds: Vec<Kind> = iv
                .kinds
                .iter()
                .copied()
                .filter(|k| !crate::is_design_kind(*k) || in_design(p))
                .collect();
            let q =
                probing(pack, &choice(&iv.principles, &kinds, at, &seen, seed), p).or_else(|| {
                    let behavioural = [Kind::Behavioural];
                    probing(
                        pack,
                        &choice(&iv.principles, &behavioural, at, &seen, seed),
                        p,
                    )
                });
            if let Some(q) = q {
                seen.insert(q.id.clone());
                picked.push(prepared(q, p));
            }
        }
        out.push(picked);
    }
    out
}

fn prepared(q: &tpmprep_content::Question, principle: &str) -> Prepared {
    Prepared {
        question_id: q.id.clone(),
        text: q.text.clone(),
        principle: principle.to_string(),
        principles: q.principles.clone(),
        kind: Some(q.kind),
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;

    fn candidate(principle: &str, rating: Rating, signal: &'static str) -> Candidate {
        Candidate {
            interview: 0,
            principle: principle.into(),
            rating: Some(rating),
            bar_raiser: false,
            score: 40,
            signal,
            text: format!("{principle}: {signal}"),
        }
    }

    /// Three ratings short of the bar with the same kind of gap still give three changes (one per
    /// principle); a debrief used to keep one change per kind of gap and name only one or two.
    #[test]
    fn three_changes_when_three_ratings_can_move_even_with_one_kind_of_gap() {
        let got = changes(vec![
            candidate("ownership", Rating::NoHire, "too-short"),
            candidate("dive-deep", Rating::NoHire, "too-short"),
            candidate("frugality", Rating::Hire, "too-short"),
            candidate("earn-trust", Rating::StrongHire, "numbers"),
        ]);
        let principles: Vec<&str> = got.iter().map(|c| c.principle.as_str()).collect();
        assert_eq!(principles, ["ownership", "dive-deep", "frugality"]);
        // Different kinds of gap still come first when there are enough.
        let got = changes(vec![
            candidate("a", Rating::NoHire, "too-short"),
            candidate("b", Rating::NoHire, "too-short"),
            candidate("c", Rating::NoHire, "numbers"),
            candidate("d", Rating::NoHire, "ownership"),
        ]);
        let principles: Vec<&str> = got.iter().map(|c| c.principle.as_str()).collect();
        assert_eq!(principles, ["a", "c", "d"]);
    }

    #[test]
    fn fewer_than_three_changes_say_why() {
        use Rating::*;
        assert_eq!(fewer_changes_note(3, &[NoHire, NoHire, NoHire]), None);
        assert_eq!(
            fewer_changes_note(2, &[NoHire, Hire, StrongHire, StrongHire]).as_deref(),
            Some("Only 2 changes: the other 2 ratings of this mock are Strong Hire already.")
        );
        assert_eq!(
            fewer_changes_note(1, &[NoHire, NoHire, NoHire]).as_deref(),
            Some(
                "Only one change: 3 ratings fell short of Strong Hire, but the critic found a gap \
                 to name in only 1 of those answers."
            )
        );
        assert_eq!(
            fewer_changes_note(0, &[StrongHire, StrongHire]).as_deref(),
            Some("No change to name: all 2 principles assessed were rated Strong Hire.")
        );
        // A mock of one rating (a custom mock of one principle) does not speak of "the other 0".
        assert_eq!(
            fewer_changes_note(1, &[NoHire]).as_deref(),
            Some("Only one change: this mock rated only one principle.")
        );
    }
}
