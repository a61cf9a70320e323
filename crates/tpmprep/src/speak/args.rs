//! `tpmprep speak …`: the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::JsonFlag;

const ANALYZE_EXAMPLES: &str = "Examples:
  tpmprep speak analyze answer.srt --question-id b-is-new-approach-failed
  tpmprep speak analyze meeting.vtt --question \"Tell me about a time you disagreed\"
  tpmprep speak analyze answer.json          # whisper … --output_format json --word_timestamps True
  tpmprep speak analyze notes.txt --duration 2:05    # plain text needs how long it took
  whisper-cli -f answer.wav | tpmprep speak analyze - --no-save --json   # whisper.cpp's lines

The transcript is kept (see `tpmprep speak list`) unless --no-save. Formats, figures and the JSON
are described in docs/speak.md.";

/// Spoken answers: bring a transcript (.srt, .vtt, Whisper JSON, or text with a duration) and see
/// pace, fillers, pauses and talk time beside the critique.
#[derive(Debug, Subcommand)]
pub enum SpeakCommand {
    /// Read a transcript, measure the delivery, critique the words, and keep it
    #[command(after_help = ANALYZE_EXAMPLES)]
    Analyze(AnalyzeArgs),
    /// Your kept transcripts, newest first
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One kept transcript's report again
    Show {
        /// The transcript's id (see `tpmprep speak list`)
        id: i64,
        /// Print the file as it was brought instead of the report (with --json: add `source`)
        #[arg(long)]
        source: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete a kept transcript and its report (asks first on a terminal)
    Rm {
        /// The transcript's id
        id: i64,
        /// Delete without asking
        #[arg(long, short = 'y')]
        yes: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
}

/// `speak analyze`'s flags.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The transcript file (.srt, .vtt, .json from Whisper, .txt); `-` reads standard input
    pub file: PathBuf,
    /// text, srt, vtt or whisper [default: from the file's extension, else guessed from its content]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// How long the answer took, for a plain-text transcript: 2:05, 125, 2m5s
    #[arg(long, value_name = "TIME")]
    pub duration: Option<String>,
    /// The pack question the answer responds to (see `tpmprep questions`)
    #[arg(long, value_name = "ID", conflicts_with = "question")]
    pub question_id: Option<String>,
    /// The question in words
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,
    /// Keep it as a rehearsal of this story (see `tpmprep story list`)
    #[arg(long, value_name = "ID", conflicts_with = "no_save")]
    pub story: Option<i64>,
    /// Report only; keep nothing
    #[arg(long)]
    pub no_save: bool,
    #[command(flatten)]
    pub out: JsonFlag,
}
