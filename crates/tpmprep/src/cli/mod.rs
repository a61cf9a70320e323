//! The command line, as clap definitions. Only this binary knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tpmprep_content::{Kind, Level};

mod admin;
mod practice;
mod story;

pub use admin::*;
pub use practice::*;
pub use story::*;

/// Prepare for the Amazon Technical Program Manager interview, offline.
///
/// Run with no command to open the web app (same as `tpmprep serve`); `tpmprep overview` prints a
/// summary in the terminal. Every listing takes --json for scripts.
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
    /// Config file to read (env TPMPREP_CONFIG) [default: <config dir>/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Add a user pack folder (repeatable); folders in <config dir>/packs/ are always read
    #[arg(long = "pack", global = true, value_name = "DIR")]
    pub packs: Vec<PathBuf>,

    /// Use this base pack instead of amazon-tpm (a whole other company's pack; env TPMPREP_BASE_PACK)
    #[arg(long = "base-pack", global = true, value_name = "PACK_ID")]
    pub base_pack: Option<String>,

    /// Do not read packs from <config dir>/packs/
    #[arg(long, global = true)]
    pub no_user_packs: bool,

    /// Database to use (env TPMPREP_DATABASE_URL) [default: tpmprep.db in the data dir, e.g.
    /// ~/.local/share/tpmprep/]
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// PostgreSQL connections this process opens at most (env TPMPREP_DB_POOL_SIZE, config
    /// db_pool_size) [default: 10]
    #[arg(long, global = true, value_name = "N")]
    pub db_pool_size: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web app on 127.0.0.1 and print its URL (the default when no command is given)
    Serve(ServeArgs),
    /// A summary of the pack and where to start, in the terminal
    Overview(OverviewArgs),
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
    /// Critique an answer or story: what an interviewer hears, sentence by sentence
    Critique(CritiqueArgs),
    /// Your STAR stories: add, edit, tag, history, restore, import, export
    #[command(subcommand)]
    Story(StoryCommand),
    /// Which principles have two ready stories, and where the gaps are
    Coverage(CoverageArgs),
    /// Timed mock interviews: a phone screen or a full loop with a bar raiser, follow-ups and a debrief
    #[command(subcommand)]
    Mock(MockCommand),
    /// System-design practice: a timed, phased 45-minute session with notes, hints and a diagram,
    /// then a report on the six objectives
    #[command(subcommand)]
    Design(DesignCommand),
    /// Writing-assessment practice: a timed narrative (about two pages) on a prompt, saved as you
    /// type, critiqued for grammar, spelling, clarity and substance
    #[command(subcommand)]
    Write(crate::write::WriteCommand),
    /// Job offers: enter them, compare total pay year by year under a share-price scenario, see
    /// the break-even year and the seeds' pay bands, and get a negotiation brief
    #[command(subcommand)]
    Offer(crate::offer::OfferCommand),
    /// Spoken answers: bring a transcript (.srt, .vtt, Whisper JSON, or text with --duration) and
    /// see pace per 30 seconds, fillers, long pauses and talk time beside the critique
    #[command(subcommand)]
    Speak(crate::speak::SpeakCommand),
    /// Your study plan, week by week to the interview, re-planned from what you have done
    ///
    /// The first run needs --interview-date; every flag given is saved, so `tpmprep plan` alone
    /// shows the plan again, re-made from today's progress: stories that reached "ready" with a
    /// critic score of 70 or more, finished mocks and design sessions, drill days. `plan skip`,
    /// `plan move` and `plan done` change one task; the plan absorbs it.
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
    /// Spaced-repetition drills of interview questions on FSRS (Anki's scheduler), aware of your
    /// interview date
    ///
    /// `drill add --weakest 10` cards the weakest principles' questions; `drill start` runs a
    /// session in the terminal (type an answer for the critic's suggested grade, or grade
    /// yourself: again, hard, good, easy); `drill stats` shows what is due until the interview.
    #[command(subcommand)]
    Drill(DrillCommand),
    /// Readiness: one figure from 0 to 100, its weighted parts, and what would raise it most
    Status(StatusArgs),
    /// Check, list and inspect knowledge packs
    #[command(subcommand)]
    Pack(PackCommand),
    /// The database: where it is, and an integrity check
    #[command(subcommand)]
    Db(DbCommand),
    /// Server accounts: invite, list, disable and enable (the database given by --database-url)
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write all your data to one JSON file: stories with every revision and the trash, mocks with
    /// every answer, draft and debrief, settings
    ///
    /// The file is a versioned document (`tpmprep.backup`, version 1) that `tpmprep restore` brings
    /// back into an empty account, on this database or another, SQLite or PostgreSQL. It holds
    /// nothing of the account itself: no address, password hash or sessions. The same data gives
    /// the same file, but for its `created_at`.
    Backup(BackupArgs),
    /// Bring a backup back into an empty account: all of it, or nothing
    ///
    /// Reads a file `tpmprep backup` wrote and restores every story (with its history and trash
    /// state), mock and setting into the local user of the database (--database-url picks another,
    /// SQLite or PostgreSQL; --account an account on it). An account that holds any story, mock or
    /// setting is refused, and so is a file that is not a backup this version reads; nothing is
    /// written then.
    Restore(RestoreArgs),
    /// Back-of-envelope estimate: QPS, storage, bandwidth, cache and nodes, with the arithmetic
    ///
    /// Give the load with --dau and --per-user (the rest have stated defaults), or one expression
    /// to work out. Every figure comes with the one line of arithmetic to say aloud. Sizes print in
    /// SI units (KB = 1,000 bytes) unless --binary (KiB = 1,024 bytes); inputs are read as
    /// written, KB as 1,000 bytes and KiB as 1,024. See docs/estimate.md.
    #[command(after_help = ESTIMATE_EXAMPLES)]
    Estimate(EstimateArgs),
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
    /// Interview format to show (env TPMPREP_FORMAT) [default: from config, else the pack's default]
    #[arg(long, value_name = "NAME")]
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
    /// Only questions whose text, follow-ups or notes hold every word given (whole words;
    /// "rollbacks" also finds "rollback")
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

