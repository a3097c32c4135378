//! Finding and reading profile files: observatory text documents and canonical JSON.

use std::path::{Path, PathBuf};

use pmatlas_core::{ParseError, Parsed};

pub use pmatlas_store::documents::is_json;

use crate::error::CliError;

/// Files named on the command line, and the .txt/.json files under named folders (sorted).
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| CliError::io(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| CliError::io(dir, e))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, out)?;
        } else if matches!(e.extension().and_then(|x| x.to_str()), Some("txt" | "json" | "csv")) {
            out.push(e);
        }
    }
    Ok(())
}

/// Reads the profiles of one file: a text document, or JSON (one profile or an array).
/// The outer error is I/O; the inner one is the document's.
pub fn read_profiles(path: &Path) -> Result<Result<Vec<Parsed>, ParseError>, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    Ok(pmatlas_store::documents::profiles_from_bytes(path, &bytes))
}
