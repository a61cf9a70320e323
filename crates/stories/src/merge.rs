//! Three-way merge of two edits of one story made from the same base revision: "mine" (the edit
//! being saved) and "theirs" (what was saved meanwhile, now current), field by field.
//!
//! - A field changed on one side only takes that side's value.
//! - List fields (principles, tags, teams, partners, metrics, artifacts) merge as sets: the items
//!   either side added are in, the items either side removed are out.
//! - A free-text field changed on both sides merges line by line (a paragraph is a line) when the
//!   changed lines do not touch; otherwise it is a [`Conflict`] carrying both texts.
//! - One-line fields (title, role, period) and the status changed differently on both sides are
//!   conflicts too. Nothing is dropped: a conflict holds both values, and [`Merge::take`] picks one.
//!
//! Pure: no IO, no clock.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::{Artifact, Metric, Partner, StoryContent};

/// One side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The edit being saved.
    Mine,
    /// What was saved meanwhile (the current revision).
    Theirs,
}

impl std::str::FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mine" | "yours" | "ours" => Ok(Side::Mine),
            "theirs" => Ok(Side::Theirs),
            other => Err(format!("unknown side `{other}` (valid: mine, theirs)")),
        }
    }
}

/// A field both sides changed in different ways. Holds every version, so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The field, as [`StoryContent`] names it (`action`, `title`...).
    pub field: &'static str,
    /// Its value in the common base revision.
    pub base: String,
    /// Its value in the edit being saved.
    pub mine: String,
    /// Its value in the current revision.
    pub theirs: String,
}

/// A change the other side made that the merge kept (what a blind overwrite would have dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// The field.
    pub field: &'static str,
    /// What they did.
    #[serde(flatten)]
    pub change: KeptChange,
    /// The revisions that made the change, once [`Merge::attribute`] has read the history.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<i64>,
}

/// What the other side did to a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", content = "item", rename_all = "lowercase")]
pub enum KeptChange {
    /// Added an item to a list.
    Added(String),
    /// Removed an item from a list.
    Removed(String),
    /// Changed a field mine left alone.
    Changed,
    /// Changed other lines of a text mine changed too.
    Lines,
    /// Changed it differently; their value was taken to settle the conflict.
    Taken,
}

impl Kept {
    fn new(field: &'static str, change: KeptChange) -> Kept {
        Kept {
            field,
            change,
            revisions: Vec::new(),
        }
    }

    /// In words, naming where the change came from: the revisions that made it when they are known
    /// ([`Merge::attribute`]), else `from` (as [`revisions`] words it): "kept the tag `migration`
    /// added in revision 5".
    pub fn describe(&self, from: &str) -> String {
        let own;
        let from = if self.revisions.is_empty() {
            from
        } else {
            own = revision_list(&self.revisions);
            &own
        };
        let noun = noun(self.field);
        let name = label(self.field);
        match &self.change {
            KeptChange::Added(item) => format!("kept the {noun} `{item}` added in {from}"),
            KeptChange::Removed(item) => {
                format!("kept the removal of the {noun} `{item}` in {from}")
            }
            KeptChange::Changed => format!("kept the {name} as {from} changed it"),
            KeptChange::Lines => {
                format!("merged your lines of the {name} with those {from} changed")
            }
            KeptChange::Taken => format!("took the {name} of {from}"),
        }
    }
}

/// The revisions saved after `base` up to `theirs`, in words: `revision 5`, `revisions 4–6`.
pub fn revisions(base: i64, theirs: i64) -> String {
    if theirs <= base.saturating_add(1) {
        format!("revision {theirs}")
    } else {
        format!("revisions {}–{theirs}", base.saturating_add(1))
    }
}

