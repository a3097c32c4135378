//! Which asks a candidate's evidence answers, each with the unit scoring found (quoted), and
//! how it answers: naming what is asked, in the field a network's name gives, as another of
//! the kind an example gives, or through a network that belongs to the one asked.

use super::asks::{Ask, AskKind};
use super::cited::{by_meaning, quote};
use super::retrieval::Query;
use super::*;

/// How the evidence answers an ask, as a reason says it after the ask.
pub(super) enum How {
    /// Nothing to add: it names what is asked, or its words.
    Plain,
    /// A network answered by evidence of the field its name gives: ", in the field of
    /// translational research".
    InField(String),
    /// Another of the kind the ask gives as an example: " or another EU programme", and,
    /// where the quote names it only through a network that belongs to it, that network:
    /// " or another EU programme, ICPerMed being one of the two EP PerMed builds on".
    Another(&'static str, Option<String>),
    /// One of a kind similar to the example's, which the asker's "such as" or "similar" leaves
    /// open (an initiative, for an EU programme).
    Similar,
    /// Through a network that belongs to the one asked, which the quote names and a reader
    /// may not know belongs: ", SAPHIRe being an action of Horizon 2020 or Horizon Europe".
    Covered(String),
}

impl How {
    /// What follows the ask in a reason.
    pub(super) fn after(&self) -> String {
        match self {
            How::Plain => String::new(),
            How::InField(fields) => format!(", in the field of {fields}"),
            How::Another(noun, None) => format!(" or another {noun}"),
            How::Another(noun, Some(said)) => format!(" or another {noun}, {said}"),
            How::Similar => " or similar".to_string(),
            How::Covered(said) => format!(", {said}"),
        }
    }

    /// Whether that ends in a clause (a second thing sought is joined by ", and").
    pub(super) fn ends_in_clause(&self) -> bool {
        matches!(self, How::InField(_) | How::Covered(_) | How::Another(_, Some(_)))
    }
}

/// The asks of `a` that `b`'s evidence answers, with the evidence, strongest first, and how.
/// `whose`: the region whose own asks these are (None for a topic's); `meant`: whether their
/// meaning is read as well as their words (as scoring reads the asker's); `asker`: the region
/// whose fields choose between equally good evidence ([`in_fields`]), a topic's asker too.
pub(super) fn answered<'m>(
    m: &'m Matcher,
    asks: &'m [Ask],
    (whose, meant, asker): (Option<usize>, bool, Option<usize>),
    b: usize,
) -> Vec<(&'m Ask, Cited, How)> {
    let rb = &m.regions[b];
    let mut out: Vec<(&Ask, Cited, How)> = asks
        .iter()
        .enumerate()
        .filter_map(|(k, ask)| {
            // The unit as scoring found it, its terms read again to be quoted.
            let (i, score, meant) =
                best(m, (&Query::of(ask, &m.postings), asker.zip(Some(ask))), (whose.map(|a| (a, k)), meant), b)?;
            let u = &rb.units[usize::from(i)].unit(rb.profile());
            match meant {
                true => (score >= MIN_ASK).then(|| (ask, by_meaning(u, ask, score), How::Plain)),
                false => (score >= MIN_ASK).then(|| (ask, quote(u, ask, score), how(ask, u))),
            }
        })
        .collect();
    out.sort_by(|x, y| y.1.score.total_cmp(&x.1.score));
    out
}

