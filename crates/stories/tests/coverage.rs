//! The principles × stories coverage matrix.

use tpmprep_stories::{
    Coverage, CoverageRow, STRETCHED_AT, Status, StoryTags, TARGET_READY, coverage,
};

const PACK: [(&str, &str); 5] = [
    ("customer-obsession", "Customer Obsession"),
    ("ownership", "Ownership"),
    ("invent-and-simplify", "Invent and Simplify"),
    ("dive-deep", "Dive Deep"),
    ("deliver-results", "Deliver Results"),
];

fn story(id: i64, status: Status, principles: &[&str]) -> StoryTags {
    StoryTags {
        id,
        title: format!("story {id}"),
        status,
        principles: principles.iter().map(|p| p.to_string()).collect(),
    }
}

fn row<'a>(c: &'a Coverage, principle: &str) -> &'a CoverageRow {
    c.rows
        .iter()
        .find(|r| r.principle == principle)
        .unwrap_or_else(|| panic!("no row for {principle}"))
}

fn order(c: &Coverage) -> Vec<&str> {
    c.rows.iter().map(|r| r.principle.as_str()).collect()
}

#[test]
fn constants_are_the_documented_ones() {
    assert_eq!(TARGET_READY, 2);
    assert_eq!(STRETCHED_AT, 4);
    assert_eq!(coverage(&PACK, &[]).target, TARGET_READY);
}

#[test]
fn no_stories_means_every_principle_is_a_gap_in_pack_order() {
    let c = coverage(&PACK, &[]);
    assert_eq!(order(&c), PACK.map(|(id, _)| id));
    assert_eq!(c.covered, 0);
    for (r, (id, name)) in c.rows.iter().zip(PACK) {
        assert_eq!(
            r,
            &CoverageRow {
                principle: id.to_string(),
                name: name.to_string(),
                ready: vec![],
                draft: vec![],
                missing: TARGET_READY,
            }
        );
    }
    assert!(c.stretched.is_empty());
    assert!(c.unknown.is_empty());
}

#[test]
fn gaps_come_first() {
    let stories = [
        story(1, Status::Ready, &["customer-obsession", "ownership"]),
        story(2, Status::Ready, &["customer-obsession", "ownership"]),
        story(3, Status::Ready, &["dive-deep"]),
        story(
            4,
            Status::Draft,
            &["deliver-results", "invent-and-simplify"],
        ),
        story(5, Status::Ready, &["invent-and-simplify"]),
    ];
    let c = coverage(&PACK, &stories);
    assert_eq!(
        order(&c),
        [
            "deliver-results",
            "invent-and-simplify",
            "dive-deep",
            "customer-obsession",
            "ownership"
        ]
    );
    let missing: Vec<usize> = c.rows.iter().map(|r| r.missing).collect();
    assert_eq!(missing, [2, 1, 1, 0, 0]);
    assert_eq!(c.covered, 2);
}

#[test]
fn ready_and_draft_are_counted_separately() {
    let stories = [
        story(10, Status::Draft, &["ownership"]),
        story(11, Status::Ready, &["ownership"]),
        story(12, Status::Draft, &["ownership", "dive-deep"]),
    ];
    let c = coverage(&PACK, &stories);
    let own = row(&c, "ownership");
    assert_eq!(own.ready, [11]);
    assert_eq!(own.draft, [10, 12]);
    assert_eq!(own.missing, 1, "drafts do not count toward the target");
    let dd = row(&c, "dive-deep");
    assert_eq!(
        (dd.ready.as_slice(), dd.draft.as_slice(), dd.missing),
        (&[][..], &[12][..], 2)
    );
    assert_eq!(c.covered, 0);
}

#[test]
fn retired_stories_are_ignored_everywhere() {
    let stories = [
        story(1, Status::Retired, &["ownership"]),
        story(2, Status::Retired, &["ownership"]),
        story(
            3,
            Status::Retired,
            &[
                "customer-obsession",
                "ownership",
                "dive-deep",
                "deliver-results",
                "frugal",
            ],
        ),
        story(4, Status::Draft, &["ownership"]),
    ];
    let c = coverage(&PACK, &stories);
    let own = row(&c, "ownership");
    assert!(own.ready.is_empty());
    assert_eq!(own.draft, [4]);
    assert_eq!(own.missing, 2);
    assert!(
        c.rows
            .iter()
            .all(|r| r.ready.is_empty() && r.draft.iter().all(|&id| id == 4))
    );
    assert!(
        c.stretched.is_empty(),
        "a retired story is not flagged as stretched"
    );
    assert!(
        c.unknown.is_empty(),
        "a retired story's unknown ids are not reported"
    );
    assert_eq!(c.covered, 0);
}

