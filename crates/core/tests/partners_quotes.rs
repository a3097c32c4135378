//! Which of a candidate's pieces of evidence a reason quotes, where several answer an ask
//! equally well: the one naming what is asked itself, then the one in the asker's fields,
//! then a membership before prose; else the first in the profile.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

const PHOTONICS: &str = "Using the S3 platform \"European Photonic Alliance\"";
const MEDTECH: &str = "Partner of the S3 platform \"Medical Technology\"";

/// The reasons `asker`'s one partner, the region `candidate`, is given, in one line.
fn told(asker: Profile, candidate: Profile) -> String {
    let all = [vec![asker, candidate], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1], "{found:?}");
    found[0].reasons.join(" ")
}

/// A region represented in two S3 platforms, the photonics one first.
fn two_platforms() -> Profile {
    let mut p = region("DEG", "Thuringia", None);
    p.represented_in =
        [PHOTONICS, MEDTECH].into_iter().map(|t| ListItem { number: None, text: Text::new(t).unwrap() }).collect();
    p
}

const SUCH_AS: &str = "Through networks such as S3P on personalised medicine";

#[test]
fn of_equal_evidence_the_one_in_the_askers_fields() {
    // Nothing to choose by: the first in the profile.
    let said = told(region("SE22", "Sydsverige", Some(SUCH_AS)), two_platforms());
    assert!(said.contains(PHOTONICS) && !said.contains("Medical Technology"), "{said}");
    // An asker working in medical technology is shown that platform.
    let mut asker = region("SE22", "Sydsverige", Some(SUCH_AS));
    initiative(&mut asker, "Medical technology cluster of southern Sweden");
    let said = told(asker, two_platforms());
    assert!(said.contains(MEDTECH) && !said.contains("Photonic"), "{said}");
}

#[test]
fn of_equal_evidence_a_membership_before_prose() {
    let mut member_too = two_platforms();
    member(&mut member_too, "s3medtech", MembershipAnswer::Yes);
    let said = told(region("SE22", "Sydsverige", Some(SUCH_AS)), member_too);
    assert!(said.contains("Thuringia is a member of S3 partnership on medical technology (S3MedTech)"), "{said}");
    assert!(!said.contains("Photonic"), "{said}");
}

/// A project that names the programme asked is quoted before a membership that is of the
/// programme only as one of its actions, even where the membership is in the asker's field.
#[test]
fn of_equal_evidence_the_one_naming_what_is_asked() {
    let mut asker = region("LT", "Lithuania", Some("Horizon Europe projects"));
    initiative(&mut asker, "National personalised medicine programme");
    let mut both = region("NO", "Norway", None);
    initiative(&mut both, "Horizon 2020 AMLvaccin");
    member(&mut both, "erapermed", MembershipAnswer::Yes);
    let said = told(asker, both);
    assert!(said.contains("Norway names in its initiatives “Horizon 2020 AMLvaccin”"), "{said}");
    assert!(!said.contains("ERA PerMed being"), "{said}");
}

/// On a topic's matches too, the asker's fields choose between equal evidence.
#[test]
fn of_equal_evidence_for_a_topic_the_one_in_the_askers_fields() {
    let biobanks = pmatlas_core::vocab::TopicId::from_id("biobanks").unwrap();
    let quoted = |asker: Profile| {
        let mut both = region("DEG", "Thuringia", None);
        initiative(&mut both, "Telehealth biobank network");
        initiative(&mut both, "Tumour biobank network");
        let all = [vec![asker, both], others()].concat();
        let ps: Vec<&Profile> = all.iter().collect();
        let found = Matcher::new(&ps).partners(0, Some(biobanks), 5);
        assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1], "{found:?}");
        found[0].reasons.join(" ")
    };
    let said = quoted(region("AT21", "Kärnten", None));
    assert!(said.contains("“Telehealth biobank network”"), "the first in the profile: {said}");
    let mut asker = region("AT21", "Kärnten", None);
    initiative(&mut asker, "Comprehensive cancer centre");
    let said = quoted(asker);
    assert!(said.contains("“Tumour biobank network”"), "{said}");
}

/// What a description denies is no evidence: "does not yet have a biobank" answers no region
/// seeking biobanks, and the topic pages do not list it; what the same sentence affirms
/// after "but" still counts.
#[test]
fn a_denial_is_no_evidence() {
    let asker = region("ITH5", "Emilia-Romagna", Some("biobanks; genomics"));
    let mut denying = region("AT21", "Kärnten", None);
    denying.description =
        vec![Text::new("Kärnten does not yet have a biobank or a photonics centre, but leads in genomics.").unwrap()];
    let all = [vec![asker, denying.clone()], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1], "{found:?}");
    let said = found[0].reasons.join(" ");
    assert!(said.contains("seeks genomics") && !said.contains("seeks biobanks"), "{said}");
    assert!(topic_evidence(&denying, "biobanks").is_none());
    assert!(topic_evidence(&denying, "biophotonics").is_none());
    assert!(topic_evidence(&denying, "genomics").is_some());
}
