//! The writing assessment in the pack: the embedded prompts and narrative lexicon, overlays that add
//! to them, and broken prompts rejected with file, line and field.

use std::path::Path;

use tpmprep_content::{
    Catalog, Diagnostic, NarrativeLexicon, Pack, PackError, WRITING_KINDS, embedded_pack,
};

fn pack() -> Pack {
    match embedded_pack() {
        Ok(p) => p,
        Err(e) => panic!("embedded pack must be valid:\n{e}"),
    }
}

const IDS: [&str; 14] = [
    "w-invention",
    "w-judgment",
    "w-customer",
    "w-disagree",
    "w-failure",
    "w-simplify",
    "w-ownership",
    "w-deadline",
    "w-raise-bar",
    "w-dive-deep",
    "w-think-big",
    "w-frugality",
    "w-trust",
    "w-mechanism",
];

#[test]
fn embedded_pack_has_the_writing_prompts() {
    let p = pack();
    assert!(
        p.writing_prompts.len() >= 12,
        "{} prompts",
        p.writing_prompts.len()
    );
    assert!(p.manifest.minimums.writing_prompts >= 12);
    for id in IDS {
        let w = p
            .writing_prompt(id)
            .unwrap_or_else(|| panic!("missing {id}"));
        assert!(WRITING_KINDS.contains(&w.kind.as_str()), "{id}: {}", w.kind);
        assert!(
            (8..=20).contains(&w.asks.len()),
            "{id}: {} asks",
            w.asks.len()
        );
        assert!(w.title.chars().count() <= 80, "{id}");
        assert!(!w.guidance.trim().is_empty(), "{id}");
        assert!((1..=3).contains(&w.principles.len()), "{id}");
        for pr in &w.principles {
            assert!(p.principle(pr).is_some(), "{id}: unknown principle {pr}");
        }
        let sentences = w.text.matches(['.', '?', '!']).count();
        assert!((1..=3).contains(&sentences), "{id}: {sentences} sentences");
    }
    let invention = p.writing_prompt("w-invention").expect("w-invention");
    assert_eq!(invention.kind, "invention");
    assert_eq!(invention.minutes, 60, "minutes default to 60");
    assert!(invention.asks.iter().any(|a| a == "prototype"));
    assert_eq!(
        p.writing_prompt("w-judgment").expect("w-judgment").kind,
        "judgment"
    );
    assert!(p.writing_prompt("w-nope").is_none());
}

#[test]
fn embedded_narrative_lexicon_is_complete_and_in_case() {
    let n = pack().narrative;
    for (name, list) in n.lists() {
        let min = match name {
            "acronyms" => 40,
            "lesson" | "alternatives" => 10,
            _ => 15,
        };
        assert!(list.len() >= min, "{name} has {}", list.len());
        for phrase in list {
            if name == "acronyms" {
                assert!(phrase.chars().any(char::is_uppercase), "{phrase}");
            } else {
                assert_eq!(phrase, &phrase.to_lowercase(), "{name}: {phrase}");
            }
        }
    }
    assert!(n.acronyms.iter().any(|a| a == "AWS"));
    assert!(n.not_adverbs.iter().any(|a| a == "early"));
    assert!(n.hedges.iter().any(|a| a == "i think"));
}

/// An overlay folder holding `pack.toml` (extending the Amazon pack) and `writing.toml`.
fn overlay(writing: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("pack.toml"),
        "id = \"mine\"\nextends = \"amazon-tpm\"\n",
    )
    .expect("write pack.toml");
    std::fs::write(dir.path().join("writing.toml"), writing).expect("write writing.toml");
    dir
}

fn check(dir: &Path) -> Vec<Diagnostic> {
    match Catalog::embedded().expect("embedded").check_dir(dir) {
        Ok(_) => panic!("a broken overlay was accepted"),
        Err(PackError::Invalid(d)) => d,
        Err(other) => panic!("not a validation error: {other}"),
    }
}

/// The diagnostic for `field`, asserting it names writing.toml and `line`.
fn find<'a>(diags: &'a [Diagnostic], field: &str, line: usize) -> &'a Diagnostic {
    let d = diags
        .iter()
        .find(|d| d.field == field)
        .unwrap_or_else(|| panic!("no diagnostic for {field} in {diags:#?}"));
    assert!(d.file.ends_with("writing.toml"), "{d}");
    assert_eq!(d.line, line, "{d}");
    d
}

const GOOD: &str = r#"
[[writing_prompt]]
id = "w-mine"
title = "A migration you led"
text = "Describe a migration you led end to end."
kind = "ownership"
principles = ["ownership"]
asks = ["migration", "migrated", "cut over"]
guidance = "Say what moved, why, and what it cost."
minutes = 45

[narrative]
jargon = ["Paradigm Shifting"]
acronyms = ["GCP"]
"#;

#[test]
fn an_overlay_adds_a_prompt_and_narrative_phrases() {
    let dir = overlay(GOOD);
    let mut catalog = Catalog::embedded().expect("embedded");
    let base = catalog.resolve("amazon-tpm").expect("base");
    catalog.add_dir(dir.path()).expect("overlay parses");
    let merged = catalog.resolve("amazon-tpm").expect("merged pack is valid");
    assert_eq!(merged.writing_prompts.len(), base.writing_prompts.len() + 1);
    let mine = merged.writing_prompt("w-mine").expect("added prompt");
    assert_eq!(mine.minutes, 45);
    assert_eq!(mine.asks, ["migration", "migrated", "cut over"]);
    assert!(
        merged
            .narrative
            .jargon
            .iter()
            .any(|j| j == "paradigm shifting")
    );
    assert!(merged.narrative.acronyms.iter().any(|a| a == "GCP"));
    assert_eq!(
        merged.narrative.jargon.len(),
        base.narrative.jargon.len() + 1
    );
    assert_eq!(merged.narrative.weasel, base.narrative.weasel);
    let report = Catalog::embedded()
        .expect("embedded")
        .check_dir(dir.path())
        .expect("valid overlay");
    assert_eq!(report.merge.added.get("writing_prompt"), Some(&1));
}

