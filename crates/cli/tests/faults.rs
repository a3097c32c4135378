//! The command line under faults and abuse: a mistyped or read-only database, a closed or
//! full output, concurrent imports, corrupt rows, oversized documents.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::{pmatlas, seed_path, temp_dir};

/// A database holding the seed and `n` generated profiles.
fn filled_db(name: &str, n: usize) -> (pmatlas_store::testing::TempDir, PathBuf) {
    let d = temp_dir(name);
    let db = d.join("p.db");
    if n > 0 {
        let gen = d.join("gen");
        let (c, _, e) = pmatlas(&db, &["generate", "--count", &n.to_string(), "--out", gen.to_str().unwrap()]);
        assert_eq!(c, 0, "{e}");
        assert_eq!(pmatlas(&db, &["import", "-q", gen.to_str().unwrap()]).0, 0);
    }
    assert_eq!(pmatlas(&db, &["import", "-q", &seed_path()]).0, 0);
    (d, db)
}

#[test]
fn commands_that_read_refuse_a_database_that_does_not_exist() {
    let d = temp_dir("typo");
    let typo = d.join("typo.db");
    for args in [
        &["export", "--format", "json"][..],
        &["history", "DEG"],
        &["match", "DEG"],
        &["shapes", "status"],
        &["backup", d.join("copy.db").to_str().unwrap()],
        // A database named on purpose is never made by a mistyped name.
        &["serve", "--addr", "127.0.0.1:0"],
        &["users", "trust", "bob"],
        &["users", "list"],
    ] {
        let (code, out, err) = pmatlas(&typo, args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(
            err.contains(&format!(
                "no database at {} (create one with pmatlas import, or serve --create)",
                typo.display()
            )),
            "{err}"
        );
        assert!(!typo.exists(), "{args:?} created a database");
    }
    assert!(!d.join("copy.db").exists());
    // A command that makes its database and fails leaves none behind.
    std::fs::write(d.join("bad.txt"), "not a profile\n").unwrap();
    let (code, _, _) = pmatlas(&typo, &["import", d.join("bad.txt").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!typo.exists(), "a failed import left a database");
}

#[test]
fn a_database_in_a_read_only_folder_still_reads() {
    let (d, db) = filled_db("readonly", 0);
    let ro = d.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    let db_ro = ro.join("p.db");
    std::fs::copy(&db, &db_ro).unwrap();
    // Readable by anyone, writable by no one but root: the commands run as `nobody` when
    // the test runs as root, for whom permissions do not apply.
    let status = Command::new("chmod").args(["-R", "a+rX,a-w"]).arg(&*d).status().unwrap();
    assert!(status.success());
    let as_user = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pmatlas"));
        cmd.arg("--db").arg(&db_ro).args(args);
        let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if root {
            use std::os::unix::process::CommandExt;
            cmd.uid(65534).gid(65534);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = as_user(&["export", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"code\": \"DEG\""));
    let (code, out, err) = as_user(&["history", "DEG"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("DEG v1"));
    // A write says clearly that it cannot.
    let (code, _, err) = as_user(&["import", &seed_path()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("the database cannot be written here (a read-only file or folder)"), "{err}");
    let _ = Command::new("chmod").args(["-R", "u+w"]).arg(&*d).status();
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_an_error() {
    let (_dir, db) = filled_db("pipe", 30);
    // `pmatlas export --format json | head -c 10`
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut ten = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut ten).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // `> /dev/full`
    if Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
            .arg("--db")
            .arg(&db)
            .args(["export", "--format", "json"])
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("standard output") && err.contains("No space left"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn two_imports_at_once_report_what_each_did() {
    let d = temp_dir("concurrent");
    let db = d.join("p.db");
    let gen = d.join("gen");
    assert_eq!(pmatlas(&db, &["generate", "--count", "300", "--out", gen.to_str().unwrap()]).0, 0);
    assert_eq!(pmatlas(&db, &["import", "-q", &seed_path()]).0, 0);
    let run = || {
        let (db, gen) = (db.clone(), gen.clone());
        std::thread::spawn(move || pmatlas(&db, &["import", "-q", gen.to_str().unwrap()]))
    };
    let (a, b) = (run(), run());
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    assert_eq!((a.0, b.0), (0, 0), "{a:?} {b:?}");
    // One import created every region (the generated set has a DEG too, which it updated);
    // the other found them all there, nothing to store.
    let outs = [a.1, b.1];
    assert!(
        outs.iter().any(|o| o.contains("299 created, 1 updated, 0 unchanged regions; 300 new versions")),
        "{outs:?}"
    );
    assert!(outs.iter().any(|o| o.contains("0 created, 0 updated, 300 unchanged regions; 0 new versions")), "{outs:?}");
}

/// Drops the immutability triggers and breaks a stored version, as a hand edit or a disk
/// fault might.
fn corrupt(db: &Path, code: &str, number: u32) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("DROP TRIGGER versions_immutable_update;").unwrap();
    conn.execute(
        "UPDATE versions SET profile_json = '{\"code\": 5' WHERE code = ?1 AND number = ?2",
        rusqlite::params![code, number],
    )
    .unwrap();
}

#[test]
fn a_corrupt_current_version_leaves_out_one_region_not_the_export() {
    let (_dir, db) = filled_db("corrupt", 5);
    corrupt(&db, "DEG", 1);
    let (code, out, err) = pmatlas(&db, &["export", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("left out of the export: DEG version 1 does not read"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5, "the other regions are exported");
}

#[test]
fn oversized_documents_and_fields_are_refused_naming_file_and_field() {
    let d = temp_dir("sizes");
    let db = d.join("p.db");
    let big = d.join("big.txt");
    let mut doc = std::fs::read_to_string(seed_path()).unwrap();
    doc.push_str(&"x".repeat(2 << 20));
    std::fs::write(&big, &doc).unwrap();
    let (code, out, _) = pmatlas(&db, &["import", big.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{}:1: error: the document is", big.display())), "{out}");
    assert!(out.contains("may be at most 1048576"), "{out}");
    let long = d.join("long.txt");
    let seed = std::fs::read_to_string(seed_path()).unwrap();
    let para = format!("The Free State of Thuringia {}", "is large ".repeat(3000));
    std::fs::write(&long, seed.replacen("The Free State of Thuringia", &para, 1)).unwrap();
    let (code, out, _) = pmatlas(&db, &["import", long.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("DEG: field description[0] is 27"), "{out}");
    assert!(out.contains("a field may hold at most 20000"), "{out}");
    assert!(out.contains("nothing imported"), "{out}");
}
