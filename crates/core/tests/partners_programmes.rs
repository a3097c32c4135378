//! Partner finding and the EU programmes and initiatives a region names by their short
//! names: the Joint Programming Initiatives, the ERA-NETs, the partnerships of Horizon Europe.

use pmatlas_core::matching::{AskKind, Matcher};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// An ask for the Joint Programming Initiatives is answered by a region in one of them (JPND),
/// and the reason says which; an ask for neurodegenerative diseases by the same evidence, JPND's
/// field.
#[test]
fn a_joint_programming_initiative_answers_an_ask_for_them() {
    let asker = region("AT21", "Kärnten", Some("Joint Programming Initiatives"));
    let mut jpnd = region("SE22", "Sydsverige", None);
    initiative(&mut jpnd, "JPND");
    let neuro = region("AT22", "Steiermark", Some("neurodegenerative diseases"));
    let all = [vec![asker, jpnd, neuro], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1]);
    let gloss = "(strong evidence; JPND is the EU Joint Programme on neurodegenerative disease research).";
    assert_eq!(
        found[0].reasons[0],
        format!("Kärnten seeks JPI (“Joint Programming Initiatives”), JPND being a Joint Programming Initiative: Sydsverige names in its initiatives “JPND” {gloss}")
    );
    let found = m.partners(2, None, 5);
    assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1]);
    assert_eq!(
        found[0].reasons[0],
        format!("Steiermark seeks neurological diseases (“neurodegenerative”): Sydsverige names in its initiatives “JPND” {gloss}")
    );
}

/// Kärnten seeking `seeks`, and three regions with one initiative each: Kärnten's partners, by
/// position with their reasons in one line, and the kinds of its asks.
fn asked(seeks: &str, initiatives: [&str; 3]) -> (Vec<(usize, String)>, Vec<AskKind>) {
    let mut all = vec![region("AT21", "Kärnten", Some(seeks))];
    let names = [("SE22", "Sydsverige"), ("NL41", "Noord-Brabant"), ("BE24", "Vlaams-Brabant")];
    for ((code, name), text) in names.into_iter().zip(initiatives) {
        let mut p = region(code, name, None);
        initiative(&mut p, text);
        all.push(p);
    }
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5).into_iter().map(|x| (x.index, x.reasons.join(" "))).collect();
    (found, m.asks(0).iter().map(|a| a.kind).collect())
}

/// What Kärnten is told of the region at `i`, if it is listed.
fn said(found: &[(usize, String)], i: usize) -> &str {
    found.iter().find(|x| x.0 == i).map_or("", |x| x.1.as_str())
}

/// How a reason says a network named is an action of Horizon.
const HORIZON: &str = " being an action of Horizon 2020 or Horizon Europe";

/// That each of the three regions with an initiative is listed.
fn all_three_listed(found: &[(usize, String)]) {
    let mut got: Vec<usize> = found.iter().map(|x| x.0).collect();
    got.sort_unstable();
    assert_eq!(got, [1, 2, 3], "{found:?}");
}

/// Partnerships and ERA-NETs of Horizon 2020 and Horizon Europe named in an initiative answer an
/// ask for Horizon Europe; IMI2 is the Innovative Medicines Initiative.
#[test]
fn horizon_partnerships_and_imi2_by_their_short_names() {
    let initiatives = ["TRANSCAN-3 joint transnational call", "Partner in THCS", "IMI2 project on patient data"];
    let (found, _) = asked("Horizon Europe projects; IMI", initiatives);
    all_three_listed(&found);
    assert!(said(&found, 1).contains(&format!("TRANSCAN{HORIZON}")), "{found:?}");
    assert!(said(&found, 2).contains(&format!("THCS{HORIZON}")), "{found:?}");
    let imi = "Kärnten seeks IMI / IHI (“IMI”): Vlaams-Brabant names in its initiatives “IMI2";
    assert!(said(&found, 3).contains(imi), "{found:?}");
}

/// An ask for the EIT's communities ("KICs") is answered by a region in EIT Health, and one for
/// the ESFRI research infrastructures by a region in ECRIN, each said; "COST Actions" is the
/// programme, while "the cost of care" asks the word.
#[test]
fn kics_esfri_and_cost_by_their_names() {
    let initiatives = ["EIT Health Scandinavia", "National node of ECRIN-ERIC", "A study of the cost of care"];
    let (found, kinds) = asked("other KICs; ESFRI infrastructures; COST Actions", initiatives);
    let kic = "EIT Health being an EIT Knowledge and Innovation Community";
    assert!(said(&found, 1).contains(kic), "{found:?}");
    let esfri = "ECRIN being a research infrastructure of the ESFRI roadmap";
    assert!(said(&found, 2).contains(esfri), "{found:?}");
    assert!(!found.iter().any(|x| x.0 == 3), "the cost of care is no COST Action");
    assert_eq!(kinds, [AskKind::Network; 3]);
    let care = Matcher::new(&[&region("AT22", "Steiermark", Some("to reduce the cost of care"))]);
    assert_eq!(care.asks(0).iter().map(|a| a.kind).collect::<Vec<_>>(), [AskKind::Words]);
}

