//! A candidate's exact score for one asker, and a score from its parts (what the asker's
//! asks got, what the candidate's got, networks both seek): how bounds become rankings.

use super::facts::lifts_flat;
use super::retrieval::Query;
use super::*;

/// What a score is made of before the points: the sum of what the asker's asks got, how
/// many of those sought for themselves were answered, what the candidate's asks got,
/// networks both seek, and whether the asker answers an ask the candidate seeks for itself.
pub(super) type Parts = (f64, u8, f64, u8, bool);

impl Matcher {
    /// The score of `b` for `a` from its parts: what `a`'s asks got (sum, and how many were
    /// well answered), what `b`'s asks got, and how many networks both seek. None: no match.
    pub(super) fn breakdown_of(&self, a: usize, b: usize, topic: Option<TopicId>, parts: Parts) -> Option<Breakdown> {
        let (interest, well, recip, same, back) = parts;
        let (interest, recip) = (interest as f32, (recip as f32).min(2.0));
        // A region the asker names counts in what it seeks, where it seeks anything else.
        let asked = self.wished_region_asked(a, topic);
        let named = u32::from(self.wants[a] & self.country[b] != 0)
            + u32::from(self.wants[b] & self.country[a] != 0)
            + u32::from(!asked && self.names_region(a, b))
            + u32::from(self.names_region(b, a));
        // A region that seeks nothing asked for its own fields: the same fields, no wish.
        let own = self.by_own_fields(a, topic);
        let (interest, same_fields, well) = if own { (0.0, W_SAME_FIELD * interest, 0) } else { (interest, 0.0, well) };
        let shared_interests = W_COVER * interest;
        let reciprocity = W_RECIPROCAL * (recip + named as f32).min(2.0);
        let same = if topic.is_none() { same.min(2) } else { 0 };
        let (fa, fb) = (&self.flat[a], &self.flat[b]);
        let held = self.rare_held_by_both(a, b).count_ones().min(3);
        if shared_interests == 0.0 && reciprocity == 0.0 && same == 0 && same_fields == 0.0 && held == 0 {
            return None;
        }
        let networks = W_NETWORK * held as f32 + W_SAME_SOUGHT * f32::from(same);
        let gets = |x: bool, n: f32| if x { n } else { 0.0 };
        let complementarity = W_COMPLEMENT
            * (gets(lifts_flat(fb, fa), f32::from(well.min(2))) + gets(lifts_flat(fa, fb), f32::from(u8::from(back))))
                .min(2.0);
        Some(Breakdown { shared_interests, reciprocity, networks, complementarity, same_fields })
    }

    /// Whether a region `a` names as a wished partner counts as something it seeks
    /// ([`NAMED_REGION`] of an ask), not as a bonus: where `a` seeks anything else, and no topic
    /// is chosen (a region that seeks nothing is matched by its fields, its wishes bonuses).
    pub(super) fn wished_region_asked(&self, a: usize, topic: Option<TopicId>) -> bool {
        topic.is_none() && self.flat[a].names_regions && !self.by_own_fields(a, None)
    }

    /// Whether `a` names as a wished partner a region `b` is, is in, or holds (not as a
    /// country: a country's profile holds every region of it, as the country named).
    pub(super) fn names_region(&self, a: usize, b: usize) -> bool {
        self.flat[a].names_regions && self.named_region(a, b).is_some()
    }

    /// The region `a` names that `b` is, is in or holds, with the words `a` used.
    pub(super) fn named_region(&self, a: usize, b: usize) -> Option<&(crate::NutsCode, String)> {
        let code = self.flat[b].code;
        self.regions[a].topics.wants_regions.iter().find(|(c, _)| meets_wish(code, *c))
    }

    /// Every region in a place `a` or it names as a wished partner, to `f` (some more than
    /// once): in a country `a` names, naming `a`'s country, naming a region `a` is, is in or
    /// holds. (The regions `a` names are found where they are scored: `scoring`.)
    pub(super) fn wished_places(&self, a: usize, mut f: impl FnMut(usize)) {
        for (bit, list) in self.in_country.iter().enumerate() {
            if self.wants[a] >> bit & 1 == 1 {
                list.iter().for_each(|&r| f(r as usize));
            }
        }
        for (bit, list) in self.wanting.iter().enumerate() {
            if self.country[a] >> bit & 1 == 1 {
                list.iter().for_each(|&r| f(r as usize));
            }
        }
        let code = self.flat[a].code;
        let code = code.as_str();
        let within = (3..code.len()).filter_map(|k| self.region_wanting.get(&code[..k]));
        // Not for a country: a region named is not wished in the country's own profile.
        let holds = self.region_wanting.range(code.to_string()..).take_while(|(c, _)| c.starts_with(code));
        let holds = holds.filter(|_| code.len() > 2).map(|(_, list)| list);
        within.chain(holds).flatten().for_each(|&r| f(r as usize));
    }

