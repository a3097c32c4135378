//! What every response must be: security headers, ETags, compression, escaped text, bounded
//! work, load shed before it takes the site down.

use super::*;

#[tokio::test]
async fn security_headers_etag_and_compression() {
    let app = test_app(&[]);
    let (_, h, _) = get(&app, "/regions/DEG").await;
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.contains_key(header::REFERRER_POLICY));
    let etag = h[header::ETAG].clone();
    let res = app
        .clone()
        .oneshot(Request::get("/regions/DEG").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = app
        .clone()
        .oneshot(Request::get("/regions/DEG").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let (_, h, css) = get(&app, "/static/style.css").await;
    assert!(css.contains(":focus-visible"));
    assert!(h[header::CACHE_CONTROL].to_str().unwrap().contains("max-age"));
}

#[tokio::test]
async fn user_text_is_escaped() {
    let mut evil = pmatlas_core::synth::profile(3, 1);
    evil.name = Text::new("<script>alert(1)</script> & Co").unwrap();
    evil.description = vec![Text::new("<img src=x onerror=alert(2)>").unwrap()];
    let code = evil.code.to_string();
    let app = test_app(&[evil]);
    let (_, _, html) = get(&app, &format!("/regions/{code}")).await;
    assert!(!html.contains("<script>alert(1)"));
    let h1 = &html[html.find("<h1>").unwrap()..html.find("</h1>").unwrap()];
    assert!(h1.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), "{h1}");
    assert!(!html.contains("<img src=x"));
    let (_, _, html) = get(&app, "/regions?q=%3Cscript%3E").await;
    assert!(!html.contains("value=\"<script>"));
}

/// Abuse: a query string with thousands of filter values is refused before any work; within
/// the bounds, unknown and repeated values are dropped, so a page stays small.
#[tokio::test]
async fn every_request_does_bounded_work() {
    let app = test_app(&pmatlas_core::synth::profiles(40, 2));
    let huge: String = (0..4000).map(|i| format!("country=X{i}")).collect::<Vec<_>>().join("&");
    let (status, _, body) = get(&app, &format!("/regions?{huge}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("at most 40 parameters"), "{body}");
    assert_eq!(get(&app, &format!("/map?{huge}")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &format!("/stats?{huge}")).await.0, StatusCode::BAD_REQUEST);
    // 39 values no region has: no filter chip, no link repeating them.
    let unknown: String = (0..39).map(|i| format!("country=Q{i}")).collect::<Vec<_>>().join("&");
    let (status, _, page) = get(&app, &format!("/regions?{unknown}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("country=Q1"), "unknown values are dropped from every link");
    let (_, _, plain) = get(&app, "/regions").await;
    assert_eq!(page.len(), plain.len(), "the page is the unfiltered one");
    // A repeated value is one filter.
    let (_, _, once) = get(&app, "/regions?country=DE").await;
    let (_, _, twice) = get(&app, "/regions?country=DE&country=DE&country=DE").await;
    assert_eq!(once.matches("class=\"remove\"").count(), twice.matches("class=\"remove\"").count());
    assert_eq!(once.len(), twice.len());
    // The search text is cut to 200 characters.
    let long = "a".repeat(1500);
    let (status, _, page) = get(&app, &format!("/regions?q={long}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&"a".repeat(201)));
}

/// Over the limit of requests in progress the pages answer 503 with Retry-After, and the
/// health check still answers.
#[tokio::test]
async fn load_is_shed_with_503_and_healthz_stays_up() {
    let mut store = common::seeded_store(&[], &[]);
    store.write(&write(&seed(), None)).unwrap();
    let limits = pmatlas_web::server::Limits { max_in_flight: 0, ..Default::default() };
    let app = pmatlas_web::app_with(AppState::from_store(store).unwrap(), &limits);
    let (status, h, _) = get(&app, "/regions/DEG").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(h[header::RETRY_AFTER], "1");
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
}
