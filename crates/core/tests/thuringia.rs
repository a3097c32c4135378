//! Every field of the seed document (data/demo/DEG-thuringia.txt), with its exact value.
#![allow(clippy::type_complexity)] // tuples of expected values read best inline

use pmatlas_core::vocab::{nabs_label, nace_label, NetworkId};
use pmatlas_core::*;

fn thuringia() -> Parsed {
    parse(include_str!("../../../data/demo/DEG-thuringia.txt")).expect("the seed document reads")
}

fn texts(v: &[Text]) -> Vec<&str> {
    v.iter().map(Text::as_str).collect()
}

#[test]
fn identity_and_key_figures() {
    let d = thuringia();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(d.layout, Layout::Y2019);
    let p = &d.profile;
    assert_eq!(p.code.as_str(), "DEG");
    assert_eq!(p.code.level(), 1);
    assert_eq!(p.name.as_str(), "Thuringia");
    assert!(!p.national_level);
    assert_eq!(p.country_name(), Some("Germany"));
    let k = &p.key_figures;
    let i = k.innovation.as_ref().unwrap();
    assert_eq!(i.edition, Some(2019));
    assert_eq!(i.groups.len(), 1);
    assert_eq!(i.primary(), Some(Group { tier: Tier::Strong, modifier: None }));
    assert_eq!(k.population, Some(Figure { value: 2_143_145, year: Some(2019) }));
    assert_eq!(k.density, Some(Figure { value: 134.0, year: Some(2017) }));
    assert_eq!(k.over65_share, Some(Figure { value: 25.72, year: None }));
    assert_eq!(p.edition_year(), Some(2019));
}

#[test]
fn website_and_description() {
    let p = thuringia().profile;
    assert_eq!(texts(&p.websites), ["Thuringian ClusterManagement (ThCM)"]);
    assert_eq!(p.description.len(), 3);
    assert!(p.description[0].as_str().starts_with("The Free State of Thuringia is a German federal state"));
    assert!(p.description[1].as_str().ends_with("biotechnology and biophotonics."));
    assert!(p.description[2].as_str().ends_with("internet of things and smart home."));
    assert!(p.health_profile.is_empty());
}

#[test]
fn collaboration_with_normalised_topics() {
    let c = thuringia().profile.collaboration.unwrap();
    assert_eq!(c.seeking, Some(true));
    assert_eq!(
        c.interests.unwrap().as_str(),
        "especially in the field of biophotonic, biobank, KI, assisted Living (ehealth), infection"
    );
    let topics: Vec<(&str, &str)> = c.topics.iter().map(|t| (t.topic.id(), t.as_written.as_str())).collect();
    assert_eq!(
        topics,
        [
            ("biophotonics", "biophotonic"),
            ("biobanks", "biobank"),
            ("artificial_intelligence", "KI"),
            ("e_health", "assisted Living"),
            ("infectious_diseases", "infection"),
        ]
    );
}

#[test]
fn every_membership_answer() {
    let p = thuringia().profile;
    let answers: Vec<(&str, MembershipAnswer)> = p.memberships.iter().map(|m| (m.network.id(), m.answer)).collect();
    use MembershipAnswer::*;
    assert_eq!(
        answers,
        [
            ("icpermed", No),
            ("mountain", Mixed),
            ("euregha", No),
            ("adriatic_ionian", No),
            ("innostars", No),
            ("nspa", No),
            ("pm_region_ec", Yes),
            ("baltic_sea", No),
            ("s3medtech", Yes),
            ("danube", No), // the second question on the S3MedTech line
            ("s3p4pm", No),
            ("alpine", Unanswered),
            ("regions4pm", No),
            ("erapermed", No),
            ("central_europe", Yes),
            ("medtech4europe", No),
            ("cebr", No),
            ("genome_1m", CountryLevelMember),
            ("errin", Yes),
            ("vanguard", No),
            ("s3clussport", No),
        ]
    );
    assert!(p.memberships.iter().all(|m| m.note.is_none()));
    assert_eq!(NetworkId::all().count(), 21, "every question of the seed is in the vocabulary");
}

