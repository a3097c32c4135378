//! Reading profile documents of any format the product writes or receives: an observatory
//! text document, canonical JSON (one profile or an array), or a CSV export (its
//! `profile_json` column), within the size limits. Used by `pmatlas import`/`validate` and,
//! later, the survey's upload.

use std::path::Path;

use pmatlas_core::{ParseError, Parsed};

/// Whether a file holds JSON (by its name, or by its first non-blank byte).
pub fn is_json(path: &Path, bytes: &[u8]) -> bool {
    path.extension().is_some_and(|x| x == "json")
        || bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'{' || *b == b'[')
}

/// The largest observatory text document read (real pages are 5–20 KB).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;
pub use pmatlas_core::limits::MAX_FIELD_CHARS;

/// The profiles in a file's bytes, within the size limits: a text document of at most
/// [`MAX_DOCUMENT_BYTES`], and no field longer than [`MAX_FIELD_CHARS`].
pub fn profiles_from_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Parsed>, ParseError> {
    let structured = path.extension().is_some_and(|x| x == "csv") || is_json(path, bytes);
    if !structured && bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: format!(
                "the document is {} bytes; an observatory document may be at most {MAX_DOCUMENT_BYTES}",
                bytes.len()
            ),
        });
    }
    let parsed = read_any(path, bytes)?;
    // No field can be over the limit in a document shorter than it.
    if bytes.len() > MAX_FIELD_CHARS {
        for p in &parsed {
            if let Some((field, chars)) = pmatlas_core::limits::field_over_limit(&p.profile) {
                return Err(ParseError {
                    line: 1,
                    column: 1,
                    message: pmatlas_core::limits::over_limit_message(p.profile.code.as_str(), &field, chars),
                });
            }
        }
    }
    Ok(parsed)
}

fn read_any(path: &Path, bytes: &[u8]) -> Result<Vec<Parsed>, ParseError> {
    let plain = |ps: Vec<pmatlas_core::Profile>| {
        ps.into_iter()
            .map(|profile| Parsed { profile, layout: pmatlas_core::Layout::Y2019, warnings: Vec::new() })
            .collect()
    };
    if path.extension().is_some_and(|x| x == "csv") {
        return read_csv(bytes).map(plain);
    }
    if is_json(path, bytes) {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return pmatlas_core::parse_bytes(bytes).map(|p| vec![p]),
        };
        return pmatlas_core::json::from_json(text).map(plain);
    }
    // Several documents in one file, each after a line holding only a form feed (the
    // text download of a selection writes them so): each is read, its lines numbered in
    // the file.
    let mut out = Vec::new();
    let mut offset = 0u32;
    for piece in split_documents(bytes) {
        let mut p = pmatlas_core::parse_bytes(piece).map_err(|mut e| {
            e.line += offset;
            e
        })?;
        for w in &mut p.warnings {
            w.line += offset;
        }
        offset += piece.iter().filter(|b| **b == b'\n').count() as u32 + 2;
        out.push(p);
    }
    Ok(out)
}

/// The documents of a text file: the parts between lines that hold only a form feed.
pub fn split_documents(bytes: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = bytes[i..].windows(3).position(|w| w == b"\n\x0c\n") {
        let at = i + k;
        parts.push(&bytes[start..at]);
        start = at + 3;
        i = start;
    }
    parts.push(&bytes[start..]);
    parts
}

/// A CSV export: its profile_json column holds each region's canonical JSON.
fn read_csv(bytes: &[u8]) -> Result<Vec<pmatlas_core::Profile>, ParseError> {
    let col_name = crate::export::PROFILE_JSON;
    let err = |line: u64, message: String| ParseError { line: line as u32, column: 1, message };
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().map_err(|e| err(1, format!("not a CSV file: {e}")))?.clone();
    let col = header.iter().position(|h| h == col_name).ok_or_else(|| {
        err(1, format!("no '{col_name}' column: import reads the CSV that `pmatlas export --format csv` writes"))
    })?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| err(e.position().map_or(1, |p| p.line()), format!("not a CSV file: {e}")))?;
        let line = rec.position().map_or(1, |p| p.line());
        let ps = pmatlas_core::json::from_json(rec.get(col).unwrap_or(""))
            .map_err(|e| err(line, format!("column {col_name}: {}", e.message)))?;
        out.extend(ps);
    }
    if out.is_empty() {
        return Err(err(1, "no rows".into()));
    }
    Ok(out)
}
