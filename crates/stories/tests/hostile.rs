//! Hostile imports (issue 12, item 19) read to the end with a bounded answer. Not timed: their speed
//! is measured by `benches/hostile.rs`; here, what must hold whatever the machine.

use tpmprep_stories::{MAX_REPORTED, markdown, read_file};

const IDS: [&str; 2] = ["ownership", "dive-deep"];

#[test]
fn thousands_of_invalid_json_stories_list_the_first_fifty_and_count_the_rest() {
    let n = 5_000;
    let mut text = String::from("[\n");
    for i in 0..n {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "{{\"title\": \"Story {i}\",\n \"principles\": [\"not-a-principle\"]}}"
        ));
    }
    text.push_str("\n]\n");
    let errors = read_file("stories.json", &text, &IDS).expect_err("all invalid");
    assert_eq!(errors.len(), MAX_REPORTED);
    assert_eq!(errors.more, n - MAX_REPORTED);
    assert_eq!(errors.total(), n);
    // Each listed problem is on its own story's principles line.
    for (i, e) in errors.iter().enumerate() {
        assert_eq!(e.field, format!("stories[{i}].principles[0]"));
        assert_eq!(e.line, 2 * i + 3, "{e}");
    }
    let report = errors.to_string();
    assert!(
        report.ends_with("… and 4950 more problems (only the first 50 are listed)"),
        "{}",
        &report[report.len().saturating_sub(200)..]
    );
    assert!(report.len() < 20_000, "{} bytes", report.len());
}

#[test]
fn a_wall_of_fences_and_duplicate_sections_gives_a_bounded_answer() {
    let mut text = String::from("+++\ntitle = \"x\"\nbroken = \n");
    text.push_str(&"+++\n".repeat(20_000));
    let errors = read_file("story.md", &text, &IDS).expect_err("broken front matter");
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(errors[0].line, 3, "{errors}");

    let mut text = String::from("+++\ntitle = \"Dup\"\n+++\n");
    text.push_str(&"+++\n## Situation\n".repeat(20_000));
    let errors = read_file("story.md", &text, &IDS).expect_err("duplicate sections");
    assert_eq!(errors.len(), MAX_REPORTED);
    assert_eq!(
        errors.total(),
        20_000,
        "a `+++` line before any section, then 19,999 repeats"
    );
    assert!(
        errors[1]
            .message
            .contains("second story seems to start at line 4"),
        "{errors}"
    );
    assert!(errors.to_string().len() < 20_000);
}

#[test]
fn a_huge_tag_list_is_refused_once_with_the_line_of_the_list() {
    let mut text = String::from("+++\ntitle = \"Tags\"\ntags = [\n");
    for i in 0..20_000 {
        text.push_str(&format!("  \"t{i}\",\n"));
    }
    text.push_str("]\nprinciples = [\"nope\"]\n+++\n\n## Action\n\nx\n");
    let errors = read_file("story.md", &text, &IDS).expect_err("too many tags");
    let fields: Vec<(&str, usize)> = errors.iter().map(|e| (e.field.as_str(), e.line)).collect();
    assert_eq!(fields, [("tags", 3), ("principles[0]", 20_005)], "{errors}");
}

#[test]
fn a_fence_inside_any_multi_line_string_does_not_close_the_front_matter() {
    for (open, close) in [("\"\"\"", "\"\"\""), ("'''", "'''")] {
        let text = format!(
            "+++\ntitle = \"T\"\ndissent = {open}\nfirst\n+++\nlast{close}\n+++\n\n## Action\n\nx\n"
        );
        let (story, _) = markdown::parse(&text).unwrap_or_else(|e| panic!("{open}: {e:?}"));
        assert_eq!(story.dissent, "first\n+++\nlast", "{open}");
    }
    // A quote inside a one-line string or a comment opens nothing.
    let text = "+++\ntitle = \"a \\\"\\\"\\\" b\" # '''\nrole = 'x\"\"\"'\n+++\n\n## Action\n\nx\n";
    let (story, _) = markdown::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(story.title, "a \"\"\" b");
    assert_eq!(story.role, "x\"\"\"");
}
