//! Checks and conversions every backend applies alike to what it stores: titles and list items
//! that fit a listing, JSON in and out, and scores read back.

use crate::{Result, StoreError};

/// Refuses list items (principle ids, tags) that are empty or hold control characters. Normalised
/// stories never have them; every backend refuses them the same way so the same story is stored
/// or refused everywhere (and SQLite's one-line listing stays unambiguous).
pub(crate) fn check_items(field: &str, items: &[String]) -> Result<()> {
    if let Some(bad) = items
        .iter()
        .find(|i| i.is_empty() || i.chars().any(char::is_control))
    {
        return Err(StoreError::Invalid(format!(
            "{field} item {bad:?} is empty or holds control characters"
        )));
    }
    Ok(())
}

/// Refuses a title with control characters or line breaks.
pub(crate) fn check_title(title: &str) -> Result<()> {
    if title.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "the title holds control characters or line breaks".into(),
        ));
    }
    Ok(())
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A stored score as the 0–100 the critic gives.
pub(crate) fn score_of(stored: i64) -> u8 {
    u8::try_from(stored.clamp(0, 100)).unwrap_or(0)
}
