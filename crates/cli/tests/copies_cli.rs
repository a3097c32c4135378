//! Nothing lost between copies and round trips, as a user imports them: a cut 2021 copy adds
//! to the complete 2019 answers; two crawls of one edition merge the same in either order;
//! every distinct copy is a version; the database's own exports import back as "unchanged".

use std::path::Path;

mod common;
use common::{pmatlas, seed_path, temp_dir};

fn seed() -> String {
    std::fs::read_to_string(seed_path()).unwrap()
}

fn export_json(db: &Path) -> serde_json::Value {
    let (code, json, err) = pmatlas(db, &["export", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&json).unwrap()
}

fn versions(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM versions", [], |r| r.get(0)).unwrap()
}

/// Thuringia's 2021 page, cut part-way through its list of networks (two items seen).
const DEG_2021_CUT: &str = "DEG - Thuringia

Innovation Performance Group (2021) : Strong +

Population per km² (2019) 131

Thuringia is a state in central Germany.

Membership status

  • ICPerMed

  • Council of European BioRegions (CEBR)
";

#[test]
fn a_cut_copy_adds_its_answers_to_the_complete_ones_in_either_order() {
    let d = temp_dir("cut-memberships");
    std::fs::write(d.join("DEG-2019.txt"), seed()).unwrap();
    std::fs::write(d.join("DEG-2021-cut.txt"), DEG_2021_CUT).unwrap();
    let mut results = Vec::new();
    for (i, order) in [["DEG-2019.txt", "DEG-2021-cut.txt"], ["DEG-2021-cut.txt", "DEG-2019.txt"]].iter().enumerate() {
        let db = d.join(format!("p{i}.db"));
        for f in order {
            // One file at a time, so that the order is the order they arrive in.
            let (code, out, err) = pmatlas(&db, &["import", d.join(f).to_str().unwrap()]);
            assert_eq!(code, 0, "{out}{err}");
            if *f == "DEG-2021-cut.txt" && i == 0 {
                assert!(
                    out.contains("DEG: 2021 edition copy (cut after item 2 of Memberships): in Memberships, 2 answers changed, 19 kept from the 2019 edition; updates Innovation group, Density, Description (now from the 2021 edition) (version 2, from DEG-2021-cut.txt)"),
                    "{out}"
                );
            }
        }
        results.push(export_json(&db)[0].clone());
    }
    assert_eq!(results[0], results[1], "the order of arrival changed the profile");
    let p = &results[0];
    let answers = p["memberships"].as_array().unwrap();
    let seed_answers = pmatlas_core::parse(&seed()).unwrap().profile.memberships.len();
    assert_eq!(answers.len(), seed_answers, "the 2019 answers stay beside the two of 2021: {answers:?}");
    let answer = |n: &str| answers.iter().find(|m| m["network"] == n).map(|m| m["answer"].clone());
    assert_eq!(answer("icpermed"), Some("yes".into()), "the 2021 copy's answer is the newer one");
    assert_eq!(answer("cebr"), Some("yes".into()), "2019 said no, 2021 lists it");
    assert_eq!(answer("erapermed"), Some("no".into()), "kept from 2019");
    // Where each answer comes from is said.
    let items = p["origin"]["items"].as_array().unwrap();
    assert_eq!(items.len(), seed_answers - 2, "every answer the 2021 copy does not give is dated 2019: {items:?}");
    assert!(items.iter().all(|i| i["field"] == "memberships" && i["edition"]["year"] == 2019));
    // The description the cut copy does not finish stays whole.
    assert_eq!(p["description"][0], "Thuringia is a state in central Germany.", "stated whole before the cut");
    assert_eq!(p["key_figures"]["innovation"]["edition"], 2021);
}

/// The same 2021 page crawled twice: one copy cut after its third initiative (the third cut
/// mid-word), the other whole; the cut crawl names one network the other does not.
fn crawls() -> (String, String) {
    let mut whole = String::from(
        "FRF - Grand Est\n\nRegional Innovation Performance (2021): Moderate +\n\nPopulation per km² (2019): 97\n\n\
         Grand Est is a region in eastern France.\n\nMembership status\n\n  • ERRIN\n\nMajor initiatives\n\n",
    );
    for i in 1..=10 {
        whole.push_str(&format!("  {i}. Initiative number {i} in the treatment of cancer\n\n"));
    }
    let cut_at = whole.find("  3. Initiative number 3 in the treatmen").unwrap()
        + "  3. Initiative number 3 in the treatmen".len();
    let cut = whole[..cut_at].replace("  • ERRIN\n", "  • ERRIN\n\n  • Council of European BioRegions (CEBR)\n");
    whole.push_str("Images attribution - CC BY-SA 3.0\n\nbottom of page\n");
    (whole, cut)
}

#[test]
fn two_crawls_of_one_edition_merge_the_same_in_either_order_and_both_are_versions() {
    let d = temp_dir("crawls");
    let (whole, cut) = crawls();
    std::fs::write(d.join("whole.txt"), &whole).unwrap();
    std::fs::write(d.join("cut.txt"), &cut).unwrap();
    let mut results = Vec::new();
    for (i, order) in [["whole.txt", "cut.txt"], ["cut.txt", "whole.txt"]].iter().enumerate() {
        let db = d.join(format!("p{i}.db"));
        for f in order {
            let (code, out, err) = pmatlas(&db, &["import", d.join(f).to_str().unwrap()]);
            assert_eq!(code, 0, "{out}{err}");
        }
        assert_eq!(versions(&db), 2, "each distinct copy is a version, even one that adds little");
        results.push(export_json(&db)[0].clone());
    }
    assert_eq!(results[0], results[1], "the order of the crawls changed the profile");
    let p = &results[0];
    let names: Vec<&str> = p["initiatives"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert_eq!(names[2], "Initiative number 3 in the treatment of cancer", "the cut item never replaces the whole one");
    let networks: Vec<&str> =
        p["memberships"].as_array().unwrap().iter().map(|m| m["network"].as_str().unwrap()).collect();
    assert!(networks.contains(&"cebr") && networks.contains(&"errin"), "{networks:?}");

    // A crawl that adds nothing new (a shorter copy of the whole page) is still a version.
    let db = d.join("p-short.db");
    let short = &whole[..whole.find("  5. ").unwrap()];
    std::fs::write(d.join("short.txt"), short).unwrap();
    pmatlas(&db, &["import", d.join("whole.txt").to_str().unwrap()]);
    let (_, out, _) = pmatlas(&db, &["import", d.join("short.txt").to_str().unwrap()]);
    assert!(out.contains("adds nothing new (kept as version 2, from short.txt"), "{out}");
    assert_eq!(versions(&db), 2);
}

/// The database's own exports, imported back into it, change nothing, whatever the format.
fn exports_reimport_unchanged(docs: &[&Path], what: &str) {
    let d = temp_dir(&format!("reimport-{what}"));
    let db = d.join("p.db");
    let mut args = vec!["import"];
    args.extend(docs.iter().map(|p| p.to_str().unwrap()));
    let (code, out, err) = pmatlas(&db, &args);
    assert_eq!(code, 0, "{out}{err}");
    let before = versions(&db);
    let regions = export_json(&db).as_array().unwrap().len();
    for format in ["json", "text", "csv"] {
        let file = d.join(if format == "text" { "export-text".to_string() } else { format!("export.{format}") });
        let (code, _, err) = pmatlas(&db, &["export", "--format", format, "--out", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = pmatlas(&db, &["import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{format}: {out}{err}");
        assert!(
            out.contains(&format!("0 created, 0 updated, {regions} unchanged region")),
            "{what}, {format}: the export did not import back unchanged: {out}"
        );
        assert_eq!(versions(&db), before, "{what}, {format}: no new version");
    }
}

#[test]
fn exports_of_merged_copies_import_back_unchanged() {
    let d = temp_dir("roundtrip-fixtures");
    let (whole, cut) = crawls();
    for (name, text) in [
        ("DEG-2019.txt", seed()),
        ("DEG-2021-cut.txt", DEG_2021_CUT.to_string()),
        ("whole.txt", whole),
        ("cut.txt", cut),
    ] {
        std::fs::write(d.join(name), text).unwrap();
    }
    let paths: Vec<_> =
        ["DEG-2019.txt", "DEG-2021-cut.txt", "whole.txt", "cut.txt"].iter().map(|n| d.join(n)).collect();
    exports_reimport_unchanged(&paths.iter().map(|p| p.as_path()).collect::<Vec<_>>(), "fixtures");
}

#[test]
fn exports_of_the_shared_corpus_import_back_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "the shared corpus is missing at {}", dir.display());
        eprintln!("SKIPPED: the shared corpus is not at {}", dir.display());
        return;
    }
    exports_reimport_unchanged(&[&dir], "corpus");
}
