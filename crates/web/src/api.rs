//! The JSON API: for now the matches of a region (`/api/regions/{code}/matches`); the
//! open-data issue grows it into `/api/v1`.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::WebError;
use crate::extract::RegionAt;
use crate::pages::matches::{topic_param, MATCHES};
use crate::state::AppState;

/// A region's matches as JSON (the shape `pmatlas match --json` writes); an unknown region
/// is a JSON 404.
pub async fn matches_json(at: Result<RegionAt, WebError>, RawQuery(raw): RawQuery) -> Response {
    let at = match at {
        Ok(at) => at,
        Err(WebError::RegionNotFound(code)) => {
            let body = serde_json::json!({"error": format!("no region {code}")});
            return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
        }
        Err(e) => return e.into_response(),
    };
    let regions = at.view.snapshot.regions();
    let found = at.view.matcher.partners(at.index, topic_param(&raw), MATCHES);
    let matches: Vec<_> = found.iter().map(|m| m.out(&regions[m.index].profile)).collect();
    axum::Json(serde_json::json!({"region": at.code(), "matches": matches})).into_response()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/api/regions/{code}/matches", axum::routing::get(matches_json)).route(
        // The address of earlier releases.
        "/api/regions/{code}/partners",
        axum::routing::get(|at: Result<RegionAt, WebError>, RawQuery(q): RawQuery| async move {
            let code = match at {
                Ok(at) => at.code().to_string(),
                Err(e) => return e.into_response(),
            };
            let q = q.map(|q| format!("?{q}")).unwrap_or_default();
            Redirect::permanent(&format!("/api/regions/{code}/matches{q}")).into_response()
        }),
    )
}
