//! Open data: any selection as a file (`/regions.csv`, `.xlsx`, `.json`, `.geojson`, `.txt`,
//! with the search's parameters, or `r=CODE` for named regions, or `works_on=TOPIC` for a
//! topic page's regions), the whole-dataset page (`/data`) and the DCAT-AP description of
//! the dataset (`/catalog.jsonld`).
//!
//! Every file is written as it is sent (a blocking task writes into a channel the response
//! body reads), so memory does not grow with the selection; the XLSX workbook is built in
//! constant memory in a temporary file first (a zip needs to seek), then sent.

use std::io::Write;
use std::sync::Arc;

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::*;
use crate::error::WebError;
use crate::query::*;
use crate::state::{AppState, View};

/// A download format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
    GeoJson,
    Text,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Csv, Format::Xlsx, Format::Json, Format::GeoJson, Format::Text];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::GeoJson => "geojson",
            Format::Text => "txt",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json",
            Format::GeoJson => "application/geo+json",
            Format::Text => "text/plain; charset=utf-8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Json => "JSON",
            Format::GeoJson => "GeoJSON",
            Format::Text => "Text",
        }
    }
}

/// A download link for a page: (format label, href).
pub fn links(params: &[(String, String)], has_shapes: bool) -> Vec<(&'static str, String)> {
    Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || has_shapes)
        .map(|f| (f.label(), href(&format!("/regions.{}", f.ext()), params)))
        .collect()
}

/// The regions a download's parameters select, in order: named ones (`r`), a topic's
/// (`works_on`), or a search's (the search parameters, its sort, no pages).
fn selection(view: &View, raw: &Option<String>) -> Result<Vec<usize>, WebError> {
    let params = pairs(raw);
    let named: Vec<&String> = params.iter().filter(|(k, _)| k == "r").map(|(_, v)| v).collect();
    if !named.is_empty() {
        let mut out = Vec::new();
        for code in named {
            if let Some(i) = crate::extract::parse_code(code).and_then(|c| view.snapshot.index_of(&c)) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        return if out.is_empty() { Err(WebError::NotFound) } else { Ok(out) };
    }
    if let Some((_, t)) = params.iter().find(|(k, _)| k == "works_on") {
        let topic = pmatlas_core::vocab::TopicId::from_id(t).ok_or_else(|| WebError::TopicNotFound(t.clone()))?;
        return Ok(view.matcher.working_on(topic).into_iter().map(|(i, _)| i).collect());
    }
    let q = query_of(view, &meaningful(view, params));
    Ok(view.index.search(&q).hits)
}

/// A `Write` that sends what is written to the response body in chunks; it fails once the
/// client has gone, which ends the writing.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

/// A response whose body `write` produces on a blocking thread as it is sent.
fn streamed(
    format: Format,
    name: &str,
    write: impl FnOnce(&mut ChannelWriter) -> std::io::Result<()> + Send + 'static,
) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter { tx: tx.clone(), buf: Vec::with_capacity(CHUNK) };
        let done = write(&mut w).and_then(|_| w.flush());
        if let Err(e) = done {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                tracing::error!("download {e}");
                let _ = tx.blocking_send(Err(e));
            }
        }
    });
    // A closed channel keeps answering "no more" (compression polls a stream once past its
    // end, which `stream::unfold` would not survive).
    let mut rx = rx;
    let stream = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.media_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{}\"", format.ext())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes a selection in a format (what the downloads and the whole-dataset sizes share).
pub fn write_selection(
    view: &View,
    shapes: &crate::svg::map::Shapes,
    indices: &[usize],
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let regions = view.snapshot.regions();
    let selected = indices.iter().map(|&i| &*regions[i]);
    match format {
        Format::Csv => pmatlas_store::export::write_regions_csv(selected, true, out).map_err(io_err),
        Format::Json => {
            out.write_all(b"{\"regions\":[")?;
            for (k, r) in selected.enumerate() {
                if k > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(pmatlas_core::json::to_json(&r.profile).trim_end().as_bytes())?;
            }
            out.write_all(b"]}\n")
        }
        Format::Text => {
            // One document after another, a form feed line between them (import reads them).
            for (k, r) in selected.enumerate() {
                if k > 0 {
                    out.write_all(b"\n\x0c\n")?;
                }
                out.write_all(pmatlas_core::render(&r.profile).trim_end().as_bytes())?;
            }
            out.write_all(b"\n")
        }
        Format::GeoJson => {
            let header = pmatlas_store::export::regions_header(false);
            out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
            for (k, r) in selected.enumerate() {
                if k > 0 {
                    out.write_all(b",\n")?;
                }
                let row = pmatlas_store::export::region_row(r, false);
                let props: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .zip(row)
                    .map(|(h, c)| {
                        let v = if c.is_empty() {
                            serde_json::Value::Null
                        } else if matches!(
                            h.as_str(),
                            "population" | "density" | "over65_share" | "nuts_level" | "version"
                        ) {
                            c.parse::<f64>()
                                .ok()
                                .and_then(serde_json::Number::from_f64)
                                .map_or(serde_json::Value::String(c), serde_json::Value::Number)
                        } else {
                            serde_json::Value::String(c)
                        };
                        (h.clone(), v)
                    })
                    .collect();
                let geometry = shapes.geometry(r.profile.code.as_str()).unwrap_or("null");
                write!(
                    out,
                    "{{\"type\":\"Feature\",\"id\":\"{}\",\"geometry\":{geometry},\"properties\":{}}}",
                    r.profile.code,
                    serde_json::Value::Object(props)
                )?;
            }
            out.write_all(b"]}\n")
        }
        Format::Xlsx => {
            // A zip needs to seek: built in constant memory in a temporary file, then copied.
            let mut file = tempfile_in_temp_dir()?;
            pmatlas_store::export::write_regions_xlsx(selected, &mut file).map_err(io_err)?;
            use std::io::Seek;
            file.seek(std::io::SeekFrom::Start(0))?;
            std::io::copy(&mut file, out)?;
            Ok(())
        }
    }
}

