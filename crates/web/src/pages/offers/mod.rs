//! Job offers in the browser: the candidate's offers with an "Add offer" form and the comparison
//! under a stock scenario (`/offers`: a table per offer, the break-even years, each offer's band,
//! an SVG chart of cumulative pay), the edit page (`/offers/{id}/edit`, a stale save shown calmly
//! naming both revisions), and the negotiation brief (`/offers/brief`: editable, saved to the
//! offer's notes, downloadable as Markdown); the same under `/api/v1/offers`.
//!
//! Every step goes through `tpmprep_app::offers`. The forms work without JavaScript too (the CSRF
//! token is then a body field, see `middleware::FORM_TOKEN_IN_BODY_UNDER`); the comparison's
//! controls are a GET form, so a comparison has an address.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tpmprep_app::AppError;
use tpmprep_app::offers::{self as uc, CompareOptions};
use tpmprep_store::StoreError;

use super::forms::{FormBody, now_ms, token_ok};
use super::{forbidden, redirect};
use crate::templates::render;
use crate::{AppState, PageError};

mod api;
mod chart;
mod view;

pub(crate) use api::api;
use view::Values;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "offers/index.html",
        include_str!("../../../templates/offers/index.html"),
    ),
    (
        "offers/form.html",
        include_str!("../../../templates/offers/form.html"),
    ),
    (
        "offers/compare.html",
        include_str!("../../../templates/offers/compare.html"),
    ),
    (
        "offers/edit.html",
        include_str!("../../../templates/offers/edit.html"),
    ),
    (
        "offers/brief.html",
        include_str!("../../../templates/offers/brief.html"),
    ),
    (
        "offers/confirm.html",
        include_str!("../../../templates/offers/confirm.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/offers.json");

/// An offer id from the address, else the page is not found.
fn page_id(raw: &str) -> Result<i64, PageError> {
    super::page_id(raw, "offer")
}

/// The app's key for an offer id (a `#` so a name that is a number is never taken for it).
pub(crate) fn key(id: i64) -> String {
    format!("#{id}")
}

/// Whether the store refused because another save came first.
fn is_conflict(e: &AppError) -> bool {
    matches!(e, AppError::Store(StoreError::OfferConflict { .. }))
}

/// Whether the store refused a name another offer has.
fn is_name_taken(e: &AppError) -> bool {
    matches!(e, AppError::Store(StoreError::OfferNameTaken(_)))
}

/// The error as a field and words for the form, or the error itself when it is not the form's.
fn form_error(e: AppError) -> Result<(String, String), AppError> {
    if is_name_taken(&e) {
        return Ok(("name".into(), e.to_string()));
    }
    match e {
        AppError::Invalid(msg) => Ok((view::field_of(&msg).unwrap_or("form").to_string(), msg)),
        AppError::Store(StoreError::Invalid(msg)) => Ok(("form".into(), msg)),
        e => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// The comparison's controls
// ---------------------------------------------------------------------------------------------

/// The comparison controls as typed (a GET form).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct CompareQuery {
    years: String,
    /// `flat`, `growth` or `path`.
    scenario: String,
    growth: String,
    path: String,
    currency: String,
    rates: String,
}

impl CompareQuery {
    /// The app's options, or the control that cannot be read and why.
    fn options(&self) -> Result<CompareOptions, (String, String)> {
        let years = match self.years.trim() {
            "" => None,
            y => Some(y.parse::<u32>().map_err(|_| {
                (
                    "years".to_string(),
                    format!(
                        "years: {:?} is not a whole number of years from 1 to 10",
                        y.chars().take(20).collect::<String>()
                    ),
                )
            })?),
        };
        let scenario = match self.scenario.as_str() {
            "growth" => {
                let g = self.growth.trim();
                if g.is_empty() {
                    return Err((
                        "growth".into(),
                        "growth: give the yearly change of the share price, e.g. 20% or -10%"
                            .into(),
                    ));
                }
                if g.ends_with('%') {
                    g.to_string()
                } else {
                    format!("{g}%")
                }
            }
            "path" => {
                let p = self.path.trim();
                if p.is_empty() {
                    return Err((
                        "path".into(),
                        "path: give the price after each year as a multiple of the grant \
                         price, e.g. 1.1,1.3"
                            .into(),
                    ));
                }
                format!("path:{p}")
            }
            _ => "flat".to_string(),
        };
        Ok(CompareOptions {
            offers: Vec::new(),
            years,
            scenario: Some(scenario),
            currency: Some(self.currency.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()),
            rates: self
                .rates
                .split([',', ' ', ';', '\n'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    /// The query string that names these controls (for links that keep them).
    fn query_string(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("years", &self.years)
            .append_pair("scenario", &self.scenario)
            .append_pair("growth", &self.growth)
            .append_pair("path", &self.path)
            .append_pair("currency", &self.currency)
            .append_pair("rates", &self.rates)
            .finish()
    }
}

/// The comparison's part of a page: the shown comparison, or the words why there is none.
async fn comparison_context(
    state: &AppState,
    q: &CompareQuery,
) -> Result<minijinja::Value, PageError> {
    let (compared, error, error_field) = match q.options() {
        Err((field, msg)) => (None, Some(msg), field),
        Ok(opts) => match uc::compare(state.ctx(), &opts).await {
            Ok(c) => (Some(view::comparison(&c)), None, String::new()),
            Err(AppError::Invalid(msg)) => {
                let field = msg.split(':').next().unwrap_or("").trim().to_string();
                (None, Some(msg), field)
            }
            Err(e) => return Err(e.into()),
        },
    };
    let mut currencies: Vec<String> = Vec::new();
    for o in uc::list(state.ctx()).await? {
        let code = o.offer.currency.code().to_string();
        if !currencies.contains(&code) {
            currencies.push(code);
        }
    }
    Ok(minijinja::context! {
        q => minijinja::Value::from_serialize(q),
        compared => minijinja::Value::from_serialize(&compared),
        compare_error => error,
        compare_field => error_field,
        mixed => currencies.len() > 1,
        currencies => currencies,
        query => q.query_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// The list, the add form and the comparison
// ---------------------------------------------------------------------------------------------

/// The add form's state when it is drawn again after a refusal.
struct Refused {
    values: Values,
    errors: BTreeMap<String, String>,
}

async fn index_page(
    state: &AppState,
    q: &CompareQuery,
    refused: Option<Refused>,
) -> Result<Html<String>, PageError> {
    let offers = uc::list(state.ctx()).await?;
    let rows: Vec<view::Row> = offers.iter().map(view::row).collect();
    let (values, errors) = match refused {
        Some(r) => (r.values, r.errors),
        None => (Values::blank(), BTreeMap::new()),
    };
    let compare = if offers.is_empty() {
        minijinja::Value::from(())
    } else {
        comparison_context(state, q).await?
    };
    render(
        state,
        "offers/index.html",
        "offers",
        minijinja::context! {
            rows => minijinja::Value::from_serialize(&rows),
            values => minijinja::Value::from_serialize(&values),
            errors => errors,
            presets => view::PRESETS,
            action => "/offers/new",
            editing => false,
            median => tpmprep_offer::bands::ANCHORS[1].label,
            compare => compare,
            first => offers.first().map(|o| o.id),
        },
    )
}

async fn index(
    State(state): State<AppState>,
    q: Result<Query<CompareQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    index_page(&state, &q, None).await
}

async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let values = Values::from_form(&form);
    match uc::add(state.ctx(), &values.input(false), now_ms()).await {
        Ok(_) => Ok(redirect(&headers, "/offers")),
        Err(e) => {
            let (field, msg) = form_error(e)?;
            let mut errors = BTreeMap::new();
            errors.insert(field, msg);
            let page = index_page(
                &state,
                &CompareQuery::default(),
                Some(Refused { values, errors }),
            )
            .await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Editing and removing
// ---------------------------------------------------------------------------------------------

fn edit_page(
    state: &AppState,
    id: i64,
    base_rev: i64,
    values: &Values,
    errors: &BTreeMap<String, String>,
    conflict: Option<String>,
) -> Result<Html<String>, PageError> {
    render(
        state,
        "offers/edit.html",
        "offers",
        minijinja::context! {
            id => id,
            base_rev => base_rev,
            values => minijinja::Value::from_serialize(values),
            errors => errors,
            presets => view::PRESETS,
            action => format!("/offers/{id}/edit"),
            editing => true,
            conflict => conflict,
        },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Html<String>, PageError> {
    let id = page_id(&raw)?;
    let saved = uc::get(state.ctx(), &key(id)).await?;
    edit_page(
        &state,
        id,
        saved.rev,
        &Values::from_offer(&saved.offer),
        &BTreeMap::new(),
        None,
    )
}

async fn edit_save(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let values = Values::from_form(&form);
    let base_rev = form
        .get("base_rev")
        .and_then(|r| r.trim().parse::<i64>().ok());
    match uc::edit(
        state.ctx(),
        &key(id),
        &values.input(true),
        base_rev,
        now_ms(),
    )
    .await
    {
        Ok(_) => Ok(redirect(&headers, "/offers")),
        Err(e) if is_conflict(&e) => {
            // Kept as typed; saving again from the latest revision overwrites it knowingly.
            let current = uc::get(state.ctx(), &key(id)).await?;
            let msg = format!(
                "{e}. Someone (another tab?) saved this offer since you opened it. What you typed \
                 is kept below: save again to replace revision {} with it, or reload to see it.",
                current.rev
            );
            let page = edit_page(
                &state,
                id,
                current.rev,
                &values,
                &BTreeMap::new(),
                Some(msg),
            )?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => {
            let (field, msg) = form_error(e)?;
            let mut errors = BTreeMap::new();
            errors.insert(field, msg);
            let page = edit_page(&state, id, base_rev.unwrap_or(0), &values, &errors, None)?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let id = page_id(&raw)?;
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    if form.get("confirm") != Some("yes") {
        // A plain form post (no JavaScript to ask): ask on a page of its own.
        let saved = uc::get(state.ctx(), &key(id)).await?;
        return Ok(render(
            &state,
            "offers/confirm.html",
            "offers",
            minijinja::context! { id => id, name => saved.offer.name },
        )?
        .into_response());
    }
    uc::remove(state.ctx(), &key(id)).await?;
    Ok(redirect(&headers, "/offers"))
}

// ---------------------------------------------------------------------------------------------
// The negotiation brief
// ---------------------------------------------------------------------------------------------

/// `/offers/brief?offer=…&against=…` with the comparison's controls.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct BriefQuery {
    offer: String,
    against: String,
    /// Show a freshly built brief even when one is saved in the offer's notes.
    fresh: String,
    saved: String,
    #[serde(flatten)]
    compare: CompareQuery,
}

/// The brief's text to show: the one saved in the offer's notes, else a fresh one.
struct BriefText {
    markdown: String,
    from_notes: bool,
    error: Option<String>,
    offer: Option<uc::SavedOffer>,
}

async fn brief_text(state: &AppState, q: &BriefQuery) -> Result<BriefText, PageError> {
    let offers = uc::list(state.ctx()).await?;
    let target = match q.offer.trim() {
        "" => offers.first().cloned(),
        k => match k.parse::<i64>() {
            Ok(id) => offers.iter().find(|o| o.id == id).cloned(),
            Err(_) => offers.iter().find(|o| o.offer.name == k).cloned(),
        },
    };
    let Some(target) = target else {
        if offers.is_empty() {
            return Ok(BriefText {
                markdown: String::new(),
                from_notes: false,
                error: Some("There are no offers yet: add one on the Offers page first.".into()),
                offer: None,
            });
        }
        return Err(PageError::NotFound(format!("offer `{}`", q.offer)));
    };
    if !target.offer.notes.trim().is_empty() && q.fresh.is_empty() {
        return Ok(BriefText {
            markdown: target.offer.notes.clone(),
            from_notes: true,
            error: None,
            offer: Some(target),
        });
    }
    let against = match q.against.trim() {
        "" => None,
        a => Some(a.parse::<i64>().map(key).unwrap_or_else(|_| a.to_string())),
    };
    let opts = match q.compare.options() {
        Ok(o) => o,
        Err((_, msg)) => {
            return Ok(BriefText {
                markdown: String::new(),
                from_notes: false,
                error: Some(msg),
                offer: Some(target),
            });
        }
    };
    match uc::brief(state.ctx(), &key(target.id), against.as_deref(), &opts).await {
        Ok(b) => Ok(BriefText {
            markdown: b.markdown,
            from_notes: false,
            error: None,
            offer: Some(target),
        }),
        Err(AppError::Invalid(msg)) => Ok(BriefText {
            markdown: String::new(),
            from_notes: false,
            error: Some(msg),
            offer: Some(target),
        }),
        Err(e) => Err(e.into()),
    }
}

async fn brief_page(
    State(state): State<AppState>,
    q: Result<Query<BriefQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let text = brief_text(&state, &q).await?;
    draw_brief(&state, &q, text, None).await
}

/// The brief page; `refused` is a save that did not happen (the text as typed is kept in it).
async fn draw_brief(
    state: &AppState,
    q: &BriefQuery,
    text: BriefText,
    refused: Option<String>,
) -> Result<Html<String>, PageError> {
    let offers: Vec<(i64, String)> = uc::list(state.ctx())
        .await?
        .into_iter()
        .map(|o| (o.id, o.offer.name))
        .collect();
    let id = text.offer.as_ref().map(|o| o.id);
    let mut download = form_urlencoded::Serializer::new(String::new());
    download.append_pair("offer", &id.map(|i| i.to_string()).unwrap_or_default());
    download.append_pair("against", &q.against);
    if !q.fresh.is_empty() {
        download.append_pair("fresh", "1");
    }
    let download = download.finish();
    render(
        state,
        "offers/brief.html",
        "offers",
        minijinja::context! {
            offers => offers,
            offer => id,
            against => q.against.trim().parse::<i64>().ok(),
            name => text.offer.as_ref().map(|o| o.offer.name.clone()),
            rev => text.offer.as_ref().map(|o| o.rev),
            markdown => text.markdown,
            from_notes => text.from_notes,
            error => text.error,
            refused => refused,
            saved => !q.saved.is_empty(),
            download => download,
            q => minijinja::Value::from_serialize(&q.compare),
            query => q.compare.query_string(),
        },
    )
}

async fn brief_markdown(
    State(state): State<AppState>,
    q: Result<Query<BriefQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let text = brief_text(&state, &q).await?;
    if let Some(e) = text.error {
        return Err(PageError::Bad(e));
    }
    let name = text
        .offer
        .as_ref()
        .map(|o| o.offer.name.clone())
        .unwrap_or_default();
    let file: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"brief-{}.md\"",
                    file.trim_matches('-')
                ),
            ),
        ],
        text.markdown,
    )
        .into_response())
}

/// Saves the (edited) brief as the offer's notes.
async fn brief_save(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let id = page_id(form.get("offer").unwrap_or(""))?;
    let base_rev = form
        .get("base_rev")
        .and_then(|r| r.trim().parse::<i64>().ok());
    let input = uc::OfferInput {
        notes: Some(form.get("notes").unwrap_or("").to_string()),
        ..uc::OfferInput::default()
    };
    match uc::edit(state.ctx(), &key(id), &input, base_rev, now_ms()).await {
        Ok(_) => {
            let mut to = form_urlencoded::Serializer::new(String::new());
            to.append_pair("offer", &id.to_string());
            to.append_pair("against", form.get("against").unwrap_or(""));
            to.append_pair("saved", "1");
            Ok(redirect(
                &headers,
                &format!("/offers/brief?{}", to.finish()),
            ))
        }
        Err(e) if is_conflict(&e) => {
            // Never lose the edited text: drawn again as typed, saving again from the latest
            // revision replaces the notes knowingly.
            let offer = uc::get(state.ctx(), &key(id)).await?;
            let msg = format!(
                "{e}. The offer changed since this page was opened, so your text was not saved \
                 yet: it is kept below; save again to replace the notes of revision {}.",
                offer.rev
            );
            let q = BriefQuery {
                offer: id.to_string(),
                against: form.get("against").unwrap_or("").to_string(),
                ..BriefQuery::default()
            };
            let text = BriefText {
                markdown: form.get("notes").unwrap_or("").to_string(),
                from_notes: false,
                error: None,
                offer: Some(offer),
            };
            let page = draw_brief(&state, &q, text, Some(msg)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/offers", get(index))
        .route("/offers/new", post(add))
        .route("/offers/brief", get(brief_page))
        .route("/offers/brief.md", get(brief_markdown))
        .route("/offers/brief/save", post(brief_save))
        .route("/offers/{id}/edit", get(edit_form).post(edit_save))
        .route("/offers/{id}/delete", post(delete))
}
