//! The rendered profile pages the read views keep. A page is kept from its second request in
//! a view on (a crawler that asks for every page once keeps none), and all views of the
//! process together keep at most [`BUDGET`] bytes of them: at 10,000 profiles every page
//! kept would be 165 MB, more than the data itself.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::OnceLock;

use axum::body::Bytes;

/// The bytes of profile pages kept by all views of the process.
static KEPT: AtomicUsize = AtomicUsize::new(0);

pub const BUDGET: usize = 32 << 20;

/// A rendered page, and its gzip encoding once a client has asked for it.
#[derive(Default)]
pub struct CachedPage {
    html: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
    asked: AtomicBool,
}

impl CachedPage {
    pub fn html(&self) -> Option<&Bytes> {
        self.html.get()
    }

    /// A page just rendered for a request: kept if it was asked for before.
    pub fn offer(&self, html: &Bytes) {
        if self.asked.swap(true, Relaxed) {
            keep(&self.html, html.clone());
        }
    }

    /// The gzip encoding of the kept page (`make` makes it).
    pub fn gzip(&self, make: impl FnOnce() -> Bytes) -> Bytes {
        if let Some(g) = self.gzip.get() {
            return g.clone();
        }
        let g = make();
        keep(&self.gzip, g.clone());
        g
    }
}

fn keep(cell: &OnceLock<Bytes>, b: Bytes) {
    let n = b.len();
    if KEPT.fetch_add(n, Relaxed) + n > BUDGET || cell.set(b).is_err() {
        KEPT.fetch_sub(n, Relaxed);
    }
    crate::metrics::METRICS.pages_kept(KEPT.load(Relaxed));
}

impl Drop for CachedPage {
    fn drop(&mut self) {
        let n = self.html.get().map_or(0, Bytes::len) + self.gzip.get().map_or(0, Bytes::len);
        if n > 0 {
            KEPT.fetch_sub(n, Relaxed);
            crate::metrics::METRICS.pages_kept(KEPT.load(Relaxed));
        }
    }
}
