//! Partner matchmaking: for a region, the regions whose strengths cover the fields it seeks
//! partners in, with the reasons as sentences citing the evidence.
//!
//! Evidence of a region's *strength* in a topic comes from its description, initiatives,
//! databases and biobanks, policy topics, classification codes and thematic networks (the
//! last three through `data/vocab/evidence-topics.csv`); what it *seeks* comes from its
//! collaboration answer. Topics are those of `data/vocab/topics.csv`, so synonyms meet
//! ("KI" = artificial intelligence).
//!
//! Evidence is text that names the topic (a measure's kind alone, a bare web address, or a
//! name with no topic word is none), graded: a dedicated initiative, biobank or database >
//! a policy topic > a classification code > a network membership > a word in the
//! description (and "personalised medicine", which every profile of a PM observatory names,
//! is no evidence at all).
//!
//! The score of candidate B for region A is the sum of four parts (see [`Breakdown`]):
//!
//! - shared interests: `W_COVER` for each topic A seeks where B has evidence other than a
//!   description word (a quarter of it for a description word only), a third more with two
//!   kinds of evidence — a field the asker names outweighs all the bonuses together;
//! - reciprocity: `W_RECIPROCAL` for each topic B seeks where A has evidence (at most 2);
//! - networks: `W_NETWORK` for each network both belong to that fewer than half the regions
//!   hold (at most 3);
//! - complementarity: `W_COMPLEMENT` for each matched topic where one side is in a higher
//!   scoreboard group than the other, or the other is sparsely populated (NSPA, or under
//!   [`SPARSE_DENSITY`] inhabitants/km²) or a mountain region.
//!
//! With a topic chosen, only regions with evidence for it are matches. A candidate with no
//! topic evidence either way is not a match. Ties go to the one with more evidence.

use crate::model::{MembershipAnswer, Profile};
use crate::topics::find_topics;
use crate::vocab::{vocab, NetworkId, TopicId};

/// Covering a topic the region seeks is what a partner is for: one such topic outweighs
/// every bonus below together (2 × 2 + 3 × 0.5 + 2 × 1 = 7.5 < 10).
pub const W_COVER: f32 = 10.0;
/// Interest both ways makes a collaboration likelier to happen.
pub const W_RECIPROCAL: f32 = 2.0;
/// Shared networks make cooperation easier, but are no reason on their own.
pub const W_NETWORK: f32 = 0.5;
/// A strong region with a less advanced or sparsely populated one in the same field.
pub const W_COMPLEMENT: f32 = 1.0;
/// The most the bonuses (reciprocity, networks, complementarity) and the tie-break add.
const MAX_BONUS: f32 = 2.0 * W_RECIPROCAL + 3.0 * W_NETWORK + 2.0 * W_COMPLEMENT + 0.01;
/// The EU's threshold for sparsely populated areas at NUTS 2 level (inhabitants per km²).
pub const SPARSE_DENSITY: f64 = 12.5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Database,
    Initiative,
    Code,
    PolicyTopic,
    Network,
    Description,
}

/// One piece of evidence that a region works on a topic, with the text it rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub topic: TopicId,
    pub kind: EvidenceKind,
    pub text: String,
}

impl EvidenceKind {
    /// How strong this kind of evidence is, strongest 4.
    pub fn grade(self) -> u8 {
        match self {
            EvidenceKind::Database | EvidenceKind::Initiative => 4,
            EvidenceKind::PolicyTopic => 3,
            EvidenceKind::Code => 2,
            EvidenceKind::Network => 1,
            EvidenceKind::Description => 0,
        }
    }

    /// The grade as a reader sees it.
    pub fn grade_label(self) -> &'static str {
        match self.grade() {
            4 => "strong evidence",
            3 | 2 => "good evidence",
            1 => "some evidence",
            _ => "weak evidence",
        }
    }
}

impl Evidence {
    /// "lists “Integrierte Biobank Jena” among its databases and biobanks (strong evidence)":
    /// what follows the region's name in a sentence.
    pub fn phrase(&self) -> String {
        let what = match self.kind {
            EvidenceKind::Database => {
                format!("lists “{}” among its support measures, databases and biobanks", self.text)
            }
            EvidenceKind::Initiative => format!("names it in its initiatives: “{}”", self.text),
            EvidenceKind::Code => format!("has the code {}", self.text),
            EvidenceKind::PolicyTopic => format!("covers it in its policies: “{}”", self.text),
            EvidenceKind::Network => format!("is a member of {}", self.text),
            EvidenceKind::Description => format!("mentions it in its description: “{}”", self.text),
        };
        format!("{what} ({})", self.kind.grade_label())
    }
}

impl Evidence {
    /// The section of the profile page it stands in (its heading's id).
    pub fn section(&self) -> &'static str {
        match self.kind {
            EvidenceKind::Description => "about-h",
            EvidenceKind::Initiative => "init-h",
            EvidenceKind::Database | EvidenceKind::PolicyTopic => "policy-h",
            EvidenceKind::Code => "codes-h",
            EvidenceKind::Network => "members-h",
        }
    }

    /// The quote split around the words that name the topic: (before, words, after).
    pub fn marked(&self) -> (&str, &str, &str) {
        let words = find_topics(std::iter::once(self.text.as_str()))
            .into_iter()
            .find(|m| m.topic == self.topic)
            .map(|m| m.as_written.to_string());
        // The words were found in this very text, as written.
        let at = words.as_deref().and_then(|w| self.text.find(w).map(|i| (i, w.len())));
        match at {
            Some((i, n)) => (&self.text[..i], &self.text[i..i + n], &self.text[i + n..]),
            _ => (self.text.as_str(), "", ""),
        }
    }
}

/// A web address alone says nothing of a topic.
/// (A name that is also a domain, "BBMRI.it", is a name; "ris.slaskie.pl" is an address.)
fn bare_url(s: &str) -> bool {
    let url = |w: &str| w.contains("://") || w.starts_with("www.") || w.contains('/') || w.matches('.').count() >= 2;
    let t = s.trim();
    !t.is_empty() && t.split_whitespace().all(url)
}

