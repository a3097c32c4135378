//! What changed between two versions of a profile, in the profile page's words: one line a
//! change, under the page's section names, with both values as the page shows them
//! ("Innovation group: Strong (2019) → Leader − (2021)", "Memberships: ICPerMed: not a member
//! → member"). List items are paired by what identifies them (a network, a code, an
//! initiative's name), so a changed initiative is one line and a new one is "added". Where
//! the data comes from is said in words too ("Memberships now come from the 2019 edition").
//! Field paths, ids and JSON stay in [`crate::diff`], for the technical view and the API.

use crate::model::Profile;
use crate::origin::Edition;
use crate::publish::{label, FIELDS};
use crate::shown::{self, Shown};

/// One change, as a reader is told it.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    /// The section of the profile page ("Memberships", "Source of the data").
    pub section: &'static str,
    /// The item of a list or the part of a value it is about ("ICPerMed", "Fields of
    /// interest"); `None` for the section's one value.
    pub item: Option<String>,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum What {
    Added(String),
    Removed(String),
    Changed {
        before: String,
        after: String,
    },
    /// A sentence of its own (where the data comes from).
    Note(String),
}

/// The section that says where the data comes from.
pub const SOURCE: &str = "Source of the data";

/// Every change from `a` to `b`, in the order of the profile page.
pub fn changes(a: &Profile, b: &Profile) -> Vec<Said> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(changed("Name", None, a.name.to_string(), b.name.to_string()));
    }
    if a.national_level != b.national_level {
        let w = |x: bool| if x { "yes" } else { "no" }.to_string();
        out.push(changed("National-level profile", None, w(a.national_level), w(b.national_level)));
    }
    // A copy cut part-way does not state what came after the cut: that is not a removal.
    let cut = b.origin.incomplete.is_some();
    let mut missing = Vec::new();
    for f in FIELDS {
        if f.same(a, b) {
            continue;
        }
        if cut && f.states(a) && !f.states(b) {
            missing.push(f.label);
            continue;
        }
        field_changes(f.label, shown::field(a, f.id), shown::field(b, f.id), &mut out);
    }
    extras(a, b, &mut out);
    source(a, b, &missing, &mut out);
    out
}

fn changed(section: &'static str, item: Option<String>, before: String, after: String) -> Said {
    Said { section, item, what: What::Changed { before, after } }
}

fn one(section: &'static str, item: Option<String>, before: Option<String>, after: Option<String>) -> Option<Said> {
    let what = match (before, after) {
        (Some(x), Some(y)) if x == y => return None,
        (Some(x), Some(y)) => What::Changed { before: x, after: y },
        (None, Some(y)) => What::Added(y),
        (Some(x), None) => What::Removed(x),
        (None, None) => return None,
    };
    Some(Said { section, item, what })
}

fn field_changes(section: &'static str, a: Shown, b: Shown, out: &mut Vec<Said>) {
    match (a, b) {
        (Shown::One(x), Shown::One(y)) => out.extend(one(section, None, x, y)),
        (Shown::Parts(x), Shown::Parts(y)) => {
            for ((label, x), (_, y)) in x.into_iter().zip(y) {
                out.extend(one(section, Some(label.to_string()), x, y));
            }
        }
        (Shown::Paragraphs(x), Shown::Paragraphs(y)) => paragraphs(section, &x, &y, out),
        (Shown::Items(x), Shown::Items(y)) => {
            for j in &y {
                match x.iter().find(|i| i.ident == j.ident) {
                    None => out.push(Said { section, item: None, what: What::Added(with_value(j)) }),
                    Some(i) if i.name == j.name && i.value != j.value => {
                        let (before, after) = (blank(&i.value), blank(&j.value));
                        out.push(changed(section, Some(j.name.clone()), before, after));
                    }
                    Some(i) if i.name != j.name || i.value != j.value => {
                        out.push(changed(section, None, with_value(i), with_value(j)));
                    }
                    Some(_) => {}
                }
            }
            for i in x.iter().filter(|i| !y.iter().any(|j| j.ident == i.ident)) {
                out.push(Said { section, item: None, what: What::Removed(with_value(i)) });
            }
        }
        _ => {}
    }
}

