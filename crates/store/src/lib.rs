//! pmatlas persistence: every version of every profile, immutable, with the current version
//! as a pointer, and an audit log, in an embedded SQLite database (WAL) or in PostgreSQL
//! (several servers on one database). Writes name the version they were based on, so a
//! concurrent write is refused, never lost.
//!
//! Where things live: this file has `Store` (open, reads, history, backup, shapes);
//! `version` what a version is and what writes one (`Write`, `Written`, `VersionInfo`);
//! `write` the write path (`pmatlas_core::publish` deciding what a copy does to the published
//! profile); `db` the one connection to either database, the SQL both read and the
//! migrations (`migrations/`, `migrations/postgres/`); `snapshot` the immutable read snapshot
//! the website serves from; `export` the CSV, long tables and XLSX; `documents` reads profile
//! files of every format within the size limits; `vectors` the sentence embeddings of the
//! profiles' texts; `migrate` copies a whole database to another and verifies the copy;
//! `users` accounts, roles and the audit log; `sessions` logins, sessions and throttling;
//! `submissions` the survey's submissions and drafts; `testing` fresh databases of each
//! backend for tests; `error` the store's one error type.

mod db;
pub mod documents;
mod error;
pub mod export;
pub mod migrate;
mod sessions;
mod snapshot;
pub mod submissions;
pub mod testing;
pub mod users;
mod vectors;
mod version;
mod write;

use std::path::Path;

use pmatlas_core::{NutsCode, Profile};

use db::Conn;
use version::{current_in, info_from_row, profile_from_json, INFO_COLUMNS};
pub use version::{Outcome, Source, VersionInfo, Write, Written};
use write::{write_in, Base, Deferred};

pub use db::Location;
pub use error::StoreError;
pub use snapshot::{Change, Region, Snapshot};

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

    /// Writes one change in its own transaction.
    pub fn write(&mut self, w: &Write<'_>) -> Result<Written, StoreError> {
        let tx = self.conn.begin()?;
        let out = write_in(&tx, w, Base::Named, &mut Deferred::now())?;
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
        // Each statement is a round trip to PostgreSQL: the batch reads its regions' heads 500 at a
        // time and writes versions, pointers and audit rows many to a statement.
        let mut deferred = Deferred::later();
        for (i, w) in writes.iter().enumerate() {
            if i % 500 == 0 {
                let codes: Vec<&str> = writes[i..].iter().take(500).map(|w| w.profile.code.as_str()).collect();
                deferred.read_heads(&tx, &codes)?;
            }
            out.push(write_in(&tx, w, Base::Current, &mut deferred)?);
            deferred.flush_some(&tx)?;
            progress(i + 1);
        }
        deferred.flush(&tx)?;
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
