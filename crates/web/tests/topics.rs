//! A topic page stays bounded whatever the number of regions: 50 regions a page, with links to
//! the others and the whole list in the downloads.

use pmatlas_web::{app, AppState};

mod common;
use common::{get, send};

#[tokio::test]
async fn a_topic_page_lists_its_regions_fifty_at_a_time() {
    let store = common::seeded_store(&[common::seed()], &pmatlas_core::synth::profiles(1500, 4));
    let site = app(AppState::from_store(store).unwrap());
    let (s, _, first) = send(&site, get("/topics/genomics", "")).await;
    assert_eq!(s, axum::http::StatusCode::OK);
    let total: usize = first.split("<p>").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(total > 100, "enough regions for several pages: {total}");
    assert_eq!(first.matches("<li><h2>").count(), 50);
    assert!(first.contains("this page lists 1 to 50") && first.contains("href=\"/topics/genomics?page=2\""));
    assert!(first.len() < 200_000, "{} bytes", first.len());
    let (_, _, second) = send(&site, get("/topics/genomics?page=2", "")).await;
    assert!(second.contains("<ol class=\"matches\" start=\"51\">") && second.contains("rel=\"prev\""));
    let last = total.div_ceil(50);
    let (_, _, end) = send(&site, get(&format!("/topics/genomics?page={last}"), "")).await;
    assert_eq!(end.matches("<li><h2>").count(), total - (last - 1) * 50);
    assert!(!end.contains("rel=\"next\""));
}
