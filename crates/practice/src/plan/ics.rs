//! The plan as an iCalendar file (RFC 5545): one event per planned task, with a stable UID so a
//! re-export updates the events rather than duplicating them.

use super::dates::{Day, civil};
use super::{Plan, hours_text};

/// How the calendar is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsOptions {
    /// `DTSTAMP` of every event: the caller's now in UTC, `20261205T101500Z`.
    pub stamp_utc: String,
    /// The hour the first task of a day starts (local time); the others follow it.
    pub start_hour: u8,
}

/// Writes the plan's planned tasks as `VEVENT`s: `UID:<key>@tpmprep`, `DTSTART` in floating local
/// time (the day's tasks back to back from `start_hour`), `DURATION` of the task's hours, the title
/// as `SUMMARY` and why it is there as `DESCRIPTION`. Lines end in CRLF and are folded at 75
/// octets; text is escaped.
pub fn to_ics(plan: &Plan, opts: &IcsOptions) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//tpmprep//study plan//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!(
                "TPM interview prep (interview {})",
                plan.interview
            ))
        ),
    ];
    let mut day: Option<Day> = None;
    let mut offset: i64 = 0;
    for t in plan.weeks.iter().flat_map(|w| &w.tasks) {
        if day != Some(t.day) {
            day = Some(t.day);
            offset = i64::from(opts.start_hour.min(23)) * 60;
        }
        let minutes = (f64::from(t.hours) * 60.0).round() as i64;
        let start = t.day * 1440 + offset;
        offset += minutes;
        let (d, m) = (start.div_euclid(1440), start.rem_euclid(1440));
        let (y, mo, da) = civil(d);
        let description = format!(
            "{} {} · {} h{}",
            t.why,
            if t.essential {
                "Essential."
            } else {
                "Nice to have."
            },
            hours_text(t.hours),
            match t.principle.as_deref() {
                Some(p) => format!(" · principle: {p}"),
                None => String::new(),
            }
        );
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@tpmprep", escape(&t.key)),
            format!("DTSTAMP:{}", opts.stamp_utc),
            format!("DTSTART:{y:04}{mo:02}{da:02}T{:02}{:02}00", m / 60, m % 60),
            format!("DURATION:{}", duration(minutes)),
            format!("SUMMARY:{}", escape(&t.title)),
            format!("DESCRIPTION:{}", escape(&description)),
            format!("CATEGORIES:{}", t.kind.as_str().to_uppercase()),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    out
}

/// `PT1H30M`, `PT20M`, `PT2H`.
fn duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// TEXT escaping: backslash, semicolon, comma and newline.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (continuations start with a space), each piece ending in CRLF,
/// never splitting a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}
