//! Regression documents for what real pages showed the reader getting wrong: copies cut
//! part-way, values on the line after their label, wrapped lines, stray markup, national
//! pages, synonyms. Each fixture (`fixtures/issue9/`) is written in the shape seen, and each
//! test asserts the exact fields.

use pmatlas_core::format::values::{canonical_code, Scheme};
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::*;

fn read(name: &str) -> Parsed {
    let path = format!("{}/tests/fixtures/issue9/{name}", env!("CARGO_MANIFEST_DIR"));
    let d = parse_bytes(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(parse(&render(&d.profile)).unwrap().profile, d.profile, "{name}: canonical round trip");
    d
}

fn texts(v: &[Text]) -> Vec<&str> {
    v.iter().map(Text::as_str).collect()
}

#[test]
fn a_copy_cut_after_a_partial_label_is_marked_and_the_fragment_is_not_content() {
    let d = read("deg-2019-cut.txt");
    let p = &d.profile;
    // The trailing "Topics cover" is not glued onto the last policy document.
    let titles: Vec<&str> = p.policy_documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Thuringian digital strategy", "RIS3 Thuringia"]);
    assert!(p.policy_topics.is_empty());
    assert!(p.extras.is_empty(), "{:?}", p.extras);
    let cut = p.origin.incomplete.as_ref().unwrap();
    assert_eq!((cut.line, cut.after.as_str()), (27, "Topics cover"));
    let w: Vec<(u32, &str)> = d.warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
    assert_eq!(w, [(27, "document ends part-way after 'Topics cover'")]);
    assert_eq!(p.origin.edition, Some(Edition { year: 2019, layout: Some(Layout::Y2019), stated: true }));
}

#[test]
fn a_cut_question_has_no_entry_and_a_lost_answer_is_not_a_blank_one() {
    let d = read("no-2019-cut-membership.txt");
    let p = &d.profile;
    let m = |id: &str| p.membership(NetworkId::from_id(id).unwrap()).map(|m| (m.answer, m.note.clone()));
    assert_eq!(m("icpermed"), Some((MembershipAnswer::Yes, None)));
    assert_eq!(m("erapermed"), Some((MembershipAnswer::Yes, None)));
    // "…(ERRIN)?" with nothing after it, then the cut: a blank answer on the page.
    assert_eq!(m("errin"), Some((MembershipAnswer::Unanswered, None)));
    // "1M+Genome initiat": what the cut left of a question, not an answer "other".
    assert_eq!(m("genome_1m"), None);
    assert_eq!(p.memberships.len(), 3);
    assert_eq!(p.origin.incomplete.as_ref().map(|c| c.after.as_str()), Some("1M+Genome initiat"));
    assert!(p.national_level);
}

#[test]
fn a_lone_number_at_the_cut_is_no_description_and_wrapped_items_are_joined() {
    let d = read("xx-initiatives-cut-number.txt");
    let p = &d.profile;
    let items: Vec<(Option<u32>, &str, Option<&str>)> =
        p.initiatives.iter().map(|i| (i.number, i.name.as_str(), i.description.as_ref().map(Text::as_str))).collect();
    assert_eq!(
        items,
        [
            (Some(12), "Hereditary cancer (HOPE – How Oncogenetics Predicts & Educates)", None),
            (Some(13), "BBMRI.it node Emilia-Romagna", None),
        ]
    );
    assert_eq!(p.origin.incomplete.as_ref().map(|c| (c.line, c.after.as_str())), Some((12, "14")));
}

#[test]
fn codes_and_topics_on_the_line_after_their_label_and_a_code_wrapped_after_its_letter() {
    let d = read("ded-2021-codes-next-line.txt");
    let p = &d.profile;
    let nace: Vec<(&str, Option<&str>)> =
        p.nace.iter().map(|c| (c.code.as_str(), c.label.as_ref().map(Text::as_str))).collect();
    assert_eq!(
        nace,
        [
            ("C.21", Some("Basic pharmaceutical products and pharmaceutical preparations")),
            ("Q", Some("Human health activities")),
            ("M.72", Some("Scientific research and development")),
        ]
    );
    let nabs: Vec<&str> = p.nabs.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(nabs, ["NABS07"]);
    let topics: Vec<Option<&str>> = p.policy_topics.iter().map(|t| t.topic.map(|t| t.id())).collect();
    assert_eq!(topics, [Some("prediction_prevention"), Some("value_based_healthcare")]);
    assert!(p.extras.is_empty(), "{:?}", p.extras);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(p.origin.incomplete.is_none());
    assert_eq!(p.origin.edition, Some(Edition { year: 2021, layout: Some(Layout::Y2021), stated: true }));
}

#[test]
fn item_urls_markup_section_labels_and_programme_lists() {
    let d = read("pt15-items.txt");
    let p = &d.profile;
    type Item<'a> = (Option<u32>, &'a str, Option<&'a str>, Option<&'a str>);
    let items: Vec<Item> = p
        .initiatives
        .iter()
        .map(|i| {
            (i.number, i.name.as_str(), i.description.as_ref().map(Text::as_str), i.url.as_ref().map(Text::as_str))
        })
        .collect();
    assert_eq!(
        items,
        [
            (Some(1), "Centers for Medical Genetics", None, None),
            (Some(2), "Algarve Biomedical Center", Some("research and training"), Some("https://abc.ualg.pt")),
            (Some(5), "HELIUM", None, Some("https://helium.example.eu/project")),
            (Some(6), "Programme on personalised care - continued for chronic patients", None, None),
        ]
    );
    // "7. Digital Innovation Hub : ABC Health Hub" is the hubs section, not an initiative.
    assert_eq!(texts(&p.digital_innovation_hubs), ["ABC Health Hub"]);
    assert_eq!(d.layout, Layout::Y2019);
    let rep: Vec<&str> = p.represented_in.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(rep, ["Horizon2020", "EUREKA/Eurostars/COSME", "ERA-NET on Personalised Medicine"]);
    assert!(p.origin.incomplete.is_none());
}

