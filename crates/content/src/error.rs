//! Errors and diagnostics. A diagnostic always names a file, a line and a field.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a pack, pinned to the place that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would type it (or `content/amazon-tpm/...` for the embedded pack).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The field path, e.g. `question[b-co-feedback].principles[1]`.
    pub field: String,
    /// What is wrong, and where useful, what would be right.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

/// Why a pack could not be loaded. Loading is all-or-nothing: on any error no part of the pack is used.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// What was being read.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The pack folder does not exist or is not a folder.
    #[error("{} is not a pack folder: {reason}", path.display())]
    NotAPack {
        /// The path given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The pack's content is invalid.
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
    /// No pack with that id is known.
    #[error("no pack with id `{id}` (available: {available})")]
    UnknownPack {
        /// The id asked for.
        id: String,
        /// Ids that exist.
        available: String,
    },
}

impl PackError {
    /// The diagnostics, when the error is about content.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            PackError::Invalid(d) => d,
            _ => &[],
        }
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = format!(
        "the pack is invalid ({} problem{}); nothing was loaded:",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" }
    );
    for d in diagnostics {
        out.push_str("\n  ");
        out.push_str(&d.to_string());
    }
    out
}
