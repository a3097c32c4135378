//! Full-text search with facets over a set of profiles: an inverted index of folded words
//! (prefix matching, case- and diacritics-insensitive) plus the topics each profile names
//! (so "AI" finds a region that wrote "KI"), and one bit set per facet value. A query is
//! AND across words and across facets, OR within a facet; the counts of a facet are taken
//! over the results of every *other* facet's selection, so a selected value's siblings
//! keep showing what choosing them would give.

use std::collections::BTreeMap;

use crate::attr::{self, Stance};
use crate::model::{MembershipAnswer, Profile, Rating, SelfEvaluationItem, Tier};
use crate::topics::find_topics;
use crate::vocab::{nabs_label, nace_label, policy_objective_label, vocab, NetworkId};

/// A set of region positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn empty(n: usize) -> BitSet {
        BitSet { words: vec![0; n.div_ceil(64)] }
    }
    pub fn full(n: usize) -> BitSet {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if n % 64 != 0 {
            if let Some(last) = words.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        BitSet { words }
    }
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }
    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn and(&mut self, o: &BitSet) {
        self.words.iter_mut().zip(&o.words).for_each(|(a, b)| *a &= b);
    }
    pub fn or(&mut self, o: &BitSet) {
        self.words.iter_mut().zip(&o.words).for_each(|(a, b)| *a |= b);
    }
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
    pub fn and_count(&self, o: &BitSet) -> usize {
        self.words.iter().zip(&o.words).map(|(a, b)| (a & b).count_ones() as usize).sum()
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + b
                })
            })
        })
    }
}

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
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
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

pub struct Index {
    n: usize,
    /// Folded word → regions, sorted by word (prefix ranges are contiguous).
    words: Vec<(String, BitSet)>,
    /// Topic id → regions that name it anywhere.
    topics: Vec<BitSet>,
    pub facets: Vec<Facet>,
    /// For each region, the (facet, value) pairs it has: counting per hit is cheaper than
    /// per bit set when the results are few.
    region_values: Vec<Vec<(u16, u16)>>,
    names: Vec<String>,
    population: Vec<u64>,
    innovation: Vec<i16>,
    editions: Vec<Option<crate::origin::Edition>>,
    updated: Vec<String>,
}

fn fold_words(s: &str, out: &mut Vec<String>) {
    let f = crate::text::fold(s);
    out.extend(crate::text::words(&f).map(|(_, w)| spelling(w)));
}

