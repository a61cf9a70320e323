//! Practice commands: mocks, plans, drills and design sessions.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::*;

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
