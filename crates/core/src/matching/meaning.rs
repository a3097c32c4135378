//! Meaning beside words: when sentence embeddings of the texts are at hand (the model is
//! run by the process that writes, see `pmatlas-model`; the vectors are stored by text), an
//! ask is also answered by the unit closest to it in meaning, so that "privacy of patient
//! data" finds "data protection and GDPR-compliant sharing". An ask's score is the better
//! of its word score and its meaning score; a meaning score is the cosine's strength
//! ([`strength`]) times the unit's grade, as a word score is. Networks are matched by name
//! only: the model knows fields, not acronyms.

use std::collections::HashMap;
use std::sync::Arc;

use super::asks::asks;
use super::units::units;
use crate::model::Profile;

/// The length of an embedding (all-MiniLM-L6-v2).
pub const DIMS: usize = 384;
/// Cosines at or under this say nothing (unrelated short texts reach 0.3).
pub const FLOOR: f32 = 0.45;
/// A cosine at or over this is as good as the same words.
pub const FULL: f32 = 0.75;

/// An evidence unit of fewer words is not read for its meaning: a name alone ("Biocant")
/// embeds by its letters, not by what it is.
pub const MIN_WORDS: usize = 4;

/// The least strength that counts: a third of the way from [`FLOOR`] to [`FULL`] (a cosine
/// of 0.55). Under it a text is related at best, and every reason it gave was vague or false:
/// "Interreg projects with neighbouring regions" met ERRIN memberships at 0.5, "clinical
/// data" ICPerMed at 0.54.
pub const CLOSE: f32 = 1.0 / 3.0;

/// How much a cosine counts, 0 to 1: nothing under [`CLOSE`].
pub fn strength(cos: f32) -> f32 {
    let s = ((cos - FLOOR) / (FULL - FLOOR)).clamp(0.0, 1.0);
    if s >= CLOSE {
        s
    } else {
        0.0
    }
}