/// What a region seeks and what it is strong in, by topic.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RegionEvidence {
    /// Topics it seeks partners in, with the words it used.
    pub seeks: Vec<(TopicId, String)>,
    /// Networks it seeks cooperation through ("through networks such as S3P on PM").
    pub seeks_networks: Vec<NetworkId>,
    pub strengths: Vec<Evidence>,
    /// Networks it belongs to, or names in its description or initiatives, with the text.
    pub in_networks: Vec<(NetworkId, String)>,
    /// Countries it names as wished partners (NUTS country codes), with the words it used.
    pub wants_countries: Vec<(String, String)>,
}

impl RegionEvidence {
    pub fn for_topic(&self, t: TopicId) -> impl Iterator<Item = &Evidence> {
        self.strengths.iter().filter(move |e| e.topic == t)
    }
}

fn mapped(scheme: &str, key: &str) -> Vec<TopicId> {
    vocab().evidence_topics.get(&(scheme.to_string(), key.to_string())).cloned().unwrap_or_default()
}

/// Collects a profile's evidence.
pub fn evidence(p: &Profile) -> RegionEvidence {
    let mut ev = RegionEvidence::default();
    if let Some(c) = &p.collaboration {
        ev.seeks = c.topics.iter().map(|t| (t.topic, t.as_written.to_string())).collect();
        // "The region would like to collaborate with: USA, Germany, Belgium, UK"
        let v = vocab();
        for written in &c.partners {
            let f = crate::text::fold(written.as_str());
            let code = v.countries.iter().find(|(_, name)| crate::text::fold(name) == f).map(|(code, _)| code.clone());
            let code = code.or_else(|| match f.as_str() {
                "uk" | "united kingdom" | "great britain" => Some("UK".into()),
                _ => None,
            });
            if let Some(code) = code {
                ev.wants_countries.push((code, written.to_string()));
            }
        }
        ev.seeks_networks = c.texts().filter_map(crate::topics::network_named_in).collect();
        ev.seeks_networks.dedup();
    }
    for m in p.memberships.iter().filter(|m| m.answer.is_member()) {
        ev.in_networks.push((m.network, format!("is a member of {}", m.network.short())));
    }
    for (field, text) in p
        .description
        .iter()
        .map(|d| ("description", d.as_str()))
        .chain(p.initiatives.iter().map(|i| ("initiatives", i.name.as_str())))
    {
        if let Some(n) = crate::topics::network_named_in(text) {
            if !ev.in_networks.iter().any(|(x, _)| *x == n) {
                let shown: String = text.chars().take(120).collect();
                ev.in_networks.push((n, format!("names {} in its {field}: “{shown}”", n.short())));
            }
        }
    }
    // Evidence is text that names its topic: a code or a network mapped to a topic by the
    // table counts only when its own words say so (J.62 "Computer programming" is no AI).
    let mut add = |topic: TopicId, kind: EvidenceKind, text: String| {
        if bare_url(&text) || !find_topics(std::iter::once(text.as_str())).iter().any(|m| m.topic == topic) {
            return;
        }
        if !ev.strengths.iter().any(|e| e.topic == topic && e.kind == kind && e.text == text) {
            ev.strengths.push(Evidence { topic, kind, text });
        }
    };
    for d in &p.description {
        for m in find_topics(std::iter::once(d.as_str())) {
            add(m.topic, EvidenceKind::Description, m.as_written.to_string());
        }
    }
    for i in &p.initiatives {
        // Quoted as name and description, so the quote holds the words that name the topic.
        let text = match &i.description {
            Some(d) => format!("{} ({d})", i.name),
            None => i.name.to_string(),
        };
        for m in find_topics(std::iter::once(text.as_str())) {
            add(m.topic, EvidenceKind::Initiative, text.clone());
        }
    }
    for r in p.represented_in.iter().chain(&p.funding_programmes) {
        for m in find_topics(std::iter::once(r.text.as_str())) {
            add(m.topic, EvidenceKind::Initiative, r.text.to_string());
        }
    }
    // A support measure is evidence through what its detail names ("Integrierte Biobank
    // Jena"), never through its kind alone ("databases … (incl. biobanks) ris.slaskie.pl").
    for s in &p.support_measures {
        let Some(detail) = &s.detail else { continue };
        for m in find_topics(std::iter::once(detail.as_str())) {
            add(m.topic, EvidenceKind::Database, detail.to_string());
        }
    }
    for t in &p.policy_topics {
        for topic in t.topic.map(|x| mapped("policy_topic", x.id())).unwrap_or_default() {
            add(topic, EvidenceKind::PolicyTopic, t.text.to_string());
        }
    }
    for (scheme, codes) in [("nace", &p.nace), ("objective", &p.policy_objectives)] {
        for c in codes {
            let label = c.label.as_ref().map(|l| format!("{} {l}", c.code)).unwrap_or_else(|| c.code.clone());
            for topic in mapped(scheme, &c.code) {
                add(topic, EvidenceKind::Code, label.clone());
            }
        }
    }
    for m in &p.memberships {
        if m.answer == MembershipAnswer::Yes || m.answer == MembershipAnswer::CountryLevelMember {
            for topic in mapped("network", m.network.id()) {
                add(topic, EvidenceKind::Network, m.network.label().to_string());
            }
        }
    }
    ev
}

/// A region reduced to bit masks, so that scoring a pair is a handful of instructions.
#[derive(Clone, Copy, Debug, Default)]
struct Packed {
    seeks: u64,
    /// Topics with evidence of at least one kind, and of at least two kinds.
    strong1: u64,
    strong2: u64,
    /// Topics with evidence from a description word only, or that every region names.
    described: u64,
    /// Networks it seeks cooperation through, networks of the same field as those
    /// (`data/vocab/evidence-topics.csv`), and networks it is in (or names).
    seeks_networks: u32,
    related_networks: u32,
    in_networks: u32,
    networks: u32,
    /// Scoreboard group, 0 (Emerging) to 3 (Leader); -1 when unknown.
    level: i8,
    /// Sparsely populated (NSPA, or under the EU threshold) or a mountain region.
    remote: bool,
    /// How much evidence it has, for ties.
    evidence: u16,
    /// Its country, and the countries it names as wished partners, as bits of [`Countries`].
    country: u64,
    wants_countries: u64,
}

