//! The facets of the search: which value of each attribute every region has. Each region's
//! values are worked out once, as keys into a table of the values seen ([`Keys`]), and the
//! facets are assembled from those lists: after a write only the changed regions are read
//! again, and the facets come out as a build over every region would make them.

use std::collections::HashMap;
use std::sync::Arc;

use super::{BitSet, Facet, FacetValue};
use crate::attr::{self, Stance};
use crate::model::{MembershipAnswer, Profile, Rating, SelfEvaluationItem, Tier};
use crate::origin::Edition;
use crate::vocab::{nabs_label, nace_label, policy_objective_label, vocab, NetworkId, PolicyTopicId};

/// How a facet orders its values.
#[derive(Clone, Debug)]
enum Rule {
    /// By id (NACE codes, topics).
    Id,
    /// By label, as a reader looks a name up (Estonia before Germany, not EE before DE).
    Label,
    /// In the vocabulary's order (answers, ratings, groups).
    Fixed(Vec<&'static str>),
    /// Newest edition first.
    Edition,
}

/// The facets, in their fixed order: parameter name, label, how values are ordered.
#[derive(Clone, Debug)]
struct Head {
    key: String,
    label: String,
    rule: Rule,
}

/// Positions of the facets in [`heads`] that contributions name.
const COUNTRY: u16 = 0;
const LEVEL: u16 = 1;
const INNOVATION: u16 = 2;
const SEEKING: u16 = 3;
const TOPIC: u16 = 4;
const EDITION: u16 = 5;
/// The first membership facet; one per network, in vocabulary order.
const NETWORKS: u16 = 6;

fn heads() -> Vec<Head> {
    let head = |key: &str, label: &str, rule: Rule| Head { key: key.to_string(), label: label.to_string(), rule };
    let attr_head = |a: attr::Attr, rule: Rule| head(a.id, a.label, rule);
    let mut out = vec![
        attr_head(attr::COUNTRY, Rule::Label),
        attr_head(attr::LEVEL, Rule::Id),
        attr_head(attr::INNOVATION, Rule::Fixed(Tier::GROUPS.iter().map(|t| t.id()).collect())),
        attr_head(attr::SEEKING, Rule::Fixed(vec![Stance::Seeking.id(), Stance::NotSeeking.id()])),
        attr_head(attr::TOPIC, Rule::Id),
        attr_head(attr::EDITION, Rule::Edition),
    ];
    let answers: Vec<&'static str> = MembershipAnswer::ALL.iter().map(|a| a.id()).collect();
    for net in NetworkId::all() {
        out.push(head(&attr::membership(net), net.short(), Rule::Fixed(answers.clone())));
    }
    out.push(attr_head(attr::PM_RIS3, Rule::Fixed(vec!["yes", "no"])));
    out.push(attr_head(attr::POLICY_TOPICS, Rule::Fixed(PolicyTopicId::all().map(|t| t.id()).collect())));
    out.push(attr_head(attr::NACE, Rule::Id));
    out.push(attr_head(attr::NABS, Rule::Id));
    out.push(attr_head(attr::POLICY_OBJECTIVES, Rule::Id));
    let ratings: Vec<&'static str> = Rating::ALL.iter().map(|r| r.id()).collect();
    for item in SelfEvaluationItem::ALL {
        let short = &vocab().self_evaluation[item as usize];
        out.push(head(&attr::rating(item), &short.label, Rule::Fixed(ratings.clone())));
    }
    out
}

/// Every facet's key, in order.
pub(super) fn keys() -> Vec<String> {
    heads().into_iter().map(|h| h.key).collect()
}

/// A value as one region states it (its facet and id are where `Keys::by_id` holds it).
#[derive(Clone, Debug)]
struct Key {
    label: String,
    /// For the edition facet: the edition itself (several editions can share an id).
    edition: Option<Edition>,
}

/// Every value any region has had, each with a number (a key); only ever added to, and
/// shared between the indexes of successive writes until one adds a value.
#[derive(Clone, Debug)]
pub(super) struct Keys {
    heads: Vec<Head>,
    keys: Vec<Key>,
    /// Per facet: id → the keys with that id (one, unless regions label it differently).
    by_id: Vec<HashMap<String, Vec<u32>>>,
}

impl Keys {
    pub(super) fn new() -> Keys {
        let heads = heads();
        let by_id = vec![HashMap::new(); heads.len()];
        Keys { heads, keys: Vec::new(), by_id }
    }

