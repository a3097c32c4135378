//! Controlled vocabularies, loaded from the CSV files in `data/` (compiled in, so the core
//! stays free of I/O). Each vocabulary id type is an index into its table: cheap to copy and
//! compare on hot paths, serialised as the id string of the data file.

use std::collections::HashMap;
use std::sync::LazyLock;

mod load;

use crate::nuts::NutsCode;
use crate::text::{fold, words};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines an id type that indexes one vocabulary table and (de)serialises as its id string.
macro_rules! vocab_id {
    ($(#[$m:meta])* $name:ident, $table:ident, $what:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u16);

        impl $name {
            pub fn from_id(id: &str) -> Option<$name> {
                vocab().$table.iter().position(|d| d.id == id).map(|i| $name(i as u16))
            }
            pub fn id(self) -> &'static str {
                &vocab().$table[self.0 as usize].id
            }
            pub fn label(self) -> &'static str {
                &vocab().$table[self.0 as usize].label
            }
            pub fn index(self) -> usize {
                self.0 as usize
            }
            pub fn all() -> impl Iterator<Item = $name> {
                (0..vocab().$table.len()).map(|i| $name(i as u16))
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($name), self.id())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::from_id(&s)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown {} '{}'", $what, s)))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let ids: Vec<&str> = vocab().$table.iter().map(|d| d.id.as_str()).collect();
                schemars::json_schema!({ "type": "string", "enum": ids, "description": $what })
            }
        }
    };
}

vocab_id!(
    /// A membership question (network, macro-region, territory type) of `vocab/memberships.csv`.
    NetworkId, networks, "membership id (data/vocab/memberships.csv)"
);
vocab_id!(
    /// A personalised-medicine topic of `vocab/topics.csv`.
    TopicId, topics, "topic id (data/vocab/topics.csv)"
);
vocab_id!(
    /// A "topic covered by policies" of `vocab/policy-topics.csv`.
    PolicyTopicId, policy_topics, "policy topic id (data/vocab/policy-topics.csv)"
);
vocab_id!(
    /// A kind of support measure of `vocab/support-measures.csv`.
    MeasureKind, support_measures, "support measure kind (data/vocab/support-measures.csv)"
);

pub struct NetworkDef {
    pub id: String,
    pub short: String,
    pub label: String,
    /// network, partnership, macro_region, territory or initiative
    pub kind: String,
    /// The question as the 2019 layout asks it, without the question mark.
    pub question: String,
    /// Folded label variants, the question included, longest first.
    pub variants: Vec<String>,
    /// The variants as word keys (see [`crate::text::word_key`]); short ones left out,
    /// so that only a distinctive name counts as naming the network.
    pub variant_keys: Vec<String>,
    /// Whether an initiative's name can refer to it (networks, partnerships, initiatives;
    /// not territories or macro-regions).
    pub names_networks: bool,
}

pub struct TopicDef {
    pub id: String,
    pub label: String,
    pub synonyms: Vec<String>,
}

/// A vocabulary entry matched by its folded label or variants.
pub struct LabelledDef {
    pub id: String,
    pub label: String,
    pub keys: Vec<String>,
}

pub struct NutsEntry {
    pub level: u8,
    pub name: String,
    pub name_latn: String,
}

pub struct CodeEntry {
    pub code: String,
    pub label: String,
}

/// First folded word of a topic's form → (its words, topic), longest first (None: no field).
pub type TopicPhrases = HashMap<String, Vec<(Vec<String>, Option<TopicId>)>>;

