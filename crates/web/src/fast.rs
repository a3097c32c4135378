//! Pages straight from the read view's caches: a plain `GET /regions/{code}` of a profile
//! page already rendered, and a GET of any address a drawn page (search, statistics, map,
//! matches: [`crate::shell::Drawn`]) or the API's search was already made at, is answered
//! with the stored bytes and the headers the site's layers would give it, before the router
//! (the busiest pages are then as cheap as a static file). A client that takes gzip gets the
//! page's gzip encoding, made once per page and view. Anything else (a conditional request,
//! one that takes only other encodings, a page not rendered yet, a signed-in account) takes
//! the ordinary way. [`crate::front`] writes these answers on the connection itself; a
//! connection it has handed to hyper gets them as responses ([`FastPath::answer`]).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response};

use crate::shell::Kind;
use crate::AppState;

#[derive(Clone)]
pub struct FastPath {
    state: AppState,
    /// Every header but the ETag and the length, as the ordinary way writes them: of a page,
    /// of the API's JSON; each as it is and gzipped.
    headers: [HeaderMap; 4],
    /// The same, written out as a response's head begins (status line included).
    heads: std::sync::Arc<[Vec<u8>; 4]>,
}

/// A cached answer: its bytes, and which of the [`FastPath`]'s header sets goes with them.
pub struct Hit {
    pub body: Bytes,
    variant: usize,
    /// The page's ETag, as written.
    pub etag: crate::layers::Tag,
}

impl FastPath {
    /// The fast path of a site (it logs its requests as the router's are: see `server`).
    pub fn new(state: AppState) -> Option<FastPath> {
        let mut html = HeaderMap::new();
        html.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        html.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        for (name, value) in &crate::layers::SECURITY_HEADERS {
            html.insert(name.clone(), HeaderValue::from_static(value));
        }
        html.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        let mut json = html.clone();
        json.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in &crate::api::CORS_READ {
            json.insert(name.clone(), HeaderValue::from_static(value));
        }
        let zipped = |h: &HeaderMap| {
            let mut h = h.clone();
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            h
        };
        let headers = [html.clone(), zipped(&html), json.clone(), zipped(&json)];
        let heads = headers.clone().map(|h| {
            let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
            for (name, value) in &h {
                head.extend_from_slice(name.as_str().as_bytes());
                head.extend_from_slice(b": ");
                head.extend_from_slice(value.as_bytes());
                head.extend_from_slice(b"\r\n");
            }
            head
        });
        Some(FastPath { state, headers, heads: std::sync::Arc::new(heads) })
    }

    /// The answer to `req`, when it is a plain request for a rendered page.
    pub fn answer<B>(&self, req: &Request<B>) -> Option<Response<Body>> {
        if req.method() != Method::GET {
            return None;
        }
        let gzip = plain(req.headers().iter().map(|(k, v)| (k.as_str(), v.as_bytes())))?.gzip;
        let target = req.uri().path_and_query()?;
        let hit = self.lookup(target.as_str(), gzip)?;
        let length = HeaderValue::from(hit.body.len());
        let etag = HeaderValue::from_bytes(hit.etag.as_bytes()).ok()?;
        let mut res = Response::new(Body::from(hit.body));
        *res.headers_mut() = self.headers[hit.variant].clone();
        res.headers_mut().insert(header::CONTENT_LENGTH, length);
        res.headers_mut().insert(header::ETAG, etag);
        Some(res)
    }

    /// The cached answer to a plain GET of `target` (a path and query string), gzipped or not.
    pub fn lookup(&self, target: &str, gzip: bool) -> Option<Hit> {
        let view = self.state.view();
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        let profile = path.strip_prefix("/regions/").filter(|c| !c.is_empty() && !c.contains('/'));
        let (body, kind) = match profile {
            Some(code) if query.is_none() => {
                let index = view.snapshot.index_of(&crate::extract::parse_code(code)?)?;
                let cached = &view.profile_pages[index];
                let html = cached.html().filter(|h| compressible(h))?;
                (if gzip { cached.gzip(|| gzipped(html)) } else { html.clone() }, Kind::Html)
            }
            _ => {
                let stored = view.drawn.at(target).filter(|s| compressible(&s.body))?;
                let body =
                    if gzip { stored.gzip.get_or_init(|| gzipped(&stored.body)).clone() } else { stored.body.clone() };
                (body, stored.kind)
            }
        };
        let variant = usize::from(kind == Kind::Json) * 2 + usize::from(gzip);
        Some(Hit { body, variant, etag: crate::layers::etag_of(&view, self.state.nonce, target) })
    }

