//! `pmatlas match` as a user reads it.

mod common;
use common::{pmatlas, seed_path, temp_dir};

/// `match` lists the regions whose points are all bonuses after a line saying so: the
/// seed region answers nothing the asker seeks, and is in the country it names.
#[test]
fn match_says_where_the_bonuses_begin() {
    let dir = temp_dir("tiers");
    let db = dir.join("t.db");
    let doc = dir.join("ITH5.txt");
    let text = "Emilia-Romagna (ITH5)\n\nIs the region looking for international/European/interregional collaboration opportunities? Yes - xenotransplantation, with regions in Germany\n";
    std::fs::write(&doc, text).unwrap();
    let (code, out, err) = pmatlas(&db, &["import", "-q", &seed_path(), doc.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = pmatlas(&db, &["match", "ITH5"]);
    let line = "No region's evidence answers what it seeks. The regions whose points are all bonuses (they answer nothing Emilia-Romagna seeks):\n1. DEG Thuringia";
    assert!(out.contains(line), "{out}");
}