pub struct Vocab {
    pub nuts: HashMap<NutsCode, NutsEntry>,
    pub countries: HashMap<String, String>,
    /// Other names of a region or country (`data/names.csv`): exonyms, regional-language
    /// names; the national and Latin-script names are in `nuts`.
    pub other_names: HashMap<NutsCode, Vec<String>>,
    pub nace: HashMap<String, CodeEntry>,
    pub nabs: HashMap<String, CodeEntry>,
    pub policy_objectives: HashMap<String, CodeEntry>,
    pub networks: Vec<NetworkDef>,
    pub membership_answers: HashMap<String, (MembershipAnswer, bool)>,
    pub self_evaluation: Vec<LabelledDef>,
    pub policy_topics: Vec<LabelledDef>,
    pub support_measures: Vec<LabelledDef>,
    pub policy_levels: Vec<(String, String, PolicyLevel)>,
    pub topics: Vec<TopicDef>,
    /// First folded word of a synonym → (all its words, topic), longest phrase first; None
    /// for a phrase that names no field though a form of one is in it ("health technology
    /// assessment", `vocab/not-topics.csv`).
    pub topic_phrases: TopicPhrases,
    /// First word of a network variant → (its word key, network), for networks an
    /// initiative's name can refer to (see [`crate::topics::network_named_in`]).
    pub network_phrases: HashMap<String, Vec<(String, NetworkId)>>,
    /// Every folded question and label variant → its network.
    pub network_by_variant: HashMap<String, NetworkId>,
    /// (scheme, words its profiles drop from an official label) (`vocab/code-label-forms.csv`).
    pub label_prefixes: Vec<(String, String)>,
    /// (scheme, key) → the topics it is evidence of (`vocab/evidence-topics.csv`).
    pub evidence_topics: HashMap<(String, String), Vec<TopicId>>,
    /// Keys of the policy-topic vocabulary (see [`alnum_key`]), per topic.
    pub policy_topic_keys: Vec<Vec<String>>,
}

static VOCAB: LazyLock<Vocab> = LazyLock::new(Vocab::load);

/// The vocabularies compiled into this build.
pub fn vocab() -> &'static Vocab {
    &VOCAB
}

impl Vocab {
    /// The topics `key` of `scheme` ("nace", "objective", "policy_topic", "measure",
    /// "network") is evidence of (`vocab/evidence-topics.csv`).
    pub fn evidence_of(&self, scheme: &str, key: &str) -> &[TopicId] {
        self.evidence_topics.get(&(scheme.to_string(), key.to_string())).map_or(&[], Vec::as_slice)
    }

    /// Every name a region goes by: its national and Latin-script names (`nuts.csv`) and
    /// the others of `names.csv` (Thüringen, Thuringia).
    pub fn names_of(&self, code: &NutsCode) -> impl Iterator<Item = &str> {
        let nuts = self.nuts.get(code).into_iter().flat_map(|e| [e.name.as_str(), e.name_latn.as_str()]);
        nuts.chain(self.other_names.get(code).into_iter().flatten().map(String::as_str))
    }

    /// The region (NUTS level 0 to 2) a name names, when exactly one does at the coarsest
    /// level that has the name: "Thüringen", "Thuringia" and "thuringia" give DEG (not DEG0,
    /// its one NUTS 2 region of the same name); the code itself gives it too.
    pub fn region_named(&self, name: &str) -> Option<NutsCode> {
        let f = fold(name.trim());
        if f.is_empty() {
            return None;
        }
        let found: Vec<(u8, NutsCode)> = self
            .nuts
            .iter()
            .filter(|(c, e)| e.level <= 2 && (fold(c.as_str()) == f || self.names_of(c).any(|n| fold(n) == f)))
            .map(|(c, e)| (e.level, *c))
            .collect();
        let top = found.iter().map(|x| x.0).min()?;
        let mut at_top = found.iter().filter(|x| x.0 == top);
        let one = at_top.next()?.1;
        at_top.next().is_none().then_some(one)
    }

    /// English name of a country prefix (`DE` → Germany).
    pub fn country_name(&self, prefix: &str) -> Option<&str> {
        self.countries.get(prefix).map(String::as_str)
    }

    /// Whether `prefix` is the country prefix of any NUTS code.
    pub fn is_country(&self, prefix: &str) -> bool {
        self.countries.contains_key(prefix)
    }
}

impl NetworkId {
    pub fn def(self) -> &'static NetworkDef {
        &vocab().networks[self.0 as usize]
    }
    pub fn short(self) -> &'static str {
        &self.def().short
    }
}

impl MeasureKind {
    pub fn def(self) -> &'static LabelledDef {
        &vocab().support_measures[self.0 as usize]
    }
}

impl PolicyTopicId {
    /// Matches a topic as written, ignoring case, spacing and punctuation.
    pub fn lookup(text: &str) -> Option<PolicyTopicId> {
        let key = alnum_key(text);
        vocab()
            .policy_topics
            .iter()
            .position(|d| d.keys.iter().any(|k| alnum_key(k) == key))
            .map(|i| PolicyTopicId(i as u16))
    }
}

