//! Shared by the core benchmarks.

use std::time::Instant;

/// The least of five runs of `f`, in ms.
pub fn best_of_5(mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}
