//! Diagnostics of the reader: warnings that keep the document, and the one error that
//! stops it. Both carry line and column (1-based, columns in characters).

use std::fmt;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    /// The profile field concerned, by its model name (`memberships`, `nace`, …).
    pub field: Option<&'static str>,
    pub message: String,
}

/// `12: warning: nace: unknown NACE Rev. 2 code 'C.99' (column 95)`: put the file name and a
/// colon before it for the `file:line: …` form editors jump to.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: ", self.line, self.severity)?;
        if let Some(field) = self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{} (column {})", self.message, self.column)
    }
}

/// A document that cannot be read as a profile at all (no header, binary data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: error: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    pub fn as_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            line: self.line,
            column: self.column,
            severity: Severity::Error,
            field: None,
            message: self.message.clone(),
        }
    }
}
