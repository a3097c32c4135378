//! Every real document of the shared corpus reads with no error, its fields come out right,
//! and it survives the canonical round trip. Skipped (with a note) when the corpus is absent.

use pmatlas_core::*;

mod common;
use common::corpus_dir;

fn read(name: &str) -> Option<Parsed> {
    let dir = corpus_dir()?;
    let bytes = std::fs::read(dir.join(name)).ok()?;
    Some(parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn member(p: &Profile, id: &str) -> Option<MembershipAnswer> {
    p.membership(vocab::NetworkId::from_id(id).unwrap()).map(|m| m.answer)
}

#[test]
fn every_document_reads_without_error_and_round_trips() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        n += 1;
        let d = parse_bytes(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(d.warnings.iter().all(|w| w.severity == Severity::Warning));
        assert!(d.warnings.len() <= 2, "{}: {:?}", path.display(), d.warnings);
        let text = render(&d.profile);
        assert_eq!(parse(&text).unwrap().profile, d.profile, "{}", path.display());
        assert_eq!(json::from_json(&json::to_json(&d.profile)).unwrap(), vec![d.profile.clone()]);
    }
    assert!(n >= 10, "expected the corpus documents, found {n}");
}

#[test]
fn flanders_2021() {
    let Some(d) = read("BE2-flanders-2021.txt") else {
        return;
    };
    let p = &d.profile;
    assert_eq!(d.layout, Layout::Y2021);
    assert_eq!((p.code.as_str(), p.name.as_str()), ("BE2", "Vlaams Gewest / Flanders Region"));
    let i = p.key_figures.innovation.as_ref().unwrap();
    assert_eq!(
        (i.edition, i.primary()),
        (Some(2021), Some(Group { tier: Tier::Leader, modifier: Some(Modifier::Minus) }))
    );
    assert_eq!(p.key_figures.population.as_ref().map(|f| (f.value, f.year)), Some((6_596_233, Some(2019))));
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(493.0));
    assert_eq!(p.key_figures.over65_share.as_ref().map(|f| f.value), Some(20.2));
    assert_eq!(p.description.len(), 2);
    let c = p.collaboration.as_ref().unwrap();
    assert_eq!((c.seeking, c.interests.as_ref().map(Text::as_str)), (Some(true), Some("S3 partnerships")));
    assert_eq!(p.policy_documents.len(), 3);
    assert_eq!(p.policy_documents[2].prefix.as_ref().map(Text::as_str), Some("Regional press release"));
    assert_eq!(p.funding_programmes.len(), 2);
    assert_eq!(p.pm_ris3, Some(Flag { value: true, note: None }));
    assert_eq!(p.ris3, None);
    assert_eq!(p.initiatives.len(), 5);
    assert!(p.memberships.is_empty(), "the copy stops before the membership list");
    // The copy stops inside the represented-in question: marked incomplete, with a warning.
    let cut = p.origin.incomplete.as_ref().expect("an incomplete copy");
    assert_eq!(cut.line, 26);
    assert_eq!(cut.after.as_str(), "…Regional Smart Specialisation Strategy Platforms/Partners");
    assert!(p.represented_in.is_empty());
    assert_eq!(p.origin.edition, Some(Edition { year: 2021, layout: Some(Layout::Y2021), stated: true }));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert_eq!(
        d.warnings[0].message,
        "document ends part-way after '…Regional Smart Specialisation Strategy Platforms/Partners'"
    );
}

