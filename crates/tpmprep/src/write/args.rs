//! `tpmprep write …`: the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::JsonFlag;

/// Writing-assessment practice.
#[derive(Debug, Subcommand)]
pub enum WriteCommand {
    /// Start a timed narrative on a pack prompt (see `tpmprep write prompts`), a random one, or your own
    ///
    /// Type the narrative line by line: each line is saved when you press Enter (an empty line
    /// starts a new paragraph). `:check` critiques what you have so far, `:words` counts, `:undo`
    /// takes the last line back, `:show` prints the text, `:finish` ends with the report, `:pause`
    /// (or Ctrl-D) stops — carry on with `tpmprep write resume`.
    Start(WriteStartArgs),
    /// Carry on with an unfinished narrative (the latest one by default)
    Resume {
        /// Attempt id [default: the latest unfinished one]
        id: Option<i64>,
        /// Print the report as JSON when finished (the session's lines go to standard error)
        #[arg(long)]
        json: bool,
    },
    /// Finish a narrative and print its report (finishing again re-reads the text as it stands)
    Finish {
        /// Attempt id [default: the latest unfinished one]
        id: Option<i64>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Critique a narrative in a file: grammar, spelling, clarity, substance, a score
    Critique {
        /// A Markdown or text file (`-` reads standard input)
        file: PathBuf,
        /// The pack prompt it answers (see `tpmprep write prompts`)
        #[arg(long, value_name = "ID")]
        prompt: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// The pack's writing prompts
    Prompts {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Your attempts, newest first, with their scores
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One attempt: its report (or where it stands, while unfinished)
    Show {
        /// Attempt id (see `tpmprep write list`)
        id: i64,
        /// Print the text alone (as Markdown)
        #[arg(long, conflicts_with = "json")]
        export: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Scores over time on one prompt (own prompts when none is named)
    History {
        /// Pack prompt id
        prompt: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete an attempt with its revisions
    Rm {
        /// Attempt id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
}

/// How to start.
#[derive(Debug, Args, Clone)]
pub struct WriteStartArgs {
    /// Pack prompt id (see `tpmprep write prompts`)
    #[arg(conflicts_with_all = ["random", "text"])]
    pub prompt: Option<String>,
    /// A random pack prompt
    #[arg(long, conflicts_with = "text")]
    pub random: bool,
    /// Your own prompt, e.g. --text "Describe a time you simplified something complex"
    #[arg(long, value_name = "PROMPT")]
    pub text: Option<String>,
    /// Minutes on the timer [default: the prompt's, 60]
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Create the attempt and print it without starting the interactive session
    #[arg(long)]
    pub no_wait: bool,
    /// Print JSON (the report when finished; the attempt with --no-wait)
    #[arg(long)]
    pub json: bool,
}
