//! The fast path answers rendered and drawn pages before the router, as the router would.

use super::*;

/// A site of Thuringia and 5 generated regions, with its fast path.
fn fast_site() -> (AppState, axum::Router, pmatlas_web::fast::FastPath) {
    let state = AppState::from_store(seeded_store(&[seed()], &pmatlas_core::synth::profiles(5, 3))).unwrap();
    let fast = pmatlas_web::fast::FastPath::new(state.clone()).expect("no request log in tests");
    (state.clone(), app(state), fast)
}

/// A response's headers as sorted (name, value) pairs, to compare two answers.
fn sorted(h: &axum::http::HeaderMap) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        h.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string())).collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_rendered_profile_page_is_answered_before_the_router_as_the_router_answers_it() {
    let (state, site, fast) = fast_site();
    let req = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    assert!(fast.answer(&req("/regions/DEG")).is_none(), "not rendered yet: the router renders it");
    let (status, headers, body) = get(&site, "/regions/DEG").await;
    assert_eq!(status, StatusCode::OK);
    // A page asked for once is not kept (a crawler asking for every page keeps none)...
    assert!(fast.answer(&req("/regions/DEG")).is_none(), "kept from its second request on");
    let (_, _, again) = get(&site, "/regions/DEG").await;
    assert_eq!(again, body);
    // ... but from its second request on.
    let direct = fast.answer(&req("/regions/DEG")).expect("rendered now");
    assert_eq!(direct.status(), StatusCode::OK);
    assert_eq!(sorted(direct.headers()), sorted(&headers));
    let bytes = axum::body::to_bytes(direct.into_body(), usize::MAX).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&bytes), body);
    // What it leaves to the router: compression, conditions, queries, other methods and pages.
    let with = |h: header::HeaderName, v: &str| Request::get("/regions/DEG").header(h, v).body(Body::empty()).unwrap();
    for r in [
        with(header::ACCEPT_ENCODING, "br;q=1.0"),
        with(header::ACCEPT_ENCODING, "gzip;q=0, br"),
        with(header::IF_NONE_MATCH, "W/\"0\""),
        req("/regions/DEG?x=1"),
        req("/regions/DEG/versions"),
        req("/regions/XX9"),
        Request::head("/regions/DEG").body(Body::empty()).unwrap(),
    ] {
        let what = format!("{} {} {:?}", r.method(), r.uri(), r.headers());
        assert!(fast.answer(&r).is_none(), "{what}");
    }
    assert!(fast.answer(&with(header::ACCEPT_ENCODING, "identity")).is_some());
    // A browser gets the page's gzip encoding, made once.
    let zipped = fast.answer(&with(header::ACCEPT_ENCODING, "gzip, deflate, br")).unwrap();
    assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(zipped.headers()[header::VARY], "accept-encoding");
    let bytes = axum::body::to_bytes(zipped.into_body(), usize::MAX).await.unwrap();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, body);
    // After a write the region's page is rendered anew, never answered from the old one.
    let mut changed = seed();
    changed.description = vec![Text::new("Rewritten after the first rendering.").unwrap()];
    state.with_store(move |s| s.write(&write(&changed, Some(1)))).await.unwrap();
    state.refresh().await.unwrap();
    assert!(fast.answer(&req("/regions/DEG")).is_none());
    assert!(get(&site, "/regions/DEG").await.2.contains("Rewritten after the first rendering."));
    get(&site, "/regions/DEG").await;
    let again = fast.answer(&req("/regions/DEG")).unwrap();
    let bytes = axum::body::to_bytes(again.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("Rewritten after the first rendering."));
}

