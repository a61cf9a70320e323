//! The (up to) three changes that would move a debrief's outcome most, and why there are fewer.

use std::collections::HashSet;

use super::Change;
use crate::Rating;

/// A rating that a change could lift.
pub(super) struct Candidate {
    pub(super) interview: usize,
    pub(super) principle: String,
    /// `None` for a principle the interview's time ran out on.
    pub(super) rating: Option<Rating>,
    pub(super) bar_raiser: bool,
    pub(super) score: u8,
    pub(super) signal: &'static str,
    pub(super) text: String,
}

/// The three changes that would move the outcome most: blocking ratings first (Strong No Hire, then
/// the bar raiser's), then the ratings nearest the bar, as they are the cheapest to lift. One change
/// per kind of gap first, so the three are different pieces of advice; when fewer kinds of gap
/// exist, the next most valuable ratings fill the three (each about another rating, so about
/// another principle or interview). Fewer than three only when fewer ratings can move.
pub(super) fn changes(mut candidates: Vec<Candidate>) -> Vec<Change> {
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
pub(super) fn fewer_changes_note(found: usize, rated: &[Rating]) -> Option<String> {
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
