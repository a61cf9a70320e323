//! Story commands: the bank's fields, statuses and exports.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::*;

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
