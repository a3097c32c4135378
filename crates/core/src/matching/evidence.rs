//! Evidence by topic: the units of a region's profile that name a topic of the topic list,
//! graded by kind. What the topic pages (`/topics/…`), the map's "strengths" and the chips of
//! fields sought read; partner finding reads every unit as text (`units`, `retrieval`).

use super::locator::Locator;
use super::retrieval::{within_a_name, ENTITY_GRADE};
use super::terms::Term;
use super::units::{Unit, UnitKind};
use crate::model::Profile;
use crate::topics::find_topics;
use crate::vocab::{vocab, TopicId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Database,
    Initiative,
    /// A programme or platform the region is represented in.
    Represented,
    /// A digital innovation hub of its list.
    Hub,
    /// A funding programme: a policy measure, graded as a policy is.
    Funding,
    Code,
    PolicyTopic,
    /// A policy document, or what the region says of its smart-specialisation strategy.
    Policy,
    Network,
    /// A membership the region holds as its country does ([`UnitKind::CountryMembership`]).
    CountryNetwork,
    /// An initiative saying the region holds it as its country does
    /// ([`UnitKind::CountryInitiative`]).
    CountryInitiative,
    /// A kind of support measure ticked ([`UnitKind::MeasureTicked`]).
    MeasureTicked,
    /// "Policy document PM@RIS3: Yes" ([`UnitKind::PmStrategy`]).
    PmStrategy,
    /// A sentence of the description stating the region's smart-specialisation priorities.
    Priority,
    /// A sentence of the description naming the region's major initiatives.
    InitiativesNamed,
    /// A sentence of the description naming a network or infrastructure whose name gives
    /// the topic ("one of the leading regions in the partnership on personalised medicine
    /// (S3P4PM)"): a claim of involvement, graded as partner finding grades it.
    NetworkNamed,
    Description,
    /// A clause of the collaboration answer offering it ([`UnitKind::Offer`]).
    Offer,
}

/// One piece of evidence that a region works on a topic, with the text it rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub topic: TopicId,
    pub kind: EvidenceKind,
    pub text: String,
}

impl EvidenceKind {
    /// The kind of evidence unit partner finding reads the same text as: the topic pages
    /// and the matches pages grade a piece of evidence alike (a ticked topic was "good
    /// evidence" on one and "some evidence" on the other, a membership "some" and "strong").
    pub fn unit_kind(self) -> UnitKind {
        match self {
            EvidenceKind::Database => UnitKind::Measure,
            EvidenceKind::Initiative => UnitKind::Initiative,
            EvidenceKind::Represented => UnitKind::Represented,
            EvidenceKind::Hub => UnitKind::Hub,
            EvidenceKind::Funding => UnitKind::Funding,
            EvidenceKind::Network => UnitKind::Membership,
            EvidenceKind::CountryNetwork => UnitKind::CountryMembership,
            EvidenceKind::CountryInitiative => UnitKind::CountryInitiative,
            EvidenceKind::Policy => UnitKind::Policy,
            EvidenceKind::Priority => UnitKind::Priority,
            EvidenceKind::InitiativesNamed => UnitKind::InitiativesNamed,
            EvidenceKind::PolicyTopic => UnitKind::Ticked,
            EvidenceKind::MeasureTicked => UnitKind::MeasureTicked,
            EvidenceKind::PmStrategy => UnitKind::PmStrategy,
            EvidenceKind::Code => UnitKind::Code,
            EvidenceKind::Description | EvidenceKind::NetworkNamed => UnitKind::Description,
            EvidenceKind::Offer => UnitKind::Offer,
        }
    }

    /// The kind a sentence of the description of unit kind `k` is told as.
    fn of_prose(k: UnitKind) -> EvidenceKind {
        match k {
            UnitKind::InitiativesNamed => EvidenceKind::InitiativesNamed,
            UnitKind::Priority => EvidenceKind::Priority,
            _ => EvidenceKind::Description,
        }
    }

    /// Its grade: its unit's, or at least [`ENTITY_GRADE`] where a network is named.
    fn grade_f32(self) -> f32 {
        match self {
            EvidenceKind::NetworkNamed => self.unit_kind().grade().max(ENTITY_GRADE),
            _ => self.unit_kind().grade(),
        }
    }

