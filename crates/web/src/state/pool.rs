//! The server's connections to the database: a few, so that the requests that need the
//! database (sessions, history, writes) do not wait for each other's round trips to
//! PostgreSQL or for each other's reads of a SQLite file. Writers are serialised by the
//! database itself (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's advisory lock).

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard};

use pmatlas_store::{Location, Store, StoreError};

pub(crate) struct Pool {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
}

impl Pool {
    /// `first` and, where the database can be opened more than once (a writable SQLite file,
    /// PostgreSQL), `size - 1` more connections to `at`.
    pub fn open(first: Store, at: Option<&Location>, size: usize) -> Result<Pool, StoreError> {
        let mut stores = vec![Mutex::new(first)];
        if let Some(at) = at {
            for _ in 1..size.max(1) {
                stores.push(Mutex::new(Store::connect(at)?));
            }
        }
        Ok(Pool { stores, next: AtomicUsize::new(0) })
    }

    pub fn size(&self) -> usize {
        self.stores.len()
    }

    /// A free connection, or (when all are in use) the next in turn once it is free.
    pub fn take(&self) -> MutexGuard<'_, Store> {
        let start = self.next.fetch_add(1, Relaxed);
        let n = self.stores.len();
        for i in 0..n {
            match self.stores[(start + i) % n].try_lock() {
                Ok(s) => return s,
                Err(std::sync::TryLockError::Poisoned(e)) => return e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        self.stores[start % n].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Always the same connection: SQLite's data version counts the commits of the *other*
    /// connections, so the watcher compares numbers from one connection only.
    pub fn first(&self) -> MutexGuard<'_, Store> {
        self.stores[0].lock().unwrap_or_else(|e| e.into_inner())
    }
}
