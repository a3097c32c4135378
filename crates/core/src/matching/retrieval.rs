//! Ranking by retrieval: BM25 over the evidence units' terms, each unit's contribution
//! multiplied by its grade.
//!
//! A region's weight for a term is the best over its units of `grade × tf(k1 + 1) / (tf +
//! k1(1 − b + b·len/L))`, with `L` a fixed unit length rather than the collection's mean, so
//! that a region's weights do not change when others do (an update recomputes only the
//! changed regions). A term's IDF, `ln(1 + (N − df + ½)/(df + ½))`, counts the regions that
//! have any evidence at all: a word or network nearly every region has counts for almost
//! nothing, without a hand-kept list. An ask's score for a candidate is the sum over its
//! terms of `idf × weight`, divided by `Σ idf` (what a strong unit of the reference length
//! naming every term once scores) and at most 1: a grade-1 unit answering the whole ask
//! scores about 1, a sentence of prose naming it about 0.2. A network or infrastructure a
//! unit names weighs at least [`ENTITY_GRADE`], and so does the field its name gives ("the
//! partnership on personalised medicine").

use super::asks::Ask;
use super::units::Unit;

pub const K1: f32 = 1.2;
/// Length normalisation, lower than BM25's usual 0.75: a unit is a claim (a title, one
/// sentence), and a sentence listing seven priorities claims each of them. At 0.75 a long
/// strategy statement (grade 0.6) counted for less than a ticked box (0.35), against the
/// order of grades; 0.25 keeps that order and still lets a short title that is all about a
/// field count above a long list that mentions it. (Labelled set nDCG@10: 0.939 at 0.75,
/// 0.957 anywhere from 0.1 to 0.4.)
pub const B: f32 = 0.25;
/// The reference length of a unit, in terms.
pub const REF_LEN: f32 = 12.0;

/// A region's weights, by term number (sorted): its best unit's weight for each term.
#[derive(Clone, Debug, Default)]
pub struct Weights(pub Vec<(u32, f32)>);

fn saturated(tf: f32, len: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / REF_LEN))
}

/// The weight of `term` in one unit (0 when the unit lacks it).
pub fn unit_weight(u: &Unit, term: &str) -> f32 {
    let tf = u.terms.iter().filter(|t| t.term == term).count() as f32;
    if tf == 0.0 {
        return 0.0;
    }
    // A network or infrastructure a region names as its own ("one of the leading regions in
    // the S3P4PM") is a claim of involvement, whatever kind of text makes it.
    // It is named or not: neither repeating it nor a long sentence changes that.
    let grade = grade_of(u, term);
    if let Some(kind) = super::kinds::like_kind(term) {
        return if super::kinds::like_in_full(term) || names_a(u, kind) { grade } else { grade * OTHER_KIND };
    }
    if is_entity(term) {
        return grade;
    }
    let weight = u.kind.grade() * saturated(tf, u.terms.len() as f32);
    if grade > u.kind.grade() {
        weight.max(grade)
    } else {
        weight
    }
}

/// The grade `term` counts with in `u`: its kind's, or at least [`ENTITY_GRADE`] for a
/// network or infrastructure named, and for the field its name gives ("the partnership on
/// personalised medicine"), which is claimed with the network, not as the prose around it.
pub fn grade_of(u: &Unit, term: &str) -> f32 {
    // A country's membership is the country's, whatever it names.
    if u.kind.by_country() {
        u.kind.grade()
    } else if is_entity(term) || (term.starts_with("#t:") && within_a_name(u, term)) {
        u.kind.grade().max(ENTITY_GRADE)
    } else {
        u.kind.grade()
    }
}

/// Whether a term says a network or infrastructure is named: which, or one like a kind.
fn is_entity(term: &str) -> bool {
    term.starts_with("#e:") || term.starts_with(super::kinds::LIKE_PREFIX)
}

/// Whether a unit names a network or infrastructure of `kind` (or one standing for one).
pub fn names_a(u: &Unit, kind: &str) -> bool {
    u.terms.iter().filter_map(|t| super::terms::entity(&t.term)).any(|e| e.kind == kind)
}

/// How much of "one like it" a network of a similar kind answers: an asker naming an S3
/// partnership as an example would take another S3 partnership before a research network.
pub const OTHER_KIND: f32 = 0.5;

