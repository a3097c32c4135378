//! The write path: one change checked against the version it names, stored as a new
//! immutable version (merged field by field with the copies since the last base when it is
//! a copy of an import), the region's pointer moved when it publishes, an audit row.

use pmatlas_core::Profile;

use crate::args;
use crate::db::{self, Cell, Conn};
use crate::version::{profile_from_json, within_limits, Outcome, Source, Write, Written};
use crate::StoreError;

/// The version a write is based on: the one it names (a conflict if another is current), or
/// whichever is current (the successive copies of one import).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Named,
    Current,
}

/// What a write leaves besides the reads it makes: its version, its region's pointer and its
/// audit row, written at once, or (for a batch) gathered and written many to a statement,
/// since each statement is a round trip to PostgreSQL. What was gathered for a region is
/// written before that region is read again.
pub(crate) struct Deferred {
    rows: Vec<[String; 4]>,
    pointers: Vec<(String, u32, String)>,
    versions: Vec<[Cell; VERSION_COLUMNS]>,
    /// The heads of regions a batch is about to write, read together (see [`Deferred::read_heads`]).
    heads: std::collections::HashMap<String, Head>,
    later: bool,
}

const VERSION_COLUMNS: usize = 15;

/// A region's current version, its published profile, and its last version number.
type Head = (Option<u32>, Option<String>, u32);

impl Deferred {
    pub(crate) fn now() -> Deferred {
        Deferred {
            rows: Vec::new(),
            pointers: Vec::new(),
            versions: Vec::new(),
            heads: Default::default(),
            later: false,
        }
    }

    pub(crate) fn later() -> Deferred {
        Deferred { later: true, ..Deferred::now() }
    }

    fn audit(&mut self, conn: &Conn, row: [String; 4]) -> Result<(), StoreError> {
        self.rows.push(row);
        self.unless_later(conn)
    }

    /// Makes `number` the current version of `code`.
    fn point(&mut self, conn: &Conn, code: &str, number: u32, at: &str) -> Result<(), StoreError> {
        self.pointers.push((code.to_string(), number, at.to_string()));
        self.unless_later(conn)
    }

    fn store(&mut self, conn: &Conn, version: [Cell; VERSION_COLUMNS]) -> Result<(), StoreError> {
        self.versions.push(version);
        self.unless_later(conn)
    }

    fn unless_later(&mut self, conn: &Conn) -> Result<(), StoreError> {
        if self.later {
            Ok(())
        } else {
            self.flush(conn)
        }
    }

    /// Before `code` is read: what was gathered for it written.
    fn before_reading(&mut self, conn: &Conn, code: &str) -> Result<(), StoreError> {
        if self.pointers.iter().any(|p| p.0 == code)
            || self.versions.iter().any(|v| matches!(&v[0], Cell::Text(c) if c == code))
        {
            self.flush(conn)?;
        }
        Ok(())
    }

    /// Reads the heads of the regions of `codes` in one statement, for their next write
    /// (each is used once: a region's second write in a batch reads its head again).
    pub(crate) fn read_heads(&mut self, conn: &Conn, codes: &[&str]) -> Result<(), StoreError> {
        self.flush(conn)?;
        self.heads.clear();
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        for chunk in codes.chunks(500) {
            let keys = (1..=chunk.len()).map(|i| format!("(CAST(?{i} AS TEXT))")).collect::<Vec<_>>().join(", ");
            let args: Vec<db::Value<'_>> = chunk.iter().map(|c| db::Value::from(*c)).collect();
            let rows = conn.rows(
                &format!(
                    "SELECT k.code, r.current_version, v.profile_json,
                            (SELECT coalesce(max(number), 0) FROM versions WHERE code = k.code)
                     FROM (SELECT column1 AS code FROM (VALUES {keys}) AS keys) k
                     LEFT JOIN regions r ON r.code = k.code
                     LEFT JOIN versions v ON v.code = r.code AND v.number = r.current_version"
                ),
                &args,
            )?;
            for mut row in rows {
                let head: Head = (row.get(1)?, row.get(2)?, row.get(3)?);
                self.heads.insert(row.take_text(0)?, head);
            }
        }
        Ok(())
    }

