//! `tpmprep plan …` and `tpmprep status`: the study plan and the readiness figure in the terminal.
//! The plan's rules are `practice::plan`'s and its data `app::plan`'s; this module reads the
//! clock, writes the export files and prints.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use tpmprep_app::mock::Ctx;
use tpmprep_app::plan::{PlanPatch, PlanView, TaskAction};
use tpmprep_critic::Critic;
use tpmprep_practice::plan::{Task, TaskStatus, parse_date};
use tpmprep_store::LOCAL_USER;

use crate::cli::*;
use crate::commands::{json, load_pack};
use crate::config::Config;

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Runs `f` with a context on the configured store, closing the store after.
pub(crate) fn with_ctx<T>(
    cfg: &Config,
    f: impl for<'a> FnOnce(&tokio::runtime::Runtime, Ctx<'a>) -> Result<T>,
) -> Result<T> {
    let pack = load_pack(cfg)?;
    let critic = Critic::new(&pack);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let store = rt.block_on(crate::story::open(cfg))?;
    let ctx = Ctx {
        store: store.as_ref(),
        pack: &pack,
        critic: &critic,
        owner: LOCAL_USER,
    };
    let result = f(&rt, ctx);
    rt.block_on(store.close());
    result
}

fn today_of(arg: Option<&str>) -> Result<i64> {
    match arg {
        Some(d) => parse_date(d.trim())
            .ok_or_else(|| anyhow!("--today: `{d}` is not a date as YYYY-MM-DD")),
        None => Ok(tpmprep_app::plan::day_of(now_ms())),
    }
}

