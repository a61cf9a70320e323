//! `tpmprep serve` as a real process: prints its URL (a free port with --port 0), answers /healthz and
//! pages on that port, refuses a busy port clearly, and stops cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

fn start(root: &std::path::Path, port: &str) -> (Child, String) {
    let mut child = common::tpmprep_std(root, &["serve", "--port", port])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_string();
    (child, url)
}

/// A raw HTTP/1.1 GET; returns the status line and the body.
fn get(url: &str, path: &str, host: Option<&str>) -> (String, String) {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        host.unwrap_or(addr)
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out)
        .unwrap_or_else(|e| panic!("read {path} (host {host:?}): {e}"));
    let status = out.lines().next().unwrap_or("").to_string();
    let body = out
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (status, body)
}

fn stop(child: Child) {
    let pid = child.id().to_string();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(ok.success());
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "a clean stop on SIGTERM: {:?}",
        out.status
    );
}

#[test]
fn serve_prints_its_url_answers_and_stops_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, url) = start(dir.path(), "0");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        !url.ends_with(":0/"),
        "port 0 is replaced by the real port: {url}"
    );
    let (status, body) = get(&url, "/healthz", None);
    assert!(status.contains("200"), "{status}");
    assert_eq!(body.trim(), "ok");
    let (status, body) = get(&url, "/", None);
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("Principles × stories"), "the dashboard");
    // DNS rebinding: a page served under another name is refused.
    let (status, _) = get(&url, "/healthz", Some("attacker.example"));
    assert!(status.contains("421"), "{status}");

    // A second server on the same port fails with a clear message.
    let port = url.rsplit(':').next().unwrap_or("").trim_end_matches('/');
    let out = common::tpmprep(dir.path(), &["serve", "--port", port])
        .timeout(Duration::from_secs(30))
        .output()
        .expect("second serve");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
    stop(child);
}

/// `tpmprep` with no command starts the web app, and its banner says the whole CLI is there too.
#[test]
fn no_command_starts_the_server_and_points_at_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = common::tpmprep_std(dir.path(), &[])
        .env("TPMPREP_PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tpmprep");
    let mut banner = String::new();
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    for _ in 0..3 {
        out.read_line(&mut banner).expect("banner line");
    }
    assert!(
        banner.contains("tpmprep is running at http://127.0.0.1:"),
        "{banner}"
    );
    assert!(
        banner.contains("`tpmprep --help` lists the commands"),
        "{banner}"
    );
    let url = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("url");
    let (status, _) = get(url, "/healthz", None);
    assert!(status.contains("200"), "{status}");
    stop(child);
}
