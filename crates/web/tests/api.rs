//! The open data, in process: the JSON API (`/api/v1`), its OpenAPI document, the downloads
//! of any selection, the whole-dataset page, the Atom feeds and the DCAT-AP catalogue.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_core::{Profile, Text};
use pmatlas_web::{app, AppState};
use serde_json::Value;
use tower::ServiceExt;

mod common;

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

/// A profile whose texts hold a spreadsheet formula.
fn formula_profile() -> Profile {
    let mut p = pmatlas_core::synth::profile(1, 9);
    p.code = pmatlas_core::NutsCode::parse("EL30").unwrap();
    p.name = Text::new("=HYPERLINK(\"http://x\",\"y\")").unwrap();
    p.description = vec![Text::new("=HYPERLINK(\"http://x\",\"y\")").unwrap()];
    p
}

#[tokio::test]
async fn downloads_of_any_selection_in_five_formats() {
    let app = test_app(&[formula_profile()]);
    // A search's results, a profile, a comparison, a topic's regions.
    let (s, h, csv) = get(&app, "/regions.csv?r=EL30").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(h[header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
    let csv = String::from_utf8(csv).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert!(header.contains(&"membership.errin".to_string()), "columns are vocabulary ids");
    let row = r.records().next().unwrap().unwrap();
    let name = &row[header.iter().position(|h| h == "name").unwrap()];
    assert!(name.starts_with("'="), "inert in a spreadsheet: {name}");
    // Compressed as it streams (the body is polled once past its end: no panic).
    for enc in ["gzip", "br"] {
        let req = Request::get("/regions.csv").header(header::ACCEPT_ENCODING, enc).body(Body::empty()).unwrap();
        let (s, h, body) = get_with(&app, req).await;
        assert_eq!((s, h[header::CONTENT_ENCODING].to_str().unwrap()), (StatusCode::OK, enc));
        assert!(!body.is_empty());
    }
    let (_, _, both) = get(&app, "/regions.csv?r=DEG&r=EL30").await;
    assert_eq!(csv::Reader::from_reader(&both[..]).records().count(), 2);
    let (_, _, de) = get(&app, "/regions.json?country=DE").await;
    let de: Value = serde_json::from_slice(&de).unwrap();
    assert_eq!(de["regions"].as_array().unwrap().len(), 1);
    assert_eq!(de["regions"][0]["code"], "DEG");
    let (_, _, topic) = get(&app, "/regions.json?works_on=biobanks").await;
    let topic: Value = serde_json::from_slice(&topic).unwrap();
    assert!(topic["regions"].as_array().unwrap().iter().any(|r| r["code"] == "DEG"));
    assert_eq!(get(&app, "/regions.csv?r=XX9").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/regions.csv?works_on=astrology").await.0, StatusCode::NOT_FOUND);
    // The text format, two documents that read back as the two profiles.
    let (_, _, text) = get(&app, "/regions.txt?r=DEG&r=EL30").await;
    let parsed = pmatlas_store::documents::profiles_from_bytes(std::path::Path::new("x.txt"), &text).unwrap();
    assert_eq!(parsed.iter().map(|p| p.profile.code.to_string()).collect::<Vec<_>>(), ["DEG", "EL30"]);
    // No shapes here: no GeoJSON, and no link to it.
    assert_eq!(get(&app, "/regions.geojson").await.0, StatusCode::NOT_FOUND);
    let (_, _, page) = get(&app, "/regions?country=DE").await;
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("href=\"/regions.csv?country=DE\"") && !page.contains("regions.geojson"));
    let (_, _, profile) = get(&app, "/regions/DEG").await;
    assert!(String::from_utf8(profile).unwrap().contains("href=\"/regions.xlsx?r=DEG\""));
    // The XLSX: read back, the formula a plain string, a Readme sheet of the columns.
    let (s, h, xlsx) = get(&app, "/regions.xlsx").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("name=\"Regions\"") && workbook.contains("name=\"Readme\""));
    let sheet = read("xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula cell");
    let strings = read("xl/sharedStrings.xml") + &sheet;
    assert!(
        strings.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)")
            || strings.contains("=HYPERLINK(\"http://x\",\"y\")"),
        "the text kept as a string"
    );
    // A spreadsheet reader opens it (openpyxl, when Python has it: .ci/run installs it).
    let (_, _, xlsx) = get(&app, "/regions.xlsx").await;
    if let Some(out) = python(
        "import openpyxl,sys,io\nwb=openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))\nws=wb['Regions']\nprint(wb.sheetnames, ws.max_row, [c.value for c in ws[1]][:2], [c.data_type for r in ws.iter_rows(min_row=2) for c in r if isinstance(c.value,str) and c.value.startswith('=')])",
        &xlsx,
    ) {
        assert!(out.starts_with("['Regions', 'Readme'] 3 ['code', 'name'] ['s', 's']"), "{out}");
    }
    let (_, _, columns) = get(&app, "/data/columns.csv").await;
    let columns = String::from_utf8(columns).unwrap();
    assert!(
        columns.contains("membership.errin,") && columns.contains("rating.need_funding,Self-evaluation: "),
        "{columns}"
    );
}

