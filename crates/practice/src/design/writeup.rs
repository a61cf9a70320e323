//! A session's notes as one write-up: what the critic reads and what an export holds. Each phase's
//! notes under its title as a `## ` heading, then the diagram's components and flows.

use super::diagram::Diagram;
use super::plan::Setup;

/// The write-up the critic reads: every phase with notes under its title, and the diagram's flows.
/// `note(key)` gives a phase's notes.
pub fn for_critic<'a>(
    setup: &Setup,
    note: impl Fn(&str) -> Option<&'a str>,
    diagram: &Diagram,
) -> String {
    let mut out = String::new();
    for p in &setup.phases {
        let Some(body) = note(&p.key).map(str::trim).filter(|b| !b.is_empty()) else {
            continue;
        };
        out.push_str("## ");
        out.push_str(&p.title);
        out.push_str("\n\n");
        out.push_str(body);
        out.push_str("\n\n");
    }
    if !diagram.boxes.is_empty() {
        out.push_str("## Diagram\n\n");
        out.push_str(&diagram_bullets(diagram));
    }
    out
}

/// The diagram as Markdown bullets: components, then flows.
pub fn diagram_bullets(diagram: &Diagram) -> String {
    let mut out = String::new();
    if !diagram.boxes.is_empty() {
        out.push_str("Components: ");
        out.push_str(
            &diagram
                .boxes
                .iter()
                .map(|b| b.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str(".\n\n");
    }
    for a in &diagram.arrows {
        out.push_str("- ");
        out.push_str(&diagram.arrow_line(a));
        out.push('\n');
    }
    out
}

/// The session as a Markdown document to keep: the prompt, each phase's notes (a phase without
/// notes says so) and the diagram in its terminal form.
pub fn export(setup: &Setup, note: impl Fn(&str) -> Option<String>, diagram: &Diagram) -> String {
    let mut out = format!(
        "# {}\n\n> {}\n\n",
        setup.title,
        setup.prompt_text.replace('\n', "\n> ")
    );
    for p in &setup.phases {
        out.push_str(&format!(
            "## {} ({} min)\n\n",
            p.title,
            p.seconds.div_ceil(60)
        ));
        match note(&p.key).filter(|b| !b.trim().is_empty()) {
            Some(body) => {
                out.push_str(body.trim());
                out.push_str("\n\n");
            }
            None => out.push_str("_No notes._\n\n"),
        }
    }
    out.push_str("## Diagram\n\n");
    if diagram.boxes.is_empty() {
        out.push_str("_No diagram._\n");
    } else {
        out.push_str("```\n");
        out.push_str(&diagram.to_lines());
        out.push_str("```\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_without_notes_are_left_out_of_what_the_critic_reads() {
        let s = Setup::new(None, Some("Design a cache."), 1.0, None).expect("valid");
        let d = Diagram::from_lines("API -> Cache: reads").expect("valid");
        let text = for_critic(
            &s,
            |k| (k == "clarify").then_some("  50M users a day.  "),
            &d,
        );
        assert_eq!(
            text,
            "## Clarify\n\n50M users a day.\n\n## Diagram\n\nComponents: API, Cache.\n\n- API → Cache: reads\n"
        );
        let md = export(
            &s,
            |k| (k == "wrap-up").then(|| "Alarm on p99.".to_string()),
            &d,
        );
        assert!(md.starts_with(
            "# Design a cache\n\n> Design a cache.\n\n## Clarify (5 min)\n\n_No notes._"
        ));
        assert!(md.contains("## Wrap-up (5 min)\n\nAlarm on p99.\n\n"));
        assert!(md.ends_with("```\nAPI\nCache\nAPI → Cache: reads\n```\n"));
    }
}
