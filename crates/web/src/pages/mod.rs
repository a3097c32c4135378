//! The HTML pages, one module per resource; a page's code is found from its URL:
//! `/` → [`home`], `/regions` → [`search`], `/regions/{code}` → [`profile`], `/regions/{code}/versions` →
//! [`versions`], `/regions/{code}/matches` → [`matches`], `/topics` and `/topics/{topic}` → [`topics`],
//! `/compare` → [`compare`], `/map` → [`map`], `/stats` → [`stats`]. Each module owns its view
//! models and handlers and offers a `router()`; what they share is below them, in
//! [`crate::shell`].

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

pub mod accounts;
pub mod catalog;
pub mod changes;
pub mod compare;
pub mod data;
pub mod feeds;
pub mod glance;
pub mod home;
pub mod map;
pub mod matches;
pub mod password;
pub mod profile;
pub mod review;
pub mod search;
pub mod stats;
pub mod survey;
pub mod topics;
pub mod versions;

/// Every page's route (the health check and the API are routed in `lib.rs`).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(search::router())
        .merge(profile::router())
        .merge(versions::router())
        .merge(matches::router())
        .merge(topics::router())
        .merge(compare::router())
        .merge(map::router())
        .merge(stats::router())
        .merge(data::router())
        .merge(catalog::router())
        .merge(feeds::router())
        .merge(survey::router())
        .merge(review::router())
        .merge(password::router())
        .merge(accounts::router())
        .route("/static/style.css", get(stylesheet))
        .route("/static/favicon.svg", get(favicon))
        .route("/static/facets.js", get(facets_script))
        .route("/favicon.ico", get(favicon))
}

/// For load balancers and monitors: whether the database answers (within 2 s), and how long
/// ago the read view was last known to hold what the database holds. 503 when the database
/// does not answer (the pages, served from the view, may still work).
pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let v = s.view();
    let answer = tokio::time::timeout(std::time::Duration::from_secs(2), s.with_store(|st| st.data_version())).await;
    let database = match answer {
        Ok(Ok(_)) => "ok",
        Ok(Err(_)) => "error",
        Err(_) => "timeout",
    };
    let checked = s.checked.load(std::sync::atomic::Ordering::Relaxed);
    let age = crate::state::unix_ms().saturating_sub(checked);
    let status = if database == "ok" { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = serde_json::json!({
        "status": if database == "ok" { "ok" } else { "degraded" },
        "database": database,
        "regions": v.snapshot.len(),
        "generation": v.snapshot.watermark,
        "view_checked_ms_ago": age,
    });
    (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body.to_string())
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/style.css"),
    )
}

async fn facets_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/facets.js"),
    )
}

/// The site's icon (also at /favicon.ico, which browsers ask for on every site).
async fn favicon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        include_str!("../../static/favicon.svg"),
    )
}

pub async fn not_found() -> Response {
    crate::error::WebError::NotFound.into_response()
}
