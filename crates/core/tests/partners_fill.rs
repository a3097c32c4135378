//! A short list is filled: where fewer regions than the list holds answer what a region seeks
//! or earn a bonus, the regions working in the fields it works in (other than those it
//! seeks) follow, last, each reason quoting both regions' evidence. A list of two read as if
//! no other region were worth a look.

use pmatlas_core::matching::{same_fields_from, Matcher};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// Grand Est seeks biobanks, works on them and on robotics. Malta names a biobank; Thuringia
/// a robotics centre; Wien only mentions robots in a sentence; the others have nothing.
fn regions() -> Vec<Profile> {
    let mut seeker = region("FRF", "Grand Est", Some("biobanks"));
    initiative(&mut seeker, "Surgical robotics platform of Strasbourg");
    policy(&mut seeker, "Regional biobank strategy");
    let mut malta = region("MT", "Malta", None);
    initiative(&mut malta, "Centre for Molecular Medicine and Biobanking");
    let mut thuringia = region("DEG", "Thuringia", None);
    initiative(&mut thuringia, "Centre for medical robotics Jena");
    let mut wien = region("AT13", "Wien", None);
    wien.description = vec![Text::new(
        "Wien is home to many companies, universities, hospitals, museums, theatres and parks, and a few robots.",
    )
    .unwrap()];
    [vec![seeker, malta, thuringia, wien], others()].concat()
}

#[test]
fn a_short_list_ends_with_the_regions_working_in_the_askers_fields() {
    let all = regions();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    // Biobanks are sought: a region answering them is listed for that, not to fill.
    assert_eq!(m.fill_fields(0).iter().map(|t| t.id()).collect::<Vec<_>>(), ["robotics"]);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    // Wien's robots are a word in a long sentence: too little to say both work on robotics.
    assert_eq!(order, ["MT", "DEG"], "{found:?}");
    assert_eq!(m.answering(0, None, &found), 1);
    assert_eq!(same_fields_from(&found), 1);
    let deg = &found[1];
    assert!(!deg.answers());
    let b = deg.breakdown;
    assert_eq!((b.shared_interests, b.reciprocity, b.networks, b.complementarity), (0.0, 0.0, 0.0, 0.0), "{b:?}");
    assert!(b.same_fields > 0.0 && deg.score == b.same_fields, "{b:?}");
    assert_eq!(
        deg.reasons,
        ["Grand Est and Thuringia both work on robotics: Grand Est names in its initiatives “Surgical robotics platform of Strasbourg” (strong evidence); Thuringia names in its initiatives “Centre for medical robotics Jena” (strong evidence)."]
    );
    assert_eq!(deg.evidence.len(), 1, "{:?}", deg.evidence);
    assert!(deg.evidence[0].text.contains("robotics"));
    // Nothing of it is said to be sought.
    assert!(deg.reasons.iter().all(|r| !r.contains("seeks")), "{:?}", deg.reasons);
}

/// A list full with regions answering what the asker seeks is not filled, nor one with a
/// topic chosen (only regions with evidence of it are listed).
#[test]
fn a_full_list_and_a_topic_are_not_filled() {
    let all = regions();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let one = m.partners(0, None, 1);
    assert_eq!(one.iter().map(|x| ps[x.index].code.as_str()).collect::<Vec<_>>(), ["MT"]);
    assert_eq!(same_fields_from(&one), 1);
    let robotics = vocab::TopicId::from_id("robotics").unwrap();
    let topic = m.partners(0, Some(robotics), 10);
    assert_eq!(topic.iter().map(|x| ps[x.index].code.as_str()).collect::<Vec<_>>(), ["DEG", "AT13"]);
    assert_eq!(same_fields_from(&topic), topic.len());
}

