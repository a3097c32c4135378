//! Designations named as wished partners ("other mountain regions", "sparsely populated
//! areas": `data/vocab/designation-places.csv`): places beside the countries and the
//! macro-regions, which a region is in by its facts, not by where it lies. Only plural phrases
//! are read: "as a mountain region, we …" describes the region that writes it; and only where
//! the words around say partners are wished (`data/vocab/wish-words.csv`): "telemedicine for
//! sparsely populated areas" asks for telemedicine of that kind, and is asked as words. The same
//! words tell a place the region describes itself by ("as a German region") from a wish.

use std::sync::LazyLock;

/// A designation as a place: `*` and its id ("*mountain").
pub(super) const DESIGNATION: &str = "*";

struct Designation {
    place: &'static str,
    name: &'static str,
    phrases: Vec<Vec<String>>,
    /// The regions that are one by where they lie (islands, the outermost regions), by
    /// NUTS code: a region within one of them is one.
    regions: Vec<crate::NutsCode>,
}

static TABLE: LazyLock<Vec<Designation>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/designation-places.csv"));
    let words = |s: &str| super::words::folded_words(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    let row = |l: &'static str| {
        let mut cols = l.split(',').map(str::trim);
        let (place, name) = (cols.next()?, cols.next()?);
        let phrases = cols.next()?.split('|').map(words).filter(|w| !w.is_empty()).collect();
        let regions =
            cols.next().unwrap_or("").split_whitespace().filter_map(|c| crate::NutsCode::parse(c).ok()).collect();
        Some(Designation { place, name, phrases, regions })
    };
    src.lines().skip(1).filter_map(row).collect()
});

/// The roles of the words around a place an answer names (`data/vocab/wish-words.csv`): those
/// that make a designation a wished partner, and those that make any place the region
/// describing itself.
static WISH: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/wish-words.csv"));
    let row = |l: &'static str| {
        let mut cols = l.split(',').map(str::trim);
        Some((cols.next()?.to_string(), cols.next()?))
    };
    src.lines().skip(1).filter_map(row).collect()
});

fn is(word: &str, role: &str) -> bool {
    WISH.iter().any(|(w, r)| w == word && *r == role)
}

/// Whether the designation at words `i..end` of `line` is named as where partners are wished:
/// after "with", "among", "from" … (past "other", "the" …); after "regions in"; in a list
/// ("and", ",") of a line that wishes so before it; or opening the line as a list item
/// ("Mountain regions, e-health"), not as the subject of a sentence ("Sparsely populated
/// areas need telemedicine").
fn wished(line: &str, words: &[((usize, usize), String)], i: usize, end: usize) -> bool {
    let mut j = i;
    while j > 0 && is(&words[j - 1].1, "filler") {
        j -= 1;
    }
    if j == 0 {
        let Some(next) = words.get(end) else { return true };
        let gap = &line[words[end - 1].0 .1..next.0 .0];
        return gap.contains([',', ';', ':', '.', '(', ')']) || is(&next.1, "after");
    }
    let prev = &words[j - 1].1;
    if is(prev, "before") || (is(prev, "holder-link") && j >= 2 && is(&words[j - 2].1, "holder")) {
        return true;
    }
    let gap = &line[words[j - 1].0 .1..words[j].0 .0];
    let listed = is(prev, "list") || gap.contains([',', ';', ':']);
    listed && words[..j - 1].iter().any(|w| is(&w.1, "before"))
}

/// Whether the place named at byte `from` of `line` describes the region writing ("as a
/// German region, we …", "als sächsische Region", "located in central Germany"), not where
/// it wishes partners ("such as Germany", "as well as Austria" do wish).
pub(super) fn describes_itself(line: &str, from: usize) -> bool {
    let words = super::words::folded_words(line);
    let before: Vec<&str> = words.iter().take_while(|w| w.0 .1 <= from).map(|w| w.1.as_str()).collect();
    let mut j = before.len();
    if j > 0 && is(before[j - 1], "self-article") {
        j -= 1;
    }
    if j > 0 && is(before[j - 1], "self") && (j < 2 || !is(before[j - 2], "not-self")) {
        return true;
    }
    let mut k = before.len();
    while k > 0 && is(before[k - 1], "self-filler") {
        k -= 1;
    }
    // "partners based in Germany" says where the partners are.
    let of_partners = k >= 3 && is(before[k - 3], "holder");
    k >= 2 && is(before[k - 1], "self-link") && is(before[k - 2], "self-verb") && !of_partners
}

