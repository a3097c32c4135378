//! The `pmatlas` binary: a thin layer of commands over the library crates. `files` finds and
//! reads profile files (text, JSON, CSV export) within the size limits; `import` orders and
//! writes them and writes the summary; `out` is standard output that ends quietly on a closed
//! pipe; `error` the command errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod error;
mod files;
mod import;
#[macro_use]
mod out;

use error::CliError;

#[derive(Parser)]
#[command(name = "pmatlas", version, about = "The personalised-medicine atlas of European regions")]
struct Cli {
    /// The database (default: $PMATLAS_DB, else pmatlas.db in the working directory).
    #[arg(long, global = true, env = "PMATLAS_DB", default_value = "pmatlas.db")]
    db: PathBuf,
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
    /// Serve the website (on a fresh database, with the bundled demo profile).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080", env = "PMATLAS_ADDR")]
        addr: std::net::SocketAddr,
        /// Seconds a client has to send a request's headers (and to start its next request
        /// on a kept-alive connection).
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds a request may take.
        #[arg(long, default_value_t = 20)]
        request_timeout: u64,
        /// Open connections at most; more are answered 503 and closed.
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Requests in progress at most; more are answered 503 with Retry-After (not /healthz).
        #[arg(long, default_value_t = 64)]
        max_in_flight: usize,
        /// Seconds a shutdown (SIGTERM, SIGINT) waits for requests in progress.
        #[arg(long, default_value_t = 10)]
        shutdown_timeout: u64,
    },
    /// Print the JSON Schema of a profile.
    Schema,
    /// Import observatory documents, canonical JSON or a CSV export: everything is checked
    /// first, then written in one transaction (several documents of one region become
    /// successive versions, oldest edition first).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Import the valid documents and report the others (default: import nothing if any is invalid).
        #[arg(long)]
        skip_invalid: bool,
        /// Publish each copy as read. By default each field comes from the newest copy that
        /// states it, and a copy cut part-way that lacks what its edition's current version
        /// says is kept as a version without being published.
        #[arg(long)]
        replace: bool,
        /// Who is importing (recorded with every version).
        #[arg(long, env = "USER", default_value = "import")]
        author: String,
        #[arg(long)]
        comment: Option<String>,
        #[arg(long, short)]
        quiet: bool,
    },
    /// Export the current profiles.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// File (json, csv, xlsx) or folder (text, csv --long); standard output when absent (json, csv).
        #[arg(long)]
        out: Option<PathBuf>,
        /// With csv: also write long tables (memberships, codes, initiatives, ratings, topics) into the --out folder.
        #[arg(long)]
        long: bool,
    },
    /// The versions of a region, or the field-level differences between two of them.
    History {
        code: String,
        #[arg(long, num_args = 2, value_names = ["V1", "V2"])]
        diff: Option<Vec<u32>>,
    },
    /// Partners for a region, best first, with the reasons; with only --topic, the regions
    /// that work on that topic, with their evidence.
    Match {
        code: Option<String>,
        /// A topic id or name (biobanks, AI, e-health …): partners for that field only.
        #[arg(long)]
        topic: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// NUTS boundary shapes for the map (installed, not shipped: their licence forbids it).
    Shapes {
        #[command(subcommand)]
        action: ShapesAction,
    },
    /// A consistent copy of the (possibly live) database.
    Backup { file: PathBuf },
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

#[derive(Subcommand)]
enum ShapesAction {
    /// Read a GISCO NUTS GeoJSON (a file, or an http(s) URL fetched with curl), check it,
    /// project and simplify it, and store it in the database.
    Install {
        #[arg(default_value = GISCO_NUTS)]
        source: String,
        /// Simplification tolerance in metres.
        #[arg(long, default_value_t = 1500.0)]
        tolerance: f64,
    },
    /// What is installed.
    Status,
}

/// GISCO's NUTS 2021 boundaries at 1:20 million, EPSG:4326.
const GISCO_NUTS: &str =
    "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_20M_2021_4326.geojson";

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Text,
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
            out!("{}", pmatlas_core::json::schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { count, seed, out, format } => generate(count, seed, &out, format),
        Command::Import { paths, skip_invalid, replace, author, comment, quiet } => {
            let o = import::Options { skip_invalid, replace, author: &author, comment: comment.as_deref(), quiet };
            run_import(&cli.db, &paths, &o)
        }
        Command::Export { format, out, long } => export(&cli.db, format, out.as_deref(), long),
        Command::History { code, diff } => history(&cli.db, &code, diff.as_deref()),
        Command::Backup { file } => backup(&cli.db, &file),
        Command::Serve { addr, header_timeout, request_timeout, max_connections, max_in_flight, shutdown_timeout } => {
            let secs = std::time::Duration::from_secs;
            let limits = pmatlas_web::server::Limits {
                header_read: secs(header_timeout),
                request: secs(request_timeout),
                max_connections,
                max_in_flight,
                shutdown: secs(shutdown_timeout),
            };
            serve(addr, &cli.db, limits)
        }
        Command::Shapes { action } => shapes(&cli.db, action),
        Command::Match { code, topic, limit, json } => {
            run_match(&cli.db, code.as_deref(), topic.as_deref(), limit, json)
        }
    };
    out::flush();
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

/// `file:line: warning: field: message (column N)`, as validate and convert print it.
pub(crate) fn diagnostic_line(file: &Path, d: &pmatlas_core::Diagnostic) -> String {
    format!("{}:{d}", file.display())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn convert(file: &Path, to: Format) -> Result<ExitCode, CliError> {
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
    outln!("wrote {count} profiles to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Opens the database to write (creating it when it does not exist).
fn open_store(db: &Path) -> Result<pmatlas_store::Store, CliError> {
    Ok(pmatlas_store::Store::open(db)?)
}

/// Opens an existing database to read only: a mistyped `--db` is an error, not a new empty
/// database, and a database in a read-only place still reads.
fn read_store(db: &Path) -> Result<pmatlas_store::Store, CliError> {
    Ok(pmatlas_store::Store::open_read_only(db)?)
}

fn run_import(db: &Path, paths: &[PathBuf], o: &import::Options<'_>) -> Result<ExitCode, CliError> {
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
    Ok(if s.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn export(db: &Path, format: ExportFormat, out: Option<&Path>, long: bool) -> Result<ExitCode, CliError> {
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
                    None => out::bytes(&bytes),
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

fn history(db: &Path, code: &str, diff: Option<&[u32]>) -> Result<ExitCode, CliError> {
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
            "{mark} {code} v{}{edition} {} by {} ({:?}{from}){comment}{cut}{kept}",
            v.number,
            v.created_at,
            v.author,
            v.source
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn backup(db: &Path, file: &Path) -> Result<ExitCode, CliError> {
    if file.exists() {
        return Err(CliError::Usage(format!("{} exists: backup does not overwrite", file.display())));
    }
    read_store(db)?.backup(file)?;
    outln!("backed up {} to {}", db.display(), file.display());
    Ok(ExitCode::SUCCESS)
}

fn serve(addr: std::net::SocketAddr, db: &Path, limits: pmatlas_web::server::Limits) -> Result<ExitCode, CliError> {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| CliError::io(db, e))?;
    rt.block_on(pmatlas_web::serve(addr, db, limits)).map_err(|e| CliError::Usage(format!("serve: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

fn run_match(
    db: &Path,
    code: Option<&str>,
    topic: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<ExitCode, CliError> {
    use pmatlas_core::vocab::TopicId;
    let topic = match topic {
        None => None,
        Some(t) => Some(
            TopicId::from_id(t)
                .or_else(|| pmatlas_core::topics::topic_named(t))
                .ok_or_else(|| CliError::Usage(format!("'{t}' is no topic of data/vocab/topics.csv")))?,
        ),
    };
    let snap = read_store(db)?.snapshot()?;
    let profiles: Vec<&pmatlas_core::Profile> = snap.regions().iter().map(|r| &r.profile).collect();
    let matcher = pmatlas_core::matching::Matcher::new(&profiles);
    let Some(code) = code else {
        let topic = topic.ok_or_else(|| CliError::Usage("give a region code, a --topic, or both".into()))?;
        let who = matcher.working_on(topic);
        if json {
            let v: Vec<serde_json::Value> = who
                .iter()
                .take(limit)
                .map(
                    |(i, ev)| serde_json::json!({"code": profiles[*i].code, "name": profiles[*i].name, "evidence": ev}),
                )
                .collect();
            outln!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        } else {
            outln!("{} region{} with evidence of {}:", who.len(), plural(who.len()), topic.label().to_lowercase());
            for (i, ev) in who.iter().take(limit) {
                let p = profiles[*i];
                outln!(
                    "{} {}: it {}",
                    p.code,
                    p.name,
                    ev.iter().take(3).map(|e| e.phrase()).collect::<Vec<_>>().join("; it ")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    let nuts = pmatlas_core::NutsCode::parse(&code.to_ascii_uppercase())
        .map_err(|e| CliError::Usage(format!("'{code}': {e}")))?;
    let a = profiles.iter().position(|p| p.code == nuts).ok_or_else(|| {
        CliError::Store(pmatlas_store::StoreError::NotFound { code: nuts.to_string(), version: None })
    })?;
    let found = matcher.partners(a, topic, limit);
    if json {
        let v: Vec<_> = found.iter().map(|m| m.out(profiles[m.index])).collect();
        outln!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        let seeks = !matcher.evidence(a).seeks.is_empty();
        outln!(
            "No partner found for {}{}.",
            profiles[a].name,
            if seeks || topic.is_some() {
                ": no other region shows evidence in the fields it seeks"
            } else {
                ": its profile names no field it seeks partners in"
            }
        );
    }
    for (rank, m) in found.iter().enumerate() {
        let p = profiles[m.index];
        outln!("{}. {} {} (score {:.1})", rank + 1, p.code, p.name, m.score);
        for r in &m.reasons {
            outln!("   - {r}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn shapes(db: &Path, action: ShapesAction) -> Result<ExitCode, CliError> {
    match action {
        ShapesAction::Status => match read_store(db)?.shapes_source()? {
            Some((source, at, n)) => outln!("{n} shapes installed {at} from {source}"),
            None => outln!(
                "no boundary shapes installed: run `pmatlas shapes install` (GISCO NUTS 2021) or give a GeoJSON file"
            ),
        },
        ShapesAction::Install { source, tolerance } => {
            let text = if source.starts_with("http://") || source.starts_with("https://") {
                let out = std::process::Command::new("curl")
                    .args(["-fsSL", "--max-time", "300", &source])
                    .output()
                    .map_err(|e| {
                        CliError::Usage(format!("fetching {source} needs curl ({e}); or download it and give the file"))
                    })?;
                if !out.status.success() {
                    return Err(CliError::Usage(format!(
                        "could not fetch {source}: {}; download it and give the file",
                        String::from_utf8_lossy(&out.stderr).trim()
                    )));
                }
                String::from_utf8(out.stdout).map_err(|_| CliError::Usage(format!("{source} is not UTF-8 text")))?
            } else {
                let path = Path::new(&source);
                std::fs::read_to_string(path).map_err(|e| CliError::io(path, e))?
            };
            let shapes = pmatlas_core::geo::shapes_from_geojson(&text, tolerance)
                .map_err(|e| CliError::Usage(format!("{source}: {e}")))?;
            open_store(db)?.install_shapes(&shapes, &source)?;
            let levels: Vec<String> =
                (0..4).map(|l| format!("{} of level {l}", shapes.iter().filter(|s| s.level == l).count())).collect();
            outln!("installed {} shapes ({}) from {source}", shapes.len(), levels.join(", "));
            outln!("maps show: © EuroGeographics for the administrative boundaries");
        }
    }
    Ok(ExitCode::SUCCESS)
}
