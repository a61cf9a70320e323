//! The three-way merge of two edits of one story: properties over generated stories, then the cases
//! a person meets (the stale-edit report of issue 12 first).

use proptest::prelude::*;
use tpmprep_stories::merge::SCALAR_FIELDS;
use tpmprep_stories::{Artifact, Side, Status, StoryContent, merge};

const TAGS: [&str; 6] = ["migration", "latency", "hiring", "cost", "legacy", "launch"];
const PRINCIPLES: [&str; 4] = ["ownership", "dive-deep", "earn-trust", "frugality"];
const PARAS: [&str; 5] = [
    "We missed the date twice.",
    "I wrote the rollback plan.",
    "Latency fell by 40%.",
    "The team disagreed with me.",
    "",
];

fn subset(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(pool.to_vec(), 0..=pool.len())
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PARAS.to_vec()), 0..4)
        .prop_map(|v| v.join("\n\n"))
}

fn story() -> impl Strategy<Value = StoryContent> {
    (
        proptest::sample::select(vec!["Payments cut-over", "Checkout latency", "Hiring loop"]),
        proptest::sample::select(Status::ALL.to_vec()),
        subset(&PRINCIPLES),
        subset(&TAGS),
        proptest::sample::subsequence(Artifact::ALL.to_vec(), 0..=2),
        (text(), text(), text()),
    )
        .prop_map(
            |(title, status, principles, tags, artifacts, (situation, action, result))| {
                StoryContent {
                    title: title.into(),
                    status,
                    principles,
                    tags,
                    artifacts,
                    situation,
                    action,
                    result,
                    ..StoryContent::default()
                }
                .normalized()
            },
        )
}

fn value(c: &StoryContent, field: &str) -> String {
    match field {
        "title" => c.title.clone(),
        "status" => c.status.to_string(),
        "situation" => c.situation.clone(),
        "action" => c.action.clone(),
        "result" => c.result.clone(),
        "role" => c.role.clone(),
        "period" => c.period.clone(),
        "trade_off" => c.trade_off.clone(),
        "dissent" => c.dissent.clone(),
        "differently" => c.differently.clone(),
        "task" => c.task.clone(),
        other => panic!("no scalar field {other}"),
    }
}

/// `to` with the fields named in `fields` copied from `from`.
fn with_fields(to: &StoryContent, from: &StoryContent, fields: &[&str]) -> StoryContent {
    let mut c = to.clone();
    for f in fields {
        match *f {
            "title" => c.title = from.title.clone(),
            "status" => c.status = from.status,
            "principles" => c.principles = from.principles.clone(),
            "tags" => c.tags = from.tags.clone(),
            "artifacts" => c.artifacts = from.artifacts.clone(),
            "situation" => c.situation = from.situation.clone(),
            "action" => c.action = from.action.clone(),
            "result" => c.result = from.result.clone(),
            _ => unreachable!(),
        }
    }
    c
}

