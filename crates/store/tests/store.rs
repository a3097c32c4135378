//! Versions, diffs, idempotent writes, conflicts under concurrency, schema checks, backup.

use std::sync::{Arc, Barrier};

use pmatlas_core::{parse, Figure, NutsCode, Profile};
use pmatlas_store::{Outcome, Source, Store, StoreError, Write};

mod backends;

fn seed() -> Profile {
    parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
}

fn write(p: &Profile, based_on: Option<u32>) -> Write<'_> {
    Write::new(p, based_on, "tester", Source::Edit)
}

#[test]
fn versions_history_and_diff() {
    for db in backends::each_backend("versions_history_and") {
        let mut s = db.store();
        let v1 = seed();
        assert_eq!(s.write(&write(&v1, None)).unwrap().outcome, Outcome::Created(1));
        let mut v2 = v1.clone();
        v2.key_figures.population = Some(Figure { value: 2_120_237, year: Some(2020) });
        assert_eq!(s.write(&write(&v2, Some(1))).unwrap().outcome, Outcome::Updated(2));
        // The same content again: no new version.
        assert_eq!(s.write(&write(&v2, Some(2))).unwrap().outcome, Outcome::Unchanged(2));

        let code = v1.code;
        let h = s.history(&code).unwrap();
        assert_eq!(h.iter().map(|v| (v.number, v.based_on)).collect::<Vec<_>>(), [(1, None), (2, Some(1))]);
        assert_eq!(h[1].author, "tester");
        assert!(h[1].created_at.ends_with('Z'));
        assert_eq!(s.version(&code, 1).unwrap().1, v1, "the old version is still there, unchanged");
        assert_eq!(s.current(&code).unwrap().unwrap().1, v2);

        let d = s.diff(&code, 1, 2).unwrap();
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["key_figures.population.value", "key_figures.population.year"]);
        assert!(matches!(s.version(&code, 9), Err(StoreError::NotFound { version: Some(9), .. })));
        assert!(matches!(s.history(&NutsCode::parse("SE22").unwrap()), Err(StoreError::NotFound { .. })));
    }
}

#[test]
fn a_stale_write_is_refused_and_names_both_versions() {
    for db in backends::each_backend("a_stale_write_is_ref") {
        let mut s = db.store();
        let p = seed();
        s.write(&write(&p, None)).unwrap();
        let mut a = p.clone();
        a.name = pmatlas_core::Text::new("Thüringen").unwrap();
        s.write(&write(&a, Some(1))).unwrap();
        let mut b = p.clone();
        b.websites.clear();
        let e = s.write(&write(&b, Some(1))).unwrap_err();
        assert!(matches!(e, StoreError::Conflict { based_on: Some(1), current: Some(2), .. }), "{e}");
        assert_eq!(e.to_string(), "conflict on DEG: the change was based on version 1 but the current one is version 2; reload and apply the change again");
        // Creating a region that exists is a conflict too.
        assert!(matches!(
            s.write(&write(&p, None)),
            Err(StoreError::Conflict { based_on: None, current: Some(2), .. })
        ));
        assert_eq!(s.history(&p.code).unwrap().len(), 2);
    }
}

#[test]
fn concurrent_writers_land_or_are_refused_none_vanish() {
    for db in backends::each_backend("concurrent_writers_l") {
        let base = seed();
        db.store().write(&write(&base, None)).unwrap();
        let writers = 4;
        let attempts = 25;
        let barrier = Arc::new(Barrier::new(writers));
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let (at, base, barrier) = (db.at.clone(), base.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut s = Store::connect(&at).unwrap();
                    barrier.wait();
                    let mut landed = Vec::new();
                    let mut refused = 0;
                    for i in 0..attempts {
                        let based_on = s.current_version(&base.code).unwrap();
                        let mut p = base.clone();
                        // A unique population marks each attempt.
                        p.key_figures.population = Some(Figure { value: (w * 1000 + i) as u64, year: None });
                        std::thread::yield_now();
                        match s.write(&write(&p, based_on)).map(|w| w.outcome) {
                            Ok(Outcome::Updated(v)) => landed.push((v, p.key_figures.population.unwrap().value)),
                            Ok(o) => panic!("unexpected {o:?}"),
                            Err(StoreError::Conflict { .. }) => refused += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    (landed, refused)
                })
            })
            .collect();
        let mut landed = Vec::new();
        let mut refused = 0;
        for h in handles {
            let (l, r) = h.join().unwrap();
            landed.extend(l);
            refused += r;
        }
        assert_eq!(landed.len() + refused, writers * attempts, "every write either landed or was refused");
        let s = db.store();
        let history = s.history(&base.code).unwrap();
        assert_eq!(history.len(), 1 + landed.len(), "no landed write vanished, no extra version");
        for (v, population) in &landed {
            let (_, p) = s.version(&base.code, *v).unwrap();
            assert_eq!(
                p.key_figures.population.as_ref().unwrap().value,
                *population,
                "version {v} holds its own write"
            );
        }
        // Each version is based on the one before it: a chain, no lost update.
        for (i, v) in history.iter().enumerate().skip(1) {
            assert_eq!(v.based_on, Some(i as u32));
        }
        eprintln!("{} landed, {refused} refused", landed.len());
    }
}

