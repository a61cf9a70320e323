//! Coaching, both sides. A candidate's "Sharing" page shares with a coach by address and takes it
//! back; a coach's "Candidates" pages list who shares with them and show each candidate's
//! readiness, stories and mocks read-only, with comments on a story or a mock answer. The JSON API
//! says the same under `/api/v1/shares` and `/api/v1/coach/…`, and a candidate reads the comments
//! on their own story or mock under `/api/v1/stories/{id}/comments` and `/api/v1/mocks/{id}/comments`.
//!
//! Every coach route passes `tpmprep_app::sharing::coaching` first: a candidate who does not share
//! with this account, and anything of theirs, is a 404 — as if it did not exist, never a 403.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::{Deserialize, Serialize};
use tpmprep_app::sharing::{self, Target};
use tpmprep_app::{AppError, mock as uc};
use tpmprep_store::{
    Comment, CommentOn, CommentsOf, MockSummary, Share, StoredMock, StoredStory, StoryFilter,
};

use super::dashboard::{Dashboard, gather_for};
use crate::templates::{render, render_str};
use crate::{Access, ApiError, ApiJson, ApiRoute, AppState, PageError};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "coach/sharing.html",
        include_str!("../../templates/coach/sharing.html"),
    ),
    (
        "coach/candidates.html",
        include_str!("../../templates/coach/candidates.html"),
    ),
    (
        "coach/candidate.html",
        include_str!("../../templates/coach/candidate.html"),
    ),
    (
        "coach/story.html",
        include_str!("../../templates/coach/story.html"),
    ),
    (
        "coach/mock.html",
        include_str!("../../templates/coach/mock.html"),
    ),
    (
        "coach/comments.html",
        include_str!("../../templates/coach/comments.html"),
    ),
];

pub(crate) const OPENAPI: &str = include_str!("../../openapi/coach.json");

/// What sharing says in local mode.
const LOCAL_ONLY: &str = "sharing with a coach needs a server with accounts \
    (`tpmprep serve --accounts`); this one serves one person on their own computer";

/// An id from the address; anything else names nothing (404).
fn id_of(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotShared)
}

fn form_field(body: &[u8], name: &str) -> String {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A short error said where a form shows its status (htmx swaps 400s in).
fn form_error(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<span class=\"error\">{}</span>",
            crate::error::escape(message)
        )),
    )
        .into_response()
}

// ---- The candidate's side: sharing --------------------------------------------------------------

/// What the Sharing page confirms after a change (`?done=shared` / `?done=stopped`).
#[derive(Debug, Deserialize)]
struct Done {
    #[serde(default)]
    done: String,
}

async fn sharing_page(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> Result<Html<String>, PageError> {
    let local = matches!(state.access(), Access::Local(_));
    let notice = match q.done.as_str() {
        "shared" => {
            Some("Shared. Your coach now sees your stories, mocks and readiness, and can comment.")
        }
        "stopped" => Some("Stopped. That coach no longer sees anything of yours."),
        _ => None,
    };
    let coaches = if local {
        Vec::new()
    } else {
        state.store().coaches_of(state.owner()).await?
    };
    render(
        &state,
        "coach/sharing.html",
        "sharing",
        minijinja::context! {
            local => local,
            notice => notice,
            coaches => minijinja::Value::from_serialize(&coaches),
        },
    )
}

async fn share_form(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if matches!(state.access(), Access::Local(_)) {
        return form_error(LOCAL_ONLY);
    }
    let email = form_field(&body, "email");
    match sharing::share_with(state.store(), state.owner(), &email).await {
        Ok(_) => super::redirect(&headers, "/sharing?done=shared"),
        Err(AppError::Invalid(m)) => form_error(&m),
        Err(e) => PageError::from(e).into_response(),
    }
}

async fn revoke_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(coach): Path<String>,
) -> Result<Response, PageError> {
    let coach = id_of(&coach)?;
    sharing::unshare(state.store(), state.owner(), coach).await?;
    Ok(super::redirect(&headers, "/sharing?done=stopped"))
}

