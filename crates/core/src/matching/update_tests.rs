//! A matcher patched after a write in place is, term by term and ranking by ranking, the
//! matcher made anew over the same profiles, whichever parts the write touched.

use super::tests::{region, seed};
use super::*;
use crate::changes::Change;
use crate::Text;

fn regions() -> Vec<Profile> {
    let mut all = vec![seed()];
    all.extend(crate::synth::profiles(120, 5));
    all.sort_by_key(|p| p.code);
    all
}

/// The regions before, edited in place by `edit`; checks the patched matcher against a new
/// one and returns (old, patched) for further checks.
fn patched_and_new(edit: impl Fn(&[Profile], &mut [Profile]) -> Vec<usize>) -> (Matcher, Matcher) {
    let before = regions();
    let mut after = before.clone();
    let at = edit(&before, &mut after);
    let changes: Vec<Change> = at.iter().map(|&at| Change::Replaced { at, old: &before[at] }).collect();
    check(&before, &after, &changes)
}

/// Checks the matcher over `before` updated by `changes` against a new one over `after`,
/// term by term and ranking by ranking; returns (old, patched).
fn check(before: &[Profile], after: &[Profile], changes: &[Change]) -> (Matcher, Matcher) {
    let old = Matcher::new(&before.iter().collect::<Vec<_>>());
    let refs: Vec<&Profile> = after.iter().collect();
    let updated = old.updated(&super::copies(&refs), changes);
    let fresh = Matcher::new(&refs);
    let lists = |m: &Matcher| -> Vec<Vec<(u32, u32)>> {
        m.postings.by_term.iter().map(|l| l.iter().map(|&(r, w)| (r, w.to_bits())).collect()).collect()
    };
    // Terms are numbered for the whole process (tests running beside this one number
    // theirs): a number past the end of one list of postings is a term no region here has.
    let (got, want) = (lists(&updated), lists(&fresh));
    for t in 0..got.len().max(want.len()) {
        let (g, w) = (got.get(t).cloned().unwrap_or_default(), want.get(t).cloned().unwrap_or_default());
        assert_eq!(g, w, "the postings of term {t}");
        if !w.is_empty() {
            assert_eq!(updated.postings.idf[t], fresh.postings.idf[t], "the IDF of term {t}");
        }
    }
    // Each region's queries: each a list of (term, share's bits), and the terms needed.
    type Queries = Vec<Vec<(Vec<(u32, u32)>, u8)>>;
    let queries = |m: &Matcher| -> Queries {
        m.queries
            .iter()
            .map(|qs| qs.iter().map(|q| (q.0.iter().map(|&(t, s)| (t, s.to_bits())).collect(), q.1)).collect())
            .collect()
    };
    assert!(queries(&updated) == queries(&fresh), "every region's queries");
    assert_eq!(updated.seekers, fresh.seekers, "the seekers of each network");
    assert_eq!((&updated.country, &updated.wants, updated.rare), (&fresh.country, &fresh.wants, fresh.rare));
    assert_eq!((&updated.in_country, &updated.wanting), (&fresh.in_country, &fresh.wanting));
    assert_eq!(updated.region_wanting, fresh.region_wanting, "the regions naming each region");
    for (a, p) in after.iter().enumerate() {
        let of = |m: &Matcher| -> Vec<(usize, u32, Vec<String>)> {
            m.partners(a, None, 8).into_iter().map(|x| (x.index, x.score.to_bits(), x.reasons)).collect()
        };
        assert_eq!(of(&updated), of(&fresh), "partners of {}", p.code);
    }
    (old, updated)
}

/// One region takes Thuringia's words, one loses most of them, one gains a word no region
/// had: the IDFs of some terms change, the number of regions answering does not, and the
/// queries holding none of those terms are kept.
#[test]
fn a_write_in_place_patches_the_postings_to_what_a_new_matcher_has() {
    let (old, updated) = patched_and_new(|before, after| {
        let thuringia = after.iter().position(|p| p.code.as_str() == "DEG").unwrap();
        after[7].collaboration = before[thuringia].collaboration.clone();
        after[7].description = before[thuringia].description.clone();
        after[11].collaboration = None;
        after[11].description.clear();
        after[11].initiatives.clear();
        after[20].description.push(Text::new("Quantenbiologische Zwillingsforschung at scale.").unwrap());
        vec![7, 11, 20]
    });
    assert_eq!(old.postings.answering, updated.postings.answering, "the number of regions answering stays");
    let kept = (0..old.len()).filter(|&r| Arc::ptr_eq(&old.queries[r], &updated.queries[r])).count();
    // Here, with 121 regions, a common word's IDF changing touches half of them.
    assert!(kept > 0, "the queries no changed IDF touches are kept");
}

