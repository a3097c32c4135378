//! One damaged row never takes a page down: an unreadable submission is listed as such on the
//! review queue (the rest is reviewed as usual), a region whose current version is missing is
//! reported to curators, and its versions page still answers.

use axum::http::StatusCode;
use pmatlas_store::users::Role;
use pmatlas_store::Store;
use pmatlas_web::{app, AppState};

mod common;
use common::{get, log_in, send, PASSWORD};

#[tokio::test]
async fn damaged_rows_are_reported_and_the_rest_works() {
    let dir = pmatlas_store::testing::TempDir::new("damaged");
    let path = dir.join("p.db");
    let other = pmatlas_core::synth::profile(1, 9);
    {
        let mut store = Store::open(&path).unwrap();
        store.write(&common::write(&common::seed(), None)).unwrap();
        store.write(&common::write(&other, None)).unwrap();
        store.add_user("test", "cura", Role::Curator, PASSWORD).unwrap();
        let mut changed = common::seed();
        changed.name = pmatlas_core::Text::new("Thüringen").unwrap();
        store.submit(&changed, Some(1), "visitor", None, None).unwrap();
        store.submit(&changed, Some(1), "someone else", None, None).unwrap();
    }
    {
        // Damage: the second submission's data, and the other region's current pointer.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute("UPDATE submissions SET profile_json = '{\"broken' WHERE id = 2", []).unwrap();
        c.execute("UPDATE regions SET current_version = 99 WHERE code = ?1", [other.code.as_str()]).unwrap();
    }
    let app = app(AppState::from_store(Store::open(&path).unwrap()).unwrap());
    let (cu, _) = log_in(&app, "cura").await;
    let (s, _, queue) = send(&app, get("/review", &cu)).await;
    assert_eq!(s, StatusCode::OK, "{queue}");
    assert!(queue.contains("href=\"/review/1\""), "the readable submission is listed");
    assert!(queue.contains("Submissions that cannot be read") && queue.contains("someone else"), "{queue}");
    assert!(
        queue.contains("Regions left out of the site")
            && queue.contains(&format!("{} version 99 does not read: the current version is missing", other.code)),
        "{queue}"
    );
    assert_eq!(send(&app, get("/review/1", &cu)).await.0, StatusCode::OK);
    // The region left out still has its history.
    let (s, _, versions) = send(&app, get(&format!("/regions/{}/versions", other.code), "")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(versions.contains("Version 1"), "{versions}");
}
