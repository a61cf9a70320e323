//! Coaching: a candidate shares their stories, mocks and readiness with a coach, and takes it back;
//! a coach reads what was shared and comments on a story or a mock answer, and never edits.
//!
//! Whoever is not allowed to see something is told it does not exist ([`AppError::NotShared`], a
//! 404 on the web), never that it is forbidden: a coach without a share learns nothing, not even
//! that the candidate or the story exists.

use tpmprep_store::{
    Comment, CommentOn, CommentsOf, MAX_COMMENT_CHARS, Role, Share, Store, UserId, now_ms,
};

use crate::accounts::normalise_email;
use crate::{AppError, Result};

/// Shares `candidate`'s data with the coach who signs in as `coach_email`. Only a live coach
/// account can be chosen; sharing twice is harmless. Returns the share as the candidate sees it.
pub async fn share_with(store: &dyn Store, candidate: UserId, coach_email: &str) -> Result<Share> {
    let email = normalise_email(coach_email)?;
    let coach = store
        .credentials(&email)
        .await?
        .map(|c| c.account)
        .filter(|a| a.role == Role::Coach && a.disabled_at.is_none() && a.id != candidate)
        .ok_or_else(|| {
            AppError::Invalid(format!(
                "No coach signs in as {email} on this server. Check the address with your coach \
                 (whoever runs the server makes coach accounts)."
            ))
        })?;
    store.share(candidate, coach.id, now_ms()).await?;
    store
        .coaches_of(candidate)
        .await?
        .into_iter()
        .find(|s| s.account == coach.id)
        .ok_or(AppError::NotShared)
}

/// Takes back a share with `coach`: from now on the coach sees none of `candidate`'s data. Their
/// comments stay with the candidate.
pub async fn unshare(store: &dyn Store, candidate: UserId, coach: UserId) -> Result<()> {
    if store.unshare(candidate, coach).await? {
        Ok(())
    } else {
        Err(AppError::NotShared)
    }
}

/// Checks that `candidate` shares with `coach` (else [`AppError::NotShared`]): the gate of every
/// coach view.
pub async fn coaching(store: &dyn Store, coach: UserId, candidate: UserId) -> Result<Share> {
    if coach == candidate {
        return Err(AppError::NotShared);
    }
    // The coach's own list says both whether and since when: one query.
    store
        .candidates_of(coach)
        .await?
        .into_iter()
        .find(|s| s.account == candidate)
        .ok_or(AppError::NotShared)
}

/// A comment's text as stored: trimmed, not empty, at most [`MAX_COMMENT_CHARS`] characters.
pub fn comment_body(body: &str) -> Result<String> {
    let body = body.trim();
    let n = body.chars().count();
    if n == 0 {
        return Err(AppError::Invalid(
            "the comment is empty: write what you noticed".into(),
        ));
    }
    if n > MAX_COMMENT_CHARS {
        return Err(AppError::Invalid(format!(
            "the comment is {n} characters; keep it under {MAX_COMMENT_CHARS}"
        )));
    }
    Ok(body.to_string())
}

/// `author` comments on `owner`'s story (at its current revision) or mock answer. The author is the
/// owner or a coach the owner shares with; anyone else finds nothing.
pub async fn comment(
    store: &dyn Store,
    owner: UserId,
    author: UserId,
    on: Target,
    body: &str,
) -> Result<Comment> {
    let body = comment_body(body)?;
    if author != owner {
        coaching(store, author, owner).await?;
    }
    let on = match on {
        Target::Story(story) => CommentOn::Story {
            story,
            rev: store.story(owner, story).await?.meta.rev,
        },
        Target::Answer { mock, seq } => CommentOn::Answer { mock, seq },
    };
    Ok(store
        .add_comment(owner, author, on, &body, now_ms())
        .await?)
}

/// What a new comment is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A story (the comment records its current revision).
    Story(i64),
    /// One answer of a mock.
    Answer {
        /// The mock.
        mock: i64,
        /// The answer's sequence number.
        seq: i64,
    },
}

/// The comments on `owner`'s story or mock, oldest first.
pub async fn comments(store: &dyn Store, owner: UserId, of: CommentsOf) -> Result<Vec<Comment>> {
    Ok(store.comments(owner, of).await?)
}
