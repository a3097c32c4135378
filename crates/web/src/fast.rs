//! Pages straight from the read view's caches: a plain `GET /regions/{code}` of a profile
//! page already rendered, and a GET of any address a drawn page (search, statistics, map,
//! matches: [`crate::shell::Drawn`]) or the API's search was already made at, is answered
//! with the stored bytes and the headers the site's layers would give it, before the router
//! (the busiest pages are then as cheap as a static file). A client that takes gzip gets the
//! page's gzip encoding, made once per page and view. Anything else (a conditional request,
//! one that takes only other encodings, a page not rendered yet, a signed-in account) takes
//! the ordinary way.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response};

use crate::shell::Kind;
use crate::AppState;

#[derive(Clone)]
pub struct FastPath {
    state: AppState,
    /// Every header but the ETag, as the ordinary way writes them: of a page, of the API's JSON.
    headers: HeaderMap,
    json_headers: HeaderMap,
}

impl FastPath {
    /// The fast path of a site (it logs its requests as the router's are: see `server`).
    pub fn new(state: AppState) -> Option<FastPath> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        for (name, value) in &crate::layers::SECURITY_HEADERS {
            headers.insert(name.clone(), HeaderValue::from_static(value));
        }
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        let mut json_headers = headers.clone();
        json_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in &crate::api::CORS_READ {
            json_headers.insert(name.clone(), HeaderValue::from_static(value));
        }
        Some(FastPath { state, headers, json_headers })
    }

    /// The answer to `req`, when it is a plain request for a rendered page.
    pub fn answer<B>(&self, req: &Request<B>) -> Option<Response<Body>> {
        if req.method() != Method::GET {
            return None;
        }
        let h = req.headers();
        if h.contains_key(header::IF_NONE_MATCH) || h.contains_key(header::RANGE) {
            return None;
        }
        // A signed-in account sees its name in the header: the router's way does that.
        if crate::auth::cookie(h, crate::auth::SESSION_COOKIE).is_some() {
            return None;
        }
        let gzip = match encoding(h)? {
            Encoding::Gzip => true,
            Encoding::Identity => false,
        };
        let view = self.state.view();
        let profile = req.uri().path().strip_prefix("/regions/").filter(|c| !c.is_empty() && !c.contains('/'));
        let (page, kind) = match profile {
            Some(code) if req.uri().query().is_none() => {
                let index = view.snapshot.index_of(&crate::extract::parse_code(code)?)?;
                let cached = &view.profile_pages[index];
                let html = cached.html().filter(|h| compressible(h))?;
                (if gzip { cached.gzip(|| gzipped(html)) } else { html.clone() }, Kind::Html)
            }
            _ => {
                let stored = view.drawn.at(req.uri().path_and_query()?.as_str()).filter(|s| compressible(&s.body))?;
                let body =
                    if gzip { stored.gzip.get_or_init(|| gzipped(&stored.body)).clone() } else { stored.body.clone() };
                (body, stored.kind)
            }
        };
        let length = HeaderValue::from(page.len());
        let mut res = Response::new(Body::from(page));
        *res.headers_mut() = match kind {
            Kind::Html => self.headers.clone(),
            Kind::Json => self.json_headers.clone(),
        };
        res.headers_mut().insert(header::CONTENT_LENGTH, length);
        if gzip {
            res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        let tag = crate::layers::etag_of(&view, self.state.nonce, req.uri());
        res.headers_mut().insert(header::ETAG, crate::layers::header_value(tag).ok()?);
        Some(res)
    }
}

/// Whether the router's compression would compress the body (it leaves one of under 32
/// bytes as it is, without a `Vary`): the fast path answers only those, so that its headers
/// are the router's.
fn compressible(body: &[u8]) -> bool {
    body.len() >= 32
}

enum Encoding {
    Gzip,
    Identity,
}

/// How to encode the page for a client: gzip when it takes it; as it is when it takes no
/// compression; `None` (left to the router's compression) when it takes only others.
fn encoding(h: &HeaderMap) -> Option<Encoding> {
    let mut others = false;
    for v in h.get_all(header::ACCEPT_ENCODING) {
        for item in v.to_str().ok()?.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
            });
            match name.as_str() {
                _ if refused => {}
                "gzip" | "x-gzip" => return Some(Encoding::Gzip),
                "" | "identity" => {}
                _ => others = true,
            }
        }
    }
    if others {
        None
    } else {
        Some(Encoding::Identity)
    }
}

fn gzipped(html: &[u8]) -> axum::body::Bytes {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(html.len() / 3), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = gz.write_all(html);
    gz.finish().unwrap_or_default().into()
}
