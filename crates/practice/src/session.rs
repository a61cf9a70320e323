//! One mock interview as a state machine: events in, effects out. No clock and no IO: the caller
//! measures time, shows prompts and saves what the effects say to save.

use serde::Serialize;
use tpmprep_content::Probe;
use tpmprep_critic::{Critic, Critique, Input, Question as CriticQuestion};

use crate::{Decision, Plan, Rating, Verdict, Vote, decide, follow_up};

/// Follow-ups per question at most.
pub const MAX_FOLLOW_UPS: usize = 2;
/// Seconds an interview must still have left for a follow-up to be asked.
pub const FOLLOW_UP_MIN_SECONDS: u32 = 45;

/// A question prepared for one interview.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Prepared {
    /// Question id in the pack.
    pub question_id: String,
    /// Its text.
    pub text: String,
    /// The principle it assesses here.
    pub principle: String,
    /// The pack's principle tags of the question.
    pub principles: Vec<String>,
}

/// A follow-up asked and its answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FollowUpRecord {
    /// Probe id.
    pub probe_id: String,
    /// What was asked.
    pub text: String,
    /// The answer.
    pub answer: String,
}

/// A question asked and everything said about it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Asked {
    /// The question.
    pub question: Prepared,
    /// The first answer.
    pub answer: String,
    /// Follow-ups and their answers.
    pub follow_ups: Vec<FollowUpRecord>,
    /// Critic score (0..=100) of everything said for this question.
    pub score: u8,
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
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InterviewDebrief {
    /// Role id.
    pub role: String,
    /// Principles assessed.
    pub principles: Vec<String>,
    /// Questions asked.
    pub questions: Vec<Asked>,
    /// Ratings per principle.
    pub ratings: Vec<PrincipleRating>,
}

/// A principle's rating with its reason.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrincipleRating {
    /// Principle id.
    pub principle: String,
    /// The rating.
    pub rating: Rating,
    /// Why, quoting the answer.
    pub reason: String,
}

/// The hiring-committee style debrief.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Debrief {
    /// hire / no-hire.
    pub decision: Decision,
    /// The committee's reasoning.
    pub reason: String,
    /// Per interviewer.
    pub interviews: Vec<InterviewDebrief>,
}

/// A mock in progress.
#[derive(Debug, Clone)]
pub struct Session {
    plan: Plan,
    questions: Vec<Vec<Prepared>>,
    asked: Vec<Vec<Asked>>,
    used_seconds: Vec<u32>,
    asked_probes: Vec<String>,
    /// (interview, question, pending follow-up probe) of the prompt awaiting an answer.
    cursor: Option<(usize, usize, Option<Probe>)>,
    seed: u64,
}

/// The critique of everything said for one question: the answer and every follow-up answer.
fn critique_of(a: &Asked, critic: &Critic) -> Critique {
    let mut text = a.answer.clone();
    for f in &a.follow_ups {
        text.push_str("\n\n");
        text.push_str(&f.answer);
    }
    critic.critique(&Input {
        text: &text,
        question: Some(CriticQuestion {
            text: &a.question.text,
            principles: &a.question.principles,
        }),
        ..Input::default()
    })
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
            cursor: None,
            seed,
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

    /// Whether the mock is over.
    pub fn finished(&self) -> bool {
        self.cursor.is_none()
    }

    /// The candidate answered the current prompt after `seconds`. Returns what to do next; the first
    /// effect is always the `Save` of this answer.
    pub fn answer(
        &mut self,
        text: &str,
        seconds: u32,
        critic: &Critic,
        probes: &[Probe],
    ) -> Vec<Effect> {
        let Some((i, q, pending)) = self.cursor.take() else {
            return vec![Effect::Finished];
        };
        self.used_seconds[i] = self.used_seconds[i].saturating_add(seconds);
        let mut effects = Vec::new();
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
                    follow_ups: Vec::new(),
                    score: 0,
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
                    a.follow_ups.push(FollowUpRecord {
                        probe_id: probe.id.clone(),
                        text: probe.text.clone(),
                        answer: text.to_string(),
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
        if asked_here < MAX_FOLLOW_UPS && self.seconds_left(i) >= FOLLOW_UP_MIN_SECONDS {
            let seed = self.seed ^ ((i as u64) << 32) ^ ((q as u64) << 8) ^ asked_here as u64;
            if let Some(p) =
                follow_up::choose(&critique, probes, &self.asked_probes, 1, seed).first()
            {
                self.asked_probes.push(p.id.clone());
                self.cursor = Some((i, q, Some((*p).clone())));
                effects.push(Effect::Prompt {
                    interview: i,
                    text: p.text.clone(),
                    follow_up: true,
                    seconds_left: self.seconds_left(i),
                });
                return effects;
            }
        }
        effects.extend(self.next_question(i, q + 1));
        effects
    }

    fn critique(&self, i: usize, critic: &Critic) -> Critique {
        match self.asked[i].last() {
            Some(a) => critique_of(a, critic),
            None => critic.critique(&Input::default()),
        }
    }

    /// The debrief: ratings per principle per interviewer, and the committee's decision.
    pub fn debrief(&self, critic: &Critic) -> Debrief {
        let mut interviews = Vec::new();
        let mut votes = Vec::new();
        for (i, iv) in self.plan.interviews.iter().enumerate() {
            let mut ratings = Vec::new();
            for p in &iv.principles {
                let asked = self.asked[i].iter().find(|a| &a.question.principle == p);
                let (rating, reason) = match asked {
                    None => (
                        Rating::NoHire,
                        "not assessed: the interview ran out of time".to_string(),
                    ),
                    Some(a) => {
                        let c = critique_of(a, critic);
                        let rating = rating_for(&c, p);
                        let reason = match c.findings.first() {
                            Some(f) if !f.quote.is_empty() => {
                                format!("{} \"{}\"", f.message, f.quote)
                            }
                            Some(f) => f.message.clone(),
                            None => format!("scored {}/100 with no gaps found", c.overall),
                        };
                        (rating, reason)
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
                ratings: ratings.iter().map(|r| r.rating).collect(),
            });
            interviews.push(InterviewDebrief {
                role: iv.role.clone(),
                principles: iv.principles.clone(),
                questions: self.asked[i].clone(),
                ratings,
            });
        }
        let Verdict { decision, reason } = decide(&votes);
        Debrief {
            decision,
            reason,
            interviews,
        }
    }
}
