//! Countries by name, in and outside the atlas: their names in English and in the regions'
//! languages, their adjectives ("German", "Scandinavian") and the groups of them everyone
//! names ("Nordic countries", "Benelux"), each with its codes. A country outside the atlas
//! (`data/vocab/country-names.csv`: "USA", "Israel") is read as a place an answer wishes
//! partners in, not as a word it asks for; no region of the atlas is there to meet it.

use std::sync::LazyLock;

use crate::vocab::vocab;

/// The other names of countries, by code (`data/vocab/country-names.csv`), with whether they
/// are English: the first English one of a country outside the atlas is how the atlas says it.
static NAMES: LazyLock<Vec<(String, bool, Vec<String>)>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/country-names.csv"));
    let row = |l: &str| {
        let mut cols = l.splitn(3, ',');
        let (code, language, names) = (cols.next()?, cols.next()?, cols.next()?);
        let names = names.split('|').map(|n| n.trim().to_string()).collect();
        Some((code.trim().to_string(), language.trim() == "en", names))
    };
    src.lines().skip(1).filter_map(row).collect()
});

/// A country's name in English: the atlas's (`data/countries.csv`), else the first English
/// one of its other names (a country outside the atlas: "USA").
pub(super) fn name(code: &str) -> Option<&'static str> {
    let outside = || NAMES.iter().find(|(c, en, _)| c == code && *en).and_then(|x| x.2.first()).map(String::as_str);
    vocab().country_name(code).or_else(outside)
}

/// Countries by their folded names ("germany"), with the other names answers use.
static COUNTRIES: LazyLock<std::collections::HashMap<String, String>> = LazyLock::new(|| {
    let mut by_name: std::collections::HashMap<String, String> =
        vocab().countries.iter().map(|(code, name)| (crate::text::fold(name), code.clone())).collect();
    // As written and as words: a line is read word by word ("Pays-Bas" is "pays bas").
    let forms = |name: &str| {
        let words = super::words::folded_words(name).into_iter().map(|x| x.1).collect::<Vec<_>>().join(" ");
        [crate::text::fold(name), words]
    };
    // The other names answers use (`data/vocab/country-names.csv`): "UK", "Czech Republic",
    // and the countries outside the atlas ("USA", "Israel"), wished as any other.
    for (code, _, names) in NAMES.iter() {
        for folded in names.iter().flat_map(|n| forms(n)) {
            by_name.entry(folded).or_insert_with(|| code.clone());
        }
    }
    // Their own names too ("Deutschland", "Belgique/België"): an answer may be written in
    // the region's language. Not "Ísland", folded the English "island" ("Island regions").
    for code in vocab().countries.keys() {
        let Ok(nuts) = crate::NutsCode::parse(code) else { continue };
        for folded in vocab().names_of(&nuts).flat_map(|n| n.split('/')).flat_map(forms) {
            if folded != "island" {
                by_name.entry(folded).or_insert_with(|| code.clone());
            }
        }
    }
    // Their adjectives ("German and Austrian regions"), said by the country's name.
    for (code, adjective) in ADJECTIVES.iter() {
        by_name.entry(adjective.clone()).or_insert_with(|| code.clone());
    }
    by_name
});

/// The countries' adjectives, folded, with their codes (`data/vocab/country-adjectives.csv`).
static ADJECTIVES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/country-adjectives.csv"));
    src.lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(code, adjective)| (code.trim().to_string(), crate::text::fold(adjective.trim())))
        .collect()
});

/// How a wish for country `code` is said: as written, but by the country's name where it was
/// named by its adjective ("German" partners: "… collaborate with Germany") or in its own
/// language, the words kept ("Belgium (“Belgique”)"), and a group's adjective alone as the
/// group ("Scandinavian" partners: "… with Scandinavian countries").
pub(super) fn said(code: &str, written: &str) -> String {
    let folded = crate::text::fold(written);
    if let Some(said) = GROUPS.iter().find(|g| crate::text::fold(g.name) == folded).and_then(|g| g.said) {
        return said.to_string();
    }
    let english = |name: &str| {
        crate::text::fold(name) == folded
            || NAMES
                .iter()
                .any(|(c, en, names)| c == code && *en && names.iter().any(|n| crate::text::fold(n) == folded))
    };
    match name(code) {
        Some(name) if ADJECTIVES.iter().any(|(_, a)| *a == folded) => name.to_string(),
        Some(name) if !english(name) && country(&folded).as_deref() == Some(code) => format!("{name} (“{written}”)"),
        _ => written.to_string(),
    }
}

/// A group of countries (`data/vocab/country-groups.csv`): its name, its countries' codes,
/// and for an adjective alone ("Scandinavian") how a reason says it ("Scandinavian countries").
pub(super) struct Group {
    pub(super) name: &'static str,
    pub(super) codes: Vec<String>,
    said: Option<&'static str>,
}

/// The groups of countries, read once for the names and for how they are said.
pub(super) static GROUPS: LazyLock<Vec<Group>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/country-groups.csv"));
    let row = |l: &'static str| {
        let mut cols = l.split(',').map(str::trim);
        let (name, codes) = (cols.next()?, cols.next()?);
        let said = cols.next().filter(|s| !s.is_empty());
        Some(Group { name, codes: codes.split_whitespace().map(String::from).collect(), said })
    };
    src.lines().skip(1).filter_map(row).collect()
});

/// The country code of a country's name, folded ("germany", "uk"). Looked up in a table
/// folded once: it runs for every word of every answer read.
pub(super) fn country(folded: &str) -> Option<String> {
    COUNTRIES.get(folded).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_outside_the_atlas_are_places_by_name() {
        let code = |name: &str| country(&crate::text::fold(name));
        let names = [("USA", "US"), ("United States", "US"), ("Israel", "IL"), ("Japanese", "JP"), ("UK", "UK")];
        for (name, c) in names.into_iter().chain([("Saudi Arabien", "SA"), ("Nouvelle Zélande", "NZ")]) {
            assert_eq!(code(name).as_deref(), Some(c), "{name}");
        }
        assert!(!vocab().is_country("US") && vocab().is_country("UK") && vocab().is_country("DE"));
        // Said by the atlas's name, or by the first of its other names outside it.
        assert_eq!((name("DE"), name("US"), name("IL")), (Some("Germany"), Some("USA"), Some("Israel")));
        assert_eq!(said("JP", "Japanese"), "Japan");
        assert_eq!(said("US", "United States"), "United States");
        assert_eq!(said("BE", "Belgique"), "Belgium (“Belgique”)");
        assert_eq!(said("DE", "Germany"), "Germany");
        assert_eq!(said("UK", "UK"), "UK");
        assert_eq!(
            (said("DE", "Niemiec"), said("US", "Estados Unidos")),
            ("Germany (“Niemiec”)".into(), "USA (“Estados Unidos”)".into())
        );
        // Every code of the table is one: in the atlas, or of a name no atlas country has.
        for (code, _, names) in NAMES.iter() {
            assert!(code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()), "{code}");
            for n in names {
                assert_eq!(country(&crate::text::fold(n)).as_deref(), Some(code.as_str()), "{n} is named twice");
            }
        }
    }
}