    /// Whether a region other than `a` is in `place`, a place `a` names as where it wishes
    /// partners (a country, a macro-region, a designation): where none is, no partner meets
    /// the wish, and a page naming it says so.
    pub fn anyone_in(&self, a: usize, place: &str) -> bool {
        let bit = super::facts::Countries::get().bit(place);
        let other = |r: &u32| self.flat[*r as usize].code != self.flat[a].code;
        bit != 0 && self.in_country[bit.trailing_zeros() as usize].iter().any(other)
    }

    /// Whether region `r` is in `place` (as [`Matcher::anyone_in`] reads it): a page saying
    /// no profile is there says "no other" where the asker's own is.
    pub fn is_in(&self, r: usize, place: &str) -> bool {
        self.country[r] & super::facts::Countries::get().bit(place) != 0
    }

    /// The networks (as bits) both `a` and `b` hold that at most half the regions answering do.
    pub(super) fn rare_held_by_both(&self, a: usize, b: usize) -> u32 {
        self.flat[a].held & self.flat[b].held & self.rare
    }

    /// Every region holding a network `a` holds that most regions answering do not, to `f`
    /// (some more than once).
    pub(super) fn sharing_networks(&self, a: usize, mut f: impl FnMut(usize)) {
        let mut mine = self.flat[a].held & self.rare;
        while mine != 0 {
            self.holding[mine.trailing_zeros() as usize].iter().for_each(|&r| f(r as usize));
            mine &= mine - 1;
        }
    }

    /// What `by`'s evidence gives the queries of several terms among `qs`: the sum of their
    /// scores (each answered by one unit, as the reasons quote it; by its words, or by its
    /// meaning from `sem`, by position in `qs`, when that is better), and how many of those
    /// sought for themselves were answered. Those of one term are counted as they are credited.
    pub(super) fn answered(&self, qs: &[Query], sem: &[Vec<f32>], by: usize) -> (f64, u8) {
        qs.iter()
            .enumerate()
            .filter(|(_, q)| q.one_term().is_none())
            .map(|(k, q)| {
                let words = self.regions[by].unit_terms.best(q);
                (sem.get(k).and_then(|v| v.get(by)).map_or(words, |m| words.max(*m)), q.2)
            })
            .filter(|s| s.0 >= MIN_ASK)
            .fold((0.0, 0), |(sum, n), (s, whole)| (sum + f64::from(s), n + u8::from(whole)))
    }

    /// The exact score of `b` for `a`, the asker's asks already scored in `parts` and what
    /// `b`'s asks of one term got given; with the sum of what the asker's asks got, for ties.
    pub(super) fn exact(
        &self,
        a: usize,
        b: usize,
        (parts, fixed): (Parts, f64),
        (topic, meant): (Option<TopicId>, bool),
    ) -> Option<(Breakdown, f32)> {
        let (ra, rb) = (&self.regions[a], &self.regions[b]);
        let (several, whole) = self.answered(&self.queries[b], &[], a);
        let same = ra.both_seek(rb).len().min(2) as u8;
        // Experience, where it counts, and the region's own: not what only its country's
        // membership or a network of another kind answers. The candidate's asks of several
        // terms are counted above; those of one term here.
        let lifts = |x: usize, y: usize| lifts_flat(&self.flat[x], &self.flat[y]);
        let not = || match topic {
            None => answered::not_experience(self, a, b, meant),
            // A topic chosen is asked instead of the asker's asks: a field, no example.
            Some(_) => {
                self.queries_for(a, topic).iter().filter(|q| !answered::with_experience(self, q, b)).count() as u8
            }
        };
        let well = if parts.1 > 0 && lifts(b, a) { parts.1.saturating_sub(not()) } else { parts.1 };
        let one = |q: &&Query| q.2 && q.one_term().is_some() && ra.unit_terms.best(q) >= MIN_ASK;
        let ones = || self.queries[b].iter().filter(one);
        let back = lifts(a, b) && (whole > 0 || ones().next().is_some()) && {
            // Counted only past those that are no experience (rarely any).
            let not = answered::not_experience(self, b, a, false);
            whole > not || ones().nth(usize::from(not - whole.min(not))).is_some()
        };
        self.breakdown_of(a, b, topic, (parts.0, well, fixed + several, same, back)).map(|br| (br, parts.0 as f32))
    }
}
