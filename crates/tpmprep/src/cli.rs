//! The command line, as clap definitions. Only this binary knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tpmprep_content::{Kind, Level};

/// Prepare for the Amazon Technical Program Manager interview, offline.
///
/// Run with no command for an overview. Every listing takes --json for scripts.
#[derive(Debug, Parser)]
#[command(
    name = "tpmprep",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Config file to read [default: <config dir>/config.toml]
    #[arg(long, global = true, env = "TPMPREP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Add a user pack folder (repeatable); folders in <config dir>/packs/ are always read
    #[arg(long = "pack", global = true, value_name = "DIR")]
    pub packs: Vec<PathBuf>,

    /// Use this base pack instead of amazon-tpm (a whole other company's pack)
    #[arg(
        long = "base",
        global = true,
        env = "TPMPREP_BASE_PACK",
        value_name = "PACK_ID"
    )]
    pub base_pack: Option<String>,

    /// Do not read packs from <config dir>/packs/
    #[arg(long, global = true)]
    pub no_user_packs: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The Leadership Principles: what each means and what interviewers probe
    Principles(PrinciplesArgs),
    /// The hiring process, stage by stage, and the interview format
    Process(ProcessArgs),
    /// Browse, filter, search or draw from the question bank
    Questions(QuestionsArgs),
    /// System-design prompts with scale, clarifying questions and trade-offs
    Prompts(PromptsArgs),
    /// Weak → strong answer pairs, one per common mistake
    Examples(ExamplesArgs),
    /// Questions to ask your interviewers, by role
    Ask(AskArgs),
    /// Check, list and inspect knowledge packs
    #[command(subcommand)]
    Pack(PackCommand),
    /// Show the effective configuration and where each value came from
    Config(ConfigArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (or write one page per command with --out)
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text (stable field names; see docs/cli-json.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PrinciplesArgs {
    /// Show one principle in full (e.g. dive-deep)
    pub id: Option<String>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// Interview format to show [default: from config, else the pack's default]
    #[arg(long, env = "TPMPREP_FORMAT", value_name = "NAME")]
    pub format: Option<String>,
    /// List the formats instead of the process
    #[arg(long, conflicts_with = "format")]
    pub formats: bool,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Behavioural,
    ProgramManagement,
    Technical,
    SystemDesign,
    Communication,
    Recruiter,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Behavioural => Kind::Behavioural,
            KindArg::ProgramManagement => Kind::ProgramManagement,
            KindArg::Technical => Kind::Technical,
            KindArg::SystemDesign => Kind::SystemDesign,
            KindArg::Communication => Kind::Communication,
            KindArg::Recruiter => Kind::Recruiter,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LevelArg {
    #[value(name = "L5", alias = "l5")]
    L5,
    #[value(name = "L6", alias = "l6")]
    L6,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Level {
        match l {
            LevelArg::L5 => Level::L5,
            LevelArg::L6 => Level::L6,
        }
    }
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Show one question in full, with follow-ups and what a strong answer shows
    #[arg(conflicts_with_all = ["principle", "kind", "stage", "level", "search", "random"])]
    pub id: Option<String>,
    /// Only questions tagged with this principle (repeat to match any of several)
    #[arg(long, short, value_name = "ID")]
    pub principle: Vec<String>,
    /// Only questions of this kind
    #[arg(long, short, value_enum)]
    pub kind: Option<KindArg>,
    /// Only questions asked at this stage (e.g. phone-screen, loop)
    #[arg(long, short, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Only questions suited to this level (questions for both levels always match)
    #[arg(long, short, value_enum)]
    pub level: Option<LevelArg>,
    /// Only questions whose text, follow-ups or notes contain every word given
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Draw N questions at random from those that match
    #[arg(long, value_name = "N")]
    pub random: Option<usize>,
    /// Seed for --random, to draw the same questions again
    #[arg(long, requires = "random", value_name = "S")]
    pub seed: Option<u64>,
    /// Show follow-ups and the strong-answer note for every question listed
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct PromptsArgs {
    /// Show one prompt in full (e.g. realtime-inventory)
    pub id: Option<String>,
    /// Only prompts suited to this level
    #[arg(long, short, value_enum)]
    pub level: Option<LevelArg>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ExamplesArgs {
    /// Show one example pair
    pub id: Option<String>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// Only questions for this interviewer role (e.g. bar-raiser, hiring-manager)
    #[arg(long, short, value_name = "ROLE")]
    pub role: Option<String>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Validate a pack folder; prints every problem as file:line: field: message
    Check {
        /// The folder holding pack.toml
        dir: PathBuf,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List the packs found: the embedded one, user packs and overlays
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tpmprep.1 and one page per command into this folder instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