    /// Writes what was gathered once there is enough for a statement.
    pub(crate) fn flush_some(&mut self, conn: &Conn) -> Result<(), StoreError> {
        if self.rows.len() >= 200 || self.pointers.len() >= 200 || self.versions.len() >= 100 {
            self.flush(conn)?;
        }
        Ok(())
    }

    pub(crate) fn flush(&mut self, conn: &Conn) -> Result<(), StoreError> {
        let marks = |n: usize, k: usize| -> String {
            (0..n)
                .map(|i| format!("({})", (1..=k).map(|j| format!("?{}", k * i + j)).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Versions first: the pointers name them.
        if !self.versions.is_empty() {
            let args: Vec<db::Value<'_>> = self.versions.iter().flatten().map(db::Value::from).collect();
            conn.exec(
                &format!(
                    "INSERT INTO versions (code, number, based_on, author, source, comment, source_ref, source_text,
                                           profile_json, copy_json, published, edition, incomplete, merge_base,
                                           created_at)
                     VALUES {}",
                    marks(self.versions.len(), VERSION_COLUMNS)
                ),
                &args,
            )?;
            self.versions.clear();
        }
        if !self.pointers.is_empty() {
            let args: Vec<db::Value<'_>> = self
                .pointers
                .iter()
                .flat_map(|(c, n, at)| [db::Value::from(c), db::Value::from(*n), db::Value::from(at)])
                .collect();
            conn.exec(
                &format!(
                    "INSERT INTO regions (code, current_version, updated_at) VALUES {}
                     ON CONFLICT (code) DO UPDATE SET current_version = excluded.current_version,
                     updated_at = excluded.updated_at",
                    marks(self.pointers.len(), 3)
                ),
                &args,
            )?;
            self.pointers.clear();
        }
        if !self.rows.is_empty() {
            let args: Vec<db::Value<'_>> = self.rows.iter().flatten().map(db::Value::from).collect();
            conn.exec(
                &format!("INSERT INTO audit (actor, action, code, detail) VALUES {}", marks(self.rows.len(), 4)),
                &args,
            )?;
            self.rows.clear();
        }
        Ok(())
    }
}

pub(crate) fn write_in(conn: &Conn, w: &Write<'_>, base: Base, deferred: &mut Deferred) -> Result<Written, StoreError> {
    within_limits(w.profile)?;
    let code = w.profile.code.as_str();
    deferred.before_reading(conn, code)?;
    let (current, current_json, last) = match deferred.heads.remove(code) {
        Some(head) => head,
        // The current version, its profile and the last version number, in one round trip.
        None => {
            let head = conn
                .row(
                    "SELECT r.current_version, v.profile_json,
                            (SELECT coalesce(max(number), 0) FROM versions WHERE code = k.code)
                     FROM (SELECT CAST(?1 AS TEXT) AS code) k
                     LEFT JOIN regions r ON r.code = k.code
                     LEFT JOIN versions v ON v.code = r.code AND v.number = r.current_version",
                    args![code],
                )?
                .ok_or_else(|| StoreError::Database("no row from the head of a write".into()))?;
            (head.get(0)?, head.get(1)?, head.get(2)?)
        }
    };
    if base == Base::Named && current != w.based_on {
        return Err(StoreError::Conflict { code: code.to_string(), based_on: w.based_on, current });
    }
    let copy_json = serde_json::to_string(w.profile).expect("a profile always serialises");
    // Written as given: an edit, an approved submission, `--replace`, a document without
    // provenance. Later copies merge onto it.
    let merge_base = w.replace || w.profile.origin.edition.is_none() || w.source != Source::Import;
    let as_given = merge_base || current.is_none();
    // The published profile itself (provenance included), or a copy stored before: nothing
    // to store. (A copy written as given is compared with the published profile only.)
    let same: Option<u32> = if last == 0 {
        None
    } else {
        conn.opt(
            "SELECT number FROM versions WHERE code = ?1
               AND ((?3 = 1 AND coalesce(copy_json, profile_json) = ?2) OR (number = ?4 AND profile_json = ?2))
             ORDER BY number DESC LIMIT 1",
            args![code, &copy_json, i64::from(!merge_base), current],
        )?
    };
    if let Some(n) = same {
        return Ok(Written::plain(Outcome::Unchanged(n)));
    }
    let current_profile = match (current, &current_json) {
        (Some(n), Some(json)) => Some(profile_from_json(code, n, json)?),
        _ => None,
    };
    let published = if as_given {
        w.profile.clone()
    } else {
        let copies = copies_since_base(conn, code)?;
        let mut all: Vec<&Profile> = copies.iter().collect();
        all.push(w.profile);
        pmatlas_core::publish::combine(&all).expect("one copy at least")
    };
    let effect = pmatlas_core::effect::effect(current_profile.as_ref(), &published, w.profile);
    let profile_json = serde_json::to_string(&published).expect("a profile always serialises");
    // A copy that changes nothing of the published profile is still stored: every distinct
    // copy is a version, kept without being made current.
    let publish = current_json.as_deref() != Some(profile_json.as_str());
    let (profile_json, carried) =
        if publish { (profile_json, published.origin.carried.clone()) } else { (copy_json.clone(), Vec::new()) };
    let number = last + 1;
    let origin = &w.profile.origin;
    let edition = origin.edition.map(|e| e.label());
    let incomplete = origin.incomplete.as_ref().map(|c| format!("after '{}' (line {})", c.after, c.line));
    let copy = (copy_json != profile_json).then_some(copy_json);
    let now = db::now(0);
    let version = args![
        code,
        number,
        current,
        w.author,
        w.source.as_str(),
        w.comment,
        w.source_ref,
        w.source_text,
        &profile_json,
        copy.as_ref(),
        publish,
        edition.as_ref(),
        incomplete.as_ref(),
        merge_base,
        &now
    ];
    deferred.store(conn, std::array::from_fn(|i| Cell::from(&version[i])))?;
    let action = if !publish {
        "keep"
    } else {
        deferred.point(conn, code, number, &now)?;
        if current.is_some() {
            "update"
        } else {
            "create"
        }
    };
    deferred.audit(
        conn,
        [
            w.author.to_string(),
            action.to_string(),
            code.to_string(),
            format!("version {number} ({})", w.source.as_str()),
        ],
    )?;
    let outcome = match (publish, current.is_some()) {
        (false, _) => Outcome::Kept(number),
        (true, true) => Outcome::Updated(number),
        (true, false) => Outcome::Created(number),
    };
    Ok(Written { outcome, effect, carried })
}

/// The copies a new copy merges with: the last version written as given (its published
/// profile) and every copy stored after it (as read); every copy when none was.
fn copies_since_base(conn: &Conn, code: &str) -> Result<Vec<Profile>, StoreError> {
    let rows = conn.rows(
        "SELECT number, CASE WHEN merge_base = 1 OR source != 'import' THEN profile_json
                             ELSE coalesce(copy_json, profile_json) END
         FROM versions
         WHERE code = ?1 AND number >= (SELECT coalesce(max(number), 0) FROM versions
                                         WHERE code = ?1 AND (merge_base = 1 OR source != 'import'))
         ORDER BY number",
        args![code],
    )?;
    let mut out = Vec::new();
    for mut row in rows {
        let number: u32 = row.get(0)?;
        out.push(profile_from_json(code, number, &row.take_text(1)?)?);
    }
    Ok(out)
}
