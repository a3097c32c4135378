//! What a region offers, cut into the pieces partner finding reads: its *evidence units*
//! (each initiative, support measure, membership, represented-in item,
//! policy document, strategy statement, funding programme, ticked policy topic, code,
//! sentence of its description, clause of its collaboration answer offering something), each
//! graded by its kind. The rest of its collaboration answer is what it seeks (`asks`).

use super::locator::Locator;
use super::terms::{evidence_terms, Term};
use crate::model::{MembershipAnswer, Profile};

/// The kind of an evidence unit, which sets its grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Initiative,
    Measure,
    Membership,
    /// A membership the region holds as its country does (1+MG, which countries sign): a
    /// national commitment, graded as a policy is, not as the region's own membership.
    CountryMembership,
    /// An initiative saying so ("Countrylevel member 1+M Genomes Initiative", as documents of
    /// 2019 list 1+MG among the initiatives): graded as that membership.
    CountryInitiative,
    Represented,
    /// An item of its list of digital innovation hubs: a hub, whatever its name says.
    Hub,
    Policy,
    Statement,
    /// "Policy document PM@RIS3: Yes", even with no note: personalised medicine is in the
    /// region's smart-specialisation strategy, a strategy statement.
    PmStrategy,
    Funding,
    Ticked,
    /// A support measure's kind ticked ("Education and training, linked to personalised
    /// medicine"): read for its words, and for the fields `vocab/evidence-topics.csv` says
    /// the kind is evidence of, not those its examples name ("incl. biobanks"). Said by the
    /// survey's label of the kind, unquoted: a page may write it otherwise ("… application...").
    MeasureTicked,
    Code,
    /// A sentence of the description stating the region's smart-specialisation priorities.
    Priority,
    /// A sentence of the description naming the region's major initiatives ("involved in a
    /// number of major initiatives including …"): its list of them, graded as one.
    InitiativesNamed,
    Description,
    /// A clause of the collaboration answer offering something ("we can offer expertise in
    /// biobanking", [`crate::offers`]): the region's word for it, no name, graded as a tick.
    Offer,
}

impl UnitKind {
    /// A named initiative, biobank, membership or platform > a policy or strategy statement >
    /// a ticked topic or a code > a sentence of prose.
    pub fn grade(self) -> f32 {
        use UnitKind::*;
        match self {
            Initiative | Measure | Membership | Represented | Hub | InitiativesNamed => 1.0,
            Policy | Statement | PmStrategy | Funding | Priority | CountryMembership | CountryInitiative => 0.6,
            Ticked | MeasureTicked | Code | Offer => 0.35,
            Description => 0.2,
        }
    }

    /// Whether it is the region's country's, not the region's own (1+MG, which countries
    /// sign): graded as it is whatever it names, and no experience of the region's.
    pub fn by_country(self) -> bool {
        matches!(self, UnitKind::CountryMembership | UnitKind::CountryInitiative)
    }

    /// Whether it shows experience of the region's own in what it answers: a ticked topic or a
    /// code says a policy or strategy covers it, not that the region has worked in it, and a
    /// country's membership is the country's.
    pub fn shows_experience(self) -> bool {
        !self.by_country() && !matches!(self, UnitKind::Ticked | UnitKind::MeasureTicked | UnitKind::Code)
    }

    /// The kind of unit a membership answer makes, if any: the region's own membership, or
    /// its country's (1+MG, which countries sign). The topic pages read it too.
    pub fn of_membership(answer: MembershipAnswer) -> Option<UnitKind> {
        match answer {
            MembershipAnswer::Yes => Some(UnitKind::Membership),
            MembershipAnswer::CountryLevelMember => Some(UnitKind::CountryMembership),
            _ => None,
        }
    }

    pub fn grade_label(self) -> &'static str {
        label_of_grade(self.grade())
    }

    /// Where the unit stands, after the region's name: "names in its initiatives".
    pub fn phrase(self) -> &'static str {
        use UnitKind::*;
        match self {
            Initiative | CountryInitiative => "names in its initiatives",
            Measure => "lists among its support measures, databases and biobanks",
            Membership | CountryMembership => "is a member of",
            Represented => "is represented in",
            Hub => "names among its digital innovation hubs",
            Policy => "names among its policy documents",
            Statement => "says of its smart-specialisation strategy",
            PmStrategy => "has",
            Funding => "names among its funding programmes",
            Ticked => "ticks among the topics its policies cover",
            MeasureTicked => "ticks among the kinds of its support measures",
            Code => "has the code",
            Priority => "writes of its smart-specialisation priorities in its description",
            InitiativesNamed => "writes of its major initiatives in its description",
            Description => "writes in its description",
            Offer => "offers in its collaboration answer",
        }
    }

    /// The section of the profile page it stands in (its heading's id).
    pub fn section(self) -> &'static str {
        use UnitKind::*;
        match self {
            Initiative | CountryInitiative | Represented | Hub => "init-h",
            Measure | MeasureTicked | Policy | Statement | PmStrategy | Funding | Ticked => "policy-h",
            Membership | CountryMembership => "members-h",
            Code => "codes-h",
            Description | Priority | InitiativesNamed => "about-h",
            Offer => "collab-h",
        }
    }
}