    /// How strong this kind of evidence is, in hundredths of its grade: strongest first
    /// when sorted descending.
    pub fn grade(self) -> u8 {
        (self.grade_f32() * 100.0).round() as u8
    }

    /// The grade as a reader sees it.
    pub fn grade_label(self) -> &'static str {
        super::units::label_of_grade(self.grade_f32())
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
            EvidenceKind::Initiative | EvidenceKind::CountryInitiative => {
                format!("names it in its initiatives: “{}”", self.text)
            }
            EvidenceKind::Represented => format!("is represented in “{}”", self.text),
            EvidenceKind::Hub => format!("names it among its digital innovation hubs: “{}”", self.text),
            EvidenceKind::Funding => format!("names it among its funding programmes: “{}”", self.text),
            EvidenceKind::Code => format!("has the code {}", self.text),
            EvidenceKind::PolicyTopic => format!("covers it in its policies: “{}”", self.text),
            EvidenceKind::MeasureTicked => format!("ticks it among the kinds of its support measures: {}", self.text),
            EvidenceKind::PmStrategy => format!("has {} (PM@RIS3: yes)", self.text),
            EvidenceKind::Policy => format!("names it in its policy documents or strategy: “{}”", self.text),
            EvidenceKind::Network | EvidenceKind::CountryNetwork => format!("is a member of {}", self.text),
            EvidenceKind::Priority => {
                format!("states it among its smart-specialisation priorities: “{}”", self.text)
            }
            EvidenceKind::NetworkNamed => format!("names a network of it in its description: “{}”", self.text),
            EvidenceKind::InitiativesNamed => {
                format!("names it among its major initiatives in its description: “{}”", self.text)
            }
            EvidenceKind::Description => format!("mentions it in its description: “{}”", self.text),
            EvidenceKind::Offer => format!("offers it in its collaboration answer: “{}”", self.text),
        };
        let gloss = super::cited::gloss(self.marked().1).map(|g| format!("; {g}")).unwrap_or_default();
        format!("{what} ({}{gloss})", self.kind.grade_label())
    }
}