const FIELDS: [&str; 8] = [
    "title",
    "status",
    "principles",
    "tags",
    "artifacts",
    "situation",
    "action",
    "result",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_untouched_side_gives_the_other_side_exactly(b in story(), x in story()) {
        let m = merge(&b, &b, &x);
        prop_assert!(m.is_clean());
        prop_assert!(m.kept.is_empty(), "nothing of theirs to keep: {:?}", m.kept);
        prop_assert_eq!(&m.content, &x);
        let m = merge(&b, &x, &b);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.content, &x);
        let m = merge(&b, &x, &x);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.content, &x);
    }

    #[test]
    fn changes_to_different_fields_are_both_kept(
        b in story(),
        m0 in story(),
        t0 in story(),
        split in proptest::collection::vec(0u8..3, FIELDS.len()),
    ) {
        // Each field is changed by mine (0), by theirs (1) or by neither (2).
        let mine_f: Vec<&str> = FIELDS.iter().zip(&split).filter(|(_, s)| **s == 0).map(|(f, _)| *f).collect();
        let theirs_f: Vec<&str> = FIELDS.iter().zip(&split).filter(|(_, s)| **s == 1).map(|(f, _)| *f).collect();
        let mine = with_fields(&b, &m0, &mine_f);
        let theirs = with_fields(&b, &t0, &theirs_f);
        let m = merge(&b, &theirs, &mine);
        prop_assert!(m.is_clean(), "conflicts: {:?}", m.conflicts);
        let expected = with_fields(&with_fields(&b, &m0, &mine_f), &t0, &theirs_f);
        prop_assert_eq!(&m.content, &expected);
    }

    #[test]
    fn lists_merge_as_sets(b in story(), t in story(), mine in story()) {
        let m = merge(&b, &t, &mine);
        for tag in TAGS {
            let has = |c: &StoryContent| c.tags.iter().any(|x| x == tag);
            let removed = (has(&b) && !has(&t)) || (has(&b) && !has(&mine));
            let added = (!has(&b) && has(&t)) || (!has(&b) && has(&mine));
            let expect = if added { true } else if removed { false } else { has(&b) };
            prop_assert_eq!(has(&m.content), expect, "tag {} base {:?} theirs {:?} mine {:?} → {:?}",
                tag, b.tags, t.tags, mine.tags, m.content.tags);
        }
        // Lists never conflict.
        prop_assert!(m.conflicts.iter().all(|c| SCALAR_FIELDS.contains(&c.field)));
    }

    #[test]
    fn nothing_is_dropped_and_the_merge_is_symmetric(b in story(), t in story(), mine in story()) {
        let m = merge(&b, &t, &mine);
        let r = merge(&b, &mine, &t);
        prop_assert_eq!(m.is_clean(), r.is_clean());
        for c in &m.conflicts {
            // A conflict holds both texts as they are.
            prop_assert_eq!(&c.mine, &value(&mine, c.field));
            prop_assert_eq!(&c.theirs, &value(&t, c.field));
            prop_assert_eq!(&c.base, &value(&b, c.field));
            prop_assert_ne!(&c.mine, &c.theirs);
        }
        for f in ["title", "status", "situation", "action", "result"] {
            if m.conflicts.iter().all(|c| c.field != f) {
                prop_assert_eq!(value(&m.content, f), value(&r.content, f), "field {}", f);
            }
        }
        let sorted = |mut v: Vec<String>| { v.sort(); v };
        prop_assert_eq!(sorted(m.content.tags.clone()), sorted(r.content.tags.clone()));
        // Taking a side gives that side's value for every conflicting field.
        let mut theirs = m.clone();
        theirs.take_all(Side::Theirs);
        let mut mine_taken = m.clone();
        mine_taken.take_all(Side::Mine);
        prop_assert!(theirs.is_clean() && mine_taken.is_clean());
        for c in &m.conflicts {
            prop_assert_eq!(value(&theirs.content, c.field), value(&t, c.field));
            prop_assert_eq!(value(&mine_taken.content, c.field), value(&mine, c.field));
        }
    }

    #[test]
    fn paragraphs_changed_apart_in_one_text_are_both_kept(
        paras in proptest::collection::vec("[a-z]{1,8}( [a-z]{1,8}){0,4}", 3..8),
        i in 0usize..8,
        j in 0usize..8,
    ) {
        let n = paras.len();
        let (i, j) = (i % n, j % n);
        prop_assume!(i != j);
        let base = paras.join("\n\n");
        let edit = |k: usize, word: &str| {
            let mut p = paras.clone();
            p[k] = format!("{} {word}", p[k]);
            p.join("\n\n")
        };
        let b = StoryContent { title: "t".into(), action: base, ..StoryContent::default() };
        let mine = StoryContent { action: edit(i, "MINE"), ..b.clone() };
        let theirs = StoryContent { action: edit(j, "THEIRS"), ..b.clone() };
        let m = merge(&b, &theirs, &mine);
        prop_assert!(m.is_clean(), "{:?}", m.conflicts);
        let mut both = paras.clone();
        both[i] = format!("{} MINE", both[i]);
        both[j] = format!("{} THEIRS", both[j]);
        prop_assert_eq!(&m.content.action, &both.join("\n\n"));
    }
}

