//! The variants of FIELDS.md that the shared corpus does not contain, on fixtures of our own.

use pmatlas_core::vocab::NetworkId;
use pmatlas_core::*;

fn read(name: &str) -> Parsed {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let d = parse_bytes(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    // Whatever a document holds, its canonical form reads back the same.
    assert_eq!(parse(&render(&d.profile)).unwrap().profile, d.profile, "{name}");
    d
}

fn answer(p: &Profile, id: &str) -> Option<(MembershipAnswer, Option<String>)> {
    p.membership(NetworkId::from_id(id).unwrap()).map(|m| (m.answer, m.note.as_ref().map(|n| n.to_string())))
}

fn warnings_at(d: &Parsed) -> Vec<(u32, &str)> {
    d.warnings.iter().map(|w| (w.line, w.field.unwrap_or(""))).collect()
}

#[test]
fn early_page_with_full_content() {
    let d = read("at21-early-full.txt");
    let p = &d.profile;
    assert_eq!((d.layout, p.code.as_str(), p.name.as_str()), (Layout::Early, "AT21", "Kärnten"));
    // Statistics after the collaboration question; lower-case "group"; density without year.
    assert_eq!(p.key_figures.innovation.as_ref().unwrap().primary().unwrap().to_string(), "Strong +");
    assert_eq!(p.key_figures.density, Some(Figure { value: 60.0, year: None }));
    assert_eq!(p.key_figures.over65_share.as_ref().map(|f| f.value), Some(22.3));
    let topics: Vec<&str> = p.collaboration.as_ref().unwrap().topics.iter().map(|t| t.topic.id()).collect();
    assert_eq!(topics, ["e_health", "artificial_intelligence"]);
    // Membership questions without the heading.
    use MembershipAnswer::*;
    assert_eq!(answer(p, "icpermed"), Some((No, None)));
    assert_eq!(
        answer(p, "mountain"),
        Some((Yes, Some("> 50 % of population live & > 50 % of surface in mountains".into())))
    );
    assert_eq!(answer(p, "alpine"), Some((Yes, None)));
    assert_eq!(answer(p, "genome_1m"), Some((CountryLevelMember, None)));
    assert_eq!(answer(p, "regions4pm"), Some((Other, Some("maybe later".into()))));
    // "Very Low" reads; an unknown rating word is a warning with its line, and the line is kept.
    assert_eq!(p.self_evaluation.implementation_level, Some(Rating::VeryLow));
    assert_eq!(p.self_evaluation.genomics_literacy, None);
    assert_eq!(warnings_at(&d), [(20, "self_evaluation")]);
    assert_eq!(d.warnings[0].column, 63, "the column of the rating word");
    assert!(d.warnings[0].message.contains("'Excellent'"));
    assert_eq!(p.extras.len(), 1);
    assert_eq!(p.extras[0].line, 20);
}

#[test]
fn misprinted_code_duplicates_and_dash_codes() {
    let d = read("fi1d-2019.txt");
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.name.as_str()), ("FI1D", "Pohjois- ja Itä-Suomi"));
    assert_eq!(d.warnings[0].message, "misprinted NUTS code 'Fl1D' read as FI1D");
    assert_eq!(p.key_figures.population, Some(Figure { value: 406_980, year: Some(2017) }));
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(11.5));
    assert_eq!(p.key_figures.over65_share, Some(Figure { value: 17.33, year: Some(2017) }));
    // InnoStars asked twice with different answers: the first stands, with a warning.
    assert_eq!(answer(p, "innostars").map(|a| a.0), Some(MembershipAnswer::No));
    assert_eq!(answer(p, "errin").map(|a| a.0), Some(MembershipAnswer::Yes));
    let codes: Vec<&str> = p.nace.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["Q.86", "M.72"], "'Z.99' is no NACE code: kept as an extra, not a code");
    assert_eq!(p.extras.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["Z.99 - Not a code"]);
    assert_eq!(p.nace[1].label.as_ref().map(Text::as_str), Some("Scientific research and development"));
    assert_eq!(warnings_at(&d), [(1, "code"), (11, "memberships"), (17, "nace")]);
}

#[test]
fn twenty_twenty_one_layout() {
    let d = read("ded-2021.txt");
    let p = &d.profile;
    assert_eq!(d.layout, Layout::Y2021);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let groups: Vec<(Option<&str>, String)> = p
        .key_figures
        .innovation
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .map(|g| (g.area.as_ref().map(Text::as_str), g.group.to_string()))
        .collect();
    assert_eq!(
        groups,
        [
            (Some("Dresden"), "Strong +".into()),
            (Some("Chemnitz"), "Strong -".into()),
            (Some("Leipzig"), "Strong +".into())
        ]
    );
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(221.6));
    let c = p.collaboration.as_ref().unwrap();
    assert_eq!(c.seeking, Some(true));
    assert_eq!(
        c.interests.as_ref().map(Text::as_str),
        Some("We are currently continuing our participation in ERA PerMed.")
    );
    assert_eq!(p.pm_ris3, Some(Flag { value: true, note: None }));
    assert_eq!(p.initiatives.len(), 2);
    assert_eq!(p.digital_innovation_hubs.len(), 1);
    let held: Vec<&str> = p.memberships.iter().map(|m| m.network.id()).collect();
    assert_eq!(held, ["icpermed", "s3medtech", "erapermed", "central_europe", "genome_1m"]);
    assert!(p.memberships.iter().all(|m| m.answer == MembershipAnswer::Yes));
    assert_eq!(p.image_attribution.as_ref().map(Text::as_str), Some("NordNordWest, CC BY-SA 3.0 <>"));
}

