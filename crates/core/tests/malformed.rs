//! Bad input gets an error or a warning with a line number, never a panic.

use pmatlas_core::*;

/// The end of a page (its footer): a document with it is complete, not cut part-way.
const FOOTER: &str = "\nThis project has received funding from the European Union’s Horizon\n";

/// Reads a document and checks that its canonical form reads back to the same profile.
fn reads_back(doc: &str) -> Parsed {
    let d = parse(doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    assert_eq!(parse(&render(&d.profile)).unwrap().profile, d.profile, "{doc}");
    d
}

#[test]
fn empty_and_blank_documents() {
    for input in ["", "\n\n   \n", "top of page\n\nbottom of page\n"] {
        let e = parse(input).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("empty document"), "{e}");
    }
}

#[test]
fn no_header() {
    let e = parse("\n\nThis is a letter, not a profile.\nDEG - Thuringia\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 1));
    assert!(e.message.contains("expected a header"), "{e}");
}

#[test]
fn binary_junk() {
    let mut junk: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let e = parse_bytes(&junk).unwrap_err();
    assert!(e.message.contains("UTF-8") || e.message.contains("binary"), "{e}");
    junk = b"DEG - Thuringia\nRegional website\nabc\x00def\n".to_vec();
    let e = parse_bytes(&junk).unwrap_err();
    assert_eq!((e.line, e.column), (3, 4));
    assert!(e.message.contains("NUL"));
    let e = parse_bytes(b"DEG - Thuringia\n\xff\xfe rest").unwrap_err();
    assert_eq!((e.line, e.column), (2, 1));
}

#[test]
fn a_ten_megabyte_line() {
    let long = "x".repeat(10 * 1024 * 1024);
    let d = parse(&format!("DEG - Thuringia\n\nMembership status\n{long}\nMember ICPerMed? yes\n")).unwrap();
    assert_eq!(d.profile.extras.len(), 1, "the long line is kept");
    assert_eq!(d.profile.extras[0].line, 4);
    assert!(d.warnings.iter().any(|w| w.line == 4 && w.message.contains("characters long")));
    assert_eq!(d.profile.memberships.len(), 1, "reading goes on after it");
    // A long line of question marks is no trap either.
    let qs = "Member ICPerMed?".repeat(100_000);
    let d = parse(&format!("DEG - Thuringia\n{qs}\n{FOOTER}")).unwrap();
    assert_eq!(d.profile.memberships.len(), 1);
}

#[test]
fn truncated_documents_keep_what_they_have() {
    let full = include_str!("../../../data/demo/DEG-thuringia.txt");
    let mut cut_points: Vec<usize> = full.char_indices().map(|(i, _)| i).step_by(37).collect();
    cut_points.push(full.len());
    for cut in cut_points {
        let part = &full[..cut];
        match parse(part) {
            Ok(d) => {
                assert_eq!(d.profile.code.as_str(), "DEG");
                assert!(d.warnings.iter().all(|w| w.line >= 1));
                // Cut before the end matter (from the image credit on), the copy says where
                // it stops; its canonical form keeps that.
                let end = full.find("Image attribution").unwrap() + "Image attribution".len();
                assert_eq!(d.profile.origin.incomplete.is_some(), cut < end, "cut at {cut}");
                reads_back(part);
            }
            Err(e) => assert_eq!(e.line, 1, "only a cut header is an error: {e}"),
        }
    }
}

#[test]
fn unknown_rating_word() {
    let d = parse(
        "DEG - Thuringia\nSelf evaluation\nRate of the need for developing and implementing PM in the region - Huge\n",
    )
    .unwrap();
    assert_eq!(d.profile.self_evaluation.need_implementation, None);
    let w = &d.warnings[0];
    assert_eq!((w.line, w.column, w.field), (3, 69, Some("self_evaluation")));
    assert!(w.message.contains("unknown rating 'Huge'"));
    assert_eq!(d.profile.extras[0].line, 3);
}

#[test]
fn bad_numbers_are_warnings_and_kept() {
    let d = parse(&format!("DEG - Thuringia\nTotal population (2019) about two million\nPopulation per km² (2017) 1,34,5\nProportion population older 65 year % 250%\n{FOOTER}")).unwrap();
    assert_eq!(d.profile.key_figures.population, None);
    assert_eq!(d.profile.key_figures.density, None);
    assert_eq!(d.profile.key_figures.over65_share, None);
    let lines: Vec<u32> = d.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [2, 3, 4]);
    assert_eq!(d.profile.extras.len(), 3);
}

