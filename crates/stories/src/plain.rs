//! Plain STAR text, as people paste it from notes, documents or chat:
//!
//! ```text
//! Cut checkout p99 latency by 40%
//!
//! Situation: Checkout p99 was 820 ms two weeks before Prime Day.
//! Task: Bring it under 500 ms without freezing other launches.
//! A:
//! - Split the fraud call off the critical path.
//! - Ran a load test every night.
//! **Result:** 490 ms on the day; no rollback.
//! ```
//!
//! A heading is one of Situation, Task, Action, Result (any case, plurals, or their first letter
//! followed by a colon) written as `Situation:`, `S:`, `**Situation**`, `**Situation:**`,
//! `## Situation`, `SITUATION` alone on a line, or `Situation - ...`; text after the heading on its
//! line starts the section. The title is the one given, else the first line when it is not a heading
//! (`# Title`, `**Title**` and `Title: ...` are unwrapped). Everything else is kept as written.

use crate::Problem;
use crate::markdown::Locations;
use crate::model::StoryContent;

/// The problem of plain text with no title line and no title given, up to how a title is given:
/// the message goes on with [`TITLE_CONTROL`], which a caller with its own way of giving a title
/// (a form's field) replaces with its own words.
pub const NO_TITLE: &str =
    "a story needs a title: put it on the first line, above `Situation:`, or give one";
/// How [`NO_TITLE`] ends by default: the command line's way of giving a title.
pub const TITLE_CONTROL: &str = "in the title field (`--title` on the command line)";

/// The four sections, in order, with their field names.
const SECTIONS: [(&str, &str); 4] = [
    ("Situation", "situation"),
    ("Task", "task"),
    ("Action", "action"),
    ("Result", "result"),
];

/// Whether `text` looks like plain STAR text rather than the `+++` Markdown format: its first
/// non-blank line is not `+++`.
pub fn is_plain(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() != "+++")
}

/// Takes into `story`, read from plain text, every field plain text cannot hold (all but the title
/// and the four sections) from `stored`: a plain file given for a stored story says nothing about its
/// principles, tags or facts, which must not read as "remove them all".
pub fn keep_unwritten(story: &mut StoryContent, stored: &StoryContent) {
    let StoryContent {
        title: _,
        situation: _,
        task: _,
        action: _,
        result: _,
        status,
        principles,
        tags,
        role,
        period,
        teams,
        partners,
        metrics,
        trade_off,
        dissent,
        differently,
        artifacts,
    } = stored.clone();
    story.status = status;
    story.principles = principles;
    story.tags = tags;
    story.role = role;
    story.period = period;
    story.teams = teams;
    story.partners = partners;
    story.metrics = metrics;
    story.trade_off = trade_off;
    story.dissent = dissent;
    story.differently = differently;
    story.artifacts = artifacts;
}

/// A heading on `line`: the section's index in [`SECTIONS`] and the text after it on the line.
pub(crate) fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim();
    let hashes = t.len() - t.trim_start_matches('#').len();
    let t = t[hashes..].trim_start();
    let (bold, t) = ["**", "__", "*", "_"]
        .iter()
        .find_map(|m| t.strip_prefix(m).map(|rest| (*m, rest)))
        .unwrap_or(("", t));
    let t = t.trim_start();
    let end = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
    let index = match t[..end].to_lowercase().as_str() {
        "situation" | "situations" | "s" => 0,
        "task" | "tasks" | "t" => 1,
        "action" | "actions" | "a" => 2,
        "result" | "results" | "r" => 3,
        _ => return None,
    };
    let letter = end == 1;
    let mut rest = &t[end..];
    // `**Situation**`: the emphasis closes right after the word...
    let mut closed = bold.is_empty();
    if let Some(r) = rest.strip_prefix(bold).filter(|_| !closed) {
        rest = r;
        closed = true;
    }
    let r = rest.trim_start();
    if let Some(after) = r.strip_prefix(':') {
        // ... or after the colon: `**Situation:**`.
        let after = if closed {
            after
        } else {
            after.strip_prefix(bold)?
        };
        return Some((index, after.trim()));
    }
    // Without a colon: whole words only, emphasis closed.
    if !closed || letter {
        return None;
    }
    if r.is_empty() {
        return Some((index, "")); // `## Situation`, `**Situation**`, `SITUATION`
    }
    if rest.starts_with(char::is_whitespace) {
        for dash in ["-", "–", "—"] {
            if let Some(after) = r.strip_prefix(dash) {
                if after.is_empty() || after.starts_with(char::is_whitespace) {
                    return Some((index, after.trim())); // `Situation - text`
                }
            }
        }
    }
    // `**Situation** text`
    (!bold.is_empty()).then_some((index, r))
}

