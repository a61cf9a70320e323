//! Stale saves: an edit started from an older revision is merged with what another window saved
//! meanwhile ([`tpmprep_app::edit::save_story`], shared with the CLI). The editor gets the merged
//! field values to put in its form (so its next autosave builds on them) and, when both sides changed
//! one text differently, both texts to choose from; the API gets the same as JSON.

use serde::Serialize;
use serde_json::{Map, Value, json};
use tpmprep_app::edit::{Refused, Saved, Take};
use tpmprep_stories::StoryContent;
use tpmprep_stories::diff::{Change, field_changes, shortened};
use tpmprep_stories::merge::label;

/// The editor's form value of each field (what its inputs hold): text as is, comma lists for tags and
/// teams, one `Name, role` line per partner, ids for the checkboxes, strings for metric rows.
fn form_values(c: &StoryContent) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in [
        ("title", c.title.clone()),
        ("status", c.status.as_str().to_string()),
        ("role", c.role.clone()),
        ("period", c.period.clone()),
        ("situation", c.situation.clone()),
        ("task", c.task.clone()),
        ("action", c.action.clone()),
        ("result", c.result.clone()),
        ("trade_off", c.trade_off.clone()),
        ("dissent", c.dissent.clone()),
        ("differently", c.differently.clone()),
        ("tags", c.tags.join(", ")),
        ("teams", c.teams.join(", ")),
        (
            "partners",
            c.partners
                .iter()
                .map(super::form::partner_line)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ] {
        m.insert(k.into(), Value::String(v));
    }
    m.insert("principles".into(), json!(c.principles));
    m.insert(
        "artifacts".into(),
        json!(c.artifacts.iter().map(|a| a.as_str()).collect::<Vec<_>>()),
    );
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    m.insert(
        "metrics".into(),
        Value::Array(
            c.metrics
                .iter()
                .map(|x| {
                    json!({
                        "measures": x.measures,
                        "value": x.value.to_string(),
                        "unit": x.unit,
                        "before": num(x.before),
                        "after": num(x.after),
                    })
                })
                .collect(),
        ),
    );
    m
}

/// The fields whose form value differs between what the form sent and what the story now holds.
fn changed_values(sent: &StoryContent, now: &StoryContent) -> Map<String, Value> {
    let before = form_values(sent);
    form_values(now)
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .collect()
}

/// What the editor's script reads from a save answer (`data-merge` on a hidden span).
#[derive(Serialize)]
struct Payload<'a> {
    /// The revision the form's next save builds on.
    rev: i64,
    /// The revision merged with.
    theirs: i64,
    /// Form values to put in (merged fields).
    fields: Map<String, Value>,
    /// Fields to settle, each with both texts.
    conflicts: Vec<ConflictView<'a>>,
}

#[derive(Serialize)]
struct ConflictView<'a> {
    field: &'a str,
    label: String,
    mine: &'a str,
    theirs: &'a str,
}

fn hidden(payload: &Payload<'_>) -> String {
    format!(
        "<span hidden class=\"merge-data\" data-merge=\"{}\"></span>",
        crate::error::escape(&serde_json::to_string(payload).unwrap_or_default())
    )
}

fn status(message: &str, error: bool, rev: i64, extra: &str) -> String {
    format!(
        "<span class=\"{}\">{}</span>{extra}<input type=\"hidden\" id=\"base_rev\" name=\"base_rev\" value=\"{rev}\" hx-swap-oob=\"true\">",
        if error { "error" } else { "saved" },
        crate::error::escape(message),
    )
}

/// The save-status fragment for a saved edit (merged or not).
pub(super) fn saved_status(sent: &StoryContent, saved: &Saved) -> String {
    let rev = saved.meta.rev;
    let Some(theirs) = saved.merged_with else {
        return status(&format!("Saved · revision {rev}"), false, rev, "");
    };
    let kept = saved.kept_words();
    let message = if kept.is_empty() {
        format!("Saved · revision {rev} · merged with revision {theirs} from another window")
    } else {
        format!(
            "Saved · revision {rev} · merged with revision {theirs} from another window: {}.",
            kept.join("; ")
        )
    };
    let payload = Payload {
        rev,
        theirs,
        fields: changed_values(sent, &saved.content),
        conflicts: Vec::new(),
    };
    status(&message, false, rev, &hidden(&payload))
}

/// The save-status fragment for a refused stale edit: both texts of each conflicting field, and the
/// cleanly merged fields to put in the form. The form keeps building on its old revision until each
/// conflict is settled, so no autosave can overwrite the other window's text meanwhile.
pub(super) fn conflict_status(sent: &StoryContent, r: &Refused) -> String {
    let names: Vec<String> = r.conflicts.iter().map(|c| label(c.field)).collect();
    let message = format!(
        "Not saved: another window saved revision {} with a different {}. Both versions are below; \
         keep yours or use theirs for each.",
        r.current_rev,
        names.join(" and ")
    );
    let payload = Payload {
        rev: r.base_rev,
        theirs: r.current_rev,
        fields: changed_values(sent, &r.merged),
        conflicts: r
            .conflicts
            .iter()
            .map(|c| ConflictView {
                field: c.field,
                label: label(c.field),
                mine: &c.mine,
                theirs: &c.theirs,
            })
            .collect(),
    };
    status(&message, true, r.base_rev, &hidden(&payload))
}

/// Reads `take` values (`mine`, `theirs`, `FIELD=mine|theirs`).
pub(super) fn take_of<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Take, String> {
    let mut take = Take::default();
    for v in values {
        take.add(v).map_err(|e| format!("take `{v}`: {e}"))?;
    }
    Ok(take)
}

/// The API's 409 body for a refused stale edit.
pub(super) fn conflict_json(r: &Refused) -> Value {
    json!({
        "error": format!(
            "story {} changed since your edit began: revision {} (saved since revision {}) changed {} differently; nothing was saved. Send again with `take` (e.g. [\"{}=mine\"]) or with base_rev {} after settling them.",
            r.id,
            r.current_rev,
            r.base_rev,
            r.conflicts.iter().map(|c| label(c.field)).collect::<Vec<_>>().join(", "),
            label(r.conflicts.first().map_or("action", |c| c.field)),
            r.current_rev,
        ),
        "base_rev": r.base_rev,
        "current_rev": r.current_rev,
        "conflicts": r.conflicts,
        "kept": r.kept,
        "merged": r.merged,
    })
}

/// One changed field as the history page shows it: its label, and long unchanged runs of a text
/// shortened to the words around each change.
#[derive(Serialize)]
pub(super) struct ChangeView {
    label: String,
    #[serde(flatten)]
    change: Change,
}

/// The field-by-field changes between two revisions, for the history page.
pub(super) fn changes_view(old: &StoryContent, new: &StoryContent) -> Vec<ChangeView> {
    field_changes(old, new)
        .into_iter()
        .map(|c| {
            let mut label = label(c.field);
            if let Some(first) = label.get(..1) {
                label = first.to_uppercase() + label.get(1..).unwrap_or("");
            }
            let change = match c.change {
                Change::Text { hunks } => Change::Text {
                    hunks: hunks.iter().map(|h| shortened(h)).collect(),
                },
                other => other,
            };
            ChangeView { label, change }
        })
        .collect()
}
