//! The pmatlas website: HTML pages rendered from compile-time templates over an immutable
//! snapshot of the published profiles, with security headers, ETags and compression.
//!
//! The crate is in layers, each using only its own and those below (ARCHITECTURE.md lists
//! them; `tests/architecture.rs` holds them): what knows no request ([`shell`], [`svg`],
//! `query`, [`formats`], `error`, limits and admission), the read view (`state`), the
//! request's context ([`auth`], `extract`), the resources ([`pages`], `api`, side by side),
//! and at the top the router (here), `layers`, [`fast`] and [`server`].

pub mod access;
pub mod admission;
mod api;
pub mod auth;
mod cores;
mod error;
mod extract;
pub mod fast;
pub mod formats;
mod front;
mod io;
mod layers;
mod limits;
mod memory;
pub mod metrics;
pub mod pages;
mod query;
pub mod server;
pub mod shell;
mod state;
pub mod svg;

use std::net::SocketAddr;

use axum::routing::get;
use axum::Router;

pub use state::{listen_for_commits, AppState, OnWrite, Shared, View, DEMO};
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
    // The request log is written by the accept loop, for the fast path and the router alike
    // (`access`, `server`): no layer here.
    layers::security_headers(site).layer(tower_http::compression::CompressionLayer::new())
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

/// Opens the database (loading the demo data into an empty one) and serves until SIGTERM
/// or SIGINT, then finishes the requests in progress (see [`server`]). Requests from
/// `trusted_proxies` are taken to come from the client their `X-Forwarded-For` names.
/// Sets up the allocator for a long-running server; call before any thread starts.
pub fn prepare_process() {
    memory::fewer_arenas();
}

pub async fn serve(
    addr: SocketAddr,
    db: &pmatlas_store::Location,
    limits: server::Limits,
    trusted_proxies: &[std::net::IpAddr],
    public_url: Option<&str>,
    on_write: Option<OnWrite>,
    metrics_addr: Option<SocketAddr>,
) -> Result<(), Box<dyn std::error::Error>> {
    // Opening reads every profile (and a PostgreSQL client blocks): off the async threads.
    let at = db.clone();
    let connections = limits.database_connections;
    let mut state = tokio::task::spawn_blocking(move || AppState::open(&at, connections)).await??;
    state.configure().trusted_proxies = trusted_proxies.into();
    state.configure().on_write = on_write;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    state.configure().public_url = match public_url {
        Some(u) => public_base(u)
            .ok_or_else(|| format!("--public-url {u}: give an http(s) address such as https://atlas.example.org"))?,
        None => format!("http://{}", listener.local_addr()?),
    };
    if let Some(at) = metrics_addr {
        let listener = tokio::net::TcpListener::bind(at).await?;
        tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
        tokio::spawn(metrics::serve(listener));
    }
    tracing::info!("serving {} regions on http://{}", state.view().snapshot.len(), listener.local_addr()?);
    // SQLite's data_version is one read of a page already in memory: polled every 20 ms, a commit by
    // another process (an import) reaches readers within a tenth of a second. PostgreSQL
    // announces commits (LISTEN/NOTIFY): the view is checked when one is announced, and
    // every second in case an announcement was missed.
    match db {
        pmatlas_store::Location::Postgres(_) => {
            let nudge = state::listen_for_commits(db.clone());
            tokio::spawn(state.clone().watch_database_nudged(std::time::Duration::from_secs(1), Some(nudge)));
        }
        pmatlas_store::Location::Sqlite(_) => {
            tokio::spawn(state.clone().watch_database(std::time::Duration::from_millis(20)));
        }
    }
    tokio::spawn(memory::trim_every(std::time::Duration::from_secs(10)));
    let fast = fast::FastPath::new(state.clone());
    server::run(listener, app_with(state, &limits), fast, limits, trusted_proxies, server::signal()).await;
    Ok(())
}
