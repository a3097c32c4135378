//! pmatlas persistence: an embedded SQLite database (WAL) holding every version of every
//! profile, immutable, with the current version as a pointer, and an audit log. Writes name
//! the version they were based on, so a concurrent write is refused, never lost.
//!
//! Where things live: this file has `Store` (open, migrations in `migrations/`, writes with
//! `pmatlas_core::publish::publish` deciding what a copy does to the published profile,
//! versions, history, backup, shapes); `snapshot` the immutable read snapshot the website
//! serves from; `export` the CSV, long tables and XLSX; `documents` reads
//! profile files of every format (text, JSON, CSV export) within the size limits; `vectors` the
//! sentence embeddings of the profiles' texts; `error` the store's one error type.

pub mod documents;
mod error;
pub mod export;
mod snapshot;
pub mod submissions;
pub mod users;
mod vectors;

use std::path::Path;
use std::time::Duration;

use pmatlas_core::{NutsCode, Profile};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

pub use error::StoreError;
pub use snapshot::{Change, Region, Snapshot};

/// Schema migrations, applied in order on open; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_shapes.sql"),
    include_str!("../migrations/0003_provenance.sql"),
    include_str!("../migrations/0004_audit_immutable.sql"),
    include_str!("../migrations/0005_shape_geometry.sql"),
    include_str!("../migrations/0006_users.sql"),
    include_str!("../migrations/0007_submissions.sql"),
    include_str!("../migrations/0008_drafts.sql"),
    include_str!("../migrations/0009_merge_base.sql"),
    include_str!("../migrations/0010_secrets.sql"),
    include_str!("../migrations/0011_vectors.sql"),
];

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
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`: WAL mode, migrations applied.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::setup(conn)
    }

    /// Opens an existing database to read only: no file is created (a mistyped path is an
    /// error naming it), nothing is written, and a database in a read-only folder reads.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
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
        Ok(Store { conn })
    }

    /// A private in-memory database (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let supported = MIGRATIONS.len() as i64;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > supported {
            return Err(StoreError::NewerSchema { found, supported });
        }
        if found < supported {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            for m in MIGRATIONS.iter().skip(now as usize) {
                tx.execute_batch(m)?;
            }
            tx.pragma_update(None, "user_version", supported)?;
            tx.commit()?;
        }
        Ok(Store { conn })
    }

    /// Writes one change in its own transaction.
    pub fn write(&mut self, w: &Write<'_>) -> Result<Written, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
        let row = self
            .conn
            .query_row(
                &format!("SELECT {INFO_COLUMNS}, profile_json FROM versions WHERE code = ?1 AND number = ?2"),
                params![code.as_str(), number],
                |r| Ok((info_from_row(r)?, r.get::<_, String>(11)?)),
            )
            .optional()?;
        let (info, json) = row.ok_or_else(|| StoreError::NotFound { code: code.to_string(), version: Some(number) })?;
        let profile = profile_from_json(&info.code, info.number, &json)?;
        Ok((info, profile))
    }

    /// The original document text a version was made from, when there was one.
    pub fn source_text(&self, code: &NutsCode, number: u32) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT source_text FROM versions WHERE code = ?1 AND number = ?2",
                params![code.as_str(), number],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Every version of a region, oldest first.
    pub fn history(&self, code: &NutsCode) -> Result<Vec<VersionInfo>, StoreError> {
        let mut st =
            self.conn.prepare(&format!("SELECT {INFO_COLUMNS} FROM versions WHERE code = ?1 ORDER BY number"))?;
        let v = st.query_map(params![code.as_str()], info_from_row)?.collect::<Result<Vec<_>, _>>()?;
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
        // The codes as a JSON array, which SQLite's json_each reads.
        let filter =
            codes.map(|c| serde_json::Value::from(c.iter().map(|x| x.as_str()).collect::<Vec<_>>()).to_string());
        let sql = format!(
            "SELECT {INFO_COLUMNS} FROM versions WHERE published = 1 {} ORDER BY id DESC LIMIT ?1",
            if filter.is_some() { "AND code IN (SELECT value FROM json_each(?2))" } else { "" }
        );
        let mut st = self.conn.prepare(&sql)?;
        let infos: Vec<VersionInfo> = match &filter {
            Some(f) => st.query_map(params![limit as i64, f], info_from_row)?.collect::<Result<_, _>>()?,
            None => st.query_map(params![limit as i64], info_from_row)?.collect::<Result<_, _>>()?,
        };
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

    /// SQLite's data version: it changes when another connection (another process, an
    /// import) commits to the database.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Whether the database holds nothing: no version, no account, no shapes.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM versions) AND NOT EXISTS (SELECT 1 FROM users)
                AND NOT EXISTS (SELECT 1 FROM shapes)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Numbers of regions and of versions.
    pub fn counts(&self) -> Result<(u64, u64), StoreError> {
        let regions: i64 = self.conn.query_row("SELECT count(*) FROM regions", [], |r| r.get(0))?;
        let versions: i64 = self.conn.query_row("SELECT count(*) FROM versions", [], |r| r.get(0))?;
        Ok((regions as u64, versions as u64))
    }

    /// All current profiles, read into the immutable snapshot the website serves from.
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let (regions, mut unreadable, watermark) = self.current_since(None)?;
        // A current pointer to a version that is not there (a damaged database): said, not
        // silently left out.
        let mut st = self.conn.prepare(
            "SELECT r.code, r.current_version FROM regions r
             WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.code = r.code AND v.number = r.current_version)",
        )?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
            let (code, version) = row?;
            unreadable.push(StoreError::Corrupt {
                code,
                version,
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
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols}, v.profile_json, v.id
             FROM versions v JOIN regions r ON r.code = v.code AND r.current_version = v.number
             WHERE v.id > ?1
             ORDER BY v.code"
        ))?;
        let from = after.unwrap_or(i64::MIN);
        let rows = st.query_map([from], |r| Ok((info_from_row(r)?, r.get::<_, String>(11)?, r.get::<_, i64>(12)?)))?;
        let mut regions = Vec::new();
        let mut unreadable = Vec::new();
        let mut watermark = after.unwrap_or(0);
        for row in rows {
            let (version, json, id) = row?;
            watermark = watermark.max(id);
            match profile_from_json(&version.code, version.number, &json) {
                Ok(profile) => regions.push(Region { profile, version }),
                Err(e) => unreadable.push(e),
            }
        }
        Ok((regions, unreadable, watermark))
    }

    /// A consistent copy of the live database at `dest` (SQLite online backup).
    pub fn backup(&self, dest: &Path) -> Result<(), StoreError> {
        self.conn.backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Replaces the installed boundary shapes (all or nothing).
    pub fn install_shapes(&mut self, shapes: &[pmatlas_core::geo::Shape], source: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM shapes", [])?;
        {
            let mut st = tx.prepare(
                "INSERT INTO shapes (nuts_id, level, name, path, min_x, min_y, max_x, max_y, geometry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for s in shapes {
                st.execute(params![
                    s.nuts_id, s.level, s.name, s.path, s.bbox.0, s.bbox.1, s.bbox.2, s.bbox.3, s.geometry
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO shapes_source (id, source, count) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET source = excluded.source, count = excluded.count,
             installed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            params![source, shapes.len() as i64],
        )?;
        tx.execute(
            "INSERT INTO audit (actor, action, detail) VALUES ('pmatlas', 'install shapes', ?1)",
            params![source],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The installed shapes (empty when none are).
    pub fn shapes(&self) -> Result<Vec<pmatlas_core::geo::Shape>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT nuts_id, level, name, path, min_x, min_y, max_x, max_y, geometry FROM shapes ORDER BY nuts_id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(pmatlas_core::geo::Shape {
                nuts_id: r.get(0)?,
                level: r.get(1)?,
                name: r.get(2)?,
                path: r.get(3)?,
                bbox: (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
                geometry: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where the installed shapes came from, when, and how many: `None` if none are installed.
    pub fn shapes_source(&self) -> Result<Option<(String, String, u32)>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT source, installed_at, count FROM shapes_source WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }
}

fn current_in(conn: &Connection, code: &NutsCode) -> Result<Option<u32>, StoreError> {
    Ok(conn
        .query_row("SELECT current_version FROM regions WHERE code = ?1", params![code.as_str()], |r| r.get(0))
        .optional()?)
}

/// Refuses a profile over the limits every stored profile keeps.
pub(crate) fn within_limits(p: &Profile) -> Result<(), StoreError> {
    match pmatlas_core::limits::field_over_limit(p) {
        None => Ok(()),
        Some((field, chars)) => Err(StoreError::TooLarge { code: p.code.to_string(), field, chars }),
    }
}

fn write_in(conn: &Connection, w: &Write<'_>) -> Result<Written, StoreError> {
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
    let same: Option<u32> = conn
        .query_row(
            "SELECT number FROM versions WHERE code = ?1
               AND ((?3 AND coalesce(copy_json, profile_json) = ?2) OR (number = ?4 AND profile_json = ?2))
             ORDER BY number DESC LIMIT 1",
            params![code, copy_json, !base, current],
            |r| r.get(0),
        )
        .optional()?;
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
    let number: u32 =
        conn.query_row("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE code = ?1", params![code], |r| {
            r.get(0)
        })?;
    let origin = &w.profile.origin;
    let edition = origin.edition.map(|e| e.label());
    let incomplete = origin.incomplete.as_ref().map(|c| format!("after '{}' (line {})", c.after, c.line));
    let copy = (copy_json != profile_json).then_some(copy_json);
    conn.execute(
        "INSERT INTO versions (code, number, based_on, author, source, comment, source_ref, source_text, profile_json,
                               copy_json, published, edition, incomplete, merge_base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            code,
            number,
            current,
            w.author,
            w.source.as_str(),
            w.comment,
            w.source_ref,
            w.source_text,
            profile_json,
            copy,
            publish,
            edition,
            incomplete,
            base
        ],
    )?;
    let action = if !publish {
        "keep"
    } else {
        conn.execute(
            "INSERT INTO regions (code, current_version, updated_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (code) DO UPDATE SET current_version = excluded.current_version, updated_at = excluded.updated_at",
            params![code, number],
        )?;
        if current.is_some() {
            "update"
        } else {
            "create"
        }
    };
    conn.execute(
        "INSERT INTO audit (actor, action, code, detail) VALUES (?1, ?2, ?3, ?4)",
        params![w.author, action, code, format!("version {number} ({})", w.source.as_str())],
    )?;
    let outcome = match (publish, current.is_some()) {
        (false, _) => Outcome::Kept(number),
        (true, true) => Outcome::Updated(number),
        (true, false) => Outcome::Created(number),
    };
    Ok(Written { outcome, effect, carried })
}

/// The published profile's JSON as stored.
fn current_json(conn: &Connection, code: &str, current: Option<u32>) -> Result<Option<String>, StoreError> {
    let Some(n) = current else { return Ok(None) };
    Ok(conn
        .query_row("SELECT profile_json FROM versions WHERE code = ?1 AND number = ?2", params![code, n], |r| r.get(0))
        .optional()?)
}

/// The copies a new copy merges with: the last version written as given (its published
/// profile) and every copy stored after it (as read); every copy when none was.
fn copies_since_base(conn: &Connection, code: &str) -> Result<Vec<Profile>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT number, CASE WHEN merge_base = 1 OR source != 'import' THEN profile_json
                             ELSE coalesce(copy_json, profile_json) END
         FROM versions
         WHERE code = ?1 AND number >= (SELECT coalesce(max(number), 0) FROM versions
                                         WHERE code = ?1 AND (merge_base = 1 OR source != 'import'))
         ORDER BY number",
    )?;
    let rows = st.query_map(params![code], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (number, json) = row?;
        out.push(profile_from_json(code, number, &json)?);
    }
    Ok(out)
}

fn load_profile(conn: &Connection, code: &str, number: u32) -> Result<Profile, StoreError> {
    let json: String = conn.query_row(
        "SELECT profile_json FROM versions WHERE code = ?1 AND number = ?2",
        params![code, number],
        |r| r.get(0),
    )?;
    profile_from_json(code, number, &json)
}

fn info_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionInfo> {
    Ok(VersionInfo {
        code: r.get(0)?,
        number: r.get(1)?,
        based_on: r.get(2)?,
        author: r.get(3)?,
        created_at: r.get(4)?,
        source: {
            // The column is checked by the schema; an unknown value is a damaged row, not an import.
            let s: String = r.get(5)?;
            Source::parse(&s).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    format!("unknown source '{s}'").into(),
                )
            })?
        },
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
