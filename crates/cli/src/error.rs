use std::fmt;
use std::path::{Path, PathBuf};

/// What can go wrong in a command, each case with the place it went wrong.
#[derive(Debug)]
pub enum CliError {
    Io { path: PathBuf, source: std::io::Error },
    Document { path: PathBuf, error: pmatlas_core::ParseError },
    Usage(String),
    Store(pmatlas_store::StoreError),
}

impl From<pmatlas_store::StoreError> for CliError {
    fn from(e: pmatlas_store::StoreError) -> Self {
        CliError::Store(e)
    }
}

impl CliError {
    pub fn io(path: &Path, source: std::io::Error) -> CliError {
        CliError::Io { path: path.to_path_buf(), source }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            CliError::Document { path, error } => {
                write!(f, "{}:{}: {} (column {})", path.display(), error.line, error.message, error.column)
            }
            CliError::Usage(m) => f.write_str(m),
            CliError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CliError {}
