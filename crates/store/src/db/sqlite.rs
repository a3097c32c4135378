//! The embedded backend: a SQLite file in WAL mode, migrated by `PRAGMA user_version`.

use std::path::Path;
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::value::{Cell, Row, Value};
use crate::StoreError;

/// Schema migrations, applied in order on open; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_shapes.sql"),
    include_str!("../../migrations/0003_provenance.sql"),
    include_str!("../../migrations/0004_audit_immutable.sql"),
    include_str!("../../migrations/0005_shape_geometry.sql"),
    include_str!("../../migrations/0006_users.sql"),
    include_str!("../../migrations/0007_submissions.sql"),
    include_str!("../../migrations/0008_drafts.sql"),
    include_str!("../../migrations/0009_merge_base.sql"),
    include_str!("../../migrations/0010_secrets.sql"),
    include_str!("../../migrations/0011_vectors.sql"),
];

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(x) => ToSqlOutput::Borrowed(ValueRef::Integer(x)),
            Value::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(x)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// Opens (creating if needed) the database at `path`: WAL mode, migrations applied.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    setup(Connection::open(path)?)
}

/// Opens an existing database to read only: no file is created (a mistyped path is an
/// error naming it), nothing is written, and a database in a read-only folder reads.
pub fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::NoDatabase(path.to_path_buf()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // A WAL database in a read-only folder cannot make its shared-memory file: read it
    // as an immutable file instead (nothing else can be writing there either).
    let conn = match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        Ok(_) => conn,
        Err(_) => {
            let uri = format!("file:{}?immutable=1", path.display());
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?
        }
    };
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    if found < supported {
        return Err(StoreError::ReadOnly(format!(
            "{} needs its schema updated (version {found} to {supported}), which a read-only open cannot do: \
             run a command that writes (pmatlas import) where the file is writable",
            path.display()
        )));
    }
    Ok(conn)
}

pub fn setup(mut conn: Connection) -> Result<Connection, StoreError> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Every statement is prepared once per connection (about 40 distinct ones).
    conn.set_prepared_statement_cache_capacity(64);
    let supported = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    if found < supported {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for m in MIGRATIONS.iter().skip(now as usize) {
            tx.execute_batch(m)?;
        }
        tx.pragma_update(None, "user_version", supported)?;
        tx.commit()?;
    }
    Ok(conn)
}

pub fn each(
    conn: &Connection,
    sql: &str,
    args: &[Value<'_>],
    mut f: impl FnMut(Row) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut st = conn.prepare_cached(sql)?;
    let n = st.column_count();
    let mut rows = st.query(rusqlite::params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            cells.push(match r.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(x) => Cell::Int(x),
                ValueRef::Real(x) => Cell::Real(x),
                ValueRef::Text(t) => Cell::Text(
                    String::from_utf8(t.to_vec())
                        .map_err(|e| StoreError::Database(format!("column {i} is not UTF-8 text: {e}")))?,
                ),
                ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
            });
        }
        f(Row(cells))?;
    }
    Ok(())
}

pub fn exec(conn: &Connection, sql: &str, args: &[Value<'_>]) -> Result<u64, StoreError> {
    Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))? as u64)
}
