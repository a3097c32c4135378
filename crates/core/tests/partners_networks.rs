//! Partner finding and networks: networks and infrastructures matched both ways, named in a
//! region's own words, given as examples ("one like it"), and sought by both sides.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn networks_match_both_ways() {
    // The asker holds S3P4PM; one candidate seeks it, another seeks it too.
    let mut asker = region("BE2", "Flanders", Some("Through networks such as S3P on personalised medicine"));
    member(&mut asker, "s3p4pm", MembershipAnswer::Yes);
    let seeker = region("SE22", "Sydsverige", Some("S3P on personalised medicine"));
    let mut holder = region("NL41", "Noord-Brabant", None);
    member(&mut holder, "s3p4pm", MembershipAnswer::Yes);
    let mut all = vec![asker, seeker, holder];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let seeker_match = found.iter().find(|x| x.index == 1).expect("the candidate seeking a network the asker holds");
    assert!(seeker_match.breakdown.reciprocity > 0.0);
    assert!(
        seeker_match.reasons.iter().any(|r| r == "Sydsverige seeks S3P4PM (“S3P on personalised medicine”), which Flanders offers: Flanders is a member of S3 partnership on personalised medicine (S3P4PM) (strong evidence)."),
        "{:?}",
        seeker_match.reasons
    );
    assert!(
        seeker_match.reasons.iter().any(|r| r == "Flanders and Sydsverige both seek cooperation through S3P4PM."),
        "{:?}",
        seeker_match.reasons
    );
    let holder_match = found.iter().find(|x| x.index == 2).expect("the candidate holding the network the asker seeks");
    assert!(holder_match.breakdown.shared_interests > 0.0);
}

/// A region that writes of leading the very network an asker names ("the smart
/// specialisation partnership on personalised medicine") answers the ask as naming a network
/// does (0.8 of a membership), its field included: the words of the network's name are the
/// network's, not a sentence of prose's, and the reason grades it so. It comes before a member of another network of the
/// same field, which answers the ask only as "one like it".
#[test]
fn the_network_named_in_a_region_own_words_answers_with_its_field() {
    let asker =
        region("SE22", "Sydsverige", Some("cooperation through networks such as the S3P on personalised medicine"));
    let mut leads = region("BE2", "Flanders", None);
    leads.description = vec![Text::new(
        "In this light, Flanders is one of the leading regions in the smart specialisation partnership on personalised medicine and coordinator of a project.",
    )
    .unwrap()];
    let mut other = region("LT", "Lithuania", None);
    member(&mut other, "icpermed", MembershipAnswer::Yes);
    let mut all = vec![asker, other, leads];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    assert_eq!(codes(&m, &ps, 0)[..2], ["BE2", "LT"]);
    // The reason says what the figure rests on: naming the network, not a sentence of prose.
    assert!(found[0].reasons[0].ends_with("(good evidence)."), "{}", found[0].reasons[0]);
    assert_eq!(found[0].evidence[0].grade, 0.8);
    let leads = found[0].breakdown.shared_interests;
    assert!(
        leads >= 0.8 * pmatlas_core::matching::W_COVER - 1e-3,
        "naming the network answers 0.8 of the ask: {leads}"
    );
}

/// A network given as an example ("networks such as the S3P on personalised medicine") is
/// answered by another of its kind (an S3 partnership) and by a network of another kind in its
/// field (ICPerMed), and the reason says which it is; not by a network of another kind and
/// field (the bioregions' council). A region in a network that stands for another (an
/// InnoStars region is in EIT Health) answers an ask for that one.
#[test]
fn one_like_the_example_is_one_of_its_kind_or_field() {
    let asker =
        region("SE22", "Sydsverige", Some("cooperation through networks such as the S3P on personalised medicine"));
    let mut partnership = region("FRF", "Grand Est", None);
    member(&mut partnership, "s3medtech", MembershipAnswer::Yes);
    let mut network = region("ITC4", "Lombardia", None);
    member(&mut network, "icpermed", MembershipAnswer::Yes);
    let eit = region("PL21", "Małopolskie", Some("EIT Health"));
    let mut innostars = region("EL30", "Attiki", None);
    member(&mut innostars, "innostars", MembershipAnswer::Yes);
    let mut bioregions = region("ITC1", "Piemonte", None);
    member(&mut bioregions, "cebr", MembershipAnswer::Yes);
    let mut all = vec![asker, network, partnership, eit, innostars, bioregions];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    let of = |code: &str| found.iter().find(|x| ps[x.index].code.as_str() == code);
    let (like, field) = (of("FRF").unwrap(), of("ITC4").unwrap());
    assert!(
        like.reasons[0].contains("S3P4PM (“S3P on personalised medicine”) or another S3 partnership or platform:"),
        "{}",
        like.reasons[0]
    );
    let in_field = "S3P4PM (“S3P on personalised medicine”), in the field of personalised medicine:";
    assert!(field.reasons[0].contains(in_field), "{}", field.reasons[0]);
    let council = of("ITC1").map(|x| x.reasons.concat()).unwrap_or_default();
    assert!(!council.contains("BioRegions"), "{council}");
    let found = m.partners(3, None, 10);
    assert_eq!(
        found.first().map(|x| ps[x.index].code.as_str()),
        Some("EL30"),
        "{:?}",
        found.first().map(|x| &x.reasons)
    );
    assert!(
        found[0].reasons[0].starts_with("Małopolskie seeks EIT Health: Attiki is a member of EIT Health InnoStars"),
        "{}",
        found[0].reasons[0]
    );
}

