//! Scoring every candidate for one asking region: each ask's postings added up per
//! candidate (only the candidates that share a term are touched), then the bonuses.

use super::exact::Parts;
use super::order::Listed;
use super::retrieval::Query;
use super::*;

/// Buffers reused between askers (one per thread): a candidate's total for the ask being
/// scored, and its totals over all asks.
pub(super) struct Scratch {
    ask: Vec<f64>,
    hits: Vec<u8>,
    touched: Vec<u32>,
    /// What each candidate got so far, by position: one record, so that crediting, bounding
    /// and clearing a candidate reads one cache line instead of one per field.
    cand: Vec<Cand>,
    /// Per ask of any region: whether the asker's evidence has looked it up yet; those
    /// looked up; the asker's weights, by term (its terms in `weights`, their weight
    /// indexed by term id in `weight`, 0 for the others: checking an ask's term is one read).
    seen: Vec<bool>,
    looked_up: Vec<u32>,
    weights: Vec<(u32, f32)>,
    weight: Vec<f32>,
    /// The candidates given anything so far, each once (`Cand::marked`), to be read and cleared.
    candidates: Vec<u32>,
}

/// What one candidate got for the asker being scored.
#[derive(Clone, Copy, Default)]
struct Cand {
    // Sums of ask scores are kept in f64, where adding a few hundred f32 values is exact:
    // the same sum whatever the order, so a bound's parts and an exact score agree.
    interest: f64,
    recip: f64,
    /// What asks of one term gave: exact already (the candidate's weight for the term is its
    /// best unit's), so that making a bound exact scores only the asks of several terms.
    fixed_interest: f64,
    fixed_recip: f64,
    well: u8,
    fixed_well: u8,
    same: u8,
    /// Whether the asker's asks are scored exactly in the bound yet (then only the
    /// candidate's own asks, the costlier part, are still bounds).
    asked: bool,
    marked: bool,
}

impl Cand {
    /// What the bound rests on so far (any ask of the candidate's answered may be one it
    /// seeks for itself: an upper bound).
    fn parts(&self) -> Parts {
        (self.interest, self.well, self.recip, self.same, self.recip > 0.0)
    }
}

impl Scratch {
    pub(super) fn new(n: usize, asks: usize, terms: usize) -> Scratch {
        Scratch {
            ask: vec![0.0; n],
            hits: vec![0; n],
            touched: Vec::new(),
            cand: vec![Cand::default(); n],
            seen: vec![false; asks],
            looked_up: Vec::new(),
            weights: Vec::new(),
            weight: vec![0.0; terms],
            candidates: Vec::new(),
        }
    }
}

/// A candidate's upper bound: (answers an ask, total, position) in one integer that orders
/// them greatest first, then the lower position (a heap of thousands of them per asker is
/// built and read in cache). What it rests on is in [`Scratch`], by position.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Bound(u64);

impl Bound {
    fn new(answers: bool, total: f32, b: usize) -> Bound {
        // A total is at least 0: its bits order as it does and leave the sign bit free.
        let total = u64::from(total.max(0.0).to_bits());
        Bound(u64::from(answers) << 63 | total << 32 | u64::from(u32::MAX - b as u32))
    }

    fn answers(self) -> bool {
        self.0 >> 63 == 1
    }

    fn total(self) -> f32 {
        f32::from_bits((self.0 >> 32) as u32 & 0x7FFF_FFFF)
    }

    fn position(self) -> usize {
        (u32::MAX - self.0 as u32) as usize
    }
}

/// Adds `v` to `key`'s sum and counts one more term it holds (`touched` lists the keys
/// with a sum, to be read and cleared).
#[inline]
fn add(sums: &mut [f64], hits: &mut [u8], touched: &mut Vec<u32>, key: u32, v: f32) {
    let k = key as usize;
    if hits[k] == 0 {
        touched.push(key);
    }
    hits[k] = hits[k].saturating_add(1);
    sums[k] += f64::from(v);
}

