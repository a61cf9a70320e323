//! The story bank through the real `tpmprep` binary: the commands a user runs, the editor round
//! trip, two processes editing one story, export → import round trips, bad input, and kill -9 in the
//! middle of writes. Every test runs in its own temporary config and data dir.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

mod common;

/// Variables a developer's shell (or an earlier test run) may set that would change what the binary does.
/// A sandbox: its own config dir and data dir (so its own database), no inherited settings.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn data_dir(&self) -> PathBuf {
        self.path("data")
    }

    fn drafts_dir(&self) -> PathBuf {
        self.data_dir().join("drafts")
    }

    /// Writes a file into the sandbox and returns its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write test file");
        path
    }

    /// Writes an executable shell script (an `$EDITOR` stand-in) into the sandbox.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.write(name, &format!("#!/bin/sh\nset -e\n{body}\n"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod 755");
        path
    }

    fn cmd(&self, args: &[&str]) -> Command {
        common::tpmprep(self.dir.path(), args)
    }

    /// The same sandbox for a process the test starts, waits on, and may kill. Stdin is not a terminal.
    fn spawn(&self, args: &[&str], envs: &[(&str, &OsStr)]) -> Child {
        common::tpmprep_std(self.dir.path(), args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tpmprep starts")
    }

    fn run(&self, args: &[&str], envs: &[(&str, &OsStr)]) -> Output {
        self.cmd(args)
            .envs(envs.iter().copied())
            .output()
            .expect("tpmprep runs")
    }

    fn ok_env(&self, args: &[&str], envs: &[(&str, &OsStr)]) -> String {
        let out = self.run(args, envs);
        assert!(
            out.status.success(),
            "tpmprep {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_env(args, &[])
    }

    /// Runs a command that must fail with exit code 1; returns its stderr.
    fn fails_env(&self, args: &[&str], envs: &[(&str, &OsStr)]) -> String {
        let out = self.run(args, envs);
        assert_eq!(
            out.status.code(),
            Some(1),
            "tpmprep {args:?} should fail with exit code 1; stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    fn fails(&self, args: &[&str]) -> String {
        self.fails_env(args, &[])
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"))
    }

    /// `story list --json` (plus extra flags) as a list.
    fn list(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["story", "list", "--json"];
        args.extend_from_slice(extra);
        self.json(&args)
            .as_array()
            .expect("story list is an array")
            .clone()
    }

    fn count(&self) -> usize {
        self.list(&[]).len()
    }

    /// `story show ID --json`.
    fn show(&self, id: i64) -> Value {
        self.json(&["story", "show", &id.to_string(), "--json"])
    }

    /// Saves a story from a file with `story add --from` and returns its id.
    fn add_from(&self, file: &Path) -> i64 {
        let saved = self.json(&["story", "add", "--from", s(file), "--json"]);
        saved["meta"]["id"].as_i64().expect("saved story has an id")
    }

    /// `db check` must report a sound file.
    fn assert_db_ok(&self) {
        let out = self.ok(&["db", "check"]);
        assert!(out.starts_with("ok"), "db check: {out}");
    }

    fn principle_ids(&self) -> Vec<String> {
        self.json(&["principles", "--json"])
            .as_array()
            .expect("principles array")
            .iter()
            .map(|p| p["id"].as_str().expect("principle id").to_string())
            .collect()
    }
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The draft path an error message names ("Your text is kept in PATH" or "... PATH.").
fn kept_path(stderr: &str) -> PathBuf {
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Your text is kept in "))
        .unwrap_or_else(|| panic!("no \"Your text is kept in\" line in:\n{stderr}"));
    PathBuf::from(line.trim_end_matches('.'))
}

/// Files in a folder, by name, with their bytes.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("dir entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read file"),
            )
        })
        .collect()
}

/// Waits until `path` exists; kills `child` and fails if it does not appear in time or the child exits.
fn wait_for(path: &Path, limit: Duration, child: &mut Child) {
    let start = Instant::now();
    while !path.exists() {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!(
                "tpmprep exited ({status}) before {} appeared",
                path.display()
            );
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not appear within {limit:?}", path.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// kill -9 (`Child::kill` sends SIGKILL on Unix), then reap.
fn kill9(mut child: Child) {
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reap the killed process");
    assert!(!status.success(), "the killed process reports {status}");
}

/// A JSON array of `n` valid, varied stories.
fn many_stories(n: usize) -> String {
    let principles = ["ownership", "dive-deep", "deliver-results", "frugality"];
    let stories: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "title": format!("Generated story {i}"),
                "status": if i % 3 == 0 { "ready" } else { "draft" },
                "principles": [principles[i % principles.len()]],
                "tags": [format!("batch-{}", i % 7)],
                "situation": format!("Situation {i}: the launch was at risk."),
                "action": format!("Action {i}: I re-planned the work.\nThen I told everyone."),
                "result": format!("Result {i}: shipped on time."),
                "metrics": [{"value": i, "unit": "%", "measures": "on-time delivery"}],
            })
        })
        .collect();
    serde_json::to_string_pretty(&stories).expect("serialise stories")
}

const RICH_1: &str = r#"+++
title = "Cut checkout p99 latency by 40%"
status = "ready"
principles = ["customer-obsession", "dive-deep", "deliver-results"]
tags = ["payments", "latency"]
role = "Senior TPM, checkout"
period = "2023 Q2–Q4"
teams = ["Payments", "Fraud", "Mobile app"]
trade_off = """
We shipped to two regions first.
That cost us the single global launch date."""
dissent = "The fraud team feared more false positives; we ran a two-week shadow test together."
differently = "Bring the mobile team in a sprint earlier."
artifacts = ["design-doc", "rollback-plan", "post-mortem"]

[[partners]]
name = "Priya"
role = "engineering manager, checkout"

[[partners]]
name = "J. K."

[[metrics]]
value = 40
unit = "%"
measures = "checkout p99 latency reduction"
before = 820
after = 490

[[metrics]]
value = 1.5
unit = "M USD"
measures = "annual revenue recovered from abandoned carts"
+++

## Situation

Checkout p99 latency had crept from 500 ms to 820 ms over a year.
Cart abandonment rose with it, and nobody owned the whole path.

## Task

Bring p99 under 500 ms before peak season without a feature freeze.

## Action

I traced the call graph with the engineers and found three serial fraud calls.
\## This line starts with two hashes but is text, not a heading
\\ and this one starts with a backslash

We parallelised the calls behind a flag and rolled out region by region.

## Result

p99 fell to 490 ms; abandonment dropped 3 points through peak.
"#;

/// Written with CRLF line endings by the test.
const RICH_2: &str = r#"+++
title = "Négocié un délai — the “vendor slip”"
status = "draft"
principles = ["earn-trust", "have-backbone-disagree-and-commit"]
tags = ["vendor", "escalation"]
role = "TPM"
+++

## Situation

A vendor slipped six weeks.

It threatened our launch.

## Task

## Action

I escalated with data, not blame.
   An indented line stays indented.

## Result

We launched two weeks late instead of six.
"#;

const RICH_3: &str = r#"+++
title = "Turned down a pet project"
status = "retired"
principles = ["frugality"]
+++

## Result

Saved a quarter of a headcount.
"#;

// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_users_journey_through_the_story_commands() {
    let env = Env::new();
    let saved = env.ok(&[
        "story",
        "add",
        "--title",
        "Moved billing to the new ledger",
        "--action",
        "I split the cut-over into three waves.",
        "--principle",
        "ownership",
        "--principle",
        "dive-deep",
        "--status",
        "ready",
    ]);
    assert!(saved.contains("Saved story 1 (revision 1)"), "{saved}");

    let list = env.list(&[]);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["rev"], 1);
    assert_eq!(list[0]["title"], "Moved billing to the new ledger");
    assert_eq!(list[0]["status"], "ready");
    assert_eq!(list[0]["principles"], json!(["ownership", "dive-deep"]));
    let rev1 = env.show(1)["content"].clone();
    assert_eq!(rev1["action"], "I split the cut-over into three waves.");

    // Tagging is a revision.
    let tagged = env.ok(&["story", "tag", "1", "customer-obsession"]);
    assert!(tagged.contains("revision 2"), "{tagged}");
    let list = env.list(&[]);
    assert_eq!(list[0]["rev"], 2);
    assert_eq!(
        list[0]["principles"],
        json!(["ownership", "dive-deep", "customer-obsession"])
    );

    let history = env.json(&["story", "history", "1", "--json"]);
    let history = history.as_array().expect("history array");
    let revs: Vec<i64> = history
        .iter()
        .map(|h| h["rev"].as_i64().expect("rev"))
        .collect();
    assert_eq!(revs, [1, 2]);
    assert_eq!(history[0]["changed"], json!([]));
    assert_eq!(history[1]["changed"], json!(["principles"]));

    // The diff reads field by field: only the principle added, by name of field, no TOML.
    let diff = env.ok(&["story", "diff", "1"]);
    assert_eq!(
        diff, "Story 1, revision 1 → 2: 1 field changed\n\nprinciples\n  + customer-obsession\n",
        "{diff}"
    );

    // Restoring revision 1 writes revision 3 with revision 1's content.
    let restored = env.ok(&["story", "restore", "1", "1"]);
    assert!(restored.contains("restored as revision 3"), "{restored}");
    let now = env.show(1);
    assert_eq!(now["meta"]["rev"], 3);
    assert_eq!(now["content"]["principles"], rev1["principles"]);
    assert_eq!(now["content"], rev1);
    let history = env.json(&["story", "history", "1", "--json"]);
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(3),
        "nothing overwritten"
    );

    // An old revision can still be shown.
    let old = env.json(&["story", "show", "1", "--rev", "2", "--json"]);
    assert_eq!(old["shown_rev"], 2);
    assert_eq!(old["meta"]["rev"], 3);
    assert_eq!(
        old["content"]["principles"],
        json!(["ownership", "dive-deep", "customer-obsession"])
    );
    assert_eq!(
        old["content"]["action"],
        "I split the cut-over into three waves."
    );

    // Trash: gone from the list, present in the trash, not editable.
    let trashed = env.ok(&["story", "trash", "1"]);
    assert!(trashed.contains("restore-trash 1"), "{trashed}");
    assert!(env.list(&[]).is_empty());
    let trash = env.list(&["--trash"]);
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0]["id"], 1);
    assert!(trash[0]["trashed_at"].is_i64(), "{:?}", trash[0]);
    let err = env.fails_env(&["story", "edit", "1"], &[("EDITOR", OsStr::new("true"))]);
    assert!(err.contains("in the trash"), "{err}");
    assert!(err.contains("tpmprep story restore-trash 1"), "{err}");

    let back = env.ok(&["story", "restore-trash", "1"]);
    assert!(back.contains("Story 1 is back"), "{back}");
    assert_eq!(env.list(&[]).len(), 1);
    assert!(env.list(&["--trash"]).is_empty());

    // Purge asks for --yes when it cannot ask (stdin is not a terminal here), and deletes nothing.
    env.ok(&["story", "trash", "1"]);
    let err = env.fails(&["story", "purge", "1"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.list(&["--trash"]).len(), 1, "not purged without --yes");
    assert_eq!(env.show(1)["meta"]["rev"], 3);

    let purged = env.ok(&["story", "purge", "1", "--yes"]);
    assert!(purged.contains("Story 1 purged"), "{purged}");
    let err = env.fails(&["story", "show", "1"]);
    assert!(err.contains("no story 1"), "{err}");
    let err = env.fails(&["story", "history", "1"]);
    assert!(err.contains("no story 1"), "{err}");
    assert!(env.list(&["--trash"]).is_empty());
    assert!(env.list(&[]).is_empty());
}

