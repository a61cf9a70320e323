//! Coaching: the [`Sharing`] domain. A candidate shares their stories, mocks and readiness with a
//! coach and can take it back; a coach (or the candidate) comments on a story or on one answer of a
//! mock. A comment is the candidate's data (its `owner`), written by its `author`.

use async_trait::async_trait;

use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::{MockId, Result, StoryId, UserId};

/// One share, seen from either side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Share {
    /// The account on the other side: the coach for a candidate's list, the candidate for a
    /// coach's.
    pub account: UserId,
    /// That account's address.
    pub email: Option<String>,
    /// When it was shared (unix ms).
    pub since: i64,
}

/// What a comment is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum CommentOn {
    /// A story, as it was at revision `rev`.
    Story {
        /// The story.
        story: StoryId,
        /// Its revision when the comment was written.
        rev: i64,
    },
    /// One answer of a mock.
    Answer {
        /// The mock.
        mock: MockId,
        /// The answer's sequence number in the mock.
        seq: i64,
    },
}

/// What comments are listed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentsOf {
    /// Every comment on a story.
    Story(StoryId),
    /// Every comment on any answer of a mock.
    Mock(MockId),
}

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    /// Its id.
    pub id: i64,
    /// Who wrote it.
    pub author: UserId,
    /// The author's address.
    pub author_email: Option<String>,
    /// What it is on.
    #[serde(flatten)]
    pub on: CommentOn,
    /// What it says.
    pub body: String,
    /// When it was written (unix ms).
    pub created_at: i64,
}

/// Longest comment stored, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// Sharing with coaches, and comments.
#[async_trait]
pub trait Sharing: Send + Sync {
    /// Shares `candidate`'s data with `coach` (sharing twice keeps the first time).
    async fn share(&self, candidate: UserId, coach: UserId, now: i64) -> Result<()>;
    /// Takes a share back; `false` when there was none. The coach's comments stay.
    async fn unshare(&self, candidate: UserId, coach: UserId) -> Result<bool>;
    /// The coaches `candidate` shares with, earliest first.
    async fn coaches_of(&self, candidate: UserId) -> Result<Vec<Share>>;
    /// The candidates who share with `coach`, earliest first.
    async fn candidates_of(&self, coach: UserId) -> Result<Vec<Share>>;
    /// Whether `candidate` shares with `coach`.
    async fn is_shared(&self, candidate: UserId, coach: UserId) -> Result<bool>;
    /// Adds a comment by `author` on `owner`'s story or mock answer, in one statement that also
    /// checks that the story or answer is `owner`'s ([`crate::StoreError::NotFound`] /
    /// [`crate::StoreError::MockNotFound`] otherwise) and that the author is `owner` or a coach
    /// `owner` shares with (else the same not-found error: a coach without a share learns nothing).
    /// The body is stored as given (1 to [`MAX_COMMENT_CHARS`] characters; callers trim it).
    async fn add_comment(
        &self,
        owner: UserId,
        author: UserId,
        on: CommentOn,
        body: &str,
        now: i64,
    ) -> Result<Comment>;
    /// The comments on `owner`'s story or mock, oldest first.
    async fn comments(&self, owner: UserId, of: CommentsOf) -> Result<Vec<Comment>>;
}

/// A [`Share`] from a row of `account, email, created_at` (either backend's).
pub(crate) fn share_row<R: Row>(row: &R) -> Result<Share>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(Share {
        account: row.try_get("account")?,
        email: row.try_get("email")?,
        since: row.try_get("created_at")?,
    })
}

/// A [`Comment`] from a row of the backends' comment columns (either backend's).
pub(crate) fn comment_row<R: Row>(row: &R) -> Result<Comment>
where
    for<'a> &'a str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Option<String>: Decode<'r, R::Database> + Type<R::Database>,
{
    let story: Option<i64> = row.try_get("story_id")?;
    let on = match story {
        Some(story) => CommentOn::Story {
            story,
            rev: row.try_get::<Option<i64>, _>("story_rev")?.unwrap_or(0),
        },
        None => CommentOn::Answer {
            mock: row.try_get::<Option<i64>, _>("mock_id")?.unwrap_or(0),
            seq: row.try_get::<Option<i64>, _>("answer_seq")?.unwrap_or(0),
        },
    };
    Ok(Comment {
        id: row.try_get("id")?,
        author: row.try_get("author_id")?,
        author_email: row.try_get("email")?,
        on,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The columns of a [`Comment`], from `comments c LEFT JOIN users u ON u.id = c.author_id`.
pub(crate) const COMMENT_COLUMNS: &str = "c.id, c.author_id, u.email, c.story_id, c.story_rev, \
     c.mock_id, c.answer_seq, c.body, c.created_at";