/// How the unit `u` answers `ask`.
fn how(ask: &Ask, u: &Unit) -> How {
    let has = |tag: &str| u.terms.iter().any(|t| t.term == tag);
    let named = ask.tags().any(|t| t.starts_with("#e:") && has(t));
    let fields: Vec<String> = ask
        .tags()
        .filter(|t| t.starts_with("#t:") && has(t))
        .filter_map(|t| TopicId::from_id(&t[3..]))
        .map(|t| t.label().to_lowercase())
        .collect();
    match ask.kind {
        AskKind::Network if !named && !fields.is_empty() => How::InField(fields.join(" and ")),
        AskKind::Network if !named => {
            let kinds = ask.terms.iter().filter_map(|t| kinds::like_kind(&t.term));
            let like: Vec<&str> = kinds.filter(|k| has(&kinds::like_tag(k))).collect();
            let another = like.iter().find(|k| retrieval::names_a(u, k));
            match another.and_then(|k| Some((kinds::noun(k)?, through(u, k)))) {
                Some((noun, through)) => How::Another(noun, through),
                None if !like.is_empty() => How::Similar,
                None => How::Plain,
            }
        }
        // What the quote does not say: that the network it names is one the ask names.
        _ => ask
            .tags()
            .filter(|t| t.starts_with("#e:") && has(t))
            .find_map(|t| retrieval::covered_in(u, t))
            .map_or(How::Plain, How::Covered),
    }
}

/// Where every network of `kind` a unit names is named only through a network that belongs
/// to it (ICPerMed, for EP PerMed), what the first is to it.
fn through(u: &Unit, kind: &str) -> Option<String> {
    let mut of_kind =
        u.terms.iter().filter(|t| terms::entity(&t.term).is_some_and(|e| e.kind == kind)).map(|t| t.term.as_str());
    let first = of_kind.next()?;
    let said = retrieval::covered_in(u, first)?;
    of_kind.all(|t| retrieval::covered_in(u, t).is_some()).then_some(said)
}

/// The unit of `b` that answers `q` best, as scoring finds it: by its words, or by its
/// meaning, where the query is ask `k` of region `r` (`whose`: (r, k)), its meaning is read
/// (`meant`) and that is better; with its score and whether by meaning. Of units its words
/// answer equally well, the one closest in meaning to the ask where the model's vectors are
/// there (a photonics and a medical technology S3 platform, for an ask of the S3 partnership
/// on personalised medicine), else the one naming most of the fields the asker works in
/// ([`in_fields`]), else the first in the profile.
fn best(
    m: &Matcher,
    (q, ask): (&Query, Option<(usize, &Ask)>),
    (whose, meant): (Option<(usize, usize)>, bool),
    b: usize,
) -> Option<(u16, f32, bool)> {
    let words = m.regions[b].unit_terms.best_of(q);
    let by_meaning =
        whose.filter(|_| meant).zip(m.meaning.as_ref()).and_then(|((a, k), x)| x.best(&m.regions, a, k, b));
    match by_meaning.filter(|x| words.is_none_or(|w| x.1 > w.1)) {
        Some((i, score)) => Some((i, score, true)),
        None => {
            let (i, score, several) = words?;
            if !several {
                return Some((i, score, false));
            }
            let tied = || m.regions[b].unit_terms.tied(q, score);
            let nearest = || {
                let ((a, k), x) = whose.zip(m.meaning.as_ref())?;
                x.nearest(a, k, b, tied)
            };
            let in_fields = || in_fields(m, ask?, b, tied());
            Some((nearest().or_else(in_fields).unwrap_or(i), score, false))
        }
    }
}

/// Of `b`'s units `tied` (in the profile's order) answering `ask` of `a`, the first that
/// names what is asked itself (Norway's "Horizon 2020 AMLvaccin" before its ERA PerMed
/// membership, for Horizon Europe), then that names most of the fields `a` works in (where a
/// photonics and a medical technology S3 platform answer "another S3 partnership" equally, a
/// medical technology region is shown the second), then a membership the region answered
/// yes to before its prose (Thuringia's S3MedTech membership before its use of a photonics
/// S3 platform, for "another S3 partnership").
fn in_fields(m: &Matcher, (a, ask): (usize, &Ask), b: usize, tied: Vec<u16>) -> Option<u16> {
    let (ra, rb) = (&m.regions[a], &m.regions[b]);
    let named: Vec<&str> = ask.tags().filter(|t| t.starts_with("#e:")).collect();
    let key = |&u: &u16| {
        let itself = named.is_empty() || {
            let unit = rb.units[usize::from(u)].unit(rb.profile());
            named.iter().all(|t| retrieval::covered_in(&unit, t).is_none())
        };
        let member = rb.units[usize::from(u)].at.network().is_some();
        (itself, ra.field_terms.iter().filter(|&&t| rb.unit_terms.has(t, u)).count(), member)
    };
    // The first of the best: `max_by_key` keeps the last of equals.
    tied.into_iter().rev().max_by_key(key)
}

