//! The Markdown and JSON file formats by example: a pinned rendering, and errors that name the
//! right line and field.

use tpmprep_stories::diff::{Change, Op, Segment, field_changes, render_plain};
use tpmprep_stories::{
    Artifact, EXPORT_FORMAT, Export, ExportedStory, FileError, Format, MAX_FIELD_CHARS,
    MAX_FILE_BYTES, MAX_JSON_FILE_BYTES, Metric, Partner, Problem, Status, StoryContent,
    changed_fields, markdown, read_file,
};

const IDS: [&str; 4] = [
    "customer-obsession",
    "ownership",
    "dive-deep",
    "deliver-results",
];

/// 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starts with {prefix:?} in:\n{text}"))
}

/// 1-based line of the `nth` (0-based) line of `text` that starts with `prefix`.
fn nth_line_of(text: &str, prefix: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(prefix))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("fewer than {} lines start with {prefix:?}", nth + 1))
}

fn parse_err(text: &str) -> Vec<Problem> {
    match markdown::parse(text) {
        Ok((story, _)) => panic!("expected a parse error, got {story:?}"),
        Err(problems) => problems,
    }
}

/// The only problem, asserting there is exactly one.
fn only_problem(text: &str) -> Problem {
    let mut problems = parse_err(text);
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:?}");
    problems.remove(0)
}

fn read_err(file: &str, text: &str) -> Vec<FileError> {
    match read_file(file, text, &IDS) {
        Ok(stories) => panic!("expected {file} to be refused, got {stories:?}"),
        Err(errors) => errors.errors,
    }
}

fn only_read_err(file: &str, text: &str) -> FileError {
    let mut errors = read_err(file, text);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:?}");
    errors.remove(0)
}

fn realistic() -> StoryContent {
    StoryContent {
        title: "Checkout p99 latency rescue before Prime Day".to_string(),
        status: Status::Ready,
        principles: vec!["ownership".to_string(), "dive-deep".to_string()],
        tags: vec!["latency".to_string(), "launch".to_string()],
        role: "Senior TPM, Payments".to_string(),
        period: "2023 Q2–Q3".to_string(),
        teams: vec![
            "Payments".to_string(),
            "Fraud".to_string(),
            "Mobile app".to_string(),
        ],
        partners: vec![
            Partner {
                name: "Priya".to_string(),
                role: "engineering manager, checkout".to_string(),
            },
            Partner {
                name: "J. O.".to_string(),
                role: String::new(),
            },
        ],
        metrics: vec![
            Metric {
                value: 40.0,
                unit: "%".to_string(),
                measures: "checkout p99 latency reduction".to_string(),
                before: Some(820.0),
                after: Some(490.0),
            },
            Metric {
                value: 1.25,
                unit: "M USD".to_string(),
                measures: "annualised infra savings".to_string(),
                before: None,
                after: None,
            },
        ],
        trade_off: "Delayed the wallet redesign by one sprint to staff the latency work."
            .to_string(),
        dissent: "The fraud lead wanted to keep synchronous scoring; we agreed on a 50 ms budget."
            .to_string(),
        differently: "Set the latency budget in the design review, not after the load test."
            .to_string(),
        artifacts: vec![
            Artifact::DesignDoc,
            Artifact::RollbackPlan,
            Artifact::Runbook,
        ],
        situation: "Six weeks before Prime Day, checkout p99 was 820 ms against a 500 ms goal.\n\n\
                    Three teams each owned a slice of the call path."
            .to_string(),
        task: "Own the cross-team plan to get p99 under 500 ms without freezing features."
            .to_string(),
        action: "Traced the slowest 1% of requests with the fraud and payments leads.\n\
                 ## not a heading: the fraud call was synchronous\n\
                 \\\\ escaped backslash line\n\
                 - Moved scoring off the critical path\n\
                 - Added a rollback flag per region"
            .to_string(),
        result: "p99 fell to 490 ms; Prime Day checkout errors were the lowest on record."
            .to_string(),
    }
}

// ---------------------------------------------------------------- Markdown: the format itself

#[test]
fn realistic_story_round_trips_and_rendering_is_pinned() {
    let story = realistic();
    assert_eq!(
        story.clone().normalized(),
        story,
        "the fixture is already normalised"
    );
    let text = markdown::render(&story);
    let (back, _) = markdown::parse(&text).expect("a rendered story parses");
    assert_eq!(back, story);
    assert_eq!(read_file("story.md", &text, &IDS), Ok(vec![story]));
    insta::assert_snapshot!("realistic_story_markdown", text);
}

