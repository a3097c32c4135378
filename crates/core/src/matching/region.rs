//! What partner finding knows of one region, worked out from its profile alone (on every
//! core), so that an updated matcher shares it with the old one while the region does not
//! change.

use std::sync::Arc;

use super::asks::{self, Ask};
use super::evidence::evidence_with;
use super::facts::Facts;
use super::units::{self, Unit};
use super::{retrieval, terms, unit_index, RegionEvidence};
use crate::model::Profile;

/// What partner finding knows of one region: worked out from its profile alone, so that an
/// updated matcher shares it with the old one while the region does not change.
pub(super) struct Region {
    /// The profile it was read from: its units' words are read there when quoted.
    pub(super) profile: super::Shared,
    pub(super) code: crate::NutsCode,
    pub(super) facts: Facts,
    pub(super) edition: u16,
    pub(super) units: Vec<units::Stored>,
    /// Its units by term.
    pub(super) unit_terms: unit_index::UnitTerms,
    pub(super) asks: Vec<Ask>,
    /// Its asks' terms by number, for their queries.
    pub(super) ask_terms: Vec<retrieval::AskTerms>,
    /// The networks and infrastructures it seeks, as tags.
    pub(super) seeks_networks: Vec<String>,
    /// For each, the tags of what it stands for (S3P4PM: an S3 partnership, `s3_platform`).
    pub(super) seeks_cover: Vec<Vec<String>>,
    pub(super) topics: RegionEvidence,
    /// The fields it works in, each with whether evidence at least a policy statement shows
    /// it ([`own_fields`]). When it names no field or network it seeks, the matcher matches
    /// it by those that single regions out (`Matcher::own_fields`); else a short list of its
    /// partners is filled by them (`Matcher::fill_fields`).
    pub(super) own_fields: Vec<(crate::vocab::TopicId, bool)>,
    /// The terms (`#t:` tags, by number, ascending) of the fields it works in: of equally
    /// good evidence for its asks, a reason quotes the one in these.
    pub(super) field_terms: Box<[u32]>,
    /// The terms (by number, ascending) that units showing no experience of its own hold
    /// ([`units::UnitKind::shows_experience`]), each with the greatest weight it has in a unit
    /// that shows experience (0 if none) and in one that does not: what an ask answered by
    /// words is answered with, read without scoring every unit.
    pub(super) no_experience: Box<[(u32, f32, f32)]>,
    /// Networks it belongs to, and membership questions it answered (bits by network).
    pub(super) held: u32,
    pub(super) answered: u32,
}

impl Region {
    pub(super) fn of(shared: &super::Shared) -> Region {
        let p: &Profile = (**shared).as_ref();
        let read = units::units(p);
        let rich: Vec<Unit> = read.iter().map(|(u, _)| u.clone()).collect();
        let unit_terms = retrieval::unit_terms(&rich);
        let no_experience = no_experience(&unit_terms, &rich);
        let units = read.iter().map(|(u, n)| units::Stored::of(u, *n)).collect();
        let mut asks = asks::asks(p);
        // Kept for the matcher's life: lists at their length, not at what growing them left.
        asks.shrink_to_fit();
        for a in &mut asks {
            a.terms.shrink_to_fit();
        }
        let mut topics = evidence_with(p, &read);
        topics.strengths.shrink_to_fit();
        topics.seeks.shrink_to_fit();
        let mut seeks_networks: Vec<String> =
            asks.iter().filter_map(|x| x.tag()).filter(|t| t.starts_with("#e:")).map(String::from).collect();
        // Each once, in the order the answer names them (the reasons say them in that order).
        let mut seen = std::collections::HashSet::new();
        seeks_networks.retain(|t| seen.insert(t.clone()));
        let seeks_cover = seeks_networks
            .iter()
            .map(|t| terms::entity(t).into_iter().flat_map(terms::covering).map(terms::Entity::tag).collect())
            .collect();
        let (mut held, mut answered) = (0u32, 0u32);
        for m in &p.memberships {
            if m.answer != crate::model::MembershipAnswer::Unanswered {
                answered |= 1 << m.network.index();
            }
            if m.answer.is_member() && m.network.def().names_networks {
                held |= 1 << m.network.index();
            }
        }
        // A 2021 page lists only the memberships held: one it leaves out is not held, and
        // every question is answered (else a network half of those pages list would look
        // held by all who answer, and never rare).
        if lists_held_only(p) {
            answered = crate::vocab::NetworkId::all().fold(answered, |acc, n| acc | 1 << n.index());
        }
        let own_fields = own_fields(&topics);
        let mut field_terms: Vec<u32> =
            topics.strengths.iter().map(|s| terms::intern(&format!("#t:{}", s.topic.id()))).collect();
        field_terms.sort_unstable();
        field_terms.dedup();
        Region {
            own_fields,
            field_terms: field_terms.into(),
            no_experience,
            profile: shared.clone(),
            code: p.code,
            facts: Facts::of(p),
            edition: p.origin.edition.map_or(0, |e| e.year),
            seeks_networks,
            seeks_cover,
            ask_terms: asks.iter().map(retrieval::AskTerms::of).collect(),
            asks,
            units,
            unit_terms: unit_index::UnitTerms::new(&unit_terms),
            topics,
            held,
            answered,
        }
    }