#[test]
fn an_overlay_prompt_with_a_known_id_replaces_it_in_place() {
    let dir = overlay(&GOOD.replace("w-mine", "w-judgment"));
    let mut catalog = Catalog::embedded().expect("embedded");
    let base = catalog.resolve("amazon-tpm").expect("base");
    catalog.add_dir(dir.path()).expect("overlay parses");
    let merged = catalog.resolve("amazon-tpm").expect("merged");
    assert_eq!(merged.writing_prompts.len(), base.writing_prompts.len());
    let pos = |p: &Pack| p.writing_prompts.iter().position(|w| w.id == "w-judgment");
    assert_eq!(pos(&merged), pos(&base));
    assert_eq!(
        merged.writing_prompt("w-judgment").expect("replaced").title,
        "A migration you led"
    );
}

#[test]
fn a_bad_prompt_is_rejected_with_file_line_and_field() {
    let bad = r#"[[writing_prompt]]
id = "w-bad"
title = "Bad"
text = "Write something."
kind = "poetry"
principles = ["ownership", "owner-ship"]
asks = []
guidance = "Anything."
minutes = 5

[[writing_prompt]]
id = "badprefix"
title = "No prefix"
text = "Write."
kind = "trust"
principles = []
asks = ["Trust"]
guidance = "Anything."

[narrative]
acronyms = ["aws", "Two Words"]
"#;
    let dir = overlay(bad);
    let diags = check(dir.path());
    let kind = find(&diags, "writing_prompt[w-bad].kind", 5);
    assert!(kind.message.contains("unknown kind `poetry`"), "{kind}");
    let principle = find(&diags, "writing_prompt[w-bad].principles[1]", 6);
    assert!(
        principle
            .message
            .contains("unknown principle id `owner-ship`"),
        "{principle}"
    );
    let asks = find(&diags, "writing_prompt[w-bad].asks", 7);
    assert!(asks.message.contains("has 0 items"), "{asks}");
    find(&diags, "writing_prompt[w-bad].minutes", 9);
    let prefix = find(&diags, "writing_prompt[badprefix].id", 12);
    assert!(prefix.message.contains("`w-`"), "{prefix}");
    find(&diags, "writing_prompt[badprefix].principles", 16);
    find(&diags, "writing_prompt[badprefix].asks[0]", 17);
    find(&diags, "narrative.acronyms[0]", 21);
    find(&diags, "narrative.acronyms[1]", 21);
}

#[test]
fn a_duplicate_prompt_id_is_rejected_with_both_places() {
    let twice = format!(
        "{GOOD}\n{}",
        GOOD.split("[narrative]").next().expect("prompt")
    );
    let dir = overlay(&twice);
    let diags = check(dir.path());
    let dup = find(&diags, "writing_prompt[w-mine].id", 18);
    assert!(
        dup.message.contains("duplicate id `w-mine`") && dup.message.contains("writing.toml:3"),
        "{dup}"
    );
}

#[test]
fn an_unknown_field_in_a_prompt_is_rejected() {
    let dir = overlay(&GOOD.replace("minutes = 45", "minute = 45"));
    let diags = check(dir.path());
    let d = diags
        .iter()
        .find(|d| d.message.contains("unknown field `minute`"))
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert!(d.file.ends_with("writing.toml"), "{d}");
    assert_eq!(d.line, 10, "{d}");
}

#[test]
fn a_standalone_pack_without_writing_prompts_still_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs/good/tiny-co");
    let mut catalog = Catalog::embedded().expect("embedded");
    catalog.add_dir(&dir).expect("loads");
    let tiny = catalog
        .resolve("tiny-co")
        .expect("valid without writing prompts");
    assert!(tiny.writing_prompts.is_empty());
    assert_eq!(tiny.narrative, NarrativeLexicon::default());
}

#[test]
fn the_writing_minimum_is_enforced_when_a_pack_sets_it() {
    let mut catalog = Catalog::embedded().expect("embedded");
    let base = catalog.resolve("amazon-tpm").expect("base");
    assert!(base.writing_prompts.len() >= base.manifest.minimums.writing_prompts);
    // A standalone pack that asks for writing prompts and has none fails on the minimum.
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs/good/tiny-co");
    for f in ["pack.toml", "content.toml"] {
        let text = std::fs::read_to_string(src.join(f)).expect("read tiny-co");
        let text = if f == "pack.toml" {
            format!("{text}writing_prompts = 2\n")
        } else {
            text
        };
        std::fs::write(dir.path().join(f), text).expect("write");
    }
    let err = catalog
        .check_dir(dir.path())
        .expect_err("below the minimum");
    let d = err
        .diagnostics()
        .iter()
        .find(|d| d.field == "pack.minimums.writing_prompts")
        .unwrap_or_else(|| panic!("{err}"))
        .clone();
    assert!(d.message.contains("0 writing prompts; at least 2"), "{d}");
    catalog.add_dir(dir.path()).expect("parses");
    assert!(catalog.resolve("tiny-co").is_err());
}
