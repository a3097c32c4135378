//! Open data: any selection as a file (`/regions.csv`, `.xlsx`, `.json`, `.geojson`, `.txt`,
//! with the search's parameters, or `r=CODE` for named regions, or `works_on=TOPIC` for a
//! topic page's regions) and the whole-dataset page (`/data`); the formats themselves are
//! [`crate::formats`].
//!
//! Every file is written as it is sent (a blocking task writes into a channel the response
//! body reads), so memory does not grow with the selection; the XLSX workbook is built in
//! constant memory in a temporary file first (a zip needs to seek), then sent.

use std::io::Write;

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::formats::{sizes, write_selection, Format};
use crate::query::*;
use crate::shell::*;
use crate::state::{AppState, View};

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
        return Ok(view.working_on(topic).to_vec());
    }
    let q = query_of(&view.index, &meaningful(&view.index, params));
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
    streamed(format, "pmatlas-regions", move |w| write_selection(view.snapshot.regions(), &shapes, &indices, format, w))
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
pub(super) fn citation(as_of: &str) -> String {
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

pub(super) fn as_of(view: &View) -> String {
    view.snapshot.regions().iter().map(|r| r.version.created_at.as_str()).max().map(human_date).unwrap_or_default()
}

pub async fn data_page(State(s): State<AppState>) -> Result<Response, WebError> {
    let view = s.view();
    let shapes = s.shapes.clone();
    let v = view.clone();
    let sizes = match view.dataset_sizes.get() {
        Some(sizes) => sizes.clone(),
        None => {
            let computed = tokio::task::spawn_blocking(move || sizes(v.snapshot.regions(), &shapes))
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
                    Format::Json => "every profile as canonical JSON (its JSON Schema is the Profile of the API document, /api/openapi.json)",
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
}
