//! The editor's form read into a story (and written back, one partner a line), and a story checked
//! against the pack with every problem named as the editor labels its field.

use tpmprep_stories::{Artifact, Metric, Partner, StoryContent};

use crate::AppState;

/// A partner as the editor's form writes it, one per line: `Name, role` (read back by the form
/// parser below).
pub(super) fn partner_line(p: &Partner) -> String {
    if p.role.is_empty() {
        p.name.clone()
    } else {
        format!("{}, {}", p.name, p.role)
    }
}

/// Reads the editor's form into a story and the revision it was based on; see [`parse_form`].
pub(super) fn content_of_form(body: &[u8]) -> Result<(i64, StoryContent), String> {
    let (base_rev, c) = parse_form(body)?;
    let base_rev = base_rev.ok_or("the form lost its revision number; reload the page")?;
    Ok((base_rev, c))
}

/// Reads the editor's form into a story: repeated keys for principles and artifacts, comma lists for
/// tags and teams, one partner per line (`Name, role`), metric rows `metric_*_N`; and `base_rev`,
/// the revision it was based on, if the form has one.
pub(super) fn parse_form(body: &[u8]) -> Result<(Option<i64>, StoryContent), String> {
    let mut c = StoryContent::default();
    let mut base_rev: Option<i64> = None;
    let mut rows: std::collections::BTreeMap<usize, [String; 5]> = Default::default();
    let list = |v: &str| -> Vec<String> {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "base_rev" => base_rev = v.trim().parse().ok(),
            "status" => c.status = v.parse()?,
            "principles" => c.principles.push(v),
            "tags" => c.tags = list(&v),
            "teams" => c.teams = list(&v),
            "partners" => {
                c.partners = v
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| match l.split_once(',') {
                        Some((n, r)) => Partner {
                            name: n.trim().into(),
                            role: r.trim().into(),
                        },
                        None => Partner {
                            name: l.into(),
                            role: String::new(),
                        },
                    })
                    .collect();
            }
            "artifacts" => {
                let a = Artifact::ALL
                    .into_iter()
                    .find(|a| a.as_str() == v)
                    .ok_or_else(|| format!("unknown artifact `{v}`"))?;
                c.artifacts.push(a);
            }
            other => {
                if let Some(text) = c.text_mut(other) {
                    *text = v;
                } else if let Some(rest) = other.strip_prefix("metric_") {
                    if let Some((field, n)) = rest.rsplit_once('_') {
                        let n: usize = n.parse().map_err(|_| format!("bad field `{other}`"))?;
                        if n >= tpmprep_stories::MAX_ITEMS {
                            return Err(format!("too many metric rows (`{other}`)"));
                        }
                        let row = rows.entry(n).or_default();
                        let slot = match field {
                            "measures" => 0,
                            "value" => 1,
                            "unit" => 2,
                            "before" => 3,
                            "after" => 4,
                            _ => return Err(format!("unknown field `{other}`")),
                        };
                        row[slot] = v;
                    }
                }
            }
        }
    }
    let num = |s: &str, what: &str| -> Result<Option<f64>, String> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| format!("metric {what} `{t}` is not a number"))
    };
    for (_, [measures, value, unit, before, after]) in rows {
        let value = num(&value, "value")?;
        let before = num(&before, "before")?;
        let after = num(&after, "after")?;
        if measures.trim().is_empty() && value.is_none() && before.is_none() && after.is_none() {
            continue;
        }
        c.metrics.push(Metric {
            value: value.or(after).unwrap_or(0.0),
            unit,
            measures,
            before,
            after,
        });
    }
    Ok((base_rev, c.normalized()))
}

pub(super) fn check(state: &AppState, c: &StoryContent) -> Result<(), String> {
    let ids: Vec<&str> = state
        .pack()
        .principles
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let errors = tpmprep_stories::validate(c, &ids);
    if errors.is_empty() {
        Ok(())
    } else {
        // A message that is a sentence of its own ("a story needs a title") reads without its field;
        // one that goes on from its field ("is 69,999 characters; …") follows the field's name.
        Err(errors
            .iter()
            .map(|e| {
                if e.message.starts_with("a ") {
                    e.message.clone()
                } else if e.message.starts_with("is ") || e.message.starts_with("has ") {
                    format!("{} {}", field_name(&e.field), e.message)
                } else {
                    format!("{}: {}", e.field, e.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "))
    }
}

/// A field as the editor labels it: "action" → "Action", "trade_off" → "The trade-off", "tags[2]"
/// → "Tag 3".
fn field_name(field: &str) -> String {
    let (name, index) = match field.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (field, None),
    };
    let label = match (name, index) {
        ("trade_off", _) => "The trade-off".to_string(),
        ("dissent", _) => "Who disagreed".to_string(),
        ("differently", _) => "What you would do differently".to_string(),
        ("role", _) => "Your role then".to_string(),
        ("period", _) => "When".to_string(),
        ("tags", Some(_)) => "Tag".to_string(),
        ("teams", Some(_)) => "Team".to_string(),
        (other, _) => {
            let mut chars = other.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    };
    match index {
        Some(i) => format!("{label} {}", i.saturating_add(1)),
        None => label,
    }
}
