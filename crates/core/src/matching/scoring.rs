//! Scoring every candidate for one asking region: each ask's postings added up per
//! candidate (only the candidates that share a term are touched), then the bonuses.

use super::facts::lifts_flat;
use super::retrieval::Query;
use super::*;

/// Buffers reused between askers (one per thread): a candidate's total for the ask being
/// scored, and its totals over all asks.
pub(super) struct Scratch {
    ask: Vec<f32>,
    hits: Vec<u8>,
    touched: Vec<u32>,
    interest: Vec<f32>,
    well: Vec<u8>,
    recip: Vec<f32>,
    same: Vec<u8>,
    /// Per ask of any region: its score for the asker so far, and the terms it met.
    theirs: Vec<f32>,
    their_hits: Vec<u8>,
    their_touched: Vec<u32>,
}

impl Scratch {
    pub(super) fn new(n: usize, asks: usize) -> Scratch {
        Scratch {
            ask: vec![0.0; n],
            hits: vec![0; n],
            touched: Vec::new(),
            interest: vec![0.0; n],
            well: vec![0; n],
            recip: vec![0.0; n],
            same: vec![0; n],
            theirs: vec![0.0; asks],
            their_hits: vec![0; asks],
            their_touched: Vec::new(),
        }
    }
}

/// A candidate's upper bound: (answers an ask, total, position), greatest first, then the
/// lower position; with what it rests on, and whether the asker's asks are scored exactly
/// in it yet (then only the candidate's own asks, the costlier part, are still bounds).
struct Bound(bool, f32, usize, Parts, bool);

/// What a score is made of before the points: the sum of what the asker's asks got, how
/// many were answered, what the candidate's asks got, networks both seek.
type Parts = (f32, u8, f32, u8);

impl PartialEq for Bound {
    fn eq(&self, o: &Bound) -> bool {
        self.cmp(o) == std::cmp::Ordering::Equal
    }
}
impl Eq for Bound {}
impl PartialOrd for Bound {
    fn partial_cmp(&self, o: &Bound) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Bound {
    fn cmp(&self, o: &Bound) -> std::cmp::Ordering {
        self.0.cmp(&o.0).then(self.1.total_cmp(&o.1)).then(o.2.cmp(&self.2))
    }
}

/// A region's units by term: (term id, unit, weight), sorted, so that a query finds the
/// units holding its terms without looking at the others.
pub(super) struct UnitTerms(pub(super) Vec<(u32, u16, f32)>);

impl UnitTerms {
    /// The best one unit's score for a query (the terms it must hold held), at most 1.
    fn best(&self, q: &Query, weights: &retrieval::Weights) -> f32 {
        // One term: its best unit is the region's weight for it.
        if let ([(t, share)], 0..=1) = (&q.0[..], q.1) {
            let w = weights.0.binary_search_by_key(t, |x| x.0).map_or(0.0, |k| weights.0[k].1);
            return (share * w).min(1.0);
        }
        self.best_unit(q).map_or(0.0, |(_, s)| s)
    }

    /// The unit that answers a query best, with its score (at most 1): of equal scores, the
    /// first in the profile's order.
    pub(super) fn best_unit(&self, q: &Query) -> Option<(u16, f32)> {
        // (unit, score, terms held): a handful of units at most.
        let mut units: Vec<(u16, f32, u8)> = Vec::new();
        for &(t, share) in &q.0 {
            let from = self.0.partition_point(|x| x.0 < t);
            for &(_, u, w) in self.0[from..].iter().take_while(|x| x.0 == t) {
                match units.iter_mut().find(|x| x.0 == u) {
                    Some(x) => {
                        x.1 += share * w;
                        x.2 += 1;
                    }
                    None => units.push((u, share * w, 1)),
                }
            }
        }
        units.iter().filter(|x| x.2 >= q.1 && x.1 > 0.0).map(|x| (x.0, x.1.min(1.0))).fold(
            None,
            |best: Option<(u16, f32)>, x| match best {
                Some(b) if b.1 > x.1 || (b.1 == x.1 && b.0 < x.0) => Some(b),
                _ => Some(x),
            },
        )
    }
}

/// Adds `v` to `key`'s sum and counts one more term it holds (`touched` lists the keys
/// with a sum, to be read and cleared).
#[inline]
fn add(sums: &mut [f32], hits: &mut [u8], touched: &mut Vec<u32>, key: u32, v: f32) {
    let k = key as usize;
    if hits[k] == 0 {
        touched.push(key);
    }
    hits[k] = hits[k].saturating_add(1);
    sums[k] += v;
}

/// FNV-1a of the two codes: the last tie-break, stable and favouring no part of the alphabet.
fn pair_hash(a: &str, b: &str) -> u64 {
    a.bytes()
        .chain([0])
        .chain(b.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, x| (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3))
}

impl Matcher {
    /// The asks scored for `a`: its own, or the one topic chosen.
    fn queries_for(&self, a: usize, topic: Option<TopicId>) -> std::borrow::Cow<'_, [Query]> {
        match topic {
            None => std::borrow::Cow::Borrowed(&self.queries[a]),
            Some(t) => std::borrow::Cow::Owned(vec![Query::of(&topic_ask(t), &self.postings)]),
        }
    }