#[test]
fn the_editor_round_trip_saves_changes_and_keeps_text_it_cannot_save() {
    let env = Env::new();

    // `story add` opens the editor on the template.
    let add_editor = env.script(
        "add-editor.sh",
        r#"sed -i -e 's/^title = ""/title = "Rescued the launch"/' \
       -e 's/^## Action$/## Action\n\nI rebuilt the plan in a day./' "$1""#,
    );
    let out = env.ok_env(&["story", "add"], &[("EDITOR", add_editor.as_os_str())]);
    assert!(
        out.contains("Saved story 1 (revision 1): Rescued the launch"),
        "{out}"
    );
    let story = env.show(1);
    assert_eq!(story["content"]["title"], "Rescued the launch");
    assert_eq!(story["content"]["action"], "I rebuilt the plan in a day.");
    assert_eq!(story["content"]["status"], "draft");
    assert!(
        files_in(&env.drafts_dir()).is_empty(),
        "a saved draft is removed"
    );

    // An editor that changes the action saves revision 2.
    let edit_editor = env.script(
        "edit-editor.sh",
        r#"sed -i 's/^I rebuilt the plan in a day\.$/I rebuilt the plan in a day and briefed every team./' "$1""#,
    );
    let out = env.ok_env(
        &["story", "edit", "1"],
        &[("EDITOR", edit_editor.as_os_str())],
    );
    assert!(out.contains("Saved story 1 as revision 2."), "{out}");
    let story = env.show(1);
    assert_eq!(story["meta"]["rev"], 2);
    assert_eq!(
        story["content"]["action"],
        "I rebuilt the plan in a day and briefed every team."
    );
    assert_eq!(story["content"]["title"], "Rescued the launch");
    assert!(files_in(&env.drafts_dir()).is_empty());

    // An editor that leaves the file alone saves nothing.
    let out = env.ok_env(&["story", "edit", "1"], &[("EDITOR", OsStr::new("true"))]);
    assert!(out.contains("No changes"), "{out}");
    assert_eq!(env.show(1)["meta"]["rev"], 2);
    let out = env.ok_env(&["story", "add"], &[("EDITOR", OsStr::new("true"))]);
    assert!(out.contains("nothing saved"), "{out}");
    assert_eq!(env.count(), 1);
    assert!(files_in(&env.drafts_dir()).is_empty());

    // An editor that breaks the front matter: nothing saved, the user's text kept, its path printed.
    let bad_editor = env.script(
        "bad-editor.sh",
        r#"sed -i -e 's/^title = /colour = "blue"\ntitle = /' \
       -e 's/^I rebuilt the plan.*$/My careful rewrite of the action, which must not be lost./' "$1""#,
    );
    let err = env.fails_env(
        &["story", "edit", "1"],
        &[("EDITOR", bad_editor.as_os_str())],
    );
    assert!(err.contains("colour"), "names the bad key: {err}");
    assert!(err.contains("not saved"), "{err}");
    let draft = kept_path(&err);
    assert_eq!(
        draft.parent(),
        Some(env.drafts_dir().as_path()),
        "draft under <data dir>/drafts/: {err}"
    );
    let kept = std::fs::read_to_string(&draft).expect("the draft file exists");
    assert!(
        kept.contains("My careful rewrite of the action, which must not be lost."),
        "{kept}"
    );
    assert!(kept.contains(r#"colour = "blue""#), "{kept}");
    let story = env.show(1);
    assert_eq!(
        story["meta"]["rev"], 2,
        "the story stays at its old revision"
    );
    assert_eq!(
        story["content"]["action"],
        "I rebuilt the plan in a day and briefed every team."
    );

    // The hint works: fix the draft and apply it.
    let fixed = kept.replace("colour = \"blue\"\n", "");
    std::fs::write(&draft, fixed).expect("fix the draft");
    let out = env.ok(&["story", "edit", "1", "--from", s(&draft)]);
    assert!(out.contains("Saved story 1 as revision 3."), "{out}");
    assert_eq!(
        env.show(1)["content"]["action"],
        "My careful rewrite of the action, which must not be lost."
    );
}

#[test]
fn two_processes_editing_one_story_never_lose_an_edit() {
    let env = Env::new();
    let original = env.write(
        "original.md",
        "+++\ntitle = \"Shared story\"\nstatus = \"ready\"\nprinciples = [\"ownership\"]\n+++\n\n## Action\n\nOriginal action.\n",
    );
    let id = env.add_from(&original);
    assert_eq!(env.show(id)["meta"]["rev"], 1);
    let id_s = id.to_string();

    // Process A: an editor that announces itself, waits for "go", then edits the action.
    let started = env.path("editor-started");
    let go = env.path("go");
    let slow_editor = env.script(
        "slow-editor.sh",
        &format!(
            r#"echo started > '{started}'
i=0
while [ ! -e '{go}' ]; do
  i=$((i + 1))
  [ "$i" -le 200 ] || exit 3
  sleep 0.1
done
sed -i 's/^Original action\.$/Action written in terminal A./' "$1""#,
            started = s(&started),
            go = s(&go),
        ),
    );
    let mut a = env.spawn(
        &["story", "edit", &id_s],
        &[("EDITOR", slow_editor.as_os_str())],
    );
    wait_for(&started, Duration::from_secs(20), &mut a);

    // Process B saves while A is still in its editor.
    let markdown = env.ok(&["story", "show", &id_s, "--markdown"]);
    assert!(markdown.contains("\nOriginal action.\n"), "{markdown}");
    let other = env.write(
        "other.md",
        &markdown.replace("Original action.", "Action written in terminal B."),
    );
    let out = env.ok(&["story", "edit", &id_s, "--from", s(&other)]);
    assert!(out.contains("Saved story 1 as revision 2."), "{out}");

    // A finishes: both changed the action differently, so nothing is saved and both texts are shown.
    std::fs::write(&go, "").expect("write go file");
    let out = a.wait_with_output().expect("process A finishes");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "A must fail:\n{err}");
    assert!(err.contains("changed while you edited it"), "{err}");
    assert!(err.contains("your edit began at revision 1"), "{err}");
    assert!(err.contains("changed the same field (action)"), "{err}");
    assert!(err.contains("Nothing was saved."), "{err}");
    assert!(
        err.contains("  yours:\n    Action written in terminal A.\n"),
        "{err}"
    );
    assert!(
        err.contains("  revision 2:\n    Action written in terminal B.\n"),
        "{err}"
    );
    assert!(err.contains("tpmprep story diff 1 1 2"), "{err}");
    let draft = kept_path(&err);
    assert_eq!(draft.parent(), Some(env.drafts_dir().as_path()), "{err}");
    assert!(
        err.contains(&format!("--from {} --take action=mine", s(&draft))),
        "{err}"
    );
    let kept = std::fs::read_to_string(&draft).expect("A's draft is kept");
    assert!(kept.contains("Action written in terminal A."), "{kept}");
    assert!(
        kept.contains("# tpmprep: story 1, based on revision 1."),
        "{kept}"
    );

    let story = env.show(id);
    assert_eq!(story["meta"]["rev"], 2);
    assert_eq!(story["content"]["action"], "Action written in terminal B.");
    assert_eq!(
        env.json(&["story", "history", &id_s, "--json"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // The draft (or a file with --base-rev 1) is merged again, not laid on top: still refused.
    for extra in [&[][..], &["--base-rev", "1"][..]] {
        let mut args = vec!["story", "edit", &id_s, "--from", s(&draft)];
        args.extend_from_slice(extra);
        let err = env.fails(&args);
        assert!(err.contains("Nothing was saved."), "{err}");
        assert_eq!(env.show(id)["meta"]["rev"], 2);
        assert_eq!(
            env.show(id)["content"]["action"],
            "Action written in terminal B."
        );
    }
    let err = env.fails(&[
        "story",
        "edit",
        &id_s,
        "--from",
        s(&draft),
        "--take",
        "acton=mine",
    ]);
    assert!(
        err.contains("`acton` is not a field that can conflict"),
        "{err}"
    );

    // Taking A's text, as the message suggests, saves it.
    let out = env.ok(&[
        "story",
        "edit",
        &id_s,
        "--from",
        s(&draft),
        "--take",
        "action=mine",
    ]);
    assert!(out.contains("Saved story 1 as revision 3."), "{out}");
    assert!(!draft.exists(), "a draft of ours is removed once saved");
    assert_eq!(
        env.show(id)["content"]["action"],
        "Action written in terminal A."
    );
}

/// Issue 12, item 4: one window adds a tag while another edits the text from the older revision;
/// the second save merges, and so does the advised `story edit ID --from DRAFT` later. Both changes
/// are kept either way.
#[test]
fn a_tag_added_in_another_window_survives_a_stale_edit_and_the_advised_retry() {
    let env = Env::new();
    let original = env.write(
        "original.md",
        "+++\ntitle = \"Payments cut-over\"\ntags = [\"payments\"]\n+++\n\n## Action\n\nI planned the cut-over.\n",
    );
    let id = env.add_from(&original);
    assert_eq!(id, 1);
    let tpmprep = assert_cmd::cargo::cargo_bin("tpmprep");

    // Window A's editor: while it is open, window B adds a tag and saves; then A edits the action.
    let other = env.path("other.md");
    let editor = env.script(
        "editor.sh",
        &format!(
            r#"'{bin}' story show 1 --markdown | sed 's/^tags = \["payments"\]$/tags = ["payments", "migration"]/' > '{other}'
'{bin}' story edit 1 --from '{other}' >&2
sed -i 's/^I planned the cut-over\.$/I planned the cut-over and wrote the rollback plan./' "$1""#,
            bin = s(&tpmprep),
            other = s(&other),
        ),
    );
    let out = env.ok_env(&["story", "edit", "1"], &[("EDITOR", editor.as_os_str())]);
    assert!(
        out.contains("kept the tag `migration` added in revision 2"),
        "{out}"
    );
    assert!(out.contains("Saved story 1 as revision 3."), "{out}");
    let story = env.show(1);
    assert_eq!(story["content"]["tags"], json!(["payments", "migration"]));
    assert_eq!(
        story["content"]["action"],
        "I planned the cut-over and wrote the rollback plan."
    );
    assert!(
        files_in(&env.drafts_dir()).is_empty(),
        "the saved draft is removed"
    );

    // The advice path of the report: an edit that could not be saved leaves a draft and says
    // "tpmprep story edit 1 --from DRAFT"; meanwhile another window adds a tag.
    let bad = env.script(
        "bad-editor.sh",
        r#"sed -i -e 's/^tags = .*/tags = ["payments", "migration", "x"]\nprinciples = ["no-such-principle"]/' \
       -e 's/^I planned the cut-over and wrote the rollback plan\.$/I planned the cut-over, wrote the rollback plan and ran the drill./' "$1""#,
    );
    let err = env.fails_env(&["story", "edit", "1"], &[("EDITOR", bad.as_os_str())]);
    assert!(
        err.contains("Fix it, then: tpmprep story edit 1 --from "),
        "{err}"
    );
    let draft = kept_path(&err);
    let text = std::fs::read_to_string(&draft).expect("draft kept");
    assert!(
        text.contains("# tpmprep: story 1, based on revision 3."),
        "{text}"
    );
    let markdown = env.ok(&["story", "show", "1", "--markdown"]);
    std::fs::write(
        &other,
        markdown.replace(
            r#"tags = ["payments", "migration"]"#,
            r#"tags = ["payments", "migration", "latency"]"#,
        ),
    )
    .expect("write B's file");
    let out = env.ok(&["story", "edit", "1", "--from", s(&other)]);
    assert!(out.contains("Saved story 1 as revision 4."), "{out}");

    // The user fixes the draft and runs the advised command: B's tag stays.
    let fixed = text.replace("principles = [\"no-such-principle\"]\n", "");
    std::fs::write(&draft, fixed).expect("fix the draft");
    let out = env.ok(&["story", "edit", "1", "--from", s(&draft)]);
    assert!(
        out.contains("kept the tag `latency` added in revision 4"),
        "{out}"
    );
    assert!(out.contains("Saved story 1 as revision 5."), "{out}");
    assert!(!draft.exists(), "a draft of ours is removed once saved");
    let story = env.show(1);
    assert_eq!(
        story["content"]["tags"],
        json!(["payments", "migration", "latency", "x"])
    );
    assert_eq!(
        story["content"]["action"],
        "I planned the cut-over, wrote the rollback plan and ran the drill."
    );

    // The history reads field by field.
    let out = env.ok(&["story", "history", "1"]);
    assert!(out.contains("changed tags +migration"), "{out}");
    let out = env.ok(&["story", "diff", "1", "2", "3"]);
    assert!(
        out.contains("Story 1, revision 2 → 3: 1 field changed"),
        "{out}"
    );
    assert!(
        out.contains(
            "action\n  I planned the [-cut-over.-]{+cut-over and wrote the rollback plan.+}"
        ),
        "{out}"
    );
    let diff = env.json(&["story", "diff", "1", "4", "5", "--json"]);
    assert_eq!(diff["changes"][0]["field"], "tags");
    assert_eq!(diff["changes"][0]["kind"], "list");
    assert_eq!(diff["changes"][0]["added"], json!(["x"]));
    assert_eq!(diff["changes"][1]["field"], "action");
    assert_eq!(diff["changes"][1]["kind"], "text");
    let history = env.json(&["story", "history", "1", "--json"]);
    assert_eq!(history[1]["changes"][0]["added"], json!(["migration"]));
}

#[test]
fn export_then_import_into_a_fresh_database_is_an_exact_round_trip() {
    let first = Env::new();
    let ids: Vec<i64> = [
        ("rich-1.md", RICH_1.to_string()),
        ("rich-2.md", RICH_2.replace('\n', "\r\n")),
        ("rich-3.md", RICH_3.to_string()),
    ]
    .iter()
    .map(|(name, text)| first.add_from(&first.write(name, text)))
    .collect();
    assert_eq!(ids, [1, 2, 3]);
    let action = first.show(1)["content"]["action"].clone();
    let action = action.as_str().expect("action text");
    assert!(
        action.contains("\n## This line starts with two hashes but is text, not a heading\n"),
        "the escape is removed on reading: {action:?}"
    );
    assert!(
        action.contains("\n\\ and this one starts with a backslash\n"),
        "{action:?}"
    );
    assert_eq!(
        first.show(2)["content"]["action"],
        "I escalated with data, not blame.\n   An indented line stays indented."
    );

    // Markdown.
    let dir1 = first.path("export-1");
    let out = first.ok(&["story", "export", "--out", s(&dir1)]);
    assert!(out.contains("Exported 3 stories"), "{out}");
    let exported = files_in(&dir1);
    let names: Vec<&str> = exported.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "0001-cut-checkout-p99-latency-by-40.md",
            "0002-négocié-un-délai-the-vendor-slip.md",
            "0003-turned-down-a-pet-project.md",
        ]
    );
    let md1 = String::from_utf8(exported["0001-cut-checkout-p99-latency-by-40.md"].clone())
        .expect("utf-8 export");
    assert!(
        md1.contains("\n\\## This line starts with two hashes"),
        "{md1}"
    );

    let second = Env::new();
    let mut files: Vec<PathBuf> = exported.keys().map(|n| dir1.join(n)).collect();
    files.sort();
    let mut args = vec!["story", "import"];
    args.extend(files.iter().map(|p| s(p)));
    let out = second.ok(&args);
    assert!(out.contains("Imported 3 new stories (ids 1–3)."), "{out}");
    let dir2 = second.path("export-2");
    second.ok(&["story", "export", "--out", s(&dir2)]);
    assert_eq!(files_in(&dir2), exported, "byte-identical, same names");
    for id in &ids {
        assert_eq!(
            second.show(*id)["content"],
            first.show(*id)["content"],
            "story {id}"
        );
    }

    // JSON.
    let jdir1 = first.path("json-1");
    first.ok(&["story", "export", "--format", "json", "--out", s(&jdir1)]);
    let json1_path = jdir1.join("stories.json");
    let json1: Value =
        serde_json::from_slice(&std::fs::read(&json1_path).expect("stories.json")).expect("JSON");
    assert_eq!(json1["format"], "tpmprep.stories");
    assert_eq!(json1["version"], 1);
    let third = Env::new();
    let out = third.ok(&["story", "import", s(&json1_path)]);
    assert!(out.contains("Imported 3 new stories (ids 1–3)"), "{out}");
    let json3 = third.json(&["story", "export", "--format", "json"]);
    let contents = |v: &Value| -> Vec<(Value, Value)> {
        v["stories"]
            .as_array()
            .expect("stories")
            .iter()
            .map(|s| (s["id"].clone(), s["content"].clone()))
            .collect()
    };
    assert_eq!(contents(&json1).len(), 3);
    assert_eq!(contents(&json3), contents(&json1));
    assert_eq!(
        json3["stories"][0]["content"]["metrics"][0]["before"],
        820.0
    );

    // Exporting over existing files fails and changes nothing, even where a file is missing.
    first.ok(&["story", "tag", "2", "think-big"]);
    let removed = dir1.join("0003-turned-down-a-pet-project.md");
    std::fs::remove_file(&removed).expect("remove one exported file");
    let before = files_in(&dir1);
    let err = first.fails(&["story", "export", "--out", s(&dir1)]);
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(files_in(&dir1), before, "nothing written");
    assert!(!removed.exists());
    let json_before = std::fs::read(&json1_path).expect("stories.json");
    let err = first.fails(&["story", "export", "--format", "json", "--out", s(&jdir1)]);
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read(&json1_path).expect("stories.json"),
        json_before
    );

    // --force replaces them.
    first.ok(&["story", "export", "--out", s(&dir1), "--force"]);
    let after = files_in(&dir1);
    assert_eq!(after.len(), 3);
    let md2 = String::from_utf8(after["0002-négocié-un-délai-the-vendor-slip.md"].clone())
        .expect("utf-8");
    assert!(md2.contains("think-big"), "{md2}");
}

#[test]
fn bad_input_is_refused_with_file_line_and_nothing_half_imported() {
    let env = Env::new();
    env.ok(&["story", "add", "--title", "Already here"]);
    let valid_ids = env.principle_ids();
    assert!(valid_ids.len() > 10);

    // Two files, the second with an unknown principle: nothing from the first is saved.
    let good = env.write(
        "good.md",
        "+++\ntitle = \"A good story\"\nprinciples = [\"ownership\"]\n+++\n\n## Action\n\nFine.\n",
    );
    let bad = env.write(
        "bad.md",
        "+++\ntitle = \"Bad principle\"\nstatus = \"ready\"\nprinciples = [\"ownership\", \"nope-not-a-principle\"]\n+++\n\n## Action\n\nSomething.\n",
    );
    let out = env.run(&["story", "import", s(&good), s(&bad)], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!(
            "{}:4: principles[1]: unknown principle id `nope-not-a-principle`",
            bad.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("(valid: {})", valid_ids.join(", "))),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    let titles: Vec<Value> = env.list(&[]).iter().map(|s| s["title"].clone()).collect();
    assert_eq!(titles, [json!("Already here")]);

    // Malformed JSON: file and line.
    let broken = env.write(
        "broken.json",
        "[\n  {\"title\": \"Fine\"},\n  {\"title\": \"Broken\" \"status\": \"ready\"}\n]\n",
    );
    let err = env.fails(&["story", "import", s(&broken)]);
    assert!(err.contains(&format!("{}:3:", broken.display())), "{err}");
    assert_eq!(env.count(), 1);

    // A file over 5 MB.
    let mut huge = String::from("+++\ntitle = \"Huge\"\n+++\n\n## Action\n\n");
    huge.push_str(&"x".repeat(5 * 1024 * 1024 + 1 - huge.len()));
    assert_eq!(huge.len(), 5 * 1024 * 1024 + 1);
    let huge = env.write("huge.md", &huge);
    let err = env.fails(&["story", "import", s(&huge)]);
    assert!(err.contains("5 MB") && err.contains(s(&huge)), "{err}");
    let err = env.fails(&["story", "add", "--from", s(&huge)]);
    assert!(err.contains("5 MB"), "{err}");
    assert_eq!(env.count(), 1);

    // A field over its limit.
    let long = "a".repeat(20_001);
    let err = env.fails(&["story", "add", "--title", "x", "--action", &long]);
    assert!(err.contains("action"), "{err}");
    assert!(err.contains("20,001 characters"), "{err}");
    assert!(err.contains("the limit is 20,000"), "{err}");
    assert_eq!(env.count(), 1);
    let at_limit = "a".repeat(20_000);
    env.ok(&["story", "add", "--title", "x", "--action", &at_limit]);
    assert_eq!(env.count(), 2, "exactly the limit is accepted");

    // An unknown principle filter.
    let err = env.fails(&["story", "list", "--principle", "nope"]);
    assert!(err.contains("unknown principle `nope`"), "{err}");
    assert!(
        err.contains(&format!("(valid: {})", valid_ids.join(", "))),
        "{err}"
    );
}

#[test]
fn kill_9_in_the_middle_of_an_import_leaves_the_old_stories_and_a_sound_database() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Old one",
        "--principle",
        "ownership",
    ]);
    env.ok(&["story", "add", "--title", "Old two", "--status", "ready"]);
    let before = env.list(&[]);
    assert_eq!(before.len(), 2);

    let big = env.write("big.json", &many_stories(200));
    let pause = env.path("paused");
    let mut child = env.spawn(
        &["story", "import", s(&big)],
        &[
            ("TPMPREP_TEST_PAUSE_AT", OsStr::new("import")),
            ("TPMPREP_TEST_PAUSE_FILE", pause.as_os_str()),
        ],
    );
    wait_for(&pause, Duration::from_secs(30), &mut child);
    assert_eq!(
        std::fs::read_to_string(&pause).expect("pause file"),
        "import"
    );
    kill9(child);

    let after = env.list(&[]);
    assert_eq!(after, before, "exactly the two old stories, unchanged");
    env.assert_db_ok();

    let out = env.ok(&["story", "import", s(&big)]);
    assert!(
        out.contains("Imported 200 new stories (ids 3–202)"),
        "{out}"
    );
    assert_eq!(env.count(), 202);
    env.assert_db_ok();
}

