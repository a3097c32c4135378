//! Partner finding: for a region, the regions whose evidence answers what it seeks, with
//! the reasons as sentences quoting that evidence.
//!
//! What a region seeks is read as text: each field it names, each network or infrastructure,
//! and the rest of the words of each coordinated part of a line of its collaboration answer are *asks*
//! ([`asks::asks`]). What a candidate can offer is every *evidence unit* of its profile
//! ([`units::units`]: initiatives, support measures, memberships, represented-in items,
//! policy documents, strategy statements, funding programmes, ticked topics, codes, sentences
//! of its description), graded by kind: a named initiative, biobank, membership or platform
//! 1 > a policy or strategy statement 0.6 > a ticked topic or a code 0.35 > a sentence of
//! prose 0.2 (0.6 stating the S3 priorities); a network or infrastructure named anywhere, and
//! the field its name gives, at least 0.8 (`retrieval::ENTITY_GRADE`). Asks and units
//! meet through BM25 over stemmed words, with the synonym table's topics and the named
//! networks and infrastructures as tags ([`terms`], [`retrieval`]): an ask scores between 0
//! and 1 for a candidate, its best evidence's grade included, and near-universal words count
//! for little. A network given as an example ("such as") is answered in part by another of
//! its kind or, half that, of a similar kind; one with a field, half by kind, half by field.
//!
//! The score of candidate B for region A is the sum of four parts (five, below) (see [`Breakdown`]):
//!
//! - shared interests: `W_COVER` × each of A's asks' score for B (an ask under [`MIN_ASK`]
//!   counts for nothing; a field named as what another is for, half: [`asks::PURPOSE_SHARE`]),
//!   so that what A seeks outweighs every bonus; and `W_COVER` × [`NAMED_REGION`] where B is,
//!   is in or holds a region A names as a wished partner (NUTS 1 or 2, by its name:
//!   "Flanders", "Lower Silesia");
//! - reciprocity: `W_RECIPROCAL` × B's asks' scores for A (at most 2), and as much for a
//!   country either names as a wished partner where the other is, and for a region B names
//!   that A is, is in or holds (and one A names, where A seeks nothing else);
//! - networks: `W_NETWORK` for each network both belong to that at most half of the
//!   regions answering the question hold (at most 3), and `W_SAME_SOUGHT` for each network
//!   or infrastructure both seek, or that what one seeks stands for (at most 2);
//!   designations (PM region of the EC, NSPA, mountain, macro-regions) are facts, never
//!   networks;
//! - complementarity: `W_COMPLEMENT` for each ask sought for itself (not a purpose of
//!   another) answered (at most 2) where the answering side is in a higher scoreboard group,
//!   or the other is sparsely populated or a mountain region.
//!
//! A candidate that answers something the asking region seeks comes before one that does
//! not (whose points are all bonuses: what it seeks, countries, networks). Where fewer than
//! the list holds answer, a region sharing a network few hold comes in by that bonus alone
//! (a short list reads as if no other region were worth a look); where the list is still
//! short, the regions working in the fields the asker works in, other than those it seeks
//! (or, seeking nothing, is matched by), end it under their own heading, by `W_SAME_FIELD`
//! for each (`fill`). Ties go to the candidate with more evidence for the asked fields, then
//! to the newer edition, then by a hash of the two codes: stable, independent of the order
//! profiles come in, and favouring no part of the alphabet.
//!
//! A region that names no field or network it seeks is matched by what it does: the rarest fields it
//! works in, of those at most half the regions work in ([`Matcher::own_fields`]), each
//! answered by a candidate's evidence for `W_SAME_FIELD`,
//! beside the bonuses, all in one order (no wish of its own to come first).

mod answered;
pub mod asks;
mod assemble;
mod cited;
mod countries;
mod designations;
mod evidence;
mod facts;
mod fill;
mod kinds;
mod locator;
pub mod meaning;
mod negation;
mod order;
mod own;
mod parts;
mod places;
mod reasons;
mod region;
mod retrieval;
mod strategy;
pub mod terms;
mod unit_index;
pub mod units;
mod wishes;
mod words;

use std::sync::Arc;

