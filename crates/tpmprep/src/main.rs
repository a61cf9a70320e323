/*!
The `tpmprep` binary: a thin layer over the library crates. It parses the command line (clap), builds
the configuration, loads the knowledge pack once, runs one command and prints text or JSON.
*/

mod admin;
mod backup;
mod cli;
mod commands;
mod config;
mod critique;
mod design;
mod drill;
mod estimate;
mod mock;
mod offer;
mod plan;
mod render;
mod serve;
mod speak;
mod story;
mod write;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Known before parsing, so that even a command line clap refuses is answered in JSON.
    let as_json = wants_json(std::env::args_os().skip(1));
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_failed(&e, as_json),
    };
    let mut out = Vec::new();
    let result = commands::run(cli, &mut out);
    let written = std::io::stdout().lock().write_all(&out);
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            report_error(&format!("cannot write output: {e}"), as_json);
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            report_error(&format!("{e:#}"), as_json);
            ExitCode::FAILURE
        }
    }
}

/// Whether `--json` is on the command line (before a `--` that ends the options).
fn wants_json(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    args.take_while(|a| a != "--").any(|a| a == "--json")
}

/// An error on standard error: `error: …` as text, or `{"error": "…"}` under `--json`.
fn report_error(message: &str, as_json: bool) {
    if as_json {
        let doc = serde_json::json!({ "error": message });
        eprintln!("{doc}");
    } else {
        eprintln!("error: {message}");
    }
}

/// A command line clap refused (or `--help`/`--version`, which clap reports the same way). Help and
/// version print as usual; an error keeps clap's exit code, and is JSON under `--json`.
fn clap_failed(e: &clap::Error, as_json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    let shows_text = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !as_json || shows_text {
        e.exit();
    }
    let rendered = e.render().to_string();
    // clap's closing "For more information, try '--help'." is for a terminal, not a JSON value.
    let message = rendered
        .split("\n\nFor more information")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error: ");
    report_error(message, true);
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