#[test]
fn lower_silesia_early() {
    let Some(d) = read("PL51-early.txt") else {
        return;
    };
    let p = &d.profile;
    assert_eq!(d.layout, Layout::Early);
    assert_eq!((p.code.as_str(), p.name.as_str()), ("PL51", "Dolnośląskie"));
    assert_eq!(p.key_figures.density.as_ref().map(|f| (f.value, f.year)), Some((145.0, None)));
    assert_eq!(
        p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.to_string()).as_deref(),
        Some("Moderate -")
    );
    let c = p.collaboration.as_ref().unwrap();
    let topics: Vec<&str> = c.topics.iter().map(|t| t.topic.id()).collect();
    assert_eq!(
        topics,
        ["artificial_intelligence", "personalised_medicine", "data_analytics"],
        "'Artificial Inteligence' is a known misspelling"
    );
    assert_eq!((p.ris3.as_ref().map(|f| f.value), p.pm_ris3.as_ref().map(|f| f.value)), (Some(true), Some(false)));
    assert_eq!(p.policy_topics.iter().filter_map(|t| t.topic).count(), 2);
    assert!(p.image_attribution.as_ref().is_some_and(|a| a.as_str().starts_with("By TUBS")));
}

#[test]
fn malta_early() {
    let Some(d) = read("MT-early.txt") else {
        return;
    };
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.code.level(), d.layout), ("MT", 0, Layout::Early));
    assert_eq!(p.description.len(), 2);
    assert_eq!(p.websites.len(), 1);
    assert_eq!(p.initiatives.len(), 5);
    assert_eq!(p.initiatives[1].name.as_str(), "Malta Life Sciences Park");
    assert_eq!(
        p.initiatives[1].description.as_ref().map(Text::as_str),
        Some("an international class facility for life sciences and information technology development")
    );
    assert_eq!(p.represented_in.len(), 1);
    assert!(p.collaboration.is_none());
}

#[test]
fn sydsverige_2021() {
    let Some(d) = read("SE22-2021.txt") else {
        return;
    };
    let p = &d.profile;
    assert_eq!(d.layout, Layout::Y2021);
    assert!(p.websites.is_empty(), "the website label has no link text");
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(110.0));
    assert_eq!(p.key_figures.population, None);
    use MembershipAnswer::*;
    assert_eq!(member(p, "baltic_sea"), Some(Yes));
    assert_eq!(member(p, "cebr"), Some(Yes));
    assert_eq!(member(p, "genome_1m"), Some(CountryLevelMember));
    assert_eq!(member(p, "errin"), Some(Yes));
    assert_eq!(member(p, "icpermed"), None, "2021 lists held memberships only: others are unknown, not 'no'");
    assert_eq!(p.collaboration.as_ref().unwrap().seeking, Some(true));
}

#[test]
fn grand_est_2021() {
    let Some(d) = read("FRF-2021.txt") else {
        return;
    };
    let p = &d.profile;
    let c = p.collaboration.as_ref().unwrap();
    let partners: Vec<&str> = c.partners.iter().map(Text::as_str).collect();
    assert_eq!(partners, ["USA", "Germany", "Belgium", "UK"]);
    assert!(c.is_seeking());
    assert_eq!(member(p, "genome_1m"), Some(MembershipAnswer::CountryLevelObserver));
    assert_eq!(p.memberships.len(), 4);
    assert_eq!(p.initiatives[3].name.as_str(), "PRIeSM");
    assert_eq!(p.represented_in.len(), 2);
    assert_eq!(p.image_attribution.as_ref().map(Text::as_str), Some("By Niko67000 - Own work, CC BY-SA 4.0,"));
}

#[test]
fn norway_national_2021() {
    let Some(d) = read("NO-national-2021.txt") else {
        return;
    };
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.name.as_str(), p.national_level), ("NO", "Norway", true));
    assert_eq!(p.key_figures.population.as_ref().map(|f| f.value), Some(5_328_212));
    let c = p.collaboration.as_ref().unwrap();
    assert_eq!(c.seeking, Some(true));
    assert_eq!(c.details.len(), 1);
    assert!(c.topics.iter().any(|t| t.topic.id() == "clinical_research" && t.as_written.as_str() == "ECRIN"));
    let levels: Vec<Option<PolicyLevel>> = p.policy_documents.iter().map(|d| d.level).collect();
    use PolicyLevel::*;
    assert_eq!(levels, [Some(National), Some(National), Some(National), Some(Supranational)]);
    let era = p.membership(vocab::NetworkId::from_id("erapermed").unwrap()).unwrap();
    assert_eq!(era.answer, MembershipAnswer::Yes);
    assert_eq!(era.note.as_ref().map(Text::as_str), Some("yes, The Research Council of Norway, (RCN)"));
    assert_eq!(member(p, "genome_1m"), Some(MembershipAnswer::Yes));
    assert_eq!(p.initiatives.len(), 1);
}

