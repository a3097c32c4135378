//! The asks read from collaboration answers: fields, networks and the rest of the words.

use super::*;

/// Coordinated fields are asked one by one; a network and the field its name gives are
/// one ask (a field is tagged once a line: EATRIS's translational research was asked).
#[test]
fn coordinated_fields_are_two_asks_and_a_network_with_its_field_one() {
    let mut p = Profile::new(crate::NutsCode::parse("NO").unwrap(), crate::Text::new("Norway").unwrap());
    let line = "clinical and translational research; the S3P on personalised medicine; EATRIS";
    p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
    let got: Vec<(String, Vec<String>)> = asks(&p)
        .iter()
        .filter(|a| a.kind != AskKind::Words)
        .map(|a| (a.written.clone(), a.terms.iter().map(|t| t.term.clone()).collect()))
        .collect();
    let want = |w: &str, t: &[&str]| (w.to_string(), t.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    assert_eq!(
        got,
        [
            want("clinical and translational research", &["#t:clinical_research"]),
            want("translational research", &["#t:translational_research"]),
            want("S3P on personalised medicine", &["#e:s3p4pm", "#t:personalised_medicine"]),
            want("EATRIS", &["#e:eatris"]),
        ]
    );
}

/// A network named in full and again by its short name is one ask.
#[test]
fn a_network_named_twice_is_one_ask() {
    let named = |line: &str| -> Vec<(String, Vec<String>)> {
        let mut p = Profile::new(crate::NutsCode::parse("NO").unwrap(), crate::Text::new("Norway").unwrap());
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
        let asks = asks(&p).into_iter().filter(|a| a.kind != AskKind::Words);
        asks.map(|a| (a.label(), a.tags().map(String::from).collect())).collect()
    };
    let got = named("the European Partnership for Personalised Medicine (EP PerMed) and IHI calls");
    assert_eq!(got.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["EP PerMed", "IMI / IHI"]);
    // The fields a network's name gives are of its ask, whichever starts first.
    let gdi = named("the Genomic Data Infrastructure (GDI)");
    assert_eq!(gdi.len(), 1, "{gdi:?}");
    assert_eq!(gdi[0].1, ["#e:gdi", "#t:genomics", "#t:data_analytics"]);
    // The Joint Programming Initiatives, and an ERA-NET, by their short names, with their fields.
    let jpis = named("IMI2, Joint Programming Initiatives (JPND, JPI HDHL), TRANSCAN");
    let tags: Vec<&[String]> = jpis.iter().map(|x| x.1.as_slice()).collect();
    assert_eq!(
        tags,
        [
            &["#e:imi"][..],
            &["#e:jpi"],
            &["#t:neurological_diseases", "#e:jpnd"],
            &["#t:nutrition", "#e:jpi_hdhl"],
            &["#t:cancer", "#e:transcan"]
        ]
    );
    // A name's words parted by a bracket are no name: "cancer (Mission on Cancer)" is not the
    // "Cancer Mission" from "cancer" to "Mission".
    let mission = named("rare diseases (ERN), cancer (Mission on Cancer)");
    let tags: Vec<&[String]> = mission.iter().map(|x| x.1.as_slice()).collect();
    assert_eq!(tags, [&["#t:rare_diseases"][..], &["#t:cancer"], &["#e:cancer_mission"]]);
}

/// A field named as what another is for, or applied in, counts for half, and so does one joined
/// to it; "for" before the first field, or a new clause, asks in full.
#[test]
fn what_a_field_is_for_counts_for_half() {
    let shares = |line: &str| -> Vec<(String, f32)> {
        let mut p = Profile::new(crate::NutsCode::parse("PL51").unwrap(), crate::Text::new("D").unwrap());
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
        asks(&p).into_iter().filter(|a| a.kind != AskKind::Words).map(|a| (a.written, a.share)).collect()
    };
    let s = |w: &str, x: f32| (w.to_string(), x);
    assert_eq!(
        shares("We would like to implement Artificial Inteligence for personalization and analysis of data"),
        [s("Artificial Inteligence", 1.0), s("personalization", 0.5), s("analysis of data", 0.5)]
    );
    assert_eq!(shares("partners for biobanks and e-health"), [s("biobanks", 1.0), s("e-health", 1.0)]);
    assert_eq!(shares("AI for genomics; biobanks"), [s("AI", 1.0), s("genomics", 0.5), s("biobanks", 1.0)]);
    assert_eq!(shares("AI for genomics, then biobanks"), [s("AI", 1.0), s("genomics", 0.5), s("biobanks", 1.0)]);
    // The field another is applied in is what it is for.
    let applied = shares("AI in diagnostics and oncology; biobanks in Germany");
    assert_eq!(applied, [s("AI", 1.0), s("diagnostics", 0.5), s("oncology", 0.5), s("biobanks", 1.0)]);
    let mut p = Profile::new(crate::NutsCode::parse("PL51").unwrap(), crate::Text::new("D").unwrap());
    let line = "Artificial Inteligence for personalization and analysis of data";
    p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
    let of: Vec<Option<String>> = asks(&p).into_iter().map(|a| a.purpose_of).collect();
    let ai = Some("artificial intelligence".to_string());
    assert_eq!(of, [None, ai.clone(), ai]);
}

/// The rest of a line's words is asked part by part, without words that say little alone
/// or that name again a field the line names.
#[test]
fn the_rest_of_a_line_is_asked_part_by_part() {
    let words = |line: &str| -> Vec<(String, Vec<String>)> {
        let mut p = Profile::new(crate::NutsCode::parse("ITC4").unwrap(), crate::Text::new("L").unwrap());
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
        let asks = asks(&p).into_iter().filter(|a| a.kind == AskKind::Words);
        asks.map(|a| (a.written, a.terms.into_iter().map(|t| t.term).collect())).collect()
    };
    let w = |written: &str, terms: &[&str]| (written.to_string(), terms.iter().map(|t| t.to_string()).collect());
    assert_eq!(
        words("nanomedicine, clinical trials with biosensors, digital pathology"),
        [
            w("nanomedicine", &["nanomedicin"]),
            w("clinical trials with biosensors", &["biosensor", "#t:clinical_research"]),
            w("digital pathology", &["digit", "patholog"])
        ]
    );
    assert_eq!(words("common data-collection protocols and privacy"), [w("privacy", &["privaci"])]);
    assert_eq!(words("privacy; data, privacy"), [w("privacy", &["privaci"]), w("data", &["data"])]);
    // One word beside a field is asked with it; the words before the first read are not quoted.
    assert_eq!(words("in the area of newborn screening"), [w("newborn screening", &["newborn", "#t:prevention"])]);
    // "systems" of "self-learning systems" says nothing the field does not.
    assert_eq!(words("telemonitoring and self-learning systems, HPC"), []);
    // A word right after a network's name is of the network; not one before it.
    assert_eq!(words("Horizon Europe and IHI calls; a BBMRI node"), []);
    // Places are wishes, and the nouns naming their kind no words to ask.
    assert_eq!(words("with regions of the Danube and Alpine macro-regions on e-health"), []);
    assert_eq!(
        words("nanomedicine within ECRIN"),
        [w("nanomedicine within ECRIN", &["nanomedicin", "#t:clinical_research"])]
    );
    // Each asks nothing: the words of any answer in the regions' languages; "area",
    // "field" and "topic"; words saying which fields matter most; how a region would work
    // with partners; a field's head noun ("pharmaceutical industry"); the kinds of
    // partner every region has ("hospitals", "start-ups"); what a region hopes cooperation brings
    // ("synergies", "visibility", "capacity building").
    let nothing = [
        "collaboration with other regions and countries in clinical trials",
        "we look for partners for EU projects in the field of cancer",
        "Kooperation mit Partnern in anderen Ländern zu Biobanken",
        "Kooperation im Bereich Medizintechnik und Biobanken",
        "dans le domaine de la génomique; en el ámbito de la oncología",
        "mainly in oncology, in particular with regions active in the Vanguard Initiative",
        "Tak, szczególnie w zakresie medycyny spersonalizowanej",
        "we want to learn from other regions how to set up a regional biobank",
        "partners to apply for funding under Horizon Europe",
        "complementary competences in biotechnology; start-ups in medtech",
        "Oui - projets européens sur la médecine personnalisée, les données de santé et l intelligence artificielle",
        "Biobanken, Medizintechnik und Digitalisierung im Gesundheitswesen",
        "digitalisation of healthcare and genomics",
        "drug development and pharmaceutical industry",
        "joint projects in personalised medicine, best practices on PM implementation",
        "the European Health Data Space",
        "collaboration between hospitals and universities, clinical trials with companies",
        "partners in the north and south, a national node",
        "antimicrobial resistance and One Health, one of our priorities",
        "innovative approaches to early diagnosis",
        "regional development and smart specialisation strategies in health",
        "Zusammenarbeit in den Bereichen Präzisionsonkologie und Medizininformatik",
        "intelligence artificielle en santé; oncologia di precisione",
        "biobanks, with students, scientists and experts",
        "research results into care, from bench to bedside",
        "AI/ML, R&D&I on IVDR, precision nutrition; see https://example.org/a",
        "biobanks, with partners in Israel, Canada, the United States of America and Japanese ones",
        "genomic medicine in healthcare",
        "exchange of good practices; intercambio de buenas prácticas; échange de bonnes pratiques",
        "Erfahrungsaustausch, Austausch bewährter Praktiken; scambio di buone pratiche; wymiana dobrych praktyk",
        "networking with clusters; Vernetzung mit Clustern und Netzwerken; réseaux de clusters",
        "z regionami z Niemiec i Czech; avec des régions de France; con regiones de Portugal",
        "w zakresie telemedycyny, sztucznej inteligencji i badań klinicznych",
        "samenwerking rond gepersonaliseerde geneeskunde, digitale gezondheidszorg en klinische studies met partners",
        "data-driven health and health technology; Nordic collaboration",
        "in particular through the EIP on AHA Reference Sites",
        "open to any kind of cooperation, with regions having complementary strengths",
        "a wide range of topics, all types of regions and various forms of partnership",
        "opportunities for capacity building and synergies where we have strengths",
        "possibilities for new collaborations and mutual learning",
        "to strengthen our ecosystem and increase visibility at European level",
        "Synergien und Sichtbarkeit; sinergias y visibilidad; visibilité",
        "spin-offs as well as start-ups; healthy ageing, ageing well",
        "in the framework of ERRIN's working groups, to benchmark",
        "cell and gene therapies, CAR-T; point-of-care testing, lab-on-a-chip; PET/MRI; drug delivery",
        "personalised medicine (PM) in general",
        "regions facing similar challenges in personalised medicine",
        "regions advanced in personalised medicine, to take part in S3 thematic platforms",
        "novel approaches relevant for different stakeholders; potential partners for various initiatives",
        "related topics, as listed above; to be defined; N/A",
        "whole genome sequencing",
        "cancer centres; a research campus on biobanks",
        "to establish long-term strategic partnerships; we aim to identify lessons learned",
        "a focus on complementarities and critical mass in the mentioned topics; know-how",
        "matchmaking events, study visits and peer reviews; support for biobanks",
        "academia and the public sector (quadruple helix), to become a reference region; well-being",
    ];
    for line in nothing {
        assert_eq!(words(line), [], "{line}");
    }
    assert_eq!(
        words("ICT aspects of e-health; regulatory issues"),
        [w("ICT aspects of e-health", &["ict", "#t:e_health"]), w("regulatory issues", &["regulatori"])]
    );
    assert_eq!(words("EU Mission on Cancer and Europe's Beating Cancer Plan"), []);
    let italian = words("Sì - medicina personalizzata e biobanche per la ricerca clinica e la formazione");
    assert_eq!(italian, [w("formazione", &["formazion"])]);
    assert_eq!(words("vitamin E deficiency"), [w("vitamin E deficiency", &["vitamin", "defici"])]);
    // A field named again further on, alone or coordinated ("cell and gene therapy"), is
    // the field asked at its first naming.
    assert_eq!(words("advanced therapies, cell and gene therapy, regenerative medicine"), []);
    // "(ehealth)" is the field "assisted Living" already asked.
    assert_eq!(words("biobank, assisted Living (ehealth), infection"), []);
    // Quoted to the part's end where a word or two not read closes it.
    assert_eq!(words("exchange of nurses in hospitals"), [w("nurses in hospitals", &["nurs"])]);
    // Written without the network it begins with, asked on its own: a page naming it
    // unanswered said Vanguard was not answered.
    let pilots = words("Vanguard Initiative pilots on advanced manufacturing for medical devices");
    assert_eq!(
        pilots,
        [w("pilots on advanced manufacturing for medical devices", &["manufactur", "#t:medical_technology"])]
    );
    // A part ending in an adjective shares the noun of the next ("genomic and clinical
    // data", "medical and health data"), not a noun's ("antibodies and clinical data").
    assert_eq!(
        words("sharing of genomic and clinical data; regulatory and ethical guidelines for biobanks"),
        [
            w("sharing of genomic and clinical data", &["share", "#t:genomics", "data"]),
            w("clinical data", &["clinic", "data"]),
            w("regulatory and ethical guidelines", &["regulatori", "guidelin"]),
            w("ethical guidelines for biobanks", &["ethic", "guidelin"])
        ]
    );
    assert_eq!(
        words("antibodies and clinical data"),
        [w("antibodies", &["antibodi"]), w("clinical data", &["clinic", "data"])]
    );
    assert_eq!(
        words("medical and health data sharing"),
        [
            w("medical and health data sharing", &["medic", "share", "#t:data_analytics"]),
            w("health data sharing", &["share", "#t:data_analytics"])
        ]
    );
    // A web address's slashes and dots cut nothing.
    assert_eq!(
        words("exchange of nurses https://www.example.org/a/b.html and joint pharmacists"),
        [w("nurses", &["nurs"]), w("pharmacists", &["pharmacist"])]
    );
}

/// A field named again is found wherever it stands, across the windows the line is read
/// in, and a line of thousands of namings is read whole.
#[test]
fn a_field_named_again_is_found_anywhere_in_a_long_line() {
    let mut p = Profile::new(crate::NutsCode::parse("ES21").unwrap(), crate::Text::new("P").unwrap());
    for pad in 0..40 {
        // "stem cells" again at every offset around the first window's end (where "stem
        // cell", a name of the field too, would leave "cells" to be asked).
        let line = format!("advanced therapies; {} stem cells", "x".repeat(360 + pad));
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(&line), vec![], vec![]));
        let asks = asks(&p).into_iter().filter(|a| a.kind == AskKind::Words);
        let words: Vec<String> = asks.flat_map(|a| a.terms).map(|t| t.term).collect();
        assert!(!words.iter().any(|w| w == "stem" || w == "cell"), "{pad}: {words:?}");
    }
    let line = "AI, privacy; ".repeat(1_500);
    p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(&line), vec![], vec![]));
    let got: Vec<(AskKind, String)> = asks(&p).into_iter().map(|a| (a.kind, a.written)).collect();
    assert_eq!(got, [(AskKind::Field, "AI".to_string()), (AskKind::Words, "privacy".to_string())]);
}

