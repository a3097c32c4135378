//! The one connection the store talks through, to SQLite (embedded, the default) or to
//! PostgreSQL (several servers on one database). Queries are written once, in the SQL both
//! understand: arguments as `?1`, `?2` (made `$1`, `$2` for PostgreSQL), upserts as
//! `ON CONFLICT`, new ids by `RETURNING`, times given as arguments (`now`) rather than by a
//! dialect's date functions. What only one of them has (SQLite's online backup, its
//! integrity check) says so on the other.

mod pg;
mod sqlite;
mod value;

use std::path::Path;

pub use value::{Cell, FromCell, Row, Value};

use crate::StoreError;

/// Where a database is: a file, or a `postgres://` (or `postgresql://`) URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Location {
    /// Reads a `--db` setting: a URL starting `postgres://` or `postgresql://` is PostgreSQL;
    /// `sqlite:PATH` or anything else is a file.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            Location::Sqlite(s.strip_prefix("sqlite:").unwrap_or(s).into())
        }
    }

    /// The file that what is kept beside the database (the model's folder) is named after:
    /// the SQLite file, or `pmatlas-postgres` in the working directory.
    pub fn beside(&self) -> std::path::PathBuf {
        match self {
            Location::Sqlite(p) => p.clone(),
            Location::Postgres(_) => "pmatlas-postgres".into(),
        }
    }

    /// Whether the database is there already (a PostgreSQL database is taken to be: it is
    /// made by its administrator, and a wrong URL fails when connecting).
    pub fn exists(&self) -> bool {
        match self {
            Location::Sqlite(p) => p.exists(),
            Location::Postgres(_) => true,
        }
    }

    /// Blocks, calling `changed` whenever another process commits to the database, until
    /// the connection fails (an error to retry after). Only PostgreSQL tells: on SQLite
    /// this says so at once, and the data version is polled instead.
    pub fn listen(&self, changed: impl FnMut()) -> Result<(), StoreError> {
        match self {
            Location::Sqlite(_) => Err(StoreError::Unsupported("SQLite sends no notifications")),
            Location::Postgres(url) => pg::listen(url, changed),
        }
    }

    /// What a message may show: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => pg::without_password(url),
        }
    }
}

pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(pg::Pg),
}

impl Conn {
    pub(crate) fn open_sqlite(path: &Path) -> Result<Conn, StoreError> {
        sqlite::open(path).map(Conn::Sqlite)
    }

    pub(crate) fn open_sqlite_read_only(path: &Path) -> Result<Conn, StoreError> {
        sqlite::open_read_only(path).map(Conn::Sqlite)
    }

    pub(crate) fn sqlite_in_memory() -> Result<Conn, StoreError> {
        sqlite::setup(rusqlite::Connection::open_in_memory()?).map(Conn::Sqlite)
    }

    pub(crate) fn connect_pg(url: &str) -> Result<Conn, StoreError> {
        pg::Pg::connect(url).map(Conn::Pg)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Conn::Pg(_))
    }

    /// Calls `f` with each row of the result, in order: SQLite's as they are read;
    /// PostgreSQL's once its connection's thread has read them all.
    pub fn each(
        &self,
        sql: &str,
        args: &[Value<'_>],
        f: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => sqlite::each(c, sql, args, f),
            Conn::Pg(p) => p.each(sql, args, f),
        }
    }

    pub fn rows(&self, sql: &str, args: &[Value<'_>]) -> Result<Vec<Row>, StoreError> {
        let mut out = Vec::new();
        self.each(sql, args, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, if there is one.
    pub fn row(&self, sql: &str, args: &[Value<'_>]) -> Result<Option<Row>, StoreError> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }

    /// The first column of the first row, if there is one.
    pub fn opt<T: FromCell>(&self, sql: &str, args: &[Value<'_>]) -> Result<Option<T>, StoreError> {
        self.row(sql, args)?.map(|r| r.get(0)).transpose()
    }

    /// The first column of the one row a query always gives (a count, a sum).
    pub fn one<T: FromCell>(&self, sql: &str, args: &[Value<'_>]) -> Result<T, StoreError> {
        self.opt(sql, args)?.ok_or_else(|| StoreError::Database(format!("no row from: {sql}")))
    }

    /// Runs a statement; the number of rows it changed.
    pub fn exec(&self, sql: &str, args: &[Value<'_>]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(c) => sqlite::exec(c, sql, args),
            Conn::Pg(p) => p.exec(sql, args),
        }
    }

    /// Begins a write transaction, waiting for any other writer to finish (SQLite's
    /// `BEGIN IMMEDIATE`; on PostgreSQL a transaction-wide lock every writer takes), so that
    /// the version a write names is still current when it lands. Rolled back unless
    /// committed.
    pub fn begin(&self) -> Result<Tx<'_>, StoreError> {
        match self {
            Conn::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Conn::Pg(p) => p.begin_write()?,
        }
        Ok(Tx { conn: self, done: false })
    }

    fn end(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(p) => p.batch(sql),
        }
    }

    /// A number that changes when any process commits a change that the read view or the
    /// vectors depend on: SQLite's data version (changes by other connections); on
    /// PostgreSQL the newest audit row and the vectors' generation.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        match self {
            Conn::Sqlite(c) => Ok(c.pragma_query_value(None, "data_version", |r| r.get(0))?),
            Conn::Pg(_) => {
                self.one("SELECT (SELECT coalesce(max(id), 0) FROM audit) + (SELECT n FROM vectors_generation)", &[])
            }
        }
    }

    /// A consistent copy of a SQLite database (online backup).
    pub fn backup(&self, dest: &Path) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => Ok(c.backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)?),
            Conn::Pg(_) => Err(StoreError::Unsupported(
                "backup copies a SQLite file; back PostgreSQL up with pg_dump (or copy it to a file with pmatlas migrate)",
            )),
        }
    }

    /// SQLite's `PRAGMA integrity_check` (`ok`, or what is wrong); PostgreSQL checks its
    /// own pages (`ok` once it answers).
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        match self {
            Conn::Sqlite(c) => Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?),
            Conn::Pg(_) => self.one::<i64>("SELECT 1", &[]).map(|_| "ok".to_string()),
        }
    }
}

/// A write transaction; rolled back when dropped uncommitted.
pub(crate) struct Tx<'a> {
    conn: &'a Conn,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.done = true;
        self.conn.end("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.end("ROLLBACK");
        }
    }
}

/// The time `offset_secs` from now, UTC, as stored (`2026-12-03T05:04:01.123Z`): the same
/// text on both databases, so that times compare as text.
pub fn now(offset_secs: i64) -> String {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    iso(since.as_millis() as i64 + offset_secs * 1000)
}

/// Milliseconds since 1970 as stored.
fn iso(ms: i64) -> String {
    let (secs, ms) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn now_reads_as_the_stored_times_do() {
        let t = super::now(0);
        assert_eq!(t.len(), 24, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z') && &t[10..11] == "T", "{t}");
        assert!(super::now(-3600) < t && t < super::now(3600));
        assert_eq!(super::iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(super::iso(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(super::iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn a_location_is_a_file_unless_it_is_a_postgres_url() {
        use super::Location;
        assert_eq!(Location::parse("x.db"), Location::Sqlite("x.db".into()));
        assert_eq!(Location::parse("sqlite:x.db"), Location::Sqlite("x.db".into()));
        assert!(matches!(Location::parse("postgres://u:secret@h/db"), Location::Postgres(_)));
        assert_eq!(Location::parse("postgresql://u:secret@h:5/db").display(), "postgresql://u:***@h:5/db");
    }
}
