//! Matching every region against every other for 10,000 generated profiles.
//! `cargo bench -p pmatlas-core --bench matching [-- COUNT]`.

use std::time::Instant;

mod common;
use common::best_of_5;

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    use pmatlas_core::matching::Shared;
    let profiles = pmatlas_core::synth::profiles(count, 42);
    let shared: Vec<Shared> = profiles.iter().map(|p| std::sync::Arc::new(p.clone()) as Shared).collect();
    let t = Instant::now();
    let m = pmatlas_core::matching::Matcher::shared(&shared);
    let built = t.elapsed();
    let mut best = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        results = m.all_top(10);
        best = best.min(t.elapsed().as_secs_f64());
    }
    // `PMATLAS_DUMP=FILE`: every ranking, a line each, to compare two builds.
    if let Ok(f) = std::env::var("PMATLAS_DUMP") {
        let lines: Vec<String> = results.iter().map(|r| format!("{r:?}")).collect();
        std::fs::write(f, lines.join("\n")).expect("the dump file can be written");
    }
    let with_partners = results.iter().filter(|r| !r.is_empty()).count();
    // A digest of every ranking, so that a change meant to be faster only can be seen to
    // rank the same.
    let digest = results.iter().flatten().fold(0xcbf2_9ce4_8422_2325u64, |h, &(b, score)| {
        [b as u64, u64::from(score.to_bits())].iter().fold(h, |h, x| (h ^ x).wrapping_mul(0x100_0000_01b3))
    });
    println!(
        "{count} regions: evidence and index built in {built:.2?}; all {} pairs scored, top 10 kept per region, in {:.3} s (best of 5, {} threads); {with_partners} regions have partners; rankings digest {digest:016x}",
        count * (count - 1),
        best,
        std::thread::available_parallelism().map_or(1, |x| x.get())
    );
    let t = Instant::now();
    let reasons: usize = (0..100).map(|a| m.partners(a, None, 10).iter().map(|x| x.reasons.len()).sum::<usize>()).sum();
    println!("top 10 with reasons for 100 regions: {:.2?} ({reasons} reasons)", t.elapsed());
    // A write of one region: the matcher updated, every other region's work kept (and the
    // profiles shared, as a read view's snapshot shares them).
    let mut one = profiles[count / 2].clone();
    one.description.push(pmatlas_core::Text::new("A sentence added by a curator.").expect("text"));
    let mut changed_refs = shared.clone();
    changed_refs[count / 2] = std::sync::Arc::new(one);
    let old = &profiles[count / 2];
    let change = [pmatlas_core::changes::Change::Replaced { at: count / 2, old }];
    let best = best_of_5(|| drop(std::hint::black_box(m.updated(&changed_refs, &change))));
    println!("the matcher updated after a write of one region: {best:.1} ms (best of 5)");
    // A new region (a survey's first submission): every later region moves up a place.
    let newcomer = pmatlas_core::synth::profiles(count + 1, 42).pop().expect("a profile");
    let at = shared.partition_point(|p| (**p).as_ref().code < newcomer.code);
    let mut with_new = shared.clone();
    with_new.insert(at, std::sync::Arc::new(newcomer) as Shared);
    let change = [pmatlas_core::changes::Change::Inserted { at }];
    let best = best_of_5(|| drop(std::hint::black_box(m.updated(&with_new, &change))));
    println!("the matcher updated after a new region: {best:.1} ms (best of 5)");
    // With embeddings (here of one region's texts: what an update costs is reading the
    // texts of the regions it reads again, not the vectors' number).
    use pmatlas_core::matching::meaning;
    let mut vectors = meaning::Vectors::new("bench");
    for t in meaning::texts(&profiles[0]) {
        let (scale, q) = meaning::quantise(&[1.0; meaning::DIMS]);
        vectors.insert(meaning::key(&t), scale, &q);
    }
    let with_meaning = pmatlas_core::matching::Matcher::shared(&shared).with_vectors(std::sync::Arc::new(vectors));
    let change = [pmatlas_core::changes::Change::Replaced { at: count / 2, old }];
    let best = best_of_5(|| drop(std::hint::black_box(with_meaning.updated(&changed_refs, &change))));
    println!("the matcher reading meaning too, updated after a write of one region: {best:.1} ms (best of 5)");
    // The all-pairs path (one scratch per thread, reused) ranks as one region's page does.
    let sample: Vec<usize> = (0..count).step_by(50).collect();
    let differ = sample
        .iter()
        .filter(|&&a| m.partners(a, None, 10).iter().map(|x| (x.index, x.score)).collect::<Vec<_>>() != results[a])
        .count();
    println!("{} regions' partners checked against all pairs: {differ} differ", sample.len());
    assert_eq!(differ, 0, "all pairs and one region's partners disagree");
}
