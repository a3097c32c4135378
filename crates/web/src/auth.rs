//! Accounts on the site: logging in and out, the session cookie, CSRF tokens, and what an
//! account may see (`/account`, the audit log for administrators). Sessions live in the
//! database (`pmatlas_store::users`), so several servers on one database share them.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::WebError;
use crate::pages::page;
use crate::state::AppState;
use pmatlas_store::users::Session;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pmatlas_session";
/// The cookie that carries the login form's CSRF token (there is no session yet).
const LOGIN_COOKIE: &str = "pmatlas_login";

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
        let Some(peer) = ext.get::<ClientAddr>().map(|a| a.0.ip()) else { return ClientIp("unknown".into()) };
        if !trusted.contains(&peer) {
            return ClientIp(peer.to_string());
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in forwarded.iter().rev() {
            match hop.parse::<std::net::IpAddr>() {
                Ok(ip) if trusted.contains(&ip) => continue,
                Ok(ip) => return ClientIp(ip.to_string()),
                // Not an address: the chain cannot be followed past it.
                Err(_) => break,
            }
        }
        ClientIp(peer.to_string())
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp::of(&parts.extensions, &parts.headers, &state.trusted_proxies))
    }
}

/// A cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the client reached the site over HTTPS (directly, or through a proxy that says
/// so): cookies are then marked Secure.
fn https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age: i64) -> HeaderValue {
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
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    title: String,
    csrf: String,
    name: String,
    message: String,
}

fn random_token() -> String {
    pmatlas_store::users::new_token().unwrap_or_default()
}

fn login_page(headers: &HeaderMap, status: StatusCode, name: &str, message: &str) -> Response {
    let csrf = random_token();
    let mut res =
        page(LoginPage { title: "Log in".into(), csrf: csrf.clone(), name: name.into(), message: message.into() });
    *res.status_mut() = status;
    res.headers_mut().append(header::SET_COOKIE, set_cookie(headers, LOGIN_COOKIE, &csrf, 3600));
    res
}

async fn login_form(headers: HeaderMap, MaybeUser(user): MaybeUser) -> Response {
    if user.is_some() {
        return Redirect::to("/account").into_response();
    }
    login_page(&headers, StatusCode::OK, "", "")
}

async fn login(State(s): State<AppState>, headers: HeaderMap, ClientIp(addr): ClientIp, body: Bytes) -> Response {
    let f = form(&body);
    // The form's token must be the one its cookie carries (a site cannot post a login for us).
    let token = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if token.is_empty() || !same(token, field(&f, "csrf")) {
        return login_page(
            &headers,
            StatusCode::FORBIDDEN,
            field(&f, "name"),
            "The form had expired: please log in again.",
        );
    }
    let (name, password) = (field(&f, "name").to_string(), field(&f, "password").to_string());
    let n = name.clone();
    match s.with_store(move |st| st.login(&n, &password, &addr)).await {
        Ok((token, _)) => {
            let mut res = Redirect::to("/account").into_response();
            let max_age = pmatlas_store::users::SESSION_HOURS * 3600;
            res.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, &token, max_age));
            res.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, LOGIN_COOKIE, "", 0));
            res
        }
        Err(WebError::Throttled(minutes)) => {
            let mut res = login_page(
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                &name,
                &format!(
                    "Too many failed logins for this account or from your address: try again in {minutes} minutes."
                ),
            );
            if let Ok(v) = HeaderValue::from_str(&(minutes * 60).to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(WebError::Refused(_)) => {
            login_page(&headers, StatusCode::UNAUTHORIZED, &name, "Wrong account name or password.")
        }
        Err(e) => e.into_response(),
    }
}

/// The answer to a form whose CSRF token is not the session's.
pub fn bad_token() -> Response {
    (StatusCode::FORBIDDEN, "This form had no valid token: reload the page and try again.").into_response()
}

/// Checks a state-changing form's CSRF token against the session's.
pub fn csrf_ok(session: &Session, f: &[(String, String)]) -> bool {
    same(&session.csrf, field(f, "csrf"))
}

