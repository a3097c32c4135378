//! Import of 10,000 generated documents into a fresh database, and CSV / XLSX export.
//!
//! `cargo bench -p pmatlas-store --bench import [-- COUNT]`. The documents are the canonical
//! text of `synth::profiles(COUNT, 42)`; "import" is what `pmatlas import` does after reading
//! the files: parse every document, then write all versions (with their source text) in
//! one transaction to a new database file, or to the empty PostgreSQL database that
//! `PMATLAS_BENCH_DB` names (`postgres://…`).

use std::time::Instant;

use pmatlas_store::{export, Location, Source, Store, Write};

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let texts: Vec<String> = pmatlas_core::synth::profiles(count, 42).iter().map(pmatlas_core::render).collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let dir = std::env::temp_dir().join(format!("pmatlas-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("bench.db");
    let _ = std::fs::remove_file(&db);

    let t = Instant::now();
    let profiles: Vec<pmatlas_core::Profile> =
        texts.iter().map(|s| pmatlas_core::parse(s).expect("generated documents read").profile).collect();
    let parsed = t.elapsed();
    let at = std::env::var("PMATLAS_BENCH_DB").map_or(Location::Sqlite(db.clone()), |u| Location::parse(&u));
    let mut store = Store::connect(&at).unwrap();
    let writes: Vec<Write<'_>> = profiles
        .iter()
        .zip(&texts)
        .map(|(p, s)| Write { source_text: Some(s), ..Write::new(p, None, "bench", Source::Import) })
        .collect();
    let out = store.write_batch(&writes, |_| {}).unwrap();
    let total = t.elapsed();
    assert_eq!(out.len(), count);
    println!(
        "import {count} documents ({mb:.1} MB) into a fresh database ({}): {:.2?} (parse {:.2?}, write {:.2?}); database file {:.1} MB",
        at.display(),
        total,
        parsed,
        total - parsed,
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );

    // A newer edition of every region, cut in its memberships: each is merged field by field
    // with the copy stored before it (the path `pmatlas import` takes for a region it has).
    let newer: Vec<pmatlas_core::Profile> = profiles
        .iter()
        .map(|p| {
            let mut q = p.clone();
            q.origin = Default::default();
            q.origin.edition = Some(pmatlas_core::Edition::of_page(pmatlas_core::Layout::Y2021, Some(2021)));
            q.memberships.truncate(2);
            q.origin.incomplete = Some(pmatlas_core::origin::Cut {
                line: 20,
                after: pmatlas_core::Text::new("Membership status").unwrap(),
                partial: vec!["memberships".into()],
            });
            q
        })
        .collect();
    let writes: Vec<Write<'_>> = newer.iter().map(|p| Write::new(p, None, "bench", Source::Import)).collect();
    let t = Instant::now();
    store.write_batch(&writes, |_| {}).unwrap();
    println!("import a cut 2021 copy of each of the {count} regions, merged with the stored copy: {:.2?}", t.elapsed());

    let t = Instant::now();
    let snap = store.snapshot().unwrap();
    println!("load snapshot of {} regions: {:.2?}", snap.len(), t.elapsed());

    let t = Instant::now();
    let mut csv = Vec::new();
    export::write_csv(&export::regions_table(snap.regions(), true), &mut csv).unwrap();
    println!("export CSV: {:.2?} ({:.1} MB)", t.elapsed(), csv.len() as f64 / 1e6);

    let t = Instant::now();
    let xlsx = export::xlsx(snap.regions()).unwrap();
    println!("export XLSX: {:.2?} ({:.1} MB)", t.elapsed(), xlsx.len() as f64 / 1e6);
    let _ = std::fs::remove_dir_all(&dir);
}
