//! The region profile: one structured record per region, covering every field of the
//! observatory documents. Field names here are the names used by the JSON, the API, the
//! exports and the diffs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod figures;
mod rating;

pub use figures::*;
pub use rating::*;

use crate::nuts::NutsCode;
use crate::origin::Origin;
use crate::text::Text;
pub use crate::topics::TopicMatch;
use crate::vocab::{vocab, MeasureKind, NetworkId, PolicyTopicId};
pub use crate::vocab::{MembershipAnswer, PolicyLevel};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// NUTS code of the region (level 0 for a national-level profile).
    pub code: NutsCode,
    /// Region name as the profile writes it (bilingual names joined with " / ").
    pub name: Text,
    /// The profile describes a whole country ("(National level)").
    #[serde(default)]
    pub national_level: bool,
    #[serde(default)]
    pub key_figures: KeyFigures,
    /// Description paragraphs.
    #[serde(default)]
    pub description: Vec<Text>,
    /// The OECD / European Observatory health-profile paragraphs (country pages).
    #[serde(default)]
    pub health_profile: Vec<Text>,
    /// Link texts of the regional website(s) or organisation(s).
    #[serde(default)]
    pub websites: Vec<Text>,
    #[serde(default)]
    pub collaboration: Option<Collaboration>,
    /// Answers to the membership questions, in vocabulary order, one per network.
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub policy_documents: Vec<PolicyDocument>,
    /// "Topics covered by policies".
    #[serde(default)]
    pub policy_topics: Vec<PolicyTopic>,
    /// Support measures: reimbursement, databases and biobanks, education.
    #[serde(default)]
    pub support_measures: Vec<SupportMeasure>,
    /// "Funding programmes or other support measures" (2021 layout).
    #[serde(default)]
    pub funding_programmes: Vec<ListItem>,
    /// NACE Rev. 2 codes related to PM research and innovation objectives.
    #[serde(default)]
    pub nace: Vec<ClassCode>,
    /// NABS 2007 scientific domains.
    #[serde(default)]
    pub nabs: Vec<ClassCode>,
    /// Eye@RIS3 policy objectives.
    #[serde(default)]
    pub policy_objectives: Vec<ClassCode>,
    /// "Policy document (RIS3)": the region has a smart-specialisation strategy.
    #[serde(default)]
    pub ris3: Option<Flag>,
    /// "Policy document PM@RIS3": personalised medicine is in that strategy.
    #[serde(default)]
    pub pm_ris3: Option<Flag>,
    #[serde(default)]
    pub initiatives: Vec<Initiative>,
    #[serde(default)]
    pub digital_innovation_hubs: Vec<Text>,
    /// "Is the region represented in: Horizon2020; RIS3 platforms; EIT Health …; other?"
    #[serde(default)]
    pub represented_in: Vec<ListItem>,
    #[serde(default)]
    pub self_evaluation: SelfEvaluation,
    #[serde(default)]
    pub image_attribution: Option<Text>,
    /// Lines the reader did not recognise, kept with their line number.
    #[serde(default)]
    pub extras: Vec<Extra>,
    /// Where the data comes from: its edition, an incomplete copy, fields carried forward.
    #[serde(default, skip_serializing_if = "Origin::is_empty")]
    pub origin: Origin,
}

impl Profile {
    /// An empty profile for `code`.
    pub fn new(code: NutsCode, name: Text) -> Profile {
        Profile {
            code,
            name,
            national_level: false,
            key_figures: KeyFigures::default(),
            description: Vec::new(),
            health_profile: Vec::new(),
            websites: Vec::new(),
            collaboration: None,
            memberships: Vec::new(),
            policy_documents: Vec::new(),
            policy_topics: Vec::new(),
            support_measures: Vec::new(),
            funding_programmes: Vec::new(),
            nace: Vec::new(),
            nabs: Vec::new(),
            policy_objectives: Vec::new(),
            ris3: None,
            pm_ris3: None,
            initiatives: Vec::new(),
            digital_innovation_hubs: Vec::new(),
            represented_in: Vec::new(),
            self_evaluation: SelfEvaluation::default(),
            image_attribution: None,
            extras: Vec::new(),
            origin: Origin::default(),
        }
    }

