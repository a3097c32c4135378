//! Copying a whole database to another, of either backend (`pmatlas migrate`): every
//! version, region pointer, account and its regions, audit row, submission, draft, shape,
//! secret and stored vector, as they are (ids, times and all), in one transaction on the
//! target, then verified by counts and content hashes read back from the target. Login
//! sessions and throttling counts are not copied: they belong to the running site.

use crate::db::{Cell, Row, Value};
use crate::{Store, StoreError};

/// The tables copied, parents before children, with their columns.
const TABLES: &[(&str, &str)] = &[
    ("users", "id, name, role, password_hash, trusted, created_at"),
    ("user_regions", "user_id, code"),
    ("regions", "code, current_version, updated_at"),
    (
        "versions",
        "id, code, number, based_on, author, created_at, source, comment, source_ref, source_text, profile_json, \
         copy_json, published, edition, incomplete, merge_base",
    ),
    ("audit", "id, at, actor, action, code, detail"),
    (
        "submissions",
        "id, code, based_on, profile_json, status, submitter, contact, comment, token_hash, created_at, reviewed_by, \
         reviewed_at, reason, version",
    ),
    ("drafts", "token_hash, code, based_on, fields_json, owner, updated_at"),
    ("shapes", "nuts_id, level, name, path, min_x, min_y, max_x, max_y, geometry"),
    ("shapes_source", "id, source, installed_at, count"),
    ("secrets", "name, value"),
    ("vectors", "key, model, scale, q"),
];

/// What was copied of one table, and that the target holds the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    pub table: &'static str,
    pub rows: u64,
    /// BLAKE2b of the table's rows (order-independent), as hex.
    pub hash: String,
}

/// A row's digest: each cell's kind and bytes, so that 1 and '1' differ.
fn row_digest(r: &Row) -> [u8; 32] {
    use blake2::{digest::consts::U32, Blake2b, Digest};
    let mut h = Blake2b::<U32>::new();
    for c in &r.0 {
        match c {
            Cell::Null => h.update(b"n"),
            Cell::Int(x) => {
                h.update(b"i");
                h.update(x.to_le_bytes());
            }
            Cell::Real(x) => {
                h.update(b"r");
                h.update(x.to_bits().to_le_bytes());
            }
            Cell::Text(s) => {
                h.update(b"t");
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            Cell::Blob(b) => {
                h.update(b"b");
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
    h.finalize().into()
}

/// The digest of a table from its rows' digests, whatever order the database gave them in.
fn table_digest(mut rows: Vec<[u8; 32]>) -> String {
    use blake2::{Blake2b512, Digest};
    rows.sort_unstable();
    let mut h = Blake2b512::new();
    for r in &rows {
        h.update(r);
    }
    h.finalize().iter().take(16).map(|x| format!("{x:02x}")).collect()
}

/// Counts and hashes of every copied table of `store`.
pub fn fingerprint(store: &Store) -> Result<Vec<Copied>, StoreError> {
    TABLES
        .iter()
        .map(|(table, cols)| {
            let mut digests = Vec::new();
            store.conn.each(&format!("SELECT {cols} FROM {table}"), &[], |r| {
                digests.push(row_digest(&r));
                Ok(())
            })?;
            Ok(Copied { table, rows: digests.len() as u64, hash: table_digest(digests) })
        })
        .collect()
}

/// Copies everything of `from` into `to`, which must hold nothing yet, then checks that
/// `to` holds the same: the tables' counts and hashes.
pub fn copy_all(from: &Store, to: &mut Store, mut progress: impl FnMut(&str, u64)) -> Result<Vec<Copied>, StoreError> {
    for (table, _) in TABLES {
        let n: i64 = to.conn.one(&format!("SELECT count(*) FROM {table}"), &[])?;
        if n > 0 && *table != "secrets" {
            return Err(StoreError::Database(format!(
                "the target is not empty ({n} rows in {table}): migrate copies into an empty database only"
            )));
        }
    }
    let mut copied = Vec::new();
    let tx = to.conn.begin()?;
    // A target that made its own secret when it opened takes the source's.
    tx.exec("DELETE FROM secrets", &[])?;
    for (table, cols) in TABLES {
        let marks: Vec<String> = (1..=cols.split(", ").count()).map(|i| format!("?{i}")).collect();
        let insert = format!("INSERT INTO {table} ({cols}) VALUES ({})", marks.join(", "));
        let mut digests = Vec::new();
        from.conn.each(&format!("SELECT {cols} FROM {table}"), &[], |r| {
            digests.push(row_digest(&r));
            let args: Vec<Value<'_>> = r.0.iter().map(Value::from).collect();
            tx.exec(&insert, &args)?;
            if digests.len() % 1000 == 0 {
                progress(table, digests.len() as u64);
            }
            Ok(())
        })?;
        progress(table, digests.len() as u64);
        copied.push(Copied { table, rows: digests.len() as u64, hash: table_digest(digests) });
    }
    if tx.is_postgres() {
        // Ids were copied as they were: new rows continue after them.
        for table in ["users", "versions", "audit", "submissions", "login_failures"] {
            tx.one::<Option<i64>>(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
                ),
                &[],
            )?;
        }
    }
    let generation: i64 = from.conn.one("SELECT n FROM vectors_generation", &[])?;
    tx.exec("UPDATE vectors_generation SET n = ?1", crate::args![generation])?;
    tx.commit()?;
    let found = fingerprint(to)?;
    if found != copied {
        let differ: Vec<String> = copied
            .iter()
            .zip(&found)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("{}: {} rows copied, {} found", a.table, a.rows, b.rows))
            .collect();
        return Err(StoreError::Database(format!("the copy differs from the source: {}", differ.join("; "))));
    }
    Ok(copied)
}
