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
pub fn seeded_store(versions: &[Profile], extra: &[Profile]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for (i, v) in versions.iter().enumerate() {
        store.write(&write(v, (i > 0).then_some(i as u32))).unwrap();
    }
    let code = versions.first().map(|v| v.code);
    for e in extra.iter().filter(|e| Some(e.code) != code) {
        store.write(&write(e, None)).unwrap();
    }
    store
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
