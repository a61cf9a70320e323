//! The study plan over the store: its settings (interview and phone-screen dates, hours per week,
//! days off, level, format) kept as account settings, the candidate's real activity read by
//! [`crate::progress`], the skips, moves and hand-ticks kept as overrides, and the pure planner
//! (`tpmprep_practice::plan`) run afresh each time the plan is opened. Exports: `.ics` and Markdown.
//!
//! Time is an input (`today`, a day number; `now`, unix milliseconds): this crate reads no clock.

use serde::{Deserialize, Serialize};
use tpmprep_practice::plan::{
    self as planner, Day, Format, IcsOptions, Level, Override, OverrideAction, Plan, PlanInput,
    date_string, parse_date, parse_weekdays,
};
use tpmprep_store::PlanOverride;

use crate::mock::Ctx;
use crate::{AppError, Result};

/// Setting keys (the `Settings` domain): the interview date is the dashboard's too.
pub const INTERVIEW_DATE: &str = "interview_date";
const PHONE_SCREEN_DATE: &str = "phone_screen_date";
const HOURS_PER_WEEK: &str = "plan_hours_per_week";
const DAYS_OFF: &str = "plan_days_off";
const LEVEL: &str = "plan_level";
const FORMAT: &str = "plan_format";

/// Hours per week when none is set: 60–80 hours over five or six weeks.
pub const DEFAULT_HOURS_PER_WEEK: f32 = 12.0;
/// The furthest ahead an interview may be for a plan to be made, in days.
pub const MAX_PLAN_DAYS: i64 = 731;
/// The most hours per week a plan accepts.
pub const MAX_HOURS_PER_WEEK: f32 = 80.0;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A plan's inputs as saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSettings {
    /// `YYYY-MM-DD`, when set.
    pub interview_date: Option<String>,
    /// `YYYY-MM-DD`, when known.
    pub phone_screen_date: Option<String>,
    /// Hours the candidate can give a week.
    pub hours_per_week: f32,
    /// Weekdays off, `mon` … `sun`.
    pub days_off: Vec<String>,
    /// Target level.
    pub level: Level,
    /// The loop's format.
    pub format: Format,
}

/// A change to the plan's settings; `None` leaves a field as it is. An empty date string clears it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPatch {
    /// `YYYY-MM-DD`, or empty to clear.
    pub interview_date: Option<String>,
    /// `YYYY-MM-DD`, or empty to clear.
    pub phone_screen_date: Option<String>,
    /// 1–80.
    pub hours_per_week: Option<f32>,
    /// `sat,sun`, or empty for none.
    pub days_off: Option<String>,
    /// `L5` or `L6`.
    pub level: Option<String>,
    /// `virtual` or `onsite`.
    pub format: Option<String>,
}

impl PlanPatch {
    /// Nothing to change.
    pub fn is_empty(&self) -> bool {
        self.interview_date.is_none()
            && self.phone_screen_date.is_none()
            && self.hours_per_week.is_none()
            && self.days_off.is_none()
            && self.level.is_none()
            && self.format.is_none()
    }
}

fn level_str(l: Level) -> &'static str {
    match l {
        Level::L5 => "L5",
        Level::L6 => "L6",
    }
}

fn format_str(f: Format) -> &'static str {
    match f {
        Format::Virtual => "virtual",
        Format::Onsite => "onsite",
    }
}

fn parse_level(s: &str) -> Result<Level> {
    match s.trim().to_ascii_uppercase().as_str() {
        "L5" | "5" => Ok(Level::L5),
        "L6" | "6" => Ok(Level::L6),
        _ => Err(AppError::Invalid(format!(
            "level: `{s}` is not a level; use L5 or L6"
        ))),
    }
}

fn parse_format(s: &str) -> Result<Format> {
    match s.trim().to_ascii_lowercase().as_str() {
        "virtual" | "online" | "remote" => Ok(Format::Virtual),
        "onsite" | "on-site" | "in-person" => Ok(Format::Onsite),
        _ => Err(AppError::Invalid(format!(
            "format: `{s}` is not a format; use virtual or onsite"
        ))),
    }
}

fn check_date(field: &str, s: &str) -> Result<String> {
    let t = s.trim();
    parse_date(t)
        .map(date_string)
        .ok_or_else(|| AppError::Invalid(format!("{field}: `{s}` is not a date as YYYY-MM-DD")))
}

