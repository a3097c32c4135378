//! A set of region positions, a bit each: what a word or a facet value selects.

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
    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }
    /// This set over `n` positions after regions were inserted at `inserted` (ascending
    /// positions of the new list): every member moves up past the insertions before it.
    pub fn spread(&self, inserted: &[usize], n: usize) -> BitSet {
        // A few insertions shift words (a new region is most often one); many, members.
        if inserted.len() <= 8 {
            let mut out = BitSet { words: self.words.clone() };
            out.words.resize(n.div_ceil(64), 0);
            inserted.iter().for_each(|&at| out.open_at(at));
            return out;
        }
        let mut out = BitSet::empty(n);
        let mut j = 0;
        for o in self.iter() {
            while j < inserted.len() && inserted[j] <= o + j {
                j += 1;
            }
            out.insert(o + j);
        }
        out
    }

    /// Moves every member at `at` or above up one place, the last word's top bit free.
    fn open_at(&mut self, at: usize) {
        let (k, bit) = (at / 64, at % 64);
        let Some(&w) = self.words.get(k) else { return };
        let stays = (1u64 << bit) - 1;
        let mut carry = w >> 63;
        self.words[k] = (w & stays) | ((w & !stays) << 1);
        for w in &mut self.words[k + 1..] {
            let next = *w >> 63;
            *w = (*w << 1) | carry;
            carry = next;
        }
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