impl Evidence {
    /// The section of the profile page it stands in (its heading's id).
    pub fn section(&self) -> &'static str {
        self.kind.unit_kind().section()
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

/// Where a region shows it works on a topic: the topic, the kind of evidence, and where the
/// words stand in its profile ([`Strength::evidence`] reads them).
#[derive(Clone, Copy, Debug)]
pub struct Strength {
    pub topic: TopicId,
    pub kind: EvidenceKind,
    at: Locator,
}

impl Strength {
    /// The evidence with its words, read from `p`, the profile it was found in.
    pub fn evidence(&self, p: &Profile) -> Evidence {
        Evidence { topic: self.topic, kind: self.kind, text: self.at.text(p).into_owned() }
    }
}

/// What a region seeks and what it is strong in, by topic.
#[derive(Clone, Debug, Default)]
pub struct RegionEvidence {
    /// Topics it seeks partners in, with the words it used.
    pub seeks: Vec<(TopicId, String)>,
    pub strengths: Vec<Strength>,
    /// Countries it names as wished partners (NUTS country codes), with the words it used.
    pub wants_countries: Vec<(String, String)>,
    /// Regions (NUTS 1 or 2) it names as wished partners, with the words it used: never
    /// itself, nor a region it is in or that is in it.
    pub wants_regions: Vec<(crate::NutsCode, String)>,
}

impl RegionEvidence {
    pub fn for_topic(&self, t: TopicId) -> impl Iterator<Item = &Strength> {
        self.strengths.iter().filter(move |e| e.topic == t)
    }
}

/// Collects a profile's evidence.
pub fn evidence(p: &Profile) -> RegionEvidence {
    evidence_with(p, &super::units::units(p))
}

/// [`evidence`], with the profile's evidence units read already (`units`): a matcher reads
/// them once for both.
pub(super) fn evidence_with(p: &Profile, units: &[(Unit, Locator)]) -> RegionEvidence {
    let mut ev = RegionEvidence::default();
    if let Some(c) = &p.collaboration {
        ev.seeks = c.topics.iter().map(|t| (t.topic, t.as_written.to_string())).collect();
        (ev.wants_countries, ev.wants_regions) = super::wishes::wishes(p.code, c);
    }
    // Evidence is text that names its topic: a code or a network mapped to a topic by the
    // table counts only when its own words say so (J.62 "Computer programming" is no AI).
    // The words are compared here, once; the evidence keeps only where they stand.
    let mut seen: Vec<(TopicId, EvidenceKind, std::borrow::Cow<'_, str>)> = Vec::new();
    let mut add = |topic: TopicId, kind: EvidenceKind, at: Locator| {
        let text = at.text(p);
        if super::units::bare_url(&text)
            || !find_topics(std::iter::once(text.as_ref())).iter().any(|m| m.topic == topic)
        {
            return;
        }
        if !seen.iter().any(|e| e.0 == topic && e.1 == kind && e.2 == text) {
            seen.push((topic, kind, text));
            ev.strengths.push(Strength { topic, kind, at });
        }
    };
    let n = |i: usize| i as u32;
    for (k, d) in p.description.iter().enumerate() {
        // What the paragraph denies ("has no biobank") is no evidence.
        let affirmed = super::negation::affirmed(d.as_str());
        let topics = find_topics(std::iter::once(affirmed.as_ref()));
        // The paragraph's sentences by where they stand, each with whether it states the S3
        // priorities: read once a paragraph, only where it names a topic.
        let sentences: Vec<(usize, &str, EvidenceKind)> = if topics.is_empty() {
            Vec::new()
        } else {
            let at = |s: &str| s.as_ptr() as usize - d.as_str().as_ptr() as usize;
            let all = super::units::sentences(d.as_str());
            let stating = super::strategy::stating(&all);
            let kind = |s: &str, stated: bool| EvidenceKind::of_prose(super::units::sentence_kind(s, stated));
            all.into_iter().zip(stating).map(|(s, stated)| (at(s), s, kind(s, stated))).collect()
        };
        for m in topics {
            // The words as written stand in this very paragraph.
            if let Some(start) = affirmed.find(m.as_written.as_str()) {
                let words = &d.as_str()[start..start + m.as_written.as_str().len()];
                // Quoted with their sentence, as partner finding quotes it ("…rapid approval
                // times for clinical trials…", not "clinical trials" alone); in a sentence
                // stating the S3 priorities, that sentence is the evidence (graded so).
                let sentence = sentences.iter().find(|(from, s, _)| *from <= start && start < from + s.len());
                let quoted = sentence.map_or(words, |x| super::cited::sentence_quote(d.as_str(), x.1, words));
                let kind = sentence.map_or(EvidenceKind::Description, |x| x.2);
                add(m.topic, kind, Locator::in_description(k, d.as_str(), quoted));
            }
        }
    }
    // A sentence naming a network with the field its name gives, as partner finding reads
    // it (a paragraph's topics above are each its first naming only).
    let prose = |u: &&(Unit, Locator)| {
        matches!(u.0.kind, UnitKind::Description | UnitKind::Priority | UnitKind::InitiativesNamed)
    };
    for (unit, at) in units.iter().filter(prose) {
        let named = |t: &&Term| t.term.starts_with("#t:") && within_a_name(unit, &t.term);
        for t in unit.terms.iter().filter(named) {
            if let Some(topic) = t.term.strip_prefix("#t:").and_then(TopicId::from_id) {
                add(topic, EvidenceKind::NetworkNamed, *at);
            }
        }
    }
    // An initiative is quoted as name and description, so the quote holds the words that
    // name the topic. Each kind as partner finding grades its units (a funding programme
    // was "strong evidence … in its initiatives" here, "good evidence" among the funding
    // programmes on the matches page).
    let named: Vec<(Locator, EvidenceKind)> = (0..p.initiatives.len())
        .map(|i| Locator::Initiative(n(i)))
        .map(|at| match super::units::initiative_kind(&at.text(p)) {
            UnitKind::CountryInitiative => (at, EvidenceKind::CountryInitiative),
            _ => (at, EvidenceKind::Initiative),
        })
        .chain((0..p.represented_in.len()).map(|i| (Locator::Represented(n(i)), EvidenceKind::Represented)))
        .chain((0..p.digital_innovation_hubs.len()).map(|i| (Locator::Hub(n(i)), EvidenceKind::Hub)))
        .chain((0..p.funding_programmes.len()).map(|i| (Locator::Funding(n(i)), EvidenceKind::Funding)))
        .chain(units.iter().filter(|u| u.0.kind == UnitKind::Offer).map(|u| (u.1, EvidenceKind::Offer)))
        .collect();
    for (at, kind) in named {
        for m in find_topics(std::iter::once(at.text(p).as_ref())) {
            add(m.topic, kind, at);
        }
    }
    // The policy documents and the strategy notes partner finding reads too ("National
    // Thematic Agenda … on Clinical and Translational Research"), so that a topic page and a
    // partner's reasons rest on the same evidence.
    let stated = [(&p.ris3, Locator::Ris3), (&p.pm_ris3, Locator::PmRis3)]
        .into_iter()
        .filter(|(f, _)| f.as_ref().is_some_and(|f| f.value))
        .map(|(_, at)| at);
    for at in (0..p.policy_documents.len()).map(|i| Locator::Policy(n(i))).chain(stated) {
        for m in find_topics(std::iter::once(at.text(p).as_ref())) {
            add(m.topic, EvidenceKind::Policy, at);
        }
    }
    // The PM@RIS3 flag, told where its note does not say it already.
    let noted: Vec<TopicId> =
        find_topics(std::iter::once(Locator::PmRis3.text(p).as_ref())).into_iter().map(|m| m.topic).collect();
    for m in find_topics(std::iter::once(Locator::PmRis3Yes.text(p).as_ref())) {
        if !noted.contains(&m.topic) {
            add(m.topic, EvidenceKind::PmStrategy, Locator::PmRis3Yes);
        }
    }
    // A support measure is evidence through what its detail names ("Integrierte Biobank
    // Jena"), and through its kind only of what `vocab/evidence-topics.csv` gives the kind,
    // as a tick ("databases … (incl. biobanks) ris.slaskie.pl" has no biobank).
    for (i, m) in p.support_measures.iter().enumerate() {
        let at = Locator::Measure(n(i));
        for found in find_topics(std::iter::once(at.text(p).as_ref())) {
            add(found.topic, EvidenceKind::Database, at);
        }
        for &topic in vocab().evidence_of("measure", m.kind.id()) {
            add(topic, EvidenceKind::MeasureTicked, Locator::MeasureKind(n(i)));
        }
    }
    for (i, t) in p.policy_topics.iter().enumerate() {
        for &topic in t.topic.map_or(&[][..], |x| vocab().evidence_of("policy_topic", x.id())) {
            add(topic, EvidenceKind::PolicyTopic, Locator::Ticked(n(i)));
        }
    }
    let schemes = [
        ("nace", &p.nace, Locator::Nace as fn(u32) -> Locator),
        ("objective", &p.policy_objectives, Locator::Objective),
    ];
    for (scheme, codes, at) in schemes {
        for (i, c) in codes.iter().enumerate() {
            for &topic in vocab().evidence_of(scheme, &c.code) {
                add(topic, EvidenceKind::Code, at(n(i)));
            }
        }
    }
    for m in &p.memberships {
        let kind = match UnitKind::of_membership(m.answer) {
            Some(UnitKind::CountryMembership) => EvidenceKind::CountryNetwork,
            Some(_) => EvidenceKind::Network,
            None => continue,
        };
        if m.network.def().names_networks {
            for &topic in vocab().evidence_of("network", m.network.id()) {
                add(topic, kind, Locator::Member(m.network));
            }
        }
    }
    // A sentence naming a network of a topic is told once, as that: not also as a stated
    // priority or a mention of the topic, which quote it or words of it.
    let named: Vec<(TopicId, Locator)> =
        ev.strengths.iter().filter(|s| s.kind == EvidenceKind::NetworkNamed).map(|s| (s.topic, s.at)).collect();
    let inside = |a: Locator, b: Locator| match (a, b) {
        (
            Locator::Description { paragraph: pa, start: sa, end: ea },
            Locator::Description { paragraph: pb, start: sb, end: eb },
        ) => pa == pb && sb <= sa && ea <= eb,
        _ => false,
    };
    ev.strengths.retain(|s| {
        !matches!(s.kind, EvidenceKind::Priority | EvidenceKind::InitiativesNamed | EvidenceKind::Description)
            || !named.iter().any(|&(t, at)| t == s.topic && inside(s.at, at))
    });
    ev
}
