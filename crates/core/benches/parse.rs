//! Parse throughput over a corpus of generated documents.
//!
//! `cargo bench -p pmatlas-core --bench parse [-- COUNT]` (default 10,000 documents).
//! The documents are the canonical text of `synth::profiles(COUNT, 42)`: distinct regions,
//! every field and answer kind represented (see `crates/core/src/synth.rs`). Prints MB/s for
//! parsing and rendering, best and median of several passes.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let t0 = Instant::now();
    let profiles = pmatlas_core::synth::profiles(count, 42);
    let docs: Vec<String> = profiles.iter().map(pmatlas_core::render).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "corpus: {count} generated documents, {:.1} MB (mean {} bytes), generated in {:.2?}",
        bytes as f64 / 1e6,
        bytes / count.max(1),
        t0.elapsed()
    );

    let parse = passes(7, || {
        for d in &docs {
            black_box(pmatlas_core::parse(black_box(d)).expect("generated documents read"));
        }
    });
    report("parse", bytes, &parse);

    let render = passes(7, || {
        for p in &profiles {
            black_box(pmatlas_core::render(black_box(p)));
        }
    });
    report("render", bytes, &render);

    let real = include_str!("../../../data/demo/DEG-thuringia.txt");
    let n = 20_000;
    let one = passes(5, || {
        for _ in 0..n {
            black_box(pmatlas_core::parse(black_box(real)).expect("seed reads"));
        }
    });
    report("parse seed document x20000", real.len() * n, &one);
}

fn passes(n: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm-up
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v
}

fn report(what: &str, bytes: usize, times: &[Duration]) {
    let mbs = |d: &Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "{what}: best {:.1} MB/s ({:.3?}), median {:.1} MB/s ({:.3?})",
        mbs(&times[0]),
        times[0],
        mbs(&times[times.len() / 2]),
        times[times.len() / 2]
    );
}