/// A search, statistics or map page, or the API's search, drawn once is answered before the
/// router at the very address it was asked at, with the router's headers (the API's
/// cross-origin ones included) and bytes; never for an account, and never from an older
/// read view.
#[tokio::test]
async fn a_drawn_page_is_answered_before_the_router_at_its_address() {
    let (state, site, fast) = fast_site();
    let req = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    let api = "/api/v1/regions?q=health&seeking=yes";
    let pages = ["/regions?q=health&seeking=yes", "/stats", "/map?attr=innovation", "/regions/DEG/matches", api];
    // The API's answers that change only with the data are made once a view too.
    let json = ["/api/v1/stats?country=DE", "/api/v1/topics", "/api/v1/topics/genomics", "/api/v1/regions/DEG/matches"];
    for uri in pages.into_iter().chain(json).chain(["/api/regions/DEG/matches"]) {
        assert!(fast.answer(&req(uri)).is_none(), "{uri}: not drawn yet");
        let (status, headers, body) = get(&site, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let direct = fast.answer(&req(uri)).unwrap_or_else(|| panic!("{uri}: drawn now"));
        assert_eq!(sorted(direct.headers()), sorted(&headers), "{uri}");
        let bytes = axum::body::to_bytes(direct.into_body(), usize::MAX).await.unwrap();
        assert_eq!(String::from_utf8_lossy(&bytes), body, "{uri}");
    }
    // An answer too small for the router to compress (no region here works on high-performance
    // computing: 29 bytes) is left to it, whose headers then differ (no Vary).
    let tiny = "/api/regions/DEG/matches?topic=high_performance_computing";
    assert!(get(&site, tiny).await.2.len() < 32);
    assert!(fast.answer(&req(tiny)).is_none());
    let json = fast.answer(&req(api)).unwrap();
    assert_eq!(json.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(json.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let zipped = Request::get(api).header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let routed =
        site.clone().oneshot(Request::get(api).header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap());
    let (direct, routed) = (fast.answer(&zipped).unwrap(), routed.await.unwrap());
    // The same headers but the length, which the router's compression, writing as it goes, cannot give.
    let mut length_known = sorted(direct.headers());
    length_known.retain(|(name, _)| name != "content-length");
    assert_eq!(length_known, sorted(routed.headers()), "{api}, gzip");
    let unzip = |bytes: axum::body::Bytes| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).unwrap();
        text
    };
    let direct = unzip(axum::body::to_bytes(direct.into_body(), usize::MAX).await.unwrap());
    assert_eq!(direct, unzip(axum::body::to_bytes(routed.into_body(), usize::MAX).await.unwrap()));
    assert!(direct.starts_with('{'), "{direct}");
    // The same search written another way is drawn once, but kept at each address it is
    // asked at: the fast path does not parse queries.
    assert!(fast.answer(&req("/regions?seeking=yes&q=health")).is_none());
    let _ = get(&site, "/regions?seeking=yes&q=health").await;
    assert!(fast.answer(&req("/regions?seeking=yes&q=health")).is_some());
    // A page asked by a signed-in account is not kept for everyone.
    let signed = Request::get("/regions?q=biobank")
        .header(header::COOKIE, format!("{}={}", pmatlas_web::auth::SESSION_COOKIE, "0".repeat(64)))
        .body(Body::empty())
        .unwrap();
    let _ = site.clone().oneshot(signed).await.unwrap();
    assert!(fast.answer(&req("/regions?q=biobank")).is_none());
    // After a write the pages are drawn anew.
    let mut changed = seed();
    changed.description = vec![Text::new("Rewritten after the first drawing.").unwrap()];
    state.with_store(move |s| s.write(&write(&changed, Some(1)))).await.unwrap();
    state.refresh().await.unwrap();
    assert!(fast.answer(&req("/stats")).is_none(), "a new view has drawn nothing yet");
    let zipped = Request::get("/stats").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    assert!(fast.answer(&zipped).is_none());
    let (_, _, body) = get(&site, "/stats").await;
    let zipped = Request::get("/stats").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let answer = fast.answer(&zipped).expect("drawn in the new view");
    assert_eq!(answer.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, body);
}