#[test]
fn kill_9_in_the_middle_of_an_edit_leaves_the_old_revision() {
    let env = Env::new();
    let original = env.write(
        "original.md",
        "+++\ntitle = \"Steady\"\nprinciples = [\"dive-deep\"]\n+++\n\n## Action\n\nThe old action.\n",
    );
    let id = env.add_from(&original);
    let id_s = id.to_string();
    let old = env.show(id);
    let new = env.write(
        "new.md",
        "+++\ntitle = \"Steady, rewritten\"\nprinciples = [\"dive-deep\", \"ownership\"]\n+++\n\n## Action\n\nThe new action.\n",
    );

    let pause = env.path("paused");
    let mut child = env.spawn(
        &["story", "edit", &id_s, "--from", s(&new)],
        &[
            ("TPMPREP_TEST_PAUSE_AT", OsStr::new("update")),
            ("TPMPREP_TEST_PAUSE_FILE", pause.as_os_str()),
        ],
    );
    wait_for(&pause, Duration::from_secs(30), &mut child);
    assert_eq!(
        std::fs::read_to_string(&pause).expect("pause file"),
        "update"
    );
    kill9(child);

    let now = env.show(id);
    assert_eq!(now["meta"]["rev"], 1);
    assert_eq!(now["content"], old["content"]);
    let history = env.json(&["story", "history", &id_s, "--json"]);
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");
    let listed = env.list(&["--principle", "ownership"]);
    assert!(
        listed.is_empty(),
        "principle tags rolled back too: {listed:?}"
    );
    env.assert_db_ok();

    let out = env.ok(&["story", "edit", &id_s, "--from", s(&new)]);
    assert!(out.contains("Saved story 1 as revision 2."), "{out}");
    let now = env.show(id);
    assert_eq!(now["meta"]["rev"], 2);
    assert_eq!(now["content"]["action"], "The new action.");
    assert_eq!(env.list(&["--principle", "ownership"]).len(), 1);
}

