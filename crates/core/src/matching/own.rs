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
        self.by_rarity(i).into_iter().map(|x| x.1).collect()
    }

    fn own(&self, i: usize) -> (Vec<TopicId>, bool) {
        let ranked = self.by_rarity(i);
        let half = self.postings.answering / 2;
        let rare: Vec<TopicId> = ranked.iter().filter(|x| x.2 && x.0 < half).take(OWN_FIELDS).map(|x| x.1).collect();
        if rare.is_empty() {
            (ranked.into_iter().take(OWN_FIELDS).map(|x| x.1).collect(), true)
        } else {
            (rare, false)
        }
    }

    /// The fields `i` works in that another region works in too, fewest regions first, then
    /// by its strongest evidence: how many other regions do, the field, and whether evidence
    /// at least a policy or strategy statement shows it.
    fn by_rarity(&self, i: usize) -> Vec<(usize, TopicId, bool)> {
        let mine: Vec<u32> = self.regions[i].unit_terms.weights().map(|(t, _)| t).collect();
        // How many other regions' evidence holds the field's tag.
        let others = |t: &TopicId| {
            let id = terms::intern(&format!("#t:{}", t.id()));
            let df = self.postings.by_term.get(id as usize).map_or(0, |p| p.len());
            df - usize::from(mine.binary_search(&id).is_ok() && df > 0)
        };
        let own = self.regions[i].own_fields.iter().enumerate();
        let mut fields: Vec<(usize, usize, TopicId, bool)> = own.map(|(k, x)| (others(&x.0), k, x.0, x.1)).collect();
        fields.retain(|x| x.0 >= 1);
        fields.sort_unstable();
        fields.into_iter().map(|x| (x.0, x.2, x.3)).collect()
    }
}
