//! Where the server's memory goes at 10,000 generated profiles: the bytes held (glibc's
//! `mallinfo2`, in use, not counting what the allocator keeps free) by the snapshot, the
//! search index, the matcher, the whole read view, and what a crawler asking for every
//! profile page, twice, adds. `cargo bench -p pmatlas-web --bench memory [-- COUNT]`.

use pmatlas_store::{Source, Write};

/// Bytes allocated and in use now.
fn held() -> usize {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        #[repr(C)]
        struct MallInfo2 {
            arena: usize,
            ordblks: usize,
            smblks: usize,
            hblks: usize,
            hblkhd: usize,
            usmblks: usize,
            fsmblks: usize,
            uordblks: usize,
            fordblks: usize,
            keepcost: usize,
        }
        extern "C" {
            fn mallinfo2() -> MallInfo2;
        }
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let m = unsafe { mallinfo2() };
        m.uordblks + m.hblkhd
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    0
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")).collect::<Vec<_>>().join(", ")
}

fn main() {
    pmatlas_web::prepare_process();
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("pmatlas-bench-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("bench.db");
    {
        let mut store = pmatlas_store::Store::open(&db).unwrap();
        let profiles = pmatlas_core::synth::profiles(count, 42);
        let writes: Vec<Write<'_>> = profiles.iter().map(|p| Write::new(p, None, "bench", Source::Import)).collect();
        store.write_batch(&writes, |_| {}).unwrap();
    }
    let store = pmatlas_store::Store::open(&db).unwrap();
    let base = held();
    let snapshot = store.snapshot().unwrap();
    let with_snapshot = held();
    println!("snapshot of {count} profiles: {:.1} MB", mb(with_snapshot - base));
    let profiles = snapshot.profiles();
    let updated: Vec<&str> = snapshot.regions().iter().map(|r| r.version.created_at.as_str()).collect();
    let before = held();
    let index = pmatlas_core::search::Index::build(&profiles, &updated);
    println!("search index: {:.1} MB", mb(held() - before));
    let before = held();
    // The profiles shared with the snapshot, as a read view holds them.
    let matcher = pmatlas_core::matching::Matcher::shared(&snapshot.shared());
    println!("matcher: {:.1} MB", mb(held() - before));
    drop((index, matcher, profiles, updated));
    drop(snapshot);

    let before = held();
    let state = pmatlas_web::AppState::from_store(store).unwrap();
    let view = state.view();
    println!("whole read view (snapshot, index, matcher, tables): {:.1} MB", mb(held() - before));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = pmatlas_web::app(state.clone());
    let crawl = || {
        rt.block_on(async {
            for r in view.snapshot.regions() {
                let req = axum::http::Request::get(format!("/regions/{}", r.profile.code))
                    .body(axum::body::Body::empty())
                    .unwrap();
                let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
                let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
            }
        })
    };
    let rendered = held();
    crawl();
    println!("a crawler asks for every profile page: +{:.1} MB", mb(held() - rendered));
    crawl();
    println!("... and again (pages kept within their budget): +{:.1} MB", mb(held() - rendered));
    println!("process: {}", rss());
    let _ = std::fs::remove_dir_all(&dir);
}
