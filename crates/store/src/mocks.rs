//! Mock interviews: the [`Mocks`] domain — mocks, their answers and drafts, finished mocks'
//! ratings, the questions recently asked — and its types.

use async_trait::async_trait;
use serde::Serialize;

use crate::{Result, StoryId, UserId};

/// A mock interview id.
pub type MockId = i64;

/// A new mock interview.
#[derive(Debug, Clone)]
pub struct NewMock<'a> {
    /// `phone-screen`, `loop` or `custom`.
    pub kind: &'a str,
    /// Format id from the pack.
    pub format: &'a str,
    /// The practice engine's setup, as JSON.
    pub setup: &'a str,
}

/// One saved answer of a mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockAnswer {
    /// Position in the mock, from 0; each save must be the next one.
    pub seq: i64,
    /// Interview index.
    pub interview: i64,
    /// Question index within the interview.
    pub question: i64,
    /// Follow-up index, for answers to follow-ups.
    pub follow_up: Option<i64>,
    /// Pack question id.
    pub question_id: String,
    /// What was asked.
    pub prompt: String,
    /// The answer.
    pub answer: String,
    /// Seconds it took.
    pub seconds: i64,
    /// The story it tells, if known.
    pub story_id: Option<StoryId>,
    /// Unix milliseconds (set by the store).
    pub created_at: i64,
}

/// One line of the mock list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockSummary {
    /// Mock id.
    pub id: MockId,
    /// `phone-screen`, `loop` or `custom`.
    pub kind: String,
    /// Format id.
    pub format: String,
    /// `hire` / `no-hire` once finished.
    pub decision: Option<String>,
    /// Answers saved.
    pub answers: i64,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last save.
    pub updated_at: i64,
    /// Unix milliseconds, once finished.
    pub finished_at: Option<i64>,
}

/// A mock with everything saved for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMock {
    /// Bookkeeping.
    pub summary: MockSummary,
    /// The setup JSON.
    pub setup: String,
    /// The answer being typed when the mock stopped (not yet submitted).
    pub draft: String,
    /// Seconds spent on the current prompt when it stopped.
    pub draft_seconds: i64,
    /// Answers in order.
    pub answers: Vec<MockAnswer>,
    /// The debrief JSON, once finished.
    pub debrief: Option<String>,
}

/// One principle's rating by one interviewer, as a finished mock records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MockRating {
    /// Mock id (ignored when finishing a mock).
    pub mock_id: MockId,
    /// Interview index.
    pub interview: i64,
    /// Principle id.
    pub principle: String,
    /// `strong-no-hire`, `no-hire`, `hire` or `strong-hire`.
    pub rating: String,
}

/// Mock interviews: started, answered one answer at a time, finished with ratings.
#[async_trait]
pub trait Mocks: Send + Sync {
    /// Starts a mock and returns its id.
    async fn create_mock(&self, owner: UserId, mock: &NewMock<'_>) -> Result<MockId>;
    /// Saves one answer the moment it is given, and clears the draft. `answer.seq` must be the next
    /// position ([`StoreError::MockOutOfStep`](crate::StoreError::MockOutOfStep) otherwise, and
    /// nothing is written).
    async fn save_mock_answer(&self, owner: UserId, id: MockId, answer: &MockAnswer) -> Result<()>;
    /// Keeps the answer being typed and the seconds spent on the current prompt so far.
    async fn save_mock_draft(
        &self,
        owner: UserId,
        id: MockId,
        draft: &str,
        seconds: i64,
    ) -> Result<()>;
    /// Keeps the seconds spent on the current prompt, leaving the draft's text as it is; the seconds
    /// never go back (the larger of the saved and the given count is kept).
    async fn save_mock_draft_seconds(&self, owner: UserId, id: MockId, seconds: i64) -> Result<()>;
    /// Finishes a mock: its decision, debrief JSON and ratings, in one transaction.
    async fn finish_mock(
        &self,
        owner: UserId,
        id: MockId,
        decision: &str,
        debrief: &str,
        ratings: &[MockRating],
    ) -> Result<()>;
    /// A mock with its answers.
    async fn mock(&self, owner: UserId, id: MockId) -> Result<StoredMock>;
    /// Every mock, newest first.
    async fn list_mocks(&self, owner: UserId) -> Result<Vec<MockSummary>>;
    /// The ratings of every finished mock, oldest mock first.
    async fn mock_ratings(&self, owner: UserId) -> Result<Vec<MockRating>>;
    /// Question ids answered in mocks since `since` (unix milliseconds).
    async fn recent_mock_questions(&self, owner: UserId, since: i64) -> Result<Vec<String>>;
}
