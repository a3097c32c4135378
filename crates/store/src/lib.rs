//! pmatlas persistence: every version of every profile, immutable, with the current version
//! as a pointer, and an audit log, in an embedded SQLite database (WAL) or in PostgreSQL
//! (several servers on one database). Writes name the version they were based on, so a
//! concurrent write is refused, never lost.
//!
//! Where things live: this file has `Store` (open, writes with
//! `pmatlas_core::publish::publish` deciding what a copy does to the published profile,
//! versions, history, backup, shapes); `db` the one connection to either database, the SQL
//! both read and the migrations (`migrations/`, `migrations/postgres/`); `snapshot` the
//! immutable read snapshot the website serves from; `export` the CSV, long tables and XLSX;
//! `documents` reads profile files of every format (text, JSON, CSV export) within the size
//! limits; `vectors` the sentence embeddings of the profiles' texts; `migrate` copies a
//! whole database to another and verifies the copy; `testing` fresh
//! databases of each backend for tests; `error` the store's one error type.

mod db;
pub mod documents;
mod error;
pub mod export;
pub mod migrate;
mod snapshot;
pub mod submissions;
pub mod testing;
pub mod users;
mod vectors;

use std::path::Path;

use pmatlas_core::{NutsCode, Profile};

use db::{Conn, Row};

pub use db::Location;
pub use error::StoreError;
pub use snapshot::{Change, Region, Snapshot};

/// Where a version came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Import,
    Survey,
    Edit,
}

impl Source {
    /// The id stored in the database and shown on the versions page.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Import => "import",
            Source::Survey => "survey",
            Source::Edit => "edit",
        }
    }
    fn parse(s: &str) -> Option<Source> {
        [Source::Import, Source::Survey, Source::Edit].into_iter().find(|x| x.as_str() == s)
    }
}

/// A change to one region's profile.
#[derive(Clone, Debug)]
pub struct Write<'a> {
    pub profile: &'a Profile,
    /// The version this change was made on; `None` for a region new to the database.
    pub based_on: Option<u32>,
    pub author: &'a str,
    pub source: Source,
    pub comment: Option<&'a str>,
    /// File name or other origin of the content.
    pub source_ref: Option<&'a str>,
    /// The document as it was given, kept with the version.
    pub source_text: Option<&'a str>,
    /// Publish the copy as read, even if it lacks what the current version says (`import
    /// --replace`). Otherwise each field comes from the newest copy that states it, and a
    /// copy cut part-way is kept without being published (see `pmatlas_core::origin`).
    pub replace: bool,
}

impl<'a> Write<'a> {
    /// A change with no comment and no source document; set those fields as needed.
    pub fn new(profile: &'a Profile, based_on: Option<u32>, author: &'a str, source: Source) -> Write<'a> {
        Write { profile, based_on, author, source, comment: None, source_ref: None, source_text: None, replace: false }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "outcome", content = "version")]
pub enum Outcome {
    Created(u32),
    Updated(u32),
    /// The content equals a stored version (the current one, or the copy an older version
    /// was read from): no new version.
    Unchanged(u32),
    /// A copy cut part-way, stored as a version but not made current.
    Kept(u32),
}

impl Outcome {
    pub fn version(self) -> u32 {
        match self {
            Outcome::Created(v) | Outcome::Updated(v) | Outcome::Unchanged(v) | Outcome::Kept(v) => v,
        }
    }
}

/// What a write did, with what the import summary says about it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    pub outcome: Outcome,
    /// What the copy did to the published profile, in words ("adds 1 answer to
    /// Memberships; the other 20 are kept from the 2019 edition"; "adds nothing new").
    pub effect: String,
    /// Fields the published profile carries from older editions.
    pub carried: Vec<pmatlas_core::origin::Carried>,
}

impl Written {
    fn plain(outcome: Outcome) -> Written {
        Written { outcome, effect: String::new(), carried: Vec::new() }
    }
}

/// One version's metadata.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VersionInfo {
    pub code: String,
    pub number: u32,
    pub based_on: Option<u32>,
    pub author: String,
    pub created_at: String,
    pub source: Source,
    pub comment: Option<String>,
    pub source_ref: Option<String>,
    /// Made current when written (false for a copy cut part-way kept as a version only).
    pub published: bool,
    /// The edition of the data ("2021 edition").
    pub edition: Option<String>,
    /// Where the copy stops, when it stops part-way.
    pub incomplete: Option<String>,
}

