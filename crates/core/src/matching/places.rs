//! The places a collaboration answer names as where it wishes partners: a country by its
//! name ("Germany", "North Macedonia", "UK"), a group of them by the name everyone uses
//! ("Nordic countries", "Benelux": `data/vocab/country-groups.csv`), or a macro-region
//! ("Baltic Sea Region", "EUSALP"), which holds the regions that answer they are in it.

use std::sync::LazyLock;

use super::countries::{country, Group, GROUPS};
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
pub fn macro_region_name(place: &str) -> Option<&'static str> {
    NetworkId::from_id(place.strip_prefix(MACRO)?).map(|n| n.def().label.as_str())
}

/// The nouns that may follow a group's name ("Nordic regions", "Baltic states"): an answer
/// seeks partners in the regions of those countries whichever it writes.
const PLACE_NOUNS: [&str; 5] = ["countries", "country", "regions", "region", "states"];

/// The groups and the macro-regions by name, as folded words, with their places: a group
/// (`data/vocab/country-groups.csv`) by its name alone or followed by a place noun, its
/// countries' codes; a macro-region ("Baltic Sea region", "EUSBSR") by any of its names. The
/// longest name first, so that "Baltic Sea region" is the macro-region, not the Baltic states.
static NAMED: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    let words = |s: &str| super::words::folded_words(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    let mut out = Vec::new();
    for Group { name, codes, .. } in GROUPS.iter() {
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
/// capital ("UK", not "uk" inside other words), but for a group's or macro-region's of
/// several words, which no other words are ("widening countries", "western Balkans").
pub(super) fn countries_named(line: &str) -> Vec<(Vec<String>, (usize, usize))> {
    let words = super::words::folded_words(line);
    let capital = |i: usize| line[words[i].0 .0..].starts_with(char::is_uppercase);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let group = NAMED
            .iter()
            .find(|(name, _)| i + name.len() <= words.len() && name.iter().zip(&words[i..]).all(|(a, b)| *a == b.1));
        if let Some((name, codes)) = group.filter(|(name, _)| name.len() > 1 || capital(i)) {
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

/// Words of direction and position (`data/vocab/position-words.csv`): a region's name of
/// them alone ("Norte", "South East", "Nord-Est") names no region an answer could mean.
static POSITION: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/position-words.csv"));
    src.lines().skip(1).map(str::trim).filter(|w| !w.is_empty()).collect()
});

/// Names of NUTS 3 regions that answers write as words (`data/vocab/nuts3-words.csv`), folded.
static NUTS3_WORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/nuts3-words.csv"));
    src.lines().skip(1).map(|w| crate::text::fold(w.trim())).filter(|w| !w.is_empty()).collect()
});

/// What marks a NUTS 3 region's name as a city's, beside a district of the same name.
const CITY_MARKS: [&str; 3] = [", Kreisfreie Stadt", ", Stadtkreis", "(stolitsa)"];

/// A region's name as folded words, and the region.
type RegionName = (Vec<String>, crate::NutsCode);