/// Whether a wished place is a designation (not a country or a macro-region).
pub fn is_designation(place: &str) -> bool {
    place.starts_with(DESIGNATION)
}

/// Every designation, as a place.
pub(super) fn places() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|d| d.place)
}

/// The name a reason gives a designation ("mountain regions").
pub(super) fn name(place: &str) -> Option<&'static str> {
    TABLE.iter().find(|d| d.place == place).map(|d| d.name)
}

/// Why a region with these facts has the designation `place`, said of it; None when it has not.
/// `sparse`: why it counts as sparsely populated, when it does; `code`: where it lies.
pub(super) fn why(place: &str, (mountain, sparse): (bool, Option<&str>), code: &crate::NutsCode) -> Option<String> {
    let listed = || TABLE.iter().find(|d| d.place == place).map_or(&[][..], |d| &d.regions[..]);
    let lies = || listed().iter().any(|r| code.within(r));
    // A coast of a region within is the larger region's too: Italy is on the Mediterranean,
    // though no island.
    let coast = |sea: &str| {
        listed().iter().any(|r| code.within(r) || r.within(code)).then(|| format!("with a coast on the {sea}"))
    };
    match place.strip_prefix(DESIGNATION)? {
        "mountain" => mountain.then(|| "a mountain region by its profile".to_string()),
        "sparse" => sparse.map(str::to_string),
        "island" => lies().then(|| "made up of islands".to_string()),
        "outermost" => lies().then(|| "an outermost region of the EU (Art. 349 TFEU)".to_string()),
        "mediterranean" => coast("Mediterranean Sea"),
        "north_sea" => coast("North Sea"),
        "atlantic" => coast("Atlantic Ocean"),
        "black_sea" => coast("Black Sea"),
        "adriatic" => coast("Adriatic Sea"),
        _ => None,
    }
}

