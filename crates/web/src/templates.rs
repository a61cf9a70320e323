//! The HTML templates, embedded at build time, rendered with minijinja (HTML auto-escaping on: every
//! user string is escaped unless a template says otherwise, and none does for user text).
//!
//! A template only shows what its handler computed: no arithmetic and no number formatting in
//! templates (a test reads every template for operators), and printing a value that is not there is
//! an error in debug builds (`SemiStrict`), which the test rendering every page with boundary
//! settings catches. A
//! page that fails anyway is a 500 in plain words with the layout (see `middleware::errors_in_words`),
//! never the template's message or source.

use axum::response::Html;
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::{AppState, PageError};

/// Templates of the site itself: the layout every page extends, and the error page.
const SITE: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("error.html", include_str!("../templates/error.html")),
];

pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Printing a value that is not there is a mistake: in debug builds (the tests, the browser test,
    // development) it fails the page so a test sees it; a release build prints nothing instead, so a
    // case no test drew costs a candidate a blank, not the page.
    env.set_undefined_behavior(if cfg!(debug_assertions) {
        UndefinedBehavior::SemiStrict
    } else {
        UndefinedBehavior::Lenient
    });
    env.add_filter("when", |ms: i64| tpmprep_app::civil_time(ms));
    let mut all = SITE.to_vec();
    all.extend(crate::pages::templates());
    for (name, source) in all {
        if let Err(e) = env.add_template(name, source) {
            // A broken template is a build bug; the tests render every page, so this is caught there.
            eprintln!("template {name} does not parse: {e:#}");
        }
    }
    env
}

/// Renders `name` with `ctx` plus what every page needs (`csrf`, `nav`).
pub(crate) fn render(
    state: &AppState,
    name: &str,
    nav: &str,
    ctx: Value,
) -> Result<Html<String>, PageError> {
    Ok(Html(render_str(state, name, nav, ctx)?))
}

/// [`render`], as a string.
pub(crate) fn render_str(
    state: &AppState,
    name: &str,
    nav: &str,
    ctx: Value,
) -> Result<String, minijinja::Error> {
    let t = state.templates().get_template(name)?;
    let accounts = matches!(state.access(), crate::Access::Accounts { .. });
    let base = minijinja::context! {
        csrf => state.csrf(),
        nav => nav,
        account => state.signed_in_as(),
        // In accounts mode, a page seen before signing in shows no way into the app.
        anonymous => accounts && state.signed_in_as().is_none(),
        // Sharing with a coach needs accounts; a coach has a page of the candidates who share.
        accounts => accounts,
        coach => state.role() == Some(tpmprep_store::Role::Coach),
    };
    t.render(minijinja::context! { ..base, ..ctx })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expressions (`{{ … }}` and `{% … %}`) of a template, string literals blanked out.
    fn expressions(source: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = source;
        while let Some(start) = rest.find(['{']) {
            let after = &rest[start + 1..];
            let close = match after.chars().next() {
                Some('{') => "}}",
                Some('%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let Some(end) = after.find(close) else { break };
            let mut expr = String::new();
            let mut quote = None;
            for c in after[1..end].chars() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == '"' || c == '\'' => quote = Some(c),
                    None => expr.push(c),
                }
            }
            out.push(expr);
            rest = &after[end + close.len()..];
        }
        out
    }

    #[test]
    fn templates_do_no_arithmetic_and_no_eval() {
        let mut all = SITE.to_vec();
        all.extend(crate::pages::templates());
        assert!(all.len() > 20, "every template is read");
        let mut bad = Vec::new();
        for (name, source) in &all {
            for e in expressions(source) {
                // `-` and `+` inside names do not occur (names use `_`); `~` joins strings and stays.
                // `{%-`/`-%}` whitespace control would show up here too; none is used.
                if e.contains(['+', '-', '*', '/', '%']) {
                    bad.push(format!("{name}: `{}`", e.trim()));
                }
            }
            // htmx trigger filters (`keydown[…]`), `hx-on` and `js:` values run through eval, which
            // the Content-Security-Policy forbids.
            for needle in ["hx-on", "js:", "keydown[", "keyup[", "click[", "input["] {
                if source.contains(needle) {
                    bad.push(format!("{name}: uses `{needle}`"));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "do this in Rust instead:\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn the_arithmetic_check_sees_operators_but_not_strings() {
        let e = expressions("<p>{{ -d.days }} {% if a %}{{ \"a-b\" }}{% endif %} {x}</p>");
        assert_eq!(e, vec![" -d.days ", " if a ", "  ", " endif "]);
    }
}