/// Regions of NUTS levels 1 and 2 (and 3, by names those do not have) by their names as
/// folded words, keyed by the first word:
/// national, Latin-script and other names (`data/names.csv`), with and without a qualifier
/// ("West Midlands (England)", "Prov. Antwerpen"). A name of nested regions names the coarsest
/// ("Thüringen" is DEG, not DEG0); one two unrelated regions share ("Limburg") names neither.
/// Not a country's name (a country is a wished place of its own), not position words alone,
/// not one word of under four letters.
static REGIONS: LazyLock<std::collections::HashMap<String, Vec<RegionName>>> = LazyLock::new(|| {
    let words = |s: &str| super::words::folded_words(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    // Words that are no region's name wherever they stand: none, directions alone, one short
    // word, a country's name.
    let no_name = |w: &[String]| {
        let short = w.len() == 1 && w[0].chars().count() < 4;
        w.is_empty() || short || w.iter().all(|x| POSITION.contains(x.as_str())) || country(&w.join(" ")).is_some()
    };
    let mut by_name: std::collections::HashMap<Vec<String>, Option<crate::NutsCode>> = Default::default();
    // In code order: a region before those inside it, whatever order the table is in.
    let mut codes: Vec<&crate::NutsCode> =
        vocab().nuts.iter().filter(|(_, e)| (1..=2).contains(&e.level)).map(|(c, _)| c).collect();
    codes.sort_unstable();
    for code in codes {
        for name in vocab().names_of(code).flat_map(|n| n.split('/')) {
            // Without a qualifier, and Belgium's provinces without "Prov.".
            let bare = name.split('(').next().unwrap_or(name);
            let bare = bare.trim().strip_prefix("Prov. ").unwrap_or(bare);
            for w in [words(name), words(bare)] {
                // Its country's own name too ("Ísland", folded "island", is IS0).
                let of_country = crate::NutsCode::parse(code.country()).is_ok_and(|c| {
                    vocab()
                        .names_of(&c)
                        .any(|n| super::words::folded_words(n).into_iter().map(|x| x.1).eq(w.iter().cloned()))
                });
                if no_name(&w) || of_country {
                    continue;
                }
                let slot = by_name.entry(w).or_insert(Some(*code));
                *slot = match *slot {
                    Some(c) if code.within(&c) => Some(c),
                    Some(c) if c.within(code) => Some(*code),
                    _ => None,
                };
            }
        }
    }
    // Regions of NUTS 3 ("Skåne län", "Jena, Kreisfreie Stadt", "Miasto Kraków"), by a name
    // no region above them has, without the words of their kind ("län", "Kreisfreie Stadt",
    // "Miasto"); not those that are words an answer writes with a capital ("Border",
    // "Reading"). Of a city and the district around it ("München, Kreisfreie Stadt" and
    // "München, Landkreis"), the name is the city's: an answer naming Munich means the city.
    let mut third: std::collections::HashMap<Vec<String>, Vec<(crate::NutsCode, bool)>> = Default::default();
    for (code, _) in vocab().nuts.iter().filter(|(_, e)| e.level == 3) {
        for name in vocab().names_of(code).flat_map(|n| n.split('/')) {
            let city = CITY_MARKS.iter().any(|m| name.contains(m));
            let bare = name.split(['(', ',']).next().unwrap_or(name).trim();
            let bare = ["Arr. ", "Miasto "].iter().fold(bare, |b, p| b.strip_prefix(p).unwrap_or(b));
            let w = words(bare.strip_suffix(" län").unwrap_or(bare));
            if no_name(&w) || NUTS3_WORDS.contains(&w.join(" ")) || by_name.contains_key(&w) {
                continue;
            }
            third.entry(w).or_default().push((*code, city));
        }
    }
    for (w, mut found) in third {
        found.sort_unstable();
        // The regions of the name, and those a name of marks as a city (one region under
        // several names is one).
        let mut codes: Vec<crate::NutsCode> = found.iter().map(|x| x.0).collect();
        let mut cities: Vec<crate::NutsCode> = found.iter().filter(|x| x.1).map(|x| x.0).collect();
        codes.dedup();
        cities.dedup();
        let one = match (&codes[..], &cities[..]) {
            ([only], _) | (_, [only]) => Some(*only),
            _ => None,
        };
        by_name.insert(w, one);
    }
    // Their adjectives ("Flemish and Catalan partners"), said by the region's name.
    for (code, adjective, _) in REGION_ADJECTIVES.iter() {
        by_name.entry(words(adjective)).or_insert(Some(*code));
    }
    let mut out: std::collections::HashMap<String, Vec<RegionName>> = Default::default();
    for (name, code) in by_name {
        if let Some(code) = code {
            out.entry(name[0].clone()).or_default().push((name, code));
        }
    }
    // The longest name first: "Sachsen-Anhalt" before "Sachsen".
    out.values_mut().for_each(|v| v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0))));
    out
});

