//! How long an approved change takes to reach readers over 10,000 generated profiles: the
//! time from the commit to the new read view being in place (`AppState::refresh`), for a
//! changed region and for a new one, and, for comparison, building the view whole (at
//! start, or after a large import). `cargo bench -p pmatlas-web --bench refresh [-- COUNT]`.

use std::time::{Duration, Instant};

use pmatlas_store::{Source, Write};

/// CPU time of this process so far (all threads), from /proc (Linux); zero elsewhere.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|x| x.parse::<u64>().ok()).sum());
    // Clock ticks are 1/100 s on Linux.
    Duration::from_millis(ticks * 10)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and largest of a set of times, in ms.
fn spread(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (ms(times[times.len() / 2]), ms(*times.last().unwrap()))
}

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("pmatlas-bench-refresh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = pmatlas_store::Store::open(&dir.join("bench.db")).unwrap();
    let mut profiles = pmatlas_core::synth::profiles(count + 20, 1);
    // Twenty regions are kept back, to arrive later as new regions.
    let newcomers: Vec<pmatlas_core::Profile> = profiles.split_off(count);
    let writes: Vec<Write<'_>> = profiles.iter().map(|p| Write::new(p, None, "bench", Source::Import)).collect();
    store.write_batch(&writes, |_| {}).unwrap();
    drop(writes);

    let t = Instant::now();
    let snapshot = store.snapshot().unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let view = pmatlas_web::View::build(snapshot);
    let built = t.elapsed();
    drop(view);
    println!(
        "{count} profiles: building the view whole takes {:.0} ms (reading the snapshot {:.0} ms, the index and matcher {:.0} ms)",
        ms(read + built),
        ms(read),
        ms(built)
    );

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let state = pmatlas_web::AppState::from_store(store).unwrap();
    // A curator's edit: another region's description and interests, and a membership.
    let mut commits = Vec::new();
    let mut refreshes = Vec::new();
    let mut refresh_cpu = Duration::ZERO;
    for k in 0..15 {
        let at = (k * 613 + 11) % count;
        let mut p = profiles[at].clone();
        let code = p.code;
        p.description = profiles[(at + 1) % count].description.clone();
        p.description.push(pmatlas_core::Text::new(&format!("Edited in round {k}: quokka telemetry")).unwrap());
        p.collaboration = profiles[(at + 7) % count].collaboration.clone();
        p.memberships.reverse();
        p.memberships.pop();
        let t = Instant::now();
        rt.block_on(state.with_store(move |s| {
            let current = s.current_version(&p.code)?;
            s.write(&Write::new(&p, current, "curator", Source::Edit))
        }))
        .unwrap();
        commits.push(t.elapsed());
        let (t, c) = (Instant::now(), cpu());
        rt.block_on(state.refresh()).unwrap();
        refreshes.push(t.elapsed());
        refresh_cpu += cpu() - c;
        let view = state.view();
        assert!(view.snapshot.get(&code).unwrap().profile.description.iter().any(|d| d.as_str().contains("quokka")));
    }
    let (commit_med, commit_max) = spread(commits);
    let (med, max) = spread(refreshes);
    println!(
        "a changed region reaches readers {med:.1} ms after its commit (median of 15; largest {max:.1} ms; goal 100 ms); the commit itself {commit_med:.1} ms (largest {commit_max:.1} ms)"
    );
    println!("  CPU time of an update (all threads, freeing the old view included when it is done by then): {:.0} ms on average", ms(refresh_cpu) / 15.0);
    let mut inserts = Vec::new();
    for p in newcomers.into_iter().take(10) {
        let code = p.code;
        rt.block_on(state.with_store(move |s| s.write(&Write::new(&p, None, "curator", Source::Survey)))).unwrap();
        let t = Instant::now();
        rt.block_on(state.refresh()).unwrap();
        inserts.push(t.elapsed());
        assert!(state.view().snapshot.get(&code).is_some());
    }
    let (med, max) = spread(inserts);
    println!("a new region reaches readers {med:.1} ms after its commit (median of 10; largest {max:.1} ms)");
    let _ = std::fs::remove_dir_all(&dir);
}
