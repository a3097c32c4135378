//! Partner finding reads what regions write: asks in free words, evidence graded by kind,
//! networks both ways, designations as facts, reasons that earn their place, and a ranking
//! that does not depend on the order profiles come in.

use pmatlas_core::matching::{Matcher, MIN_ASK};
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn an_ask_in_free_words_finds_the_region_that_uses_them() {
    let asker = region("SE22", "Sydsverige", Some("common data-collection protocols and privacy of patient data"));
    let mut privacy = region("FI1B", "Helsinki-Uusimaa", None);
    initiative(&mut privacy, "Findata: privacy-preserving access to patient data for research");
    let mut photonics = region("DEG", "Thuringia", None);
    initiative(&mut photonics, "Photonics for medical diagnostics");
    let mut all = vec![asker, privacy, photonics];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    assert_eq!(codes(&m, &ps, 0), ["FI1B"], "only the region that speaks of privacy and patient data");
    let r = &found[0].reasons[0];
    assert!(
        r.starts_with("Sydsverige seeks “privacy of patient data”: Helsinki-Uusimaa names in its initiatives “Findata"),
        "{r}"
    );
    let (_, mark, _) = found[0].evidence[0].marked();
    assert!(
        ["privacy", "patient", "data"].iter().any(|w| mark.to_lowercase().starts_with(w)),
        "the quote marks a word that matched: {mark}"
    );
}

#[test]
fn a_designation_is_never_called_a_network() {
    let mut a = region("DEG", "Thuringia", Some("biobanks"));
    let mut b = region("FRF", "Grand Est", None);
    initiative(&mut b, "Biobank of Alsace");
    for p in [&mut a, &mut b] {
        member(p, "pm_region_ec", MembershipAnswer::Yes);
        member(p, "nspa", MembershipAnswer::Yes);
        member(p, "danube", MembershipAnswer::Yes);
    }
    let mut all = vec![a, b];
    for mut o in others() {
        member(&mut o, "pm_region_ec", MembershipAnswer::No);
        all.push(o);
    }
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].breakdown.networks, 0.0, "designations are no shared networks");
    for r in &found[0].reasons {
        assert!(!r.contains("PM region") && !r.contains("member of") && !r.contains("network"), "{r}");
    }
}

#[test]
fn no_reason_without_points_and_no_points_without_reasons() {
    let profiles = pmatlas_core::synth::profiles(300, 7);
    let ps: Vec<&Profile> = profiles.iter().collect();
    let m = Matcher::new(&ps);
    let mut checked = 0;
    for a in 0..ps.len() {
        for x in m.partners(a, None, 10) {
            assert!(x.score > 0.0);
            for c in &x.evidence {
                assert!(c.score >= MIN_ASK, "{}: a quote that scores {}", ps[a].code, c.score);
                checked += 1;
            }
            let b = x.breakdown;
            let said = |w: &str| x.reasons.iter().any(|r| r.contains(w));
            // A region the asker names counts in shared interests too ("Łódź" of a
            // generated answer is a city's NUTS 3 region), said without a quote.
            if b.shared_interests > 0.0 {
                assert!(
                    !x.evidence.is_empty() || said("would like to collaborate with"),
                    "{}→{}: points for asks, no evidence quoted",
                    ps[a].code,
                    ps[x.index].code
                );
            }
            if b.reciprocity > 0.0 {
                assert!(said("offers") || said("collaborate with"), "{:?}", x.reasons);
            }
            if b.networks > 0.0 {
                assert!(said("both members of") || said("both seek"), "{:?}", x.reasons);
            }
            if b.complementarity > 0.0 {
                assert!(said("can bring experience"), "{:?}", x.reasons);
            }
        }
    }
    assert!(checked > 100, "{checked} quotes checked");
}

