//! `tpmprep admin` through the real binary: an invitation prints a one-time link and makes no
//! account until accepted, accounts list as JSON, and bad input is named.

use serde_json::Value;

mod common;

fn run(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::tpmprep(root, args).output().expect("runs")
}

fn json(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn an_operator_invites_and_lists_and_bad_input_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let empty = json(&run(root, &["admin", "users", "--json"]));
    assert_eq!(empty["accounts"], serde_json::json!([]));

    let inv = json(&run(
        root,
        &[
            "admin",
            "invite",
            " Coach@Example.com ",
            "--role",
            "coach",
            "--url",
            "https://prep.example.com/",
            "--json",
        ],
    ));
    assert_eq!(inv["email"], "coach@example.com");
    assert_eq!(inv["role"], "coach");
    let link = inv["link"].as_str().expect("link");
    let token = link
        .strip_prefix("https://prep.example.com/invite/")
        .expect("the link is on the given address");
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    // An invitation makes no account until it is accepted.
    let after = json(&run(root, &["admin", "users", "--json"]));
    assert_eq!(after["accounts"], serde_json::json!([]));

    let bad = run(root, &["admin", "invite", "not-an-address"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("`not-an-address` is not an e-mail address"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let missing = run(root, &["admin", "disable", "nobody@example.com"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("no account signs in as nobody@example.com")
    );
}
