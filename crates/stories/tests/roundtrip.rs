//! Export → import is an exact round trip, for any story, through both file formats.
//!
//! Stories are generated with hostile free text (heading-like lines, `\`, `+++` fences, CRLF, tabs,
//! emoji, right-to-left text, control characters), arbitrary finite numbers and every enum value;
//! the property is checked on the story's normalised form, which is what the store saves.

use proptest::prelude::*;
use tpmprep_stories::{
    Artifact, Export, ExportedStory, Metric, Partner, Status, StoryContent, markdown, read_file,
};

/// The 16 Amazon Leadership Principles, as pack ids.
const IDS: [&str; 16] = [
    "customer-obsession",
    "ownership",
    "invent-and-simplify",
    "are-right-a-lot",
    "learn-and-be-curious",
    "hire-and-develop-the-best",
    "insist-on-the-highest-standards",
    "think-big",
    "bias-for-action",
    "frugality",
    "earn-trust",
    "dive-deep",
    "have-backbone-disagree-and-commit",
    "deliver-results",
    "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility",
];

/// Cases per property: 256 each keeps the whole file well under 10 s in a debug build.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // Known failures are pinned as plain `#[test]`s below instead of regression files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Line starts that the Markdown format has to escape or could confuse with structure.
fn line_start() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("## ".to_string()),
        Just("##".to_string()),
        Just("###".to_string()),
        Just("#".to_string()),
        Just("\\".to_string()),
        Just("\\\\".to_string()),
        Just("+++".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("## Situation".to_string()),
        Just("## action".to_string()),
        Just("\"\"\"".to_string()),
        Just("'''".to_string()),
        Just("🚀 ".to_string()),
        Just("שלום עולם ".to_string()),
        Just("مرحبا ".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{feff}".to_string()),
    ]
}

/// The rest of a line: anything but a line break (any Unicode, control characters included).
fn line_rest() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        3 => "[a-zA-Z0-9 ,.%$#+\\\\'\"=\\[\\]{}-]{0,24}",
        2 => "[^\n\r]{0,16}",
        1 => "[ \t🚀🎉👩‍💻שלוםمرحبا\u{200f}\u{2028}\u{85}\u{7f}\u{0}\u{1b}]{0,8}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        // Exactly a fence, with and without trailing whitespace.
        1 => Just("+++".to_string()),
        1 => Just("+++ \t".to_string()),
        10 => (line_start(), line_rest()).prop_map(|(a, b)| a + &b),
    ]
}

fn line_break() -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r"), 1 => Just("\n\n")]
}

/// Free text: lines joined by LF, CRLF or CR, possibly with surrounding whitespace.
fn free_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((line(), line_break()), 0..7),
        prop_oneof![Just(""), Just("\n"), Just("  \r\n\t")],
    )
        .prop_map(|(lines, pad)| {
            let mut out = pad.to_string();
            for (l, br) in lines {
                out.push_str(&l);
                out.push_str(br);
            }
            out.push_str(pad);
            out
        })
}

/// A one-line value: any characters, newlines and tabs included (normalisation collapses them).
fn short_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-zA-Z0-9 ,.%$#+'\"=-]{0,20}",
        1 => "(?s:.){0,12}",
        1 => "[ \t\r\n🚀שלוםمرحبا+#\\\\'\"]{0,10}",
    ]
}

/// A one-line value with at least one non-whitespace character.
fn non_blank_text() -> impl Strategy<Value = String> {
    ("[ \t\n]{0,2}", "[^\\s\\p{Cc}]", short_text()).prop_map(|(a, b, c)| a + &b + &c)
}

fn principle() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&IDS[..]),
        prop_oneof![Just(""), Just(" "), Just("\t\n")],
    )
        .prop_map(|(id, pad)| format!("{pad}{id}{pad}"))
}

fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
        (-1_000_000_000i64..1_000_000_000).prop_map(|i| i as f64),
        (-10_000i32..10_000).prop_map(|i| f64::from(i) / 100.0),
        prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            40.0,
            0.1,
            1.0 / 3.0,
            1e300,
            -1e300,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            9_007_199_254_740_993.0,
        ]),
    ]
}

fn metric() -> impl Strategy<Value = Metric> {
    (
        finite_f64(),
        short_text(),
        non_blank_text(),
        prop::option::of(finite_f64()),
        prop::option::of(finite_f64()),
    )
        .prop_map(|(value, unit, measures, before, after)| Metric {
            value,
            unit,
            measures,
            before,
            after,
        })
}

fn partner() -> impl Strategy<Value = Partner> {
    (non_blank_text(), short_text()).prop_map(|(name, role)| Partner { name, role })
}

