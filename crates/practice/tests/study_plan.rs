//! The study planner: properties over random inputs (dates, hours, days off, progress, overrides)
//! and examples of each rule; the Markdown export.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use tpmprep_practice::plan::{
    Day, FLOOR_HOURS, Format, Level, Override, OverrideAction, Plan, PlanError, PlanInput,
    PrincipleProgress, Progress, Task, TaskKind, TaskStatus, date_string, parse_date,
    parse_weekdays, plan, to_markdown, weekday,
};

fn day(s: &str) -> Day {
    parse_date(s).expect("a valid date in the test")
}

fn principles(n: usize) -> Vec<PrincipleProgress> {
    (1..=n)
        .map(|i| PrincipleProgress {
            id: format!("p{i:02}"),
            name: format!("Principle {i}"),
            ready_stories: 1,
            best_score: Some(80),
            mock_rating: Some(3),
        })
        .collect()
}

fn input(today: &str, interview: &str, hours: f32) -> PlanInput {
    PlanInput {
        today: day(today),
        interview: day(interview),
        phone_screen: None,
        hours_per_week: hours,
        days_off: Vec::new(),
        level: Level::L5,
        format: Format::Virtual,
        progress: Progress {
            principles: principles(16),
            ..Progress::default()
        },
        overrides: Vec::new(),
    }
}

fn planned(p: &Plan) -> Vec<&Task> {
    p.weeks.iter().flat_map(|w| &w.tasks).collect()
}

fn find<'a>(p: &'a Plan, key: &str) -> Option<&'a Task> {
    planned(p).into_iter().find(|t| t.key == key)
}

fn minutes(h: f32) -> u32 {
    (f64::from(h) * 60.0).round() as u32
}

/// The day cap the planner documents, in minutes.
fn cap(input: &PlanInput) -> u32 {
    let per_week = 7 - input.days_off.iter().collect::<BTreeSet<_>>().len() as u32;
    let week = (f64::from(input.hours_per_week) * 60.0).floor() as u32;
    (2 * week / per_week).clamp(180, 600)
}

/// Every invariant a plan must hold.
fn check(input: &PlanInput, p: &Plan) -> Result<(), TestCaseError> {
    let off = |d: Day| input.days_off.contains(&weekday(d));
    let mut day_used: BTreeMap<Day, (u32, usize)> = BTreeMap::new();
    for (wi, w) in p.weeks.iter().enumerate() {
        let start = input.today + 7 * wi as i64;
        prop_assert_eq!(&w.start, &date_string(start));
        let sum: u32 = w.tasks.iter().map(|t| minutes(t.hours)).sum();
        prop_assert_eq!(sum, minutes(w.hours), "week hours are its tasks' hours");
        prop_assert!(w.hours <= w.budget + 1e-4, "week {} over budget", w.index);
        prop_assert!(
            w.hours <= input.hours_per_week + 1e-4,
            "week over hours a week"
        );
        prop_assert!(w.budget <= input.hours_per_week + 1e-4);
        for t in &w.tasks {
            prop_assert!(t.day >= input.today, "{} before today", t.key);
            prop_assert!(
                t.day < input.interview,
                "{} on or after the interview",
                t.key
            );
            prop_assert!(!off(t.day), "{} on a day off", t.key);
            prop_assert!(
                t.day >= start && t.day < start + 7,
                "{} in the wrong week",
                t.key
            );
            prop_assert_eq!(&t.date, &date_string(t.day));
            prop_assert!(matches!(t.status, TaskStatus::Planned | TaskStatus::Moved));
            let e = day_used.entry(t.day).or_default();
            e.0 += minutes(t.hours);
            e.1 += 1;
        }
    }
    for (d, (used, n)) in &day_used {
        prop_assert!(
            *used <= cap(input) || *n == 1,
            "{} holds {used} min in {n} tasks",
            date_string(*d)
        );
    }
    // Keys are unique across everything.
    let mut keys = BTreeSet::new();
    let all = planned(p)
        .into_iter()
        .map(|t| t.key.clone())
        .chain(p.done.iter().map(|t| t.key.clone()))
        .chain(p.skipped.iter().map(|t| t.key.clone()))
        .chain(p.dropped.iter().map(|d| d.key.clone()));
    for k in all {
        prop_assert!(keys.insert(k.clone()), "key {k} twice");
    }
    // The hours add up.
    let dropped: u32 = p.dropped.iter().map(|d| minutes(d.hours)).sum();
    prop_assert_eq!(minutes(p.hours_needed), minutes(p.hours_planned) + dropped);
    prop_assert_eq!(p.below_floor, p.hours_available < FLOOR_HOURS);
    // Mocks the planner placed are at least two days from every other mock.
    let mocks: Vec<&Task> = planned(p)
        .into_iter()
        .filter(|t| t.kind == TaskKind::Mock)
        .collect();
    for a in &mocks {
        for b in &mocks {
            if a.key != b.key
                && (a.status == TaskStatus::Planned || b.status == TaskStatus::Planned)
            {
                prop_assert!(
                    (a.day - b.day).abs() >= 2,
                    "{} and {} too close",
                    a.key,
                    b.key
                );
            }
        }
    }
    // An essential was dropped only if no allowed day has room for it, even now.
    let week_used: Vec<u32> = p.weeks.iter().map(|w| minutes(w.hours)).collect();
    let budget: Vec<u32> = p.weeks.iter().map(|w| minutes(w.budget)).collect();
    for d in &p.dropped {
        prop_assert!(d.reason.starts_with("No room: "), "reason: {}", d.reason);
        prop_assert!(d.reason.contains("h needed"), "reason: {}", d.reason);
        let nice = (d.key.starts_with("story:") && d.key.ends_with(":2"))
            || matches!(
                d.kind,
                TaskKind::PhoneScreen | TaskKind::Resume | TaskKind::Pitch
            )
            || matches!(d.key.as_str(), "design:3" | "design:4")
            || (d.kind == TaskKind::Story && is_ready(input, &d.key));
        if nice {
            continue;
        }
        let m = minutes(d.hours);
        let days: Vec<Day> = match d.kind {
            TaskKind::Drill => vec![day(d.key.trim_start_matches("drill:"))],
            _ => (input.today..input.interview).collect(),
        };
        for x in days {
            if x < input.today || x >= input.interview || off(x) {
                continue;
            }
            if d.kind == TaskKind::Mock && mocks.iter().any(|t| (t.day - x).abs() < 2) {
                continue;
            }
            let w = ((x - input.today) / 7) as usize;
            let (used, _) = day_used.get(&x).copied().unwrap_or((0, 0));
            let room = week_used[w] + m <= budget[w] && (used + m <= cap(input) || used == 0);
            prop_assert!(
                !room,
                "essential {} dropped but {} has room",
                d.key,
                date_string(x)
            );
        }
    }
    Ok(())
}

