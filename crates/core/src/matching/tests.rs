//! Partner finding, on small hand-made sets.

use super::*;
use crate::model::MembershipAnswer;
use crate::Text;

pub(super) fn seed() -> Profile {
    crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile
}

pub(super) fn region(code: &str, name: &str, seeks: Option<&str>, description: &str) -> Profile {
    let mut p = Profile::new(crate::NutsCode::parse(code).unwrap(), Text::new(name).unwrap());
    p.description = Text::new(description).into_iter().collect();
    if let Some(s) = seeks {
        p.collaboration = Some(crate::Collaboration::new(Some(true), Text::new(s), vec![], vec![]));
    }
    p
}

#[test]
fn an_updated_matcher_matches_as_a_new_one() {
    use crate::changes::Change;
    let mut all = vec![seed()];
    all.extend(crate::synth::profiles(150, 3));
    all.sort_by_key(|p| p.code);
    let before: Vec<Profile> = all.iter().enumerate().filter(|(i, _)| i % 37 != 5).map(|(_, p)| p.clone()).collect();
    let mut after = all.clone();
    // Every region joins ERRIN (so the networks most regions hold change), and one region
    // takes Thuringia's interests.
    let errin = NetworkId::from_id("errin").unwrap();
    let thuringia = all.iter().position(|p| p.code.as_str() == "DEG").unwrap();
    let changed: Vec<usize> = (0..all.len()).filter(|i| i % 37 != 5 && i % 2 == 0).collect();
    for &i in &changed {
        after[i].memberships.retain(|m| m.network != errin);
        after[i].memberships.push(crate::Membership { network: errin, answer: MembershipAnswer::Yes, note: None });
    }
    let other = (thuringia + 1) % all.len();
    after[other].collaboration = all[thuringia].collaboration.clone();
    let mut changes: Vec<Change> = (0..all.len()).filter(|i| i % 37 == 5).map(|at| Change::Inserted { at }).collect();
    let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
    let mut replaced = changed.clone();
    if !replaced.contains(&other) {
        replaced.push(other);
    }
    changes.extend(replaced.iter().map(|&at| Change::Replaced { at, old: old_of(at) }));
    let old = Matcher::new(&before.iter().collect::<Vec<_>>());
    let refs: Vec<&Profile> = after.iter().collect();
    let updated = old.updated(&super::copies(&refs), &changes);
    let fresh = Matcher::new(&refs);
    assert_ne!(old.rare, fresh.rare, "the networks most regions hold changed");
    for (a, p) in after.iter().enumerate() {
        let got: Vec<(usize, f32, Vec<String>)> =
            updated.partners(a, None, 8).into_iter().map(|m| (m.index, m.score, m.reasons)).collect();
        let want: Vec<(usize, f32, Vec<String>)> =
            fresh.partners(a, None, 8).into_iter().map(|m| (m.index, m.score, m.reasons)).collect();
        assert_eq!(got, want, "partners of {}", p.code);
    }
}

#[test]
fn thuringia_evidence() {
    let ev = evidence(&seed());
    let seeks: Vec<&str> = ev.seeks.iter().map(|(t, _)| t.id()).collect();
    assert_eq!(seeks, ["biophotonics", "biobanks", "artificial_intelligence", "e_health", "infectious_diseases"]);
    let has = |t: &str, k: EvidenceKind| ev.strengths.iter().any(|e| e.topic.id() == t && e.kind == k);
    assert!(has("biobanks", EvidenceKind::Database), "Integrierte Biobank Jena");
    assert!(has("artificial_intelligence", EvidenceKind::Code), "D.19");
    assert!(has("biophotonics", EvidenceKind::Code), "E.42");
    assert!(has("biophotonics", EvidenceKind::Description));
    assert!(has("medical_technology", EvidenceKind::Network), "S3MedTech yes");
}

