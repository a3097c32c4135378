//! Accounts on the site: login with its CSRF cookie, the session cookie's flags, throttling
//! after failed logins, logout, roles (the audit log is for administrators).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_store::users::Role;
use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::{get, send};

const PASSWORD: &str = "correct horse battery staple";

fn site() -> axum::Router {
    let mut store = common::seeded_store(&[common::seed()], &[]);
    store.add_user("test", "alice", Role::Admin, PASSWORD).unwrap();
    store.add_user("test", "bob", Role::Editor, PASSWORD).unwrap();
    store.assign("test", "bob", &pmatlas_core::NutsCode::parse("DEG").unwrap(), true).unwrap();
    app(AppState::from_store(store).unwrap())
}

fn cookies(h: &axum::http::HeaderMap) -> Vec<String> {
    h.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

/// The login form's CSRF token and its cookie.
async fn login_form(app: &axum::Router) -> (String, String) {
    let (s, h, html) = send(app, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let csrf = html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let cookie = cookies(&h).into_iter().find(|c| c.starts_with("pmatlas_login=")).unwrap();
    (csrf, cookie.split(';').next().unwrap().to_string())
}

async fn post_login(
    app: &axum::Router,
    name: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let (csrf, cookie) = login_form(app).await;
    let body = serde_urlencoded::to_string([("csrf", csrf.as_str()), ("name", name), ("password", password)]).unwrap();
    let mut req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    send(app, req.body(Body::from(body)).unwrap()).await
}

/// Logs in; the session cookie ("pmatlas_session=…").
async fn log_in(app: &axum::Router, name: &str) -> String {
    let (s, h, body) = post_login(app, name, PASSWORD, &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    cookies(&h).into_iter().find(|c| c.starts_with("pmatlas_session=")).unwrap().split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn login_sets_a_strict_session_cookie_and_logout_ends_it() {
    let app = site();
    let (s, h, _) = post_login(&app, "alice", PASSWORD, &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/account");
    let session = cookies(&h).into_iter().find(|c| c.starts_with("pmatlas_session=")).unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict") && !session.contains("Secure"),
        "{session}"
    );
    // Behind a proxy that says the client used HTTPS, the cookie is Secure.
    let (_, h, _) = post_login(&app, "alice", PASSWORD, &[("x-forwarded-proto", "https")]).await;
    assert!(cookies(&h).iter().any(|c| c.starts_with("pmatlas_session=") && c.contains("; Secure")));
    let cookie = log_in(&app, "alice").await;
    let (s, h, html) = send(&app, get("/account", &cookie)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<h1>alice</h1>") && html.contains("<strong>admin</strong>"));
    assert!(h.get(header::ETAG).is_none(), "an account's page is never tagged");
    // Logout needs the session's CSRF token.
    let csrf = html.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let post = |body: String| {
        Request::post("/logout")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    assert_eq!(send(&app, post("csrf=wrong".into())).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(String::new())).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    let (s, h, _) = send(&app, get("/account", &cookie)).await;
    assert_eq!((s, h[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/login"), "the session has ended");
}

/// Signed in, every page's header names the account and offers "Log out", and the footer no
/// longer asks to log in; such a page is personal (never tagged or stored by a cache), while
/// the same page for visitors stays tagged.
#[tokio::test]
async fn signed_in_pages_name_the_account() {
    let app = site();
    let (_, h, public) = send(&app, get("/regions/DEG", "")).await;
    assert!(public.contains("Curators and editors: log in") && !public.contains("Log out"));
    assert!(h.get(header::ETAG).is_some());
    let cookie = log_in(&app, "bob").await;
    for uri in ["/regions/DEG", "/", "/regions?q=biobank", "/map", "/account", "/regions/DEG/versions"] {
        let (s, h, html) = send(&app, get(uri, &cookie)).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(
            html.contains(
                "<li class=\"account\"><a href=\"/account\">bob <span class=\"role\">(editor)</span></a></li>"
            ) && html.contains(">Log out</button>"),
            "{uri}: {html}"
        );
        assert!(!html.contains("Curators and editors: log in") && html.contains("Signed in as"), "{uri}");
        assert!(h.get(header::ETAG).is_none(), "{uri}: personal, not tagged");
        assert_eq!(h[header::CACHE_CONTROL], "private, no-store", "{uri}");
    }
    let (_, _, account) = send(&app, get("/account", &cookie)).await;
    assert!(account.contains("You have sent no submission yet."), "{account}");
}

#[tokio::test]
async fn a_login_without_its_form_token_is_refused() {
    let app = site();
    let body = serde_urlencoded::to_string([("csrf", "x"), ("name", "alice"), ("password", PASSWORD)]).unwrap();
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let (s, h, _) = send(&app, req).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(!cookies(&h).iter().any(|c| c.starts_with("pmatlas_session=")));
}

#[tokio::test]
async fn ten_wrong_passwords_lock_further_tries_for_a_while() {
    let app = site();
    for i in 0..10 {
        let (s, _, html) = post_login(&app, "alice", "not the password", &[]).await;
        let expect = if i < pmatlas_store::users::MAX_FAILURES {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(s, expect, "try {i}: {html}");
    }
    // Even the right password waits now.
    let (s, h, html) = post_login(&app, "alice", PASSWORD, &[]).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("try again in 15 minutes"));
    assert_eq!(h[header::RETRY_AFTER], "900");
    // Another account is not locked by them (the in-process requests have no address).
    let _ = log_in;
}

/// A login through a connection from `peer`, with the X-Forwarded-For header given.
async fn login_via(app: &axum::Router, peer: &str, forwarded: &str, name: &str, password: &str) -> StatusCode {
    let (csrf, cookie) = login_form(app).await;
    let body = serde_urlencoded::to_string([("csrf", csrf.as_str()), ("name", name), ("password", password)]).unwrap();
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .header("x-forwarded-for", forwarded)
        .extension(pmatlas_web::auth::ClientAddr(peer.parse().unwrap()))
        .body(Body::from(body))
        .unwrap();
    send(app, req).await.0
}

#[tokio::test]
async fn behind_a_trusted_proxy_throttling_counts_the_forwarded_client() {
    let mut store = common::seeded_store(&[common::seed()], &[]);
    store.add_user("test", "bob", Role::Editor, PASSWORD).unwrap();
    store.add_user("test", "carol", Role::Editor, PASSWORD).unwrap();
    let mut state = AppState::from_store(store).unwrap();
    let proxy = "127.0.0.1:40000";
    state.configure().trusted_proxies = std::sync::Arc::from(["127.0.0.1".parse().unwrap()]);
    let app = app(state);
    let max = pmatlas_store::users::MAX_FAILURES;
    // One client through the proxy guesses at several accounts; it is locked out, even with a
    // right password and a made-up first hop in front of the address the proxy appended.
    for i in 0..max {
        let s = login_via(&app, proxy, "203.0.113.5", &format!("guess{i}"), "wrong").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_via(&app, proxy, "203.0.113.5", "bob", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_via(&app, proxy, "10.1.1.1, 203.0.113.5", "bob", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // Another client through the same proxy is not.
    assert_eq!(login_via(&app, proxy, "203.0.113.6", "bob", PASSWORD).await, StatusCode::SEE_OTHER);
    // A client that is not a trusted proxy cannot name another address to escape its limit.
    let direct = "198.51.100.7:5555";
    for i in 0..max {
        let s = login_via(&app, direct, &format!("192.0.2.{i}"), &format!("other{i}"), "wrong").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_via(&app, direct, "192.0.2.200", "carol", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_audit_log_is_for_administrators() {
    let app = site();
    assert_eq!(send(&app, Request::get("/admin/audit").body(Body::empty()).unwrap()).await.0, StatusCode::SEE_OTHER);
    let editor = log_in(&app, "bob").await;
    assert_eq!(send(&app, get("/admin/audit", &editor)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, get("/admin/audit.csv", &editor)).await.0, StatusCode::FORBIDDEN);
    let admin = log_in(&app, "alice").await;
    let (s, _, html) = send(&app, get("/admin/audit", &admin)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("<td>login</td>")
            && html.contains("<td>add user</td>")
            && html.contains("<td>assign region</td>")
    );
    let (s, h, csv) = send(&app, get("/admin/audit.csv", &admin)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CACHE_CONTROL], "private, no-store");
    assert!(csv.starts_with("at,actor,action,region,detail\n") && csv.contains(",bob,login,"));
}

/// On a database that cannot be written, logging in says so (503 with a sentence), never 500;
/// reading still works.
#[tokio::test]
async fn a_read_only_database_says_so_on_login() {
    let dir = pmatlas_store::testing::TempDir::new("readonly");
    let path = dir.join("p.db");
    {
        let mut store = pmatlas_store::Store::open(&path).unwrap();
        store.write(&common::write(&common::seed(), None)).unwrap();
        store.add_user("test", "alice", Role::Admin, PASSWORD).unwrap();
    }
    let store = pmatlas_store::Store::open_read_only(&path).unwrap();
    let app = app(AppState::from_store(store).unwrap());
    assert_eq!(send(&app, get("/regions/DEG", "")).await.0, StatusCode::OK);
    let (s, _, body) = post_login(&app, "alice", PASSWORD, &[]).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("cannot be written"), "{body}");
}

/// A signed-in account changes its own password: the current one is asked for, a guessable
/// new one is refused, and every other session of the account ends.
#[tokio::test]
async fn an_account_changes_its_password_and_its_other_sessions_end() {
    let app = site();
    let other = log_in(&app, "alice").await;
    let this = log_in(&app, "alice").await;
    let (s, _, form) = send(&app, get("/account/password", &this)).await;
    assert_eq!(s, StatusCode::OK);
    let csrf = form.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let change = |current: &str, new: &str, again: &str| {
        let body = serde_urlencoded::to_string([
            ("csrf", csrf.as_str()),
            ("current", current),
            ("new", new),
            ("again", again),
        ])
        .unwrap();
        Request::post("/account/password")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, this.clone())
            .body(Body::from(body))
            .unwrap()
    };
    let fresh = "lantern-quarry-velvet-anemone";
    let (s, _, page) = send(&app, change("wrong password here", fresh, fresh)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("The current password is not right"), "{page}");
    let (s, _, page) = send(&app, change(PASSWORD, "password1234", "password1234")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("too easy to guess"), "{page}");
    let (s, _, page) = send(&app, change(PASSWORD, fresh, "something else entirely")).await;
    assert!(s == StatusCode::UNPROCESSABLE_ENTITY && page.contains("differ"), "{page}");
    let (s, _, page) = send(&app, change(PASSWORD, fresh, fresh)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Your password is changed"), "{page}");
    assert_eq!(send(&app, get("/account", &this)).await.0, StatusCode::OK, "this session stays");
    let (s, h, _) = send(&app, get("/account", &other)).await;
    assert!(s == StatusCode::SEE_OTHER && h[header::LOCATION] == "/login", "the other session has ended");
    assert_eq!(post_login(&app, "alice", fresh, &[]).await.0, StatusCode::SEE_OTHER, "the new password logs in");
    assert_eq!(post_login(&app, "alice", PASSWORD, &[]).await.0, StatusCode::UNAUTHORIZED, "the old one does not");
}
