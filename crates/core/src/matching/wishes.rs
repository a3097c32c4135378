//! Where a region wishes partners, read from its collaboration answer: the countries (alone,
//! in groups, "Nordic countries"), macro-regions and kinds of region ("other mountain
//! regions", "Mediterranean regions") it names, and the regions.

use crate::model::Collaboration;
use crate::NutsCode;

/// Places (country codes, macro-regions, kinds of region) with how a reason says each, and
/// regions with their words.
type Wished = (Vec<(String, String)>, Vec<(NutsCode, String)>);

/// The places `c` (the answer of the region at `own`) names as where it wishes partners, each
/// once with how a reason says it, and the regions it names, never its own.
pub(super) fn wishes(own: NutsCode, c: &Collaboration) -> Wished {
    let mut places: Vec<(String, String)> = Vec::new();
    let mut regions: Vec<(NutsCode, String)> = Vec::new();
    let mut add_place = |code: String, written: &str| {
        if !places.iter().any(|(c, _)| *c == code) {
            let said = super::countries::said(&code, written);
            places.push((code, said));
        }
    };
    // "The region would like to collaborate with: USA, Germany, Belgium, UK": an item is a
    // country, or names groups of them, macro-regions or kinds of region ("Nordic countries").
    for item in c.partners.iter().map(crate::Text::as_str) {
        match super::countries::country(&crate::text::fold(item)) {
            Some(code) => add_place(code, item),
            None => named(item, &mut add_place),
        }
    }
    // "… with regions in Germany and Austria", "… with other mountain regions".
    for line in c.texts() {
        named(line, &mut add_place);
    }
    // "… with Flanders and Lower Silesia": a region named is wished, never itself.
    for line in c.texts().chain(c.partners.iter().map(crate::Text::as_str)) {
        for (code, (from, to)) in super::places::regions_named(line) {
            let mine = own.within(&code) || code.within(&own);
            if !mine && !regions.iter().any(|(c, _)| *c == code) {
                regions.push((code, super::places::region_said(code, &line[from..to])));
            }
        }
    }
    (places, regions)
}

/// The countries, groups, macro-regions and kinds of region `line` names as where partners
/// are wished, to `add` with their words: not a country in a region's name ("Upper
/// Austria"), nor the region's own as it describes itself ("as a German region").
fn named(line: &str, add: &mut impl FnMut(String, &str)) {
    let regions = super::places::regions_named(line);
    let in_region = |(from, to): (usize, usize)| regions.iter().any(|(_, r)| r.0 <= from && to <= r.1);
    let places = super::places::countries_named(line);
    // Not a kind of region in a macro-region's name ("Adriatic" in "Adriatic-Ionian region").
    let in_place = |(from, to): (usize, usize)| places.iter().any(|(_, p)| p.0 <= from && to <= p.1);
    let kinds = super::designations::named(line).into_iter().filter(|x| !in_place(x.1));
    let kinds = kinds.map(|(d, at)| (vec![d.to_string()], at));
    for (codes, (from, to)) in places.iter().cloned().chain(kinds) {
        if in_region((from, to)) || super::designations::describes_itself(line, from) {
            continue;
        }
        codes.into_iter().for_each(|code| add(code, &line[from..to]));
    }
}
