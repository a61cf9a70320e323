//! The dashboard: days to the interview, readiness, the principle heat-map, the score trend, mocks
//! done, and the next three things to do; and the interview-date setting.

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use tpmprep_store::StoryFilter;
use tpmprep_stories::{Status, StoryTags, thousands};

use crate::templates::render;
use crate::{ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "dashboard.html",
    include_str!("../../templates/dashboard.html"),
)];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/dashboard.json");

/// The setting holding the interview date (`YYYY-MM-DD`).
const INTERVIEW_DATE: &str = "interview_date";
/// Mocks the preparation advice asks for before the real loop.
pub(crate) const MOCKS_RECOMMENDED: usize = 3;
/// Finished mocks drawn in the score trend.
const TREND_MOCKS: usize = 20;
/// Days (with a save) drawn in the story score trend.
const STORY_TREND_DAYS: usize = 30;

/// One principle's cell of the heat-map.
#[derive(Debug, Serialize)]
pub(crate) struct Cell {
    id: String,
    name: String,
    ready: usize,
    draft: usize,
    /// Best critic score among its stories.
    best: Option<u8>,
    /// Background colour for the cell, by best score.
    colour: &'static str,
}

/// A point of the score trend: one finished mock.
#[derive(Debug, Serialize)]
pub(crate) struct Point {
    mock: i64,
    /// Mean critic score of its answers.
    score: u8,
}

/// Something to do next.
#[derive(Debug, Serialize)]
pub(crate) struct Todo {
    text: String,
    href: String,
}

/// Everything the dashboard shows (also `GET /api/v1/dashboard`).
#[derive(Debug, Serialize)]
pub(crate) struct Dashboard {
    interview_date: Option<String>,
    days_left: Option<i64>,
    stories: usize,
    ready_stories: usize,
    principles_covered: usize,
    principles: usize,
    mocks_done: usize,
    mocks_recommended: usize,
    mean_story_score: Option<u8>,
    heat: Vec<Cell>,
    trend: Vec<Point>,
    /// Mean story score at the end of each day with a save, the last [`STORY_TREND_DAYS`] such days.
    story_trend: Vec<tpmprep_app::stories::DayScore>,
    next: Vec<Todo>,
    /// The 0–100 readiness figure with its weighted parts and what would raise it most.
    readiness: tpmprep_app::readiness::Status,
}

fn colour(best: Option<u8>) -> &'static str {
    match best {
        None => "#f3f4f6",
        Some(0..40) => "#fde2e1",
        Some(40..60) => "#fdf0c4",
        Some(60..80) => "#d9f2dd",
        Some(_) => "#a7e3b3",
    }
}

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .unwrap_or(0)
}

async fn gather(state: &AppState) -> Result<Dashboard, tpmprep_app::AppError> {
    gather_for(state, state.owner()).await
}

