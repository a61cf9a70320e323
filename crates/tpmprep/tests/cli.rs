//! Runs the real `tpmprep` binary in a temporary config dir and checks what a user sees.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;
use serde_json::Value;

/// A sandbox: its own config dir, no inherited TPMPREP_* settings.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }
    fn cmd(&self, args: &[&str]) -> Command {
        common::tpmprep(self.dir.path(), args)
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert!(
            out.status.success(),
            "tpmprep {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }
    /// Runs a command expected to fail; returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert!(!out.status.success(), "tpmprep {args:?} should have failed");
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }
    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"))
    }
}

fn test_packs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/tests/packs")
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn questions_json_lists_the_whole_bank_with_stable_fields() {
    let env = Env::new();
    let all = env.json(&["questions", "--json"]);
    let list = all.as_array().expect("array");
    assert!(list.len() >= 300, "{} questions", list.len());
    for q in list {
        for key in [
            "id",
            "text",
            "kind",
            "principles",
            "competency",
            "stages",
            "level",
            "follow_ups",
        ] {
            assert!(q.get(key).is_some(), "question {} lacks {key}", q["id"]);
        }
    }
    let principles = env.json(&["principles", "--json"]);
    for p in principles.as_array().expect("array") {
        let id = p["id"].as_str().expect("id");
        let n = list
            .iter()
            .filter(|q| q["kind"] == "behavioural")
            .filter(|q| {
                q["principles"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|x| x == id))
            })
            .count();
        assert!(n >= 12, "{id}: {n} behavioural questions");
    }
}

#[test]
fn filters_narrow_the_list_and_combine() {
    let env = Env::new();
    let own = env.json(&[
        "questions",
        "--principle",
        "ownership",
        "--kind",
        "behavioural",
        "--json",
    ]);
    let own = own.as_array().expect("array");
    assert!(own.len() >= 12);
    assert!(own.iter().all(|q| {
        q["kind"] == "behavioural"
            && q["principles"]
                .as_array()
                .is_some_and(|p| p.iter().any(|x| x == "ownership"))
    }));

    let l5 = env.json(&["questions", "--level", "L5", "--json"]);
    let l5 = l5.as_array().expect("array");
    assert!(
        !l5.is_empty()
            && l5
                .iter()
                .all(|q| q["level"] == "L5" || q["level"] == "both")
    );

    let recruiter = env.json(&["questions", "--stage", "recruiter-screen", "--json"]);
    let recruiter = recruiter.as_array().expect("array");
    assert!(!recruiter.is_empty());
    assert!(recruiter.iter().all(|q| {
        q["stages"]
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x == "recruiter-screen"))
    }));

    let search = env.json(&["questions", "--search", "TCP udp", "--json"]);
    let search = search.as_array().expect("array");
    assert!(!search.is_empty());
    for q in search {
        let hay = q.to_string().to_lowercase();
        assert!(hay.contains("tcp") && hay.contains("udp"), "{}", q["id"]);
    }
    let everything = env
        .json(&["questions", "--json"])
        .as_array()
        .map_or(0, Vec::len);
    assert!(search.len() < everything);
}

#[test]
fn random_draws_are_reproducible_with_a_seed() {
    let env = Env::new();
    let a = ids(&env.json(&["questions", "--random", "5", "--seed", "42", "--json"]));
    let b = ids(&env.json(&["questions", "--random", "5", "--seed", "42", "--json"]));
    let c = ids(&env.json(&["questions", "--random", "5", "--seed", "43", "--json"]));
    assert_eq!(a.len(), 5);
    assert_eq!(a, b, "same seed, same draw");
    assert_ne!(a, c, "another seed draws differently");
    assert_eq!(a.iter().collect::<BTreeSet<_>>().len(), 5, "no repeats");
    // Random draws respect the filters.
    let tech = env.json(&[
        "questions",
        "--kind",
        "technical",
        "--random",
        "7",
        "--seed",
        "1",
        "--json",
    ]);
    assert!(
        tech.as_array()
            .is_some_and(|t| t.len() == 7 && t.iter().all(|q| q["kind"] == "technical"))
    );
    // Asking for more than match returns all that match.
    let few = env.json(&[
        "questions",
        "--kind",
        "recruiter",
        "--random",
        "999",
        "--seed",
        "1",
        "--json",
    ]);
    let all = env.json(&["questions", "--kind", "recruiter", "--json"]);
    assert_eq!(few.as_array().map(Vec::len), all.as_array().map(Vec::len));
}