#[test]
fn kill_9_at_random_moments_of_an_import_is_all_or_nothing() {
    let env = Env::new();
    env.ok(&["story", "add", "--title", "Survivor", "--status", "ready"]);
    let big = env.write("big.json", &many_stories(2_000));
    let mut count = env.count();
    assert_eq!(count, 1);
    for delay_ms in [0, 35, 70, 110, 150] {
        let child = env.spawn(&["story", "import", "--as-new", s(&big)], &[]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        kill9(child);
        let now = env.count();
        assert!(
            now == count || now == count + 2_000,
            "killed after {delay_ms} ms: {now} stories, expected {count} or {}",
            count + 2_000
        );
        env.assert_db_ok();
        count = now;
    }
    assert_eq!(env.show(1)["content"]["title"], "Survivor");
}

#[test]
fn coverage_shows_gaps_first_and_flags_stretched_stories() {
    let env = Env::new();
    let add = |title: &str, status: &str, principles: &[&str]| {
        let mut args = vec!["story", "add", "--title", title, "--status", status];
        for p in principles {
            args.extend(["--principle", p]);
        }
        env.ok(&args);
    };
    add("Ready A", "ready", &["ownership", "dive-deep"]); // 1
    add("Ready B", "ready", &["ownership"]); // 2
    add("Draft C", "draft", &["dive-deep"]); // 3
    add(
        "Everything at once",
        "draft",
        &["customer-obsession", "think-big", "frugality", "earn-trust"],
    ); // 4
    add("Retired E", "retired", &["ownership", "dive-deep"]); // 5: left out

    let principles = env.principle_ids();
    let cov = env.json(&["coverage", "--json"]);
    assert_eq!(cov["target"], 2);
    assert_eq!(cov["covered"], 1);
    let rows = cov["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), principles.len());
    let ready_len = |r: &Value| r["ready"].as_array().map_or(0, Vec::len);
    assert!(
        rows.windows(2)
            .all(|w| ready_len(&w[0]).min(2) <= ready_len(&w[1]).min(2)),
        "fewest ready stories first: {rows:?}"
    );
    assert!(rows[0]["missing"].as_u64().expect("missing") > 0);
    assert_eq!(rows[0]["missing"], 2);
    let last = rows.last().expect("rows");
    assert_eq!(last["principle"], "ownership");
    assert_eq!(last["ready"], json!([1, 2]));
    assert_eq!(last["draft"], json!([]));
    assert_eq!(last["missing"], 0);
    assert!(
        rows[..rows.len() - 1]
            .iter()
            .all(|r| r["missing"].as_u64() > Some(0))
    );
    let dive = rows
        .iter()
        .find(|r| r["principle"] == "dive-deep")
        .expect("dive-deep row");
    assert_eq!(dive["ready"], json!([1]));
    assert_eq!(dive["draft"], json!([3]));
    assert_eq!(dive["missing"], 1);
    let think = rows
        .iter()
        .find(|r| r["principle"] == "think-big")
        .expect("think-big row");
    assert_eq!(think["draft"], json!([4]));

    let stretched = cov["stretched"].as_array().expect("stretched");
    assert_eq!(stretched.len(), 1, "{stretched:?}");
    assert_eq!(stretched[0]["id"], 4);
    assert_eq!(stretched[0]["principles"].as_array().map(Vec::len), Some(4));

    let text = env.ok(&["coverage"]);
    assert!(
        text.contains(&format!(
            "1 of {} principles has 2 ready stories",
            principles.len()
        )),
        "{text}"
    );
    assert!(text.contains("Stretched"), "{text}");
    assert!(
        text.contains("#4 Everything at once (4 principles)"),
        "{text}"
    );
    // The gap is counted in principle slots, and says so (not "N ready stories to go").
    let gaps: i64 = rows
        .iter()
        .map(|r| r["missing"].as_i64().expect("missing"))
        .sum();
    assert!(
        text.contains(&format!(
            "{gaps} principle slots still need a ready story (2 per principle)"
        )),
        "{text}"
    );
}

/// A multi-line front-matter field holding a `+++` line (rendered as a TOML multi-line string) must
/// survive export → import and an editor save like any other text.
#[test]
fn a_fence_line_inside_a_multi_line_front_matter_field_round_trips() {
    let first = Env::new();
    let file = first.write(
        "fence.json",
        &json!({
            "title": "Fence",
            "trade_off": "first line\n+++\nafter the fence",
            "dissent": "it's \"quoted\"\n+++\n\\ and a backslash",
            "action": "Before.",
        })
        .to_string(),
    );
    let id = first.add_from(&file);
    let markdown = first.ok(&["story", "show", &id.to_string(), "--markdown"]);
    assert!(
        markdown.lines().filter(|l| *l == "+++").count() > 2,
        "{markdown}"
    );

    // Editing such a story in the editor works.
    let editor = first.script("editor.sh", r#"sed -i 's/^Before\.$/After./' "$1""#);
    let out = first.ok_env(
        &["story", "edit", &id.to_string()],
        &[("EDITOR", editor.as_os_str())],
    );
    assert!(out.contains("revision 2"), "{out}");
    let story = first.show(id);
    assert_eq!(story["content"]["action"], "After.");
    assert_eq!(
        story["content"]["trade_off"],
        "first line\n+++\nafter the fence"
    );

    let dir = first.path("export");
    first.ok(&["story", "export", "--out", s(&dir)]);
    let second = Env::new();
    let exported: Vec<PathBuf> = files_in(&dir).keys().map(|n| dir.join(n)).collect();
    let mut args = vec!["story", "import"];
    args.extend(exported.iter().map(|p| s(p)));
    second.ok(&args);
    assert_eq!(second.show(id)["content"], first.show(id)["content"]);
}

#[test]
fn field_flags_with_from_are_refused_and_trash_is_idempotent() {
    let env = Env::new();
    let id = env.json(&["story", "add", "--title", "Base", "--json"])["meta"]["id"]
        .as_i64()
        .expect("id");
    let md = env.ok(&["story", "show", &id.to_string(), "--markdown"]);
    let file = env.write("base.md", &md);
    let err = env.fails(&["story", "add", "--from", s(&file), "--status", "ready"]);
    assert!(
        err.contains("--from takes the story from the file"),
        "{err}"
    );
    assert_eq!(env.count(), 1, "nothing saved");
    env.ok(&["story", "trash", &id.to_string()]);
    let again = env.ok(&["story", "trash", &id.to_string()]);
    assert!(again.contains("already in the trash"), "{again}");
}

/// Issue 12, item 5: importing your own export again doubled every story, silently, and coverage
/// counted each twice. Now each story is recognised (by the stable id the export keeps, or by the
/// same text) and skipped, or updated with a new revision, and the output says which.
#[test]
fn reimporting_an_export_skips_or_updates_and_never_doubles() {
    let env = Env::new();
    for (title, p) in [
        ("Alpha", "ownership"),
        ("Beta", "dive-deep"),
        ("Gamma", "frugality"),
    ] {
        env.ok(&[
            "story",
            "add",
            "--title",
            title,
            "--principle",
            p,
            "--status",
            "ready",
            "--action",
            &format!("I led {title}."),
        ]);
    }
    let coverage = env.json(&["coverage", "--json"]);
    let md = env.path("md");
    env.ok(&["story", "export", "--out", s(&md)]);
    let json_file = env.path("all.json");
    let out = env.ok(&["story", "export", "--out", s(&json_file)]);
    assert!(
        out.starts_with(&format!(
            "Exported 3 stories to {} (one JSON file, ",
            s(&json_file)
        )),
        "{out}"
    );
    let export: Value =
        serde_json::from_slice(&std::fs::read(&json_file).expect("a file")).expect("JSON");
    let uid = export["stories"][0]["uid"]
        .as_str()
        .expect("a stable id")
        .to_string();
    assert_eq!(env.show(1)["meta"]["uid"], uid.as_str());
    let md_files: Vec<PathBuf> = files_in(&md).keys().map(|n| md.join(n)).collect();
    let first_md = std::fs::read_to_string(&md_files[0]).expect("md");
    assert!(first_md.contains(&format!("uid = \"{uid}\"")), "{first_md}");

    let mut args = vec!["story", "import"];
    args.extend(md_files.iter().map(|p| s(p)));
    assert_eq!(
        env.ok(&args),
        "Nothing new: skipped 3 already in the bank (ids 1–3).\n"
    );
    assert_eq!(
        env.ok(&["story", "import", s(&json_file)]),
        "Nothing new: skipped 3 already in the bank (ids 1–3).\n"
    );
    assert_eq!(env.count(), 3);
    assert_eq!(
        env.json(&["coverage", "--json"]),
        coverage,
        "coverage counts each story once"
    );

    // A changed file: a new revision, the old text kept in the history.
    let edited = first_md.replace("I led Alpha.", "I led Alpha, and wrote the runbook.");
    std::fs::write(&md_files[0], &edited).expect("edit the export");
    let out = env.json(&[
        "story",
        "import",
        "--json",
        s(&md_files[0]),
        s(&md_files[1]),
    ]);
    assert_eq!(out["updated"], json!([1]), "{out}");
    assert_eq!(out["unchanged"], json!([2]), "{out}");
    assert_eq!(out["new"], json!([]), "{out}");
    assert_eq!(
        out["stories"][0],
        json!({"id": 1, "rev": 2, "action": "updated"})
    );
    let history = env.json(&["story", "history", "1", "--json"]);
    assert_eq!(history.as_array().map(Vec::len), Some(2), "{history}");
    assert_eq!(
        env.show(1)["content"]["action"],
        "I led Alpha, and wrote the runbook."
    );
    assert_eq!(
        env.ok(&["story", "import", s(&md_files[0])]),
        "Nothing new: skipped 1 already in the bank (id 1).\n"
    );

    // A file without ids (another tool's JSON) is recognised by its text.
    let bare = env.write(
        "bare.json",
        &serde_json::to_string(&json!([export["stories"][1]["content"], {"title": "Delta"}]))
            .expect("json"),
    );
    assert_eq!(
        env.ok(&["story", "import", s(&bare)]),
        "Imported 1 new story (id 4); skipped 1 already in the bank (id 2).\n"
    );

    // A trashed story is left in the trash; --as-new copies on purpose.
    env.ok(&["story", "trash", "3"]);
    let out = env.ok(&["story", "import", s(&json_file)]);
    assert!(out.contains("left 1 in the trash alone (id 3;"), "{out}");
    assert!(
        out.starts_with(
            "Nothing new: skipped 1 already in the bank (id 2); skipped 1 older than the bank (id 1"
        ),
        "the export holds revision 1 of story 1, which the bank changed since: {out}"
    );
    let out = env.ok(&["story", "import", "--as-new", s(&json_file)]);
    assert_eq!(out, "Imported 3 new stories (ids 5–7).\n");
    assert_eq!(
        env.count(),
        6,
        "4 live before, 3 copies, story 3 still in the trash"
    );
}

/// Issue 12, item 6: plain pasted STAR text was refused ("a story starts with a `+++` line").
#[test]
fn plain_star_text_imports_with_its_title_and_errors_name_lines() {
    let env = Env::new();
    let notes = env.write(
        "notes.txt",
        "Vendor slip\n\nSituation: The vendor slipped six weeks.\nTask: Keep the date.\nA:\n- Re-planned.\n- Escalated with data.\n**Result:** Launched on time.\n",
    );
    assert_eq!(
        env.ok(&["story", "import", s(&notes)]),
        "Imported 1 new story (id 1).\n"
    );
    let one = env.show(1);
    assert_eq!(one["content"]["title"], "Vendor slip");
    assert_eq!(
        one["content"]["action"],
        "- Re-planned.\n- Escalated with data."
    );
    assert_eq!(one["content"]["result"], "Launched on time.");

    let untitled = env.write(
        "untitled.md",
        "S: Pages every night.\nT: Halve them.\nR: 60% fewer.\n",
    );
    let err = env.fails(&["story", "import", s(&untitled)]);
    assert!(
        err.contains(&format!("{}:1: title: a story needs a title", s(&untitled))),
        "{err}"
    );
    assert!(err.contains("--title"), "{err}");
    assert_eq!(
        env.ok(&[
            "story",
            "import",
            "--title",
            "On-call fatigue",
            s(&untitled)
        ]),
        "Imported 1 new story (id 2).\n"
    );
    assert_eq!(env.show(2)["content"]["title"], "On-call fatigue");
    let err = env.fails(&["story", "import", "--title", "x", s(&notes), s(&untitled)]);
    assert!(err.contains("--title names one story"), "{err}");

    let twice = env.write("twice.txt", "Twice\nSituation: a\nTask: b\nSituation: c\n");
    let err = env.fails(&["story", "import", s(&twice)]);
    assert!(
        err.contains(&format!(
            "{}:4: situation: `Situation` appears twice (first at line 2)",
            s(&twice)
        )),
        "{err}"
    );
    assert_eq!(env.count(), 2);
}

/// Issue 12, item 15: `--out x.json` made a folder named x.json; an export says what it wrote and
/// writes into nothing that holds files without --force.
#[test]
fn export_out_names_a_file_or_a_folder_and_says_what_was_written() {
    let env = Env::new();
    env.ok(&["story", "add", "--title", "Only one"]);
    let file = env.path("x.json");
    let out = env.ok(&["story", "export", "--format", "json", "--out", s(&file)]);
    assert!(file.is_file(), "a file, not a folder");
    assert!(
        out.starts_with(&format!(
            "Exported 1 story to {} (one JSON file, ",
            s(&file)
        )),
        "{out}"
    );
    let err = env.fails(&["story", "export", "--out", s(&file)]);
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    env.ok(&["story", "export", "--out", s(&file), "--force"]);
    let nested = env.path("deep/er/y.JSON");
    env.ok(&["story", "export", "--out", s(&nested)]);
    assert!(nested.is_file());

    let err = env.fails(&["story", "export", "--out", s(&env.path("z.md"))]);
    assert!(
        err.contains("one file per story") && err.contains("--format json"),
        "{err}"
    );
    assert!(!env.path("z.md").exists());

    let dir = env.path("folder");
    let out = env.ok(&["story", "export", "--out", s(&dir)]);
    assert_eq!(
        out,
        format!(
            "Exported 1 story to {} as Markdown, one file per story: 0001-only-one.md.\n",
            s(&dir)
        )
    );
    std::fs::write(dir.join("notes.md"), "mine").expect("a file of my own");
    let err = env.fails(&["story", "export", "--out", s(&dir)]);
    assert!(
        err.contains("is not empty (2 files)") && err.contains("--force"),
        "{err}"
    );
    let out = env.ok(&["story", "export", "--out", s(&dir), "--force"]);
    assert!(out.contains("Note: 1 other .md file in"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.md")).expect("kept"),
        "mine"
    );
    let out = env.json(&["story", "export", "--out", s(&dir), "--force", "--json"]);
    assert_eq!(out["exported"], 1);
}

/// Issue 12, item 4 (user trial): a file from `story show --markdown`, a Markdown export or a JSON
/// export, edited and saved with `story edit --from` after another change was saved, silently
/// dropped that change. Every such file now records the revision it was written from, and the edit
/// merges against it; a file of another story is refused; a file naming no revision is merged
/// against the revision it resembles most, and the output says so.
#[test]
fn files_written_from_a_story_merge_with_what_was_saved_since() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Payments cut-over",
        "--principle",
        "ownership",
        "--principle",
        "deliver-results",
        "--action",
        "I planned the cut-over.",
    ]);
    let shown = env.write("s1.md", &env.ok(&["story", "show", "1", "--markdown"]));
    let text = std::fs::read_to_string(&shown).expect("read");
    assert!(text.contains("\nrevision = 1\n"), "{text}");
    let out = env.ok(&["story", "tag", "1", "earn-trust"]);
    assert!(
        out.contains("(revision 2) is tagged: ownership, deliver-results, earn-trust"),
        "{out}"
    );
    std::fs::write(
        &shown,
        text.replace(
            "I planned the cut-over.",
            "I planned the cut-over and the rollback.",
        ),
    )
    .expect("edit");
    let out = env.ok(&["story", "edit", "1", "--from", s(&shown)]);
    assert!(
        out.contains("kept the principle `earn-trust` added in revision 2"),
        "{out}"
    );
    assert!(out.contains("Saved story 1 as revision 3."), "{out}");
    let story = env.show(1);
    assert_eq!(
        story["content"]["principles"],
        json!(["ownership", "deliver-results", "earn-trust"])
    );
    assert_eq!(
        story["content"]["action"],
        "I planned the cut-over and the rollback."
    );
    assert!(shown.exists(), "the user's own file is left alone");

    // A Markdown export and a JSON export, both of revision 3; then another tag (revision 4).
    let md = env.path("md");
    env.ok(&["story", "export", "--out", s(&md)]);
    let md_file = md.join(files_in(&md).keys().next().expect("one file"));
    let json_file = env.path("all.json");
    env.ok(&["story", "export", "--out", s(&json_file)]);
    assert!(
        std::fs::read_to_string(&md_file)
            .expect("md")
            .contains("\nrevision = 3\n")
    );
    let export: Value =
        serde_json::from_slice(&std::fs::read(&json_file).expect("json")).expect("JSON");
    assert_eq!(export["stories"][0]["rev"], 3);
    env.ok(&["story", "tag", "1", "frugality"]);
    let md_text = std::fs::read_to_string(&md_file).expect("md");
    std::fs::write(
        &md_file,
        md_text.replace("## Result\n", "## Result\n\nShipped on time.\n"),
    )
    .expect("edit md");
    let out = env.ok(&["story", "edit", "1", "--from", s(&md_file)]);
    assert!(
        out.contains("kept the principle `frugality` added in revision 4"),
        "{out}"
    );
    let json_text = std::fs::read_to_string(&json_file).expect("json");
    std::fs::write(
        &json_file,
        json_text.replace("\"task\": \"\"", "\"task\": \"Keep the date.\""),
    )
    .expect("edit json");
    let out = env.ok(&["story", "edit", "1", "--from", s(&json_file)]);
    assert!(out.contains("Saved story 1 as revision 6."), "{out}");
    let story = env.show(1);
    assert_eq!(
        story["content"]["principles"],
        json!(["ownership", "deliver-results", "earn-trust", "frugality"])
    );
    assert_eq!(story["content"]["result"], "Shipped on time.");
    assert_eq!(story["content"]["task"], "Keep the date.");

    // Story 1's file given for story 2: refused, nothing saved, the right command named.
    env.ok(&["story", "add", "--title", "Vendor slip"]);
    let err = env.fails(&["story", "edit", "2", "--from", s(&md_file)]);
    assert!(err.contains("is another story"), "{err}");
    assert!(
        err.contains(&format!("tpmprep story edit 1 --from {}", s(&md_file))),
        "{err}"
    );
    assert_eq!(env.show(2)["meta"]["rev"], 1);

    // A file naming no revision (hand-written, or from an older version): merged against the
    // revision it resembles most, and the output says which.
    let old: String = env
        .ok(&["story", "show", "1", "--rev", "3", "--markdown"])
        .lines()
        .filter(|l| !l.starts_with("uid = ") && !l.starts_with("revision = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let bare = env.write(
        "bare.md",
        &old.replace("I planned the cut-over and the rollback.", "I ran it."),
    );
    let out = env.ok(&["story", "edit", "1", "--from", s(&bare)]);
    assert!(
        out.contains(
            "This file names no revision it was written from; it matches revision 3 most closely"
        ),
        "{out}"
    );
    let story = env.show(1);
    assert_eq!(story["content"]["action"], "I ran it.");
    assert_eq!(story["content"]["task"], "Keep the date.");
    assert_eq!(
        story["content"]["principles"].as_array().map(Vec::len),
        Some(4)
    );
}

/// Issue 12 (trial of item 4): a merge said a tag was "added in revisions 2–3" when revision 2
/// added it; each kept change now names the revisions that made it.
#[test]
fn a_merge_names_the_revision_that_made_each_kept_change() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Cut-over",
        "--action",
        "I planned it.",
    ]);
    let file = env.write("r1.md", &env.ok(&["story", "show", "1", "--markdown"]));
    env.ok(&["story", "tag", "1", "earn-trust"]);
    let r2 = env.write("r2.md", &env.ok(&["story", "show", "1", "--markdown"]));
    let text = std::fs::read_to_string(&r2).expect("r2");
    std::fs::write(&r2, text.replace("## Result\n", "## Result\n\nShipped.\n")).expect("w");
    env.ok(&["story", "edit", "1", "--from", s(&r2)]);
    let text = std::fs::read_to_string(&file).expect("r1");
    std::fs::write(&file, text.replace("I planned it.", "I planned it twice.")).expect("w");
    let out = env.ok(&["story", "edit", "1", "--from", s(&file)]);
    assert!(
        out.contains("kept the principle `earn-trust` added in revision 2\n"),
        "{out}"
    );
    assert!(
        out.contains("kept the result as revision 3 changed it"),
        "{out}"
    );
    assert!(!out.contains("revisions 2–3"), "{out}");

    // Purging a story of one revision says so in the singular.
    env.ok(&["story", "add", "--title", "Once"]);
    env.ok(&["story", "trash", "2"]);
    let err = env.fails(&["story", "purge", "2"]);
    assert!(
        err.contains("deletes story 2 and its only revision for good"),
        "{err}"
    );
}

