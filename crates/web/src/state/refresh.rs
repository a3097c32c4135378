//! Keeping the read view current: after the site's own commits, when another process
//! commits (SQLite's data version), and when new embeddings are stored; and the write hook.

use std::sync::Arc;

use super::{AppState, View};

impl AppState {
    /// After a write through the site has committed: runs the `on_write` hook for the
    /// regions written, off the request.
    pub fn written(&self, codes: Vec<pmatlas_core::NutsCode>) {
        if let Some(f) = self.on_write.clone() {
            tokio::task::spawn_blocking(move || f(&codes));
        }
    }

    /// Rebuilds the read view whenever another process (`pmatlas import`) commits to the
    /// database, checking SQLite's data version every `every`: readers keep the old view
    /// until the new one is whole.
    pub async fn watch_database(self, every: std::time::Duration) {
        self.watch_database_nudged(every, None).await
    }

    /// The same, checking at once when `nudge` is notified (a commit that PostgreSQL
    /// announced, see [`listen_for_commits`]), and every `every` in any case.
    pub async fn watch_database_nudged(self, every: std::time::Duration, nudge: Option<Arc<tokio::sync::Notify>>) {
        let mut last = self.with_first_store(|s| s.data_version()).await.ok();
        loop {
            match &nudge {
                Some(n) => {
                    let _ = tokio::time::timeout(every, n.notified()).await;
                }
                None => tokio::time::sleep(every).await,
            }
            let now = self.with_first_store(|s| s.data_version()).await.ok();
            if now.is_none() {
                continue;
            }
            if now == last {
                self.checked.store(super::unix_ms(), std::sync::atomic::Ordering::Relaxed);
                continue;
            }
            last = now;
            let asked = super::unix_ms();
            match self.refresh().await {
                Ok(()) => {
                    self.checked.store(asked, std::sync::atomic::Ordering::Relaxed);
                    tracing::info!("the database changed: {} regions now", self.view().snapshot.len())
                }
                Err(e) => tracing::error!("the database changed but could not be read: {e:?}"),
            }
        }
    }

    /// Brings the read view up to date after a committed write: reads the regions
    /// published since the view's snapshot and updates the view with them (or, after a large
    /// import, or when a region no longer reads, builds it whole). Readers keep the old view
    /// until the new one is whole.
    pub async fn refresh(&self) -> Result<(), crate::error::WebError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let started = std::time::Instant::now();
        let old = self.view();
        let since = old.snapshot.watermark;
        let ((changed, unreadable, watermark), mark) =
            self.with_store(move |s| Ok((s.changed_since(since)?, s.vectors_mark()?))).await?;
        let vectors =
            if mark != old.vectors_mark { Some(Arc::new(self.with_store(|s| s.vectors()).await?)) } else { None };
        if changed.is_empty() && unreadable.is_empty() && vectors.is_none() {
            return Ok(());
        }
        // Updating costs a copy of the tables plus the changed regions' texts; building whole
        // costs every region's texts: past a few hundred changes building is faster.
        let whole = !unreadable.is_empty() || changed.len() > 256.max(old.snapshot.len() / 16);
        let view = if whole {
            let snapshot = self.with_store(|s| s.snapshot()).await?;
            for e in &snapshot.unreadable {
                tracing::error!("left out of the site: {e}");
            }
            let vectors = vectors.or_else(|| old.matcher.vectors()).unwrap_or_default();
            tokio::task::spawn_blocking(move || View::build_with(snapshot, vectors, mark)).await
        } else {
            tokio::task::spawn_blocking(move || {
                let mut view = old.updated(changed, watermark);
                if let Some(v) = vectors {
                    view.with_vectors(v, mark);
                }
                view
            })
            .await
        }
        .map_err(|e| crate::error::WebError::Internal(format!("building the read view failed: {e}")))?;
        let generation = view.snapshot.watermark.max(0) as u64;
        let old = std::mem::replace(&mut *self.view.write().unwrap_or_else(|e| e.into_inner()), Arc::new(view));
        crate::metrics::METRICS.view(generation, started.elapsed());
        // Freeing a view (tens of thousands of shared sets and strings) takes milliseconds:
        // done here, off the request path, once the requests still reading it are done.
        tokio::task::spawn_blocking(move || {
            let mut old = old;
            loop {
                match Arc::try_unwrap(old) {
                    Ok(view) => {
                        drop(view);
                        return crate::memory::trim();
                    }
                    Err(still_read) => old = still_read,
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        Ok(())
    }
}

/// Listens, on a thread of its own, for the commits PostgreSQL announces on the database at
/// `at`, and notifies the returned `Notify` for each; reconnects a second after a failure
/// (the watcher's own checks go on meanwhile).
pub fn listen_for_commits(at: pmatlas_store::Location) -> Arc<tokio::sync::Notify> {
    let nudge = Arc::new(tokio::sync::Notify::new());
    let n = nudge.clone();
    let spawned = std::thread::Builder::new().name("pmatlas-listen".into()).spawn(move || loop {
        if let Err(e) = at.listen(|| n.notify_one()) {
            tracing::warn!("listening for commits on {}: {e}; again in a second", at.display());
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    });
    if let Err(e) = spawned {
        tracing::warn!("no thread to listen for commits ({e}): the database is checked every second");
    }
    nudge
}