fn is_ready(input: &PlanInput, key: &str) -> bool {
    input
        .progress
        .principles
        .iter()
        .any(|p| key == format!("story:{}:1", p.id) && p.ready_stories > 0)
}

fn arb_input() -> impl Strategy<Value = PlanInput> {
    (
        19_000i64..21_000,
        1i64..=120,
        1u32..=40,
        proptest::collection::vec(any::<bool>(), 7),
        proptest::collection::vec(
            (
                0u32..3,
                proptest::option::of(0u8..=100),
                proptest::option::of(0u8..=4),
            ),
            0..17,
        ),
        (0u32..4, 0u32..5, 0u32..2, any::<bool>()),
        proptest::collection::vec(0i64..120, 0..30),
        proptest::collection::vec((0usize..14, 0u8..3, 0usize..200), 0..6),
        proptest::option::of(0i64..130),
    )
        .prop_map(
            |(today, span, hours, off, prs, (mocks, designs, writing, l6), drills, ovs, ps)| {
                let mut days_off: Vec<u8> = (0..7u8).filter(|w| off[usize::from(*w)]).collect();
                if days_off.len() == 7 {
                    days_off.pop();
                }
                let interview = today + span;
                let principles: Vec<PrincipleProgress> = prs
                    .iter()
                    .enumerate()
                    .map(|(i, (r, b, m))| PrincipleProgress {
                        id: format!("p{i:02}"),
                        name: format!("Principle {i}"),
                        ready_stories: *r,
                        best_score: *b,
                        mock_rating: *m,
                    })
                    .collect();
                let working: Vec<Day> = (today..interview)
                    .filter(|d| !days_off.contains(&weekday(*d)))
                    .collect();
                let pool = |k: usize| -> String {
                    match k {
                        0 => "mock:1".into(),
                        1 => "mock:2".into(),
                        2 => "mock:3".into(),
                        3 => "design:1".into(),
                        4 => "design:3".into(),
                        5 => "writing".into(),
                        6 => "questions".into(),
                        7 => "resume".into(),
                        8 => "pitch".into(),
                        9 => "story:p00:1".into(),
                        10 => "story:p01:2".into(),
                        11 => format!("drill:{}", date_string(today)),
                        12 => "phone-screen".into(),
                        _ => "no-such-task".into(),
                    }
                };
                let overrides = ovs
                    .iter()
                    .map(|(k, a, to)| Override {
                        key: pool(*k),
                        action: match a {
                            0 => OverrideAction::Skip,
                            1 => OverrideAction::Done,
                            _ => OverrideAction::Move,
                        },
                        to: working.get(*to % working.len().max(1)).copied(),
                    })
                    .filter(|o| o.action != OverrideAction::Move || o.to.is_some())
                    .collect();
                PlanInput {
                    today,
                    interview,
                    phone_screen: ps.map(|x| today + x).filter(|x| *x < interview),
                    hours_per_week: hours as f32,
                    days_off,
                    level: if l6 { Level::L6 } else { Level::L5 },
                    format: Format::Virtual,
                    progress: Progress {
                        principles,
                        mocks_done: mocks,
                        design_sessions_done: designs,
                        writing_done: writing,
                        drill_days: drills.iter().map(|x| today + x).collect(),
                    },
                    overrides,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_plan_holds_its_invariants(input in arb_input()) {
        let p = plan(&input).expect("a valid input plans");
        check(&input, &p)?;
        let again = plan(&input).expect("plans again");
        prop_assert_eq!(&p, &again, "the same input gives the same plan");
    }

    #[test]
    fn dates_round_trip(d in -100_000i64..200_000) {
        let s = date_string(d);
        prop_assert_eq!(parse_date(&s), Some(d));
        prop_assert_eq!(weekday(d + 7), weekday(d));
        prop_assert_eq!((weekday(d) + 1) % 7, weekday(d + 1));
    }
}

#[test]
fn dates_parse_and_print() {
    assert_eq!(parse_date("1970-01-01"), Some(0));
    assert_eq!(date_string(day("2026-12-05")), "2026-12-05");
    assert_eq!(parse_date("2026-02-30"), None);
    assert_eq!(parse_date("2026-13-01"), None);
    assert_eq!(parse_date("2026-2-3"), None);
    assert_eq!(
        parse_date("2028-02-29").map(date_string).as_deref(),
        Some("2028-02-29")
    );
    assert_eq!(parse_date("2027-02-29"), None);
    // 2026-12-05 is a Saturday; 2027-01-06 a Wednesday.
    assert_eq!(weekday(day("2026-12-05")), 5);
    assert_eq!(weekday(day("2027-01-06")), 2);
}

#[test]
fn weekdays_parse_with_a_clear_error() {
    assert_eq!(parse_weekdays("sat,sun").expect("parses"), vec![5, 6]);
    assert_eq!(parse_weekdays("Sunday, Sat").expect("parses"), vec![5, 6]);
    assert_eq!(parse_weekdays("").expect("parses"), Vec::<u8>::new());
    let err = parse_weekdays("sat,funday").expect_err("funday is not a day");
    assert_eq!(err, PlanError::BadWeekday("funday".into()));
    assert!(err.to_string().contains("`funday`"), "{err}");
}

#[test]
fn bad_inputs_are_errors() {
    let mut i = input("2026-12-05", "2026-12-05", 10.0);
    assert!(matches!(
        plan(&i),
        Err(PlanError::InterviewNotAfterToday { .. })
    ));
    i.interview = day("2027-01-06");
    i.hours_per_week = 0.5;
    assert_eq!(plan(&i), Err(PlanError::HoursOutOfRange(0.5)));
    i.hours_per_week = 81.0;
    assert_eq!(plan(&i), Err(PlanError::HoursOutOfRange(81.0)));
    i.hours_per_week = 10.0;
    i.days_off = (0..7).collect();
    assert_eq!(plan(&i), Err(PlanError::AllDaysOff));
    i.days_off = vec![9];
    assert_eq!(plan(&i), Err(PlanError::WeekdayOutOfRange(9)));
    i.days_off = Vec::new();
    i.phone_screen = Some(day("2027-01-06"));
    assert!(matches!(
        plan(&i),
        Err(PlanError::PhoneScreenNotBeforeInterview { .. })
    ));
}

#[test]
fn last_mock_three_to_five_days_before_and_writing_two_days_before() {
    let i = input("2026-12-05", "2027-01-06", 15.0);
    let p = plan(&i).expect("plans");
    let last = planned(&p)
        .into_iter()
        .filter(|t| t.kind == TaskKind::Mock)
        .map(|t| t.day)
        .max()
        .expect("mocks are planned");
    let before = i.interview - last;
    assert!((3..=5).contains(&before), "last mock {before} days before");
    assert_eq!(
        find(&p, "mock:3").map(|t| t.day),
        Some(last),
        "mocks numbered in date order"
    );
    let writing = find(&p, "writing").expect("writing planned");
    assert_eq!(writing.date, "2027-01-04");
    assert!(p.dropped.is_empty(), "{:?}", p.dropped);
    assert!(!p.below_floor);
}

#[test]
fn writing_moves_to_the_nearest_earlier_working_day() {
    // 2027-01-04 is a Monday: with Mondays off, writing goes on Sunday 2027-01-03.
    let mut i = input("2026-12-05", "2027-01-06", 15.0);
    i.days_off = vec![0];
    let p = plan(&i).expect("plans");
    assert_eq!(
        find(&p, "writing").map(|t| t.date.as_str()),
        Some("2027-01-03")
    );
}

#[test]
fn weakest_principle_story_first() {
    let mut i = input("2026-12-05", "2027-01-06", 10.0);
    i.progress.principles = principles(4);
    for pr in &mut i.progress.principles {
        pr.ready_stories = 0;
    }
    i.progress.principles[0].best_score = Some(65);
    i.progress.principles[1].best_score = Some(40);
    i.progress.principles[2].best_score = None;
    i.progress.principles[3].best_score = Some(40);
    i.progress.principles[3].mock_rating = Some(1);
    let p = plan(&i).expect("plans");
    let stories: Vec<&str> = planned(&p)
        .into_iter()
        .filter(|t| t.kind == TaskKind::Story && t.key.ends_with(":1"))
        .map(|t| t.principle.as_deref().unwrap_or(""))
        .collect();
    // No score first, then 40 with the lower mock rating, then 40, then 65.
    assert_eq!(stories, ["p03", "p04", "p02", "p01"]);
    let first = planned(&p)
        .into_iter()
        .find(|t| t.kind == TaskKind::Story)
        .expect("a story");
    assert_eq!(first.key, "story:p03:1");
    assert!(first.essential);
}

#[test]
fn below_the_floor_says_so_and_drops_with_reasons() {
    let mut i = input("2026-12-05", "2026-12-26", 6.0);
    for pr in &mut i.progress.principles {
        pr.ready_stories = 0;
    }
    let p = plan(&i).expect("plans");
    assert!(p.below_floor);
    assert!(
        p.notes[0].starts_with("Below the 60-hour floor"),
        "{:?}",
        p.notes
    );
    assert!(!p.dropped.is_empty());
    for d in &p.dropped {
        assert!(
            d.reason.contains("h available before 2026-12-26") && d.reason.contains("h needed"),
            "{}",
            d.reason
        );
    }
    // Nice-to-haves give way before essentials: every nice-to-have is dropped when any essential is.
    let essential_dropped = p
        .dropped
        .iter()
        .any(|d| d.key == "writing" || d.key.starts_with("mock:"));
    assert!(
        !essential_dropped,
        "writing and mocks come first: {:?}",
        p.dropped
    );
    assert!(
        p.dropped.iter().any(|d| d.key.ends_with(":2")),
        "second stories dropped"
    );
    assert!(find(&p, "writing").is_some());
    assert!(
        p.notes.iter().any(|n| n.starts_with("Dropped ")),
        "{:?}",
        p.notes
    );
}

#[test]
fn move_and_skip() {
    let mut i = input("2026-12-05", "2027-01-06", 15.0);
    let base = plan(&i).expect("plans");
    i.overrides = vec![
        Override {
            key: "design:1".into(),
            action: OverrideAction::Move,
            to: Some(day("2026-12-20")),
        },
        Override {
            key: "mock:2".into(),
            action: OverrideAction::Skip,
            to: None,
        },
    ];
    let p = plan(&i).expect("plans");
    let moved = find(&p, "design:1").expect("design planned");
    assert_eq!(moved.date, "2026-12-20");
    assert_eq!(moved.status, TaskStatus::Moved);
    assert!(find(&p, "mock:2").is_none());
    assert!(
        p.skipped
            .iter()
            .any(|t| t.key == "mock:2" && t.status == TaskStatus::Skipped)
    );
    assert!(p.dropped.iter().all(|d| d.key != "mock:2"));
    assert!((base.hours_needed - p.hours_needed - 2.5).abs() < 1e-4);

    i.overrides = vec![Override {
        key: "design:1".into(),
        action: OverrideAction::Move,
        to: Some(day("2027-01-06")),
    }];
    assert!(matches!(
        plan(&i),
        Err(PlanError::MoveNotBeforeInterview { .. })
    ));
    i.overrides[0].to = Some(day("2026-12-04"));
    assert!(matches!(plan(&i), Err(PlanError::MoveBeforeToday { .. })));
    i.days_off = vec![6];
    i.overrides[0].to = Some(day("2026-12-06"));
    assert!(matches!(plan(&i), Err(PlanError::MoveOnDayOff { .. })));
    i.overrides[0].to = None;
    assert!(matches!(plan(&i), Err(PlanError::MoveWithoutDate(_))));
}

#[test]
fn progress_ticks_tasks_off() {
    let mut i = input("2026-12-05", "2027-01-06", 15.0);
    i.progress.principles[0].ready_stories = 2;
    i.progress.principles[1].ready_stories = 0;
    i.progress.mocks_done = 2;
    i.progress.design_sessions_done = 1;
    i.progress.writing_done = 1;
    i.progress.drill_days = vec![day("2026-12-05")];
    i.overrides = vec![Override {
        key: "resume".into(),
        action: OverrideAction::Done,
        to: None,
    }];
    let p = plan(&i).expect("plans");
    let done: BTreeSet<&str> = p.done.iter().map(|t| t.key.as_str()).collect();
    for k in [
        "story:p01:1",
        "story:p01:2",
        "mock:1",
        "mock:2",
        "design:1",
        "writing",
        "drill:2026-12-05",
        "resume",
    ] {
        assert!(done.contains(k), "{k} done: {done:?}");
        assert!(find(&p, k).is_none(), "{k} not planned again");
    }
    assert!(!done.contains("story:p02:1"));
    assert!(find(&p, "story:p02:1").is_some_and(|t| t.essential));
    assert!(find(&p, "mock:3").is_some());
    assert!(find(&p, "drill:2026-12-07").is_some());
    assert!(p.done.iter().all(|t| t.status == TaskStatus::Done));
}

#[test]
fn phone_screen_mock_two_to_four_days_before() {
    let mut i = input("2026-12-05", "2027-01-06", 15.0);
    i.phone_screen = Some(day("2026-12-15"));
    let p = plan(&i).expect("plans");
    let t = find(&p, "phone-screen").expect("phone-screen mock planned");
    let before = day("2026-12-15") - t.day;
    assert!((2..=4).contains(&before), "{before}");
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("Phone screen on 2026-12-15"))
    );
}

#[test]
fn l6_has_longer_stories_and_a_fourth_design_session() {
    let mut i = input("2026-12-05", "2027-02-06", 20.0);
    i.level = Level::L6;
    for pr in &mut i.progress.principles {
        pr.ready_stories = 0;
    }
    let p = plan(&i).expect("plans");
    assert!(find(&p, "design:4").is_some());
    assert_eq!(find(&p, "story:p01:1").map(|t| t.hours), Some(1.25));
}

#[test]
fn markdown_has_a_heading_per_week_and_a_line_per_task() {
    let mut i = input("2026-12-05", "2026-12-26", 6.0);
    for pr in &mut i.progress.principles {
        pr.ready_stories = 0;
    }
    let p = plan(&i).expect("plans");
    let md = to_markdown(&p);
    assert_eq!(md.matches("\n## Week ").count(), p.weeks.len());
    for w in &p.weeks {
        let heading = format!("## Week {} ({} – {})", w.index, w.start, w.end);
        assert!(md.contains(&heading), "{heading}");
    }
    assert!(md.contains("## Week 1 (2026-12-05 – 2026-12-11)"));
    assert!(md.contains("## Week 3 (2026-12-19 – 2026-12-25)"));
    let writing = find(&p, "writing").expect("writing planned");
    assert!(md.contains(&format!(
        "- [ ] {} · {} (1.5 h)",
        writing.date, writing.title
    )));
    let drill = planned(&p)
        .into_iter()
        .find(|t| t.kind == TaskKind::Drill)
        .expect("a drill planned");
    assert!(md.contains(&format!("- [ ] {} · {} (20 min)", drill.date, drill.title)));
    assert!(md.contains("## Dropped"));
    for d in &p.dropped {
        assert!(md.contains(&d.reason));
    }
    assert!(md.contains("Below the 60-hour floor"));
}
