//! What a write did to a list of profiles in position order (regions sorted by code): the
//! search index and the matcher are updated from it instead of being built again, so that a
//! change reaches readers in milliseconds whatever the number of regions.

use crate::Profile;

/// One changed position of the new list.
#[derive(Clone, Copy, Debug)]
pub enum Change<'a> {
    /// The region at `at` has a new profile; `old` is the one it had.
    Replaced { at: usize, old: &'a Profile },
    /// A region new to the list at `at` (every later position moved up by one).
    Inserted { at: usize },
}

impl Change<'_> {
    pub fn at(&self) -> usize {
        match *self {
            Change::Replaced { at, .. } | Change::Inserted { at } => at,
        }
    }
}

/// Where each position of the new list (of `n` profiles) was in the old one: `Some` for a
/// region that was there (changed or not), `None` for an inserted one.
pub fn old_positions(n: usize, changes: &[Change<'_>]) -> Vec<Option<usize>> {
    let inserted = inserted(changes);
    let mut out = Vec::with_capacity(n);
    let mut shift = 0;
    for p in 0..n {
        if inserted.get(shift) == Some(&p) {
            shift += 1;
            out.push(None);
        } else {
            out.push(Some(p - shift));
        }
    }
    out
}

/// The positions of the inserted regions, ascending.
pub fn inserted(changes: &[Change<'_>]) -> Vec<usize> {
    let mut out: Vec<usize> = changes.iter().filter(|c| matches!(c, Change::Inserted { .. })).map(Change::at).collect();
    out.sort_unstable();
    out
}

/// The positions of the new list whose profile is new or changed, as a mask.
pub fn touched(n: usize, changes: &[Change<'_>]) -> Vec<bool> {
    let mut out = vec![false; n];
    for c in changes {
        if let Some(t) = out.get_mut(c.at()) {
            *t = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_positions_skip_insertions() {
        let p = crate::synth::profile(1, 1);
        let changes = [Change::Inserted { at: 0 }, Change::Replaced { at: 2, old: &p }, Change::Inserted { at: 4 }];
        assert_eq!(old_positions(6, &changes), [None, Some(0), Some(1), Some(2), None, Some(3)]);
        assert_eq!(touched(6, &changes), [true, false, true, false, true, false]);
    }
}
