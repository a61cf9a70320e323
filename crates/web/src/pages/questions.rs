//! The question bank: a filterable list (`/questions`), one question with a "practise this" box that
//! critiques the answer as it is typed (`/questions/{id}`, `POST /questions/{id}/practise`), and the
//! same as JSON (`/api/v1/questions`, `/api/v1/questions/{id}`).

use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tpmprep_content::{Kind, Level, Pack, Question};

use crate::pages::critique::{CritiqueRequest, critique, panel};
use crate::pages::{kind_words, level_words};
use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "questions/list.html",
        include_str!("../../templates/questions/list.html"),
    ),
    (
        "questions/show.html",
        include_str!("../../templates/questions/show.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/questions.json");

/// The list page shows this many questions a page; the API's default page size when `page` is given.
const SHOWN: usize = 100;
/// The largest `per_page` the API takes.
const MAX_PER_PAGE: usize = 500;

/// The filters of `/questions` and `/api/v1/questions`; an empty value means no filter.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filter {
    /// A principle id the question names.
    principle: Option<String>,
    /// A question kind (`behavioural`, `technical`, …).
    kind: Option<String>,
    /// A level (`L5`, `L6`, `both`); questions asked at both levels suit either.
    level: Option<String>,
    /// Words that must all appear in the question (its id, text, strong-answer notes or follow-ups;
    /// any case), as `tpmprep questions --search` does.
    q: Option<String>,
    /// Page number, from 1.
    page: Option<String>,
    /// Questions a page (API only; the page shows 100).
    per_page: Option<String>,
}

/// A whole number from 1 to `max` in a query parameter, or `None` when absent or blank.
fn number(name: &str, v: &Option<String>, max: usize) -> Result<Option<usize>, String> {
    let Some(v) = given(v) else {
        return Ok(None);
    };
    match v.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "`{name}` must be a whole number from 1 to {max} (got `{v}`)"
        )),
    }
}

/// The `page` parameter: a page number from 1, or `None` when absent or blank. `pages`, when
/// known, is the last page, named in the refusal (a number past it is taken, for the caller to
/// cap).
fn page_number(v: &Option<String>, pages: Option<usize>) -> Result<Option<usize>, String> {
    let Some(v) = given(v) else {
        return Ok(None);
    };
    match v.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        // Digits past usize are a page past the last.
        Err(_) if v.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(usize::MAX)),
        _ => Err(match pages {
            Some(1) => format!("`page` must be a page number: there is one page (got `{v}`)"),
            Some(last) => format!("`page` must be a page number from 1 to {last} (got `{v}`)"),
            None => format!("`page` must be a page number, 1 or more (got `{v}`)"),
        }),
    }
}

/// `/questions?…&page=N` keeping the filters of `f` that are set.
fn page_href(f: &Filter, n: usize) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (name, v) in [
        ("principle", &f.principle),
        ("kind", &f.kind),
        ("level", &f.level),
        ("q", &f.q),
    ] {
        if let Some(v) = given(v) {
            q.append_pair(name, v);
        }
    }
    q.append_pair("page", &n.to_string());
    format!("/questions?{}", q.finish())
}

/// Pages of `per` items over `matched` items: how many (at least 1).
fn page_count(matched: usize, per: usize) -> usize {
    matched.div_ceil(per).max(1)
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The questions matching `f`, in pack order; an error names the valid values of a bad filter.
fn filter<'p>(pack: &'p Pack, f: &Filter) -> Result<Vec<&'p Question>, String> {
    let principle = given(&f.principle);
    if let Some(p) = principle {
        if pack.principle(p).is_none() {
            let ids: Vec<&str> = pack.principles.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "unknown principle `{p}` (valid: {})",
                ids.join(", ")
            ));
        }
    }
    let kind: Option<Kind> = given(&f.kind).map(str::parse).transpose()?;
    let level: Option<Level> = given(&f.level).map(str::parse).transpose()?;
    let words = tpmprep_content::search_words(given(&f.q).unwrap_or(""));
    Ok(pack
        .questions
        .iter()
        .filter(|q| principle.is_none_or(|p| q.principles.iter().any(|x| x == p)))
        .filter(|q| kind.is_none_or(|k| q.kind == k))
        .filter(|q| level.is_none_or(|l| q.level.suits(l)))
        .filter(|q| q.matches(&words))
        .collect())
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

fn principle_names<'p>(pack: &'p Pack, ids: &'p [String]) -> Vec<Named<'p>> {
    ids.iter()
        .map(|id| Named {
            id,
            name: pack.principle(id).map_or(id.as_str(), |p| p.name.as_str()),
        })
        .collect()
}

