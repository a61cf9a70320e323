//! `tpmprep backup` and `tpmprep restore` as the real binary: a data dir backed up, restored into a
//! fresh one and backed up again gives the same file (but for `created_at`); a restore into a data
//! dir holding anything, of a file that is not JSON or of an unknown version, is refused with the
//! file named and exit code 1, and changes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::tpmprep(self.root(), args)
            .output()
            .expect("run tpmprep")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tpmprep {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("json")
    }

    /// Runs a command that must fail with exit code 1; its standard error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "tpmprep {args:?} should fail");
        assert!(out.stdout.is_empty(), "nothing on stdout for a failure");
        String::from_utf8(out.stderr).expect("utf-8")
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A backup file's text without the document's own `created_at` line (the stories' and mocks' are
/// indented deeper and kept): what must match byte for byte.
fn without_created_at(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("  \"created_at\": "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stories (one with three revisions, one in the trash), a finished phone screen and an interview
/// date, made through the CLI.
fn fill(env: &Env) {
    env.ok(&[
        "story",
        "add",
        "--title",
        "Checkout waves",
        "--situation",
        "Checkout latency doubled after the holiday freeze.",
        "--action",
        "I split the rollout into three waves and kept a rollback switch.",
        "--result",
        "p99 fell from 900 ms to 300 ms.",
        "--principle",
        "ownership",
    ]);
    env.ok(&["story", "tag", "1", "dive-deep"]);
    env.ok(&["story", "tag", "1", "deliver-results"]);
    env.ok(&[
        "story",
        "add",
        "--title",
        "Old reorg",
        "--principle",
        "frugality",
    ]);
    env.ok(&["story", "trash", "2"]);
    let answers = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mock-answers.txt");
    env.ok(&[
        "mock",
        "phone-screen",
        "--seed",
        "7",
        "--minutes-scale",
        "0.5",
        "--answers",
        s(&answers),
    ]);
}

#[test]
fn a_backup_restored_into_a_fresh_data_dir_backs_up_the_same() {
    let from = Env::new();
    fill(&from);
    let file = from.path("out/prep-backup.json");
    let said = from.ok(&["backup", s(&file)]);
    assert!(
        said.starts_with("Backed up 2 stories (4 revisions, 1 in the trash), 1 mock (1 finished,"),
        "{said}"
    );
    assert!(said.contains("tpmprep restore"), "{said}");
    let first = std::fs::read_to_string(&file).expect("backup written");
    let doc: Value = serde_json::from_str(&first).expect("json");
    assert_eq!(
        (doc["format"].as_str(), doc["version"].as_u64()),
        (Some("tpmprep.backup"), Some(1))
    );
    assert_eq!(
        doc["stories"][0]["revisions"].as_array().map(Vec::len),
        Some(3)
    );
    assert!(doc["stories"][1]["trashed_at"].is_i64());
    assert!(doc["mocks"][0]["debrief"].is_object());
    // Written whole then renamed: no temporary file is left beside it.
    let beside: Vec<_> = std::fs::read_dir(from.path("out"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["prep-backup.json"]);
    // `-` writes the same document to standard output.
    assert_eq!(
        without_created_at(&from.ok(&["backup", "-"])),
        without_created_at(&first)
    );

    let to = Env::new();
    let restored = to.json(&["restore", s(&file), "--json"]);
    assert_eq!(restored["restored"]["stories"], 2);
    assert_eq!(restored["restored"]["revisions"], 4);
    assert_eq!(restored["restored"]["mocks"], 1);
    assert_eq!(restored["file"], s(&file));
    let again = to.path("again.json");
    let report = to.json(&["backup", s(&again), "--json"]);
    assert_eq!(report["backed_up"], restored["restored"]);
    let second = std::fs::read_to_string(&again).expect("second backup");
    assert_eq!(without_created_at(&second), without_created_at(&first));
    assert_ne!(second, "", "a backup was written");

    // The restored data is there for every command: the story's history, the trash, the debrief.
    let history = to.json(&["story", "history", "1", "--json"]);
    assert_eq!(history.as_array().map(Vec::len), Some(3));
    let trash = to.json(&["story", "list", "--trash", "--json"]);
    assert_eq!(trash[0]["title"], "Old reorg");
    assert_eq!(
        to.json(&["mock", "show", "1", "--json"])["decision"],
        from.json(&["mock", "show", "1", "--json"])["decision"]
    );

    // A second backup over the first replaces it.
    from.ok(&["backup", s(&file)]);
    assert!(
        std::fs::read_to_string(&file)
            .expect("again")
            .contains("tpmprep.backup")
    );
}

#[test]
fn a_restore_that_cannot_be_done_says_why_and_changes_nothing() {
    let env = Env::new();
    fill(&env);
    let file = env.path("b.json");
    env.ok(&["backup", s(&file)]);
    let before = env.ok(&["backup", "-"]);

    // Into a data dir that holds anything.
    let e = env.fails(&["restore", s(&file)]);
    assert!(e.contains(&format!("cannot restore {}", s(&file))), "{e}");
    assert!(
        e.contains("holds 2 stories (1 in the trash) and 1 mock already"),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");
    assert_eq!(
        without_created_at(&env.ok(&["backup", "-"])),
        without_created_at(&before)
    );
    let e = env.fails(&["restore", s(&file), "--json"]);
    let err: Value = serde_json::from_str(e.trim()).expect("a JSON error");
    assert!(
        err["error"]
            .as_str()
            .expect("error")
            .contains("empty account")
    );

    // Files that are no backup this version reads, into an empty data dir.
    let empty = Env::new();
    let write = |name: &str, text: &str| {
        let p = empty.path(name);
        std::fs::write(&p, text).expect("write");
        p
    };
    let broken = write(
        "broken.json",
        "{\n  \"format\": \"tpmprep.backup\",\n  \"version\": 1,\n  oops\n}",
    );
    let e = empty.fails(&["restore", s(&broken)]);
    assert!(
        e.contains(&format!("cannot restore {}: not JSON", s(&broken))),
        "{e}"
    );
    assert!(e.contains("line 4 column 3"), "{e}");
    let newer = write(
        "newer.json",
        r#"{"format": "tpmprep.backup", "version": 2, "stories": "changed"}"#,
    );
    let e = empty.fails(&["restore", s(&newer)]);
    assert!(
        e.contains("backup version 2 is not one this tpmprep reads"),
        "{e}"
    );
    let export = empty.path("stories.json");
    env.ok(&["story", "export", "--out", s(&export)]);
    let e = empty.fails(&["restore", s(&export)]);
    assert!(e.contains("story export"), "{e}");
    let e = empty.fails(&["restore", s(&empty.path("missing.json"))]);
    assert!(
        e.contains("cannot read") && e.contains("missing.json"),
        "{e}"
    );
    let e = empty.fails(&["restore", s(&file), "--account", "nobody@example.com"]);
    assert!(
        e.contains("no account signs in with nobody@example.com"),
        "{e}"
    );
    // None of it wrote anything.
    let nothing = empty.json(&["backup", "-"]);
    assert_eq!(nothing["stories"], Value::Array(Vec::new()));
    assert_eq!(nothing["mocks"], Value::Array(Vec::new()));

    // A folder is not a file to back up into.
    let e = env.fails(&["backup", s(env.root())]);
    assert!(e.contains("is a folder"), "{e}");
}

#[test]
fn backup_and_restore_explain_themselves() {
    let env = Env::new();
    let help = env.ok(&["backup", "--help"]);
    for words in [
        "stories with every revision",
        "`-`",
        "--account",
        "tpmprep restore",
    ] {
        assert!(help.contains(words), "{words:?} in {help}");
    }
    let help = env.ok(&["restore", "--help"]);
    for words in [
        "empty account",
        "--database-url",
        "nothing is written",
        "standard input",
    ] {
        assert!(help.contains(words), "{words:?} in {help}");
    }
}

#[test]
fn kill_9_in_the_middle_of_a_restore_leaves_the_account_empty() {
    let from = Env::new();
    fill(&from);
    let file = from.path("b.json");
    from.ok(&["backup", s(&file)]);

    let to = Env::new();
    let pause = to.path("paused");
    let mut child = common::tpmprep_std(to.root(), &["restore", s(&file)])
        .env("TPMPREP_TEST_PAUSE_AT", "restore")
        .env("TPMPREP_TEST_PAUSE_FILE", &pause)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tpmprep starts");
    let start = std::time::Instant::now();
    while !pause.exists() {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("tpmprep exited ({status}) before pausing inside the restore");
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the restore never reached its pause"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Every row is written, the commit not yet made: kill -9 now.
    child.kill().expect("SIGKILL");
    assert!(!child.wait().expect("reap").success());

    let after = to.json(&["backup", "-"]);
    assert_eq!(after["stories"], Value::Array(Vec::new()), "{after}");
    assert_eq!(after["mocks"], Value::Array(Vec::new()));
    assert!(to.ok(&["db", "check"]).starts_with("ok"));
    // Nothing was left half done: the same restore now goes through.
    let said = to.ok(&["restore", s(&file)]);
    assert!(said.starts_with("Restored 2 stories"), "{said}");
}