#[test]
fn ranking_properties() {
    let me = region("FI1D", "North Finland", Some("biobanks and artificial intelligence"), "");
    // Covers one sought topic.
    let one_way = region("SE22", "South Sweden", None, "A large biobank infrastructure.");
    // Covers the same topic and seeks what the first region is strong in.
    let mut recip = region("DK01", "Hovedstaden", Some("genomics"), "A large biobank infrastructure.");
    recip.key_figures.innovation = None;
    let mut me = me;
    me.initiatives = vec![crate::format::initiative(Some(1), "National Genome Centre").unwrap()];
    // No evidence for anything sought.
    let unrelated = region("PT11", "Norte", None, "Tourism and wine.");
    // Synonym: wrote KI, which is artificial intelligence.
    let mut synonym = region("DE21", "Oberbayern", None, "");
    synonym.initiatives = vec![crate::format::initiative(Some(1), "KI research and a biobanking network").unwrap()];
    let ps = [&me, &one_way, &recip, &unrelated, &synonym];
    let m = Matcher::new(&ps);
    let result = m.partners(0, None, 10);
    let order: Vec<&str> = result.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(order[0], "DE21", "two sought topics covered, one through a synonym: {order:?}");
    let pos = |c: &str| order.iter().position(|x| *x == c);
    assert!(pos("DK01") < pos("SE22"), "reciprocal interest ranks higher: {order:?}");
    assert_eq!(pos("PT11"), None, "no evidence for any sought topic: not a match");
    let reasons = &result[0].reasons;
    assert!(
        reasons.iter().any(|r| r.contains("seeks artificial intelligence") && r.contains("KI research")),
        "{reasons:?}"
    );
    let ai = result[0].evidence.iter().find(|c| c.ask == "artificial intelligence").unwrap();
    assert_eq!(ai.marked().1, "KI", "the words that matched are marked");
    let recip_reasons = &result[pos("DK01").unwrap()].reasons;
    assert!(recip_reasons.iter().any(|r| r.starts_with("Hovedstaden seeks genomics")), "{recip_reasons:?}");
}

#[test]
fn shared_networks_and_complementarity_are_reasons() {
    let mut a = region("FI1D", "North Finland", Some("biobanks"), "");
    let mut b = region("DE21", "Oberbayern", None, "");
    b.initiatives = vec![crate::format::initiative(Some(1), "Bavarian Biobank Alliance").unwrap()];
    // Two more regions without the network: a network most regions hold says nothing.
    let mut c = region("PT11", "Norte", None, "Tourism.");
    let mut d = region("PT16", "Centro", None, "Wine.");
    // They answer the question: a network is rare among those who answer.
    for p in [&mut c, &mut d] {
        p.set_membership(crate::Membership {
            network: NetworkId::from_id("errin").unwrap(),
            answer: MembershipAnswer::No,
            note: None,
        });
    }
    for p in [&mut a, &mut b] {
        p.set_membership(crate::Membership {
            network: NetworkId::from_id("errin").unwrap(),
            answer: MembershipAnswer::Yes,
            note: None,
        });
    }
    a.set_membership(crate::Membership {
        network: NetworkId::from_id("nspa").unwrap(),
        answer: MembershipAnswer::Yes,
        note: None,
    });
    b.key_figures.innovation = Some(crate::Innovation {
        edition: Some(2021),
        groups: vec![crate::AreaGroup {
            area: None,
            group: crate::Group { tier: crate::Tier::Leader, modifier: None },
        }],
    });
    let ps = [&a, &b, &c, &d];
    let m = Matcher::new(&ps);
    let r = m.partners(0, None, 5);
    assert_eq!(r.len(), 1);
    let reasons = &r[0].reasons;
    assert!(reasons.contains(&"North Finland and Oberbayern are both members of ERRIN.".to_string()), "{reasons:?}");
    assert!(
        reasons.iter().any(|x| x.starts_with("Oberbayern: Leader innovator (North Finland: no key figures).")
            && x.contains("North Finland is a member of the Northern Sparsely Populated Areas")
            && x.ends_with("Oberbayern can bring experience in biobanks, which North Finland seeks.")),
        "what it can bring experience in is named: {reasons:?}"
    );
    let b = r[0].breakdown;
    assert!(b.shared_interests > 0.0 && b.shared_interests <= W_COVER, "{b:?}");
    assert_eq!((b.networks, b.complementarity), (W_NETWORK, W_COMPLEMENT));
    assert!(r[0].score > b.shared_interests, "networks and complementarity add to the score");
}

