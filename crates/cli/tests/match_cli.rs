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

/// A short list ends with the regions working in the fields the asker works in, after a line
/// saying so and which fields: nothing answers Emilia-Romagna's ask, nor earns a bonus, and
/// Thuringia works in medical technology as it does.
#[test]
fn match_fills_a_short_list_by_the_askers_fields() {
    let dir = temp_dir("fill");
    let db = dir.join("t.db");
    let mut docs = vec![seed_path()];
    let asker = "Emilia-Romagna (ITH5)\n\nIs the region looking for international/European/interregional collaboration opportunities? Yes - xenotransplantation\n\nMajor initiatives\n  1. Biomedical district of Mirandola, a cluster of medical technology companies\n";
    // Regions with nothing of it: a field every region works in would single nobody out.
    let plain = |i: u8| format!("Other {i} (PT1{i})\n\nMajor initiatives\n  1. Tourism, wine and a long coastline\n");
    for (name, text) in
        [("ITH5".to_string(), asker.to_string())].into_iter().chain((1..=3).map(|i| (format!("PT1{i}"), plain(i))))
    {
        let path = dir.join(format!("{name}.txt"));
        std::fs::write(&path, text).unwrap();
        docs.push(path.to_str().unwrap().to_string());
    }
    let mut args = vec!["import", "-q"];
    args.extend(docs.iter().map(String::as_str));
    let (code, out, err) = pmatlas(&db, &args);
    assert_eq!(code, 0, "{out}{err}");
    let (_, out, _) = pmatlas(&db, &["match", "ITH5"]);
    let line = "No region's evidence answers what it seeks, and none earns a bonus. The regions working in the fields Emilia-Romagna works in (medical technology), their points for those alone:\n1. DEG Thuringia (score 0.5)\n   - Emilia-Romagna and Thuringia both work on medical technology: Emilia-Romagna names in its initiatives “Biomedical district of Mirandola, a cluster of medical technology companies” (strong evidence); Thuringia is represented in";
    assert!(out.contains(line), "{out}");
    // The others work in nothing of it: not listed.
    assert!(!out.contains("PT11") && !out.contains("\n2. "), "{out}");
}