/// Whether every place `term` stands in the unit is inside the name of a network it names.
pub(super) fn within_a_name(u: &Unit, term: &str) -> bool {
    let names: Vec<(usize, usize)> =
        u.terms.iter().filter(|t| t.term.starts_with("#e:") && t.span.1 > t.span.0).map(|t| t.span).collect();
    let mut at = u.terms.iter().filter(|t| t.term == term).map(|t| t.span).peekable();
    at.peek().is_some() && at.all(|s| s.1 > s.0 && names.iter().any(|n| n.0 <= s.0 && s.1 <= n.1))
}

/// Where `u` holds the network `tag` only through another it names that it covers (the
/// SAPHIRe project, a Horizon 2020 action), how a reason says so: "SAPHIRe being an action of
/// Horizon 2020 or Horizon Europe". None where the unit names it, or nothing need be said.
pub(super) fn covered_in(u: &Unit, tag: &str) -> Option<String> {
    let e = super::terms::entity(tag)?;
    let at: Vec<(usize, usize)> = u.terms.iter().filter(|t| t.term == tag).map(|t| t.span).collect();
    // Each place it stands, the entity named there, if another.
    let by = |span: (usize, usize)| {
        u.terms
            .iter()
            .filter(|t| t.span == span && t.term != tag)
            .filter_map(|t| super::terms::entity(&t.term))
            .find(|x| super::terms::covering(x).any(|c| c.id == e.id))
    };
    let others: Vec<&super::terms::Entity> = at.iter().map(|&s| by(s)).collect::<Option<_>>()?;
    let first = others.first()?;
    (!e.covered_as.is_empty()).then(|| format!("{} being {}", first.short, e.covered_as))
}

/// The least grade of a network or infrastructure named in a region's own profile.
pub const ENTITY_GRADE: f32 = 0.8;

/// Each unit's terms by number with their weights there: (term, unit, weight), sorted.
pub fn unit_terms(units: &[Unit]) -> Vec<(u32, u16, f32)> {
    let mut v: Vec<(u32, u16, f32)> = units
        .iter()
        .enumerate()
        .flat_map(|(i, u)| {
            super::terms::counted(&u.terms)
                .into_iter()
                .map(move |(term, _)| (super::terms::intern(&term), i as u16, unit_weight(u, &term)))
        })
        .collect();
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    v
}

/// Every region's weights as postings by term number, and each term's IDF.
pub struct Postings {
    pub idf: Vec<f32>,
    /// Per term: (region, weight), greatest weight first. Shared with the postings a write
    /// patches, but for the terms of the regions it changed.
    pub by_term: Vec<std::sync::Arc<[(u32, f32)]>>,
    /// The IDF of a term one answering region in ten has.
    pub reference_idf: f32,
    /// How many regions have any evidence.
    pub(super) answering: usize,
}

impl Postings {
    pub fn new(all: &[Weights]) -> Postings {
        let terms = super::terms::numbered();
        let mut by_term: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
        for (r, w) in all.iter().enumerate() {
            for &(t, weight) in &w.0 {
                by_term[t as usize].push((r as u32, weight));
            }
        }
        let answering = all.iter().filter(|w| !w.0.is_empty()).count();
        Postings::of_lists(by_term.into_iter().map(strongest_first).collect(), answering)
    }

