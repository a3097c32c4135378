//! Putting a matcher together from its regions: whole, or, after a write, patched from the
//! matcher before it, so that a change reaches readers in milliseconds: only the postings
//! whose weights changed are made again (every list renumbered when new regions moved the
//! others), only the queries whose terms' IDFs changed are worked out again, and what each
//! region gives alone (its facts, country, wished countries, networks sought) is taken from
//! the old matcher for every region but the changed and new ones.

use std::collections::HashMap;
use std::sync::Arc;

use super::facts::{self, Countries};
use super::region::Region;
use super::retrieval::{Postings, Query, Weights};
use super::{Matcher, TheirAsk};

/// What a write did, by position in the new list: where each region was before (None for a
/// new one), and the positions whose region is new or changed.
pub(super) struct Moved<'a> {
    pub(super) from: &'a [Option<usize>],
    pub(super) at: &'a [usize],
}

impl Moved<'_> {
    /// By position among `len`, whether the region there is new or changed (read for every
    /// region: a hashed set's lookups were a cost of their own).
    fn marks(&self, len: usize) -> Vec<bool> {
        let mut marks = vec![false; len];
        self.at.iter().for_each(|&i| marks[i] = true);
        marks
    }
}

/// The terms an ask of several terms is filed under: of its `L` terms, an answer must hold
/// `need`, so it holds one of any `L − need + 1` of them; the rarest are taken, so that the
/// common words of an ask do not make every region's evidence look it up.
fn filed_under(q: &Query, p: &Postings) -> Vec<u32> {
    let need = usize::from(q.1).max(1);
    let Some(keep) = (q.0.len() + 1).checked_sub(need) else { return Vec::new() };
    let mut terms: Vec<u32> = q.0.iter().map(|x| x.0).collect();
    terms.sort_by_key(|&t| (p.by_term[t as usize].len(), t));
    terms.truncate(keep);
    terms
}

fn weights(r: &Region) -> Weights {
    Weights(r.unit_terms.weights().collect())
}

fn queries_of(r: &Region, p: &Postings) -> Arc<[Query]> {
    r.ask_terms.iter().map(|a| Query::from_terms(a, p)).collect()
}

/// What each region gives alone: its facts for the bonuses, its country and the countries it
/// wishes for (as bits), and the networks it seeks with what they stand for.
struct Alone {
    flat: Vec<facts::Flat>,
    country: Vec<u64>,
    wants: Vec<u64>,
    seekers: HashMap<String, Vec<u32>>,
}

/// A region's networks sought and what they stand for, each once.
fn sought(r: &Region) -> Vec<&String> {
    let mut tags: Vec<&String> = r.seeks_networks.iter().chain(r.seeks_cover.iter().flatten()).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

impl Alone {
    fn of(regions: &[Arc<Region>]) -> Alone {
        let countries = Countries::get();
        let mut seekers: HashMap<String, Vec<u32>> = HashMap::new();
        for (r, region) in regions.iter().enumerate() {
            for tag in sought(region) {
                seekers.entry(tag.clone()).or_default().push(r as u32);
            }
        }
        Alone {
            flat: regions.iter().map(|r| facts::Flat::of(r)).collect(),
            country: regions.iter().map(|r| countries.of(r)).collect(),
            wants: regions.iter().map(|r| wished(r, countries)).collect(),
            seekers,
        }
    }

    /// The old matcher's, moved to the new positions, with the regions at `moved.at` read
    /// again.
    fn patched(old: &Matcher, regions: &[Arc<Region>], moved: &Moved<'_>, new_of_old: Option<&[u32]>) -> Alone {
        let countries = Countries::get();
        let changed = moved.marks(regions.len());
        let kept = |i: usize| moved.from[i].filter(|_| !changed[i]);
        let flat = (0..regions.len()).map(|i| kept(i).map_or_else(|| facts::Flat::of(&regions[i]), |o| old.flat[o]));
        let country = (0..regions.len()).map(|i| kept(i).map_or_else(|| countries.of(&regions[i]), |o| old.country[o]));
        let wants =
            (0..regions.len()).map(|i| kept(i).map_or_else(|| wished(&regions[i], countries), |o| old.wants[o]));
        let mut seekers = old.seekers.clone();
        if let Some(map) = new_of_old {
            // Renumbered in order: each list stays ascending.
            seekers.values_mut().flatten().for_each(|r| *r = map[*r as usize]);
        }
        for &i in moved.at {
            if let Some(o) = moved.from[i] {
                for tag in sought(&old.regions[o]) {
                    if let Some(list) = seekers.get_mut(tag) {
                        list.retain(|&r| r as usize != i);
                    }
                }
            }
            for tag in sought(&regions[i]) {
                let list = seekers.entry(tag.clone()).or_default();
                let k = list.partition_point(|&r| (r as usize) < i);
                list.insert(k, i as u32);
            }
        }
        seekers.retain(|_, list| !list.is_empty());
        Alone { flat: flat.collect(), country: country.collect(), wants: wants.collect(), seekers }
    }
}

fn wished(r: &Region, countries: &Countries) -> u64 {
    r.topics.wants_countries.iter().fold(0, |acc, (c, _)| acc | countries.bit(c))
}

/// By bit: the positions whose mask has it.
fn by_bit(masks: &[u64]) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); 64];
    for (r, &m) in masks.iter().enumerate() {
        let mut rest = m;
        while rest != 0 {
            out[rest.trailing_zeros() as usize].push(r as u32);
            rest &= rest - 1;
        }
    }
    out
}

