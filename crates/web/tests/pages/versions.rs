//! Versions: field diffs, ETags that follow the body, source documents, any two compared.

use super::*;

#[tokio::test]
async fn versions_page_shows_field_diffs() {
    let app = test_app(&[]);
    let (status, _, html) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Version 2</a> · 2019 edition <span class=\"badge\">current</span>"), "{html}");
    assert!(
        html.contains("<code>key_figures.population.value</code></th><td>changed</td><td>2143145</td><td>2120237</td>")
    );
    assert!(html.contains("First version."));
}

async fn get_with(app: &axum::Router, uri: &str, etag: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(uri).header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// The versions page reads the database: after a write by another process its ETag
/// changes with its body, so a client holding the old tag gets the new page, not a 304.
#[tokio::test]
async fn the_versions_etag_changes_when_its_body_does() {
    let dir = pmatlas_store::testing::TempDir::new("web-etag");
    let db = dir.join("p.db");
    Store::open(&db).unwrap().write(&write(&seed(), None)).unwrap();
    let app = app(AppState::open(&pmatlas_store::Location::Sqlite(db.clone()), 4).unwrap());
    let (status, h, body) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    let tag = h[header::ETAG].to_str().unwrap().to_string();
    assert!(!body.contains("Version 2"));
    assert_eq!(get_with(&app, "/regions/DEG/versions", &tag).await.0, StatusCode::NOT_MODIFIED);
    // An import into the same database while the site runs.
    let mut v2 = seed();
    v2.key_figures.population.as_mut().unwrap().value = 2_100_000;
    Store::open(&db).unwrap().write(&write(&v2, Some(1))).unwrap();
    let (status, h, body) = get_with(&app, "/regions/DEG/versions", &tag).await;
    assert_eq!(status, StatusCode::OK, "a stale tag must not get a 304");
    assert_ne!(h[header::ETAG].to_str().unwrap(), tag);
    assert!(body.contains("Version 2"));

    // A version that no longer reads is named; the others still show.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER versions_immutable_update;").unwrap();
    conn.execute("UPDATE versions SET profile_json = 'not json' WHERE code = 'DEG' AND number = 1", []).unwrap();
    let (status, _, body) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("This version cannot be read (DEG version 1 does not read"), "{body}");
    assert!(body.contains("Version 2"));
}

/// A current version that does not read leaves its region out of the site, not the site.
#[tokio::test]
async fn a_corrupt_current_version_does_not_stop_the_site() {
    let dir = pmatlas_store::testing::TempDir::new("web-corrupt");
    let db = dir.join("p.db");
    let mut store = Store::open(&db).unwrap();
    store.write(&write(&seed(), None)).unwrap();
    let other = pmatlas_core::synth::profile(5, 1);
    store.write(&write(&other, None)).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER versions_immutable_update;").unwrap();
    conn.execute("UPDATE versions SET profile_json = '[' WHERE code = 'DEG'", []).unwrap();
    let app = app(AppState::open(&pmatlas_store::Location::Sqlite(db.clone()), 4).expect("the site starts"));
    assert_eq!(get(&app, "/regions/DEG").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &format!("/regions/{}", other.code)).await.0, StatusCode::OK);
}

/// Each version links to the document it was read from, served as plain text.
#[tokio::test]
async fn a_version_s_source_document_is_served_as_text() {
    let mut store = common::seeded_store(&[], &[]);
    let text = include_str!("../../../../data/demo/DEG-thuringia.txt");
    let p = seed();
    store.write(&Write { source_ref: Some("docs/DEG.txt"), source_text: Some(text), ..write(&p, None) }).unwrap();
    let app = app(AppState::from_store(store).unwrap());
    let (_, _, versions) = get(&app, "/regions/DEG/versions").await;
    assert!(versions.contains("<a href=\"/regions/DEG/versions/1/source\">DEG.txt</a>"), "{versions}");
    let (status, h, body) = get(&app, "/regions/deg/versions/1/source").await;
    assert_eq!(status, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    assert_eq!(body, text);
    assert_eq!(get(&app, "/regions/DEG/versions/9/source").await.0, StatusCode::NOT_FOUND);
}

/// The versions page says what changed in the words of the profile page, keeps the field
/// paths in a technical view, and opens any version as a full profile page.
#[tokio::test]
async fn versions_in_words_and_any_version_as_a_page() {
    let app = test_app(&[]);
    let (_, _, html) = get(&app, "/regions/DEG/versions").await;
    assert!(html.contains("<dt>Population</dt><dd>2,143,145 (2019) → 2,120,237 (2019)</dd>"), "{html}");
    assert!(html.contains("Technical view: the changed fields by path"));
    let (status, _, old) = get(&app, "/regions/DEG/versions/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(old.contains("This is version 1 of the profile"), "{old}");
    assert!(old.contains("not the current one"));
    assert!(old.contains("2,143,145"), "version 1's population");
    let (_, _, current) = get(&app, "/regions/DEG/versions/2").await;
    assert!(current.contains("the current one") && current.contains("2,120,237"));
    assert_eq!(get(&app, "/regions/DEG/versions/9").await.0, StatusCode::NOT_FOUND);
}

/// Any two versions can be compared, in words; a long text changes word by word.
#[tokio::test]
async fn any_two_versions_compare_and_long_texts_diff_by_word() {
    let v1 = common::seed_with_population(2_151_205);
    let mut v2 = seed();
    v2.description = vec![Text::new(&format!("{} Added words at the end.", v1.description[0])).unwrap()];
    let v3 = {
        let mut p = v2.clone();
        p.key_figures.population.as_mut().unwrap().value = 2_000_000;
        p
    };
    let store = seeded_store(&[v1, v2, v3], &[]);
    let app = app(AppState::from_store(store).unwrap());
    let (_, _, all) = get(&app, "/regions/DEG/versions").await;
    assert!(all.contains("<select id=\"from\" name=\"from\">"), "a form to pick two versions");
    assert!(
        all.contains("<ins>Added words at the end.</ins>"),
        "word-level: {}",
        &all[all.find("Description").unwrap_or(0)..][..600]
    );
    let (status, h, pair) = get(&app, "/regions/DEG/versions?from=1&to=3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(pair.contains("From version 1 to version 3"));
    assert!(pair.contains("<dt>Population</dt><dd>2,151,205 (2019) → 2,000,000 (2019)</dd>"), "both changes at once");
    assert!(pair.contains("<ins>Added words at the end.</ins>"));
    assert!(pair.contains("<title>Versions 1 and 3 of Thuringia (DEG) · pmatlas</title>"));
    // The pair is part of the page, so part of its ETag.
    let (_, h2, _) = get(&app, "/regions/DEG/versions").await;
    assert_ne!(h[header::ETAG], h2[header::ETAG]);
    let (_, _, bad) = get(&app, "/regions/DEG/versions?from=1&to=9").await;
    assert!(bad.contains("Versions 1 and 9 cannot be compared"));
}