/// One spelling for British and American forms, in the index and in queries alike:
/// "personalized", "personalization" and "standardize" are indexed and searched as
/// "personalised", "personalisation", "standardise".
fn spelling(w: &str) -> String {
    for (us, uk) in [
        ("ization", "isation"),
        ("izations", "isations"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
    ] {
        if let Some(stem) = w.strip_suffix(us) {
            if stem.len() >= 3 {
                return format!("{stem}{uk}");
            }
        }
    }
    w.to_string()
}

/// Every free text of a profile, for the full-text index.
fn texts(p: &Profile) -> Vec<&str> {
    let mut t: Vec<&str> = vec![p.name.as_str(), p.code.as_str()];
    t.extend(p.country_name());
    t.extend(p.description.iter().map(|x| x.as_str()));
    t.extend(p.health_profile.iter().map(|x| x.as_str()));
    t.extend(p.websites.iter().map(|x| x.as_str()));
    if let Some(c) = &p.collaboration {
        t.extend(c.texts());
        t.extend(c.partners.iter().map(|x| x.as_str()));
    }
    t.extend(p.policy_documents.iter().map(|d| d.title.as_str()));
    t.extend(p.policy_topics.iter().map(|x| x.text.as_str()));
    for m in &p.support_measures {
        t.push(m.kind.label());
        t.extend(m.detail.as_ref().map(|d| d.as_str()));
    }
    t.extend(p.funding_programmes.iter().map(|x| x.text.as_str()));
    for i in &p.initiatives {
        t.push(i.name.as_str());
        t.extend(i.description.as_ref().map(|d| d.as_str()));
    }
    t.extend(p.digital_innovation_hubs.iter().map(|x| x.as_str()));
    t.extend(p.represented_in.iter().map(|x| x.text.as_str()));
    // The networks it belongs to, by name and abbreviation ("ICPerMed" finds its members).
    for m in p.memberships.iter().filter(|m| m.answer.is_member()) {
        t.push(m.network.short());
        t.push(m.network.label());
    }
    for c in p.nace.iter().chain(&p.nabs).chain(&p.policy_objectives) {
        t.extend(c.label.as_ref().map(|l| l.as_str()));
    }
    t
}

impl Index {
    /// Builds the index; `updated[i]` is the time profile `i` was last changed (ISO 8601).
    pub fn build(profiles: &[&Profile], updated: &[&str]) -> Index {
        let n = profiles.len();
        let mut words: BTreeMap<String, BitSet> = BTreeMap::new();
        let mut topics = vec![BitSet::empty(n); vocab().topics.len()];
        let mut buf = Vec::new();
        for (i, p) in profiles.iter().enumerate() {
            let ts = texts(p);
            buf.clear();
            for t in &ts {
                fold_words(t, &mut buf);
            }
            for w in buf.drain(..) {
                words.entry(w).or_insert_with(|| BitSet::empty(n)).insert(i);
            }
            for m in find_topics(ts.iter().copied()) {
                topics[m.topic.index()].insert(i);
            }
        }
        let facets = build_facets(profiles);
        let mut region_values = vec![Vec::new(); n];
        for (fi, f) in facets.iter().enumerate() {
            for (vi, v) in f.values.iter().enumerate() {
                for i in v.set.iter() {
                    region_values[i].push((fi as u16, vi as u16));
                }
            }
        }
        Index {
            n,
            words: words.into_iter().collect(),
            topics,
            facets,
            region_values,
            names: profiles.iter().map(|p| crate::text::fold(p.name.as_str())).collect(),
            population: profiles.iter().map(|p| p.key_figures.population.as_ref().map_or(0, |f| f.value)).collect(),
            innovation: profiles
                .iter()
                .map(|p| p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map_or(-1, |g| g.rank() as i16))
                .collect(),
            editions: profiles.iter().map(|p| p.origin.edition).collect(),
            updated: updated.iter().map(|s| s.to_string()).collect(),
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
        let start = self.words.partition_point(|(w, _)| w.as_str() < prefix);
        for (w, set) in &self.words[start..] {
            if !w.starts_with(prefix) {
                break;
            }
            out.or(set);
        }
        out
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
                let mut s = BitSet::empty(self.n);
                let mut any = false;
                for v in f.values.iter().filter(|v| chosen.contains(&v.id)) {
                    s.or(&v.set);
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
                for &(f, v) in &self.region_values[i] {
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
                let base = if selections[fi].is_some() {
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
        match q.sort {
            Sort::Name => hits.sort_by(|&a, &b| self.names[a].cmp(&self.names[b])),
            Sort::Population => hits.sort_by(|&a, &b| self.population[b].cmp(&self.population[a])),
            Sort::Innovation => hits
                .sort_by(|&a, &b| self.innovation[b].cmp(&self.innovation[a]).then(self.names[a].cmp(&self.names[b]))),
            Sort::Edition => {
                hits.sort_by(|&a, &b| self.editions[b].cmp(&self.editions[a]).then(self.names[a].cmp(&self.names[b])))
            }
            Sort::Updated => hits.sort_by(|&a, &b| self.updated[b].cmp(&self.updated[a])),
        }
        Results { hits, facets, unknown_words }
    }
}

fn attr_facet(a: attr::Attr, values: Vec<(String, String, Vec<usize>)>, n: usize) -> Facet {
    facet(a.id, a.label, values, n)
}

fn facet(key: &str, label: &str, values: Vec<(String, String, Vec<usize>)>, n: usize) -> Facet {
    Facet {
        key: key.to_string(),
        label: label.to_string(),
        values: values
            .into_iter()
            .map(|(id, label, members)| {
                let mut set = BitSet::empty(n);
                members.into_iter().for_each(|i| set.insert(i));
                FacetValue { id, label, set }
            })
            .collect(),
    }
}

/// Collects facet values: value id → (label, regions), in first-seen or given order.
struct Values(BTreeMap<String, (String, Vec<usize>)>);

impl Values {
    fn new() -> Values {
        Values(BTreeMap::new())
    }
    fn add(&mut self, id: &str, label: &str, i: usize) {
        let e = self.0.entry(id.to_string()).or_insert_with(|| (label.to_string(), Vec::new()));
        if e.1.last() != Some(&i) {
            e.1.push(i);
        }
    }
    fn into_vec(self) -> Vec<(String, String, Vec<usize>)> {
        self.0.into_iter().map(|(id, (label, m))| (id, label, m)).collect()
    }
    /// By label, as a reader looks a name up (Estonia before Germany, not EE before DE).
    fn by_label(self) -> Vec<(String, String, Vec<usize>)> {
        let mut v = self.into_vec();
        v.sort_by_cached_key(|a| crate::text::fold(&a.1));
        v
    }

    fn ordered(self, order: &[&str]) -> Vec<(String, String, Vec<usize>)> {
        let mut v = self.into_vec();
        v.sort_by_key(|(id, _, _)| order.iter().position(|o| o == id).unwrap_or(usize::MAX));
        v
    }
}

fn build_facets(ps: &[&Profile]) -> Vec<Facet> {
    let n = ps.len();
    let mut out = Vec::new();
    let mut country = Values::new();
    let mut level = Values::new();
    let mut innovation = Values::new();
    let mut seeking = Values::new();
    let mut topic = Values::new();
    let mut nace = Values::new();
    let mut nabs = Values::new();
    let mut objective = Values::new();
    let mut ris3 = Values::new();
    let mut editions: Vec<crate::origin::Edition> = Vec::new();
    let mut edition = Values::new();
    for (i, p) in ps.iter().enumerate() {
        if let Some(e) = p.origin.edition {
            edition.add(&edition_id(e), &e.label(), i);
            editions.push(e);
        }
        let c = p.code.country();
        country.add(c, p.country_name().unwrap_or(c), i);
        let l = p.code.level();
        level.add(
            &l.to_string(),
            if l == 0 { "Country (NUTS 0)" } else { ["", "NUTS 1", "NUTS 2", "NUTS 3"][l as usize] },
            i,
        );
        if let Some(g) = p.key_figures.innovation.as_ref().and_then(|x| x.primary()) {
            let t = g.tier.group();
            innovation.add(t.id(), t.group_label(), i);
        }
        if let Some(col) = &p.collaboration {
            let stance = Stance::of(Some(col));
            if stance != Stance::NotStated {
                seeking.add(stance.id(), stance.label(), i);
            }
            for t in &col.topics {
                topic.add(t.topic.id(), t.topic.label(), i);
            }
        }
        for x in &p.nace {
            nace.add(&x.code, &format!("{} {}", x.code, nace_label(&x.code).unwrap_or("")), i);
        }
        for x in &p.nabs {
            nabs.add(&x.code, &format!("{} {}", x.code, nabs_label(&x.code).unwrap_or("")), i);
        }
        for x in &p.policy_objectives {
            let label =
                policy_objective_label(&x.code).map(str::to_string).or_else(|| x.label.as_ref().map(|l| l.to_string()));
            objective.add(&x.code, &format!("{} {}", x.code, label.unwrap_or_default()), i);
        }
        if let Some(f) = &p.pm_ris3 {
            ris3.add(if f.value { "yes" } else { "no" }, if f.value { "Yes" } else { "No" }, i);
        }
    }
    let tier_order: Vec<&str> = Tier::GROUPS.iter().map(|t| t.id()).collect();
    let stances = [Stance::Seeking.id(), Stance::NotSeeking.id()];
    out.push(attr_facet(attr::COUNTRY, country.by_label(), n));
    out.push(attr_facet(attr::LEVEL, level.into_vec(), n));
    out.push(attr_facet(attr::INNOVATION, innovation.ordered(&tier_order), n));
    out.push(attr_facet(attr::SEEKING, seeking.ordered(&stances), n));
    out.push(attr_facet(attr::TOPIC, topic.into_vec(), n));
    editions.sort_by(|a, b| b.cmp(a));
    editions.dedup();
    let edition_order: Vec<String> = editions.iter().map(|e| edition_id(*e)).collect();
    let edition_order: Vec<&str> = edition_order.iter().map(String::as_str).collect();
    out.push(attr_facet(attr::EDITION, edition.ordered(&edition_order), n));
    for net in NetworkId::all() {
        let mut v = Values::new();
        for (i, p) in ps.iter().enumerate() {
            if let Some(m) = p.membership(net) {
                v.add(m.answer.id(), m.answer.label(), i);
            }
        }
        let order: Vec<&str> = MembershipAnswer::ALL.iter().map(|a| a.id()).collect();
        out.push(facet(&attr::membership(net), net.short(), v.ordered(&order), n));
    }
    out.push(attr_facet(attr::PM_RIS3, ris3.ordered(&["yes", "no"]), n));
    out.push(attr_facet(attr::NACE, nace.into_vec(), n));
    out.push(attr_facet(attr::NABS, nabs.into_vec(), n));
    out.push(attr_facet(attr::POLICY_OBJECTIVES, objective.into_vec(), n));
    for item in SelfEvaluationItem::ALL {
        let mut v = Values::new();
        for (i, p) in ps.iter().enumerate() {
            if let Some(r) = p.self_evaluation.get(item) {
                v.add(r.id(), r.label(), i);
            }
        }
        let order: Vec<&str> = Rating::ALL.iter().map(|r| r.id()).collect();
        let short = &vocab().self_evaluation[item as usize];
        out.push(facet(&attr::rating(item), &short.label, v.ordered(&order), n));
    }
    out
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
mod tests {
    use super::*;

    fn corpus() -> Vec<Profile> {
        let mut v = vec![crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile];
        v.extend(crate::synth::profiles(300, 11));
        v
    }

    fn query(text: &str, filters: &[(&str, &[&str])]) -> Query {
        Query {
            text: text.into(),
            filters: filters.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect(),
            sort: Sort::Name,
        }
    }

    #[test]
    fn full_sets_exactly_n_bits() {
        for n in [0, 1, 63, 64, 65, 130] {
            let b = BitSet::full(n);
            assert_eq!(b.count(), n);
            assert_eq!(b.iter().collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn words_are_prefixes_case_and_diacritics_insensitive() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let r = idx.search(&query("INFECTOGNOSTICS", &[]));
        assert_eq!(r.hits, [0]);
        let r = idx.search(&query("leibniz zentrum fur photonik", &[]));
        assert_eq!(r.hits, [0], "ü folds to u");
        assert!(idx.search(&query("biobank", &[])).hits.contains(&0));
        let r = idx.search(&query("zzzqqq", &[]));
        assert!(r.hits.is_empty());
        assert_eq!(r.unknown_words, ["zzzqqq"]);
    }

    #[test]
    fn synonyms_find_what_was_written_otherwise() {
        let mut p = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        p.description.clear();
        let refs = vec![&p];
        let idx = Index::build(&refs, &[""]);
        // Thuringia wrote "KI"; a search for AI, or for artificial intelligence, finds it.
        assert_eq!(idx.search(&query("AI", &[])).hits, [0]);
        assert_eq!(idx.search(&query("artificial intelligence", &[])).hits, [0]);
        assert_eq!(idx.search(&query("ehealth", &[])).hits, [0], "'assisted Living (ehealth)'");
    }

    #[test]
    fn facets_combine_and_count() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let all = idx.search(&query("", &[]));
        assert_eq!(all.hits.len(), ps.len());
        let (ci, country) = idx.facet("country").unwrap();
        let de = country.values.iter().position(|v| v.id == "DE").unwrap();
        let fr = country.values.iter().position(|v| v.id == "FR").unwrap();
        let n_de = all.facets[ci].counts[de];
        let n_fr = all.facets[ci].counts[fr];
        assert_eq!(n_de, ps.iter().filter(|p| p.code.country() == "DE").count());
        // OR within a facet; the facet's own counts stay those of the other facets' selection.
        let r = idx.search(&query("", &[("country", &["DE", "FR"])]));
        assert_eq!(r.hits.len(), n_de + n_fr);
        assert_eq!(r.facets[ci].counts[fr], n_fr);
        // AND across facets: seeking collaboration among them.
        let (si, seeking) = idx.facet("seeking").unwrap();
        let yes = seeking.values.iter().position(|v| v.id == "yes").unwrap();
        let expect = ps
            .iter()
            .filter(|p| {
                matches!(p.code.country(), "DE" | "FR") && p.collaboration.as_ref().is_some_and(|c| c.is_seeking())
            })
            .count();
        assert_eq!(r.facets[si].counts[yes], expect);
        let r2 = idx.search(&query("", &[("country", &["DE", "FR"]), ("seeking", &["yes"])]));
        assert_eq!(r2.hits.len(), expect);
        assert!(r2.hits.iter().all(|&i| ps[i].collaboration.as_ref().is_some_and(|c| c.is_seeking())));
        // An unknown value selects nothing.
        assert!(idx.search(&query("", &[("country", &["XX"])])).hits.is_empty());
    }

    #[test]
    fn few_results_count_the_same_per_hit() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let r = idx.search(&query("jena", &[("seeking", &["yes"])]));
        assert!(!r.hits.is_empty() && r.hits.len() * 8 < ps.len(), "the per-hit path is taken");
        for fc in &r.facets {
            let f = &idx.facets[fc.facet];
            if f.key == "seeking" {
                continue;
            }
            for (v, &count) in f.values.iter().zip(&fc.counts) {
                assert_eq!(count, r.hits.iter().filter(|&&i| v.set.contains(i)).count(), "{} = {}", f.key, v.id);
            }
        }
    }

    #[test]
    fn sorting() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let mut q = query("", &[]);
        q.sort = Sort::Population;
        let r = idx.search(&q);
        let pops: Vec<u64> =
            r.hits.iter().map(|&i| ps[i].key_figures.population.as_ref().map_or(0, |f| f.value)).collect();
        assert!(pops.windows(2).all(|w| w[0] >= w[1]));
    }
}
