//! The pmatlas website: HTML pages rendered from compile-time templates over an immutable
//! snapshot of the published profiles, with security headers, ETags and compression.
//!
//! The crate is in layers, each using only its own and those below (ARCHITECTURE.md lists
//! them; `tests/architecture.rs` holds them): what knows no request ([`shell`], [`svg`],
//! `query`, [`formats`], `error`, limits and admission), the read view (`state`), the
//! request's context ([`auth`], `extract`), the resources ([`pages`], `api`, side by side),
//! and at the top the router (here), `layers`, [`fast`] and [`server`].

pub mod admission;
mod api;
pub mod auth;
mod error;
mod extract;
pub mod fast;
pub mod formats;
mod io;
mod layers;
mod limits;
mod memory;
pub mod pages;
mod query;
pub mod server;
pub mod shell;
mod state;
pub mod svg;

use std::net::SocketAddr;
use std::path::Path;

use axum::routing::get;
use axum::Router;

pub use state::{AppState, Shared, View, DEMO};
pub use svg::map;

/// The application: every route and layer, with the default limits.
pub fn app(state: AppState) -> Router {
    app_with(state, &server::Limits::default())
}

/// The application with the given limits on requests in progress.
pub fn app_with(mut state: AppState, limits: &server::Limits) -> Router {
    state.configure().deadline = limits.request;
    state.configure().admission = limits.admission();
    state.configure().body_deadline = (limits.body, limits.min_body_rate);
    let pages = pages::router()
        .merge(api::router())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), layers::pages));
    // The health check stays outside admission control: it answers while the pages shed load.
    let site = Router::new().route("/healthz", get(pages::healthz)).merge(pages).with_state(state);
    let site = layers::security_headers(site).layer(tower_http::compression::CompressionLayer::new());
    // A log line per request when the log level asks for one (`RUST_LOG`, `info` by default);
    // otherwise no layer at all: it costs a share of a small page's time even writing nothing.
    if request_log_enabled() {
        site.layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(tower_http::trace::DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
    } else {
        site
    }
}

/// A public URL as links are built on: `http(s)://host[:port][/path]`, without a trailing
/// slash; `None` when it is not one.
pub fn public_base(u: &str) -> Option<String> {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"))?;
    let host = rest.split('/').next()?;
    let ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    let path_ok = rest.bytes().all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b));
    (ok && path_ok).then(|| u.trim_end_matches('/').to_string())
}

/// Whether the log level asks for a line per request.
fn request_log_enabled() -> bool {
    tracing::enabled!(target: "tower_http::trace::on_response", tracing::Level::INFO)
}

/// Opens the database (loading the demo data into an empty one) and serves until SIGTERM
/// or SIGINT, then finishes the requests in progress (see [`server`]). Requests from
/// `trusted_proxies` are taken to come from the client their `X-Forwarded-For` names.
/// Sets up the allocator for a long-running server; call before any thread starts.
pub fn prepare_process() {
    memory::fewer_arenas();
}

pub async fn serve(
    addr: SocketAddr,
    db: &Path,
    limits: server::Limits,
    trusted_proxies: &[std::net::IpAddr],
    public_url: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut state = AppState::open(db)?;
    state.configure().trusted_proxies = trusted_proxies.into();
    let listener = tokio::net::TcpListener::bind(addr).await?;
    state.configure().public_url = match public_url {
        Some(u) => public_base(u)
            .ok_or_else(|| format!("--public-url {u}: give an http(s) address such as https://atlas.example.org"))?,
        None => format!("http://{}", listener.local_addr()?),
    };
    tracing::info!("serving {} regions on http://{}", state.view().snapshot.len(), listener.local_addr()?);
    tokio::spawn(state.clone().watch_database(std::time::Duration::from_secs(1)));
    tokio::spawn(memory::trim_every(std::time::Duration::from_secs(10)));
    let fast = fast::FastPath::new(state.clone());
    server::run(listener, app_with(state, &limits), fast, limits, trusted_proxies, server::signal()).await;
    Ok(())
}