/// The columns `info_from_row` reads, in its order.
const INFO_COLUMNS: &str =
    "code, number, based_on, author, created_at, source, comment, source_ref, published, edition, incomplete";

pub struct Store {
    conn: Conn,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path`: WAL mode, migrations applied.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Ok(Store { conn: Conn::open_sqlite(path)? })
    }

    /// Opens an existing SQLite database to read only: no file is created (a mistyped path
    /// is an error naming it), nothing is written, and a database in a read-only folder reads.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Ok(Store { conn: Conn::open_sqlite_read_only(path)? })
    }

    /// A private in-memory SQLite database (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Ok(Store { conn: Conn::sqlite_in_memory()? })
    }

    /// Opens the database at a location: a SQLite file (created if needed) or a PostgreSQL
    /// database (migrated if needed).
    pub fn connect(at: &Location) -> Result<Store, StoreError> {
        match at {
            Location::Sqlite(p) => Store::open(p),
            Location::Postgres(url) => Ok(Store { conn: Conn::connect_pg(url)? }),
        }
    }

    /// Opens a database for a command that only reads: a SQLite file must exist and is not
    /// written; a PostgreSQL database is the same either way.
    pub fn connect_read_only(at: &Location) -> Result<Store, StoreError> {
        match at {
            Location::Sqlite(p) => Store::open_read_only(p),
            Location::Postgres(_) => Store::connect(at),
        }
    }

    /// Whether this store is on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_postgres()
    }

    /// Writes one change in its own transaction.
    pub fn write(&mut self, w: &Write<'_>) -> Result<Written, StoreError> {
        let tx = self.conn.begin()?;
        let out = write_in(&tx, w)?;
        tx.commit()?;
        Ok(out)
    }

    /// Writes several changes in one transaction: all land, or (on any error) none.
    /// Each write is based on the region's version at that point of the batch, so several
    /// documents for one region become successive versions in the order given.
    pub fn write_batch(
        &mut self,
        writes: &[Write<'_>],
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Written>, StoreError> {
        let tx = self.conn.begin()?;
        let mut out = Vec::with_capacity(writes.len());
        for (i, w) in writes.iter().enumerate() {
            let current = current_in(&tx, &w.profile.code)?;
            out.push(write_in(&tx, &Write { based_on: current, ..w.clone() })?);
            progress(i + 1);
        }
        tx.commit()?;
        Ok(out)
    }

    /// The current version number of a region.
    pub fn current_version(&self, code: &NutsCode) -> Result<Option<u32>, StoreError> {
        current_in(&self.conn, code)
    }

    /// The current profile of a region, with its version.
    pub fn current(&self, code: &NutsCode) -> Result<Option<(VersionInfo, Profile)>, StoreError> {
        match self.current_version(code)? {
            Some(n) => self.version(code, n).map(Some),
            None => Ok(None),
        }
    }

    /// One version of a region.
    pub fn version(&self, code: &NutsCode, number: u32) -> Result<(VersionInfo, Profile), StoreError> {
        let row = self.conn.row(
            &format!("SELECT {INFO_COLUMNS}, profile_json FROM versions WHERE code = ?1 AND number = ?2"),
            args![code.as_str(), number],
        )?;
        let mut row = row.ok_or_else(|| StoreError::NotFound { code: code.to_string(), version: Some(number) })?;
        let info = info_from_row(&row)?;
        let profile = profile_from_json(&info.code, info.number, &row.take_text(11)?)?;
        Ok((info, profile))
    }

    /// The original document text a version was made from, when there was one.
    pub fn source_text(&self, code: &NutsCode, number: u32) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .opt::<Option<String>>(
                "SELECT source_text FROM versions WHERE code = ?1 AND number = ?2",
                args![code.as_str(), number],
            )?
            .flatten())
    }

    /// Every version of a region, oldest first.
    pub fn history(&self, code: &NutsCode) -> Result<Vec<VersionInfo>, StoreError> {
        let rows = self.conn.rows(
            &format!("SELECT {INFO_COLUMNS} FROM versions WHERE code = ?1 ORDER BY number"),
            args![code.as_str()],
        )?;
        let v = rows.iter().map(info_from_row).collect::<Result<Vec<_>, _>>()?;
        if v.is_empty() {
            return Err(StoreError::NotFound { code: code.to_string(), version: None });
        }
        Ok(v)
    }

    /// The latest published versions, newest first, of every region or of the regions in
    /// `codes`, each with its changes in words from the version it was written over (none
    /// for a region's first): what the Atom feeds and the home page list.
    pub fn recent(
        &self,
        limit: usize,
        codes: Option<&[NutsCode]>,
    ) -> Result<Vec<(VersionInfo, Vec<pmatlas_core::wording::Said>)>, StoreError> {
        let limit = limit as i64;
        let mut args = vec![db::Value::from(limit)];
        let filter = match codes {
            Some(codes) => {
                args.extend(codes.iter().map(|c| db::Value::from(c.as_str())));
                let marks: Vec<String> = (0..codes.len()).map(|i| format!("?{}", i + 2)).collect();
                // No code: nothing matches (`IN ()` is not SQL).
                if marks.is_empty() {
                    "AND 0 = 1".to_string()
                } else {
                    format!("AND code IN ({})", marks.join(", "))
                }
            }
            None => String::new(),
        };
        let sql = format!("SELECT {INFO_COLUMNS} FROM versions WHERE published = 1 {filter} ORDER BY id DESC LIMIT ?1");
        let infos = self.conn.rows(&sql, &args)?.iter().map(info_from_row).collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(infos.len());
        for v in infos {
            let code = NutsCode::parse(&v.code).map_err(|e| StoreError::Corrupt {
                code: v.code.clone(),
                version: v.number,
                message: format!("{e:?}"),
            })?;
            let changes = match v.based_on {
                Some(b) => {
                    pmatlas_core::wording::changes(&self.version(&code, b)?.1, &self.version(&code, v.number)?.1)
                }
                None => Vec::new(),
            };
            out.push((v, changes));
        }
        Ok(out)
    }

    /// Field-level differences between two versions of a region.
    pub fn diff(&self, code: &NutsCode, from: u32, to: u32) -> Result<Vec<pmatlas_core::diff::Change>, StoreError> {
        let (_, a) = self.version(code, from)?;
        let (_, b) = self.version(code, to)?;
        Ok(pmatlas_core::diff::diff(&a, &b))
    }

    /// Changes when another process commits to the database (see `db::Conn::data_version`).
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn.data_version()
    }

    /// Whether the database holds nothing: no version, no account, no shapes.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.conn.one(
            "SELECT NOT EXISTS (SELECT 1 FROM versions) AND NOT EXISTS (SELECT 1 FROM users)
                AND NOT EXISTS (SELECT 1 FROM shapes)",
            &[],
        )
    }

    /// Numbers of regions and of versions.
    pub fn counts(&self) -> Result<(u64, u64), StoreError> {
        let regions: i64 = self.conn.one("SELECT count(*) FROM regions", &[])?;
        let versions: i64 = self.conn.one("SELECT count(*) FROM versions", &[])?;
        Ok((regions as u64, versions as u64))
    }

    /// All current profiles, read into the immutable snapshot the website serves from.
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let (regions, mut unreadable, watermark) = self.current_since(None)?;
        // A current pointer to a version that is not there (a damaged database): said, not
        // silently left out.
        let missing = self.conn.rows(
            "SELECT r.code, r.current_version FROM regions r
             WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.code = r.code AND v.number = r.current_version)",
            &[],
        )?;
        for row in missing {
            unreadable.push(StoreError::Corrupt {
                code: row.get(0)?,
                version: row.get(1)?,
                message: "the current version is missing from the database".into(),
            });
        }
        let mut snap = Snapshot::new(regions);
        snap.unreadable = unreadable;
        snap.watermark = watermark;
        Ok(snap)
    }

    /// The regions whose current version was published after `watermark` (a snapshot's):
    /// what a snapshot needs to catch up, read in one statement. Also those that do not
    /// read, and the new watermark.
    #[allow(clippy::type_complexity)]
    pub fn changed_since(&self, watermark: i64) -> Result<(Vec<Region>, Vec<StoreError>, i64), StoreError> {
        self.current_since(Some(watermark))
    }

    #[allow(clippy::type_complexity)]
    fn current_since(&self, after: Option<i64>) -> Result<(Vec<Region>, Vec<StoreError>, i64), StoreError> {
        let cols = INFO_COLUMNS.split(", ").map(|c| format!("v.{c}")).collect::<Vec<_>>().join(", ");
        // Versions are never changed and the current pointer only ever moves to a version
        // inserted after it (a higher id): the ids above a watermark are what changed.
        let sql = format!(
            "SELECT {cols}, v.profile_json, v.id
             FROM versions v JOIN regions r ON r.code = v.code AND r.current_version = v.number
             WHERE v.id > ?1
             ORDER BY v.code"
        );
        let mut regions = Vec::new();
        let mut unreadable = Vec::new();
        let mut watermark = after.unwrap_or(0);
        self.conn.each(&sql, args![after.unwrap_or(i64::MIN)], |mut row| {
            let version = info_from_row(&row)?;
            watermark = watermark.max(row.get(12)?);
            match profile_from_json(&version.code, version.number, &row.take_text(11)?) {
                Ok(profile) => regions.push(Region { profile, version }),
                Err(e) => unreadable.push(e),
            }
            Ok(())
        })?;
        Ok((regions, unreadable, watermark))
    }

    /// A consistent copy of the live database at `dest` (SQLite online backup).
    pub fn backup(&self, dest: &Path) -> Result<(), StoreError> {
        self.conn.backup(dest)
    }

    /// `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn.integrity_check()
    }

    /// Replaces the installed boundary shapes (all or nothing).
    pub fn install_shapes(&mut self, shapes: &[pmatlas_core::geo::Shape], source: &str) -> Result<(), StoreError> {
        let tx = self.conn.begin()?;
        tx.exec("DELETE FROM shapes", &[])?;
        for s in shapes {
            tx.exec(
                "INSERT INTO shapes (nuts_id, level, name, path, min_x, min_y, max_x, max_y, geometry)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                args![
                    &s.nuts_id,
                    s.level,
                    &s.name,
                    &s.path,
                    s.bbox.0,
                    s.bbox.1,
                    s.bbox.2,
                    s.bbox.3,
                    s.geometry.as_ref()
                ],
            )?;
        }
        tx.exec(
            "INSERT INTO shapes_source (id, source, count, installed_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET source = excluded.source, count = excluded.count,
             installed_at = excluded.installed_at",
            args![source, shapes.len() as i64, &db::now(0)],
        )?;
        tx.exec("INSERT INTO audit (actor, action, detail) VALUES ('pmatlas', 'install shapes', ?1)", args![source])?;
        tx.commit()
    }

    /// The installed shapes (empty when none are).
    pub fn shapes(&self) -> Result<Vec<pmatlas_core::geo::Shape>, StoreError> {
        let rows = self.conn.rows(
            "SELECT nuts_id, level, name, path, min_x, min_y, max_x, max_y, geometry FROM shapes ORDER BY nuts_id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(pmatlas_core::geo::Shape {
                    nuts_id: r.get(0)?,
                    level: r.get(1)?,
                    name: r.get(2)?,
                    path: r.get(3)?,
                    bbox: (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
                    geometry: r.get(8)?,
                })
            })
            .collect()
    }

    /// Where the installed shapes came from, when, and how many: `None` if none are installed.
    pub fn shapes_source(&self) -> Result<Option<(String, String, u32)>, StoreError> {
        self.conn
            .row("SELECT source, installed_at, count FROM shapes_source WHERE id = 1", &[])?
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .transpose()
    }
}

