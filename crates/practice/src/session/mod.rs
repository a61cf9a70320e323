//! One mock interview as a state machine: events in, effects out. No clock and no IO: the caller
//! measures time, shows prompts and saves what the effects say to save.
//!
//! - `model`: the saved and shown types (setup, answers, effects, debrief).
//! - `machine`: the state machine (start, replay, answer, next question, end).
//! - `probing` and `repeats`: retold stories, pressed follow-ups and repeated answers.
//! - `rating`, `debrief` and `changes`: principle ratings, the committee's decision and the three
//!   changes.
//! - `questions`: preparing the questions of a plan.

mod changes;
mod debrief;
mod machine;
mod model;
mod probing;
mod questions;
mod rating;
mod repeats;

pub use machine::{FOLLOW_UP_MIN_SECONDS, MAX_FOLLOW_UPS, Session};
pub use model::{
    AnswerRef, Asked, Change, Current, Debrief, Effect, FollowUpRecord, InterviewDebrief, Prepared,
    PrincipleRating, Repeat, ReplayError, SavedAnswer, Setup,
};
pub use questions::prepare;
pub use rating::{exchange_critique, exchange_text, follow_up_answered};
pub use repeats::{REPEAT_AT, REPEAT_MIN_WORDS};
