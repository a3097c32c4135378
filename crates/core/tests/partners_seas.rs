//! A sea named as where partners are wished ("especially with Mediterranean regions", "North
//! Sea regions") is a place: the regions with a coast on it meet the wish, whatever their
//! documents say of the sea; its words are no ask, or "North Sea" would be asked as "Sea" (its
//! first word says little alone) and answered by any text naming a sea.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn a_sea_wished_is_met_by_the_regions_on_its_coast() {
    let asker = region("ITH5", "Emilia-Romagna", Some("rare diseases, especially with Mediterranean regions"));
    let attiki = region("EL30", "Attiki", None);
    // Inland Greece, and a region that names the sea in an initiative but lies on none.
    let inland = region("EL53", "Dytiki Makedonia", None);
    let mut named = region("AT13", "Wien", None);
    initiative(&mut named, "Mediterranean diet cohort");
    let all = [vec![asker, attiki, inland, named], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert!(m.asks(0).iter().all(|a| !a.written.contains("Mediterranean")), "{:?}", m.asks(0));
    let found = m.partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|f| ps[f.index].code.as_str()).collect();
    assert_eq!(codes, ["EL30"], "{:?}", found.iter().map(|f| &f.reasons).collect::<Vec<_>>());
    assert_eq!(
        found[0].reasons,
        ["Emilia-Romagna would like to collaborate with Mediterranean regions: Attiki is one, with a coast on the Mediterranean Sea."]
    );
}

#[test]
fn a_sea_of_two_words_is_no_ask_of_its_second() {
    let asker = region("ITH5", "Emilia-Romagna", Some("genomics; partners from the North Sea region"));
    let mut flanders = region("BE2", "Vlaanderen", None);
    initiative(&mut flanders, "Offshore wind cluster of the North Sea region");
    let mut sea = region("EE", "Estonia", None);
    initiative(&mut sea, "Sea of data: a genomics cohort");
    let all = [vec![asker, flanders, sea], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let asked: Vec<String> = m.asks(0).iter().map(|a| a.label()).collect();
    assert_eq!(asked, ["Genomics"]);
    let found = m.partners(0, None, 10);
    let said = |code: &str| {
        let f = found.iter().find(|f| ps[f.index].code.as_str() == code).unwrap_or_else(|| panic!("{code} found"));
        f.reasons.clone()
    };
    assert_eq!(
        said("BE2"),
        ["Emilia-Romagna would like to collaborate with North Sea regions (“North Sea region”): Vlaanderen is one, with a coast on the North Sea."]
    );
    assert!(said("EE").iter().all(|r| !r.contains("“Sea”")), "{:?}", said("EE"));
}

/// "Balkan countries": those wholly or mostly on the peninsula (Greece, not Slovenia).
#[test]
fn the_balkans_are_a_group_of_countries() {
    let asker = region("ITH5", "Emilia-Romagna", Some("rare diseases, with Balkan countries"));
    let all =
        [vec![asker, region("EL30", "Attiki", None), region("SI04", "Zahodna Slovenija", None)], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let said: Vec<&str> = found.iter().flat_map(|f| f.reasons.iter().map(String::as_str)).collect();
    assert_eq!(said, ["Emilia-Romagna would like to collaborate with Balkan countries: Attiki is in Greece."]);
}

/// The list that replaces the question ("The region would like to collaborate with: USA,
/// Nordic countries, Mediterranean regions") names groups and kinds of region too, not only
/// countries: each item is read as a place.
#[test]
fn a_listed_partner_may_be_a_group_or_a_sea() {
    let mut asker = region("ITH5", "Emilia-Romagna", None);
    let listed = ["USA", "Nordic countries", "Mediterranean regions"].map(|x| Text::new(x).unwrap());
    asker.collaboration = Some(Collaboration::new(None, None, vec![], listed.to_vec()));
    let all = [vec![asker, region("EL30", "Attiki", None), region("SE22", "Sydsverige", None)], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let mut said: Vec<&str> = found.iter().flat_map(|f| f.reasons.iter().map(String::as_str)).collect();
    said.sort_unstable();
    assert_eq!(
        said,
        [
            "Emilia-Romagna would like to collaborate with Mediterranean regions: Attiki is one, with a coast on the Mediterranean Sea.",
            "Emilia-Romagna would like to collaborate with Nordic countries: Sydsverige is in Sweden.",
        ]
    );
}

/// "Adriatic regions" are those on its coast; "the Adriatic-Ionian region" is the
/// macro-region, met by the regions that say they are in it, not by the coast.
#[test]
fn the_adriatic_is_a_coast_and_the_adriatic_ionian_region_a_macro_region() {
    let coast = |line: &str| {
        let asker = region("AT13", "Wien", Some(line));
        let mut member = region("EL54", "Ipeiros", None);
        member.set_membership(Membership {
            network: vocab::NetworkId::from_id("adriatic_ionian").unwrap(),
            answer: MembershipAnswer::Yes,
            note: None,
        });
        let all = [vec![asker, region("HR03", "Jadranska Hrvatska", None), member], others()].concat();
        let ps: Vec<&Profile> = all.iter().collect();
        let found = Matcher::new(&ps).partners(0, None, 10);
        found.iter().flat_map(|f| f.reasons.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        coast("rare diseases, with Adriatic regions"),
        ["Wien would like to collaborate with Adriatic regions: Jadranska Hrvatska is one, with a coast on the Adriatic Sea."]
    );
    assert_eq!(
        coast("rare diseases, with partners in the Adriatic-Ionian region"),
        ["Wien would like to collaborate in the Adriatic-Ionian macro-region (“Adriatic-Ionian region”): Ipeiros is in it."]
    );
}
