/*!
Mock interviews as pure functions and data: no IO, no clock, no async. The binary and the web layer
perform what these functions decide.

What it holds:
- [`plan()`]: turns a pack format into a concrete interview plan: who interviews, for how long, which
  principles each assesses (never one twice in a loop, an `always_assessed` one always, the bar raiser
  on the weakest, a design-only interviewer only on what a design answer shows), and who asks the
  system-design question. Deterministic for a given seed.
- [`decide`]: the hiring-committee rule that turns per-principle ratings into a loop decision.
- [`follow_up::choose`]: up to two follow-ups aimed at the critic's biggest gaps, worded from the
  pack's probes and never repeated within a mock.
- [`choose::questions`]: questions weighted toward weak principles and away from recent ones;
  [`choose::matching_story`] and [`choose::reuse_warning`] for story reuse within a loop.
- [`session::prepare`]: the questions of every interview of a plan.
- [`session::Session`]: one mock as a state machine (answers in; prompts, saves and the end out), its
  replay from saved answers ([`session::Session::replay`]) and its hiring-committee
  [`session::Debrief`] with the three changes that would move the outcome most.
- [`trend`]: per-principle ratings across mocks and the weakness they imply.
- [`drill`]: spaced-repetition drills scheduled by the `fsrs` crate, interview-date aware.
- [`mod@plan`]: the study plan — tasks sized in hours, week by week up to the interview, with its
  Markdown and `.ics` exports; [`readiness`]: the weighted 0–100 readiness figure.
- [`estimate`]: the back-of-envelope estimator (QPS, storage, bandwidth, cache, nodes) with the
  arithmetic said aloud, and the quantities with units it reads.

Invariant: knows the pack (`content`) and the critic only; no SQL, HTTP, terminal or clock.
*/
#![deny(missing_docs)]

pub mod choose;
pub mod design;
pub mod drill;
pub mod estimate;
pub mod follow_up;
pub mod plan;
pub mod readiness;
pub mod session;
pub mod trend;

use std::collections::HashMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use tpmprep_content::{Format, Kind};

/// Minutes of interview per principle assessed: a 55-minute interview covers three, a 30-minute one two.
pub const MINUTES_PER_PRINCIPLE: u32 = 18;

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The format has no interview at that stage.
    #[error("format `{format}` has no interviews at stage `{stage}` (it has: {available})")]
    NoInterviews {
        /// Format id.
        format: String,
        /// Stage asked for.
        stage: String,
        /// Stages it does have.
        available: String,
    },
    /// The minutes scale is not a positive finite number at most 1.
    #[error("--minutes-scale must be a number above 0 and at most 1 (got {0})")]
    BadScale(String),
}

/// What a plan is made from.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    /// The format (from the pack).
    pub format: &'a Format,
    /// The stage to plan (`loop`, `phone-screen` ...).
    pub stage: &'a str,
    /// Every principle id of the pack, in pack order.
    pub principles: &'a [String],
    /// How weak the candidate is on each principle, 0 (strong) ..= 1 (no evidence). Missing = 1.
    pub weakness: &'a HashMap<String, f64>,
    /// Shortens every interview proportionally (1 = real length).
    pub minutes_scale: f64,
    /// Seed for tie-breaking, so the same inputs give the same plan.
    pub seed: u64,
    /// Principles every plan gives an interviewer (the pack's `always_assessed`), placed before
    /// any other.
    pub always: &'a [String],
    /// Principles a system-design or technical answer can show (the pack's `shown_in_design`): a
    /// design-only interviewer takes only these. Empty: any principle.
    pub design: &'a [String],
}

/// The principles of `pack` marked `always_assessed` and `shown_in_design`, in pack order: the
/// [`PlanInput::always`] and [`PlanInput::design`] of a plan over that pack.
pub fn principle_traits(pack: &tpmprep_content::Pack) -> (Vec<String>, Vec<String>) {
    let ids = |f: fn(&tpmprep_content::Principle) -> bool| {
        pack.principles
            .iter()
            .filter(|p| f(p))
            .map(|p| p.id.clone())
            .collect()
    };
    (ids(|p| p.always_assessed), ids(|p| p.shown_in_design))
}

