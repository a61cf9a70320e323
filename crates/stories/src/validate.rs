//! Rules a story must meet before it is saved.

use crate::model::*;

/// One rule broken, by field path (e.g. `principles[1]`, `metrics[0].value`, `action`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Field path.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// An integer as the product writes counts and limits: "20,000", "69,999", "-2,514". One spelling
/// for the CLI, the pages and the story checks.
pub fn thousands(n: impl std::fmt::Display) -> String {
    let text = n.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text.as_str()),
    };
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Checks a (normalised) story against the size limits and the pack's principle ids.
pub fn validate(story: &StoryContent, principle_ids: &[&str]) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut err = |field: String, message: String| out.push(FieldError { field, message });

    if story.title.is_empty() {
        err("title".into(), "a story needs a title".into());
    }
    let title_chars = story.title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        err(
            "title".into(),
            format!(
                "is {} characters; the limit is {}",
                thousands(title_chars),
                thousands(MAX_TITLE_CHARS)
            ),
        );
    }
    for (name, text) in [
        ("situation", &story.situation),
        ("task", &story.task),
        ("action", &story.action),
        ("result", &story.result),
        ("trade_off", &story.trade_off),
        ("dissent", &story.dissent),
        ("differently", &story.differently),
    ] {
        let n = text.chars().count();
        if n > MAX_FIELD_CHARS {
            err(
                name.into(),
                format!(
                    "is {} characters; the limit is {} (about 3,000 words)",
                    thousands(n),
                    thousands(MAX_FIELD_CHARS)
                ),
            );
        }
    }
    for (name, text) in [("role", &story.role), ("period", &story.period)] {
        let n = text.chars().count();
        if n > MAX_SHORT_CHARS {
            err(
                name.into(),
                format!(
                    "is {} characters; the limit is {}",
                    thousands(n),
                    thousands(MAX_SHORT_CHARS)
                ),
            );
        }
    }
    for (name, len) in [
        ("principles", story.principles.len()),
        ("tags", story.tags.len()),
        ("teams", story.teams.len()),
        ("partners", story.partners.len()),
        ("metrics", story.metrics.len()),
    ] {
        if len > MAX_ITEMS {
            err(
                name.into(),
                format!(
                    "has {} items; the limit is {}",
                    thousands(len),
                    thousands(MAX_ITEMS)
                ),
            );
        }
    }
    for (name, list) in [("tags", &story.tags), ("teams", &story.teams)] {
        for (i, v) in list.iter().enumerate() {
            if v.chars().count() > MAX_SHORT_CHARS {
                err(
                    format!("{name}[{i}]"),
                    format!("is over {} characters", thousands(MAX_SHORT_CHARS)),
                );
            }
        }
    }
    for (i, p) in story.principles.iter().enumerate() {
        if !principle_ids.contains(&p.as_str()) {
            err(
                format!("principles[{i}]"),
                format!(
                    "unknown principle id `{p}` (valid: {})",
                    principle_ids.join(", ")
                ),
            );
        }
    }
    for (i, p) in story.partners.iter().enumerate() {
        if p.name.is_empty() {
            err(
                format!("partners[{i}].name"),
                "a partner needs a name (or initials)".into(),
            );
        }
        if p.name.chars().count() > MAX_SHORT_CHARS || p.role.chars().count() > MAX_SHORT_CHARS {
            err(
                format!("partners[{i}]"),
                format!(
                    "name and role are limited to {} characters",
                    thousands(MAX_SHORT_CHARS)
                ),
            );
        }
    }
    for (i, m) in story.metrics.iter().enumerate() {
        for (name, v) in [
            ("value", Some(m.value)),
            ("before", m.before),
            ("after", m.after),
        ] {
            if v.is_some_and(|v| !v.is_finite()) {
                err(
                    format!("metrics[{i}].{name}"),
                    "must be a finite number".into(),
                );
            }
        }
        if m.measures.is_empty() {
            err(
                format!("metrics[{i}].measures"),
                "say what the number measures, e.g. \"checkout p99 latency\"".into(),
            );
        }
        if m.unit.chars().count() > MAX_SHORT_CHARS || m.measures.chars().count() > MAX_SHORT_CHARS
        {
            err(
                format!("metrics[{i}]"),
                format!(
                    "unit and measures are limited to {} characters",
                    thousands(MAX_SHORT_CHARS)
                ),
            );
        }
    }
    out
}
