//! The evidence a topic page lists for a region: told as what it is, and graded as partner
//! finding grades the same text.

use pmatlas_core::matching::{evidence, EvidenceKind, Matcher};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// A topic page says what a piece of evidence is and grades it as partner finding does: a
/// funding programme is named among the funding programmes, as good evidence (it was "in its
/// initiatives", strong), and a programme the region is represented in is said so.
#[test]
fn topic_evidence_is_told_and_graded_as_its_unit() {
    let mut p = region("BE2", "Vlaanderen", None);
    let text = Text::new("Funding for a dedicated programme related to personalised medicine").unwrap();
    p.funding_programmes = vec![ListItem { number: None, text }];
    p.represented_in = vec![ListItem { number: None, text: Text::new("BBMRI S3 platform on biobanks").unwrap() }];
    let of = |topic: &str| topic_evidence(&p, topic).unwrap();
    let (funding, platform) = (of("personalised_medicine"), of("biobanks"));
    assert_eq!((funding.kind, platform.kind), (EvidenceKind::Funding, EvidenceKind::Represented));
    assert_eq!(
        funding.phrase(),
        "names it among its funding programmes: “Funding for a dedicated programme related to personalised medicine” (good evidence)"
    );
    assert_eq!(funding.section(), "policy-h");
    assert_eq!(platform.phrase(), "is represented in “BBMRI S3 platform on biobanks” (strong evidence)");
    // The matches page grades the same unit alike.
    let asker = region("ITC4", "Lombardia", Some("personalised medicine"));
    let all = [vec![asker, p], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let be2 = found.iter().find(|f| ps[f.index].code.as_str() == "BE2").unwrap();
    assert_eq!(be2.evidence[0].grade, 0.6, "{:?}", be2.evidence);
}

/// A sentence naming a network with the field its name gives ("one of the leading regions
/// in the smart specialisation partnership on personalised medicine") is evidence of that
/// field as partner finding grades it (0.8, good), though the paragraph named the field
/// before; such a region stands above one with a policy (0.6) alone.
#[test]
fn a_network_named_in_prose_is_evidence_of_its_field() {
    let mut p = region("BE2", "Vlaanderen", None);
    let about = "Personalised medicine is a priority. Flanders is one of the leading regions in the smart specialisation partnership on personalised medicine (S3P4PM).";
    p.description = vec![Text::new(about).unwrap()];
    let ev = evidence(&p);
    let named: Vec<_> = ev
        .strengths
        .iter()
        .filter(|s| s.topic.id() == "personalised_medicine" && s.kind == EvidenceKind::NetworkNamed)
        .map(|s| s.evidence(&p))
        .collect();
    assert_eq!(named.len(), 1, "{:?}", ev.strengths);
    assert!(named[0].text.starts_with("Flanders is one of the leading regions"), "{:?}", named[0]);
    assert!(named[0].phrase().ends_with("(good evidence)") && named[0].section() == "about-h");
    // The first sentence is told too, apart; one that both states priorities and names the
    // network is told once, as naming it.
    let kinds = |p: &Profile| -> Vec<(EvidenceKind, String)> {
        let ev = evidence(p);
        let pm = ev.strengths.iter().filter(|s| s.topic.id() == "personalised_medicine");
        pm.map(|s| (s.kind, s.evidence(p).text)).collect()
    };
    assert!(kinds(&p).iter().any(|(_, t)| t.starts_with("Personalised medicine")), "{:?}", kinds(&p));
    let mut both = region("FI1B", "Helsinki-Uusimaa", None);
    let stated =
        "The region's S3 priorities include the smart specialisation partnership on personalised medicine (S3P4PM).";
    both.description = vec![Text::new(stated).unwrap()];
    assert_eq!(kinds(&both), [(EvidenceKind::NetworkNamed, stated.to_string())]);
    let mut norway = region("NO", "Norge", None);
    policy(&mut norway, "Strategi for persontilpasset medisin i helsetjenesten");
    let all = [vec![norway, p], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let working: Vec<&str> = m.working_on(named[0].topic).iter().map(|&i| ps[i].code.as_str()).collect();
    let (be2, no) = (working.iter().position(|c| *c == "BE2"), working.iter().position(|c| *c == "NO"));
    assert!(be2.unwrap() < no.unwrap(), "{working:?}");
}

/// A mention in the description is quoted with its sentence, as the matches page quotes it:
/// "mentions it in its description: “clinical trials”" told a reader nothing of what the
/// region says of them. Of a sentence too long to read, the words with those around them
/// ("pharmaceuticals" alone said nothing of Malta's manufacture of them), whole words.
#[test]
fn a_mention_is_quoted_with_its_sentence() {
    let mut p = region("BE2", "Vlaanderen", None);
    let long = format!("Many things, {} and clinical trials with a long tail of words after them.", "very ".repeat(60));
    p.description = vec![
        Text::new(
            "Flanders is known for its universities. It has exceptionally rapid approval times for clinical trials.",
        )
        .unwrap(),
        Text::new(&long).unwrap(),
    ];
    let ev = evidence(&p);
    let said: Vec<String> = ev.strengths.iter().map(|s| s.evidence(&p).phrase()).collect();
    assert_eq!(
        said[0],
        "mentions it in its description: “It has exceptionally rapid approval times for clinical trials.” (weak evidence)"
    );
    let around = format!("{}and clinical trials with a long tail of words after them.", "very ".repeat(21));
    assert_eq!(
        said[1],
        format!("mentions it in its description: “{around}” (weak evidence)"),
        "too long: around the words"
    );
}

/// A membership the region holds as its country does is told so and graded as a national
/// commitment (good evidence) on the topic page as in partner finding: a region with a
/// genome-sequencing initiative of its own comes before it for genomics.
#[test]
fn a_membership_through_the_country_is_good_evidence() {
    let mut by_country = region("AT21", "Kärnten", None);
    member(&mut by_country, "genome_1m", MembershipAnswer::CountryLevelMember);
    let genomics = topic_evidence(&by_country, "genomics").unwrap();
    assert_eq!(genomics.kind, EvidenceKind::CountryNetwork);
    assert_eq!(
        genomics.phrase(),
        "is a member of 1+ Million Genomes initiative (1+MG) through its country (good evidence)"
    );
    // As the 2019 documents list it among the initiatives, alike.
    let mut listed = region("PT16", "Centro", None);
    initiative(&mut listed, "Countrylevel member 1+M Genomes Initiative");
    let item = topic_evidence(&listed, "genomics").unwrap();
    assert_eq!(item.kind, EvidenceKind::CountryInitiative);
    assert_eq!(
        item.phrase(),
        "names it in its initiatives: “Countrylevel member 1+M Genomes Initiative” (good evidence)"
    );
    let mut own = region("BE2", "Vlaanderen", None);
    initiative(&mut own, "Genome sequencing platform of the university hospitals");
    let asker = region("ITC4", "Lombardia", Some("genomics"));
    let all = [vec![asker, by_country, own, listed], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|f| ps[f.index].code.as_str()).collect();
    assert_eq!(codes[0], "BE2", "{codes:?}");
    for f in &found[1..3] {
        assert!(["AT21", "PT16"].contains(&ps[f.index].code.as_str()), "{codes:?}");
        assert_eq!(f.evidence[0].grade, 0.6, "{:?}", f.evidence);
    }
}

/// The documents without a list of major initiatives name them in a sentence of the
/// description ("involved in a number of major initiatives including …"): that sentence is
/// the region's list, graded as an initiative (strong) on the topic page and the matches
/// page alike, and said as what it is.
#[test]
fn a_sentence_naming_the_major_initiatives_is_graded_as_them() {
    let mut lt = region("LT", "Lithuania", None);
    lt.description = vec![Text::new(
        "Lithuania is a country in the Baltic region. The country is involved in a number of major initiatives \
         including The National Cancer Institute, Kaunas Clinics and Santaros Clinics.",
    )
    .unwrap()];
    let cancer = topic_evidence(&lt, "cancer").unwrap();
    assert_eq!(cancer.kind, EvidenceKind::InitiativesNamed);
    assert!(cancer
        .phrase()
        .starts_with("names it among its major initiatives in its description: “The country is involved"));
    assert!(cancer.phrase().ends_with("(strong evidence)"), "{}", cancer.phrase());
    let mut prose = region("CZ01", "Praha", None);
    prose.description = vec![Text::new("Cancer care is a concern of the city's hospitals.").unwrap()];
    let asker = region("ITC4", "Lombardia", Some("cancer"));
    let all = [vec![asker, prose, lt], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|f| ps[f.index].code.as_str()).collect();
    assert_eq!(codes[..2], ["LT", "CZ01"]);
    assert_eq!(found[0].evidence[0].grade, 1.0, "{:?}", found[0].evidence);
    assert!(
        found[0].reasons[0].contains("Lithuania writes of its major initiatives in its description “"),
        "{}",
        found[0].reasons[0]
    );
}

/// An acronym a reader may not know is said for what it is, after the grade.
#[test]
fn an_acronym_is_glossed() {
    let mut p = region("FRF", "Grand Est", None);
    initiative(&mut p, "IHU Strasbourg");
    let s = topic_evidence(&p, "translational_research").unwrap();
    assert_eq!(
        s.phrase(),
        "names it in its initiatives: “IHU Strasbourg” (strong evidence; an IHU is a French university-hospital institute of translational research)"
    );
}