#[test]
fn text_draw_without_seed_tells_how_to_repeat_it() {
    let env = Env::new();
    let out = env.ok(&["questions", "--random", "2"]);
    let seed: u64 = out
        .split("--seed ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no seed in:\n{out}"));
    let again = env.ok(&["questions", "--random", "2", "--seed", &seed.to_string()]);
    let first_lines = |s: &str| s.lines().take(2).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(first_lines(&out), first_lines(&again));
}

#[test]
fn unknown_ids_are_explained_with_the_valid_ones() {
    let env = Env::new();
    let err = env.fails(&["questions", "--principle", "customer-obsesion"]);
    assert!(
        err.contains("unknown principle `customer-obsesion`"),
        "{err}"
    );
    assert!(err.contains("customer-obsession"), "lists valid ids: {err}");
    let err = env.fails(&["questions", "--stage", "onsite"]);
    assert!(
        err.contains("unknown stage `onsite`") && err.contains("phone-screen"),
        "{err}"
    );
    let err = env.fails(&["ask", "--role", "ceo"]);
    assert!(
        err.contains("unknown role `ceo`") && err.contains("bar-raiser"),
        "{err}"
    );
    let err = env.fails(&["process", "--format", "onsite-9x9"]);
    assert!(
        err.contains("unknown format `onsite-9x9`") && err.contains("amazon-jobs"),
        "{err}"
    );
    let err = env.fails(&["questions", "--kind", "trivia"]);
    assert!(err.contains("invalid value 'trivia'"), "{err}");
    let err = env.fails(&["questions", "no-such-question"]);
    assert!(
        err.contains("no question with id `no-such-question`"),
        "{err}"
    );
}

#[test]
fn pack_check_rejects_a_broken_pack_with_file_line_field() {
    let env = Env::new();
    let dir = test_packs().join("broken/unknown-principle");
    let out = env
        .cmd(&["pack", "check", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "{}:6: question[b-own-typo].principles[1]: unknown principle id `customer-obsesion`",
        dir.join("questions.toml").display()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("nothing was loaded"), "{err}");

    let json = env
        .cmd(&["pack", "check", dir.to_str().expect("utf-8"), "--json"])
        .output()
        .expect("runs");
    assert_eq!(json.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["line"], 6);
    assert_eq!(
        v["problems"][0]["field"],
        "question[b-own-typo].principles[1]"
    );
}

#[test]
fn pack_check_accepts_a_good_overlay_and_reports_its_effect() {
    let env = Env::new();
    let dir = test_packs().join("good/extra-questions");
    let out = env.ok(&["pack", "check", dir.to_str().expect("utf-8")]);
    assert!(
        out.contains("ok: extra-questions is a valid overlay on amazon-tpm"),
        "{out}"
    );
    assert!(
        out.contains("adds 1 question") && out.contains("replaces 1 question"),
        "{out}"
    );
}

#[test]
fn pack_check_on_the_shipped_pack_passes() {
    let env = Env::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/amazon-tpm");
    let out = env.ok(&["pack", "check", dir.to_str().expect("utf-8")]);
    assert!(out.starts_with("ok: amazon-tpm is a valid pack"), "{out}");
}

#[test]
fn user_packs_in_the_config_dir_and_flag_are_merged() {
    let env = Env::new();
    let packs = env.config_dir().join("packs");
    std::fs::create_dir_all(&packs).expect("mkdir");
    copy_dir(
        &test_packs().join("good/extra-questions"),
        &packs.join("extra"),
    );
    let q = env.json(&["questions", "b-own-my-team-migration", "--json"]);
    assert_eq!(q["level"], "L6");
    // --no-user-packs ignores the folder.
    let err = env.fails(&["--no-user-packs", "questions", "b-own-my-team-migration"]);
    assert!(err.contains("no question with id"), "{err}");
    // --pack DIR adds a pack from anywhere.
    let other = Env::new();
    let dir = test_packs().join("good/extra-questions");
    let q = other.json(&[
        "--pack",
        dir.to_str().expect("utf-8"),
        "questions",
        "t-tcp-vs-udp",
        "--json",
    ]);
    assert!(
        q["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Our team's own wording"))
    );
}

