//! The PostgreSQL backend: one connection per server process (the read view serves reads;
//! the database sees writes, sessions and refreshes), statements prepared once, migrations
//! counted in `schema_version` and applied under a lock so that servers starting together
//! migrate once.

use std::collections::HashMap;
use std::error::Error;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::value::{Cell, Row, Value};
use crate::StoreError;

/// Schema migrations for PostgreSQL, in order. The first is the SQLite migrations 1 to 11
/// in one; a later change adds a file to both lists.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_notify.sql"),
];

/// The lock every writing transaction takes (and migrations): one writer at a time, as on
/// SQLite, so that a write's check of the current version holds until it commits.
const WRITE_LOCK: i64 = 0x0070_6d61_746c_6173; // "pmatlas"

/// The connection, on a thread of its own: the synchronous client runs a small runtime,
/// which may not be started, used or dropped on a thread that drives asynchronous tasks, and
/// the store is called from anywhere (a server's request tasks, tests). Each call hands its
/// statement and arguments over and waits for the rows: a thread switch, against a round
/// trip to the server that costs ten times more.
pub struct Pg {
    jobs: std::sync::mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce(&mut Inner) + Send>;

struct Inner {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Pg {
    pub fn connect(url: &str) -> Result<Pg, StoreError> {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let (ready, connected) = std::sync::mpsc::channel();
        let url = url.to_string();
        std::thread::Builder::new()
            .name("pmatlas-pg".into())
            .spawn(move || {
                let mut inner = match Inner::connect(&url) {
                    Ok(i) => {
                        let _ = ready.send(Ok(()));
                        i
                    }
                    Err(e) => return drop(ready.send(Err(e))),
                };
                // Ends when the store is dropped (its sender with it); the client goes with it.
                for job in queue {
                    job(&mut inner);
                }
            })
            .map_err(|e| StoreError::Database(format!("no thread for the PostgreSQL connection: {e}")))?;
        connected.recv().map_err(|_| StoreError::Database("the PostgreSQL connection's thread ended".into()))??;
        Ok(Pg { jobs })
    }

    /// Runs `f` on the connection's thread and waits for its answer.
    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Inner) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (reply, answer) = std::sync::mpsc::channel();
        let job: Job = Box::new(move |inner| {
            let _ = reply.send(f(inner));
        });
        let gone = || StoreError::Database("the PostgreSQL connection's thread ended".into());
        self.jobs.send(job).map_err(|_| gone())?;
        answer.recv().map_err(|_| gone())?
    }

    pub fn each(
        &self,
        sql: &str,
        args: &[Value<'_>],
        mut f: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (sql, args): (String, Vec<Cell>) = (sql.to_string(), args.iter().map(Cell::from).collect());
        let rows = self.run(move |i| i.rows(&sql, &borrowed(&args)))?;
        for r in rows {
            f(r)?;
        }
        Ok(())
    }

    pub fn exec(&self, sql: &str, args: &[Value<'_>]) -> Result<u64, StoreError> {
        let (sql, args): (String, Vec<Cell>) = (sql.to_string(), args.iter().map(Cell::from).collect());
        self.run(move |i| i.exec(&sql, &borrowed(&args)))
    }

    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        let sql = sql.to_string();
        self.run(move |i| Ok(i.client.batch_execute(&sql)?))
    }

    pub fn begin_write(&self) -> Result<(), StoreError> {
        self.run(|i| i.begin_write())
    }
}

fn borrowed(args: &[Cell]) -> Vec<Value<'_>> {
    args.iter().map(Value::from).collect()
}

/// `$1` for `?1`: the store's statements never hold a `?` otherwise.
fn dialect(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// The URL with its password hidden, for messages and logs.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((a, h)) => (a, h),
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl Inner {
    fn connect(url: &str) -> Result<Inner, StoreError> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Database(format!("cannot connect to PostgreSQL at {}: {e}", without_password(url)))
        })?;
        let mut pg = Inner { client, statements: HashMap::new() };
        pg.migrate()?;
        Ok(pg)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let supported = MIGRATIONS.len() as i64;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (n BIGINT NOT NULL)")?;
        let found: i64 = match tx.query_opt("SELECT n FROM schema_version", &[])? {
            Some(r) => r.get(0),
            None => {
                tx.execute("INSERT INTO schema_version (n) VALUES (0)", &[])?;
                0
            }
        };
        if found > supported {
            return Err(StoreError::NewerSchema { found, supported });
        }
        for m in MIGRATIONS.iter().skip(found as usize) {
            tx.batch_execute(m)?;
        }
        tx.execute("UPDATE schema_version SET n = $1", &[&supported])?;
        tx.commit()?;
        Ok(())
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(&dialect(sql))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn rows(&mut self, sql: &str, args: &[Value<'_>]) -> Result<Vec<Row>, StoreError> {
        let st = self.statement(sql)?;
        let mut rows = self.client.query_raw(&st, args.iter())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(r.len());
            for (i, col) in r.columns().iter().enumerate() {
                cells.push(cell(&r, i, col.type_())?);
            }
            out.push(Row(cells));
        }
        Ok(out)
    }

    fn exec(&mut self, sql: &str, args: &[Value<'_>]) -> Result<u64, StoreError> {
        let st = self.statement(sql)?;
        let args: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&st, &args)?)
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("BEGIN")?;
        if let Err(e) = self.client.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]) {
            let _ = self.client.batch_execute("ROLLBACK");
            return Err(e.into());
        }
        Ok(())
    }
}

/// Blocks, calling `changed` whenever another connection commits a change (channel
/// `pmatlas`, see `migrations/postgres/0002_notify.sql`), until the connection fails.
pub fn listen(url: &str, mut changed: impl FnMut()) -> Result<(), StoreError> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute("LISTEN pmatlas")?;
    let mut notes = client.notifications();
    let mut iter = notes.blocking_iter();
    while let Some(_note) = iter.next()? {
        changed();
    }
    Err(StoreError::Database("the notification connection closed".into()))
}

fn cell(r: &postgres::Row, i: usize, ty: &Type) -> Result<Cell, StoreError> {
    let c = match *ty {
        Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Cell::Int),
        Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(|x| Cell::Int(x.into())),
        Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(|x| Cell::Int(x.into())),
        Type::BOOL => r.try_get::<_, Option<bool>>(i)?.map(|x| Cell::Int(x.into())),
        Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Cell::Real),
        Type::FLOAT4 => r.try_get::<_, Option<f32>>(i)?.map(|x| Cell::Real(x.into())),
        Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Cell::Blob),
        Type::NUMERIC => {
            return Err(StoreError::Database(format!("column {i} is NUMERIC, which the store does not read")))
        }
        _ => r.try_get::<_, Option<String>>(i)?.map(Cell::Text),
    };
    Ok(c.unwrap_or(Cell::Null))
}

/// An argument goes into whatever type the server inferred for its place: an integer into
/// a BIGINT, an INTEGER or a BOOLEAN (as SQLite stores flags), and so on.
impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(x) => match *ty {
                Type::BOOL => (x != 0).to_sql(ty, out),
                Type::INT2 => i16::try_from(x)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(x)?.to_sql(ty, out),
                Type::FLOAT8 => (x as f64).to_sql(ty, out),
                Type::FLOAT4 => (x as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => x.to_string().to_sql(ty, out),
                _ => x.to_sql(ty, out),
            },
            Value::Real(x) if *ty == Type::FLOAT4 => (x as f32).to_sql(ty, out),
            Value::Real(x) => x.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_numbered_the_postgres_way() {
        assert_eq!(
            super::dialect("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = $12"
        );
    }
}
