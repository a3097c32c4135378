//! The fields a region works in: what one that names none it seeks is matched by, and what fills
//! a short list of partners for one that does.

use super::{terms, Matcher, TopicId, OWN_FIELDS};

impl Matcher {
    /// For a region that names no field or network it seeks, the fields it works in by which it is
    /// matched instead: of those another region shows evidence of too, and at most half the
    /// regions answering (one nearly every region works in singles nobody out, as with
    /// networks), the [`OWN_FIELDS`] fewest regions do, then by its strongest evidence; by
    /// evidence at least a policy or strategy statement. Where no field is left so, every field
    /// its evidence shows, fewest regions first ([`Matcher::own_fields_by_all`]): a region whose
    /// page ticks a few topics is better matched by those than by bonuses alone.
    /// Empty for a region with asks.
    pub fn own_fields(&self, i: usize) -> Vec<TopicId> {
        if !self.regions[i].asks.is_empty() {
            return Vec::new();
        }
        self.own(i).0
    }

    /// Whether [`Matcher::own_fields`] are the fallback: every field the region's evidence
    /// shows, as none that is rare shows by strong enough evidence.
    pub fn own_fields_by_all(&self, i: usize) -> bool {
        self.regions[i].asks.is_empty() && self.own(i).1
    }

    /// Every field `i`'s evidence shows that another region's does too, fewest regions first.
    pub(super) fn fields_by_rarity(&self, i: usize) -> Vec<TopicId> {
        self.pick(i, true, usize::MAX)
    }

    fn own(&self, i: usize) -> (Vec<TopicId>, bool) {
        let rare = self.pick(i, false, OWN_FIELDS);
        if rare.is_empty() {
            (self.pick(i, true, OWN_FIELDS), true)
        } else {
            (rare, false)
        }
    }

    /// The `n` fields `i` works in that another region works in too, fewest regions first:
    /// of `all`, or of those shown by strong evidence that at most half the regions answering
    /// work in.
    fn pick(&self, i: usize, all: bool, n: usize) -> Vec<TopicId> {
        let mine: Vec<u32> = self.regions[i].unit_terms.weights().map(|(t, _)| t).collect();
        // How many other regions' evidence holds the field's tag.
        let others = |t: &TopicId| {
            let id = terms::intern(&format!("#t:{}", t.id()));
            let df = self.postings.by_term.get(id as usize).map_or(0, |p| p.len());
            df - usize::from(mine.binary_search(&id).is_ok() && df > 0)
        };
        let half = self.postings.answering / 2;
        let own = self.regions[i].own_fields.iter().filter(|x| all || x.1);
        let mut fields: Vec<(usize, usize, TopicId)> = own.enumerate().map(|(k, x)| (others(&x.0), k, x.0)).collect();
        fields.retain(|x| x.0 >= 1 && (all || x.0 < half));
        fields.sort_unstable();
        fields.into_iter().take(n).map(|x| x.2).collect()
    }
}
