//! Reading the pack: the principles, the hiring process and its formats, the system-design prompts
//! and the questions to ask interviewers, as pages and as JSON (`/api/v1/principles`, `/process`,
//! `/formats`, `/prompts`, `/ask`). The JSON is the pack model itself, as `docs/cli-json.md` shows it.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use tpmprep_content::{Format, Kind, Pack, Principle, Prompt, Stage};

use crate::pages::{kind_words, level_words};
use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "reference/index.html",
        include_str!("../../templates/reference/index.html"),
    ),
    (
        "reference/principles.html",
        include_str!("../../templates/reference/principles.html"),
    ),
    (
        "reference/principle.html",
        include_str!("../../templates/reference/principle.html"),
    ),
    (
        "reference/process.html",
        include_str!("../../templates/reference/process.html"),
    ),
    (
        "reference/prompts.html",
        include_str!("../../templates/reference/prompts.html"),
    ),
    (
        "reference/prompt.html",
        include_str!("../../templates/reference/prompt.html"),
    ),
    (
        "reference/ask.html",
        include_str!("../../templates/reference/ask.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/reference.json");

/// How many example questions a principle's page lists before linking to the rest.
const EXAMPLE_QUESTIONS: usize = 6;

/// `""` and absent mean the same: no filter.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn valid<'a>(what: &str, id: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    format!("unknown {what} `{id}` (valid: {})", ids.join(", "))
}

/// Behavioural questions that name principle `id`.
fn behavioural<'p>(pack: &'p Pack, id: &str) -> Vec<&'p tpmprep_content::Question> {
    pack.questions
        .iter()
        .filter(|q| q.kind == Kind::Behavioural && q.principles.iter().any(|p| p == id))
        .collect()
}

fn find_principle<'p>(pack: &'p Pack, id: &str) -> Option<&'p Principle> {
    pack.principle(id)
}

fn find_prompt<'p>(pack: &'p Pack, id: &str) -> Option<&'p Prompt> {
    pack.prompt(id)
}

/// The chosen format, or the pack's default when none is named.
fn chosen_format<'p>(pack: &'p Pack, name: Option<&str>) -> Result<&'p Format, String> {
    match name {
        Some(id) => pack
            .format(id)
            .ok_or_else(|| valid("format", id, pack.formats.iter().map(|f| f.id.as_str()))),
        None => pack.default_format().ok_or_else(|| {
            format!(
                "the pack's default format `{}` is missing",
                pack.manifest.default_format
            )
        }),
    }
}

/// Checks a role filter against the pack's roles.
fn chosen_role<'a>(pack: &Pack, name: Option<&'a str>) -> Result<Option<&'a str>, String> {
    match name {
        Some(id) if pack.role(id).is_none() => {
            Err(valid("role", id, pack.roles.iter().map(|r| r.id.as_str())))
        }
        other => Ok(other),
    }
}

/// `?format=`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FormatQuery {
    format: Option<String>,
}

/// `?role=`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RoleQuery {
    role: Option<String>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

fn role_name<'p>(pack: &'p Pack, id: &'p str) -> &'p str {
    pack.role(id).map_or(id, |r| r.name.as_str())
}

fn principle_names<'p>(pack: &'p Pack, ids: &'p [String]) -> Vec<Named<'p>> {
    ids.iter()
        .map(|id| Named {
            id,
            name: pack.principle(id).map_or(id.as_str(), |p| p.name.as_str()),
        })
        .collect()
}

// ----- pages -----

async fn principles_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    #[derive(Serialize)]
    struct Row<'a> {
        p: &'a Principle,
        behavioural: usize,
    }
    let pack = state.pack();
    let rows: Vec<Row> = pack
        .principles
        .iter()
        .map(|p| Row {
            p,
            behavioural: behavioural(pack, &p.id).len(),
        })
        .collect();
    let added = pack.principles.iter().filter(|p| p.added.is_some()).count();
    render(
        &state,
        "reference/principles.html",
        "principles",
        minijinja::context! {
            rows => minijinja::Value::from_serialize(&rows),
            total => pack.principles.len(),
            added => added,
            original => pack.principles.len() - added,
            company => &pack.manifest.company,
        },
    )
}