async fn logout(State(s): State<AppState>, headers: HeaderMap, MaybeUser(user): MaybeUser, body: Bytes) -> Response {
    let Some((token, session)) = user else { return Redirect::to("/").into_response() };
    if !csrf_ok(&session, &form(&body)) {
        return bad_token();
    }
    if let Err(e) = s.with_store(move |st| st.logout(&token)).await {
        return e.into_response();
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, "", 0));
    res
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    title: String,
    name: String,
    role: &'static str,
    trusted: bool,
    regions: Vec<String>,
    admin: bool,
    curator: bool,
    csrf: String,
    expires: String,
    /// For a curator: the region editors, (name, regions, trusted).
    editors: Vec<(String, String, bool)>,
}

async fn account(State(state): State<AppState>, MaybeUser(user): MaybeUser) -> Response {
    let Some((_, s)) = user else { return Redirect::to("/login").into_response() };
    let editors = if s.user.role.curates() {
        match state.with_store(|st| st.users()).await {
            Ok(us) => us
                .into_iter()
                .filter(|u| u.role == pmatlas_store::users::Role::Editor)
                .map(|u| (u.name, u.regions.join(", "), u.trusted))
                .collect(),
            Err(e) => return e.into_response(),
        }
    } else {
        Vec::new()
    };
    let mut res = page(AccountPage {
        editors,
        title: format!("Account {}", s.user.name),
        role: s.user.role.as_str(),
        trusted: s.user.trusted,
        regions: s.user.regions.clone(),
        admin: s.user.role == pmatlas_store::users::Role::Admin,
        curator: s.user.role.curates(),
        csrf: s.csrf.clone(),
        expires: s.expires_at.replace('T', " ").chars().take(16).collect(),
        name: s.user.name,
    });
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

/// A curator marks a region editor trusted (their changes publish without review) or not.
async fn trust(State(s): State<AppState>, MaybeUser(user): MaybeUser, body: Bytes) -> Response {
    let Some((_, session)) = user else { return Redirect::to("/login").into_response() };
    if !session.user.role.curates() {
        return WebError::Forbidden("Only curators decide whom to trust.").into_response();
    }
    let f = form(&body);
    if !csrf_ok(&session, &f) {
        return bad_token();
    }
    let (name, trusted) = (field(&f, "name").to_string(), field(&f, "trusted") == "yes");
    let curator = session.user.name.clone();
    match s.with_store(move |st| st.set_trusted(&curator, &name, trusted)).await {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    title: String,
    rows: Vec<(String, String, String, String, String)>,
}

/// The audit log, for administrators only (403 for other accounts, the login for visitors).
async fn audit(State(s): State<AppState>, MaybeUser(user): MaybeUser, uri: axum::http::Uri) -> Response {
    let Some((_, session)) = user else { return Redirect::to("/login").into_response() };
    if session.user.role != pmatlas_store::users::Role::Admin {
        return WebError::Forbidden("The audit log is for administrators.").into_response();
    }
    let rows = match s.with_store(|st| st.audit_log(1000)).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    if uri.path().ends_with(".csv") {
        let table = pmatlas_store::export::Table {
            name: "Audit",
            header: ["at", "actor", "action", "region", "detail"].iter().map(|s| s.to_string()).collect(),
            rows: rows.into_iter().map(|(a, b, c, d, e)| vec![a, b, c, d, e]).collect(),
        };
        let mut out = Vec::new();
        if pmatlas_store::export::write_csv(&table, &mut out).is_err() {
            return WebError::Internal("audit csv".into()).into_response();
        }
        return (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CACHE_CONTROL, "private, no-store")],
            out,
        )
            .into_response();
    }
    let mut res = page(AuditPage { title: "Audit log".into(), rows });
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/account", get(account))
        .route("/account/trust", axum::routing::post(trust))
        .route("/admin/audit", get(audit))
        .route("/admin/audit.csv", get(audit))
}