/// A grade as a reader sees it.
pub fn label_of_grade(grade: f32) -> &'static str {
    match grade {
        g if g >= 1.0 => "strong evidence",
        g if g >= 0.6 => "good evidence",
        g if g >= 0.35 => "some evidence",
        _ => "weak evidence",
    }
}

/// A piece of evidence: its kind, its text as the profile writes it, and its terms.
#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: UnitKind,
    pub text: String,
    pub terms: Vec<Term>,
}

/// A unit as a matcher keeps it: where it stands in the profile. Its words are read from
/// the profile, and its terms again from the words, when it is quoted (a handful of times a
/// page), rather than kept for every unit of every region.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stored {
    pub kind: UnitKind,
    pub at: Locator,
}

impl Stored {
    pub fn of(u: &Unit, at: Locator) -> Stored {
        Stored { kind: u.kind, at }
    }

    /// The unit with its words and terms, from the profile it was read from.
    pub fn unit(&self, p: &Profile) -> Unit {
        let text = self.at.text(p).into_owned();
        let terms = unit_terms(self.kind, self.at, &text, p);
        Unit { kind: self.kind, text, terms }
    }
}

/// The terms of the unit of kind `kind` at `at` of `p`, whose words are `text`: the same
/// when a matcher is built and when it quotes the unit.
fn unit_terms(kind: UnitKind, at: Locator, text: &str, p: &Profile) -> Vec<Term> {
    if let Some(n) = at.network() {
        return membership_terms(text, n);
    }
    match (kind, at) {
        (UnitKind::Hub, _) => hub_terms(text),
        // Prose may deny what it names: "does not yet have a biobank" is no biobank.
        (UnitKind::Description | UnitKind::Priority | UnitKind::InitiativesNamed, _) => {
            evidence_terms(&super::negation::affirmed(text))
        }
        (UnitKind::MeasureTicked, Locator::MeasureKind(i)) => {
            let kind = p.support_measures.get(i as usize).map(|m| m.kind);
            measure_terms(text, kind.map_or("", |k| k.id()))
        }
        _ => evidence_terms(text),
    }
}

/// The terms of a support measure's kind: its label's words, and of the fields they name
/// those the kind is evidence of (`vocab/evidence-topics.csv`), as the topic pages read it.
fn measure_terms(text: &str, kind: &str) -> Vec<Term> {
    let fields: Vec<String> =
        crate::vocab::vocab().evidence_of("measure", kind).iter().map(|t| format!("#t:{}", t.id())).collect();
    let mut terms = evidence_terms(text);
    terms.retain(|t| !t.term.starts_with('#') || fields.contains(&t.term));
    terms
}

/// A membership's terms: its label's, the network's tag, the tags of what the network stands
/// for (an S3 partnership is an S3 platform's), and the "like" tags of them all.
fn membership_terms(text: &str, n: crate::vocab::NetworkId) -> Vec<Term> {
    // The words of the label only: "through its country" says how, not what.
    let mut terms = super::terms::with_covering(text.strip_suffix(super::locator::THROUGH_COUNTRY).unwrap_or(text));
    tag_entity(&mut terms, format!("#e:{}", n.id()));
    terms
}

/// The words of an item of the list of digital innovation hubs, with the tag of the
/// network of them (`dih` of `vocab/infrastructures.csv`): "Smart Systems Hub Dresden" is
/// a hub though its name does not say "digital innovation hub".
fn hub_terms(text: &str) -> Vec<Term> {
    let mut terms = evidence_terms(text);
    tag_entity(&mut terms, HUB_TAG.to_string());
    terms
}

const HUB_TAG: &str = "#e:dih";

/// Adds the tag of an entity the unit is evidence of, those of the entities covering it
/// and those of its kind ("one like it").
fn tag_entity(terms: &mut Vec<Term>, tag: String) {
    let covering = super::terms::entity(&tag).into_iter().flat_map(super::terms::covering);
    for tag in std::iter::once(tag.clone()).chain(covering.map(super::terms::Entity::tag)) {
        if !terms.iter().any(|t| t.term == tag) {
            terms.push(Term { term: tag, span: (0, 0) });
        }
    }
    super::terms::add_like_tags(terms);
}

/// The kind of an initiative: the region's own, or its country's ([`through_country`]).
pub(super) fn initiative_kind(text: &str) -> UnitKind {
    if through_country(text) {
        UnitKind::CountryInitiative
    } else {
        UnitKind::Initiative
    }
}

/// The kind of a sentence of the description, `stating` the S3 priorities or not
/// ([`super::strategy::stating`]).
pub(super) fn sentence_kind(s: &str, stating: bool) -> UnitKind {
    if super::strategy::names_initiatives(s) {
        UnitKind::InitiativesNamed
    } else if stating {
        UnitKind::Priority
    } else {
        UnitKind::Description
    }
}