/// Some revisions in words: `revision 2`, `revisions 2–4` (a run), `revisions 2, 4 and 6`.
pub fn revision_list(revs: &[i64]) -> String {
    let mut revs = revs.to_vec();
    revs.sort_unstable();
    revs.dedup();
    match revs.as_slice() {
        [] => "no revision".into(),
        [one] => format!("revision {one}"),
        [first, .., last] if last - first + 1 == revs.len() as i64 => {
            format!("revisions {first}–{last}")
        }
        [head @ .., last] => format!(
            "revisions {} and {last}",
            head.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One item of a list field, in words: `tags` → `tag`.
fn noun(field: &str) -> &'static str {
    match field {
        "principles" => "principle",
        "tags" => "tag",
        "teams" => "team",
        "partners" => "partner",
        "metrics" => "metric",
        "artifacts" => "artifact",
        _ => "item",
    }
}

/// The result of [`merge`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    /// The merged story. A conflicting field holds mine's value until [`Merge::take`] says otherwise.
    pub content: StoryContent,
    /// The other side's changes that were kept.
    pub kept: Vec<Kept>,
    /// Fields changed differently on both sides, in field order.
    pub conflicts: Vec<Conflict>,
}

impl Merge {
    /// True when no conflict is left.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// Resolves the conflict on `field` with one side's value. False when `field` has no conflict.
    pub fn take(&mut self, field: &str, side: Side) -> bool {
        let Some(i) = self.conflicts.iter().position(|c| c.field == field) else {
            return false;
        };
        let c = self.conflicts.remove(i);
        let value = match side {
            Side::Mine => c.mine,
            Side::Theirs => c.theirs,
        };
        set_scalar(&mut self.content, c.field, value);
        if side == Side::Theirs {
            self.kept.push(Kept::new(c.field, KeptChange::Taken));
        }
        true
    }

    /// Names, for each kept change, the revisions that really made it. `history` holds the
    /// revisions from the merge's base to "theirs", in order (base first): a tag added in revision 2
    /// of a merge from 1 to 3 reads "added in revision 2", not "in revisions 2–3".
    pub fn attribute(&mut self, history: &[(i64, &StoryContent)]) {
        attribute(&mut self.kept, history);
    }

    /// Resolves every remaining conflict with one side's value.
    pub fn take_all(&mut self, side: Side) {
        let fields: Vec<&'static str> = self.conflicts.iter().map(|c| c.field).collect();
        for f in fields {
            self.take(f, side);
        }
    }
}

/// The fields that can conflict (one-line, status and free text), in [`StoryContent`] order.
pub const SCALAR_FIELDS: [&str; 11] = [
    "title",
    "status",
    "role",
    "period",
    "trade_off",
    "dissent",
    "differently",
    "situation",
    "task",
    "action",
    "result",
];

/// Free-text fields, merged line by line.
const TEXT_FIELDS: [&str; 7] = [
    "trade_off",
    "dissent",
    "differently",
    "situation",
    "task",
    "action",
    "result",
];

/// How a field is named in messages: `trade_off` → `trade-off`.
pub fn label(field: &str) -> String {
    field.replace('_', "-")
}

fn scalar(c: &StoryContent, field: &str) -> String {
    match field {
        "title" => c.title.clone(),
        "status" => c.status.as_str().to_string(),
        "role" => c.role.clone(),
        "period" => c.period.clone(),
        "trade_off" => c.trade_off.clone(),
        "dissent" => c.dissent.clone(),
        "differently" => c.differently.clone(),
        "situation" => c.situation.clone(),
        "task" => c.task.clone(),
        "action" => c.action.clone(),
        "result" => c.result.clone(),
        _ => String::new(),
    }
}

fn set_scalar(c: &mut StoryContent, field: &str, value: String) {
    match field {
        "status" => c.status = value.parse().unwrap_or(c.status),
        _ => {
            if let Some(text) = c.text_mut(field) {
                *text = value;
            }
        }
    }
}

/// Merges `mine` and `theirs`, both edits of `base`. See the module documentation for the rules.
pub fn merge(base: &StoryContent, theirs: &StoryContent, mine: &StoryContent) -> Merge {
    let mut content = mine.clone();
    let mut kept = Vec::new();
    let mut conflicts = Vec::new();
    for field in SCALAR_FIELDS {
        let (b, t, m) = (
            scalar(base, field),
            scalar(theirs, field),
            scalar(mine, field),
        );
        if t == b || t == m {
            continue; // mine's value stands
        }
        if m == b {
            set_scalar(&mut content, field, t);
            kept.push(Kept::new(field, KeptChange::Changed));
            continue;
        }
        match TEXT_FIELDS
            .contains(&field)
            .then(|| merge_lines(&b, &t, &m))
            .flatten()
        {
            Some(merged) => {
                set_scalar(&mut content, field, merged);
                kept.push(Kept::new(field, KeptChange::Lines));
            }
            None => conflicts.push(Conflict {
                field,
                base: b,
                mine: m,
                theirs: t,
            }),
        }
    }
    let id = |s: &String| s.clone();
    content.principles = list(
        "principles",
        &base.principles,
        &theirs.principles,
        &mine.principles,
        id,
        &mut kept,
    );
    content.tags = list("tags", &base.tags, &theirs.tags, &mine.tags, id, &mut kept);
    content.teams = list(
        "teams",
        &base.teams,
        &theirs.teams,
        &mine.teams,
        id,
        &mut kept,
    );
    content.partners = list(
        "partners",
        &base.partners,
        &theirs.partners,
        &mine.partners,
        partner_text,
        &mut kept,
    );
    content.metrics = list(
        "metrics",
        &base.metrics,
        &theirs.metrics,
        &mine.metrics,
        metric_text,
        &mut kept,
    );
    content.artifacts = list(
        "artifacts",
        &base.artifacts,
        &theirs.artifacts,
        &mine.artifacts,
        |a: &Artifact| a.as_str().to_string(),
        &mut kept,
    );
    content.normalize();
    Merge {
        content,
        kept,
        conflicts,
    }
}

/// A partner as one line: `Name (role)`.
pub fn partner_text(p: &Partner) -> String {
    if p.role.is_empty() {
        p.name.clone()
    } else {
        format!("{} ({})", p.name, p.role)
    }
}

/// A metric as one line: `40% checkout p99 latency (100 → 60)`.
pub fn metric_text(m: &Metric) -> String {
    let change = match (m.before, m.after) {
        (Some(b), Some(a)) => format!(" ({b} → {a})"),
        _ => String::new(),
    };
    format!("{}{} {}{change}", m.value, m.unit, m.measures)
        .trim()
        .to_string()
}

/// Set merge of a list: theirs, less what mine removed, plus what mine added (in mine's order).
/// When theirs did not change the list, mine stands exactly (order included).
fn list<T: PartialEq + Clone>(
    field: &'static str,
    base: &[T],
    theirs: &[T],
    mine: &[T],
    show: impl Fn(&T) -> String,
    kept: &mut Vec<Kept>,
) -> Vec<T> {
    if theirs == base || theirs == mine {
        return mine.to_vec();
    }
    for t in theirs
        .iter()
        .filter(|t| !base.contains(t) && !mine.contains(t))
    {
        kept.push(Kept::new(field, KeptChange::Added(show(t))));
    }
    for b in base
        .iter()
        .filter(|b| !theirs.contains(b) && mine.contains(b))
    {
        kept.push(Kept::new(field, KeptChange::Removed(show(b))));
    }
    let mut out: Vec<T> = theirs
        .iter()
        .filter(|t| !base.contains(t) || mine.contains(t))
        .cloned()
        .collect();
    for m in mine {
        if !base.contains(m) && !out.contains(m) {
            out.push(m.clone());
        }
    }
    out
}

/// A list field's items in words (as [`Kept`] names them), or `None` for a field that is no list.
fn items(c: &StoryContent, field: &str) -> Option<Vec<String>> {
    Some(match field {
        "principles" => c.principles.clone(),
        "tags" => c.tags.clone(),
        "teams" => c.teams.clone(),
        "partners" => c.partners.iter().map(partner_text).collect(),
        "metrics" => c.metrics.iter().map(metric_text).collect(),
        "artifacts" => c.artifacts.iter().map(|a| a.as_str().to_string()).collect(),
        _ => return None,
    })
}

/// See [`Merge::attribute`].
fn attribute(kept: &mut [Kept], history: &[(i64, &StoryContent)]) {
    for k in kept.iter_mut() {
        let mut revs = Vec::new();
        for pair in history.windows(2) {
            let ((_, before), (rev, after)) = (pair[0], pair[1]);
            let made = match &k.change {
                KeptChange::Added(item) => {
                    let has = |c: &StoryContent| {
                        items(c, k.field).is_some_and(|v| v.iter().any(|i| i == item))
                    };
                    has(after) && !has(before)
                }
                KeptChange::Removed(item) => {
                    let has = |c: &StoryContent| {
                        items(c, k.field).is_some_and(|v| v.iter().any(|i| i == item))
                    };
                    has(before) && !has(after)
                }
                _ => scalar(before, k.field) != scalar(after, k.field),
            };
            if made {
                revs.push(rev);
            }
        }
        // An item added, removed and added again was last added by the last of them.
        if matches!(k.change, KeptChange::Added(_) | KeptChange::Removed(_)) && revs.len() > 1 {
            revs.drain(..revs.len() - 1);
        }
        k.revisions = revs;
    }
}

/// How far apart two versions of a story are: the fields that differ, then the lines (of texts)
/// and items (of lists) that differ, for ties.
pub fn distance(a: &StoryContent, b: &StoryContent) -> (usize, usize) {
    let fields = crate::changed_fields(a, b);
    let mut units = 0;
    for f in &fields {
        units += match items(a, f) {
            Some(x) => {
                let y = items(b, f).unwrap_or_default();
                x.iter().filter(|i| !y.contains(i)).count()
                    + y.iter().filter(|i| !x.contains(i)).count()
            }
            None => {
                let (x, y) = (scalar(a, f), scalar(b, f));
                let (x, y): (Vec<&str>, Vec<&str>) =
                    (x.split('\n').collect(), y.split('\n').collect());
                capture_diff_slices(Algorithm::Myers, &x, &y)
                    .iter()
                    .map(|op| match op.as_tag_tuple() {
                        (similar::DiffTag::Equal, _, _) => 0,
                        (_, old, new) => old.len() + new.len(),
                    })
                    .sum::<usize>()
                    .max(1)
            }
        };
    }
    (fields.len(), units)
}

/// The revision of `history` (number, content; any order) that `file` resembles most: the fewest
/// differing fields, then the fewest differing lines and items, then the newest. `None` when the
/// history is empty.
pub fn closest(file: &StoryContent, history: &[(i64, &StoryContent)]) -> Option<i64> {
    history
        .iter()
        .min_by_key(|(rev, c)| (distance(file, c), std::cmp::Reverse(*rev)))
        .map(|(rev, _)| *rev)
}

/// Which revision a file is taken to be based on, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "how", rename_all = "kebab-case")]
pub enum Base {
    /// The revision the file records (or the caller names).
    Recorded {
        /// The revision.
        rev: i64,
    },
    /// The file records none: the revision it resembles most.
    Closest {
        /// The revision.
        rev: i64,
        /// A revision the file records that the story does not have (a file from another bank?).
        #[serde(skip_serializing_if = "Option::is_none")]
        unknown: Option<i64>,
    },
}

impl Base {
    /// The revision.
    pub fn rev(self) -> i64 {
        match self {
            Base::Recorded { rev } | Base::Closest { rev, .. } => rev,
        }
    }

    /// Picks the base of `file`, an edit of the story whose revisions are `history` (number,
    /// content; any order): the `recorded` revision when the story has it, else the closest one
    /// ([`closest`]). `None` only for an empty history.
    pub fn choose(
        file: &StoryContent,
        recorded: Option<i64>,
        history: &[(i64, &StoryContent)],
    ) -> Option<Base> {
        if let Some(rev) = recorded {
            if history.iter().any(|(r, _)| *r == rev) {
                return Some(Base::Recorded { rev });
            }
        }
        closest(file, history).map(|rev| Base::Closest {
            rev,
            unknown: recorded,
        })
    }

    /// Why the base was assumed, in words, when the file did not record it: "This file names no
    /// revision; it matches revision 4 most closely". `None` for a recorded base.
    pub fn assumed_words(self) -> Option<String> {
        match self {
            Base::Recorded { .. } => None,
            Base::Closest { rev, unknown: None } => Some(format!(
                "This file names no revision it was written from; it matches revision {rev} most closely"
            )),
            Base::Closest {
                rev,
                unknown: Some(u),
            } => Some(format!(
                "This file says it was written from revision {u}, which this story does not have \
                 (a file from another bank?); it matches revision {rev} most closely"
            )),
        }
    }
}

/// What to do with a file's version of a story the bank holds (an import): see [`reconcile`].
#[derive(Debug, Clone, PartialEq)]
pub enum Reconciled {
    /// The bank holds the file's text already (or every change of it): nothing to write.
    Unchanged,
    /// The file was written from the current revision: its text is the next revision.
    Update,
    /// The file is unchanged since its base and the bank has saved newer revisions: nothing to
    /// write (the file is older).
    Older {
        /// The file's base.
        base: Base,
    },
    /// Both the file and the bank changed since the base, in different places: the merge is the
    /// next revision.
    Merged {
        /// The file's base.
        base: Base,
        /// The merged story.
        content: Box<StoryContent>,
        /// The bank's changes kept, with the revisions that made them.
        kept: Vec<Kept>,
    },
    /// Both changed the same fields differently: the bank's version stands.
    Conflict {
        /// The file's base.
        base: Base,
        /// The fields in conflict, with every version.
        conflicts: Vec<Conflict>,
    },
}

/// Decides what a file's version of a story (`file`, written from revision `recorded` if it says
/// so) does to the story whose revisions are `history` (number, content; in order, the last is
/// current). Nothing the bank saved since the file's base is undone: the two are merged, and on a
/// conflict the bank's version stands. `history` must not be empty.
pub fn reconcile(
    file: &StoryContent,
    recorded: Option<i64>,
    history: &[(i64, &StoryContent)],
) -> Reconciled {
    let Some(&(current_rev, current)) = history.last() else {
        return Reconciled::Update;
    };
    if file == current {
        return Reconciled::Unchanged;
    }
    let Some(base) = Base::choose(file, recorded, history) else {
        return Reconciled::Update;
    };
    if base.rev() >= current_rev {
        return Reconciled::Update;
    }
    let Some(start) = history.iter().position(|(r, _)| *r == base.rev()) else {
        return Reconciled::Update;
    };
    let base_content = history[start].1;
    if file == base_content {
        return Reconciled::Older { base };
    }
    let mut m = merge(base_content, current, file);
    if !m.is_clean() {
        return Reconciled::Conflict {
            base,
            conflicts: m.conflicts,
        };
    }
    if &m.content == current {
        return Reconciled::Unchanged;
    }
    m.attribute(&history[start..]);
    Reconciled::Merged {
        base,
        content: Box::new(m.content),
        kept: m.kept,
    }
}

/// One side's changes to the base, as replaced base line ranges.
struct Hunk<'a> {
    start: usize,
    end: usize,
    lines: &'a [&'a str],
    mine: bool,
}

