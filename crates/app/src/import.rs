//! What a story import did, said the same way by the CLI, the web page and the API.

use serde::Serialize;
use tpmprep_store::{ImportAction, Imported, StoryId};
use tpmprep_stories::merge::{Base, label};

/// The stories of one import, grouped by what was done with them (ids in file order, each once).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Saved as new stories.
    pub new: Vec<StoryId>,
    /// Already in the bank with other text: saved as a new revision (the old text kept).
    pub updated: Vec<StoryId>,
    /// Already in the bank with the same text: left alone.
    pub unchanged: Vec<StoryId>,
    /// In the bank's trash: left alone.
    pub in_trash: Vec<StoryId>,
    /// Changed in the file and in the bank since the file's revision, apart: merged into a new
    /// revision.
    pub merged: Vec<StoryId>,
    /// Unchanged in the file since its revision, newer in the bank: left alone.
    pub older: Vec<StoryId>,
    /// Changed in the file and in the bank in the same fields: the bank's version left as it is.
    pub conflicts: Vec<StoryId>,
    /// One entry per story read, in order: the story it became or matched, its revision, the action.
    pub stories: Vec<Imported>,
}

impl ImportReport {
    /// Groups an import's outcome.
    pub fn of(stories: Vec<Imported>) -> ImportReport {
        let mut r = ImportReport::default();
        for s in &stories {
            let list = match s.action {
                ImportAction::New => &mut r.new,
                ImportAction::Updated => &mut r.updated,
                ImportAction::Unchanged => &mut r.unchanged,
                ImportAction::InTrash => &mut r.in_trash,
                ImportAction::Merged => &mut r.merged,
                ImportAction::Older => &mut r.older,
                ImportAction::Conflict => &mut r.conflicts,
            };
            if !list.contains(&s.id) {
                list.push(s.id);
            }
        }
        // A story created and then changed by the same import is new, not updated; one both
        // written and left alone was written.
        let new = r.new.clone();
        r.updated.retain(|id| !new.contains(id));
        r.merged.retain(|id| !new.contains(id));
        let written: Vec<StoryId> = [&r.new, &r.updated, &r.merged]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        for list in [&mut r.unchanged, &mut r.older, &mut r.conflicts] {
            list.retain(|id| !written.contains(id));
        }
        r.stories = stories;
        r
    }

    /// The ids whose text this import wrote as the file has it (new, or a new revision), with
    /// their revision now. A merged story's text is neither side's; it is scored when next listed.
    pub fn written(&self) -> Vec<(StoryId, i64)> {
        let mut out: Vec<(StoryId, i64)> = Vec::new();
        for s in &self.stories {
            if matches!(s.action, ImportAction::New | ImportAction::Updated)
                && !out.iter().any(|(id, _)| *id == s.id)
            {
                out.push((s.id, s.rev));
            }
        }
        out
    }

    /// One sentence: "Imported 2 new stories (ids 11–12); updated 1 (id 4) with a new revision, …;
    /// skipped 3 already in the bank (ids 1–3)."
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if !self.new.is_empty() {
            parts.push(format!(
                "imported {} new {} ({})",
                self.new.len(),
                stories(self.new.len()),
                id_list(&self.new)
            ));
        }
        if !self.updated.is_empty() {
            parts.push(format!(
                "updated {} ({}) with a new revision, the old text kept in {} history",
                self.updated.len(),
                id_list(&self.updated),
                if self.updated.len() == 1 {
                    "its"
                } else {
                    "their"
                }
            ));
        }
        if !self.merged.is_empty() {
            parts.push(format!(
                "merged {} ({}) with the changes the bank saved since the file was written",
                self.merged.len(),
                id_list(&self.merged)
            ));
        }
        if !self.unchanged.is_empty() {
            parts.push(format!(
                "skipped {} already in the bank ({})",
                self.unchanged.len(),
                id_list(&self.unchanged)
            ));
        }
        if !self.older.is_empty() {
            let one = self.older.len() == 1;
            parts.push(format!(
                "skipped {} older than the bank ({}: the file is unchanged since the revision {} \
                 written from, and the bank has saved newer ones)",
                self.older.len(),
                id_list(&self.older),
                if one { "it was" } else { "each was" }
            ));
        }
        if !self.conflicts.is_empty() {
            let one = self.conflicts.len() == 1;
            parts.push(format!(
                "kept the bank's version of {} ({}): the file and the bank changed the same \
                 {} differently since the file was written, so nothing of the file was saved for {}",
                self.conflicts.len(),
                id_list(&self.conflicts),
                if one { "field" } else { "fields" },
                if one { "it" } else { "them" }
            ));
        }
        if !self.in_trash.is_empty() {
            parts.push(format!(
                "left {} in the trash alone ({}; restore {} first to update {}, or import as new copies)",
                self.in_trash.len(),
                id_list(&self.in_trash),
                if self.in_trash.len() == 1 { "it" } else { "them" },
                if self.in_trash.len() == 1 { "it" } else { "them" },
            ));
        }
        if parts.is_empty() {
            return "The text held no stories; nothing imported.".into();
        }
        if self.new.is_empty() && self.updated.is_empty() && self.merged.is_empty() {
            parts.insert(0, "nothing new".into());
            let first = parts.remove(0);
            let rest = parts.join("; ");
            return capitalize(&format!("{first}: {rest}."));
        }
        capitalize(&(parts.join("; ") + "."))
    }
}

