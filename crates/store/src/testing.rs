//! Fresh databases for tests, of this crate and of those built on it: the store's tests run
//! on every backend, SQLite always, PostgreSQL when `PMATLAS_TEST_POSTGRES` names a server
//! (a URL to a database from which the tests may create databases; `.ci/run` starts one).
//! Without it the PostgreSQL runs say SKIPPED, and fail when `CI` is set.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Location, Store};

/// A fresh, empty folder for one test, removed with everything in it when dropped: test runs
/// repeated on one machine otherwise fill its disk.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pmatlas-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        TempDir(dir)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, empty database on one backend; a SQLite one's folder is removed and a PostgreSQL
/// one dropped afterwards.
pub struct Db {
    pub at: Location,
    admin: Option<String>,
    name: String,
    _dir: Option<TempDir>,
}

impl Db {
    pub fn store(&self) -> Store {
        Store::connect(&self.at).unwrap_or_else(|e| panic!("{}: {e}", self.at.display()))
    }

    pub fn is_postgres(&self) -> bool {
        self.admin.is_some()
    }

    /// Runs SQL behind the store's back (what a hand-edited database does): its error text.
    pub fn raw_exec(&self, sql: &str) -> Result<u64, String> {
        match &self.at {
            Location::Sqlite(p) => {
                rusqlite::Connection::open(p).unwrap().execute(sql, []).map(|n| n as u64).map_err(|e| e.to_string())
            }
            Location::Postgres(url) => apart(|| {
                postgres::Client::connect(url, postgres::NoTls)
                    .unwrap()
                    .execute(sql, &[])
                    .map_err(|e| e.as_db_error().map_or(e.to_string(), |d| d.message().to_string()))
            }),
        }
    }

    /// The first column of the first row, as text.
    pub fn raw_text(&self, sql: &str) -> String {
        match &self.at {
            Location::Sqlite(p) => rusqlite::Connection::open(p).unwrap().query_row(sql, [], |r| r.get(0)).unwrap(),
            Location::Postgres(url) => {
                apart(|| postgres::Client::connect(url, postgres::NoTls).unwrap().query_one(sql, &[]).unwrap().get(0))
            }
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some(admin) = &self.admin {
            apart(|| {
                if let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
                }
            });
        }
    }
}

/// The server the PostgreSQL runs use, if any (see the module's note).
pub fn postgres_admin() -> Option<String> {
    match std::env::var("PMATLAS_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("SKIPPED: the PostgreSQL run (set PMATLAS_TEST_POSTGRES to a server's URL)");
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but PMATLAS_TEST_POSTGRES is not: PostgreSQL not tested"
            );
            None
        }
    }
}

/// Runs `f` on a thread of its own: the synchronous PostgreSQL client starts a runtime, which
/// a thread driving asynchronous tests may not.
fn apart<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join()).unwrap_or_else(|e| std::panic::resume_unwind(e))
}

static N: AtomicUsize = AtomicUsize::new(0);

/// A fresh database for each backend there is: SQLite, then PostgreSQL when one answers.
pub fn each_backend(test: &str) -> Vec<Db> {
    let mut out = vec![sqlite(test)];
    if let Some(admin) = postgres_admin() {
        out.push(postgres(&admin, test));
    }
    out
}

pub fn sqlite(test: &str) -> Db {
    let dir = TempDir::new(&format!("store-{test}"));
    Db { at: Location::Sqlite(dir.join("test.db")), admin: None, name: String::new(), _dir: Some(dir) }
}

pub fn postgres(admin: &str, test: &str) -> Db {
    let name = format!("pmatlas_t_{}_{}_{}", test, std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    apart(|| {
        let mut c = postgres::Client::connect(admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PMATLAS_TEST_POSTGRES does not answer: {e}"));
        // Databases of test processes that have ended (some tests leave theirs) are dropped.
        let names: Vec<String> = c
            .query("SELECT datname FROM pg_database WHERE datname LIKE 'pmatlas\\_t\\_%'", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        for old in names {
            let pid = old.rsplit('_').nth(1).and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| p != std::process::id() && !std::path::Path::new(&format!("/proc/{p}")).exists()) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)"));
            }
        }
        // Two statements: a batch is one transaction, which neither may run in.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    });
    Db { at: Location::Postgres(with_database(admin, &name)), admin: Some(admin.to_string()), name, _dir: None }
}

/// The URL with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}