async fn principle_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let pack = state.pack();
    let p = find_principle(pack, &id)
        .ok_or_else(|| PageError::NotFound(format!("principle `{id}`")))?;
    let questions = behavioural(pack, &p.id);
    let examples: Vec<Named> = questions
        .iter()
        .take(EXAMPLE_QUESTIONS)
        .map(|q| Named {
            id: &q.id,
            name: &q.text,
        })
        .collect();
    render(
        &state,
        "reference/principle.html",
        "principles",
        minijinja::context! {
            p => minijinja::Value::from_serialize(p),
            behavioural => questions.len(),
            examples => minijinja::Value::from_serialize(&examples),
        },
    )
}

/// `/reference`: the reference pages in one place (the navigation has one entry for them).
async fn index_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    render(
        &state,
        "reference/index.html",
        "reference",
        minijinja::context! {},
    )
}

async fn process_page(
    State(state): State<AppState>,
    Query(query): Query<FormatQuery>,
) -> Result<Html<String>, PageError> {
    #[derive(Serialize)]
    struct StageRow<'a> {
        s: &'a Stage,
        who: Vec<&'a str>,
    }
    #[derive(Serialize)]
    struct InterviewRow<'a> {
        title: &'a str,
        role: &'a str,
        stage: &'a str,
        minutes: u32,
        bar_raiser: bool,
        kinds: Vec<String>,
        principles: Vec<Named<'a>>,
        focus: &'a str,
    }
    #[derive(Serialize)]
    struct Total<'a> {
        stage: &'a str,
        minutes: u32,
    }
    #[derive(Serialize)]
    struct Choice<'a> {
        id: &'a str,
        name: &'a str,
        default: bool,
    }
    let pack = state.pack();
    let format = chosen_format(pack, given(&query.format)).map_err(PageError::Bad)?;
    let stages: Vec<StageRow> = pack
        .stages
        .iter()
        .map(|s| StageRow {
            s,
            who: s.interviewers.iter().map(|r| role_name(pack, r)).collect(),
        })
        .collect();
    let interviews: Vec<InterviewRow> = format
        .interviews
        .iter()
        .map(|iv| InterviewRow {
            title: &iv.title,
            role: role_name(pack, &iv.role),
            stage: pack
                .stage(&iv.stage)
                .map_or(iv.stage.as_str(), |s| s.name.as_str()),
            minutes: iv.minutes,
            bar_raiser: iv.bar_raiser,
            kinds: iv.kinds.iter().map(|k| kind_words(*k)).collect(),
            principles: principle_names(pack, &iv.principles),
            focus: &iv.focus,
        })
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for iv in &format.interviews {
        if !seen.contains(&iv.stage.as_str()) {
            seen.push(&iv.stage);
        }
    }
    let totals: Vec<Total> = seen
        .into_iter()
        .map(|id| Total {
            stage: pack.stage(id).map_or(id, |s| s.name.as_str()),
            minutes: format.minutes_in(id),
        })
        .collect();
    let choices: Vec<Choice> = pack
        .formats
        .iter()
        .map(|f| Choice {
            id: &f.id,
            name: &f.name,
            default: f.id == pack.manifest.default_format,
        })
        .collect();
    render(
        &state,
        "reference/process.html",
        "process",
        minijinja::context! {
            company => &pack.manifest.company,
            stages => minijinja::Value::from_serialize(&stages),
            format => minijinja::context! {
                id => &format.id,
                name => &format.name,
                summary => &format.summary,
            },
            interviews => minijinja::Value::from_serialize(&interviews),
            totals => minijinja::Value::from_serialize(&totals),
            formats => minijinja::Value::from_serialize(&choices),
        },
    )
}

async fn prompts_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    #[derive(Serialize)]
    struct Row<'a> {
        p: &'a Prompt,
        level: &'static str,
    }
    let rows: Vec<Row> = state
        .pack()
        .prompts
        .iter()
        .map(|p| Row {
            p,
            level: level_words(p.level),
        })
        .collect();
    render(
        &state,
        "reference/prompts.html",
        "prompts",
        minijinja::context! {
            prompts => minijinja::Value::from_serialize(&rows),
        },
    )
}

async fn prompt_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let pack = state.pack();
    let p = find_prompt(pack, &id).ok_or_else(|| PageError::NotFound(format!("prompt `{id}`")))?;
    let objectives: Vec<Named> = p
        .objectives
        .iter()
        .map(|o| Named {
            id: o,
            name: pack
                .competencies
                .iter()
                .flat_map(|c| c.objectives.iter())
                .find(|x| &x.id == o)
                .map_or(o.as_str(), |x| x.name.as_str()),
        })
        .collect();
    render(
        &state,
        "reference/prompt.html",
        "prompts",
        minijinja::context! {
            p => minijinja::Value::from_serialize(p),
            level => level_words(p.level),
            objectives => minijinja::Value::from_serialize(&objectives),
        },
    )
}