    /// The start of a hit's head as [`crate::front`] writes it: the status line and the
    /// headers every answer of its kind has.
    pub fn head(&self, hit: &Hit) -> &[u8] {
        &self.heads[hit.variant]
    }
}

/// How a GET that may be answered from the caches is answered.
pub struct Plain {
    pub gzip: bool,
    /// The client closes the connection after the answer (`Connection: close`).
    pub close: bool,
}

/// Whether a GET with these headers may be answered from the caches, and how: not a
/// conditional or partial one, not an account's, not one with a body or an upgrade, and one
/// that takes gzip or no compression.
pub fn plain<'a>(headers: impl Iterator<Item = (&'a str, &'a [u8])>) -> Option<Plain> {
    let (mut gzip, mut others, mut close) = (false, false, false);
    for (name, value) in headers {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        let text = || std::str::from_utf8(value).ok();
        if is("if-none-match") || is("range") || is("transfer-encoding") || is("expect") || is("upgrade") {
            return None;
        }
        if is("content-length") && value != b"0" {
            return None;
        }
        if is("connection") {
            match value.trim_ascii() {
                v if v.eq_ignore_ascii_case(b"keep-alive") => {}
                v if v.eq_ignore_ascii_case(b"close") => close = true,
                _ => return None,
            }
        }
        // A signed-in account sees its name in the header: the router's way does that.
        if is("cookie") && crate::auth::cookie_in(text()?, crate::auth::SESSION_COOKIE).is_some() {
            return None;
        }
        if is("accept-encoding") {
            match encoding(text()?) {
                Encoding::Gzip => gzip = true,
                Encoding::Identity => {}
                Encoding::Others => others = true,
            }
        }
    }
    // One that takes only other encodings is left to the router's compression.
    (gzip || !others).then_some(Plain { gzip, close })
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
    Others,
}

/// What an Accept-Encoding value asks for: gzip when it takes it; other compressions (left to
/// the router's compression) when it takes those only; else the page as it is.
fn encoding(value: &str) -> Encoding {
    let mut others = false;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts
            .any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        if refused || name.is_empty() || name.eq_ignore_ascii_case("identity") {
            continue;
        }
        if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            return Encoding::Gzip;
        }
        others = true;
    }
    if others {
        Encoding::Others
    } else {
        Encoding::Identity
    }
}

fn gzipped(html: &[u8]) -> Bytes {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(html.len() / 3), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = gz.write_all(html);
    gz.finish().unwrap_or_default().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_of(headers: &[(&'static str, &'static str)]) -> Option<(bool, bool)> {
        plain(headers.iter().map(|(k, v)| (*k, v.as_bytes()))).map(|p| (p.gzip, p.close))
    }

    /// What the front may answer itself, and how: header names in any case, as clients write them.
    #[test]
    fn a_plain_request_is_told_from_one_for_the_ordinary_way() {
        assert_eq!(plain_of(&[("Host", "x")]), Some((false, false)));
        assert_eq!(plain_of(&[("Accept-Encoding", "gzip, deflate, br")]), Some((true, false)));
        assert_eq!(plain_of(&[("accept-encoding", "br"), ("Accept-Encoding", "x-gzip")]), Some((true, false)));
        assert_eq!(plain_of(&[("Accept-Encoding", "identity")]), Some((false, false)));
        assert_eq!(plain_of(&[("Connection", "close")]), Some((false, true)));
        assert_eq!(plain_of(&[("connection", " Keep-Alive")]), Some((false, false)));
        assert_eq!(plain_of(&[("Content-Length", "0"), ("Cookie", "lang=en; x=1")]), Some((false, false)));
        for refused in [
            ("Accept-Encoding", "br"),
            ("Accept-Encoding", "gzip;q=0, br"),
            ("If-None-Match", "W/\"0\""),
            ("Range", "bytes=0-10"),
            ("Content-Length", "5"),
            ("Transfer-Encoding", "chunked"),
            ("Expect", "100-continue"),
            ("Connection", "Upgrade"),
            ("Upgrade", "websocket"),
            ("Cookie", "lang=en; pmatlas_session=abc"),
        ] {
            assert_eq!(plain_of(&[refused]), None, "{refused:?}");
        }
    }
}
