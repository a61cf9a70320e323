//! Spaced-repetition drills in the browser (`/drill`): today's session — the card's question, a
//! typed answer (kept in this browser as it is typed), Check (the critic's score as a suggested
//! grade), Show answer, and the four grades with their FSRS intervals — then the next card; adding
//! cards, the drill settings, an Anki export, the statistics with the forecast drawn as an SVG bar
//! chart; and the card list (`/drill/cards`). The same under `/api/v1/drills`.
//!
//! Every form works as a plain form post (the CSRF token in the body) and, with htmx, swaps the
//! page's drill part. Everything goes through `tpmprep_app::drill`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tpmprep_app::AppError;
use tpmprep_app::drill::{self as uc, DrillPatch, Next, Suggestion};
use tpmprep_practice::drill::{DrillSettings, DrillStats, Grade};
use tpmprep_store::{CardId, StoreError};

use super::forms::{FormBody, field_of, interval, now_ms, token_ok};
use super::plan::enum_word;
use super::{forbidden, is_htmx, redirect};
use crate::templates::render;
use crate::{AppState, PageError};

mod api;
mod chart;

pub(crate) use api::api;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "drill/index.html",
        include_str!("../../../templates/drill/index.html"),
    ),
    (
        "drill/cards.html",
        include_str!("../../../templates/drill/cards.html"),
    ),
    (
        "drill/confirm.html",
        include_str!("../../../templates/drill/confirm.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../../openapi/drill.json");

const SETTINGS_FIELDS: &[&str] = &["desired_retention", "new_per_day", "minutes_per_day"];
const ADD_FIELDS: &[&str] = &["count", "front", "back", "principle", "question"];

fn page_id(raw: &str) -> Result<CardId, PageError> {
    super::page_id(raw, "card")
}

/// The card `id` of this account, or 404 (another account's card is not there).
pub(crate) async fn own_card(state: &AppState, id: CardId) -> Result<bool, AppError> {
    Ok(state.store().card(state.owner(), id).await?.is_some())
}

fn grade_label(g: &str) -> String {
    let mut c = g.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[derive(Serialize)]
struct OutcomeShown {
    grade: String,
    label: String,
    interval: String,
    suggested: bool,
}

#[derive(Serialize)]
struct CardShown {
    id: CardId,
    question: String,
    back: String,
    principles: Vec<String>,
    new: bool,
    reps: u32,
    due: Option<String>,
    outcomes: Vec<OutcomeShown>,
}

#[derive(Serialize)]
struct SuggestionShown {
    score: u8,
    verdict: String,
    grade: String,
    label: String,
    reason: String,
    findings: Vec<String>,
}

#[derive(Serialize)]
struct StrengthRow {
    name: String,
    cards: u32,
    reviewed: u32,
    strength: String,
}

#[derive(Serialize)]
struct StatsShown {
    total: u32,
    new: u32,
    due_now: u32,
    due_today: u32,
    suspended: u32,
    reviews: u32,
    retention: String,
    per_principle: Vec<StrengthRow>,
    chart: chart::Chart,
}

#[derive(Serialize)]
struct SettingsShown {
    desired_retention: String,
    new_per_day: String,
    minutes_per_day: String,
    optimised: bool,
}

#[derive(Serialize)]
struct PrincipleOption {
    id: String,
    name: String,
}

fn principle_name(state: &AppState, id: &str) -> String {
    state
        .pack()
        .principles
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

fn percent(x: Option<f32>) -> String {
    x.map_or_else(
        || "no reviews yet".to_string(),
        |r| format!("{}%", (r * 100.0).round() as i64),
    )
}

fn stats_shown(state: &AppState, s: &DrillStats) -> StatsShown {
    StatsShown {
        total: s.total,
        new: s.new,
        due_now: s.due_now,
        due_today: s.due_today,
        suspended: s.suspended,
        reviews: s.reviews,
        retention: percent(s.retention),
        per_principle: s
            .per_principle
            .iter()
            .map(|p| StrengthRow {
                name: principle_name(state, &p.principle),
                cards: p.cards,
                reviewed: p.reviewed,
                strength: p
                    .mean_retrievability
                    .map_or_else(|| "not reviewed yet".to_string(), |r| percent(Some(r))),
            })
            .collect(),
        chart: chart::chart(&s.forecast),
    }
}

fn settings_shown(s: &DrillSettings) -> SettingsShown {
    SettingsShown {
        desired_retention: s.desired_retention.to_string(),
        new_per_day: s.new_per_day.to_string(),
        minutes_per_day: s.minutes_per_day.map(|m| m.to_string()).unwrap_or_default(),
        optimised: s.parameters.is_some(),
    }
}

fn suggestion_shown(s: &Suggestion) -> SuggestionShown {
    let grade = enum_word(&s.grade);
    SuggestionShown {
        score: s.score,
        verdict: s.verdict.clone(),
        label: grade_label(&grade),
        grade,
        reason: s.reason.clone(),
        findings: s.findings.clone(),
    }
}

fn card_shown(n: &Next, suggested: Option<&str>) -> Option<CardShown> {
    let c = n.card.as_ref()?;
    Some(CardShown {
        id: c.id,
        question: c.question.clone(),
        back: c.back.clone(),
        principles: c.principles.clone(),
        new: c.new,
        reps: c.reps,
        due: c.due.clone(),
        outcomes: c
            .outcomes
            .iter()
            .map(|o| {
                let grade = enum_word(&o.grade);
                OutcomeShown {
                    label: grade_label(&grade),
                    interval: interval(o.days),
                    suggested: suggested == Some(grade.as_str()),
                    grade,
                }
            })
            .collect(),
    })
}

/// What one drawing of the drill page carries besides what the store says.
#[derive(Default)]
struct Extra {
    /// The typed answer, kept when the page is drawn again for the same card.
    answer: String,
    /// The card the answer and suggestion belong to.
    for_card: Option<CardId>,
    suggestion: Option<Suggestion>,
    /// "Graded Good: next in 8 d.", "Already graded…", "Added 5 cards."
    notice: Option<String>,
    /// A refusal, by field (`count`, `front`, `desired_retention`, `answer`, …; `form` for others).
    error: Option<(&'static str, String)>,
    /// The form values of the add and settings forms, as typed (when refused).
    typed: Vec<(String, String)>,
    /// The spoken answer just checked or graded: its line, linking to its report.
    spoken: Option<crate::pages::speak::SpokenLine>,
}

/// What a check or grade answers with: the answer as typed, or a timed transcript's words (the
/// transcript read, kept for this card with its report). A transcript that cannot be read is
/// refused naming its line (`Err`), and nothing is kept.
async fn spoken_answer(
    state: &AppState,
    id: CardId,
    form: &FormBody,
) -> Result<(String, Option<crate::pages::speak::SpokenLine>), AppError> {
    let given = form.get("answer").unwrap_or("");
    let name = form
        .get("transcript_name")
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let looks = tpmprep_app::speak::looks_timed(given)
        || name.is_some_and(|n| !n.ends_with(".txt") && !n.ends_with(".md"));
    if !looks {
        return Ok((given.to_string(), None));
    }
    let card = state
        .store()
        .card(state.owner(), id)
        .await?
        .ok_or(AppError::Store(StoreError::CardNotFound(id)))?;
    let asked = tpmprep_app::speak::Asked {
        id: card.question_id.clone(),
        text: card.front.clone(),
    };
    let a = tpmprep_app::speak::answer_text(
        state.ctx(),
        given,
        name,
        &asked,
        tpmprep_app::speak::Context::Drill(id),
        now_ms(),
    )
    .await?;
    let line = a.transcript.as_ref().map(crate::pages::speak::spoken_line);
    Ok((a.text, line))
}

async fn draw(state: &AppState, extra: Extra) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let now = now_ms();
    let next = uc::next(ctx, now).await?;
    let stats = uc::stats(ctx, now).await?;
    let settings = uc::settings(ctx).await?;
    let same_card = next.card.as_ref().map(|c| c.id) == extra.for_card && extra.for_card.is_some();
    let suggestion = extra
        .suggestion
        .as_ref()
        .filter(|_| same_card)
        .map(suggestion_shown);
    let card = card_shown(&next, suggestion.as_ref().map(|s| s.grade.as_str()));
    let principles: Vec<PrincipleOption> = state
        .pack()
        .principles
        .iter()
        .map(|p| PrincipleOption {
            id: p.id.clone(),
            name: p.name.clone(),
        })
        .collect();
    let typed = |k: &str| {
        extra
            .typed
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut settings_values = settings_shown(&settings);
    for (field, slot) in [
        ("desired_retention", &mut settings_values.desired_retention),
        ("new_per_day", &mut settings_values.new_per_day),
        ("minutes_per_day", &mut settings_values.minutes_per_day),
    ] {
        if let Some(v) = typed(field) {
            *slot = v;
        }
    }
    let (error_field, error) = match &extra.error {
        Some((f, m)) => (Some(*f), Some(m.clone())),
        None => (None, None),
    };
    render(
        state,
        "drill/index.html",
        "drill",
        minijinja::context! {
            card => card.map(|c| minijinja::Value::from_serialize(&c)),
            message => next.message.clone(),
            left_today => next.left_today,
            done_today => next.done_today,
            cap => next.cap,
            deck => next.cards,
            answer => if same_card { extra.answer.clone() } else { String::new() },
            suggestion => suggestion.map(|s| minijinja::Value::from_serialize(&s)),
            notice => extra.notice,
            error_field => error_field,
            error => error,
            spoken => extra.spoken.as_ref().map(|l| minijinja::Value::from_serialize(vec![l])),
            stats => minijinja::Value::from_serialize(stats_shown(state, &stats)),
            settings => minijinja::Value::from_serialize(&settings_values),
            principles => minijinja::Value::from_serialize(&principles),
            add_count => typed("count").unwrap_or_else(|| "5".into()),
            add_front => typed("front").unwrap_or_default(),
            add_back => typed("back").unwrap_or_default(),
        },
    )
}

async fn page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    draw(&state, Extra::default()).await
}

/// A refusal drawn on the page beside its field, as a 400.
async fn refused(
    state: &AppState,
    fields: &[&'static str],
    msg: String,
    extra: Extra,
) -> Result<Response, PageError> {
    let field = field_of(&msg, fields).unwrap_or("form");
    let page = draw(
        state,
        Extra {
            error: Some((field, msg)),
            ..extra
        },
    )
    .await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

/// What every POST on one card checks first: the id, the form token, and that the card is the
/// account's. `Ok(Err(response))` is the refusal to send back.
async fn card_post(
    state: &AppState,
    raw: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Result<(CardId, FormBody), Response>, PageError> {
    let id = page_id(raw)?;
    let form = FormBody::parse(body);
    if !token_ok(state, headers, &form) {
        return Ok(Err(forbidden()));
    }
    if !own_card(state, id).await? {
        return Err(PageError::NotFound(format!("card `{id}`")));
    }
    Ok(Ok((id, form)))
}

async fn check(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (id, form) = match card_post(&state, &raw, &headers, &body).await? {
        Ok(posted) => posted,
        Err(refused) => return Ok(refused),
    };
    let (answer, spoken) = match spoken_answer(&state, id, &form).await {
        Ok(a) => a,
        Err(AppError::Invalid(msg)) => {
            let keep = Extra {
                answer: form.get("answer").unwrap_or("").to_string(),
                for_card: Some(id),
                ..Extra::default()
            };
            return refused(&state, &["answer"], format!("answer: {msg}"), keep).await;
        }
        Err(e) => return Err(e.into()),
    };
    let keep = |suggestion| Extra {
        answer: answer.clone(),
        for_card: Some(id),
        suggestion,
        spoken: spoken.clone(),
        ..Extra::default()
    };
    match uc::check(state.ctx(), id, &answer).await {
        Ok(s) => Ok(draw(&state, keep(Some(s))).await?.into_response()),
        Err(AppError::Invalid(msg)) => refused(&state, &["answer"], msg, keep(None)).await,
        Err(e) => Err(e.into()),
    }
}

async fn grade(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (id, form) = match card_post(&state, &raw, &headers, &body).await? {
        Ok(posted) => posted,
        Err(refused) => return Ok(refused),
    };
    let grade = match form.get("grade").unwrap_or("").parse::<Grade>() {
        Ok(g) => g,
        Err(e) => {
            let keep = Extra {
                answer: form.get("answer").unwrap_or("").to_string(),
                for_card: Some(id),
                ..Extra::default()
            };
            return refused(&state, &[], format!("grade: {e}"), keep).await;
        }
    };
    let (answer, spoken) = match spoken_answer(&state, id, &form).await {
        Ok(a) => a,
        Err(AppError::Invalid(msg)) => {
            let keep = Extra {
                answer: form.get("answer").unwrap_or("").to_string(),
                for_card: Some(id),
                ..Extra::default()
            };
            return refused(&state, &["answer"], format!("answer: {msg}"), keep).await;
        }
        Err(e) => return Err(e.into()),
    };
    let expected = form
        .get("expected_reps")
        .and_then(|r| r.trim().parse().ok());
    let notice = match uc::grade(
        state.ctx(),
        id,
        grade,
        now_ms(),
        Some(answer.as_str()),
        expected,
    )
    .await
    {
        Ok(g) => format!(
            "Graded {}: card #{id} comes back in {}{}.",
            grade_label(&enum_word(&g.grade)),
            interval(g.interval_days),
            if g.capped {
                ", before the interview"
            } else {
                ""
            }
        ),
        Err(AppError::Store(StoreError::DrillConflict { .. })) => {
            format!("Card #{id} was already graded; here is the next one.")
        }
        Err(AppError::Invalid(msg)) => {
            let keep = Extra {
                answer,
                for_card: Some(id),
                ..Extra::default()
            };
            return refused(&state, &["answer"], msg, keep).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(draw(
        &state,
        Extra {
            notice: Some(notice),
            spoken,
            ..Extra::default()
        },
    )
    .await?
    .into_response())
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
    let now = now_ms();
    let ctx = state.ctx();
    let typed: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    let result = match form.get("mode").unwrap_or("weakest") {
        "own" => {
            let principles: Vec<String> = form
                .all("principle")
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            uc::add_own(
                ctx,
                form.get("front").unwrap_or(""),
                form.get("back").unwrap_or(""),
                &principles,
                now,
            )
            .await
            .map(|id| format!("Added your card #{id}."))
        }
        _ => match form.get("count").unwrap_or("").trim().parse::<usize>() {
            Ok(n) => uc::add_weakest(ctx, n, now)
                .await
                .map(|ids| match ids.len() {
                    0 => "Every question of the weakest principles is a card already.".to_string(),
                    1 => "Added 1 card from the weakest principles.".to_string(),
                    k => format!("Added {k} cards from the weakest principles."),
                }),
            Err(_) => Err(AppError::Invalid(format!(
                "count: `{}` is not a number of cards",
                form.get("count").unwrap_or("")
            ))),
        },
    };
    match result {
        Ok(_) if !is_htmx(&headers) => Ok(redirect(&headers, "/drill")),
        Ok(notice) => Ok(draw(
            &state,
            Extra {
                notice: Some(notice),
                ..Extra::default()
            },
        )
        .await?
        .into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Unknown { .. })) => {
            let msg = match &e {
                AppError::Unknown { .. } => format!("principle: {e}"),
                _ => e.to_string(),
            };
            let extra = Extra {
                typed,
                ..Extra::default()
            };
            refused(&state, ADD_FIELDS, msg, extra).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn save_settings(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormBody::parse(&body);
    if !token_ok(&state, &headers, &form) {
        return Ok(forbidden());
    }
    let typed: Vec<(String, String)> = form
        .0
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    let parsed = patch_of(&form);
    let result = match parsed {
        Ok(p) => uc::update_settings(state.ctx(), &p).await,
        Err(msg) => Err(AppError::Invalid(msg)),
    };
    match result {
        Ok(_) if !is_htmx(&headers) => Ok(redirect(&headers, "/drill")),
        Ok(_) => Ok(draw(
            &state,
            Extra {
                notice: Some("Drill settings saved.".into()),
                ..Extra::default()
            },
        )
        .await?
        .into_response()),
        Err(AppError::Invalid(msg)) => {
            let extra = Extra {
                typed,
                ..Extra::default()
            };
            refused(&state, SETTINGS_FIELDS, msg, extra).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The settings form as the app's change; a field that is not a number is named.
fn patch_of(form: &FormBody) -> Result<DrillPatch, String> {
    fn num<T: std::str::FromStr>(form: &FormBody, field: &str) -> Result<Option<T>, String> {
        match form.get(field).map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse::<T>()
                .map(Some)
                .map_err(|_| format!("{field}: `{v}` is not a number")),
        }
    }
    Ok(DrillPatch {
        desired_retention: num(form, "desired_retention")?,
        new_per_day: num(form, "new_per_day")?,
        minutes_per_day: num(form, "minutes_per_day")?,
    })
}

#[derive(Serialize)]
struct CardRow {
    id: CardId,
    front: String,
    principles: String,
    suspended: bool,
    state: String,
}

async fn cards_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let cards = uc::list(state.ctx()).await?;
    let rows: Vec<CardRow> = cards
        .iter()
        .map(|c| CardRow {
            id: c.id,
            front: c.front.clone(),
            principles: c
                .principles
                .iter()
                .map(|p| principle_name(&state, p))
                .collect::<Vec<_>>()
                .join(", "),
            suspended: c.suspended,
            state: match &c.memory {
                None => "new".to_string(),
                Some(m) => format!(
                    "{} reviews, due {}",
                    m.reps,
                    uc::rfc3339(m.due).get(..10).unwrap_or("")
                ),
            },
        })
        .collect();
    render(
        &state,
        "drill/cards.html",
        "drill",
        minijinja::context! { cards => minijinja::Value::from_serialize(&rows) },
    )
}

async fn suspend(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let (id, form) = match card_post(&state, &raw, &headers, &body).await? {
        Ok(posted) => posted,
        Err(refused) => return Ok(refused),
    };
    let suspended = !matches!(form.get("suspended"), Some("false" | "0" | ""));
    uc::suspend(state.ctx(), id, suspended).await?;
    Ok(redirect(&headers, "/drill/cards"))
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
    let Some(card) = state.store().card(state.owner(), id).await? else {
        return Err(PageError::NotFound(format!("card `{id}`")));
    };
    if form.get("confirm") != Some("yes") {
        // Without JavaScript there was no confirm dialog: ask on a page.
        return Ok(render(
            &state,
            "drill/confirm.html",
            "drill",
            minijinja::context! { id => id, front => card.front },
        )?
        .into_response());
    }
    uc::delete(state.ctx(), id).await?;
    Ok(redirect(&headers, "/drill/cards"))
}

/// Every card as an Anki-importable TSV, as a download.
pub(crate) async fn export_tsv(state: &AppState) -> Result<Response, AppError> {
    let tsv = uc::export_tsv(state.ctx()).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/tab-separated-values; charset=utf-8",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tpmprep-cards.tsv\"",
            ),
        ],
        tsv,
    )
        .into_response())
}

async fn export(State(state): State<AppState>) -> Result<Response, PageError> {
    Ok(export_tsv(&state).await?)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/drill", get(page))
        .route("/drill/{id}/check", post(check))
        .route("/drill/{id}/grade", post(grade))
        .route("/drill/add", post(add))
        .route("/drill/settings", post(save_settings))
        .route("/drill/cards", get(cards_page))
        .route("/drill/cards/{id}/suspend", post(suspend))
        .route("/drill/cards/{id}/delete", post(delete))
        .route("/drill/export.tsv", get(export))
}