#[tokio::test]
async fn geojson_has_a_feature_per_region_with_its_boundary() {
    let mut store = seeded_store(&[seed()], &[formula_profile()]);
    let shapes = pmatlas_core::geo::shapes_from_geojson(include_str!("fixtures/shapes.geojson"), 1000.0).unwrap();
    store.install_shapes(&shapes, "fixture").unwrap();
    let app = app(AppState::from_store(store).unwrap());
    let (s, h, body) = get(&app, "/regions.geojson").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/geo+json");
    let g: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Polygon", "{}", f["id"]);
        assert!(f["geometry"]["coordinates"][0][0][0].as_f64().unwrap().abs() <= 180.0, "longitude/latitude");
        assert!(f["properties"]["code"].is_string());
    }
    let deg = features.iter().find(|f| f["id"] == "DEG").unwrap();
    assert_eq!(deg["properties"]["population"], 2_143_145.0);
    // ogrinfo (Debian's gdal-bin) reads it, with the right feature count, when it is installed.
    if std::path::Path::new("/usr/bin/ogrinfo").exists() {
        let path = std::env::temp_dir().join(format!("pmatlas-test-{}.geojson", std::process::id()));
        std::fs::write(&path, &body).unwrap();
        let out = std::process::Command::new("ogrinfo").args(["-ro", "-so", "-al"]).arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Feature Count: 2"), "{text}{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[tokio::test]
async fn data_page_feeds_and_catalogue() {
    let app = test_app(&pmatlas_core::synth::profiles(20, 4));
    let (s, _, page) = get(&app, "/data").await;
    assert_eq!(s, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    for part in [
        "href=\"/regions.csv\"",
        "href=\"/regions.xlsx\"",
        "href=\"/regions.json\"",
        "href=\"/regions.txt\"",
        "Licence",
        "How to cite",
        "KB</td>",
    ] {
        assert!(page.contains(part), "{part}");
    }
    // Atom: the elements RFC 4287 requires, an entry per published version, in words.
    let (s, h, feed) = get(&app, "/regions/DEG/feed.xml").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
    let feed = String::from_utf8(feed).unwrap();
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    for el in ["<id>", "<title>", "<updated>", "<author><name>", "<link rel=\"self\""] {
        assert!(feed.contains(el), "feed {el}");
    }
    assert_eq!(feed.matches("<entry>").count(), 2);
    let entry = &feed[feed.find("<entry>").unwrap()..];
    for el in [
        "<id>",
        "<title>Thuringia: version 2</title>",
        "<updated>",
        "<summary type=\"text\">Population: 2,143,145 (2019) → 2,120,237 (2019)",
    ] {
        assert!(entry.contains(el), "entry {el}: {entry}");
    }
    let (_, _, all) = get(&app, "/feed.xml").await;
    assert!(String::from_utf8(all).unwrap().matches("<entry>").count() >= 20);
    let (s, _, topic) = get(&app, "/topics/biobanks/feed.xml").await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8(topic).unwrap().contains("Thuringia: version 2"));
    assert_eq!(get(&app, "/regions/XX9/feed.xml").await.0, StatusCode::NOT_FOUND);
    // DCAT-AP: a catalogue with the dataset and every distribution.
    let (s, h, cat) = get(&app, "/catalog.jsonld").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/ld+json");
    let cat: Value = serde_json::from_slice(&cat).unwrap();
    assert_eq!(cat["@type"], "dcat:Catalog");
    let ds = &cat["dcat:dataset"];
    assert_eq!(ds["@type"], "dcat:Dataset");
    for k in ["dct:license", "dct:publisher", "dct:temporal", "dct:spatial", "dct:modified"] {
        assert!(!ds[k].is_null(), "{k}");
    }
    // It parses as JSON-LD into RDF with every distribution (rdflib, when Python has it).
    let (_, _, raw) = get(&app, "/catalog.jsonld").await;
    if let Some(out) = python(
        "import rdflib,sys\ng=rdflib.Graph(); g.parse(data=sys.stdin.buffer.read(), format='json-ld')\nD=rdflib.Namespace('http://www.w3.org/ns/dcat#')\nprint(len(list(g.subjects(rdflib.RDF.type, D.Distribution))), len(list(g.subjects(rdflib.RDF.type, D.Dataset))))",
        &raw,
    ) {
        assert_eq!(out.trim(), "5 1", "four files and the API, one dataset");
    }
    let dists: Vec<&str> = ds["dcat:distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dcat:downloadURL"]["@id"].as_str().unwrap_or("api"))
        .collect();
    for ext in ["csv", "xlsx", "json", "txt"] {
        assert!(dists.iter().any(|d| d.ends_with(&format!("/regions.{ext}"))), "{ext}");
    }
}

/// Runs a Python script on `input` when python3 and the modules it imports are there
/// (None otherwise; .ci/run installs them, and then a failure fails the test).
fn python(script: &str, input: &[u8]) -> Option<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input).ok()?;
    let out = child.wait_with_output().ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && err.contains("ModuleNotFoundError") {
        assert!(std::env::var_os("CI").is_none(), "CI must install the Python modules (see .ci/run): {err}");
        return None;
    }
    assert!(out.status.success(), "{err}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}