#[test]
fn missing_is_target_minus_ready_floored_at_zero() {
    let mut stories = Vec::new();
    // customer-obsession: 0 ready, ownership: 1, invent-and-simplify: 2, dive-deep: 3,
    // deliver-results: 4.
    let mut id = 0;
    for (n, p) in [
        (1, "ownership"),
        (2, "invent-and-simplify"),
        (3, "dive-deep"),
        (4, "deliver-results"),
    ] {
        for _ in 0..n {
            id += 1;
            stories.push(story(id, Status::Ready, &[p]));
        }
    }
    let c = coverage(&PACK, &stories);
    for (p, ready, missing) in [
        ("customer-obsession", 0, 2),
        ("ownership", 1, 1),
        ("invent-and-simplify", 2, 0),
        ("dive-deep", 3, 0),
        ("deliver-results", 4, 0),
    ] {
        let r = row(&c, p);
        assert_eq!((r.ready.len(), r.missing), (ready, missing), "{p}");
    }
    assert_eq!(c.covered, 3);
}

#[test]
fn stretched_stories_are_listed_from_the_threshold() {
    let four = [
        "customer-obsession",
        "ownership",
        "dive-deep",
        "deliver-results",
    ];
    let stories = [
        story(1, Status::Ready, &four[..STRETCHED_AT - 1]),
        story(2, Status::Draft, &four[..STRETCHED_AT]),
        story(3, Status::Ready, &PACK.map(|(id, _)| id)),
        story(4, Status::Retired, &four),
    ];
    let c = coverage(&PACK, &stories);
    let ids: Vec<i64> = c.stretched.iter().map(|s| s.id).collect();
    assert_eq!(ids, [2, 3]);
    assert_eq!(c.stretched[0].title, "story 2");
    assert_eq!(c.stretched[0].principles, four);
    // Stretched stories still count toward coverage.
    assert_eq!(row(&c, "customer-obsession").ready, [1, 3]);
    assert_eq!(row(&c, "customer-obsession").draft, [2]);
}

#[test]
fn unknown_principle_ids_are_reported_by_story() {
    let stories = [
        story(
            7,
            Status::Ready,
            &["ownership", "frugal", "bias-for-action"],
        ),
        story(8, Status::Draft, &["frugal"]),
    ];
    let c = coverage(&PACK, &stories);
    assert_eq!(
        c.unknown,
        [
            (7, "frugal".to_string()),
            (7, "bias-for-action".to_string()),
            (8, "frugal".to_string()),
        ]
    );
    assert_eq!(row(&c, "ownership").ready, [7]);
    assert_eq!(
        c.rows
            .iter()
            .map(|r| r.ready.len() + r.draft.len())
            .sum::<usize>(),
        1
    );
}

#[test]
fn pack_order_is_kept_among_equal_counts() {
    // Reverse-pack-order tagging must not leak into the row order.
    let stories = [
        story(1, Status::Ready, &["deliver-results"]),
        story(2, Status::Ready, &["ownership"]),
        story(3, Status::Ready, &["customer-obsession"]),
        story(4, Status::Draft, &["dive-deep"]),
    ];
    let c = coverage(&PACK, &stories);
    assert_eq!(
        order(&c),
        [
            "invent-and-simplify",
            "dive-deep",
            "customer-obsession",
            "ownership",
            "deliver-results"
        ]
    );
}

#[test]
fn covered_rows_keep_pack_order_whatever_the_surplus() {
    // Rows at or over the target are all "covered"; a surplus does not reorder them.
    let stories = [
        story(1, Status::Ready, &["customer-obsession", "ownership"]),
        story(2, Status::Ready, &["customer-obsession", "ownership"]),
        story(3, Status::Ready, &["customer-obsession"]),
        story(4, Status::Ready, &["customer-obsession"]),
    ];
    let c = coverage(&PACK, &stories);
    assert_eq!(
        order(&c),
        [
            "invent-and-simplify",
            "dive-deep",
            "deliver-results",
            "customer-obsession",
            "ownership"
        ]
    );
}

#[test]
fn pack_principles_without_stories_and_stories_without_principles() {
    let stories = [story(1, Status::Ready, &[])];
    let c = coverage(&PACK, &stories);
    assert!(
        c.rows
            .iter()
            .all(|r| r.ready.is_empty() && r.missing == TARGET_READY)
    );
    assert!(c.stretched.is_empty() && c.unknown.is_empty());

    let c = coverage(&[], &[story(2, Status::Ready, &["ownership"])]);
    assert!(c.rows.is_empty());
    assert_eq!(c.covered, 0);
    assert_eq!(c.unknown, [(2, "ownership".to_string())]);
}

#[test]
fn coverage_json_shape_is_pinned() {
    let stories = [
        story(1, Status::Ready, &["ownership", "dive-deep"]),
        story(2, Status::Ready, &["ownership"]),
        story(
            3,
            Status::Draft,
            &["customer-obsession", "ownership", "dive-deep", "legacy-id"],
        ),
        story(4, Status::Retired, &["deliver-results"]),
    ];
    let c = coverage(&PACK[..4], &stories);
    insta::assert_json_snapshot!("coverage_json", c);
}