    /// These postings after the regions at `changed` (new positions) went from their old
    /// weights to their new ones (a new region from none), `answering` regions having any,
    /// and, when regions were inserted, every old position `o` moved to `new_of_old[o]`: only
    /// the lists of the terms whose weight changed are made again (all of them renumbered when
    /// positions moved, which keeps their order). With them, the terms whose IDF changed
    /// (None: every term's, as the number of regions answering did).
    pub fn patched(
        &self,
        answering: usize,
        changed: &[(usize, Weights, Weights)],
        new_of_old: Option<&[u32]>,
    ) -> (Postings, Option<Vec<u32>>) {
        let mut by_term: Vec<std::sync::Arc<[(u32, f32)]>> = match new_of_old {
            Some(map) => self.by_term.iter().map(|l| l.iter().map(|&(r, w)| (map[r as usize], w)).collect()).collect(),
            None => self.by_term.clone(),
        };
        by_term.resize(super::terms::numbered().max(by_term.len()), std::sync::Arc::from([]));
        // Sorted, searched by halves: a write changes a region or a few, and a hashed set
        // cost a tenth of an update, looked up for every entry of a common term's list.
        let mut gone: Vec<u32> = changed.iter().map(|&(r, _, _)| r as u32).collect();
        gone.sort_unstable();
        let mut terms: Vec<u32> = changed.iter().flat_map(|(_, old, new)| differing(old, new)).collect();
        terms.sort_unstable();
        terms.dedup();
        let mut df_changed = Vec::new();
        for t in terms {
            // The list stays in order without the changed regions; each comes back at its
            // place (a sort of the whole list was a third of an update's time).
            let mut list: Vec<(u32, f32)> =
                by_term[t as usize].iter().filter(|x| gone.binary_search(&x.0).is_err()).copied().collect();
            for (r, _, new) in changed {
                if let Ok(k) = new.0.binary_search_by_key(&t, |x| x.0) {
                    let e = (*r as u32, new.0[k].1);
                    let at = list.partition_point(|x| stronger(x, &e) == std::cmp::Ordering::Less);
                    list.insert(at, e);
                }
            }
            if self.by_term.get(t as usize).map_or(0, |l| l.len()) != list.len() {
                df_changed.push(t);
            }
            by_term[t as usize] = list.into();
        }
        if answering != self.answering {
            return (Postings::of_lists(by_term, answering), None);
        }
        // The rest's IDFs stand: only the terms held by more or fewer regions get new ones.
        let mut idf = self.idf.clone();
        idf.resize(by_term.len(), idf_of(0, answering));
        for &t in &df_changed {
            idf[t as usize] = idf_of(by_term[t as usize].len(), answering);
        }
        (Postings { idf, by_term, reference_idf: self.reference_idf, answering }, Some(df_changed))
    }

    fn of_lists(by_term: Vec<std::sync::Arc<[(u32, f32)]>>, answering: usize) -> Postings {
        let idf = by_term.iter().map(|p| idf_of(p.len(), answering)).collect();
        let reference_idf = idf_of_f(answering as f32 / 10.0, answering);
        Postings { idf, by_term, reference_idf, answering }
    }
}

/// A term's IDF when `df` of the `answering` regions hold it.
fn idf_of(df: usize, answering: usize) -> f32 {
    idf_of_f(df as f32, answering)
}

fn idf_of_f(df: f32, answering: usize) -> f32 {
    (1.0 + (answering as f32 - df + 0.5) / (df + 0.5)).ln()
}

/// The terms whose weight differs between two regions' weights (held by one only included).
fn differing<'a>(old: &'a Weights, new: &'a Weights) -> impl Iterator<Item = u32> + 'a {
    let other_or_none = |t: &(u32, f32)| new.0.binary_search_by_key(&t.0, |x| x.0).map_or(true, |k| new.0[k].1 != t.1);
    let only_new = |t: &(u32, f32)| old.0.binary_search_by_key(&t.0, |x| x.0).is_err();
    old.0.iter().filter(move |t| other_or_none(t)).chain(new.0.iter().filter(move |t| only_new(t))).map(|t| t.0)
}

/// A term's postings, strongest first, so that a one-term ask stops where the rest would
/// score under the least an ask counts for.
fn strongest_first(mut p: Vec<(u32, f32)>) -> std::sync::Arc<[(u32, f32)]> {
    p.sort_unstable_by(stronger);
    p.into()
}

/// The order of a term's postings: greater weight first, then lower region position.
fn stronger(x: &(u32, f32), y: &(u32, f32)) -> std::cmp::Ordering {
    y.1.total_cmp(&x.1).then(x.0.cmp(&y.0))
}

/// An ask as a query: its distinct terms' ids (a term no region has is left out), ascending,
/// with their share `idf / norm`, how many of its terms a region's evidence must hold
/// ([`needed`]), and whether it is sought for itself, not as the purpose of another ask
/// (only what is sought for itself is experience a region can bring: complementarity).
#[derive(Clone, Debug, Default)]
pub struct Query(pub Vec<(u32, f32)>, pub u8, pub bool);

