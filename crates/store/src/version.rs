//! A version and what is written to make one: where it came from (`Source`), the change
//! (`Write`), what it did (`Outcome`, `Written`), its metadata (`VersionInfo`), and reading
//! them back from rows.

use pmatlas_core::{NutsCode, Profile};

use crate::args;
use crate::db::{Conn, Row};
use crate::StoreError;

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
    pub(crate) fn parse(s: &str) -> Option<Source> {
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

    /// Whether the write changed the region's current profile (a new region, or a new
    /// current version): what is read of it, is to be read again.
    pub fn made_current(self) -> bool {
        matches!(self, Outcome::Created(_) | Outcome::Updated(_))
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
    pub(crate) fn plain(outcome: Outcome) -> Written {
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
pub(crate) const INFO_COLUMNS: &str =
    "code, number, based_on, author, created_at, source, comment, source_ref, published, edition, incomplete";

pub(crate) fn current_in(conn: &Conn, code: &NutsCode) -> Result<Option<u32>, StoreError> {
    conn.opt("SELECT current_version FROM regions WHERE code = ?1", args![code.as_str()])
}

/// Refuses a profile over the limits every stored profile keeps.
pub(crate) fn within_limits(p: &Profile) -> Result<(), StoreError> {
    match pmatlas_core::limits::field_over_limit(p) {
        None => Ok(()),
        Some((field, chars)) => Err(StoreError::TooLarge { code: p.code.to_string(), field, chars }),
    }
}

pub(crate) fn load_profile(conn: &Conn, code: &str, number: u32) -> Result<Profile, StoreError> {
    let json: Option<String> =
        conn.opt("SELECT profile_json FROM versions WHERE code = ?1 AND number = ?2", args![code, number])?;
    let json = json.ok_or_else(|| StoreError::NotFound { code: code.to_string(), version: Some(number) })?;
    profile_from_json(code, number, &json)
}

pub(crate) fn info_from_row(r: &Row) -> Result<VersionInfo, StoreError> {
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

pub(crate) fn profile_from_json(code: &str, version: u32, json: &str) -> Result<Profile, StoreError> {
    let mut p: Profile = serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        code: code.to_string(),
        version,
        message: e.to_string(),
    })?;
    p.normalise();
    // The copy holds every list at its length: the parser's lists grew by doubling (serde
    // reads a JSON array without knowing its length), which was a third of a snapshot's
    // memory at 10,000 profiles (79.9 MB read, 50.8 MB copied).
    Ok(p.clone())
}