#[test]
fn permuting_the_candidates_never_changes_a_ranking() {
    let mut profiles = pmatlas_core::synth::profiles(200, 11);
    let rank = |ps: &[Profile]| -> std::collections::BTreeMap<String, Vec<(String, Vec<String>)>> {
        let refs: Vec<&Profile> = ps.iter().collect();
        let m = Matcher::new(&refs);
        (0..refs.len())
            .map(|a| {
                let found = m.partners(a, None, 10);
                (
                    refs[a].code.to_string(),
                    found.into_iter().map(|x| (refs[x.index].code.to_string(), x.reasons)).collect(),
                )
            })
            .collect()
    };
    let first = rank(&profiles);
    profiles.reverse();
    assert_eq!(rank(&profiles), first, "reversed");
    let n = profiles.len();
    for i in 0..n {
        profiles.swap(i, (i * 7 + 3) % n);
    }
    assert_eq!(rank(&profiles), first, "shuffled");
}

#[test]
fn the_topic_view_ranks_by_the_best_evidence_and_tells_the_truth_about_the_asker() {
    let asker = region("DEG", "Thuringia", Some("biobanks"));
    let other_asker = region("FRF", "Grand Est", Some("e-health"));
    let mut described = region("EE", "Estonia", None);
    described.description = vec![Text::new("Biobanks and a biobank law.").unwrap()];
    let mut named = region("MT", "Malta", None);
    initiative(&mut named, "Centre for Molecular Medicine and Biobanking");
    let mut all = vec![asker, other_asker, described, named];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let t = pmatlas_core::vocab::TopicId::from_id("biobanks").unwrap();
    let order: Vec<&str> = m.working_on(t).iter().map(|&i| ps[i].code.as_str()).collect();
    assert_eq!(order[0], "MT", "a named initiative before two sentences of prose: {order:?}");
    let for_asker = m.partners(0, Some(t), 5);
    assert!(
        for_asker[0].reasons[0].starts_with("Thuringia seeks biobanks: Malta names in its initiatives"),
        "said once, with its evidence: {:?}",
        for_asker[0].reasons
    );
    let for_other = m.partners(1, Some(t), 5);
    assert!(
        for_other[0].reasons[0].starts_with("Grand Est does not list biobanks among its interests; Malta is active in it: Malta names in its initiatives “Centre for Molecular Medicine and Biobanking”"),
        "{:?}",
        for_other[0].reasons
    );
    // Nor is it said to seek it anywhere else.
    assert!(
        for_other.iter().flat_map(|f| &f.reasons).all(|r| !r.starts_with("Grand Est seeks biobanks")),
        "{for_other:?}"
    );
}

/// A piece of evidence has one grade wherever it is shown: a ticked topic and a membership
/// read the same on a topic page as in a partner's reasons.
#[test]
fn the_topic_page_and_the_reasons_grade_evidence_alike() {
    let asker = region("PL51", "Dolnośląskie", Some("health data and medical technology"));
    let mut ticked = region("PT16", "Centro", None);
    ticked.policy_topics = vec![PolicyTopic {
        topic: pmatlas_core::vocab::PolicyTopicId::from_id("health_data"),
        text: Text::new("ICT/genomics, health, lifestyle data (infrastructure)").unwrap(),
    }];
    member(&mut ticked, "s3medtech", MembershipAnswer::Yes);
    member(&mut ticked, "icpermed", MembershipAnswer::Yes);
    let mut all = vec![asker, ticked];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let reasons = m.partners(0, None, 5).remove(0).reasons;
    let on_topic_page = |id: &str| topic_evidence(ps[1], id).unwrap().phrase();
    for (topic, said, grade) in [
        ("data_analytics", "ticks among the topics", "(some evidence)"),
        ("medical_technology", "is a member of", "(strong evidence)"),
    ] {
        let reason = reasons.iter().find(|r| r.contains(said)).unwrap_or_else(|| panic!("{said}: {reasons:?}"));
        assert!(reason.ends_with(&format!("{grade}.")), "{reason}");
        let page = on_topic_page(topic);
        assert!(page.ends_with(grade), "the topic page says {page}; the reason {reason}");
    }
    // A network whose label begins "Member of" is not a member of "Member of …".
    let icpermed = on_topic_page("personalised_medicine");
    assert_eq!(
        icpermed,
        "is a member of ICPerMed (International Consortium for Personalised Medicine) (strong evidence)"
    );
}