    fn facet_of(&self, key: &str) -> u16 {
        self.heads.iter().position(|h| h.key == key).expect("a facet of heads()") as u16
    }

    /// The key of a value. `label` is worked out only for a value not seen before, unless
    /// `varies` (the label comes from the document, not the vocabulary).
    fn intern(
        &mut self,
        facet: u16,
        id: &str,
        label: impl FnOnce() -> String,
        varies: bool,
        edition: Option<Edition>,
    ) -> u32 {
        let known = self.by_id[facet as usize].get(id);
        let label = match known {
            Some(keys) if !varies && edition.is_none() => return keys[0],
            _ => label(),
        };
        if let Some(keys) = known {
            if let Some(&k) =
                keys.iter().find(|&&k| self.keys[k as usize].label == label && self.keys[k as usize].edition == edition)
            {
                return k;
            }
        }
        let k = self.keys.len() as u32;
        self.keys.push(Key { label, edition });
        self.by_id[facet as usize].entry(id.to_string()).or_default().push(k);
        k
    }

    /// The keys of the values a region has, in facet order.
    pub(super) fn of(&mut self, p: &Profile) -> Arc<[u32]> {
        let mut out: Vec<u32> = Vec::with_capacity(64);
        let c = p.code.country();
        out.push(self.intern(COUNTRY, c, || p.country_name().unwrap_or(c).to_string(), false, None));
        let l = (p.code.level() as usize).min(3);
        let levels = ["Country (NUTS 0)", "NUTS 1", "NUTS 2", "NUTS 3"];
        out.push(self.intern(LEVEL, ["0", "1", "2", "3"][l], || levels[l].to_string(), false, None));
        if let Some(g) = p.key_figures.innovation.as_ref().and_then(|x| x.primary()) {
            let t = g.tier.group();
            out.push(self.intern(INNOVATION, t.id(), || t.group_label().to_string(), false, None));
        }
        if let Some(col) = &p.collaboration {
            let stance = Stance::of(Some(col));
            if stance != Stance::NotStated {
                out.push(self.intern(SEEKING, stance.id(), || stance.label().to_string(), false, None));
            }
            for t in &col.topics {
                out.push(self.intern(TOPIC, t.topic.id(), || t.topic.label().to_string(), false, None));
            }
        }
        if let Some(e) = p.origin.edition {
            out.push(self.intern(EDITION, &super::edition_id(e), || e.label(), false, Some(e)));
        }
        for m in &p.memberships {
            let facet = NETWORKS + m.network.index() as u16;
            out.push(self.intern(facet, m.answer.id(), || m.answer.label().to_string(), false, None));
        }
        if let Some(f) = &p.pm_ris3 {
            let (id, label) = if f.value { ("yes", "Yes") } else { ("no", "No") };
            out.push(self.intern(self.facet_of(attr::PM_RIS3.id), id, || label.to_string(), false, None));
        }
        let policy_topics = self.facet_of(attr::POLICY_TOPICS.id);
        for t in p.policy_topics.iter().filter_map(|t| t.topic) {
            out.push(self.intern(policy_topics, t.id(), || t.label().to_string(), false, None));
        }
        let nace = self.facet_of(attr::NACE.id);
        for x in &p.nace {
            let label = || format!("{} {}", x.code, nace_label(&x.code).unwrap_or(""));
            out.push(self.intern(nace, &x.code, label, false, None));
        }
        let nabs = self.facet_of(attr::NABS.id);
        for x in &p.nabs {
            let label = || format!("{} {}", x.code, nabs_label(&x.code).unwrap_or(""));
            out.push(self.intern(nabs, &x.code, label, false, None));
        }
        let objectives = self.facet_of(attr::POLICY_OBJECTIVES.id);
        for x in &p.policy_objectives {
            // A code the vocabulary lacks is labelled as its document labels it.
            let known = policy_objective_label(&x.code);
            let label = || {
                let l = known.or(x.label.as_ref().map(|l| l.as_str()));
                format!("{} {}", x.code, l.unwrap_or_default())
            };
            out.push(self.intern(objectives, &x.code, label, known.is_none(), None));
        }
        let first_rating = self.facet_of(&attr::rating(SelfEvaluationItem::ALL[0]));
        for (k, item) in SelfEvaluationItem::ALL.iter().enumerate() {
            if let Some(r) = p.self_evaluation.get(*item) {
                out.push(self.intern(first_rating + k as u16, r.id(), || r.label().to_string(), false, None));
            }
        }
        out.into()
    }