/// A region seeking S3 partnerships and one seeking cooperation through the S3P on
/// personalised medicine (an S3 partnership) both seek cooperation through an S3 partnership,
/// whichever asks; two seeking the S3P on personalised medicine seek one thing, not two.
#[test]
fn seeking_a_network_and_seeking_its_kind_is_seeking_the_same() {
    let s3 = region("BE2", "Flanders", Some("S3 partnerships"));
    let s3p =
        region("SE22", "Sydsverige", Some("cooperation through networks such as the S3P on personalised medicine"));
    let again = region("ES43", "Extremadura", Some("the S3P on personalised medicine"));
    let mut all = vec![s3, s3p, again];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let of =
        |a: usize, code: &str| m.partners(a, None, 10).into_iter().find(|x| ps[x.index].code.as_str() == code).unwrap();
    let each = [
        (0, "SE22", "Flanders seeks cooperation through S3 platform, and Sydsverige through S3P4PM."),
        (1, "BE2", "Sydsverige seeks cooperation through S3P4PM, and Flanders through S3 platform."),
    ];
    for (a, b, reason) in each {
        let found = of(a, b);
        assert_eq!(found.breakdown.networks, pmatlas_core::matching::W_SAME_SOUGHT, "{:?}", found.reasons);
        assert!(found.reasons.iter().any(|r| r == reason), "{:?}", found.reasons);
    }
    let found = of(1, "ES43");
    assert_eq!(found.breakdown.networks, pmatlas_core::matching::W_SAME_SOUGHT, "{:?}", found.reasons);
}