/// A temporary file, removed when closed (it is unlinked at once on Unix).
fn tempfile_in_temp_dir() -> std::io::Result<std::fs::File> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("pmatlas-{}-{nanos}.xlsx", std::process::id()));
    let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}

async fn download(s: AppState, raw: Option<String>, format: Format) -> Response {
    if format == Format::GeoJson && s.shapes.is_empty() {
        return (
            StatusCode::NOT_FOUND,
            "No boundary shapes are installed, so there is no GeoJSON: pmatlas shapes install.",
        )
            .into_response();
    }
    let view = s.view();
    let indices = match selection(&view, &raw) {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let shapes = s.shapes.clone();
    streamed(format, "pmatlas-regions", move |w| write_selection(&view, &shapes, &indices, format, w))
}

macro_rules! download_route {
    ($name:ident, $format:expr) => {
        async fn $name(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
            download(s, raw, $format).await
        }
    };
}
download_route!(csv, Format::Csv);
download_route!(xlsx, Format::Xlsx);
download_route!(json, Format::Json);
download_route!(geojson, Format::GeoJson);
download_route!(text, Format::Text);

/// How large each whole-dataset file is, worked out once per view (the files are written
/// to a counter, not kept).
fn sizes(view: &Arc<View>, shapes: &crate::svg::map::Shapes) -> Vec<(Format, u64)> {
    struct Count(u64);
    impl Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len() as u64;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let all: Vec<usize> = (0..view.snapshot.len()).collect();
    Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || !shapes.is_empty())
        .filter_map(|f| {
            let mut c = Count(0);
            write_selection(view, shapes, &all, f, &mut c).ok().map(|_| (f, c.0))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    title: String,
    regions: usize,
    as_of: String,
    files: Vec<(&'static str, String, String, &'static str)>,
    citation: String,
}

/// The citation line of the dataset.
fn citation(as_of: &str) -> String {
    format!(
        "pmatlas — personalised medicine in Europe's regions, data as of {as_of}. Profiles after the SAPHIRe Personalised Medicine Observatory; region codes: Eurostat, NUTS 2021."
    )
}

fn human_size(n: u64) -> String {
    match n {
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.0} KB", n as f64 / 1e3),
        n => format!("{n} bytes"),
    }
}

fn as_of(view: &View) -> String {
    view.snapshot.regions().iter().map(|r| r.version.created_at.as_str()).max().map(human_date).unwrap_or_default()
}

pub async fn data_page(State(s): State<AppState>) -> Result<Response, WebError> {
    let view = s.view();
    let shapes = s.shapes.clone();
    let v = view.clone();
    let sizes = match view.dataset_sizes.get() {
        Some(sizes) => sizes.clone(),
        None => {
            let computed = tokio::task::spawn_blocking(move || sizes(&v, &shapes))
                .await
                .map_err(|e| WebError::Internal(format!("sizes: {e}")))?;
            view.dataset_sizes.get_or_init(|| computed).clone()
        }
    };
    let as_of = as_of(&view);
    Ok(page(DataPage {
        title: "Open data".into(),
        regions: view.snapshot.len(),
        files: sizes
            .iter()
            .map(|(f, n)| {
                let what = match f {
                    Format::Csv => "one row per region; the last column is the whole profile as JSON (import reads it)",
                    Format::Xlsx => "the same table as a workbook, with a Readme sheet giving each column's meaning",
                    Format::Json => "every profile as canonical JSON (its JSON Schema: pmatlas schema)",
                    Format::GeoJson => "the regions' boundaries with the table's columns (© EuroGeographics for the administrative boundaries)",
                    Format::Text => "every profile in the observatory's text format, a form-feed line between them",
                };
                (f.label(), format!("/regions.{}", f.ext()), human_size(*n), what)
            })
            .collect(),
        citation: citation(&as_of),
        as_of,
    }))
}

/// What each column of the CSV and XLSX downloads holds (the CSV's readme).
async fn columns() -> Response {
    let mut out = Vec::new();
    let table = pmatlas_store::export::Table {
        name: "Columns",
        header: vec!["column".into(), "meaning".into()],
        rows: pmatlas_store::export::regions_header(true)
            .into_iter()
            .map(|c| {
                let label = pmatlas_store::export::column_label(&c);
                vec![c, label]
            })
            .collect(),
    };
    if pmatlas_store::export::write_csv(&table, &mut out).is_err() {
        return WebError::Internal("columns.csv".into()).into_response();
    }
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response()
}

/// The DCAT-AP description of the dataset and its distributions, as the EU's open data
/// portal harvests it (JSON-LD).
pub async fn catalog(State(s): State<AppState>) -> Response {
    let view = s.view();
    let base = super::feeds::base_url(&s).to_string();
    let modified =
        view.snapshot.regions().iter().map(|r| r.version.created_at.as_str()).max().unwrap_or("").to_string();
    let mut years: Vec<u16> =
        view.snapshot.regions().iter().filter_map(|r| r.profile.origin.edition.map(|e| e.year)).collect();
    years.sort_unstable();
    let licence = "https://ec.europa.eu/eurostat/about-us/policies/copyright";
    let distributions: Vec<serde_json::Value> = Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || !s.shapes.is_empty())
        .map(|f| {
            serde_json::json!({
                "@id": format!("{base}/regions.{}#distribution", f.ext()),
                "@type": "dcat:Distribution",
                "dct:title": format!("All profiles, {}", f.label()),
                "dcat:accessURL": {"@id": format!("{base}/data")},
                "dcat:downloadURL": {"@id": format!("{base}/regions.{}", f.ext())},
                "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{}", f.media_type().split(';').next().unwrap_or(""))},
                "dct:format": f.label(),
                "dct:license": {"@id": licence},
            })
        })
        .chain(std::iter::once(serde_json::json!({
            "@id": format!("{base}/api/openapi.json#distribution"),
            "@type": "dcat:Distribution",
            "dct:title": "JSON API (OpenAPI 3.1)",
            "dcat:accessURL": {"@id": format!("{base}/api/v1/regions")},
            "dct:conformsTo": {"@id": format!("{base}/api/openapi.json")},
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/json"},
            "dct:format": "JSON",
            "dct:license": {"@id": licence},
        })))
        .collect();
    let spatial: Vec<serde_json::Value> = {
        let mut countries: Vec<&str> = view.snapshot.regions().iter().map(|r| r.profile.code.country()).collect();
        countries.sort_unstable();
        countries.dedup();
        countries.iter().map(|c| serde_json::json!({"@id": format!("http://data.europa.eu/nuts/code/{c}")})).collect()
    };
    let doc = serde_json::json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "dct:modified": {"@type": "xsd:dateTime"},
            "dcat:startDate": {"@type": "xsd:gYear"},
            "dcat:endDate": {"@type": "xsd:gYear"}
        },
        "@id": format!("{base}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": "pmatlas",
        "dct:description": "The catalogue of a pmatlas site: the personalised-medicine profiles of European regions.",
        "dct:publisher": {"@id": format!("{base}/#publisher"), "@type": "foaf:Agent", "foaf:name": "pmatlas observatory"},
        "dct:license": {"@id": licence},
        "dcat:dataset": {
            "@id": format!("{base}/data#dataset"),
            "@type": "dcat:Dataset",
            "dct:title": "Personalised medicine in Europe's regions",
            "dct:description": citation(&as_of(&view)),
            "dct:identifier": format!("{base}/data"),
            "dct:publisher": {"@id": format!("{base}/#publisher")},
            "dct:license": {"@id": licence},
            "dct:modified": modified,
            "dcat:keyword": ["personalised medicine", "precision medicine", "regions", "NUTS", "health innovation"],
            "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/HEAL"},
            "dct:temporal": {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": years.first().map(|y| y.to_string()).unwrap_or_default(),
                "dcat:endDate": years.last().map(|y| y.to_string()).unwrap_or_default()
            },
            "dct:spatial": spatial,
            "dcat:landingPage": {"@id": format!("{base}/")},
            "dcat:distribution": distributions,
        }
    });
    ([(header::CONTENT_TYPE, "application/ld+json")], doc.to_string()).into_response()
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/regions.csv", get(csv))
        .route("/regions.xlsx", get(xlsx))
        .route("/regions.json", get(json))
        .route("/regions.geojson", get(geojson))
        .route("/regions.txt", get(text))
        .route("/data", get(data_page))
        .route("/data/columns.csv", get(columns))
        .route("/catalog.jsonld", get(catalog))
}
