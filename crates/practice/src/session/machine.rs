//! The state machine of a mock: start, replay, answer, follow-up or next question, and the end.

use tpmprep_content::Probe;
use tpmprep_critic::{Critic, Critique, Input};

use super::{
    Asked, Current, Effect, FollowUpRecord, Prepared, ReplayError, SavedAnswer, Setup,
    exchange_critique,
};
use crate::{Plan, follow_up};

/// Follow-ups per question at most.
pub const MAX_FOLLOW_UPS: usize = 2;
/// Seconds an interview must still have left for a follow-up to be asked.
pub const FOLLOW_UP_MIN_SECONDS: u32 = 45;

/// A mock in progress.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) plan: Plan,
    pub(super) questions: Vec<Vec<Prepared>>,
    pub(super) asked: Vec<Vec<Asked>>,
    pub(super) used_seconds: Vec<u32>,
    pub(super) asked_probes: Vec<String>,
    /// Stories told so far: (story id, the three principles the telling is best evidence of, best
    /// first).
    pub(super) told: Vec<(i64, Vec<String>)>,
    /// (interview, question, pending follow-up probe) of the prompt awaiting an answer.
    pub(super) cursor: Option<(usize, usize, Option<Probe>)>,
    pub(super) seed: u64,
    /// Replies that dodge a follow-up (the pack's `deflections`).
    pub(super) deflections: Vec<String>,
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

    pub(super) fn seconds_left(&self, interview: usize) -> u32 {
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

    fn critique(&self, i: usize, critic: &Critic) -> Critique {
        match self.asked[i].last() {
            Some(a) => exchange_critique(a, critic, &self.deflections).1,
            None => critic.critique(&Input::default()),
        }
    }
}