/// Networks at most half of the regions answering the question hold.
fn rare(regions: &[Arc<Region>]) -> u32 {
    let (mut holders, mut answering) = ([0usize; 32], [0usize; 32]);
    for r in regions {
        for i in 0..32 {
            holders[i] += (r.held >> i & 1) as usize;
            answering[i] += (r.answered >> i & 1) as usize;
        }
    }
    (0..32).filter(|&i| holders[i] * 2 <= answering[i].max(2)).fold(0u32, |acc, i| acc | 1 << i)
}

impl Matcher {
    /// The matcher over `regions`; `patch`: the matcher before a write and what the write
    /// moved and changed, from which it is patched instead of made again.
    pub(super) fn assemble(regions: Vec<Arc<Region>>, patch: Option<(&Matcher, Moved<'_>)>) -> Matcher {
        let answering = regions.iter().filter(|r| !r.unit_terms.is_empty()).count();
        let (postings, queries, alone) = match patch {
            Some((old, moved)) => {
                let in_place =
                    moved.from.len() == old.regions.len() && moved.from.iter().enumerate().all(|(i, &o)| o == Some(i));
                let new_of_old = (!in_place).then(|| {
                    let mut map = vec![0u32; old.regions.len()];
                    for (i, o) in moved.from.iter().enumerate() {
                        if let Some(o) = o {
                            map[*o] = i as u32;
                        }
                    }
                    map
                });
                let changed: Vec<(usize, Weights, Weights)> = moved
                    .at
                    .iter()
                    .map(|&i| {
                        (i, moved.from[i].map(|o| weights(&old.regions[o])).unwrap_or_default(), weights(&regions[i]))
                    })
                    .collect();
                let (postings, idf_changed) = old.postings.patched(answering, &changed, new_of_old.as_deref());
                let queries = match idf_changed {
                    Some(terms) => {
                        let mut dirty = vec![false; postings.idf.len()];
                        terms.iter().for_each(|&t| dirty[t as usize] = true);
                        let changed = moved.marks(regions.len());
                        (0..regions.len())
                            .map(|r| match moved.from[r] {
                                Some(o)
                                    if !changed[r]
                                        && !regions[r]
                                            .ask_terms
                                            .iter()
                                            .flat_map(|a| a.ids())
                                            .any(|t| dirty[t as usize]) =>
                                {
                                    old.queries[o].clone()
                                }
                                _ => queries_of(&regions[r], &postings),
                            })
                            .collect()
                    }
                    None => regions.iter().map(|r| queries_of(r, &postings)).collect(),
                };
                let alone = Alone::patched(old, &regions, &moved, new_of_old.as_deref());
                (postings, queries, alone)
            }
            None => {
                let postings = Postings::new(&regions.iter().map(|r| weights(r)).collect::<Vec<_>>());
                let queries: Vec<Arc<[Query]>> = regions.iter().map(|r| queries_of(r, &postings)).collect();
                (postings, queries, Alone::of(&regions))
            }
        };
        let mut ask_postings: Vec<Vec<u32>> = vec![Vec::new(); postings.idf.len()];
        let mut their_asks: Vec<TheirAsk> = Vec::new();
        let mut their_terms: Vec<(u32, f32)> = Vec::new();
        let mut one_term_asks: Vec<Vec<(u32, f32)>> = vec![Vec::new(); postings.idf.len()];
        for (r, qs) in queries.iter().enumerate() {
            for q in qs.iter() {
                if let Some((t, share)) = q.one_term() {
                    one_term_asks[t as usize].push((r as u32, share));
                    continue;
                }
                let id = their_asks.len() as u32;
                their_asks.push(TheirAsk {
                    start: their_terms.len() as u32,
                    len: q.0.len() as u32,
                    region: r as u32,
                    need: q.1,
                });
                their_terms.extend_from_slice(&q.0);
                for t in filed_under(q, &postings) {
                    ask_postings[t as usize].push(id);
                }
            }
        }
        for p in &mut one_term_asks {
            p.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            p.shrink_to_fit();
        }
        ask_postings.iter_mut().for_each(Vec::shrink_to_fit);
        let (in_country, wanting) = (by_bit(&alone.country), by_bit(&alone.wants));
        let mut region_wanting: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for (r, region) in regions.iter().enumerate() {
            for (code, _) in &region.topics.wants_regions {
                region_wanting.entry(code.as_str().to_string()).or_default().push(r as u32);
            }
        }
        let holding = by_bit(&alone.flat.iter().map(|f| u64::from(f.held)).collect::<Vec<_>>());
        Matcher {
            rare: rare(&regions),
            holding,
            regions,
            postings,
            queries,
            ask_postings,
            their_asks,
            their_terms,
            one_term_asks,
            seekers: alone.seekers,
            flat: alone.flat,
            country: alone.country,
            wants: alone.wants,
            in_country,
            wanting,
            region_wanting,
            meaning: None,
        }
    }
}
