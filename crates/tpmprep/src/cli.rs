//! The command line, as clap definitions. Only this binary knows clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tpmprep_content::{Kind, Level};

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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Draft,
    Ready,
    Retired,
}

impl From<StatusArg> for tpmprep_stories::Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Draft => tpmprep_stories::Status::Draft,
            StatusArg::Ready => tpmprep_stories::Status::Ready,
            StatusArg::Retired => tpmprep_stories::Status::Retired,
        }
    }
}

/// Story fields settable from the command line, for scripting.
#[derive(Debug, Args, Default)]
pub struct StoryFields {
    /// Title
    #[arg(long, help_heading = "Fields")]
    pub title: Option<String>,
    /// Situation (STAR)
    #[arg(long, help_heading = "Fields")]
    pub situation: Option<String>,
    /// Task (STAR)
    #[arg(long, help_heading = "Fields")]
    pub task: Option<String>,
    /// Action (STAR)
    #[arg(long, help_heading = "Fields")]
    pub action: Option<String>,
    /// Result (STAR)
    #[arg(long, help_heading = "Fields")]
    pub result: Option<String>,
    /// Principle id this story evidences (repeatable)
    #[arg(long = "principle", value_name = "ID", help_heading = "Fields")]
    pub principles: Vec<String>,
    /// Free tag (repeatable)
    #[arg(long = "tag", value_name = "TAG", help_heading = "Fields")]
    pub tags: Vec<String>,
    /// Status
    #[arg(long, value_enum, help_heading = "Fields")]
    pub status: Option<StatusArg>,
    /// Your role at the time
    #[arg(long, help_heading = "Fields")]
    pub role: Option<String>,
    /// When it happened
    #[arg(long, help_heading = "Fields")]
    pub period: Option<String>,
}

impl StoryFields {
    pub fn any(&self) -> bool {
        self.title.is_some() || self.any_but_title()
    }