pub use asks::{Ask, AskKind};
pub use cited::Cited;
pub use designations::is_designation;
pub use evidence::{evidence, Evidence, EvidenceKind, RegionEvidence, Strength};
pub use facts::SPARSE_DENSITY;
pub use fill::same_fields_from;
pub use places::{macro_region_name, meets_wish};
pub use units::{Unit, UnitKind};

use crate::model::Profile;
use crate::vocab::{NetworkId, TopicId};
use region::{regions_of, Region};
use retrieval::{Postings, Query};

/// An ask fully answered by strong evidence: what a partner is for.
pub const W_COVER: f32 = 10.0;
/// Interest both ways makes a collaboration likelier to happen.
pub const W_RECIPROCAL: f32 = 2.0;
/// Shared networks make cooperation easier, but are no reason on their own.
pub const W_NETWORK: f32 = 0.5;
/// Both seeking cooperation through the same network or infrastructure.
pub const W_SAME_SOUGHT: f32 = 1.0;
/// A strong region with a less advanced or sparsely populated one in the same field.
pub const W_COMPLEMENT: f32 = 1.0;
/// For a region that names no field or network it seeks, each field it works in that the candidate's
/// evidence answers: less than an ask (a field worked in is no wish), and less than a
/// region seeking what it offers ([`W_RECIPROCAL`]).
pub const W_SAME_FIELD: f32 = 1.0;
/// The most fields a region that names no field or network it seeks is matched by.
pub const OWN_FIELDS: usize = 3;
/// A field a region that seeks nothing works in, answered under this (a word in a long
/// sentence, or a field most regions name), counts for nothing: "both work on" needs more.
pub const MIN_SAME_FIELD: f32 = 0.2;
/// How much of an ask a region the asker names as a wished partner answers (or a region in
/// it, or holding it): a wish for that partner, answered by being it, but less than evidence
/// answering a field in full, which a partner is for.
pub const NAMED_REGION: f32 = 0.5;
/// An ask scoring under this for a candidate (one common word shared) counts for nothing.
pub const MIN_ASK: f32 = 0.05;

/// What a score is made of, in points.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Breakdown {
    /// What the asking region seeks, answered by the candidate's evidence.
    pub shared_interests: f32,
    /// What the candidate seeks, answered by the asking region's evidence; countries named.
    pub reciprocity: f32,
    /// Networks both belong to (that most regions do not), and networks both seek.
    pub networks: f32,
    /// A more advanced region with a less advanced, sparsely populated or mountain one.
    pub complementarity: f32,
    /// For a region that names no field or network it seeks: the fields it works in, answered by the
    /// candidate's evidence. For a region that only fills a short list ([`same_fields_from`]),
    /// the fields the asker works in and does not seek: its points are these alone.
    #[serde(default)]
    pub same_fields: f32,
}

impl Breakdown {
    pub fn total(&self) -> f32 {
        self.shared_interests + self.reciprocity + self.networks + self.complementarity + self.same_fields
    }
}

/// A partner for a region, with the reasons.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Match {
    pub index: usize,
    pub score: f32,
    pub breakdown: Breakdown,
    pub reasons: Vec<String>,
    /// The evidence the reasons quote, strongest first.
    pub evidence: Vec<Cited>,
    /// Which of the asking region's asks ([`Matcher::asks`]) it answers, by position (none
    /// with a topic chosen).
    #[serde(skip)]
    pub answered: Vec<u16>,
    /// It only fills a short list, by the fields the asking region works in
    /// ([`Matcher::fill_fields`]): such matches come last ([`same_fields_from`]).
    #[serde(skip)]
    pub fills: bool,
}

/// A match as the CLI (`pmatlas match --json`) and the JSON API write it.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct MatchOut<'a> {
    pub code: crate::NutsCode,
    pub name: &'a crate::Text,
    pub score: f32,
    /// What the score is made of, in points (see the module documentation).
    pub breakdown: Breakdown,
    /// Its evidence answers something the asking region seeks (or the topic chosen): where
    /// the region seeks something, such matches come first and the others' points are all
    /// bonuses (reciprocity, networks, complementarity).
    pub answers: bool,
    /// It only fills a short list, by fields the asking region works in (other than those it
    /// seeks): such matches come last, their points for those fields alone.
    pub fills: bool,
    pub reasons: &'a [String],
    pub evidence: &'a [Cited],
}