    pub(super) fn top_with(
        &self,
        s: &mut Scratch,
        a: usize,
        topic: Option<TopicId>,
        limit: usize,
        with_meaning: bool,
    ) -> Vec<(usize, Breakdown)> {
        let n = self.regions.len();
        let asks = self.queries_for(a, topic);
        // Per ask, every region's meaning score: an ask counts with the better of it and
        // its word score.
        let sem: Vec<Vec<f32>> = match (&self.meaning, topic) {
            (Some(m), None) if with_meaning => m.scores(&self.regions, a),
            _ => Vec::new(),
        };
        for (k, q) in asks.iter().enumerate() {
            let mut meant: Vec<f32> = sem.get(k).cloned().unwrap_or_default();
            let meant_by = meant.len();
            let mut credit = |s: &mut Scratch, r: usize, v: f32| {
                let v = meant.get_mut(r).map_or(v, |m| v.max(std::mem::take(m)));
                if v >= MIN_ASK {
                    s.interest[r] += v;
                    s.well[r] += 1;
                }
            };
            if q.0.len() == 1 && q.1 <= 1 {
                // One term: a region's weight is its best unit's.
                let (t, share) = q.0[0];
                for &(r, w) in &self.postings.by_term[t as usize] {
                    credit(s, r as usize, (share * w).min(1.0));
                }
            } else {
                self.several_terms(s, q, &mut credit);
            }
            // What only meaning answers (what words answered took its meaning score).
            for r in 0..meant_by {
                credit(s, r, 0.0);
            }
        }
        // What the others seek that the asker's evidence answers, ask by ask, by the same
        // rules as the asker's own asks.
        for &(t, wa) in &self.regions[a].weights.0 {
            for &(q, share) in &self.ask_postings[t as usize] {
                add(&mut s.theirs, &mut s.their_hits, &mut s.their_touched, q, share * wa);
            }
        }
        for q in s.their_touched.drain(..) {
            let v = std::mem::take(&mut s.theirs[q as usize]).min(1.0);
            let (r, need) = self.ask_region[q as usize];
            if std::mem::take(&mut s.their_hits[q as usize]) >= need && v >= MIN_ASK {
                s.recip[r as usize] += v;
            }
        }
        for tag in &self.regions[a].seeks_networks {
            for &r in self.seekers.get(tag).into_iter().flatten() {
                s.same[r as usize] = s.same[r as usize].saturating_add(1);
            }
        }
        // Region-level sums are upper bounds of what one unit answers (a term's best unit
        // need not be the other terms'): candidates are taken best bound first and scored
        // exactly, until no bound can enter the list.
        // A crude bound first (the most networks and complementarity could add), cheap
        // enough for every candidate; the best few get their true bound and are scored, and
        // of the rest only those whose crude bound could still enter the list.
        let slack = 3.0 * W_NETWORK + 2.0 * W_COMPLEMENT;
        let mut cands: Vec<(u32, bool, f32, Parts)> = Vec::new();
        for b in 0..n {
            let (interest, well, recip, same) = (
                std::mem::take(&mut s.interest[b]),
                std::mem::take(&mut s.well[b]),
                std::mem::take(&mut s.recip[b]),
                std::mem::take(&mut s.same[b]),
            );
            let named =
                u32::from(self.wants[a] & self.country[b] != 0) + u32::from(self.wants[b] & self.country[a] != 0);
            if (interest == 0.0 && recip == 0.0 && same == 0 && named == 0) || (topic.is_some() && interest == 0.0) {
                continue;
            }
            let crude = W_COVER * interest
                + W_RECIPROCAL * (recip + named as f32).min(2.0)
                + W_SAME_SOUGHT * f32::from(same.min(2))
                + slack;
            cands.push((b as u32, interest > 0.0, crude, (interest, well, recip, same)));
        }
        let first = cands.len().min(limit * 4);
        if first < cands.len() {
            cands.select_nth_unstable_by(first, |x, y| {
                (y.1, y.2).partial_cmp(&(x.1, x.2)).unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        let mut heap = std::collections::BinaryHeap::new();
        let mut best: Vec<(usize, Breakdown, f32)> = Vec::with_capacity(limit + 1);
        // With one term an ask (every field or network) its sum is exact already.
        let exact_asks = asks.iter().all(|q| q.0.len() <= 1 && q.1 <= 1);
        let bound_of = |b: usize, parts: Parts| -> Option<Bound> {
            if b == a || self.flat[b].code == self.flat[a].code {
                return None;
            }
            self.breakdown_of(a, b, topic, parts).map(|br| Bound(parts.0 > 0.0, br.total(), b, parts, exact_asks))
        };
        heap.extend(cands[..first].iter().filter_map(|&(b, _, _, parts)| bound_of(b as usize, parts)));
        self.take_best(a, (&asks, &sem), topic, limit, &mut heap, &mut best);
        let last =
            |best: &Vec<(usize, Breakdown, f32)>| best.get(limit.wrapping_sub(1)).map(|x| (x.2 > 0.0, x.1.total()));
        let floor = last(&best);
        heap.extend(
            cands[first..]
                .iter()
                .filter(|&&(_, answers, crude, _)| !floor.is_some_and(|l| (answers, crude) < l))
                .filter_map(|&(b, _, _, parts)| bound_of(b as usize, parts)),
        );
        self.take_best(a, (&asks, &sem), topic, limit, &mut heap, &mut best);
        best.into_iter().map(|(b, br, _)| (b, br)).collect()
    }

    /// Several terms: the region's best weight for each, added up, then `credit`ed. Its best
    /// unit need not hold them all: an upper bound, made exact when the candidate comes up.
    fn several_terms(&self, s: &mut Scratch, q: &Query, credit: &mut impl FnMut(&mut Scratch, usize, f32)) {
        for &(t, share) in &q.0 {
            for &(r, w) in &self.postings.by_term[t as usize] {
                add(&mut s.ask, &mut s.hits, &mut s.touched, r, share * w);
            }
        }
        let touched = std::mem::take(&mut s.touched);
        for &r in &touched {
            let v = std::mem::take(&mut s.ask[r as usize]).min(1.0);
            let held = std::mem::take(&mut s.hits[r as usize]) >= q.1;
            credit(s, r as usize, if held { v } else { 0.0 });
        }
        s.touched = touched;
        s.touched.clear();
    }

    /// Scores candidates exactly, best bound first, into `best` (in ranking order, at most
    /// `limit`), until no bound left in the heap can enter it. `asks`: the asker's queries,
    /// with each one's meaning scores by region (none when meaning is not read).
    fn take_best(
        &self,
        a: usize,
        (asks, sem): (&[Query], &[Vec<f32>]),
        topic: Option<TopicId>,
        limit: usize,
        heap: &mut std::collections::BinaryHeap<Bound>,
        best: &mut Vec<(usize, Breakdown, f32)>,
    ) {
        let code_a = self.flat[a].code;
        while let Some(Bound(answers, bound, b, parts, asked)) = heap.pop() {
            let last = best.get(limit.wrapping_sub(1)).map(|x| (x.2 > 0.0, x.1.total()));
            if limit == 0 || last.is_some_and(|(la, lt)| (answers, bound) < (la, lt)) {
                heap.push(Bound(answers, bound, b, parts, asked));
                break;
            }
            if !asked {
                // The asker's asks exactly; back in the heap with the tighter bound.
                let (interest, well) = self.answered(asks, sem, b);
                if topic.is_some() && interest == 0.0 {
                    continue;
                }
                let parts = (interest, well, parts.2, parts.3);
                if let Some(br) = self.breakdown_of(a, b, topic, parts) {
                    heap.push(Bound(interest > 0.0, br.total(), b, parts, true));
                }
                continue;
            }
            let Some((br, interest)) = self.exact(a, b, parts, topic) else { continue };
            let rb = &self.flat[b];
            let key = (br.total(), interest);
            let before = |x: &(usize, Breakdown, f32)| {
                let k = (x.1.total(), x.2);
                (x.2 > 0.0 && interest == 0.0)
                    || ((x.2 > 0.0) == (interest > 0.0) && k.0 > key.0)
                    || (k.0 == key.0 && k.1 > key.1)
                    || (k == key && self.flat[x.0].edition > rb.edition)
                    || (k == key
                        && self.flat[x.0].edition == rb.edition
                        && pair_hash(code_a.as_str(), self.flat[x.0].code.as_str())
                            < pair_hash(code_a.as_str(), rb.code.as_str()))
            };
            let at = best.partition_point(before);
            best.insert(at, (b, br, interest));
            best.truncate(limit);
        }
    }

    /// The score of `b` for `a` from its parts: what `a`'s asks got (sum, and how many were
    /// well answered), what `b`'s asks got, and how many networks both seek. None: no match.
    fn breakdown_of(&self, a: usize, b: usize, topic: Option<TopicId>, parts: (f32, u8, f32, u8)) -> Option<Breakdown> {
        let (interest, well, recip, same) = parts;
        let recip = recip.min(2.0);
        let named = u32::from(self.wants[a] & self.country[b] != 0) + u32::from(self.wants[b] & self.country[a] != 0);
        let shared_interests = W_COVER * interest;
        let reciprocity = W_RECIPROCAL * (recip + named as f32).min(2.0);
        let same = if topic.is_none() { same.min(2) } else { 0 };
        if shared_interests == 0.0 && reciprocity == 0.0 && same == 0 {
            return None;
        }
        let (fa, fb) = (&self.flat[a], &self.flat[b]);
        let held = (fa.held & fb.held & self.rare).count_ones().min(3);
        let networks = W_NETWORK * held as f32 + W_SAME_SOUGHT * f32::from(same);
        let gets = |x: bool, n: f32| if x { n } else { 0.0 };
        let complementarity = W_COMPLEMENT
            * (gets(lifts_flat(fb, fa), f32::from(well.min(2))) + gets(lifts_flat(fa, fb), f32::from(recip > 0.0)))
                .min(2.0);
        Some(Breakdown { shared_interests, reciprocity, networks, complementarity })
    }

    /// What `by`'s evidence gives queries: the sum of their scores (each answered by one
    /// unit, as the reasons quote it; by its words, or by its meaning from `sem` when that is
    /// better), and how many were answered.
    fn answered(&self, qs: &[Query], sem: &[Vec<f32>], by: usize) -> (f32, u8) {
        qs.iter()
            .enumerate()
            .map(|(k, q)| {
                let words = self.regions[by].unit_terms.best(q, &self.regions[by].weights);
                sem.get(k).and_then(|v| v.get(by)).map_or(words, |m| words.max(*m))
            })
            .filter(|s| *s >= MIN_ASK)
            .fold((0.0, 0), |(sum, n), s| (sum + s, n + 1))
    }

    /// The exact score of `b` for `a`, the asker's asks already scored in `parts`; with the
    /// sum of what they got, for ties.
    fn exact(&self, a: usize, b: usize, parts: Parts, topic: Option<TopicId>) -> Option<(Breakdown, f32)> {
        let (ra, rb) = (&self.regions[a], &self.regions[b]);
        let (recip, _) = self.answered(&self.queries[b], &[], a);
        let same = ra.seeks_networks.iter().filter(|t| rb.seeks_networks.contains(t)).count().min(2) as u8;
        self.breakdown_of(a, b, topic, (parts.0, parts.1, recip, same)).map(|br| (br, parts.0))
    }
}

/// The ask of a topic chosen on the matches page: its tag alone.
pub(super) fn topic_ask(t: TopicId) -> Ask {
    Ask {
        kind: AskKind::Field,
        written: t.label().to_string(),
        terms: vec![terms::Term { term: format!("#t:{}", t.id()), span: (0, 0) }],
        meant: None,
    }
}
