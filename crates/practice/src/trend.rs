//! Per-principle ratings across mocks, and the weakness they imply for planning the next one.

use std::collections::HashMap;

use serde::Serialize;

use crate::Rating;

/// One principle's rating in one finished mock.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// Mock id.
    pub mock: i64,
    /// Principle id.
    pub principle: String,
    /// Rating given.
    pub rating: Rating,
}

/// Which way a principle is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Rated once, or never.
    New,
    /// The latest rating is above the one before.
    Up,
    /// The latest rating is below the one before.
    Down,
    /// The latest rating equals the one before.
    Flat,
}

/// One principle's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleTrend {
    /// Principle id.
    pub principle: String,
    /// Ratings oldest first, one per mock that assessed it: (mock id, rating).
    pub ratings: Vec<(i64, Rating)>,
    /// The latest rating, if any.
    pub latest: Option<Rating>,
    /// Direction of the latest change.
    pub direction: Direction,
}

/// The trend of every principle in `principles` (pack order), from observations oldest mock first.
/// When a mock rated a principle more than once, its lowest rating counts (the committee reads the
/// weakest evidence).
pub fn trend(principles: &[String], observed: &[Observed]) -> Vec<PrincipleTrend> {
    principles
        .iter()
        .map(|p| {
            let mut ratings: Vec<(i64, Rating)> = Vec::new();
            for o in observed.iter().filter(|o| &o.principle == p) {
                match ratings.last_mut() {
                    Some((m, r)) if *m == o.mock => *r = (*r).min(o.rating),
                    _ => ratings.push((o.mock, o.rating)),
                }
            }
            let latest = ratings.last().map(|(_, r)| *r);
            let direction = match ratings.as_slice() {
                [.., (_, a), (_, b)] if b > a => Direction::Up,
                [.., (_, a), (_, b)] if b < a => Direction::Down,
                [.., _, _] => Direction::Flat,
                _ => Direction::New,
            };
            PrincipleTrend {
                principle: p.clone(),
                ratings,
                latest,
                direction,
            }
        })
        .collect()
}

/// How weak the candidate is on each principle, 0 (strong) ..= 1 (no evidence): the mean of story
/// coverage (no ready story = 1, one = 0.5, two or more = 0) and the latest mock rating (none or Strong
/// No Hire = 1, No Hire = 0.75, Hire = 0.25, Strong Hire = 0).
pub fn weakness(
    principles: &[String],
    ready_stories: &HashMap<String, usize>,
    trends: &[PrincipleTrend],
) -> HashMap<String, f64> {
    principles
        .iter()
        .map(|p| {
            let stories = match ready_stories.get(p).copied().unwrap_or(0) {
                0 => 1.0,
                1 => 0.5,
                _ => 0.0,
            };
            let rating = match trends
                .iter()
                .find(|t| &t.principle == p)
                .and_then(|t| t.latest)
            {
                None | Some(Rating::StrongNoHire) => 1.0,
                Some(Rating::NoHire) => 0.75,
                Some(Rating::Hire) => 0.25,
                Some(Rating::StrongHire) => 0.0,
            };
            (p.clone(), (stories + rating) / 2.0)
        })
        .collect()
}