fn story_with(tags: &[&str], action: &str) -> StoryContent {
    StoryContent {
        title: "Payments cut-over".into(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        action: action.into(),
        ..StoryContent::default()
    }
}

/// Issue 12, item 4: one window adds a tag, the other edits the text from the older revision.
#[test]
fn a_tag_added_meanwhile_survives_a_text_edit_from_the_older_revision() {
    let base = story_with(&["payments"], "I planned the cut-over.");
    let theirs = story_with(&["payments", "migration"], "I planned the cut-over.");
    let mine = story_with(
        &["payments"],
        "I planned the cut-over and wrote the rollback plan.",
    );
    let m = merge(&base, &theirs, &mine);
    assert!(m.is_clean());
    assert_eq!(m.content.tags, ["payments", "migration"]);
    assert_eq!(
        m.content.action,
        "I planned the cut-over and wrote the rollback plan."
    );
    assert_eq!(m.kept.len(), 1);
    assert_eq!(m.kept[0].field, "tags");
    assert_eq!(
        m.kept[0].describe("revision 5"),
        "kept the tag `migration` added in revision 5"
    );
}

#[test]
fn cases() {
    struct Case {
        name: &'static str,
        base: StoryContent,
        theirs: StoryContent,
        mine: StoryContent,
        merged: Option<StoryContent>,
        conflicts: &'static [&'static str],
        kept: &'static [&'static str],
    }
    let s = story_with;
    let cases = [
        Case {
            name: "both remove different tags",
            base: s(&["a", "b", "c"], ""),
            theirs: s(&["a", "c"], ""),
            mine: s(&["a", "b"], ""),
            merged: Some(s(&["a"], "")),
            conflicts: &[],
            kept: &["kept the removal of the tag `b` in revision 7"],
        },
        Case {
            name: "one removes, the other adds",
            base: s(&["a"], ""),
            theirs: s(&[], ""),
            mine: s(&["a", "z"], ""),
            merged: Some(s(&["z"], "")),
            conflicts: &[],
            kept: &["kept the removal of the tag `a` in revision 7"],
        },
        Case {
            name: "same text typed on both sides",
            base: s(&[], "old"),
            theirs: s(&["x"], "new"),
            mine: s(&[], "new"),
            merged: Some(s(&["x"], "new")),
            conflicts: &[],
            kept: &["kept the tag `x` added in revision 7"],
        },
        Case {
            name: "the same paragraph changed two ways",
            base: s(&[], "We shipped late."),
            theirs: s(&[], "We shipped two weeks late."),
            mine: s(&[], "We shipped late, after I cut scope."),
            merged: None,
            conflicts: &["action"],
            kept: &[],
        },
        Case {
            name: "different paragraphs of the action",
            base: s(&[], "First.\n\nSecond.\n\nThird."),
            theirs: s(&[], "First, with data.\n\nSecond.\n\nThird."),
            mine: s(&[], "First.\n\nSecond.\n\nThird, and the launch."),
            merged: Some(s(
                &[],
                "First, with data.\n\nSecond.\n\nThird, and the launch.",
            )),
            conflicts: &[],
            kept: &["merged your lines of the action with those revision 7 changed"],
        },
        Case {
            name: "a paragraph appended on both sides differently",
            base: s(&[], "First."),
            theirs: s(&[], "First.\n\nTheirs."),
            mine: s(&[], "First.\n\nMine."),
            merged: None,
            conflicts: &["action"],
            kept: &[],
        },
    ];
    for c in cases {
        let m = merge(&c.base, &c.theirs, &c.mine);
        let fields: Vec<&str> = m.conflicts.iter().map(|x| x.field).collect();
        assert_eq!(fields, c.conflicts, "{}", c.name);
        let kept: Vec<String> = m.kept.iter().map(|k| k.describe("revision 7")).collect();
        assert_eq!(kept, c.kept, "{}", c.name);
        if let Some(expected) = c.merged {
            assert_eq!(m.content, expected, "{}", c.name);
        }
    }
}

