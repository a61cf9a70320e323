//! axum's own refusals in plain words. When an extractor cannot read a request (a number in the
//! address that is not one, a query parameter given twice, a JSON body of the wrong shape), axum
//! answers in its own terms ("Invalid URL: Cannot parse `abc` to a `i64`", "Failed to deserialize
//! query string: …"). Handlers word what they can themselves (a story number, a revision, a page
//! number); everything else reaches `middleware::errors_in_words`, which words it here.

use axum::http::StatusCode;

/// What a person is told for axum's rejection `text` of a request for `path`: a status and words;
/// `None` when `text` is not one of axum's rejections (the guard's or a handler's own words).
pub(crate) fn words(path: &str, text: &str) -> Option<(StatusCode, String)> {
    if text.starts_with("Invalid URL: ") || text.starts_with("Invalid UTF-8 in `") {
        // A part of the address (a number, a name) that cannot be read names nothing here.
        return Some((
            StatusCode::NOT_FOUND,
            format!("There is nothing at `{path}`: the address names nothing tpmprep has."),
        ));
    }
    if let Some(rest) = text.strip_prefix("Failed to deserialize query string: ") {
        return Some((
            StatusCode::BAD_REQUEST,
            format!("The address cannot be read: {}.", serde_words(rest)),
        ));
    }
    for (prefix, status) in [
        (
            "Failed to deserialize form body: ",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("Failed to deserialize form: ", StatusCode::BAD_REQUEST),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Some((
                status,
                format!("The form cannot be read: {}.", serde_words(rest)),
            ));
        }
    }
    if let Some(rest) =
        text.strip_prefix("Failed to deserialize the JSON body into the target type: ")
    {
        return Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The request body cannot be read: {}.", serde_words(rest)),
        ));
    }
    if let Some(rest) = text.strip_prefix("Failed to parse the request body as JSON: ") {
        let (_, at) = split_position(rest);
        return Some((
            StatusCode::BAD_REQUEST,
            format!(
                "The request body is not valid JSON{}.",
                at.unwrap_or_default()
            ),
        ));
    }
    if text.starts_with("Expected request with `Content-Type: application/json`") {
        return Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "This takes a JSON body: send it with the header `Content-Type: application/json`."
                .into(),
        ));
    }
    if text.starts_with("Form requests must have `Content-Type: ") {
        return Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "This takes a form: send it with the header `Content-Type: \
             application/x-www-form-urlencoded`."
                .into(),
        ));
    }
    None
}

/// A JSON body the API could not read, in plain words (for handlers that take the rejection
/// themselves).
pub(crate) fn json_body_words(text: &str) -> String {
    match words("", text) {
        Some((_, w)) => w,
        None => format!("The request body cannot be read: {text}"),
    }
}

/// "… at line 1 column 20" split off as " (line 1, column 20)".
fn split_position(msg: &str) -> (&str, Option<String>) {
    let Some(i) = msg.rfind(" at line ") else {
        return (msg, None);
    };
    let pos = &msg[i + " at line ".len()..];
    match pos.split_once(" column ") {
        Some((line, col))
            if line.bytes().all(|b| b.is_ascii_digit())
                && col.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (&msg[..i], Some(format!(" (line {line}, column {col})")))
        }
        _ => (msg, None),
    }
}

/// The text between the first pair of backticks in `s`.
fn quoted(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(&s[start..start + len])
}

/// What serde's "expected …" names, in words.
fn expected_words(e: &str) -> String {
    let e = e.trim();
    let whole = [
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "an integer",
    ];
    if e.starts_with('u') && whole.contains(&e) {
        "a whole number, 0 or more".into()
    } else if whole.contains(&e) || e.starts_with("integer") {
        "a whole number".into()
    } else if e == "f32" || e == "f64" || e.starts_with("a number") {
        "a number".into()
    } else if e == "a boolean" || e == "bool" {
        "true or false".into()
    } else if e == "a string" || e == "a borrowed string" || e == "a char" {
        "text".into()
    } else if e.starts_with("a sequence") {
        "a list".into()
    } else if e.starts_with("struct ") || e.starts_with("a map") || e.starts_with("a struct") {
        "an object".into()
    } else {
        e.to_string()
    }
}

/// What serde says a request held ("integer `-1`", "string \"x\"", "map"), in words.
fn got_words(g: &str) -> String {
    let g = g.trim();
    for kind in [
        "integer ",
        "floating point ",
        "boolean ",
        "string ",
        "character ",
    ] {
        if let Some(value) = g.strip_prefix(kind) {
            return value.to_string();
        }
    }
    match g {
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        "unit value" => "null".into(),
        other => other.to_string(),
    }
}

