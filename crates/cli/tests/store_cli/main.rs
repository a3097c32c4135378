//! import, export, history and backup, run as a user runs them.

use std::path::Path;
use std::process::Command;

#[path = "../common/mod.rs"]
mod common;
mod copies;

use common::{pmatlas, temp_dir};

fn seed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo/DEG-thuringia.txt")).unwrap()
}

fn versions(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM versions", [], |r| r.get(0)).unwrap()
}

#[test]
fn one_bad_file_imports_nothing_and_is_named_with_its_line() {
    let d = temp_dir("transactional");
    let docs = d.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("a-DEG.txt"), seed()).unwrap();
    std::fs::write(docs.join("b-bad.txt"), "\n\nnot a profile at all\n").unwrap();
    std::fs::write(docs.join("c-PT16.txt"), "PT16 - Centro\nPopulation per km2 - 80\n").unwrap();
    let db = d.join("p.db");
    let (code, out, _) = pmatlas(&db, &["import", docs.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{}:3: error: expected a header", docs.join("b-bad.txt").display())), "{out}");
    assert!(out.contains("nothing imported: 1 invalid file"), "{out}");
    assert!(!db.exists(), "a failed import leaves no database behind");

    let (code, out, _) = pmatlas(&db, &["import", "--skip-invalid", docs.to_str().unwrap()]);
    assert_eq!(code, 1, "rejected files still make a non-zero exit: {out}");
    assert!(out.contains("2 created, 0 updated, 0 unchanged regions; 2 new versions; 1 rejected file"), "{out}");
    assert_eq!(versions(&db), 2);
}

#[test]
fn documents_of_one_region_become_versions_oldest_first_and_reimport_changes_nothing() {
    let d = temp_dir("versions");
    let newer = seed()
        .replace("Regional Innovation Performance (2019) Strong", "Innovation Performance Group (2021) : Strong +");
    // Given newest first: the 2019 document must still become version 1.
    std::fs::write(d.join("1-DEG-2021.txt"), &newer).unwrap();
    std::fs::write(d.join("2-DEG-2019.txt"), seed()).unwrap();
    let db = d.join("p.db");
    let (code, out, _) = pmatlas(
        &db,
        &["import", d.join("1-DEG-2021.txt").to_str().unwrap(), d.join("2-DEG-2019.txt").to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 created, 0 updated, 0 unchanged regions; 2 new versions"), "{out}");
    let (code, out, _) = pmatlas(&db, &["match", "DEG"]);
    assert_eq!((code, out.trim()), (0, "No partner found for Thuringia: it is the only region in the database."));
    let (_, hist, _) = pmatlas(&db, &["history", "DEG"]);
    let lines: Vec<&str> = hist.lines().collect();
    assert_eq!(lines.len(), 2, "{hist}");
    assert!(lines[0].contains("v1") && lines[0].contains("2-DEG-2019.txt"), "{hist}");
    assert!(lines[1].starts_with("* DEG v2") && lines[1].contains("1-DEG-2021.txt"), "{hist}");
    let (_, diff, _) = pmatlas(&db, &["history", "DEG", "--diff", "1", "2"]);
    assert!(diff.contains("~ key_figures.innovation.edition: 2019 -> 2021"), "{diff}");
    assert!(
        diff.contains("~ key_figures.innovation.groups[0].group.modifier: null -> \"plus\"")
            || diff.contains("+ key_figures.innovation.groups[0].group.modifier: \"plus\""),
        "{diff}"
    );

    let (_, out, _) = pmatlas(&db, &["import", d.join("1-DEG-2021.txt").to_str().unwrap()]);
    assert!(out.contains("0 created, 0 updated, 1 unchanged region; 0 new versions"), "{out}");
    assert_eq!(versions(&db), 2);
}

#[test]
fn export_then_import_changes_nothing() {
    let d = temp_dir("roundtrip");
    let gen = d.join("gen");
    let db = d.join("p.db");
    let (c, _, _) = pmatlas(&db, &["generate", "--count", "60", "--seed", "9", "--out", gen.to_str().unwrap()]);
    assert_eq!(c, 0);
    let (c, out, _) = pmatlas(&db, &["import", "-q", gen.to_str().unwrap()]);
    assert_eq!(c, 0, "{out}");
    let json = d.join("all.json");
    let csv = d.join("all.csv");
    let text = d.join("text");
    let xlsx = d.join("all.xlsx");
    for (fmt, out) in [("json", &json), ("csv", &csv), ("text", &text), ("xlsx", &xlsx)] {
        let (c, _, err) = pmatlas(&db, &["export", "--format", fmt, "--out", out.to_str().unwrap()]);
        assert_eq!(c, 0, "{fmt}: {err}");
    }
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX is a zip package");
    // Importing any export into the same database changes nothing ...
    for path in [&json, &csv, &text] {
        let (c, out, _) = pmatlas(&db, &["import", "-q", path.to_str().unwrap()]);
        assert_eq!(c, 0, "{out}");
        assert!(
            out.contains("0 created, 0 updated, 60 unchanged regions; 0 new versions"),
            "{}: {out}",
            path.display()
        );
    }
    // ... and into a fresh one gives the same export.
    for path in [&json, &csv, &text] {
        let db2 = d.join(format!("fresh-{}.db", path.file_name().unwrap().to_string_lossy()));
        let (c, out, _) = pmatlas(&db2, &["import", "-q", path.to_str().unwrap()]);
        assert_eq!(c, 0, "{out}");
        let again = d.join("again.json");
        pmatlas(&db2, &["export", "--format", "json", "--out", again.to_str().unwrap()]);
        assert_eq!(
            std::fs::read_to_string(&again).unwrap(),
            std::fs::read_to_string(&json).unwrap(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn long_csv_and_backup() {
    let d = temp_dir("long");
    let db = d.join("p.db");
    std::fs::write(d.join("DEG.txt"), seed()).unwrap();
    pmatlas(&db, &["import", d.join("DEG.txt").to_str().unwrap()]);
    let long = d.join("long");
    let (c, _, err) = pmatlas(&db, &["export", "--format", "csv", "--long", "--out", long.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    let m = std::fs::read_to_string(long.join("memberships.csv")).unwrap();
    assert!(m.starts_with("code,network,network_short,answer,note\n"));
    assert!(m.contains("DEG,genome_1m,1+MG,country_level_member,\n"));
    let codes = std::fs::read_to_string(long.join("codes.csv")).unwrap();
    assert!(
        codes
            .contains("DEG,nace,C.20,Manufacture of chemicals and chemical products,Chemicals and chemical products\n"),
        "{codes}"
    );
    let ratings = std::fs::read_to_string(long.join("ratings.csv")).unwrap();
    assert!(ratings.contains("DEG,need_funding,Very high,5\n"));

    let backup = d.join("copy.db");
    let (c, out, _) = pmatlas(&db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(c, 0, "{out}");
    assert_eq!(versions(&backup), 1);
    let (c, _, err) = pmatlas(&db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(c, 2);
    assert!(err.contains("exists"), "{err}");
}

#[test]
fn killing_an_import_leaves_all_or_none_of_it() {
    let d = temp_dir("kill");
    let gen = d.join("gen");
    let first = d.join("first");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::write(first.join("DEG.txt"), seed()).unwrap();
    let (c, _, _) =
        pmatlas(&d.join("unused.db"), &["generate", "--count", "3000", "--seed", "5", "--out", gen.to_str().unwrap()]);
    assert_eq!(c, 0);
    // A SIGKILL at several points of a large import (reading, writing, committing).
    let mut outcomes = Vec::new();
    for delay_ms in [150u64, 400, 800, 1300, 1500, 1700, 2000, 3000] {
        let db = d.join(format!("k{delay_ms}.db"));
        pmatlas(&db, &["import", first.to_str().unwrap()]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
            .arg("--db")
            .arg(&db)
            .args(["import", "-q", gen.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        let n = versions(&db);
        assert!(
            n == 1 || n == 3001,
            "after a kill at {delay_ms} ms: {n} versions (neither none nor all of the import)"
        );
        outcomes.push((delay_ms, status.success(), n));
    }
    eprintln!("(delay ms, finished, versions): {outcomes:?}");
}

const BE2_EARLY: &str = "Flanders (BE2)

Flanders is the northern region of Belgium, with a strong life-sciences cluster.

Regional website

Flanders Innovation & Entrepreneurship

Policy documents

  1. Regional: Flemish Policy Plan on Personalised Medicine

Major initiatives

  1. Flanders.bio

If you would like to add your region to the Observatory please complete the survey here

Image attribution

NordNordWest, CC BY-SA 3.0 <>
";

const BE2_2019: &str = "BE2 - Vlaams Gewest / Flanders Region

Regional Innovation Performance (2019) Strong +

Total population (2019) 6,589,069

Population per km² (2017) 487

Proportion population older 65 year % 19,60%

Flanders is a strong innovator in the life sciences.

Membership status

Member ICPerMed? no

Member Euregha? yes

S3MedTech region? yes

European Regions Research & Innovation Network (ERRIN)? yes

Vanguard Initiative? yes

Policy documents

  1. Regional: Flemish Policy Plan on Personalised Medicine

Topics covered by policies : Prediction and prevention; Value based healthcare

NACE Personalised Medicine/Personalised Health related to Research and Innovation objectives: C.21 - Basic pharmaceutical products and pharmaceutical preparations

Major initiatives

  1. Flanders.bio

  2. VIB

Self evaluation

General perception of the implementation level of PM in the region - High

Rate of the need for increasing interregional collaboration in PM - Very High

Image attribution - NordNordWest, CC BY-SA 3.0 <>
";

const BE2_2021: &str = "top of page

BE2 - Vlaams Gewest / Flanders Region

Innovation Performance Group (2021) : Leader -

Total population (2019): 6,596,233

Population per km² (2019): 493

Proportion population older 65 year %: 20,20%

Flanders is a leading innovator in the life sciences and health data.

Is the region looking for international/European/interregional collaboration opportunities?

Yes - S3 partnerships

Policy documents

  1. Regional: Flemish Policy Plan on Personalised Medicine

  2. Regional: Flemish AI Plan

Major initiatives

  1. Flanders.bio

  2. VIB

  3. imec

Images attribution - NordNordWest, CC BY-SA 3.0 <>

bottom of page
";

/// `pmatlas users`: the first administrator from the command line, never a default
/// password; roles, regions, the last administrator kept, the audit log exported.
#[test]
fn users_are_managed_from_the_command_line() {
    let d = temp_dir("users");
    let db = d.join("p.db");
    let (code, out, err) = pmatlas(&db, &["users", "add", "alice", "--role", "admin"]);
    assert_eq!(code, 0, "{out}{err}");
    let password = out.lines().find_map(|l| l.strip_prefix("password (shown once, give it to them safely): ")).unwrap();
    assert_eq!(password.len(), 24, "a random password, shown once");
    let (code, out, _) =
        pmatlas(&db, &["users", "add", "bob", "--role", "editor", "--region", "DEG", "--region", "el30"]);
    assert_eq!(code, 0, "{out}");
    let (_, list, _) = pmatlas(&db, &["users", "list"]);
    assert!(list.contains("alice\tadmin\t-") && list.contains("bob\teditor\tDEG,EL30"), "{list}");
    let (code, _, err) = pmatlas(&db, &["users", "add", "carol", "--role", "owner"]);
    assert_ne!(code, 0, "{err}");
    let (code, _, err) = pmatlas(&db, &["users", "remove", "alice"]);
    assert_ne!(code, 0);
    assert!(err.contains("alice is the last administrator"), "{err}");
    assert_eq!(pmatlas(&db, &["users", "set-role", "bob", "curator"]).0, 0);
    assert_eq!(pmatlas(&db, &["users", "trust", "bob"]).0, 0);
    assert_eq!(pmatlas(&db, &["users", "assign", "bob", "EL30", "--remove"]).0, 0);
    let (_, list, _) = pmatlas(&db, &["users", "list"]);
    assert!(list.contains("bob\tcurator (trusted)\tDEG"), "{list}");
    let (code, out, _) = pmatlas(&db, &["users", "reset-password", "bob"]);
    assert_eq!(code, 0);
    assert!(out.contains("password (shown once"));
    assert_eq!(pmatlas(&db, &["users", "remove", "bob"]).0, 0);
    let (_, csv, _) = pmatlas(&db, &["users", "audit", "--csv"]);
    assert!(csv.starts_with("at,actor,action,region,detail\n"));
    for action in
        ["add user", "assign region", "set role", "trust user", "unassign region", "reset password", "remove user"]
    {
        assert!(csv.contains(&format!(",{action},")), "{action}: {csv}");
    }
}