#[test]
fn a_title_changed_two_ways_is_a_conflict_with_both_titles_until_a_side_is_taken() {
    let base = story_with(&[], "");
    let theirs = StoryContent {
        title: "Payments migration".into(),
        ..base.clone()
    };
    let mine = StoryContent {
        title: "Cutting over payments".into(),
        ..base.clone()
    };
    let mut m = merge(&base, &theirs, &mine);
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(
        (c.field, c.mine.as_str(), c.theirs.as_str()),
        ("title", "Cutting over payments", "Payments migration")
    );
    assert!(!m.take("action", Side::Theirs), "no conflict on action");
    assert!(m.take("title", Side::Theirs));
    assert!(m.is_clean());
    assert_eq!(m.content.title, "Payments migration");
    assert_eq!("yours".parse::<Side>(), Ok(Side::Mine));
    assert!("both".parse::<Side>().is_err());
}

// ---- A file against the bank's history: its base, recorded or closest (issue 12, item 4) ----

use tpmprep_stories::merge::{Base, Reconciled, closest, reconcile, revision_list};

/// The value of any of [`FIELDS`] as text, lists included.
fn shown(c: &StoryContent, field: &str) -> String {
    match field {
        "principles" => c.principles.join(","),
        "tags" => c.tags.join(","),
        "artifacts" => format!("{:?}", c.artifacts),
        f => value(c, f),
    }
}

