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

#[test]
fn an_operator_shares_a_candidate_with_a_coach_and_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    json(&run(root, &["admin", "users", "--json"]));
    // Accounts come from accepted invitations; here they are made straight in the database.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        use tpmprep_store::prelude::*;
        let store = tpmprep_store::SqliteStore::open_path(&root.join("data/tpmprep.db"))
            .await
            .expect("open");
        for (email, role) in [
            ("ana@example.com", tpmprep_store::Role::Candidate),
            ("coach@example.com", tpmprep_store::Role::Coach),
        ] {
            store
                .create_account(email, role, None)
                .await
                .expect("account");
        }
        store.close().await;
    });

    let shared = json(&run(
        root,
        &[
            "admin",
            "share",
            "Ana@example.com",
            "coach@example.com",
            "--json",
        ],
    ));
    assert_eq!(shared["candidate"], "ana@example.com");
    assert_eq!(shared["coach"], "coach@example.com");
    let of_coach = json(&run(
        root,
        &["admin", "shares", "coach@example.com", "--json"],
    ));
    assert_eq!(of_coach["shared_with_by"][0]["email"], "ana@example.com");
    assert_eq!(of_coach["shares_with"], serde_json::json!([]));
    let text = run(root, &["admin", "shares", "ana@example.com"]);
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("ana@example.com shares with coach@example.com since"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );

    // A candidate is not a coach; an unknown address is named.
    let bad = run(
        root,
        &["admin", "share", "coach@example.com", "ana@example.com"],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("No coach signs in as ana@example.com"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let bad = run(root, &["admin", "shares", "nobody@example.com"]);
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("no account signs in as nobody@example.com")
    );

    let gone = json(&run(
        root,
        &[
            "admin",
            "unshare",
            "ana@example.com",
            "coach@example.com",
            "--json",
        ],
    ));
    assert_eq!(gone["shared"], false);
    let again = run(
        root,
        &["admin", "unshare", "ana@example.com", "coach@example.com"],
    );
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("ana@example.com does not share with coach@example.com")
    );
    let of_coach = json(&run(
        root,
        &["admin", "shares", "coach@example.com", "--json"],
    ));
    assert_eq!(of_coach["shared_with_by"], serde_json::json!([]));
}
