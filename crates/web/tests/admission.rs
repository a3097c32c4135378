//! A download holds its slot while it is being sent, not only while its handler runs: slow
//! readers of downloads cannot take more than the downloads' slots.

use axum::http::{Request, StatusCode};
use pmatlas_web::server::Limits;
use pmatlas_web::{app_with, AppState};

mod common;

also_on_postgres!();

#[tokio::test]
async fn a_download_keeps_its_slot_until_its_body_is_done() {
    let store = common::seeded_store(&[common::seed()], &pmatlas_core::synth::profiles(20, 1));
    let limits =
        Limits { slots: pmatlas_web::admission::Slots { download: 1, ..Default::default() }, ..Default::default() };
    let site = app_with(AppState::from_store(store).unwrap(), &limits);
    let get = |uri: &str| Request::get(uri).body(axum::body::Body::empty()).unwrap();
    let first = tower::ServiceExt::oneshot(site.clone(), get("/regions.csv")).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    // Its body not read yet: the one download slot is still taken.
    let second = tower::ServiceExt::oneshot(site.clone(), get("/regions.json")).await.unwrap();
    assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(common::send(&site, get("/regions/DEG")).await.0, StatusCode::OK, "pages have their own slots");
    let body = axum::body::to_bytes(first.into_body(), usize::MAX).await.unwrap();
    assert!(body.starts_with(b"code,"), "the first download is whole");
    assert_eq!(common::send(&site, get("/regions.json")).await.0, StatusCode::OK, "the slot is back");
}
