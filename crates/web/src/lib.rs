//! The pmatlas website: HTML pages rendered from compile-time templates over an immutable
//! snapshot of the published profiles, with security headers, ETags and compression.
//!
//! Where things live: [`pages`] has one module per resource, named by its URL (a page's
//! view models, handlers and `router()`); `api` the JSON responses; [`svg`] every drawing
//! (escaper, bar charts, the map and locator); `query` query strings, links and pagination;
//! `extract` the `RegionAt` extractor; `error` the one error type and its responses; `layers`
//! ETags and security headers; [`server`] the accept loop, limits and shutdown; `state` the
//! read view (`View`) and the store behind it.

mod api;
pub mod auth;
mod error;
mod extract;
mod layers;
pub mod pages;
mod query;
pub mod server;
mod state;
pub mod svg;

use std::net::SocketAddr;
use std::path::Path;

use axum::routing::get;
use axum::Router;

pub use state::{AppState, View};
pub use svg::map;

/// The demo profile a fresh database starts with.
pub const DEMO: &[(&str, &str)] = &[("DEG-thuringia.txt", include_str!("../../../data/demo/DEG-thuringia.txt"))];

/// The application: every route and layer, with the default limits.
pub fn app(state: AppState) -> Router {
    app_with(state, &server::Limits::default())
}

/// The application with the given limits on requests in progress.
pub fn app_with(mut state: AppState, limits: &server::Limits) -> Router {
    state.deadline = limits.request;
    let pages = pages::router()
        .merge(api::router())
        .merge(auth::router())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), layers::etag))
        .layer(axum::middleware::from_fn_with_state(server::Admission::new(limits), server::admit));
    // The health check stays outside admission control: it answers while the pages shed load.
    Router::new()
        .route("/healthz", get(pages::healthz))
        .merge(pages)
        .with_state(state)
        .layer(axum::middleware::from_fn(layers::security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(tower_http::trace::DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Opens the database (loading the demo data into an empty one) and serves until SIGTERM
/// or SIGINT, then finishes the requests in progress (see [`server`]).
pub async fn serve(addr: SocketAddr, db: &Path, limits: server::Limits) -> Result<(), Box<dyn std::error::Error>> {
    let state = AppState::open(db)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving {} regions on http://{}", state.view().snapshot.len(), listener.local_addr()?);
    tokio::spawn(state.clone().watch_database(std::time::Duration::from_secs(1)));
    server::run(listener, app_with(state, &limits), limits, server::signal()).await;
    Ok(())
}
