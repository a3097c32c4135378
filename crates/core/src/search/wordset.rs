//! The regions a word occurs in. Most words of a corpus occur in a few regions: a bit per
//! region for each of them (1.25 KB at 10,000 regions) was most of the index's memory, so
//! a word rare enough keeps the regions' positions instead, and becomes a bit set only when
//! those would take more room than one.

use super::BitSet;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordSet {
    /// Positions, ascending.
    Few(Vec<u32>),
    Many(BitSet),
}

impl WordSet {
    /// The set of position `i` alone, among `n`.
    pub fn one(i: usize, n: usize) -> WordSet {
        let mut s = WordSet::Few(Vec::new());
        s.insert(i, n);
        s
    }

    /// Whether `len` positions among `n` take more room than a bit set of `n`.
    fn crowded(len: usize, n: usize) -> bool {
        len * 32 > n.div_ceil(64) * 64
    }

    pub fn insert(&mut self, i: usize, n: usize) {
        match self {
            WordSet::Many(b) => b.insert(i),
            WordSet::Few(v) => {
                if let Err(at) = v.binary_search(&(i as u32)) {
                    v.insert(at, i as u32);
                    if WordSet::crowded(v.len(), n) {
                        let mut b = BitSet::empty(n);
                        v.iter().for_each(|&x| b.insert(x as usize));
                        *self = WordSet::Many(b);
                    }
                }
            }
        }
    }

    pub fn remove(&mut self, i: usize) {
        match self {
            WordSet::Many(b) => b.remove(i),
            WordSet::Few(v) => {
                if let Ok(at) = v.binary_search(&(i as u32)) {
                    v.remove(at);
                }
            }
        }
    }

    pub fn count(&self) -> usize {
        match self {
            WordSet::Many(b) => b.count(),
            WordSet::Few(v) => v.len(),
        }
    }

    /// Adds this set's regions to `out`.
    pub fn or_into(&self, out: &mut BitSet) {
        match self {
            WordSet::Many(b) => out.or(b),
            WordSet::Few(v) => v.iter().for_each(|&x| out.insert(x as usize)),
        }
    }

    /// Whether a region inserted at `at` moves any member (a bit set always grows with the
    /// regions, to be combined with the others).
    pub fn moves_past(&self, at: usize) -> bool {
        match self {
            WordSet::Many(_) => true,
            WordSet::Few(v) => v.last().is_some_and(|&last| last as usize >= at),
        }
    }

    /// This set over `n` positions after regions were inserted at `inserted` (see
    /// [`BitSet::spread`]).
    pub fn spread(&self, inserted: &[usize], n: usize) -> WordSet {
        match self {
            WordSet::Many(b) => WordSet::Many(b.spread(inserted, n)),
            WordSet::Few(v) => {
                let mut j = 0;
                let moved = v
                    .iter()
                    .map(|&o| {
                        while j < inserted.len() && inserted[j] <= o as usize + j {
                            j += 1;
                        }
                        (o as usize + j) as u32
                    })
                    .collect();
                WordSet::Few(moved)
            }
        }
    }

    /// Takes no more room than it needs (after it was built by insertions).
    pub fn shrink(&mut self) {
        if let WordSet::Few(v) = self {
            v.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(s: &WordSet, n: usize) -> Vec<usize> {
        let mut b = BitSet::empty(n);
        s.or_into(&mut b);
        b.iter().collect()
    }

    #[test]
    fn a_word_set_holds_the_same_regions_whichever_form_it_takes() {
        let n = 1000;
        let mut s = WordSet::one(500, n);
        let mut expected = vec![500];
        for i in (0..n).step_by(7) {
            s.insert(i, n);
            expected.push(i);
            if i == 7 * 20 {
                assert!(matches!(s, WordSet::Few(_)), "a few positions stay positions");
            }
        }
        assert!(matches!(s, WordSet::Many(_)), "crowded: a bit set");
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(members(&s, n), expected);
        assert_eq!(s.count(), expected.len());
        s.remove(500);
        assert_eq!(s.count(), expected.len() - 1);
        // Spread past insertions at 0 and 10, as a bit set spreads.
        let few = WordSet::Few(vec![0, 9, 10, 999]);
        let spread = few.spread(&[0, 10], n + 2);
        let mut b = BitSet::empty(n);
        [0, 9, 10, 999].iter().for_each(|&x| b.insert(x));
        assert_eq!(members(&spread, n + 2), b.spread(&[0, 10], n + 2).iter().collect::<Vec<_>>());
    }
}
