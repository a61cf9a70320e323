//! The principles × stories matrix: which principles have two ready stories, which have gaps, and
//! which stories are stretched across too many principles to be believable.

use serde::Serialize;

use crate::model::Status;

/// Ready stories wanted per principle.
pub const TARGET_READY: usize = 2;
/// A story tagged with this many principles or more is flagged as stretched: one story rarely
/// evidences more than three principles convincingly.
pub const STRETCHED_AT: usize = 4;

/// What coverage needs of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryTags {
    /// Story id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Status.
    pub status: Status,
    /// Principle ids tagged.
    pub principles: Vec<String>,
}

/// One principle's row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CoverageRow {
    /// Principle id.
    pub principle: String,
    /// Principle name.
    pub name: String,
    /// Ready stories tagged with it.
    pub ready: Vec<i64>,
    /// Draft stories tagged with it.
    pub draft: Vec<i64>,
    /// Ready stories still missing to reach the target.
    pub missing: usize,
}

/// The whole matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Ready stories wanted per principle.
    pub target: usize,
    /// Rows, gaps first: fewest ready stories first, then the pack's order.
    pub rows: Vec<CoverageRow>,
    /// Principles with the target met.
    pub covered: usize,
    /// Stories tagged with [`STRETCHED_AT`] or more principles (not retired).
    pub stretched: Vec<StoryTags>,
    /// Tagged principle ids that the pack does not know (from an older pack), by story.
    pub unknown: Vec<(i64, String)>,
}

/// Builds the matrix for the pack's principles (`(id, name)` in pack order). Retired stories are left out.
pub fn coverage(principles: &[(&str, &str)], stories: &[StoryTags]) -> Coverage {
    let mut rows: Vec<CoverageRow> = principles
        .iter()
        .map(|(id, name)| CoverageRow {
            principle: (*id).to_string(),
            name: (*name).to_string(),
            ready: Vec::new(),
            draft: Vec::new(),
            missing: 0,
        })
        .collect();
    let index: std::collections::HashMap<&str, usize> = principles
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut stretched = Vec::new();
    let mut unknown = Vec::new();
    for s in stories.iter().filter(|s| s.status != Status::Retired) {
        for p in &s.principles {
            match index.get(p.as_str()) {
                Some(&i) => match s.status {
                    Status::Ready => rows[i].ready.push(s.id),
                    _ => rows[i].draft.push(s.id),
                },
                None => unknown.push((s.id, p.clone())),
            }
        }
        if s.principles.len() >= STRETCHED_AT {
            stretched.push(s.clone());
        }
    }
    for r in &mut rows {
        r.missing = TARGET_READY.saturating_sub(r.ready.len());
    }
    let covered = rows.iter().filter(|r| r.missing == 0).count();
    // Stable sort keeps the pack's order among rows with the same count.
    rows.sort_by_key(|r| r.ready.len().min(TARGET_READY));
    Coverage {
        target: TARGET_READY,
        rows,
        covered,
        stretched,
        unknown,
    }
}
