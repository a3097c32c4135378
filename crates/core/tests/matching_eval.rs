//! Partner finding against a graded labelled set (tests/eval/partners-graded.csv): for
//! regions of the shared corpus, the partners a reader of the documents would suggest,
//! 2 = strong (the documents show what the asker seeks), 1 = partial, unlisted = none.
//! Prints, per asker and on average, precision@5 (grade ≥ 1), strict precision@5 (grade 2)
//! and nDCG@10, beside the same figures for random order (averaged over 2,000 shuffles), and
//! the share of quoted evidence that stands, word for word, in the candidate's document.
//! Runs when the shared corpus is present.

use std::collections::BTreeMap;

mod common;

use pmatlas_core::matching::Matcher;
use pmatlas_core::{parse_bytes, Profile};

type Labels = BTreeMap<String, BTreeMap<String, u8>>;

fn labels() -> Labels {
    let mut out: Labels = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(include_str!("eval/partners-graded.csv").as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        out.entry(rec[0].to_string()).or_default().insert(rec[1].to_string(), rec[2].parse().unwrap());
    }
    out
}

/// (precision@5, strict precision@5, nDCG@10) of a ranking.
fn metrics(ranked: &[String], want: &BTreeMap<String, u8>) -> (f64, f64, f64) {
    let grade = |c: &String| f64::from(*want.get(c).unwrap_or(&0));
    let p5 = ranked.iter().take(5).filter(|c| grade(c) >= 1.0).count() as f64 / 5.0;
    let strict = ranked.iter().take(5).filter(|c| grade(c) >= 2.0).count() as f64 / 5.0;
    let dcg = |gs: &mut dyn Iterator<Item = f64>| -> f64 {
        gs.take(10).enumerate().map(|(i, g)| (2f64.powf(g) - 1.0) / (i as f64 + 2.0).log2()).sum()
    };
    let mut ideal: Vec<f64> = want.values().map(|g| f64::from(*g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg = dcg(&mut ideal.into_iter());
    let ndcg = if idcg > 0.0 { dcg(&mut ranked.iter().map(grade)) / idcg } else { 0.0 };
    (p5, strict, ndcg)
}

/// The metrics of random order: the mean over shuffles of every candidate.
fn random_order(candidates: &[String], want: &BTreeMap<String, u8>) -> (f64, f64, f64) {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut v = candidates.to_vec();
    let mut sum = (0.0, 0.0, 0.0);
    const N: usize = 2000;
    for _ in 0..N {
        for i in (1..v.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            v.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let m = metrics(&v, want);
        sum = (sum.0 + m.0, sum.1 + m.1, sum.2 + m.2);
    }
    (sum.0 / N as f64, sum.1 / N as f64, sum.2 / N as f64)
}

/// Whether a quote stands in the document: word for word, or for an initiative its name and
/// description each, for a code its label; a membership is quoted by the vocabulary's label.
fn stands(doc: &str, quote: &str, kind: pmatlas_core::matching::UnitKind) -> bool {
    use pmatlas_core::matching::UnitKind;
    match kind {
        UnitKind::Membership => true,
        UnitKind::Initiative => {
            quote.split(" (").map(|p| p.trim_end_matches(')').trim()).all(|p| p.is_empty() || doc.contains(p))
        }
        UnitKind::Code => quote.split_once(' ').is_some_and(|(code, label)| doc.contains(code) && doc.contains(label)),
        _ => doc.contains(quote),
    }
}

#[test]
fn ranking_on_the_graded_set() {
    let Some(dir) = common::corpus_dir() else { return };
    let mut profiles: Vec<Profile> = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            let bytes = std::fs::read(&path).unwrap();
            let p = parse_bytes(&bytes).unwrap().profile;
            texts.insert(
                p.code.to_string(),
                String::from_utf8_lossy(&bytes).split_whitespace().collect::<Vec<_>>().join(" "),
            );
            profiles.push(p);
        }
    }
    profiles.sort_by_key(|p| p.code);
    let refs: Vec<&Profile> = profiles.iter().collect();
    let m = Matcher::new(&refs);
    let labels = labels();
    let (mut ours, mut random, mut worse) = ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), Vec::new());
    let (mut quotes, mut standing) = (0, 0);
    for (region, want) in &labels {
        let a =
            refs.iter().position(|p| p.code.as_str() == region).unwrap_or_else(|| panic!("{region} not in the corpus"));
        let found = m.partners(a, None, 10);
        let ranked: Vec<String> = found.iter().map(|x| refs[x.index].code.to_string()).collect();
        let candidates: Vec<String> =
            refs.iter().filter(|p| p.code.as_str() != region).map(|p| p.code.to_string()).collect();
        let got = metrics(&ranked, want);
        let base = random_order(&candidates, want);
        if got.2 < base.2 {
            worse.push(region.clone());
        }
        ours = (ours.0 + got.0, ours.1 + got.1, ours.2 + got.2);
        random = (random.0 + base.0, random.1 + base.1, random.2 + base.2);
        println!(
            "{region}: top {:?}; p@5 {:.2}, strict p@5 {:.2}, nDCG@10 {:.2} (random {:.2}, {:.2}, {:.2})",
            &ranked[..ranked.len().min(5)],
            got.0,
            got.1,
            got.2,
            base.0,
            base.1,
            base.2
        );
        for x in found.iter().take(5) {
            for c in &x.evidence {
                quotes += 1;
                let quote = c.text.trim_matches('…').split_whitespace().collect::<Vec<_>>().join(" ");
                let doc = &texts[&refs[x.index].code.to_string()];
                if stands(doc, &quote, c.kind) {
                    standing += 1;
                } else {
                    println!("  quote not in {}'s document: {quote}", refs[x.index].code);
                }
            }
        }
    }
    let n = labels.len() as f64;
    println!(
        "lexical over {} askers: p@5 {:.3}, strict p@5 {:.3}, nDCG@10 {:.3}; random order: {:.3}, {:.3}, {:.3}; {standing} of {quotes} quotes stand in the documents",
        labels.len(),
        ours.0 / n,
        ours.1 / n,
        ours.2 / n,
        random.0 / n,
        random.1 / n,
        random.2 / n
    );
    println!("askers ranked below random order (nDCG@10): {worse:?}");
    assert_eq!(standing, quotes, "every quote stands in its document");
    // Measured when the labels were written: nDCG@10 0.90 (random 0.67), strict p@5 0.31
    // (random 0.19), one asker (PL51) just below random order. A fall from there fails.
    assert!(ours.2 / n >= 0.85, "nDCG@10 {:.3} has fallen towards random order", ours.2 / n);
    assert!(ours.1 / n > random.1 / n + 0.1, "strict precision@5 {:.3} is near random order", ours.1 / n);
    assert!(worse.len() <= 1, "askers ranked below random order: {worse:?}");
}
