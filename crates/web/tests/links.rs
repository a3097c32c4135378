//! Absolute links (feeds, the catalogue) come from configuration, never from the client's Host
//! header.

use axum::http::{header, Request};
use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::send;

fn with_host(uri: &str, host: &str) -> Request<axum::body::Body> {
    Request::get(uri).header(header::HOST, host).body(axum::body::Body::empty()).unwrap()
}

#[tokio::test]
async fn feeds_and_the_catalogue_link_to_the_configured_address() {
    let store = common::seeded_store(&[common::seed()], &[]);
    let plain = app(AppState::from_store(store).unwrap());
    for uri in ["/feed.xml", "/catalog.jsonld", "/regions/DEG/feed.xml"] {
        let (_, _, body) = send(&plain, with_host(uri, "evil.example")).await;
        assert!(!body.contains("evil.example"), "{uri} took its links from the Host header");
        assert!(body.contains("http://localhost/"), "{uri}");
    }
    let mut state = AppState::from_store(common::seeded_store(&[common::seed()], &[])).unwrap();
    state.configure().public_url = pmatlas_web::public_base("https://atlas.example.org/").unwrap();
    let site = app(state);
    for uri in ["/feed.xml", "/catalog.jsonld"] {
        let (_, _, body) = send(&site, with_host(uri, "evil.example")).await;
        assert!(body.contains("https://atlas.example.org/"), "{uri}: {}", &body[..body.len().min(600)]);
        assert!(!body.contains("evil.example") && !body.contains("http://localhost"), "{uri}");
    }
    assert_eq!(pmatlas_web::public_base("javascript:alert(1)"), None);
    assert_eq!(pmatlas_web::public_base("https://a.example/<x>"), None);
}