/// The designations a line names as where partners are wished, each with where (the longest
/// phrase at a place).
pub(super) fn named(line: &str) -> Vec<(&'static str, (usize, usize))> {
    let words = super::words::folded_words(line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let at = |p: &Vec<String>| i + p.len() <= words.len() && p.iter().zip(&words[i..]).all(|(a, b)| *a == b.1);
        let found = TABLE
            .iter()
            .flat_map(|d| d.phrases.iter().filter(|p| at(p)).map(move |p| (d.place, p.len())))
            .max_by_key(|x| x.1);
        match found {
            Some((place, n)) => {
                if wished(line, &words, i, i + n) {
                    out.push((place, (words[i].0 .0, words[i + n - 1].0 .1)));
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_phrases_name_designations_and_a_region_describing_itself_does_not() {
        let line = "with other Mountain Regions and sparsely populated areas on e-health";
        let found: Vec<(&str, &str)> = named(line).into_iter().map(|(p, (a, b))| (p, &line[a..b])).collect();
        assert_eq!(found, [("*mountain", "Mountain Regions"), ("*sparse", "sparsely populated areas")]);
        assert!(named("As a mountain region, we seek partners in e-health").is_empty());
        fn wished(line: &str) -> Vec<&str> {
            named(line).into_iter().map(|(_, (a, b))| &line[a..b]).collect()
        }
        assert_eq!(wished("with regions in the Alps and other mountain areas"), ["mountain areas"]);
        assert_eq!(wished("regions in mountain areas, on e-health"), ["mountain areas"]);
        assert_eq!(wished("Mountain regions; e-health"), ["Mountain regions"]);
        assert_eq!(wished("Mountain regions"), ["Mountain regions"]);
        // What such regions do follows ("working on", "active in", "with expertise in").
        assert_eq!(wished("Mediterranean regions working on nutrition"), ["Mediterranean regions"]);
        assert_eq!(wished("Island regions with expertise in telemedicine"), ["Island regions"]);
        assert_eq!(wished("e.g. sparsely populated areas"), ["sparsely populated areas"]);
        // What partners should work on, or a sentence about such regions: no wish.
        assert!(wished("telemedicine for sparsely populated areas").is_empty());
        assert!(wished("Sparsely populated areas need telemedicine, so we seek partners in e-health").is_empty());
        assert!(wished("e-health and mountain regions").is_empty());
        // A sea named as where partners are wished is a place, not words to look for.
        assert_eq!(wished("especially with Mediterranean regions"), ["Mediterranean regions"]);
        assert_eq!(wished("partners from the North Sea region and the Black Sea"), ["North Sea region", "Black Sea"]);
        assert_eq!(wished("with partners in the Mediterranean"), ["Mediterranean"]);
        assert!(wished("as a Mediterranean region, we seek partners").is_empty());
        assert!(wished("diseases of the Mediterranean diet").is_empty());
        let itself = |line: &str, place: &str| describes_itself(line, line.find(place).unwrap());
        assert!(itself("as a German region, we seek partners in e-health", "German"));
        assert!(itself("Als sächsische Region suchen wir Partner", "sächsische"));
        assert!(
            !itself("with partners such as Germany", "Germany") && !itself("Austria as well as Germany", "Germany")
        );
        assert!(!itself("with regions in Germany", "Germany") && !itself("Germany, as a partner", "Germany"));
        assert!(itself("Located in the east of Germany, we seek partners", "Germany"));
        assert!(itself("we are based in central Germany", "Germany"));
        assert!(itself("Located in the heart of Germany, we look for partners", "Germany"));
        assert!(
            !itself("we seek partners based in Germany", "Germany") && !itself("regions located in Germany", "Germany")
        );
        assert_eq!(name("*mountain"), Some("mountain regions"));
        let at = |c: &str| crate::NutsCode::parse(c).unwrap();
        assert!(why("*mountain", (true, None), &at("AT21")).is_some());
        assert!(why("*mountain", (false, Some("x")), &at("AT21")).is_none());
        assert_eq!(
            why("*sparse", (false, Some("sparsely populated")), &at("FI1D")).as_deref(),
            Some("sparsely populated")
        );
        // Islands and the outermost regions by where they lie, at any level within.
        assert!(
            why("*island", (false, None), &at("ITG1")).is_some() && why("*island", (false, None), &at("MT")).is_some()
        );
        assert!(why("*island", (false, None), &at("FRY3")).is_none(), "French Guiana is no island");
        assert!(why("*outermost", (false, None), &at("FRY3")).is_some());
        assert!(
            why("*outermost", (false, None), &at("PT16")).is_none()
                && why("*island", (false, None), &at("IT")).is_none()
        );
        // Seas by the regions with a coast on them, and any region holding one.
        let on = |sea: &str, c: &str| why(sea, (false, None), &at(c)).is_some();
        assert!(on("*mediterranean", "EL30") && on("*mediterranean", "MT") && on("*mediterranean", "IT"));
        assert!(on("*mediterranean", "SI") && on("*mediterranean", "ITH5") && on("*mediterranean", "ITH55"));
        assert!(!on("*mediterranean", "EL53") && !on("*mediterranean", "PT16") && !on("*mediterranean", "FRF"));
        assert!(on("*north_sea", "BE2") && on("*north_sea", "NO") && !on("*north_sea", "BE3"));
        assert!(on("*atlantic", "PT16") && !on("*atlantic", "ES43") && on("*black_sea", "RO22"));
        assert_eq!(
            why("*mediterranean", (false, None), &at("EL30")).as_deref(),
            Some("with a coast on the Mediterranean Sea")
        );
        assert_eq!(name("*north_sea"), Some("North Sea regions"));
    }
}
