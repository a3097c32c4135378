//! What the copies of a region's profile make of its published profile. The observatory
//! published three generations of pages (early, 2019/2020, 2021) and each asks different
//! questions: the 2021 pages have no membership questions, codes or self-evaluation; the
//! early pages have no key figures; and many copies are cut part-way. [`combine`] merges a
//! region's copies field by field (`crate::copies`): each field from the newest copy that
//! states it whole, lists united item by item, nothing a copy states lost, and the same
//! result in any order of the copies.

use crate::copies::{self, Item, Stated};
use crate::model::Profile;
use crate::origin::{Carried, Edition, ItemEdition};
use crate::text::Text;

/// A field's edition after a merge, and its items that come from another edition.
type Combined = (Edition, Vec<(String, Edition)>);

/// A field of the profile as a unit of provenance: what a page states or does not.
pub struct Field {
    pub id: &'static str,
    /// The section name on the profile page.
    pub label: &'static str,
    states: fn(&Profile) -> bool,
    take: fn(&mut Profile, &Profile),
    same: fn(&Profile, &Profile) -> bool,
    /// Sets the field of the first profile from the copies; its edition, and the items
    /// that come from another edition. `None` when no copy states it.
    combine: fn(&mut Profile, &[Copy<'_>]) -> Option<Combined>,
    /// The names of a list field's items (none for a single value).
    idents: fn(&Profile) -> Vec<String>,
    list: bool,
}

impl Field {
    pub fn states(&self, p: &Profile) -> bool {
        (self.states)(p)
    }

    /// The names of the field's items, for a list; empty for a single value.
    pub fn idents(&self, p: &Profile) -> Vec<String> {
        (self.idents)(p)
    }

    /// A field of items (merged item by item), not a single value.
    pub fn is_list(&self) -> bool {
        self.list
    }

    /// Whether two profiles say the same in this field.
    pub fn same(&self, a: &Profile, b: &Profile) -> bool {
        (self.same)(a, b)
    }
}

/// A copy of a region's profile as the merge reads it.
pub struct Copy<'a> {
    pub profile: &'a Profile,
    partial: Vec<&'static str>,
}

/// The edition of a copy that states none (JSON without provenance): older than any page.
const UNDATED: Edition = Edition { year: 0, layout: None, stated: false };

impl<'a> Copy<'a> {
    pub fn new(profile: &'a Profile) -> Copy<'a> {
        let partial = match &profile.origin.incomplete {
            None => Vec::new(),
            Some(cut) if !cut.partial.is_empty() => {
                FIELDS.iter().filter(|f| cut.partial.iter().any(|p| p == f.id)).map(|f| f.id).collect()
            }
            // Stored before copies said where they stop: the last field they state.
            Some(_) => profile.stated_fields().last().map(|f| f.id).into_iter().collect(),
        };
        Copy { profile, partial }
    }

    fn stated<'b, T>(&'b self, id: &str, value: &'b T) -> Stated<'b, T> {
        let o = &self.profile.origin;
        Stated {
            value,
            edition: self.profile.field_edition(id).unwrap_or(UNDATED),
            partial: self.partial.contains(&id),
            item_editions: o.items.iter().filter(|i| i.field == id).map(|i| (i.item.to_string(), i.edition)).collect(),
        }
    }
}

macro_rules! fields {
    ($($id:literal, $label:literal, $($path:ident).+, $kind:ident;)*) => {
        /// Every field a page may state, in profile order.
        pub const FIELDS: &[Field] = &[$(Field {
            id: $id,
            label: $label,
            states: |p| fields!(@states $kind, p.$($path).+),
            take: |to, from| to.$($path).+ = from.$($path).+.clone(),
            same: |a, b| a.$($path).+ == b.$($path).+,
            combine: |out, copies| {
                let cands: Vec<_> = copies
                    .iter()
                    .filter(|c| fields!(@states $kind, c.profile.$($path).+))
                    .map(|c| c.stated($id, &c.profile.$($path).+))
                    .collect();
                fields!(@combine $kind, out.$($path).+, cands)
            },
            idents: |p| fields!(@idents $kind, p.$($path).+),
            list: fields!(@list $kind),
        }),*];
    };
    (@list list) => { true };
    (@list eval) => { true };
    (@list $scalar:ident) => { false };
    (@idents list, $e:expr) => { $e.iter().map(|i| i.ident()).collect() };
    (@idents eval, $e:expr) => { copies::Rated::all(&$e).iter().map(|i| i.ident()).collect() };
    (@idents $scalar:ident, $e:expr) => {{
        let _ = &$e;
        Vec::new()
    }};
    (@states list, $e:expr) => { !$e.is_empty() };
    (@states text, $e:expr) => { !$e.is_empty() };
    (@states opt, $e:expr) => { $e.is_some() };
    (@states eval, $e:expr) => { !$e.is_empty() };
    (@combine list, $to:expr, $cands:ident) => {{
        let merged = copies::list(&$cands);
        let top = merged.iter().map(|m| m.edition).max()?;
        let other = merged.iter().filter(|m| m.edition != top).map(|m| (m.item.ident(), m.edition)).collect();
        $to = merged.into_iter().map(|m| m.item).collect();
        Some((top, other))
    }};
    (@combine eval, $to:expr, $cands:ident) => {{
        let rated: Vec<Vec<copies::Rated>> = $cands.iter().map(|c| copies::Rated::all(c.value)).collect();
        let cands: Vec<_> = $cands
            .iter()
            .zip(&rated)
            .map(|(c, r)| Stated { value: r, edition: c.edition, partial: c.partial, item_editions: c.item_editions.clone() })
            .collect();
        let merged = copies::list(&cands);
        let top = merged.iter().map(|m| m.edition).max()?;
        let other = merged.iter().filter(|m| m.edition != top).map(|m| (m.item.ident(), m.edition)).collect();
        $to = copies::Rated::evaluation(merged.into_iter().map(|m| m.item));
        Some((top, other))
    }};
    (@combine $scalar:ident, $to:expr, $cands:ident) => {{
        let (value, edition) = copies::scalar(&$cands)?;
        $to = value.clone();
        Some((edition, Vec::new()))
    }};
}

fields! {
    "innovation", "Innovation group", key_figures.innovation, opt;
    "innovation_earlier", "Earlier innovation groups", key_figures.innovation_earlier, list;
    "population", "Population", key_figures.population, opt;
    "density", "Density", key_figures.density, opt;
    "over65_share", "Share over 65", key_figures.over65_share, opt;
    "websites", "Website", websites, list;
    "description", "Description", description, text;
    "health_profile", "Health profile", health_profile, text;
    "collaboration", "Collaboration", collaboration, opt;
    "memberships", "Memberships", memberships, list;
    "policy_documents", "Policy documents", policy_documents, list;
    "policy_topics", "Topics covered by policies", policy_topics, list;
    "support_measures", "Support measures", support_measures, list;
    "funding_programmes", "Funding programmes", funding_programmes, list;
    "nace", "NACE codes", nace, list;
    "nabs", "NABS domains", nabs, list;
    "policy_objectives", "Policy objectives", policy_objectives, list;
    "ris3", "RIS3 strategy", ris3, opt;
    "pm_ris3", "PM in RIS3", pm_ris3, opt;
    "initiatives", "Major initiatives", initiatives, list;
    "digital_innovation_hubs", "Digital innovation hubs", digital_innovation_hubs, list;
    "represented_in", "Represented in", represented_in, list;
    "self_evaluation", "Self-evaluation", self_evaluation, eval;
    "image_attribution", "Image attribution", image_attribution, opt;
}

/// The published profile of a region from its copies (each a page as read, a merged
/// profile read back with its provenance, or the region's last edit): each field from the
/// newest copy that states it whole, lists united item by item; the same profile for the
/// copies in any order. The name, the national flag and the leftover lines come from the
/// newest, most complete copy. `None` for no copies.
pub fn combine(copies: &[&Profile]) -> Option<Profile> {
    let ranked = {
        let mut r: Vec<(&Profile, String)> =
            copies.iter().map(|p| (*p, serde_json::to_string(p).unwrap_or_default())).collect();
        r.sort_by(|(a, ja), (b, jb)| {
            let e = |p: &Profile| p.origin.edition.unwrap_or(UNDATED);
            e(b).cmp(&e(a))
                .then(a.origin.incomplete.is_some().cmp(&b.origin.incomplete.is_some()))
                .then(jb.len().cmp(&ja.len()))
                .then(ja.cmp(jb))
        });
        r
    };
    let primary = ranked.first()?.0;
    let all: Vec<Copy<'_>> = ranked.iter().map(|(p, _)| Copy::new(p)).collect();
    let mut out = primary.clone();
    let mut editions: Vec<(&'static str, Edition)> = Vec::new();
    let mut items: Vec<ItemEdition> = Vec::new();
    for f in FIELDS {
        if let Some((edition, other)) = (f.combine)(&mut out, &all) {
            editions.push((f.id, edition));
            items.extend(other.into_iter().filter(|(_, e)| *e != UNDATED).filter_map(|(item, edition)| {
                Some(ItemEdition { field: f.id.to_string(), item: Text::new(&item)?, edition })
            }));
        }
    }
    out.normalise();
    let top = editions.iter().map(|(_, e)| *e).max().max(primary.origin.edition).filter(|e| *e != UNDATED);
    out.origin.edition = top;
    out.origin.carried = editions
        .into_iter()
        .filter(|(_, e)| Some(*e) != top && *e != UNDATED)
        .map(|(id, edition)| Carried { field: id.to_string(), edition })
        .collect();
    out.origin.items = items;
    Some(out)
}

/// Applies the changes `mine` made to `base` on top of `theirs` (the version current now,
/// which may have changed since `base`), field by field: a field only one side changed
/// takes that side's value; a field both changed differently is a conflict, named, and
/// nothing is merged. The name and the national flag count as fields.
pub fn merge(base: &Profile, theirs: &Profile, mine: &Profile) -> Result<Profile, Vec<&'static str>> {
    let mut out = theirs.clone();
    let mut conflicts = Vec::new();
    for f in FIELDS {
        if (f.same)(base, mine) {
            continue;
        }
        if !(f.same)(base, theirs) && !(f.same)(theirs, mine) {
            conflicts.push(f.label);
        } else {
            (f.take)(&mut out, mine);
        }
    }
    if base.name != mine.name {
        if base.name != theirs.name && theirs.name != mine.name {
            conflicts.push("Name");
        } else {
            out.name = mine.name.clone();
        }
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

pub fn field(id: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.id == id)
}

/// A field as a reader knows it: its section's name on the profile page ("Memberships"), or
/// the id itself for one that is not a field.
pub fn label(id: &str) -> &str {
    field(id).map_or(id, |f| f.label)
}

impl Profile {
    /// The edition a field's value comes from.
    pub fn field_edition(&self, id: &str) -> Option<Edition> {
        let o = &self.origin;
        o.carried.iter().find(|c| c.field == id).map(|c| c.edition).or(o.edition)
    }

    /// The fields this profile states.
    pub fn stated_fields(&self) -> impl Iterator<Item = &'static Field> + '_ {
        FIELDS.iter().filter(|f| f.states(self))
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn a_change_on_an_old_version_keeps_the_change_made_since() {
        let base = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        let mut theirs = base.clone();
        theirs.key_figures.population.as_mut().unwrap().value = 1;
        let mut mine = base.clone();
        mine.websites = vec![crate::Text::new("https://example.org").unwrap()];
        let merged = merge(&base, &theirs, &mine).unwrap();
        assert_eq!(merged.key_figures.population.as_ref().unwrap().value, 1, "their change stays");
        assert_eq!(merged.websites, mine.websites, "mine is applied");
        // Both changed the population differently: a conflict, named.
        mine.key_figures.population.as_mut().unwrap().value = 2;
        assert_eq!(merge(&base, &theirs, &mine).unwrap_err(), ["Population"]);
        // The same change on both sides is none.
        mine.key_figures.population.as_mut().unwrap().value = 1;
        assert!(merge(&base, &theirs, &mine).is_ok());
    }
}
