//! Running the `pmatlas` binary as a user does, for the command-line tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// `pmatlas --db DB ARGS…`: exit status, standard output, standard error.
pub fn pmatlas(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_pmatlas")).arg("--db").arg(db).args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh, empty folder for one test.
pub fn temp_dir(name: &str) -> pmatlas_store::testing::TempDir {
    pmatlas_store::testing::TempDir::new(&format!("cli-{name}"))
}

/// The demo document's path.
pub fn seed_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo/DEG-thuringia.txt").to_string()
}
