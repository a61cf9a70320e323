//! The full-screen mock interview of tpmprep (ratatui): countdown, question, answer box and
//! interviewer panel.
//!
//! The screen follows the state / update / view pattern: `app::App` holds everything shown,
//! `app::update` turns one message (a key, a paste, a clock tick, a result from the mock) into a
//! new state and maybe an action, and `view::view` draws the state. Neither touches the terminal,
//! the clock or the mock, so tests drive them directly. [`run`] (in `runtime`) is the thin loop
//! around them: it reads terminal events, measures time, and has a worker thread perform the
//! actions on the [`Interviewer`], so typing never waits for the database. The answer box is
//! `editor::Editor`, a `ratatui-textarea` widget made grapheme-wise.
//!
//! The mock itself is behind the [`Interviewer`] trait, which the binary implements over the
//! store and the engine (and its line mode uses too).

#![deny(missing_docs)]

mod app;
mod editor;
mod interviewer;
mod runtime;
#[cfg(test)]
mod tests;
mod view;

pub use interviewer::{InterviewInfo, Interviewer};
pub use runtime::run;

/// How the screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every prompt of the mock was answered.
    Finished,
    /// The candidate paused; the draft was saved and the mock can be resumed later.
    Paused,
}

/// How the screen looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Colours (the countdown's yellow and red, the story tag's cyan ...). Off, only plain text,
    /// bold and border shapes are drawn.
    pub color: bool,
}

impl Options {
    /// Colours unless `NO_COLOR` is set to anything but the empty string (<https://no-color.org>).
    pub fn from_env() -> Self {
        Self::from_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The options for a `NO_COLOR` value (`None` when unset).
    pub fn from_no_color(no_color: Option<&std::ffi::OsStr>) -> Self {
        Self {
            color: no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// Why the screen could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The terminal refused something (raw mode, drawing, reading keys).
    #[error("{what}")]
    Terminal {
        /// What the screen was doing.
        what: &'static str,
        /// The terminal's error.
        #[source]
        source: std::io::Error,
    },
    /// The thread performing the mock's saves ended (it panicked).
    #[error(
        "the mock stopped answering; what was saved is kept, resume it with `tpmprep mock resume`"
    )]
    WorkerGone,
}

impl Error {
    fn terminal(what: &'static str, source: std::io::Error) -> Self {
        Self::Terminal { what, source }
    }
}