    /// The answer to one membership question, if the profile gives one.
    pub fn membership(&self, network: NetworkId) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.network == network)
    }

    /// Sets (or replaces) a membership answer, keeping vocabulary order.
    pub fn set_membership(&mut self, m: Membership) {
        match self.memberships.binary_search_by_key(&m.network, |x| x.network) {
            Ok(i) => self.memberships[i] = m,
            Err(i) => self.memberships.insert(i, m),
        }
    }

    /// English name of the country (from the NUTS prefix).
    pub fn country_name(&self) -> Option<&'static str> {
        vocab().country_name(self.code.country())
    }

    /// The year of the data's edition (see [`Origin`]).
    pub fn edition_year(&self) -> Option<u16> {
        self.origin.edition.map(|e| e.year)
    }

    /// Recomputes the fields derived from text (topics, policy levels, network references,
    /// membership order). Called after deserialising, so JSON can never carry stale ones.
    pub fn normalise(&mut self) {
        self.national_level |= self.code.level() == 0;
        if let Some(c) = &mut self.collaboration {
            c.topics = c.sought_topics();
        }
        for d in &mut self.policy_documents {
            d.level = d.prefix.as_ref().and_then(|p| PolicyLevel::from_prefix(p.as_str()).map(|(l, _)| l));
        }
        for t in &mut self.policy_topics {
            t.topic = PolicyTopicId::lookup(t.text.as_str());
        }
        for i in &mut self.initiatives {
            i.network = crate::topics::network_named_in(i.name.as_str());
        }
        self.memberships.sort_by_key(|m| m.network);
        self.memberships.dedup_by_key(|m| m.network);
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collaboration {
    /// Whether the region seeks collaboration; `None` when the answer says neither.
    #[serde(default)]
    pub seeking: Option<bool>,
    /// The fields of interest as written after "Yes - ".
    #[serde(default)]
    pub interests: Option<Text>,
    /// Further lines of the answer.
    #[serde(default)]
    pub details: Vec<Text>,
    /// "The region would like to collaborate with: USA, Germany, …"
    #[serde(default)]
    pub partners: Vec<Text>,
    /// Normalised topics the interests and details seek, not those they offer (derived).
    #[serde(default)]
    pub topics: Vec<TopicMatch>,
}

impl Collaboration {
    /// Builds a collaboration answer and derives its topics. Details need an answer line
    /// before them, so a detail with nothing before it becomes the interests.
    pub fn new(
        seeking: Option<bool>,
        interests: Option<Text>,
        mut details: Vec<Text>,
        partners: Vec<Text>,
    ) -> Collaboration {
        let mut interests = interests;
        if seeking.is_none() && interests.is_none() && !details.is_empty() {
            interests = Some(details.remove(0));
        }
        let mut c = Collaboration { seeking, interests, details, partners, topics: Vec::new() };
        c.topics = c.sought_topics();
        c
    }

    /// The free texts of the answer, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.interests.iter().chain(self.details.iter()).map(Text::as_str)
    }

    /// The free texts of the answer with what they offer blanked ([`crate::offers`]): what
    /// the region seeks, each byte where the text has it.
    pub fn sought(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        self.texts().map(crate::offers::sought)
    }

    /// The topics the answer seeks, not those it offers ("we offer expertise in biobanking").
    fn sought_topics(&self) -> Vec<TopicMatch> {
        let sought: Vec<_> = self.sought().collect();
        crate::topics::find_topics(sought.iter().map(|s| s.as_ref()))
    }

    /// Seeking collaboration, by answer or by naming partners.
    pub fn is_seeking(&self) -> bool {
        self.seeking == Some(true) || (self.seeking.is_none() && !self.partners.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub network: NetworkId,
    pub answer: MembershipAnswer,
    /// The answer as written, when it says more than the answer ("Not yet", "Skåne län").
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    /// The item number as written (lists may start at 2 or skip numbers).
    #[serde(default)]
    pub number: Option<u32>,
    /// The title prefix as written ("Regional level", "Industry National").
    #[serde(default)]
    pub prefix: Option<Text>,
    /// The level the prefix names (derived).
    #[serde(default)]
    pub level: Option<PolicyLevel>,
    pub title: Text,
}

impl PolicyDocument {
    /// The item as the text format writes it: `Regional: RIS3 Thuringia`.
    pub fn text(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}: {}", self.title),
            None => self.title.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyTopic {
    /// The vocabulary topic (derived; `None` when the text is not in the vocabulary).
    #[serde(default)]
    pub topic: Option<PolicyTopicId>,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportMeasure {
    #[serde(default)]
    pub level: Option<PolicyLevel>,
    pub kind: MeasureKind,
    /// What follows the measure label: a name ("Integrierte Biobank Jena") or a link text.
    #[serde(default)]
    pub detail: Option<Text>,
}

impl SupportMeasure {
    /// The measure in one line, as pages show it: `Regional · Biobank: Integrierte Biobank Jena`.
    pub fn summary(&self) -> String {
        let level = self.level.map(|l| format!("{} · ", l.word())).unwrap_or_default();
        let detail = self.detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
        format!("{level}{}{detail}", self.kind.label())
    }
}

/// A classification code (NACE, NABS, Eye@RIS3) with the label the profile wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassCode {
    /// Canonical code: `C.21`, `M`, `NABS07`, `D.19`.
    pub code: String,
    /// The label as the profile wrote it; the official one is in the vocabulary.
    #[serde(default)]
    pub label: Option<Text>,
}

/// A yes/no answer with the text that may follow it ("Yes - Slovenia's S3").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub value: bool,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    #[serde(default)]
    pub number: Option<u32>,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub url: Option<Text>,
    /// The network this item names, if any ("Medtch4Europe" → medtech4europe; derived).
    #[serde(default)]
    pub network: Option<NetworkId>,
}

impl Initiative {
    /// The item as the text format writes it: name, description and URL two spaces apart.
    pub fn text(&self) -> String {
        let mut s = self.name.to_string();
        for part in self.description.iter().chain(self.url.iter()) {
            s.push_str("  ");
            s.push_str(part.as_str());
        }
        s
    }
}

/// An item of a list section, with its number as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    #[serde(default)]
    pub number: Option<u32>,
    pub text: Text,
}

/// A line the reader did not recognise, kept so nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extra {
    /// Line number in the source document.
    pub line: u32,
    /// The section it stood in (`membership`, `policy_documents`, …), if any.
    #[serde(default)]
    pub section: Option<String>,
    pub text: Text,
}

impl Extra {
    /// The line as the text format's `Unrecognised content` section writes it:
    /// `line 20 (self_evaluation): Rate of the genomics literacy … -Excellent`.
    pub fn written(&self) -> String {
        match &self.section {
            Some(s) => format!("line {} ({s}): {}", self.line, self.text),
            None => format!("line {}: {}", self.line, self.text),
        }
    }
}

#[cfg(test)]
mod tests;
