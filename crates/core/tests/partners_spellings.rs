//! Words as regions spell them: British and American forms answer each other.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

/// "Pediatric oncology" is answered by a "Paediatric Oncology Centre" before any oncology: the
/// two spellings are one word.
#[test]
fn british_and_american_spellings_answer_each_other() {
    let asker = region("ITH5", "Emilia-Romagna", Some("pediatric oncology"));
    let mut paediatric = region("IE06", "Eastern and Midland", None);
    initiative(&mut paediatric, "National Paediatric Oncology Centre");
    let mut oncology = region("EE", "Estonia", None);
    initiative(&mut oncology, "National Oncology Centre");
    let all = [vec![asker, oncology, paediatric], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["IE06", "EE"]);
    let found = m.partners(0, None, 5);
    assert!(
        found[0].reasons.iter().any(|r| r.contains("“pediatric oncology”") && r.contains("Paediatric")),
        "{:?}",
        found[0].reasons
    );
}