/// The adjectives of regions, with the name a reason says them by
/// (`data/vocab/region-adjectives.csv`: "ES51,Catalan,Catalonia").
pub(super) static REGION_ADJECTIVES: LazyLock<Vec<(crate::NutsCode, String, String)>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/region-adjectives.csv"));
    let row = |l: &str| {
        let mut cols = l.split(',').map(str::trim);
        let code = crate::NutsCode::parse(cols.next()?).ok()?;
        Some((code, cols.next()?.to_string(), cols.next()?.to_string()))
    };
    src.lines().skip(1).filter_map(row).collect()
});

/// How a wish for region `code` is said: as written, but by the region's name where it was
/// named by its adjective ("Flemish partners": "… collaborate with Flanders").
pub(super) fn region_said(code: crate::NutsCode, written: &str) -> String {
    let folded = crate::text::fold(written);
    let adjective = REGION_ADJECTIVES.iter().find(|(c, a, _)| *c == code && crate::text::fold(a) == folded);
    adjective.map_or_else(|| written.to_string(), |(.., name)| name.clone())
}

/// Whether region `code` meets a wish for region `named`: it is it, is in it, or holds it
/// (not as a country: a country's profile holds every region of it, as a country named).
pub fn meets_wish(code: crate::NutsCode, named: crate::NutsCode) -> bool {
    code.within(&named) || (code.level() > 0 && named.within(&code))
}