/// Paragraphs paired past the ones both versions begin and end with, the rest by place: so a
/// changed paragraph is compared with its old self, word by word, and one added is "added".
fn paragraphs(section: &'static str, x: &[String], y: &[String], out: &mut Vec<Said>) {
    let head = x.iter().zip(y).take_while(|(a, b)| a == b).count();
    let tail = x[head..].iter().rev().zip(y[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (mx, my) = (&x[head..x.len() - tail], &y[head..y.len() - tail]);
    let numbered = x.len().max(y.len()) > 1;
    for i in 0..mx.len().max(my.len()) {
        let item = numbered.then(|| format!("paragraph {}", head + i + 1));
        out.extend(one(section, item, mx.get(i).cloned(), my.get(i).cloned()));
    }
}

fn blank(v: &str) -> String {
    if v.is_empty() {
        "nothing more".to_string()
    } else {
        v.to_string()
    }
}

/// An item named with what it says: "ICPerMed: member", "HELIUM: health data platform".
fn with_value(i: &shown::Item) -> String {
    if i.value.is_empty() || i.value == i.name {
        i.name.clone()
    } else {
        format!("{}: {}", i.name, i.value)
    }
}

/// Lines the reader could not place, which the versions page keeps for curators.
fn extras(a: &Profile, b: &Profile, out: &mut Vec<Said>) {
    const SECTION: &str = "Lines not read into a field";
    for e in b.extras.iter().filter(|e| !a.extras.iter().any(|x| x.text == e.text)) {
        out.push(Said { section: SECTION, item: None, what: What::Added(e.text.to_string()) });
    }
    for e in a.extras.iter().filter(|e| !b.extras.iter().any(|x| x.text == e.text)) {
        out.push(Said { section: SECTION, item: None, what: What::Removed(e.text.to_string()) });
    }
}

/// Where the data comes from, in sentences.
fn source(a: &Profile, b: &Profile, missing: &[&str], out: &mut Vec<Said>) {
    let (oa, ob) = (&a.origin, &b.origin);
    let mut note = |s: String| out.push(Said { section: SOURCE, item: None, what: What::Note(s) });
    let ed = |e: Option<Edition>| e.map_or("an undated copy".to_string(), |e| format!("the {e}"));
    if oa.edition != ob.edition {
        note(format!("Now read from {} (before: {}).", ed(ob.edition), ed(oa.edition)));
    }
    match (&oa.incomplete, &ob.incomplete) {
        (_, Some(cut)) if oa.incomplete.as_ref() != Some(cut) => {
            let stops = cut.partial.iter().map(|f| label(f)).collect::<Vec<_>>();
            let stops = if stops.is_empty() { " part-way".to_string() } else { format!(" in {}", stops.join(" and ")) };
            note(format!("This copy was only partly available: it stops{stops}, after “{}”.", cut.after))
        }
        (Some(_), None) => note("Now read from a whole copy of the page.".to_string()),
        _ => {}
    }
    if !missing.is_empty() {
        note(format!("Not in this copy, so unchanged: {}.", missing.join(", ")));
    }
    for f in FIELDS {
        let carried = |p: &Profile| p.origin.carried.iter().find(|c| c.field == f.id).map(|c| c.edition);
        let (ca, cb) = (carried(a), carried(b));
        if ca == cb || !f.states(b) {
            continue;
        }
        match cb {
            Some(e) => note(format!("{} now come from the {e}.", f.label)),
            None => note(format!("{} now come from {}, as the rest.", f.label, ed(ob.edition))),
        }
    }
    mixed(a, b, &mut note);
}

/// Items of a list that come from another edition than their list: said when their number
/// changes ("Memberships: 19 answers now from the 2019 edition").
fn mixed(a: &Profile, b: &Profile, note: &mut impl FnMut(String)) {
    let count = |p: &Profile, field: &str, e: Edition| {
        p.origin.items.iter().filter(|i| i.field == field && i.edition == e).count()
    };
    let mut seen: Vec<(&str, Edition)> = Vec::new();
    for i in a.origin.items.iter().chain(b.origin.items.iter()) {
        if seen.contains(&(i.field.as_str(), i.edition)) {
            continue;
        }
        seen.push((i.field.as_str(), i.edition));
        let (na, nb) = (count(a, &i.field, i.edition), count(b, &i.field, i.edition));
        if na == nb {
            continue;
        }
        let unit = crate::effect::unit_of(&i.field);
        let s = if nb == 1 { "" } else { "s" };
        note(match nb {
            0 => format!("{}: no {unit} from the {} any more.", label(&i.field), i.edition),
            n => format!("{}: {n} {unit}{s} now from the {} (before: {na}).", label(&i.field), i.edition),
        });
    }
}

impl Said {
    /// The change as one line of text, past its section: "ICPerMed: not a member → member",
    /// "added “HELIUM”".
    pub fn line(&self) -> String {
        let item = self.item.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
        match &self.what {
            What::Added(v) => format!("{item}added “{v}”"),
            What::Removed(v) => format!("{item}removed “{v}”"),
            What::Changed { before, after } => format!("{item}{before} → {after}"),
            What::Note(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Profile {
        crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
    }

    fn lines(a: &Profile, b: &Profile) -> Vec<String> {
        changes(a, b).iter().map(|s| format!("{}: {}", s.section, s.line())).collect()
    }

    #[test]
    fn changes_read_as_the_page() {
        let a = seed();
        let text = include_str!("../../../data/demo/DEG-thuringia.txt")
            .replace("Performance (2019) Strong", "Performance (2021) Leader -")
            .replace("Member ICPerMed? no", "Member ICPerMed? yes")
            .replace("Bad Berka \u{a0}nuclear medicine", "Bad Berka \u{a0}theranostics")
            .replace("6. Medtch4Europe\u{a0}", "6. HELIUM \u{a0} health data platform");
        let b = crate::parse(&text).unwrap().profile;
        let got = lines(&a, &b);
        for want in [
            "Innovation group: Strong (2019) → Leader − (2021)",
            "Memberships: ICPerMed: not a member → member",
            "Major initiatives: Zentralklinik Bad Berka: nuclear medicine → theranostics",
            "Major initiatives: added “HELIUM: health data platform”",
            "Major initiatives: removed “Medtch4Europe”",
        ] {
            assert!(got.iter().any(|l| l == want), "{want:?} not in {got:#?}");
        }
        for l in &got {
            for raw in ["null", "_", "[", "country_level", "y2019", "minus"] {
                assert!(!l.contains(raw), "{raw:?} in {l:?}");
            }
        }
    }

    #[test]
    fn a_cut_copy_does_not_remove_what_it_does_not_reach() {
        let a = seed();
        let text = include_str!("../../../data/demo/DEG-thuringia.txt");
        let cut = &text[..text.find("Policy documents").unwrap()];
        let b = crate::parse(cut).unwrap().profile;
        assert!(b.origin.incomplete.is_some(), "the reader sees the cut");
        let got = lines(&a, &b);
        assert!(got.iter().all(|l| !l.contains("removed")), "{got:#?}");
        assert!(got.iter().any(|l| l.contains("Not in this copy, so unchanged: Policy documents")), "{got:#?}");
        assert!(lines(&a, &a).is_empty());
    }
}
