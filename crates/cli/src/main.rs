//! The `pmatlas` binary: a thin layer of commands over the library crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod error;
mod files;

use error::CliError;

#[derive(Parser)]
#[command(
    name = "pmatlas",
    version,
    about = "The personalised-medicine atlas of European regions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check observatory documents (text or JSON): prints `file:line: warning|error: message`
    /// and a summary; exits with status 1 when any document has an error.
    Validate {
        /// Files or folders (folders are searched for .txt and .json files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print only errors and the summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Convert one document between the text format and canonical JSON (to standard output).
    Convert {
        file: PathBuf,
        #[arg(long, value_enum)]
        to: Format,
    },
    /// Print the JSON Schema of a profile.
    Schema,
    /// Write generated profiles (for benchmarks and demos) into a folder.
    Generate {
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { paths, quiet } => validate(&paths, quiet),
        Command::Convert { file, to } => convert(&file, to),
        Command::Schema => {
            print!("{}", pmatlas_core::json::schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            count,
            seed,
            out,
            format,
        } => generate(count, seed, &out, format),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pmatlas: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn validate(paths: &[PathBuf], quiet: bool) -> Result<ExitCode, CliError> {
    let files = files::collect(paths)?;
    let (mut errors, mut warnings, mut profiles) = (0usize, 0usize, 0usize);
    for f in &files {
        let shown = f.display();
        match files::read_profiles(f)? {
            Ok(docs) => {
                for d in docs {
                    profiles += 1;
                    warnings += d.warnings.len();
                    if !quiet {
                        for w in &d.warnings {
                            println!(
                                "{shown}:{}: {}: {} (column {})",
                                w.line,
                                w.severity,
                                message(w),
                                w.column
                            );
                        }
                    }
                }
            }
            Err(e) => {
                errors += 1;
                println!(
                    "{shown}:{}: error: {} (column {})",
                    e.line, e.message, e.column
                );
            }
        }
    }
    println!(
        "checked {} file{}: {profiles} profile{}, {errors} error{}, {warnings} warning{}",
        files.len(),
        plural(files.len()),
        plural(profiles),
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn message(d: &pmatlas_core::Diagnostic) -> String {
    match d.field {
        Some(f) => format!("{f}: {}", d.message),
        None => d.message.clone(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn convert(file: &Path, to: Format) -> Result<ExitCode, CliError> {
    let docs = files::read_profiles(file)?.map_err(|e| CliError::Document {
        path: file.to_path_buf(),
        error: e,
    })?;
    if docs.len() != 1 {
        return Err(CliError::Usage(format!(
            "{} holds {} profiles; convert takes one",
            file.display(),
            docs.len()
        )));
    }
    let doc = &docs[0];
    for w in &doc.warnings {
        eprintln!(
            "{}:{}: {}: {} (column {})",
            file.display(),
            w.line,
            w.severity,
            message(w),
            w.column
        );
    }
    match to {
        Format::Json => println!("{}", pmatlas_core::json::to_json(&doc.profile)),
        Format::Text => print!("{}", pmatlas_core::render(&doc.profile)),
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(count: usize, seed: u64, out: &Path, format: Format) -> Result<ExitCode, CliError> {
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
    println!("wrote {count} profiles to {}", out.display());
    Ok(ExitCode::SUCCESS)
}