fn current_in(conn: &Conn, code: &NutsCode) -> Result<Option<u32>, StoreError> {
    conn.opt("SELECT current_version FROM regions WHERE code = ?1", args![code.as_str()])
}

/// Refuses a profile over the limits every stored profile keeps.
pub(crate) fn within_limits(p: &Profile) -> Result<(), StoreError> {
    match pmatlas_core::limits::field_over_limit(p) {
        None => Ok(()),
        Some((field, chars)) => Err(StoreError::TooLarge { code: p.code.to_string(), field, chars }),
    }
}

fn write_in(conn: &Conn, w: &Write<'_>) -> Result<Written, StoreError> {
    within_limits(w.profile)?;
    let code = w.profile.code.as_str();
    let current = current_in(conn, &w.profile.code)?;
    if current != w.based_on {
        return Err(StoreError::Conflict { code: code.to_string(), based_on: w.based_on, current });
    }
    let copy_json = serde_json::to_string(w.profile).expect("a profile always serialises");
    let current_json = current_json(conn, code, current)?;
    // Written as given: an edit, an approved submission, `--replace`, a document without
    // provenance. Later copies merge onto it.
    let base = w.replace || w.profile.origin.edition.is_none() || w.source != Source::Import;
    let as_given = base || current.is_none();
    // The published profile itself (provenance included), or a copy stored before: nothing
    // to store. (A copy written as given is compared with the published profile only.)
    let same: Option<u32> = conn.opt(
        "SELECT number FROM versions WHERE code = ?1
           AND ((?3 = 1 AND coalesce(copy_json, profile_json) = ?2) OR (number = ?4 AND profile_json = ?2))
         ORDER BY number DESC LIMIT 1",
        args![code, &copy_json, i64::from(!base), current],
    )?;
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
    let number: u32 = conn.one("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE code = ?1", args![code])?;
    let origin = &w.profile.origin;
    let edition = origin.edition.map(|e| e.label());
    let incomplete = origin.incomplete.as_ref().map(|c| format!("after '{}' (line {})", c.after, c.line));
    let copy = (copy_json != profile_json).then_some(copy_json);
    let now = db::now(0);
    conn.exec(
        "INSERT INTO versions (code, number, based_on, author, source, comment, source_ref, source_text, profile_json,
                               copy_json, published, edition, incomplete, merge_base, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        args![
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
            base,
            &now
        ],
    )?;
    let action = if !publish {
        "keep"
    } else {
        conn.exec(
            "INSERT INTO regions (code, current_version, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET current_version = excluded.current_version, updated_at = excluded.updated_at",
            args![code, number, &now],
        )?;
        if current.is_some() {
            "update"
        } else {
            "create"
        }
    };
    conn.exec(
        "INSERT INTO audit (actor, action, code, detail) VALUES (?1, ?2, ?3, ?4)",
        args![w.author, action, code, &format!("version {number} ({})", w.source.as_str())],
    )?;
    let outcome = match (publish, current.is_some()) {
        (false, _) => Outcome::Kept(number),
        (true, true) => Outcome::Updated(number),
        (true, false) => Outcome::Created(number),
    };
    Ok(Written { outcome, effect, carried })
}

