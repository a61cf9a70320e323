//! `tpmprep estimate` through the real binary: the issue's command as text and JSON, one
//! expression, binary units, the help, and errors that name the token.

mod common;

use serde_json::Value;

fn run(args: &[&str]) -> (bool, i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = common::tpmprep(dir.path(), args).output().expect("runs");
    (
        out.status.success(),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const ISSUE: &[&str] = &[
    "estimate",
    "--dau",
    "50M",
    "--per-user",
    "20/day",
    "--peak-factor",
    "3",
    "--object",
    "2.5KB",
    "--retention",
    "365d",
    "--replication",
    "3",
];

#[test]
fn the_issues_command_gives_the_numbers_as_json() {
    let mut args = ISSUE.to_vec();
    args.push("--json");
    let (ok, _, out, err) = run(&args);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let n = |k: &str| {
        v[k].as_f64()
            .unwrap_or_else(|| panic!("{k} is a number: {out}"))
    };
    // 50M × 20 = 1e9 writes a day ÷ 86,400 = 11,574.07/s; × 3 = 34,722.2/s.
    assert!((n("average_qps") - 11_574.074_074).abs() < 1e-3);
    assert!((n("peak_qps") - 34_722.222_222).abs() < 1e-3);
    // 1e9 × 2,500 bytes = 2.5 TB a day; × 365 × 3 = 2.7375 PB.
    assert!((n("storage_bytes_per_day") - 2.5e12).abs() < 1.0);
    assert!((n("storage_bytes_total") - 2.7375e15).abs() < 10.0);
    // Every figure with its unit, text and arithmetic.
    let figures = v["figures"].as_object().expect("figures");
    assert!(figures.len() >= 18, "{}", figures.len());
    for (id, f) in figures {
        for k in ["value", "unit", "text", "arithmetic"] {
            assert!(!f[k].is_null(), "{id} has {k}");
        }
        assert!(f["value"].is_number(), "{id}");
    }
    assert_eq!(
        v["figures"]["average_qps"]["arithmetic"],
        "50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s"
    );
    assert_eq!(v["figures"]["average_qps"]["text"], "≈ 11.6k/s");
    assert_eq!(v["figures"]["average_read_qps"]["value"], 0.0);
    assert_eq!(v["units"]["system"], "si");
    assert!(v["assumed"].as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(v["inputs"]["object"]["value"], 2500.0);
    assert_eq!(v["inputs"]["object"]["unit"], "bytes");
}

#[test]
fn text_is_a_calm_table_with_the_arithmetic_and_what_was_assumed() {
    let (ok, _, out, err) = run(ISSUE);
    assert!(ok, "{err}");
    for want in [
        "Inputs\n",
        "Daily active users            50M users\n",
        "Per-node capacity (QPS)       1,000/s per node  (assumed)\n",
        "\nTraffic\n",
        "  Average QPS                   ≈ 11.6k/s\n",
        "      50M users × 20/day = 1B/day ÷ 86,400 s = 11,574/s\n",
        "  Peak QPS                      ≈ 34.7k/s\n",
        "      2.5 TB/day × 365 days retention × 3 copies = 2.7375 PB\n",
        "      2.7375 PB ÷ 2 TB per node = 1,368.75 → 1,369\n",
        "Assumed (not given): Read:write ratio: 0:1 (every action a write);",
        "Sizes in SI units: 1 KB = 1,000 bytes",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
    // With --read-write the actions split, and reads are counted.
    let mut args = ISSUE.to_vec();
    args.extend(["--read-write", "4:1", "--json"]);
    let (ok, _, out, _) = run(&args);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let reads = v["figures"]["average_read_qps"]["value"]
        .as_f64()
        .expect("n");
    assert!((reads - 11_574.074 * 0.8).abs() < 0.01, "{reads}");
    assert!((v["storage_bytes_per_day"].as_f64().expect("n") - 0.5e12).abs() < 1.0);
}

#[test]
fn binary_prints_kib_and_says_so() {
    let (ok, _, out, err) = run(&[
        "estimate",
        "--dau",
        "50M",
        "--per-user",
        "20/day",
        "--object",
        "2.5KB",
        "--binary",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("≈ 2.27 TiB/day"), "{out}");
    assert!(
        out.contains("Sizes in binary units: 1 KiB = 1,024 bytes"),
        "{out}"
    );
}

#[test]
fn one_expression_is_worked_out_with_its_arithmetic() {
    let (ok, _, out, err) = run(&["estimate", "10M users * 20/day"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "10M users * 20/day  ≈ 2.31k/s\n  10M users × 20/day = 200M/day ÷ 86,400 s = 2,315/s\n"
    );
    // Unquoted words are one expression too.
    let (ok, _, out, _) = run(&["estimate", "2.5KB", "x", "1B", "--json"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["kind"], "bytes");
    assert_eq!(v["value"], 2.5e12);
    assert_eq!(v["text"], "2.5 TB");
    let (ok, _, out, _) = run(&["estimate", "1.2k/s"]);
    assert!(ok);
    assert!(out.starts_with("1.2k/s  1.2k/s\n"), "{out}");
}

#[test]
fn errors_name_the_token_and_exit_non_zero() {
    let (ok, code, out, err) = run(&["estimate", "10M usres"]);
    assert!(!ok && code != 0);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        r#"error: estimate: "10M usres": unknown unit "usres" (did you mean users?)"#
    );
    let (ok, _, _, err) = run(&["estimate", "--dau", "10M usres", "--per-user", "20/day"]);
    assert!(!ok);
    assert!(
        err.contains(r#"estimate: --dau "10M usres": unknown unit "usres" (did you mean users?)"#),
        "{err}"
    );
    let (ok, _, _, err) = run(&["estimate", "--dau", "50M", "--json"]);
    assert!(!ok);
    let v: Value = serde_json::from_str(err.trim()).expect("JSON error");
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("estimate: --per-user is needed")),
        "{err}"
    );
    let (ok, _, _, err) = run(&[
        "estimate",
        "--object",
        "20/day",
        "--dau",
        "1M",
        "--per-user",
        "5",
    ]);
    assert!(!ok);
    assert!(
        err.contains("--object \"20/day\" is a rate; this takes a size"),
        "{err}"
    );
    // clap's own refusals exit non-zero too: an expression and flags together, an unknown flag.
    let (ok, code, _, err) = run(&["estimate", "10M * 2", "--dau", "5"]);
    assert!(!ok && code == 2, "{err}");
    let (ok, code, _, _) = run(&["estimate", "--daus", "5"]);
    assert!(!ok && code == 2);
}

#[test]
fn help_shows_the_flags_and_examples() {
    let (ok, _, out, _) = run(&["estimate", "--help"]);
    assert!(ok);
    for want in [
        "--dau <COUNT>",
        "--per-user <RATE>",
        "--read-write <R:W>",
        "--binary",
        "--json",
        "Examples:",
        "tpmprep estimate \"10M users * 20/day\"",
        "KB = 1,000 bytes",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}
