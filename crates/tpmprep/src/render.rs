//! Plain-text rendering of pack content. Calm output: no colour, wrapped to 100 columns.

use std::fmt::Write;

use tpmprep_content::{Ask, Example, Format, Pack, Principle, Prompt, Question, Stage};

const WIDTH: usize = 100;

pub use tpmprep_stories::thousands;

/// Wraps `text` with `indent` on every line.
pub fn wrap(out: &mut String, indent: &str, text: &str) {
    hang(out, indent, indent, text);
}

/// Wraps `text` with `first` before the first line and `rest` before the others.
pub fn hang(out: &mut String, first: &str, rest: &str, text: &str) {
    let opts = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(text, opts) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// A titled bullet list.
pub fn bullets(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {title}:");
    for item in items {
        hang(out, "    - ", "      ", item);
    }
}

/// Pads `s` to `width` characters (by char count, so names with accents line up).
pub fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        format!("{s} ")
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

pub fn principle_line(out: &mut String, p: &Principle, width: usize) {
    let added = p
        .added
        .map(|y| format!("  (added {y})"))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{}{added}", pad(&p.id, width), p.name);
}

pub fn principle_full(out: &mut String, p: &Principle, behavioural: usize) {
    let added = p
        .added
        .map(|y| format!(" — added {y}; guides that list 14 principles predate it"))
        .unwrap_or_default();
    let _ = writeln!(out, "{} ({}){added}", p.name, p.id);
    out.push('\n');
    wrap(out, "  ", &p.summary);
    out.push('\n');
    bullets(out, "Interviewers probe", &p.probes);
    bullets(out, "A strong answer", &p.strong_signals);
    bullets(out, "Common pitfalls", &p.pitfalls);
    let _ = writeln!(
        out,
        "\n  {behavioural} behavioural questions: tpmprep questions --principle {} --kind behavioural",
        p.id
    );
}

pub fn stage(out: &mut String, s: &Stage, pack: &Pack) {
    let optional = if s.optional { " (optional)" } else { "" };
    let _ = writeln!(out, "{}. {}{optional} — {}", s.order, s.name, s.duration);
    if !s.interviewers.is_empty() {
        let who: Vec<&str> = s
            .interviewers
            .iter()
            .map(|r| pack.role(r).map_or(r.as_str(), |r| r.name.as_str()))
            .collect();
        wrap(out, "   ", &format!("Who: {}", who.join(", ")));
    }
    wrap(out, "   ", &format!("Assesses: {}", s.assesses.join("; ")));
    if let Some(notes) = &s.notes {
        wrap(out, "   ", notes);
    }
}

pub fn format_full(out: &mut String, f: &Format, pack: &Pack) {
    let _ = writeln!(out, "Format: {} ({})", f.name, f.id);
    wrap(out, "  ", &f.summary);
    out.push('\n');
    for (i, iv) in f.interviews.iter().enumerate() {
        let role = pack
            .role(&iv.role)
            .map_or(iv.role.as_str(), |r| r.name.as_str());
        let stage = pack
            .stage(&iv.stage)
            .map_or(iv.stage.as_str(), |s| s.name.as_str());
        let br = if iv.bar_raiser { "  [bar raiser]" } else { "" };
        let _ = writeln!(
            out,
            "  {}. {} — {} min, {}{br}",
            i + 1,
            iv.title,
            iv.minutes,
            role
        );
        let kinds: Vec<&str> = iv.kinds.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(out, "     stage: {stage}; questions: {}", kinds.join(", "));
        if !iv.principles.is_empty() {
            wrap(
                out,
                "     ",
                &format!("principles: {}", iv.principles.join(", ")),
            );
        }
        wrap(out, "     ", &format!("listens for: {}", iv.focus));
    }
    let mut stages: Vec<&str> = Vec::new();
    for iv in &f.interviews {
        if !stages.contains(&iv.stage.as_str()) {
            stages.push(&iv.stage);
        }
    }
    let totals: Vec<String> = stages
        .iter()
        .map(|s| format!("{s} {} min", f.minutes_in(s)))
        .collect();
    let _ = writeln!(out, "\n  Total: {}", totals.join(", "));
}

pub fn question_line(out: &mut String, q: &Question, width: usize) {
    let _ = writeln!(
        out,
        "{}{}{}{}",
        pad(&q.id, width),
        pad(q.kind.as_str(), 19),
        pad(q.level.as_str(), 5),
        q.text
    );
}

pub fn question_full(out: &mut String, q: &Question) {
    let _ = writeln!(out, "{}", q.id);
    wrap(out, "  ", &q.text);
    // A competency that only restates the kind says nothing more.
    let competency = if q.competency == q.kind.as_str() {
        String::new()
    } else {
        format!(" · competency: {}", q.competency)
    };
    let _ = writeln!(
        out,
        "  kind: {} · levels: {}{competency}",
        q.kind,
        q.level.words()
    );
    let _ = writeln!(out, "  principles: {}", q.principles.join(", "));
    let _ = writeln!(out, "  asked at: {}", q.stages.join(", "));
    bullets(out, "Follow-ups", &q.follow_ups);
    wrap(out, "  ", &format!("Strong answer: {}", q.strong_answer));
}

pub fn prompt_line(out: &mut String, p: &Prompt, width: usize) {
    let _ = writeln!(
        out,
        "{}{}{}",
        pad(&p.id, width),
        pad(p.level.as_str(), 5),
        p.title
    );
}

pub fn prompt_full(out: &mut String, p: &Prompt) {
    let _ = writeln!(
        out,
        "{} ({}) — {} minutes, {}",
        p.title,
        p.id,
        p.minutes,
        p.level.words()
    );
    out.push('\n');
    wrap(out, "  ", &p.prompt);
    out.push('\n');
    bullets(out, "Scale sketch", &p.scale);
    bullets(out, "Ask before you draw", &p.clarifying);
    bullets(out, "Core components", &p.components);
    bullets(out, "Trade-offs to discuss", &p.trade_offs);
    bullets(out, "Deep-dive candidates", &p.deep_dives);
    bullets(out, "Failure modes", &p.failure_modes);
    bullets(out, "Monitor", &p.monitoring);
    if !p.objectives.is_empty() {
        let _ = writeln!(out, "  Objectives stressed: {}", p.objectives.join(", "));
    }
}

pub fn example_full(out: &mut String, x: &Example) {
    let _ = writeln!(out, "{} ({})", x.anti_pattern, x.id);
    wrap(out, "  ", &format!("Question: {}", x.question));
    out.push('\n');
    hang(out, "  WEAK    ", "          ", &x.weak);
    out.push('\n');
    hang(out, "  STRONG  ", "          ", &x.strong);
    out.push('\n');
    wrap(out, "  ", &format!("What changed: {}", x.what_changed));
    let _ = writeln!(out, "  Signals added: {}", x.signals.join(", "));
}

pub fn ask_line(out: &mut String, a: &Ask) {
    hang(out, "  - ", "    ", &a.text);
    wrap(out, "      ", &format!("why: {}", a.why));
}

/// Width of the widest id plus two spaces.
pub fn id_width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|s| s.chars().count()).max().unwrap_or(0) + 2
}
