//! The seam between a mock's screen (line mode or the TUI) and the mock itself: the screen asks what
//! is being asked, hands in answers and drafts, and never touches the store or the engine directly.

use std::fmt::Display;

use tpmprep_practice::session::Current;

/// What the screen shows about one interviewer.
#[derive(Debug, Clone, PartialEq)]
pub struct InterviewInfo {
    /// 0-based position in the mock.
    pub index: usize,
    /// How many interviews the mock has.
    pub count: usize,
    /// Interview title from the format ("Bar raiser", "Hiring manager" ...).
    pub title: String,
    /// Role id.
    pub role: String,
    /// The bar raiser.
    pub bar_raiser: bool,
    /// Length of the interview in seconds.
    pub seconds: u32,
    /// What the interviewer listens for.
    pub focus: String,
    /// Questions (not follow-ups) asked so far in this interview, including the current one.
    pub asked: usize,
    /// Questions prepared for this interview.
    pub planned: usize,
}

/// A running mock as a screen sees it.
pub trait Interviewer {
    /// Why a submit or a draft was not saved; shown to the candidate (with `{:#}`, so an error
    /// chain prints whole).
    type Error: Display;

    /// The prompt awaiting an answer, `None` once the mock is over.
    fn current(&self) -> Option<Current>;
    /// The interviewer of interview `i`.
    fn interview(&self, i: usize) -> InterviewInfo;
    /// Submits the answer to the current prompt: it is saved before this returns. `seconds` is the
    /// time spent on this prompt; `story` a stored story id the candidate named, if any.
    fn submit(&mut self, text: &str, seconds: u32, story: Option<i64>) -> Result<(), Self::Error>;
    /// Whether `id` is a story in the candidate's bank that an answer can tell.
    fn knows_story(&self, id: i64) -> bool;
    /// Keeps the answer being typed (and the seconds spent so far) so a killed mock loses nothing.
    fn save_draft(&mut self, text: &str, seconds: u32) -> Result<(), Self::Error>;
}