/// Issue 12, item 4 (import): importing an export the bank changed since reverted the bank's
/// change ("changed text is saved as a new revision"). Now it is skipped as older when the file is
/// unchanged, merged when both changed apart, and on a conflict the bank's version stands and the
/// output says how to merge the file by hand.
#[test]
fn importing_a_stale_export_never_undoes_the_banks_change() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Cut-over",
        "--action",
        "I planned it.",
    ]);
    let json_file = env.path("all.json");
    env.ok(&["story", "export", "--out", s(&json_file)]);
    let md = env.path("md");
    env.ok(&["story", "export", "--out", s(&md)]);
    let md_file = md.join(files_in(&md).keys().next().expect("one file"));
    env.ok(&["story", "tag", "1", "earn-trust"]);

    assert_eq!(
        env.ok(&["story", "import", s(&json_file)]),
        "Nothing new: skipped 1 older than the bank (id 1: the file is unchanged since the \
         revision it was written from, and the bank has saved newer ones).\n"
    );
    assert_eq!(env.show(1)["meta"]["rev"], 2);

    let text = std::fs::read_to_string(&md_file).expect("md");
    std::fs::write(
        &md_file,
        text.replace("I planned it.", "I planned it and rehearsed it."),
    )
    .expect("w");
    let out = env.ok(&["story", "import", s(&md_file)]);
    assert!(
        out.starts_with("Merged 1 (id 1) with the changes the bank saved since"),
        "{out}"
    );
    assert!(
        out.contains("Story 1 (the file was written from revision 1): kept the principle `earn-trust` added in revision 2."),
        "{out}"
    );
    let story = env.show(1);
    assert_eq!(story["content"]["principles"], json!(["earn-trust"]));
    assert_eq!(story["content"]["action"], "I planned it and rehearsed it.");

    let text = std::fs::read_to_string(&json_file).expect("json");
    std::fs::write(
        &json_file,
        text.replace("I planned it.", "Someone else's telling."),
    )
    .expect("w");
    let out = env.json(&["story", "import", "--json", s(&json_file)]);
    assert_eq!(out["conflicts"], json!([1]), "{out}");
    assert_eq!(out["stories"][0]["conflicts"][0]["field"], "action");
    let out = env.ok(&["story", "import", s(&json_file)]);
    assert!(out.contains("kept the bank's version of 1 (id 1)"), "{out}");
    assert!(
        out.contains(&format!(
            "to merge it by hand: tpmprep story edit 1 --from {}",
            s(&json_file)
        )),
        "{out}"
    );
    assert_eq!(
        env.show(1)["content"]["action"],
        "I planned it and rehearsed it."
    );
    assert_eq!(env.show(1)["meta"]["rev"], 3);
}