    /// The facets of regions whose values are `regions[i]` (in position order), and for each
    /// region its (facet, value) pairs.
    pub(super) fn assemble(&self, regions: &[Arc<[u32]>]) -> (Vec<Facet>, RegionValues) {
        let n = regions.len();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.keys.len()];
        for (i, keys) in regions.iter().enumerate() {
            for &k in keys.iter() {
                let m = &mut members[k as usize];
                if m.last() != Some(&i) {
                    m.push(i);
                }
            }
        }
        let mut facets: Vec<Facet> = self
            .heads
            .iter()
            .map(|h| Facet { key: h.key.clone(), label: h.label.clone(), values: Vec::new(), multi: false })
            .collect();
        for (f, head) in self.heads.iter().enumerate() {
            // One value per id with regions: its regions those of all its keys, labelled as
            // the first of them labels it, dated by the newest edition among them.
            let mut values: Vec<(&str, &str, Vec<usize>, Option<Edition>)> = Vec::new();
            let mut ids: Vec<(&String, &Vec<u32>)> = self.by_id[f].iter().collect();
            ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (id, keys) in ids {
                let live: Vec<u32> = keys.iter().copied().filter(|&k| !members[k as usize].is_empty()).collect();
                let Some(&first) = live.iter().min_by_key(|&&k| members[k as usize][0]) else { continue };
                let mut all: Vec<usize> = live.iter().flat_map(|&k| members[k as usize].iter().copied()).collect();
                if live.len() > 1 {
                    all.sort_unstable();
                    all.dedup();
                }
                let newest = live.iter().filter_map(|&k| self.keys[k as usize].edition).max();
                values.push((id.as_str(), self.keys[first as usize].label.as_str(), all, newest));
            }
            match &head.rule {
                Rule::Id => {}
                Rule::Label => values.sort_by_cached_key(|v| crate::text::fold(v.1)),
                Rule::Fixed(order) => {
                    values.sort_by_key(|v| order.iter().position(|o| o == &v.0).unwrap_or(usize::MAX))
                }
                Rule::Edition => values.sort_by_key(|v| std::cmp::Reverse(v.3)),
            }
            facets[f].values = values
                .into_iter()
                .map(|(id, label, regions, _)| {
                    let mut set = BitSet::empty(n);
                    regions.into_iter().for_each(|i| set.insert(i));
                    FacetValue { id: id.to_string(), label: label.to_string(), set }
                })
                .collect();
        }
        let values = RegionValues::of_facets(&facets, n);
        for i in 0..n {
            for w in values.of(i).windows(2) {
                if w[0].0 == w[1].0 {
                    facets[w[0].0 as usize].multi = true;
                }
            }
        }
        (facets, values)
    }
}

/// For each region the (facet, value) pairs it has, in facet order, in two flat buffers
/// (built again after every write: two allocations, not one per region).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct RegionValues {
    /// Region `i`'s pairs are `pairs[ends[i-1]..ends[i]]`.
    ends: Vec<u32>,
    pairs: Vec<(u16, u16)>,
}

impl RegionValues {
    pub(super) fn of(&self, i: usize) -> &[(u16, u16)] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.pairs[from..self.ends[i] as usize]
    }

    fn of_facets(facets: &[Facet], n: usize) -> RegionValues {
        let mut counts = vec![0u32; n];
        for v in facets.iter().flat_map(|f| &f.values) {
            v.set.iter().for_each(|i| counts[i] += 1);
        }
        let mut ends = Vec::with_capacity(n);
        let mut total = 0;
        for c in &counts {
            total += c;
            ends.push(total);
        }
        // Filled from each region's start, facet by facet, value by value.
        let mut next: Vec<u32> = ends.iter().zip(&counts).map(|(e, c)| e - c).collect();
        let mut pairs = vec![(0u16, 0u16); total as usize];
        for (fi, f) in facets.iter().enumerate() {
            for (vi, v) in f.values.iter().enumerate() {
                for i in v.set.iter() {
                    pairs[next[i] as usize] = (fi as u16, vi as u16);
                    next[i] += 1;
                }
            }
        }
        RegionValues { ends, pairs }
    }
}
