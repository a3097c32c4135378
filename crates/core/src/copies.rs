//! Merging what several copies of a region's page state about one field. A region's copies
//! come from different editions and crawls, some cut part-way; the merge must lose nothing a
//! copy states and give the same result whatever order the copies came in. So candidates are
//! put in one canonical order (newest edition first, complete before partial, then by their
//! content) before anything is decided, and every rule below is a function of that order.
//!
//! - A scalar field: the first complete candidate wins; a partial one only when none is
//!   complete (a value cut at the page's end never replaces a whole one).
//! - A list field: items are matched by identity (the same name, or for an item cut at the
//!   page's end, a prefix of it) and united: the list of the best candidate first, then the
//!   items only other copies state, each with the edition it comes from. A matched item takes
//!   the newer copy's form unless that form is the one cut short.

use std::cmp::Ordering;

use serde::Serialize;

use crate::origin::Edition;

/// What one copy states about one field.
pub struct Stated<'a, T> {
    pub value: &'a T,
    pub edition: Edition,
    /// The field is where the copy stops: its end (a list's last items) was not seen.
    pub partial: bool,
    /// Editions of single items that differ from `edition` (a merged profile read back).
    pub item_editions: Vec<(String, Edition)>,
}

/// A candidate with what the canonical order compares.
struct Ranked<'a, T> {
    stated: &'a Stated<'a, T>,
    json: String,
}

fn rank<'a, T: Serialize>(cands: &'a [Stated<'a, T>]) -> Vec<Ranked<'a, T>> {
    let mut r: Vec<Ranked<'a, T>> =
        cands.iter().map(|s| Ranked { stated: s, json: serde_json::to_string(s.value).unwrap_or_default() }).collect();
    r.sort_by(|a, b| canonical(a, b));
    r
}

/// Newest edition first, complete before partial, more before less, then the content.
fn canonical<T>(a: &Ranked<'_, T>, b: &Ranked<'_, T>) -> Ordering {
    b.stated
        .edition
        .cmp(&a.stated.edition)
        .then(a.stated.partial.cmp(&b.stated.partial))
        .then(b.json.len().cmp(&a.json.len()))
        .then(a.json.cmp(&b.json))
}

/// A scalar field: the value and its edition.
pub fn scalar<'a, T: Serialize>(cands: &'a [Stated<'a, T>]) -> Option<(&'a T, Edition)> {
    let r = rank(cands);
    let best = r.iter().find(|c| !c.stated.partial).or(r.first())?;
    Some((best.stated.value, best.stated.edition))
}

/// An item of a list field.
pub trait Item: Clone + Serialize {
    /// Who the item is: the name a reader knows it by (kept in the provenance).
    fn ident(&self) -> String;
    /// An item that says less than any answer would ("the question is there, the answer is
    /// not"): never replaces one that says something.
    fn weak(&self) -> bool {
        false
    }
}

/// One item of a merged list, with where it comes from.
#[derive(Clone, Debug)]
pub struct Merged<T> {
    pub item: T,
    pub edition: Edition,
    /// The last item of a copy that stops part-way: it may be cut short.
    cut: bool,
    key: String,
}

/// Identity as compared: case, spacing and closing punctuation do not make another item.
pub fn key(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len());
    crate::text::fold_into(ident, &mut out);
    let t = out.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ');
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Only the last item of a copy cut part-way stands for a longer one it begins: however
/// short ("im" for "imec"), the page's end is what shortened it.
fn same_item<T>(a: &Merged<T>, b: &Merged<T>) -> bool {
    a.key == b.key || (a.cut && b.key.starts_with(&a.key)) || (b.cut && a.key.starts_with(&b.key))
}

/// The item's whole text, for telling a cut form from its whole one.
fn body<T: Serialize>(t: &T) -> String {
    serde_json::to_string(t).unwrap_or_default()
}

/// Whether `new` takes the place of `old` (they are the same item).
fn replaces<T: Item>(new: &Merged<T>, old: &Merged<T>) -> bool {
    if new.item.weak() && !old.item.weak() {
        return false;
    }
    if old.item.weak() && !new.item.weak() {
        return true;
    }
    // A form cut short never replaces the whole one; the whole one completes it.
    if new.cut && !old.cut && old.key.starts_with(&new.key) && old.key != new.key {
        return false;
    }
    if old.cut && !new.cut && new.key.starts_with(&old.key) && old.key != new.key {
        return true;
    }
    if new.cut != old.cut && new.key == old.key {
        // Same name, one copy perhaps cut inside the item: the one that says less is the
        // cut one (a description or an answer shortened); else the newer one, below.
        let (a, b) = (body(&new.item), body(&old.item));
        if a.len() != b.len() {
            let (cut, whole) = if new.cut { (&a, &b) } else { (&b, &a) };
            if cut.len() < whole.len() {
                return old.cut;
            }
        }
    }
    match new.edition.cmp(&old.edition) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => {
            let (a, b) = (body(&new.item), body(&old.item));
            (a.len(), &a) > (b.len(), &b)
        }
    }
}