/// Issue 12 (trial): after kill -9 while the editor was open, the draft stayed in the data dir but
/// the next `story add` / `story edit N` never mentioned it. Now both name the draft and the
/// command that saves it.
#[test]
fn a_draft_left_by_a_killed_editor_session_is_offered_back() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Cut-over",
        "--action",
        "I planned it.",
    ]);
    for (args, name, save) in [
        (
            vec!["story", "add"],
            "story-new-",
            "tpmprep story add --from ",
        ),
        (
            vec!["story", "edit", "1"],
            "story-1-",
            "tpmprep story edit 1 --from ",
        ),
    ] {
        let ready = env.path(&format!("ready-{name}"));
        let stop = env.path(&format!("stop-{name}"));
        let editor = env.script(
            &format!("slow-editor-{name}.sh"),
            &format!(
                r#"sed -i -e 's/^title = .*/title = "Written before the crash"/' -e 's/^## Task$/## Task\n\nWords that must not be lost./' "$1"
touch '{ready}'
while [ ! -f '{stop}' ]; do sleep 0.05; done"#,
                ready = s(&ready),
                stop = s(&stop),
            ),
        );
        let mut child = env.spawn(&args, &[("EDITOR", editor.as_os_str())]);
        wait_for(&ready, Duration::from_secs(60), &mut child);
        kill9(child);
        std::fs::write(&stop, "").expect("let the editor go");
        let drafts: Vec<String> = files_in(&env.drafts_dir())
            .keys()
            .filter(|n| n.starts_with(name))
            .cloned()
            .collect();
        assert_eq!(drafts.len(), 1, "{drafts:?}");
        let draft = env.drafts_dir().join(&drafts[0]);

        // The next run with an editor that changes nothing names the draft and how to save it.
        let out = env.ok_env(&args, &[("EDITOR", OsStr::new("true"))]);
        assert!(out.contains("was never saved"), "{out}");
        assert!(out.contains(&format!("{save}{}", s(&draft))), "{out}");
        let mut save_args: Vec<&str> = args.clone();
        save_args.extend(["--from", s(&draft)]);
        env.ok(&save_args);
        assert!(!draft.exists(), "a saved draft of ours is removed");
    }
    let titles: Vec<Value> = env.list(&[]).iter().map(|s| s["title"].clone()).collect();
    assert_eq!(
        titles,
        [
            json!("Written before the crash"),
            json!("Written before the crash")
        ]
    );
    assert_eq!(
        env.show(1)["content"]["task"],
        "Words that must not be lost."
    );
    assert_eq!(
        env.show(2)["content"]["task"],
        "Words that must not be lost."
    );
    let out = env.ok_env(&["story", "add"], &[("EDITOR", OsStr::new("true"))]);
    assert!(!out.contains("never saved"), "nothing left to offer: {out}");
}

