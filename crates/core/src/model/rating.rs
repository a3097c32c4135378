//! The self-evaluation: six items rated on a five-step scale.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vocab::vocab;

/// The self-evaluation scale, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Rating {
    pub const ALL: [Rating; 5] = [Rating::VeryLow, Rating::Low, Rating::Medium, Rating::High, Rating::VeryHigh];

    pub fn label(self) -> &'static str {
        match self {
            Rating::VeryLow => "Very low",
            Rating::Low => "Low",
            Rating::Medium => "Medium",
            Rating::High => "High",
            Rating::VeryHigh => "Very high",
        }
    }

    /// Parses a rating word, ignoring case and spacing ("Very High", "very  high").
    pub fn parse(s: &str) -> Option<Rating> {
        let f = crate::text::fold(s);
        Rating::ALL.into_iter().find(|r| r.label().eq_ignore_ascii_case(&f))
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The six self-evaluation items, in the order the profiles ask them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelfEvaluationItem {
    ImplementationLevel,
    NeedImplementation,
    NeedFunding,
    NeedSkills,
    GenomicsLiteracy,
    NeedCollaboration,
}

impl SelfEvaluationItem {
    pub const ALL: [SelfEvaluationItem; 6] = [
        SelfEvaluationItem::ImplementationLevel,
        SelfEvaluationItem::NeedImplementation,
        SelfEvaluationItem::NeedFunding,
        SelfEvaluationItem::NeedSkills,
        SelfEvaluationItem::GenomicsLiteracy,
        SelfEvaluationItem::NeedCollaboration,
    ];

    /// The id in `vocab/self-evaluation.csv` and the JSON field name.
    pub fn id(self) -> &'static str {
        &vocab().self_evaluation[self as usize].id
    }

    /// The question as the profiles ask it.
    pub fn label(self) -> &'static str {
        &vocab().self_evaluation[self as usize].label
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluation {
    #[serde(default)]
    pub implementation_level: Option<Rating>,
    #[serde(default)]
    pub need_implementation: Option<Rating>,
    #[serde(default)]
    pub need_funding: Option<Rating>,
    #[serde(default)]
    pub need_skills: Option<Rating>,
    #[serde(default)]
    pub genomics_literacy: Option<Rating>,
    #[serde(default)]
    pub need_collaboration: Option<Rating>,
}

impl SelfEvaluation {
    pub fn get(&self, item: SelfEvaluationItem) -> Option<Rating> {
        *self.slot(item)
    }

    pub fn set(&mut self, item: SelfEvaluationItem, r: Option<Rating>) {
        *self.slot_mut(item) = r;
    }

    fn slot(&self, item: SelfEvaluationItem) -> &Option<Rating> {
        match item {
            SelfEvaluationItem::ImplementationLevel => &self.implementation_level,
            SelfEvaluationItem::NeedImplementation => &self.need_implementation,
            SelfEvaluationItem::NeedFunding => &self.need_funding,
            SelfEvaluationItem::NeedSkills => &self.need_skills,
            SelfEvaluationItem::GenomicsLiteracy => &self.genomics_literacy,
            SelfEvaluationItem::NeedCollaboration => &self.need_collaboration,
        }
    }

    fn slot_mut(&mut self, item: SelfEvaluationItem) -> &mut Option<Rating> {
        match item {
            SelfEvaluationItem::ImplementationLevel => &mut self.implementation_level,
            SelfEvaluationItem::NeedImplementation => &mut self.need_implementation,
            SelfEvaluationItem::NeedFunding => &mut self.need_funding,
            SelfEvaluationItem::NeedSkills => &mut self.need_skills,
            SelfEvaluationItem::GenomicsLiteracy => &mut self.genomics_literacy,
            SelfEvaluationItem::NeedCollaboration => &mut self.need_collaboration,
        }
    }

    pub fn is_empty(&self) -> bool {
        SelfEvaluationItem::ALL.iter().all(|i| self.get(*i).is_none())
    }
}