/// A bit per country of `data/countries.csv` (by its position in code order), the order
/// worked out once per matcher. A country past the 64th would get no bit (and never match)
/// rather than share one: there are 37.
struct Countries(Vec<&'static str>);

impl Countries {
    fn new() -> Countries {
        let mut codes: Vec<&'static str> = vocab().countries.keys().map(String::as_str).collect();
        codes.sort_unstable();
        Countries(codes)
    }

    fn bit(&self, code: &str) -> u64 {
        self.0.binary_search(&code).ok().filter(|&i| i < 64).map_or(0, |i| 1u64 << i)
    }
}

/// Networks (not territories or macro-regions) that make cooperation easier.
fn networks(p: &Profile) -> u32 {
    p.memberships
        .iter()
        .filter(|m| m.network.def().names_networks && m.answer.is_member())
        .fold(0, |acc, m| acc | 1 << m.network.index())
}

fn packed(p: &Profile, ev: &RegionEvidence, facts: &Facts, common: u32, countries: &Countries) -> Packed {
    let seeks = ev.seeks.iter().fold(0u64, |a, (t, _)| a | 1 << t.index());
    let (mut strong1, mut strong2, mut described) = (0u64, 0u64, 0u64);
    // Every profile of a PM observatory names personalised medicine: evidence of it is weak
    // whatever its kind.
    let everyone = TopicId::from_id("personalised_medicine");
    for t in TopicId::all() {
        if Some(t) == everyone {
            if ev.for_topic(t).next().is_some() {
                described |= 1 << t.index();
            }
            continue;
        }
        let mut kinds: Vec<EvidenceKind> =
            ev.for_topic(t).map(|e| e.kind).filter(|k| *k != EvidenceKind::Description).collect();
        kinds.sort();
        kinds.dedup();
        if !kinds.is_empty() {
            strong1 |= 1 << t.index();
        } else if ev.for_topic(t).next().is_some() {
            described |= 1 << t.index();
        }
        if kinds.len() >= 2 {
            strong2 |= 1 << t.index();
        }
    }
    Packed {
        seeks,
        strong1,
        strong2,
        described,
        networks: networks(p) & !common,
        seeks_networks: ev.seeks_networks.iter().fold(0, |a, n| a | 1 << n.index()),
        related_networks: ev.seeks_networks.iter().fold(0, |a, n| a | related_networks(*n)),
        in_networks: ev.in_networks.iter().fold(0, |a, (n, _)| a | 1 << n.index()),
        level: facts.level.map_or(-1, |l| l as i8),
        remote: facts.sparse.is_some() || facts.mountain,
        evidence: ev.strengths.iter().map(|e| u16::from(e.kind.grade())).sum(),
        country: countries.bit(p.code.country()),
        wants_countries: ev.wants_countries.iter().fold(0, |a, (c, _)| a | countries.bit(c)),
    }
}

/// The facts a complementarity claim rests on.
struct Facts {
    level: Option<u8>,
    group: Option<String>,
    density: Option<f64>,
    /// Why the region counts as sparsely populated, when it does.
    sparse: Option<String>,
    mountain: bool,
}

impl Facts {
    fn of(p: &Profile) -> Facts {
        let primary = p.key_figures.innovation.as_ref().and_then(|i| i.primary());
        let yes = |id: &str| {
            NetworkId::from_id(id).and_then(|n| p.membership(n)).is_some_and(|m| m.answer == MembershipAnswer::Yes)
        };
        let density = p.key_figures.density.as_ref().map(|d| d.value);
        let sparse = if yes("nspa") {
            Some("a member of the Northern Sparsely Populated Areas".to_string())
        } else {
            density
                .filter(|d| *d < SPARSE_DENSITY)
                .map(|d| format!("sparsely populated ({} inhabitants per km², under the EU's {SPARSE_DENSITY})", d))
        };
        Facts {
            level: primary.map(|g| g.rank() / 3),
            group: primary.map(|g| g.to_string()),
            density,
            sparse,
            mountain: yes("mountain"),
        }
    }

    /// "Strong + innovator, 37 inhabitants/km²"
    fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = &self.group {
            parts.push(format!("{g} innovator"));
        }
        if let Some(d) = self.density {
            parts.push(format!("{d} inhabitants/km²"));
        }
        if parts.is_empty() {
            "no key figures".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The networks of the same field as `n` (by their evidence topic), `n` included.
fn related_networks(n: NetworkId) -> u32 {
    let topics = mapped("network", n.id());
    NetworkId::all()
        .filter(|m| mapped("network", m.id()).iter().any(|t| topics.contains(t)))
        .fold(1 << n.index(), |a, m| a | 1 << m.index())
}

/// Networks that more than half the regions hold say nothing about a pair.
fn common_networks(profiles: &[&Profile]) -> u32 {
    let mut counts = [0usize; 32];
    for p in profiles {
        let n = networks(p);
        for (i, c) in counts.iter_mut().enumerate() {
            *c += ((n >> i) & 1) as usize;
        }
    }
    (0..32).filter(|&i| counts[i] * 2 > profiles.len().max(2)).fold(0, |acc, i| acc | 1 << i)
}

/// What a score is made of, in points.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Breakdown {
    /// Topics the asking region seeks where the candidate has evidence.
    pub shared_interests: f32,
    /// Topics the candidate seeks where the asking region has evidence.
    pub reciprocity: f32,
    /// Networks both belong to (that most regions do not).
    pub networks: f32,
    /// A more advanced region with a less advanced, sparsely populated or mountain one.
    pub complementarity: f32,
}

impl Breakdown {
    pub fn total(&self) -> f32 {
        self.shared_interests + self.reciprocity + self.networks + self.complementarity
    }
}

#[inline]
fn cover(seeks: u64, other: &Packed) -> f32 {
    let real = (seeks & other.strong1).count_ones() as f32;
    let two = (seeks & other.strong2).count_ones() as f32;
    let words = (seeks & other.described).count_ones() as f32;
    real + two / 3.0 + words / 4.0
}

/// Networks the asker seeks cooperation through that the other is in: each as a field
/// covered; a network of the same field instead, half of that.
#[inline]
fn network_cover(a: &Packed, b: &Packed) -> f32 {
    let named = (a.seeks_networks & b.in_networks).count_ones() as f32;
    let related = (a.related_networks & !a.seeks_networks & b.in_networks) != 0;
    named + if named == 0.0 && related { 0.5 } else { 0.0 }
}

/// B can bring experience to A: a higher group, or A is remote and B at least as advanced.
#[inline]
fn lifts(b: &Packed, a: &Packed) -> bool {
    (b.level > a.level && a.level >= 0) || (a.remote && b.level >= 2)
}

#[inline]
fn breakdown(a: &Packed, b: &Packed, seeks_a: u64) -> Breakdown {
    let shared_interests = W_COVER * cover(seeks_a, b);
    // A country the asker names as a wished partner, or that names the asker's, counts as
    // interest both ways would.
    let named = u32::from(a.wants_countries & b.country != 0) + u32::from(b.wants_countries & a.country != 0);
    let reciprocity = W_RECIPROCAL * ((b.seeks & a.strong1).count_ones() + named).min(2) as f32;
    if shared_interests == 0.0 && reciprocity == 0.0 {
        return Breakdown::default();
    }
    let networks = W_NETWORK * (a.networks & b.networks).count_ones().min(3) as f32;
    let a_gets = (seeks_a & b.strong1).count_ones().min(2) as f32;
    let b_gets = (b.seeks & a.strong1).count_ones().min(2) as f32;
    let complementarity = W_COMPLEMENT * (a_gets * f32::from(lifts(b, a)) + b_gets * f32::from(lifts(a, b))).min(2.0);
    Breakdown { shared_interests, reciprocity, networks, complementarity }
}

/// A partner for a region, with the reasons.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Match {
    pub index: usize,
    pub score: f32,
    pub breakdown: Breakdown,
    pub reasons: Vec<String>,
    /// The evidence the reasons cite: the candidate's for what the asker seeks, strongest first.
    pub evidence: Vec<Evidence>,
}

/// A match as the CLI (`pmatlas match --json`) and the JSON API write it.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct MatchOut<'a> {
    pub code: crate::NutsCode,
    pub name: &'a crate::Text,
    pub score: f32,
    /// What the score is made of, in points (see the module documentation).
    pub breakdown: Breakdown,
    pub reasons: &'a [String],
    pub evidence: &'a [Evidence],
}

