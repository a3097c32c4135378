//! The places a collaboration answer names as where it wishes partners: a country by its
//! name ("Germany", "North Macedonia", "UK"), a group of them by the name everyone uses
//! ("Nordic countries", "Benelux": `data/vocab/country-groups.csv`), or a macro-region
//! ("Baltic Sea Region", "EUSALP"), which holds the regions that answer they are in it.

use std::sync::LazyLock;

use crate::model::Profile;
use crate::vocab::{vocab, NetworkId};

/// A macro-region as a place: `@` and its id ("@baltic_sea"), beside the country codes.
pub(super) const MACRO: char = '@';

/// Whether a network of the vocabulary is a macro-region.
fn is_macro_region(n: NetworkId) -> bool {
    n.def().kind == "macro_region"
}

/// Every macro-region, as a place.
pub(super) fn macro_places() -> impl Iterator<Item = String> {
    NetworkId::all().filter(|&n| is_macro_region(n)).map(|n| format!("{MACRO}{}", n.id()))
}

/// The macro-regions a profile says it is in, as places.
pub(super) fn macro_regions_of(p: &Profile) -> impl Iterator<Item = String> + '_ {
    let inside = |m: &&crate::model::Membership| m.answer.is_member() && is_macro_region(m.network);
    p.memberships.iter().filter(inside).map(|m| format!("{MACRO}{}", m.network.id()))
}

/// The name a reason gives a place that is a macro-region ("Baltic Sea macro-region").
pub(super) fn macro_region_name(place: &str) -> Option<&'static str> {
    NetworkId::from_id(place.strip_prefix(MACRO)?).map(|n| n.def().label.as_str())
}

/// Countries by their folded names ("germany"), with the other names answers use.
static COUNTRIES: LazyLock<std::collections::HashMap<String, String>> = LazyLock::new(|| {
    let mut by_name: std::collections::HashMap<String, String> =
        vocab().countries.iter().map(|(code, name)| (crate::text::fold(name), code.clone())).collect();
    for (name, code) in
        [("uk", "UK"), ("united kingdom", "UK"), ("great britain", "UK"), ("czech republic", "CZ"), ("turkey", "TR")]
    {
        by_name.entry(name.to_string()).or_insert_with(|| code.to_string());
    }
    // Their own names too ("Deutschland", "Belgique/België"): an answer may be written in
    // the region's language. Not "Ísland", folded the English "island" ("Island regions").
    for code in vocab().countries.keys() {
        let Ok(nuts) = crate::NutsCode::parse(code) else { continue };
        for name in vocab().names_of(&nuts).flat_map(|n| n.split('/')) {
            let folded = crate::text::fold(name);
            if folded != "island" {
                by_name.entry(folded).or_insert_with(|| code.clone());
            }
        }
    }
    by_name
});

/// The country code of a country's name, folded ("germany", "uk"). Looked up in a table
/// folded once: it runs for every word of every answer read.
pub(super) fn country(folded: &str) -> Option<String> {
    COUNTRIES.get(folded).cloned()
}

/// The nouns that may follow a group's name ("Nordic regions", "Baltic states"): an answer
/// seeks partners in the regions of those countries whichever it writes.
const PLACE_NOUNS: [&str; 5] = ["countries", "country", "regions", "region", "states"];

/// The groups and the macro-regions by name, as folded words, with their places: a group
/// (`data/vocab/country-groups.csv`) by its name alone or followed by a place noun, its
/// countries' codes; a macro-region ("Baltic Sea region", "EUSBSR") by any of its names. The
/// longest name first, so that "Baltic Sea region" is the macro-region, not the Baltic states.
static NAMED: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    let words = |s: &str| super::terms::folded_words(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/country-groups.csv"));
    let mut out = Vec::new();
    for (name, codes) in src.lines().skip(1).filter_map(|l| l.split_once(',')) {
        let codes: Vec<String> = codes.split_whitespace().map(String::from).collect();
        out.push((words(name), codes.clone()));
        for noun in PLACE_NOUNS {
            out.push((words(&format!("{name} {noun}")), codes.clone()));
        }
    }
    for n in NetworkId::all().filter(|&n| is_macro_region(n)) {
        let d = n.def();
        let region = format!("{} region", d.short);
        for name in d.variants.iter().map(String::as_str).chain([d.short.as_str(), region.as_str()]) {
            out.push((words(name), vec![format!("{MACRO}{}", n.id())]));
        }
    }
    out.sort_by_key(|x: &(Vec<String>, Vec<String>)| std::cmp::Reverse(x.0.len()));
    out
});

/// The places a line names, each with where: a country's name of one or two words, a
/// group's (all its countries) or a macro-region's. A name counts as written with a
/// capital ("UK", not "uk" inside other words).
pub(super) fn countries_named(line: &str) -> Vec<(Vec<String>, (usize, usize))> {
    let words = super::terms::folded_words(line);
    let capital = |i: usize| line[words[i].0 .0..].starts_with(char::is_uppercase);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let group = NAMED
            .iter()
            .find(|(name, _)| i + name.len() <= words.len() && name.iter().zip(&words[i..]).all(|(a, b)| *a == b.1));
        if let Some((name, codes)) = group.filter(|_| capital(i)) {
            out.push((codes.clone(), (words[i].0 .0, words[i + name.len() - 1].0 .1)));
            i += name.len();
            continue;
        }
        let two = words.get(i + 1).map(|w| format!("{} {}", words[i].1, w.1));
        if let Some(code) = two.as_deref().and_then(country).filter(|_| capital(i)) {
            out.push((vec![code], (words[i].0 .0, words[i + 1].0 .1)));
            i += 2;
            continue;
        }
        if let Some(code) = country(&words[i].1).filter(|_| capital(i)) {
            out.push((vec![code], words[i].0));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_groups_by_name() {
        let named = |line: &str| -> Vec<(Vec<String>, String)> {
            countries_named(line).into_iter().map(|(c, (a, b))| (c, line[a..b].to_string())).collect()
        };
        let one = |codes: &[&str], w: &str| (codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(), w.to_string());
        assert_eq!(
            named("with regions in Germany, North Macedonia and the UK"),
            [one(&["DE"], "Germany"), one(&["MK"], "North Macedonia"), one(&["UK"], "UK")]
        );
        assert_eq!(
            named("partners in the Nordic countries and Benelux"),
            [one(&["DK", "FI", "IS", "NO", "SE"], "Nordic countries"), one(&["BE", "LU", "NL"], "Benelux")]
        );
        // A group's name with whichever place noun follows it; the macro-region's longer name
        // wins over a group's ("Baltic Sea Region" is not the Baltic states).
        assert_eq!(
            named("with Nordic regions, the Baltic states and Scandinavia"),
            [
                one(&["DK", "FI", "IS", "NO", "SE"], "Nordic regions"),
                one(&["EE", "LT", "LV"], "Baltic states"),
                one(&["DK", "NO", "SE"], "Scandinavia")
            ]
        );
        assert_eq!(
            named("in the Baltic Sea Region, EUSALP"),
            [one(&["@baltic_sea"], "Baltic Sea Region"), one(&["@alpine"], "EUSALP")]
        );
        // By their own names too.
        assert_eq!(
            named("con regioni in Deutschland, Österreich e Schweiz; Island regions"),
            [one(&["DE"], "Deutschland"), one(&["AT"], "Österreich"), one(&["CH"], "Schweiz")]
        );
        // Lower case is a word, not a name; Europe is no country.
        assert!(named("germany, Horizon Europe, the nordic countries").is_empty());
    }
}