    /// The profile it was read from.
    pub(super) fn profile(&self) -> &Profile {
        (*self.profile).as_ref()
    }

    pub(super) fn name(&self) -> &str {
        self.profile().name.as_str()
    }
}

/// Whether a profile's memberships are a list of those held (a 2021 page's), not answers to
/// each question.
fn lists_held_only(p: &crate::Profile) -> bool {
    let y2021 = p.origin.edition.is_some_and(|e| e.layout == Some(crate::origin::Layout::Y2021));
    y2021 && !p.memberships.is_empty()
}

/// The fields a region works in, strongest evidence first, then in the topic list's order,
/// each with whether its evidence is at least as strong as a policy or strategy statement (a
/// ticked topic or a code says too little to look for partners by, where more is shown).
fn own_fields(ev: &RegionEvidence) -> Vec<(crate::vocab::TopicId, bool)> {
    let min = super::UnitKind::Policy.grade();
    let mut best: Vec<(crate::vocab::TopicId, f32)> = Vec::new();
    for s in &ev.strengths {
        let g = s.kind.unit_kind().grade();
        match best.iter_mut().find(|(t, _)| *t == s.topic) {
            Some(b) => b.1 = b.1.max(g),
            None => best.push((s.topic, g)),
        }
    }
    best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    best.into_iter().map(|(t, g)| (t, g >= min)).collect()
}

/// What each profile gives, taken from `kept` where it has it, else worked out (on every
/// core: reading the units is most of a matcher's building).
pub(super) fn regions_of(
    profiles: &[super::Shared],
    kept: impl Fn(usize) -> Option<Arc<Region>> + Sync,
) -> Vec<Arc<Region>> {
    let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).max(1);
    let chunk = profiles.len().div_ceil(threads).max(1);
    let mut out: Vec<Option<Arc<Region>>> = vec![None; profiles.len()];
    std::thread::scope(|s| {
        for (ci, slot) in out.chunks_mut(chunk).enumerate() {
            let kept = &kept;
            s.spawn(move || {
                for (k, o) in slot.iter_mut().enumerate() {
                    let i = ci * chunk + k;
                    *o = Some(kept(i).unwrap_or_else(|| Arc::new(Region::of(&profiles[i]))));
                }
            });
        }
    });
    out.into_iter().map(|r| r.expect("every region worked out")).collect()
}

impl Region {
    /// The networks both seek cooperation through, each with what this one and the other
    /// name for it: one both name, or one that stands for what the other names ("S3
    /// partnerships" and "the S3P on personalised medicine": an S3 partnership; EP PerMed
    /// and ERA PerMed, which it builds on). Each once.
    pub(super) fn both_seek<'s>(&'s self, other: &'s Region) -> Vec<BothSeek<'s>> {
        let theirs = |t: &str| other.seeks_networks.iter().any(|y| y == t);
        let mut out: Vec<BothSeek> = Vec::new();
        for (x, cover) in self.seeks_networks.iter().zip(&self.seeks_cover) {
            let named = if theirs(x) {
                Some(BothSeek { through: x, mine: x, theirs: x })
            } else if let Some(k) = other.seeks_cover.iter().position(|c| c.contains(x)) {
                Some(BothSeek { through: x, mine: x, theirs: &other.seeks_networks[k] })
            } else {
                cover.iter().find(|c| theirs(c)).map(|c| BothSeek { through: c, mine: x, theirs: c })
            };
            if let Some(b) = named.filter(|b| !out.iter().any(|o| o.through == b.through)) {
                out.push(b);
            }
        }
        out
    }
}

/// A network two regions both seek cooperation through, and the tag each names for it.
pub(super) struct BothSeek<'s> {
    pub through: &'s str,
    pub mine: &'s str,
    pub theirs: &'s str,
}

/// [`Region::no_experience`], of its units' terms (sorted by term).
fn no_experience(unit_terms: &[(u32, u16, f32)], units: &[Unit]) -> Box<[(u32, f32, f32)]> {
    let mut out: Vec<(u32, f32, f32)> = Vec::new();
    for group in unit_terms.chunk_by(|x, y| x.0 == y.0) {
        let (mut shows, mut not) = (0.0f32, None::<f32>);
        for &(_, u, w) in group {
            if units[usize::from(u)].kind.shows_experience() {
                shows = shows.max(w);
            } else {
                not = Some(not.map_or(w, |n| n.max(w)));
            }
        }
        if let Some(not) = not {
            out.push((group[0].0, shows, not));
        }
    }
    out.into()
}