/// The dashboard of `owner`'s data (a coach's view of a candidate who shares with them).
pub(crate) async fn gather_for(
    state: &AppState,
    owner: tpmprep_store::UserId,
) -> Result<Dashboard, tpmprep_app::AppError> {
    let ctx = state.ctx_for(owner);
    let store = state.store();
    let pack = state.pack();
    let stories = store.list_stories(owner, &StoryFilter::default()).await?;
    let scores = tpmprep_app::stories::scores(ctx, &stories).await?;
    let principles: Vec<(&str, &str)> = pack
        .principles
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let tags: Vec<StoryTags> = stories
        .iter()
        .map(|s| StoryTags {
            id: s.meta.id,
            title: s.title.clone(),
            status: s.status,
            principles: s.principles.clone(),
        })
        .collect();
    let cov = tpmprep_stories::coverage(&principles, &tags);
    let mut best: HashMap<&str, u8> = HashMap::new();
    for s in &stories {
        if let Some(score) = scores.get(&s.meta.id) {
            for p in &s.principles {
                let e = best.entry(p.as_str()).or_insert(0);
                *e = (*e).max(*score);
            }
        }
    }
    let heat: Vec<Cell> = cov
        .rows
        .iter()
        .map(|r| {
            let b = best.get(r.principle.as_str()).copied();
            Cell {
                id: r.principle.clone(),
                name: r.name.clone(),
                ready: r.ready.len(),
                draft: r.draft.len(),
                best: b,
                colour: colour(b),
            }
        })
        .collect();

    let mocks = store.list_mocks(owner).await?;
    let finished: Vec<i64> = mocks
        .iter()
        .filter(|m| m.finished_at.is_some())
        .map(|m| m.id)
        .collect();
    let trend: Vec<Point> = tpmprep_app::progress::mock_means(ctx, &finished, TREND_MOCKS)
        .await?
        .into_iter()
        .map(|(mock, score)| Point { mock, score })
        .collect();

    let history = store.score_history(owner).await?;
    let story_trend = tpmprep_app::stories::score_trend(&history, STORY_TREND_DAYS);

    let date = store.setting(owner, INTERVIEW_DATE).await?;
    let days_left = date
        .as_deref()
        .and_then(tpmprep_app::days_from_date)
        .map(|d| d - today());
    let live_scores: Vec<u32> = stories
        .iter()
        .filter_map(|s| scores.get(&s.meta.id))
        .map(|s| u32::from(*s))
        .collect();
    let mean_story_score = (!live_scores.is_empty())
        .then(|| (live_scores.iter().sum::<u32>() / live_scores.len() as u32) as u8);

    // The next three things: the gaps that cost the most, in order.
    let mut next = Vec::new();
    match days_left {
        None => next.push(Todo {
            text: "Set your interview date, so the plan knows how long you have.".into(),
            href: "#interview-date".into(),
        }),
        Some(n) if n < 0 => next.push(Todo {
            text: "Your interview date has passed: set the date of the next one.".into(),
            href: "#interview-date".into(),
        }),
        Some(_) => {}
    }
    if let Some(gap) = cov
        .rows
        .iter()
        .filter(|r| r.ready.len() < cov.target)
        .min_by_key(|r| (r.ready.len(), r.draft.len()))
    {
        next.push(Todo {
            text: format!(
                "Write a ready story for {}: it has {} of the {} ready stories to aim for.",
                gap.name,
                gap.ready.len(),
                cov.target
            ),
            href: "/stories".into(),
        });
    }
    if finished.len() < MOCKS_RECOMMENDED {
        next.push(Todo {
            text: format!(
                "Sit mock {} of {MOCKS_RECOMMENDED}: timed, with follow-ups and a debrief.",
                finished.len() + 1
            ),
            href: "/mock".into(),
        });
    }
    if let Some((id, score)) = stories
        .iter()
        .filter(|s| s.status != Status::Retired)
        .filter_map(|s| scores.get(&s.meta.id).map(|sc| (s, *sc)))
        .filter(|(_, sc)| *sc < 60)
        .min_by_key(|(_, sc)| *sc)
        .map(|(s, sc)| (s.meta.id, sc))
    {
        next.push(Todo {
            text: format!("Rework story #{id}: the critic scores it {score}/100."),
            href: format!("/stories/{id}"),
        });
    }
    if let Some(t) = tpmprep_app::mock::trends(ctx)
        .await?
        .into_iter()
        .filter(|t| t.latest.is_some_and(|r| r < tpmprep_practice::Rating::Hire))
        .min_by_key(|t| t.latest)
    {
        next.push(Todo {
            text: format!(
                "Drill {} questions: your last mock rated it below Hire.",
                t.principle
            ),
            href: format!("/questions?principle={}", t.principle),
        });
    }
    next.truncate(3);
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let readiness = tpmprep_app::readiness::status(ctx, now_ms).await?;

    Ok(Dashboard {
        interview_date: date,
        days_left,
        stories: stories.len(),
        ready_stories: stories.iter().filter(|s| s.status == Status::Ready).count(),
        principles_covered: cov.covered,
        principles: cov.rows.len(),
        mocks_done: finished.len(),
        mocks_recommended: MOCKS_RECOMMENDED,
        mean_story_score,
        heat,
        trend,
        story_trend,
        next,
        readiness,
    })
}

/// A trend drawn in a 400×120 SVG box: scores (0..100) evenly spaced, score upwards, as the
/// polyline's `points` and one dot per score (a single score is a dot, not an invisible line).
#[derive(Debug, Serialize)]
struct Plot {
    points: String,
    dots: Vec<(u32, u32)>,
}

fn plot(scores: impl ExactSizeIterator<Item = u8>) -> Plot {
    let n = scores.len();
    let dots: Vec<(u32, u32)> = scores
        .enumerate()
        .map(|(i, score)| {
            let x = if n <= 1 {
                200
            } else {
                10 + (380 * i / (n - 1)) as u32
            };
            (x, 110 - u32::from(score.min(100)))
        })
        .collect();
    let points = dots
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ");
    Plot { points, dots }
}

/// The interview date as the dashboard says it: every number and word worked out here, so the
/// template only prints (a past date once broke the page with arithmetic in the template).
#[derive(Debug, Serialize, PartialEq)]
struct When {
    /// "12 days to go", "Today", "The interview was 3 days ago", "No date set yet".
    headline: String,
    /// "on 2026-12-15", or what to do about a date that cannot be read.
    note: String,
    /// The date form's label: the next interview once this one has passed.
    label: &'static str,
    /// The date form's value.
    value: String,
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{} days", thousands(n))
    }
}

