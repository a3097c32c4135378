//! Where a profile's data comes from: the edition of the page it was read from, whether that
//! copy stopped part-way, and which fields were carried forward from older editions. What a
//! new copy does to the published profile is [`crate::publish`].

use std::cmp::Ordering;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Which generation of the observatory's pages a document follows (`FIELDS.md` §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `Name (CODE)` pages of the first release (2019/early 2020).
    Early,
    /// The 2019/2020 layout of the seed document (and the canonical form).
    Y2019,
    /// The 2021 update.
    Y2021,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::Early, Layout::Y2019, Layout::Y2021];

    pub fn id(self) -> &'static str {
        match self {
            Layout::Early => "early",
            Layout::Y2019 => "2019",
            Layout::Y2021 => "2021",
        }
    }

    /// The year the layout's pages were published, for ordering copies that state none.
    pub fn period(self) -> u16 {
        match self {
            Layout::Early | Layout::Y2019 => 2019,
            Layout::Y2021 => 2021,
        }
    }

    fn from_id(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.id() == s)
    }
}

/// The date of the data: the year of the edition and the page generation it was read from.
/// Ordered oldest first: by year, then early < 2019 < 2021 layout < submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The scoreboard year the page states, or else its layout's period, or the year a
    /// region submitted the data.
    pub year: u16,
    /// The page generation; `None` for data submitted through the survey.
    #[serde(default)]
    pub layout: Option<Layout>,
    /// The year is stated on the page ("Regional Innovation Performance (2021)"), not
    /// inferred from the layout.
    #[serde(default)]
    pub stated: bool,
}

impl Edition {
    /// The edition of a page: the year it states, else its layout's period.
    pub fn of_page(layout: Layout, stated_year: Option<u16>) -> Edition {
        Edition { year: stated_year.unwrap_or(layout.period()), layout: Some(layout), stated: stated_year.is_some() }
    }

    fn key(&self) -> (u16, u8) {
        (self.year, self.layout.map_or(3, |l| l as u8))
    }

    /// How a reader sees it: "2021 edition", "undated early edition", "submitted 2026".
    pub fn label(&self) -> String {
        match self.layout {
            // The early pages state no year: never to be taken for the 2019 edition.
            Some(Layout::Early) if !self.stated => "undated early edition".to_string(),
            Some(Layout::Early) => format!("early edition of {}", self.year),
            Some(_) => format!("{} edition", self.year),
            None => format!("submitted {}", self.year),
        }
    }

    /// Why the copy is dated so: for the import summary.
    pub fn reason(&self) -> String {
        match (self.layout, self.stated) {
            (Some(l), true) => format!("{} layout, states {}", l.id(), self.year),
            (Some(l), false) => format!("{} layout, no year stated", l.id()),
            (None, _) => "submitted".into(),
        }
    }

    /// The canonical text form: `2021, 2021 layout, year stated`.
    pub fn spec(&self) -> String {
        let layout = self.layout.map_or("submitted".to_string(), |l| format!("{} layout", l.id()));
        let stated = if self.stated { ", year stated" } else { "" };
        format!("{}, {layout}{stated}", self.year)
    }

    pub fn from_spec(s: &str) -> Option<Edition> {
        let mut parts = s.split(',').map(str::trim);
        let year: u16 = parts.next()?.parse().ok()?;
        let layout = match parts.next()? {
            "submitted" => None,
            l => Some(Layout::from_id(l.strip_suffix(" layout")?)?),
        };
        let stated = match parts.next() {
            None => false,
            Some("year stated") => true,
            Some(_) => return None,
        };
        parts.next().is_none().then_some(Edition { year, layout, stated })
    }
}

impl PartialOrd for Edition {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Edition {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key()).then(self.stated.cmp(&other.stated))
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Where a copy stops part-way: the last line it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// Line number of the last line of the copy.
    pub line: u32,
    /// The start of that line, as written ("Topics cover").
    pub after: Text,
    /// The fields whose end the copy does not reach: the one the cut falls in (a list of it
    /// may lack its last items, and its last item may be cut mid-word). Fields before them
    /// are whole; fields after them are not stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<String>,
}

/// A field taken from an older copy because the newest copy does not state it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Carried {
    /// The field's id (see [`crate::publish::FIELDS`]).
    pub field: String,
    pub edition: Edition,
}

/// Provenance of a profile's data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The edition of the copy the profile was read from (the newest, after a merge).
    #[serde(default)]
    pub edition: Option<Edition>,
    /// Set when that copy stops part-way.
    #[serde(default)]
    pub incomplete: Option<Cut>,
    /// Fields carried forward from older copies, with their edition.
    #[serde(default)]
    pub carried: Vec<Carried>,
    /// Items of a list that come from another edition than their field's (a list merged from
    /// several copies: a cut copy's items added to a whole one, or items only an older
    /// edition names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemEdition>,
}

/// An item of a list field and the edition it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemEdition {
    /// The field's id (see [`crate::publish::FIELDS`]).
    pub field: String,
    /// The item's name (a network's id, a code, an initiative's name …).
    pub item: Text,
    pub edition: Edition,
}

impl Origin {
    pub fn is_empty(&self) -> bool {
        self.edition.is_none() && self.incomplete.is_none() && self.carried.is_empty() && self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_order_by_year_then_layout_and_spell_back() {
        let early = Edition::of_page(Layout::Early, None);
        let y2019 = Edition::of_page(Layout::Y2019, Some(2019));
        let y2021 = Edition::of_page(Layout::Y2021, Some(2021));
        assert!(early < y2019 && y2019 < y2021);
        assert!(Some(early) > None, "a dated copy is newer than an undated one");
        for e in [early, y2019, y2021, Edition { year: 2026, layout: None, stated: true }] {
            assert_eq!(Edition::from_spec(&e.spec()), Some(e), "{}", e.spec());
        }
        assert_eq!(early.label(), "undated early edition");
        assert_eq!(y2021.label(), "2021 edition");
        assert_eq!(Edition::from_spec("2021, 2021 layout, year stated, more"), None);
    }
}
