//! Saving an edit of a story that may have been started from an older revision: the one save path
//! of the CLI editor, `story edit --from` and the web editor. A stale edit is merged field by field
//! with what was saved meanwhile ([`tpmprep_stories::merge`]); only a real conflict is refused, and
//! then with both versions of each conflicting field, so the caller can show them and nothing is lost.

use serde::Serialize;
use tpmprep_store::{Store, StoreError, StoryId, StoryMeta, UserId};
use tpmprep_stories::merge::Base;
use tpmprep_stories::{Conflict, Kept, Side, StoryContent, merge};

use crate::{AppError, Result};

/// How conflicting fields are settled when the caller already knows (`--take`, the editor's
/// "keep mine" / "use theirs").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Take {
    /// One side for every conflicting field not named in `fields`.
    pub all: Option<Side>,
    /// A side per field.
    pub fields: Vec<(&'static str, Side)>,
}

impl Take {
    /// Reads one `--take` value: `mine`, `theirs`, or `FIELD=mine|theirs` (`action=theirs`).
    pub fn add(&mut self, spec: &str) -> std::result::Result<(), String> {
        match spec.split_once('=') {
            None => {
                self.all = Some(spec.parse()?);
            }
            Some((field, side)) => {
                let name = field.trim().replace('-', "_");
                let field = tpmprep_stories::merge::SCALAR_FIELDS
                    .into_iter()
                    .find(|f| *f == name)
                    .ok_or_else(|| {
                        format!(
                            "`{}` is not a field that can conflict (valid: {})",
                            field.trim(),
                            tpmprep_stories::merge::SCALAR_FIELDS
                                .map(tpmprep_stories::merge::label)
                                .join(", ")
                        )
                    })?;
                self.fields.retain(|(f, _)| *f != field);
                self.fields.push((field, side.parse()?));
            }
        }
        Ok(())
    }

    /// True when nothing is chosen.
    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.fields.is_empty()
    }
}

/// A saved edit.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    /// The revision the edit started from.
    pub base_rev: i64,
    /// The story's revision now (unchanged when the merge held nothing new).
    pub meta: StoryMeta,
    /// What was saved.
    pub content: StoryContent,
    /// When the edit was stale: the revision it was merged with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_with: Option<i64>,
    /// The changes of that revision that the merge kept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Kept>,
}

impl Saved {
    /// The kept changes in words ("kept the tag `x` added in revision 5").
    pub fn kept_words(&self) -> Vec<String> {
        let from = tpmprep_stories::merge::revisions(
            self.base_rev,
            self.merged_with.unwrap_or(self.meta.rev),
        );
        self.kept.iter().map(|k| k.describe(&from)).collect()
    }
}

/// A stale edit whose merge left conflicts: nothing was saved.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    /// The story.
    pub id: StoryId,
    /// The revision the edit started from.
    pub base_rev: i64,
    /// The revision now current ("theirs").
    pub current_rev: i64,
    /// The merge so far: every field that merged cleanly, and mine's value in each conflicting one.
    pub merged: StoryContent,
    /// Their changes the merge kept so far.
    pub kept: Vec<Kept>,
    /// The fields both sides changed differently, with base, mine and theirs.
    pub conflicts: Vec<Conflict>,
}

impl Refused {
    /// The kept changes in words, as [`Saved::kept_words`].
    pub fn kept_words(&self) -> Vec<String> {
        let from = tpmprep_stories::merge::revisions(self.base_rev, self.current_rev);
        self.kept.iter().map(|k| k.describe(&from)).collect()
    }
}

/// How a save ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Saved (merged first if it was stale).
    Saved(Saved),
    /// Stale, and the merge has conflicts the caller must settle; nothing was saved.
    Conflict(Refused),
}

/// The revision an edit of story `id` (`mine`) is to be merged against: `recorded` (what the file
/// or the caller says it was written from) when the story has that revision, else the revision
/// `mine` resembles most ([`Base::choose`]), so a file that names no revision never undoes a change
/// saved since the one it was made from.
pub async fn base_of(
    store: &dyn Store,
    owner: UserId,
    id: StoryId,
    mine: &StoryContent,
    recorded: Option<i64>,
) -> Result<Base> {
    let history = store.revisions(owner, id).await?;
    let span: Vec<(i64, &StoryContent)> = history.iter().map(|r| (r.rev, &r.content)).collect();
    Base::choose(mine, recorded, &span)
        .ok_or_else(|| AppError::Store(StoreError::Corrupt(format!("story {id} has no revision"))))
}

/// Saves `mine`, an edit of story `id` started from revision `base_rev`. If another revision was
/// saved meanwhile, merges the two against `base_rev` and saves the merge (checked against the pack's
/// `principle_ids`) when it is clean or `take` settles it; retries if yet another save slips in.
pub async fn save_story(
    store: &dyn Store,
    owner: UserId,
    id: StoryId,
    base_rev: i64,
    mine: &StoryContent,
    take: &Take,
    principle_ids: &[&str],
) -> Result<Outcome> {
    let mut content = mine.clone();
    let mut expected = base_rev;
    let mut merged_with = None;
    let mut kept = Vec::new();
    // Each round loses only to a save that landed between our read and our write.
    for _ in 0..8 {
        match store.update_story(owner, id, expected, &content).await {
            Ok(meta) => {
                return Ok(Outcome::Saved(Saved {
                    base_rev,
                    meta,
                    content,
                    merged_with,
                    kept,
                }));
            }
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let theirs = store.story(owner, id).await?;
        let their_rev = theirs.meta.rev;
        let history = store.revisions(owner, id).await?;
        let Some(base) = history.iter().find(|r| r.rev == base_rev) else {
            return Err(AppError::Store(StoreError::NoRevision {
                id,
                rev: base_rev,
            }));
        };
        let mut m = merge(&base.content, &theirs.content, mine);
        for (field, side) in &take.fields {
            m.take(field, *side);
        }
        if let Some(side) = take.all {
            m.take_all(side);
        }
        // Each kept change names the revisions that really made it.
        let span: Vec<(i64, &StoryContent)> = history
            .iter()
            .filter(|r| r.rev >= base_rev && r.rev <= their_rev)
            .map(|r| (r.rev, &r.content))
            .collect();
        m.attribute(&span);
        if !m.is_clean() {
            return Ok(Outcome::Conflict(Refused {
                id,
                base_rev,
                current_rev: theirs.meta.rev,
                merged: m.content,
                kept: m.kept,
                conflicts: m.conflicts,
            }));
        }
        let errors = tpmprep_stories::validate(&m.content, principle_ids);
        if let Some(e) = errors.first() {
            return Err(AppError::Invalid(format!(
                "merged with revision {}: {}: {}",
                theirs.meta.rev, e.field, e.message
            )));
        }
        if m.content == theirs.content {
            // Everything of mine is already there.
            return Ok(Outcome::Saved(Saved {
                base_rev,
                meta: theirs.meta,
                content: theirs.content,
                merged_with: Some(their_rev),
                kept: m.kept,
            }));
        }
        content = m.content;
        kept = m.kept;
        expected = their_rev;
        merged_with = Some(their_rev);
    }
    Err(AppError::Store(StoreError::Conflict {
        id,
        base: base_rev,
        current: expected,
    }))
}
