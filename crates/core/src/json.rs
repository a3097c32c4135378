//! Canonical JSON of a profile (serde) and its JSON Schema.

use crate::diag::ParseError;
use crate::model::Profile;

/// Pretty canonical JSON of one profile.
pub fn to_json(p: &Profile) -> String {
    serde_json::to_string_pretty(p).expect("a profile always serialises")
}

/// Reads canonical JSON: one profile, or an array of profiles. Derived fields are
/// recomputed, so a hand-edited file cannot carry stale topics or levels.
pub fn from_json(s: &str) -> Result<Vec<Profile>, ParseError> {
    // Deserialising from the text (not from a Value) keeps serde's line and column.
    let mut profiles: Vec<Profile> = if s.trim_start().starts_with('[') {
        serde_json::from_str(s).map_err(json_error)?
    } else {
        vec![serde_json::from_str(s).map_err(json_error)?]
    };
    if profiles.is_empty() {
        return Err(ParseError { line: 1, column: 1, message: "an empty list: no profile".into() });
    }
    for p in &mut profiles {
        p.normalise();
    }
    Ok(profiles)
}

fn json_error(e: serde_json::Error) -> ParseError {
    ParseError {
        line: e.line() as u32,
        column: e.column() as u32,
        message: format!("not a pmatlas profile in JSON: {e}"),
    }
}

/// The JSON Schema of a profile (draft 2020-12), as committed in `schema/profile.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Profile);
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}
