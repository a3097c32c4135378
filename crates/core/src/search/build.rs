//! Making an index from profiles, and the next index after a write from the one before
//! (only the changed regions' words are read again).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;

impl Index {
    /// Builds the index; `updated[i]` is the time profile `i` was last changed (ISO 8601).
    pub fn build(profiles: &[&Profile], updated: &[&str]) -> Index {
        let n = profiles.len();
        // Hashed while building (a lookup per word of every text), sorted once at the end.
        let mut words: std::collections::HashMap<String, wordset::WordSet> = std::collections::HashMap::new();
        let mut topics = vec![BitSet::empty(n); vocab().topics.len()];
        let mut folded = String::new();
        for (i, p) in profiles.iter().enumerate() {
            let ts = texts(p);
            for t in &ts {
                // A word is copied only the first time any profile has it.
                crate::text::fold_into(t, &mut folded);
                for (_, w) in crate::text::words(&folded) {
                    let w = spelled(w);
                    match words.get_mut(&*w) {
                        Some(set) => set.insert(i, n),
                        None => {
                            words.insert(w.into_owned(), wordset::WordSet::one(i, n));
                        }
                    }
                }
            }
            for m in find_topics(ts.iter().copied()) {
                topics[m.topic.index()].insert(i);
            }
        }
        let mut words: Vec<(Arc<str>, Arc<wordset::WordSet>)> = words
            .into_iter()
            .map(|(w, mut set)| {
                set.shrink();
                (Arc::from(w), Arc::new(set))
            })
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Stems of the distinct words only: far fewer than the words of all the texts.
        let mut stem_pairs: Vec<(String, u32)> =
            words.iter().enumerate().flat_map(|(wi, (w, _))| stems(w).map(move |s| (s, wi as u32))).collect();
        stem_pairs.sort_unstable();
        let stems = Stems::from_sorted(stem_pairs.iter().map(|(s, w)| (s.as_str(), *w)));
        let mut keys = facets::Keys::new();
        let region_keys: Vec<Arc<[u32]>> = profiles.iter().map(|p| keys.of(p)).collect();
        let (facets, region_values) = keys.assemble(&region_keys);
        Index {
            n,
            words,
            stems: Arc::new(stems),
            topics,
            facets,
            region_values,
            keys: Arc::new(keys),
            region_keys,
            sort: profiles.iter().zip(updated).map(|(p, u)| SortKey::of(p, u)).collect(),
            weighed: profiles.iter().map(|p| relevance::weighed(p)).collect(),
        }
    }

