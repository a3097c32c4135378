//! The open data, in process: the JSON API (`/api/v1`), its OpenAPI document, the downloads
//! of any selection, the whole-dataset page, the Atom feeds and the DCAT-AP catalogue.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_core::{Profile, Text};
use pmatlas_web::{app, AppState};
use serde_json::Value;
use tower::ServiceExt;

#[path = "../common/mod.rs"]
mod common;
mod downloads;

also_on_postgres!();
use common::{seed, seeded_store};

fn test_app(extra: &[Profile]) -> axum::Router {
    app(AppState::from_store(seeded_store(&[seed(), common::seed_with_population(2_120_237)], extra)).unwrap())
}

async fn get_with(app: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    (parts.status, parts.headers, axum::body::to_bytes(body, usize::MAX).await.unwrap().to_vec())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    get_with(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn json(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, h, body) = get(app, uri).await;
    let ct = h[header::CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(ct == "application/json" || ct == "application/problem+json", "{uri}: {ct}");
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: {e}")))
}

/// A 400 problem naming the parameter.
async fn bad(app: &axum::Router, uri: &str, param: &str) {
    let (status, h, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
    assert_eq!(h[header::CONTENT_TYPE], "application/problem+json", "{uri}");
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(p["status"], 400);
    assert_eq!(p["invalid_params"][0]["name"], param, "{uri}: {p}");
}

#[tokio::test]
async fn every_endpoint_answers_and_bad_parameters_are_named() {
    let app = test_app(&pmatlas_core::synth::profiles(60, 3));
    let (s, list) = json(&app, "/api/v1/regions?q=biobank&seeking=yes&per_page=5").await;
    assert_eq!(s, StatusCode::OK);
    assert!(list["total"].as_u64().unwrap() >= 1);
    assert!(list["regions"].as_array().unwrap().len() <= 5);
    let seeking = list["facets"].as_array().unwrap().iter().find(|f| f["key"] == "seeking").unwrap();
    assert!(seeking["values"].as_array().unwrap().iter().any(|v| v["id"] == "yes" && v["selected"] == true));
    // The same selection as the website's search.
    let (_, _, page) = get(&app, "/regions?q=biobank&seeking=yes").await;
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(&format!("{} of ", list["total"])), "the website counts the same");
    let (s, deg) = json(&app, "/api/v1/regions/DEG").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(deg["code"], "DEG");
    assert_eq!(deg["key_figures"]["population"]["value"], 2_120_237);
    let (_, versions) = json(&app, "/api/v1/regions/DEG/versions").await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[1]["current"], true);
    let (_, v1) = json(&app, "/api/v1/regions/DEG/versions/1").await;
    assert_eq!(v1["key_figures"]["population"]["value"], 2_143_145);
    let (_, diff) = json(&app, "/api/v1/regions/DEG/diff?from=1&to=2").await;
    assert_eq!(diff["changes"][0]["path"], "key_figures.population.value");
    let (s, m) = json(&app, "/api/v1/regions/DEG/matches").await;
    assert_eq!(s, StatusCode::OK);
    assert!(m["matches"].as_array().is_some());
    let (_, topics) = json(&app, "/api/v1/topics").await;
    assert!(topics.as_array().unwrap().iter().any(|t| t["id"] == "biobanks"));
    let (_, t) = json(&app, "/api/v1/topics/biobanks").await;
    assert!(t["regions"].as_array().unwrap().iter().any(|r| r["code"] == "DEG"));
    let (_, stats) = json(&app, "/api/v1/stats?country=DE").await;
    assert!(stats["total"].as_u64().unwrap() >= 1 && stats["charts"].as_array().unwrap().len() >= 10);
    let (_, vocabs) = json(&app, "/api/v1/vocabularies").await;
    for name in ["nuts", "nace", "nabs", "policy_objectives", "memberships", "topics", "ratings"] {
        assert!(vocabs.as_array().unwrap().iter().any(|v| v["name"] == name));
        let (s, v) = json(&app, &format!("/api/v1/vocabularies/{name}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!v.as_array().unwrap().is_empty(), "{name}");
    }
    let (_, nuts) = json(&app, "/api/v1/vocabularies/nuts").await;
    assert_eq!(nuts.as_array().unwrap().len(), 2010);

    // Bad parameters: a 400 naming the parameter.
    bad(&app, "/api/v1/regions?per_page=0", "per_page").await;
    bad(&app, "/api/v1/regions?per_page=101", "per_page").await;
    bad(&app, "/api/v1/regions?page=abc", "page").await;
    bad(&app, "/api/v1/regions?sort=bogus", "sort").await;
    bad(&app, "/api/v1/regions?colour=red", "colour").await;
    bad(&app, "/api/v1/regions?seeking=perhaps", "seeking").await;
    bad(&app, "/api/v1/regions?all=colour", "all").await;
    bad(&app, &format!("/api/v1/regions?q={}", "x".repeat(201)), "q").await;
    bad(&app, &format!("/api/v1/regions?{}", ["country=DE"; 11].join("&")), "country").await;
    bad(&app, "/api/v1/regions/DEG/diff?from=1", "to").await;
    bad(&app, "/api/v1/regions/DEG/versions/0", "number").await;
    bad(&app, "/api/v1/regions/DEG/matches?topic=astrology", "topic").await;
    bad(&app, "/api/v1/stats?page=2", "page").await;
    // Unknown things: 404 problems.
    for uri in [
        "/api/v1/regions/XX9",
        "/api/v1/regions/DEG/versions/9",
        "/api/v1/topics/astrology",
        "/api/v1/vocabularies/colours",
        "/api/v1/nothing",
    ] {
        let (s, p) = json(&app, uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(p["status"], 404, "{uri}");
    }
}

#[tokio::test]
async fn pages_cover_ten_thousand_regions_each_exactly_once() {
    let extra = pmatlas_core::synth::profiles(10_000, 5);
    let app = test_app(&extra);
    let mut seen = std::collections::HashSet::new();
    let mut next = Some("/api/v1/regions?per_page=100".to_string());
    let mut pages = 0;
    let mut total = 0;
    while let Some(uri) = next {
        let (s, body) = json(&app, &uri).await;
        assert_eq!(s, StatusCode::OK);
        total = body["total"].as_u64().unwrap() as usize;
        for r in body["regions"].as_array().unwrap() {
            assert!(seen.insert(r["code"].as_str().unwrap().to_string()), "{} twice", r["code"]);
        }
        next = body["next"].as_str().map(str::to_string);
        pages += 1;
        assert!(pages <= 101, "the next links end");
    }
    assert_eq!(seen.len(), total);
    assert_eq!(total, 1 + extra.iter().filter(|p| p.code.as_str() != "DEG").count());
}

/// A topic's regions come a page at a time (the list grows with the atlas): following the
/// next links gives each exactly once, as many as the topic page counts, in its order.
#[tokio::test]
async fn a_topics_regions_come_a_page_at_a_time_each_exactly_once() {
    let extra = pmatlas_core::synth::profiles(400, 9);
    let app = test_app(&extra);
    let (s, first) = json(&app, "/api/v1/topics/genomics").await;
    assert_eq!(s, StatusCode::OK);
    let total = first["total"].as_u64().unwrap() as usize;
    assert!(total > 25, "{total}: more than a page");
    assert_eq!(first["regions"].as_array().unwrap().len(), 25, "a page by default");
    let mut order = Vec::new();
    let mut next = Some("/api/v1/topics/genomics?per_page=10".to_string());
    while let Some(uri) = next {
        let (s, body) = json(&app, &uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert_eq!(body["total"].as_u64().unwrap() as usize, total);
        order.extend(body["regions"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()));
        next = body["next"].as_str().map(str::to_string);
        assert!(order.len() <= total, "the next links end");
    }
    let distinct: std::collections::HashSet<&String> = order.iter().collect();
    assert_eq!((order.len(), distinct.len()), (total, total));
    let firsts: Vec<&str> = first["regions"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(firsts, order[..25], "the same order, whatever the page length");
    let (_, _, page) = get(&app, "/topics/genomics").await;
    assert!(String::from_utf8(page).unwrap().contains(&format!("{total} regions show evidence")));
    bad(&app, "/api/v1/topics/genomics?per_page=101", "per_page").await;
    bad(&app, "/api/v1/topics/genomics?colour=red", "colour").await;
}

#[tokio::test]
async fn etags_cors_and_the_openapi_document() {
    let app = test_app(&[]);
    let (s, h, _) = get(&app, "/api/v1/regions/DEG").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let tag = h[header::ETAG].to_str().unwrap().to_string();
    let req = Request::get("/api/v1/regions/DEG").header(header::IF_NONE_MATCH, &tag).body(Body::empty()).unwrap();
    let (s, _, body) = get_with(&app, req).await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let req =
        Request::options("/api/v1/regions").header(header::ORIGIN, "https://example.org").body(Body::empty()).unwrap();
    let (s, h, _) = get_with(&app, req).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert!(h[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("GET"));
    let req = Request::post("/api/v1/regions").body(Body::empty()).unwrap();
    assert_eq!(get_with(&app, req).await.0, StatusCode::METHOD_NOT_ALLOWED, "no writes");

    let (s, doc) = json(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/versions",
        "/api/v1/regions/{code}/versions/{number}",
        "/api/v1/regions/{code}/diff",
        "/api/v1/regions/{code}/matches",
        "/api/v1/topics",
        "/api/v1/topics/{topic}",
        "/api/v1/stats",
        "/api/v1/vocabularies",
        "/api/v1/vocabularies/{name}",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    // Every $ref points at a schema the document has.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = r.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is defined");
    }
    assert!(schemas.contains_key("Profile") && schemas.contains_key("Problem"));
    // Every facet of the website is a documented parameter of the list.
    let params: Vec<&str> = paths["/api/v1/regions"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for key in ["country", "membership.errin", "rating.need_funding", "topic", "policy_topic", "all"] {
        assert!(params.contains(&key), "{key}");
    }
    let (s, _, page) = get(&app, "/api").await;
    assert_eq!(s, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(!page.contains('`') && page.contains("<code>/regions</code>"), "Markdown code spans shown as code");
    assert!(
        page.contains("GET /api/v1/regions/{code}/matches") && !page.contains("<script"),
        "documented without assets"
    );
}