fn write_file(path: &Path, body: &str) -> Result<()> {
    // Written beside the target and renamed over it: an interrupted export never leaves half a file.
    let tmp = path.with_extension("tpmprep-tmp");
    std::fs::write(&tmp, body).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Runs `tpmprep plan`.
pub fn run(cfg: &Config, a: PlanArgs, text: &mut String) -> Result<ExitCode> {
    let today = today_of(a.today.as_deref())?;
    let patch = PlanPatch {
        interview_date: a.interview_date.clone(),
        phone_screen_date: a.phone_screen_date.clone(),
        hours_per_week: a.hours_per_week,
        days_off: a.days_off.clone(),
        level: a.level.clone(),
        format: a.format.clone(),
    };
    with_ctx(cfg, |rt, ctx| {
        if !patch.is_empty() {
            rt.block_on(tpmprep_app::plan::update_settings(ctx, &patch))?;
        }
        let now = now_ms();
        let (view, as_json) = match &a.action {
            None => {
                let view = rt.block_on(tpmprep_app::plan::current(ctx, today))?;
                (view, a.out.json)
            }
            Some(PlanAction::Reset { all: true, out, .. }) => {
                let n = rt.block_on(tpmprep_app::plan::reset_all(ctx))?;
                if !out.json {
                    let _ = writeln!(text, "Forgot {n} skip(s), move(s) and tick(s).");
                }
                (
                    rt.block_on(tpmprep_app::plan::current(ctx, today))?,
                    out.json,
                )
            }
            Some(act) => {
                let (key, action, to, out) = match act {
                    PlanAction::Skip { key, out } => (key.as_str(), TaskAction::Skip, None, out),
                    PlanAction::Done { key, out } => (key.as_str(), TaskAction::Done, None, out),
                    PlanAction::Move { key, date, out } => {
                        (key.as_str(), TaskAction::Move, Some(date.as_str()), out)
                    }
                    PlanAction::Reset { key, out, .. } => (
                        key.as_deref().unwrap_or_default(),
                        TaskAction::Reset,
                        None,
                        out,
                    ),
                };
                let view = rt.block_on(tpmprep_app::plan::act(ctx, today, key, action, to, now))?;
                if !out.json {
                    let _ = writeln!(text, "{}\n", acted(key, action, to));
                }
                (Some(view), out.json)
            }
        };
        let Some(view) = view else {
            if as_json {
                json(
                    &serde_json::json!({ "plan": null, "needs": "interview_date" }),
                    text,
                )?;
            } else {
                text.push_str(
                    "No plan yet: it needs your interview date.\n  tpmprep plan --interview-date YYYY-MM-DD --hours-per-week 12\n",
                );
            }
            return Ok(ExitCode::SUCCESS);
        };
        if let Some(path) = &a.ics {
            write_file(path, &tpmprep_app::plan::ics(&view, now))?;
        }
        if let Some(path) = &a.markdown {
            write_file(path, &tpmprep_app::plan::markdown(&view))?;
        }
        if as_json {
            json(&view, text)?;
        } else {
            render(&view, text);
            for (what, path) in [("Calendar", &a.ics), ("Markdown", &a.markdown)] {
                if let Some(p) = path {
                    let _ = writeln!(text, "{what} written to {}", p.display());
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn acted(key: &str, action: TaskAction, to: Option<&str>) -> String {
    match action {
        TaskAction::Skip => format!("Skipped {key}: its hours go to other tasks."),
        TaskAction::Done => format!("Ticked {key} done."),
        TaskAction::Move => format!("Moved {key} to {}.", to.unwrap_or_default()),
        TaskAction::Reset => format!("{key} is back to the plan's own choice."),
    }
}

fn hours(h: f32) -> String {
    let s = format!("{h:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} h")
}

fn task_line(t: &Task, text: &mut String) {
    let mark = match t.status {
        TaskStatus::Done => "x",
        TaskStatus::Skipped => "-",
        TaskStatus::Moved => ">",
        TaskStatus::Planned => " ",
    };
    let _ = writeln!(
        text,
        "  [{mark}] {}  {:<52} {:>6}  {}",
        t.date,
        t.title,
        hours(t.hours),
        t.key
    );
}

/// The plan as text: the settings, notes, each week with its tasks, then done, skipped, dropped.
pub fn render(view: &PlanView, text: &mut String) {
    let p = &view.plan;
    let s = &view.settings;
    let _ = writeln!(
        text,
        "Study plan: {} day(s) to the loop on {} · {} a week{} · {:?} · {:?}",
        p.days_left,
        p.interview,
        hours(p.hours_per_week),
        if s.days_off.is_empty() {
            String::new()
        } else {
            format!(" · off {}", s.days_off.join(", "))
        },
        s.level,
        s.format,
    );
    if let Some(ps) = &p.phone_screen {
        let _ = writeln!(text, "Phone screen: {ps}");
    }
    let _ = writeln!(
        text,
        "{} planned of {} available ({} needed; the floor is {}).",
        hours(p.hours_planned),
        hours(p.hours_available),
        hours(p.hours_needed),
        hours(p.floor_hours)
    );
    for n in &p.notes {
        let _ = writeln!(text, "! {n}");
    }
    for w in &p.weeks {
        let _ = writeln!(
            text,
            "\nWeek {} ({} – {}): {} of {}",
            w.index,
            w.start,
            w.end,
            hours(w.hours),
            hours(w.budget)
        );
        for t in &w.tasks {
            task_line(t, text);
        }
    }
    if !p.done.is_empty() {
        let _ = writeln!(text, "\nDone ({}):", p.done.len());
        for t in &p.done {
            task_line(t, text);
        }
    }
    if !p.skipped.is_empty() {
        let _ = writeln!(text, "\nSkipped ({}):", p.skipped.len());
        for t in &p.skipped {
            task_line(t, text);
        }
    }
    if !p.dropped.is_empty() {
        let _ = writeln!(text, "\nDropped ({}):", p.dropped.len());
        for d in &p.dropped {
            let _ = writeln!(text, "  {} ({}) — {}", d.title, hours(d.hours), d.reason);
        }
    }
    text.push_str(
        "\nChange a task: tpmprep plan skip|done KEY, tpmprep plan move KEY YYYY-MM-DD, tpmprep plan reset KEY\n",
    );
}

/// Runs `tpmprep status`.
pub fn status(cfg: &Config, a: StatusArgs, text: &mut String) -> Result<ExitCode> {
    with_ctx(cfg, |rt, ctx| {
        let s = rt.block_on(tpmprep_app::readiness::status(ctx, now_ms()))?;
        if a.out.json {
            json(&s, text)?;
            return Ok(ExitCode::SUCCESS);
        }
        let r = &s.readiness;
        let _ = writeln!(text, "Readiness: {}/100", r.score);
        match (s.interview_date.as_deref(), s.days_left) {
            (Some(d), Some(n)) if n >= 0 => {
                let _ = writeln!(text, "Interview: {d}, {n} day(s) left");
            }
            (Some(d), _) => {
                let _ = writeln!(
                    text,
                    "Interview: {d} has passed; set the next one with `tpmprep plan --interview-date`"
                );
            }
            _ => {
                let _ = writeln!(
                    text,
                    "Interview: not set (`tpmprep plan --interview-date YYYY-MM-DD`)"
                );
            }
        }
        text.push('\n');
        for p in &r.parts {
            let _ = writeln!(
                text,
                "  {:<26} {:>5.1} of {:>3}  {}",
                p.name, p.points, p.weight, p.detail
            );
        }
        let _ = writeln!(text, "\nTo raise it most: {}", r.raise_most);
        Ok(ExitCode::SUCCESS)
    })
}
