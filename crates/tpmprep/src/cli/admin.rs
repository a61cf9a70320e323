//! Database, backup and server-admin commands.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::*;

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
