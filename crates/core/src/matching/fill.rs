//! A short list filled. Where fewer regions than the list holds answer what a region seeks
//! (or, seeking nothing, work in the fields it is matched by) or earn a bonus, the regions
//! working in the other fields it works in follow, under their own heading: a list of two
//! reads as if no other region were worth a look, and leaves the reader an order worse than
//! a random one. They come last: a region that seeks what the asker offers, or shares a
//! network few hold, is a likelier partner than one that only works in the same field.

use super::answered::answered;
use super::order::Listed;
use super::retrieval::Query;
use super::*;

impl Matcher {
    /// The fields by which a short list of `a`'s partners is filled ([`same_fields_from`]):
    /// of the fields its evidence shows other than those it seeks or is matched by already
    /// ([`Matcher::own_fields`]; a region answering those is listed above), those another
    /// region's evidence answers for [`MIN_SAME_FIELD`] at least, the [`OWN_FIELDS`] fewest
    /// regions work in first.
    pub fn fill_fields(&self, a: usize) -> Vec<TopicId> {
        let own = self.own_fields(a);
        let other = |r: usize| r != a && self.flat[r].code != self.flat[a].code;
        let tag = |t: &TopicId| format!("#t:{}", t.id());
        let sought = |t: &TopicId| self.regions[a].asks.iter().any(|x| x.tags().any(|g| g == tag(t)));
        let answered = |t: &TopicId| {
            let Some((term, share)) = field_query(self, *t).one_term() else { return false };
            let list = self.postings.by_term.get(term as usize).into_iter().flat_map(|l| l.iter());
            list.take_while(|x| share * x.1 >= MIN_SAME_FIELD).any(|x| other(x.0 as usize))
        };
        let fields = self.fields_by_rarity(a).into_iter();
        fields.filter(|t| !own.contains(t) && !sought(t) && answered(t)).take(OWN_FIELDS).collect()
    }

    /// [`Matcher::fill_fields`] asked as topics are, for the reasons.
    pub(super) fn fill_asks(&self, a: usize) -> Vec<Ask> {
        self.fill_fields(a).into_iter().map(scoring::topic_ask).collect()
    }

    /// Fills `best` (`a`'s partners, fewer than `limit`) with the regions whose evidence
    /// answers the fields `a` works in ([`Matcher::fill_fields`]), each field counting as it
    /// does for a region that seeks nothing ([`W_SAME_FIELD`], from [`MIN_SAME_FIELD`]), after
    /// those listed and in the order of a list.
    pub(super) fn fill(&self, a: usize, best: &mut Vec<Listed>, limit: usize) {
        let room = limit.saturating_sub(best.len());
        if room == 0 {
            return;
        }
        let mut got: Vec<(u32, f32)> = Vec::new();
        for t in self.fill_fields(a) {
            let Some((term, share)) = field_query(self, t).one_term() else { continue };
            let list = self.postings.by_term.get(term as usize).into_iter().flat_map(|l| l.iter());
            got.extend(list.map(|&(r, w)| (r, (share * w).min(1.0))).take_while(|x| x.1 >= MIN_SAME_FIELD));
        }
        // By region, then by value: the same sum whatever order the fields came in.
        got.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        let other = |b: usize| b != a && self.flat[b].code != self.flat[a].code;
        let mut extra: Vec<Listed> = Vec::with_capacity(room + 1);
        for run in got.chunk_by(|x, y| x.0 == y.0) {
            let b = run[0].0 as usize;
            if !other(b) || best.iter().any(|x| x.0 == b) {
                continue;
            }
            let same_fields = W_SAME_FIELD * run.iter().map(|x| x.1).sum::<f32>();
            self.place(a, false, &mut extra, room, (b, Breakdown { same_fields, ..Breakdown::default() }, 0.0));
        }
        best.extend(extra);
    }

    /// The fields the regions filling `found` (`a`'s partners, as ranked) work in, of
    /// [`Matcher::fill_fields`]: a heading naming the fields searched would let a reader take
    /// each to be worked in below, where the only regions answering one are listed above.
    pub fn filled_by(&self, a: usize, found: &[Match]) -> Vec<TopicId> {
        let filling = &found[same_fields_from(found)..];
        if filling.is_empty() {
            return Vec::new();
        }
        // A field is asked, and quoted for, by its label (`scoring::topic_ask`).
        let quoted = |t: &TopicId| filling.iter().any(|m| m.evidence.iter().any(|c| c.ask == t.label()));
        self.fill_fields(a).into_iter().filter(quoted).collect()
    }
}

/// Where the regions filling `found` (a region's partners, as ranked) begin: those whose
/// points are for the fields it works in alone ([`Matcher::fill_fields`]); `found.len()`
/// where none does.
pub fn same_fields_from(found: &[Match]) -> usize {
    found.iter().position(|m| m.fills).unwrap_or(found.len())
}

/// The query of a field as a topic chosen asks it.
fn field_query(m: &Matcher, t: TopicId) -> Query {
    Query::of(&scoring::topic_ask(t), &m.postings)
}

/// Why `b` fills `a`'s list: of `fields` (`a`'s [`Matcher::fill_fields`], asked as topics),
/// those both work in, with both regions' evidence, as for a region that seeks nothing
/// (nothing else earned it a place).
pub(super) fn explain(m: &Matcher, (a, b): (usize, usize), fields: &[Ask]) -> (Vec<String>, Vec<Cited>, Vec<u16>) {
    let mut forth = answered(m, fields, (None, false, None), b);
    forth.retain(|x| x.1.score >= MIN_SAME_FIELD);
    let mut out = Vec::new();
    reasons::same_fields(m, (a, b), &forth, &mut out);
    (out, forth.into_iter().map(|x| x.1).collect(), Vec::new())
}
