//! The search index over generated profiles: build time (words, stems in nine languages,
//! facets), query times, text with and without facets, and snippets for a page of hits, and
//! the index updated after a write of one region (words only, and a value of a facet) and
//! after a new region.
//! `cargo bench -p pmatlas-core --bench search [-- COUNT]` (default 10,000).

use std::time::Instant;

mod common;
use common::best_of_5;

use pmatlas_core::search::{snippet, Index, Query};

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let profiles = pmatlas_core::synth::profiles(count, 1);
    let refs: Vec<&pmatlas_core::Profile> = profiles.iter().collect();
    let updated = vec![""; refs.len()];
    let mut best = f64::MAX;
    let mut index = None;
    for _ in 0..3 {
        let t = Instant::now();
        index = Some(Index::build(&refs, &updated));
        best = best.min(t.elapsed().as_secs_f64());
    }
    let index = index.unwrap();
    println!("{count} profiles: index built in {:.0} ms (best of 3)", best * 1e3);
    for (text, filters) in [
        ("health", vec![]),
        ("personalized medicine", vec![]),
        ("health", vec![("country", "DE"), ("seeking", "yes"), ("innovation", "strong")]),
    ] {
        let mut q = Query { text: text.into(), ..Query::default() };
        for (k, v) in &filters {
            q.filters.entry(k.to_string()).or_default().push(v.to_string());
        }
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..200 {
            let t = Instant::now();
            let r = index.search(&q);
            let words = index.query_words(&q.text);
            let snippets = r.hits.iter().take(25).filter_map(|&i| snippet(&profiles[i], &words)).count();
            std::hint::black_box(snippets);
            times.push(t.elapsed().as_secs_f64());
            hits = r.hits.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "query {text:?} with {} facets: {hits} hits; search + 25 snippets median {:.3} ms, p99 {:.3} ms",
            filters.len(),
            times[times.len() / 2] * 1e3,
            times[times.len() * 99 / 100] * 1e3
        );
    }
    // A write of one region: words only (the facets kept), then a facet's value changed.
    let at = count / 2;
    let mut worded = profiles[at].clone();
    worded.description.push(pmatlas_core::Text::new("A sentence added by a curator.").expect("text"));
    let mut valued = profiles[at].clone();
    valued.memberships.pop();
    for (what, changed) in [("words only", worded), ("a facet's value", valued)] {
        let mut after = refs.clone();
        after[at] = &changed;
        let change = [pmatlas_core::changes::Change::Replaced { at, old: &profiles[at] }];
        let best = best_of_5(|| drop(std::hint::black_box(index.updated(&after, &updated, &change))));
        println!("the index updated after a write of one region ({what}): {best:.1} ms (best of 5)");
    }
    // A new region: every later region moves up a place.
    let newcomer = pmatlas_core::synth::profiles(count + 1, 1).pop().expect("a profile");
    let at = refs.partition_point(|p| p.code < newcomer.code);
    let mut after = refs.clone();
    after.insert(at, &newcomer);
    let times = vec![""; after.len()];
    let change = [pmatlas_core::changes::Change::Inserted { at }];
    let best = best_of_5(|| drop(std::hint::black_box(index.updated(&after, &times, &change))));
    println!("the index updated after a new region: {best:.1} ms (best of 5)");
}
