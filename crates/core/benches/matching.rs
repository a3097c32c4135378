//! Matching every region against every other for 10,000 generated profiles.
//! `cargo bench -p pmatlas-core --bench matching [-- COUNT]`.

use std::time::Instant;

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let profiles = pmatlas_core::synth::profiles(count, 42);
    let refs: Vec<&pmatlas_core::Profile> = profiles.iter().collect();
    let t = Instant::now();
    let m = pmatlas_core::matching::Matcher::new(&refs);
    let built = t.elapsed();
    let mut best = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        results = m.all_top(10);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let with_partners = results.iter().filter(|r| !r.is_empty()).count();
    println!(
        "{count} regions: evidence and index built in {built:.2?}; all {} pairs scored, top 10 kept per region, in {:.3} s (best of 5, {} threads); {with_partners} regions have partners",
        count * (count - 1),
        best,
        std::thread::available_parallelism().map_or(1, |x| x.get())
    );
    let t = Instant::now();
    let reasons: usize = (0..100).map(|a| m.partners(a, None, 10).iter().map(|x| x.reasons.len()).sum::<usize>()).sum();
    println!("top 10 with reasons for 100 regions: {:.2?} ({reasons} reasons)", t.elapsed());
}
