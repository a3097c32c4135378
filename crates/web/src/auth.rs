//! Who is asking: the request's context that pages and the API read — the client's address,
//! the session cookie and the account it names, CSRF tokens, form posts. The pages that log
//! in and out and show an account are resources (`pages::accounts`). Sessions live in the
//! database (`pmatlas_store::users`), so several servers on one database share them.

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::state::AppState;
use pmatlas_store::users::Session;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pmatlas_session";
/// The cookie that carries the login form's CSRF token (there is no session yet).
pub const LOGIN_COOKIE: &str = "pmatlas_login";

/// The client's address, as the accept loop saw it (for login throttling and the audit log).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub std::net::SocketAddr);

/// The address a request came from, for login throttling, the visitors' submission limit and
/// the audit log: the connection's, or, when that is a proxy the site was told to trust
/// (`pmatlas serve --trusted-proxy`), the nearest address in its `X-Forwarded-For` that is
/// not a trusted proxy (a client can write anything at the start of that header; only what
/// the proxies appended is believed).
pub struct ClientIp(pub String);

impl ClientIp {
    pub fn of(ext: &axum::http::Extensions, headers: &HeaderMap, trusted: &[std::net::IpAddr]) -> ClientIp {
        ClientIp::from_peer(ext.get::<ClientAddr>().map(|a| a.0.ip()), headers, trusted)
    }

    /// The address of a request from `peer` (none: unknown) with `headers`.
    pub fn from_peer(peer: Option<std::net::IpAddr>, headers: &HeaderMap, trusted: &[std::net::IpAddr]) -> ClientIp {
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        client_of(peer, forwarded, trusted).map_or_else(|| ClientIp("unknown".into()), |ip| ClientIp(ip.to_string()))
    }
}

/// The client of a request from `peer` (none: unknown) with these X-Forwarded-For values: the
/// peer, unless it is a proxy we trust; then the last address in the chain that is not one
/// (the peer, if the chain names none or cannot be followed).
pub fn client_of<'a>(
    peer: Option<std::net::IpAddr>,
    values: impl Iterator<Item = &'a str>,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = values.flat_map(|v| v.split(',')).map(str::trim).collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return Some(ip),
            // Not an address: the chain cannot be followed past it.
            Err(_) => break,
        }
    }
    Some(peer)
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp::of(&parts.extensions, &parts.headers, &state.trusted_proxies))
    }
}

/// A cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| cookie_in(v, name))
}

/// The cookie `name` in one Cookie header's value.
pub fn cookie_in<'a>(value: &'a str, name: &str) -> Option<&'a str> {
    value.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// Whether the client reached the site over HTTPS (directly, or through a proxy that says
/// so): cookies are then marked Secure.
fn https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

pub fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if https(headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The logged-in account of a request, if any (an expired or unknown session is none).
pub struct MaybeUser(pub Option<(String, Session)>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| t.len() == 64).map(str::to_string) else {
            return Ok(MaybeUser(None));
        };
        let t = token.clone();
        let session = state.with_store(move |st| st.session(&t)).await?;
        Ok(MaybeUser(session.map(|s| (token, s))))
    }
}

/// The largest form post read (every form of the site is far smaller).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The fields of a form post; none for a post over [`MAX_FORM_BYTES`]. Line breaks arrive
/// as the form's encoding made them (browsers send `\r\n` for every break in a textarea):
/// each value gets plain `\n` breaks, so that text sent back unchanged compares equal to
/// what was shown and paragraphs (split at blank lines) stay paragraphs.
pub(crate) fn form(body: &Bytes) -> Vec<(String, String)> {
    if body.len() > MAX_FORM_BYTES {
        return Vec::new();
    }
    let mut f: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    for (_, v) in &mut f {
        if v.contains('\r') {
            *v = pmatlas_core::text::unix_line_breaks(v);
        }
    }
    f
}

/// A field of a form post ("" when it is not there).
pub(crate) fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The answer to a form whose CSRF token is not the session's.
pub fn bad_token() -> Response {
    (StatusCode::FORBIDDEN, "This form had no valid token: reload the page and try again.").into_response()
}

/// A fresh random token (a CSRF token for a form shown before any session).
pub fn random_token() -> String {
    pmatlas_store::users::new_token().unwrap_or_default()
}

/// Checks a state-changing form's CSRF token against the session's.
pub fn csrf_ok(session: &Session, f: &[(String, String)]) -> bool {
    same(&session.csrf, field(f, "csrf"))
}
