//! The reader's pieces on small inputs: markers, labels, codes, networks, headers.

use super::*;

#[test]
fn markers() {
    assert_eq!(strip_marker("2. Regional: X"), (Marker::Number(2), "Regional: X"));
    assert_eq!(strip_marker("• LinkedIn"), (Marker::Bullet, "LinkedIn"));
    assert_eq!(strip_marker("- National X"), (Marker::Bullet, "National X"));
    assert_eq!(strip_marker("-Medium"), (Marker::None, "-Medium"));
    assert_eq!(strip_marker("2020 research"), (Marker::None, "2020 research"));
    assert_eq!(strip_marker("1.5 million"), (Marker::None, "1.5 million"));
}

#[test]
fn headers() {
    let h = |s: &str| {
        let mut w = Vec::new();
        parse_header(1, s, &mut w).map(|(c, n, nat, early)| (c.to_string(), n.to_string(), nat, early, w.len()))
    };
    assert_eq!(h("DEG - Thuringia"), Ok(("DEG".into(), "Thuringia".into(), false, false, 0)));
    assert_eq!(h("PL51 -Dolnośląskie"), Ok(("PL51".into(), "Dolnośląskie".into(), false, false, 0)));
    assert_eq!(h("Fl1C - Etelä-Suomi"), Ok(("FI1C".into(), "Etelä-Suomi".into(), false, false, 1)));
    assert_eq!(h("Sl - Slovenia (National level)"), Ok(("SI".into(), "Slovenia".into(), true, false, 1)));
    assert_eq!(h("Kärnten (AT21)"), Ok(("AT21".into(), "Kärnten".into(), false, true, 0)));
    assert_eq!(h("Germany (National level) (DE)"), Ok(("DE".into(), "Germany".into(), true, true, 0)));
    assert_eq!(h("EL30 - Aττική (Attiki)"), Ok(("EL30".into(), "Aττική (Attiki)".into(), false, false, 0)));
    assert!(h("Thuringia").is_err());
    assert!(h("Nord-Est (RO21)").is_ok_and(|x| x.0 == "RO21"));
    assert_eq!(h("BE22 - Prov. Limburg (BE)").map(|x| x.0), Ok("BE22".into()));
    assert_eq!(h("Prov. Limburg (BE) (BE22)").map(|x| x.0), Ok("BE22".into()));
}

#[test]
fn initiative_parts() {
    let i = initiative(Some(4), "Forschungscampus Jena e.V.\u{a0} public private partnership\u{a0} \u{a0}").unwrap();
    assert_eq!(i.name.as_str(), "Forschungscampus Jena e.V.");
    assert_eq!(i.description.unwrap().as_str(), "public private partnership");
    let i = initiative(None, "ECRIN  clinical research  https://ecrin.org/").unwrap();
    assert_eq!(i.url.unwrap().as_str(), "https://ecrin.org/");
}

#[test]
fn policy_documents() {
    let d = policy_document(Some(2), "Regional: Thuringian digital strategy").unwrap();
    assert_eq!(
        (d.prefix.unwrap().as_str(), d.level, d.title.as_str()),
        ("Regional", Some(PolicyLevel::Regional), "Thuringian digital strategy")
    );
    let d = policy_document(None, "Nordic NOK 165 million initiative").unwrap();
    assert_eq!((d.level, d.title.as_str()), (Some(PolicyLevel::Supranational), "NOK 165 million initiative"));
    let d = policy_document(None, "SRIP Health - Medicine").unwrap();
    assert_eq!((d.prefix, d.title.as_str()), (None, "SRIP Health - Medicine"));
    let d = policy_document(None, "Industry National: Dette er persontilpasset medisin").unwrap();
    assert_eq!(d.level, Some(PolicyLevel::National));
}
