//! "Can bring experience in …" is claimed, and earns points, only for what a region seeks for
//! itself: evidence for the purpose of another ask ("personalisation", of the artificial
//! intelligence sought) is no experience in what is sought.

use pmatlas_core::matching::{Matcher, W_COMPLEMENT};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// The partner of a moderate innovator seeking AI for personalised medicine, a leader with
/// the initiatives given: its complementarity points and reasons.
fn leader_with(initiatives: &[&str]) -> (f32, Vec<String>) {
    let mut asker = region("PL51", "Dolnośląskie", Some("artificial intelligence for personalised medicine"));
    group(&mut asker, Tier::Moderate);
    let mut leader = region("SE22", "Sydsverige", None);
    group(&mut leader, Tier::Leader);
    for name in initiatives {
        initiative(&mut leader, name);
    }
    let mut all = vec![asker, leader];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let x = found.into_iter().find(|x| x.index == 1).expect("the leader is found");
    (x.breakdown.complementarity, x.reasons)
}

#[test]
fn experience_is_claimed_in_what_is_sought_not_in_its_purpose() {
    // Evidence for the purpose alone: found (it counts for half), but no experience claimed.
    let (points, reasons) = leader_with(&["Centre for Precision Medicine"]);
    // The reason says the evidence shows the aim alone: else it reads as AI for it.
    assert!(
        reasons[0].contains("the aim of the artificial intelligence it seeks (not shown by Sydsverige): "),
        "{reasons:?}"
    );
    assert_eq!(points, 0.0, "{reasons:?}");
    assert!(!reasons.iter().any(|r| r.contains("can bring experience")), "{reasons:?}");
    // Evidence for what is sought: the experience claimed is in it, not in the purpose.
    let (points, reasons) = leader_with(&["Centre for Precision Medicine", "Artificial intelligence lab"]);
    assert_eq!(points, W_COMPLEMENT, "{reasons:?}");
    let aim = reasons.iter().find(|r| r.contains("the aim of")).expect("the aim answered");
    assert!(aim.contains("the aim of the artificial intelligence it seeks: "), "{aim}");
    let claim = reasons.iter().find(|r| r.contains("can bring experience")).expect("a claim");
    assert!(claim.ends_with("can bring experience in artificial intelligence, which Dolnośląskie seeks."), "{claim}");
}

/// Each of two regions (among others) as asker, the other's complementarity points and
/// reasons: the first's, then the second's.
fn both_ways(first: Profile, second: Profile) -> [(f32, Vec<String>); 2] {
    let mut all = vec![first, second];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    [(0, 1), (1, 0)].map(|(a, b)| {
        let x = m.partners(a, None, 10).into_iter().find(|x| x.index == b).expect("found");
        (x.breakdown.complementarity, x.reasons)
    })
}

/// A region seeking Horizon Europe projects "and similar initiatives" is answered, a little,
/// by an initiative of another kind (1+MG): near what is sought, no experience in it. Another EU programme is experience of the kind given. Either way round:
/// the candidate seeking it, the asker answering.
#[test]
fn an_initiative_of_another_kind_is_no_experience_in_what_is_sought() {
    let of = |evidence: &str| -> [(f32, Vec<String>); 2] {
        let line = "Horizon2020/Horizon Europe projects and similar international initiatives";
        let mut seeker = region("LT", "Lithuania", Some(line));
        group(&mut seeker, Tier::Moderate);
        let mut leader = region("SE22", "Sydsverige", Some("biobanks"));
        group(&mut leader, Tier::Leader);
        if evidence == "genome_1m" {
            member(&mut leader, "genome_1m", MembershipAnswer::Yes);
        } else {
            leader.represented_in = vec![ListItem { number: None, text: Text::new(evidence).unwrap() }];
        }
        initiative(&mut seeker, "Lithuanian biobank network");
        both_ways(seeker, leader)
    };
    for (points, reasons) in of("genome_1m") {
        assert!(reasons.iter().any(|r| r.contains("Horizon Europe (“Horizon2020”) or similar")), "{reasons:?}");
        assert_eq!(points, 0.0, "{reasons:?}");
        assert!(!reasons.iter().any(|r| r.contains("can bring experience")), "{reasons:?}");
    }
    for (points, reasons) in of("EIT Health") {
        assert_eq!(points, W_COMPLEMENT, "{reasons:?}");
        let claim = reasons.iter().find(|r| r.contains("can bring experience")).expect("a claim");
        assert!(
            claim.contains("can bring experience in Horizon Europe (“Horizon2020”) or another EU programme"),
            "{claim}"
        );
    }
}

