//! How long an approved change takes to reach readers: the time to rebuild the read view
//! (snapshot from the database, search index, matcher) after a write, over 10,000
//! generated profiles. `cargo bench -p pmatlas-web --bench refresh [-- COUNT]`.

use std::time::Instant;

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("pmatlas-bench-refresh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = pmatlas_store::Store::open(&dir.join("bench.db")).unwrap();
    let profiles = pmatlas_core::synth::profiles(count, 1);
    let writes: Vec<pmatlas_store::Write<'_>> =
        profiles.iter().map(|p| pmatlas_store::Write::new(p, None, "bench", pmatlas_store::Source::Import)).collect();
    store.write_batch(&writes, |_| {}).unwrap();
    // Its parts: reading every profile from the database, and building the view.
    let t = Instant::now();
    let snapshot = store.snapshot().unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let view = pmatlas_web::View::build(snapshot);
    let built = t.elapsed();
    drop(view);
    println!(
        "  of which: reading the snapshot {:.0} ms, building the index and matcher {:.0} ms",
        read.as_secs_f64() * 1e3,
        built.as_secs_f64() * 1e3
    );
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let state = pmatlas_web::AppState::from_store(store).unwrap();
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        rt.block_on(state.refresh()).unwrap();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{count} profiles: a write reaches readers after a view rebuild of {:.0} ms (best of 3; goal 100 ms)",
        times[0] * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