#[test]
fn versions_cannot_be_changed_in_the_database() {
    for db in backends::each_backend("versions_cannot_be_c") {
        let mut s = db.store();
        s.write(&write(&seed(), None)).unwrap();
        let e = db.raw_exec("UPDATE versions SET author = 'mallory'").unwrap_err();
        assert!(e.contains("versions are immutable"), "{e}");
        assert!(db.raw_exec("DELETE FROM versions").unwrap_err().contains("immutable"));
        assert!(db.raw_exec("UPDATE audit SET actor = 'x'").unwrap_err().contains("append-only"));
        assert!(db.raw_exec("DELETE FROM audit").unwrap_err().contains("append-only"));
        if db.is_postgres() {
            assert!(db.raw_exec("TRUNCATE versions CASCADE").unwrap_err().contains("immutable"));
            assert!(db.raw_exec("TRUNCATE audit").unwrap_err().contains("append-only"));
        }
        assert_eq!(s.history(&seed().code).unwrap()[0].author, "tester");
    }
}

#[test]
fn refuses_a_database_from_a_newer_pmatlas() {
    for db in backends::each_backend("refuses_a_database_f") {
        db.store();
        let folder = if db.is_postgres() {
            db.raw_exec("UPDATE schema_version SET n = 99").unwrap();
            "/migrations/postgres"
        } else {
            db.raw_exec("PRAGMA user_version = 99").unwrap();
            "/migrations"
        };
        let e = Store::connect(&db.at).err().unwrap();
        let migrations = std::fs::read_dir(format!("{}{folder}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "sql"))
            .count() as i64;
        assert!(matches!(e, StoreError::NewerSchema { found: 99, supported } if supported == migrations), "{e:?}");
        assert!(e.to_string().contains("written by a newer pmatlas"));
    }
}

#[test]
fn batch_is_all_or_nothing_and_backup_copies() {
    for db in backends::each_backend("batch_is_all_or_noth") {
        let mut s = db.store();
        let a = seed();
        let mut b = a.clone();
        b.name = pmatlas_core::Text::new("Thüringen").unwrap();
        let out = s.write_batch(&[write(&a, None), write(&b, None), write(&b, None)], |_| {}).unwrap();
        let out: Vec<Outcome> = out.iter().map(|w| w.outcome).collect();
        assert_eq!(out, [Outcome::Created(1), Outcome::Updated(2), Outcome::Unchanged(2)]);
        assert_eq!(s.counts().unwrap(), (1, 2));

        let backups = pmatlas_store::testing::TempDir::new("store-backup");
        let backup = backups.join("backup.db");
        if db.is_postgres() {
            let e = s.backup(&backup).unwrap_err();
            assert!(e.to_string().contains("pg_dump"), "{e}");
            assert!(!backup.exists());
            continue;
        }
        s.backup(&backup).unwrap();
        let copy = Store::open(&backup).unwrap();
        assert_eq!(copy.integrity_check().unwrap(), "ok");
        assert_eq!(copy.history(&a.code).unwrap().len(), 2);
        let snap = copy.snapshot().unwrap();
        assert_eq!(snap.len(), 1);
        assert_eq!(snap.get(&a.code).unwrap().profile, b);
        assert_eq!(snap.get(&a.code).unwrap().version.number, 2);
    }
}

#[test]
fn shapes_install_replaces_and_reports() {
    for db in backends::each_backend("shapes_install_repla") {
        let mut s = db.store();
        assert!(s.shapes().unwrap().is_empty());
        assert_eq!(s.shapes_source().unwrap(), None);
        let shape = |id: &str| pmatlas_core::geo::Shape {
            nuts_id: id.into(),
            level: 1,
            name: id.into(),
            path: "M0 0 1 0 1 1Z".into(),
            bbox: (0, 0, 1, 1),
            geometry: None,
        };
        s.install_shapes(&[shape("DEG"), shape("DED")], "a.geojson").unwrap();
        s.install_shapes(&[shape("DEG")], "b.geojson").unwrap();
        assert_eq!(s.shapes().unwrap(), vec![shape("DEG")]);
        let (source, at, n) = s.shapes_source().unwrap().unwrap();
        assert_eq!((source.as_str(), n), ("b.geojson", 1));
        assert!(at.ends_with('Z'));
    }
}

/// No cell of a CSV export is run as a formula by a spreadsheet; the XLSX writes every text
/// cell as a string, never a formula.
#[test]
fn exports_are_safe_to_open_in_a_spreadsheet() {
    for db in backends::each_backend("exports_are_safe_to_") {
        let mut p = seed();
        p.description = vec![pmatlas_core::Text::new("=HYPERLINK(\"http://x\",\"y\")").unwrap()];
        p.initiatives[0].name = pmatlas_core::Text::new("@SUM(1+1)*cmd|' /C calc'!A0").unwrap();
        p.policy_documents[0].title = pmatlas_core::Text::new("+1-2").unwrap();
        let mut s = db.store();
        s.write(&write(&p, None)).unwrap();
        let snap = s.snapshot().unwrap();
        let mut tables = vec![pmatlas_store::export::regions_table(snap.regions(), true)];
        tables.extend(pmatlas_store::export::long_tables(snap.regions()));
        for t in &tables {
            let mut out = Vec::new();
            pmatlas_store::export::write_csv(t, &mut out).unwrap();
            let mut r = csv::Reader::from_reader(out.as_slice());
            for rec in r.records() {
                for cell in rec.unwrap().iter() {
                    assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{}: {cell:?}", t.name);
                }
            }
        }
        let mut out = Vec::new();
        pmatlas_store::export::write_csv(&tables[0], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")"), "{text}");
        // Import still reads the export: the JSON column is untouched.
        assert!(text.contains("{\"\"code\"\":\"\"DEG\"\""));

        let xlsx = pmatlas_store::export::xlsx(snap.regions()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut sheets = 0;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            if name.starts_with("xl/worksheets/") {
                sheets += 1;
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
                assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name}: a formula cell");
            }
        }
        assert!(sheets >= 2);
    }
}

