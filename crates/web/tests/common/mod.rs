//! The one way tests seed a site (in process and in the browser): versions of the demo
//! profile, then generated profiles.
#![allow(dead_code)]

use pmatlas_core::{parse, Profile};
use pmatlas_store::{Source, Store, Write};

pub fn seed() -> Profile {
    parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile
}

/// The seed with another population: a second version that differs in one field.
pub fn seed_with_population(n: u64) -> Profile {
    let mut p = seed();
    p.key_figures.population.as_mut().unwrap().value = n;
    p
}

pub fn write(p: &Profile, based_on: Option<u32>) -> Write<'_> {
    Write { comment: Some("test"), ..Write::new(p, based_on, "tester", Source::Edit) }
}

/// An in-memory store holding `versions` of one region as successive versions, then every
/// profile of `extra` whose code is not theirs.
///
/// With `PMATLAS_TEST_WEB_POSTGRES=1` (and `PMATLAS_TEST_POSTGRES`), a fresh PostgreSQL
/// database instead: the site's tests then run with the site on PostgreSQL (the database is
/// left for `pmatlas_store::testing` to drop once this process has ended).
pub fn seeded_store(versions: &[Profile], extra: &[Profile]) -> Store {
    let mut store = match std::env::var("PMATLAS_TEST_WEB_POSTGRES").as_deref() {
        Ok("1") => {
            let admin = pmatlas_store::testing::postgres_admin().expect("PMATLAS_TEST_POSTGRES");
            let db = pmatlas_store::testing::postgres(&admin, "web");
            let store = db.store();
            std::mem::forget(db);
            store
        }
        _ => Store::open_in_memory().unwrap(),
    };
    for (i, v) in versions.iter().enumerate() {
        store.write(&write(v, (i > 0).then_some(i as u32))).unwrap();
    }
    let code = versions.first().map(|v| v.code);
    let extra: Vec<_> = extra.iter().filter(|e| Some(e.code) != code).map(|e| write(e, None)).collect();
    store.write_batch(&extra, |_| {}).unwrap();
    store
}

/// A test that runs the other tests of its binary again with the site on PostgreSQL
/// (`PMATLAS_TEST_WEB_POSTGRES=1`), when `PMATLAS_TEST_POSTGRES` names a server: so that
/// `cargo test --workspace` checks the site on both databases. Without a server it says
/// SKIPPED, and fails under CI.
#[macro_export]
macro_rules! also_on_postgres {
    () => {
        #[test]
        fn the_same_tests_with_the_site_on_postgresql() {
            common::run_again_on_postgres("the_same_tests_with_the_site_on_postgresql");
        }
    };
}

pub fn run_again_on_postgres(this: &str) {
    if std::env::var("PMATLAS_TEST_WEB_POSTGRES").as_deref() == Ok("1") {
        return; // this is the run on PostgreSQL
    }
    if std::env::var_os("PMATLAS_TEST_POSTGRES").is_none() {
        assert!(std::env::var_os("CI").is_none(), "PMATLAS_TEST_POSTGRES is not set under CI");
        eprintln!("SKIPPED: the site's tests on PostgreSQL (set PMATLAS_TEST_POSTGRES)");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--skip", this, "--test-threads", "2"])
        .env("PMATLAS_TEST_WEB_POSTGRES", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().filter(|l| l.starts_with("test result")).collect::<Vec<_>>().join("\n");
    assert!(
        out.status.success() && summary.contains(" 0 failed"),
        "the tests with the site on PostgreSQL failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("with the site on PostgreSQL: {summary}");
}

/// Sends a request to the app in process: status, headers and body as text.
pub async fn send(
    app: &axum::Router,
    req: axum::http::Request<axum::body::Body>,
) -> (axum::http::StatusCode, axum::http::HeaderMap, String) {
    let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// A GET carrying a cookie ("" for none).
pub fn get(uri: &str, cookie: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri).header(axum::http::header::COOKIE, cookie).body(axum::body::Body::empty()).unwrap()
}

/// The password the tests give their accounts.
pub const PASSWORD: &str = "correct horse battery staple";

pub fn post(uri: &str, cookie: &str, fields: &[(String, String)]) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(uri)
        .header(axum::http::header::COOKIE, cookie)
        .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
}

pub fn value_of(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .unwrap_or_default()
}

/// Logs in with [`PASSWORD`]: (session cookie, CSRF token of the session).
pub async fn log_in(app: &axum::Router, name: &str) -> (String, String) {
    let (_, h, html) = send(app, axum::http::Request::get("/login").body(axum::body::Body::empty()).unwrap()).await;
    let login_cookie = h
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("pmatlas_login="))
        .unwrap();
    let fields = vec![
        ("csrf".to_string(), value_of(&html, "csrf")),
        ("name".into(), name.into()),
        ("password".into(), PASSWORD.into()),
    ];
    let (s, h, _) = send(app, post("/login", &login_cookie, &fields)).await;
    assert_eq!(s, axum::http::StatusCode::SEE_OTHER);
    let cookie = h
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("pmatlas_session="))
        .unwrap();
    let (_, _, account) = send(app, get("/account", &cookie)).await;
    (cookie.clone(), value_of(&account, "csrf"))
}

/// The update form's fields as the page fills them, for posting back with changes.
pub fn fields_of(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input ").skip(1) {
        let tag = part.split('>').next().unwrap();
        let name = tag.split("name=\"").nth(1).map(|s| s.split('"').next().unwrap().to_string());
        let value = tag.split("value=\"").nth(1).map(|s| s.split('"').next().unwrap().to_string()).unwrap_or_default();
        if let Some(n) = name {
            out.push((n, unescape(&value)));
        }
    }
    for part in html.split("<textarea ").skip(1) {
        let name = part.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let body = part.split_once('>').unwrap().1.split("</textarea>").next().unwrap();
        out.push((name, unescape(body)));
    }
    for part in html.split("<select ").skip(1) {
        let name = part.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let body = part.split("</select>").next().unwrap();
        let chosen = body
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains("\" selected>"))
            .map(|o| o.split('"').next().unwrap().to_string())
            .unwrap_or_default();
        out.push((name, chosen));
    }
    out
}

/// Text as the page escaped it, as it was.
fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
}

/// The fields as a browser posts them: HTML's form encoding sends every line break as CRLF.
pub fn crlf(fields: Vec<(String, String)>) -> Vec<(String, String)> {
    fields.into_iter().map(|(k, v)| (k, v.replace('\n', "\r\n"))).collect()
}

pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_string(), value.to_string()));
}
