//! The debrief: ratings per principle per interviewer, the committee's hire decision, why a
//! principle went unasked, and the rule for a mock ended early.

use tpmprep_critic::Critic;

use super::changes::{Candidate, changes, fewer_changes_note};
use super::rating::{rating_for, reason_for};
use super::{
    Debrief, InterviewDebrief, PrincipleRating, Session, exchange_critique, follow_up_answered,
};
use crate::{Decision, Rating, Verdict, Vote, decide, is_screen};

impl Session {
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