#[test]
fn heading_and_backslash_lines_are_escaped_in_sections() {
    let text = markdown::render(&realistic());
    assert!(
        text.contains("\n\\## not a heading: the fraud call was synchronous\n"),
        "{text}"
    );
    assert!(text.contains("\n\\\\\\ escaped backslash line\n"), "{text}");
    // The four real headings, each exactly once, in STAR order.
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        ["## Situation", "## Task", "## Action", "## Result"]
    );
}

#[test]
fn parse_accepts_bom_crlf_leading_blank_lines_and_any_heading_case() {
    let text = "\u{feff}\r\n\r\n+++\r\ntitle = \"  Pager   storm \"\r\nstatus = \"ready\"\r\n+++\r\n\
                \r\n## situation\r\nIt was\r\n\r\nloud.\r\n## ACTION\r\nFixed it.\r\n";
    let (story, _) = markdown::parse(text).expect("valid story");
    assert_eq!(story.title, "Pager storm");
    assert_eq!(story.status, Status::Ready);
    assert_eq!(story.situation, "It was\n\nloud.");
    assert_eq!(story.action, "Fixed it.");
    assert_eq!(story.task, "");
}

#[test]
fn template_parses_and_needs_only_a_title() {
    let template = markdown::template(&IDS);
    assert!(
        template.contains(&IDS.join(", ")),
        "the template lists the principle ids"
    );
    let (story, _) = markdown::parse(&template).expect("the template parses");
    assert_eq!(story, StoryContent::default());

    let err = only_read_err("new.md", &template);
    assert_eq!(err.field, "title");
    assert_eq!(err.line, line_of(&template, "title = "));

    let filled = template.replacen("title = \"\"", "title = \"Pager storm\"", 1);
    let stories = read_file("new.md", &filled, &IDS).expect("a titled template is valid");
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].title, "Pager storm");
}

// ---------------------------------------------------------------- Markdown: errors

#[test]
fn empty_file_is_an_error() {
    let p = only_problem("\n  \n");
    assert_eq!((p.line, p.field.as_str()), (1, "(file)"));
}

#[test]
fn missing_opening_fence() {
    let text = "\n\ntitle = \"x\"\n+++\n\n## Action\nDid it.\n";
    let p = only_problem(text);
    assert_eq!(p.line, 3, "the first non-blank line");
    assert_eq!(p.field, "(front matter)");
    assert!(p.message.contains("+++"), "{}", p.message);
}

#[test]
fn unclosed_front_matter() {
    let text = "\n+++\ntitle = \"x\"\nstatus = \"ready\"\n\n## Action\nDid it.\n";
    let p = only_problem(text);
    assert_eq!(p.line, 2, "the opening fence");
    assert_eq!(p.field, "(front matter)");
    assert!(p.message.contains("not closed"), "{}", p.message);
}

#[test]
fn toml_syntax_error_names_the_file_line() {
    let text = "\n\n+++\ntitle = \"x\"\nstatus = \"ready\"\nrole = \ntags = []\n+++\n## Task\n";
    let p = only_problem(text);
    assert_eq!(
        p.line, 6,
        "the `role = ` line of the file, not of the front matter"
    );
    assert_eq!(p.field, "role");
}

#[test]
fn toml_syntax_error_in_a_later_table() {
    let text = "+++\ntitle = \"x\"\n\n[[metrics]]\nvalue = 4o\nmeasures = \"m\"\n+++\n";
    let p = only_problem(text);
    assert_eq!(p.line, 5);
    assert!(p.field.contains("value"), "{}", p.field);
}

#[test]
fn unknown_front_matter_key_is_named() {
    let text = "+++\ntitle = \"x\"\nstatus = \"ready\"\ncolour = \"red\"\n+++\n";
    let p = only_problem(text);
    assert_eq!(p.line, 4);
    assert_eq!(p.field, "colour");
    assert!(p.message.contains("colour"), "{}", p.message);
}

#[test]
fn unknown_status_is_named() {
    let text = "+++\ntitle = \"x\"\nstatus = \"done\"\n+++\n";
    let p = only_problem(text);
    assert_eq!((p.line, p.field.as_str()), (3, "status"));
    assert!(p.message.contains("done"), "{}", p.message);
}