#[test]
fn a_broken_user_pack_stops_the_run_with_its_location() {
    let env = Env::new();
    let packs = env.config_dir().join("packs");
    std::fs::create_dir_all(&packs).expect("mkdir");
    copy_dir(
        &test_packs().join("broken/syntax-error"),
        &packs.join("bad"),
    );
    let err = env.fails(&["questions"]);
    assert!(err.contains("cannot load the user pack in"), "{err}");
    assert!(err.contains("questions.toml:3: (syntax)"), "{err}");
}

#[test]
fn another_company_pack_is_used_with_base() {
    let env = Env::new();
    let dir = test_packs().join("good/tiny-co");
    let dir = dir.to_str().expect("utf-8");
    let principles = env.json(&[
        "--pack",
        dir,
        "--base-pack",
        "tiny-co",
        "principles",
        "--json",
    ]);
    assert_eq!(ids(&principles), ["care"]);
    let listed = env.ok(&["--pack", dir, "pack", "list"]);
    assert!(
        listed.contains("amazon-tpm  (active)") && listed.contains("tiny-co"),
        "{listed}"
    );
    let err = env.fails(&["--base-pack", "tiny-co", "principles"]);
    assert!(err.contains("no pack with id `tiny-co`"), "{err}");
}

#[test]
fn config_file_env_and_flag_take_precedence_in_order() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).expect("mkdir");
    std::fs::write(
        env.config_dir().join("config.toml"),
        "format = \"onsite-4x45\"\n",
    )
    .expect("write");
    let from_file = env.json(&["process", "--json"]);
    assert_eq!(from_file["format"]["id"], "onsite-4x45");
    let from_env = env
        .cmd(&["process", "--json"])
        .env("TPMPREP_FORMAT", "onsite-4x60")
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&from_env.stdout).expect("json");
    assert_eq!(v["format"]["id"], "onsite-4x60");
    let from_flag = env
        .cmd(&["process", "--format", "three-part-phone-screen", "--json"])
        .env("TPMPREP_FORMAT", "onsite-4x60")
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&from_flag.stdout).expect("json");
    assert_eq!(v["format"]["id"], "three-part-phone-screen");
    let shown = env.ok(&["config"]);
    let file = env.config_dir().join("config.toml");
    assert!(
        shown.contains(&format!(
            "format        onsite-4x45  (config file: {})",
            file.display()
        )),
        "{shown}"
    );
}

