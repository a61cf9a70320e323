/*!
System-design practice as pure data and functions: a session's plan of timed phases
([`plan::Setup`]), its clock as a state machine ([`clock::Clock`]: time in, announcements out), the
candidate's boxes-and-arrows diagram ([`diagram::Diagram`], also read and written as
"A → B: what flows" lines for the terminal), hints on demand from the prompt's data
([`hints::next_hint`]), the write-up the critic reads ([`writeup`]) and the candidate's
self-rating on the six objectives ([`SelfRating`]).

Invariant: no IO, no clock (time is always an input), no SQL or HTTP; the JSON shapes here are what
the store keeps whole.
*/

pub mod clock;
pub mod diagram;
pub mod hints;
pub mod plan;
pub mod writeup;

use serde::{Deserialize, Serialize};

/// The six objectives a design interview is judged on, in the order reports show them.
pub const OBJECTIVES: [&str; 6] = [
    "practicality",
    "accuracy",
    "efficiency",
    "reliability",
    "optimization",
    "scalability",
];

/// The candidate's own rating of their design, 0–10 per objective (in [`OBJECTIVES`] order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfRating {
    /// Practicality.
    pub practicality: u8,
    /// Accuracy.
    pub accuracy: u8,
    /// Efficiency.
    pub efficiency: u8,
    /// Reliability.
    pub reliability: u8,
    /// Optimization.
    pub optimization: u8,
    /// Scalability.
    pub scalability: u8,
}

/// Why a self-rating is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    /// A score outside 0–10.
    #[error("{objective}: {value} is not a score from 0 to 10")]
    OutOfRange {
        /// The objective.
        objective: &'static str,
        /// What was given.
        value: String,
    },
}

impl SelfRating {
    /// From the six scores as given (text, e.g. form fields), in [`OBJECTIVES`] order.
    pub fn parse(values: [&str; 6]) -> Result<Self, RatingError> {
        let mut scores = [0u8; 6];
        for (i, (objective, value)) in OBJECTIVES.iter().zip(values).enumerate() {
            scores[i] = value
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|v| *v <= 10)
                .ok_or_else(|| RatingError::OutOfRange {
                    objective,
                    value: value.trim().chars().take(20).collect(),
                })?;
        }
        Ok(Self::from_scores(scores))
    }

    /// From six scores already known to be 0–10 (clamped).
    pub fn from_scores(s: [u8; 6]) -> Self {
        let c = |v: u8| v.min(10);
        Self {
            practicality: c(s[0]),
            accuracy: c(s[1]),
            efficiency: c(s[2]),
            reliability: c(s[3]),
            optimization: c(s[4]),
            scalability: c(s[5]),
        }
    }

    /// The six scores in [`OBJECTIVES`] order.
    pub fn scores(&self) -> [u8; 6] {
        [
            self.practicality,
            self.accuracy,
            self.efficiency,
            self.reliability,
            self.optimization,
            self.scalability,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_rating_is_read_from_text_and_refuses_out_of_range_values() {
        let r = SelfRating::parse(["7", " 5", "10", "0", "3", "6 "]).expect("valid");
        assert_eq!(r.scores(), [7, 5, 10, 0, 3, 6]);
        let err = SelfRating::parse(["7", "5", "11", "0", "3", "6"]).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "efficiency: 11 is not a score from 0 to 10"
        );
        assert!(SelfRating::parse(["7", "5", "x", "0", "3", "6"]).is_err());
        assert!(SelfRating::parse(["-1", "5", "5", "0", "3", "6"]).is_err());
    }
}