#[test]
fn missing_title_is_named() {
    let text = "\n+++\nstatus = \"ready\"\ntags = [\"a\"]\n+++\n";
    let p = only_problem(text);
    assert_eq!(p.field, "title");
    assert_eq!(p.line, 3, "the first front-matter line");
    assert!(p.message.contains("title"), "{}", p.message);
}

#[test]
fn unknown_section_names_its_heading_line() {
    let text = "+++\ntitle = \"x\"\n+++\n\n## Situation\nS.\n\n## Lessons\nL.\n";
    let p = only_problem(text);
    assert_eq!(p.line, 8);
    assert_eq!(p.field, "(section)");
    assert!(p.message.contains("Lessons"), "{}", p.message);
}

#[test]
fn duplicate_section_names_the_second_heading() {
    let text = "+++\ntitle = \"x\"\n+++\n## Action\nA.\n## Result\nR.\n## Action\nB.\n";
    let p = only_problem(text);
    assert_eq!(p.line, 8);
    assert_eq!(p.field, "action");
    assert!(p.message.contains("twice"), "{}", p.message);
}

#[test]
fn text_before_the_first_section() {
    let text = "+++\ntitle = \"x\"\n+++\n\nStray paragraph.\n\n## Situation\nS.\n";
    let p = only_problem(text);
    assert_eq!(p.line, 5);
    assert_eq!(p.field, "(section)");
}

#[test]
fn every_section_problem_is_reported() {
    let text = "+++\ntitle = \"x\"\n+++\nstray\n## Lessons\n## Task\n## Task\n";
    let lines: Vec<(usize, String)> = parse_err(text)
        .into_iter()
        .map(|p| (p.line, p.field))
        .collect();
    assert_eq!(
        lines,
        [
            (4, "(section)".to_string()),
            (5, "(section)".to_string()),
            (7, "task".to_string()),
        ]
    );
}

#[test]
fn unknown_principle_names_the_principles_line_and_lists_valid_ids() {
    let text = "+++\ntitle = \"x\"\nstatus = \"ready\"\nprinciples = [\"ownership\", \"frugal\"]\n\
                +++\n## Action\nA.\n";
    let err = only_read_err("s.md", text);
    assert_eq!(err.file, "s.md");
    assert_eq!(err.line, 4);
    assert_eq!(err.field, "principles[1]");
    assert!(err.message.contains("`frugal`"), "{}", err.message);
    assert!(
        err.message.contains(&IDS.join(", ")),
        "lists valid ids: {}",
        err.message
    );
    assert!(
        err.to_string().starts_with("s.md:4: principles[1]: "),
        "{err}"
    );
}

#[test]
fn unknown_principle_in_a_multi_line_array_names_its_own_line() {
    let text = "+++\ntitle = \"x\"\nprinciples = [\n  \"ownership\",\n  \"frugal\",\n]\n+++\n";
    let err = only_read_err("s.md", text);
    assert_eq!((err.line, err.field.as_str()), (5, "principles[1]"));
}

/// Normalisation drops blank and duplicate ids before validation, so the index in the error no
/// longer matches the item's position in the file; the line must still be that of the bad id.
#[test]
fn unknown_principle_line_survives_normalisation_dropping_earlier_items() {
    let text = "+++\ntitle = \"x\"\nprinciples = [\n  \"ownership\",\n  \"ownership\",\n  \"\",\n  \
                \"frugal\",\n]\n+++\n";
    let err = only_read_err("s.md", text);
    assert!(err.message.contains("`frugal`"), "{}", err.message);
    assert_eq!(err.line, line_of(text, "  \"frugal\""), "{err}");
}

#[test]
fn metric_without_measures_names_its_table() {
    let text = "+++\ntitle = \"x\"\n\n[[metrics]]\nvalue = 1\nmeasures = \"m\"\n\n[[metrics]]\n\
                value = 2\nunit = \"%\"\n+++\n";
    let err = only_read_err("s.md", text);
    assert_eq!(err.field, "metrics[1].measures");
    assert_eq!(err.line, nth_line_of(text, "[[metrics]]", 1));
}