/// A file of several text documents (a form-feed line between them, as the text download
/// writes) reads as each of them, an error named with its line in the file.
#[test]
fn a_text_file_of_several_documents_reads_as_each() {
    use pmatlas_store::documents::profiles_from_bytes;
    let seed = include_str!("../../../data/demo/DEG-thuringia.txt").trim_end();
    let other = "PT16 - Centro\nPopulation per km2 - 80";
    let two = format!("{seed}\n\x0c\n{other}\n");
    let read = profiles_from_bytes(std::path::Path::new("two.txt"), two.as_bytes()).unwrap();
    assert_eq!(read.iter().map(|p| p.profile.code.to_string()).collect::<Vec<_>>(), ["DEG", "PT16"]);
    let bad = format!("{seed}\n\x0c\nnot a profile at all\n");
    let e = profiles_from_bytes(std::path::Path::new("bad.txt"), bad.as_bytes()).unwrap_err();
    assert_eq!(e.line as usize, seed.lines().count() + 2, "{e:?}");
}

/// Accounts: passwords hashed with argon2id, sessions that expire and end with a new
/// password, the last administrator kept, every change in the audit log.
#[test]
fn accounts_sessions_and_their_audit() {
    use pmatlas_store::users::Role;
    for db in backends::each_backend("accounts_sessions_an") {
        let mut store = db.store();
        let pw = "a long enough password";
        assert!(store.add_user("t", "alice", Role::Admin, "short").is_err(), "a short password is refused");
        assert!(store.add_user("t", "no spaces please", Role::Admin, pw).is_err());
        store.add_user("t", "alice", Role::Admin, pw).unwrap();
        assert!(store.add_user("t", "alice", Role::Curator, pw).is_err(), "names are unique");
        let hash: String = db.raw_text("SELECT password_hash FROM users");
        assert!(hash.starts_with("$argon2id$") && !hash.contains(pw));
        assert!(store.remove_user("t", "alice").is_err(), "the last administrator stays");
        assert!(store.set_role("t", "alice", Role::Editor).is_err());
        let (token, s) = store.login("alice", pw, "192.0.2.1").unwrap();
        assert_eq!(s.user.name, "alice");
        assert!(store.session(&token).unwrap().is_some());
        let stored: String = db.raw_text("SELECT token_hash FROM sessions");
        assert_ne!(stored, token, "only the token's hash is stored");
        // An expired session is none.
        db.raw_exec("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").unwrap();
        assert!(store.session(&token).unwrap().is_none());
        // A new password ends every session.
        let (token, _) = store.login("alice", pw, "192.0.2.1").unwrap();
        store.reset_password("t", "alice", "another long password").unwrap();
        assert!(store.session(&token).unwrap().is_none());
        assert!(store.login("alice", pw, "192.0.2.1").is_err());
        // Failures from one address lock that address for every account.
        store.add_user("t", "bob", Role::Editor, pw).unwrap();
        for _ in 0..5 {
            assert!(matches!(store.login("bob", "wrong password!", "198.51.100.7"), Err(StoreError::Auth(_))));
        }
        assert!(matches!(
            store.login("alice", "another long password", "198.51.100.7"),
            Err(StoreError::Throttled(15))
        ));
        assert!(store.login("alice", "another long password", "192.0.2.1").is_ok(), "another address is not");
        let log = store.audit_log(100).unwrap();
        for action in ["add user", "login", "login failed", "login throttled", "reset password"] {
            assert!(log.iter().any(|r| r.2 == action), "{action} is audited");
        }
    }
}

