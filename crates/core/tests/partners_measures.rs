//! Support measures as evidence: a kind of measure ticked answers the words of its label,
//! and personalised medicine, the subject of every profile, narrows no word asked beside it.

use pmatlas_core::matching::Matcher;
use pmatlas_core::vocab::MeasureKind;
use pmatlas_core::*;

mod common;
use common::regions::*;

fn measure(p: &mut Profile, kind: &str, detail: &str) {
    let kind = MeasureKind::all().find(|k| k.id() == kind).unwrap();
    p.support_measures.push(SupportMeasure { level: Some(PolicyLevel::Regional), kind, detail: Text::new(detail) });
}

/// Of a 2019 page's support measures, often only the kind and an address ("Regional
/// Education and training, linked to personalised medicine ris.slaskie.pl"): the kind is
/// what the region ticked, a reason to quote, weaker than a measure it names.
#[test]
fn a_kind_of_measure_ticked_answers_its_words() {
    let asker = region("ITH5", "Emilia-Romagna", Some("training"));
    let mut ticked = region("PL22", "Śląskie", None);
    measure(&mut ticked, "education", "ris.slaskie.pl");
    let mut named = region("EE", "Estonia", None);
    initiative(&mut named, "Genomics training programme");
    let all = [vec![asker, ticked, named], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["EE", "PL22"], "a named programme before a tick");
    let found = m.partners(0, None, 5);
    assert_eq!(
        found[1].reasons[0],
        "Emilia-Romagna seeks “training”: Śląskie ticks among the kinds of its support measures: \
         Education and training, linked to personalised medicine (some evidence)."
    );
}

/// "(incl. biobanks)" is an example of the kind, not a biobank the region has.
#[test]
fn a_kind_of_measure_gives_only_its_own_fields() {
    let asker = region("DEG", "Thuringia", Some("biobanks and e-health"));
    let mut ticked = region("PL22", "Śląskie", None);
    measure(&mut ticked, "databases", "ris.slaskie.pl");
    let all = [vec![asker, ticked.clone()], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    assert!(codes(&Matcher::new(&ps), &ps, 0).is_empty(), "no biobank in a kind's examples");
    assert!(topic_evidence(&ticked, "biobanks").is_none());

    measure(&mut ticked, "reimbursement", "ris.slaskie.pl");
    let all = [vec![all[0].clone(), ticked.clone()], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    assert_eq!(found.len(), 1);
    assert!(found[0].reasons[0]
        .contains("support measures: Reimbursement of e- and mobile health applications (some evidence)"));
    let page = topic_evidence(&ticked, "e_health").expect("the topic page reads the tick too");
    assert_eq!(page.text, "Reimbursement of e- and mobile health applications");
}

/// Every profile is about personalised medicine: "reimbursement of PM" is any reimbursement
/// a profile lists, whether or not its words say "personalised".
#[test]
fn personalised_medicine_narrows_no_word_asked_beside_it() {
    let asker = region("ITH5", "Emilia-Romagna", Some("reimbursement of personalised medicine"));
    let mut reimbursing = region("BE2", "Flanders", None);
    let text = Text::new("National Reimbursement of prenatal molecular screening tests").unwrap();
    reimbursing.funding_programmes = vec![ListItem { number: None, text }];
    let all = [vec![asker, reimbursing], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["BE2"]);
    let found = m.partners(0, None, 5);
    assert!(
        found[0].reasons[0]
            .starts_with("Emilia-Romagna seeks “reimbursement of personalised medicine”: Flanders names"),
        "{:?}",
        found[0].reasons
    );
}

/// Value-based healthcare, a policy topic of the survey, is asked whole: its words say little
/// alone, and a region ticking the topic answers it where one speaking of "added value" in
/// healthcare does not.
#[test]
fn value_based_healthcare_is_asked_whole() {
    let asker = region("ITH5", "Emilia-Romagna", Some("value-based health care"));
    let mut ticked = region("BE3", "Wallonie", None);
    ticked.policy_topics = vec![PolicyTopic {
        topic: pmatlas_core::vocab::PolicyTopicId::from_id("value_based_healthcare"),
        text: Text::new("Value based healthcare").unwrap(),
    }];
    let mut added = region("EE", "Estonia", None);
    initiative(&mut added, "Healthcare start-ups creating added value");
    let all = [vec![asker, ticked, added], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["BE3"]);
    let found = m.partners(0, None, 5);
    assert!(
        found[0].reasons[0].contains("ticks among the topics its policies cover “Value based healthcare”"),
        "{}",
        found[0].reasons[0]
    );
}
