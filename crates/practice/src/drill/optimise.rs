//! FSRS parameters fitted to the user's own review log.

use std::collections::BTreeMap;

use fsrs::{ComputeParametersInput, FSRSItem, FSRSReview};

use super::{DrillError, ReviewRecord, day_of};

/// Reviews made a day or more after the card's previous review (FSRS's "long-term" reviews) the
/// log needs before [`optimise`] fits anything: `fsrs::compute_parameters` trains only on 64 or
/// more such items (below that it returns its defaults or only the initial stabilities), after
/// dropping outlier groups.
pub const MIN_REVIEWS_TO_OPTIMISE: usize = 64;

/// The log as the crate trains on it: per card (by id), its reviews by time, each day gap in UTC
/// days; one item per review that has a long-term review (a gap of a day or more) behind it, the
/// item holding the card's reviews up to and including it. With the card id of each item.
pub fn training_items(reviews: &[ReviewRecord]) -> (Vec<FSRSItem>, Vec<i64>) {
    let mut by_card: BTreeMap<i64, Vec<&ReviewRecord>> = BTreeMap::new();
    for r in reviews {
        by_card.entry(r.card_id).or_default().push(r);
    }
    let (mut items, mut ids) = (Vec::new(), Vec::new());
    for (id, mut rs) in by_card {
        rs.sort_by_key(|r| r.at);
        let mut history: Vec<FSRSReview> = Vec::with_capacity(rs.len());
        let mut last_day: Option<i64> = None;
        for r in rs {
            let day = day_of(r.at);
            let gap = last_day.map_or(0, |d| (day - d).max(0));
            last_day = Some(day);
            history.push(FSRSReview {
                rating: r.grade.rating(),
                delta_t: u32::try_from(gap).unwrap_or(u32::MAX),
            });
            if gap > 0 {
                items.push(FSRSItem {
                    reviews: history.clone(),
                });
                ids.push(id);
            }
        }
    }
    (items, ids)
}

/// FSRS parameters (21 numbers) fitted to the user's own log with `fsrs::compute_parameters`, or
/// [`DrillError::NotEnoughReviews`] saying how many more reviews are needed. Deterministic for the
/// same log (the crate trains with a fixed seed; the log is ordered by card and time here).
pub fn optimise(reviews: &[ReviewRecord]) -> Result<Vec<f32>, DrillError> {
    let (items, ids) = training_items(reviews);
    if items.len() < MIN_REVIEWS_TO_OPTIMISE {
        return Err(DrillError::NotEnoughReviews {
            have: items.len(),
            need: MIN_REVIEWS_TO_OPTIMISE,
        });
    }
    let params = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items,
        card_ids: Some(ids),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| DrillError::Fsrs(format!("optimising failed ({e:?})")))?;
    if params.len() != 21 || params.iter().any(|p| !p.is_finite()) {
        return Err(DrillError::Fsrs(format!(
            "optimising gave {} parameters, not 21 finite ones; keep the defaults",
            params.len()
        )));
    }
    Ok(params)
}