proptest! {
    #![proptest_config(config())]

    /// A file written from revision 1 (recorded) never undoes what revision 2 changed: changes to
    /// different fields are merged, a file unchanged since revision 1 is older, and only fields
    /// both changed can conflict.
    #[test]
    fn a_file_from_an_older_revision_never_undoes_the_banks_change(
        b in story(),
        m0 in story(),
        t0 in story(),
        split in proptest::collection::vec(0u8..3, FIELDS.len()),
    ) {
        let mine_f: Vec<&str> = FIELDS.iter().zip(&split).filter(|(_, s)| **s == 0).map(|(f, _)| *f).collect();
        let theirs_f: Vec<&str> = FIELDS.iter().zip(&split).filter(|(_, s)| **s != 2).map(|(f, _)| *f).collect();
        let mine = with_fields(&b, &m0, &mine_f);
        let theirs = with_fields(&b, &t0, &theirs_f);
        prop_assume!(theirs != b);
        let history = [(1, &b), (2, &theirs)];
        match reconcile(&mine, Some(1), &history) {
            Reconciled::Unchanged => prop_assert!(mine == theirs || merge(&b, &theirs, &mine).content == theirs),
            Reconciled::Update => prop_assert!(false, "a file from revision 1 is never taken as is"),
            Reconciled::Older { base } => {
                prop_assert_eq!(base, Base::Recorded { rev: 1 });
                prop_assert_eq!(&mine, &b);
            }
            Reconciled::Merged { content, kept, .. } => {
                for f in FIELDS {
                    if shown(&mine, f) == shown(&b, f) {
                        prop_assert_eq!(shown(&content, f), shown(&theirs, f), "their {} kept", f);
                    }
                }
                for k in &kept {
                    prop_assert_eq!(&k.revisions, &vec![2], "{:?} made in revision 2", k);
                }
            }
            Reconciled::Conflict { conflicts, .. } => {
                for c in &conflicts {
                    prop_assert!(mine_f.contains(&c.field) && theirs_f.contains(&c.field));
                }
            }
        }
    }

    /// A file naming no revision: every revision's exact copy is recognised (the newest of equal
    /// ones), and an edit of one field of revision 1 keeps every other field revision 2 changed.
    #[test]
    fn a_file_naming_no_revision_is_taken_from_the_one_it_resembles(
        b in story(),
        t0 in story(),
        theirs_split in proptest::collection::vec(proptest::bool::ANY, FIELDS.len()),
        edited in 0..FIELDS.len(),
    ) {
        let theirs_f: Vec<&str> = FIELDS.iter().zip(&theirs_split).filter(|(_, s)| **s).map(|(f, _)| *f).collect();
        let theirs = with_fields(&b, &t0, &theirs_f);
        let history = [(1, &b), (2, &theirs)];
        prop_assert_eq!(closest(&theirs, &history), Some(2));
        if b != theirs {
            prop_assert_eq!(closest(&b, &history), Some(1));
        }
        // The file: revision 1 with one field set to a value no revision has.
        let field = FIELDS[edited];
        let mut mine = b.clone();
        match field {
            "title" => mine.title = "A title nobody wrote".into(),
            "status" => return Ok(()),
            "principles" => mine.principles.push("customer-obsession".into()),
            "tags" => mine.tags.push("only-in-the-file".into()),
            "artifacts" => return Ok(()),
            "situation" => mine.situation = "Only in the file.".into(),
            "action" => mine.action = "Only in the file.".into(),
            _ => mine.result = "Only in the file.".into(),
        }
        let others: Vec<&&str> = theirs_f
            .iter()
            .filter(|f| **f != field && shown(&theirs, f) != shown(&b, f))
            .collect();
        prop_assume!(!others.is_empty() && shown(&b, field) != shown(&mine, field));
        match reconcile(&mine, None, &history) {
            Reconciled::Merged { content, base, .. } => {
                prop_assert_eq!(base.rev(), 1);
                for f in others {
                    prop_assert_eq!(shown(&content, f), shown(&theirs, f), "their {} kept", f);
                }
            }
            Reconciled::Conflict { conflicts, .. } => {
                prop_assert!(conflicts.iter().all(|c| c.field == field), "{:?}", conflicts);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }
}

#[test]
fn kept_changes_name_the_revisions_that_made_them() {
    let base = StoryContent {
        title: "Cut-over".into(),
        action: "I planned it.".into(),
        ..StoryContent::default()
    };
    let mut r2 = base.clone();
    r2.tags = vec!["migration".into()];
    let mut r3 = r2.clone();
    r3.result = "Shipped.".into();
    let mut mine = base.clone();
    mine.action = "I planned it and wrote the rollback plan.".into();
    let mut m = merge(&base, &r3, &mine);
    m.attribute(&[(1, &base), (2, &r2), (3, &r3)]);
    let words: Vec<String> = m.kept.iter().map(|k| k.describe("revisions 2–3")).collect();
    assert_eq!(
        words,
        [
            "kept the result as revision 3 changed it",
            "kept the tag `migration` added in revision 2",
        ]
    );
    assert_eq!(revision_list(&[2]), "revision 2");
    assert_eq!(revision_list(&[4, 2, 3]), "revisions 2–4");
    assert_eq!(revision_list(&[2, 4, 6]), "revisions 2, 4 and 6");
}

#[test]
fn a_recorded_revision_the_story_lacks_falls_back_to_the_closest() {
    let r1 = StoryContent {
        title: "T".into(),
        action: "One.".into(),
        ..StoryContent::default()
    };
    let mut r2 = r1.clone();
    r2.principles = vec!["earn-trust".into()];
    let mut file = r1.clone();
    file.action = "Two.".into();
    let history = [(1, &r1), (2, &r2)];
    let base = Base::choose(&file, Some(9), &history).expect("a base");
    assert_eq!(
        base,
        Base::Closest {
            rev: 1,
            unknown: Some(9)
        }
    );
    assert!(
        base.assumed_words()
            .is_some_and(|w| w.contains("revision 9, which this story does not have")),
        "{base:?}"
    );
    assert_eq!(
        Base::choose(&file, Some(2), &history),
        Some(Base::Recorded { rev: 2 })
    );
    assert_eq!(
        Base::choose(&file, None, &history)
            .and_then(Base::assumed_words)
            .as_deref(),
        Some("This file names no revision it was written from; it matches revision 1 most closely")
    );
}
