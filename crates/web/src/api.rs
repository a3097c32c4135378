//! The JSON API: for now the matches of a region (`/api/regions/{code}/partners`); the
//! open-data issue grows it into `/api/v1`.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::extract::RegionAt;
use crate::pages::partners::{topic_param, PARTNERS};
use crate::state::AppState;

/// A region's matches as JSON; an unknown region is a JSON 404.
pub async fn partners_json(at: Result<RegionAt, WebError>, RawQuery(raw): RawQuery) -> Response {
    let at = match at {
        Ok(at) => at,
        Err(WebError::RegionNotFound(code)) => {
            let body = serde_json::json!({"error": format!("no region {code}")});
            return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
        }
        Err(e) => return e.into_response(),
    };
    let (view, a) = (&at.view, at.index);
    let regions = view.snapshot.regions();
    let found: Vec<serde_json::Value> = view
        .matcher
        .partners(a, topic_param(&raw), PARTNERS)
        .into_iter()
        .map(|m| {
            let p = &regions[m.index].profile;
            serde_json::json!({"code": p.code, "name": p.name, "score": m.score, "reasons": m.reasons})
        })
        .collect();
    axum::Json(serde_json::json!({"region": regions[a].profile.code, "partners": found})).into_response()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/api/regions/{code}/partners", axum::routing::get(partners_json))
}