#[test]
fn topic_search_lists_evidence() {
    let s = seed();
    let other = region("MT00", "Malta", None, "Centre for Molecular Medicine and Biobanking.");
    let ps = [&s, &other];
    let m = Matcher::new(&ps);
    let who = m.working_on(TopicId::from_id("biobanks").unwrap());
    assert_eq!(who.len(), 2);
    assert!(who.contains(&0));
    let seed_evidence = m.topic_evidence(0, TopicId::from_id("biobanks").unwrap());
    assert!(seed_evidence.iter().any(|x| x.text == "Integrierte Biobank Jena"), "{seed_evidence:?}");
}

fn with_group(mut p: Profile, tier: crate::Tier, density: f64) -> Profile {
    p.key_figures.innovation = Some(crate::Innovation {
        edition: Some(2021),
        groups: vec![crate::AreaGroup { area: None, group: crate::Group { tier, modifier: None } }],
    });
    p.key_figures.density = Some(crate::Figure { value: density, year: None });
    p
}

/// A support measure's address says nothing; its kind is a tick, evidence only of the fields
/// `vocab/evidence-topics.csv` gives it (data), not of the examples its label names (biobanks).
#[test]
fn a_url_is_no_evidence_and_a_measure_kind_a_tick_of_its_own_fields() {
    let mut p = region("PL22", "Śląskie", None, "");
    for detail in ["ris.slaskie.pl", "https://ris.slaskie.pl/x", "University of Bergen"] {
        p.support_measures.push(crate::SupportMeasure {
            level: Some(crate::PolicyLevel::Regional),
            kind: crate::vocab::MeasureKind::all().find(|k| k.id() == "databases").unwrap(),
            detail: Text::new(detail),
        });
    }
    let ev = evidence(&p);
    let found: Vec<(&str, EvidenceKind)> = ev.strengths.iter().map(|e| (e.topic.id(), e.kind)).collect();
    assert_eq!(found, [("data_analytics", EvidenceKind::MeasureTicked)], "one tick, however many addresses");
    p.support_measures[2].detail = Text::new("Biobank Norway");
    let ev = evidence(&p);
    assert!(ev.strengths.iter().any(|e| e.topic.id() == "biobanks" && e.evidence(&p).text == "Biobank Norway"));
}

#[test]
fn complementarity_claims_rest_on_facts() {
    use crate::Tier::*;
    let asker = with_group(region("DEG", "Thuringia", Some("biobanks"), ""), Strong, 134.0);
    let biobank = |code: &str, name: &str| {
        let mut p = region(code, name, Some("biobanks"), "");
        p.initiatives = vec![crate::format::initiative(Some(1), "National Biobank").unwrap()];
        p
    };
    // Not below Thuringia's group, above the EU density threshold, outside NSPA.
    let etela = with_group(biobank("FI1C", "Etelä-Suomi"), Strong, 37.0);
    let estonia = with_group(biobank("EE", "Estonia"), Leader, 30.0);
    // Below it, and sparsely populated.
    let north = with_group(biobank("FI1D", "Pohjois- ja Itä-Suomi"), Moderate, 11.5);
    let mut asker = asker;
    asker.initiatives = vec![crate::format::initiative(Some(1), "Integrierte Biobank Jena").unwrap()];
    let ps = [&asker, &etela, &estonia, &north];
    let m = Matcher::new(&ps);
    for (i, name) in [(1, "Etelä-Suomi"), (2, "Estonia")] {
        for r in
            m.partners(0, None, 10).into_iter().filter(|x| x.index == i).flat_map(|x| x.reasons).collect::<Vec<_>>()
        {
            assert!(!r.contains("less advanced") && !r.contains("sparsely"), "{name}: {r}");
            assert!(!r.contains(" or "), "no 'or' in a reason: {r}");
        }
    }
    let r: Vec<String> = m.partners(0, None, 10).into_iter().filter(|x| x.index == 3).flat_map(|x| x.reasons).collect();
    assert!(
        r.iter().any(|x| x.contains("Pohjois- ja Itä-Suomi: Moderate innovator, 11.5 inhabitants/km² (Thuringia: Strong innovator, 134 inhabitants/km²)")),
        "{r:?}"
    );
    // The claim names what the lower region seeks, as the reason quoting the evidence does.
    assert!(
        r.iter().any(|x| x.ends_with(
            "Thuringia is in a higher group of the Regional Innovation Scoreboard than Pohjois- ja Itä-Suomi, \
             and can bring experience in biobanks, which Pohjois- ja Itä-Suomi seeks."
        )),
        "{r:?}"
    );
    assert!(r.iter().any(|x| x.starts_with("Pohjois- ja Itä-Suomi seeks biobanks, which Thuringia offers")), "{r:?}");
}

