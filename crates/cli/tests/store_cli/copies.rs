//! Copies of a region's profile from several editions, partial copies, and the demo set
//! beside real profiles.

use super::*;

/// The 2021 copy cut part-way, in the middle of its initiatives.
fn be2_2021_partial() -> String {
    let cut = BE2_2021.find("  3. imec").unwrap();
    format!("{}  3. im", &BE2_2021[..cut])
}

#[test]
fn copies_of_three_editions_and_a_partial_one_give_history_in_true_order_and_fields_from_the_newest() {
    let d = temp_dir("editions");
    let docs = d.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // File names in the reverse of the editions' order, the partial copy first of all.
    std::fs::write(docs.join("a-BE2-2021-partial.txt"), be2_2021_partial()).unwrap();
    std::fs::write(docs.join("b-BE2-2021.txt"), BE2_2021).unwrap();
    std::fs::write(docs.join("c-BE2-2019.txt"), BE2_2019).unwrap();
    std::fs::write(docs.join("d-BE2-early.txt"), BE2_EARLY).unwrap();
    let db = d.join("p.db");
    let (code, out, err) = pmatlas(&db, &["import", docs.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    // The order used, and why.
    assert!(
        out.contains(
            "BE2: 4 copies stored oldest first: d-BE2-early.txt (early layout, no year stated), \
             c-BE2-2019.txt (2019 layout, states 2019), a-BE2-2021-partial.txt (2021 layout, states 2021), \
             b-BE2-2021.txt (2021 layout, states 2021); copies of one edition in the order given"
        ),
        "{out}"
    );
    assert!(err.contains("a-BE2-2021-partial.txt:31: warning: document ends part-way after '3. im'"), "{err}");
    // The partial copy came before the complete one of its edition: the complete one is
    // current; had it come after, it would be kept (tested below).
    let (_, hist, _) = pmatlas(&db, &["history", "BE2"]);
    let lines: Vec<&str> = hist.lines().collect();
    assert_eq!(lines.len(), 4, "{hist}");
    assert!(lines[0].contains("v1 undated early edition,") && lines[0].contains("d-BE2-early.txt"), "{hist}");
    assert!(lines[1].contains("v2 2019 edition,") && lines[1].contains("c-BE2-2019.txt"), "{hist}");
    assert!(
        lines[2].contains("v3 2021 edition,") && lines[2].contains("[incomplete copy: ends after '3. im'"),
        "{hist}"
    );
    assert!(lines[3].starts_with("* BE2 v4 2021 edition,") && lines[3].contains("b-BE2-2021.txt"), "{hist}");

    // Every field from the newest copy that states it, with that copy's edition.
    let (_, json, _) = pmatlas(&db, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = &v[0];
    assert_eq!(p["key_figures"]["innovation"]["edition"], 2021);
    assert_eq!(p["initiatives"].as_array().unwrap().len(), 3);
    assert_eq!(p["description"][0], "Flanders is a leading innovator in the life sciences and health data.");
    assert_eq!(p["collaboration"]["interests"], "S3 partnerships");
    let errin = p["memberships"].as_array().unwrap().iter().find(|m| m["network"] == "errin").unwrap();
    assert_eq!(errin["answer"], "yes", "the 2021 layout asks no membership questions: carried from 2019");
    assert_eq!(p["self_evaluation"]["implementation_level"], "high");
    assert_eq!(p["nace"][0]["code"], "C.21");
    assert_eq!(p["websites"][0], "Flanders Innovation & Entrepreneurship");
    assert_eq!(p["origin"]["edition"]["year"], 2021);
    let carried: Vec<(String, u64, String)> = p["origin"]["carried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let e = &c["edition"];
            (c["field"].as_str().unwrap().into(), e["year"].as_u64().unwrap(), e["layout"].as_str().unwrap().into())
        })
        .collect();
    let s = |f: &str, y: u64, l: &str| (f.to_string(), y, l.to_string());
    assert_eq!(
        carried,
        [
            s("websites", 2019, "early"),
            s("memberships", 2019, "y2019"),
            s("policy_topics", 2019, "y2019"),
            s("nace", 2019, "y2019"),
            s("self_evaluation", 2019, "y2019"),
        ]
    );
    // What each copy did, in words: the cut copy adds its items and leaves what it cannot
    // see (its last line, "3. im", is a fragment, no item); the whole copy of its edition
    // adds the third.
    assert!(
        out.contains(
            "BE2: 2021 edition copy (cut after item 2 of Major initiatives): in Policy documents, 1 item added; \
             in Major initiatives, the same, now dated by this copy; updates Innovation group, Population, \
             Density, Share over 65, Description, Collaboration (now from the 2021 edition) (version 3, from \
             a-BE2-2021-partial.txt)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "BE2: 2021 edition copy: in Major initiatives, 1 item added; updates Image attribution (now from the \
             2021 edition) (version 4, from b-BE2-2021.txt); the profile carries forward Website (undated early \
             edition), Memberships (2019 edition)"
        ),
        "{out}"
    );

    // The same copies again: nothing stored, and the summary says so per file.
    let (_, again, _) = pmatlas(&db, &["import", docs.to_str().unwrap()]);
    assert!(again.contains("b-BE2-2021.txt: same content as version 4, nothing stored"), "{again}");
    assert!(again.contains("a-BE2-2021-partial.txt: same content as version 3, nothing stored"), "{again}");
    assert!(again.contains("0 created, 0 updated, 1 unchanged region; 0 new versions"), "{again}");
}

#[test]
fn a_partial_copy_never_replaces_a_complete_one_of_its_edition_unless_asked() {
    let d = temp_dir("partial");
    let db = d.join("p.db");
    let full = d.join("DEG.txt");
    std::fs::write(&full, seed()).unwrap();
    let cut_at = seed().find("Topics covered by policies").unwrap();
    let partial = d.join("DEG-cut.txt");
    std::fs::write(&partial, format!("{}Topics cover", &seed()[..cut_at])).unwrap();
    assert_eq!(pmatlas(&db, &["import", full.to_str().unwrap()]).0, 0);
    let (code, out, err) = pmatlas(&db, &["import", partial.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("document ends part-way after 'Topics cover'"), "{err}");
    assert!(
        out.contains("DEG: 2019 edition copy (cut after item 2 of Policy documents) adds nothing new (kept as version 2, from DEG-cut.txt; the current profile is unchanged)"),
        "{out}"
    );
    let (_, hist, _) = pmatlas(&db, &["history", "DEG"]);
    assert!(out.contains("0 created, 0 updated, 1 unchanged region; 1 new version (1 kept unpublished)"), "{out}");
    assert!(hist.lines().next().unwrap().starts_with("* DEG v1"), "{hist}");
    assert!(hist.contains("v2 2019 edition,") && hist.contains("[kept, never published]"), "{hist}");
    let (_, json, _) = pmatlas(&db, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["self_evaluation"]["need_funding"], "very_high", "the current profile keeps what it had");
    // Asked to, the partial copy is published as read.
    let (_, out, _) = pmatlas(&db, &["import", "--replace", partial.to_str().unwrap()]);
    assert!(out.contains("1 updated"), "{out}");
    let (_, json, _) = pmatlas(&db, &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v[0]["self_evaluation"]["need_funding"].is_null());
    assert_eq!(v[0]["origin"]["incomplete"]["after"], "Topics cover");
}

/// `pmatlas demo` loads the synthetic set and the seed, changes nothing when run again,
/// and never replaces a profile that came from elsewhere.
#[test]
fn demo_loads_synthetic_profiles_and_leaves_real_ones_alone() {
    let d = temp_dir("demo");
    let db = d.join("p.db");
    std::fs::write(d.join("EL30.txt"), "EL30 - Attiki\nPopulation per km2 - 1000\n").unwrap();
    let (code, out, err) = pmatlas(&db, &["import", d.join("EL30.txt").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = pmatlas(&db, &["demo"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("39 synthetic demo profiles and the bundled Thuringia profile"), "{out}");
    assert!(out.contains("left alone, not from the demo: EL30 (import)"), "{out}");
    let (_, history, _) = pmatlas(&db, &["history", "EL30"]);
    assert!(!history.contains("pmatlas demo"), "the real EL30 is untouched: {history}");
    let (_, again, _) = pmatlas(&db, &["demo"]);
    assert!(again.contains("(0 new or changed)"), "{again}");
    let (_, csv, _) = pmatlas(&db, &["export", "--format", "csv"]);
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(rows, 41, "39 synthetic, Thuringia, EL30");
}