/// A list field: the united items, each with its edition; empty when no copy states it.
pub fn list<'a, T: Item>(cands: &'a [Stated<'a, Vec<T>>]) -> Vec<Merged<T>> {
    let r = rank(cands);
    if r.is_empty() {
        return Vec::new();
    }
    let primary = r.iter().position(|c| !c.stated.partial).unwrap_or(0);
    let order = std::iter::once(primary).chain((0..r.len()).filter(|&i| i != primary));
    let mut out: Vec<Merged<T>> = Vec::new();
    for i in order {
        let s = r[i].stated;
        // Each item of the merged list answers to one item of this candidate at most: a
        // list may name two things alike (two documents of one title), and both stay.
        let mut taken = vec![false; out.len()];
        let n = s.value.len();
        for (k, item) in s.value.iter().enumerate() {
            let ident = item.ident();
            let edition = s.item_editions.iter().find(|(id, _)| *id == ident).map_or(s.edition, |(_, e)| *e);
            let m = Merged { key: key(&ident), item: item.clone(), edition, cut: s.partial && k + 1 == n };
            let exact = out.iter().enumerate().position(|(k, o)| k < taken.len() && !taken[k] && o.key == m.key);
            let at = exact
                .or_else(|| out.iter().enumerate().position(|(k, o)| k < taken.len() && !taken[k] && same_item(o, &m)));
            match at {
                Some(at) => {
                    taken[at] = true;
                    if replaces(&m, &out[at]) {
                        out[at] = m;
                    }
                }
                None => out.push(m),
            }
        }
    }
    out
}

/// How each kind of list item is known.
mod items {
    use super::Item;
    use crate::model::*;
    use crate::text::Text;

    impl Item for Text {
        fn ident(&self) -> String {
            self.to_string()
        }
    }
    impl Item for ListItem {
        fn ident(&self) -> String {
            self.text.to_string()
        }
    }
    impl Item for Membership {
        fn ident(&self) -> String {
            self.network.def().id.clone()
        }
        fn weak(&self) -> bool {
            self.answer == crate::vocab::MembershipAnswer::Unanswered
        }
    }
    impl Item for PolicyDocument {
        fn ident(&self) -> String {
            self.title.to_string()
        }
    }
    impl Item for PolicyTopic {
        fn ident(&self) -> String {
            self.text.to_string()
        }
    }
    impl Item for SupportMeasure {
        fn ident(&self) -> String {
            crate::format::support_measure_line(self)
        }
    }
    impl Item for ClassCode {
        fn ident(&self) -> String {
            self.code.clone()
        }
    }
    impl Item for Innovation {
        fn ident(&self) -> String {
            self.edition.map_or_else(|| "no year".to_string(), |y| y.to_string())
        }
    }
    impl Item for Initiative {
        fn ident(&self) -> String {
            self.name.to_string()
        }
    }
}

/// One answer of the self-evaluation, as a list item (the merge unites answers one by one).
#[derive(Clone, Debug, PartialEq)]
pub struct Rated {
    item: crate::model::SelfEvaluationItem,
    rating: crate::model::Rating,
}

impl Rated {
    pub fn all(e: &crate::model::SelfEvaluation) -> Vec<Rated> {
        crate::model::SelfEvaluationItem::ALL
            .iter()
            .filter_map(|&item| Some(Rated { item, rating: e.get(item)? }))
            .collect()
    }

    pub fn evaluation(answers: impl Iterator<Item = Rated>) -> crate::model::SelfEvaluation {
        let mut e = crate::model::SelfEvaluation::default();
        for a in answers {
            e.set(a.item, Some(a.rating));
        }
        e
    }
}

impl Serialize for Rated {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.item.id(), self.rating).serialize(s)
    }
}

impl Item for Rated {
    fn ident(&self) -> String {
        self.item.id().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Item for String {
        fn ident(&self) -> String {
            self.clone()
        }
    }

    fn ed(year: u16) -> Edition {
        Edition::of_page(if year > 2020 { crate::Layout::Y2021 } else { crate::Layout::Y2019 }, Some(year))
    }

    fn st(v: &Vec<String>, year: u16, partial: bool) -> Stated<'_, Vec<String>> {
        Stated { value: v, edition: ed(year), partial, item_editions: Vec::new() }
    }

    fn names(m: &[Merged<String>]) -> Vec<&str> {
        m.iter().map(|x| x.item.as_str()).collect()
    }

    #[test]
    fn a_cut_newer_list_adds_to_the_complete_older_one() {
        let old: Vec<String> =
            ["Alpha centre", "Beta lab", "Gamma in the treatment of cancer"].map(String::from).into();
        let cut: Vec<String> = ["Delta hub", "Gamma in the treatmen"].map(String::from).into();
        let cands = [st(&cut, 2021, true), st(&old, 2019, false)];
        let m = list(&cands);
        assert_eq!(names(&m), ["Alpha centre", "Beta lab", "Gamma in the treatment of cancer", "Delta hub"]);
        assert_eq!(m[3].edition, ed(2021));
        assert_eq!(m[2].edition, ed(2019), "the whole form stays, with its edition");
        // Any order of candidates gives the same list.
        let swapped = [st(&old, 2019, false), st(&cut, 2021, true)];
        assert_eq!(names(&list(&swapped)), names(&m));
    }

    #[test]
    fn a_partial_scalar_never_replaces_a_complete_one() {
        let whole = "three paragraphs".to_string();
        let cut = "three par".to_string();
        let cands = [
            Stated { value: &cut, edition: ed(2021), partial: true, item_editions: vec![] },
            Stated { value: &whole, edition: ed(2019), partial: false, item_editions: vec![] },
        ];
        assert_eq!(scalar(&cands).unwrap(), (&whole, ed(2019)));
    }

    #[test]
    fn only_a_cut_item_stands_for_the_longer_one_it_begins() {
        let old: Vec<String> = ["2020 regional plan".to_string(), "imec".to_string()].into();
        let cut: Vec<String> = ["2020".to_string(), "im".to_string()].into();
        let m = list(&[st(&old, 2019, false), st(&cut, 2021, true)]);
        assert_eq!(names(&m), ["2020 regional plan", "imec", "2020"], "'2020' is whole (not the last item)");
        assert_eq!(m[1].edition, ed(2019), "'im' is 'imec' cut at the page's end: the whole name stays");
    }
}