#[test]
fn unknown_codes_are_warnings_naming_the_code() {
    let d = parse(&format!("DEG - Thuringia\nNACE Personalised Medicine/Personalised Health related to Research and Innovation objectives: C.99 - Nothing; M.72 - Research\nScientific domain NABS Personalised Medicine/Personalised Health related to Research and Innovation: NABS42 - Nothing\n{FOOTER}")).unwrap();
    let msgs: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        msgs,
        ["unknown NACE Rev. 2 code 'C.99'; kept as written", "unknown NABS 2007 code 'NABS42'; kept as written"]
    );
    assert_eq!(d.profile.nace.len(), 2);
    assert_eq!(d.profile.nabs[0].code, "NABS42");
    assert_eq!(d.warnings[0].column, 95);
}

#[test]
fn unknown_nuts_code_and_level_mismatch() {
    let d = parse("XX9 - Nowhere\n").map(|d| d.warnings.len());
    assert!(d.is_err(), "XX is no NUTS country: not a header");
    let d = parse("DEZZ9 - Somewhere (National level)\n").unwrap();
    let msgs: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "DEZZ9 is not in the NUTS 2021 list (an older NUTS version?)",
            "a national-level profile with the regional code DEZZ9"
        ]
    );
}

#[test]
fn json_errors_carry_positions() {
    let e = json::from_json("{\n  \"code\": \"DEG\",\n  \"name\": \"Thuringia\",\n  \"colour\": 1\n}").unwrap_err();
    assert_eq!(e.line, 4);
    assert!(e.message.contains("unknown field `colour`"), "{e}");
    let e = json::from_json("{\"code\": \"deg\", \"name\": \"x\"}").unwrap_err();
    assert!(e.message.contains("country prefix"), "{e}");
    let e = json::from_json("[]").unwrap_err();
    assert!(e.message.contains("no profile"));
}

#[test]
fn partners_before_the_question_leave_it_unanswered() {
    // Found by fuzzing: the partner list must not count as the answer to the question.
    let d = reads_back("FRF - Grand Est\nThe region would like to collaborate with: USA, UK\nMembership status\nIs the region looking for international/European/interregional collaboration opportunities?\nYes - especially biobanks\n");
    let c = d.profile.collaboration.as_ref().unwrap();
    assert_eq!((c.seeking, c.interests.as_ref().map(|t| t.as_str())), (Some(true), Some("especially biobanks")));
    assert_eq!(c.partners.len(), 2);
}

#[test]
fn fuzz_findings_stay_fixed() {
    // Each case once broke parse(render(parse(x))) == parse(x).
    let cases = [
        // A question cut short, then an attribution text on the same line.
        "FRF - Grand Est\nIs the region represented in: Horizon2020; Regi By Niko67000 - Own work, CC BY-SA 4.0,\n",
        // A control character in front of a label.
        "DEG - Thuringia\nIs the region looking for international/European/interregional collaboration opportunities?\nYes\n\u{2}Membership status\nMember ICPerMed? no\n",
        // Not a year.
        "SE22 - Sydsverige\nInnovation Performance Group (0053) ):: Leader\n",
        // A control character at the end of an area name.
        "NO - Norway\nInnovation Performance Group (2021) : 1) :\u{1} Strong; Oslo Leader\n",
        // Support measures after a policy list.
        "DEG - Thuringia\nPolicy documents\n  1. Regional: RIS3\n  • Regional Databases and standards, linked to personalised medicine (incl. biobanks)\n",
    ];
    for c in cases {
        reads_back(c);
    }
    let d = parse("DEG - Thuringia\n\u{2}Membership status\nMember ICPerMed? yes\n").unwrap();
    assert_eq!(d.profile.memberships.len(), 1);
    assert!(d.profile.description.is_empty(), "the heading is a heading, control character or not");
}

#[test]
fn an_area_that_looks_like_a_year_stays_an_area() {
    let d = reads_back("EL30 - Attiki\nRegional Innovation Performance\"(2019) Moderate +\n");
    let i = d.profile.key_figures.innovation.as_ref().unwrap();
    assert_eq!((i.edition, i.groups[0].area.as_ref().map(|a| a.as_str())), (None, Some("(2019)")));
}

#[test]
fn a_collaboration_answer_that_reads_like_a_label() {
    let d = reads_back("SE22 - Sydsverige\nIs the region looking for international/European/interregional collaboration opportunities? the region would like to collaborate with Yes - networks\n");
    let c = d.profile.collaboration.as_ref().unwrap();
    assert_eq!((c.seeking, c.partners.len()), (None, 0));
}

#[test]
fn trailing_punctuation_and_label_line_texts_round_trip() {
    let cases = [
        "LT - Lithuania\nHealthprofile according to the European Observatory on Health Systems and Policies and the Organisation for Economic Co-operation and Development (OECD): Membership status\n",
        "DEG - Thuringia\nDatabases and standards, linked to personalised medicine (incl. biobanks) Integrierte Biobank Jena::\n",
        "BE3 - Wallonie\nTopics covered by policies : Value based healthcare..\n",
    ];
    for c in cases {
        reads_back(c);
    }
    let d = parse(cases[0]).unwrap();
    assert_eq!(d.profile.health_profile.len(), 1);
    assert!(d.profile.memberships.is_empty());
}

