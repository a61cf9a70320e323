//! Calendar days as plain numbers: days since 1970-01-01 (proleptic Gregorian), their `YYYY-MM-DD`
//! form, weekdays, and the list of days off as a user types it.

use super::PlanError;

/// A calendar day: days since 1970-01-01 (negative before).
pub type Day = i64;

/// The day of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day.
pub fn civil(day: Day) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y, m as u32, d as u32)
}

/// Reads `YYYY-MM-DD` (four-digit year, two-digit month and day); `None` for anything else,
/// including dates that do not exist such as `2026-02-30`.
pub fn parse_date(s: &str) -> Option<Day> {
    let s = s.trim();
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day = days_from_civil(y, m, d);
    (civil(day) == (y, m, d)).then_some(day)
}

/// The `YYYY-MM-DD` form of a day.
pub fn date_string(day: Day) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The weekday of a day: 0 = Monday … 6 = Sunday.
pub fn weekday(day: Day) -> u8 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7) as u8
}

/// The English name of a weekday (0 = Monday).
pub fn weekday_name(w: u8) -> &'static str {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    NAMES.get(usize::from(w)).copied().unwrap_or("?")
}

/// Reads days off as typed: words separated by commas and/or spaces, each a weekday's name or its
/// usual abbreviation in any case (`"sat,sun"`, `"Sat, Sunday"`); empty means none. Sorted, no
/// repeats (0 = Monday). An unknown word is an error that names it.
pub fn parse_weekdays(s: &str) -> Result<Vec<u8>, PlanError> {
    let mut out: Vec<u8> = Vec::new();
    for word in s
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let w = match word.to_ascii_lowercase().as_str() {
            "mon" | "monday" => 0,
            "tue" | "tues" | "tuesday" => 1,
            "wed" | "weds" | "wednesday" => 2,
            "thu" | "thur" | "thurs" | "thursday" => 3,
            "fri" | "friday" => 4,
            "sat" | "saturday" => 5,
            "sun" | "sunday" => 6,
            _ => return Err(PlanError::BadWeekday(word.to_string())),
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out.sort_unstable();
    Ok(out)
}