/// Programmes, partnerships and networks of recent years named in an initiative, each
/// answering an ask for it or for the programme it is part of, the reason saying so:
/// ERA4Health and HealthyCloud are actions of Horizon, EHTEL a network of e-health, the
/// European Digital Innovation Hubs part of Digital Europe; the ERDF's Interregional
/// Innovation Investments (I3) and the Partnerships for Regional Innovation (PRI).
#[test]
fn recent_programmes_and_networks_by_their_names() {
    let ehtel = "Kärnten seeks EHTEL: Vlaams-Brabant names in its initiatives “Member of EHTEL” (strong evidence; EHTEL is the European Health Telematics Association).";
    let cases = [
        (
            "Horizon Europe projects; EHTEL",
            ["ERA4Health joint transnational call", "Partner in HealthyCloud", "Member of EHTEL"],
            [format!("ERA4Health{HORIZON}"), format!("HealthyCloud{HORIZON}"), ehtel.to_string()],
        ),
        (
            "Digital Europe; Interregional Innovation Investments; PRI",
            ["Partner of an EDIH on health", "I3 project on medical devices", "PRI pilot region"],
            [
                "EDIH being a part of the Digital Europe Programme".to_string(),
                "Kärnten seeks I3 (“Interregional Innovation Investments”)".to_string(),
                "Kärnten seeks PRI:".to_string(),
            ],
        ),
    ];
    for (seeks, initiatives, reasons) in cases {
        let (found, kinds) = asked(seeks, initiatives);
        all_three_listed(&found);
        assert!(kinds.iter().all(|&k| k == AskKind::Network), "{seeks}: {kinds:?}");
        for (i, reason) in reasons.iter().enumerate() {
            assert!(said(&found, i + 1).contains(reason.as_str()), "{seeks}: {found:?}");
        }
    }
}

/// For "Horizon projects and similar", a network that belongs to an EU programme without being
/// one (ICPerMed, which EP PerMed builds on) answers as another EU programme, and the reason
/// says through which; an EU programme named answers plainly; a council of bioregions, not at all.
#[test]
fn another_programme_through_a_network_says_which() {
    let (found, _) = asked(
        "Horizon2020 projects and similar international initiatives",
        ["Member of ICPerMed", "EIT Health", "Member of the Council of European BioRegions"],
    );
    let mut got: Vec<usize> = found.iter().map(|x| x.0).collect();
    got.sort_unstable();
    assert_eq!(got, [1, 2], "{found:?}");
    let programme = "Kärnten seeks Horizon Europe (“Horizon2020”) or another EU programme";
    assert!(
        said(&found, 1).contains(&format!("{programme}, ICPerMed being one of the two EP PerMed builds on:")),
        "{found:?}"
    );
    assert!(said(&found, 2).contains(&format!("{programme}: Noord-Brabant names")), "{found:?}");
}

/// The represented-in question's own option, "Regional Smart Specialisation Strategy
/// Platforms/Partnerships (RIS3)", given back as an answer, is the S3 platforms; and "smart
/// specialisation partnerships" asks for them as "S3 partnerships" does.
#[test]
fn the_s3_platforms_by_their_long_names() {
    for seeks in ["S3 partnerships", "smart specialisation partnerships", "RIS3 platforms"] {
        let asker = region("BE2", "Flanders", Some(seeks));
        let mut listed = region("PL22", "Śląskie", None);
        let text = Text::new("Regional Smart Specialisation Strategy Platforms/Partnerships (RIS3)").unwrap();
        listed.represented_in = vec![ListItem { number: None, text }];
        let mut strategy = region("PT11", "Norte", None);
        policy(&mut strategy, "Regional Smart Specialisation Strategy of Norte");
        let all = [vec![asker, listed, strategy], others()].concat();
        let ps: Vec<&Profile> = all.iter().collect();
        let m = Matcher::new(&ps);
        assert_eq!(codes(&m, &ps, 0), ["PL22"], "{seeks}: a strategy is no platform");
        let found = m.partners(0, None, 5);
        assert!(
            found[0].reasons[0].contains("Śląskie is represented in “Regional Smart Specialisation"),
            "{:?}",
            found[0].reasons
        );
    }
}

/// Programmes named without the name of the one they belong to: an ERC grant is Horizon
/// Europe's, the Danube Transnational Programme is Interreg.
#[test]
fn a_programme_of_another_answers_for_it() {
    let cases = [
        ("Horizon Europe projects", "ERC Advanced Grant on tumour genomics", "ERC being an action of Horizon"),
        (
            "Interreg projects",
            "Danube Transnational Programme project on e-health",
            "Interreg Danube being an Interreg programme",
        ),
    ];
    for (seeks, held, said) in cases {
        let asker = region("LT", "Lithuania", Some(seeks));
        let mut holder = region("AT21", "Kärnten", None);
        initiative(&mut holder, held);
        let all = [vec![asker, holder], others()].concat();
        let ps: Vec<&Profile> = all.iter().collect();
        let m = Matcher::new(&ps);
        let found = m.partners(0, None, 5);
        assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [1], "{seeks}");
        assert!(found[0].reasons[0].contains(said), "{:?}", found[0].reasons);
    }
}

/// The S3 partnerships named otherwise than the vocabulary's label: "S3 Platform for
/// Personalised Medicine" is S3P4PM itself, not another S3 partnership in its field.
#[test]
fn an_s3_partnership_by_another_of_its_names() {
    let cases = [
        ("S3P4PM", "S3 Platform for Personalised Medicine"),
        ("S3MedTech", "Thuringia is also partner of the S3 platform \"Medical Technology\""),
        ("S3MedTech", "S3 Partnership on Medical Technologies"),
    ];
    for (seeks, held) in cases {
        let asker = region("SE22", "Sydsverige", Some(seeks));
        let mut holder = region("DEG", "Thuringia", None);
        holder.represented_in = vec![ListItem { number: None, text: Text::new(held).unwrap() }];
        let all = [vec![asker, holder], others()].concat();
        let ps: Vec<&Profile> = all.iter().collect();
        let found = Matcher::new(&ps).partners(0, None, 5);
        assert_eq!(found.len(), 1, "{held}");
        assert_eq!(
            found[0].reasons[0],
            format!("Sydsverige seeks {seeks}: Thuringia is represented in “{held}” (strong evidence).")
        );
    }
}
