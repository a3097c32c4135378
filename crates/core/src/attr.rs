//! One id and one label for every attribute a reader can filter, map, compare or export: the
//! search facets, the map's colourings, the compare rows and the export columns all take
//! them from here, so `membership.errin` is the same thing in a URL, a map, a CSV column and
//! the JSON API.

use crate::model::{Collaboration, MembershipAnswer, Rating, SelfEvaluationItem, Tier};
use crate::vocab::NetworkId;

/// An attribute: its id (URL parameter, map attribute, export column) and its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attr {
    pub id: &'static str,
    pub label: &'static str,
}

pub const COUNTRY: Attr = Attr { id: "country", label: "Country" };
pub const LEVEL: Attr = Attr { id: "level", label: "NUTS level" };
pub const INNOVATION: Attr = Attr { id: "innovation", label: "Innovation group" };
pub const SEEKING: Attr = Attr { id: "seeking", label: "Seeking collaboration" };
pub const TOPIC: Attr = Attr { id: "topic", label: "Collaboration topics" };
pub const EDITION: Attr = Attr { id: "edition", label: "Edition of the data" };
pub const POPULATION: Attr = Attr { id: "population", label: "Population" };
pub const DENSITY: Attr = Attr { id: "density", label: "Population density" };
pub const OVER65: Attr = Attr { id: "over65_share", label: "Share of the population over 65" };
pub const PM_RIS3: Attr = Attr { id: "pm_ris3", label: "PM in the RIS3 strategy" };
pub const RIS3: Attr = Attr { id: "ris3", label: "RIS3 strategy" };
pub const POLICY_TOPICS: Attr = Attr { id: "policy_topic", label: "Topics covered by policies" };
pub const NACE: Attr = Attr { id: "nace", label: "NACE Rev. 2" };
pub const NABS: Attr = Attr { id: "nabs", label: "NABS 2007" };
pub const POLICY_OBJECTIVES: Attr = Attr { id: "policy_objectives", label: "Eye@RIS3 policy objectives" };

/// The id of a membership attribute: `membership.errin`.
pub fn membership(n: NetworkId) -> String {
    format!("membership.{}", n.id())
}

/// The id of a self-evaluation attribute: `rating.need_funding`.
pub fn rating(i: SelfEvaluationItem) -> String {
    format!("rating.{}", i.id())
}

/// What a profile says about seeking collaboration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    Seeking,
    NotSeeking,
    /// The question is unanswered, or the answer says neither.
    NotStated,
}

impl Stance {
    pub fn of(c: Option<&Collaboration>) -> Stance {
        match c {
            Some(c) if c.is_seeking() => Stance::Seeking,
            Some(c) if c.seeking == Some(false) => Stance::NotSeeking,
            _ => Stance::NotStated,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Stance::Seeking => "yes",
            Stance::NotSeeking => "no",
            Stance::NotStated => "not_stated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stance::Seeking => "Yes",
            Stance::NotSeeking => "No",
            Stance::NotStated => "Not stated",
        }
    }
}

impl Tier {
    /// The URL id of a tier (`strong`).
    pub fn id(self) -> &'static str {
        match self {
            Tier::Emerging => "emerging",
            Tier::Modest => "modest",
            Tier::Moderate => "moderate",
            Tier::Strong => "strong",
            Tier::Leader => "leader",
        }
    }
}

impl Rating {
    /// The URL id of a rating (`very_high`).
    pub fn id(self) -> &'static str {
        match self {
            Rating::VeryLow => "very_low",
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
            Rating::VeryHigh => "very_high",
        }
    }
}

impl MembershipAnswer {
    /// How an answer reads in a facet, a grid or a comparison.
    pub fn label(self) -> &'static str {
        match self {
            MembershipAnswer::Yes => "Yes",
            MembershipAnswer::No => "No",
            MembershipAnswer::CountryLevelMember => "Member through the country",
            MembershipAnswer::CountryLevelObserver => "Observer through the country",
            MembershipAnswer::Mixed => "Partly",
            MembershipAnswer::Other => "Other answer",
            MembershipAnswer::Unanswered => "Not answered",
        }
    }
}