/// `GET /api/v1/shares`.
#[derive(Debug, Serialize)]
struct Coaches {
    coaches: Vec<Share>,
}

async fn api_shares(State(state): State<AppState>) -> Result<ApiJson<Coaches>, ApiError> {
    if matches!(state.access(), Access::Local(_)) {
        return Ok(ApiJson(Coaches {
            coaches: Vec::new(),
        }));
    }
    Ok(ApiJson(Coaches {
        coaches: state.store().coaches_of(state.owner()).await?,
    }))
}

#[derive(Debug, Deserialize)]
struct ShareBody {
    email: String,
}

async fn api_share(
    State(state): State<AppState>,
    Json(b): Json<ShareBody>,
) -> Result<(StatusCode, ApiJson<Share>), ApiError> {
    if matches!(state.access(), Access::Local(_)) {
        return Err(ApiError::Bad(LOCAL_ONLY.into()));
    }
    let share = sharing::share_with(state.store(), state.owner(), &b.email).await?;
    Ok((StatusCode::CREATED, ApiJson(share)))
}

async fn api_unshare(
    State(state): State<AppState>,
    Path(coach): Path<String>,
) -> Result<StatusCode, ApiError> {
    let coach = id_of(&coach)?;
    sharing::unshare(state.store(), state.owner(), coach).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/stories/{id}/comments` and `GET /api/v1/mocks/{id}/comments`: the comments on the
/// candidate's own story or mock (a 404 for one that is not theirs).
async fn api_own_story_comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<ApiJson<Vec<Comment>>, ApiError> {
    let id = id_of(&id)?;
    state.store().story(state.owner(), id).await?;
    Ok(ApiJson(
        sharing::comments(state.store(), state.owner(), CommentsOf::Story(id)).await?,
    ))
}

async fn api_own_mock_comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<ApiJson<Vec<Comment>>, ApiError> {
    let id = id_of(&id)?;
    state.store().mock(state.owner(), id).await?;
    Ok(ApiJson(
        sharing::comments(state.store(), state.owner(), CommentsOf::Mock(id)).await?,
    ))
}

// ---- The coach's side ---------------------------------------------------------------------------

/// The candidate a coach route names, once the share is checked.
async fn candidate(state: &AppState, raw: &str) -> Result<Share, AppError> {
    let candidate = id_of(raw)?;
    sharing::coaching(state.store(), state.owner(), candidate).await
}

async fn candidates_page(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let candidates = state.store().candidates_of(state.owner()).await?;
    render(
        &state,
        "coach/candidates.html",
        "coach",
        minijinja::context! { candidates => minijinja::Value::from_serialize(&candidates) },
    )
}

#[derive(Debug, Serialize)]
struct Candidates {
    candidates: Vec<Share>,
}

async fn api_candidates(State(state): State<AppState>) -> Result<ApiJson<Candidates>, ApiError> {
    Ok(ApiJson(Candidates {
        candidates: state.store().candidates_of(state.owner()).await?,
    }))
}

/// A story as a coach's list shows it.
#[derive(Debug, Serialize)]
struct StoryLine {
    id: i64,
    title: String,
    status: String,
    principles: Vec<String>,
    score: Option<u8>,
    updated_at: i64,
}

/// What a coach sees of one candidate (`GET /api/v1/coach/candidates/{candidate}`).
#[derive(Debug, Serialize)]
struct Overview {
    candidate: Share,
    readiness: Dashboard,
    stories: Vec<StoryLine>,
    mocks: Vec<MockSummary>,
}

async fn overview(state: &AppState, raw: &str) -> Result<Overview, AppError> {
    let who = candidate(state, raw).await?;
    let owner = who.account;
    let readiness = gather_for(state, owner).await?;
    let live = state
        .store()
        .list_stories(owner, &StoryFilter::default())
        .await?;
    let scores = tpmprep_app::stories::scores(state.ctx_for(owner), &live).await?;
    let stories = live
        .into_iter()
        .map(|s| StoryLine {
            id: s.meta.id,
            score: scores.get(&s.meta.id).copied(),
            title: s.title,
            status: s.status.as_str().to_string(),
            principles: s.principles,
            updated_at: s.meta.updated_at,
        })
        .collect();
    let mocks = state.store().list_mocks(owner).await?;
    Ok(Overview {
        candidate: who,
        readiness,
        stories,
        mocks,
    })
}

async fn candidate_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Html<String>, PageError> {
    let o = overview(&state, &raw).await?;
    render(
        &state,
        "coach/candidate.html",
        "coach",
        minijinja::context! {
            who => minijinja::Value::from_serialize(&o.candidate),
            d => minijinja::Value::from_serialize(&o.readiness),
            stories => minijinja::Value::from_serialize(&o.stories),
            mocks => minijinja::Value::from_serialize(&o.mocks),
        },
    )
}

async fn api_candidate(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Overview>, ApiError> {
    Ok(ApiJson(overview(&state, &raw).await?))
}

/// A shared story as a coach reads it (`GET /api/v1/coach/candidates/{candidate}/stories/{id}`).
#[derive(Debug, Serialize)]
struct SharedStory {
    story: StoredStory,
    score: u8,
    comments: Vec<Comment>,
}

async fn shared_story(
    state: &AppState,
    raw_candidate: &str,
    raw_id: &str,
) -> Result<(Share, SharedStory), AppError> {
    let who = candidate(state, raw_candidate).await?;
    let id = id_of(raw_id)?;
    let story = state.store().story(who.account, id).await?;
    // The trash is the candidate's own business.
    if story.meta.trashed_at.is_some() {
        return Err(AppError::NotShared);
    }
    let score = tpmprep_app::stories::critique(state.ctx_for(who.account), &story.content).overall;
    let comments = sharing::comments(state.store(), who.account, CommentsOf::Story(id)).await?;
    Ok((
        who,
        SharedStory {
            story,
            score,
            comments,
        },
    ))
}

fn story_parts(s: &StoredStory) -> Vec<(&'static str, String)> {
    let c = &s.content;
    let metrics: Vec<String> = c
        .metrics
        .iter()
        .map(tpmprep_stories::merge::metric_text)
        .filter(|m| !m.is_empty())
        .collect();
    [
        ("Role", c.role.clone()),
        ("When", c.period.clone()),
        ("Situation", c.situation.clone()),
        ("Task", c.task.clone()),
        ("Action", c.action.clone()),
        ("Result", c.result.clone()),
        ("Metrics", metrics.join("; ")),
        ("Trade-off", c.trade_off.clone()),
        ("Disagreement", c.dissent.clone()),
        ("What I would do differently", c.differently.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .collect()
}

async fn coach_story_page(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
) -> Result<Html<String>, PageError> {
    let (who, shared) = shared_story(&state, &raw_candidate, &raw_id).await?;
    let id = shared.story.meta.id;
    render(
        &state,
        "coach/story.html",
        "coach",
        minijinja::context! {
            who => minijinja::Value::from_serialize(&who),
            meta => minijinja::Value::from_serialize(&shared.story.meta),
            s => minijinja::Value::from_serialize(&shared.story.content),
            principles => shared.story.content.principles.join(", "),
            parts => minijinja::Value::from_serialize(story_parts(&shared.story)),
            score => shared.score,
            comments => minijinja::Value::from_serialize(&shared.comments),
            list_id => "comments",
            box_id => "story-comments",
            post => format!("/coach/{}/stories/{id}/comments", who.account),
            error => None::<String>,
        },
    )
}

async fn api_coach_story(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
) -> Result<ApiJson<SharedStory>, ApiError> {
    Ok(ApiJson(
        shared_story(&state, &raw_candidate, &raw_id).await?.1,
    ))
}

/// A shared mock as a coach reads it: no setup, no half-typed draft.
#[derive(Debug, Serialize)]
struct SharedMock {
    summary: MockSummary,
    answers: Vec<tpmprep_store::MockAnswer>,
    report: Option<uc::Report>,
    comments: Vec<Comment>,
}

async fn shared_mock(
    state: &AppState,
    raw_candidate: &str,
    raw_id: &str,
) -> Result<(Share, SharedMock), AppError> {
    let who = candidate(state, raw_candidate).await?;
    let id = id_of(raw_id)?;
    let StoredMock {
        summary, answers, ..
    } = state.store().mock(who.account, id).await?;
    let report = uc::report(state.ctx_for(who.account), id).await?;
    let comments = sharing::comments(state.store(), who.account, CommentsOf::Mock(id)).await?;
    Ok((
        who,
        SharedMock {
            summary,
            answers,
            report,
            comments,
        },
    ))
}

/// One answer of a shared mock as the page shows it, with its comments.
#[derive(Debug, Serialize)]
struct AnswerView {
    seq: i64,
    prompt: String,
    answer: String,
    follow_up: Option<i64>,
    clock: String,
    comments: Vec<Comment>,
    list_id: String,
    box_id: String,
    post: String,
}

fn answer_views(who: &Share, m: &SharedMock) -> Vec<AnswerView> {
    m.answers
        .iter()
        .map(|a| AnswerView {
            seq: a.seq,
            prompt: a.prompt.clone(),
            answer: a.answer.clone(),
            follow_up: a.follow_up,
            clock: tpmprep_app::clock(u32::try_from(a.seconds).unwrap_or(0)),
            comments: m
                .comments
                .iter()
                .filter(|c| matches!(c.on, CommentOn::Answer { seq, .. } if seq == a.seq))
                .cloned()
                .collect(),
            list_id: format!("comments-{}", a.seq),
            box_id: format!("answer-{}-comments", a.seq),
            post: format!(
                "/coach/{}/mocks/{}/answers/{}/comments",
                who.account, m.summary.id, a.seq
            ),
        })
        .collect()
}

async fn coach_mock_page(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
) -> Result<Html<String>, PageError> {
    let (who, shared) = shared_mock(&state, &raw_candidate, &raw_id).await?;
    let report = shared.report.as_ref().map(|r| {
        minijinja::context! {
            decision_label => r.decision_label.clone(),
            reason => r.debrief.reason.clone(),
        }
    });
    render(
        &state,
        "coach/mock.html",
        "coach",
        minijinja::context! {
            who => minijinja::Value::from_serialize(&who),
            m => minijinja::context! { summary => minijinja::Value::from_serialize(&shared.summary) },
            report => report,
            answers => minijinja::Value::from_serialize(answer_views(&who, &shared)),
        },
    )
}

async fn api_coach_mock(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
) -> Result<ApiJson<SharedMock>, ApiError> {
    Ok(ApiJson(
        shared_mock(&state, &raw_candidate, &raw_id).await?.1,
    ))
}

/// Renders the comments of one story or answer after a comment was added (or refused).
fn comments_fragment(
    state: &AppState,
    comments: &[Comment],
    list_id: &str,
    box_id: &str,
    post: &str,
    error: Option<String>,
) -> Response {
    match render_str(
        state,
        "coach/comments.html",
        "coach",
        minijinja::context! {
            comments => minijinja::Value::from_serialize(comments),
            list_id => list_id,
            box_id => box_id,
            post => post,
            error => error,
        },
    ) {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError::from(e).into_response(),
    }
}

/// Adds a comment from a coach page's form and answers with the fresh list.
async fn comment_form(
    state: &AppState,
    raw_candidate: &str,
    target: Result<Target, AppError>,
    body: &[u8],
) -> Result<Response, PageError> {
    let who = candidate(state, raw_candidate).await?;
    let target = target?;
    let text = form_field(body, "body");
    let (of, list_id, box_id, post) = match target {
        Target::Story(id) => (
            CommentsOf::Story(id),
            "comments".to_string(),
            "story-comments".to_string(),
            format!("/coach/{}/stories/{id}/comments", who.account),
        ),
        Target::Answer { mock, seq } => (
            CommentsOf::Mock(mock),
            format!("comments-{seq}"),
            format!("answer-{seq}-comments"),
            format!("/coach/{}/mocks/{mock}/answers/{seq}/comments", who.account),
        ),
    };
    let error =
        match sharing::comment(state.store(), who.account, state.owner(), target, &text).await {
            Ok(_) => None,
            Err(AppError::Invalid(m)) => Some(m),
            Err(e) => return Err(e.into()),
        };
    let mut comments = sharing::comments(state.store(), who.account, of).await?;
    if let Target::Answer { seq: want, .. } = target {
        comments.retain(|c| matches!(c.on, CommentOn::Answer { seq, .. } if seq == want));
    }
    Ok(comments_fragment(
        state, &comments, &list_id, &box_id, &post, error,
    ))
}

async fn story_comment_form(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let target = id_of(&raw_id).map(Target::Story);
    comment_form(&state, &raw_candidate, target, &body).await
}

async fn answer_comment_form(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id, raw_seq)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let target = answer_target(&raw_id, &raw_seq);
    comment_form(&state, &raw_candidate, target, &body).await
}

fn answer_target(raw_id: &str, raw_seq: &str) -> Result<Target, AppError> {
    let mock = id_of(raw_id)?;
    let seq = raw_seq
        .parse::<i64>()
        .ok()
        .filter(|s| *s >= 0)
        .ok_or(AppError::NotShared)?;
    Ok(Target::Answer { mock, seq })
}

#[derive(Debug, Deserialize)]
struct CommentBody {
    body: String,
}

async fn api_story_comment(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id)): Path<(String, String)>,
    Json(b): Json<CommentBody>,
) -> Result<(StatusCode, ApiJson<Comment>), ApiError> {
    let who = candidate(&state, &raw_candidate).await?;
    let target = Target::Story(id_of(&raw_id)?);
    let c = sharing::comment(state.store(), who.account, state.owner(), target, &b.body).await?;
    Ok((StatusCode::CREATED, ApiJson(c)))
}

async fn api_answer_comment(
    State(state): State<AppState>,
    Path((raw_candidate, raw_id, raw_seq)): Path<(String, String, String)>,
    Json(b): Json<CommentBody>,
) -> Result<(StatusCode, ApiJson<Comment>), ApiError> {
    let who = candidate(&state, &raw_candidate).await?;
    let target = answer_target(&raw_id, &raw_seq)?;
    let c = sharing::comment(state.store(), who.account, state.owner(), target, &b.body).await?;
    Ok((StatusCode::CREATED, ApiJson(c)))
}

/// The comments on a candidate's own story, for the story editor.
pub(crate) async fn own_comments(
    state: &AppState,
    of: CommentsOf,
) -> Result<Vec<Comment>, PageError> {
    Ok(sharing::comments(state.store(), state.owner(), of).await?)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sharing", get(sharing_page).post(share_form))
        .route("/sharing/{coach}/revoke", post(revoke_form))
        .route("/coach", get(candidates_page))
        .route("/coach/{candidate}", get(candidate_page))
        .route("/coach/{candidate}/stories/{id}", get(coach_story_page))
        .route(
            "/coach/{candidate}/stories/{id}/comments",
            post(story_comment_form),
        )
        .route("/coach/{candidate}/mocks/{id}", get(coach_mock_page))
        .route(
            "/coach/{candidate}/mocks/{id}/answers/{seq}/comments",
            post(answer_comment_form),
        )
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/shares",
            handler: get(api_shares),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/shares",
            handler: post(api_share),
        },
        ApiRoute {
            method: Method::DELETE,
            path: "/api/v1/shares/{coach}",
            handler: delete(api_unshare),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/stories/{id}/comments",
            handler: get(api_own_story_comments),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/mocks/{id}/comments",
            handler: get(api_own_mock_comments),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/coach/candidates",
            handler: get(api_candidates),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/coach/candidates/{candidate}",
            handler: get(api_candidate),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/coach/candidates/{candidate}/stories/{id}",
            handler: get(api_coach_story),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/coach/candidates/{candidate}/stories/{id}/comments",
            handler: post(api_story_comment),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/coach/candidates/{candidate}/mocks/{id}",
            handler: get(api_coach_mock),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/coach/candidates/{candidate}/mocks/{id}/answers/{seq}/comments",
            handler: post(api_answer_comment),
        },
    ]
}
