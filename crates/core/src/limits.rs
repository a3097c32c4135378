//! The limits every profile keeps, whichever way it arrives (an import, the survey, a curator's
//! edit, an upload): a profile that was stored always exports and imports again.

use crate::model::Profile;

/// The longest text a field may hold, in characters (the longest real paragraph is ~2,000).
pub const MAX_FIELD_CHARS: usize = 20_000;

/// The first text of a profile over [`MAX_FIELD_CHARS`], by its path ("description[0]"),
/// with its length in characters.
pub fn field_over_limit(p: &Profile) -> Option<(String, usize)> {
    fn walk(path: &str, v: &serde_json::Value) -> Option<(String, usize)> {
        match v {
            serde_json::Value::String(s) if s.len() > MAX_FIELD_CHARS => {
                let n = s.chars().count();
                (n > MAX_FIELD_CHARS).then(|| (path.to_string(), n))
            }
            serde_json::Value::Array(a) => a.iter().enumerate().find_map(|(i, x)| walk(&format!("{path}[{i}]"), x)),
            serde_json::Value::Object(o) => {
                o.iter().find_map(|(k, x)| walk(&if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, x))
            }
            _ => None,
        }
    }
    walk("", &serde_json::to_value(p).ok()?)
}

/// The message for a field over the limit.
pub fn over_limit_message(code: &str, field: &str, chars: usize) -> String {
    format!("{code}: field {field} is {chars} characters long; a field may hold at most {MAX_FIELD_CHARS}")
}