/// One interview of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedInterview {
    /// Interview id from the format.
    pub id: String,
    /// Title.
    pub title: String,
    /// Role id of the interviewer.
    pub role: String,
    /// Length in seconds after scaling (at least 60).
    pub seconds: u32,
    /// Question kinds this interviewer draws from.
    pub kinds: Vec<Kind>,
    /// Principles this interviewer assesses.
    pub principles: Vec<String>,
    /// The bar raiser.
    pub bar_raiser: bool,
    /// This interviewer asks the system-design question.
    pub system_design: bool,
    /// What the interviewer listens for.
    pub focus: String,
}

/// A whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Format id.
    pub format: String,
    /// Stage planned.
    pub stage: String,
    /// Interviews in order.
    pub interviews: Vec<PlannedInterview>,
    /// Principles no interviewer had room for.
    pub uncovered: Vec<String>,
}

/// Whether a question of this kind is a design or technical one, judged on design, not as a story.
pub fn is_design_kind(kind: Kind) -> bool {
    matches!(kind, Kind::SystemDesign | Kind::Technical)
}

/// Whether an interviewer draws only design and technical questions.
fn design_only(kinds: &[Kind]) -> bool {
    !kinds.is_empty() && kinds.iter().all(|k| is_design_kind(*k))
}

fn capacity(minutes: u32, kinds: &[Kind]) -> usize {
    if design_only(kinds) {
        1
    } else {
        ((minutes as f64 / f64::from(MINUTES_PER_PRINCIPLE)).round() as usize).clamp(1, 3)
    }
}