    /// Any field flag other than `--title` (the one `--from` takes).
    pub fn any_but_title(&self) -> bool {
        self.situation.is_some()
            || self.task.is_some()
            || self.action.is_some()
            || self.result.is_some()
            || !self.principles.is_empty()
            || !self.tags.is_empty()
            || self.status.is_some()
            || self.role.is_some()
            || self.period.is_some()
    }
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Write a new story: opens $VISUAL/$EDITOR on a template, or reads --from FILE, or takes the fields as flags
    Add {
        /// Read the story from a Markdown, plain-text or single-story JSON file (--title names it
        /// when the file has no title)
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        #[command(flatten)]
        fields: StoryFields,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List stories
    List {
        /// Only stories tagged with this principle
        #[arg(long, short, value_name = "ID")]
        principle: Option<String>,
        /// Only stories with this status
        #[arg(long, short, value_enum)]
        status: Option<StatusArg>,
        /// Only stories with this tag
        #[arg(long, short, value_name = "TAG")]
        tag: Option<String>,
        /// List the trash instead
        #[arg(long)]
        trash: bool,
        /// Only stories holding every word given (whole words; "rollbacks" also finds "rollback")
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Show a story (its current revision, or --rev N)
    Show {
        /// Story id
        id: i64,
        /// Show this revision instead of the current one
        #[arg(long, value_name = "N")]
        rev: Option<i64>,
        /// Print the Markdown file format (as export writes it)
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Edit a story in $VISUAL/$EDITOR (or apply --from FILE); every save is a new revision
    Edit {
        /// Story id
        id: i64,
        /// Take the new content from this file instead of opening an editor
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// With --from: the revision your file was based on [default: the one its first line
        /// records, else the current one]. Changes saved since are merged with yours field by field
        #[arg(long, value_name = "N", requires = "from")]
        base_rev: Option<i64>,
        /// With --from: settle fields both sides changed: `mine`, `theirs`, or FIELD=mine|theirs
        /// (repeatable, e.g. --take action=mine --take title=theirs)
        #[arg(long, value_name = "SIDE", requires = "from")]
        take: Vec<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Add principle tags to a story (or remove them with --remove)
    Tag {
        /// Story id
        id: i64,
        /// Principle ids
        #[arg(required = true, value_name = "PRINCIPLE")]
        principles: Vec<String>,
        /// Remove these tags instead of adding them
        #[arg(long)]
        remove: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Every revision of a story, with what changed
    History {
        /// Story id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Differences between two revisions [default: the previous and the current one]
    Diff {
        /// Story id
        id: i64,
        /// Older revision [default: the one before the newer]
        from: Option<i64>,
        /// Newer revision [default: current]
        to: Option<i64>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Make an old revision current again (as a new revision; nothing is overwritten)
    Restore {
        /// Story id
        id: i64,
        /// Revision to bring back
        rev: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Move a story to the trash (its history is kept)
    Trash {
        /// Story id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Take a story out of the trash
    RestoreTrash {
        /// Story id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete a trashed story and its whole history for good
    Purge {
        /// Story id
        id: i64,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Import stories from Markdown or plain STAR text (.md, .txt) and JSON (.json) files; all or
    /// nothing. A story already in the bank (the same stable id, as exports keep it, or the same
    /// text) is skipped, or saved as a new revision when its text changed
    Import {
        /// Files to import
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The title of a plain-text story (`Situation: ... Task: ...`) whose first line is not it
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Save every story as a new copy, even those already in the bank
        #[arg(long)]
        as_new: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Critique a stored story (its text and its structured facts)
    Critique {
        /// Story id
        id: i64,
        /// The question you would answer with it
        #[arg(long, value_name = "TEXT", conflicts_with = "question_id")]
        question: Option<String>,
        /// A question from the pack, by id
        #[arg(long, value_name = "ID")]
        question_id: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Export stories as Markdown files (one per story) or one JSON file
    Export {
        /// Output format [default: json when --out ends in .json, else md]
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Where to write: a folder (md: one file per story; json: FOLDER/stories.json) or, for
        /// json, a file ending in .json [default: ./tpmprep-stories for md; stdout for json]
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Write into a folder that is not empty, or replace a file that exists
        #[arg(long)]
        force: bool,
        /// Report what was written as JSON (with --format json and no --out, the export itself is
        /// the JSON document)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Print where the database is
    Path {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Run SQLite's integrity check
    Check {
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// File to write (`-`: standard output). An existing file is replaced only once the new backup
    /// is complete on disk
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Whose data: the account that signs in with this address (a server's database) [default:
    /// the local user]
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to read (`-`: standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Restore into the account that signs in with this address (a server's database; it must hold
    /// nothing yet) [default: the local user]
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,
    #[command(flatten)]
    pub out: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Invite someone: prints a one-time link (valid 7 days) where they set their password
    Invite {
        /// Their e-mail address (they sign in with it)
        email: String,
        /// What the account may do
        #[arg(long, value_enum, default_value_t = RoleArg::Candidate)]
        role: RoleArg,
        /// The server's public address, for the link (e.g. https://prep.example.com)
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:7878")]
        url: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List the accounts (never their passwords)
    Users {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Disable an account: it cannot sign in, and its sessions end at once
    Disable {
        /// Its e-mail address
        email: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Enable a disabled account again
    Enable {
        /// Its e-mail address
        email: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Share a candidate's stories, mocks and readiness with a coach (as the candidate could from
    /// their Sharing page)
    Share {
        /// The candidate's e-mail address
        candidate: String,
        /// The coach's e-mail address (an account with the coach role)
        coach: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Stop sharing a candidate's data with a coach (the coach's comments stay)
    Unshare {
        /// The candidate's e-mail address
        candidate: String,
        /// The coach's e-mail address
        coach: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Who an account shares with, and who shares with it
    Shares {
        /// The account's e-mail address
        email: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Candidate,
    Coach,
    Admin,
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
    /// File holding the answer (.txt or .md); `-` or nothing reads standard input
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

#[derive(Debug, Subcommand)]
pub enum MockCommand {
    /// A timed phone screen (one interviewer, or three short parts in some formats)
    PhoneScreen(MockRunArgs),
    /// The full onsite loop: every interviewer, one of them the bar raiser
    Loop(MockRunArgs),
    /// A mock of your own shape: pick the stage, the principles and how many interviewers
    Custom(CustomArgs),
    /// Carry on with an unfinished mock where it stopped (the latest one by default)
    Resume(ResumeArgs),
    /// Past and unfinished mocks, newest first
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One mock's debrief (or its progress, while unfinished)
    Show {
        /// Mock id (see `tpmprep mock list`)
        id: i64,
        /// Print every answer in full (the debrief shows each answer's first sentence)
        #[arg(long)]
        full: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// How each principle was rated across finished mocks
    Trend {
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub const PLAN_EXAMPLES: &str = "Examples:
  tpmprep plan --interview-date 2027-01-15 --hours-per-week 12 --days-off sun
  tpmprep plan --json                      (weeks[].tasks[]: title, kind, hours, date; dropped[])
  tpmprep plan --ics plan.ics              (one calendar event per task; re-export updates them)
  tpmprep plan skip pitch
  tpmprep plan move mock:2 2027-01-08
  tpmprep plan done questions
  tpmprep plan reset mock:2                (back to the plan's own choice)";

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The loop's date, YYYY-MM-DD (saved)
    #[arg(long, value_name = "DATE")]
    pub interview_date: Option<String>,
    /// The phone screen's date, YYYY-MM-DD, when known (saved; empty clears it)
    #[arg(long, value_name = "DATE")]
    pub phone_screen_date: Option<String>,
    /// Hours you can give a week, 1-80 (saved) [default: 12]
    #[arg(long, value_name = "N")]
    pub hours_per_week: Option<f32>,
    /// Weekdays off, e.g. sat,sun (saved; empty for none)
    #[arg(long, value_name = "DAYS")]
    pub days_off: Option<String>,
    /// Target level, L5 or L6 (saved) [default: L5]
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// The loop's format, virtual or onsite (saved) [default: virtual]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Plan as of this day instead of today, YYYY-MM-DD (not saved)
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// Also write the plan as an iCalendar file (one event per task, stable UIDs)
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Also write the plan as a Markdown checklist
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    #[command(flatten)]
    pub out: JsonFlag,
    #[command(subcommand)]
    pub action: Option<PlanAction>,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Skip a task (its key, as `plan` prints it): its hours go to other tasks
    Skip {
        /// Task key, e.g. pitch or story:ownership:2
        key: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Move a task to another day
    Move {
        /// Task key
        key: String,
        /// The day, YYYY-MM-DD
        date: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Tick a task done that no activity shows (e.g. questions to ask, written on paper)
    Done {
        /// Task key
        key: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Undo a skip, move or tick (every one with --all)
    Reset {
        /// Task key
        #[arg(required_unless_present = "all")]
        key: Option<String>,
        /// Every task
        #[arg(long, conflicts_with = "key")]
        all: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub out: JsonFlag,
}

/// When a drill command happens (for scripts and tests); the clock otherwise.
#[derive(Debug, Args, Clone)]
pub struct NowArg {
    /// The time to act at, RFC 3339 (e.g. 2026-12-05T09:00:00Z) [default: now]
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GradeArg {
    Again,
    Hard,
    Good,
    Easy,
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// A drill session in the terminal: each due card, your typed answer (the critic suggests a
    /// grade) or your own grade, until today's cards are done
    Start {
        #[command(flatten)]
        now: NowArg,
        /// Print the session's reviews as JSON at the end (prompts go to standard error)
        #[arg(long)]
        json: bool,
    },
    /// The next card due (id, question, what a strong answer shows, the four intervals)
    Next {
        #[command(flatten)]
        now: NowArg,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Record a review: ID and again, hard, good or easy; prints the next due date and FSRS state
    Grade {
        /// Card id
        id: i64,
        /// How well you answered
        #[arg(value_enum)]
        grade: GradeArg,
        /// A file with the answer you typed (kept with the review, and scored)
        #[arg(long, value_name = "FILE")]
        answer: Option<PathBuf>,
        #[command(flatten)]
        now: NowArg,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Score a typed answer to a card: the critic's score as a suggested grade, with the reason
    Check {
        /// Card id
        id: i64,
        /// The answer file (`-` reads standard input)
        file: PathBuf,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Add cards: the weakest principles' questions, pack questions by id, or your own
    Add {
        /// This many pack questions, weakest principles first (1-100)
        #[arg(long, value_name = "N", conflicts_with_all = ["question", "front"])]
        weakest: Option<usize>,
        /// A pack question id (repeatable; see `tpmprep questions`)
        #[arg(long, value_name = "ID", conflicts_with = "front")]
        question: Vec<String>,
        /// Your own card's question
        #[arg(long, value_name = "TEXT")]
        front: Option<String>,
        /// Your own card's answer notes
        #[arg(long, value_name = "TEXT", requires = "front", default_value = "")]
        back: String,
        /// Principle ids for your own card (repeatable)
        #[arg(long = "principle", value_name = "ID", requires = "front")]
        principles: Vec<String>,
        #[command(flatten)]
        now: NowArg,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Every card with its due date and FSRS state
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Due counts, retention, each principle's strength, and reviews per day until the interview
    Stats {
        #[command(flatten)]
        now: NowArg,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Write every card as a TSV Anki imports (front, back, tags; see the README)
    Export {
        /// The file to write [default: standard output]
        file: Option<PathBuf>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Stop showing a card (or bring it back with --undo)
    Suspend {
        /// Card id
        id: i64,
        /// Bring it back
        #[arg(long)]
        undo: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete a card and its reviews
    Rm {
        /// Card id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Show or change the drill settings
    Settings {
        /// Desired retention, 0.70-0.97 [default: 0.9]
        #[arg(long, value_name = "R")]
        retention: Option<f32>,
        /// New cards a day, 0-100 [default: 5]
        #[arg(long, value_name = "N")]
        new_per_day: Option<u32>,
        /// The daily cap in minutes, 5-600 [default: the plan's 20 minutes]
        #[arg(long, value_name = "MIN")]
        minutes_per_day: Option<u32>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Fit the FSRS parameters to your own review log (once it is long enough), or go back to the
    /// defaults with --reset
    Optimise {
        /// Use the crate's default parameters again
        #[arg(long)]
        reset: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Subcommand)]
pub enum DesignCommand {
    /// Start a timed session on a pack prompt (see `tpmprep prompts`), a random one, or your own
    ///
    /// Phases: clarify 5 min, high-level design 10, trade-offs 10, deep dive 15, wrap-up 5. Type
    /// your notes line by line (each line is saved as you enter it); `:next` moves on, `:hint`
    /// gives a hint from the prompt, `:box NAME` and `:flow A -> B: what flows` build the diagram,
    /// `:finish` ends with the report, `:pause` stops (carry on with `design resume`), `:help`
    /// lists every command.
    Start(DesignStartArgs),
    /// Carry on with an unfinished session where it stopped (the latest one by default)
    Resume {
        /// Session id [default: the latest unfinished session]
        id: Option<i64>,
        /// Print the report as JSON when the session is finished (prompts go to standard error)
        #[arg(long)]
        json: bool,
    },
    /// Finish a session and print its report (or re-rate a finished one)
    Finish {
        /// Session id [default: the latest unfinished session]
        id: Option<i64>,
        /// Your own rating, 0–10 each, in this order: practicality, accuracy, efficiency,
        /// reliability, optimization, scalability (e.g. 7,6,6,5,4,7)
        #[arg(long, value_name = "P,A,E,R,O,S")]
        rate: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Past and unfinished sessions, newest first, with their scores
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One session: its report (or its progress, while unfinished) and the history on its prompt
    Show {
        /// Session id (see `tpmprep design list`)
        id: i64,
        /// Print the notes and the diagram as Markdown instead
        #[arg(long, conflicts_with = "json")]
        export: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Delete a session with its notes, hints and diagram
    Rm {
        /// Session id
        id: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Critique a written design from a file: six objective scores, overall, findings
    Critique {
        /// A Markdown or text file (`-` reads standard input)
        file: PathBuf,
        /// The pack prompt it answers (see `tpmprep prompts`): its reference points are compared
        #[arg(long, value_name = "ID")]
        prompt: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Debug, Args, Clone)]
pub struct DesignStartArgs {
    /// Pack prompt id (see `tpmprep prompts`)
    #[arg(conflicts_with_all = ["random", "text"])]
    pub prompt: Option<String>,
    /// A random pack prompt
    #[arg(long, conflicts_with = "text")]
    pub random: bool,
    /// Your own prompt, e.g. --text "Design a URL shortener for 100M links a month"
    #[arg(long, value_name = "PROMPT")]
    pub text: Option<String>,
    /// Scale every phase's minutes (0.2 turns 45 minutes into 9)
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    pub minutes_scale: f64,
    /// Minutes per phase, e.g. clarify=3,deep-dive=20 (after --minutes-scale)
    #[arg(long, value_name = "KEY=MIN,...")]
    pub phases: Option<String>,
    /// Create the session and print it without starting the interactive timer
    #[arg(long)]
    pub no_wait: bool,
    /// Print the report as JSON when the session is finished (prompts go to standard error)
    #[arg(long)]
    pub json: bool,
}

/// How a mock is answered and reported.
#[derive(Debug, Args, Clone)]
pub struct MockIo {
    /// Answer from a file instead of the keyboard: one answer per prompt (question or follow-up),
    /// separated by lines holding only `---`; prompts after the last answer are answered empty
    #[arg(long, value_name = "FILE", conflicts_with = "tui")]
    pub answers: Option<PathBuf>,
    /// Full-screen mode: countdown, question, answer box and interviewer panel
    #[arg(long)]
    pub tui: bool,
    /// Print the debrief as JSON (prompts go to standard error; see docs/cli-json.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct MockRunArgs {
    /// Interview format (env TPMPREP_FORMAT) [default: from config, else the pack's default; see
    /// `tpmprep process --formats`]
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,
    /// Seed for the plan, the questions and the follow-up wording (same seed, same mock) [default: random]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Shorten every interview by this factor for a quick run (0.25 turns 60 minutes into 15)
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    pub minutes_scale: f64,
    #[command(flatten)]
    pub io: MockIo,
}

#[derive(Debug, Args, Clone)]
pub struct CustomArgs {
    #[command(flatten)]
    pub run: MockRunArgs,
    /// Stage of the format to practise (e.g. loop, phone-screen)
    #[arg(long, default_value = "loop", value_name = "STAGE")]
    pub stage: String,
    /// Assess only these principles (repeatable) [default: all]
    #[arg(long = "principle", value_name = "ID")]
    pub principles: Vec<String>,
    /// Keep only the first N interviewers of the stage
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub interviews: Option<u32>,
}

#[derive(Debug, Args, Clone)]
pub struct ResumeArgs {
    /// Mock id [default: the latest unfinished mock]
    pub id: Option<i64>,
    #[command(flatten)]
    pub io: MockIo,
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