#[test]
fn a_topic_filter_returns_only_regions_with_evidence_for_it_and_reasons_name_their_subject() {
    let seed = seed();
    let infections = region("AT13", "Wien", Some("infectious diseases"), "");
    let mut genomics = region("EE", "Estonia", Some("biobanks"), "");
    genomics.initiatives = vec![crate::format::initiative(Some(1), "Estonian Genome Centre").unwrap()];
    let ps = [&seed, &infections, &genomics];
    let m = Matcher::new(&ps);
    let t = TopicId::from_id("genomics").unwrap();
    let found = m.partners(0, Some(t), 10);
    assert!(!found.is_empty());
    for f in &found {
        assert!(m.evidence(f.index).for_topic(t).next().is_some(), "{} has no genomics evidence", ps[f.index].name);
        assert!(f.reasons[0].starts_with("Thuringia does not list genomics among its interests"), "{:?}", f.reasons);
        for r in &f.reasons {
            assert!(!r.starts_with("It ") && !r.starts_with("it ") && !r.contains(". It "), "{r}");
        }
    }
}

#[test]
fn named_countries_count_both_ways() {
    let mut grand_est = region("FRF", "Grand Est", None, "");
    grand_est.collaboration = Some(crate::Collaboration::new(
        Some(true),
        None,
        vec![],
        ["USA", "Germany", "Belgium", "UK"].iter().filter_map(|c| Text::new(c)).collect(),
    ));
    let saxony = region("DED", "Sachsen", None, "Tourism.");
    let norte = region("PT11", "Norte", None, "Tourism.");
    let germany = region("DE", "Germany", None, "Tourism.");
    let ps = [&grand_est, &saxony, &norte, &germany];
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let mut codes: Vec<&str> = found.iter().map(|f| ps[f.index].code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["DE", "DED"], "Germany is named; Portugal is not");
    let (de, found): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| f.index == 3);
    assert_eq!(de[0].reasons, ["Grand Est would like to collaborate with Germany."], "not 'Germany is in Germany'");
    assert_eq!(m.partners(3, None, 5)[0].reasons, ["Grand Est would like to collaborate with Germany."]);
    assert!(found[0]
        .reasons
        .contains(&"Grand Est would like to collaborate with Germany: Sachsen is in Germany.".to_string()));
    let back = m.partners(1, None, 5);
    assert!(
        back[0].reasons.contains(&"Grand Est would like to collaborate with Germany, where Sachsen is.".to_string()),
        "{:?}",
        back[0].reasons
    );
}

#[test]
fn evidence_quotes_mark_the_words_that_name_the_topic() {
    let p = seed();
    let ev: Vec<Evidence> = evidence(&p).strengths.iter().map(|e| e.evidence(&p)).collect();
    let jena = ev.iter().find(|e| e.text == "Integrierte Biobank Jena").unwrap();
    assert_eq!(jena.marked(), ("Integrierte ", "Biobank", " Jena"));
    assert_eq!(jena.section(), "policy-h");
}

