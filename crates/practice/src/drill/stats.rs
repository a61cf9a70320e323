//! Counts, retention, per-principle strength and the forecast.

use std::collections::{BTreeMap, HashSet};

use super::{
    CardView, DAY_MS, DrillStats, ForecastDay, Grade, PrincipleStrength, ReviewRecord, Scheduler,
    date_string, day_of,
};

/// Days the retention figure looks back.
pub const RETENTION_DAYS: i64 = 30;
/// Forecast length without an upcoming interview.
pub const FORECAST_DAYS: i64 = 30;
/// Longest forecast.
pub const MAX_FORECAST_DAYS: i64 = 120;

/// The deck at `now`: counts, retention over the last 30 days, per-principle strength and a
/// forecast of reviews per day (see [`DrillStats`]). The forecast replays each active reviewed
/// card's reviews within the horizon with [`Scheduler::review`], as if each were graded Good, so it
/// includes the interview window's reviews; overdue cards count today.
pub fn stats(
    s: &Scheduler,
    cards: &[CardView],
    reviews: &[ReviewRecord],
    now: i64,
    interview: Option<i64>,
) -> DrillStats {
    let today = day_of(now);
    let tomorrow = (today + 1) * DAY_MS;
    let active: Vec<&CardView> = cards.iter().filter(|c| !c.suspended).collect();
    let count = |f: &dyn Fn(&CardView) -> bool| active.iter().filter(|c| f(c)).count() as u32;

    DrillStats {
        total: cards.len() as u32,
        new: count(&|c| c.state.is_none()),
        due_now: count(&|c| c.state.is_some_and(|st| st.due <= now)),
        due_today: count(&|c| c.state.is_some_and(|st| st.due < tomorrow)),
        suspended: (cards.len() - active.len()) as u32,
        reviews: reviews.len() as u32,
        retention: retention(reviews, now),
        per_principle: per_principle(s, &active, now),
        forecast: forecast(s, &active, now, interview),
    }
}

/// Share of reviews in the last 30 days of cards seen before (not a card's first logged review)
/// not graded Again.
fn retention(reviews: &[ReviewRecord], now: i64) -> Option<f32> {
    let mut sorted: Vec<&ReviewRecord> = reviews.iter().collect();
    sorted.sort_by_key(|r| r.at);
    let since = now - RETENTION_DAYS * DAY_MS;
    let mut seen = HashSet::new();
    let (mut passed, mut total) = (0u32, 0u32);
    for r in sorted {
        let before = !seen.insert(r.card_id);
        if before && r.at >= since && r.at <= now {
            total += 1;
            passed += u32::from(r.grade != Grade::Again);
        }
    }
    (total > 0).then(|| passed as f32 / total as f32)
}

fn per_principle(s: &Scheduler, active: &[&CardView], now: i64) -> Vec<PrincipleStrength> {
    let mut by: BTreeMap<&str, (u32, Vec<f32>)> = BTreeMap::new();
    for c in active {
        let mut principles: Vec<&str> = c.principles.iter().map(String::as_str).collect();
        principles.sort_unstable();
        principles.dedup();
        for p in principles {
            let e = by.entry(p).or_default();
            e.0 += 1;
            if let Some(st) = &c.state {
                e.1.push(s.retrievability(st, now));
            }
        }
    }
    by.into_iter()
        .map(|(p, (cards, rs))| PrincipleStrength {
            principle: p.to_string(),
            cards,
            reviewed: rs.len() as u32,
            mean_retrievability: (!rs.is_empty()).then(|| rs.iter().sum::<f32>() / rs.len() as f32),
        })
        .collect()
}

fn forecast(
    s: &Scheduler,
    active: &[&CardView],
    now: i64,
    interview: Option<i64>,
) -> Vec<ForecastDay> {
    let today = day_of(now);
    let days = match interview {
        Some(day) if day > today => day - today,
        _ => FORECAST_DAYS,
    }
    .clamp(1, MAX_FORECAST_DAYS);
    let end = today + days;
    let mut counts = vec![0u32; days as usize];
    for c in active {
        let Some(mut st) = c.state else { continue };
        // Each review moves the due at least a day on, so this ends within `days` steps.
        loop {
            let day = day_of(st.due).max(today);
            if day >= end {
                break;
            }
            counts[(day - today) as usize] += 1;
            let at = st.due.max(now);
            match s.review(Some(&st), Grade::Good, at, interview) {
                Ok(r) if day_of(r.state.due) > day => st = r.state,
                _ => break,
            }
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, reviews)| ForecastDay {
            date: date_string(today + i as i64),
            reviews,
        })
        .collect()
}