/// An ask of hundreds of words is read to its end on both sides: the asker's evidence that
/// answers its last words finds the region asking it, as the asker's own search finds it.
#[test]
fn an_ask_of_three_hundred_words_is_read_to_its_last_word() {
    let word = |i: usize| {
        let l = |k: usize| char::from(b'a' + (k % 20) as u8);
        format!("qu{}{}{}x", l(i / 400), l(i / 20), l(i))
    };
    let words = |r: std::ops::Range<usize>| r.map(word).collect::<Vec<_>>().join(" ");
    let seeker = region("SE22", "Sydsverige", Some(&words(0..300)));
    // Every word is somebody's (a word nobody has is no term); the region answering holds
    // the last 70 only, which its one initiative names.
    let mut all = vec![seeker, region("PT20", "Açores", None)];
    all[1].description = vec![Text::new(&format!("{}.", words(0..230))).unwrap()];
    all.extend(others());
    let mut offers = region("FI1B", "Helsinki-Uusimaa", None);
    initiative(&mut offers, &words(230..300));
    all.push(offers);
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let at = ps.len() - 1;
    let theirs = m.partners(0, None, 10);
    assert_eq!(codes(&m, &ps, 0)[0], "FI1B", "the seeker finds the region naming its last words");
    let found = m.partners(at, None, 10);
    assert_eq!(codes(&m, &ps, at), ["SE22"], "the region naming them finds the seeker");
    assert!(found[0].breakdown.reciprocity > 0.0, "{:?}", found[0].breakdown);
    assert!(theirs[0].breakdown.shared_interests > 0.0, "{:?}", theirs[0].breakdown);
}

/// Asks seen on real profiles that no field of the topic list had covered find regions that
/// name the same thing in other words: telemonitoring is remote monitoring (e-health), HPC
/// is high-performance computing, self-learning systems are artificial intelligence.
#[test]
fn asks_once_outside_the_topic_list_find_the_same_thing_in_other_words() {
    for (ask, theirs) in [
        ("telemonitoring of chronic patients", "Remote monitoring of heart-failure patients at home"),
        ("access to HPC", "Regional high-performance computing centre for genome analysis"),
        ("self-learning systems", "Machine learning for clinical decision support"),
    ] {
        let asker = region("SE22", "Sydsverige", Some(ask));
        let mut answers = region("FI1B", "Helsinki-Uusimaa", None);
        initiative(&mut answers, theirs);
        let mut all = vec![asker, answers];
        all.extend(others());
        let ps: Vec<&Profile> = all.iter().collect();
        let m = Matcher::new(&ps);
        let found = m.partners(0, None, 10);
        assert_eq!(codes(&m, &ps, 0), ["FI1B"], "{ask:?} finds {theirs:?}");
        assert!(found[0].breakdown.shared_interests > 0.0, "{ask:?}: the ask itself is answered");
    }
}

/// A sentence of the description that states the region's smart-specialisation priorities
/// is a strategy statement (good evidence), and answers before a sentence that only uses
/// the words.
#[test]
fn a_stated_s3_priority_is_a_strategy_statement() {
    let asker = region("DEG", "Thuringia", Some("e-health"));
    let mut stated = region("MT", "Malta", None);
    stated.description = vec![Text::new(
        "The country's S3 priorities in the area of health have a focus on healthy living and e-health.",
    )
    .unwrap()];
    let mut prose = region("EL30", "Attiki", None);
    prose.description = vec![Text::new("Hospitals in the area try out e-health with their patients.").unwrap()];
    let mut all = vec![asker, prose, stated];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    assert_eq!(codes(&m, &ps, 0)[..2], ["MT", "EL30"]);
    assert!(found[0].reasons[0].ends_with("(good evidence)."), "{}", found[0].reasons[0]);
    assert!(
        found[0].reasons[0]
            .contains("Malta writes of its smart-specialisation priorities in its description “The country's S3"),
        "{}",
        found[0].reasons[0]
    );
    assert_eq!(found[0].evidence[0].grade, 0.6);
    assert!(found[1].reasons[0].ends_with("(weak evidence)."), "{}", found[1].reasons[0]);
    // The topic pages grade it the same: the sentence, as a stated priority.
    use pmatlas_core::matching::EvidenceKind;
    let e_health = |p: &Profile| topic_evidence(p, "e_health").unwrap();
    let (stated, prose) = (e_health(ps[2]), e_health(ps[1]));
    assert_eq!((stated.kind, prose.kind), (EvidenceKind::Priority, EvidenceKind::Description));
    assert!(stated.text.starts_with("The country's S3 priorities") && stated.marked().1 == "e-health", "{stated:?}");
    assert!(stated.phrase().ends_with("(good evidence)"), "{}", stated.phrase());
}