/// Whether an item says the region holds it as its country does: it has a country-level
/// answer of `data/vocab/membership-answers.csv` ("Countrylevel member 1+M Genomes Initiative").
pub(super) fn through_country(text: &str) -> bool {
    use crate::MembershipAnswer::{CountryLevelMember, CountryLevelObserver};
    let folded = crate::text::fold(text);
    let answers = crate::vocab::vocab().membership_answers.iter();
    answers
        .filter(|(_, (a, _))| matches!(a, CountryLevelMember | CountryLevelObserver))
        .any(|(t, _)| folded.contains(t.as_str()))
}

/// A web address alone says nothing of a field.
/// (A name that is also a domain, "BBMRI.it", is a name; "ris.slaskie.pl" is an address; so
/// is "eatris.eu/", but "EUREKA/Eurostars/COSME", names joined by slashes, is not.)
pub(super) fn bare_url(s: &str) -> bool {
    let url = |w: &str| {
        w.contains("://")
            || w.starts_with("www.")
            || (w.contains('/') && w.contains('.'))
            || w.matches('.').count() >= 2
    };
    let t = s.trim();
    !t.is_empty() && t.split_whitespace().all(url)
}

/// Sentences of prose: split after '.', '!' or '?' followed by a space and a capital.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(2) {
        if matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ' && text[i + 2..].starts_with(char::is_uppercase) {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// The evidence units of a profile, each with where it stands there.
pub(crate) fn units(p: &Profile) -> Vec<(Unit, Locator)> {
    let mut out: Vec<(Unit, Locator)> = Vec::new();
    let mut add = |kind: UnitKind, at: Locator| {
        let text = at.text(p);
        if text.trim().is_empty() || bare_url(&text) || out.iter().any(|(u, _)| u.kind == kind && u.text == text) {
            return;
        }
        let terms = unit_terms(kind, at, &text, p);
        if !terms.is_empty() {
            out.push((Unit { kind, text: text.into_owned(), terms }, at));
        }
    };
    let n = |i: usize| i as u32;
    for i in 0..p.initiatives.len() {
        let at = Locator::Initiative(n(i));
        add(initiative_kind(&at.text(p)), at);
    }
    for i in 0..p.support_measures.len() {
        add(UnitKind::Measure, Locator::Measure(n(i)));
        add(UnitKind::MeasureTicked, Locator::MeasureKind(n(i)));
    }
    for i in 0..p.represented_in.len() {
        add(UnitKind::Represented, Locator::Represented(n(i)));
    }
    for i in 0..p.digital_innovation_hubs.len() {
        add(UnitKind::Hub, Locator::Hub(n(i)));
    }
    for i in 0..p.policy_documents.len() {
        add(UnitKind::Policy, Locator::Policy(n(i)));
    }
    for (f, at) in [(&p.ris3, Locator::Ris3), (&p.pm_ris3, Locator::PmRis3)] {
        if f.as_ref().is_some_and(|f| f.value) {
            add(UnitKind::Statement, at);
        }
    }
    add(UnitKind::PmStrategy, Locator::PmRis3Yes);
    for i in 0..p.funding_programmes.len() {
        add(UnitKind::Funding, Locator::Funding(n(i)));
    }
    for i in 0..p.policy_topics.len() {
        add(UnitKind::Ticked, Locator::Ticked(n(i)));
    }
    let codes = [
        (p.nace.len(), Locator::Nace as fn(u32) -> Locator),
        (p.nabs.len(), Locator::Nabs),
        (p.policy_objectives.len(), Locator::Objective),
    ];
    for (len, at) in codes {
        for i in 0..len {
            add(UnitKind::Code, at(n(i)));
        }
    }
    for (k, d) in p.description.iter().enumerate() {
        let all = sentences(d.as_str());
        // "The region's S3 priorities include e-health": a strategy statement, in prose.
        for (s, stating) in all.iter().zip(super::strategy::stating(&all)) {
            add(sentence_kind(s, stating), Locator::in_description(k, d.as_str(), s));
        }
    }
    let lines = p.collaboration.iter().flat_map(|c| c.texts());
    for (k, line) in lines.enumerate() {
        for (from, to) in crate::offers::offered(line) {
            add(UnitKind::Offer, Locator::Offer { line: n(k), start: from as u32, end: to as u32 });
        }
    }
    // A membership is evidence of the network itself, whatever its label's words say.
    for m in p.memberships.iter().filter(|m| m.network.def().names_networks) {
        let Some(kind) = UnitKind::of_membership(m.answer) else { continue };
        let at = Locator::Member(m.network);
        let text = at.text(p).into_owned();
        let terms = membership_terms(&text, m.network);
        out.push((Unit { kind, text, terms }, at));
    }
    out
}

#[cfg(test)]
#[path = "units_tests.rs"]
mod tests;
