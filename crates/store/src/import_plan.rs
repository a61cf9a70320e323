//! What an import does with each story, decided once for every backend: the stories of the bank the
//! file names (found by the backend's SQL), each file story matched by stable id or identical text,
//! reconciled with the bank's history ([`reconcile`]), and the writes that follow (carried out by
//! the backend's SQL). Pure: no SQL, no IO.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use tpmprep_stories::merge::{Base, Reconciled, reconcile};
use tpmprep_stories::{Conflict, Kept, ReadStory, StoryContent};

use crate::values::{check_items, check_title};
use crate::{ImportAction, Imported, Result, StoryId, new_uid};

/// Checks every story of an import before anything is written: the same refusals as a single save.
pub(crate) fn check_stories(stories: &[ReadStory]) -> Result<()> {
    for s in stories {
        check_title(&s.content.title)?;
        check_items("principles", &s.content.principles)?;
        check_items("tags", &s.content.tags)?;
    }
    Ok(())
}

/// A story the import writes to or matched: one already in the bank, or one it creates.
pub(crate) struct Target<'a> {
    /// The stored id (`None` for a story this import creates, until the backend saves it).
    pub(crate) id: Option<StoryId>,
    pub(crate) uid: String,
    /// Current revision, counting those this import adds.
    pub(crate) rev: i64,
    trashed: bool,
    /// Its text now: as stored, or borrowed from the import (never copied).
    pub(crate) content: Cow<'a, StoryContent>,
    /// Revisions this import adds: (rev, content; a merge's is its own).
    pub(crate) revisions: Vec<(i64, Cow<'a, StoryContent>)>,
    /// Every revision (number, content), in order, when the import needs them to reconcile a
    /// changed file with the bank; empty when only the current one is known.
    history: Vec<(i64, Cow<'a, StoryContent>)>,
}

impl Target<'_> {
    /// The stored id (0 before the backend saved a new story).
    pub(crate) fn id(&self) -> StoryId {
        self.id.unwrap_or_default()
    }

    /// A story already in the bank that this import gives new text (its listing columns change).
    pub(crate) fn is_changed(&self) -> bool {
        self.revisions.first().is_some_and(|(rev, _)| *rev > 1)
    }
}

/// What an import says about one story beyond its action.
#[derive(Default)]
struct Said {
    base: Option<Base>,
    kept: Vec<Kept>,
    conflicts: Vec<Conflict>,
}

/// The import being decided: the targets and how the file's stories find them.
#[derive(Default)]
pub(crate) struct Plan<'a> {
    pub(crate) targets: Vec<Target<'a>>,
    by_uid: HashMap<String, usize>,
    by_title: HashMap<String, Vec<usize>>,
    outcome: Vec<(usize, ImportAction, Said)>,
}

impl<'a> Plan<'a> {
    /// The stable ids and the titles (of stories without one) the backend looks up in the bank.
    pub(crate) fn wanted(stories: &[ReadStory]) -> (Vec<&str>, Vec<&str>) {
        let uids = stories.iter().filter_map(|s| s.uid.as_deref()).collect();
        let titles = stories
            .iter()
            .filter(|s| s.uid.is_none())
            .map(|s| s.content.title.as_str())
            .collect();
        (uids, titles)
    }

    /// A story of the bank the file may name, with its current text.
    pub(crate) fn found(
        &mut self,
        id: StoryId,
        uid: String,
        rev: i64,
        trashed: bool,
        content: StoryContent,
    ) {
        let t = self.targets.len();
        self.by_uid.insert(uid.clone(), t);
        self.by_title
            .entry(content.title.clone())
            .or_default()
            .push(t);
        self.targets.push(Target {
            id: Some(id),
            uid,
            rev,
            trashed,
            content: Cow::Owned(content),
            revisions: Vec::new(),
            history: Vec::new(),
        });
    }