/// The sentence going straight on with a statement of S3 priorities lists priorities too
/// (Sydsverige: "... S3 priorities in Life science and health will focus on ... In Technology
/// the focus will be ... artificial intelligence"): graded and told as the statement is.
#[test]
fn a_sentence_going_on_with_stated_s3_priorities_is_a_strategy_statement() {
    let asker = region("PL51", "Dolnośląskie", Some("artificial intelligence"));
    let mut stated = region("SE22", "Sydsverige", None);
    stated.description = vec![Text::new(
        "The region's S3 priorities in health will focus on e-health. In technology the focus will be \
         the tech industry, which leads in artificial intelligence.",
    )
    .unwrap()];
    let mut prose = region("EL30", "Attiki", None);
    prose.description = vec![Text::new(
        "The region's S3 priorities in health will focus on e-health. Its universities research artificial intelligence.",
    )
    .unwrap()];
    let mut all = vec![asker, prose, stated];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    assert_eq!(codes(&m, &ps, 0)[..2], ["SE22", "EL30"]);
    assert_eq!((found[0].evidence[0].grade, found[1].evidence[0].grade), (0.6, 0.2));
    assert!(
        found[0].reasons[0].contains("writes of its smart-specialisation priorities in its description “In technology"),
        "{}",
        found[0].reasons[0]
    );
}

/// "Common data-collection protocols" is what the synonym table calls health data standards:
/// a region naming a registry in a European data-collection network answers it before one
/// whose description only mentions big data, and the reason quotes the asker's own words.
#[test]
fn data_collection_protocols_are_asked_as_health_data() {
    let asker = region("CY", "Cyprus", Some("We seek common data-collection protocols and privacy"));
    let mut registry = region("BE2", "Flanders", None);
    initiative(&mut registry, "Antwerpen registry of congenital anomalies - contributes to the EUROCAT network");
    let mut prose = region("SE22", "Sydsverige", None);
    prose.description = vec![Text::new("A strong tech industry: image recognition, big data and gaming.").unwrap()];
    let mut all = vec![asker, prose, registry];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["BE2", "SE22"]);
    let found = m.partners(0, None, 10);
    let r = &found[0].reasons[0];
    assert!(
        r.starts_with("Cyprus seeks health data and analytics (“data-collection protocols”): Flanders names"),
        "{r}"
    );
    assert!(r.ends_with("(strong evidence)."), "{r}");
}

/// A field named as what another is for counts for half, and the reason says why.
#[test]
fn a_purpose_counts_for_half_and_says_so() {
    let score_for = |seeks: &str| {
        let asker = region("PL51", "Dolnośląskie", Some(seeks));
        // A ticked topic: some evidence, well under a full answer, so nothing is capped.
        let mut biobank = region("MT", "Malta", None);
        biobank.policy_topics = vec![PolicyTopic { topic: None, text: Text::new("Biobanks and registries").unwrap() }];
        let mut all = vec![asker, biobank];
        all.extend(others());
        let ps: Vec<&Profile> = all.iter().collect();
        let found = Matcher::new(&ps).partners(0, None, 10);
        (found[0].evidence[0].score, found[0].reasons[0].clone())
    };
    let (alone, _) = score_for("biobanks");
    let (purpose, reason) = score_for("artificial intelligence for biobanks");
    assert!((purpose - alone / 2.0).abs() < 1e-6, "{purpose} is half of {alone}");
    assert!(
        reason.starts_with(
            "Dolnośląskie seeks biobanks, the aim of the artificial intelligence it seeks (not shown by Malta): Malta ticks"
        ),
        "{reason}"
    );
}