/// Lower-case letters and digits only: "data(infrastructure)" and "data (infrastructure)" agree.
pub fn alnum_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Checks a NACE Rev. 2 code as profiles write it (`C`, `C.21`); `None` when unknown.
/// Every form of an official label that profiles write: the label itself, and the label
/// without the words they drop ("Manufacture of …" → "Basic pharmaceutical …").
pub fn label_forms(scheme: &str, official: &str) -> Vec<String> {
    let mut forms = vec![official.to_string()];
    for (s, prefix) in &vocab().label_prefixes {
        if s == scheme {
            if let Some(rest) = official.strip_prefix(prefix.as_str()) {
                let mut c = rest.chars();
                forms.extend(c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()));
            }
        }
    }
    forms
}

pub fn nace_label(code: &str) -> Option<&'static str> {
    vocab().nace.get(code).map(|e| e.label.as_str())
}

pub fn nabs_label(code: &str) -> Option<&'static str> {
    vocab().nabs.get(code).map(|e| e.label.as_str())
}

pub fn policy_objective_label(code: &str) -> Option<&'static str> {
    vocab().policy_objectives.get(code).map(|e| e.label.as_str())
}

/// An answer to a membership question (the answers are `data/vocab/membership-answers.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipAnswer {
    Yes,
    No,
    /// Member through the country (1+ Million Genomes).
    CountryLevelMember,
    /// Observer through the country.
    CountryLevelObserver,
    /// Partly: "mix of mountain and non-mountain subregions".
    Mixed,
    /// A free-text answer that is none of the above (kept in the note).
    Other,
    /// The question is there, the answer is not.
    Unanswered,
}

impl MembershipAnswer {
    pub const ALL: [MembershipAnswer; 7] = [
        MembershipAnswer::Yes,
        MembershipAnswer::No,
        MembershipAnswer::CountryLevelMember,
        MembershipAnswer::CountryLevelObserver,
        MembershipAnswer::Mixed,
        MembershipAnswer::Other,
        MembershipAnswer::Unanswered,
    ];

    pub fn id(self) -> &'static str {
        match self {
            MembershipAnswer::Yes => "yes",
            MembershipAnswer::No => "no",
            MembershipAnswer::CountryLevelMember => "country_level_member",
            MembershipAnswer::CountryLevelObserver => "country_level_observer",
            MembershipAnswer::Mixed => "mixed",
            MembershipAnswer::Other => "other",
            MembershipAnswer::Unanswered => "unanswered",
        }
    }

    pub fn from_id(s: &str) -> Option<MembershipAnswer> {
        MembershipAnswer::ALL.into_iter().find(|a| a.id() == s)
    }

    /// How the canonical text writes this answer.
    pub fn word(self) -> &'static str {
        match self {
            MembershipAnswer::Yes => "yes",
            MembershipAnswer::No => "no",
            MembershipAnswer::CountryLevelMember => "country level member",
            MembershipAnswer::CountryLevelObserver => "country level observer",
            MembershipAnswer::Mixed => "mix of mountain and non-mountain subregions",
            MembershipAnswer::Other | MembershipAnswer::Unanswered => "",
        }
    }

    /// Holds the membership in some form (yes, through the country, partly).
    pub fn is_member(self) -> bool {
        matches!(self, MembershipAnswer::Yes | MembershipAnswer::CountryLevelMember | MembershipAnswer::Mixed)
    }
}

/// The level a policy document or support measure is at (`data/vocab/policy-levels.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    Regional,
    National,
    Supranational,
    European,
}

impl PolicyLevel {
    pub fn from_id(s: &str) -> Option<PolicyLevel> {
        [PolicyLevel::Regional, PolicyLevel::National, PolicyLevel::Supranational, PolicyLevel::European]
            .into_iter()
            .find(|l| l.id() == s)
    }

    pub fn id(self) -> &'static str {
        match self {
            PolicyLevel::Regional => "regional",
            PolicyLevel::National => "national",
            PolicyLevel::Supranational => "supranational",
            PolicyLevel::European => "european",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            PolicyLevel::Regional => "Regional",
            PolicyLevel::National => "National",
            PolicyLevel::Supranational => "Supranational",
            PolicyLevel::European => "European",
        }
    }

    /// Recognises a title prefix ("Regional level", "Industry National"); returns the level
    /// and the prefix as the vocabulary writes it.
    pub fn from_prefix(p: &str) -> Option<(PolicyLevel, &'static str)> {
        let f = crate::text::fold(p);
        vocab().policy_levels.iter().find(|(k, _, _)| *k == f).map(|(_, w, l)| (*l, w.as_str()))
    }
}

#[cfg(test)]
mod tests;
