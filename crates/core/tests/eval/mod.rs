//! The graded labelled set of partner finding (`partners-graded.csv`) and its measures,
//! shared by the lexical evaluation (`matching_eval.rs`) and the one with the model
//! (`crates/model/tests/meaning.rs`).
#![allow(dead_code)]

use std::collections::BTreeMap;

use pmatlas_core::matching::Matcher;
use pmatlas_core::{parse_bytes, Profile};

pub type Labels = BTreeMap<String, BTreeMap<String, u8>>;

/// How a reader judged a reason given for a top-5 partner, checked against both documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judged {
    /// True, and it shows the candidate has or does what the asker seeks (or a fact a
    /// reader would act on).
    Relevant,
    /// True, but it shows something near what is sought (a wider field, the word in another
    /// sense), not the thing itself.
    Vague,
    /// It does not hold on the documents.
    False,
}

/// The judged reasons (`reasons-judged.csv`): by asker, candidate and the reason's words.
/// Each was read against both documents; `why` says what a vague or false one lacks (a
/// relevant one's quote shows what is sought). A reason whose words change is judged anew.
pub fn judged() -> BTreeMap<(String, String, String), Judged> {
    let mut out = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(include_str!("reasons-judged.csv").as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        let j = match &rec[2] {
            "relevant" => Judged::Relevant,
            "vague" => Judged::Vague,
            "false" => Judged::False,
            other => panic!("reasons-judged.csv line {}: judgement {other:?}", i + 2),
        };
        out.insert((rec[0].to_string(), rec[1].to_string(), rec[4].to_string()), j);
    }
    out
}

pub fn labels() -> Labels {
    let mut out: Labels = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(include_str!("partners-graded.csv").as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        out.entry(rec[0].to_string()).or_default().insert(rec[1].to_string(), rec[2].parse().unwrap());
    }
    out
}

/// (precision@5, strict precision@5, nDCG@10) of a ranking.
pub fn metrics(ranked: &[String], want: &BTreeMap<String, u8>) -> (f64, f64, f64) {
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
pub fn random_order(candidates: &[String], want: &BTreeMap<String, u8>) -> (f64, f64, f64) {
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
pub fn stands(doc: &str, quote: &str, kind: pmatlas_core::matching::UnitKind) -> bool {
    use pmatlas_core::matching::UnitKind;
    match kind {
        // Quoted by the vocabulary's label, not the page's words.
        UnitKind::Membership | UnitKind::MeasureTicked | UnitKind::PmStrategy => true,
        UnitKind::Initiative => {
            quote.split(" (").map(|p| p.trim_end_matches(')').trim()).all(|p| p.is_empty() || doc.contains(p))
        }
        UnitKind::Code => quote.split_once(' ').is_some_and(|(code, label)| doc.contains(code) && doc.contains(label)),
        _ => doc.contains(quote),
    }
}

/// The corpus's profiles by code, and each document's words (to check quotes against).
pub fn corpus(dir: &std::path::Path) -> (Vec<Profile>, BTreeMap<String, String>) {
    let mut profiles: Vec<Profile> = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
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
    (profiles, texts)
}

/// The averages over the askers, against random order.
pub struct Summary {
    pub p5: f64,
    pub strict: f64,
    pub ndcg: f64,
    pub random: (f64, f64, f64),
    /// What the labels allow at best: every labelled partner first, strongest first (an
    /// asker with one strong partner has strict precision@5 0.2 at most).
    pub best: (f64, f64, f64),
    /// Askers ranked below random order (nDCG@10).
    pub worse: Vec<String>,
    pub quotes: usize,
    pub standing: usize,
    /// The top 5's reasons as judged: relevant, vague, false, not judged yet.
    pub reasons: [usize; 4],
}

impl Summary {
    /// The share of judged reasons that are true and relevant.
    pub fn reasons_precision(&self) -> f64 {
        let judged = self.reasons[0] + self.reasons[1] + self.reasons[2];
        self.reasons[0] as f64 / judged.max(1) as f64
    }
}

/// Ranks every labelled asker's partners with `m`, prints each and the averages under
/// `name`, and checks every quote of the top 5 against the documents.
pub fn evaluate(name: &str, m: &Matcher, refs: &[&Profile], texts: &BTreeMap<String, String>) -> Summary {
    let labels = labels();
    let judged = judged();
    let mut used = std::collections::BTreeSet::new();
    let mut reasons = [0usize; 4];
    let (mut ours, mut random, mut worse) = ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), Vec::new());
    let mut best = (0.0, 0.0, 0.0);
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
        let mut ideal: Vec<(&String, &u8)> = want.iter().collect();
        ideal.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        let top = metrics(&ideal.into_iter().map(|x| x.0.clone()).collect::<Vec<_>>(), want);
        best = (best.0 + top.0, best.1 + top.1, best.2 + top.2);
        random = (random.0 + base.0, random.1 + base.1, random.2 + base.2);
        println!(
            "{name} {region}: top {:?}; p@5 {:.2}, strict p@5 {:.2}, nDCG@10 {:.2} (random {:.2}, {:.2}, {:.2})",
            &ranked[..ranked.len().min(5)],
            got.0,
            got.1,
            got.2,
            base.0,
            base.1,
            base.2
        );
        for x in found.iter().take(5) {
            let code = refs[x.index].code.to_string();
            for r in &x.reasons {
                let key = (region.clone(), code.clone(), r.clone());
                match judged.get(&key) {
                    Some(j) => {
                        reasons[*j as usize] += 1;
                        used.insert(key);
                    }
                    None => {
                        reasons[3] += 1;
                        // In the file's form, to be judged by reading both documents.
                        println!("  not judged: {region},{code},?,,\"{}\"", r.replace('"', "\"\""));
                    }
                }
            }
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
    // Judged once, given no more (by this ranking: the other may still give it).
    for (asker, candidate, reason) in judged.keys().filter(|k| !used.contains(*k)) {
        println!("  judged, not given by {name}: {asker},{candidate} {reason}");
    }
    let n = labels.len() as f64;
    let s = Summary {
        p5: ours.0 / n,
        strict: ours.1 / n,
        ndcg: ours.2 / n,
        random: (random.0 / n, random.1 / n, random.2 / n),
        best: (best.0 / n, best.1 / n, best.2 / n),
        worse,
        quotes,
        standing,
        reasons,
    };
    println!(
        "{name} over {} askers: p@5 {:.3}, strict p@5 {:.3}, nDCG@10 {:.3}; random order: {:.3}, {:.3}, {:.3}; best the labels allow: {:.3}, {:.3}, {:.3}; {} of {} quotes stand in the documents; below random order: {:?}; reasons of the top 5: {} relevant, {} vague, {} false, {} not judged (precision {:.2})",
        labels.len(),
        s.p5,
        s.strict,
        s.ndcg,
        s.random.0,
        s.random.1,
        s.random.2,
        s.best.0,
        s.best.1,
        s.best.2,
        s.standing,
        s.quotes,
        s.worse,
        s.reasons[0],
        s.reasons[1],
        s.reasons[2],
        s.reasons[3],
        s.reasons_precision()
    );
    s
}
