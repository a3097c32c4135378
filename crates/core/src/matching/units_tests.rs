//! Tests of the evidence units: their kinds, terms and reading again from a profile.

use super::super::asks::asks;
use super::*;

#[test]
fn thuringia_asks_fields_one_by_one() {
    let p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    let a = asks(&p);
    let tags: Vec<&str> = a.iter().filter_map(|x| x.tag()).collect();
    for t in ["#t:biophotonics", "#t:biobanks", "#t:artificial_intelligence", "#t:e_health"] {
        assert!(tags.contains(&t), "{tags:?}");
    }
    let u = units(&p);
    assert!(u.iter().any(|(x, _)| x.kind == UnitKind::Measure && x.text == "Integrierte Biobank Jena"));
    assert!(u.iter().any(|(x, _)| x.kind == UnitKind::Membership), "memberships are units");
    assert!(u.iter().any(|(x, _)| x.kind == UnitKind::Description), "sentences are units");
    for (x, at) in &u {
        let again = Stored::of(x, *at).unit(&p);
        assert_eq!((&again.text, &again.terms), (&x.text, &x.terms), "read again from the profile, the same");
    }
}

/// "Partly" (a mix of subregions, which documents answer the mountain question with) is no
/// membership of a network: the matcher counted it as one, the topic pages did not.
#[test]
fn a_partly_answer_is_no_membership() {
    let mut p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    assert!(units(&p).iter().any(|(x, _)| x.kind == UnitKind::Membership));
    p.memberships.iter_mut().for_each(|m| m.answer = MembershipAnswer::Mixed);
    assert!(!units(&p).iter().any(|(x, _)| matches!(x.kind, UnitKind::Membership | UnitKind::CountryMembership)));
}

/// A kind of support measure is read once, for its words and of the fields they name only
/// those `vocab/evidence-topics.csv` gives the kind: "incl. biobanks" gives no biobank.
#[test]
fn a_measure_kind_is_a_tick_of_its_words_and_own_fields() {
    let mut p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    let kind = |id: &str| crate::vocab::MeasureKind::all().find(|k| k.id() == id).unwrap();
    p.support_measures = ["databases", "databases", "reimbursement", "education"]
        .map(|k| crate::SupportMeasure { level: None, kind: kind(k), detail: None })
        .to_vec();
    let u = units(&p);
    let ticked: Vec<(&str, Vec<&str>)> = u
        .iter()
        .filter(|(x, _)| x.kind == UnitKind::MeasureTicked)
        .map(|(x, _)| {
            (x.text.as_str(), x.terms.iter().map(|t| t.term.as_str()).filter(|t| t.starts_with('#')).collect())
        })
        .collect();
    let tags: Vec<&[&str]> = ticked.iter().map(|x| x.1.as_slice()).collect();
    assert_eq!(tags, [&["#t:data_analytics"][..], &["#t:e_health"], &[]], "{ticked:?}");
    assert!(ticked[2].0.starts_with("Education and training"));
    for (x, at) in &u {
        let again = Stored::of(x, *at).unit(&p);
        assert_eq!((&again.text, &again.terms), (&x.text, &x.terms), "read again from the profile, the same");
    }
}

#[test]
fn sentences_split_at_full_stops() {
    assert_eq!(sentences("One. Two words! three. Four"), vec!["One.", "Two words! three.", "Four"]);
}