/// EP PerMed builds on ERA PerMed and ICPerMed: their members answer an ask for it, and a
/// region seeking ERA PerMed seeks cooperation through it. Each reason says what each region
/// names, and why one stands for the other.
#[test]
fn ep_permed_is_answered_by_what_it_builds_on() {
    let asker = region("DEG", "Thuringia", Some("the European Partnership for Personalised Medicine (EP PerMed)"));
    let era = region("DED", "Saxony", Some("continuing our participation in ERA PerMed"));
    let mut member_of = region("LT", "Lithuania", None);
    member(&mut member_of, "icpermed", MembershipAnswer::Yes);
    let mut all = vec![asker, era, member_of];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let reasons = |i: usize| found.iter().find(|x| x.index == i).expect("answers").reasons.join(" | ");
    let both = "Thuringia seeks cooperation through EP PerMed, and Saxony through ERA PerMed, ERA PerMed being one of the two EP PerMed builds on.";
    assert!(reasons(1).contains(both), "{}", reasons(1));
    assert!(
        reasons(2).contains("ICPerMed being one of the two EP PerMed builds on: Lithuania is a member of ICPerMed"),
        "{}",
        reasons(2)
    );
    assert!(m.unanswered(0, &found, 5).is_none());
    // The Genomic Data Infrastructure is 1+MG's: a member answers it.
    let asker = region("DEG", "Thuringia", Some("joining the Genomic Data Infrastructure (GDI)"));
    let mut member_of = region("NO", "Norway", None);
    member(&mut member_of, "genome_1m", MembershipAnswer::Yes);
    let all = [vec![asker, member_of], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    let gdi = "1+MG being the initiative GDI builds the data infrastructure of: Norway is a member of 1+";
    assert!(found[0].index == 1 && found[0].reasons[0].contains(gdi), "{:?}", found[0].reasons);
}

/// A region in a network by its country (1+MG signed by Austria) is not said to be a member
/// as if it had joined itself; it still answers an ask for the network, as a national
/// commitment does (good evidence), after a region that joined itself.
#[test]
fn a_membership_through_the_country_is_said_so() {
    let asker = region("SE22", "Sydsverige", Some("the 1+ Million Genomes initiative"));
    let mut by_country = region("AT21", "Kärnten", None);
    member(&mut by_country, "genome_1m", MembershipAnswer::CountryLevelMember);
    let mut itself = region("DK01", "Hovedstaden", None);
    member(&mut itself, "genome_1m", MembershipAnswer::Yes);
    let mut all = vec![asker, by_country, itself];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let reasons = |i: usize| found.iter().find(|x| x.index == i).expect("a member answers").reasons.join(" | ");
    assert!(
        reasons(1).contains(
            "Kärnten is a member of 1+ Million Genomes initiative (1+MG) through its country (good evidence)."
        ),
        "{}",
        reasons(1)
    );
    assert!(reasons(2).contains("Hovedstaden is a member of 1+ Million Genomes initiative (1+MG) (strong evidence)."));
    let order: Vec<usize> = found.iter().map(|x| x.index).collect();
    assert_eq!(order[..2], [2, 1]);
}

/// A region seeking an infrastructure of a field seeks the field: "Coordinate with ECRIN" is
/// counted among the regions seeking clinical research, and its topic view says it seeks it
/// (it said "does not list clinical research and trials among its interests").
#[test]
fn seeking_an_infrastructure_is_seeking_its_field() {
    let asker = region("NO", "Norway", Some("Coordinate with ECRIN https://ecrin.org/, EATRIS https://eatris.eu/"));
    let mut trials = region("BE2", "Flanders", None);
    initiative(&mut trials, "Clinical trial centre of the university hospitals");
    let mut all = vec![asker, trials];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let t = pmatlas_core::vocab::TopicId::from_id("clinical_research").unwrap();
    assert_eq!(m.seeks_topic(0, t), Some("ECRIN"));
    assert_eq!(m.seeking()[t.index()], 1, "Norway seeks clinical research, no other region does");
    let found = m.partners(0, Some(t), 5);
    assert_eq!(found[0].index, 1);
    assert_eq!(
        found[0].reasons[0],
        "Norway seeks clinical research and trials (“ECRIN”): Flanders names in its initiatives “Clinical trial centre of the university hospitals” (strong evidence).",
        "{:?}",
        found[0].reasons
    );
    assert!(found.iter().flat_map(|f| &f.reasons).all(|r| !r.contains("does not list")), "{found:?}");
}

/// A region that answers a network sought by its field, not by membership, brings
/// experience in the field: Flanders, with rapid approval of clinical trials and no part in
/// ECRIN, "could bring experience in ECRIN".
#[test]
fn experience_in_a_network_field_is_in_the_field() {
    let grouped = |mut p: Profile, tier: Tier| {
        group(&mut p, tier);
        p
    };
    let asker = grouped(region("NO", "Norway", Some("Coordinate with ECRIN")), Tier::Moderate);
    let mut trials = grouped(region("BE2", "Flanders", None), Tier::Leader);
    initiative(&mut trials, "Clinical trial centre of the university hospitals");
    let mut all = vec![asker, trials];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(found[0].index, 1);
    let r = &found[0].reasons;
    assert!(
        r[0].starts_with("Norway seeks ECRIN, in the field of clinical research and trials: Flanders names"),
        "{r:?}"
    );
    assert!(
        r.iter().any(|x| x.ends_with(
            "Flanders is in a higher group of the Regional Innovation Scoreboard than Norway, and can bring \
             experience in clinical research and trials, the field of ECRIN, which Norway seeks."
        )),
        "{r:?}"
    );
}

/// A Horizon 2020 action named (ERA PerMed, Regions4PerMed, the SAPHIRe project) is a Horizon
/// 2020 project: it answers a region seeking Horizon Europe projects in full, as a project
/// that says "Horizon 2020" does, before a similar initiative (1+MG), and the reason says what
/// the quote does not. A network of bioregions is not "similar" to an EU programme.
#[test]
fn a_horizon_action_named_answers_horizon_in_full() {
    let asker =
        region("LT", "Lithuania", Some("Horizon2020/Horizon Europe projects and similar international initiatives"));
    let mut saphire = region("BE2", "Flanders", None);
    saphire.description = vec![Text::new("Flanders is coordinator of the SAPHIRe project.").unwrap()];
    let mut erapermed = region("NO", "Norway", None);
    member(&mut erapermed, "erapermed", MembershipAnswer::Yes);
    let mut cebr = region("SE22", "Sydsverige", None);
    member(&mut cebr, "cebr", MembershipAnswer::Yes);
    let mut genomes = region("SE11", "Stockholm", None);
    member(&mut genomes, "genome_1m", MembershipAnswer::Yes);
    let mut all = vec![asker, cebr, saphire, erapermed, genomes];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes, ["NO", "BE2", "SE11"], "the ERA PerMed member, the project's coordinator, then 1+MG's member");
    let (no, be, genomes) = (&found[0], &found[1], &found[2]);
    assert!(genomes.breakdown.shared_interests * 3.0 < be.breakdown.shared_interests, "{:?}", genomes.breakdown);
    assert!(
        be.reasons[0].starts_with(
            "Lithuania seeks Horizon Europe (“Horizon2020”), SAPHIRe being an action of Horizon 2020 or Horizon \
             Europe: Flanders writes in its description “Flanders is coordinator of the SAPHIRe project.”"
        ),
        "{}",
        be.reasons[0]
    );
    assert!(
        no.reasons[0]
            .contains("ERA PerMed being an action of Horizon 2020 or Horizon Europe: Norway is a member of ERA PerMed"),
        "{}",
        no.reasons[0]
    );
    assert!(
        genomes.reasons[0].contains("or similar: Stockholm is a member of 1+ Million Genomes initiative (1+MG)"),
        "{}",
        genomes.reasons[0]
    );
}

