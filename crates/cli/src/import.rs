//! `pmatlas import`: validate every document first, then write them in one transaction.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use pmatlas_core::{Diagnostic, Profile};
use pmatlas_store::{Outcome, Source, Store, Write};

use crate::error::CliError;
use crate::files;

/// One profile to import, with where it came from.
pub struct Doc {
    pub profile: Profile,
    pub path: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub source_text: Option<String>,
}

/// A document that cannot be imported, and why (with its line).
pub struct Rejected {
    pub path: PathBuf,
    pub line: u32,
    pub message: String,
}

pub struct Options<'a> {
    pub skip_invalid: bool,
    pub author: &'a str,
    pub comment: Option<&'a str>,
    pub quiet: bool,
}

#[derive(Default, Debug, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub versions: usize,
    pub rejected: usize,
}

/// Reads every file: text documents, canonical JSON, or a CSV export (its profile_json column).
pub fn read_all(paths: &[PathBuf]) -> Result<(Vec<Doc>, Vec<Rejected>), CliError> {
    let mut docs = Vec::new();
    let mut rejected = Vec::new();
    for path in files::collect(paths)? {
        let bytes = std::fs::read(&path).map_err(|e| CliError::io(&path, e))?;
        match files::profiles_from_bytes(&path, &bytes) {
            Ok(parsed) => {
                let text = (parsed.len() == 1 && !files::is_json(&path, &bytes))
                    .then(|| String::from_utf8_lossy(&bytes).into_owned());
                for p in parsed {
                    docs.push(Doc {
                        profile: p.profile,
                        path: path.clone(),
                        warnings: p.warnings,
                        source_text: text.clone(),
                    });
                }
            }
            Err(e) => rejected.push(Rejected { path: path.clone(), line: e.line, message: e.message }),
        }
    }
    Ok((docs, rejected))
}

/// Orders documents for writing: regions in the order first seen; a region's documents
/// oldest first by the edition years they state, or as given when any states none.
pub fn order(docs: Vec<Doc>) -> Vec<Doc> {
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        first_seen.entry(d.profile.code.to_string()).or_insert(i);
    }
    let all_dated: HashMap<String, bool> = first_seen
        .keys()
        .map(|c| {
            (
                c.clone(),
                docs.iter().filter(|d| d.profile.code.as_str() == c).all(|d| d.profile.edition_year().is_some()),
            )
        })
        .collect();
    let mut indexed: Vec<(usize, Doc)> = docs.into_iter().enumerate().collect();
    indexed.sort_by_key(|(i, d)| {
        let code = d.profile.code.to_string();
        let year = if all_dated[&code] { d.profile.edition_year() } else { None };
        (first_seen[&code], year, *i)
    });
    indexed.into_iter().map(|(_, d)| d).collect()
}

pub fn run(store: &mut Store, paths: &[PathBuf], o: &Options<'_>) -> Result<(Summary, Vec<Rejected>), CliError> {
    let (docs, rejected) = read_all(paths)?;
    if !rejected.is_empty() && !o.skip_invalid {
        return Ok((Summary { rejected: rejected.len(), ..Summary::default() }, rejected));
    }
    if !o.quiet {
        for d in &docs {
            for w in &d.warnings {
                eprintln!("{}:{}: warning: {} (column {})", d.path.display(), w.line, w.message, w.column);
            }
        }
    }
    let docs = order(docs);
    let refs: Vec<String> = docs.iter().map(|d| d.path.display().to_string()).collect();
    let writes: Vec<Write<'_>> = docs
        .iter()
        .zip(&refs)
        .map(|(d, r)| Write {
            profile: &d.profile,
            based_on: None, // write_batch bases each write on the version current at that point
            author: o.author,
            source: Source::Import,
            comment: o.comment,
            source_ref: Some(r.as_str()),
            source_text: d.source_text.as_deref(),
        })
        .collect();
    let bar = if !o.quiet && std::io::stderr().is_terminal() && writes.len() > 20 {
        let b = indicatif::ProgressBar::new(writes.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            b.set_style(style);
        }
        b.set_message("importing");
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let existed: HashMap<String, bool> = docs
        .iter()
        .map(|d| (d.profile.code.to_string(), store.current_version(&d.profile.code).ok().flatten().is_some()))
        .collect();
    let outcomes = store.write_batch(&writes, |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();

    // Per region: created (new), updated (a new version over an existing one) or unchanged.
    let mut per_region: HashMap<String, Vec<Outcome>> = HashMap::new();
    for (d, o) in docs.iter().zip(&outcomes) {
        per_region.entry(d.profile.code.to_string()).or_default().push(*o);
    }
    let mut s = Summary { rejected: rejected.len(), ..Summary::default() };
    for (code, outs) in &per_region {
        let new_versions = outs.iter().filter(|o| !matches!(o, Outcome::Unchanged(_))).count();
        s.versions += new_versions;
        if !existed[code] {
            s.created += 1;
        } else if new_versions > 0 {
            s.updated += 1;
        } else {
            s.unchanged += 1;
        }
    }
    Ok((s, rejected))
}
