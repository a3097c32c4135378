//! A running site brought up to date after writes (its read view updated region by region)
//! answers exactly as a site started afresh on the same database.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pmatlas_core::{Profile, Text};
use pmatlas_store::{Source, Store, Write};
use pmatlas_web::{app, AppState};
use tower::ServiceExt;

async fn body(app: &axum::Router, uri: &str) -> String {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

async fn commit(state: &AppState, p: Profile) {
    state
        .with_store(move |s| {
            let current = s.current_version(&p.code)?;
            s.write(&Write { comment: Some("edited"), ..Write::new(&p, current, "curator", Source::Edit) })
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_updated_site_answers_as_a_site_started_afresh() {
    let dir = pmatlas_store::testing::TempDir::new("refresh-test");
    let db = dir.join("site.db");
    let mut profiles = pmatlas_core::synth::profiles(160, 5);
    profiles.sort_by_key(|p| p.code);
    // Every tenth region arrives later, as a new region.
    let newcomers: Vec<Profile> = profiles.iter().step_by(10).cloned().collect();
    let first: Vec<&Profile> = profiles.iter().filter(|p| !newcomers.iter().any(|n| n.code == p.code)).collect();
    let mut store = Store::open(&db).unwrap();
    let writes: Vec<Write<'_>> = first.iter().map(|p| Write::new(p, None, "import", Source::Import)).collect();
    store.write_batch(&writes, |_| {}).unwrap();
    drop(writes);
    let state = AppState::from_store(store).unwrap();
    let site = app(state.clone());
    // Rendered (and cached) before the writes.
    for p in first.iter().take(40) {
        body(&site, &format!("/regions/{}", p.code)).await;
    }
    body(&site, "/regions?q=health").await;

    // Edits: other texts, interests, memberships and figures; one region edited twice
    // before the site catches up; new regions one at a time and several at once.
    let edited: Vec<usize> = vec![0, 3, 17, 50, 51, first.len() - 1];
    for (k, &at) in edited.iter().enumerate() {
        let mut p = first[at].clone();
        let donor = first[(at + 29) % first.len()];
        p.description = donor.description.clone();
        p.description.push(Text::new(&format!("Edit {k}: quokka telemetry and zebrafish genomics")).unwrap());
        p.collaboration = donor.collaboration.clone();
        p.memberships = donor.memberships.clone();
        p.key_figures = donor.key_figures.clone();
        p.nace = donor.nace.clone();
        commit(&state, p).await;
        if k != 3 {
            state.refresh().await.unwrap();
        }
    }
    let mut again = first[17].clone();
    again.description = vec![Text::new("Edited once more: nothing about that marsupial.").unwrap()];
    commit(&state, again).await;
    state.refresh().await.unwrap();
    for (k, p) in newcomers.iter().enumerate() {
        commit(&state, p.clone()).await;
        if k % 3 != 1 {
            state.refresh().await.unwrap();
        }
    }
    state.refresh().await.unwrap();

    let fresh = app(AppState::from_store(Store::open(&db).unwrap()).unwrap());
    let mut urls: Vec<String> = [
        "/",
        "/regions",
        "/regions?q=health",
        "/regions?q=quokka",
        "/regions?q=zebrafish+genomics",
        "/regions?q=personalized&sort=population",
        "/regions?seeking=yes&topic=biobanks",
        "/regions?sort=updated",
        "/stats",
        "/map",
        "/map?attr=membership.errin",
        "/map?attr=population",
        "/api/v1/regions?per_page=100",
        "/api/v1/regions?per_page=100&page=2",
        "/api/v1/regions?q=quokka",
        "/api/v1/topics",
        "/regions.csv",
        "/feed.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for at in edited.iter().copied().chain([1, 2, 90]) {
        let code = first[at].code;
        urls.extend([
            format!("/regions/{code}"),
            format!("/regions/{code}/matches"),
            format!("/api/v1/regions/{code}"),
        ]);
    }
    for p in &newcomers {
        urls.extend([format!("/regions/{}", p.code), format!("/regions/{}/matches", p.code)]);
    }
    for url in &urls {
        let (updated, afresh) = (body(&site, url).await, body(&fresh, url).await);
        assert!(updated == afresh, "{url} differs from a site started afresh");
    }
    assert!(body(&site, "/regions?q=quokka").await.contains(&first[0].name.to_string()));
    assert!(!body(&site, "/regions?q=quokka").await.contains(&format!("/regions/{}\"", first[17].code)));
}
