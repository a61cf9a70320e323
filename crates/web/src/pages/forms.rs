//! What the plan and drill pages share: the clock, reading a form body (repeated keys kept), and
//! the CSRF check of a plain form post (no JavaScript: the token comes in the body, the field
//! `csrf`; htmx sends it as a header, which the guard has checked already).

use axum::http::HeaderMap;

use crate::AppState;

/// Now, unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A form body as (key, value) pairs, in order, repeated keys kept.
pub(crate) struct FormBody(pub(crate) Vec<(String, String)>);

impl FormBody {
    pub(crate) fn parse(body: &[u8]) -> FormBody {
        FormBody(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key` (checkboxes).
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Whether a page's form post proves it came from this site's page: the header (checked by the
/// guard) or, for a plain form post, the token in the body.
pub(crate) fn token_ok(state: &AppState, headers: &HeaderMap, form: &FormBody) -> bool {
    headers.contains_key(crate::CSRF_HEADER)
        || form
            .get("csrf")
            .is_some_and(|t| !t.is_empty() && t == state.csrf())
}

/// The field an app error names (`"hours_per_week: 0 is outside 1–80"` → `hours_per_week`), if
/// its message starts with one of `fields`.
pub(crate) fn field_of<'a>(message: &str, fields: &[&'a str]) -> Option<&'a str> {
    let head = message.split(':').next()?.trim();
    fields.iter().copied().find(|f| *f == head)
}

/// Hours as a page says them: `1.5 h`, `2 h`.
pub(crate) fn hours(h: f32) -> String {
    let r = (h * 100.0).round() / 100.0;
    if (r - r.round()).abs() < f32::EPSILON {
        format!("{} h", r.round() as i64)
    } else {
        format!("{r} h")
    }
}

/// Days as a page says them: `1 d`, `8 d`, `4 h` below a day, `2.5 mo` above two months.
pub(crate) fn interval(days: f32) -> String {
    if !days.is_finite() || days <= 0.0 {
        "now".to_string()
    } else if days < 1.0 {
        let h = (days * 24.0).round().max(1.0) as i64;
        format!("{h} h")
    } else if days < 60.0 {
        format!("{} d", days.round() as i64)
    } else {
        format!("{:.1} mo", days / 30.4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_said_shortly() {
        assert_eq!(hours(1.0), "1 h");
        assert_eq!(hours(1.25), "1.25 h");
        assert_eq!(interval(0.007), "1 h");
        assert_eq!(interval(8.4), "8 d");
        assert_eq!(interval(91.0), "3.0 mo");
        assert_eq!(interval(f32::NAN), "now");
        assert_eq!(
            field_of("hours_per_week: 0 is outside", &["hours_per_week"]),
            Some("hours_per_week")
        );
        assert_eq!(field_of("no plan yet", &["hours_per_week"]), None);
    }
}
