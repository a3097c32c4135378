//! A region's evidence units indexed by term, for scoring a candidate exactly: which of its
//! units answers a query best, and how well.

use super::retrieval::Query;

/// A region's units by term: (term id, unit, weight) sorted, kept as three arrays so that
/// looking a term up reads only the term ids (scoring a candidate is mostly waiting for its
/// memory: the candidates' arrays are not in the cache).
pub struct UnitTerms {
    terms: Box<[u32]>,
    /// Every [`BLOCK`]th term: a search reads these (a line or two, in the cache after the
    /// first term of a query) and then one block, instead of a binary search's half-dozen
    /// lines each waiting on the one before.
    heads: Box<[u32]>,
    units: Box<[u16]>,
    weights: Box<[f32]>,
}

const BLOCK: usize = 16;

impl UnitTerms {
    pub fn new(sorted: &[(u32, u16, f32)]) -> UnitTerms {
        UnitTerms {
            terms: sorted.iter().map(|x| x.0).collect(),
            heads: sorted.iter().step_by(BLOCK).map(|x| x.0).collect(),
            units: sorted.iter().map(|x| x.1).collect(),
            weights: sorted.iter().map(|x| x.2).collect(),
        }
    }

    /// Where `t`'s entries begin (where it would be, when it is not there).
    fn find(&self, t: u32) -> usize {
        // The first block whose head is `t` or after: `t` begins before it, in the block
        // before, or at its head.
        let k = self.heads.partition_point(|&x| x < t);
        let Some(from) = k.checked_sub(1).map(|k| k * BLOCK) else { return 0 };
        let to = (from + BLOCK).min(self.terms.len());
        from + self.terms[from..to].partition_point(|&x| x < t)
    }

    /// The region's weights, term by term (ascending): its best unit's weight for each. Worked
    /// out when asked rather than kept (8.7 MB at 10,000 regions): the terms are in order.
    pub fn weights(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let t = *self.terms.get(at)?;
            let mut best = self.weights[at];
            at += 1;
            while self.terms.get(at) == Some(&t) {
                best = best.max(self.weights[at]);
                at += 1;
            }
            Some((t, best))
        })
    }

    /// Whether the region has any term at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The best one unit's score for a query (the terms it must hold held), at most 1.
    pub fn best(&self, q: &Query) -> f32 {
        // One term: its best unit is the region's weight for it.
        if let Some((t, share)) = q.one_term() {
            let from = self.find(t);
            let w = self.terms[from..]
                .iter()
                .zip(&self.weights[from..])
                .take_while(|(&x, _)| x == t)
                .fold(0.0f32, |b, (_, &w)| b.max(w));
            return (share * w).min(1.0);
        }
        self.best_unit(q).map_or(0.0, |(_, s)| s)
    }

    /// The unit that answers a query best, with its score (at most 1): of equal scores, the
    /// first in the profile's order.
    pub fn best_unit(&self, q: &Query) -> Option<(u16, f32)> {
        self.best_of(q).map(|x| (x.0, x.1))
    }

    /// [`best_unit`](Self::best_unit), and whether another unit answers as well.
    pub fn best_of(&self, q: &Query) -> Option<(u16, f32, bool)> {
        let mut best: Option<(u16, f32, bool)> = None;
        self.each_unit(q, |u, v| match &mut best {
            Some(b) if b.1 == v => {
                b.2 = true;
                b.0 = b.0.min(u);
            }
            Some(b) if b.1 > v => {}
            _ => best = Some((u, v, false)),
        });
        best
    }

    /// The units that answer a query as well as its best does, in the profile's order: those
    /// a quote may choose between.
    pub fn tied(&self, q: &Query, score: f32) -> Vec<u16> {
        let mut out = Vec::new();
        self.each_unit(q, |u, v| {
            if v == score {
                out.push(u);
            }
        });
        out.sort_unstable();
        out
    }

    /// Whether unit `u` has term `t`.
    pub fn has(&self, t: u32, u: u16) -> bool {
        let from = self.find(t);
        self.terms[from..].iter().zip(&self.units[from..]).take_while(|(&x, _)| x == t).any(|(_, &v)| v == u)
    }

    /// Each unit that answers a query (holds the terms it must hold), with its score (at most 1).
    fn each_unit(&self, q: &Query, mut f: impl FnMut(u16, f32)) {
        // (unit, score, terms held): a handful of units at most, kept on the stack (this runs
        // a million times for all pairs). Added in f64, where the sum is exact: the same
        // whatever the order of the terms (their ids depend on the order regions were read in).
        let mut few = [(0u16, 0.0f64, 0u8); 16];
        let mut len = 0;
        let mut more: Vec<(u16, f64, u8)> = Vec::new();
        for &(t, share) in &q.0 {
            let mut at = self.find(t);
            while self.terms.get(at) == Some(&t) {
                let (u, v) = (self.units[at], f64::from(share * self.weights[at]));
                match few[..len].iter_mut().chain(more.iter_mut()).find(|x| x.0 == u) {
                    Some(x) => {
                        x.1 += v;
                        x.2 += 1;
                    }
                    None if len < 16 => {
                        few[len] = (u, v, 1);
                        len += 1;
                    }
                    None => more.push((u, v, 1)),
                }
                at += 1;
            }
        }
        for x in few[..len].iter().chain(&more).filter(|x| x.2 >= q.1 && x.1 > 0.0) {
            f(x.0, (x.1 as f32).min(1.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding a term by its block heads lands where a binary search over all terms does,
    /// for terms present, absent, before the first and after the last, at block edges.
    #[test]
    fn a_term_is_found_where_a_binary_search_finds_it() {
        for n in [0usize, 1, 15, 16, 17, 33, 200] {
            // Terms 1, 1, 1, 3, 3, 3, 5 …: odd ones present, even ones absent, runs of the same
            // term across the block edges.
            let sorted: Vec<(u32, u16, f32)> = (0..n).map(|i| (i as u32 / 3 * 2 + 1, i as u16, 1.0)).collect();
            let u = UnitTerms::new(&sorted);
            let terms: Vec<u32> = sorted.iter().map(|x| x.0).collect();
            for t in 0..(n as u32 + 8) {
                assert_eq!(u.find(t), terms.partition_point(|&x| x < t), "term {t} of {n}");
            }
        }
    }
}