impl Plan {
    /// Which principles a loop's plan leaves out and why, in words, principles named by `name`:
    /// "Not probed: Frugality, Think Big and Ownership — the 5 interviews have room for 13 of the
    /// 16 principles; …". `None` when every principle has an interviewer, and for a screen, which
    /// probes a few principles by design.
    pub fn left_out_note(&self, name: impl Fn(&str) -> String) -> Option<String> {
        // A screen probes a few principles by design; the loop is where coverage is weighed.
        if self.uncovered.is_empty() || is_screen(&self.stage) {
            return None;
        }
        let names: Vec<String> = self.uncovered.iter().map(|p| name(p)).collect();
        let list = match names.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        let room: usize = self.interviews.iter().map(|i| i.principles.len()).sum();
        let total = room + self.uncovered.len();
        let n = self.interviews.len();
        let interviews = if n == 1 {
            "the one interview has".to_string()
        } else {
            format!("the {n} interviews have")
        };
        Some(format!(
            "Not probed: {list}. {} room for {room} of the {total} principles; the weakest by \
             your stories and past mocks go first, ties drawn by the seed, and {} for another mock.",
            capitalise(&interviews),
            if names.len() == 1 {
                "this one waits"
            } else {
                "these wait"
            }
        ))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Plans the interviews of one stage of a format.
pub fn plan(input: &PlanInput<'_>) -> Result<Plan, PlanError> {
    let scale = input.minutes_scale;
    if !(scale.is_finite() && scale > 0.0 && scale <= 1.0) {
        return Err(PlanError::BadScale(scale.to_string()));
    }
    let source: Vec<_> = input
        .format
        .interviews
        .iter()
        .filter(|i| i.stage == input.stage)
        .collect();
    if source.is_empty() {
        let mut stages: Vec<&str> = input
            .format
            .interviews
            .iter()
            .map(|i| i.stage.as_str())
            .collect();
        stages.dedup();
        return Err(PlanError::NoInterviews {
            format: input.format.id.clone(),
            stage: input.stage.to_string(),
            available: stages.join(", "),
        });
    }

    // Weakest first; ties broken by a seeded shuffle so plans vary between mocks but repeat per seed.
    let mut order: Vec<String> = input.principles.to_vec();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(input.seed);
    order.shuffle(&mut rng);
    let weak = |p: &String| {
        input
            .weakness
            .get(p)
            .copied()
            .unwrap_or(1.0)
            .clamp(0.0, 1.0)
    };
    order.sort_by(|a, b| weak(b).total_cmp(&weak(a)));

    let caps: Vec<usize> = source
        .iter()
        .map(|i| capacity(i.minutes, &i.kinds))
        .collect();
    // A design-only interviewer takes only principles a design answer can show.
    let fits = |i: usize, p: &String| {
        !design_only(&source[i].kinds) || input.design.is_empty() || input.design.contains(p)
    };
    // The system-design question goes to the first interviewer who draws system-design questions,
    // else the first who draws technical ones.
    let design_at = source
        .iter()
        .position(|i| i.kinds.contains(&Kind::SystemDesign))
        .or_else(|| {
            source
                .iter()
                .position(|i| i.kinds.contains(&Kind::Technical))
        });

    let mut assigned: Vec<Vec<String>> = vec![Vec::new(); source.len()];
    let mut taken: Vec<String> = Vec::new();

    // 1. The bar raiser takes the weakest principles.
    for (i, _) in source.iter().enumerate().filter(|(_, iv)| iv.bar_raiser) {
        let weakest: Vec<String> = order
            .iter()
            .filter(|p| !taken.contains(p) && fits(i, p))
            .take(caps[i])
            .cloned()
            .collect();
        for p in weakest {
            taken.push(p.clone());
            assigned[i].push(p);
        }
    }
    // 2. A principle every loop assesses, if the bar raiser did not take it, goes to another
    //    interviewer the format suggests it for, else to the one with the most room (the bar
    //    raiser only when no one else has room).
    for p in input.always.iter().filter(|p| input.principles.contains(p)) {
        if taken.contains(p) {
            continue;
        }
        let room = |i: usize| caps[i] - assigned[i].len();
        let open = |i: &usize| room(*i) > 0 && fits(*i, p);
        let suggested = (0..source.len())
            .filter(open)
            .find(|&i| !source[i].bar_raiser && source[i].principles.contains(p));
        let roomiest = (0..source.len())
            .filter(open)
            .max_by_key(|&i| (!source[i].bar_raiser, room(i), std::cmp::Reverse(i)));
        if let Some(i) = suggested.or(roomiest) {
            taken.push(p.clone());
            assigned[i].push(p.clone());
        }
    }
    // The interviewer who asks the system-design question assesses a principle a design answer
    // can show, so the question rates something: one the format suggests for them, else the
    // weakest free one.
    if let Some(i) = design_at {
        let shows = |p: &String| input.design.is_empty() || input.design.contains(p);
        let has_one = assigned[i].iter().any(shows);
        if !has_one && assigned[i].len() < caps[i] {
            let free = |p: &&String| input.principles.contains(p) && !taken.contains(p) && shows(p);
            let pick = source[i]
                .principles
                .iter()
                .find(free)
                .or_else(|| order.iter().find(free))
                .cloned();
            if let Some(p) = pick {
                taken.push(p.clone());
                assigned[i].push(p);
            }
        }
    }
    // 3. Others take the principles the format suggests for them, when still free.
    for (i, iv) in source.iter().enumerate().filter(|(_, iv)| !iv.bar_raiser) {
        for p in &iv.principles {
            if assigned[i].len() < caps[i]
                && input.principles.contains(p)
                && !taken.contains(p)
                && fits(i, p)
            {
                taken.push(p.clone());
                assigned[i].push(p.clone());
            }
        }
    }
    // 4. Remaining room is filled weakest-first, one principle per interviewer per round.
    let mut remaining: Vec<String> = order
        .iter()
        .filter(|p| !taken.contains(p))
        .cloned()
        .collect();
    loop {
        let mut progressed = false;
        for i in 0..source.len() {
            if assigned[i].len() < caps[i] {
                if let Some(k) = remaining.iter().position(|p| fits(i, p)) {
                    assigned[i].push(remaining.remove(k));
                    progressed = true;
                }
            }
        }
        if !progressed {
            break;
        }
    }

    let interviews = source
        .iter()
        .enumerate()
        .map(|(i, iv)| PlannedInterview {
            id: iv.id.clone(),
            title: iv.title.clone(),
            role: iv.role.clone(),
            seconds: ((f64::from(iv.minutes) * 60.0 * scale).round() as u32).max(60),
            kinds: iv.kinds.clone(),
            principles: assigned[i].clone(),
            bar_raiser: iv.bar_raiser,
            system_design: design_at == Some(i),
            focus: iv.focus.clone(),
        })
        .collect();
    Ok(Plan {
        format: input.format.id.clone(),
        stage: input.stage.to_string(),
        interviews,
        uncovered: remaining,
    })
}

/// A rating of one principle by one interviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    /// Clear evidence against.
    StrongNoHire,
    /// Not enough evidence.
    NoHire,
    /// Enough evidence.
    Hire,
    /// Evidence above the bar.
    StrongHire,
}

impl Rating {
    /// How a debrief says it.
    pub fn label(self) -> &'static str {
        match self {
            Rating::StrongNoHire => "Strong No Hire",
            Rating::NoHire => "No Hire",
            Rating::Hire => "Hire",
            Rating::StrongHire => "Strong Hire",
        }
    }

