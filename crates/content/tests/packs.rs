//! User packs: broken ones are rejected with file:line:field (snapshots of every diagnostic), good
//! overlays and standalone packs load, and a failed load changes nothing.

use std::path::{Path, PathBuf};

use tpmprep_content::{Catalog, PackError, PackSource, SourceFile};

fn packs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs")
}

fn catalog() -> Catalog {
    Catalog::embedded().expect("embedded pack parses")
}

/// Diagnostics with the machine-specific prefix removed.
fn render(err: &PackError) -> String {
    let prefix = format!("{}/", packs_dir().display());
    err.diagnostics()
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn broken_packs_are_rejected_with_file_line_and_field() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(packs_dir().join("broken"))
        .expect("broken packs dir")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "expected at least 10 broken cases");
    for dir in cases {
        let name = dir.file_name().expect("name").to_string_lossy().to_string();
        let err = match catalog().check_dir(&dir) {
            Ok(_) => panic!("{name}: a broken pack was accepted"),
            Err(e) => e,
        };
        let text = render(&err);
        assert!(!text.is_empty(), "{name}: error without diagnostics: {err}");
        for line in text.lines() {
            let mut parts = line.splitn(3, ':');
            let (file, line_no) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            assert!(
                file.ends_with(".toml") || file.ends_with(".model"),
                "{name}: no file in `{line}`"
            );
            assert!(
                line_no.parse::<usize>().is_ok_and(|n| n >= 1),
                "{name}: no line in `{line}`"
            );
        }
        insta::assert_snapshot!(format!("broken__{name}"), text);
    }
}

#[test]
fn overlay_adds_and_replaces_by_id() {
    let mut catalog = catalog();
    let base = catalog.resolve("amazon-tpm").expect("base");
    catalog
        .add_dir(&packs_dir().join("good/extra-questions"))
        .expect("overlay loads");
    let merged = catalog.resolve("amazon-tpm").expect("merged pack is valid");
    assert_eq!(merged.overlays, ["extra-questions"]);
    assert_eq!(merged.questions.len(), base.questions.len() + 1);
    let added = merged
        .question("b-own-my-team-migration")
        .expect("added question");
    assert_eq!(added.principles, ["ownership", "dive-deep"]);
    let replaced = merged.question("t-tcp-vs-udp").expect("replaced question");
    assert!(replaced.text.starts_with("Our team's own wording"));
    // Replacement keeps the entry's position in the bank.
    let pos = |p: &tpmprep_content::Pack| p.questions.iter().position(|q| q.id == "t-tcp-vs-udp");
    assert_eq!(pos(&merged), pos(&base));
}

#[test]
fn standalone_company_pack_is_selected_by_id() {
    let mut catalog = catalog();
    catalog
        .add_dir(&packs_dir().join("good/tiny-co"))
        .expect("loads");
    assert_eq!(catalog.base_ids(), ["amazon-tpm", "tiny-co"]);
    let tiny = catalog
        .resolve("tiny-co")
        .expect("valid with its own minimums");
    assert_eq!(tiny.principles.len(), 1);
    assert_eq!(tiny.questions[0].id, "b-care-one");
    // The Amazon pack is untouched by the other company's pack.
    assert_eq!(
        catalog
            .resolve("amazon-tpm")
            .expect("amazon")
            .principles
            .len(),
        16
    );
}

#[test]
fn a_failed_load_leaves_the_catalog_unchanged() {
    let mut catalog = catalog();
    let before = catalog.resolve("amazon-tpm").expect("base").questions.len();
    let err = catalog
        .add_dir(&packs_dir().join("broken/syntax-error"))
        .expect_err("syntax error is rejected");
    assert!(matches!(err, PackError::Invalid(_)));
    assert_eq!(
        catalog.resolve("amazon-tpm").expect("base").questions.len(),
        before
    );
    assert!(catalog.resolve("case").is_err());
}

#[test]
fn an_overlay_with_a_bad_entry_makes_the_merged_pack_fail_whole() {
    let mut catalog = catalog();
    // Parses and has no duplicates, so it is accepted into the catalog...
    catalog
        .add_dir(&packs_dir().join("broken/unknown-principle"))
        .expect("parses");
    // ...but the merged pack is rejected whole rather than loaded without the bad question.
    let err = catalog
        .resolve("amazon-tpm")
        .expect_err("merged pack invalid");
    assert!(render(&err).contains("unknown principle id `customer-obsesion`"));
}

#[test]
fn a_second_pack_with_a_taken_id_is_refused() {
    let mut catalog = catalog();
    let source = PackSource {
        origin: "mem".into(),
        files: vec![SourceFile {
            rel: "pack.toml".into(),
            display: "mem/pack.toml".into(),
            text: "id = \"amazon-tpm\"\nname = \"Copy\"\n".into(),
        }],
    };
    let err = catalog.add_source(&source).expect_err("id taken");
    assert!(
        err.to_string().contains("extends = \"amazon-tpm\""),
        "{err}"
    );
}

#[test]
fn oversized_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("pack.toml"),
        "id = \"big\"\nextends = \"amazon-tpm\"\n",
    )
    .expect("write");
    let big = format!(
        "# {}\n",
        "x".repeat(tpmprep_content::MAX_FILE_BYTES as usize)
    );
    std::fs::write(dir.path().join("big.toml"), big).expect("write");
    let err = catalog().check_dir(dir.path()).expect_err("too big");
    assert!(
        err.to_string().contains("limited to 5242880 bytes"),
        "{err}"
    );
}

#[test]
fn a_file_instead_of_a_folder_is_explained() {
    let err = catalog()
        .check_dir(&packs_dir().join("good/tiny-co/pack.toml"))
        .expect_err("not a folder");
    assert!(
        err.to_string()
            .contains("give the folder that holds pack.toml"),
        "{err}"
    );
}
