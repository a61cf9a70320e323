//! The mock interviews' JSON API under `/api/v1/mocks`: the same use cases as the pages, answered
//! as JSON (errors `{"error": …}`; a finished mock refuses answers with 409).

use super::*;

/// A JSON body, with a malformed one answered 400 in the API's error shape.
pub(super) fn body<T: DeserializeOwned>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(t)| t).map_err(|e| match e.status() {
        // Worded with the limit by the router (`middleware::errors_in_words`).
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        _ => ApiError::Bad(crate::rejection::json_body_words(&e.body_text())),
    })
}

pub(super) fn api_id(raw: &str) -> Result<MockId, ApiError> {
    parse_id(raw).ok_or_else(|| ApiError::NotFound(format!("no such mock `{raw}`")))
}

/// What `POST /api/v1/mocks` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StartBody {
    kind: MockKind,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    minutes_scale: Option<f64>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    principles: Vec<String>,
    #[serde(default)]
    interviews: Option<u32>,
}

#[derive(Serialize)]
pub(super) struct Started {
    id: MockId,
    current: Option<Current>,
    interview: Option<InterviewView>,
}

#[derive(Serialize)]
pub(super) struct OpenMock {
    id: MockId,
    finished: bool,
    current: Option<Current>,
    interview: Option<InterviewView>,
    answers: usize,
    draft: String,
    draft_seconds: u32,
}

#[derive(Serialize)]
pub(super) struct DoneMock {
    id: MockId,
    finished: bool,
    debrief: Report,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum MockState {
    Open(OpenMock),
    Done(DoneMock),
}

/// What `POST /api/v1/mocks/{id}/answers` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerBody {
    text: String,
    seconds: u32,
    #[serde(default)]
    story: Option<i64>,
}

#[derive(Serialize)]
pub(super) struct Answered {
    finished: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<Current>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interview: Option<InterviewView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    debrief: Option<Report>,
}

/// What `PUT /api/v1/mocks/{id}/draft` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DraftBody {
    text: String,
    seconds: u32,
}

pub(super) fn where_it_stands(
    pack: &Pack,
    running: &Running,
) -> (Option<Current>, Option<InterviewView>) {
    let current = running.current();
    let iv = current
        .as_ref()
        .and_then(|c| interview_view(pack, running, c.interview));
    (current, iv)
}

pub(super) async fn api_list(
    State(state): State<AppState>,
) -> Result<ApiJson<Vec<MockSummary>>, ApiError> {
    Ok(ApiJson(state.store().list_mocks(state.owner()).await?))
}

pub(super) async fn api_start(
    State(state): State<AppState>,
    b: Result<Json<StartBody>, JsonRejection>,
) -> Result<(StatusCode, ApiJson<Started>), ApiError> {
    let b = body(b)?;
    let minutes_scale = check_scale(b.minutes_scale.unwrap_or(1.0)).map_err(ApiError::Bad)?;
    let o = StartOptions {
        kind: b.kind,
        format: b.format,
        stage: b.stage,
        principles: b.principles,
        interviews: b.interviews,
        seed: b.seed,
        minutes_scale,
    };
    let ctx = state.ctx();
    let setup = uc::plan_mock(ctx, &o).await.map_err(api_error)?;
    let running = uc::start(ctx, setup).await.map_err(api_error)?;
    let (current, interview) = where_it_stands(state.pack(), &running);
    Ok((
        StatusCode::CREATED,
        ApiJson(Started {
            id: running.id,
            current,
            interview,
        }),
    ))
}

pub(super) async fn api_get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<MockState>, ApiError> {
    let id = api_id(&raw)?;
    let ctx = state.ctx();
    if let Some(report) = uc::report(ctx, id).await.map_err(api_error)? {
        return Ok(ApiJson(MockState::Done(DoneMock {
            id,
            finished: true,
            debrief: report,
        })));
    }
    let r = uc::reopen(ctx, id).await.map_err(api_error)?;
    let (current, interview) = where_it_stands(state.pack(), &r.running);
    Ok(ApiJson(MockState::Open(OpenMock {
        id,
        finished: false,
        current,
        interview,
        answers: r.answers,
        draft: r.draft,
        draft_seconds: r.draft_seconds,
    })))
}

pub(super) async fn api_answer(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<ApiJson<Answered>, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    if let Some(msg) = too_long(&b.text) {
        return Err(ApiError::Bad(msg));
    }
    let ctx = state.ctx();
    let mut r = uc::reopen(ctx, id).await.map_err(api_error)?;
    let story = check_story(&r.running, b.story).map_err(ApiError::Bad)?;
    if r.running.current().is_some() {
        r.running
            .submit(ctx, &b.text, b.seconds, story)
            .await
            .map_err(api_error)?;
    }
    if r.running.current().is_none() {
        let report = r.running.finish(ctx).await.map_err(api_error)?;
        return Ok(ApiJson(Answered {
            finished: true,
            current: None,
            interview: None,
            debrief: Some(report),
        }));
    }
    let (current, interview) = where_it_stands(state.pack(), &r.running);
    Ok(ApiJson(Answered {
        finished: false,
        current,
        interview,
        debrief: None,
    }))
}

pub(super) async fn api_draft(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    b: Result<Json<DraftBody>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let id = api_id(&raw)?;
    let b = body(b)?;
    if let Some(msg) = too_long(&b.text) {
        return Err(ApiError::Bad(msg));
    }
    let ctx = state.ctx();
    let r = uc::reopen(ctx, id).await.map_err(api_error)?;
    r.running
        .save_draft(ctx, &b.text, b.seconds)
        .await
        .map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn api_finish(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<ApiJson<Report>, ApiError> {
    let id = api_id(&raw)?;
    let ctx = state.ctx();
    let r = uc::reopen(ctx, id).await.map_err(api_error)?;
    Ok(ApiJson(r.running.finish(ctx).await.map_err(api_error)?))
}

pub(super) async fn api_trend(
    State(state): State<AppState>,
) -> Result<ApiJson<Vec<tpmprep_practice::trend::PrincipleTrend>>, ApiError> {
    Ok(ApiJson(uc::trends(state.ctx()).await.map_err(api_error)?))
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/mocks",
            handler: get(api_list),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/mocks",
            handler: post(api_start),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/mocks/trend",
            handler: get(api_trend),
        },
        ApiRoute {
            method: Method::GET,
            path: "/api/v1/mocks/{id}",
            handler: get(api_get),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/mocks/{id}/answers",
            handler: post(api_answer),
        },
        ApiRoute {
            method: Method::PUT,
            path: "/api/v1/mocks/{id}/draft",
            handler: put(api_draft),
        },
        ApiRoute {
            method: Method::POST,
            path: "/api/v1/mocks/{id}/finish",
            handler: post(api_finish),
        },
    ]
}