    /// The kebab-case id used in JSON and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::StrongNoHire => "strong-no-hire",
            Rating::NoHire => "no-hire",
            Rating::Hire => "hire",
            Rating::StrongHire => "strong-hire",
        }
    }

    /// Parses [`Rating::as_str`].
    pub fn parse(s: &str) -> Option<Rating> {
        [
            Rating::StrongNoHire,
            Rating::NoHire,
            Rating::Hire,
            Rating::StrongHire,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// How a debrief says a rating that may be missing: a principle never asked is "Not assessed".
pub fn rating_label(r: Option<Rating>) -> &'static str {
    r.map_or("Not assessed", Rating::label)
}

/// The kebab-case id of a rating that may be missing: `not-assessed` for a principle never asked.
pub fn rating_id(r: Option<Rating>) -> &'static str {
    r.map_or("not-assessed", Rating::as_str)
}

/// Serde for a rating that may be missing, as [`rating_id`] writes it (`not-assessed` for none).
pub mod assessed {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::{Rating, rating_id};

    /// Writes [`rating_id`].
    pub fn serialize<S: Serializer>(r: &Option<Rating>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rating_id(*r))
    }

    /// Reads what [`serialize`] wrote.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rating>, D::Error> {
        let s = String::deserialize(d)?;
        if s == "not-assessed" {
            return Ok(None);
        }
        Rating::parse(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("unknown rating `{s}`")))
    }
}

impl Decision {
    /// `hire` or `no-hire`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Hire => "hire",
            Decision::NoHire => "no-hire",
        }
    }

    /// How a debrief says the decision at `stage`: after a screen (a stage whose id names a
    /// screen, e.g. `phone-screen`) the committee decides whether the candidate goes on, not
    /// whether to hire: "Advance to the loop" / "Not this time"; after the loop, "Hire" / "No hire".
    pub fn label_at(self, stage: &str) -> &'static str {
        match (is_screen(stage), self) {
            (true, Decision::Hire) => "Advance to the loop",
            (true, Decision::NoHire) => "Not this time",
            (false, Decision::Hire) => "Hire",
            (false, Decision::NoHire) => "No hire",
        }
    }
}

/// Whether a stage is a screen before the loop (`phone-screen`, `second-phone-screen`,
/// `recruiter-screen`), whose outcome is to go on or not rather than an offer.
pub fn is_screen(stage: &str) -> bool {
    stage.split('-').any(|w| w == "screen")
}

/// One interviewer's ratings.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote {
    /// The bar raiser.
    pub bar_raiser: bool,
    /// One rating per principle assessed.
    pub ratings: Vec<Rating>,
}

