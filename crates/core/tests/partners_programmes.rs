//! Partner finding and the EU programmes and initiatives a region names by their short
//! names: the Joint Programming Initiatives, the ERA-NETs, the partnerships of Horizon Europe.

use pmatlas_core::matching::{AskKind, Matcher};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// An ask for the Joint Programming Initiatives is answered by a region in one of them (JPND),
/// and the reason says which; an ask for neurodegenerative diseases by the same evidence, JPND's
/// field.
#[test]
fn a_joint_programming_initiative_answers_an_ask_for_them() {
    let asker = region("AT21", "Kärnten", Some("Joint Programming Initiatives"));
    let mut jpnd = region("SE22", "Sydsverige", None);
    initiative(&mut jpnd, "JPND");
    let neuro = region("AT22", "Steiermark", Some("neurodegenerative diseases"));
    let all = [vec![asker, jpnd, neuro], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1]);
    let gloss = "(strong evidence; JPND is the EU Joint Programme on neurodegenerative disease research).";
    assert_eq!(
        found[0].reasons[0],
        format!("Kärnten seeks JPI (“Joint Programming Initiatives”), JPND being a Joint Programming Initiative: Sydsverige names in its initiatives “JPND” {gloss}")
    );
    let found = m.partners(2, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1]);
    assert_eq!(
        found[0].reasons[0],
        format!("Steiermark seeks neurological diseases (“neurodegenerative”): Sydsverige names in its initiatives “JPND” {gloss}")
    );
}

/// Partnerships and ERA-NETs of Horizon 2020 and Horizon Europe named in an initiative answer an
/// ask for Horizon Europe; IMI2 is the Innovative Medicines Initiative.
#[test]
fn horizon_partnerships_and_imi2_by_their_short_names() {
    let asker = region("AT21", "Kärnten", Some("Horizon Europe projects; IMI"));
    let mut transcan = region("SE22", "Sydsverige", None);
    initiative(&mut transcan, "TRANSCAN-3 joint transnational call");
    let mut thcs = region("NL41", "Noord-Brabant", None);
    initiative(&mut thcs, "Partner in THCS");
    let mut imi = region("BE24", "Vlaams-Brabant", None);
    initiative(&mut imi, "IMI2 project on patient data");
    let all = [vec![asker, transcan, thcs, imi], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    let mut got: Vec<usize> = found.iter().map(|x| x.index).collect();
    got.sort_unstable();
    assert_eq!(got, [1, 2, 3]);
    let said = |i: usize| found.iter().find(|x| x.index == i).map(|x| x.reasons.join(" ")).unwrap_or_default();
    assert!(said(1).contains("TRANSCAN being an action of Horizon 2020 or Horizon Europe"), "{}", said(1));
    assert!(said(2).contains("THCS being an action of Horizon 2020 or Horizon Europe"), "{}", said(2));
    assert!(
        said(3).contains("Kärnten seeks IMI / IHI (“IMI”): Vlaams-Brabant names in its initiatives “IMI2"),
        "{}",
        said(3)
    );
}

/// An ask for the EIT's communities ("KICs") is answered by a region in EIT Health, and one for
/// the ESFRI research infrastructures by a region in ECRIN, each said; "COST Actions" is the
/// programme, while "the cost of care" asks the word.
#[test]
fn kics_esfri_and_cost_by_their_names() {
    let asker = region("AT21", "Kärnten", Some("other KICs; ESFRI infrastructures; COST Actions"));
    let mut eit = region("SE22", "Sydsverige", None);
    initiative(&mut eit, "EIT Health Scandinavia");
    let mut ecrin = region("NL41", "Noord-Brabant", None);
    initiative(&mut ecrin, "National node of ECRIN-ERIC");
    let mut cost = region("BE24", "Vlaams-Brabant", None);
    initiative(&mut cost, "A study of the cost of care");
    let all = [vec![asker, eit, ecrin, cost], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let said = |i: usize| found.iter().find(|x| x.index == i).map(|x| x.reasons.join(" ")).unwrap_or_default();
    assert!(said(1).contains("EIT Health being an EIT Knowledge and Innovation Community"), "{}", said(1));
    assert!(said(2).contains("ECRIN being a research infrastructure of the ESFRI roadmap"), "{}", said(2));
    assert!(!found.iter().any(|x| x.index == 3), "the cost of care is no COST Action");
    let kinds: Vec<AskKind> = m.asks(0).iter().map(|a| a.kind).collect();
    assert_eq!(kinds, [AskKind::Network; 3]);
    let care = Matcher::new(&[&region("AT22", "Steiermark", Some("to reduce the cost of care"))]);
    assert_eq!(care.asks(0).iter().map(|a| a.kind).collect::<Vec<_>>(), [AskKind::Words]);
}