const ESTIMATE_EXAMPLES: &str = "\
Examples:
  tpmprep estimate --dau 50M --per-user 20/day --peak-factor 3 --object 2.5KB \\
                   --retention 365d --replication 3
  tpmprep estimate --dau 10M --per-user 100/day --read-write 10:1 --cache-hit 90% --json
  tpmprep estimate --dau 50M --per-user 20/day --object 2.5KB --binary
  tpmprep estimate \"10M users * 20/day\"        (one expression: 2.31k/s, with its arithmetic)
  tpmprep estimate \"2.5KB * 1B\"

Quantities: counts 50M, 1.2B, 200k (k, M, B or G, T); sizes 2.5KB, 1MiB, 300 bytes; rates 20/day,
1.2k/s, 3/h, 500 qps; durations 365d, 5y, 18 months (a month is 30 days, a year 365); 80%; 10:1.
Count nouns (users, requests, actions, events, items …) are labels. Join terms with * / x or per.";

/// `tpmprep estimate`: the inputs as typed (read by the practice crate's estimator), or one
/// expression.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// One expression to work out instead of an estimate, e.g. "10M users * 20/day" (quote it,
    /// or the shell reads the `*`)
    #[arg(value_name = "EXPR", num_args = 1.., conflicts_with_all = [
        "dau", "per_user", "peak_factor", "read_write", "object", "retention", "replication",
        "node_qps", "node_storage", "cache_hit", "skew",
    ])]
    pub expr: Vec<String>,
    /// Daily active users: 50M, 1.2B users
    #[arg(long, value_name = "COUNT", help_heading = "Load")]
    pub dau: Option<String>,
    /// Actions per user per day: 20/day, 3/h (a bare number is per day)
    #[arg(long, value_name = "RATE", help_heading = "Load")]
    pub per_user: Option<String>,
    /// Peak-to-average factor [default: 2]
    #[arg(long, value_name = "X", help_heading = "Load")]
    pub peak_factor: Option<String>,
    /// Reads:writes, splitting the actions: 10:1 [default: every action a write]
    #[arg(long, value_name = "R:W", help_heading = "Load")]
    pub read_write: Option<String>,
    /// Object size: 2.5KB, 1MiB, 300 bytes [default: 1KB]
    #[arg(long, value_name = "SIZE", help_heading = "Data")]
    pub object: Option<String>,
    /// How long data is kept: 365d, 5y (a bare number is days) [default: 365d]
    #[arg(long, value_name = "DURATION", help_heading = "Data")]
    pub retention: Option<String>,
    /// Copies of each object [default: 3]
    #[arg(long, value_name = "N", help_heading = "Data")]
    pub replication: Option<String>,
    /// Requests per second one node serves: 5k/s [default: 1k/s]
    #[arg(long, value_name = "RATE", help_heading = "Capacity")]
    pub node_qps: Option<String>,
    /// Storage of one node: 4TB [default: 2TB]
    #[arg(long, value_name = "SIZE", help_heading = "Capacity")]
    pub node_storage: Option<String>,
    /// Share of reads the cache should serve: 90% [default: 80%]
    #[arg(long, value_name = "PERCENT", help_heading = "Capacity")]
    pub cache_hit: Option<String>,
    /// Share of reads/share of data they go to: 90/10 [default: 80/20]
    #[arg(long, value_name = "READS/DATA", help_heading = "Capacity")]
    pub skew: Option<String>,
    /// Print sizes in binary units (KiB = 1,024 bytes) instead of SI (KB = 1,000 bytes)
    #[arg(long)]
    pub binary: bool,
    #[command(flatten)]
    pub out: JsonFlag,
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
    /// Print `{"shell", "script"}` instead of the bare script
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Print the page of this command instead of the top page (e.g. `tpmprep man story add`)
    #[arg(value_name = "COMMAND", conflicts_with = "out")]
    pub command: Vec<String>,
    /// Write tpmprep.1 and one page per command and subcommand (tpmprep-story-add.1 …) into this
    /// folder instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print `{"page"}` (the roff text), or with --out `{"written": [file]}`, as JSON
    #[arg(long)]
    pub json: bool,
}

