//! The HTML templates, embedded at build time, rendered with minijinja (HTML auto-escaping on: every
//! user string is escaped unless a template says otherwise, and none does for user text).

use axum::response::Html;
use minijinja::{Environment, Value};

use crate::{AppState, PageError};

/// The layout every page extends.
const LAYOUT: (&str, &str) = ("layout.html", include_str!("../templates/layout.html"));

pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.add_filter("when", |ms: i64| tpmprep_app::civil_time(ms));
    let mut all = vec![LAYOUT];
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
    let t = state.templates().get_template(name)?;
    let base = minijinja::context! { csrf => state.csrf(), nav => nav };
    Ok(Html(t.render(minijinja::context! { ..base, ..ctx })?))
}
