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

/// The largest request body any route takes (a document upload of 1 MiB in its form);
/// each route holds its own to less.
pub const MAX_BODY_BYTES: usize = 1024 * 1024 + 64 * 1024;

/// The request with its body read whole: within `base` plus its length at `rate` bytes a
/// second (a body without a length is given the time of the largest), and no larger than
/// [`MAX_BODY_BYTES`]. A request without a body passes as it is.
async fn whole_body(req: Request, (base, rate): (std::time::Duration, u64)) -> Result<Request, Response> {
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    if length.unwrap_or(0) == 0 && !chunked {
        return Ok(req);
    }
    let too_large =
        || (StatusCode::PAYLOAD_TOO_LARGE, "The request is larger than any form of this site takes.").into_response();
    if length.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let expected = length.unwrap_or(MAX_BODY_BYTES as u64);
    let deadline = base + std::time::Duration::from_millis(expected.saturating_mul(1000) / rate.max(1));
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Ok(Err(_)) => Err(too_large()),
        Err(_) => Err((
            StatusCode::REQUEST_TIMEOUT,
            [(header::CONNECTION, HeaderValue::from_static("close"))],
            "The request's body came too slowly.",
        )
            .into_response()),
    }
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

/// A header value made of `text` without copying it (`HeaderValue::from_str` copies).
pub fn header_value(text: String) -> Result<HeaderValue, axum::http::header::InvalidHeaderValue> {
    HeaderValue::from_maybe_shared(axum::body::Bytes::from(text))
}

/// The ETag of a page: weak, as the gzip and brotli encodings of a page share it. `target`
/// is the request's path and query string.
pub fn etag_of(view: &crate::View, nonce: u64, target: &str) -> Tag {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    view.generation.hash(&mut hasher);
    nonce.hash(&mut hasher);
    target.hash(&mut hasher);
    let mut tag = *b"W/\"0000000000000000\"";
    // Sixteen hex digits fill the sixteen places exactly: the write cannot fail.
    let _ = std::io::Write::write_fmt(&mut &mut tag[3..19], format_args!("{:016x}", hasher.finish()));
    Tag(tag)
}

/// A weak ETag as written, `W/"` and 16 hex digits (made on the fast path, where a request
/// allocates as little as it can).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag([u8; 20]);

impl Tag {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        // ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
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
    // The body is read whole, within its deadline, before the request takes a slot: a client
    // that trickles its body holds a connection, never a slot the pages need.
    let req = match whole_body(req, state.body_deadline).await {
        Ok(r) => r,
        Err(refusal) => return refusal,
    };
    let class = crate::admission::Class::of(req.method(), req.uri().path());
    let client = crate::auth::ClientIp::of(req.extensions(), req.headers(), &state.trusted_proxies).0.parse().ok();
    let ticket = match state.admission.admit(class, client).await {
        Ok(t) => t,
        Err(why) => {
            crate::metrics::METRICS.refused(class);
            return crate::error::WebError::Busy(why).into_response();
        }
    };
    let synthetic = state.view().synthetic();
    let everyone =
        req.method() == Method::GET && crate::auth::cookie(req.headers(), crate::auth::SESSION_COOKIE).is_none();
    let address = everyone.then(|| req.uri().path_and_query().map_or("/", |p| p.as_str()).to_string());
    let res =
        crate::shell::SYNTHETIC.scope(synthetic, crate::shell::ADDRESS.scope(address, tagged(&state, req, next))).await;
    if class != crate::admission::Class::Download || res.status() != StatusCode::OK {
        return res;
    }
    // A download is written while it is sent, after this layer returns: its slot goes with
    // the body and is given back when the body is done or dropped.
    res.map(|body| {
        use futures_util::StreamExt;
        Body::from_stream(body.into_data_stream().map(move |chunk| {
            let _held = &ticket;
            chunk
        }))
    })
}

/// The largest page rewritten for a signed-in account (every page of the site is smaller).
const MAX_PERSONAL_PAGE: usize = 64 * 1024 * 1024;

/// A page for a signed-in account: the page as everyone gets it, with the account in its
/// header; personal, so neither tagged nor stored by any cache.
async fn for_account(res: Response, s: &pmatlas_store::users::Session) -> Response {
    let html = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PERSONAL_PAGE).await else {
        return crate::error::WebError::Internal("page too large to personalise".into()).into_response();
    };
    let page = crate::shell::signed_in(&String::from_utf8_lossy(&bytes), &s.user.name, s.user.role.as_str(), &s.csrf);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Response::from_parts(parts, Body::from(page))
}

/// ETags (and 304s) on the GET pages that are a function of the data; for a signed-in
/// account, its pages with its name in the header.
async fn tagged(state: &crate::AppState, req: Request, next: Next) -> Response {
    let token = crate::auth::cookie(req.headers(), crate::auth::SESSION_COOKIE).filter(|t| t.len() == 64);
    if let Some(t) = token.map(str::to_string) {
        if let Ok(Some(session)) = state.with_store(move |st| st.session(&t)).await {
            let res = next.run(req).await;
            return for_account(res, &session).await;
        }
    }
    let is_get = req.method() == Method::GET || req.method() == Method::HEAD;
    // The versions page reads the database, not the snapshot, and tags itself; an account's
    // pages differ by account (and the login page sets a cookie): never tagged or cached.
    let path = req.uri().path();
    let personal = matches!(path, "/login" | "/logout" | "/survey")
        || path.starts_with("/account")
        || path.starts_with("/admin/")
        || path.starts_with("/review")
        || path.starts_with("/submissions/")
        || path.starts_with("/drafts/")
        || path.ends_with("/update");
    if !is_get || path.ends_with("/versions") || personal {
        return next.run(req).await;
    }
    let target = req.uri().path_and_query().map_or(req.uri().path(), |p| p.as_str());
    let tag = etag_of(&state.view(), state.nonce, target);
    let tag = tag.as_str();
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        if let Ok(v) = HeaderValue::from_str(tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return res;
    }
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        if let Ok(v) = HeaderValue::from_str(tag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        if !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
    }
    res
}