impl ImportReport {
    /// One line per story merged or left in conflict, saying what was kept or which fields
    /// conflict: "Story 4 (the file was written from revision 3): kept the principle `earn-trust`
    /// added in revision 5."
    pub fn details(&self) -> Vec<(StoryId, String)> {
        let mut out = Vec::new();
        for s in &self.stories {
            let from = match s.base {
                Some(Base::Recorded { rev }) => format!("the file was written from revision {rev}"),
                Some(Base::Closest { rev, .. }) => format!(
                    "the file names no revision it was written from and matches revision {rev} most closely"
                ),
                None => continue,
            };
            let line = match s.action {
                ImportAction::Merged => {
                    let kept: Vec<String> = s.kept.iter().map(|k| k.describe("the bank")).collect();
                    if kept.is_empty() {
                        format!("Story {} ({from}): merged.", s.id)
                    } else {
                        format!("Story {} ({from}): {}.", s.id, kept.join("; "))
                    }
                }
                ImportAction::Conflict if s.conflicts.is_empty() => format!(
                    "Story {} ({from}): merged with the bank's changes, a list would outgrow its \
                     limit of 100 items; the bank's version stands.",
                    s.id
                ),
                ImportAction::Conflict => format!(
                    "Story {} ({from}): the file and revision {} both changed the {}; the bank's \
                     version stands.",
                    s.id,
                    s.rev,
                    s.conflicts
                        .iter()
                        .map(|c| label(c.field))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => continue,
            };
            out.push((s.id, line));
        }
        out
    }
}

fn stories(n: usize) -> &'static str {
    if n == 1 { "story" } else { "stories" }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Ids as people read them: `id 4`, `ids 4–9`, `ids 3, 5, 9`, `ids 1–3, 7, 9–12`; past eight runs,
/// `… and N more`.
pub fn id_list(ids: &[StoryId]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(StoryId, StoryId)> = Vec::new();
    for id in sorted.iter().copied() {
        match runs.last_mut() {
            Some((_, end)) if id == *end + 1 => *end = id,
            _ => runs.push((id, id)),
        }
    }
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = runs
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| match b - a {
            0 => a.to_string(),
            1 => format!("{a}, {b}"),
            _ => format!("{a}–{b}"),
        })
        .collect();
    if runs.len() > SHOWN {
        let more: i64 = runs[SHOWN..].iter().map(|(a, b)| b - a + 1).sum();
        parts.push(format!("… and {more} more"));
    }
    let word = if sorted.len() == 1 { "id" } else { "ids" };
    format!("{word} {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(id: StoryId, rev: i64, action: ImportAction) -> Imported {
        Imported::plain(id, rev, action)
    }

