//! The facts complementarity and place rest on: a region's scoreboard group, density,
//! sparsely populated or mountain, and the countries it names as wished partners.

use crate::model::{MembershipAnswer, Profile};
use crate::vocab::{vocab, NetworkId};

/// The EU's threshold for sparsely populated areas at NUTS 2 level (inhabitants per km²).
pub const SPARSE_DENSITY: f64 = 12.5;

/// The facts a complementarity claim rests on.
pub(super) struct Facts {
    pub(super) level: Option<u8>,
    pub(super) group: Option<String>,
    pub(super) density: Option<f64>,
    /// Why the region counts as sparsely populated, when it does.
    pub(super) sparse: Option<String>,
    pub(super) mountain: bool,
}

impl Facts {
    pub(super) fn of(p: &Profile) -> Facts {
        let primary = p.key_figures.innovation.as_ref().and_then(|i| i.primary());
        let yes = |id: &str| {
            NetworkId::from_id(id).and_then(|n| p.membership(n)).is_some_and(|m| m.answer == MembershipAnswer::Yes)
        };
        let density = p.key_figures.density.as_ref().map(|d| d.value);
        let sparse = if yes("nspa") {
            Some("a member of the Northern Sparsely Populated Areas".to_string())
        } else {
            density
                .filter(|d| *d < SPARSE_DENSITY)
                .map(|d| format!("sparsely populated ({} inhabitants per km², under the EU's {SPARSE_DENSITY})", d))
        };
        Facts {
            level: primary.map(|g| g.rank() / 3),
            group: primary.map(|g| g.to_string()),
            density,
            sparse,
            mountain: yes("mountain"),
        }
    }

    /// "Strong + innovator, 37 inhabitants/km²"
    pub(super) fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = &self.group {
            parts.push(format!("{g} innovator"));
        }
        if let Some(d) = self.density {
            parts.push(format!("{d} inhabitants/km²"));
        }
        if parts.is_empty() {
            "no key figures".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The macro-regions as places ("@baltic_sea").
static MACRO_PLACES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| super::places::macro_places().collect());

/// A bit per place, a country of `data/countries.csv`, a macro-region or a designation (by its
/// position in code order), the order worked out once, all of them data. A place past the 64th
/// would get no bit (and never match) rather than share one: there are 49.
pub(super) struct Countries(Vec<&'static str>);

static PLACES: std::sync::LazyLock<Countries> = std::sync::LazyLock::new(|| {
    let mut codes: Vec<&'static str> = vocab().countries.keys().map(String::as_str).collect();
    codes.extend(MACRO_PLACES.iter().map(String::as_str));
    codes.extend(super::designations::places());
    codes.sort_unstable();
    Countries(codes)
});

impl Countries {
    pub(super) fn get() -> &'static Countries {
        &PLACES
    }

    /// The places a region is in: its country, the macro-regions it says it is in, and the
    /// designations its facts give it.
    pub(super) fn of(&self, r: &super::Region) -> u64 {
        let p = r.profile();
        let f = &r.facts;
        let has = |d: &&str| super::designations::why(d, (f.mountain, f.sparse.as_deref()), &r.code).is_some();
        let designations = super::designations::places().filter(has).fold(0, |acc, d| acc | self.bit(d));
        super::places::macro_regions_of(p).fold(self.bit(r.code.country()) | designations, |acc, m| acc | self.bit(&m))
    }

    pub(super) fn bit(&self, code: &str) -> u64 {
        self.0.binary_search(&code).ok().filter(|&i| i < 64).map_or(0, |i| 1u64 << i)
    }
}

/// What scoring reads of every candidate, side by side in one array (the all-pairs loop
/// touches each candidate of each asker: no pointer to follow).
#[derive(Clone, Copy)]
pub(super) struct Flat {
    pub(super) code: crate::NutsCode,
    /// Scoreboard group, 0 (Emerging) to 3 (Leader); -1 when unknown.
    level: i8,
    /// Sparsely populated (NSPA, or under the EU threshold) or a mountain region.
    remote: bool,
    pub(super) held: u32,
    pub(super) edition: u16,
    /// It names regions as wished partners (which: its evidence's `wants_regions`).
    pub(super) names_regions: bool,
}

impl Flat {
    pub(super) fn of(r: &super::Region) -> Flat {
        Flat {
            code: r.code,
            level: r.facts.level.map_or(-1, |l| l as i8),
            remote: r.facts.sparse.is_some() || r.facts.mountain,
            held: r.held,
            edition: r.edition,
            names_regions: !r.topics.wants_regions.is_empty(),
        }
    }
}

/// B can bring experience to A: a higher group, or A is remote and B at least as advanced.
pub(super) fn lifts(b: &Facts, a: &Facts) -> bool {
    let level = |f: &Facts| f.level.map_or(-1, |l| l as i8);
    (level(b) > level(a) && level(a) >= 0) || ((a.sparse.is_some() || a.mountain) && level(b) >= 2)
}

pub(super) fn lifts_flat(b: &Flat, a: &Flat) -> bool {
    (b.level > a.level && a.level >= 0) || (a.remote && b.level >= 2)
}