fn hunks<'a>(base: &[&str], other: &'a [&'a str], mine: bool) -> Vec<Hunk<'a>> {
    capture_diff_slices(Algorithm::Myers, base, other)
        .into_iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (_, old, new) = op.as_tag_tuple();
            Hunk {
                start: old.start,
                end: old.end,
                lines: &other[new],
                mine,
            }
        })
        .collect()
}

/// `base[start..end]` with `hunks` (all inside that range, in order) applied.
fn apply<'a>(base: &[&'a str], start: usize, end: usize, hunks: &[&Hunk<'a>]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut pos = start;
    for h in hunks {
        out.extend_from_slice(&base[pos..h.start]);
        out.extend_from_slice(h.lines);
        pos = h.end;
    }
    out.extend_from_slice(&base[pos..end]);
    out
}

/// Line-level three-way merge of a text both sides changed. `None` when the two sides changed the
/// same or neighbouring lines differently.
fn merge_lines(base: &str, theirs: &str, mine: &str) -> Option<String> {
    let b: Vec<&str> = base.split('\n').collect();
    let t: Vec<&str> = theirs.split('\n').collect();
    let m: Vec<&str> = mine.split('\n').collect();
    let mut all = hunks(&b, &t, false);
    all.extend(hunks(&b, &m, true));
    all.sort_by_key(|h| (h.start, h.end));
    let mut out: Vec<&str> = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while i < all.len() {
        // A cluster: hunks whose base ranges overlap or touch.
        let start = all[i].start;
        let mut end = all[i].end;
        let mut j = i + 1;
        while j < all.len() && all[j].start <= end {
            end = end.max(all[j].end);
            j += 1;
        }
        let cluster = &all[i..j];
        let mine_h: Vec<&Hunk> = cluster.iter().filter(|h| h.mine).collect();
        let theirs_h: Vec<&Hunk> = cluster.iter().filter(|h| !h.mine).collect();
        out.extend_from_slice(&b[pos..start]);
        let version = if theirs_h.is_empty() {
            apply(&b, start, end, &mine_h)
        } else if mine_h.is_empty() {
            apply(&b, start, end, &theirs_h)
        } else {
            let a = apply(&b, start, end, &mine_h);
            if a != apply(&b, start, end, &theirs_h) {
                return None;
            }
            a
        };
        out.extend(version);
        pos = end;
        i = j;
    }
    out.extend_from_slice(&b[pos..]);
    Some(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_changed_apart_merge_and_lines_changed_together_conflict() {
        let base = "one\n\ntwo\n\nthree";
        assert_eq!(
            merge_lines(base, "ONE\n\ntwo\n\nthree", "one\n\ntwo\n\nTHREE").as_deref(),
            Some("ONE\n\ntwo\n\nTHREE")
        );
        assert_eq!(
            merge_lines(base, "one\n\n2\n\nthree", "one\n\nTWO\n\nthree"),
            None
        );
        // The same change on both sides is no conflict.
        assert_eq!(
            merge_lines(base, "one\n\nTWO\n\nthree\n\nfour", "one\n\nTWO\n\nthree").as_deref(),
            Some("one\n\nTWO\n\nthree\n\nfour")
        );
        // Neighbouring lines are a conflict (as in git): too close to trust.
        assert_eq!(merge_lines("a\nb", "A\nb", "a\nB"), None);
    }
}