#[test]
fn national_level_early_page() {
    let d = read("de-national-early.txt");
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.name.as_str(), p.national_level), ("DE", "Germany", true));
    assert_eq!(p.description.len(), 2, "Background paragraphs and the raw URL");
    assert_eq!(p.health_profile.len(), 1);
    use MembershipAnswer::*;
    assert_eq!(answer(p, "mountain"), Some((Mixed, None)), "'moutnain' is a known typo");
    assert_eq!(answer(p, "central_europe"), Some((Yes, None)), "'BMBF Central Europe'");
    assert_eq!(answer(p, "genome_1m"), Some((Yes, None)));
    // Three questions on one line.
    assert_eq!(answer(p, "cebr"), Some((No, None)));
    assert_eq!(answer(p, "vanguard"), Some((Yes, None)));
    assert_eq!(answer(p, "s3clussport"), Some((No, None)));
}

#[test]
fn ris3_bullets_and_represented_in_answer() {
    let d = read("si-2021.txt");
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.national_level), ("SI", true));
    assert_eq!(p.websites.len(), 2);
    let i = p.key_figures.innovation.as_ref().unwrap();
    assert_eq!((i.edition, i.primary().unwrap().to_string()), (Some(2021), "Emerging +".to_string()));
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(104.0), "mojibake km label");
    assert_eq!(p.policy_documents[0].prefix, None);
    assert_eq!(p.policy_documents[0].title.as_str(), "SRIP Health - Medicine");
    assert_eq!(
        p.ris3.as_ref().map(|f| (f.value, f.note.as_ref().unwrap().to_string())),
        Some((true, "Slovenia's Smart Specialisation Strategy".into()))
    );
    assert_eq!(p.pm_ris3.as_ref().map(|f| f.value), Some(false));
    assert_eq!(p.represented_in.len(), 1);
    assert_eq!(p.represented_in[0].text.as_str(), "EUREKA/Eurostars/COSME");
}

#[test]
fn irregular_lists_support_measures_and_footer() {
    let d = read("be3-2019.txt");
    let p = &d.profile;
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(217.0), "'popultaion' typo label");
    assert_eq!(answer(p, "regions4pm"), Some((MembershipAnswer::No, Some("Not yet".into()))));
    assert_eq!(answer(p, "erapermed").map(|a| a.0), Some(MembershipAnswer::No));
    let docs: Vec<(Option<u32>, Option<&str>)> =
        p.policy_documents.iter().map(|d| (d.number, d.prefix.as_ref().map(Text::as_str))).collect();
    assert_eq!(
        docs,
        [(None, Some("Regional")), (Some(1), Some("Régional")), (Some(3), None), (None, Some("Regional"))]
    );
    let topics: Vec<Option<&str>> = p.policy_topics.iter().map(|t| t.topic.map(|x| x.id())).collect();
    assert_eq!(topics, [Some("prediction_prevention"), Some("value_based_healthcare")]);
    assert_eq!(p.policy_topics[1].text.as_str(), "Value based healthcare", "the final full stop is dropped");
    let measures: Vec<(Option<PolicyLevel>, &str, Option<&str>)> =
        p.support_measures.iter().map(|m| (m.level, m.kind.id(), m.detail.as_ref().map(Text::as_str))).collect();
    assert_eq!(
        measures,
        [
            (Some(PolicyLevel::Regional), "reimbursement", Some("ris.slaskie.pl")),
            (Some(PolicyLevel::National), "reimbursement", Some("...")),
            (Some(PolicyLevel::Regional), "education", None),
        ]
    );
    assert_eq!(
        p.ris3.as_ref().and_then(|f| f.note.as_ref()).map(Text::as_str),
        Some("Smart Specialisation Strategy of Wallonia")
    );
    assert_eq!(p.pm_ris3, None, "'Maybe' is not an answer: kept as an extra");
    let init = &p.initiatives[0];
    assert_eq!(init.name.as_str(), "BioWin");
    assert_eq!(
        init.description.as_ref().map(Text::as_str),
        Some("health cluster the Walloon health cluster since 2006"),
        "continuation line"
    );
    assert_eq!(init.url.as_ref().map(Text::as_str), Some("https://www.biowin.org"));
    assert_eq!(p.initiatives.len(), 2, "the stray '#' item is kept as an extra");
    assert_eq!(p.initiatives[1].network.map(|n| n.id()), Some("genome_1m"));
    // "…other? Region represented in Horizon2020;EUREKA/Eurostars/COSME": two programmes.
    let rep: Vec<&str> = p.represented_in.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(rep, ["Horizon2020", "EUREKA/Eurostars/COSME"]);
    assert!(p.image_attribution.as_ref().is_some_and(|a| a.as_str().ends_with("via Wikimedia Commons")));
    assert_eq!(warnings_at(&d), [(24, "extras"), (30, "extras")]);
    let extra_lines: Vec<u32> = p.extras.iter().map(|e| e.line).collect();
    assert_eq!(extra_lines, [24, 30]);
}
