//! The sandbox every binary test runs in: its own config dir and data dir under a temp folder, and none
//! of the caller's `TPMPREP_*`, editor or pause-hook settings.

#![allow(dead_code)]

use std::path::Path;

/// Variables a developer's shell may set that would leak into a test run.
pub const INHERITED: [&str; 11] = [
    "TPMPREP_CONFIG",
    "TPMPREP_PORT",
    "TPMPREP_BASE_PACK",
    "TPMPREP_FORMAT",
    "TPMPREP_PACKS",
    "TPMPREP_DATABASE_URL",
    "TPMPREP_TEST_PAUSE_AT",
    "TPMPREP_TEST_PAUSE_FILE",
    "VISUAL",
    "EDITOR",
    "NO_COLOR",
];

/// `tpmprep ARGS` sandboxed under `root` (config in `root/config`, data in `root/data`).
pub fn tpmprep(root: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tpmprep").expect("binary built");
    for var in INHERITED {
        cmd.env_remove(var);
    }
    cmd.env("TPMPREP_CONFIG_DIR", root.join("config"))
        .env("TPMPREP_DATA_DIR", root.join("data"))
        .args(args);
    cmd
}

/// The same sandbox as a `std::process::Command`, for processes a test spawns, feeds or kills.
pub fn tpmprep_std(root: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tpmprep"));
    for var in INHERITED {
        cmd.env_remove(var);
    }
    cmd.env("TPMPREP_CONFIG_DIR", root.join("config"))
        .env("TPMPREP_DATA_DIR", root.join("data"))
        .args(args);
    cmd
}
