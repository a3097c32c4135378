//! Key figures: the Regional Innovation Scoreboard group by edition, population, density
//! and the share over 65, each with the reference year the document gives.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::Text;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigures {
    /// Regional Innovation Scoreboard performance group: the newest the page states.
    #[serde(default)]
    pub innovation: Option<Innovation>,
    /// Groups of older scoreboard editions the same page states too ("(2019) Moderate -"
    /// above "(2021) Emerging innovator +"), newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub innovation_earlier: Vec<Innovation>,
    /// Total population.
    #[serde(default)]
    pub population: Option<Figure<u64>>,
    /// Inhabitants per km².
    #[serde(default)]
    pub density: Option<Figure<f64>>,
    /// Share of the population aged over 65, in percent.
    #[serde(default)]
    pub over65_share: Option<Figure<f64>>,
}

/// A key figure with the reference year the document gives for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure<T> {
    pub value: T,
    #[serde(default)]
    pub year: Option<u16>,
}

/// Innovation performance group of the Regional Innovation Scoreboard, by edition.
/// Most regions have one group; a few give one per area ("Dresden Leader -, Chemnitz Strong -").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Innovation {
    /// Scoreboard edition (2019, 2021).
    #[serde(default)]
    pub edition: Option<u16>,
    pub groups: Vec<AreaGroup>,
}

impl Innovation {
    /// The group of the region as a whole, or of its first area.
    pub fn primary(&self) -> Option<Group> {
        self.groups.first().map(|g| g.group)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaGroup {
    /// The sub-area this group is for; `None` for the whole region.
    #[serde(default)]
    pub area: Option<Text>,
    pub group: Group,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub tier: Tier,
    #[serde(default)]
    pub modifier: Option<Modifier>,
}

impl Group {
    /// Position on a single scale, for sorting and colouring: Emerging − (0) … Leader + (11).
    /// Modest ranks as Emerging, the name the scoreboard gave it in 2021.
    pub fn rank(self) -> u8 {
        self.tier.level() * 3
            + match self.modifier {
                Some(Modifier::Minus) => 0,
                None => 1,
                Some(Modifier::Plus) => 2,
            }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tier.label())?;
        match self.modifier {
            Some(Modifier::Plus) => f.write_str(" +"),
            Some(Modifier::Minus) => f.write_str(" -"),
            None => Ok(()),
        }
    }
}

/// Scoreboard tiers, weakest first. The Regional Innovation Scoreboard has four groups
/// (Leader, Strong, Moderate, Emerging); its 2021 edition renamed "Modest" to "Emerging". Both
/// are kept as written, and [`Tier::group`] reads Modest as Emerging wherever regions are
/// grouped, ranked or coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Emerging,
    Modest,
    Moderate,
    Strong,
    Leader,
}

impl Tier {
    pub const ALL: [Tier; 5] = [Tier::Emerging, Tier::Modest, Tier::Moderate, Tier::Strong, Tier::Leader];

    pub fn label(self) -> &'static str {
        match self {
            Tier::Emerging => "Emerging",
            Tier::Modest => "Modest",
            Tier::Moderate => "Moderate",
            Tier::Strong => "Strong",
            Tier::Leader => "Leader",
        }
    }

    /// The scoreboard's four groups, strongest first.
    pub const GROUPS: [Tier; 4] = [Tier::Leader, Tier::Strong, Tier::Moderate, Tier::Emerging];

    /// The group of the current scoreboard: Modest is Emerging.
    pub fn group(self) -> Tier {
        if self == Tier::Modest {
            Tier::Emerging
        } else {
            self
        }
    }

    /// 0 (Emerging, Modest) to 3 (Leader).
    fn level(self) -> u8 {
        match self {
            Tier::Emerging | Tier::Modest => 0,
            Tier::Moderate => 1,
            Tier::Strong => 2,
            Tier::Leader => 3,
        }
    }

    /// How a grouping shows the group: Emerging names its older name too.
    pub fn group_label(self) -> &'static str {
        match self.group() {
            Tier::Emerging => "Emerging (Modest)",
            t => t.label(),
        }
    }

    pub fn from_word(w: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.label().eq_ignore_ascii_case(w))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    Plus,
    Minus,
}