/// `config` reports the value a command would use and what set it, for each setting: the variable
/// `TPMPREP_FORMAT` beats the file, and says so, even though `config` has no `--format` flag.
#[test]
fn config_reports_the_effective_value_and_its_origin() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).expect("mkdir");
    std::fs::write(
        env.config_dir().join("config.toml"),
        "format = \"onsite-4x45\"\n",
    )
    .expect("write");
    let run = |args: &[&str]| {
        let out = env
            .cmd(args)
            .env("TPMPREP_FORMAT", "onsite-4x60")
            .env("TPMPREP_BASE_PACK", "amazon-tpm")
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let shown = run(&["config"]);
    assert!(
        shown.contains("format        onsite-4x60  (environment: TPMPREP_FORMAT)"),
        "{shown}"
    );
    assert!(
        shown.contains("base_pack     amazon-tpm  (environment: TPMPREP_BASE_PACK)"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "data_dir      {}  (environment: TPMPREP_DATA_DIR)",
            env.dir.path().join("data").display()
        )),
        "{shown}"
    );
    let ported = env
        .cmd(&["config"])
        .env("TPMPREP_PORT", "8080")
        .output()
        .expect("runs");
    let shown = String::from_utf8(ported.stdout).expect("utf-8");
    assert!(
        shown.contains("port          8080  (environment: TPMPREP_PORT)"),
        "{shown}"
    );
    // The commands use what `config` reports.
    assert!(run(&["overview"]).contains("Format onsite-4x60"));
    let v: Value = serde_json::from_str(&run(&["config", "--json"])).expect("json");
    assert_eq!(v["format"]["value"], "onsite-4x60");
    assert_eq!(v["format"]["from"], "env");
    let format = v["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .find(|s| s["name"] == "format")
        .expect("format setting");
    assert_eq!(format["via"], "TPMPREP_FORMAT");
    // A flag beats the variable, and is named.
    let flagged = env
        .cmd(&[
            "config",
            "--base-pack",
            "amazon-tpm",
            "--database-url",
            "sqlite::memory:",
        ])
        .env("TPMPREP_BASE_PACK", "other")
        .output()
        .expect("runs");
    let shown = String::from_utf8(flagged.stdout).expect("utf-8");
    assert!(
        shown.contains("base_pack     amazon-tpm  (flag: --base-pack)"),
        "{shown}"
    );
    assert!(
        shown.contains("database_url  sqlite::memory:  (flag: --database-url)"),
        "{shown}"
    );
    // Nothing set: the default, and said so.
    let plain = Env::new().ok(&["config"]);
    assert!(
        plain.contains("format        the pack's default  (default)"),
        "{plain}"
    );
}

#[test]
fn a_bad_config_file_is_named_with_its_line() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).expect("mkdir");
    let file = env.config_dir().join("config.toml");
    std::fs::write(&file, "format = \"amazon-jobs\"\ncolour = \"blue\"\n").expect("write");
    let err = env.fails(&["principles"]);
    assert!(err.contains(&format!("{}:2:", file.display())), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    let err = env.fails(&["--config", "/nonexistent/tpmprep.toml", "principles"]);
    assert!(
        err.contains("config file /nonexistent/tpmprep.toml does not exist"),
        "{err}"
    );
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let env = Env::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("_tpmprep()") && bash.contains("questions"),
        "bash completion"
    );
    let zsh = env.ok(&["completions", "zsh"]);
    assert!(zsh.contains("#compdef tpmprep"));
    let man = env.ok(&["man"]);
    assert!(
        man.contains(".TH tpmprep 1") && man.contains("questions"),
        "man page"
    );
    let out = env.dir.path().join("man");
    let listed = env.ok(&["man", "--out", out.to_str().expect("utf-8")]);
    assert!(listed.contains("tpmprep-questions.1"));
    let page = std::fs::read_to_string(out.join("tpmprep-questions.1")).expect("page written");
    assert!(
        page.contains("\\-\\-random"),
        "questions page documents --random"
    );
}

