//! Spreadsheet safety for every CSV cell the product writes (OWASP CSV injection): a cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula
//! by Excel or LibreOffice; it is written with a leading `'`, which both show as text.

use std::borrow::Cow;

/// The cell as a spreadsheet will read it as text.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV field: spreadsheet-safe, quoted when it holds a comma, a quote or a line break
/// (a bare carriage return included).
pub fn csv_field(s: &str) -> Cow<'_, str> {
    let safe = safe_cell(s);
    if safe.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", safe.replace('"', "\"\"")))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_text_and_line_breaks_quoted() {
        assert_eq!(safe_cell("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(safe_cell("@SUM(1+1)*cmd|' /C calc'!A0"), "'@SUM(1+1)*cmd|' /C calc'!A0");
        for s in ["+1", "-1", "\tx", "\rx"] {
            assert!(safe_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(safe_cell("Thuringia"), "Thuringia");
        assert_eq!(csv_field("a\rb"), "\"a\rb\"");
        assert_eq!(csv_field("=1,2"), "\"'=1,2\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