    /// The stories of the bank whose whole history is needed: a file changes their text, and it is
    /// reconciled with what the bank saved since the file's revision. In id order.
    pub(crate) fn need_history(&self, stories: &[ReadStory]) -> Vec<StoryId> {
        stories
            .iter()
            .filter_map(|s| {
                let t = &self.targets[*self.by_uid.get(s.uid.as_deref()?)?];
                (!t.trashed && *t.content != s.content)
                    .then_some(t.id)
                    .flatten()
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// The history of the stories [`Plan::need_history`] named, each oldest revision first.
    pub(crate) fn histories(&mut self, mut history: HashMap<StoryId, Vec<(i64, StoryContent)>>) {
        for t in &mut self.targets {
            if let Some(h) = t.id.and_then(|id| history.remove(&id)) {
                t.history = h.into_iter().map(|(r, c)| (r, Cow::Owned(c))).collect();
            }
        }
    }

    /// Decides story by story, in file order (earlier stories of this import count as in the bank).
    pub(crate) fn decide(&mut self, stories: &'a [ReadStory], as_new: bool) {
        for s in stories {
            let matched = if as_new {
                None
            } else {
                match &s.uid {
                    Some(uid) => self.by_uid.get(uid).copied(),
                    None => self.by_title.get(&s.content.title).and_then(|ts| {
                        ts.iter()
                            .copied()
                            .find(|&t| *self.targets[t].content == s.content)
                    }),
                }
            };
            let action = match matched {
                Some(t) if self.targets[t].trashed => (t, ImportAction::InTrash, Said::default()),
                Some(t) if *self.targets[t].content == s.content => {
                    (t, ImportAction::Unchanged, Said::default())
                }
                Some(t) => {
                    let (action, said) = self.reconcile(t, s);
                    (t, action, said)
                }
                None => {
                    let uid = match &s.uid {
                        Some(u) if !as_new && !self.by_uid.contains_key(u) => u.clone(),
                        _ => new_uid(),
                    };
                    let t = self.targets.len();
                    self.by_uid.insert(uid.clone(), t);
                    self.by_title
                        .entry(s.content.title.clone())
                        .or_default()
                        .push(t);
                    self.targets.push(Target {
                        id: None,
                        uid,
                        rev: 1,
                        trashed: false,
                        content: Cow::Borrowed(&s.content),
                        revisions: vec![(1, Cow::Borrowed(&s.content))],
                        history: vec![(1, Cow::Borrowed(&s.content))],
                    });
                    (t, ImportAction::New, Said::default())
                }
            };
            self.outcome.push(action);
        }
    }

    /// A story of the bank the file gives other text: reconciled against the file's revision.
    fn reconcile(&mut self, t: usize, s: &'a ReadStory) -> (ImportAction, Said) {
        let target = &mut self.targets[t];
        let mut history: Vec<(i64, &StoryContent)> = target
            .history
            .iter()
            .map(|(r, c)| (*r, c.as_ref()))
            .collect();
        if history.last().map(|(r, _)| *r) != Some(target.rev) {
            history.push((target.rev, &target.content));
        }
        let (content, action, said) = match reconcile(&s.content, s.revision, &history) {
            Reconciled::Unchanged => (None, ImportAction::Unchanged, Said::default()),
            Reconciled::Update => (
                Some(Cow::Borrowed(&s.content)),
                ImportAction::Updated,
                Said::default(),
            ),
            Reconciled::Older { base } => (
                None,
                ImportAction::Older,
                Said {
                    base: Some(base),
                    ..Said::default()
                },
            ),
            Reconciled::Merged {
                base,
                content,
                kept,
            } if merged_fits(&content) => (
                Some(Cow::Owned(*content)),
                ImportAction::Merged,
                Said {
                    base: Some(base),
                    kept,
                    ..Said::default()
                },
            ),
            Reconciled::Merged { base, .. } => (
                // Merged, a list would outgrow its limit: the bank's version stands.
                None,
                ImportAction::Conflict,
                Said {
                    base: Some(base),
                    ..Said::default()
                },
            ),
            Reconciled::Conflict { base, conflicts } => (
                None,
                ImportAction::Conflict,
                Said {
                    base: Some(base),
                    conflicts,
                    ..Said::default()
                },
            ),
        };
        if let Some(content) = content {
            target.rev += 1;
            if !target.history.is_empty() {
                target.history.push((target.rev, content.clone()));
            }
            target.revisions.push((target.rev, content.clone()));
            self.by_title
                .entry(content.title.clone())
                .or_default()
                .push(t);
            target.content = content;
        }
        (action, said)
    }

    /// One [`Imported`] per story of the file, in order (once the backend saved the new stories and
    /// gave their targets ids).
    pub(crate) fn outcome(self) -> Vec<Imported> {
        let targets = self.targets;
        self.outcome
            .into_iter()
            .map(|(t, action, said)| Imported {
                id: targets[t].id(),
                rev: targets[t].rev,
                action,
                base: said.base,
                kept: said.kept,
                conflicts: said.conflicts,
            })
            .collect()
    }
}

/// Whether a merged story stays within the limits every saved story keeps (a set merge of two
/// lists may hold more items than either).
fn merged_fits(content: &StoryContent) -> bool {
    let ids: Vec<&str> = content.principles.iter().map(String::as_str).collect();
    tpmprep_stories::validate(content, &ids).is_empty()
        && check_items("principles", &content.principles).is_ok()
        && check_items("tags", &content.tags).is_ok()
}