impl Match {
    /// Its evidence answers something the asking region seeks (or the topic chosen). Where the
    /// region seeks something, such matches come first ([`Matcher::answering`]).
    pub fn answers(&self) -> bool {
        self.breakdown.shared_interests > 0.0
    }

    /// The match for writing out; `profile` is the matched region's.
    pub fn out<'a>(&'a self, profile: &'a Profile) -> MatchOut<'a> {
        MatchOut {
            code: profile.code,
            name: &profile.name,
            score: self.score,
            breakdown: self.breakdown,
            answers: self.answers(),
            fills: self.fills,
            reasons: &self.reasons,
            evidence: &self.evidence,
        }
    }
}

/// A profile as a matcher holds it: shared with whoever else holds it (a read view's
/// snapshot), since the matcher quotes its words from it rather than keeping copies.
pub type Shared = Arc<dyn AsRef<Profile> + Send + Sync>;

impl AsRef<Profile> for Profile {
    fn as_ref(&self) -> &Profile {
        self
    }
}

/// The partner-finding index over a set of profiles (positions as given). Holds what it
/// needs (the profiles themselves shared, [`Shared`]), so a read view can keep one beside
/// its snapshot; after a write it is updated ([`Matcher::updated`]), sharing every
/// unchanged region's units and weights.
pub struct Matcher {
    regions: Vec<Arc<Region>>,
    postings: Postings,
    /// Per region, its asks as queries (they depend on every region's IDF).
    queries: Vec<Arc<[Query]>>,
    /// Per term id, the asks of several terms filed under it (asks numbered across all
    /// regions). An ask of `L` terms that an answer must hold `need` of is filed under its
    /// `L − need + 1` rarest only: evidence holding `need` of its terms holds one of those.
    ask_postings: Vec<Vec<u32>>,
    /// Per ask of several terms: where its terms are in `their_terms`, its region, and how
    /// many of its terms an answer must hold.
    their_asks: Vec<TheirAsk>,
    /// The terms of the asks of several terms with their shares, ask after ask: a copy of
    /// theirs in `queries`, so that checking an ask is one read, not three dependent ones
    /// (the asker's evidence looks up a thousand asks of others; the copy measured 20 % of
    /// the asker's scoring as loads waiting on loads).
    their_terms: Vec<(u32, f32)>,
    /// Per term id, the asks of that term alone: (region, share), greatest share first
    /// (such an ask's score is the share times the answering region's weight).
    one_term_asks: Vec<Vec<(u32, f32)>>,
    /// Per network or infrastructure tag: the regions that seek it.
    seekers: std::collections::HashMap<String, Vec<u32>>,
    /// Networks at most half of the regions answering the question hold.
    rare: u32,
    /// By network bit: the regions holding it.
    holding: Vec<Vec<u32>>,
    flat: Vec<facts::Flat>,
    country: Vec<u64>,
    wants: Vec<u64>,
    /// By country bit: the regions in that country, and the regions naming it as a wished
    /// partner country.
    in_country: Vec<Vec<u32>>,
    wanting: Vec<Vec<u32>>,
    /// By region code: the regions naming it as a wished partner.
    region_wanting: std::collections::BTreeMap<String, Vec<u32>>,
    /// The embeddings of the regions' texts, when the model has been run over them.
    meaning: Option<meaning::Meaning>,
}

/// An ask of several terms, by its place in [`Matcher::their_terms`].
#[derive(Clone, Copy)]
struct TheirAsk {
    start: u32,
    len: u32,
    region: u32,
    need: u8,
}

mod all;
mod exact;
mod scoring;
mod topics;
mod unanswered;

/// Copies of `profiles`, to be held by a matcher.
pub fn copies(profiles: &[&Profile]) -> Vec<Shared> {
    profiles.iter().map(|p| Arc::new((*p).clone()) as Shared).collect()
}

impl Matcher {
    /// The matcher over copies of `profiles`.
    pub fn new(profiles: &[&Profile]) -> Matcher {
        Matcher::shared(&copies(profiles))
    }

    /// The matcher over `profiles`, held without copying.
    pub fn shared(profiles: &[Shared]) -> Matcher {
        Matcher::assemble(regions_of(profiles, |_| None), None)
    }