/// The programmes real documents list where a region is represented ("EUREKA/Eurostars/COSME")
/// are EU programmes, or a network, each answering one "like" Horizon Europe as its kind does.
#[test]
fn programmes_listed_where_a_region_is_represented_are_of_their_kind() {
    let asker =
        region("LT", "Lithuania", Some("Horizon2020/Horizon Europe projects and similar international initiatives"));
    let mut listed = region("SI03", "Vzhodna Slovenija", None);
    listed.represented_in = vec![ListItem { number: None, text: Text::new("EUREKA/Eurostars/COSME").unwrap() }];
    let mut genomes = region("AT13", "Wien", None);
    initiative(&mut genomes, "Partner in Beyond 1 Million Genomes");
    let mut all = vec![asker, listed, genomes];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes, ["AT13", "SI03"], "the Horizon 2020 action, then the other EU programmes");
    assert!(
        found[0].reasons[0].contains("B1MG being an action of Horizon 2020 or Horizon Europe"),
        "{}",
        found[0].reasons[0]
    );
    assert!(
        found[1].reasons[0].contains("Horizon Europe (“Horizon2020”) or another EU programme: Vzhodna Slovenija is represented in “EUREKA/Eurostars/COSME”"),
        "{}",
        found[1].reasons[0]
    );
}

/// The EU programmes and partnerships of 2021–2027 are named networks: a region seeking
/// EU4Health calls finds one represented in EU4Health, and one seeking ERDERA a region in it
/// (a Horizon Europe partnership on rare diseases), which a region seeking Horizon Europe
/// finds too.
#[test]
fn programmes_of_the_new_period_are_named() {
    let asker = region("LV00", "Latvija", Some("EU4Health calls; ERDERA"));
    let mut health = region("EE00", "Eesti", None);
    health.represented_in = vec![ListItem { number: None, text: Text::new("EU4Health").unwrap() }];
    let mut rare = region("FI1B", "Helsinki-Uusimaa", None);
    initiative(&mut rare, "Partner in ERDERA");
    let horizon = region("LT", "Lithuania", Some("Horizon Europe projects"));
    let mut all = vec![asker, health, rare, horizon];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    let mut top = codes[..2.min(codes.len())].to_vec();
    top.sort_unstable();
    assert_eq!(top, ["EE00", "FI1B"], "{codes:?}");
    let lt = Matcher::new(&ps).partners(3, None, 10);
    assert_eq!(ps[lt[0].index].code.as_str(), "FI1B");
    assert!(
        lt[0].reasons[0].contains("ERDERA being an action of Horizon 2020 or Horizon Europe"),
        "{}",
        lt[0].reasons[0]
    );
}

/// A region that answers nothing the asker seeks but shares a network few regions hold comes in
/// last, its points a bonus, rather than be left out: a list that ends short reads as if no
/// other region were worth a look. A network most regions hold lets none in.
#[test]
fn a_network_few_hold_lets_a_region_in_last() {
    let mut asker = region("AT21", "Kärnten", Some("biobanks"));
    let mut answers = region("SE22", "Sydsverige", None);
    initiative(&mut answers, "Biobank Sverige, the national biobank infrastructure");
    let mut shares = region("NL41", "Noord-Brabant", None);
    for p in [&mut asker, &mut shares] {
        member(p, "regions4pm", MembershipAnswer::Yes);
    }
    let mut all = vec![asker, answers, shares];
    all.extend(others());
    for p in &mut all {
        member(p, "errin", MembershipAnswer::Yes);
        if p.memberships.len() == 1 {
            member(p, "regions4pm", MembershipAnswer::No);
        }
    }
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["SE22", "NL41"]);
    let found = m.partners(0, None, 10);
    assert_eq!(m.answering(0, None, &found), 1);
    assert!(!found[1].answers());
    assert_eq!(found[1].breakdown.networks, pmatlas_core::matching::W_NETWORK);
    assert_eq!(found[1].reasons, ["Kärnten and Noord-Brabant are both members of Regions4PerMed."]);
    // With as many regions answering as the list holds, none comes in by a network alone.
    assert_eq!(m.partners(0, None, 1).iter().map(|x| x.index).collect::<Vec<_>>(), [1]);
}