#[test]
fn an_early_country_page_is_national_and_era_net_is_era_permed() {
    let d = read("no-early.txt");
    let p = &d.profile;
    assert_eq!((p.code.as_str(), p.name.as_str(), p.national_level, d.layout), ("NO", "Norway", true, Layout::Early));
    assert_eq!(p.initiatives[0].network.map(|n| n.id()), Some("erapermed"));
    assert_eq!(p.origin.edition, Some(Edition { year: 2019, layout: Some(Layout::Early), stated: false }));
    assert!(p.origin.incomplete.is_none());
    assert_eq!(p.image_attribution.as_ref().map(Text::as_str), Some("NordNordWest, CC BY-SA 3.0 <>"));
}

/// Fragments must never become topics or codes: on every corpus document and fixture, each
/// policy topic that is not in the vocabulary is a whole phrase, and every code has the shape
/// of its scheme.
#[test]
fn no_fragment_becomes_a_topic_or_a_code() {
    let mut dirs = vec![
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issue9")),
    ];
    let corpus = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus"));
    if corpus.is_dir() {
        dirs.push(corpus);
    }
    let mut n = 0;
    for dir in dirs {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            n += 1;
            let p = parse_bytes(&std::fs::read(&path).unwrap()).unwrap().profile;
            for t in &p.policy_topics {
                let words = t.text.as_str().split_whitespace().count();
                assert!(t.topic.is_some() || words >= 3, "{}: topic fragment '{}'", path.display(), t.text);
            }
            // A code kept as written (unknown to the list) still has its scheme's shape.
            for (scheme, codes) in
                [(Scheme::Nace, &p.nace), (Scheme::Nabs, &p.nabs), (Scheme::PolicyObjective, &p.policy_objectives)]
            {
                for c in codes {
                    assert_eq!(
                        canonical_code(scheme, &c.code).as_ref(),
                        Ok(&c.code),
                        "{}: a code fragment",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(n >= 12, "{n} documents");
}