#[test]
fn oversized_action_names_the_action_heading() {
    let long = "x".repeat(MAX_FIELD_CHARS + 1);
    let text = format!("+++\ntitle = \"x\"\n+++\n\n## Situation\nS.\n\n## Action\n{long}\n");
    let err = only_read_err("s.md", &text);
    assert_eq!(err.line, 8);
    assert_eq!(err.field, "action");
    // The count and the limit with thousands separators, as every limit is written.
    assert!(
        err.message
            .contains("is 20,001 characters; the limit is 20,000"),
        "{}",
        err.message
    );
}

#[test]
fn action_at_the_limit_is_accepted_and_counted_in_characters() {
    // 20,000 characters but 80,000 bytes: the limit is on characters.
    let long = "🚀".repeat(MAX_FIELD_CHARS);
    let text = format!("+++\ntitle = \"x\"\n+++\n## Action\n{long}\n");
    let stories = read_file("s.md", &text, &IDS).expect("exactly at the limit is fine");
    assert_eq!(stories[0].action.chars().count(), MAX_FIELD_CHARS);
}

#[test]
fn oversized_front_matter_text_names_its_key() {
    let long = "y".repeat(MAX_FIELD_CHARS + 1);
    let text = format!("+++\ntitle = \"x\"\nstatus = \"draft\"\ntrade_off = \"{long}\"\n+++\n");
    let err = only_read_err("s.md", &text);
    assert_eq!((err.line, err.field.as_str()), (4, "trade_off"));
}

#[test]
fn a_markdown_file_over_5_mb_or_a_json_file_over_64_mb_is_refused() {
    let padding = "z".repeat(MAX_FILE_BYTES);
    let md = format!("+++\ntitle = \"x\"\n+++\n## Action\n{padding}\n");
    let err = only_read_err("big.md", &md);
    assert_eq!((err.line, err.field.as_str()), (1, "(file)"));
    assert!(err.message.contains("5 MB"), "{}", err.message);
    let padding = "z".repeat(MAX_JSON_FILE_BYTES);
    let json = format!("{{\"title\": \"x\", \"action\": \"{padding}\"}}");
    let err = only_read_err("big.json", &json);
    assert_eq!((err.line, err.field.as_str()), (1, "(file)"));
    assert!(err.message.contains("64 MB"), "{}", err.message);
}

#[test]
fn a_whole_bank_exported_as_one_json_file_over_5_mb_imports_back() {
    let action =
        "I mapped the request path with the three teams and moved the fraud check. ".repeat(20);
    let stories: Vec<StoryContent> = (0..4_000)
        .map(|i| StoryContent {
            title: format!("Story {i}"),
            principles: vec!["ownership".into()],
            action: action.clone(),
            ..StoryContent::default()
        })
        .collect();
    let text = serde_json::to_string_pretty(&export_of(stories.clone())).expect("json");
    assert!(text.len() > MAX_FILE_BYTES, "{} bytes", text.len());
    let back = read_file("stories.json", &text, &IDS).expect("a bank's export imports");
    assert_eq!(back.len(), 4_000);
    assert_eq!(back[3_999].title, "Story 3999");
}

// ---------------------------------------------------------------- JSON

fn export_of(stories: Vec<StoryContent>) -> Export {
    Export::new(
        stories
            .into_iter()
            .enumerate()
            .map(|(i, content)| ExportedStory {
                uid: None,
                id: Some(i as i64 + 1),
                rev: Some(3),
                content,
            })
            .collect(),
    )
}

#[test]
fn format_follows_the_extension() {
    assert_eq!(Format::of_path("a/b/stories.JSON"), Format::Json);
    assert_eq!(Format::of_path("story.md"), Format::Markdown);
    assert_eq!(Format::of_path("story.json.md"), Format::Markdown);
    assert_eq!(Format::of_path("notes"), Format::Markdown);
}

#[test]
fn json_export_round_trips() {
    let other = StoryContent {
        title: "Second".to_string(),
        principles: vec!["customer-obsession".to_string()],
        ..StoryContent::default()
    };
    let stories = vec![realistic(), other];
    let text =
        serde_json::to_string_pretty(&export_of(stories.clone())).expect("exports serialise");
    assert!(
        text.contains(&format!("\"format\": \"{EXPORT_FORMAT}\"")),
        "{text}"
    );
    assert_eq!(read_file("all.json", &text, &IDS), Ok(stories));
}

#[test]
fn malformed_json_names_its_line() {
    let text = "{\n  \"title\": \"x\",\n  \"tags\": [\"a\" \"b\"],\n  \"status\": \"ready\"\n}\n";
    let err = only_read_err("s.json", text);
    assert_eq!(err.line, 3);
    assert_eq!(err.field, "(json)");
}

