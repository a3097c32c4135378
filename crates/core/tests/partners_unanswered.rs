//! What a region seeks that no partner answers is said, and only that: a page listing the
//! asks above the partners would otherwise let a reader take each ask to be answered below.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn an_ask_no_region_answers_is_named_and_an_answered_one_is_not() {
    let asker = region("ITH5", "Emilia-Romagna", Some("biobanks, patient privacy"));
    let mut bank = region("EE", "Estonia", None);
    initiative(&mut bank, "Estonian Biobank");
    let mut other = region("MT", "Malta", None);
    initiative(&mut other, "Centre for Molecular Medicine and Biobanking");
    let all = [vec![asker, bank, other], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 20);
    assert_eq!(
        m.unanswered(0, &found, 20).as_deref(),
        Some("Of what Emilia-Romagna seeks, no region’s evidence answers “privacy” in words; the regions below answer the rest.")
    );
    // A list cut short says only what it shows: another region may answer below it.
    let one = m.partners(0, None, 1);
    assert_eq!(
        m.unanswered(0, &one, 1).as_deref(),
        Some("Of what Emilia-Romagna seeks, the one region listed does not answer “privacy” in words; the regions below answer the rest.")
    );
    // Where a region with a bonus alone follows, only those listed first answer the rest.
    let wisher = region("ES11", "Galicia", Some("genomics, with regions in Italy"));
    let more = [all.clone(), vec![wisher]].concat();
    let ps: Vec<&Profile> = more.iter().collect();
    let m2 = Matcher::new(&ps);
    let found = m2.partners(0, None, 20);
    assert!(found.last().is_some_and(|x| !x.answers()), "{found:?}");
    assert_eq!(
        m2.unanswered(0, &found, 20).as_deref(),
        Some("Of what Emilia-Romagna seeks, no region’s evidence answers “privacy” in words; the regions listed first answer the rest.")
    );
    // Once a region answers it, nothing is said; nor with nothing answered (a page says so).
    let mut private = region("FI1D", "Pohjois- ja Itä-Suomi", None);
    initiative(&mut private, "Patient privacy board");
    let all = [all, vec![private]].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(m.unanswered(0, &m.partners(0, None, 20), 20), None);
    assert_eq!(m.unanswered(0, &[], 20), None);
}

/// On real documents (the fixtures, and the shared corpus when present): what the first 3
/// partners leave unanswered, when the list is complete, is what all of them leave.
#[test]
fn what_is_said_unanswered_holds_against_every_region() {
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    dirs.extend(common::corpus_dir());
    let mut profiles = Vec::new();
    for dir in dirs {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                let p = format::parse_bytes(&std::fs::read(&path).unwrap()).unwrap().profile;
                if !profiles.iter().any(|q: &Profile| q.code == p.code) {
                    profiles.push(p);
                }
            }
        }
    }
    let ps: Vec<&Profile> = profiles.iter().collect();
    let m = Matcher::new(&ps);
    let mut said = 0;
    for a in 0..ps.len() {
        let every = m.partners(a, None, ps.len());
        let truth = m.unanswered(a, &every, ps.len());
        for limit in [3, 10] {
            let shown = m.partners(a, None, limit);
            match m.unanswered(a, &shown, limit) {
                Some(s) if s.contains("no region’s") => assert_eq!(Some(&s), truth.as_ref(), "{}", ps[a].code),
                Some(s) => assert!(s.contains("listed"), "{s}"),
                None => assert!(
                    truth.is_none() || shown.iter().all(|x| x.answers()) && shown.len() == limit,
                    "{}: {truth:?}",
                    ps[a].code
                ),
            }
        }
        said += usize::from(truth.is_some());
    }
    assert!(said > 0, "some region of the fixtures seeks what none answers");
}
