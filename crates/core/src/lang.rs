//! The language a region's name is written in, so that a page can mark a name in another
//! language than its own (`lang="nl"` on "Vlaams Gewest"): English names (the exonyms of
//! `data/names.csv`, the countries' English names) are the page's language; a region's own
//! name is in the language `data/vocab/name-languages.csv` gives its country or region.

use std::sync::OnceLock;

use crate::text::fold;
use crate::NutsCode;

struct Table {
    /// (code prefix, language), longest prefix first.
    prefixes: Vec<(String, String)>,
    /// (code, folded name, language) of `names.csv`.
    names: Vec<(String, String, String)>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let read = |src: &'static str| {
            let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(src.as_bytes());
            r.records().map(|x| x.expect("data is well-formed (checked by tests)")).collect::<Vec<_>>()
        };
        let mut prefixes: Vec<(String, String)> = read(include_str!("../../../data/vocab/name-languages.csv"))
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let names = read(include_str!("../../../data/names.csv"))
            .iter()
            .map(|r| (r[0].to_string(), fold(&r[1]), r[3].to_string()))
            .collect();
        Table { prefixes, names }
    })
}

/// The language of `part`, a name of region `code` (or part of one: "Vlaams Gewest" of
/// "Vlaams Gewest / Flanders Region"); `None` when it is English, the pages' language.
pub fn of_name(code: &NutsCode, part: &str) -> Option<&'static str> {
    let t = table();
    let f = fold(part);
    let country = code.country();
    let listed = t.names.iter().find(|(c, n, _)| (c == code.as_str() || c == country) && *n == f);
    if let Some((_, _, lang)) = listed {
        return (lang != "en").then_some(lang.as_str());
    }
    if crate::vocab::vocab().country_name(country).is_some_and(|n| fold(n) == f) {
        return None;
    }
    t.prefixes.iter().find(|(p, _)| code.as_str().starts_with(p.as_str())).map(|(_, l)| l.as_str())
}

/// A region's name in parts, each with its language: bilingual names ("Vlaams Gewest /
/// Flanders Region") are split at their " / ".
pub fn name_parts<'a>(code: &NutsCode, name: &'a str) -> Vec<(&'a str, Option<&'static str>)> {
    name.split(" / ").map(|part| (part, of_name(code, part))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> NutsCode {
        NutsCode::parse(s).unwrap()
    }

    #[test]
    fn names_in_other_languages_are_marked() {
        assert_eq!(of_name(&code("DEG"), "Thuringia"), None);
        assert_eq!(of_name(&code("DEG"), "Thüringen"), Some("de"));
        assert_eq!(of_name(&code("NL"), "Nederland"), Some("nl"));
        assert_eq!(of_name(&code("MT"), "Malta"), None);
        assert_eq!(of_name(&code("NO"), "Norge"), Some("no"));
        assert_eq!(of_name(&code("BE2"), "Vlaanderen"), Some("nl"));
        assert_eq!(of_name(&code("BE3"), "Région wallonne"), Some("fr"));
        assert_eq!(of_name(&code("PL51"), "Dolnośląskie"), Some("pl"));
        let parts = name_parts(&code("BE2"), "Vlaams Gewest / Flanders Region");
        assert_eq!(parts[0], ("Vlaams Gewest", Some("nl")));
        assert_eq!(parts[1], ("Flanders Region", None));
    }
}