impl Match {
    /// The match for writing out; `profile` is the matched region's.
    pub fn out<'a>(&'a self, profile: &'a Profile) -> MatchOut<'a> {
        MatchOut {
            code: profile.code,
            name: &profile.name,
            score: self.score,
            breakdown: self.breakdown,
            reasons: &self.reasons,
            evidence: &self.evidence,
        }
    }
}

/// What a reason sentence needs of a region.
struct Info {
    code: crate::NutsCode,
    name: String,
    facts: Facts,
}

/// The matchmaking index over a set of profiles (positions as given). Owns what it needs,
/// so a read view can keep one beside its snapshot.
///
/// After a write it is updated ([`Matcher::updated`]): the evidence of unchanged regions,
/// the costly part, is shared with the old matcher.
pub struct Matcher {
    /// The codes apart from the rest of `info`: the all-pairs loop reads only these.
    codes: Vec<crate::NutsCode>,
    info: Vec<std::sync::Arc<Info>>,
    evidence: Vec<std::sync::Arc<RegionEvidence>>,
    packed: Vec<Packed>,
    /// Networks most regions hold ([`common_networks`]): left out of `packed`.
    common: u32,
}

impl Matcher {
    pub fn new(profiles: &[&Profile]) -> Matcher {
        Matcher::assemble(profiles, |_| None)
    }