fn when(date: Option<&str>, days_left: Option<i64>) -> When {
    let value = date.unwrap_or("").to_string();
    match (date, days_left) {
        (None, _) => When {
            headline: "No date set yet".into(),
            note: String::new(),
            label: "Interview date",
            value,
        },
        (Some(d), None) => When {
            headline: "No date set yet".into(),
            note: format!("The saved date `{d}` cannot be read; set the date again."),
            label: "Interview date",
            value: String::new(),
        },
        (Some(d), Some(0)) => When {
            headline: "Today".into(),
            note: format!("on {d}. Good luck!"),
            label: "Interview date",
            value,
        },
        (Some(d), Some(n)) if n > 0 => When {
            headline: format!("{} to go", days(n)),
            note: format!("on {d}"),
            label: "Interview date",
            value,
        },
        (Some(d), Some(n)) => When {
            headline: format!("The interview was {} ago", days(n.saturating_neg())),
            note: format!("on {d}. Set the date of your next one below."),
            label: "Next interview date",
            value: String::new(),
        },
    }
}

/// A readiness part as the dashboard shows it: points and weight said in words here.
#[derive(Debug, Serialize)]
struct PartShown {
    key: String,
    name: String,
    weight: u8,
    points: String,
    has_data: bool,
    detail: String,
    raise: String,
}

fn parts_shown(r: &tpmprep_practice::readiness::Readiness) -> Vec<PartShown> {
    r.parts
        .iter()
        .map(|p| PartShown {
            key: p.key.clone(),
            name: p.name.clone(),
            weight: p.weight,
            points: format!("{:.1}", p.points),
            has_data: p.has_data,
            detail: p.detail.clone(),
            raise: p.raise.clone(),
        })
        .collect()
}

async fn page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let d = gather(&state).await?;
    let parts = parts_shown(&d.readiness.readiness);
    let when = when(d.interview_date.as_deref(), d.days_left);
    let mock_plot = plot(d.trend.iter().map(|p| p.score));
    let story_plot = plot(d.story_trend.iter().map(|p| p.score));
    render(
        &state,
        "dashboard.html",
        "dashboard",
        minijinja::context! {
            d => minijinja::Value::from_serialize(&d),
            when => minijinja::Value::from_serialize(&when),
            mock_plot => minijinja::Value::from_serialize(&mock_plot),
            story_plot => minijinja::Value::from_serialize(&story_plot),
            parts => minijinja::Value::from_serialize(&parts),
        },
    )
}

async fn api_readiness(
    State(state): State<AppState>,
) -> Result<ApiJson<tpmprep_app::readiness::Status>, ApiError> {
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Ok(ApiJson(
        tpmprep_app::readiness::status(state.ctx(), now_ms).await?,
    ))
}

async fn api_dashboard(State(state): State<AppState>) -> Result<ApiJson<Dashboard>, ApiError> {
    Ok(ApiJson(gather(&state).await?))
}

/// Checks and stores the interview date (`None` or blank clears it).
async fn set_date(state: &AppState, date: Option<&str>) -> Result<(), String> {
    let date = date.map(str::trim).filter(|d| !d.is_empty());
    if let Some(d) = date {
        if tpmprep_app::days_from_date(d).is_none() {
            return Err(format!("`{d}` is not a date like 2026-12-15"));
        }
    }
    state
        .store()
        .set_setting(state.owner(), INTERVIEW_DATE, date)
        .await
        .map_err(|e| e.to_string())
}

async fn date_form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let date = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "date")
        .map(|(_, v)| v.into_owned());
    match set_date(&state, date.as_deref()).await {
        Ok(()) => super::redirect(&headers, "/"),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Html(format!(
                "<span class=\"error\">{}</span>",
                crate::error::escape(&e)
            )),
        )
            .into_response(),
    }
}

/// `PUT /api/v1/settings/interview-date` body.
#[derive(Debug, Deserialize)]
pub(crate) struct DateBody {
    date: Option<String>,
}

async fn api_date(
    State(state): State<AppState>,
    Json(b): Json<DateBody>,
) -> Result<StatusCode, ApiError> {
    set_date(&state, b.date.as_deref())
        .await
        .map_err(ApiError::Bad)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/settings/interview-date", post(date_form))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/dashboard",
            handler: get(api_dashboard),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/readiness",
            handler: get(api_readiness),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/settings/interview-date",
            handler: put(api_date),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_said_in_words_whatever_it_is() {
        assert_eq!(when(None, None).headline, "No date set yet");
        assert_eq!(when(Some("2026-12-15"), Some(1)).headline, "1 day to go");
        assert_eq!(when(Some("2026-12-15"), Some(0)).headline, "Today");
        let past = when(Some("2020-01-15"), Some(-2_514));
        assert_eq!(past.headline, "The interview was 2,514 days ago");
        assert_eq!(past.label, "Next interview date");
        assert_eq!(
            when(Some("9999-12-31"), Some(2_912_484)).headline,
            "2,912,484 days to go"
        );
        assert_eq!(
            when(Some("x"), Some(i64::MIN)).headline,
            format!("The interview was {} days ago", thousands(i64::MAX))
        );
        assert!(
            when(Some("soon"), None)
                .note
                .contains("`soon` cannot be read")
        );
        assert_eq!(thousands(-1_000), "-1,000");
        assert_eq!(thousands(999), "999");
    }
}
