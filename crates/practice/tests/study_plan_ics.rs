//! The plan's `.ics` export, parsed back with the `icalendar` crate's parser.

use std::collections::BTreeSet;

use icalendar::parser::{read_calendar, unfold};
use tpmprep_practice::plan::{
    Format, IcsOptions, Level, Plan, PlanInput, PrincipleProgress, Progress, parse_date, plan,
    to_ics,
};

fn sample() -> Plan {
    let d = |s: &str| parse_date(s).expect("date");
    let principles = (1..=16)
        .map(|i| PrincipleProgress {
            id: format!("p{i:02}"),
            name: format!("Principle {i}"),
            ready_stories: u32::from(i % 2 == 0),
            best_score: Some(50),
            mock_rating: None,
        })
        .collect();
    plan(&PlanInput {
        today: d("2026-12-05"),
        interview: d("2027-01-06"),
        phone_screen: Some(d("2026-12-15")),
        hours_per_week: 12.0,
        days_off: vec![6],
        level: Level::L5,
        format: Format::Virtual,
        progress: Progress {
            principles,
            ..Progress::default()
        },
        overrides: Vec::new(),
    })
    .expect("plans")
}

fn opts(stamp: &str) -> IcsOptions {
    IcsOptions {
        stamp_utc: stamp.into(),
        start_hour: 9,
    }
}

struct Event {
    uid: String,
    start: String,
    duration: String,
    summary: String,
    description: String,
}

fn events(ics: &str) -> Vec<Event> {
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).expect("the export parses");
    cal.components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            let prop = |n: &str| {
                c.find_prop(n)
                    .map(|p| p.val.clone().unescape_text().as_str().to_string())
                    .unwrap_or_default()
            };
            Event {
                uid: prop("UID"),
                start: prop("DTSTART"),
                duration: prop("DURATION"),
                summary: prop("SUMMARY"),
                description: prop("DESCRIPTION"),
            }
        })
        .collect()
}

#[test]
fn one_event_per_planned_task_with_stable_uids() {
    let p = sample();
    let a = to_ics(&p, &opts("20261205T101500Z"));
    let b = to_ics(&p, &opts("20261206T080000Z"));
    assert_ne!(a, b, "the stamps differ");
    let (ea, eb) = (events(&a), events(&b));
    let tasks: Vec<_> = p.weeks.iter().flat_map(|w| &w.tasks).collect();
    assert!(!tasks.is_empty());
    assert_eq!(ea.len(), tasks.len());
    let uids_a: BTreeSet<&str> = ea.iter().map(|e| e.uid.as_str()).collect();
    let uids_b: BTreeSet<&str> = eb.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids_a, uids_b);
    assert_eq!(uids_a.len(), tasks.len(), "UIDs are unique");
    for (t, e) in tasks.iter().zip(&ea) {
        assert_eq!(e.uid, format!("{}@tpmprep", t.key));
        assert_eq!(e.summary, t.title);
        assert!(e.description.starts_with(&t.why), "{}", e.description);
        let minutes = (f64::from(t.hours) * 60.0).round() as u32;
        let want = match (minutes / 60, minutes % 60) {
            (0, m) => format!("PT{m}M"),
            (h, 0) => format!("PT{h}H"),
            (h, m) => format!("PT{h}H{m}M"),
        };
        assert_eq!(e.duration, want, "{}", t.key);
        assert!(
            e.start.starts_with(&t.date.replace('-', "")),
            "{} {}",
            e.start,
            t.date
        );
    }
    assert!(a.contains("DTSTAMP:20261205T101500Z\r\n"));
}

#[test]
fn tasks_of_a_day_follow_each_other_from_the_start_hour() {
    let p = sample();
    let ics = to_ics(&p, &opts("20261205T101500Z"));
    let evs = events(&ics);
    let tasks: Vec<_> = p.weeks.iter().flat_map(|w| &w.tasks).collect();
    let mut checked = 0;
    let mut i = 0;
    while i < tasks.len() {
        let mut minute = 9 * 60;
        let mut j = i;
        while j < tasks.len() && tasks[j].day == tasks[i].day {
            let hhmm = format!("T{:02}{:02}00", minute / 60, minute % 60);
            assert!(evs[j].start.ends_with(&hhmm), "{} vs {hhmm}", evs[j].start);
            minute += (f64::from(tasks[j].hours) * 60.0).round() as u32;
            checked += usize::from(j > i);
            j += 1;
        }
        i = j;
    }
    assert!(checked > 0, "some day holds two tasks");
}

#[test]
fn lines_end_in_crlf_are_folded_and_text_is_escaped() {
    let mut p = sample();
    let long = "Résumé, metrics; and a \\ backslash\nthen a second line ".repeat(4);
    p.weeks[0].tasks[0].title = long.clone();
    let ics = to_ics(&p, &opts("20261205T101500Z"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
    assert!(!ics.replace("\r\n", "").contains('\r'), "no bare CR");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let mut folded = 0;
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        folded += usize::from(line.starts_with(' '));
    }
    assert!(folded > 0, "the long title was folded");
    assert!(ics.contains("Résumé\\, metrics\\; and a \\\\ backslash\\nthen"));
    let evs = events(&ics);
    assert_eq!(
        evs[0].summary, long,
        "unfolds and unescapes back to the title"
    );
}
