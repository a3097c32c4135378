//! Shapes of real pages the reader once got wrong (issue 20), each on a fixture of our own:
//! two innovation groups of two years, a heading with a typo, networks as bullets under the
//! RIS3 heading, a national page's RIS3 statement, lines after the RIS3 answers, a fragment,
//! and a code label cut at the page's end.

use pmatlas_core::{parse, render, MembershipAnswer, Tier};

fn fixture(name: &str) -> pmatlas_core::Parsed {
    let path = format!("{}/tests/fixtures/issue20/{name}", env!("CARGO_MANIFEST_DIR"));
    parse(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn warned(p: &pmatlas_core::Parsed, needle: &str) -> bool {
    p.warnings.iter().any(|w| w.message.contains(needle))
}

#[test]
fn innovation_groups_of_two_years_are_both_kept_the_newest_current() {
    let p = fixture("two-innovation-years-2021.txt");
    let k = &p.profile.key_figures;
    let now = k.innovation.as_ref().unwrap();
    assert_eq!(now.edition, Some(2021));
    assert_eq!(now.groups[0].group.tier, Tier::Emerging);
    assert_eq!(k.innovation_earlier.len(), 1);
    assert_eq!(k.innovation_earlier[0].edition, Some(2019));
    assert_eq!(k.innovation_earlier[0].groups[0].group.tier, Tier::Moderate);
    assert_eq!(p.profile.origin.edition.unwrap().year, 2021, "the page's edition is its newest year");
    assert!(p.profile.extras.is_empty(), "nothing left over: {:?}", p.profile.extras);
    // Written and read back, both years stay, in their places.
    let back = parse(&render(&p.profile)).unwrap().profile;
    assert_eq!(back.key_figures, p.profile.key_figures);
}

#[test]
fn a_heading_with_a_letter_dropped_is_the_heading_with_a_warning() {
    let p = fixture("two-innovation-years-2021.txt");
    let titles: Vec<&str> = p.profile.policy_documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["National strategy for personalised medicine", "Regional health innovation plan"]);
    assert!(warned(&p, "'Policy douments' read as the heading 'Policy documents'"), "{:?}", p.warnings);
}

#[test]
fn networks_as_bullets_under_the_ris3_heading_are_memberships() {
    let p = fixture("bulleted-networks-2021.txt");
    let held: Vec<(&str, MembershipAnswer)> =
        p.profile.memberships.iter().map(|m| (m.network.id(), m.answer)).collect();
    assert_eq!(held, [("euregha", MembershipAnswer::Yes), ("errin", MembershipAnswer::Yes)]);
    assert!(p.profile.extras.is_empty());
    assert!(warned(&p, "read as a membership held"));
}

#[test]
fn a_national_pages_ris3_statement_and_its_represented_in_lines_are_placed() {
    let p = fixture("national-ris3-represented-2021.txt");
    let ris3 = p.profile.ris3.as_ref().expect("the statement under the national strategy heading");
    assert!(ris3.value);
    assert_eq!(
        ris3.note.as_ref().unwrap().as_str(),
        "Slovenia's smart specialisation strategy names health and life sciences."
    );
    let items: Vec<&str> = p.profile.represented_in.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        items,
        [
            "Horizon 2020 projects on rare diseases",
            "Committee of the Regions: CoR Interregional Group on Health @ Wellbeing"
        ],
        "'2020 r' is a fragment, never a value"
    );
    assert!(p.profile.extras.iter().any(|e| e.text.as_str() == "2020 r"), "the fragment is kept for curators");
}

#[test]
fn lines_after_the_ris3_answers_are_represented_in_or_memberships() {
    let p = fixture("networks-after-ris3-early.txt");
    let items: Vec<&str> = p.profile.represented_in.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(items, ["Committee of the Regions: CoR Interregional Group on Health @ Wellbeing"]);
    assert_eq!(p.profile.memberships.len(), 1);
    assert_eq!(p.profile.memberships[0].network.id(), "errin");
    assert!(p.profile.extras.is_empty());
}

#[test]
fn a_code_label_cut_at_the_page_end_is_no_label() {
    let p = fixture("nace-label-cut-2019.txt");
    let c21 = p.profile.nace.iter().find(|c| c.code == "C.21").unwrap();
    assert_eq!(
        c21.label, None,
        "'Basic pharmace' is the short form of the official label, cut: the vocabulary's is shown"
    );
    assert_eq!(p.profile.origin.incomplete.as_ref().unwrap().partial, ["nace"], "the list the cut falls in is partial");
}