    /// This matcher reading meaning as well as words, with the embeddings of the texts
    /// (those without one are matched by their words alone).
    pub fn with_vectors(mut self, vectors: Arc<meaning::Vectors>) -> Matcher {
        self.meaning = (!vectors.is_empty()).then(|| meaning::Meaning::new(&self.regions, vectors));
        self
    }

    /// The vectors this matcher reads, if any.
    pub fn vectors(&self) -> Option<Arc<meaning::Vectors>> {
        self.meaning.as_ref().map(|m| m.vectors())
    }

    /// The embedding model whose vectors this matcher reads, if any (else words alone).
    pub fn meaning_model(&self) -> Option<&str> {
        self.meaning.as_ref().map(|m| m.model())
    }

    /// This matcher after `changes`, over the new list `profiles`: the same as
    /// [`Matcher::new`] over them, with what the unchanged regions' profiles give taken
    /// from this one.
    pub fn updated(&self, profiles: &[Shared], changes: &[crate::changes::Change<'_>]) -> Matcher {
        let from = crate::changes::old_positions(profiles.len(), changes);
        let touched = crate::changes::touched(profiles.len(), changes);
        let regions = regions_of(profiles, |i| from[i].filter(|_| !touched[i]).map(|o| self.regions[o].clone()));
        let at: Vec<usize> = changes.iter().map(crate::changes::Change::at).collect();
        let mut m = Matcher::assemble(regions, Some((self, assemble::Moved { from: &from, at: &at })));
        m.meaning = self.meaning.as_ref().map(|old| old.patched(&m.regions, |i| from[i].filter(|_| !touched[i])));
        m
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// A region's evidence by topic (what it seeks and is strong in, by the topic list).
    pub fn evidence(&self, i: usize) -> &RegionEvidence {
        &self.regions[i].topics
    }

    /// What a region seeks, ask by ask.
    pub fn asks(&self, i: usize) -> &[Ask] {
        &self.regions[i].asks
    }

    /// Whether `a` is matched by the fields it works in: it names no field or network it
    /// seeks, and no topic is chosen.
    fn by_own_fields(&self, a: usize, topic: Option<TopicId>) -> bool {
        topic.is_none() && self.regions[a].asks.is_empty()
    }

    /// The best partners of `a`, best first, with reasons (with a topic, only regions with
    /// evidence for it).
    pub fn partners(&self, a: usize, topic: Option<TopicId>, limit: usize) -> Vec<Match> {
        let (top, scored) = self.top(a, topic, limit);
        // The fields filling the list, worked out once for all the regions filling it.
        let fields = if scored < top.len() { self.fill_asks(a) } else { Default::default() };
        top.into_iter()
            .enumerate()
            .map(|(k, (b, breakdown))| {
                let fills = k >= scored;
                let (reasons, evidence, answered) = match fills {
                    true => fill::explain(self, (a, b), &fields),
                    false => reasons::explain(self, a, b, topic),
                };
                Match { index: b, score: breakdown.total(), breakdown, reasons, evidence, answered, fills }
            })
            .collect()
    }

    /// How many of `found` (`a`'s partners, as ranked), first, answer something `a` seeks:
    /// the first tier, to be shown apart from the rest, whose points are all bonuses (a lower
    /// score above a higher one would read as a mistake). All of them with a topic chosen;
    /// for a region that seeks nothing, all those matched by its fields, in one order, before
    /// any that fill its list ([`same_fields_from`]).
    pub fn answering(&self, a: usize, topic: Option<TopicId>, found: &[Match]) -> usize {
        if topic.is_some() {
            return found.len();
        }
        if self.by_own_fields(a, topic) {
            return same_fields_from(found);
        }
        found.iter().take_while(|m| m.answers()).count()
    }

    fn top(&self, a: usize, topic: Option<TopicId>, limit: usize) -> (Vec<(usize, Breakdown)>, usize) {
        self.top_with(
            &mut scoring::Scratch::new(self.regions.len(), self.their_asks.len(), self.postings.idf.len()),
            a,
            topic,
            limit,
            true,
        )
    }

    /// Networks both belong to that most regions answering do not hold.
    fn shared_networks(&self, a: usize, b: usize) -> Vec<NetworkId> {
        let both = self.rare_held_by_both(a, b);
        NetworkId::all().filter(|n| both >> n.index() & 1 == 1).collect()
    }
}

#[cfg(test)]
mod meaning_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod update_tests;
