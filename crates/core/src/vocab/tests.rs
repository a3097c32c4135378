//! The vocabularies as compiled in: every table read, every lookup as profiles need it.

use super::*;

#[test]
fn loads_every_table() {
    let v = vocab();
    assert_eq!(v.nuts.len(), 2010);
    assert_eq!(v.countries.len(), 37);
    assert_eq!(v.nace.len(), 109);
    assert_eq!(v.nabs.len(), 14);
    assert_eq!(v.networks.len(), 21);
    assert_eq!(v.self_evaluation.len(), 6);
    assert_eq!(v.policy_topics.len(), 9);
    assert_eq!(nace_label("M.72"), Some("Scientific research and development"));
    assert_eq!(NetworkId::from_id("errin").map(|n| n.short()), Some("ERRIN"));
}

#[test]
fn every_other_name_is_of_a_nuts_code_and_adds_a_name() {
    let text = include_str!("../../../../data/names.csv");
    let mut rows = 0;
    for (i, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols.len(), 4, "names.csv line {}: code,name,kind,language", i + 1);
        let code = NutsCode::parse(cols[0]).unwrap_or_else(|_| panic!("names.csv line {}: {}", i + 1, cols[0]));
        let e =
            vocab().nuts.get(&code).unwrap_or_else(|| panic!("names.csv line {}: {code} is no NUTS 2021 code", i + 1));
        assert!(
            cols[1] != e.name && cols[1] != e.name_latn,
            "names.csv line {}: {} is already in nuts.csv",
            i + 1,
            cols[1]
        );
        assert!(matches!(cols[2], "exonym" | "endonym"), "names.csv line {}", i + 1);
        rows += 1;
    }
    assert_eq!(vocab().other_names.values().map(Vec::len).sum::<usize>(), rows);
    assert!(vocab().names_of(&NutsCode::parse("ES51").unwrap()).any(|n| n == "Catalonia"));
}

#[test]
fn every_country_of_the_nuts_list_has_an_english_name() {
    for (code, e) in &vocab().nuts {
        if e.level == 0 {
            assert!(vocab().country_name(code.as_str()).is_some(), "{code}");
        }
    }
}

#[test]
fn policy_topics_match_spacing_variants() {
    let a = PolicyTopicId::lookup("ICT/genomics, health, lifestyle data(infrastructure)").unwrap();
    assert_eq!(a.id(), "health_data");
    assert!(PolicyTopicId::lookup("Specific disease relat").is_none());
}