fn story() -> impl Strategy<Value = StoryContent> {
    let facts = (
        non_blank_text(),
        prop::sample::select(Status::ALL.to_vec()),
        prop::collection::vec(principle(), 0..6),
        prop::collection::vec(short_text(), 0..5),
        short_text(),
        short_text(),
        prop::collection::vec(short_text(), 0..5),
        prop::collection::vec(partner(), 0..3),
        prop::collection::vec(metric(), 0..3),
        prop::collection::vec(prop::sample::select(Artifact::ALL.to_vec()), 0..7),
    );
    let texts = (
        free_text(),
        free_text(),
        free_text(),
        free_text(),
        free_text(),
        free_text(),
        free_text(),
    );
    (facts, texts).prop_map(
        |(
            (title, status, principles, tags, role, period, teams, partners, metrics, artifacts),
            (trade_off, dissent, differently, situation, task, action, result),
        )| StoryContent {
            title,
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
            situation,
            task,
            action,
            result,
        },
    )
}

/// Compares floats by bits so `-0.0` vs `0.0` and 1-ulp drifts are caught, not hidden by `==`.
fn metric_bits(s: &StoryContent) -> Vec<(u64, Option<u64>, Option<u64>)> {
    s.metrics
        .iter()
        .map(|m| {
            (
                m.value.to_bits(),
                m.before.map(f64::to_bits),
                m.after.map(f64::to_bits),
            )
        })
        .collect()
}

fn export_json(n: &StoryContent) -> String {
    let export = Export::new(vec![ExportedStory {
        uid: None,
        id: Some(1),
        rev: Some(1),
        content: n.clone(),
    }]);
    serde_json::to_string_pretty(&export).expect("a story always serialises to JSON")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn normalisation_is_idempotent(s in story()) {
        let n = s.normalized();
        prop_assert_eq!(n.clone().normalized(), n);
    }

    #[test]
    fn markdown_render_then_parse_is_exact(s in story()) {
        let n = s.normalized();
        let text = markdown::render(&n);
        let parsed = markdown::parse(&text);
        prop_assert!(parsed.is_ok(), "parse failed: {:?}\n--- rendered ---\n{}", parsed.err(), text);
        let (back, _) = parsed.expect("checked above");
        prop_assert_eq!(metric_bits(&back), metric_bits(&n));
        prop_assert_eq!(back, n);
    }

    #[test]
    fn markdown_file_round_trips_through_read_file(s in story()) {
        let n = s.normalized();
        let text = markdown::render(&n);
        let read = read_file("x.md", &text, &IDS);
        prop_assert_eq!(read, Ok(vec![n]), "--- rendered ---\n{}", text);
    }

    /// What a file records of its origin (stable id, revision written from) reads back exactly,
    /// from Markdown (`uid`, `revision`) and from a JSON export (`uid`, `rev`).
    #[test]
    fn the_recorded_origin_round_trips(s in story(), rev in 1i64..1_000_000, with_rev in proptest::bool::ANY) {
        let n = s.normalized();
        let uid = "5f0c3c1e-8a5b-4c1d-9b0e-2f6d7a8c9e10";
        let revision = with_rev.then_some(rev);
        let text = markdown::render_from(&n, Some(uid), revision);
        let read = tpmprep_stories::read_stories("x.md", &text, &IDS, None);
        prop_assert_eq!(
            read,
            Ok(vec![tpmprep_stories::ReadStory { uid: Some(uid.into()), revision, content: n.clone() }])
        );
        let export = Export::new(vec![ExportedStory { uid: Some(uid.into()), id: Some(4), rev: revision, content: n.clone() }]);
        let text = serde_json::to_string_pretty(&export).expect("json");
        let read = tpmprep_stories::read_stories("x.json", &text, &IDS, None).expect("reads");
        prop_assert_eq!(read[0].revision, revision);
    }

    #[test]
    fn json_export_round_trips_through_read_file(s in story()) {
        let n = s.normalized();
        let text = export_json(&n);
        let read = read_file("x.json", &text, &IDS);
        prop_assert!(read.is_ok(), "read failed: {:?}\n--- json ---\n{}", read.as_ref().err(), text);
        let read = read.expect("checked above");
        prop_assert_eq!(read.iter().map(metric_bits).collect::<Vec<_>>(), vec![metric_bits(&n)]);
        prop_assert_eq!(read, vec![n]);
    }
}

// Deterministic pins for the cases the properties above are most likely to hit.

/// A minimal valid story to vary one field at a time.
fn base() -> StoryContent {
    StoryContent {
        title: "Checkout latency".to_string(),
        ..StoryContent::default()
    }
}