/// The title a non-heading first line gives: `# Title`, `**Title**` and `Title: ...` unwrapped.
fn title_of(line: &str) -> String {
    let mut t = line.trim().trim_start_matches('#').trim();
    for m in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(m).and_then(|r| r.strip_suffix(m)) {
            t = inner.trim();
        }
    }
    let lower = t.to_lowercase();
    if lower.starts_with("title:") {
        t = t["title:".len()..].trim();
    }
    t.to_string()
}

/// Parses plain STAR text. `title` (when not blank) names the story; otherwise its first line does.
/// The result is normalised. Problems name the line and field.
pub fn parse(text: &str, title: Option<&str>) -> Result<(StoryContent, Locations), Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let problem = |line: usize, field: &str, message: String| Problem {
        line,
        field: field.to_string(),
        message,
    };
    let given = title.map(str::trim).filter(|t| !t.is_empty());
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Err(vec![problem(1, "(file)", "the text is empty".into())]);
    };
    if !lines.iter().any(|l| heading(l).is_some()) {
        return Err(vec![problem(
            first + 1,
            "(file)",
            "no story found: a story starts with a `+++` line (the tpmprep Markdown format), or is \
             plain text with the headings `Situation:`, `Task:`, `Action:` and `Result:`"
                .into(),
        )]);
    }
    let mut locs = Locations::default();
    let mut problems = Vec::new();
    let mut story_title = given.map(str::to_string).unwrap_or_default();
    let mut body_from = first;
    if heading(lines[first]).is_none() {
        let from_text = title_of(lines[first]);
        match given {
            None => {
                story_title = from_text;
                body_from = first + 1;
            }
            Some(g)
                if crate::model::normalize_line(g).to_lowercase()
                    == crate::model::normalize_line(&from_text).to_lowercase() =>
            {
                body_from = first + 1;
            }
            Some(_) => {} // reported below as text before the first heading
        }
        locs.lines.insert("title".into(), first + 1);
    } else if given.is_none() {
        problems.push(problem(
            first + 1,
            "title",
            format!("{NO_TITLE} {TITLE_CONTROL}"),
        ));
    }

    let mut bodies: [Option<Vec<&str>>; 4] = [None, None, None, None];
    let mut heading_line = [0usize; 4];
    let mut current: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(body_from) {
        let n = i + 1;
        if let Some((s, after)) = heading(line) {
            let (name, field) = SECTIONS[s];
            if bodies[s].is_some() {
                problems.push(problem(
                    n,
                    field,
                    format!(
                        "`{name}` appears twice (first at line {}); one story has one of each \
                         section",
                        heading_line[s]
                    ),
                ));
            }
            heading_line[s] = n;
            locs.lines.insert(field.to_string(), n);
            bodies[s] = Some(if after.is_empty() {
                vec![]
            } else {
                vec![after]
            });
            current = Some(s);
            continue;
        }
        match current {
            Some(s) => {
                if let Some(body) = bodies[s].as_mut() {
                    body.push(line);
                }
            }
            None if line.trim().is_empty() => {}
            None => problems.push(problem(
                n,
                "(section)",
                if given.is_some() && i == first {
                    "text before the first heading: with a title given, this line belongs under \
                     `Situation:` (or leave the title empty to use this line as the title)"
                        .into()
                } else {
                    "text before the first heading; put it under `Situation:`, `Task:`, \
                     `Action:` or `Result:`"
                        .into()
                },
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let body = |s: usize| bodies[s].as_ref().map(|l| l.join("\n")).unwrap_or_default();
    let story = StoryContent {
        title: story_title,
        situation: body(0),
        task: body(1),
        action: body(2),
        result: body(3),
        ..StoryContent::default()
    }
    .normalized();
    Ok((story, locs))
}

/// A filled-in example of the plain form, as the import page shows it.
pub const TEMPLATE: &str = "Cut checkout p99 latency by 40% before Prime Day

Situation: Checkout p99 latency was 820 ms two weeks before Prime Day; payments, fraud and the \
mobile app each blamed another team.
Task: As the TPM for checkout, bring it under 500 ms without freezing the other launches.
Action:
- Traced one slow request end to end with the fraud team and found a synchronous call.
- Agreed with Priya (engineering manager, fraud) to move it off the critical path behind a flag.
- Ran a load test every night and kept a rollback plan ready.
Result: p99 fell from 820 ms to 490 ms; Prime Day ran without a rollback.
";