/// A region's country signing 1+MG answers a region seeking genomics (good evidence), but is
/// no experience of the region's own to bring: no complementarity, no claim; a genome
/// sequencing platform of its own is.
#[test]
fn a_membership_through_the_country_is_no_experience_of_the_region() {
    let by = |own: bool, topic: Option<pmatlas_core::vocab::TopicId>| -> (f32, Vec<String>) {
        let mut seeker = region("RO11", "Nord-Vest", Some("genomics"));
        group(&mut seeker, Tier::Emerging);
        let mut leader = region("SE22", "Sydsverige", None);
        group(&mut leader, Tier::Leader);
        member(&mut leader, "genome_1m", MembershipAnswer::CountryLevelMember);
        if own {
            initiative(&mut leader, "Genome sequencing platform of Lund University");
        }
        let mut all = vec![seeker, leader];
        all.extend(others());
        let ps: Vec<&Profile> = all.iter().collect();
        let x = Matcher::new(&ps).partners(0, topic, 10).into_iter().find(|x| x.index == 1).expect("found");
        (x.breakdown.complementarity, x.reasons)
    };
    // The topic chosen on the page, alike.
    let genomics = pmatlas_core::vocab::TopicId::from_id("genomics");
    assert_eq!(by(false, genomics).0, 0.0);
    assert_eq!(by(true, genomics).0, W_COMPLEMENT);
    let of = |own: bool| by(own, None);
    let (points, reasons) = of(false);
    assert!(reasons[0].contains("through its country (good evidence)"), "{reasons:?}");
    assert_eq!(points, 0.0, "{reasons:?}");
    assert!(!reasons.iter().any(|r| r.contains("can bring experience")), "{reasons:?}");
    let (points, reasons) = of(true);
    assert_eq!(points, W_COMPLEMENT, "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.ends_with("can bring experience in genomics, which Nord-Vest seeks.")),
        "{reasons:?}"
    );
}

/// A code of the smart-specialisation strategy, or a topic ticked, answers a region seeking
/// e-health a little (some evidence), but says a strategy or policy covers it, not that the
/// region has worked in it: no complementarity and no claim, either way round; an e-health
/// platform it runs is experience.
#[test]
fn a_code_or_a_tick_is_no_experience_of_the_region() {
    let by = |evidence: &str| -> [(f32, Vec<String>); 2] {
        let mut seeker = region("AT21", "Kärnten", Some("eHealth"));
        group(&mut seeker, Tier::Moderate);
        let mut leader = region("SE22", "Sydsverige", Some("biobanks"));
        group(&mut leader, Tier::Leader);
        initiative(&mut seeker, "Carinthian biobank");
        match evidence {
            "code" => leader.policy_objectives.push(ClassCode {
                code: "D.27".into(),
                label: Some(Text::new("e-Health (e.g. healthy ageing)").unwrap()),
            }),
            "tick" => leader
                .policy_topics
                .push(PolicyTopic { topic: None, text: Text::new("Electronic and mobile health solutions").unwrap() }),
            _ => initiative(&mut leader, "eHealth platform of the Skåne region"),
        }
        both_ways(seeker, leader)
    };
    for (points, reasons) in [by("code"), by("tick")].into_iter().flatten() {
        assert!(reasons.iter().any(|r| r.contains("has the code “D.27") || r.contains("ticks among")), "{reasons:?}");
        assert_eq!(points, 0.0, "{reasons:?}");
        assert!(!reasons.iter().any(|r| r.contains("can bring experience")), "{reasons:?}");
    }
    for (points, reasons) in by("initiative") {
        assert_eq!(points, W_COMPLEMENT, "{reasons:?}");
        assert!(
            reasons.iter().any(|r| r.contains("can bring experience in e-health and assisted living (“eHealth”)")),
            "{reasons:?}"
        );
    }
}
