//! Merging a region's copies: whatever order they come in, the same published profile; no
//! item a whole copy states is lost; a copy cut part-way never replaces what a whole copy
//! says (a cut list adds to it, a cut item never replaces its whole form).

use pmatlas_core::publish::{combine, FIELDS};
use pmatlas_core::{parse, render, Edition, Layout, Profile, Text};

mod common;

fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

fn json(p: &Profile) -> String {
    serde_json::to_string_pretty(p).unwrap()
}

/// Every permutation of `copies` gives one profile; it is returned.
fn same_in_every_order(copies: &[Profile], what: &str) -> Profile {
    let first = combine(&copies.iter().collect::<Vec<_>>()).unwrap();
    for perm in permutations(copies) {
        let got = combine(&perm.iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(json(&got), json(&first), "{what}: the order of the copies changed the profile");
    }
    first
}

fn keys(p: &Profile, field: &pmatlas_core::publish::Field) -> Vec<String> {
    field.idents(p).iter().map(|i| pmatlas_core::copies::key(i)).collect()
}

/// Every item of every whole copy is in the merged profile.
fn keeps_every_item(merged: &Profile, whole: &[&Profile], what: &str) {
    for f in FIELDS.iter().filter(|f| f.is_list()) {
        let have = keys(merged, f);
        for c in whole {
            for k in keys(c, f) {
                assert!(have.contains(&k), "{what}: {} lost '{k}' (has {have:?})", f.id);
            }
        }
    }
}

fn edition(layout: Layout, year: u16) -> Option<Edition> {
    Some(Edition::of_page(layout, Some(year)))
}

fn text(s: &str) -> Text {
    Text::new(s).unwrap()
}

/// Generated regions, each with a whole 2019 copy, a whole 2021 copy that changes its lists,
/// a second crawl of the 2021 page that differs, and the 2021 copy cut inside a list, its
/// last item cut mid-word.
#[test]
fn generated_copies_merge_the_same_in_any_order_and_lose_nothing() {
    let mut checked = 0;
    for (i, base) in pmatlas_core::synth::profiles(60, 11).into_iter().enumerate() {
        let mut a = base.clone();
        a.origin = Default::default();
        a.origin.edition = edition(Layout::Y2019, 2019);
        let mut b = a.clone();
        b.origin.edition = edition(Layout::Y2021, 2021);
        b.memberships.truncate(b.memberships.len() / 2);
        b.initiatives.retain(|x| x.name.as_str().len() % 2 == 0);
        b.initiatives.push(pmatlas_core::Initiative {
            number: None,
            name: text(&format!("Centre for In-vitro Diagnostics for Personalised Medicine {i}")),
            description: None,
            url: None,
            network: None,
        });
        b.self_evaluation = Default::default();
        b.normalise();
        // A second crawl of the same page: one more policy document, a changed description.
        let mut d = b.clone();
        d.policy_documents.push(pmatlas_core::PolicyDocument {
            number: None,
            prefix: None,
            level: None,
            title: text(&format!("Regional plan number {i}")),
        });
        d.description.push(text("A paragraph more in the second crawl of the same page."));
        // The 2021 copy cut inside its initiatives: its last item cut mid-word, the fields
        // after it not stated.
        let mut c = b.clone();
        if let Some(last) = c.initiatives.last_mut() {
            let cut: String = last.name.as_str().chars().take(last.name.as_str().chars().count() * 2 / 3).collect();
            last.name = text(&cut);
            last.description = None;
            last.url = None;
        }
        c.digital_innovation_hubs.clear();
        c.represented_in.clear();
        c.image_attribution = None;
        c.origin.incomplete = Some(pmatlas_core::origin::Cut {
            line: 40,
            after: text("Centre for In-vitro"),
            partial: vec!["initiatives".into()],
        });
        c.normalise();
        let copies = [a.clone(), b.clone(), c.clone(), d.clone()];
        let merged = same_in_every_order(&copies, base.code.as_str());
        keeps_every_item(&merged, &[&a, &b, &d], base.code.as_str());
        // The cut item never replaced its whole form.
        for x in &merged.initiatives {
            assert!(
                !c.initiatives.last().is_some_and(|l| l.name == x.name && l.name != b.initiatives.last().unwrap().name),
                "{}: the cut name '{}' stands in the profile",
                base.code,
                x.name
            );
        }
        // Whole values of the newest edition win; the newest crawl's longer text is kept.
        assert_eq!(merged.description, d.description, "{}: the longer of the two crawls", base.code);
        assert_eq!(merged.origin.edition, edition(Layout::Y2021, 2021));
        checked += 1;
    }
    assert_eq!(checked, 60);
}

/// Cut copies of the real documents (cut at several lines, some mid-line) merged with the
/// whole copy, in every order: the whole copy's profile, whatever the order.
#[test]
fn cut_copies_of_real_pages_never_change_what_the_whole_page_says() {
    let Some(dir) = common::corpus_dir() else { return };
    let mut docs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    docs.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    docs.sort();
    // The repository's own seed, so that the test says something without the corpus too.
    let seed = include_str!("../../../data/demo/DEG-thuringia.txt").to_string();
    let texts: Vec<(String, String)> = docs
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .chain(std::iter::once(("seed".to_string(), seed)))
        .collect();
    for (name, doc) in &texts {
        let whole = parse(doc).unwrap().profile;
        let lines: Vec<&str> = doc.lines().collect();
        let mut copies = vec![whole.clone()];
        for share in [35, 55, 75] {
            let n = lines.len() * share / 100;
            let mut cut = lines[..n].join("\n");
            // The last kept line cut mid-word.
            let last = lines[n].chars().count();
            cut.push('\n');
            cut.extend(lines[n].chars().take(last / 2));
            let p = parse(&cut).unwrap().profile;
            if p.origin.incomplete.is_some() {
                copies.push(p);
            }
        }
        assert!(copies.len() >= 3, "{name}: the cut copies read as cut");
        let merged = same_in_every_order(&copies, name);
        keeps_every_item(&merged, &[&whole], name);
        for f in FIELDS {
            assert!(
                f.same(&merged, &whole),
                "{name}: a cut copy of the same page changed {}: {:?} → {:?}",
                f.id,
                f.idents(&whole),
                f.idents(&merged)
            );
        }
    }
}

/// A merged profile read back (from JSON or the text format, with its provenance) merges to
/// itself: exports re-import as they are.
#[test]
fn a_merged_profile_read_back_is_itself() {
    for base in pmatlas_core::synth::profiles(40, 3) {
        let mut old = base.clone();
        old.origin = Default::default();
        old.origin.edition = edition(Layout::Y2019, 2019);
        let mut new = old.clone();
        new.origin.edition = edition(Layout::Y2021, 2021);
        new.memberships.truncate(1);
        new.self_evaluation = Default::default();
        new.image_attribution = None;
        let merged = combine(&[&old, &new]).unwrap();
        assert_eq!(json(&combine(&[&merged]).unwrap()), json(&merged), "{}", base.code);
        let back = parse(&render(&merged)).unwrap().profile;
        assert_eq!(json(&back), json(&merged), "{}: the text format keeps the provenance", base.code);
    }
}
