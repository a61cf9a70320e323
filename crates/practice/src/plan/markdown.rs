//! The plan as Markdown: a heading per week with a checklist of its tasks, then what is done,
//! skipped and dropped.

use std::fmt::Write;

use super::{Plan, Task, TaskStatus, hours_text};

fn size(hours: f32) -> String {
    let minutes = (f64::from(hours) * 60.0).round() as u32;
    if minutes % 15 == 0 {
        format!("{} h", hours_text(hours))
    } else {
        format!("{minutes} min")
    }
}

fn line(out: &mut String, t: &Task, mark: &str) {
    let moved = if t.status == TaskStatus::Moved {
        ", moved"
    } else {
        ""
    };
    let star = if t.essential { "" } else { " · nice to have" };
    let _ = writeln!(
        out,
        "- [{mark}] {} · {} ({}{moved}){star}",
        t.date,
        t.title,
        size(t.hours)
    );
}

/// The plan as Markdown: a summary, the notes, one `## Week n (start – end)` per week with
/// `- [ ] date · title (1.5 h)` lines, then Done, Skipped and Dropped sections (each only when not
/// empty, Dropped always with its reasons).
pub fn to_markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Study plan for the interview on {}\n",
        plan.interview
    );
    let _ = writeln!(
        out,
        "Today {} · {} days left · {} h a week · {} h available · {} h needed · {} h planned{}\n",
        plan.today,
        plan.days_left,
        hours_text(plan.hours_per_week),
        hours_text(plan.hours_available),
        hours_text(plan.hours_needed),
        hours_text(plan.hours_planned),
        match &plan.phone_screen {
            Some(ps) => format!(" · phone screen {ps}"),
            None => String::new(),
        }
    );
    for n in &plan.notes {
        let _ = writeln!(out, "> {n}\n");
    }
    for w in &plan.weeks {
        let _ = writeln!(out, "## Week {} ({} – {})\n", w.index, w.start, w.end);
        let _ = writeln!(
            out,
            "{} h planned of {} h.\n",
            hours_text(w.hours),
            hours_text(w.budget)
        );
        for t in &w.tasks {
            line(&mut out, t, " ");
        }
        if !w.tasks.is_empty() {
            out.push('\n');
        }
    }
    if !plan.done.is_empty() {
        out.push_str("## Done\n\n");
        for t in &plan.done {
            let _ = writeln!(out, "- [x] {} ({})", t.title, size(t.hours));
        }
        out.push('\n');
    }
    if !plan.skipped.is_empty() {
        out.push_str("## Skipped\n\n");
        for t in &plan.skipped {
            let _ = writeln!(out, "- {} ({})", t.title, size(t.hours));
        }
        out.push('\n');
    }
    out.push_str("## Dropped\n\n");
    if plan.dropped.is_empty() {
        out.push_str("Nothing: every task found room.\n");
    }
    for d in &plan.dropped {
        let _ = writeln!(out, "- {} ({}): {}", d.title, size(d.hours), d.reason);
    }
    out
}