#[test]
fn lithuania_partial() {
    let Some(d) = read("LT.txt") else { return };
    let p = &d.profile;
    assert_eq!(p.health_profile.len(), 1);
    assert_eq!(p.websites[0].as_str(), "Lithuanian RDI Liaison Office LINO");
    assert_eq!(member(p, "icpermed"), Some(MembershipAnswer::Yes));
    assert_eq!(member(p, "baltic_sea"), Some(MembershipAnswer::Yes));
    assert_eq!(member(p, "s3medtech"), Some(MembershipAnswer::No));
    assert_eq!(p.memberships.len(), 9);
    // The copy stops inside "Danube MacroRegion?": the fragment is not content, and the
    // copy is marked incomplete where it stops.
    assert!(p.extras.is_empty(), "{:?}", p.extras);
    assert_eq!(member(p, "danube"), None);
    let cut = p.origin.incomplete.as_ref().expect("an incomplete copy");
    assert_eq!((cut.line, cut.after.as_str()), (46, "Danu"));
    assert_eq!(d.warnings.len(), 1);
    assert_eq!((d.warnings[0].line, d.warnings[0].message.as_str()), (46, "document ends part-way after 'Danu'"));
}

#[test]
fn attica_partial() {
    let Some(d) = read("EL30.txt") else { return };
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.name.as_str()), ("EL30", "Aττική (Attiki)"));
    assert_eq!(p.key_figures.population.as_ref().map(|f| f.value), Some(3_742_235));
    let mountain = p.membership(vocab::NetworkId::from_id("mountain").unwrap()).unwrap();
    assert_eq!(mountain.answer, MembershipAnswer::Other);
    assert_eq!(mountain.note.as_ref().map(Text::as_str), Some("Athens is surrounded by mountains"));
    assert_eq!(member(p, "adriatic_ionian"), Some(MembershipAnswer::Yes));
    assert_eq!(p.memberships.len(), 21);
    // "Specific disease relat" is what the cut left of a topic: no topic is made of it.
    assert_eq!(p.policy_topics.len(), 1);
    assert!(p.policy_topics[0].topic.is_some());
    assert!(p.origin.incomplete.is_some());
    // The cut, and the name's Latin "A" among Greek letters (a look-alike the page really has).
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings.iter().any(|w| w.message.ends_with("; Specific disease relat'")), "{:?}", d.warnings);
    assert!(d.warnings.iter().any(|w| w.message.contains("'Aττική' mixes letters of different scripts")));
}

#[test]
fn centro_intermediate() {
    let Some(d) = read("PT16.txt") else { return };
    let p = &d.profile;
    assert_eq!(p.key_figures.density.as_ref().map(|f| f.value), Some(80.0));
    assert_eq!(p.websites[0].as_str(), "CCDRC Instituto Pedro Nunes");
    assert_eq!(p.policy_documents.len(), 4);
    assert_eq!(p.policy_topics.len(), 4);
    assert_eq!(p.initiatives.len(), 9);
    assert_eq!(p.initiatives[8].network.map(|n| n.id()), Some("genome_1m"));
    assert_eq!(p.represented_in[0].text.as_str(), "BridgeHead - EIT Health");
    assert_eq!(p.image_attribution, None, "the cut footer is chrome, not an attribution");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}
