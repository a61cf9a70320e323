//! Study plan and drill speed: a plan over 120 days (every page view and `tpmprep plan` makes one
//! afresh), its .ics, and drill stats with the forecast over 500 reviewed cards.
//! Run: `cargo bench -p tpmprep-practice`.

use criterion::{Criterion, criterion_group, criterion_main};
use tpmprep_practice::drill::{self, CardView, DrillSettings, Grade, ReviewRecord, Scheduler};
use tpmprep_practice::plan::{
    Format, IcsOptions, Level, PlanInput, PrincipleProgress, Progress, parse_date, plan, to_ics,
};

const DAY_MS: i64 = 86_400_000;

fn input(days: i64) -> PlanInput {
    let today = parse_date("2026-12-07").expect("date");
    PlanInput {
        today,
        interview: today + days,
        phone_screen: Some(today + days / 3),
        hours_per_week: 14.0,
        days_off: vec![6],
        level: Level::L6,
        format: Format::Virtual,
        progress: Progress {
            principles: (0..16)
                .map(|i| PrincipleProgress {
                    id: format!("p{i}"),
                    name: format!("Principle {i}"),
                    ready_stories: i % 3,
                    best_score: Some((40 + i * 3) as u8),
                    mock_rating: None,
                })
                .collect(),
            mocks_done: 1,
            design_sessions_done: 1,
            writing_done: 0,
            drill_days: (0..10).map(|d| today - d).collect(),
        },
        overrides: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let long = input(120);
    let usual = input(42);
    c.bench_function("plan/42 days", |b| b.iter(|| plan(&usual).expect("plan")));
    c.bench_function("plan/120 days", |b| b.iter(|| plan(&long).expect("plan")));
    let p = plan(&long).expect("plan");
    let opts = IcsOptions {
        stamp_utc: "20261207T090000Z".into(),
        start_hour: 9,
    };
    c.bench_function("plan/ics of 120 days", |b| b.iter(|| to_ics(&p, &opts)));

    let settings = DrillSettings::default();
    let s = Scheduler::new(&settings).expect("scheduler");
    let start = 20_794 * DAY_MS;
    let mut cards = Vec::new();
    let mut reviews = Vec::new();
    for id in 0..500_i64 {
        let mut state = None;
        let mut now = start + id * 60_000;
        for r in 0..4 {
            let grade = if (id + r) % 7 == 0 {
                Grade::Again
            } else {
                Grade::Good
            };
            let out = s.review(state.as_ref(), grade, now, None).expect("review");
            reviews.push(ReviewRecord {
                card_id: id,
                grade,
                at: now,
            });
            now = out.state.due;
            state = Some(out.state);
        }
        cards.push(CardView {
            id,
            principles: vec![format!("p{}", id % 16)],
            state,
            suspended: false,
        });
    }
    let now = start + 20 * DAY_MS;
    let interview = Some(now / DAY_MS + 60);
    c.bench_function("drill/stats of 500 cards, 2,000 reviews", |b| {
        b.iter(|| drill::stats(&s, &cards, &reviews, now, interview))
    });
    c.bench_function("drill/queue of 500 cards", |b| {
        b.iter(|| drill::queue(&s, &settings, &cards, now, interview, 0, 0))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