#[test]
fn asks_answered_by_the_same_words_are_said_once() {
    // A network ask (Horizon Europe) and the field of the same line, both answered by one
    // sentence of the other region.
    let seeker = region(
        "LT",
        "Lithuania",
        Some("Horizon2020/Horizon Europe projects and similar international initiatives on pharmacogenomics"),
        "",
    );
    let doer = region(
        "PL51",
        "Dolnośląskie",
        Some("biobanks"),
        "The region takes part in Horizon Europe projects on pharmacogenomics.",
    );
    let biobank = region("EE", "Estonia", None, "The Estonian Biobank, a population-based biobank.");
    let ps = [&seeker, &doer, &biobank];
    let m = Matcher::new(&ps);
    let found = m.partners(1, None, 5);
    let lt = found.iter().find(|f| ps[f.index].code.as_str() == "LT").expect("Lithuania seeks what it offers");
    let quoting: Vec<&String> = lt.reasons.iter().filter(|r| r.contains("takes part in Horizon Europe")).collect();
    assert_eq!(quoting.len(), 1, "{:?}", lt.reasons);
    assert!(quoting[0].contains(" and genomics (“pharmacogenomics”)"), "{}", quoting[0]);
}

#[test]
fn networks_asked_together_each_with_its_field_are_said_apart() {
    // Norway's answer: two infrastructures, answered by one sentence that names neither but
    // both their fields.
    let seeker =
        region("NO", "Norway", Some("Coordinate with ECRIN https://ecrin.org/, EATRIS https://eatris.eu/"), "");
    let mut doer = region("PT16", "Centro", None, "");
    doer.policy_documents = vec![crate::model::PolicyDocument {
        number: Some(1),
        prefix: None,
        level: None,
        title: Text::new("Thematic Agenda for Research and Innovation on Health, Clinical and Translational Research")
            .unwrap(),
    }];
    let other = region("EE", "Estonia", None, "The Estonian Biobank, a population-based biobank.");
    let ps = [&seeker, &doer, &other];
    let found = Matcher::new(&ps).partners(0, None, 5);
    let reasons = &found.iter().find(|f| f.index == 1).expect("Centro answers Norway").reasons;
    let said = reasons.iter().find(|r| r.starts_with("Norway seeks")).expect("a reason for the asks");
    assert_eq!(said.matches(", in the field of ").count(), 2, "{said}");
    // Each ask's field closed by a comma before the next ask.
    assert!(said.contains(" research, and E") || said.contains(" trials, and E"), "{said}");
}

/// All regions' partners at once, on every core and in blocks taken as threads come free,
/// are each region's partners as its page gives them.
#[test]
fn all_partners_at_once_are_each_regions_partners() {
    let all = crate::synth::profiles(300, 11);
    let refs: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&refs);
    let tops = m.all_top(8);
    assert_eq!(tops.len(), all.len());
    let mut found = 0;
    for (a, top) in tops.iter().enumerate() {
        let want: Vec<(usize, f32)> = m.partners(a, None, 8).into_iter().map(|x| (x.index, x.score)).collect();
        assert_eq!(top, &want, "partners of {}", all[a].code);
        found += top.len();
    }
    assert!(found > 300 * 4, "{found} partners found");
}

/// A topic named in a policy document or a strategy note is evidence of working on it, as
/// partner finding reads it: "Clinical and Translational Research" in a national agenda.
#[test]
fn policy_documents_and_strategy_notes_are_evidence() {
    let mut p = region("PT16", "Centro", None, "");
    p.policy_documents = vec![crate::model::PolicyDocument {
        number: Some(1),
        prefix: None,
        level: None,
        title: Text::new(
            "National Thematic Agenda for Research and Innovation on Health, Clinical and Translational Research",
        )
        .unwrap(),
    }];
    p.pm_ris3 =
        Some(crate::model::Flag { value: true, note: Text::new("Precision medicine is a priority of the strategy") });
    let ev = evidence(&p);
    let kinds =
        |t: &str| -> Vec<EvidenceKind> { ev.strengths.iter().filter(|e| e.topic.id() == t).map(|e| e.kind).collect() };
    assert_eq!(kinds("clinical_research"), [EvidenceKind::Policy]);
    assert_eq!(kinds("translational_research"), [EvidenceKind::Policy]);
    assert_eq!(kinds("personalised_medicine"), [EvidenceKind::Policy]);
    let e = ev.for_topic(TopicId::from_id("clinical_research").unwrap()).next().unwrap().evidence(&p);
    assert_eq!(e.marked().1, "Clinical and Translational Research");
    assert!(e.phrase().ends_with("(good evidence)"), "{}", e.phrase());
}
