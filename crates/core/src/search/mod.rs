//! Full-text search with facets over a set of profiles: an inverted index of folded words
//! (prefix matching, case- and diacritics-insensitive) plus the topics each profile names
//! (so "AI" finds a region that wrote "KI"), and one bit set per facet value. A query is
//! AND across words and across facets, OR within a facet; the counts of a facet are taken
//! over the results of every *other* facet's selection, so a selected value's siblings
//! keep showing what choosing them would give.

use std::collections::BTreeMap;
use std::sync::Arc;

mod bitset;
mod build;
mod facets;
pub mod relevance;
mod snippet;
mod stems;
mod texts;
mod wordset;

pub use bitset::BitSet;
use snippet::american;
pub use snippet::{snippet, QueryWords, Snippet};
pub(crate) use stems::spelling;
use stems::{spelled, stems, Stems};
use texts::{prose, texts, words_of};

use crate::model::Profile;
use crate::topics::find_topics;
use crate::vocab::vocab;

/// One value of a facet, with the regions that have it.
#[derive(Clone, Debug)]
pub struct FacetValue {
    pub id: String,
    pub label: String,
    pub set: BitSet,
}

#[derive(Clone, Debug)]
pub struct Facet {
    /// The URL parameter name (`country`, `membership.errin`, `rating.need_funding`).
    pub key: String,
    pub label: String,
    pub values: Vec<FacetValue>,
    /// Whether a region can have several of its values (so "all of them" means something).
    pub multi: bool,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Best match first (see [`relevance`]); by name when no words are searched.
    Relevance,
    Population,
    Innovation,
    /// The edition of the data, newest first.
    Edition,
    Updated,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        Some(match s {
            "name" => Sort::Name,
            "relevance" => Sort::Relevance,
            "population" => Sort::Population,
            "innovation" => Sort::Innovation,
            "edition" => Sort::Edition,
            "updated" => Sort::Updated,
            _ => return None,
        })
    }
    pub fn id(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Relevance => "relevance",
            Sort::Population => "population",
            Sort::Innovation => "innovation",
            Sort::Edition => "edition",
            Sort::Updated => "updated",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Query {
    pub text: String,
    /// Facet key → selected value ids.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Facets whose selected values must all hold (the others: any of them).
    pub match_all: std::collections::BTreeSet<String>,
    pub sort: Sort,
}

/// Facet counts for one facet: (value index, count), every value of the facet.
#[derive(Clone, Debug)]
pub struct FacetCounts {
    pub facet: usize,
    pub counts: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Results {
    /// Matching region positions, in the requested order.
    pub hits: Vec<usize>,
    pub facets: Vec<FacetCounts>,
    /// Query words that match nothing at all (to say why a result is empty).
    pub unknown_words: Vec<String>,
}

/// An index is updated after a write by copying it and changing what the write touched
/// ([`Index::updated`]): the regions of each word are shared between copies until one of
/// them changes.
#[derive(Clone)]
pub struct Index {
    n: usize,
    /// Folded word → regions, sorted by word (prefix ranges are contiguous).
    words: Vec<(Arc<str>, Arc<wordset::WordSet>)>,
    /// A word's stem in each language of [`STEMMERS`] (tagged with the language) → the
    /// positions in `words` of the words with that stem: "personalised" finds
    /// "personalisation", "Kliniken" finds "Klinik".
    stems: Arc<Stems>,
    /// Topic id → regions that name it anywhere.
    topics: Vec<BitSet>,
    pub facets: Vec<Facet>,
    /// For each region, the (facet, value) pairs it has: counting per hit is cheaper than
    /// per bit set when the results are few.
    region_values: facets::RegionValues,
    /// The table of facet values, and the keys into it of each region's values: the facets
    /// are assembled from these.
    keys: Arc<facets::Keys>,
    region_keys: Vec<Arc<[u32]>>,
    /// What sorting the results reads, per region.
    sort: Vec<SortKey>,
    /// The words that rank a match, per region (see [`relevance`]).
    weighed: Vec<relevance::Weighed>,
}

/// What sorting the results reads of a region.
#[derive(Clone, Debug, PartialEq)]
struct SortKey {
    name: String,
    population: u64,
    innovation: i16,
    edition: Option<crate::origin::Edition>,
    updated: String,
}

impl SortKey {
    fn of(p: &Profile, updated: &str) -> SortKey {
        SortKey {
            name: crate::text::fold(p.name.as_str()),
            population: p.key_figures.population.as_ref().map_or(0, |f| f.value),
            innovation: p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map_or(-1, |g| g.rank() as i16),
            edition: p.origin.edition,
            updated: updated.to_string(),
        }
    }
}

impl Index {
    /// Orders hits best match first for the searched `text` (see [`relevance`]); hits of
    /// equal score keep their order.
    pub fn rank(&self, hits: &mut [usize], text: &str) {
        let folded = crate::text::fold(text);
        let mut matched: Vec<u32> = Vec::new();
        for (_, w) in crate::text::words(&folded) {
            let w = spelling(w);
            let start = self.words.partition_point(|(x, _)| &**x < w.as_str());
            for (x, _) in self.words[start..].iter().take_while(|(x, _)| x.starts_with(w.as_str())) {
                matched.push(relevance::word_hash(x));
            }
            for key in stems(&w) {
                matched
                    .extend(self.stems.find(&key).iter().map(|&wi| relevance::word_hash(&self.words[wi as usize].0)));
            }
        }
        let matched = relevance::Matched::new(matched.into_iter());
        let mut scored: Vec<(u32, usize)> =
            hits.iter().map(|&i| (relevance::score(&self.weighed[i], &matched), i)).collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (h, (_, i)) in hits.iter_mut().zip(scored) {
            *h = i;
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn facet(&self, key: &str) -> Option<(usize, &Facet)> {
        self.facets.iter().enumerate().find(|(_, f)| f.key == key)
    }

    /// Regions with a word starting with `prefix`.
    fn prefix_set(&self, prefix: &str) -> BitSet {
        let mut out = BitSet::empty(self.n);
        let start = self.words.partition_point(|(w, _)| &**w < prefix);
        for (w, set) in &self.words[start..] {
            if !w.starts_with(prefix) {
                break;
            }
            set.or_into(&mut out);
        }
        out
    }

    /// The words of a query text, for [`snippet`].
    pub fn query_words(&self, text: &str) -> QueryWords {
        let folded = crate::text::fold(text);
        let words: Vec<String> = crate::text::words(&folded).map(|(_, w)| spelling(w)).collect();
        let mut stemmed = std::collections::HashSet::new();
        for w in &words {
            for key in stems(w) {
                stemmed.extend(self.stems.find(&key).iter().map(|&wi| self.words[wi as usize].0.to_string()));
            }
        }
        let us: Vec<String> = stemmed.iter().filter_map(|w| american(w)).collect();
        stemmed.extend(us);
        let mut words = words;
        let us: Vec<String> = words.iter().filter_map(|w| american(w)).collect();
        words.extend(us);
        let mut heads: Vec<String> = words
            .iter()
            .chain(&stemmed)
            .map(|w| w.chars().take(4).collect::<String>())
            .filter(|h| !h.is_empty())
            .collect();
        heads.sort();
        heads.dedup();
        if heads.iter().any(|h| !h.is_ascii()) {
            heads.clear();
            heads.push(String::new());
        }
        let mut starts = [false; 256];
        for w in words.iter().chain(&stemmed) {
            if let Some(&b) = w.as_bytes().first() {
                starts[b as usize] = true;
            }
        }
        QueryWords { words, stemmed, heads, starts }
    }

    pub fn search(&self, q: &Query) -> Results {
        // Text: every word must match (as a word prefix, or through a topic it names).
        let mut text = BitSet::full(self.n);
        let mut unknown_words = Vec::new();
        let folded = crate::text::fold(&q.text);
        let qwords: Vec<String> = crate::text::words(&folded).map(|(_, w)| spelling(w)).collect();
        let named: Vec<_> = find_topics(std::iter::once(q.text.as_str()));
        for w in &qwords {
            let mut set = self.prefix_set(w);
            for key in stems(w) {
                for &wi in self.stems.find(&key) {
                    self.words[wi as usize].1.or_into(&mut set);
                }
            }
            for m in &named {
                let phrase = crate::text::fold(m.as_written.as_str());
                if crate::text::words(&phrase).any(|(_, pw)| spelling(pw) == *w) {
                    set.or(&self.topics[m.topic.index()]);
                }
            }
            if set.count() == 0 {
                unknown_words.push(w.to_string());
            }
            text.and(&set);
        }
        // Facets: the union of the selected values of each, intersected across facets.
        let selections: Vec<Option<BitSet>> = self
            .facets
            .iter()
            .map(|f| {
                let chosen = q.filters.get(&f.key)?;
                let all = q.match_all.contains(&f.key);
                let mut s = if all { BitSet::full(self.n) } else { BitSet::empty(self.n) };
                let mut any = false;
                for v in f.values.iter().filter(|v| chosen.contains(&v.id)) {
                    if all {
                        s.and(&v.set);
                    } else {
                        s.or(&v.set);
                    }
                    any = true;
                }
                // A filter naming only unknown values selects nothing.
                Some(if any || chosen.is_empty() { s } else { BitSet::empty(self.n) })
            })
            .collect();
        let mut all = text.clone();
        for s in selections.iter().flatten() {
            all.and(s);
        }
        // Facets without a selection count over the results: per hit when they are few.
        let hits_n = all.count();
        let per_hit = hits_n * 8 < self.n;
        let mut direct: Vec<Vec<usize>> = Vec::new();
        if per_hit {
            direct = self.facets.iter().map(|f| vec![0; f.values.len()]).collect();
            for i in all.iter() {
                for &(f, v) in self.region_values.of(i) {
                    direct[f as usize][v as usize] += 1;
                }
            }
        }
        let facets = self
            .facets
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                if per_hit && selections[fi].is_none() {
                    return FacetCounts { facet: fi, counts: std::mem::take(&mut direct[fi]) };
                }
                // A facet matched with "all" counts what adding a value would leave: over the
                // results themselves, like a facet without a selection.
                let base = if selections[fi].is_some() && !q.match_all.contains(&f.key) {
                    let mut b = text.clone();
                    for (gi, s) in selections.iter().enumerate() {
                        if gi != fi {
                            if let Some(s) = s {
                                b.and(s);
                            }
                        }
                    }
                    b
                } else {
                    all.clone()
                };
                FacetCounts { facet: fi, counts: f.values.iter().map(|v| base.and_count(&v.set)).collect() }
            })
            .collect();
        let mut hits: Vec<usize> = all.iter().collect();
        let k = &self.sort;
        match q.sort {
            // Best match is ranked by the caller, which has the profiles (`relevance::rank`).
            Sort::Name | Sort::Relevance => hits.sort_by(|&a, &b| k[a].name.cmp(&k[b].name)),
            Sort::Population => hits.sort_by(|&a, &b| k[b].population.cmp(&k[a].population)),
            Sort::Innovation => {
                hits.sort_by(|&a, &b| k[b].innovation.cmp(&k[a].innovation).then(k[a].name.cmp(&k[b].name)))
            }
            Sort::Edition => hits.sort_by(|&a, &b| k[b].edition.cmp(&k[a].edition).then(k[a].name.cmp(&k[b].name))),
            Sort::Updated => hits.sort_by(|&a, &b| k[b].updated.cmp(&k[a].updated)),
        }
        Results { hits, facets, unknown_words }
    }
}

/// Every facet's key, in the index's order: an index has one facet per key, whatever its data.
pub fn facet_keys() -> Vec<String> {
    facets::keys()
}

/// The URL id of an edition: `2021`, `2019`, `2019-early`, `2026-submitted`.
pub fn edition_id(e: crate::origin::Edition) -> String {
    match e.layout {
        Some(crate::origin::Layout::Early) => format!("{}-early", e.year),
        Some(_) => e.year.to_string(),
        None => format!("{}-submitted", e.year),
    }
}

#[cfg(test)]
mod tests;