async fn list_page(
    State(state): State<AppState>,
    Query(f): Query<Filter>,
) -> Result<Html<String>, PageError> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        text: &'a str,
        kind: String,
        level: &'static str,
        principles: Vec<Named<'a>>,
    }
    #[derive(Serialize)]
    struct Choice {
        id: &'static str,
        name: String,
    }
    let pack = state.pack();
    let matched = filter(pack, &f).map_err(PageError::Bad)?;
    let pages = page_count(matched.len(), SHOWN);
    // A page past the last (the filters narrowed since the link was made) shows the last one.
    let page = page_number(&f.page, Some(pages))
        .map_err(PageError::Bad)?
        .unwrap_or(1)
        .min(pages);
    let first = (page - 1) * SHOWN;
    let rows: Vec<Row> = matched
        .iter()
        .skip(first)
        .take(SHOWN)
        .map(|q| Row {
            id: &q.id,
            text: &q.text,
            kind: kind_words(q.kind),
            level: level_words(q.level),
            principles: principle_names(pack, &q.principles),
        })
        .collect();
    let principles: Vec<Named> = pack
        .principles
        .iter()
        .map(|p| Named {
            id: &p.id,
            name: &p.name,
        })
        .collect();
    let kinds: Vec<Choice> = Kind::ALL
        .iter()
        .map(|k| Choice {
            id: k.as_str(),
            name: kind_words(*k),
        })
        .collect();
    // The level as the select spells it, so `l6` keeps `L6` selected.
    let level = given(&f.level)
        .and_then(|l| l.parse::<Level>().ok())
        .map_or("", Level::as_str);
    render(
        &state,
        "questions/list.html",
        "questions",
        minijinja::context! {
            rows => minijinja::Value::from_serialize(&rows),
            matched => matched.len(),
            shown => rows.len(),
            from => first + 1,
            to => first + rows.len(),
            page => page,
            pages => pages,
            page_links => (1..=pages).map(|n| (n, page_href(&f, n))).collect::<Vec<_>>(),
            prev_href => (page > 1).then(|| page_href(&f, page - 1)),
            next_href => (page < pages).then(|| page_href(&f, page + 1)),
            total => pack.questions.len(),
            principles => minijinja::Value::from_serialize(&principles),
            kinds => minijinja::Value::from_serialize(&kinds),
            principle => given(&f.principle).unwrap_or(""),
            kind => given(&f.kind).unwrap_or(""),
            level => level,
            q => f.q.as_deref().unwrap_or(""),
            filtered => given(&f.principle).is_some() || given(&f.kind).is_some()
                || given(&f.level).is_some() || given(&f.q).is_some(),
        },
    )
}

async fn show_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let pack = state.pack();
    let q = pack
        .question(&id)
        .ok_or_else(|| PageError::NotFound(format!("question `{id}`")))?;
    let stages: Vec<&str> = q
        .stages
        .iter()
        .map(|s| pack.stage(s).map_or(s.as_str(), |s| s.name.as_str()))
        .collect();
    let kind = kind_words(q.kind);
    let competency = pack
        .competency(&q.competency)
        .map_or(q.competency.as_str(), |c| c.name.as_str());
    // A competency that restates the kind ("Behavioural" and "Behavioural (Leadership
    // Principles)", "Technical" and "Technical Depth") is not said twice.
    let restates = q.competency == q.kind.as_str()
        || competency.to_lowercase().starts_with(&kind.to_lowercase());
    render(
        &state,
        "questions/show.html",
        "questions",
        minijinja::context! {
            q => minijinja::Value::from_serialize(q),
            kind => kind,
            level => level_words(q.level),
            principles => minijinja::Value::from_serialize(principle_names(pack, &q.principles)),
            stages => stages,
            competency => (!restates).then_some(competency),
        },
    )
}

/// The "practise this" form.
#[derive(Debug, Deserialize)]
pub(crate) struct Practise {
    /// The answer so far.
    #[serde(default)]
    text: String,
}

async fn practise(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<Practise>,
) -> Result<Html<String>, PageError> {
    if state.pack().question(&id).is_none() {
        return Err(PageError::NotFound(format!("question `{id}`")));
    }
    let request = CritiqueRequest {
        text: form.text,
        question_id: Some(id),
        question: None,
        principles: vec![],
    };
    let c = critique(&state, &request).map_err(PageError::Bad)?;
    panel(&state, &request.text, &c)
}

async fn api_list(
    State(state): State<AppState>,
    Query(f): Query<Filter>,
) -> Result<Response, ApiError> {
    let list = filter(state.pack(), &f).map_err(ApiError::Bad)?;
    let total = list.len();
    let page = page_number(&f.page, None).map_err(ApiError::Bad)?;
    let per = number("per_page", &f.per_page, MAX_PER_PAGE).map_err(ApiError::Bad)?;
    // No paging asked for: every match, as before paging existed.
    let list: Vec<&Question> = match (page, per) {
        (None, None) => list,
        (page, per) => {
            let per = per.unwrap_or(SHOWN);
            let skip = (page.unwrap_or(1) - 1).saturating_mul(per);
            list.into_iter().skip(skip).take(per).collect()
        }
    };
    let mut response = ApiJson(list).into_response();
    response
        .headers_mut()
        .insert("x-total-count", axum::http::HeaderValue::from(total));
    Ok(response)
}

async fn api_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let q = state
        .pack()
        .question(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no question with id `{id}`")))?;
    Ok(ApiJson(q).into_response())
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/questions", get(list_page))
        .route("/questions/{id}", get(show_page))
        .route("/questions/{id}/practise", post(practise))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/questions",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/questions/{id}",
            handler: get(api_one),
        },
    ]
}