#[test]
fn policy_sections_and_codes() {
    let p = thuringia().profile;
    let docs: Vec<(Option<u32>, Option<&str>, Option<PolicyLevel>, &str)> = p
        .policy_documents
        .iter()
        .map(|d| (d.number, d.prefix.as_ref().map(Text::as_str), d.level, d.title.as_str()))
        .collect();
    assert_eq!(
        docs,
        [
            (Some(2), Some("Regional"), Some(PolicyLevel::Regional), "Thuringian digital strategy"),
            (Some(3), Some("Regional"), Some(PolicyLevel::Regional), "RIS3 Thuringia"),
        ]
    );
    assert_eq!(p.policy_topics.len(), 1);
    assert_eq!(p.policy_topics[0].topic.map(|t| t.id()), Some("medical_research"));
    assert_eq!(
        p.policy_topics[0].text.as_str(),
        "Medical research and innovation (-omics, biomarkers, diagnostics, etc.)"
    );
    assert_eq!(p.support_measures.len(), 1);
    assert_eq!(p.support_measures[0].kind.id(), "databases");
    assert_eq!(p.support_measures[0].level, None);
    assert_eq!(p.support_measures[0].detail.as_ref().map(Text::as_str), Some("Integrierte Biobank Jena"));

    let codes = |v: &[ClassCode]| {
        v.iter().map(|c| (c.code.clone(), c.label.as_ref().map(|l| l.to_string()))).collect::<Vec<_>>()
    };
    let s = |a: &str, b: &str| (a.to_string(), Some(b.to_string()));
    assert_eq!(
        codes(&p.nace),
        [
            s("C.20", "Chemicals and chemical products"),
            s("C.26", "Computer, electronic and optical products"),
            s("M.72", "Scientific research and development"),
        ]
    );
    assert_eq!(nace_label("C.20"), Some("Manufacture of chemicals and chemical products"), "official label from data/");
    assert_eq!(codes(&p.nabs), [s("NABS07", "Health")]);
    assert_eq!(nabs_label("NABS07"), Some("Health"));
    assert_eq!(
        codes(&p.policy_objectives),
        [
            s("D.19", "Artificial intelligence, cognitive systems, augmented and virtual reality, visualisation, simulation, gamification & interaction technologies"),
            s("D.27", "e-Health (e.g. healthy ageing)"),
            s("D.35", "Robotics, autonomous and cyber physical systems (e.g. vehicles, embedded systems)"),
            s("E.42", "Photonics"),
            s("H.52", "New or improved service processes"),
        ]
    );
    assert_eq!(p.ris3, Some(Flag { value: true, note: None }));
    assert_eq!(p.pm_ris3, Some(Flag { value: false, note: None }));
}

#[test]
fn initiatives_platforms_and_ratings() {
    let p = thuringia().profile;
    let items: Vec<(Option<u32>, &str, Option<&str>, Option<&str>)> = p
        .initiatives
        .iter()
        .map(|i| (i.number, i.name.as_str(), i.description.as_ref().map(Text::as_str), i.network.map(|n| n.id())))
        .collect();
    assert_eq!(
        items,
        [
            (Some(1), "InfectoGnostics Forschungscampus Jena e.V.", None, None),
            (Some(2), "Institute for Bioprocessing and Analytical Measurement Techniques (iba)", None, None),
            (Some(3), "Leibniz-Zentrum für Photonik in der Infektionsforschung (LPI)", None, None),
            (Some(4), "Forschungscampus Jena e.V.", Some("public private partnership"), None),
            (Some(5), "Zentralklinik Bad Berka", Some("nuclear medicine"), None),
            (Some(6), "Medtch4Europe", None, Some("medtech4europe")),
        ]
    );
    // "7. Digital Innovation Hubs:" is a section label written as an item: it opens the
    // (empty) hubs section and is no initiative.
    assert!(p.digital_innovation_hubs.is_empty());
    let platforms: Vec<(Option<u32>, &str)> = p.represented_in.iter().map(|r| (r.number, r.text.as_str())).collect();
    assert_eq!(
        platforms,
        [
            (Some(1), "Using the S3 platform \"European Photonic Alliance\""),
            (Some(2), "Thuringia is also partner of the S3 platform \"Medical Technology\""),
        ]
    );
    let e = &p.self_evaluation;
    assert_eq!(e.implementation_level, Some(Rating::Medium));
    assert_eq!(e.need_implementation, Some(Rating::High));
    assert_eq!(e.need_funding, Some(Rating::VeryHigh));
    assert_eq!(e.need_skills, Some(Rating::High));
    assert_eq!(e.genomics_literacy, Some(Rating::Medium));
    assert_eq!(e.need_collaboration, Some(Rating::High));
    // The footer, the social links and the empty attribution heading are page chrome.
    assert_eq!(p.image_attribution, None);
    assert!(p.extras.is_empty());
}

#[test]
fn renders_and_reads_back() {
    let p = thuringia().profile;
    let text = render(&p);
    assert!(text.starts_with("DEG - Thuringia\n"));
    assert!(text.contains("S3MedTech region? yes\nDanube MacroRegion? no\n"));
    assert!(text.contains("Alpine MacroRegion?\n"));
    assert_eq!(parse(&text).unwrap().profile, p);
    let json = json::to_json(&p);
    assert_eq!(json::from_json(&json).unwrap(), vec![p]);
}
