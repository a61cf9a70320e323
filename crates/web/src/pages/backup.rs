//! The account's backup: `GET /api/v1/backup` serves the whole of the requester's data — every
//! story with its history and the trash, every mock with its answers, draft and debrief, the
//! settings — as the versioned document `tpmprep backup` writes (`tpmprep_app::backup`), as a
//! download. Only the requester's own: in accounts mode the signed-in account's (nobody's request
//! never reaches it), in local mode the local user's. Restoring is the CLI's (`tpmprep restore`).

use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{ApiError, ApiRoute, AppState};

pub(crate) const OPENAPI: &str = include_str!("../../openapi/backup.json");

async fn api_backup(State(state): State<AppState>) -> Result<Response, ApiError> {
    let backup = tpmprep_app::backup::backup(state.store(), state.owner()).await?;
    let body = tpmprep_app::backup::to_json(&backup)?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        tpmprep_app::backup::file_name(&backup)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            // One person's whole data: no cache along the way keeps a copy.
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

pub(crate) fn api() -> Vec<ApiRoute> {
    vec![ApiRoute {
        method: Method::GET,
        path: "/api/v1/backup",
        handler: get(api_backup),
    }]
}