/// Every page `man --out` writes links only pages it also wrote, down to the subcommands of
/// subcommands (`tpmprep-mock(1)` lists `tpmprep-mock-loop(1)`, which must exist).
#[test]
fn man_writes_a_page_for_every_page_it_links() {
    let env = Env::new();
    let dir = env.dir.path().join("man");
    env.ok(&["man", "--out", dir.to_str().expect("utf-8")]);
    let written: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    for page in [
        "tpmprep-mock-loop.1",
        "tpmprep-story-add.1",
        "tpmprep-db-check.1",
    ] {
        assert!(written.contains(page), "{page} missing from {written:?}");
    }
    let mut links = 0;
    for file in &written {
        let page = std::fs::read_to_string(dir.join(file)).expect("read page");
        // A link is `name(1)`, with roff's `\-` for each dash.
        for (i, _) in page.match_indices("(1)") {
            let start = page[..i]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
                .map_or(0, |s| s + 1);
            let name = page[start..i].replace("\\-", "-");
            if name.starts_with("tpmprep") {
                links += 1;
                assert!(
                    written.contains(&format!("{name}.1")),
                    "{file} links {name}(1), which was not written"
                );
            }
        }
    }
    assert!(links >= 40, "only {links} links found");
    // One page on its own, and an unknown command named.
    let add = env.ok(&["man", "story", "add"]);
    assert!(add.contains(".TH tpmprep-story-add 1"), "{add}");
    let err = env.fails(&["man", "story", "nope"]);
    assert!(err.contains("no command `tpmprep story nope`"), "{err}");
}

