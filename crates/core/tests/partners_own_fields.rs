//! A region that names no field or network it seeks is matched by what it does: the fields it works in
//! (by evidence at least as strong as a policy statement, else by all its evidence), each
//! reason quoting both regions' evidence, beside what others seek that it offers, in one
//! order. Nothing of this is said to be sought, by it or for it.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

/// Malta seeks nothing and names a biobank; Thuringia names one too, Wien only ticks the
/// topic, Norte has nothing of it; Grand Est seeks biobanks.
fn regions() -> Vec<Profile> {
    let mut malta = region("MT", "Malta", None);
    initiative(&mut malta, "Centre for Molecular Medicine and Biobanking");
    let mut thuringia = region("DEG", "Thuringia", None);
    initiative(&mut thuringia, "Integrierte Biobank Jena");
    let mut wien = region("AT13", "Wien", None);
    wien.policy_topics = vec![PolicyTopic { topic: None, text: Text::new("Biobanks and registries").unwrap() }];
    let seeker = region("FRF", "Grand Est", Some("biobanks"));
    let mut all = vec![malta, thuringia, wien, seeker];
    all.extend(others());
    all
}

#[test]
fn a_region_seeking_nothing_is_matched_by_the_fields_it_works_in() {
    let all = regions();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert!(m.asks(0).is_empty());
    assert_eq!(m.own_fields(0).iter().map(|t| t.id()).collect::<Vec<_>>(), ["biobanks"]);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    // Grand Est seeks what Malta offers (2 points) and names no biobank of its own; a named
    // biobank beats a ticked topic; Norte and the others have nothing of it.
    assert_eq!(order, ["FRF", "DEG", "AT13"]);
    let deg = &found[1];
    assert!(deg.breakdown.same_fields > 0.0 && deg.breakdown.shared_interests == 0.0, "{:?}", deg.breakdown);
    assert!(found[1].breakdown.same_fields > found[2].breakdown.same_fields);
    assert_eq!(
        deg.reasons,
        ["Malta and Thuringia both work on biobanks: Malta names in its initiatives “Centre for Molecular Medicine and Biobanking” (strong evidence); Thuringia names in its initiatives “Integrierte Biobank Jena” (strong evidence)."]
    );
    for f in &found {
        for r in &f.reasons {
            assert!(!r.starts_with("Malta seeks"), "Malta seeks nothing: {r}");
        }
    }
    assert!(found[0].reasons[0].starts_with("Grand Est seeks biobanks, which Malta offers"), "{:?}", found[0].reasons);
}

#[test]
fn what_a_region_works_in_is_no_wish_for_the_others() {
    let all = regions();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    // Thuringia seeks nothing either: its matches are by fields; and Malta's fields do not
    // make Malta one that seeks what Thuringia offers.
    let found = m.partners(1, None, 10);
    let malta = found.iter().find(|f| ps[f.index].code.as_str() == "MT").expect("Malta shares a field");
    assert_eq!(malta.breakdown.reciprocity, 0.0, "{:?}", malta.breakdown);
    assert!(malta.reasons.iter().all(|r| !r.contains("seeks")), "{:?}", malta.reasons);
    // A region with asks is matched by them, its fields only filling a short list: Grand Est
    // shows no field, so its matches get no same fields.
    let asker = ps.iter().position(|p| p.code.as_str() == "FRF").unwrap();
    assert!(m.own_fields(asker).is_empty());
    assert!(m.partners(asker, None, 10).iter().all(|f| f.breakdown.same_fields == 0.0));
}

/// A region whose only evidence is a ticked topic is matched by that field, where nothing
/// stronger shows one: before, it was found by bonuses alone, here by none.
#[test]
fn a_region_showing_only_ticks_is_matched_by_them() {
    let mut wien = region("AT13", "Wien", None);
    let ticked = Text::new("Electronic and mobile health solutions").unwrap();
    wien.policy_topics = vec![PolicyTopic { topic: vocab::PolicyTopicId::lookup(ticked.as_str()), text: ticked }];
    let mut sachsen = region("DED", "Sachsen", None);
    initiative(&mut sachsen, "RL eHealthSax");
    let mut malta = region("MT", "Malta", None);
    initiative(&mut malta, "National e-health platform");
    let all = [vec![wien, sachsen, malta], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(m.own_fields(0).iter().map(|t| t.id()).collect::<Vec<_>>(), ["e_health"]);
    assert!(m.own_fields_by_all(0) && !m.own_fields_by_all(1));
    let found = m.partners(0, None, 10);
    let mut order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    order.sort_unstable();
    assert_eq!(order, ["DED", "MT"], "{found:?}");
    let said = "Wien and Sachsen both work on e-health and assisted living: Wien ticks among the topics its policies cover “Electronic and mobile health solutions” (some evidence)";
    let sachsen = found.iter().find(|x| x.index == 1).expect("Sachsen");
    assert!(sachsen.reasons[0].starts_with(said), "{:?}", sachsen.reasons);
}

/// The bounded search finds what scoring every candidate finds, for askers with and without
/// asks: the first five of every region's partners are the first five of all of them.
#[test]
fn the_first_partners_are_the_first_of_all() {
    let mut all = synth::profiles(120, 7);
    all.extend(regions());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let without = (0..ps.len()).filter(|&a| !m.own_fields(a).is_empty()).count();
    assert!(without >= 4, "{without} regions that seek nothing");
    for a in 0..ps.len() {
        let few: Vec<(usize, f32)> = m.partners(a, None, 5).into_iter().map(|x| (x.index, x.score)).collect();
        let every: Vec<(usize, f32)> = m.partners(a, None, ps.len()).into_iter().map(|x| (x.index, x.score)).collect();
        assert_eq!(few, every[..few.len().min(every.len())], "partners of {}", ps[a].code);
        assert!(few.len() == 5 || few.len() == every.len(), "partners of {}", ps[a].code);
    }
}

/// Where nothing is found, the reason says what was looked for: a region naming nothing it
/// seeks is still looked for by the fields it works in and by what others seek.
#[test]
fn an_empty_list_says_what_was_looked_for() {
    let mut lone = region("MT", "Malta", None);
    initiative(&mut lone, "Centre for Molecular Medicine and Biobanking");
    let blank = region("SI", "Slovenia", None);
    let all = [vec![lone, blank], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert!(m.partners(0, None, 5).is_empty() && m.partners(1, None, 5).is_empty());
    let said = "it names no field or network it seeks, shows no field it works in that other regions, at most half of them, work in too, and no region seeks what it offers, is where it wishes partners, or names it or its country as a wished partner";
    assert_eq!(m.why_none(0, None), said, "Malta's biobanks are no other region's");
    assert_eq!(m.why_none(1, None), said);
    let t = pmatlas_core::vocab::TopicId::from_id("robotics").unwrap();
    assert_eq!(m.why_none(1, Some(t)), "no other region shows evidence of robotics");
}