/// A region that seeks nothing is matched by the rare fields it shows strongly; a short list
/// of those goes on with the regions working in its other fields, after them.
#[test]
fn a_region_seeking_nothing_is_filled_by_its_other_fields() {
    let mut malta = region("MT", "Malta", None);
    initiative(&mut malta, "Centre for Molecular Medicine and Biobanking");
    malta.description = vec![Text::new("Malta has a growing pharmaceuticals industry.").unwrap()];
    let mut thuringia = region("DEG", "Thuringia", None);
    initiative(&mut thuringia, "Integrierte Biobank Jena");
    let mut sachsen = region("DED", "Sachsen", None);
    initiative(&mut sachsen, "Pharmaceutical research centre Dresden");
    let all = [vec![malta, thuringia, sachsen], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let ids = |v: Vec<vocab::TopicId>| v.iter().map(|t| t.id()).collect::<Vec<_>>();
    // A sentence of prose is too little to be matched by, enough to fill a list.
    assert_eq!(ids(m.own_fields(0)), ["biobanks"]);
    assert_eq!(ids(m.fill_fields(0)), ["pharmaceuticals"]);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(order, ["DEG", "DED"], "{found:?}");
    assert_eq!((m.answering(0, None, &found), same_fields_from(&found)), (1, 1));
    assert_eq!(
        found[1].reasons,
        ["Malta and Sachsen both work on pharmaceuticals: Malta writes in its description “Malta has a growing pharmaceuticals industry.” (weak evidence); Sachsen names in its initiatives “Pharmaceutical research centre Dresden” (strong evidence)."]
    );
    assert!(found[0].reasons[0].starts_with("Malta and Thuringia both work on biobanks"), "{:?}", found[0].reasons);
}

/// The regions filling a list come after every region with a bonus, whatever their points:
/// one that seeks what the asker offers is a likelier partner than one in the same field.
#[test]
fn regions_filling_a_list_come_after_those_with_a_bonus() {
    let mut all = regions();
    // Norte seeks robotics, which Grand Est offers: a bonus (reciprocity), no field of its own.
    all.push(region("PT11", "Norte", Some("robotics")));
    // Grand Est and Thuringia share two more fields: more points than Norte's bonus.
    initiative(&mut all[0], "Nutrition and health cluster Alsace");
    initiative(&mut all[0], "Medical imaging centre Nancy");
    initiative(&mut all[2], "Nutrition research network Jena");
    initiative(&mut all[2], "Medical imaging platform Jena");
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(order, ["MT", "PT11", "DEG"], "{found:?}");
    assert!(found[2].score > found[1].score, "the filling region has more points: {found:?}");
    assert_eq!(same_fields_from(&found), 2);
    // Norte's robotics ask is answered by Grand Est's platform: no region fills for it.
    assert!(found[1].reasons[0].starts_with("Norte seeks robotics, which Grand Est offers"), "{:?}", found[1].reasons);
}

/// The heading of the regions filling a list names only the fields they work in: nutrition,
/// searched too, is worked in only by Malta, listed above for the biobank sought.
#[test]
fn the_fields_filling_a_list_are_those_its_regions_work_in() {
    let mut all = regions();
    initiative(&mut all[0], "Regional nutrition cohort");
    initiative(&mut all[1], "Maltese nutrition and diet cohort");
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let ids = |ts: Vec<vocab::TopicId>| ts.iter().map(|t| t.id()).collect::<Vec<_>>();
    let mut searched = ids(m.fill_fields(0));
    searched.sort_unstable();
    assert_eq!(searched, ["nutrition", "robotics"]);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!((order.as_slice(), same_fields_from(&found)), (&["MT", "DEG"][..], 1), "{found:?}");
    assert_eq!(ids(m.filled_by(0, &found)), ["robotics"]);
    // With none filling, none is named.
    assert!(m.filled_by(0, &found[..1]).is_empty());
}

/// Nine regions with a genome sequencing centre each and three with nothing of it: with a
/// few more, genomics is a field most regions work in, whose share is under what fills a
/// list by the rarer fields.
fn genomes_mostly() -> Vec<Profile> {
    let centres = (1..=9).map(|i| {
        let mut r = region(&format!("ES1{i}"), &format!("Genome region {i}"), None);
        initiative(&mut r, &format!("Genome sequencing centre {i}"));
        r
    });
    centres.chain(others().into_iter().take(3)).collect()
}

/// A field most regions work in fills a list still short: Attiki's bare "Yes" and its
/// genomics, which most regions name, left it two regions long in the corpus, scoring every
/// missing place as a miss. Those regions follow under the heading of the regions filling a
/// list, by their evidence of it; a word in a long sentence is still too little, and a field
/// a region seeks is not one it fills by.
#[test]
fn a_list_still_short_is_filled_by_fields_most_regions_work_in() {
    let mut attiki = region("EL30", "Attiki", None);
    initiative(&mut attiki, "Hellenic genome sequencing initiative");
    let mut wien = region("AT13", "Wien", None);
    wien.description = vec![Text::new(
        "Wien is home to many companies, universities, hospitals, museums, theatres, parks and a genome.",
    )
    .unwrap()];
    // Seeks genomics: one of its fields, not one it fills the list by.
    let mut finland = region("FI1D", "North Finland", Some("genomics"));
    initiative(&mut finland, "Biobank Borealis genome sequencing");
    // A short sentence of prose: a claim with no name behind it.
    let mut graz = region("AT22", "Steiermark", None);
    graz.description = vec![Text::new("Steiermark also has genomes.").unwrap()];
    let all = [vec![attiki, wien, finland, graz], genomes_mostly()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let ids = |v: Vec<vocab::TopicId>| v.iter().map(|t| t.id()).collect::<Vec<_>>();
    assert_eq!(ids(m.own_fields(0)), ["genomics"]);
    assert!(m.own_fields_by_all(0), "genomics is no rare field here");
    assert_eq!(ids(m.common_fields(0)), ["genomics"]);
    let found = m.partners(0, None, 10);
    let order: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    // North Finland seeks what Attiki offers: listed for that, first; then nine that fill.
    assert_eq!(order[0], "FI1D", "{found:?}");
    assert_eq!(found.len(), 10, "{order:?}");
    assert!(order[1..].iter().all(|c| c.starts_with("ES1")), "{order:?}");
    assert_eq!(same_fields_from(&found), 1, "{found:?}");
    assert!(found[1..].iter().all(|x| x.reasons.iter().any(|r| r.contains("both work on genomics"))), "{found:?}");
    assert_eq!(ids(m.filled_by(0, &found)), ["genomics"]);
    // Wien's genome in a long sentence, or Steiermark's in a short one, is too little, even
    // for the last place of a list.
    let all_of = m.partners(0, None, 20);
    assert!(all_of.iter().all(|x| !["AT13", "AT22"].contains(&ps[x.index].code.as_str())), "{all_of:?}");
    // North Finland, seeking genomics, is not filled for a field it seeks.
    assert!(m.common_fields(2).is_empty(), "{:?}", ids(m.common_fields(2)));
}

/// A country and its own region are not two pieces of work in a field where the region's
/// evidence is the country's membership: Germany's list is not filled with Thuringia, a member
/// of 1+MG through Germany, for genomics, but is with Norway, a member of its own, and with
/// Sachsen, which names a centre of its own. Two regions of one country each with their own
/// evidence are filled by each other.
#[test]
fn a_country_and_its_region_by_its_membership_are_one_fact() {
    let mut germany = region("DE", "Germany", None);
    member(&mut germany, "genome_1m", vocab::MembershipAnswer::Yes);
    let mut thuringia = region("DEG", "Thuringia", None);
    member(&mut thuringia, "genome_1m", vocab::MembershipAnswer::CountryLevelMember);
    let mut sachsen = region("DED", "Sachsen", None);
    initiative(&mut sachsen, "Genome sequencing centre Dresden");
    let mut norway = region("NO", "Norway", None);
    member(&mut norway, "genome_1m", vocab::MembershipAnswer::Yes);
    let all = [vec![germany, thuringia, sachsen, norway], genomes_mostly()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let codes = |a: usize| m.partners(a, None, 20).iter().map(|x| ps[x.index].code.to_string()).collect::<Vec<_>>();
    let germany = codes(0);
    assert!(germany.contains(&"NO".to_string()) && germany.contains(&"DED".to_string()), "{germany:?}");
    assert!(!germany.contains(&"DEG".to_string()), "{germany:?}");
    // Sachsen's centre is its own: Thuringia, by Germany's membership, and it are two.
    assert!(codes(2).contains(&"DEG".to_string()), "{:?}", codes(2));
}