/// Under `--json` an error is one JSON document `{"error": "..."}` on standard error, with nothing
/// on standard output and the same exit code as without `--json`: for an unknown id, a missing file
/// and a flag value clap refuses.
#[test]
fn errors_under_json_are_json_on_stderr_with_the_same_exit_code() {
    let env = Env::new();
    let missing = env.dir.path().join("nope.md");
    let missing = missing.to_str().expect("utf-8");
    let cases: [&[&str]; 7] = [
        &["questions", "no-such-question"],
        &["story", "show", "999"],
        &["story", "tag", "999", "ownership"],
        &["story", "import", missing],
        &["critique", missing],
        &["questions", "--kind", "nonsense"],
        &["mock", "loop", "--minutes-scale", "two"],
    ];
    for args in cases {
        let text = env.cmd(args).output().expect("runs");
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let json = env.cmd(&with_json).output().expect("runs");
        assert!(!text.status.success(), "{args:?} should fail");
        assert_eq!(
            text.status.code(),
            json.status.code(),
            "{args:?}: exit code differs under --json"
        );
        assert!(json.stdout.is_empty(), "{args:?}: stdout under --json");
        let err = String::from_utf8(json.stderr).expect("utf-8");
        let v: Value = serde_json::from_str(err.trim())
            .unwrap_or_else(|e| panic!("{args:?}: stderr is not JSON ({e}):\n{err}"));
        let message = v["error"].as_str().expect("error is a string");
        assert!(
            !message.is_empty() && !message.starts_with("error:"),
            "{message}"
        );
        let plain = String::from_utf8(text.stderr).expect("utf-8");
        assert!(plain.starts_with("error: "), "{args:?}: {plain}");
    }
    // clap's refusal keeps its code (2) and its words.
    let bad = env
        .cmd(&["questions", "--kind", "nonsense", "--json"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nonsense"));
}

/// The commands that lacked `--json` take it and print one JSON document.
#[test]
fn json_on_overview_db_and_story_tag_and_export() {
    let env = Env::new();
    let o = env.json(&["overview", "--json"]);
    assert_eq!(o["pack"], "amazon-tpm");
    assert_eq!(o["counts"]["principles"], 16);
    assert!(
        env.json(&["db", "path", "--json"])["database"]
            .as_str()
            .is_some_and(|p| p.ends_with("tpmprep.db"))
    );
    let added = env.json(&[
        "story",
        "add",
        "--title",
        "Shipped it",
        "--task",
        "Ship.",
        "--json",
    ]);
    let id = added["meta"]["id"].as_i64().expect("id").to_string();
    let tagged = env.json(&["story", "tag", &id, "ownership", "--json"]);
    assert_eq!(tagged["content"]["principles"][0], "ownership");
    assert_eq!(tagged["meta"]["rev"], 2);
    let dir = env.dir.path().join("export");
    let exported = env.json(&[
        "story",
        "export",
        "--out",
        dir.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(exported["exported"], 1);
    assert!(
        std::path::Path::new(exported["files"][0].as_str().expect("file")).exists(),
        "{exported}"
    );
    assert_eq!(env.json(&["db", "check", "--json"])["ok"], true);
    let trashed = env.json(&["story", "trash", &id, "--json"]);
    assert!(trashed["meta"]["trashed_at"].is_number(), "{trashed}");
    assert!(
        env.json(&["completions", "bash", "--json"])["script"]
            .as_str()
            .is_some_and(|s| s.contains("_tpmprep()"))
    );
}

#[test]
fn every_command_has_help() {
    let env = Env::new();
    for cmd in [
        "principles",
        "process",
        "questions",
        "prompts",
        "examples",
        "ask",
        "pack",
        "config",
        "completions",
        "man",
    ] {
        let out = env.ok(&[cmd, "--help"]);
        assert!(out.contains("Usage: tpmprep"), "{cmd} --help");
    }
    let out = env.ok(&["pack", "check", "--help"]);
    assert!(out.contains("file:line: field: message"));
}

#[test]
fn json_for_every_listing() {
    let env = Env::new();
    assert_eq!(
        env.json(&["principles", "--json"]).as_array().map(Vec::len),
        Some(16)
    );
    assert_eq!(
        env.json(&["principles", "dive-deep", "--json"])["id"],
        "dive-deep"
    );
    let process = env.json(&["process", "--json"]);
    assert_eq!(process["stages"].as_array().map(Vec::len), Some(8));
    assert_eq!(process["format"]["id"], "amazon-jobs");
    assert_eq!(
        env.json(&["process", "--formats", "--json"])
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    assert!(
        env.json(&["prompts", "--json"])
            .as_array()
            .is_some_and(|p| p.len() >= 25)
    );
    assert_eq!(
        env.json(&["prompts", "peak-checkout", "--json"])["minutes"],
        45
    );
    assert!(
        env.json(&["examples", "--json"])
            .as_array()
            .is_some_and(|p| p.len() >= 12)
    );
    let asks = env.json(&["ask", "--role", "bar-raiser", "--json"]);
    assert!(
        asks.as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|x| x["role"] == "bar-raiser"))
    );
    assert_eq!(
        env.json(&["pack", "list", "--json"])["packs"][0]["id"],
        "amazon-tpm"
    );
    assert_eq!(
        env.json(&["config", "--json"])["base_pack"]["value"],
        "amazon-tpm"
    );
}

#[test]
fn listings_match_snapshots() {
    let env = Env::new();
    let cases: [(&str, &[&str]); 8] = [
        ("overview", &["overview"]),
        ("principles", &["principles"]),
        ("principle_dive_deep", &["principles", "dive-deep"]),
        ("process_default", &["process"]),
        ("process_formats", &["process", "--formats"]),
        (
            "questions_frugality",
            &[
                "questions",
                "--principle",
                "frugality",
                "--kind",
                "behavioural",
            ],
        ),
        ("prompt_peak_checkout", &["prompts", "peak-checkout"]),
        ("ask_bar_raiser", &["ask", "--role", "bar-raiser"]),
    ];
    for (name, args) in cases {
        insta::assert_snapshot!(name, env.ok(args));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// `--search` meets inflections on their stem: "rollbacks" finds what "rollback" finds, for questions
/// and for stories.
#[test]
fn search_finds_inflections_of_a_word() {
    let env = Env::new();
    let one = ids(&env.json(&["questions", "--search", "rollback", "--json"]));
    let many = ids(&env.json(&["questions", "--search", "rollbacks", "--json"]));
    assert!(!one.is_empty());
    assert_eq!(one, many);
    env.ok(&[
        "story",
        "add",
        "--title",
        "Checkout rewrite",
        "--action",
        "I launched the new checkout and prioritised the fixes.",
    ]);
    env.ok(&[
        "story",
        "add",
        "--title",
        "Payments outage",
        "--action",
        "I ran the rollback.",
    ]);
    for (search, title) in [
        ("launches", "Checkout rewrite"),
        ("launching", "Checkout rewrite"),
        ("prioritization", "Checkout rewrite"),
        ("rollbacks", "Payments outage"),
    ] {
        let found = env.json(&["story", "list", "--search", search, "--json"]);
        let titles: Vec<&str> = found
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|s| s["title"].as_str())
            .collect();
        assert_eq!(titles, [title], "{search}");
    }
    let none = env.ok(&["story", "list", "--search", "roll"]);
    assert!(none.contains("No stories hold every word"), "{none}");
}

/// The trial: `--database-url /tmp/trialx.db` was refused as unsupported, though the refusal
/// itself says a file path will do (also relative paths and TPMPREP_DATABASE_URL).
#[test]
fn database_url_takes_a_file_path_absolute_or_relative() {
    let env = Env::new();
    let abs = env.dir.path().join("trial x.db");
    let abs = abs.to_str().expect("utf-8");
    let added = env.ok(&[
        "--database-url",
        abs,
        "story",
        "add",
        "--title",
        "Absolute",
        "--task",
        "Do.",
    ]);
    assert!(added.contains("Saved story 1"), "{added}");
    assert!(
        env.ok(&["--database-url", abs, "story", "list"])
            .contains("Absolute")
    );
    assert!(
        env.ok(&["--database-url", abs, "db", "check"])
            .starts_with(&format!("ok: {abs}"))
    );
    // Relative to the working folder, by flag and by variable.
    let out = env
        .cmd(&[
            "--database-url",
            "rel.db",
            "story",
            "add",
            "--title",
            "Relative",
            "--task",
            "Do.",
        ])
        .current_dir(env.dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.dir.path().join("rel.db").exists());
    let out = env
        .cmd(&["story", "list"])
        .env("TPMPREP_DATABASE_URL", "rel.db")
        .current_dir(env.dir.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Relative"));
    // Another scheme is refused, clearly; a PostgreSQL URL is opened (here nothing listens there).
    let err = env.fails(&[
        "--database-url",
        "mysql://me@localhost/prep",
        "story",
        "list",
    ]);
    assert!(
        err.contains(
            "unsupported database URL `mysql://me@localhost/prep`: use a sqlite: URL, a file path \
             or a postgres:// URL"
        ),
        "{err}"
    );
    let err = env.fails(&[
        "--database-url",
        "postgres://me@127.0.0.1:1/prep",
        "story",
        "list",
    ]);
    assert!(
        err.contains("cannot open the database postgres://me@127.0.0.1:1/prep"),
        "{err}"
    );
}

/// The trial: a damaged page made every command print "cannot migrate the database: … database
/// disk image is malformed" four times without naming the file, and `db check` could not check.
#[test]
fn a_damaged_database_is_named_once_and_db_check_says_what_to_do() {
    use std::io::{Seek, SeekFrom, Write};
    let env = Env::new();
    let db = env.dir.path().join("damaged.db");
    let db = db.to_str().expect("utf-8");
    for i in 0..3 {
        env.ok(&[
            "--database-url",
            db,
            "story",
            "add",
            "--title",
            &format!("S{i}"),
            "--task",
            "Do.",
        ]);
    }
    // Page 2: the migrations table, read by every open. The page size is in the header (bytes
    // 16–17, big-endian).
    let header = std::fs::read(db).expect("read");
    let page = usize::from(u16::from_be_bytes([header[16], header[17]]));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(db)
        .expect("open");
    f.seek(SeekFrom::Start(page as u64)).expect("seek");
    f.write_all(&vec![0xA5; page]).expect("write");
    drop(f);
    let err = env.fails(&["--database-url", db, "story", "list"]);
    assert_eq!(
        err,
        format!(
            "error: cannot open the database {db}: the database file is damaged (database disk \
             image is malformed); `tpmprep db check` says what is wrong and what to do\n"
        )
    );
    let err = env.fails(&["--database-url", db, "db", "check"]);
    assert!(
        err.starts_with(&format!("error: the database {db} is damaged. SQLite's integrity check found:\n  *** in database main ***\n")),
        "{err}"
    );
    assert!(
        err.contains(&format!("`sqlite3 {db} .recover | sqlite3 recovered.db`")),
        "{err}"
    );
    assert!(err.contains("restore the database from a backup"), "{err}");
    let json: Value = serde_json::from_str(
        &String::from_utf8(
            env.cmd(&["--database-url", db, "db", "check", "--json"])
                .output()
                .expect("runs")
                .stderr,
        )
        .expect("utf-8"),
    )
    .expect("a JSON error");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("is damaged"))
    );
    // A check creates no database where there is none.
    let none = env.dir.path().join("none.db");
    let said = env.ok(&[
        "--database-url",
        none.to_str().expect("utf-8"),
        "db",
        "check",
    ]);
    assert!(said.starts_with("ok: no database yet at"), "{said}");
    assert!(!none.exists());
}

/// The trial: `TPMPREP_FORMAT=json tpmprep config` showed the value unflagged, then `process`
/// failed "unknown format `json`" without naming the variable.
#[test]
fn an_invalid_format_is_flagged_by_config_and_named_where_it_came_from() {
    let env = Env::new();
    let out = env
        .cmd(&["config"])
        .env("TPMPREP_FORMAT", "json")
        .output()
        .expect("runs");
    let shown = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        shown.contains("format        json  (environment: TPMPREP_FORMAT)\n              ^ not valid: unknown format `json` (set by TPMPREP_FORMAT; valid: amazon-jobs"),
        "{shown}"
    );
    for args in [
        &["process"][..],
        &["mock", "phone-screen", "--answers", "-"],
    ] {
        let out = env
            .cmd(args)
            .env("TPMPREP_FORMAT", "json")
            .output()
            .expect("runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(
                "error: unknown format `json` (set by TPMPREP_FORMAT; valid: amazon-jobs"
            ),
            "{args:?}: {err}"
        );
    }
    // Commands that do not use the format are not refused for it.
    let out = env
        .cmd(&["mock", "trend"])
        .env("TPMPREP_FORMAT", "json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = env.fails(&["process", "--format", "nope"]);
    assert!(
        err.contains("unknown format `nope` (set by --format; valid: "),
        "{err}"
    );
}

/// Small wording from the trial: clap's "For more information" inside a JSON error, a man page
/// footer reading "story 0.1.0", "1 of 16 principles have", and `overview` not naming `mock`.
#[test]
fn small_wording_from_the_terminal_trial() {
    let env = Env::new();
    let bad = env
        .cmd(&["questions", "--kind", "nonsense", "--json"])
        .output()
        .expect("runs");
    let err: Value = serde_json::from_slice(&bad.stderr).expect("JSON");
    let err = err["error"].as_str().expect("error");
    assert!(err.contains("nonsense"), "{err}");
    assert!(!err.contains("For more information"), "{err}");
    assert!(!err.ends_with('\n'), "{err:?}");

    let page = env.ok(&["man", "story"]);
    let th = page
        .lines()
        .find(|l| l.starts_with(".TH "))
        .expect(".TH line");
    assert!(th.contains("\"tpmprep 0.1.0\""), "{th}");

    for title in ["One", "Two"] {
        env.ok(&[
            "story",
            "add",
            "--title",
            title,
            "--task",
            "Do.",
            "--principle",
            "ownership",
            "--status",
            "ready",
        ]);
    }
    let cov = env.ok(&["coverage"]);
    assert!(
        cov.starts_with("1 of 16 principles has 2 ready stories."),
        "{cov}"
    );

    let overview = env.ok(&["overview"]);
    assert!(overview.contains("tpmprep mock phone-screen"), "{overview}");
}