/// Submissions: approved ones become versions recording who and where from; one made on an
/// older version is merged with what changed since; two that change the same field: the
/// second is a conflict naming both versions, and nothing is lost.
#[test]
fn submissions_are_approved_merged_or_refused_in_conflict() {
    for db in backends::each_backend("submissions_are_appr") {
        let mut store = db.store();
        let seed = pmatlas_core::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        store.write(&Write::new(&seed, None, "import", pmatlas_store::Source::Import)).unwrap();
        // Two submissions on version 1: one changes the websites, one the population, one the websites too.
        let mut a = seed.clone();
        a.websites = vec![pmatlas_core::Text::new("https://a.example").unwrap()];
        let mut b = seed.clone();
        b.key_figures.population.as_mut().unwrap().value = 1_000;
        let mut c = seed.clone();
        c.websites = vec![pmatlas_core::Text::new("https://c.example").unwrap()];
        let (ia, token) = store.submit(&a, Some(1), "bob", None, Some("new site")).unwrap();
        let (ib, _) = store.submit(&b, Some(1), "visitor", Some("someone@example.org"), None).unwrap();
        let (ic, _) = store.submit(&c, Some(1), "carol", None, None).unwrap();
        assert_eq!(store.pending().unwrap().0.len(), 3);
        assert_eq!(store.submission_by_token(&token).unwrap().unwrap().id, ia);
        assert_eq!(store.approve(ia, "curator1", Some("fine"), None).unwrap(), 2);
        // b was made on version 1 too: merged, the websites of version 2 kept.
        assert_eq!(store.approve(ib, "curator2", None, None).unwrap(), 3);
        let (info, now) = store.current(&seed.code).unwrap().unwrap();
        assert_eq!(now.key_figures.population.as_ref().unwrap().value, 1_000);
        assert_eq!(now.websites, a.websites, "the other approved change is not discarded");
        assert_eq!(info.author, "visitor");
        assert!(info
            .comment
            .as_deref()
            .unwrap()
            .starts_with(&format!("submission {ib} by visitor, approved by curator2")));
        // c changes the websites too: a conflict naming both versions; nothing written.
        let e = store.approve(ic, "curator1", None, None).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("made on version 1") && msg.contains("version 3 (current now) changed Website"), "{msg}");
        assert_eq!(store.current_version(&seed.code).unwrap(), Some(3));
        assert_eq!(store.submission(ic).unwrap().unwrap().status, pmatlas_store::submissions::Status::Pending);
        store.reject(ic, "curator1", "the site is a's").unwrap();
        let s = store.submission(ic).unwrap().unwrap();
        assert_eq!((s.status.as_str(), s.reason.as_deref()), ("rejected", Some("the site is a's")));
        assert!(store.reject(ic, "curator1", "again").is_err());
        assert!(store.approve(ia, "curator1", None, None).is_err(), "approved once");
        let log = store.audit_log(100).unwrap();
        assert!(
            log.iter().any(|r| r.2 == "approve")
                && log.iter().any(|r| r.2 == "reject")
                && log.iter().any(|r| r.2 == "submit")
        );
    }
}