/// The regions (NUTS 1 or 2) a line names, each with where: by a name written with a capital
/// ("with Flanders and Lower Silesia").
pub(super) fn regions_named(line: &str) -> Vec<(crate::NutsCode, (usize, usize))> {
    let words = super::words::folded_words(line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // Not the end of a compound ("Anglo-Saxon" is no Saxony).
        let compound = line[..words[i].0 .0].ends_with('-');
        let capital = !compound && line[words[i].0 .0..].starts_with(char::is_uppercase);
        let found = REGIONS.get(&words[i].1).filter(|_| capital).and_then(|names| {
            names
                .iter()
                .find(|(name, _)| i + name.len() <= words.len() && name.iter().zip(&words[i..]).all(|(a, b)| *a == b.1))
        });
        match found {
            Some((name, code)) => {
                out.push((*code, (words[i].0 .0, words[i + name.len() - 1].0 .1)));
                i += name.len();
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::countries::said;
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
            named("in the Baltic Sea Region, EUSALP, the Alps"),
            [one(&["@baltic_sea"], "Baltic Sea Region"), one(&["@alpine"], "EUSALP"), one(&["@alpine"], "Alps")]
        );
        // By their own names too.
        assert_eq!(
            named("con regioni in Deutschland, Österreich e Schweiz; Island regions"),
            [one(&["DE"], "Deutschland"), one(&["AT"], "Österreich"), one(&["CH"], "Schweiz")]
        );
        // In the other languages of the regions (`data/names.csv`).
        assert_eq!(
            named("avec l'Allemagne et les Pays-Bas; con Germania; z Niemcy i Wielka Brytania"),
            [
                one(&["DE"], "Allemagne"),
                one(&["NL"], "Pays-Bas"),
                one(&["DE"], "Germania"),
                one(&["DE"], "Niemcy"),
                one(&["UK"], "Wielka Brytania")
            ]
        );
        // A group's adjective alone is said as the group.
        assert_eq!(said("NO", "Scandinavian"), "Scandinavian countries");
        assert_eq!(said("NO", "Scandinavian regions"), "Scandinavian regions");
        // By their adjectives.
        assert_eq!(
            named("with German and Austrian regions, Dutch partners and North Macedonian ones"),
            [one(&["DE"], "German"), one(&["AT"], "Austrian"), one(&["NL"], "Dutch"), one(&["MK"], "North Macedonian")]
        );
        // Lower case is a word, not a name; Europe is no country.
        assert!(named("germany, Horizon Europe, the nordic light").is_empty());
        // But a group's name of several words is one in any case.
        let found: Vec<String> =
            named("the nordic countries and widening countries").into_iter().map(|x| x.1).collect();
        assert_eq!(found, ["nordic countries", "widening countries"]);
    }

    #[test]
    fn regions_by_name() {
        let named = |line: &str| -> Vec<(String, String)> {
            regions_named(line)
                .into_iter()
                .map(|(c, (a, b))| (c.as_str().to_string(), line[a..b].to_string()))
                .collect()
        };
        let one = |c: &str, w: &str| (c.to_string(), w.to_string());
        assert_eq!(
            named("cooperation with Flanders, Lower Silesia and Thüringen on biobanks"),
            [one("BE2", "Flanders"), one("PL51", "Lower Silesia"), one("DEG", "Thüringen")]
        );
        // The longest name; a qualifier in brackets may be left out; Latin-script names.
        assert_eq!(
            named("Sachsen-Anhalt, Sachsen, West Midlands and Attiki"),
            [one("DEE", "Sachsen-Anhalt"), one("DED", "Sachsen"), one("UKG", "West Midlands"), one("EL3", "Attiki")]
        );
        // By their adjectives, the longest first; not the end of a compound.
        assert_eq!(
            named("Flemish, Catalan and Lower Silesian partners; Northern Irish ones; Anglo-Saxon"),
            [
                one("BE2", "Flemish"),
                one("ES51", "Catalan"),
                one("PL51", "Lower Silesian"),
                one("UKN", "Northern Irish")
            ]
        );
        assert_eq!(region_said(crate::NutsCode::parse("ES51").unwrap(), "Catalan"), "Catalonia");
        assert_eq!(region_said(crate::NutsCode::parse("ES51").unwrap(), "Cataluña"), "Cataluña");
        // Each says a name the region has, of a region a wish can name.
        assert!(REGION_ADJECTIVES.len() > 40);
        for (code, adjective, name) in REGION_ADJECTIVES.iter() {
            assert!(vocab().names_of(code).any(|n| n == name), "{code} {adjective}: {name} is none of its names");
            assert!((1..=2).contains(&vocab().nuts[code].level), "{code} {adjective}: not of NUTS level 1 or 2");
        }
        // Names in common English use (`data/names.csv`).
        assert_eq!(
            named("with Madeira, Valencia and Upper Bavaria"),
            [one("PT30", "Madeira"), one("ES52", "Valencia"), one("DE21", "Upper Bavaria")]
        );
        // NUTS 3 regions, without the words of their kind; not those that are words.
        assert_eq!(named("with Skåne and Jena"), [one("SE224", "Skåne"), one("DEG03", "Jena")]);
        // A city, not the district around it of the same name; by the name it is known by.
        assert_eq!(
            named("with München, Kraków, Munich and Cologne"),
            [one("DE212", "München"), one("PL213", "Kraków"), one("DE212", "Munich"), one("DEA23", "Cologne")]
        );
        // Every city `data/names.csv` names (its NUTS 3 region) is read by that name.
        let names = include_str!("../../../../data/names.csv");
        for (code, name) in names.lines().filter_map(|l| l.split_once(',')).filter(|(c, _)| c.len() == 5) {
            let name = name.split(',').next().unwrap_or(name);
            assert_eq!(named(&format!("with {name}")), [one(code, name)], "{name}");
        }
        assert_eq!(named("Border regions; Reading the answers"), []);
        // Directions, a name two regions share, countries, lower case and short words are no
        // region: "Centro", "Limburg", "Ireland", "Malta", "Island", "flanders".
        let none =
            "partners in South East Europe, the Centro region, Limburg, Ireland, Malta; Island regions; flanders";
        assert!(named(none).is_empty(), "{:?}", named(none));
    }
}
