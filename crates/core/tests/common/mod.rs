//! The shared corpus for the tests that read it.
#![allow(dead_code)]

pub mod regions;

use std::path::PathBuf;

/// `../shared/corpus` (or `$PMATLAS_CORPUS`); `None`, said out loud, when it is not there.
/// CI runs beside the corpus, so there a skip is a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PMATLAS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the shared corpus is missing at {}: CI runs beside it, so a skipped test is a failure",
        dir.display()
    );
    eprintln!("SKIPPED: the shared corpus is not at {}", dir.display());
    None
}
