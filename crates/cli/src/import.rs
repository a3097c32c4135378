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
    /// Publish each copy as read (see `Write::replace`).
    pub replace: bool,
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
    /// Of the new versions, those kept without being published (copies cut part-way).
    pub kept: usize,
    pub rejected: usize,
    /// The regions whose current profile the import changed (created or updated), whose
    /// texts are embedded after it.
    pub changed: Vec<pmatlas_core::NutsCode>,
    /// What the summary says per region and per file: the order copies were stored in and
    /// why, copies kept without being published, identical copies, carried fields.
    pub notes: Vec<String>,
}

/// Reads every file: text documents, canonical JSON, or a CSV export (its profile_json column).
pub fn read_all(paths: &[PathBuf]) -> Result<(Vec<Doc>, Vec<Rejected>), CliError> {
    let mut docs = Vec::new();
    let mut rejected = Vec::new();
    for path in files::collect(paths)? {
        let bytes = std::fs::read(&path).map_err(|e| CliError::io(&path, e))?;
        match pmatlas_store::documents::profiles_from_bytes(&path, &bytes) {
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

/// Orders documents for writing: regions in the order first seen; a region's copies oldest
/// edition first (the year a page states, else its layout: early < 2019 < 2021), copies of
/// one edition in the order given. A copy with no edition (JSON without provenance) is an
/// explicit edit and comes last. Returns, per region with several copies, the order used and why.
pub fn order(docs: Vec<Doc>) -> (Vec<Doc>, Vec<String>) {
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        first_seen.entry(d.profile.code.to_string()).or_insert(i);
    }
    let mut indexed: Vec<(usize, Doc)> = docs.into_iter().enumerate().collect();
    indexed.sort_by_key(|(i, d)| {
        let e = d.profile.origin.edition;
        (first_seen[d.profile.code.as_str()], e.is_none(), e, *i)
    });
    let mut notes = Vec::new();
    let mut k = 0;
    while k < indexed.len() {
        let code = indexed[k].1.profile.code.to_string();
        let n = indexed[k..].iter().take_while(|(_, d)| d.profile.code.as_str() == code).count();
        if n > 1 {
            let group = &indexed[k..k + n];
            let items: Vec<String> = group
                .iter()
                .map(|(_, d)| {
                    let why =
                        d.profile.origin.edition.map_or("no edition: an edit, stored last".into(), |e| e.reason());
                    format!("{} ({why})", file_name(&d.path))
                })
                .collect();
            let ties = group.windows(2).any(|w| w[0].1.profile.origin.edition == w[1].1.profile.origin.edition);
            let tie_note = if ties { "; copies of one edition in the order given" } else { "" };
            notes.push(format!("{code}: {n} copies stored oldest first: {}{tie_note}", items.join(", ")));
        }
        k += n;
    }
    (indexed.into_iter().map(|(_, d)| d).collect(), notes)
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |f| f.to_string_lossy().into_owned())
}

pub fn run(store: &mut Store, paths: &[PathBuf], o: &Options<'_>) -> Result<(Summary, Vec<Rejected>), CliError> {
    let (docs, rejected) = read_all(paths)?;
    if !rejected.is_empty() && !o.skip_invalid {
        return Ok((Summary { rejected: rejected.len(), ..Summary::default() }, rejected));
    }
    if !o.quiet {
        for d in &docs {
            for w in &d.warnings {
                eprintln!("{}", crate::diagnostic_line(&d.path, w));
            }
        }
    }
    let (docs, mut notes) = order(docs);
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
            replace: o.replace,
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
    let written = store.write_batch(&writes, |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();

    // Per region: created (new), updated (a new version over an existing one) or unchanged,
    // from the outcomes, which were decided inside the write transaction.
    let mut per_region: HashMap<pmatlas_core::NutsCode, Vec<Outcome>> = HashMap::new();
    let mut same = 0;
    for (d, w) in docs.iter().zip(&written) {
        per_region.entry(d.profile.code).or_default().push(w.outcome);
        // Files that held nothing new are named one by one, up to a screenful.
        if matches!(w.outcome, Outcome::Unchanged(_)) {
            same += 1;
            if same > MAX_SAME_NOTES {
                continue;
            }
        }
        notes.extend(note(d, w));
    }
    if same > MAX_SAME_NOTES {
        notes.push(format!("… and {} more files with the same content as a stored version", same - MAX_SAME_NOTES));
    }
    let mut s = Summary { rejected: rejected.len(), notes, ..Summary::default() };
    for (&code, outs) in &per_region {
        if outs.iter().any(|o| o.made_current()) {
            s.changed.push(code);
        }
        let new_versions = outs.iter().filter(|o| !matches!(o, Outcome::Unchanged(_))).count();
        s.versions += new_versions;
        s.kept += outs.iter().filter(|o| matches!(o, Outcome::Kept(_))).count();
        if outs.iter().any(|o| matches!(o, Outcome::Created(_))) {
            s.created += 1;
        } else if outs.iter().any(|o| matches!(o, Outcome::Updated(_))) {
            s.updated += 1;
        } else {
            s.unchanged += 1;
        }
    }
    Ok((s, rejected))
}

/// How many "same content" files the summary names one by one.
const MAX_SAME_NOTES: usize = 20;

/// What the summary says of one copy, when there is more to say than "stored".
fn note(d: &Doc, w: &pmatlas_store::Written) -> Option<String> {
    let code = &d.profile.code;
    let copy = pmatlas_core::effect::describe_copy(&d.profile);
    match w.outcome {
        Outcome::Unchanged(n) => Some(format!("{}: same content as version {n}, nothing stored", file_name(&d.path))),
        Outcome::Kept(n) => Some(format!(
            "{code}: {copy} adds nothing new (kept as version {n}, from {}; the current profile is unchanged)",
            file_name(&d.path)
        )),
        Outcome::Created(_) => None,
        Outcome::Updated(n) => {
            let mut s = format!("{code}: {copy}: {} (version {n}, from {})", w.effect, file_name(&d.path));
            if !w.carried.is_empty() {
                let label = pmatlas_core::publish::label;
                let c: Vec<String> = w.carried.iter().map(|c| format!("{} ({})", label(&c.field), c.edition)).collect();
                s.push_str(&format!("; the profile carries forward {}", c.join(", ")));
            }
            Some(s)
        }
    }
}
