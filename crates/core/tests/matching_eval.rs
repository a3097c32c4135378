//! Matchmaking against a labelled set: for corpus regions that name fields they seek, the
//! partners a reader of the profiles would expect (tests/eval/partners-expected.csv).
//! Prints precision@5 (and R-precision: precision at the number of expected partners).
//! Runs when the shared corpus is present.

use std::collections::{BTreeMap, BTreeSet};

mod common;

use pmatlas_core::matching::Matcher;
use pmatlas_core::{parse_bytes, Profile};

#[test]
fn precision_at_5_on_the_labelled_set() {
    let Some(dir) = common::corpus_dir() else { return };
    let mut profiles: Vec<Profile> = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            profiles.push(parse_bytes(&std::fs::read(&path).unwrap()).unwrap().profile);
        }
    }
    profiles.sort_by_key(|p| p.code);
    let refs: Vec<&Profile> = profiles.iter().collect();
    let m = Matcher::new(&refs);

    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let labels = include_str!("eval/partners-expected.csv");
    let mut rdr = csv::Reader::from_reader(labels.as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        expected.entry(rec[0].to_string()).or_default().insert(rec[1].to_string());
    }
    let (mut p5_sum, mut rp_sum) = (0.0, 0.0);
    for (region, want) in &expected {
        let a =
            refs.iter().position(|p| p.code.as_str() == region).unwrap_or_else(|| panic!("{region} not in the corpus"));
        let got: Vec<String> = m.partners(a, None, 5).iter().map(|x| refs[x.index].code.to_string()).collect();
        let hits5 = got.iter().filter(|c| want.contains(*c)).count();
        let k = want.len().min(5);
        let hits_k = got.iter().take(k).filter(|c| want.contains(*c)).count();
        let (p5, rp) = (hits5 as f64 / 5.0, hits_k as f64 / k as f64);
        p5_sum += p5;
        rp_sum += rp;
        println!("{region}: top 5 {got:?}; expected {want:?}; precision@5 {p5:.2}, R-precision {rp:.2}");
    }
    let n = expected.len() as f64;
    let (p5, rp) = (p5_sum / n, rp_sum / n);
    println!(
        "mean precision@5 {p5:.2} (at most {:.2} with these labels), mean R-precision {rp:.2} over {} regions",
        expected.values().map(|w| w.len().min(5) as f64 / 5.0).sum::<f64>() / n,
        expected.len()
    );
    assert!(rp >= 0.5, "R-precision {rp:.2}: the ranking has drifted from what a reader expects");
}