impl Vote {
    /// The interviewer's overall call: Strong No Hire if any principle is; otherwise Hire or better
    /// when at least half the principles are rated Hire or better; Strong Hire when all are Strong Hire.
    pub fn overall(&self) -> Rating {
        if self.ratings.is_empty() {
            return Rating::NoHire;
        }
        if self.ratings.contains(&Rating::StrongNoHire) {
            return Rating::StrongNoHire;
        }
        if self.ratings.iter().all(|r| *r == Rating::StrongHire) {
            return Rating::StrongHire;
        }
        let good = self.ratings.iter().filter(|r| **r >= Rating::Hire).count();
        if good * 2 >= self.ratings.len() {
            Rating::Hire
        } else {
            Rating::NoHire
        }
    }
}

/// The loop's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Offer.
    Hire,
    /// No offer.
    NoHire,
}

/// Why the committee decided as it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The decision.
    pub decision: Decision,
    /// One sentence of reasoning.
    pub reason: String,
}

/// The hiring-committee rule: any Strong No Hire, or a bar raiser below Hire, blocks; otherwise a
/// majority of interviewers at Hire or better is a hire. A vote holds only the principles its
/// interviewer assessed: a principle never asked counts neither way, and an interviewer who assessed
/// nothing has no vote. With one interviewer (a phone screen) the reason speaks of "the interviewer".
pub fn decide(votes: &[Vote]) -> Verdict {
    let voting: Vec<(usize, &Vote)> = votes
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.ratings.is_empty())
        .collect();
    let no = |reason: String| Verdict {
        decision: Decision::NoHire,
        reason,
    };
    if voting.is_empty() {
        return no("no principle was assessed, so there is nothing to decide on".into());
    }
    // One interviewer (a phone screen), or the only one who assessed anything.
    let alone = voting.len() == 1;
    let who = |k: usize| {
        if votes.len() == 1 {
            "the interviewer".to_string()
        } else {
            format!(
                "interviewer {}, the only one who assessed anything,",
                voting[k].0 + 1
            )
        }
    };
    let overall: Vec<Rating> = voting.iter().map(|(_, v)| v.overall()).collect();
    if let Some(k) = overall.iter().position(|r| *r == Rating::StrongNoHire) {
        return no(if alone {
            format!(
                "{} rated a principle Strong No Hire, which no other rating outweighs",
                who(k)
            )
        } else {
            format!(
                "interviewer {} rated a principle Strong No Hire, which blocks the outcome",
                voting[k].0 + 1
            )
        });
    }
    if let Some(k) = voting
        .iter()
        .zip(&overall)
        .position(|((_, v), r)| v.bar_raiser && *r < Rating::Hire)
    {
        return no(format!(
            "the bar raiser (interviewer {}) is not inclined to hire, which is a veto",
            voting[k].0 + 1
        ));
    }
    if alone {
        let v = voting[0].1;
        let good = v.ratings.iter().filter(|r| **r >= Rating::Hire).count();
        let n = v.ratings.len();
        let of = if n == 1 {
            format!(
                "the one principle assessed was rated {}",
                v.ratings[0].label()
            )
        } else {
            format!("{good} of the {n} principles assessed were rated Hire or better")
        };
        return if overall[0] >= Rating::Hire {
            Verdict {
                decision: Decision::Hire,
                reason: format!("{} is inclined to hire: {of}", who(0)),
            }
        } else if n == 1 {
            no(format!("{} is not inclined to hire: {of}", who(0)))
        } else {
            no(format!(
                "{} is not inclined to hire: {of}, and at least half is needed",
                who(0)
            ))
        };
    }
    let hires = overall.iter().filter(|r| **r >= Rating::Hire).count();
    let n = voting.len();
    let silent = votes.len() - n;
    let silent = match silent {
        0 => String::new(),
        1 => " (one interviewer assessed nothing and has no vote)".to_string(),
        k => format!(" ({k} interviewers assessed nothing and have no vote)"),
    };
    if hires * 2 > n {
        Verdict {
            decision: Decision::Hire,
            reason: format!(
                "{hires} of {n} interviewers inclined to hire and no one blocked{silent}"
            ),
        }
    } else {
        no(format!(
            "only {hires} of {n} interviewers inclined to hire; a majority is needed{silent}"
        ))
    }
}