/// Issue 12 (trial): `story add --from plain.txt` advised `--title`, which clap refused with
/// `--from`. Now `--title` names a story whose file has none; other field flags stay refused.
#[test]
fn title_names_a_story_read_from_a_file_without_one() {
    let env = Env::new();
    let plain = env.write(
        "plain.txt",
        "Situation: The vendor slipped.\nTask: Keep the date.\nAction: Re-planned.\nResult: Launched.\n",
    );
    let err = env.fails(&["story", "add", "--from", s(&plain)]);
    assert!(err.contains("`--title` on the command line"), "{err}");
    let out = env.ok(&[
        "story",
        "add",
        "--from",
        s(&plain),
        "--title",
        "Vendor slip",
    ]);
    assert!(
        out.contains("Saved story 1 (revision 1): Vendor slip"),
        "{out}"
    );
    assert_eq!(env.show(1)["content"]["task"], "Keep the date.");
    let untitled = env.write(
        "untitled.md",
        "+++\ntitle = \"\"\n+++\n\n## Action\n\nI did it.\n",
    );
    let out = env.ok(&[
        "story",
        "add",
        "--from",
        s(&untitled),
        "--title",
        "Named here",
    ]);
    assert!(
        out.contains("Saved story 2 (revision 1): Named here"),
        "{out}"
    );
    let err = env.fails(&["story", "add", "--from", s(&plain), "--status", "ready"]);
    assert!(err.contains("only --title may come with it"), "{err}");
}

/// Issue 12 (trial): a JSON export wrote into a folder holding files without --force, while a
/// Markdown export refused. Both refuse now.
#[test]
fn a_json_export_into_a_folder_with_files_needs_force_as_markdown_does() {
    let env = Env::new();
    env.ok(&["story", "add", "--title", "One"]);
    let dir = env.path("out");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("notes.txt"), "mine").expect("w");
    let err = env.fails(&["story", "export", "--format", "json", "--out", s(&dir)]);
    assert!(
        err.contains("exists and is not empty (1 file); nothing was written"),
        "{err}"
    );
    assert!(!dir.join("stories.json").exists());
    let err = env.fails(&["story", "export", "--format", "md", "--out", s(&dir)]);
    assert!(
        err.contains("exists and is not empty (1 file); nothing was written"),
        "{err}"
    );
    env.ok(&[
        "story",
        "export",
        "--format",
        "json",
        "--out",
        s(&dir),
        "--force",
    ]);
    assert!(dir.join("stories.json").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).expect("r"),
        "mine"
    );
}

/// Issue 12 (second trial): `story edit ID --from` a hand-written plain STAR file (a title and the
/// four sections, nothing else) saved the story with no principles, tags or status, as if the file
/// had asked to remove them. Plain text holds only the title and the sections; the rest stays.
#[test]
fn a_plain_star_file_edits_the_sections_and_keeps_what_it_cannot_hold() {
    let env = Env::new();
    env.ok(&[
        "story",
        "add",
        "--title",
        "Vendor slip",
        "--situation",
        "The vendor slipped.",
        "--task",
        "Keep the date.",
        "--action",
        "Re-planned.",
        "--result",
        "Launched.",
        "--principle",
        "ownership",
        "--principle",
        "dive-deep",
    ]);
    env.ok(&["story", "tag", "1", "earn-trust"]);
    let before = env.show(1)["content"].clone();
    let plain = env.write(
        "hand.md",
        "# Vendor slip\n\nSituation: The vendor slipped.\nTask: Keep the date.\n\
         Action: Re-planned with two teams and cut one feature.\nResult: Launched.\n",
    );
    let out = env.ok(&["story", "edit", "1", "--from", s(&plain)]);
    assert!(out.contains("Saved story 1 as revision 3."), "{out}");
    let after = env.show(1)["content"].clone();
    assert_eq!(
        after["action"],
        "Re-planned with two teams and cut one feature."
    );
    for field in ["principles", "tags", "status", "situation", "result"] {
        assert_eq!(after[field], before[field], "{field}: {out}");
    }
}
