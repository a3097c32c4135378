//! Downloads of any selection in every format (CSV, XLSX, JSON, GeoJSON, text), their
//! cells safe in a spreadsheet, and the data page's feeds and catalogue.

use super::*;

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
    // How old the data is, and what the reader took no field from, in columns of their own.
    let (_, _, deg) = get(&app, "/regions.csv?r=DEG").await;
    let mut r = csv::Reader::from_reader(&deg[..]);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let row = r.records().next().unwrap().unwrap();
    let cell = |c: &str| row[head.iter().position(|h| h == c).unwrap_or_else(|| panic!("{c}: {head:?}"))].to_string();
    assert_eq!((cell("edition"), cell("extras")), ("2019 edition".to_string(), String::new()));
    let mut odd = pmatlas_core::synth::profile(2, 9);
    let text = Text::new("Rate of the genomics literacy of the citizens in the region -Excellent").unwrap();
    odd.extras = vec![pmatlas_core::Extra { line: 20, section: Some("self_evaluation".into()), text }];
    let (_, _, csv) = get(&test_app(&[odd.clone()]), &format!("/regions.csv?r={}", odd.code)).await;
    let mut r = csv::Reader::from_reader(&csv[..]);
    let at = r.headers().unwrap().iter().position(|h| h == "extras").unwrap();
    let extras = r.records().next().unwrap().unwrap()[at].to_string();
    assert_eq!(
        extras,
        "line 20 (self_evaluation): Rate of the genomics literacy of the citizens in the region -Excellent"
    );
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
    let shapes = pmatlas_core::geo::shapes_from_geojson(include_str!("../fixtures/shapes.geojson"), 1000.0).unwrap();
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
        let dir = pmatlas_store::testing::TempDir::new("geojson");
        let path = dir.join("regions.geojson");
        std::fs::write(&path, &body).unwrap();
        let out = std::process::Command::new("ogrinfo").args(["-ro", "-so", "-al"]).arg(&path).output().unwrap();
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
