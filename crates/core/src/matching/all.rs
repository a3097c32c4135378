//! Every region's partners at once, on every core: what the matching benchmark measures
//! (and checks the partners pages against).

use super::*;

/// One region's partners: (position, score), best first.
pub type Tops = Vec<(usize, f32)>;

impl Matcher {
    /// The top `limit` partners of every region, using every core, by words alone (meaning
    /// costs a pass over every vector per ask). Returns (partner, score).
    pub fn all_top(&self, limit: usize) -> Vec<Tops> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let n = self.regions.len();
        let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).min(n.max(1));
        // Askers are taken a block at a time as threads come free: a fixed half each would
        // leave a core idle whenever one half's regions ask more (real regions' asks differ
        // far more in cost than the generated ones, whose halves took 2.03 and 2.09 s).
        const BLOCK: usize = 64;
        let next = AtomicUsize::new(0);
        let mut out: Vec<Tops> = vec![Vec::new(); n];
        let done: Vec<Vec<(usize, Tops)>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut scratch = scoring::Scratch::new(n, self.their_asks.len(), self.postings.idf.len());
                        let mut mine = Vec::new();
                        loop {
                            let from = next.fetch_add(BLOCK, Ordering::Relaxed);
                            if from >= n {
                                return mine;
                            }
                            for a in from..(from + BLOCK).min(n) {
                                let (top, _) = self.top_with(&mut scratch, a, None, limit, false);
                                mine.push((a, top.into_iter().map(|(b, br)| (b, br.total())).collect()));
                            }
                        }
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        for (a, top) in done.into_iter().flatten() {
            out[a] = top;
        }
        out
    }
}