/// A serde message — "to: invalid digit found in string", "duplicate field `tag`",
/// "content.title: invalid type: integer `1`, expected a string at line 1 column 20" — in plain
/// words: which field, and what it must be.
pub(crate) fn serde_words(msg: &str) -> String {
    let (msg, at) = split_position(msg.trim());
    let at = at.unwrap_or_default();
    // A field path leads ("content.title: …"); serde's own phrases have spaces before their colon.
    let (field, rest) = match msg.split_once(": ") {
        Some((f, r)) if !f.is_empty() && !f.contains(' ') && f != "." => (Some(f), r),
        _ => (None, msg),
    };
    let subject = field.map_or_else(|| "a value".to_string(), |f| format!("`{f}`"));
    // The path of an unknown field already ends with the field ("bogus: unknown field `bogus`").
    let within = |name: &str| {
        field.map_or_else(
            || name.to_string(),
            |f| {
                if f == name || f.ends_with(&format!(".{name}")) {
                    f.to_string()
                } else {
                    format!("{f}.{name}")
                }
            },
        )
    };
    let said = if let Some(rest) = rest.strip_prefix("duplicate field ") {
        let name = quoted(rest).unwrap_or(rest);
        format!("`{}` is given more than once", within(name))
    } else if let Some(rest) = rest.strip_prefix("missing field ") {
        let name = quoted(rest).unwrap_or(rest);
        format!("`{}` is missing", within(name))
    } else if let Some(rest) = rest.strip_prefix("unknown field ") {
        let name = quoted(rest).unwrap_or(rest);
        match rest.split_once(", expected ") {
            Some((_, fields)) => format!(
                "there is no field `{}` (the fields here are {})",
                within(name),
                fields.trim_start_matches("one of ")
            ),
            None => format!("there is no field `{}`", within(name)),
        }
    } else if let Some(rest) = rest.strip_prefix("unknown variant ") {
        let value = quoted(rest).unwrap_or(rest);
        match rest.split_once(", expected ") {
            Some((_, valid)) => format!(
                "{subject} cannot be `{value}`; it is one of {}",
                valid.trim_start_matches("one of ")
            ),
            None => format!("{subject} cannot be `{value}`"),
        }
    } else if [
        "invalid digit found in string",
        "cannot parse integer from empty string",
        "number too large to fit in target type",
        "number too small to fit in target type",
    ]
    .contains(&rest)
    {
        format!("{subject} must be a whole number")
    } else if rest == "invalid float literal" {
        format!("{subject} must be a number")
    } else if rest.starts_with("provided string was not `true` or `false`") {
        format!("{subject} must be true or false")
    } else if let Some(rest) = rest.strip_prefix("invalid type: ") {
        match rest.split_once(", expected ") {
            Some((got, want)) => format!(
                "{subject} must be {}, not {}",
                expected_words(want),
                got_words(got)
            ),
            None => format!("{subject} has the wrong type ({rest})"),
        }
    } else if let Some(rest) = rest.strip_prefix("invalid value: ") {
        match rest.split_once(", expected ") {
            Some((got, want)) => format!(
                "{subject} must be {}, not {}",
                expected_words(want),
                got_words(got)
            ),
            None => format!("{subject} cannot be {rest}"),
        }
    } else if let Some(rest) = rest.strip_prefix("invalid length ") {
        format!("{subject} has the wrong number of items ({rest})")
    } else {
        match field {
            Some(f) => format!("`{f}`: {rest}"),
            None => rest.to_string(),
        }
    };
    format!("{said}{at}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_read_as_plain_words() {
        let cases = [
            (
                "to: invalid digit found in string",
                "`to` must be a whole number",
            ),
            ("duplicate field `tag`", "`tag` is given more than once"),
            (
                "content.title: invalid type: integer `1`, expected a string at line 1 column 20",
                "`content.title` must be text, not `1` (line 1, column 20)",
            ),
            ("missing field `format`", "`format` is missing"),
            (
                "kind: unknown variant `lunch`, expected `phone-screen` or `loop`",
                "`kind` cannot be `lunch`; it is one of `phone-screen` or `loop`",
            ),
            (
                "unknown field `x`, expected one of `text`, `seconds`",
                "there is no field `x` (the fields here are `text`, `seconds`)",
            ),
            (
                "bogus: unknown field `bogus`, expected `name` or `base`",
                "there is no field `bogus` (the fields here are `name` or `base`)",
            ),
            (
                "content.extra: unknown field `extra`, expected `title`",
                "there is no field `content.extra` (the fields here are `title`)",
            ),
            (
                "seed: invalid value: integer `-1`, expected u64",
                "`seed` must be a whole number, 0 or more, not `-1`",
            ),
        ];
        for (serde, plain) in cases {
            assert_eq!(serde_words(serde), plain, "{serde}");
        }
    }

    #[test]
    fn axum_rejections_are_worded_and_other_text_is_left_alone() {
        let (status, said) =
            words("/stories/abc", "Invalid URL: Cannot parse `abc` to a `i64`").expect("worded");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            said.contains("`/stories/abc`") && !said.contains("i64"),
            "{said}"
        );
        let (status, said) = words(
            "/x",
            "Failed to parse the request body as JSON: expected value at line 1 column 1",
        )
        .expect("worded");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            said,
            "The request body is not valid JSON (line 1, column 1)."
        );
        assert_eq!(words("/", "missing CSRF token (reload the page)"), None);
    }
}
