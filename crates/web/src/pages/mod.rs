//! The HTML pages, one module per resource; a page's code is found from its URL:
//! `/` → [`home`], `/regions` → [`search`], `/regions/{code}` → [`profile`], `/regions/{code}/versions` →
//! [`versions`], `/regions/{code}/matches` and `/topics/{topic}` → [`matches`],
//! `/compare` → [`compare`], `/map` → [`map`], `/stats` → [`stats`]. Each module owns its view
//! models and handlers and offers a `router()`; what they share is here.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use pmatlas_core::{Profile, Text};

use crate::state::AppState;

pub mod changes;
pub mod compare;
pub mod data;
pub mod feeds;
pub mod home;
pub mod map;
pub mod matches;
pub mod password;
pub mod profile;
pub mod review;
pub mod search;
pub mod stats;
pub mod survey;
pub mod versions;

/// Every page's route (the health check and the API are routed in `lib.rs`).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(search::router())
        .merge(profile::router())
        .merge(versions::router())
        .merge(matches::router())
        .merge(compare::router())
        .merge(map::router())
        .merge(stats::router())
        .merge(data::router())
        .merge(feeds::router())
        .merge(survey::router())
        .merge(review::router())
        .merge(password::router())
        .route("/static/style.css", get(stylesheet))
        .route("/static/favicon.svg", get(favicon))
        .route("/static/facets.js", get(facets_script))
        .route("/favicon.ico", get(favicon))
}

/// Renders a template; a template that fails is a 500 with its cause logged.
pub(crate) fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::error::WebError::Internal(format!("template: {e}")).into_response(),
    }
}

/// The date of a profile's data as a reader needs it: its edition first, then when it
/// reached the observatory ("2021 edition · imported 25 Nov 2026").
pub(crate) fn dated(p: &Profile, v: &pmatlas_store::VersionInfo) -> String {
    if is_synthetic(v) {
        return format!("synthetic demo data · generated {}", human_date(&v.created_at));
    }
    let how = match v.source {
        pmatlas_store::Source::Import => "imported",
        pmatlas_store::Source::Survey => "submitted",
        pmatlas_store::Source::Edit => "edited",
    };
    let day = human_date(&v.created_at);
    match p.origin.edition {
        Some(e) => format!("{e} · {how} {day}"),
        None => format!("{how} {day}"),
    }
}

/// Whether a version is of the synthetic demo set (`pmatlas demo`).
pub(crate) fn is_synthetic(v: &pmatlas_store::VersionInfo) -> bool {
    v.author == pmatlas_core::synth::DEMO_AUTHOR
}

/// "2026-11-25T10:00:00Z" → "25 Nov 2026".
pub(crate) fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let part = |a: usize, b: usize| iso.get(a..b).and_then(|x| x.parse::<usize>().ok());
    match (part(0, 4), part(5, 7), part(8, 10)) {
        (Some(y), Some(m @ 1..=12), Some(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

pub(crate) fn fmt_int(v: u64) -> String {
    pmatlas_core::format::values::render_integer(v)
}

pub(crate) fn fmt_dec(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "Country", "NUTS 2" …
pub(crate) fn level_label(p: &Profile) -> String {
    match p.code.level() {
        0 => "Country".into(),
        l => format!("NUTS {l}"),
    }
}

pub(crate) fn texts(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.to_string()).collect()
}

pub(crate) fn flag(f: &Option<pmatlas_core::Flag>) -> String {
    match f {
        Some(f) => {
            let w = if f.value { "Yes" } else { "No" };
            f.note.as_ref().map_or(w.to_string(), |n| format!("{w} – {n}"))
        }
        None => String::new(),
    }
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
