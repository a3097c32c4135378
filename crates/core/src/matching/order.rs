//! The order of a partner list: answering what the asker seeks first (where it seeks
//! anything), then the greater total, then more evidence for the asked fields, the newer
//! edition, and a hash of the two codes: stable, independent of the order profiles come in,
//! and favouring no part of the alphabet.

use super::{Breakdown, Matcher};

/// A partner in a list being ranked: its position, its points, and what the asker's asks
/// gave it (the evidence for the asked fields, for ties).
pub(super) type Listed = (usize, Breakdown, f32);

/// FNV-1a of the two codes: the last tie-break.
fn pair_hash(a: &str, b: &str) -> u64 {
    a.bytes()
        .chain([0])
        .chain(b.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, x| (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3))
}

impl Matcher {
    /// Puts `x` into `best` (`a`'s partners, in order, at most `limit`) where the order has
    /// it; `tiered`: answering an ask comes first.
    pub(super) fn place(&self, a: usize, tiered: bool, best: &mut Vec<Listed>, limit: usize, x: Listed) {
        let code_a = self.flat[a].code;
        let answers = |interest: f32| tiered && interest > 0.0;
        let (b, br, interest) = x;
        let rb = &self.flat[b];
        let key = (br.total(), interest);
        let before = |y: &Listed| {
            let k = (y.1.total(), y.2);
            (answers(y.2) && !answers(interest))
                || (answers(y.2) == answers(interest) && k.0 > key.0)
                || (k.0 == key.0 && k.1 > key.1)
                || (k == key && self.flat[y.0].edition > rb.edition)
                || (k == key
                    && self.flat[y.0].edition == rb.edition
                    && pair_hash(code_a.as_str(), self.flat[y.0].code.as_str())
                        < pair_hash(code_a.as_str(), rb.code.as_str()))
        };
        let at = best.partition_point(before);
        if at < limit {
            best.insert(at, x);
            best.truncate(limit);
        }
    }
}
