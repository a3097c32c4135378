//! The `pmatlas` binary, run as a user runs it.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::temp_dir;

fn pmatlas(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pmatlas")).args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn repo(p: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(p).to_string_lossy().into_owned()
}

#[test]
fn validate_the_seed_and_the_fixtures() {
    let (code, out, _) = pmatlas(&["validate", &repo("data/demo/DEG-thuringia.txt")]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.trim(), "checked 1 file: 1 profile, 0 errors, 0 warnings");

    let (code, out, _) = pmatlas(&["validate", &repo("crates/core/tests/fixtures")]);
    assert_eq!(code, 0, "warnings do not fail validation: {out}");
    assert!(
        out.contains("fi1d-2019.txt:1: warning: code: misprinted NUTS code 'Fl1D' read as FI1D (column 1)"),
        "{out}"
    );
    assert!(out.lines().last().unwrap().starts_with("checked 17 files: 17 profiles, 0 errors, "), "{out}");
}

#[test]
fn validate_reports_errors_with_file_and_line_and_exits_1() {
    let d = temp_dir("validate");
    std::fs::write(d.join("good.txt"), "DEG - Thuringia\nTotal population (2019) 2,143,145\n").unwrap();
    std::fs::write(d.join("letter.txt"), "\nDear colleagues,\n").unwrap();
    std::fs::write(d.join("junk.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(d.join("broken.json"), "{\"code\": \"DEG\",\n \"name\": 5}").unwrap();
    let (code, out, _) = pmatlas(&["validate", d.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let dir = d.display();
    assert!(out.contains(&format!("{dir}/letter.txt:2: error: expected a header")), "{out}");
    assert!(out.contains(&format!("{dir}/junk.txt:1: error:")), "{out}");
    assert!(out.contains(&format!("{dir}/broken.json:2: error: not a pmatlas profile in JSON")), "{out}");
    // good.txt stops before any end of page: a warning with the line where it stops.
    assert!(
        out.contains(&format!(
            "{dir}/good.txt:2: warning: document ends part-way after 'Total population (2019) 2,143,145' (column 1)"
        )),
        "{out}"
    );
    assert!(out.ends_with("checked 4 files: 1 profile, 3 errors, 1 warning\n"), "{out}");
}

#[test]
fn convert_between_text_and_json() {
    let d = temp_dir("convert");
    let (code, json, err) = pmatlas(&["convert", &repo("data/demo/DEG-thuringia.txt"), "--to", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["code"], "DEG");
    assert_eq!(v["key_figures"]["population"]["value"], 2_143_145);
    let file = d.join("DEG.json");
    std::fs::write(&file, &json).unwrap();
    let (code, text, err) = pmatlas(&["convert", file.to_str().unwrap(), "--to", "text"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("DEG - Thuringia\n"));
    assert!(
        text.contains("Rate of the need for increasing support/funding for PM activities in the region - Very high\n")
    );
    // And back: the same JSON.
    let tfile = d.join("DEG.txt");
    std::fs::write(&tfile, &text).unwrap();
    let (_, json2, _) = pmatlas(&["convert", tfile.to_str().unwrap(), "--to", "json"]);
    assert_eq!(json, json2);
}

#[test]
fn convert_a_missing_file_says_which() {
    let (code, _, err) = pmatlas(&["convert", "/nonexistent/x.txt", "--to", "json"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("pmatlas: error: /nonexistent/x.txt: "), "{err}");
}

#[test]
fn generated_documents_validate() {
    let d = temp_dir("generate");
    let (code, out, _) = pmatlas(&["generate", "--count", "50", "--seed", "3", "--out", d.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("wrote 50 profiles"));
    let (code, out, _) = pmatlas(&["validate", "--quiet", d.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("checked 50 files: 50 profiles, 0 errors"), "{out}");
}