    /// A matcher over `profiles` that takes what `kept(i)` names (a position of `self`
    /// holding the same profile as position `i`) from `self`, and works out the rest.
    fn assemble<'a>(profiles: &[&Profile], kept: impl Fn(usize) -> Option<(&'a Matcher, usize)>) -> Matcher {
        let common = common_networks(profiles);
        let countries = Countries::new();
        let mut m = Matcher {
            codes: profiles.iter().map(|p| p.code).collect(),
            info: Vec::with_capacity(profiles.len()),
            evidence: Vec::with_capacity(profiles.len()),
            packed: Vec::with_capacity(profiles.len()),
            common,
        };
        for (i, p) in profiles.iter().enumerate() {
            match kept(i) {
                Some((old, o)) => {
                    m.evidence.push(old.evidence[o].clone());
                    m.info.push(old.info[o].clone());
                    // Packed without the common networks: still right while they are the same.
                    m.packed.push(if old.common == common {
                        old.packed[o]
                    } else {
                        packed(p, &old.evidence[o], &old.info[o].facts, common, &countries)
                    });
                }
                None => {
                    let ev = evidence(p);
                    let facts = Facts::of(p);
                    m.packed.push(packed(p, &ev, &facts, common, &countries));
                    m.evidence.push(std::sync::Arc::new(ev));
                    m.info.push(std::sync::Arc::new(Info { code: p.code, name: p.name.to_string(), facts }));
                }
            }
        }
        m
    }

    /// This matcher after `changes`, over the new list `profiles`: the same as
    /// [`Matcher::new`] over them, with the evidence of the regions that did not change
    /// taken from this one.
    pub fn updated(&self, profiles: &[&Profile], changes: &[crate::changes::Change<'_>]) -> Matcher {
        let from = crate::changes::old_positions(profiles.len(), changes);
        let touched = crate::changes::touched(profiles.len(), changes);
        Matcher::assemble(profiles, |i| from[i].filter(|_| !touched[i]).map(|o| (self, o)))
    }

    pub fn len(&self) -> usize {
        self.info.len()
    }

    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    pub fn evidence(&self, i: usize) -> &RegionEvidence {
        &self.evidence[i]
    }

    /// What the score of `b` as a partner for `a` is made of (optionally for one topic
    /// only: then a region with no evidence for it is no match).
    pub fn breakdown(&self, a: usize, b: usize, topic: Option<TopicId>) -> Breakdown {
        let (pa, pb) = (&self.packed[a], &self.packed[b]);
        match topic {
            Some(t) if (pb.strong1 | pb.described) & (1 << t.index()) == 0 => Breakdown::default(),
            Some(t) => breakdown(pa, pb, 1 << t.index()),
            None => {
                let mut b = breakdown(pa, pb, pa.seeks);
                let networks = W_COVER * network_cover(pa, pb);
                if networks > 0.0 && b.total() == 0.0 {
                    b.networks = W_NETWORK * (pa.networks & pb.networks).count_ones().min(3) as f32;
                }
                b.shared_interests += networks;
                b
            }
        }
    }

    /// The score of `b` as a partner for `a`, with a hundredth of a point per grade of `b`'s
    /// evidence at most, so that ties go to the one with more evidence.
    pub fn score(&self, a: usize, b: usize, topic: Option<TopicId>) -> f32 {
        let total = self.breakdown(a, b, topic).total();
        if total == 0.0 {
            return 0.0;
        }
        total + f32::from(self.packed[b].evidence.min(99)) / 10_000.0
    }

    /// The best partners of `a`, best first, with reasons.
    pub fn partners(&self, a: usize, topic: Option<TopicId>, limit: usize) -> Vec<Match> {
        let top = self.top(a, topic, limit);
        top.into_iter()
            .map(|(b, score)| Match {
                index: b,
                score,
                breakdown: self.breakdown(a, b, topic),
                reasons: self.reasons(a, b, topic),
                evidence: self.cited(a, b, topic),
            })
            .collect()
    }

    fn top(&self, a: usize, topic: Option<TopicId>, limit: usize) -> Vec<(usize, f32)> {
        let mut best: Vec<(usize, f32)> = Vec::with_capacity(limit + 1);
        let pa = &self.packed[a];
        let seeks = topic.map_or(pa.seeks, |t| 1 << t.index());
        let networks = if topic.is_none() { pa.seeks_networks | pa.related_networks } else { 0 };
        for (b, pb) in self.packed.iter().enumerate() {
            // Most pairs share nothing: two masks tell, before any arithmetic.
            let any = (seeks & (pb.strong1 | pb.described))
                | (pb.seeks & pa.strong1)
                | u64::from(networks & pb.in_networks)
                | (pa.wants_countries & pb.country)
                | (pb.wants_countries & pa.country);
            if any == 0 || b == a || self.codes[b] == self.codes[a] {
                continue;
            }
            // A full list: skip a candidate whose best possible score cannot enter it.
            if best.len() == limit {
                let fields =
                    (seeks & (pb.strong1 | pb.described)).count_ones() + (networks & pb.in_networks).count_ones();
                if W_COVER * fields as f32 * (4.0 / 3.0) + MAX_BONUS <= best[limit - 1].1 {
                    continue;
                }
            }
            let s = self.score(a, b, topic);
            if s <= 0.0 || (best.len() == limit && s <= best[limit - 1].1) {
                continue;
            }
            let at = best.partition_point(|&(_, x)| x >= s);
            best.insert(at, (b, s));
            best.truncate(limit);
        }
        best
    }

    /// The top `limit` partners of every region, using every core. Returns (partner, score).
    pub fn all_top(&self, limit: usize) -> Vec<Vec<(usize, f32)>> {
        let n = self.packed.len();
        let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).min(n.max(1));
        let chunk = n.div_ceil(threads.max(1)).max(1);
        let mut out: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
        std::thread::scope(|s| {
            for (ci, slot) in out.chunks_mut(chunk).enumerate() {
                s.spawn(move || {
                    for (k, o) in slot.iter_mut().enumerate() {
                        *o = self.top(ci * chunk + k, None, limit);
                    }
                });
            }
        });
        out
    }

    /// The evidence region `i` shows of working on `topic`.
    pub fn topic_evidence(&self, i: usize, topic: TopicId) -> Vec<&Evidence> {
        self.evidence[i].for_topic(topic).collect()
    }

    /// Regions with evidence of working on `topic`, most evidence first.
    pub fn working_on(&self, topic: TopicId) -> Vec<(usize, Vec<&Evidence>)> {
        let mut v: Vec<(usize, Vec<&Evidence>)> = (0..self.info.len())
            .map(|i| (i, self.evidence[i].for_topic(topic).collect::<Vec<_>>()))
            .filter(|(_, e)| !e.is_empty())
            .collect();
        v.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(self.info[x.0].code.cmp(&self.info[y.0].code)));
        v
    }

    /// The evidence `b` shows for what `a` seeks (or for `topic`), strongest first, two per topic.
    pub fn cited(&self, a: usize, b: usize, topic: Option<TopicId>) -> Vec<Evidence> {
        let topics: Vec<TopicId> = match topic {
            Some(t) => vec![t],
            None => self.evidence[a].seeks.iter().map(|(t, _)| *t).collect(),
        };
        let mut out = Vec::new();
        for t in topics {
            let mut v: Vec<&Evidence> = self.evidence[b].for_topic(t).collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.kind.grade()));
            out.extend(v.into_iter().take(2).cloned());
        }
        out
    }

    /// Why `b` fits `a`, as sentences naming their subject, strongest evidence first, one
    /// sentence per topic.
    pub fn reasons(&self, a: usize, b: usize, topic: Option<TopicId>) -> Vec<String> {
        let (pa, pb) = (&self.info[a], &self.info[b]);
        let (ea, eb) = (&self.evidence[a], &self.evidence[b]);
        let mut out = Vec::new();
        let best = |ev: &RegionEvidence, t: TopicId| -> Vec<String> {
            let mut v: Vec<&Evidence> = ev.for_topic(t).collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.kind.grade()));
            v.into_iter().take(2).map(Evidence::phrase).collect()
        };
        let sought: Vec<(TopicId, String)> = match topic {
            Some(t) => match ea.seeks.iter().find(|(x, _)| *x == t) {
                Some(s) => vec![s.clone()],
                None => {
                    out.push(format!(
                        "{} does not list {} among its interests; {} is active in it.",
                        pa.name,
                        t.label().to_lowercase(),
                        pb.name
                    ));
                    vec![(t, String::new())]
                }
            },
            None => ea.seeks.clone(),
        };
        for (t, written) in &sought {
            let evidence = best(eb, *t);
            if evidence.is_empty() {
                continue;
            }
            let seeks = if written.is_empty() {
                format!("In {}", t.label().to_lowercase())
            } else if written.eq_ignore_ascii_case(t.label()) {
                format!("{} seeks {}", pa.name, t.label().to_lowercase())
            } else {
                format!("{} seeks {} (“{written}”)", pa.name, t.label().to_lowercase())
            };
            out.push(format!("{seeks}: {} {}.", pb.name, evidence.join("; and ")));
        }
        for (t, written) in eb.seeks.iter().take(2) {
            if let Some(e) = best(ea, *t).into_iter().next() {
                let how =
                    if written.eq_ignore_ascii_case(t.label()) { String::new() } else { format!(" (“{written}”)") };
                out.push(format!(
                    "{} seeks {}{how}, where {} is active: {} {e}.",
                    pb.name,
                    t.label().to_lowercase(),
                    pa.name,
                    pa.name
                ));
            }
        }
        if topic.is_none() {
            for n in &ea.seeks_networks {
                if let Some((_, how)) = eb.in_networks.iter().find(|(x, _)| x == n) {
                    out.push(format!("{} seeks cooperation through {}: {} {how}.", pa.name, n.short(), pb.name));
                } else if let Some((_, how)) =
                    eb.in_networks.iter().find(|(x, _)| related_networks(*n) & (1 << x.index()) != 0)
                {
                    out.push(format!(
                        "{} seeks cooperation through networks such as {}: {} {how}, a network of the same field.",
                        pa.name,
                        n.short(),
                        pb.name
                    ));
                }
            }
        }
        let country = |code: crate::NutsCode| vocab().country_name(code.country()).unwrap_or("").to_string();
        for (c, written) in &ea.wants_countries {
            if c == pb.code.country() {
                out.push(format!(
                    "{} would like to collaborate with {written}: {} is in {}.",
                    pa.name,
                    pb.name,
                    country(pb.code)
                ));
            }
        }
        for (c, written) in &eb.wants_countries {
            if c == pa.code.country() {
                out.push(format!("{} would like to collaborate with {written}, where {} is.", pb.name, pa.name));
            }
        }
        let shared: Vec<&str> = NetworkId::all()
            .filter(|n| (self.packed[a].networks & self.packed[b].networks) & (1 << n.index()) != 0)
            .map(|n| n.short())
            .collect();
        if !shared.is_empty() {
            out.push(format!("{} and {} are both members of {}.", pa.name, pb.name, shared.join(", ")));
        }
        let (ka, kb) = (&self.packed[a], &self.packed[b]);
        let facts = format!("{}: {} ({}: {})", pb.name, pb.facts.summary(), pa.name, pa.facts.summary());
        if lifts(kb, ka) && (ka.seeks & kb.strong1) != 0 {
            out.push(format!("{facts}. {}", self.why_lift(pb, pa)));
        } else if lifts(ka, kb) && (kb.seeks & ka.strong1) != 0 {
            out.push(format!("{facts}. {}", self.why_lift(pa, pb)));
        }
        out
    }

    /// The fact that makes `hi` a region that can bring experience to `lo`, said plainly.
    fn why_lift(&self, hi: &Info, lo: &Info) -> String {
        match (hi.facts.level, lo.facts.level) {
            (Some(h), Some(l)) if h > l => format!(
                "{} is in a higher group of the Regional Innovation Scoreboard than {}, and can bring experience in a field {} seeks.",
                hi.name, lo.name, lo.name
            ),
            _ => {
                let what = lo.facts.sparse.clone().unwrap_or_else(|| "a mountain region".to_string());
                format!("{} is {what}; {} can bring experience in a field it seeks.", lo.name, hi.name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;

    fn seed() -> Profile {
        crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
    }

    fn region(code: &str, name: &str, seeks: Option<&str>, description: &str) -> Profile {
        let mut p = Profile::new(crate::NutsCode::parse(code).unwrap(), Text::new(name).unwrap());
        p.description = Text::new(description).into_iter().collect();
        if let Some(s) = seeks {
            p.collaboration = Some(crate::Collaboration::new(Some(true), Text::new(s), vec![], vec![]));
        }
        p
    }

    #[test]
    fn an_updated_matcher_matches_as_a_new_one() {
        use crate::changes::Change;
        let mut all = vec![seed()];
        all.extend(crate::synth::profiles(150, 3));
        all.sort_by_key(|p| p.code);
        let before: Vec<Profile> =
            all.iter().enumerate().filter(|(i, _)| i % 37 != 5).map(|(_, p)| p.clone()).collect();
        let mut after = all.clone();
        // Every region joins ERRIN (so the networks most regions hold change), and one region
        // takes Thuringia's interests.
        let errin = NetworkId::from_id("errin").unwrap();
        let thuringia = all.iter().position(|p| p.code.as_str() == "DEG").unwrap();
        let changed: Vec<usize> = (0..all.len()).filter(|i| i % 37 != 5 && i % 2 == 0).collect();
        for &i in &changed {
            after[i].memberships.retain(|m| m.network != errin);
            after[i].memberships.push(crate::Membership { network: errin, answer: MembershipAnswer::Yes, note: None });
        }
        let other = (thuringia + 1) % all.len();
        after[other].collaboration = all[thuringia].collaboration.clone();
        let mut changes: Vec<Change> =
            (0..all.len()).filter(|i| i % 37 == 5).map(|at| Change::Inserted { at }).collect();
        let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
        let mut replaced = changed.clone();
        if !replaced.contains(&other) {
            replaced.push(other);
        }
        changes.extend(replaced.iter().map(|&at| Change::Replaced { at, old: old_of(at) }));
        let old = Matcher::new(&before.iter().collect::<Vec<_>>());
        let refs: Vec<&Profile> = after.iter().collect();
        let updated = old.updated(&refs, &changes);
        let fresh = Matcher::new(&refs);
        assert_ne!(old.common, fresh.common, "the common networks changed");
        for (a, p) in after.iter().enumerate() {
            let got: Vec<(usize, f32, Vec<String>)> =
                updated.partners(a, None, 8).into_iter().map(|m| (m.index, m.score, m.reasons)).collect();
            let want: Vec<(usize, f32, Vec<String>)> =
                fresh.partners(a, None, 8).into_iter().map(|m| (m.index, m.score, m.reasons)).collect();
            assert_eq!(got, want, "partners of {}", p.code);
        }
    }

    #[test]
    fn thuringia_evidence() {
        let ev = evidence(&seed());
        let seeks: Vec<&str> = ev.seeks.iter().map(|(t, _)| t.id()).collect();
        assert_eq!(seeks, ["biophotonics", "biobanks", "artificial_intelligence", "e_health", "infectious_diseases"]);
        let has = |t: &str, k: EvidenceKind| ev.strengths.iter().any(|e| e.topic.id() == t && e.kind == k);
        assert!(has("biobanks", EvidenceKind::Database), "Integrierte Biobank Jena");
        assert!(has("artificial_intelligence", EvidenceKind::Code), "D.19");
        assert!(has("biophotonics", EvidenceKind::Code), "E.42");
        assert!(has("biophotonics", EvidenceKind::Description));
        assert!(has("medical_technology", EvidenceKind::Network), "S3MedTech yes");
    }

    #[test]
    fn ranking_properties() {
        let me = region("FI1D", "North Finland", Some("biobanks and artificial intelligence"), "");
        // Covers one sought topic.
        let one_way = region("SE22", "South Sweden", None, "A large biobank infrastructure.");
        // Covers the same topic and seeks what the first region is strong in.
        let mut recip = region("DK01", "Hovedstaden", Some("genomics"), "A large biobank infrastructure.");
        recip.key_figures.innovation = None;
        let mut me = me;
        me.initiatives = vec![crate::format::initiative(Some(1), "National Genome Centre").unwrap()];
        // No evidence for anything sought.
        let unrelated = region("PT11", "Norte", None, "Tourism and wine.");
        // Synonym: wrote KI, which is artificial intelligence.
        let synonym = region("DE21", "Oberbayern", None, "KI research and a biobanking network.");
        let ps = [&me, &one_way, &recip, &unrelated, &synonym];
        let m = Matcher::new(&ps);
        let result = m.partners(0, None, 10);
        let order: Vec<&str> = result.iter().map(|x| ps[x.index].code.as_str()).collect();
        assert_eq!(order[0], "DE21", "two sought topics covered, one through a synonym: {order:?}");
        let pos = |c: &str| order.iter().position(|x| *x == c);
        assert!(pos("DK01") < pos("SE22"), "reciprocal interest ranks higher: {order:?}");
        assert_eq!(pos("PT11"), None, "no evidence for any sought topic: not a match");
        let reasons = &result[0].reasons;
        assert!(
            reasons.iter().any(|r| r.contains("seeks artificial intelligence") && r.contains("“KI”")),
            "{reasons:?}"
        );
        let recip_reasons = &result[pos("DK01").unwrap()].reasons;
        assert!(recip_reasons.iter().any(|r| r.starts_with("Hovedstaden seeks genomics")), "{recip_reasons:?}");
    }

    #[test]
    fn shared_networks_and_complementarity_are_reasons() {
        let mut a = region("FI1D", "North Finland", Some("biobanks"), "");
        let mut b = region("DE21", "Oberbayern", None, "");
        b.initiatives = vec![crate::format::initiative(Some(1), "Bavarian Biobank Alliance").unwrap()];
        // Two more regions without the network: a network most regions hold says nothing.
        let c = region("PT11", "Norte", None, "Tourism.");
        let d = region("PT16", "Centro", None, "Wine.");
        for p in [&mut a, &mut b] {
            p.set_membership(crate::Membership {
                network: NetworkId::from_id("errin").unwrap(),
                answer: MembershipAnswer::Yes,
                note: None,
            });
        }
        a.set_membership(crate::Membership {
            network: NetworkId::from_id("nspa").unwrap(),
            answer: MembershipAnswer::Yes,
            note: None,
        });
        b.key_figures.innovation = Some(crate::Innovation {
            edition: Some(2021),
            groups: vec![crate::AreaGroup {
                area: None,
                group: crate::Group { tier: crate::Tier::Leader, modifier: None },
            }],
        });
        let ps = [&a, &b, &c, &d];
        let m = Matcher::new(&ps);
        let r = m.partners(0, None, 5);
        assert_eq!(r.len(), 1);
        let reasons = &r[0].reasons;
        assert!(
            reasons.contains(&"North Finland and Oberbayern are both members of ERRIN.".to_string()),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|x| x.starts_with("Oberbayern: Leader innovator (North Finland: no key figures).")
                && x.contains("North Finland is a member of the Northern Sparsely Populated Areas")),
            "{reasons:?}"
        );
        let b = r[0].breakdown;
        assert_eq!((b.shared_interests, b.networks, b.complementarity), (W_COVER, W_NETWORK, W_COMPLEMENT));
        assert!(r[0].score > W_COVER, "networks and complementarity add to the score");
    }

    #[test]
    fn topic_search_lists_evidence() {
        let s = seed();
        let other = region("MT00", "Malta", None, "Centre for Molecular Medicine and Biobanking.");
        let ps = [&s, &other];
        let m = Matcher::new(&ps);
        let who = m.working_on(TopicId::from_id("biobanks").unwrap());
        assert_eq!(who.len(), 2);
        assert!(who.iter().any(|(i, e)| *i == 0 && e.iter().any(|x| x.text == "Integrierte Biobank Jena")));
    }

    fn with_group(mut p: Profile, tier: crate::Tier, density: f64) -> Profile {
        p.key_figures.innovation = Some(crate::Innovation {
            edition: Some(2021),
            groups: vec![crate::AreaGroup { area: None, group: crate::Group { tier, modifier: None } }],
        });
        p.key_figures.density = Some(crate::Figure { value: density, year: None });
        p
    }

    #[test]
    fn a_url_or_a_measure_kind_alone_is_no_evidence() {
        let mut p = region("PL22", "Śląskie", None, "");
        for detail in ["ris.slaskie.pl", "https://ris.slaskie.pl/x", "University of Bergen"] {
            p.support_measures.push(crate::SupportMeasure {
                level: Some(crate::PolicyLevel::Regional),
                kind: crate::vocab::MeasureKind::all().find(|k| k.id() == "databases").unwrap(),
                detail: Text::new(detail),
            });
        }
        let ev = evidence(&p);
        assert!(ev.strengths.is_empty(), "{:?}", ev.strengths);
        p.support_measures[2].detail = Text::new("Biobank Norway");
        assert!(evidence(&p).strengths.iter().any(|e| e.topic.id() == "biobanks" && e.text == "Biobank Norway"));
    }

    #[test]
    fn complementarity_claims_rest_on_facts() {
        use crate::Tier::*;
        let asker = with_group(region("DEG", "Thuringia", Some("biobanks"), ""), Strong, 134.0);
        let biobank = |code: &str, name: &str| {
            let mut p = region(code, name, Some("biobanks"), "");
            p.initiatives = vec![crate::format::initiative(Some(1), "National Biobank").unwrap()];
            p
        };
        // Not below Thuringia's group, above the EU density threshold, outside NSPA.
        let etela = with_group(biobank("FI1C", "Etelä-Suomi"), Strong, 37.0);
        let estonia = with_group(biobank("EE", "Estonia"), Leader, 30.0);
        // Below it, and sparsely populated.
        let north = with_group(biobank("FI1D", "Pohjois- ja Itä-Suomi"), Moderate, 11.5);
        let mut asker = asker;
        asker.initiatives = vec![crate::format::initiative(Some(1), "Integrierte Biobank Jena").unwrap()];
        let ps = [&asker, &etela, &estonia, &north];
        let m = Matcher::new(&ps);
        for (i, name) in [(1, "Etelä-Suomi"), (2, "Estonia")] {
            for r in m.reasons(0, i, None) {
                assert!(!r.contains("less advanced") && !r.contains("sparsely"), "{name}: {r}");
                assert!(!r.contains(" or "), "no 'or' in a reason: {r}");
            }
        }
        let r = m.reasons(0, 3, None);
        assert!(
            r.iter().any(|x| x.contains("Pohjois- ja Itä-Suomi: Moderate innovator, 11.5 inhabitants/km² (Thuringia: Strong innovator, 134 inhabitants/km²)")),
            "{r:?}"
        );
    }

    #[test]
    fn a_topic_filter_returns_only_regions_with_evidence_for_it_and_reasons_name_their_subject() {
        let seed = seed();
        let infections = region("AT13", "Wien", Some("infectious diseases"), "");
        let mut genomics = region("EE", "Estonia", Some("biobanks"), "");
        genomics.initiatives = vec![crate::format::initiative(Some(1), "Estonian Genome Centre").unwrap()];
        let ps = [&seed, &infections, &genomics];
        let m = Matcher::new(&ps);
        let t = TopicId::from_id("genomics").unwrap();
        let found = m.partners(0, Some(t), 10);
        assert!(!found.is_empty());
        for f in &found {
            assert!(m.evidence(f.index).for_topic(t).next().is_some(), "{} has no genomics evidence", ps[f.index].name);
            assert!(
                f.reasons[0].starts_with("Thuringia does not list genomics among its interests"),
                "{:?}",
                f.reasons
            );
            for r in &f.reasons {
                assert!(!r.starts_with("It ") && !r.starts_with("it ") && !r.contains(". It "), "{r}");
            }
        }
    }

    #[test]
    fn named_countries_count_both_ways() {
        let mut grand_est = region("FRF", "Grand Est", None, "");
        grand_est.collaboration = Some(crate::Collaboration::new(
            Some(true),
            None,
            vec![],
            ["USA", "Germany", "Belgium", "UK"].iter().filter_map(|c| Text::new(c)).collect(),
        ));
        let saxony = region("DED", "Sachsen", None, "Tourism.");
        let norte = region("PT11", "Norte", None, "Tourism.");
        let ps = [&grand_est, &saxony, &norte];
        let m = Matcher::new(&ps);
        let found = m.partners(0, None, 5);
        assert_eq!(found.len(), 1, "Germany is named; Portugal is not");
        assert_eq!(ps[found[0].index].code.as_str(), "DED");
        assert!(found[0]
            .reasons
            .contains(&"Grand Est would like to collaborate with Germany: Sachsen is in Germany.".to_string()));
        let back = m.partners(1, None, 5);
        assert!(
            back[0]
                .reasons
                .contains(&"Grand Est would like to collaborate with Germany, where Sachsen is.".to_string()),
            "{:?}",
            back[0].reasons
        );
    }

    #[test]
    fn evidence_quotes_mark_the_words_that_name_the_topic() {
        let ev = evidence(&seed());
        let jena = ev.strengths.iter().find(|e| e.text == "Integrierte Biobank Jena").unwrap();
        assert_eq!(jena.marked(), ("Integrierte ", "Biobank", " Jena"));
        assert_eq!(jena.section(), "policy-h");
    }
}