/// Vaccines are infectious diseases' field, and "diseases" after a field's adjective
/// ("neurodegenerative diseases") is its head noun, asked nowhere on its own.
#[test]
fn vaccines_are_a_field_and_diseases_a_head_noun() {
    let got = kinds_and_terms("vaccine development, neurodegenerative diseases and chronic diseases");
    let want = |k: AskKind, t: &[&str]| (k, t.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    assert_eq!(
        got,
        [
            want(AskKind::Field, &["#t:infectious_diseases"]),
            want(AskKind::Field, &["#t:neurological_diseases"]),
            want(AskKind::Words, &["chronic"]),
        ]
    );
}

/// Each ask of a region answering `line`: its kind and its terms.
pub(super) fn kinds_and_terms(line: &str) -> Vec<(AskKind, Vec<String>)> {
    let mut p = Profile::new(crate::NutsCode::parse("ITC4").unwrap(), crate::Text::new("L").unwrap());
    p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
    asks(&p).into_iter().map(|a| (a.kind, a.terms.into_iter().map(|t| t.term).collect())).collect()
}

/// Fields named by words of recent research: the microbiome is studied by its genomes, in
/// silico trials are trials, a digital twin is made of a patient's data, immuno-oncology is of
/// cancer. The microbiome and digital twins are parts of their fields with names of their
/// own: asked too, so that evidence naming them answers first.
#[test]
fn recent_research_words_name_fields() {
    let got = kinds_and_terms("microbiome research; in silico trials; digital twins; immuno-oncology");
    let field = |t: &str, part: Option<&str>| {
        (AskKind::Field, [Some(format!("#t:{t}")), part.map(|p| format!("#p:{p}"))].into_iter().flatten().collect())
    };
    let expected = [
        field("genomics", Some("microbiome")),
        field("clinical_research", None),
        field("data_analytics", Some("digital_twin")),
        field("cancer", None),
    ];
    assert_eq!(got, expected);
}

/// A part of a field named after the field ("genomic medicine and pharmacogenetics") is of
/// the field's ask, not words of their own: the field's tag stands at its first naming.
#[test]
fn a_part_named_after_its_field_is_of_its_ask() {
    let got = kinds_and_terms("genomic medicine and pharmacogenetics; telemonitoring; population biobanks");
    let expected = [
        (AskKind::Field, vec!["#t:genomics".to_string(), "#p:pharmacogenomics".to_string()]),
        (AskKind::Field, vec!["#t:e_health".to_string(), "#p:telemonitoring".to_string()]),
        // A part whose name holds the field's: "population" alone is no ask.
        (AskKind::Field, vec!["#t:biobanks".to_string(), "#p:population_biobank".to_string()]),
    ];
    assert_eq!(got, expected);
    // Parts of one field named together are of its one ask ("companion" alone asks nothing).
    let got = kinds_and_terms("liquid biopsy and companion diagnostics");
    let expected = [(
        AskKind::Field,
        ["#t:diagnostics", "#p:liquid_biopsy", "#p:companion_diagnostics"].map(String::from).to_vec(),
    )];
    assert_eq!(got, expected);
}

/// "Would like" is a wish, not "like" giving an example: a network named after it is asked
/// as itself, and only "networks like" or "such as" let another of its kind answer.
#[test]
fn would_like_gives_no_example() {
    let like = |line: &str| {
        let mut p = Profile::new(crate::NutsCode::parse("NO").unwrap(), crate::Text::new("Norway").unwrap());
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
        let asks = asks(&p);
        asks.iter().flat_map(|a| &a.terms).any(|t| t.term.starts_with(crate::matching::kinds::LIKE_PREFIX))
    };
    assert!(!like("We would like to take part in the Vanguard Initiative"));
    assert!(!like("We’d like to join ERA PerMed"));
    assert!(like("networks like the Vanguard Initiative"));
    assert!(like("We would like to join networks such as the Vanguard Initiative"));
}

/// Optics and lasers are photonics: a region seeking them seeks the field Thuringia calls
/// biophotonics, and one working on laser technology works in it.
#[test]
fn optics_and_lasers_are_photonics() {
    let photonics = kinds_and_terms("optics, laser technology and optoelectronics");
    assert_eq!(photonics, [(AskKind::Field, vec!["#t:biophotonics".to_string()])]);
}

/// Named infections and the sciences of them are infectious diseases (Thuringia's
/// "infection"): a region working on COVID-19 or in virology works in the field.
#[test]
fn named_infections_are_infectious_diseases() {
    let infection = kinds_and_terms("COVID-19 and SARS-CoV-2 research, virology, tuberculosis");
    assert_eq!(infection, [(AskKind::Field, vec!["#t:infectious_diseases".to_string()])]);
}

/// Personalised medicine, every profile's subject, narrows no word beside it; another field
/// does ("newborn screening" is screening of newborns, not any newborn care).
#[test]
fn the_subject_narrows_no_word() {
    let words = |line: &str| -> Vec<Vec<String>> {
        let mut p = Profile::new(crate::NutsCode::parse("NO").unwrap(), crate::Text::new("Norway").unwrap());
        p.collaboration = Some(crate::Collaboration::new(Some(true), crate::Text::new(line), vec![], vec![]));
        let asks = asks(&p).into_iter().filter(|a| a.kind == AskKind::Words);
        asks.map(|a| a.terms.iter().map(|t| t.term.clone()).collect()).collect()
    };
    assert_eq!(words("reimbursement of PM"), [["reimburs"]]);
    assert_eq!(words("precision medicine education"), [["educ"]]);
    assert_eq!(words("newborn screening"), [["newborn", "#t:prevention"]]);
    for tag in parts::SUBJECT.iter() {
        assert!(crate::vocab::TopicId::from_id(&tag[3..]).is_some(), "data/vocab/subject-topics.csv: {tag}");
    }
}

/// A field named across a coordination ("cell and gene therapies") narrows the word after it
/// as one named within the part does: the manufacturing of those therapies, not any.
#[test]
fn a_field_named_across_and_narrows_the_word_after_it() {
    let got = kinds_and_terms("cell and gene therapies manufacturing");
    let regen = "#t:regenerative_medicine".to_string();
    assert_eq!(got, [(AskKind::Field, vec![regen.clone()]), (AskKind::Words, vec!["manufactur".to_string(), regen])]);
}

/// Medicines are drugs, not the medicine a region practises ("nuclear medicine"); leukaemia,
/// lymphoma and myeloma are cancers; frailty and independent living are of healthy ageing.
#[test]
fn medicines_are_pharmaceuticals_and_blood_cancers_cancer() {
    let field = |t: &str| (AskKind::Field, vec![format!("#t:{t}")]);
    assert_eq!(kinds_and_terms("innovative medicines"), [field("pharmaceuticals")]);
    assert_eq!(kinds_and_terms("leukaemia, lymphoma and myeloma"), [field("cancer")]);
    // Frailty and independent living are of healthy ageing (EIP on AHA's own groups): asked
    // as words, no region answered them.
    assert_eq!(kinds_and_terms("frailty and independent living"), [field("healthy_ageing")]);
}