fn assert_markdown_round_trip(s: StoryContent) {
    let n = s.normalized();
    let text = markdown::render(&n);
    let (back, _) = markdown::parse(&text)
        .unwrap_or_else(|e| panic!("parse failed: {e:?}\n--- rendered ---\n{text}"));
    assert_eq!(back, n, "--- rendered ---\n{text}");
}

fn assert_json_round_trip(s: StoryContent) {
    let n = s.normalized();
    let text = export_json(&n);
    let read = read_file("x.json", &text, &IDS).expect("a valid export reads back");
    assert_eq!(
        read.iter().map(metric_bits).collect::<Vec<_>>(),
        vec![metric_bits(&n)]
    );
    assert_eq!(read, vec![n]);
}

#[test]
fn section_lines_that_look_like_structure_round_trip() {
    let text = "## Result\n##\n\\\n\\## x\n+++\n# h1\n### h3\n  ## indented\n\tTab";
    assert_markdown_round_trip(StoryContent {
        situation: text.to_string(),
        task: text.to_string(),
        action: text.to_string(),
        result: text.to_string(),
        ..base()
    });
}

#[test]
fn crlf_and_cr_are_normalised_and_round_trip() {
    let s = StoryContent {
        action: "one\r\ntwo\rthree\r\n\r\nfour\r\n".to_string(),
        ..base()
    };
    let n = s.clone().normalized();
    assert_eq!(n.action, "one\ntwo\nthree\n\nfour");
    assert_markdown_round_trip(s);
}

#[test]
fn multi_line_front_matter_text_round_trips() {
    assert_markdown_round_trip(StoryContent {
        trade_off: "Shipped later.\nKept the rollback path.".to_string(),
        dissent: "He said \"\"\" and ''' twice.\n\\ and \t tabs".to_string(),
        differently: "🚀 שלום\nمرحبا".to_string(),
        ..base()
    });
}

/// A front-matter text field holding a line that is exactly `+++` must not close the front matter.
#[test]
fn fence_line_inside_front_matter_text_round_trips() {
    for field in ["+++", "+++  "] {
        assert_markdown_round_trip(StoryContent {
            trade_off: format!("before\n{field}\nafter"),
            ..base()
        });
    }
}

#[test]
fn extreme_metric_values_round_trip_through_markdown() {
    let values = [
        0.0,
        -0.0,
        1e300,
        -1e300,
        1e-300,
        5e-324,
        f64::MAX,
        f64::MIN,
        40.0,
        0.1,
    ];
    let metrics = values
        .iter()
        .map(|&v| Metric {
            value: v,
            unit: "%".to_string(),
            measures: "m".to_string(),
            before: Some(-v),
            after: None,
        })
        .collect::<Vec<_>>();
    let s = StoryContent { metrics, ..base() }.normalized();
    let (back, _) = markdown::parse(&markdown::render(&s)).expect("renders parse back");
    assert_eq!(metric_bits(&back), metric_bits(&s));
}

#[test]
fn extreme_metric_values_round_trip_through_json() {
    let values = [
        0.0,
        -0.0,
        1e300,
        -1e300,
        1e-300,
        5e-324,
        f64::MAX,
        f64::MIN,
        40.0,
        0.1,
    ];
    let metrics = values
        .iter()
        .map(|&v| Metric {
            value: v,
            unit: "%".to_string(),
            measures: "m".to_string(),
            before: Some(-v),
            after: None,
        })
        .collect::<Vec<_>>();
    assert_json_round_trip(StoryContent { metrics, ..base() });
}

/// A 16-significant-digit value that serde_json's default (non `float_roundtrip`) parser reads
/// back one ulp off.
#[test]
fn json_float_with_many_digits_round_trips_exactly() {
    assert_json_round_trip(StoryContent {
        metrics: vec![Metric {
            value: 9.876543210987654e-200,
            unit: String::new(),
            measures: "m".to_string(),
            before: None,
            after: None,
        }],
        ..base()
    });
}

#[test]
fn a_revision_below_one_is_refused_with_its_line() {
    let text = "+++\nuid = \"abc\"\nrevision = 0\ntitle = \"T\"\n+++\n";
    let err = tpmprep_stories::read_stories("x.md", text, &IDS, None).expect_err("refused");
    assert_eq!((err[0].line, err[0].field.as_str()), (3, "revision"));
    assert!(err[0].message.contains("not a revision"), "{err}");
    let json = r#"{"format": "tpmprep.stories", "version": 1, "stories": [
  {"uid": "abc", "rev": -2, "content": {"title": "T"}}]}"#;
    let err = tpmprep_stories::read_stories("x.json", json, &IDS, None).expect_err("refused");
    assert_eq!((err[0].line, err[0].field.as_str()), (2, "stories[0].rev"));
}
