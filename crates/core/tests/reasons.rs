//! Reasons precision: for every suggestion for every region of the shared corpus and of our
//! own fixtures, every quoted piece of evidence names its topic and is no bare address, and
//! every complementarity claim matches the figures. Prints the share of reasons that hold.

use pmatlas_core::matching::Matcher;
use pmatlas_core::topics::find_topics;
use pmatlas_core::*;

mod common;

fn documents() -> Vec<Profile> {
    let mut dirs = vec![
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issue9")),
    ];
    dirs.extend(common::corpus_dir());
    let mut out: Vec<Profile> = Vec::new();
    for dir in dirs {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                let p = parse_bytes(&std::fs::read(&path).unwrap()).unwrap().profile;
                if !out.iter().any(|q| q.code == p.code) {
                    out.push(p);
                }
            }
        }
    }
    out.push(parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile);
    out.sort_by_key(|p| p.code);
    out.dedup_by_key(|p| p.code);
    out
}

#[test]
fn every_reason_holds() {
    let profiles = documents();
    let refs: Vec<&Profile> = profiles.iter().collect();
    let m = Matcher::new(&refs);
    let (mut checked, mut held) = (0, 0);
    for a in 0..refs.len() {
        for found in m.partners(a, None, 10) {
            for e in &m.strengths(found.index) {
                checked += 1;
                let named = find_topics(std::iter::once(e.text.as_str())).iter().any(|t| t.topic == e.topic);
                let address = e.text.split_whitespace().all(|w| w.contains("://") || w.starts_with("www."));
                assert!(
                    named && !address,
                    "{}: '{}' is no evidence of {}",
                    refs[found.index].code,
                    e.text,
                    e.topic.id()
                );
                held += 1;
            }
            let (pa, pb) = (refs[a], refs[found.index]);
            let level = |p: &Profile| p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.rank() / 3);
            let density = |p: &Profile| p.key_figures.density.as_ref().map(|d| d.value);
            for r in &found.reasons {
                checked += 1;
                assert!(!r.starts_with("It ") && !r.contains(". It "), "a reason without its subject: {r}");
                if r.contains("is in a higher group of the Regional Innovation Scoreboard than") {
                    let (hi, lo) =
                        if r.contains(&format!("{} is in a higher group", pb.name)) { (pb, pa) } else { (pa, pb) };
                    assert!(level(hi) > level(lo) && level(lo).is_some(), "{r}");
                    // What it can bring experience in is something the lower region seeks,
                    // as a reason quoting the evidence for it says.
                    let claim = r.split("can bring experience in ").nth(1).and_then(|x| x.split(", which ").next());
                    let claim = claim.unwrap_or_else(|| panic!("no field named: {r}"));
                    // A network answered in its field is said by the field: "clinical research and
                    // trials, the field of ECRIN", sought as "ECRIN, in the field of clinical …".
                    let first = match claim.split_once(", the field of ") {
                        Some((field, rest)) => {
                            let net = rest.split(',').next().unwrap_or(rest);
                            format!("{net}, in the field of {field}")
                        }
                        None => claim.split(" and ").next().unwrap_or(claim).to_string(),
                    };
                    let seeks = format!("{} seeks ", lo.name);
                    assert!(
                        found.reasons.iter().filter_map(|x| x.strip_prefix(&seeks)).any(|x| x.starts_with(&first)),
                        "'{claim}' is not among what {} is said to seek: {:?}",
                        lo.name,
                        found.reasons
                    );
                }
                if r.contains("sparsely populated (") {
                    let lo = if r.contains(&format!("{} is sparsely", pa.name)) { pa } else { pb };
                    assert!(density(lo).is_some_and(|d| d < matching::SPARSE_DENSITY), "{r}");
                }
                held += 1;
            }
        }
    }
    assert!(checked > 0);
    println!("reasons precision: {held} of {checked} evidence items and reasons hold ({} regions)", refs.len());
}