/// A region left with no evidence changes how many regions answer, and so every IDF.
#[test]
fn a_region_left_with_no_evidence_changes_every_idf_as_a_new_matcher_does() {
    let (old, updated) = patched_and_new(|_, after| {
        after[3] = region(after[3].code.as_str(), "Emptied", None, "");
        vec![3]
    });
    assert_eq!(old.postings.answering, updated.postings.answering + 1);
}

/// A region that starts seeking a network, and wishes for partners in another country and
/// region, is filed under each, where the new matcher files it.
#[test]
fn a_region_seeking_anew_is_filed_as_a_new_matcher_files_it() {
    let (old, updated) = patched_and_new(|before, after| {
        let thuringia = after.iter().position(|p| p.code.as_str() == "DEG").unwrap();
        let seeks = Text::new("Cooperation through networks such as the S3P on personalised medicine, with Thuringia.");
        let partners = vec![Text::new("Portugal").unwrap()];
        after[5].collaboration = Some(crate::Collaboration::new(Some(true), seeks, vec![], partners));
        after[thuringia].collaboration = before[9].collaboration.clone();
        vec![5, thuringia]
    });
    assert_ne!(old.seekers, updated.seekers, "the write changed who seeks what");
    assert_ne!(old.wants, updated.wants, "the write changed the countries wished for");
    assert_ne!(old.region_wanting, updated.region_wanting, "the write changed the regions wished for");
}

/// New regions move every later one up a place: the postings are renumbered, not made
/// again, and the matcher is still the one made anew, with a region changed beside them.
#[test]
fn new_regions_move_the_others_as_a_new_matcher_places_them() {
    let after = regions();
    let new_at = [0usize, 40, 41, after.len() - 1];
    let before: Vec<Profile> =
        after.iter().enumerate().filter(|(i, _)| !new_at.contains(i)).map(|(_, p)| p.clone()).collect();
    let mut after = after;
    let thuringia = after.iter().position(|p| p.code.as_str() == "DEG").unwrap();
    after[50].collaboration = after[thuringia].collaboration.clone();
    let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
    let mut changes: Vec<Change> = new_at.iter().map(|&at| Change::Inserted { at }).collect();
    changes.push(Change::Replaced { at: 50, old: old_of(50) });
    let (old, updated) = check(&before, &after, &changes);
    assert_eq!(updated.len(), old.len() + new_at.len());
}

/// Vectors for every text of `profiles`, in four groups of near-identical meaning (a
/// text's group from its key), so that meaning answers asks within a group.
fn grouped_vectors<'a>(profiles: impl Iterator<Item = &'a Profile>) -> Arc<meaning::Vectors> {
    let mut v = meaning::Vectors::new("test");
    for p in profiles {
        for t in meaning::texts(p) {
            let k = meaning::key(&t);
            let mut x: Vec<f32> = (0..meaning::DIMS)
                .map(|d| f32::from(u8::from(d % 4 == (k % 4) as usize)) + 0.05 * ((k >> (d % 61)) & 1) as f32)
                .collect();
            let norm = x.iter().map(|a| a * a).sum::<f32>().sqrt();
            x.iter_mut().for_each(|a| *a /= norm);
            let (scale, q) = meaning::quantise(&x);
            v.insert(k, scale, &q);
        }
    }
    Arc::new(v)
}

/// With embeddings, an updated matcher (a region changed, one new) reads meaning as a
/// new one does: the unchanged regions keep their vectors, the others look theirs up.
#[test]
fn an_updated_matcher_reads_meaning_as_a_new_one() {
    let all = regions();
    let before: Vec<Profile> = all.iter().enumerate().filter(|(i, _)| *i != 30).map(|(_, p)| p.clone()).collect();
    let mut after = all.clone();
    let thuringia = after.iter().position(|p| p.code.as_str() == "DEG").unwrap();
    after[60].collaboration = after[thuringia].collaboration.clone();
    let vectors = grouped_vectors(before.iter().chain(&after));
    let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
    let changes = [Change::Inserted { at: 30 }, Change::Replaced { at: 60, old: old_of(60) }];
    let old = Matcher::new(&before.iter().collect::<Vec<_>>()).with_vectors(vectors.clone());
    let refs: Vec<&Profile> = after.iter().collect();
    let updated = old.updated(&super::copies(&refs), &changes);
    let fresh = Matcher::new(&refs).with_vectors(vectors);
    let mut by_meaning = 0;
    for (a, p) in after.iter().enumerate() {
        let of = |m: &Matcher| -> Vec<(usize, u32, Vec<String>)> {
            m.partners(a, None, 8).into_iter().map(|x| (x.index, x.score.to_bits(), x.reasons)).collect()
        };
        by_meaning += fresh.partners(a, None, 8).iter().flat_map(|x| &x.evidence).filter(|e| e.by_meaning).count();
        assert_eq!(of(&updated), of(&fresh), "partners of {}", p.code);
    }
    assert!(by_meaning > 0, "meaning answers some asks here");
}
