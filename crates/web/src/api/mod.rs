//! The JSON API. `/api/v1` (`v1.rs`) is declared as a table of endpoints from which both the
//! router and the OpenAPI document (`openapi.rs`, at `/api/openapi.json`, and the human page
//! at `/api`) are built, so the two cannot drift. Errors are RFC 9457 problem details
//! (`problem.rs`); every GET answers cross-origin requests; nothing here writes.

mod openapi;
mod problem;
mod v1;

use axum::extract::{RawQuery, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::WebError;
use crate::extract::RegionAt;
use crate::query::{topic_param, MATCHES};
use crate::state::AppState;

pub use problem::Problem;

/// A region's matches as JSON (the shape `pmatlas match --json` writes); an unknown region
/// is a JSON 404. (The address before `/api/v1`; it stays.)
pub async fn matches_json(at: Result<RegionAt, WebError>, RawQuery(raw): RawQuery) -> Response {
    let at = match at {
        Ok(at) => at,
        Err(WebError::RegionNotFound(code)) => return Problem::not_found(format!("no region {code}")).into_response(),
        Err(e) => return e.into_response(),
    };
    let regions = at.view.snapshot.regions();
    let topic = topic_param(&raw);
    // Found once a view, as the API's own matches are.
    let key = format!("/api/regions/{}/matches?topic={}", at.code(), topic.map_or("", |t| t.id()));
    v1::drawn_json(&at.view, key, || {
        let found = at.view.matcher.partners(at.index, topic, MATCHES);
        let matches: Vec<_> = found.iter().map(|m| m.out(&regions[m.index].profile)).collect();
        serde_json::json!({"region": at.code(), "matches": matches})
    })
}

/// The headers of every answer to a read of the API (the fast path gives them too).
pub const CORS_READ: [(header::HeaderName, &str); 2] =
    [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"), (header::ACCESS_CONTROL_EXPOSE_HEADERS, "ETag")];

/// Cross-origin reads: any site may GET the API (it is open data and holds no user state);
/// a preflight is answered here, and nothing but GET, HEAD and OPTIONS is allowed.
async fn cors(req: Request, next: Next) -> Response {
    if req.method() == Method::OPTIONS {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, OPTIONS"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("If-None-Match"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
        return res;
    }
    let read = req.method() == Method::GET || req.method() == Method::HEAD;
    let mut res = next.run(req).await;
    if read {
        for (name, value) in &CORS_READ {
            res.headers_mut().insert(name.clone(), HeaderValue::from_static(value));
        }
    }
    res
}

pub fn router() -> axum::Router<AppState> {
    let mut api = axum::Router::new();
    for e in v1::endpoints() {
        api = api.route(e.path, (e.handler)());
    }
    api.route("/api/openapi.json", axum::routing::get(openapi::document))
        .route("/api", axum::routing::get(openapi::page))
        .route("/api/regions/{code}/matches", axum::routing::get(matches_json))
        .route(
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
        // Any other address under /api/v1 is a problem, not an HTML page.
        .route("/api/v1/{*rest}", axum::routing::any(|| async { Problem::not_found("no such endpoint") }))
        .layer(axum::middleware::from_fn(cors))
}
