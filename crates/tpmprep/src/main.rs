/*!
The `tpmprep` binary: a thin layer over the library crates. It parses the command line (clap), builds
the configuration, loads the knowledge pack once, runs one command and prints text or JSON.
*/

mod cli;
mod commands;
mod config;
mod critique;
mod interviewer;
mod mock;
mod render;
mod serve;
mod story;
mod tui;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let mut out = Vec::new();
    let result = commands::run(cli, &mut out);
    let written = std::io::stdout().lock().write_all(&out);
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
