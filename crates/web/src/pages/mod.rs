//! The HTML pages, one module per resource; a page's code is found from its URL:
//! `/` → [`home`], `/regions` → [`search`], `/regions/{code}` → [`profile`], `/regions/{code}/versions` →
//! [`versions`], `/regions/{code}/matches` → [`matches`], `/topics` and `/topics/{topic}` → [`topics`],
//! `/compare` → [`compare`], `/map` → [`map`], `/stats` → [`stats`]. Each module owns its view
//! models and handlers and offers a `router()`; what they share is below them, in
//! [`crate::shell`].

use axum::extract::State;
use axum::http::header;
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

pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let v = s.view();
    ([(header::CONTENT_TYPE, "application/json")], format!("{{\"status\":\"ok\",\"regions\":{}}}", v.snapshot.len()))
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