/// The published profile's JSON as stored.
fn current_json(conn: &Conn, code: &str, current: Option<u32>) -> Result<Option<String>, StoreError> {
    let Some(n) = current else { return Ok(None) };
    conn.opt("SELECT profile_json FROM versions WHERE code = ?1 AND number = ?2", args![code, n])
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

fn load_profile(conn: &Conn, code: &str, number: u32) -> Result<Profile, StoreError> {
    let json: Option<String> =
        conn.opt("SELECT profile_json FROM versions WHERE code = ?1 AND number = ?2", args![code, number])?;
    let json = json.ok_or_else(|| StoreError::NotFound { code: code.to_string(), version: Some(number) })?;
    profile_from_json(code, number, &json)
}

fn info_from_row(r: &Row) -> Result<VersionInfo, StoreError> {
    let source: String = r.get(5)?;
    Ok(VersionInfo {
        code: r.get(0)?,
        number: r.get(1)?,
        based_on: r.get(2)?,
        author: r.get(3)?,
        created_at: r.get(4)?,
        // The column is checked by the schema; an unknown value is a damaged row.
        source: Source::parse(&source).ok_or_else(|| StoreError::Database(format!("unknown source '{source}'")))?,
        comment: r.get(6)?,
        source_ref: r.get(7)?,
        published: r.get(8)?,
        edition: r.get(9)?,
        incomplete: r.get(10)?,
    })
}

fn profile_from_json(code: &str, version: u32, json: &str) -> Result<Profile, StoreError> {
    let mut p: Profile = serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        code: code.to_string(),
        version,
        message: e.to_string(),
    })?;
    p.normalise();
    Ok(p)
}
