//! Commands on the database: `import`, `export`, `history`, `backup`, `demo`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::CliError;
use crate::{import, open_store, plural, read_store, ExportFormat};

pub fn run_import(
    db: &pmatlas_store::Location,
    paths: &[PathBuf],
    o: &import::Options<'_>,
) -> Result<ExitCode, CliError> {
    let mut store = open_store(db)?;
    let (s, rejected) = import::run(&mut store, paths, o)?;
    for r in &rejected {
        outln!("{}:{}: error: {}", r.path.display(), r.line, r.message);
    }
    if !rejected.is_empty() && !o.skip_invalid {
        outln!(
            "nothing imported: {} invalid file{} (fix them, or use --skip-invalid)",
            rejected.len(),
            plural(rejected.len())
        );
        return Ok(ExitCode::from(1));
    }
    for n in &s.notes {
        outln!("{n}");
    }
    outln!(
        "imported into {}: {} created, {} updated, {} unchanged region{}; {} new version{}{}; {} rejected file{}",
        db.display(),
        s.created,
        s.updated,
        s.unchanged,
        plural(s.unchanged),
        s.versions,
        plural(s.versions),
        if s.kept > 0 { format!(" ({} kept unpublished)", s.kept) } else { String::new() },
        s.rejected,
        plural(s.rejected)
    );
    drop(store);
    embed_written(db, &s.changed, o.quiet);
    Ok(if s.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Embeds the new texts of the regions a command wrote, when the model is installed. Those
/// regions are read alone (reading every region to find the texts of one took 2.7 s at
/// 10,000); texts an interrupted run left are `pmatlas model embed`'s. The write is
/// committed: a model that fails to run is a warning, not a failure.
fn embed_written(db: &pmatlas_store::Location, codes: &[pmatlas_core::NutsCode], quiet: bool) {
    if codes.is_empty() {
        return;
    }
    if let Err(e) = crate::commands::model::embed(db, Some(codes), quiet) {
        eprintln!("pmatlas: warning: the new texts were not embedded: {e} (run `pmatlas model embed`)");
    }
}

pub fn export(
    db: &pmatlas_store::Location,
    format: ExportFormat,
    out: Option<&Path>,
    long: bool,
) -> Result<ExitCode, CliError> {
    use pmatlas_store::export;
    let store = read_store(db)?;
    let snap = store.snapshot()?;
    // A region whose current version does not read is left out, named, and makes the exit
    // status 1: everything else is still exported.
    for e in &snap.unreadable {
        eprintln!("pmatlas: warning: left out of the export: {e}");
    }
    let regions = snap.regions();
    let write_file = |path: &Path, bytes: &[u8]| std::fs::write(path, bytes).map_err(|e| CliError::io(path, e));
    match format {
        ExportFormat::Json => {
            let profiles: Vec<&pmatlas_core::Profile> = regions.iter().map(|r| &r.profile).collect();
            let mut json = serde_json::to_string_pretty(&profiles).expect("profiles serialise");
            json.push('\n');
            match out {
                Some(p) => write_file(p, json.as_bytes())?,
                None => out!("{json}"),
            }
        }
        ExportFormat::Csv => {
            let main = export::regions_table(regions, true);
            let csv_bytes = |t: &export::Table| {
                let mut buf = Vec::new();
                export::write_csv(t, &mut buf).map(|_| buf).map_err(|e| CliError::Usage(format!("CSV: {e}")))
            };
            if long {
                let dir =
                    out.ok_or_else(|| CliError::Usage("--long writes several files: give a folder with --out".into()))?;
                std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))?;
                write_file(&dir.join("regions.csv"), &csv_bytes(&main)?)?;
                for t in export::long_tables(regions) {
                    write_file(&dir.join(format!("{}.csv", t.name.to_lowercase())), &csv_bytes(&t)?)?;
                }
            } else {
                let bytes = csv_bytes(&main)?;
                match out {
                    Some(p) => write_file(p, &bytes)?,
                    None => crate::out::bytes(&bytes),
                }
            }
        }
        ExportFormat::Xlsx => {
            let path = out.ok_or_else(|| CliError::Usage("xlsx is binary: give a file with --out".into()))?;
            let bytes = export::xlsx(regions).map_err(|e| CliError::Usage(format!("XLSX: {e}")))?;
            write_file(path, &bytes)?;
        }
        ExportFormat::Text => {
            let dir = out.ok_or_else(|| {
                CliError::Usage("text writes one document per region: give a folder with --out".into())
            })?;
            std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))?;
            for r in regions {
                write_file(&dir.join(format!("{}.txt", r.profile.code)), pmatlas_core::render(&r.profile).as_bytes())?;
            }
        }
    }
    if let Some(p) = out {
        eprintln!("exported {} region{} to {}", regions.len(), plural(regions.len()), p.display());
    }
    Ok(if snap.unreadable.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn history(db: &pmatlas_store::Location, code: &str, diff: Option<&[u32]>) -> Result<ExitCode, CliError> {
    let code = pmatlas_core::NutsCode::parse(&code.to_ascii_uppercase())
        .map_err(|e| CliError::Usage(format!("'{code}': {e}")))?;
    let store = read_store(db)?;
    if let Some(&[a, b]) = diff {
        let changes = store.diff(&code, a, b)?;
        if changes.is_empty() {
            outln!("{code}: versions {a} and {b} have the same content");
        }
        let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        for c in changes {
            match c.kind {
                pmatlas_core::diff::ChangeKind::Added => outln!("+ {}: {}", c.path, show(&c.after)),
                pmatlas_core::diff::ChangeKind::Removed => outln!("- {}: {}", c.path, show(&c.before)),
                pmatlas_core::diff::ChangeKind::Changed => {
                    outln!("~ {}: {} -> {}", c.path, show(&c.before), show(&c.after))
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let current = store.current_version(&code)?;
    for v in store.history(&code)? {
        let mark = if Some(v.number) == current { "*" } else { " " };
        let from = v.source_ref.as_deref().map(|r| format!(" from {r}")).unwrap_or_default();
        let comment = v.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default();
        let edition = v.edition.as_deref().map(|e| format!(" {e},")).unwrap_or_default();
        let cut = v.incomplete.as_deref().map(|c| format!(" [incomplete copy: ends {c}]")).unwrap_or_default();
        let kept = if v.published { "" } else { " [kept, never published]" };
        outln!(
            "{mark} {code} v{}{edition} {} by {} ({}{from}){comment}{cut}{kept}",
            v.number,
            v.created_at,
            v.author,
            v.source.as_str()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `pmatlas migrate`: the whole of one database into an empty other, verified.
pub fn migrate(from: &pmatlas_store::Location, to: &pmatlas_store::Location) -> Result<ExitCode, CliError> {
    if from == to {
        return Err(CliError::Usage(format!("--from and --to are both {}", from.display())));
    }
    let source = crate::read_store(from)?;
    let existed = to.exists();
    let mut target = crate::open_store(to)?;
    let copied = match pmatlas_store::migrate::copy_all(&source, &mut target, |_, _| {}) {
        Ok(c) => c,
        Err(e) => {
            drop(target);
            // A file this run made is not left behind half-made (the copy was one transaction).
            if !existed {
                crate::remove_if_empty(to);
            }
            return Err(e.into());
        }
    };
    outln!("copied {} to {}, verified:", from.display(), to.display());
    for c in &copied {
        outln!("  {:<14} {:>8} rows  {}", c.table, c.rows, c.hash);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup(db: &pmatlas_store::Location, file: &Path) -> Result<ExitCode, CliError> {
    if file.exists() {
        return Err(CliError::Usage(format!("{} exists: backup does not overwrite", file.display())));
    }
    read_store(db)?.backup(file)?;
    outln!("backed up {} to {}", db.display(), file.display());
    Ok(ExitCode::SUCCESS)
}

/// Loads the synthetic demo set (and the bundled seed profile when its region is empty).
/// A region whose profile came from anywhere but the demo is left alone and named.
pub fn demo(db: &pmatlas_store::Location, seed: u64) -> Result<ExitCode, CliError> {
    use pmatlas_core::synth::DEMO_AUTHOR;
    use pmatlas_store::{Source, Write};
    let mut store = open_store(db)?;
    let profiles = pmatlas_core::synth::demo(seed);
    let texts: Vec<String> = profiles.iter().map(pmatlas_core::render).collect();
    let mut writes = Vec::new();
    let mut kept = Vec::new();
    for (p, text) in profiles.iter().zip(&texts) {
        match store.current(&p.code)? {
            Some((v, _)) if v.author != DEMO_AUTHOR => kept.push(format!("{} ({})", p.code, v.author)),
            _ => writes.push(Write {
                comment: Some("synthetic demo profile: not real data"),
                source_ref: Some("pmatlas demo"),
                source_text: Some(text.as_str()),
                replace: true,
                ..Write::new(p, None, DEMO_AUTHOR, Source::Import)
            }),
        }
    }
    let synthetic = writes.len();
    let seed_parsed = pmatlas_core::parse(pmatlas_web::DEMO[0].1).map_err(|e| CliError::Usage(format!("{e:?}")))?;
    let seed_profile = seed_parsed.profile;
    if store.current(&seed_profile.code)?.is_none() {
        writes.push(Write {
            comment: Some("bundled demo profile"),
            source_ref: Some(pmatlas_web::DEMO[0].0),
            source_text: Some(pmatlas_web::DEMO[0].1),
            ..Write::new(&seed_profile, None, "pmatlas (demo data)", Source::Import)
        });
    }
    let written = store.write_batch(&writes, |_| {})?;
    let changed = written.iter().filter(|w| !matches!(w.outcome, pmatlas_store::Outcome::Unchanged(_))).count();
    outln!(
        "{synthetic} synthetic demo profile{}{} in {} ({changed} new or changed); the site marks them as synthetic",
        plural(synthetic),
        if written.len() > synthetic { " and the bundled Thuringia profile" } else { "" },
        db.display()
    );
    if !kept.is_empty() {
        outln!("left alone, not from the demo: {}", kept.join(", "));
    }
    let current = |(_, w): &(&Write, &pmatlas_store::Written)| w.outcome.made_current();
    let codes: Vec<_> = writes.iter().zip(&written).filter(current).map(|(w, _)| w.profile.code).collect();
    drop(store);
    embed_written(db, &codes, false);
    outln!("serve it with: pmatlas --db {} serve", db.display());
    Ok(ExitCode::SUCCESS)
}
