//! Accounts: logging in and out (`/login`, `/logout`), an account's own page (`/account`,
//! where curators trust region editors) and the audit log for administrators
//! (`/admin/audit`). Who is asking is the request's context (`crate::auth`).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::{
    bad_token, cookie, csrf_ok, field, form, random_token, same, set_cookie, ClientIp, MaybeUser, LOGIN_COOKIE,
    SESSION_COOKIE,
};
use crate::error::WebError;
use crate::shell::{human_date, page};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    title: String,
    csrf: String,
    name: String,
    message: String,
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
    /// What this account sent, newest first.
    submissions: Vec<SubmissionVm>,
}

struct SubmissionVm {
    code: String,
    name: String,
    sent: String,
    /// "waiting for review", "approved by cura", "rejected by cura: the reason".
    status: String,
    /// The version approving it made.
    version: Option<u32>,
}

/// Submissions listed on an account page.
const SUBMISSIONS_SHOWN: usize = 50;

fn submission_vm(state: &AppState, s: pmatlas_store::submissions::Submission) -> SubmissionVm {
    use pmatlas_store::submissions::Status;
    let by = s.reviewed_by.as_deref().map(|c| format!(" by {c}")).unwrap_or_default();
    let status = match s.status {
        Status::Pending => "waiting for review".to_string(),
        Status::Approved => format!("approved{by}"),
        Status::Rejected => match &s.reason {
            Some(r) => format!("rejected{by}: {r}"),
            None => format!("rejected{by}"),
        },
    };
    let name = pmatlas_core::NutsCode::parse(&s.code)
        .ok()
        .and_then(|c| state.view().snapshot.get(&c).map(|r| r.profile.name.to_string()))
        .unwrap_or_else(|| s.profile.name.to_string());
    SubmissionVm { name, code: s.code, sent: human_date(&s.created_at), status, version: s.version }
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
    let who = s.user.name.clone();
    let submissions = match state.with_store(move |st| st.submissions_by(&who, SUBMISSIONS_SHOWN)).await {
        Ok(list) => list.into_iter().map(|x| submission_vm(&state, x)).collect(),
        Err(e) => return e.into_response(),
    };
    let mut res = page(AccountPage {
        editors,
        submissions,
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