fn check_hours(h: f32) -> Result<f32> {
    if h.is_finite() && (1.0..=MAX_HOURS_PER_WEEK).contains(&h) {
        Ok((h * 4.0).round() / 4.0)
    } else {
        Err(AppError::Invalid(format!(
            "hours_per_week: {h} is outside 1–{MAX_HOURS_PER_WEEK}"
        )))
    }
}

/// The plan's settings, with defaults for what is not set. A stored value that no longer reads
/// (hand-edited) falls back to the default rather than failing the page.
pub async fn settings(ctx: Ctx<'_>) -> Result<PlanSettings> {
    let s = ctx.store;
    let o = ctx.owner;
    let get = |v: Option<String>| v.filter(|x| !x.trim().is_empty());
    let interview_date = get(s.setting(o, INTERVIEW_DATE).await?)
        .and_then(|d| parse_date(d.trim()).map(date_string));
    let phone_screen_date = get(s.setting(o, PHONE_SCREEN_DATE).await?)
        .and_then(|d| parse_date(d.trim()).map(date_string));
    let hours_per_week = get(s.setting(o, HOURS_PER_WEEK).await?)
        .and_then(|h| h.trim().parse::<f32>().ok())
        .and_then(|h| check_hours(h).ok())
        .unwrap_or(DEFAULT_HOURS_PER_WEEK);
    let days_off = get(s.setting(o, DAYS_OFF).await?)
        .and_then(|d| parse_weekdays(&d).ok())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| WEEKDAYS.get(usize::from(d)).map(|w| (*w).to_string()))
        .collect();
    let level = get(s.setting(o, LEVEL).await?)
        .and_then(|l| parse_level(&l).ok())
        .unwrap_or(Level::L5);
    let format = get(s.setting(o, FORMAT).await?)
        .and_then(|f| parse_format(&f).ok())
        .unwrap_or(Format::Virtual);
    Ok(PlanSettings {
        interview_date,
        phone_screen_date,
        hours_per_week,
        days_off,
        level,
        format,
    })
}

/// Checks every field of `patch` first, then saves them all; a bad field saves nothing.
pub async fn update_settings(ctx: Ctx<'_>, patch: &PlanPatch) -> Result<PlanSettings> {
    let mut writes: Vec<(&str, Option<String>)> = Vec::new();
    let date_field = |field: &str, v: &Option<String>| -> Result<Option<Option<String>>> {
        match v.as_deref().map(str::trim) {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(d) => Ok(Some(Some(check_date(field, d)?))),
        }
    };
    if let Some(v) = date_field("interview_date", &patch.interview_date)? {
        writes.push((INTERVIEW_DATE, v));
    }
    if let Some(v) = date_field("phone_screen_date", &patch.phone_screen_date)? {
        writes.push((PHONE_SCREEN_DATE, v));
    }
    if let Some(h) = patch.hours_per_week {
        writes.push((HOURS_PER_WEEK, Some(check_hours(h)?.to_string())));
    }
    if let Some(d) = &patch.days_off {
        let days = parse_weekdays(d).map_err(|e| AppError::Invalid(format!("days_off: {e}")))?;
        if days.len() >= 7 {
            return Err(AppError::Invalid(
                "days_off: every day of the week is off; leave at least one day to prepare".into(),
            ));
        }
        let names: Vec<&str> = days
            .iter()
            .filter_map(|d| WEEKDAYS.get(usize::from(*d)).copied())
            .collect();
        writes.push((DAYS_OFF, Some(names.join(","))));
    }
    if let Some(l) = &patch.level {
        writes.push((LEVEL, Some(level_str(parse_level(l)?).to_string())));
    }
    if let Some(f) = &patch.format {
        writes.push((FORMAT, Some(format_str(parse_format(f)?).to_string())));
    }
    for (key, value) in &writes {
        ctx.store
            .set_setting(ctx.owner, key, value.as_deref())
            .await?;
    }
    settings(ctx).await
}

fn action_of(o: &PlanOverride) -> Option<Override> {
    let action = match o.action.as_str() {
        "skip" => OverrideAction::Skip,
        "done" => OverrideAction::Done,
        "move" => OverrideAction::Move,
        _ => return None,
    };
    Some(Override {
        key: o.key.clone(),
        action,
        to: o.moved_to.as_deref().and_then(parse_date),
    })
}