    /// This index after `changes`, for the new list `profiles` (and their `updated` times):
    /// the same as [`Index::build`] over them would give, at the cost of the changed regions'
    /// texts plus a copy of the index's tables, the sets of its words shared.
    pub fn updated(&self, profiles: &[&Profile], updated: &[&str], changes: &[crate::changes::Change<'_>]) -> Index {
        use crate::changes::Change;
        let n = profiles.len();
        let inserted = crate::changes::inserted(changes);
        // What is made again below (facets, sort keys, weighed words) is not copied first.
        let mut next = Index {
            n,
            words: self.words.clone(),
            stems: self.stems.clone(),
            topics: self.topics.clone(),
            facets: Vec::new(),
            region_values: Default::default(),
            keys: self.keys.clone(),
            region_keys: Vec::new(),
            sort: Vec::new(),
            weighed: Vec::new(),
        };
        if let Some(&first) = inserted.first() {
            // Every set with a member past the first insertion moves up: those are copied.
            for (_, set) in next.words.iter_mut() {
                if set.moves_past(first) {
                    *set = Arc::new(set.spread(&inserted, n));
                }
            }
            for set in next.topics.iter_mut() {
                *set = set.spread(&inserted, n);
            }
        }
        let mut added: BTreeMap<String, wordset::WordSet> = BTreeMap::new();
        // Words a region no longer has: gone from the index if no region has them any more.
        let mut dropped: Vec<usize> = Vec::new();
        let mut folded = String::new();
        for c in changes {
            let at = c.at();
            let now = words_of(profiles[at], &mut folded);
            if let Change::Replaced { old, .. } = c {
                for w in words_of(old, &mut folded).difference(&now) {
                    if let Ok(wi) = next.words.binary_search_by(|(x, _)| (**x).cmp(w.as_str())) {
                        Arc::make_mut(&mut next.words[wi].1).remove(at);
                        dropped.push(wi);
                    }
                }
            }
            for w in now {
                match next.words.binary_search_by(|(x, _)| (**x).cmp(w.as_str())) {
                    Ok(wi) => Arc::make_mut(&mut next.words[wi].1).insert(at, n),
                    Err(_) => added.entry(w).or_insert_with(|| wordset::WordSet::Few(Vec::new())).insert(at, n),
                }
            }
            for set in next.topics.iter_mut() {
                set.remove(at);
            }
            for m in find_topics(texts(profiles[at]).into_iter()) {
                next.topics[m.topic.index()].insert(at);
            }
        }
        dropped.sort_unstable();
        dropped.dedup();
        dropped.retain(|&wi| next.words[wi].1.count() == 0);
        if !added.is_empty() || !dropped.is_empty() {
            next.reword(added, &dropped);
        }
        // The facets from each region's values, and the sort keys: those of unchanged
        // regions as they were.
        let from = crate::changes::old_positions(n, changes);
        let touched = crate::changes::touched(n, changes);
        let unchanged = |i: usize| from[i].filter(|_| !touched[i]);
        let keys = Arc::make_mut(&mut next.keys);
        next.region_keys = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.region_keys[o].clone(),
                None => keys.of(profiles[i]),
            })
            .collect();
        // The facets are a function of the regions' values: a write that changed none (an
        // edited description) leaves them as they were, and assembling them over every
        // region was most of an update's time.
        let same_values =
            inserted.is_empty() && changes.iter().all(|c| next.region_keys[c.at()] == self.region_keys[c.at()]);
        (next.facets, next.region_values) = if same_values {
            (self.facets.clone(), self.region_values.clone())
        } else {
            keys.assemble(&next.region_keys)
        };
        next.sort = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.sort[o].clone(),
                None => SortKey::of(profiles[i], updated[i]),
            })
            .collect();
        next.weighed = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.weighed[o].clone(),
                None => relevance::weighed(profiles[i]),
            })
            .collect();
        next
    }

    /// Puts words new to the index in their places and takes out those at `dropped` (sorted
    /// positions of words no region has any more), their stems with them.
    pub(super) fn reword(&mut self, added: BTreeMap<String, wordset::WordSet>, dropped: &[usize]) {
        const GONE: u32 = u32::MAX;
        let old = std::mem::take(&mut self.words);
        // Where each old word goes once the new ones are among them (GONE if dropped).
        let mut remap = Vec::with_capacity(old.len());
        let mut words = Vec::with_capacity(old.len() + added.len());
        let mut new_pairs: Vec<(String, u32)> = Vec::new();
        let mut fresh = added.into_iter().peekable();
        let mut dropped = dropped.iter().peekable();
        for (wi, (w, set)) in old.into_iter().enumerate() {
            while let Some((nw, nset)) = fresh.next_if(|(nw, _)| nw.as_str() < &*w) {
                new_pairs.extend(stems(&nw).map(|s| (s, words.len() as u32)));
                words.push((Arc::from(nw), Arc::new(nset)));
            }
            if dropped.next_if(|&&d| d == wi).is_some() {
                remap.push(GONE);
                continue;
            }
            remap.push(words.len() as u32);
            words.push((w, set));
        }
        for (nw, nset) in fresh {
            new_pairs.extend(stems(&nw).map(|s| (s, words.len() as u32)));
            words.push((Arc::from(nw), Arc::new(nset)));
        }
        self.words = words;
        new_pairs.sort_unstable();
        // Both lists are sorted by (stem, word), the old one still after remapping (the old
        // words keep their order): merged in one pass.
        let old_stems = self.stems.clone();
        let mut old_pairs =
            old_stems.pairs().map(|(k, w)| (k, remap[w as usize])).filter(|&(_, w)| w != GONE).peekable();
        let mut new_pairs = new_pairs.iter().map(|(k, w)| (k.as_str(), *w)).peekable();
        let merged = std::iter::from_fn(|| match (old_pairs.peek(), new_pairs.peek()) {
            (Some(a), Some(b)) if a <= b => old_pairs.next(),
            (Some(_), Some(_)) | (None, Some(_)) => new_pairs.next(),
            (Some(_), None) => old_pairs.next(),
            (None, None) => None,
        });
        self.stems = Arc::new(Stems::from_sorted(merged));
    }
}
