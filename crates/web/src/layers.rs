//! Response layers: security headers on everything; ETags (and 304s) on successful GETs.

use std::hash::{Hash, Hasher};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The longest query string any page works on, in bytes, and the most parameters: every
/// page's work and size stay bounded (a search link repeats its parameters once per filter,
/// so what a page writes grows with their square).
pub const MAX_QUERY_BYTES: usize = 2048;
pub const MAX_QUERY_PARAMS: usize = 40;

/// The bounds of an API query: every value of every parameter the OpenAPI document allows
/// (at most `api::MAX_ITEMS` per parameter, each of bounded length) fits, so a request
/// the document calls valid is never refused for its size; the work stays linear in it.
pub const MAX_API_QUERY_BYTES: usize = 48 * 1024;
pub const MAX_API_QUERY_PARAMS: usize = 512;

/// A 400 answer when the query string is over the bounds (a problem document for the API).
pub fn query_too_big(req: &Request) -> Option<Response> {
    let q = req.uri().query().unwrap_or("");
    let params = if q.is_empty() { 0 } else { q.split('&').count() };
    let api = req.uri().path().starts_with("/api/");
    let (max_bytes, max_params) =
        if api { (MAX_API_QUERY_BYTES, MAX_API_QUERY_PARAMS) } else { (MAX_QUERY_BYTES, MAX_QUERY_PARAMS) };
    if q.len() <= max_bytes && params <= max_params {
        return None;
    }
    let message = format!(
        "This address asks for too much: a query may have at most {max_params} parameters and \
         {max_bytes} bytes (this one has {params} and {}).",
        q.len()
    );
    if api {
        return Some(crate::api::Problem::bad_param("query", message).into_response());
    }
    Some((StatusCode::BAD_REQUEST, message).into_response())
}

/// The security headers every response carries, as layers with no allocation of their own
/// (the busiest pages are a few microseconds of work: a boxed middleware per header showed).
pub fn security_headers<S>(router: axum::Router<S>) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    use tower_http::set_header::SetResponseHeaderLayer;
    SECURITY_HEADERS.iter().fold(router, |r, (name, value)| {
        r.layer(SetResponseHeaderLayer::overriding(name.clone(), HeaderValue::from_static(value)))
    })
}

/// The headers of [`security_headers`].
pub const SECURITY_HEADERS: [(header::HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// The ETag of a page: weak, as the gzip and brotli encodings of a page share it.
pub fn etag_of(view: &crate::View, nonce: u64, uri: &axum::http::Uri) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    view.generation.hash(&mut hasher);
    nonce.hash(&mut hasher);
    uri.hash(&mut hasher);
    format!("W/\"{:016x}\"", hasher.finish())
}

/// What every request to the pages goes through, in one middleware (one boxed future, not
/// one per step): admission (see [`crate::server::Admission`]: the query string within
/// bounds, a slot free), then ETags.
///
/// ETags without reading the body: every page is a function of the data (the view's
/// generation), the running binary (a start nonce: templates, styles, installed shapes) and
/// the URL, so the tag is known before the handler runs, and a matching If-None-Match is
/// answered 304 without rendering anything.
pub async fn pages(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    if let Some(refusal) = query_too_big(&req) {
        return refusal;
    }
    let Some(_slot) = state.admission.admit() else {
        return crate::error::WebError::Unavailable("The site is busy: try again in a moment.").into_response();
    };
    let is_get = req.method() == Method::GET || req.method() == Method::HEAD;
    // The versions page reads the database, not the snapshot, and tags itself; an account's
    // pages differ by account (and the login page sets a cookie): never tagged or cached.
    let path = req.uri().path();
    let personal = matches!(path, "/login" | "/logout" | "/account" | "/survey")
        || path.starts_with("/admin/")
        || path.starts_with("/review")
        || path.starts_with("/submissions/")
        || path.starts_with("/drafts/")
        || path.ends_with("/update");
    if !is_get || path.ends_with("/versions") || personal {
        return next.run(req).await;
    }
    let tag = etag_of(&state.view(), state.nonce, req.uri());
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        if let Ok(v) = HeaderValue::from_str(&tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return res;
    }
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        if let Ok(v) = HeaderValue::from_str(&tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        if !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
    }
    res
}