fn weekday_numbers(names: &[String]) -> Vec<u8> {
    names
        .iter()
        .filter_map(|n| WEEKDAYS.iter().position(|w| w == n).map(|i| i as u8))
        .collect()
}

/// A plan as every front end shows it: the settings it was made from and the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// The inputs.
    pub settings: PlanSettings,
    /// The plan, made today from the candidate's real activity.
    pub plan: Plan,
}

/// The planner's input, or `None` without an interview date. `known` is the candidate's activity
/// when the caller has read it already (readiness does); otherwise it is read here.
async fn input(
    ctx: Ctx<'_>,
    s: &PlanSettings,
    today: Day,
    known: Option<&crate::progress::Snapshot>,
) -> Result<Option<PlanInput>> {
    let Some(interview) = s.interview_date.as_deref().and_then(parse_date) else {
        return Ok(None);
    };
    if interview - today > MAX_PLAN_DAYS {
        // A date years away (or a typo such as 9999) would plan thousands of weeks.
        return Err(AppError::Invalid(format!(
            "interview_date: {} is more than two years away; a plan covers at most {MAX_PLAN_DAYS} days",
            date_string(interview)
        )));
    }
    let progress = match known {
        Some(k) => k.progress(),
        None => crate::progress::snapshot(ctx).await?.progress(),
    };
    let days_off = weekday_numbers(&s.days_off);
    // A move to a day that has since passed (or that the new settings put off or past the
    // interview) is forgotten: the task goes back to the plan's own choice.
    let overrides = ctx
        .store
        .plan_overrides(ctx.owner)
        .await?
        .iter()
        .filter_map(action_of)
        .filter(|o| match (o.action, o.to) {
            (OverrideAction::Move, Some(d)) => {
                d >= today && d < interview && !days_off.contains(&planner::weekday(d))
            }
            (OverrideAction::Move, None) => false,
            _ => true,
        })
        .collect();
    Ok(Some(PlanInput {
        today,
        interview,
        phone_screen: s
            .phone_screen_date
            .as_deref()
            .and_then(parse_date)
            .filter(|d| *d >= today && *d < interview),
        hours_per_week: s.hours_per_week,
        days_off,
        level: s.level,
        format: s.format,
        progress,
        overrides,
    }))
}

/// The plan as of `today`, or `None` when no interview date is set (the caller asks for one).
pub async fn current(ctx: Ctx<'_>, today: Day) -> Result<Option<PlanView>> {
    current_from(ctx, today, None).await
}

/// [`current`] from activity the caller has already read.
pub async fn current_from(
    ctx: Ctx<'_>,
    today: Day,
    known: Option<&crate::progress::Snapshot>,
) -> Result<Option<PlanView>> {
    let settings = settings(ctx).await?;
    let Some(input) = input(ctx, &settings, today, known).await? else {
        return Ok(None);
    };
    let plan = planner::plan(&input).map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(Some(PlanView { settings, plan }))
}

/// What the candidate does to one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskAction {
    /// Not doing it: the plan gives its hours to other tasks.
    Skip,
    /// Done, though no activity shows it (e.g. questions to ask written on paper).
    Done,
    /// To another day (`to`).
    Move,
    /// Forget any skip, move or tick: back to the plan's own choice.
    Reset,
}

impl std::str::FromStr for TaskAction {
    type Err = AppError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "skip" => Ok(TaskAction::Skip),
            "done" => Ok(TaskAction::Done),
            "move" => Ok(TaskAction::Move),
            "reset" | "undo" => Ok(TaskAction::Reset),
            _ => Err(AppError::Invalid(format!(
                "`{s}` is not a task action; use skip, done, move or reset"
            ))),
        }
    }
}

fn all_keys(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.weeks
        .iter()
        .flat_map(|w| &w.tasks)
        .chain(&plan.done)
        .chain(&plan.skipped)
        .map(|t| t.key.as_str())
        .chain(plan.dropped.iter().map(|d| d.key.as_str()))
}