#[test]
fn unknown_principle_in_a_json_export_names_the_line_of_the_bad_id() {
    let mut first = realistic();
    first.principles = vec!["ownership".to_string()];
    let mut second = realistic();
    second.title = "Second story".to_string();
    second.principles = vec!["ownership".to_string(), "frugal".to_string()];
    let text = serde_json::to_string_pretty(&export_of(vec![first, second])).expect("serialises");
    let err = only_read_err("all.json", &text);
    assert_eq!(err.field, "stories[1].principles[1]");
    assert!(err.line > 1);
    assert_eq!(err.line, line_of_containing(&text, "\"frugal\""));
    assert!(err.message.contains(&IDS.join(", ")), "{}", err.message);
}

/// When the bad id also appears in an earlier story, the line is still the one in the story at fault.
#[test]
fn unknown_principle_line_in_json_is_searched_from_the_right_story() {
    let mut first = realistic();
    first.title = "First".to_string();
    first.principles = vec!["frugal".to_string()];
    let mut second = realistic();
    second.title = "Second".to_string();
    second.principles = vec!["frugal".to_string()];
    let text = serde_json::to_string_pretty(&export_of(vec![first, second])).expect("serialises");
    let lines: Vec<usize> = read_err("all.json", &text).iter().map(|e| e.line).collect();
    let expected: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"frugal\""))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines, expected);
}

fn line_of_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}

#[test]
fn export_with_the_wrong_format_or_version_is_refused() {
    for (format, version) in [("someone.else", 1), (EXPORT_FORMAT, 2)] {
        let mut export = export_of(vec![realistic()]);
        export.format = format.to_string();
        export.version = version;
        let text = serde_json::to_string(&export).expect("serialises");
        let err = only_read_err("all.json", &text);
        assert_eq!((err.line, err.field.as_str()), (1, "(json)"));
        assert!(
            err.message.contains("unsupported export"),
            "{}",
            err.message
        );
        assert!(err.message.contains(format), "{}", err.message);
    }
}

#[test]
fn bare_array_and_single_object_are_accepted_and_normalised() {
    let array = r#"[
        {"title": "  One  "},
        {"title": "Two", "status": "ready", "principles": ["dive-deep", "dive-deep", " "]}
    ]"#;
    let stories = read_file("a.json", array, &IDS).expect("a bare array is accepted");
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0].title, "One");
    assert_eq!(stories[1].status, Status::Ready);
    assert_eq!(stories[1].principles, ["dive-deep"]);

    let single = r#"{"title": "Solo", "action": "Did it.\r\n"}"#;
    let stories = read_file("s.json", single, &IDS).expect("a single object is accepted");
    assert_eq!(
        stories,
        [StoryContent {
            title: "Solo".to_string(),
            action: "Did it.".to_string(),
            ..StoryContent::default()
        }]
    );
}

#[test]
fn json_story_with_an_unknown_field_is_refused_naming_its_line_and_story() {
    let err = only_read_err(
        "s.json",
        "[{\"title\": \"x\"},\n {\"title\": \"y\", \"colour\": \"red\"}]",
    );
    assert_eq!((err.line, err.field.as_str()), (2, "stories[1].colour"));
    assert!(
        err.message.starts_with("unknown field `colour`"),
        "{}",
        err.message
    );
    assert!(err.message.ends_with("(column 24)"), "{}", err.message);
}

/// A value of the wrong type is named by its line and path in every shape a file may have: a bare
/// array, one story, and an export (whose `content` wrapper is left out of the name).
#[test]
fn json_value_of_the_wrong_type_names_its_line_and_field() {
    let cases = [
        (
            "[{\"title\": \"A\"},\n {\"title\": 5}]",
            2,
            "stories[1].title",
        ),
        (
            "{\"title\": \"A\",\n \"metrics\": [{\"measures\": \"p99\", \"before\": \"fast\"}]}",
            2,
            "stories[0].metrics[0].before",
        ),
        (
            "{\"format\": \"tpmprep.stories\", \"version\": 1, \"stories\": [\n\
             {\"content\": {\"title\": \"A\"}},\n\
             {\"content\": {\"title\": \"B\", \"teams\": \"payments\"}}\n]}",
            3,
            "stories[1].teams",
        ),
        (
            "{\"format\": \"tpmprep.stories\",\n \"version\": \"one\", \"stories\": []}",
            2,
            "version",
        ),
    ];
    for (text, line, field) in cases {
        let err = only_read_err("s.json", text);
        assert_eq!(
            (err.line, err.field.as_str()),
            (line, field),
            "{text}: {err:?}"
        );
        assert!(err.message.starts_with("invalid type"), "{}", err.message);
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }
}