async fn ask_page(
    State(state): State<AppState>,
    Query(query): Query<RoleQuery>,
) -> Result<Html<String>, PageError> {
    #[derive(Serialize)]
    struct Group<'a> {
        id: &'a str,
        name: &'a str,
        description: &'a str,
        asks: Vec<&'a tpmprep_content::Ask>,
    }
    #[derive(Serialize)]
    struct Choice<'a> {
        id: &'a str,
        name: &'a str,
        count: usize,
    }
    let pack = state.pack();
    let role = chosen_role(pack, given(&query.role)).map_err(PageError::Bad)?;
    let groups: Vec<Group> = pack
        .roles
        .iter()
        .filter(|r| role.is_none_or(|id| r.id == id))
        .map(|r| Group {
            id: &r.id,
            name: &r.name,
            description: &r.description,
            asks: pack.ask.iter().filter(|a| a.role == r.id).collect(),
        })
        .filter(|g| role.is_some() || !g.asks.is_empty())
        .collect();
    let choices: Vec<Choice> = pack
        .roles
        .iter()
        .map(|r| Choice {
            id: &r.id,
            name: &r.name,
            count: pack.ask.iter().filter(|a| a.role == r.id).count(),
        })
        .filter(|c| c.count > 0 || role == Some(c.id))
        .collect();
    let shown: usize = groups.iter().map(|g| g.asks.len()).sum();
    render(
        &state,
        "reference/ask.html",
        "ask",
        minijinja::context! {
            groups => minijinja::Value::from_serialize(&groups),
            roles => minijinja::Value::from_serialize(&choices),
            role => role.unwrap_or(""),
            shown => shown,
        },
    )
}

// ----- JSON -----

async fn api_principles(State(state): State<AppState>) -> Response {
    ApiJson(&state.pack().principles).into_response()
}

async fn api_principle(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let pack = state.pack();
    let p = find_principle(pack, &id).ok_or_else(|| {
        ApiError::NotFound(valid(
            "principle",
            &id,
            pack.principles.iter().map(|p| p.id.as_str()),
        ))
    })?;
    Ok(ApiJson(p).into_response())
}

async fn api_process(
    State(state): State<AppState>,
    Query(query): Query<FormatQuery>,
) -> Result<Response, ApiError> {
    #[derive(Serialize)]
    struct ProcessJson<'a> {
        stages: &'a [Stage],
        format: &'a Format,
    }
    let pack = state.pack();
    let format = chosen_format(pack, given(&query.format)).map_err(ApiError::Bad)?;
    Ok(ApiJson(ProcessJson {
        stages: &pack.stages,
        format,
    })
    .into_response())
}

async fn api_formats(State(state): State<AppState>) -> Response {
    ApiJson(&state.pack().formats).into_response()
}

async fn api_prompts(State(state): State<AppState>) -> Response {
    ApiJson(&state.pack().prompts).into_response()
}

async fn api_prompt(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let pack = state.pack();
    let p = find_prompt(pack, &id).ok_or_else(|| {
        ApiError::NotFound(valid(
            "prompt",
            &id,
            pack.prompts.iter().map(|p| p.id.as_str()),
        ))
    })?;
    Ok(ApiJson(p).into_response())
}

async fn api_ask(
    State(state): State<AppState>,
    Query(query): Query<RoleQuery>,
) -> Result<Response, ApiError> {
    let pack = state.pack();
    let role = chosen_role(pack, given(&query.role)).map_err(ApiError::Bad)?;
    let list: Vec<&tpmprep_content::Ask> = pack
        .ask
        .iter()
        .filter(|a| role.is_none_or(|r| a.role == r))
        .collect();
    Ok(ApiJson(list).into_response())
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/reference", get(index_page))
        .route("/principles", get(principles_page))
        .route("/principles/{id}", get(principle_page))
        .route("/process", get(process_page))
        .route("/prompts", get(prompts_page))
        .route("/prompts/{id}", get(prompt_page))
        .route("/ask", get(ask_page))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/principles",
            handler: get(api_principles),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/principles/{id}",
            handler: get(api_principle),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/process",
            handler: get(api_process),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/formats",
            handler: get(api_formats),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/prompts",
            handler: get(api_prompts),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/prompts/{id}",
            handler: get(api_prompt),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/ask",
            handler: get(api_ask),
        },
    ]
}