#[test]
fn questions_inside_answers() {
    let cases = [
        "DEG - Thuringia\nMembership status\nERAPerMed - x ERRIN? yes\n",
        "DEG - Thuringia\nMember ICPerMed? what? ERRIN? yes\n",
        "DEG - Thuringia\nS3MedTech region? yes Danube MacroRegion? no Alpine MacroRegion?\n",
    ];
    for c in cases {
        reads_back(c);
    }
    // The last line of a copy cut part-way: the answer was lost to the cut, so there is no
    // entry (a blank answer on a complete page is "unanswered", below).
    let cut = parse(cases[2]).unwrap();
    let ids: Vec<&str> = cut.profile.memberships.iter().map(|m| m.network.id()).collect();
    assert_eq!(ids, ["s3medtech", "danube"]);
    assert!(cut.profile.origin.incomplete.is_some());
    let d = parse(&format!("{}{FOOTER}", cases[2])).unwrap();
    assert!(d.profile.origin.incomplete.is_none());
    let answers: Vec<(&str, MembershipAnswer)> =
        d.profile.memberships.iter().map(|m| (m.network.id(), m.answer)).collect();
    assert_eq!(
        answers,
        [
            ("s3medtech", MembershipAnswer::Yes),
            ("danube", MembershipAnswer::No),
            ("alpine", MembershipAnswer::Unanswered)
        ]
    );
    let d = parse(cases[0]).unwrap();
    assert_eq!(d.profile.memberships.len(), 2, "the list item's answer chains to the next question");
}

#[test]
fn list_items_that_read_like_page_chrome() {
    let d = reads_back(
        "FRF - Grand Est\nIs the region represented in: top of page\nMajor initiatives\n  1. bottom of page\n",
    );
    assert_eq!(d.profile.represented_in.len(), 1);
    assert_eq!(d.profile.initiatives.len(), 1);
}

#[test]
fn an_answer_on_the_question_line_follows_the_list_rules() {
    let d = reads_back("DEG - Thuringia\nIs the region represented in: Horizon2020; other? *\n");
    assert!(d.profile.represented_in.is_empty());
    assert_eq!(d.profile.extras.len(), 1);
}

#[test]
fn a_second_health_profile_label_line() {
    let h = "Healthprofile according to the European Observatory on Health Systems and Policies and the Organisation for Economic Co-operation and Development (OECD):";
    let d = reads_back(&format!("LT - Lithuania\n{h} First.\n{h} Population per km² (2019): 97\n"));
    assert_eq!(d.profile.health_profile.len(), 2);
    assert_eq!(d.profile.key_figures.density, None);
}

#[test]
fn continuation_lines_are_read_as_the_canonical_text_will_be() {
    let cases = [
        "DEG - Thuringia\nPolicy documents\n  2. Regional:\nM\nember ICPerMed? no\n",
        "DEG - Thuringia\nMajor initiatives\n  1. BioWin\nhttps://www.biowin.org\n",
        "DEG - Thuringia\nMajor initiatives\n  1. BioWin  cluster  https://www.biowin.org\nsince 2006\n",
    ];
    for c in cases {
        reads_back(c);
    }
    let d = parse(cases[2]).unwrap();
    let i = &d.profile.initiatives[0];
    assert_eq!(i.description.as_ref().map(|t| t.as_str()), Some("cluster since 2006"));
    assert_eq!(i.url.as_ref().map(|t| t.as_str()), Some("https://www.biowin.org"));
}

#[test]
fn the_label_window_counts_folded_text() {
    let spaced = format!("DEG - Thuringia\nPolicy objective{}related: D.19 - AI\n", " ".repeat(200));
    let d = reads_back(&spaced);
    assert_eq!(d.profile.policy_objectives.len(), 1, "spaces collapse before the window is measured");
}

#[test]
fn bidirectional_controls_are_removed_with_a_warning() {
    let doc = format!("DEG - Thu\u{202e}ringia\n\nThe region \u{2066}gnirps\u{2069} is here.\n{FOOTER}");
    let d = reads_back(&doc);
    assert_eq!(d.profile.name.as_str(), "Thuringia");
    assert_eq!(d.profile.description[0].as_str(), "The region gnirps is here.");
    let lines: Vec<u32> = d.warnings.iter().filter(|w| w.message.contains("bidirectional")).map(|w| w.line).collect();
    assert_eq!(lines, [1, 3]);
    // Text built any other way (JSON, forms) is cleaned the same.
    assert_eq!(Text::new("DE\u{202e}G\u{200f}").unwrap().as_str(), "DEG");
}
