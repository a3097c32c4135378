//! Giving memory back. glibc's allocator keeps freed memory in per-thread arenas: after a burst
//! of connections (an attack, a crowd) the server's RSS stays at its peak. With fewer arenas
//! and a periodic trim, it returns to what the data needs.

/// Two arenas (glibc makes up to eight per core, one per busy thread).
pub fn fewer_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_ARENA_MAX: i32 = -8;
        // SAFETY: mallopt only sets an allocator parameter; called before the server's threads.
        unsafe {
            mallopt(M_ARENA_MAX, 2);
        }
    }
}

/// Returns free memory at the top of every arena to the system, every `every`.
pub async fn trim_every(every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        // It walks the heap (a few milliseconds), so off the async workers.
        let _ = tokio::task::spawn_blocking(trim).await;
    }
}

/// Returns the free memory of every arena to the system now: after a read view is freed (a
/// write replaced it), so that the process does not keep two views' worth until the next
/// periodic trim. Blocks for a few milliseconds: call it off the async workers.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim is thread-safe; it only releases free memory.
        unsafe {
            malloc_trim(0);
        }
    }
}
