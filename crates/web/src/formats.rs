//! The download formats, and writing a selection of regions in one: what the downloads, the
//! whole-dataset page and the read view's cache of file sizes share. Knows no request.

use std::io::Write;
use std::sync::Arc;

use pmatlas_store::Region;

use crate::svg::map::Shapes;

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

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes a selection in a format (what the downloads and the whole-dataset sizes share).
pub fn write_selection(
    regions: &[Arc<Region>],
    shapes: &Shapes,
    indices: &[usize],
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
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

/// How large each whole-dataset file is, worked out once per view (the files are written
/// to a counter, not kept).
pub fn sizes(regions: &[Arc<Region>], shapes: &Shapes) -> Vec<(Format, u64)> {
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
    let all: Vec<usize> = (0..regions.len()).collect();
    Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || !shapes.is_empty())
        .filter_map(|f| {
            let mut c = Count(0);
            write_selection(regions, shapes, &all, f, &mut c).ok().map(|_| (f, c.0))
        })
        .collect()
}