impl From<RoleArg> for tpmprep_store::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Candidate => tpmprep_store::Role::Candidate,
            RoleArg::Coach => tpmprep_store::Role::Coach,
            RoleArg::Admin => tpmprep_store::Role::Admin,
        }
    }
}

#[derive(Debug, Args)]
pub struct OverviewArgs {
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct CritiqueArgs {
    /// File holding the answer (.txt or .md); `-` or nothing reads standard input. A first line
    /// `Q: …` (or `Question: …`) is the question, unless --question or --question-id is given,
    /// and is never critiqued as part of the answer
    pub file: Option<PathBuf>,
    /// The question the answer responds to
    #[arg(long, value_name = "TEXT", conflicts_with = "question_id")]
    pub question: Option<String>,
    /// A question from the pack, by id (see `tpmprep questions`)
    #[arg(long, value_name = "ID")]
    pub question_id: Option<String>,
    /// A principle you mean the answer to show (repeatable)
    #[arg(long = "principle", value_name = "ID")]
    pub principles: Vec<String>,
    /// Résumé mode: score each bullet line of FILE for an outcome number, a decision and scope
    #[arg(long, conflicts_with_all = ["question", "question_id", "principles"])]
    pub resume: bool,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one; the printed URL shows it)
    #[arg(long, default_value_t = crate::config::DEFAULT_PORT, env = "TPMPREP_PORT")]
    pub port: u16,
    /// Open the app in the default browser once it is listening
    #[arg(long)]
    pub open: bool,
    /// Announce the server as one JSON line `{"url", "database"}` instead of text
    #[arg(long)]
    pub json: bool,
    /// Address to listen on; anything but loopback needs accounts
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Require signing in (accounts made with `tpmprep admin invite`); on by itself with a
    /// postgres:// database
    #[arg(long)]
    pub accounts: bool,
    /// A public host name the server answers to besides the loopback ones (repeatable), as the
    /// browser sends it: `prep.example.com` or `prep.example.com:8443`
    #[arg(long = "public-host", value_name = "NAME")]
    pub public_hosts: Vec<String>,
    /// Served behind a TLS-terminating proxy: session cookies are marked Secure
    #[arg(long)]
    pub behind_proxy: bool,
    /// Started as `tpmprep` with no command (the banner then points at the CLI).
    #[arg(skip)]
    pub by_default: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            port: crate::config::DEFAULT_PORT,
            open: false,
            json: false,
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            accounts: false,
            public_hosts: Vec::new(),
            behind_proxy: false,
            by_default: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command a user can run (every leaf of the tree) takes `--json`, so a script never has to
    /// know which ones do.
    #[test]
    fn every_leaf_command_takes_json() {
        fn walk(
            cmd: &clap::Command,
            path: &str,
            leaves: &mut Vec<String>,
            missing: &mut Vec<String>,
        ) {
            let subs: Vec<&clap::Command> = cmd
                .get_subcommands()
                .filter(|s| s.get_name() != "help")
                .collect();
            if subs.is_empty() {
                leaves.push(path.to_string());
                if !cmd.get_arguments().any(|a| a.get_long() == Some("json")) {
                    missing.push(path.to_string());
                }
            }
            for s in subs {
                walk(s, &format!("{path} {}", s.get_name()), leaves, missing);
            }
        }
        let (mut leaves, mut missing) = (Vec::new(), Vec::new());
        let mut cmd = super::Cli::command();
        cmd.build();
        walk(&cmd, "tpmprep", &mut leaves, &mut missing);
        assert!(leaves.len() >= 35, "{leaves:?}");
        assert!(leaves.iter().any(|l| l == "tpmprep story tag"));
        assert!(missing.is_empty(), "no --json on: {missing:?}");
    }
}
