use std::fmt;

/// What can go wrong in the store; each case maps to one CLI message or HTTP status.
#[derive(Debug)]
pub enum StoreError {
    /// The database file was written by a newer pmatlas.
    NewerSchema {
        found: i64,
        supported: i64,
    },
    /// Another write got there first.
    Conflict {
        code: String,
        based_on: Option<u32>,
        current: Option<u32>,
    },
    NotFound {
        code: String,
        version: Option<u32>,
    },
    /// A stored profile no longer reads (a defect, or a hand-edited database).
    Corrupt {
        code: String,
        version: u32,
        message: String,
    },
    /// A command that only reads named a database that does not exist.
    NoDatabase(std::path::PathBuf),
    /// A write was asked of a database opened read-only, or in a read-only place.
    ReadOnly(String),
    /// The database did not answer within the time a request may wait.
    Busy(std::time::Duration),
    /// An account, password or session was refused (the message says why).
    Auth(String),
    /// A submission made on an older version changes fields that changed since too.
    MergeConflict {
        code: String,
        submission: i64,
        based_on: u32,
        current: u32,
        fields: Vec<String>,
    },
    /// Too many failed logins for the account or from the address lately: wait this many minutes.
    Throttled(i64),
    /// A profile over the limits every profile keeps (`pmatlas_core::limits`): nothing written.
    TooLarge {
        code: String,
        field: String,
        chars: usize,
    },
    /// Something only the other backend does (SQLite's backup file on PostgreSQL).
    Unsupported(&'static str),
    /// A row that does not read as the store expects, or a database that cannot be reached.
    Database(String),
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = |v: &Option<u32>| v.map_or("none (a new region)".to_string(), |n| format!("version {n}"));
        match self {
            StoreError::NewerSchema { found, supported } => write!(
                f,
                "this database has schema version {found}, written by a newer pmatlas; this one reads up to version {supported}: upgrade pmatlas"
            ),
            StoreError::Conflict { code, based_on, current } => write!(
                f,
                "conflict on {code}: the change was based on {} but the current one is {}; reload and apply the change again",
                v(based_on),
                v(current)
            ),
            StoreError::NotFound { code, version: None } => write!(f, "no region {code} in the database"),
            StoreError::NotFound { code, version: Some(n) } => write!(f, "{code} has no version {n}"),
            StoreError::Corrupt { code, version, message } => write!(f, "{code} version {version} does not read: {message}"),
            StoreError::NoDatabase(p) => {
                write!(f, "no database at {} (create one with pmatlas import, or serve --create)", p.display())
            }
            StoreError::ReadOnly(m) => f.write_str(m),
            StoreError::Busy(d) => write!(f, "the database did not answer within {} s", d.as_secs()),
            StoreError::Auth(m) => f.write_str(m),
            StoreError::MergeConflict { code, submission, based_on, current, fields } => write!(
                f,
                "conflict: submission {submission} for {code} was made on version {based_on}, and version {current} (current now) changed {} too: edit it on version {current}",
                fields.join(", ")
            ),
            StoreError::Throttled(m) => write!(f, "too many failed logins lately: try again in {m} minutes"),
            StoreError::TooLarge { code, field, chars } => {
                f.write_str(&pmatlas_core::limits::over_limit_message(code, field, *chars))
            }
            StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                write!(f, "the database cannot be written here (a read-only file or folder): {e}")
            }
            StoreError::Sqlite(e) => write!(f, "database: {e}"),
            StoreError::Unsupported(m) => f.write_str(m),
            StoreError::Database(m) => write!(f, "database: {m}"),
            StoreError::Postgres(e) => match e.as_db_error() {
                // The server's own message (with its detail), not the driver's summary.
                Some(d) => write!(f, "PostgreSQL: {}{}", d.message(), d.detail().map(|x| format!(" ({x})")).unwrap_or_default()),
                None => write!(f, "PostgreSQL: {e}"),
            },
        }
    }
}

impl StoreError {
    /// A write refused because the database or its folder cannot be written.
    pub fn is_read_only(&self) -> bool {
        match self {
            StoreError::ReadOnly(_) => true,
            StoreError::Sqlite(e) => {
                matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen))
            }
            StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION),
            _ => false,
        }
    }
}

impl StoreError {
    /// A write refused because a unique key already holds the value (an account's name).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::ConstraintViolation
            }
            StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION),
            _ => false,
        }
    }
}

impl std::error::Error for StoreError {}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}