/// A text's key: FNV-1a (64 bits) of its words, the same in every process and release.
pub fn key(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, w) in text.split_whitespace().enumerate() {
        if i > 0 {
            h = (h ^ u64::from(b' ')).wrapping_mul(0x100_0000_01b3);
        }
        for b in w.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// The texts of a profile the model reads: every evidence unit's, and every ask's meaning
/// (or, for an ask read by its words alone, the words written, which choose between units its
/// words answer equally well).
pub fn texts(p: &Profile) -> Vec<String> {
    let mut out: Vec<String> = units(p).into_iter().map(|(u, _)| u.text).filter(|t| unit_worth_reading(t)).collect();
    out.extend(asks(p).into_iter().filter_map(|a| written(&a).or(a.meant)).filter(|m| !m.is_empty()));
    out.sort_unstable();
    out.dedup();
    out
}

/// The words written of an ask read by its words alone, where they say enough to be read.
fn written(a: &super::asks::Ask) -> Option<String> {
    (a.meant.is_none() && worth_reading(&a.written)).then(|| a.written.clone())
}

/// Whether a text says enough to be read for its meaning.
fn worth_reading(text: &str) -> bool {
    text.split_whitespace().count() >= MIN_WORDS
}

/// Whether a unit's text is read for its meaning: where it says enough, and denies nothing
/// (the model reads "does not yet have a biobank" as close to "biobanks").
fn unit_worth_reading(text: &str) -> bool {
    worth_reading(text) && !super::negation::denies(text)
}

/// An embedding in bytes: each component × 127 / the largest, with that scale kept.
pub fn quantise(v: &[f32]) -> (f32, Vec<i8>) {
    let top = v.iter().fold(0f32, |m, x| m.max(x.abs())).max(f32::MIN_POSITIVE);
    (top / 127.0, v.iter().map(|x| (x / top * 127.0).round() as i8).collect())
}

/// Embeddings by text key, quantised, all of one model.
#[derive(Default)]
pub struct Vectors {
    pub model: String,
    slot: HashMap<u64, u32>,
    scales: Vec<f32>,
    data: Vec<i8>,
}

impl Vectors {
    pub fn new(model: &str) -> Vectors {
        Vectors { model: model.to_string(), ..Default::default() }
    }

    /// Adds a text's vector (`scale`, `DIMS` bytes); a wrong length is ignored.
    pub fn insert(&mut self, key: u64, scale: f32, q: &[i8]) {
        if q.len() != DIMS || self.slot.contains_key(&key) {
            return;
        }
        self.slot.insert(key, self.scales.len() as u32);
        self.scales.push(scale);
        self.data.extend_from_slice(q);
    }

    pub fn len(&self) -> usize {
        self.scales.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    fn slot_of(&self, text: &str) -> Option<u32> {
        self.slot.get(&key(text)).copied()
    }

    fn cos(&self, a: u32, b: u32) -> f32 {
        let (a, b) = (a as usize, b as usize);
        let (x, y) = (&self.data[a * DIMS..(a + 1) * DIMS], &self.data[b * DIMS..(b + 1) * DIMS]);
        let dot: i32 = x.iter().zip(y).map(|(p, q)| i32::from(*p) * i32::from(*q)).sum();
        dot as f32 * self.scales[a] * self.scales[b]
    }
}

/// The vectors of a matcher's texts: per region, its units' and its asks' slots.
pub(super) struct Meaning {
    vectors: Arc<Vectors>,
    /// Per region, each unit's vector (its slot in `vectors`, or [`NONE`]).
    units: Vec<Arc<[u32]>>,
    /// Per region, each ask's vector.
    asks: Vec<Arc<[u32]>>,
    /// Per region, each ask's words as written, for an ask not read for its meaning.
    written: Vec<Arc<[u32]>>,
}

/// Each unit's vector: the slot of its text's, when its text is worth reading.
fn unit_slots(r: &super::Region, vectors: &Vectors) -> Arc<[u32]> {
    let slot = |text: &str| if unit_worth_reading(text) { vectors.slot_of(text).unwrap_or(NONE) } else { NONE };
    r.units.iter().map(|u| slot(&u.at.text(r.profile()))).collect()
}

/// Each ask's vector: the slot of the words the model reads of it, if any.
fn ask_slots(r: &super::Region, vectors: &Vectors) -> Arc<[u32]> {
    r.asks.iter().map(|a| a.meant.as_deref().map_or(NONE, |t| vectors.slot_of(t).unwrap_or(NONE))).collect()
}

/// Each ask's words as written: the slot of their vector, for an ask not read for its meaning.
fn written_slots(r: &super::Region, vectors: &Vectors) -> Arc<[u32]> {
    r.asks.iter().map(|a| written(a).map_or(NONE, |t| vectors.slot_of(&t).unwrap_or(NONE))).collect()
}

/// No vector.
const NONE: u32 = u32::MAX;

impl Meaning {
    pub(super) fn new(regions: &[Arc<super::Region>], vectors: Arc<Vectors>) -> Meaning {
        let units = regions.iter().map(|r| unit_slots(r, &vectors)).collect();
        let asks = regions.iter().map(|r| ask_slots(r, &vectors)).collect();
        let written = regions.iter().map(|r| written_slots(r, &vectors)).collect();
        Meaning { vectors, units, asks, written }
    }

    /// The same over `regions` after a write: a region `kept(i)` gives the old position of
    /// (unchanged) keeps its slots; only the others' texts are read and looked up (reading
    /// every region's was a tenth of a second at 10,000 regions, on every write).
    pub(super) fn patched(&self, regions: &[Arc<super::Region>], kept: impl Fn(usize) -> Option<usize>) -> Meaning {
        let v = &self.vectors;
        let units =
            (0..regions.len()).map(|i| kept(i).map_or_else(|| unit_slots(&regions[i], v), |o| self.units[o].clone()));
        let asks =
            (0..regions.len()).map(|i| kept(i).map_or_else(|| ask_slots(&regions[i], v), |o| self.asks[o].clone()));
        let written = (0..regions.len())
            .map(|i| kept(i).map_or_else(|| written_slots(&regions[i], v), |o| self.written[o].clone()));
        Meaning { vectors: v.clone(), units: units.collect(), asks: asks.collect(), written: written.collect() }
    }

    pub(super) fn vectors(&self) -> Arc<Vectors> {
        self.vectors.clone()
    }

    pub(super) fn model(&self) -> &str {
        &self.vectors.model
    }

    /// The unit of region `b` closest in meaning to ask `k` of region `a`, with its score
    /// (strength × grade), if any counts.
    pub(super) fn best(&self, regions: &[Arc<super::Region>], a: usize, k: usize, b: usize) -> Option<(u16, f32)> {
        let q = *self.asks[a].get(k)?;
        if q == NONE {
            return None;
        }
        self.best_with(regions, b, |s| self.vectors.cos(q, s))
    }

    /// Of units `among` of region `b` (equal by their words), the one closest in meaning to
    /// ask `k` of region `a` (to its meaning, or its words as written): None when the ask or
    /// none of them has a vector.
    /// `among` is worked out only for an ask with a vector (many have none).
    pub(super) fn nearest(&self, a: usize, k: usize, b: usize, among: impl FnOnce() -> Vec<u16>) -> Option<u16> {
        let q = [&self.asks[a], &self.written[a]].iter().filter_map(|x| x.get(k).copied()).find(|&q| q != NONE)?;
        let slots = &self.units[b];
        let among = among();
        let with = among.iter().filter_map(|&u| Some((u, *slots.get(usize::from(u)).filter(|&&s| s != NONE)?)));
        with.map(|(u, s)| (u, self.vectors.cos(q, s)))
            .fold(None, |best: Option<(u16, f32)>, x| match best {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            })
            .map(|x| x.0)
    }

    fn best_with(&self, regions: &[Arc<super::Region>], b: usize, cos: impl Fn(u32) -> f32) -> Option<(u16, f32)> {
        let mut best: Option<(u16, f32)> = None;
        for (i, &s) in self.units[b].iter().enumerate() {
            if s == NONE {
                continue;
            }
            let v = strength(cos(s)) * regions[b].units[i].kind.grade();
            if v > 0.0 && best.is_none_or(|x| v > x.1) {
                best = Some((i as u16, v));
            }
        }
        best
    }

    /// The cosine of vector `q` with every vector, on every core (a page asks for it: the
    /// wait is what counts).
    fn all_cos(&self, q: u32) -> Vec<f32> {
        let n = self.vectors.len();
        let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).clamp(1, 8);
        let mut out = vec![0f32; n];
        if n < 4096 || threads == 1 {
            out.iter_mut().enumerate().for_each(|(s, c)| *c = self.vectors.cos(q, s as u32));
            return out;
        }
        let chunk = n.div_ceil(threads);
        std::thread::scope(|scope| {
            for (k, part) in out.chunks_mut(chunk).enumerate() {
                scope.spawn(move || {
                    for (i, c) in part.iter_mut().enumerate() {
                        *c = self.vectors.cos(q, (k * chunk + i) as u32);
                    }
                });
            }
        });
        out
    }

    /// For each ask of `a`, every region's best meaning score (0 where none counts): each
    /// cosine is worked out once per vector, not once per unit.
    pub(super) fn scores(&self, regions: &[Arc<super::Region>], a: usize) -> Vec<Vec<f32>> {
        self.asks[a]
            .iter()
            .map(|&q| {
                if q == NONE {
                    return Vec::new();
                }
                let cos = self.all_cos(q);
                (0..regions.len())
                    .map(|b| self.best_with(regions, b, |s| cos[s as usize]).map_or(0.0, |x| x.1))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_spacing_and_quantising_keeps_the_cosine() {
        assert_eq!(key("data  protection\n"), key("data protection"));
        assert_ne!(key("data protection"), key("protection data"));
        let a: Vec<f32> = (0..DIMS).map(|i| ((i * 7 % 13) as f32 - 6.0) / 40.0).collect();
        let b: Vec<f32> = (0..DIMS).map(|i| ((i * 5 % 11) as f32 - 5.0) / 35.0).collect();
        let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        let (a, b): (Vec<f32>, Vec<f32>) =
            (a.iter().map(|x| x / norm(&a)).collect(), b.iter().map(|x| x / norm(&b)).collect());
        let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        let mut v = Vectors::new("test");
        let (sa, qa) = quantise(&a);
        let (sb, qb) = quantise(&b);
        v.insert(1, sa, &qa);
        v.insert(2, sb, &qb);
        assert!((v.cos(0, 1) - exact).abs() < 0.01, "{} against {exact}", v.cos(0, 1));
        assert!((v.cos(0, 0) - 1.0).abs() < 0.01);
    }

    #[test]
    fn cosines_worked_out_on_every_core_are_those_worked_out_one_by_one() {
        let mut v = Vectors::new("test");
        for k in 0..5000u64 {
            let q: Vec<i8> = (0..DIMS).map(|i| ((i as u64 * 31 + k * 17) % 255) as i8).collect();
            v.insert(k, 0.001 * (1 + k % 7) as f32, &q);
        }
        let m = Meaning::new(&[], Arc::new(v));
        let all = m.all_cos(3);
        assert_eq!(all.len(), 5000);
        for s in [0u32, 1, 2499, 2500, 4999] {
            assert_eq!(all[s as usize], m.vectors.cos(3, s), "slot {s}");
        }
    }

    #[test]
    fn strength_is_nothing_under_the_floor_and_full_over_the_top() {
        assert_eq!(strength(0.3), 0.0);
        assert_eq!(strength(0.9), 1.0);
        assert!(strength(0.6) > 0.0 && strength(0.6) < 1.0);
        // Related, not close: nothing.
        assert_eq!(strength(0.5), 0.0);
        assert_eq!(strength(0.54), 0.0);
        assert!(strength(0.56) >= CLOSE);
    }
}
