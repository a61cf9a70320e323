//! How values are packed into SQLite columns and read back: list columns, JSON, and the one-value
//! listings (`group_concat`) that save shipping rows one by one from SQLite's worker thread.

use sqlx::Row;
use tpmprep_stories::Status;

use crate::values::check_items;
pub(super) use crate::values::{check_title, from_json, score_of, to_json};
use crate::{Result, StoreError, StoryMeta, StorySummary};

/// Separates list items in the `principles` and `tags` columns.
const ITEM_SEP: char = '\u{1f}';

/// Joins one-line values for a list column. Normalised values hold no control characters, tabs or
/// newlines; anything else is refused so the listing format below stays unambiguous.
pub(super) fn join_items(field: &str, items: &[String]) -> Result<String> {
    check_items(field, items)?;
    Ok(items.join(&ITEM_SEP.to_string()))
}

fn split_items(s: &str) -> Vec<String> {
    s.split(ITEM_SEP)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lines of `N` space-separated integers (as a `group_concat` query returns them), or `Corrupt`
/// naming `what` and the line.
pub(super) fn int_lines<const N: usize>(list: &str, what: &str) -> Result<Vec<[i64; N]>> {
    list.lines()
        .map(|line| {
            let mut fields = line.split(' ').map(str::parse::<i64>);
            let mut out = [0i64; N];
            for slot in &mut out {
                *slot = fields
                    .next()
                    .and_then(|f| f.ok())
                    .ok_or_else(|| StoreError::Corrupt(format!("{what} line `{line}`")))?;
            }
            Ok(out)
        })
        .collect()
}

/// Parses one line of the listing built in `list_stories`: eleven tab-separated fields, title last.
pub(super) fn parse_listing_line(line: &str) -> Result<StorySummary> {
    let bad = || StoreError::Corrupt(format!("unreadable story listing line {line:?}"));
    let mut fields = [""; 11];
    let mut parts = line.splitn(11, '\t');
    for slot in &mut fields {
        *slot = parts.next().ok_or_else(bad)?;
    }
    let [
        id,
        rev,
        used,
        created,
        updated,
        trashed,
        status,
        principles,
        tags,
        uid,
        title,
    ] = fields;
    let int = |s: &str| s.parse::<i64>().map_err(|_| bad());
    Ok(StorySummary {
        meta: StoryMeta {
            id: int(id)?,
            uid: uid.to_string(),
            rev: int(rev)?,
            times_used: int(used)?,
            created_at: int(created)?,
            updated_at: int(updated)?,
            trashed_at: if trashed.is_empty() {
                None
            } else {
                Some(int(trashed)?)
            },
        },
        title: title.to_string(),
        status: status.parse::<Status>().map_err(StoreError::Corrupt)?,
        principles: split_items(principles),
        tags: split_items(tags),
    })
}

pub(super) fn summary(row: &sqlx::sqlite::SqliteRow) -> Result<StorySummary> {
    let status: String = row.try_get("status")?;
    Ok(StorySummary {
        meta: StoryMeta {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            rev: row.try_get("rev")?,
            times_used: row.try_get("times_used")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            trashed_at: row.try_get("trashed_at")?,
        },
        title: row.try_get("title")?,
        status: status.parse::<Status>().map_err(StoreError::Corrupt)?,
        principles: split_items(&row.try_get::<String, _>("principles")?),
        tags: split_items(&row.try_get::<String, _>("tags")?),
    })
}