#[test]
fn json_with_text_after_the_document_is_refused() {
    let err = only_read_err("s.json", "{\"title\": \"A\"}\n\nmore");
    assert_eq!((err.line, err.field.as_str()), (3, "(json)"));
    assert!(
        err.message.starts_with("trailing characters"),
        "{}",
        err.message
    );
}

#[test]
fn json_without_a_title_fails_validation() {
    let err = only_read_err("s.json", r#"{"title": "   "}"#);
    assert_eq!(err.field, "stories[0].title");
}

// ---------------------------------------------------------------- revisions

#[test]
fn diff_shows_the_changed_action_lines() {
    let old = realistic();
    let mut new = old.clone();
    new.action = new
        .action
        .replace("Added a rollback flag per region", "Added a kill switch");
    // One field, one changed paragraph, the words that changed (no TOML, no unchanged lines).
    let changes = field_changes(&old, &new);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "action");
    let seg = |op, text: &str| Segment {
        op,
        text: text.to_string(),
    };
    assert_eq!(
        changes[0].change,
        Change::Text {
            hunks: vec![vec![
                seg(Op::Equal, "- Added a "),
                seg(Op::Delete, "rollback flag per region"),
                seg(Op::Insert, "kill switch"),
            ]]
        }
    );
    assert_eq!(
        render_plain(&changes),
        "action\n  - Added a [-rollback flag per region-]{+kill switch+}\n"
    );
    assert_eq!(changed_fields(&old, &new), ["action"]);
}

#[test]
fn identical_revisions_have_no_diff() {
    let story = realistic();
    assert!(field_changes(&story, &story.clone()).is_empty());
    assert!(changed_fields(&story, &story.clone()).is_empty());
}

#[test]
fn changed_fields_lists_exactly_the_changed_fields() {
    let old = realistic();
    let mut new = old.clone();
    new.title = "Renamed".to_string();
    new.status = Status::Retired;
    new.metrics[1].before = Some(2.0);
    new.artifacts.push(Artifact::PostMortem);
    new.result.push_str(" More.");
    assert_eq!(
        changed_fields(&old, &new),
        ["title", "status", "metrics", "artifacts", "result"]
    );

    let mut new = old.clone();
    new.partners[0].role = "director".to_string();
    new.dissent = String::new();
    new.situation = "Changed.".to_string();
    assert_eq!(
        changed_fields(&old, &new),
        ["partners", "dissent", "situation"]
    );
    let text = render_plain(&field_changes(&old, &new));
    assert!(text.contains("partners\n  + "), "{text}");
    assert!(text.contains("(director)"), "{text}");
    assert!(text.contains("dissent\n  [-"), "{text}");
    // A list reordered with the same items still shows as a change.
    let mut new = old.clone();
    new.teams.reverse();
    let changes = field_changes(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(matches!(changes[0].change, Change::Value { .. }));
}

/// Two Markdown stories pasted into one file: the duplicate section names where the second story
/// seems to start and what to do instead; a section written twice in one story says only that.
#[test]
fn a_second_markdown_story_in_one_file_is_named_as_such() {
    let two = "+++\ntitle = \"One\"\n+++\n\n## Action\nI did it.\n\n+++\ntitle = \"Two\"\n+++\n\n## Action\nI did that.\n";
    let err = only_read_err("two.md", two);
    assert_eq!((err.line, err.field.as_str()), (12, "action"));
    assert!(
        err.message
            .contains("a second story seems to start at line 8"),
        "{}",
        err.message
    );
    assert!(err.message.contains("JSON export"), "{}", err.message);

    let twice = "+++\ntitle = \"One\"\n+++\n\n## Action\nI did it.\n\n## Action\nAgain.\n";
    let err = only_read_err("one.md", twice);
    assert_eq!((err.line, err.field.as_str()), (8, "action"));
    assert_eq!(err.message, "`## Action` appears twice");
}
