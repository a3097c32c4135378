//! What generated profiles are made of: a seeded random stream, and the words, places,
//! countries and membership answers it draws from.

use crate::text::Text;

/// SplitMix64: tiny, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

pub(super) const WORDS: &[&str] = &[
    "research",
    "health",
    "care",
    "network",
    "cluster",
    "university",
    "hospital",
    "clinic",
    "institute",
    "centre",
    "programme",
    "strategy",
    "platform",
    "genome",
    "patient",
    "therapy",
    "precision",
    "cohort",
    "screening",
    "imaging",
    "molecular",
    "laboratory",
    "biomarker",
    "cancer",
    "rare",
    "disease",
    "ageing",
    "nutrition",
    "prevention",
    "industry",
    "partnership",
    "consortium",
    "project",
    "pilot",
    "registry",
    "biobank",
    "data",
    "regional",
    "national",
    "European",
    "sequencing",
    "analysis",
    "services",
    "companies",
    "startups",
    "knowledge",
    "transfer",
    "medical",
    "technology",
    "pharmaceutical",
    "development",
    "citizens",
    "skills",
    "infrastructure",
    "value",
    "based",
    "life",
    "sciences",
    "region",
    "economy",
    "priority",
    "focus",
    "excellence",
    "clinical",
    "trials",
    "Forschung",
    "Gesundheit",
    "Santé",
    "Región",
    "Łódź",
    "medisin",
    "Ελλάδα",
    "Künstliche",
    "Zentrum",
    "innovación",
];

pub(super) const PLACES: &[&str] =
    &["Dresden", "Chemnitz", "Leipzig", "Porto", "Lund", "Jena", "Aveiro", "Kaunas", "Wrocław"];
pub(super) const COUNTRIES: &[&str] = &["USA", "Germany", "Belgium", "UK", "France", "Norway", "Japan", "Canada"];
pub(super) const ANSWERS: &[&str] = &[
    "yes",
    "no",
    "no",
    "no",
    "yes",
    "country level member",
    "country level observer",
    "mix of mountain and non-mountain subregions",
    "Not yet",
    "Skåne län",
    "",
];

pub(super) fn words(r: &mut Rng, min: usize, max: usize) -> String {
    let n = min + r.below(max - min + 1);
    let ws: Vec<&str> = (0..n).map(|_| *r.pick(WORDS)).collect();
    ws.join(" ")
}

pub(super) fn sentence(r: &mut Rng, min: usize, max: usize) -> Text {
    let mut s = words(r, min, max);
    if let Some(f) = s.get(..1) {
        let up = f.to_uppercase();
        s.replace_range(..1, &up);
    }
    s.push('.');
    Text::new(&s).expect("non-empty")
}

pub(super) fn name(r: &mut Rng, min: usize, max: usize) -> Text {
    let s = words(r, min, max);
    let mut cs = s.chars();
    let first: String = cs.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    Text::new(&(first + cs.as_str())).expect("non-empty")
}

pub(super) fn year(r: &mut Rng) -> Option<u16> {
    if r.chance(85) {
        Some(*r.pick(&[2017, 2019, 2021]))
    } else {
        None
    }
}
