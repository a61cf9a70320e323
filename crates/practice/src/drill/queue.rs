//! What to drill now.

use super::DAY_MS;
use super::{CardView, DrillSettings, LEARN_DAYS, Scheduler, day_of};

/// Whether new cards may still be introduced: false when an interview is coming (today or later)
/// and fewer than [`LEARN_DAYS`] days remain before it. No interview, or a past one: true.
pub fn can_introduce_new(now: i64, interview: Option<i64>) -> bool {
    let today = day_of(now);
    match interview {
        Some(day) if day >= today => day - today >= LEARN_DAYS,
        _ => true,
    }
}

/// Card ids to do now, in order: due cards (due before tomorrow, lowest retrievability first,
/// then by id), then new cards (by id) if [`can_introduce_new`] and `today_new` is below
/// `new_per_day`; the whole list capped by `minutes_per_day / minutes_per_card` minus
/// `today_reviews` (every review done today, new cards included). Suspended cards never appear.
pub fn queue(
    s: &Scheduler,
    settings: &DrillSettings,
    cards: &[CardView],
    now: i64,
    interview: Option<i64>,
    today_reviews: u32,
    today_new: u32,
) -> Vec<i64> {
    let tomorrow = (day_of(now) + 1) * DAY_MS;
    let mut due: Vec<(f32, i64)> = cards
        .iter()
        .filter(|c| !c.suspended)
        .filter_map(|c| c.state.as_ref().map(|st| (c.id, st)))
        .filter(|(_, st)| st.due < tomorrow)
        .map(|(id, st)| (s.retrievability(st, now), id))
        .collect();
    due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<i64> = due.into_iter().map(|(_, id)| id).collect();

    if can_introduce_new(now, interview) {
        let room = settings.new_per_day.saturating_sub(today_new) as usize;
        let mut new: Vec<i64> = cards
            .iter()
            .filter(|c| !c.suspended && c.state.is_none())
            .map(|c| c.id)
            .collect();
        new.sort_unstable();
        out.extend(new.into_iter().take(room));
    }

    if let Some(minutes) = settings.minutes_per_day {
        let per_card = f64::from(settings.minutes_per_card);
        let total = if per_card > 0.0 {
            (f64::from(minutes) / per_card).floor() as u64
        } else {
            u64::MAX
        };
        let left = total.saturating_sub(u64::from(today_reviews));
        out.truncate(usize::try_from(left).unwrap_or(usize::MAX));
    }
    out
}