/// Lists `r` among the candidates, once.
#[inline]
fn mark(cand: &mut [Cand], candidates: &mut Vec<u32>, r: usize) {
    if !cand[r].marked {
        cand[r].marked = true;
        candidates.push(r as u32);
    }
}

/// Whether a bound (answers an ask, total) falls short of the last place's: by more than
/// rounding, since a bound adds the same parts in another order than the exact score (a
/// bound an ulp under a tie would leave out the candidate the tie-break prefers).
fn below((answers, bound): (bool, f32), (la, lt): (bool, f32)) -> bool {
    (answers, bound) < (la, lt - lt.abs() * 1e-5)
}

impl Matcher {
    /// The asks scored for `a`: its own, or the one topic chosen.
    pub(super) fn queries_for(&self, a: usize, topic: Option<TopicId>) -> std::borrow::Cow<'_, [Query]> {
        let of = |ts: &[TopicId]| ts.iter().map(|&t| Query::of(&topic_ask(t), &self.postings)).collect();
        match topic {
            None if self.regions[a].asks.is_empty() => std::borrow::Cow::Owned(of(&self.own_fields(a))),
            None => std::borrow::Cow::Borrowed(&self.queries[a]),
            Some(t) => std::borrow::Cow::Owned(of(&[t])),
        }
    }

    pub(super) fn top_with(
        &self,
        s: &mut Scratch,
        a: usize,
        topic: Option<TopicId>,
        limit: usize,
        with_meaning: bool,
    ) -> (Vec<(usize, Breakdown)>, usize) {
        let asks = self.queries_for(a, topic);
        // Answering what the asker seeks puts a candidate first; a region that seeks nothing
        // (matched by its own fields) has one order.
        let tiered = !self.by_own_fields(a, topic);
        // Per ask, every region's meaning score: an ask counts with the better of it and
        // its word score.
        let sem: Vec<Vec<f32>> = match (&self.meaning, topic) {
            (Some(m), None) if with_meaning => m.scores(&self.regions, a),
            _ => Vec::new(),
        };
        let least = if tiered { MIN_ASK } else { MIN_SAME_FIELD };
        for (k, q) in asks.iter().enumerate() {
            let mut meant: Vec<f32> = sem.get(k).cloned().unwrap_or_default();
            let meant_by = meant.len();
            let (one, whole) = (q.one_term().is_some(), u8::from(q.2));
            let mut credit = |s: &mut Scratch, r: usize, v: f32| {
                let v = meant.get_mut(r).map_or(v, |m| v.max(std::mem::take(m)));
                if v >= least {
                    let c = &mut s.cand[r];
                    c.interest += f64::from(v);
                    c.well += whole;
                    if one {
                        c.fixed_interest += f64::from(v);
                        c.fixed_well += whole;
                    }
                    mark(&mut s.cand, &mut s.candidates, r);
                }
            };
            if let Some((t, share)) = q.one_term() {
                // One term: a region's weight is its best unit's. Strongest first: the rest
                // would count for nothing.
                for &(r, w) in self.postings.by_term[t as usize].iter() {
                    let v = (share * w).min(1.0);
                    if v < least {
                        break;
                    }
                    credit(s, r as usize, v);
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
        let mut weights = std::mem::take(&mut s.weights);
        weights.extend(self.regions[a].unit_terms.weights());
        for &(t, wa) in &weights {
            s.weight[t as usize] = wa;
            for &(r, share) in &self.one_term_asks[t as usize] {
                let v = (share * wa).min(1.0);
                if v < MIN_ASK {
                    break;
                }
                let c = &mut s.cand[r as usize];
                c.recip += f64::from(v);
                c.fixed_recip += f64::from(v);
                mark(&mut s.cand, &mut s.candidates, r as usize);
            }
            for &q in &self.ask_postings[t as usize] {
                if !std::mem::replace(&mut s.seen[q as usize], true) {
                    s.looked_up.push(q);
                }
            }
        }
        for q in s.looked_up.drain(..) {
            s.seen[q as usize] = false;
            let TheirAsk { start, len, region: r, need } = self.their_asks[q as usize];
            let terms = &self.their_terms[start as usize..(start + len) as usize];
            let (sum, held) = terms.iter().fold((0.0f64, 0u8), |(sum, held), &(t, share)| {
                let w = s.weight[t as usize];
                if w > 0.0 {
                    (sum + f64::from(share * w), held.saturating_add(1))
                } else {
                    (sum, held)
                }
            });
            let v = (sum as f32).min(1.0);
            if held >= need && v >= MIN_ASK {
                s.cand[r as usize].recip += f64::from(v);
                mark(&mut s.cand, &mut s.candidates, r as usize);
            }
        }
        weights.iter().for_each(|&(t, _)| s.weight[t as usize] = 0.0);
        weights.clear();
        s.weights = weights;
        // What the asker seeks and what that stands for, each once (as `seekers` is filed).
        let ra = &self.regions[a];
        let mine = ra.seeks_networks.iter().chain(ra.seeks_cover.iter().flatten());
        for (k, tag) in mine.clone().enumerate() {
            if mine.clone().take(k).any(|t| t == tag) {
                continue;
            }
            for &r in self.seekers.get(tag).into_iter().flatten() {
                let c = &mut s.cand[r as usize];
                c.same = c.same.saturating_add(1);
                mark(&mut s.cand, &mut s.candidates, r as usize);
            }
        }
        // Regions in a place either names as a wished partner; a region the asker names is
        // something it seeks, answered in part, or a bonus (`Matcher::wished_region_asked`).
        self.wished_places(a, |r| mark(&mut s.cand, &mut s.candidates, r));
        if self.flat[a].names_regions {
            let asked = self.wished_region_asked(a, topic);
            for b in (0..self.flat.len()).filter(|&b| self.names_region(a, b)) {
                if asked {
                    s.cand[b].interest += f64::from(NAMED_REGION);
                    s.cand[b].fixed_interest += f64::from(NAMED_REGION);
                }
                mark(&mut s.cand, &mut s.candidates, b);
            }
        }
        // Region-level sums are upper bounds of what one unit answers (a term's best unit
        // need not be the other terms'): candidates are taken best bound first and scored
        // exactly, until no bound can enter the list.
        // With one term an ask (every field or network) its sum is exact already.
        let exact_asks = asks.iter().all(|q| q.0.is_empty() || q.one_term().is_some());
        let other = |b: usize| b != a && self.flat[b].code != self.flat[a].code;
        // A candidate that an ask of one term answers answers something for sure; with
        // `limit` of them, one that answers nothing cannot enter the list.
        let answering_only = topic.is_some()
            || tiered
                && (s.candidates.iter())
                    .filter(|&&b| s.cand[b as usize].fixed_interest > 0.0 && other(b as usize))
                    .nth(limit)
                    .is_some();
        let mut bounds: Vec<Bound> = Vec::with_capacity(s.candidates.len());
        let listed = std::mem::take(&mut s.candidates);
        for &b in &listed {
            let b = b as usize;
            let c = &mut s.cand[b];
            c.asked = exact_asks;
            let parts = c.parts();
            if (answering_only && parts.0 == 0.0) || !other(b) {
                continue;
            }
            if let Some(br) = self.breakdown_of(a, b, topic, parts) {
                bounds.push(Bound::new(tiered && parts.0 > 0.0, br.total(), b));
            }
        }
        let mut heap = std::collections::BinaryHeap::from(bounds);
        let mut best: Vec<Listed> = Vec::with_capacity(limit + 1);
        self.take_best(a, (&asks, &sem), (topic, tiered), limit, (&mut heap, &mut best), s);
        let mut listed = listed;
        // Else a network both hold that few do lets a region in: a list that ends short leaves
        // its reader to take the rest for worse than anyone listed. Its points are that bonus
        // alone (nothing else listed it), known without scoring.
        let answered_all = best.len() == limit && best.last().is_some_and(|x| tiered && x.2 > 0.0);
        if !(answering_only || answered_all) {
            self.sharing_networks(a, |b| {
                // What it can get, to pass over most without placing them.
                let most = W_NETWORK * self.rare_held_by_both(a, b).count_ones().min(3) as f32;
                if best.len() == limit && best.last().is_some_and(|x| x.1.total() > most) {
                    return;
                }
                if !s.cand[b].marked && other(b) {
                    mark(&mut s.cand, &mut listed, b);
                    let br = self.breakdown_of(a, b, topic, (0.0, 0, 0.0, 0, false));
                    br.into_iter().for_each(|br| self.place(a, tiered, &mut best, limit, (b, br, 0.0)));
                }
            });
        }
        let scored = best.len();
        if topic.is_none() && scored < limit {
            self.fill(a, &mut best, limit);
        }
        for &b in &listed {
            s.cand[b as usize] = Cand::default();
        }
        s.candidates = listed;
        s.candidates.clear();
        (best.into_iter().map(|(b, br, _)| (b, br)).collect(), scored)
    }

    /// Several terms: the region's best weight for each, added up, then `credit`ed. Its best
    /// unit need not hold them all: an upper bound, made exact when the candidate comes up.
    fn several_terms(&self, s: &mut Scratch, q: &Query, credit: &mut impl FnMut(&mut Scratch, usize, f32)) {
        for &(t, share) in &q.0 {
            for &(r, w) in self.postings.by_term[t as usize].iter() {
                add(&mut s.ask, &mut s.hits, &mut s.touched, r, share * w);
            }
        }
        let touched = std::mem::take(&mut s.touched);
        for &r in &touched {
            let v = (std::mem::take(&mut s.ask[r as usize]) as f32).min(1.0);
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
        (topic, tiered): (Option<TopicId>, bool),
        limit: usize,
        (heap, best): (&mut std::collections::BinaryHeap<Bound>, &mut Vec<Listed>),
        s: &mut Scratch,
    ) {
        let answers = |interest: f32| tiered && interest > 0.0;
        while let Some(top) = heap.pop() {
            let b = top.position();
            let last = best.get(limit.wrapping_sub(1)).map(|x| (answers(x.2), x.1.total()));
            if limit == 0 || last.is_some_and(|l| below((top.answers(), top.total()), l)) {
                break;
            }
            let c = &mut s.cand[b];
            let parts = c.parts();
            if !c.asked {
                // The asker's asks of several terms exactly; back in the heap with the
                // tighter bound.
                let (several, n) = self.answered(asks, sem, b);
                let c = &mut s.cand[b];
                let (interest, well) = (c.fixed_interest + several, c.fixed_well + n);
                (c.interest, c.well, c.asked) = (interest, well, true);
                if topic.is_some() && interest == 0.0 {
                    continue;
                }
                if let Some(br) = self.breakdown_of(a, b, topic, (interest, well, parts.2, parts.3, parts.4)) {
                    heap.push(Bound::new(tiered && interest > 0.0, br.total(), b));
                }
                continue;
            }
            let Some((br, interest)) = self.exact(a, b, (parts, c.fixed_recip), (topic, !sem.is_empty())) else {
                continue;
            };
            self.place(a, tiered, best, limit, (b, br, interest));
        }
    }
}

/// The ask of a topic chosen on the matches page: its tag alone.
pub(super) fn topic_ask(t: TopicId) -> Ask {
    Ask {
        kind: AskKind::Field,
        written: t.label().to_string(),
        terms: vec![terms::Term { term: format!("#t:{}", t.id()), span: (0, 0) }],
        meant: None,
        share: 1.0,
        purpose_of: None,
    }
}