/// Whether `by`'s evidence answering `q` (if it does) shows experience of its own
/// ([`UnitKind::shows_experience`]).
pub(super) fn with_experience(m: &Matcher, q: &Query, by: usize) -> bool {
    best(m, (q, None), (None, false), by)
        .is_none_or(|(i, score, _)| score < MIN_ASK || m.regions[by].units[usize::from(i)].kind.shows_experience())
}

/// How many of `r`'s asks sought for themselves `by`'s evidence answers, but with no
/// experience of `by`'s own in what is sought: only its country's membership (Sweden's
/// signature of 1+MG for genomics), only a ticked topic or a code, or only a network of
/// another kind than those the ask gives as examples ("Horizon Europe projects and similar
/// initiatives", met by a membership of a bioregions' council). By the unit scoring found (by
/// meaning too, where `meant`).
pub(super) fn not_experience(m: &Matcher, r: usize, by: usize, meant: bool) -> u8 {
    let (ra, rb) = (&m.regions[r], &m.regions[by]);
    // Read only for a candidate that may bring experience (a higher group), and cut short
    // where nothing of its could be no experience.
    let examples = ra.ask_terms.iter().any(|t| t.gives_examples());
    if !examples && rb.no_experience.is_empty() {
        return 0;
    }
    let asks = ra.asks.iter().zip(ra.ask_terms.iter()).zip(m.queries[r].iter()).enumerate();
    let words_alone = !meant || m.meaning.is_none();
    let not = |(k, ((ask, t), q)): (usize, ((&Ask, &retrieval::AskTerms), &Query))| {
        if !ask.for_itself() {
            return false;
        }
        if words_alone && !t.gives_examples() {
            if let Some(not) = no_experience_by_words(rb, q) {
                return not;
            }
        }
        let Some((i, score, by_meaning)) = best(m, (q, Some((r, ask))), (Some((r, k)), meant), by) else {
            return false;
        };
        let unit = &rb.units[usize::from(i)];
        let similar = || !by_meaning && matches!(how(ask, &unit.unit(rb.profile())), How::Similar);
        score >= MIN_ASK && (!unit.kind.shows_experience() || t.gives_examples() && similar())
    };
    asks.filter(|&x| not(x)).count() as u8
}

/// Whether `rb`'s best answer by words to `q` is at least [`MIN_ASK`] and shows no experience,
/// where that is plain without scoring its units: `None` where it is not (units of both
/// sorts answer as well, or several terms are asked and a unit showing none holds one).
fn no_experience_by_words(rb: &Region, q: &Query) -> Option<bool> {
    let of = |t: u32| rb.no_experience.binary_search_by_key(&t, |x| x.0).ok().map(|i| rb.no_experience[i]);
    let Some((t, share)) = q.one_term() else {
        // Only units holding an ask's terms answer it.
        return q.0.iter().all(|x| of(x.0).is_none()).then_some(false);
    };
    // One term: a unit's score is the share of its weight, at most 1 (as `UnitTerms::best`).
    let Some((_, shows, not)) = of(t) else { return Some(false) };
    let (shows, not) = ((share * shows).min(1.0), (share * not).min(1.0));
    match not.partial_cmp(&shows)? {
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Greater => Some(not >= MIN_ASK),
        std::cmp::Ordering::Equal => None,
    }
}
