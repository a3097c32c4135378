//! Any collaboration answer is read without a panic, every ask quotes the answer and asks
//! something, and a wished place stands in it: a quote on the matches page is what the
//! region wrote.

use pmatlas_core::matching::{asks, evidence};
use pmatlas_core::{Collaboration, NutsCode, Profile, Text};
use proptest::prelude::*;

/// Words of real answers and their traps: adjectives before "and", places by name and
/// adjective, joints in several languages, separators, a web address, letters outside ASCII.
const WORDS: &[&str] = &[
    "genomic",
    "clinical",
    "data",
    "and",
    "or",
    "e",
    "und",
    "sharing",
    "of",
    "biobanks",
    "regulatory",
    "ethical",
    "frameworks",
    "for",
    "medical",
    "health",
    "trials",
    "Flemish",
    "Catalan",
    "Northern",
    "Irish",
    "Germany",
    "Allemagne",
    "Pays-Bas",
    "Anglo-Saxon",
    "Lower",
    "Silesian",
    "with",
    "partners",
    "in",
    "the",
    ",",
    ";",
    "/",
    "(",
    ")",
    "-",
    "Yes",
    "KI",
    "ECRIN",
    "such as",
    "similar",
    "S3P",
    "personalised",
    "medicine",
    "Künstlicher",
    "Intelligenz",
    "Ísland",
    "https://www.example.org/a,b",
    "ł",
    "ß",
    "é",
    "privacy",
    "HPC",
    "Baltic Sea Region",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn every_ask_quotes_the_answer(picks in proptest::collection::vec(0..WORDS.len(), 0..40), glue in proptest::collection::vec(0u8..3, 40)) {
        let mut line = String::new();
        for (i, k) in picks.iter().enumerate() {
            line.push_str(WORDS[*k]);
            line.push_str(match glue[i] { 0 => " ", 1 => "", _ => "  " });
        }
        let mut p = Profile::new(NutsCode::parse("ES41").unwrap(), Text::new("Castilla y León").unwrap());
        p.collaboration = Some(Collaboration::new(Some(true), Text::new(&line), vec![], vec![]));
        // As stored: white space as a reader sees it.
        let stored: Vec<&str> = p.collaboration.as_ref().unwrap().texts().collect();
        for a in asks::asks(&p) {
            prop_assert!(stored.iter().any(|t| t.contains(a.written.as_str())), "{:?} not in {stored:?}", a.written);
            prop_assert!(!a.terms.is_empty() && !a.written.trim().is_empty(), "{:?} asks nothing", a.written);
        }
        let ev = evidence(&p);
        for (code, said) in &ev.wants_regions {
            prop_assert!(!code.within(&p.code) && !p.code.within(code), "{line:?}: wishes itself");
            prop_assert!(!said.is_empty());
        }
    }
}