    #[test]
    fn ids_read_as_people_write_them() {
        assert_eq!(id_list(&[4]), "id 4");
        assert_eq!(id_list(&[4, 5]), "ids 4, 5");
        assert_eq!(id_list(&[4, 5, 6, 7]), "ids 4–7");
        assert_eq!(id_list(&[9, 3, 5]), "ids 3, 5, 9");
        assert_eq!(id_list(&[1, 2, 3, 7, 9, 10, 11, 12]), "ids 1–3, 7, 9–12");
        let scattered: Vec<StoryId> = (0..20).map(|i| i * 2).collect();
        assert_eq!(
            id_list(&scattered),
            "ids 0, 2, 4, 6, 8, 10, 12, 14, … and 12 more"
        );
    }

    #[test]
    fn the_sentence_says_what_was_done_with_each_story() {
        use ImportAction::*;
        let r = ImportReport::of(vec![done(4, 1, New)]);
        assert_eq!(r.sentence(), "Imported 1 new story (id 4).");
        let r = ImportReport::of(vec![
            done(1, 1, Unchanged),
            done(2, 1, Unchanged),
            done(3, 1, Unchanged),
            done(4, 3, Updated),
            done(11, 1, New),
            done(12, 1, New),
        ]);
        assert_eq!(
            r.sentence(),
            "Imported 2 new stories (ids 11, 12); updated 1 (id 4) with a new revision, the old \
             text kept in its history; skipped 3 already in the bank (ids 1–3)."
        );
        assert_eq!(r.written(), [(4, 3), (11, 1), (12, 1)]);
        let r = ImportReport::of(vec![done(1, 1, Unchanged), done(7, 2, InTrash)]);
        assert_eq!(
            r.sentence(),
            "Nothing new: skipped 1 already in the bank (id 1); left 1 in the trash alone (id 7; \
             restore it first to update it, or import as new copies)."
        );
        // Created then changed by the same import: new, once.
        let r = ImportReport::of(vec![
            done(5, 2, New),
            done(5, 2, Updated),
            done(5, 2, Unchanged),
        ]);
        assert_eq!(
            (r.new.clone(), r.updated.len(), r.unchanged.len()),
            (vec![5], 0, 0)
        );
        assert_eq!(
            ImportReport::of(vec![]).sentence(),
            "The text held no stories; nothing imported."
        );
    }

    /// Issue 12, item 4 (import): a stale export is merged, skipped as older or left in conflict,
    /// and the report says which, with what was kept or which fields conflict.
    #[test]
    fn a_stale_export_is_reported_as_merged_older_or_in_conflict() {
        use ImportAction::*;
        use tpmprep_stories::{Conflict, Kept, KeptChange};
        let mut merged = done(4, 6, Merged);
        merged.base = Some(Base::Recorded { rev: 3 });
        merged.kept = vec![Kept {
            field: "principles",
            change: KeptChange::Added("earn-trust".into()),
            revisions: vec![5],
        }];
        let mut older = done(5, 2, Older);
        older.base = Some(Base::Recorded { rev: 1 });
        let mut conflict = done(6, 9, Conflict);
        conflict.base = Some(Base::Closest {
            rev: 2,
            unknown: None,
        });
        conflict.conflicts = vec![Conflict {
            field: "trade_off",
            base: "a".into(),
            mine: "b".into(),
            theirs: "c".into(),
        }];
        let r = ImportReport::of(vec![merged, older, conflict]);
        assert_eq!(
            (r.merged.clone(), r.older.clone(), r.conflicts.clone()),
            (vec![4], vec![5], vec![6])
        );
        assert_eq!(
            r.sentence(),
            "Merged 1 (id 4) with the changes the bank saved since the file was written; skipped 1 \
             older than the bank (id 5: the file is unchanged since the revision it was written \
             from, and the bank has saved newer ones); kept the bank's version of 1 (id 6): the \
             file and the bank changed the same field differently since the file was written, so \
             nothing of the file was saved for it."
        );
        assert_eq!(
            r.details(),
            [
                (
                    4,
                    "Story 4 (the file was written from revision 3): kept the principle \
                     `earn-trust` added in revision 5."
                        .to_string()
                ),
                (
                    6,
                    "Story 6 (the file names no revision it was written from and matches revision \
                     2 most closely): the file and revision 9 both changed the trade-off; the \
                     bank's version stands."
                        .to_string()
                ),
            ]
        );
        assert!(r.written().is_empty(), "a merge's text is not the file's");
    }
}