/// The distinct terms an answer must hold: a field or a network is answered by evidence
/// naming it; words of the region's own by evidence holding two of them (one shared word,
/// "international" or "projects", says nothing), or the one there is.
pub fn needed(ask: &Ask) -> u8 {
    let mut distinct: Vec<&str> = ask.terms.iter().map(|t| t.term.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    match ask.kind {
        super::asks::AskKind::Words => distinct.len().min(2) as u8,
        _ => 1,
    }
}

/// An ask's distinct terms by number (numbered when its region is read, so that the
/// queries worked out again after every write, as the IDFs change, read no strings), whether
/// it names networks as examples, and how many terms an answer must hold ([`needed`]).
#[derive(Clone, Debug)]
pub struct AskTerms {
    named: Box<[u32]>,
    /// The "like" tags of the networks it names as examples.
    like: Box<[u32]>,
    need: u8,
    /// The ask's share ([`Ask::share`]).
    share: f32,
    /// [`Ask::for_itself`].
    for_itself: bool,
}

impl AskTerms {
    pub fn of(ask: &Ask) -> AskTerms {
        let mut distinct: Vec<&str> = ask.terms.iter().map(|t| t.term.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let (like, named): (Vec<&str>, Vec<&str>) =
            distinct.iter().partition(|t| t.starts_with(super::kinds::LIKE_PREFIX));
        let ids = |v: Vec<&str>| -> Box<[u32]> {
            let mut ids: Vec<u32> = v.iter().map(|t| super::terms::intern(t)).collect();
            ids.sort_unstable();
            ids.into()
        };
        AskTerms {
            named: ids(named),
            like: ids(like),
            need: needed(ask),
            share: ask.share,
            for_itself: ask.for_itself(),
        }
    }

    /// Whether it gives networks as examples ("such as", "similar").
    pub fn gives_examples(&self) -> bool {
        !self.like.is_empty()
    }

    /// Every term of the ask, named or "like".
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.named.iter().chain(self.like.iter()).copied()
    }
}

impl Query {
    /// Its one term and that term's share, when it has one and needs nothing more: its
    /// score for a region is then the share times the region's weight for the term.
    pub fn one_term(&self) -> Option<(u32, f32)> {
        match (&self.0[..], self.1) {
            ([one], 0..=1) => Some(*one),
            _ => None,
        }
    }

    /// The query of an ask, its terms in ascending order of their ids.
    pub fn of(ask: &Ask, p: &Postings) -> Query {
        Query::from_terms(&AskTerms::of(ask), p)
    }

    /// Each distinct term some region has with its share of the ask: `idf / norm`; when the
    /// ask names a network as an example ("networks such as S3P on personalised medicine",
    /// "Horizon Europe projects and similar initiatives"), one of the same kind (another S3
    /// partnership, another EU programme) answers [`EXAMPLE_SHARE`] of it, and one of
    /// another kind [`OTHER_KIND`] of that.
    pub fn from_terms(a: &AskTerms, p: &Postings) -> Query {
        let has = |id: u32| p.by_term.get(id as usize).is_some_and(|l| !l.is_empty());
        let like: Vec<u32> = a.like.iter().copied().filter(|&id| has(id)).collect();
        let rest = a.share * if like.is_empty() { 1.0 } else { 1.0 - EXAMPLE_SHARE };
        let norm = norm(a.named.iter().copied().filter(|&id| has(id)), p);
        let mut terms: Vec<(u32, f32)> =
            a.named.iter().filter(|&&id| has(id)).map(|&id| (id, rest * p.idf[id as usize] / norm)).collect();
        let share = a.share * EXAMPLE_SHARE / like.len().max(1) as f32;
        for id in like {
            let at = terms.partition_point(|x| x.0 < id);
            terms.insert(at, (id, share));
        }
        Query(terms, a.need, a.for_itself)
    }
}

/// The share of an example ask that a network of the kind it names answers.
pub const EXAMPLE_SHARE: f32 = 0.3;

/// What an ask's score is divided by: the IDF of its terms that some region has (a term no
/// region has, "ECRIN" where nobody names it, cannot be answered and takes nothing from the
/// rest), but at least the IDF of a term one region in ten has, so that an ask of common
/// words (personalised medicine, which nearly every region names) counts for less than one
/// that singles regions out.
fn norm(named: impl Iterator<Item = u32>, p: &Postings) -> f32 {
    // Added in f64, where it is exact: the same whatever the order of the terms' numbers.
    let sum: f64 = named.map(|id| f64::from(p.idf[id as usize])).sum();
    (sum as f32).max(p.reference_idf)
}
