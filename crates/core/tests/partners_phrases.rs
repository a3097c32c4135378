//! Words that are one thing: a phrase asked whole ("technology transfer") and a name written
//! in two words ("life sciences").

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

/// Technology transfer is asked whole, as knowledge transfer, its other name: a "Data
/// Transfer Platform" or a "technology park" alone does not answer it. "Life sciences" is one
/// sector: a "Life Sciences Park" answers half of "technology transfer in life sciences", as
/// two words of it did before, and an answer needs both.
#[test]
fn technology_transfer_is_asked_whole() {
    let asker = region("ITH5", "Emilia-Romagna", Some("knowledge transfer; technology transfer in life sciences"));
    let mut office = region("IE06", "Eastern and Midland", None);
    initiative(&mut office, "Technology Transfer Office of the university hospitals");
    let mut sector = region("EE", "Estonia", None);
    initiative(&mut sector, "Transfer of technology to life science companies");
    let mut park = region("MT", "Malta", None);
    initiative(&mut park, "Malta Life Sciences Park, a facility for life sciences and information technology");
    let mut data = region("LV", "Latvia", None);
    initiative(&mut data, "Health Data Transfer Platform for knowledge sharing");
    let all = [vec![asker, office, sector, park, data], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = codes(&m, &ps, 0);
    assert!(!found.contains(&"MT".to_string()) && !found.contains(&"LV".to_string()), "{found:?}");
    assert_eq!(found[0], "EE", "{found:?}");
    assert!(found.contains(&"IE06".to_string()), "{found:?}");
    let reasons = m.partners(0, None, 5).into_iter().flat_map(|p| p.reasons).collect::<Vec<_>>();
    assert!(reasons.iter().any(|r| r.contains("“knowledge transfer”") && r.contains("Technology Transfer Office")));
}

/// A part of a field asked by its own name ("telemonitoring" of e-health) is answered first
/// by evidence naming it, in any of its names ("remote monitoring"), above evidence of the
/// field alone of the same grade; the field alone still answers.
#[test]
fn a_part_of_a_field_is_answered_first_by_its_name() {
    let asker = region("ITH5", "Emilia-Romagna", Some("telemonitoring"));
    let mut field = region("EE", "Estonia", None);
    initiative(&mut field, "Digital health programme for hospitals");
    let mut part = region("IE06", "Eastern and Midland", None);
    initiative(&mut part, "Remote patient monitoring of heart failure");
    // Listed first, so that an order by listing would put the field alone first.
    let all = [vec![asker, field, part], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["IE06", "EE"]);
    let found = m.partners(0, None, 5);
    assert!(found[0].reasons[0].contains("Remote patient monitoring"), "{:?}", found[0].reasons);
    assert!(found[1].score < found[0].score / 2.0, "{} {}", found[0].score, found[1].score);
}

/// "Population biobanks" are biobanks, a population-based one first; a region's population,
/// stated in every description, answers nothing ("It has a population of 3 million" did).
#[test]
fn population_biobanks_are_biobanks_not_a_population() {
    let asker = region("ITH5", "Emilia-Romagna", Some("partners with experience in setting up population biobanks"));
    let mut people = region("LT", "Lithuania", None);
    people.description = vec![Text::new("Lithuania has a population of 3 million.").unwrap()];
    let mut any = region("MT", "Malta", None);
    initiative(&mut any, "Centre for Molecular Medicine and Biobanking");
    let mut population = region("EE", "Estonia", None);
    initiative(&mut population, "Estonian Biobank, a population-based biobank");
    let all = [vec![asker, people, any, population], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["EE", "MT"]);
    let found = m.partners(0, None, 5);
    assert!(found[1].score < found[0].score * 0.75, "{} {}", found[0].score, found[1].score);
}

/// The ethical, legal and social aspects, social care and social innovation are asked whole:
/// a "social robot" answers none of them, nor "human" capital the humanities, and a region
/// naming them answers in any of their names ("ELSI", "health and social care").
#[test]
fn ethical_legal_social_aspects_and_social_care_are_asked_whole() {
    let asker = region(
        "ITH5",
        "Emilia-Romagna",
        Some("ethical, legal and social aspects; integrated health and social care; social sciences and humanities"),
    );
    let mut robots = region("FRF", "Grand Est", None);
    robots.description = vec![Text::new(
        "Robotics & medical & surgical care: social robots for diagnosis and integrated business models.",
    )
    .unwrap()];
    let mut capital = region("EL30", "Attiki", None);
    initiative(&mut capital, "Human capital in the humanitarian sector");
    let mut elsi = region("EE", "Estonia", None);
    initiative(&mut elsi, "ELSI research group on genomic data");
    let mut care = region("IE06", "Eastern and Midland", None);
    initiative(&mut care, "Integrated care programme for older persons");
    let all = [vec![asker, robots, capital, elsi, care], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let mut found = codes(&m, &ps, 0);
    found.sort();
    assert_eq!(found, ["EE", "IE06"]);
}

/// One word beside two fields ("ethics of genomic data sharing") is sought in the field
/// nearest it: evidence naming both fields and not the word does not answer it.
#[test]
fn one_word_beside_two_fields_is_of_the_nearest() {
    let asker = region("ITH5", "Emilia-Romagna", Some("reimbursement of genomic data analysis"));
    let mut both = region("PT16", "Centro", None);
    initiative(&mut both, "ICT/genomics, health, lifestyle data infrastructure");
    let mut word = region("BE2", "Flanders", None);
    initiative(&mut word, "Reimbursement of genomic tests");
    let all = [vec![asker, both, word], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let words: Vec<&String> = found.iter().flat_map(|p| &p.reasons).filter(|r| r.contains("“reimbursement")).collect();
    assert!(!words.is_empty() && words.iter().all(|r| r.contains("Flanders")), "{words:?}");
}
