//! What a new copy of a region's profile does to the published one. The observatory
//! published three generations of pages (early, 2019/2020, 2021) and each asks different
//! questions: the 2021 pages have no membership questions, codes or self-evaluation; the
//! early pages have no key figures. [`publish`] takes each field from the newest copy that
//! states it, and a copy cut part-way never replaces what a copy of its edition said.

use crate::model::Profile;
use crate::origin::{Carried, Edition};

/// A field of the profile as a unit of provenance: what a page states or does not.
pub struct Field {
    pub id: &'static str,
    /// The section name on the profile page.
    pub label: &'static str,
    states: fn(&Profile) -> bool,
    take: fn(&mut Profile, &Profile),
    same: fn(&Profile, &Profile) -> bool,
}

impl Field {
    pub fn states(&self, p: &Profile) -> bool {
        (self.states)(p)
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
        }),*];
    };
    (@states list, $e:expr) => { !$e.is_empty() };
    (@states opt, $e:expr) => { $e.is_some() };
    (@states eval, $e:expr) => { !$e.is_empty() };
}

fields! {
    "innovation", "Innovation group", key_figures.innovation, opt;
    "population", "Population", key_figures.population, opt;
    "density", "Density", key_figures.density, opt;
    "over65_share", "Share over 65", key_figures.over65_share, opt;
    "websites", "Website", websites, list;
    "description", "Description", description, list;
    "health_profile", "Health profile", health_profile, list;
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

/// What a new copy of a region's profile does to the published one.
#[derive(Clone, Debug, PartialEq)]
pub enum Publish {
    /// The copy becomes (part of) the published profile.
    Current(Box<Profile>),
    /// A copy cut part-way that would remove fields a copy of its edition (or a newer one)
    /// states: it is kept as a version, not published.
    KeepOnly { lacks: Vec<&'static str> },
}

/// Decides what `incoming` does to the published profile `current`.
///
/// Each field comes from the newest copy that states it; at equal editions the incoming
/// copy wins (a page edited between crawls). With `replace`, the copy is published as read.
/// A copy with no edition (an edit, or JSON without provenance) is published as given.
pub fn publish(current: Option<&Profile>, incoming: &Profile, replace: bool) -> Publish {
    let Some(current) = current.filter(|_| !replace && incoming.origin.edition.is_some()) else {
        return Publish::Current(Box::new(incoming.clone()));
    };
    let new_ed = incoming.origin.edition;
    let lacks: Vec<&'static str> =
        FIELDS.iter().filter(|f| f.states(current) && !f.states(incoming)).map(|f| f.id).collect();
    // A cut copy never replaces what a copy of its own edition or a newer one says.
    if incoming.origin.incomplete.is_some() && lacks.iter().any(|id| current.field_edition(id) >= new_ed) {
        return Publish::KeepOnly { lacks };
    }
    let mut out = incoming.clone();
    let top = new_ed.max(current.origin.edition);
    let mut editions: Vec<(&'static str, Option<Edition>)> = Vec::new();
    for f in FIELDS {
        let old = f.states(current).then(|| current.field_edition(f.id));
        let new = f.states(incoming).then_some(new_ed);
        match (old, new) {
            (Some(o), Some(n)) if o > n => {
                (f.take)(&mut out, current);
                editions.push((f.id, o));
            }
            (_, Some(n)) => editions.push((f.id, n)),
            // What a newer copy does not state is not an answer (the 2021 layout asks no
            // membership questions): carried forward, with its edition.
            (Some(o), None) => {
                (f.take)(&mut out, current);
                editions.push((f.id, o));
            }
            (None, None) => {}
        }
    }
    out.origin.edition = top;
    out.origin.carried = editions
        .into_iter()
        .filter(|(_, e)| *e != top)
        .filter_map(|(id, e)| e.map(|edition| Carried { field: id.to_string(), edition }))
        .collect();
    Publish::Current(Box::new(out))
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
