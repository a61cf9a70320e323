//! The never-lose-a-word rule shared by every text saved as revisions (a design phase's notes, a
//! writing attempt): a save from the latest revision within the coalescing window replaces it in
//! place, a later one adds a revision, the same text writes none, and a save from an older
//! revision than the latest is refused (the caller names the conflict in its own words).

/// What a save does, decided from the latest revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RevisionSave {
    /// The same text as the latest (revision `0`: nothing saved yet, and an empty text): no
    /// revision written.
    Keep(i64),
    /// Replace this revision's text and time in place.
    Replace(i64),
    /// Add this revision.
    Add(i64),
}

impl RevisionSave {
    /// The latest revision after the save.
    pub(crate) fn rev(self) -> i64 {
        match self {
            RevisionSave::Keep(r) | RevisionSave::Replace(r) | RevisionSave::Add(r) => r,
        }
    }
}

/// A save started from `base_rev` while `current_rev` is the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stale {
    pub(crate) base_rev: i64,
    pub(crate) current_rev: i64,
}

/// The rule: `latest` is the latest revision as `(rev, body, saved_at)`, if there is one.
pub(crate) fn plan_revision(
    latest: Option<(i64, &str, i64)>,
    base_rev: i64,
    body: &str,
    now: i64,
    coalesce_ms: i64,
) -> Result<RevisionSave, Stale> {
    let Some((rev, text, saved_at)) = latest else {
        return match (body.is_empty(), base_rev) {
            (true, _) => Ok(RevisionSave::Keep(0)),
            (false, 0) => Ok(RevisionSave::Add(1)),
            (false, base) => Err(Stale {
                base_rev: base,
                current_rev: 0,
            }),
        };
    };
    if body == text {
        return Ok(RevisionSave::Keep(rev));
    }
    if base_rev != rev {
        return Err(Stale {
            base_rev,
            current_rev: rev,
        });
    }
    // A clock that went back is not "within": a new revision never loses a word.
    let since = now.saturating_sub(saved_at);
    if (0..coalesce_ms).contains(&since) {
        Ok(RevisionSave::Replace(rev))
    } else {
        Ok(RevisionSave::Add(rev + 1))
    }
}
