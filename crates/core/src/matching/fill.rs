//! A short list filled. Where fewer regions than the list holds answer what a region seeks
//! (or, seeking nothing, work in the fields it is matched by) or earn a bonus, the regions
//! working in the other fields it works in follow, under their own heading, then, still
//! short, those working in any field it works in and does not seek: a list of two reads as if
//! no other region were worth a look, and leaves the reader an order worse than a random one.
//! They come last: a region that seeks what the asker offers, or shares a network few hold,
//! is a likelier partner than one that only works in the same field.

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
        let answered = |t: &TopicId| {
            let Some((term, share)) = field_query(self, *t).one_term() else { return false };
            let list = self.postings.by_term.get(term as usize).into_iter().flat_map(|l| l.iter());
            list.take_while(|x| share * x.1 >= MIN_SAME_FIELD).any(|x| other(x.0 as usize))
        };
        let fields = self.fields_by_rarity(a).into_iter();
        fields.filter(|t| !own.contains(t) && !self.names_sought(a, *t) && answered(t)).take(OWN_FIELDS).collect()
    }

    /// Whether `a` names the field `t` among what it seeks, by the field's own tag.
    fn names_sought(&self, a: usize, t: TopicId) -> bool {
        let tag = format!("#t:{}", t.id());
        self.regions[a].asks.iter().any(|x| x.tags().any(|g| g == tag))
    }

    /// The fields a list still short after [`Matcher::fill_fields`] is filled by: every other
    /// field `a`'s evidence shows that another region's does too ([`Matcher::fields_by_rarity`]),
    /// those it is matched by and those most regions work in included, but not those it seeks
    /// nor those its own evidence shows by less than any ask counts ([`MIN_ASK`]).
    /// A list of two for a region whose fields are common ones scores every missing place as
    /// a miss; a region working in them is a likelier partner than none.
    pub fn common_fields(&self, a: usize) -> Vec<TopicId> {
        self.fill_and_common(a).1
    }

    /// [`Matcher::fill_fields`] and [`Matcher::common_fields`], the first worked out once.
    fn fill_and_common(&self, a: usize) -> (Vec<TopicId>, Vec<TopicId>) {
        let first = self.fill_fields(a);
        // Its own evidence counting too, as any ask's does: a reason quotes both regions'.
        let shown = |t: &TopicId| self.regions[a].unit_terms.best(&field_query(self, *t)) >= MIN_ASK;
        let fields = self.fields_by_rarity(a).into_iter();
        let common = fields.filter(|t| !first.contains(t) && !self.names_sought(a, *t) && shown(t)).collect();
        (first, common)
    }

    /// [`Matcher::fill_fields`] then [`Matcher::common_fields`], asked as topics are.
    pub(super) fn fill_asks(&self, a: usize) -> (Vec<Ask>, Vec<Ask>) {
        let asks = |f: Vec<TopicId>| f.into_iter().map(scoring::topic_ask).collect();
        let (first, common) = self.fill_and_common(a);
        (asks(first), asks(common))
    }

    /// Fills `best` (`a`'s partners, fewer than `limit`) with the regions whose evidence
    /// answers the fields `a` works in ([`Matcher::fill_fields`]), each field counting as it
    /// does for a region that seeks nothing ([`W_SAME_FIELD`], from [`MIN_SAME_FIELD`]), after
    /// those listed and in the order of a list; then, still short, with those whose evidence
    /// of its [`Matcher::common_fields`] weighs [`COMMON_WEIGHT`] at least, however many
    /// regions work in them, by what it counts.
    pub(super) fn fill(&self, a: usize, best: &mut Vec<Listed>, limit: usize) {
        let (first, common) = self.fill_and_common(a);
        let from = best.len();
        self.fill_by(a, best, limit, first, true);
        let second = best.len();
        self.fill_by(a, best, limit, common, false);
        // One order under one heading (a lower score above a higher one would read as a
        // mistake); stable, so the first pass's order stands between equal scores.
        if second > from && best.len() > second {
            best[from..].sort_by(|x, y| y.1.total().total_cmp(&x.1.total()));
        }
    }

    /// One pass of [`Matcher::fill`]: by `fields`, evidence counting from [`MIN_SAME_FIELD`]
    /// (`rare`) or weighing [`COMMON_WEIGHT`] before the field's share.
    fn fill_by(&self, a: usize, best: &mut Vec<Listed>, limit: usize, fields: Vec<TopicId>, rare: bool) {
        let room = limit.saturating_sub(best.len());
        if room == 0 {
            return;
        }
        let mut got: Vec<(u32, f32)> = Vec::new();
        for t in fields {
            let Some((term, share)) = field_query(self, t).one_term() else { continue };
            let list = self.postings.by_term.get(term as usize).into_iter().flat_map(|l| l.iter());
            // Not under what any ask counts from: the reason would quote nothing.
            let counts =
                |w: f32| if rare { share * w >= MIN_SAME_FIELD } else { w >= COMMON_WEIGHT && share * w >= MIN_ASK };
            let ask = scoring::topic_ask(t);
            // Read once per field, not per candidate.
            let held = !rare && self.country_held(a, &ask);
            let apart = |r: u32| !self.one_fact(a, r as usize, &ask, held);
            got.extend(
                list.take_while(|x| counts(x.1)).filter(|x| apart(x.0)).map(|&(r, w)| (r, (share * w).min(1.0))),
            );
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

    /// Whether `b`'s evidence of `ask` (a field) is its country's membership, and `a`'s is that
    /// country's too, or `a` is that country (`held`, [`Matcher::country_held`]): Germany and
    /// Thuringia, a member of 1+MG through Germany, share one fact, not two pieces of work in
    /// genomics (Flanders' own sequencing centres and Wallonia's Belgian membership are two).
    /// Read only within one country.
    fn one_fact(&self, a: usize, b: usize, ask: &Ask, held: bool) -> bool {
        held && self.country[a] & self.country[b] != 0 && self.by_country(b, ask)
    }

    /// Whether `a` is a country, or its evidence of `ask` is its country's membership.
    fn country_held(&self, a: usize, ask: &Ask) -> bool {
        self.flat[a].code.as_str().len() == 2 || self.by_country(a, ask)
    }

    /// Whether `r`'s best evidence of `ask` is its country's membership.
    fn by_country(&self, r: usize, ask: &Ask) -> bool {
        let best = answered(self, std::slice::from_ref(ask), (None, false, None), r);
        best.first().is_some_and(|x| x.1.kind.by_country())
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
        let (mut fields, common) = self.fill_and_common(a);
        fields.extend(common);
        fields.into_iter().filter(quoted).collect()
    }
}

/// The least weight of evidence by which a field most regions work in fills a list
/// ([`Matcher::common_fields`]), before the field's share: more than a sentence of prose
/// (grade 0.2, at most 0.23 by its length), as much as a ticked topic of a list of up to 47
/// terms (0.35). "Both work on genomics" on "… museums, theatres, parks and a genome" would
/// not hold.
const COMMON_WEIGHT: f32 = 0.25;

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

/// Why `b` fills `a`'s list: of `first` (`a`'s [`Matcher::fill_fields`], asked as topics),
/// those both work in, with both regions' evidence, as for a region that seeks nothing
/// (nothing else earned it a place); where none of them counts, of `common`
/// ([`Matcher::common_fields`]), those its evidence answers from [`COMMON_WEIGHT`] before the
/// field's share, as [`Matcher::fill`] counts them.
pub(super) fn explain(
    m: &Matcher,
    (a, b): (usize, usize),
    (first, common): &(Vec<Ask>, Vec<Ask>),
) -> (Vec<String>, Vec<Cited>, Vec<u16>) {
    let mut forth = answered(m, first, (None, false, None), b);
    forth.retain(|x| x.1.score >= MIN_SAME_FIELD);
    if forth.is_empty() {
        forth = answered(m, common, (None, false, None), b);
        let share = |ask: &Ask| Query::of(ask, &m.postings).one_term().map_or(f32::INFINITY, |x| x.1);
        // As `fill` reads the weight: the score is the share times it (a hair under by rounding).
        forth.retain(|x| {
            x.1.score >= COMMON_WEIGHT * share(x.0) * 0.999 && !m.one_fact(a, b, x.0, m.country_held(a, x.0))
        });
    }
    let mut out = Vec::new();
    reasons::same_fields(m, (a, b), &forth, &mut out);
    (out, forth.into_iter().map(|x| x.1).collect(), Vec::new())
}
