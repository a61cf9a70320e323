//! `story history`, `story diff` and `story restore`: the revisions of one story.

use super::*;

pub(crate) fn when(ms: i64) -> String {
    tpmprep_app::civil_time(ms)
}

pub(super) async fn history(
    store: &dyn Store,
    id: i64,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let revisions = store.revisions(LOCAL_USER, id).await?;
    if as_json {
        #[derive(Serialize)]
        struct Entry<'a> {
            rev: i64,
            created_at: i64,
            title: &'a str,
            status: tpmprep_stories::Status,
            changed: Vec<&'static str>,
            changes: Vec<FieldChange>,
        }
        let entries: Vec<Entry> = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| Entry {
                rev: r.rev,
                created_at: r.created_at,
                title: &r.content.title,
                status: r.content.status,
                changed: match i {
                    0 => Vec::new(),
                    _ => tpmprep_stories::changed_fields(&revisions[i - 1].content, &r.content),
                },
                changes: match i {
                    0 => Vec::new(),
                    _ => field_changes(&revisions[i - 1].content, &r.content),
                },
            })
            .collect();
        return json(&entries, text);
    }
    for (i, r) in revisions.iter().enumerate() {
        let what = match i {
            0 => "created".to_string(),
            _ => {
                let changed = tpmprep_stories::diff::summary(&field_changes(
                    &revisions[i - 1].content,
                    &r.content,
                ));
                if changed.is_empty() {
                    "no change".to_string()
                } else {
                    format!("changed {}", changed.join(", "))
                }
            }
        };
        let _ = writeln!(
            text,
            "rev {:>3}  {}  {:<7}  {what}",
            r.rev,
            when(r.created_at),
            r.content.status.as_str()
        );
    }
    let _ = writeln!(
        text,
        "\n{} revision{}. Compare: tpmprep story diff {id} A B · bring one back: tpmprep story restore {id} REV",
        revisions.len(),
        if revisions.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

pub(super) async fn diff(
    store: &dyn Store,
    id: i64,
    from: Option<i64>,
    to: Option<i64>,
    as_json: bool,
    text: &mut String,
) -> Result<()> {
    let story = store.story(LOCAL_USER, id).await?;
    let to = to.unwrap_or(story.meta.rev);
    let from = match from {
        Some(f) => f,
        None if to > 1 => to - 1,
        None => bail!("story {id} has only one revision; nothing to compare"),
    };
    let a = store.revision(LOCAL_USER, id, from).await?;
    let b = store.revision(LOCAL_USER, id, to).await?;
    let changes = field_changes(&a.content, &b.content);
    if as_json {
        #[derive(Serialize)]
        struct DiffJson {
            id: i64,
            from: i64,
            to: i64,
            changes: Vec<FieldChange>,
        }
        return json(
            &DiffJson {
                id,
                from,
                to,
                changes,
            },
            text,
        );
    }
    if changes.is_empty() {
        let _ = writeln!(text, "Revisions {from} and {to} are identical.");
    } else {
        let _ = writeln!(
            text,
            "Story {id}, revision {from} → {to}: {} changed\n",
            if changes.len() == 1 {
                "1 field".to_string()
            } else {
                format!("{} fields", changes.len())
            }
        );
        text.push_str(&tpmprep_stories::diff::render_plain(&changes));
    }
    Ok(())
}

pub(super) async fn restore(store: &dyn Store, id: i64, rev: i64, text: &mut String) -> Result<()> {
    let current = store.story(LOCAL_USER, id).await?;
    let old = store.revision(LOCAL_USER, id, rev).await?;
    if old.content == current.content {
        let _ = writeln!(
            text,
            "Revision {rev} is what story {id} already holds; nothing to do."
        );
        return Ok(());
    }
    let meta = store
        .update_story(LOCAL_USER, id, current.meta.rev, &old.content)
        .await?;
    let _ = writeln!(
        text,
        "Story {id}: revision {rev} restored as revision {} (revision {} is kept in the history).",
        meta.rev, current.meta.rev
    );
    Ok(())
}