/// Skips, moves, ticks or resets one task of the current plan. The change is tried on the plan
/// first (a move to a day off or past the interview is refused with the planner's reason) and only
/// then saved. Returns the new plan.
pub async fn act(
    ctx: Ctx<'_>,
    today: Day,
    key: &str,
    action: TaskAction,
    to: Option<&str>,
    now: i64,
) -> Result<PlanView> {
    let settings = settings(ctx).await?;
    let Some(mut input) = input(ctx, &settings, today, None).await? else {
        return Err(AppError::Invalid(
            "no plan yet: set your interview date first".into(),
        ));
    };
    let before = planner::plan(&input).map_err(|e| AppError::Invalid(e.to_string()))?;
    if !all_keys(&before).any(|k| k == key) {
        let mut keys: Vec<&str> = all_keys(&before).collect();
        keys.truncate(12);
        return Err(AppError::Unknown {
            what: "task",
            id: key.to_string(),
            valid: format!("{}, …", keys.join(", ")),
        });
    }
    input.overrides.retain(|o| o.key != key);
    if action == TaskAction::Reset {
        ctx.store.clear_plan_override(ctx.owner, key).await?;
        return current(ctx, today)
            .await?
            .ok_or_else(|| AppError::Invalid("no plan".into()));
    }
    let moved_to = match (action, to) {
        (TaskAction::Move, Some(d)) => Some(check_date("to", d)?),
        (TaskAction::Move, None) => {
            return Err(AppError::Invalid(
                "to: a move needs the day to move to, as YYYY-MM-DD".into(),
            ));
        }
        _ => None,
    };
    let o = PlanOverride {
        key: key.to_string(),
        action: match action {
            TaskAction::Skip => "skip",
            TaskAction::Done => "done",
            _ => "move",
        }
        .to_string(),
        moved_to,
        updated_at: now,
    };
    if let Some(parsed) = action_of(&o) {
        input.overrides.push(parsed);
    }
    let plan = planner::plan(&input).map_err(|e| AppError::Invalid(e.to_string()))?;
    ctx.store.set_plan_override(ctx.owner, &o).await?;
    Ok(PlanView { settings, plan })
}

/// Forgets every skip, move and tick.
pub async fn reset_all(ctx: Ctx<'_>) -> Result<u64> {
    Ok(ctx.store.clear_plan_overrides(ctx.owner).await?)
}

/// The plan as an iCalendar file: one event per planned task, UIDs stable across exports.
pub fn ics(view: &PlanView, now: i64) -> String {
    planner::to_ics(
        &view.plan,
        &IcsOptions {
            stamp_utc: ics_stamp(now),
            start_hour: 9,
        },
    )
}

/// The plan as Markdown, a checklist per week.
pub fn markdown(view: &PlanView) -> String {
    planner::to_markdown(&view.plan)
}

/// Unix milliseconds as an iCalendar UTC stamp (`20261205T101500Z`).
pub fn ics_stamp(now: i64) -> String {
    let civil = crate::civil_time(now); // "YYYY-MM-DD HH:MM UTC"
    let secs = now.div_euclid(1000).rem_euclid(60);
    let digits: String = civil.chars().filter(char::is_ascii_digit).collect();
    let (date, time) = digits.split_at(digits.len().min(8));
    format!("{date}T{time}{secs:02}Z")
}

/// Today's day number (UTC) from unix milliseconds.
pub fn day_of(now: i64) -> Day {
    now.div_euclid(86_400_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_stamps_are_utc_basic_format() {
        // 2026-11-22 00:00:00 UTC plus 10:15:07.
        let ms = 20_779 * 86_400_000 + (10 * 3600 + 15 * 60 + 7) * 1000;
        assert_eq!(ics_stamp(ms), "20261122T101507Z");
    }

    #[test]
    fn actions_parse_and_bad_ones_say_what_would_do() {
        assert_eq!("Skip".parse::<TaskAction>().ok(), Some(TaskAction::Skip));
        assert_eq!("undo".parse::<TaskAction>().ok(), Some(TaskAction::Reset));
        let e = "later".parse::<TaskAction>().expect_err("not an action");
        assert!(e.to_string().contains("skip, done, move or reset"), "{e}");
    }

    #[test]
    fn levels_formats_and_hours_are_checked() {
        assert_eq!(parse_level("l6").ok(), Some(Level::L6));
        assert!(parse_level("L7").is_err());
        assert_eq!(parse_format("On-site").ok(), Some(Format::Onsite));
        assert!(parse_format("zoom party").is_err());
        assert_eq!(check_hours(10.1).ok(), Some(10.0));
        assert!(check_hours(0.5).is_err());
        assert!(check_hours(f32::NAN).is_err());
        assert!(check_hours(81.0).is_err());
    }
}
