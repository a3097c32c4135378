//! Commands on documents alone: `validate`, `convert`, `generate`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::CliError;
use crate::{diagnostic_line, files, plural, Format};

pub fn validate(paths: &[PathBuf], quiet: bool) -> Result<ExitCode, CliError> {
    let files = files::collect(paths)?;
    let (mut errors, mut warnings, mut profiles) = (0usize, 0usize, 0usize);
    for f in &files {
        match files::read_profiles(f)? {
            Ok(docs) => {
                for d in docs {
                    profiles += 1;
                    warnings += d.warnings.len();
                    if !quiet {
                        for w in &d.warnings {
                            outln!("{}", diagnostic_line(f, w));
                        }
                    }
                }
            }
            Err(e) => {
                errors += 1;
                outln!("{}", diagnostic_line(f, &e.as_diagnostic()));
            }
        }
    }
    outln!(
        "checked {} file{}: {profiles} profile{}, {errors} error{}, {warnings} warning{}",
        files.len(),
        plural(files.len()),
        plural(profiles),
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn convert(file: &Path, to: Format) -> Result<ExitCode, CliError> {
    let docs = files::read_profiles(file)?.map_err(|e| CliError::Document { path: file.to_path_buf(), error: e })?;
    if docs.len() != 1 {
        return Err(CliError::Usage(format!("{} holds {} profiles; convert takes one", file.display(), docs.len())));
    }
    let doc = &docs[0];
    for w in &doc.warnings {
        eprintln!("{}", diagnostic_line(file, w));
    }
    match to {
        Format::Json => outln!("{}", pmatlas_core::json::to_json(&doc.profile)),
        Format::Text => out!("{}", pmatlas_core::render(&doc.profile)),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn generate(count: usize, seed: u64, out: &Path, format: Format) -> Result<ExitCode, CliError> {
    std::fs::create_dir_all(out).map_err(|e| CliError::io(out, e))?;
    for i in 0..count {
        let p = pmatlas_core::synth::profile(i, seed);
        let (name, body) = match format {
            Format::Text => (format!("{}.txt", p.code), pmatlas_core::render(&p)),
            Format::Json => (format!("{}.json", p.code), pmatlas_core::json::to_json(&p)),
        };
        let path = out.join(name);
        std::fs::write(&path, body).map_err(|e| CliError::io(&path, e))?;
    }
    outln!("wrote {count} profiles to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
