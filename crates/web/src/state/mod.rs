//! The shared state: the store (for history and writes) and the read view — snapshot,
//! search index, matcher — swapped as a whole when a write commits: a new view is the old
//! one updated with what changed (`View::updated`), built whole only at start or after a
//! large import.

use std::sync::{Arc, RwLock};

mod cache;
mod pool;
mod refresh;
pub use cache::CachedPage;
pub use refresh::listen_for_commits;

use pmatlas_core::search::Index;
use pmatlas_store::{Snapshot, Source, Store, StoreError, Write};

/// The demo profile a fresh database starts with.
pub const DEMO: &[(&str, &str)] = &[("DEG-thuringia.txt", include_str!("../../../../data/demo/DEG-thuringia.txt"))];

/// Everything a read needs, immutable.
pub struct View {
    pub snapshot: Snapshot,
    pub index: Index,
    pub matcher: pmatlas_core::matching::Matcher,
    /// Changes whenever the data does: part of every page's ETag.
    pub generation: String,
    /// Rendered profile pages, by region position: a page is a function of its region (and
    /// of the binary), so it is rendered once and kept by the next view unless that region
    /// changed.
    pub profile_pages: Vec<Arc<CachedPage>>,
    /// The ids of the map attributes some profile has a value for (worked out on the first
    /// map request of this view).
    pub map_coverage: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The size of each whole-dataset file (worked out on the first visit of /data).
    pub dataset_sizes: std::sync::OnceLock<Vec<(crate::formats::Format, u64)>>,
    /// Per topic (by its index), the regions working on it, most evidence first: worked out on
    /// the first request for the topic in this view, so that a topic page costs its page only.
    pub topic_lists: Vec<std::sync::OnceLock<Vec<usize>>>,
    /// Per topic (by its index), how many regions seek partners in it (worked out once).
    pub seeking: std::sync::OnceLock<Vec<usize>>,
    /// How many profiles are synthetic demo data (worked out once).
    pub synthetic: std::sync::OnceLock<usize>,
    /// The latest changes, in words, for the home page (read from the store once a view).
    pub recent: std::sync::OnceLock<Vec<Recent>>,
    /// Pages that change only with the data and cost more than a lookup (the statistics, the
    /// map), rendered once a view for each query asked.
    pub drawn: crate::shell::Drawn,
    /// The stored sentence embeddings the matcher reads, as `Store::vectors_mark` said when
    /// they were read (new ones are read when it changes).
    pub vectors_mark: i64,
}

/// What the server does after a write through the site commits, given the regions written
/// (`pmatlas serve` embeds their new texts when the model is installed). It runs on a
/// blocking thread, off the request; what it stores reaches the view as any commit does.
pub type OnWrite = Arc<dyn Fn(&[pmatlas_core::NutsCode]) + Send + Sync>;

/// A recent version of a profile and what it changed, in the profile page's words.
pub struct Recent {
    pub code: String,
    pub name: String,
    pub number: u32,
    /// The day it was published ("2 Dec 2026").
    pub date: String,
    pub lines: Vec<String>,
    /// How many more changes it made than the lines show.
    pub more: usize,
}

fn topic_lists() -> Vec<std::sync::OnceLock<Vec<usize>>> {
    pmatlas_core::vocab::TopicId::all().map(|_| Default::default()).collect()
}

impl View {
    /// How many of the profiles are synthetic demo data (`pmatlas demo`).
    pub fn synthetic(&self) -> usize {
        *self.synthetic.get_or_init(|| {
            self.snapshot.regions().iter().filter(|r| r.version.author == pmatlas_core::synth::DEMO_AUTHOR).count()
        })
    }

    /// Per topic (by its index), how many regions name it among what they seek.
    pub fn seeking_topic(&self) -> &[usize] {
        self.seeking.get_or_init(|| self.matcher.seeking())
    }

    /// The regions working on `topic`, most evidence first (worked out once per view).
    pub fn working_on(&self, topic: pmatlas_core::vocab::TopicId) -> &[usize] {
        self.topic_lists[topic.index()].get_or_init(|| self.matcher.working_on(topic))
    }
}

impl View {
    /// The view of `snapshot`, the matcher reading `vectors` (`mark`: where they were read).
    pub fn build_with(snapshot: Snapshot, vectors: Arc<pmatlas_core::matching::meaning::Vectors>, mark: i64) -> View {
        let mut view = View::build(snapshot);
        view.with_vectors(vectors, mark);
        view
    }

    /// The matcher reads these vectors from now on.
    fn with_vectors(&mut self, vectors: Arc<pmatlas_core::matching::meaning::Vectors>, mark: i64) {
        let m = std::mem::replace(&mut self.matcher, pmatlas_core::matching::Matcher::new(&[]));
        self.matcher = m.with_vectors(vectors);
        self.vectors_mark = mark;
    }

    pub fn build(snapshot: Snapshot) -> View {
        let profiles = snapshot.profiles();
        let updated: Vec<&str> = snapshot.regions().iter().map(|r| r.version.created_at.as_str()).collect();
        // The index and the matcher are independent: built side by side.
        let (index, matcher) = std::thread::scope(|scope| {
            let index = scope.spawn(|| Index::build(&profiles, &updated));
            let matcher = pmatlas_core::matching::Matcher::shared(&snapshot.shared());
            (index.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), matcher)
        });
        let generation = generation(&snapshot);
        let profile_pages = (0..snapshot.len()).map(|_| Default::default()).collect();
        View {
            snapshot,
            index,
            matcher,
            generation,
            profile_pages,
            map_coverage: Default::default(),
            dataset_sizes: Default::default(),
            topic_lists: topic_lists(),
            seeking: Default::default(),
            synthetic: Default::default(),
            recent: Default::default(),
            drawn: Default::default(),
            vectors_mark: 0,
        }
    }
}

/// Changes whenever the data does: every published version has a higher id than those
/// before it.
fn generation(snapshot: &Snapshot) -> String {
    format!("{}-{}", snapshot.len(), snapshot.watermark)
}

impl View {
    /// This view with `changed` regions put in (read from the store after a commit): the
    /// snapshot, search index and matcher updated rather than built again, every rendered
    /// page of an unchanged region kept.
    pub fn updated(&self, changed: Vec<pmatlas_store::Region>, watermark: i64) -> View {
        let (snapshot, changes) = self.snapshot.with_changes(changed, watermark);
        let profiles = snapshot.profiles();
        let updated: Vec<&str> = snapshot.regions().iter().map(|r| r.version.created_at.as_str()).collect();
        let core_changes: Vec<pmatlas_core::changes::Change<'_>> = changes
            .iter()
            .map(|c| match c {
                pmatlas_store::Change::Replaced { at, old } => {
                    pmatlas_core::changes::Change::Replaced { at: *at, old: &old.profile }
                }
                pmatlas_store::Change::Inserted { at } => pmatlas_core::changes::Change::Inserted { at: *at },
            })
            .collect();
        let (index, matcher) = std::thread::scope(|scope| {
            let index = scope.spawn(|| self.index.updated(&profiles, &updated, &core_changes));
            let matcher = self.matcher.updated(&snapshot.shared(), &core_changes);
            (index.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), matcher)
        });
        let from = pmatlas_core::changes::old_positions(snapshot.len(), &core_changes);
        let touched = pmatlas_core::changes::touched(snapshot.len(), &core_changes);
        let profile_pages = (0..snapshot.len())
            .map(|i| match from[i] {
                Some(o) if !touched[i] => self.profile_pages[o].clone(),
                _ => Default::default(),
            })
            .collect();
        drop(core_changes);
        View {
            generation: generation(&snapshot),
            snapshot,
            index,
            matcher,
            profile_pages,
            map_coverage: Default::default(),
            dataset_sizes: Default::default(),
            topic_lists: topic_lists(),
            seeking: Default::default(),
            synthetic: Default::default(),
            recent: Default::default(),
            drawn: Default::default(),
            vectors_mark: self.vectors_mark,
        }
    }
}

/// The state every handler gets: one `Arc`, so that the copies axum makes of it for every
/// request (each layer and extractor holds one) cost one counter each.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

#[derive(Clone)]
pub struct Shared {
    store: Arc<pool::Pool>,
    /// When the read view was last known to hold what the database holds (ms since 1970):
    /// set by each check of the watcher and each refresh; `/healthz` tells its age.
    pub(crate) checked: Arc<std::sync::atomic::AtomicU64>,
    view: Arc<RwLock<Arc<View>>>,
    /// Held while the view is brought up to date: one refresh at a time, so that a slower
    /// one never puts back an older view.
    refreshing: Arc<tokio::sync::Mutex<()>>,
    /// Boundary shapes as installed when the server started (`pmatlas shapes install`).
    pub shapes: Arc<crate::svg::map::Shapes>,
    /// Differs between server starts: part of every ETag (templates, styles, shapes).
    pub nonce: u64,
    /// How long a request may wait for the database (`Limits::request`).
    pub(crate) deadline: std::time::Duration,
    /// The slots for requests in progress, by class and per client (`Limits::admission`).
    pub(crate) admission: crate::admission::Admission,
    /// A request body's deadline: this long, plus its length at this many bytes a second.
    pub(crate) body_deadline: (std::time::Duration, u64),
    /// Proxies whose `X-Forwarded-For` says who the client is (`auth::ClientIp`).
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The key the survey's fill-time stamps are signed with: the database's, so that several
    /// servers on one database accept each other's forms.
    pub(crate) form_key: Arc<str>,
    /// The base of absolute links ("https://atlas.example.org"), without a trailing slash.
    pub public_url: String,
    pub on_write: Option<OnWrite>,
}

/// Milliseconds since 1970.
pub(crate) fn unix_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl AppState {
    /// Opens the database with `connections` connections; an empty one gets the bundled
    /// demo profile.
    pub fn open(at: &pmatlas_store::Location, connections: usize) -> Result<AppState, StoreError> {
        let (mut store, writable) = match (Store::connect(at), at) {
            (Ok(s), _) => (s, true),
            // A database in a read-only place is served as it is; nothing can be written.
            (Err(StoreError::Sqlite(e)), pmatlas_store::Location::Sqlite(db)) if db.is_file() => {
                let s = Store::open_read_only(db)?;
                tracing::warn!("serving {} read-only ({e}): nothing can be written", db.display());
                (s, false)
            }
            (Err(e), _) => return Err(e),
        };
        if store.counts()?.0 == 0 {
            for (name, text) in DEMO {
                if let Ok(parsed) = pmatlas_core::parse(text) {
                    let demo = Write {
                        comment: Some("bundled demo profile"),
                        source_ref: Some(name),
                        source_text: Some(text),
                        ..Write::new(&parsed.profile, None, "pmatlas (demo data)", Source::Import)
                    };
                    if let Err(e) = store.write(&demo) {
                        tracing::warn!("the demo profile could not be stored: {e}");
                    }
                }
            }
        }
        AppState::from_pool(pool::Pool::open(store, writable.then_some(at), connections)?)
    }

    /// The site on one connection (an in-memory database is private to its connection).
    pub fn from_store(store: Store) -> Result<AppState, StoreError> {
        AppState::from_pool(pool::Pool::open(store, None, 1)?)
    }

    fn from_pool(pool: pool::Pool) -> Result<AppState, StoreError> {
        crate::metrics::METRICS.db_connections(pool.size());
        let mut store = pool.first();
        let form_key = store.secret("form-stamp")?.into();
        let snapshot = store.snapshot()?;
        for e in &snapshot.unreadable {
            tracing::error!("left out of the site: {e}");
        }
        let mark = store.vectors_mark()?;
        let started = std::time::Instant::now();
        let view = View::build_with(snapshot, Arc::new(store.vectors()?), mark);
        crate::metrics::METRICS.view(view.snapshot.watermark.max(0) as u64, started.elapsed());
        let shapes = Arc::new(crate::svg::map::Shapes::new(store.shapes()?));
        drop(store);
        let nonce =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        Ok(AppState(Arc::new(Shared {
            store: Arc::new(pool),
            view: Arc::new(RwLock::new(Arc::new(view))),
            refreshing: Default::default(),
            checked: Arc::new(std::sync::atomic::AtomicU64::new(unix_ms())),
            shapes,
            nonce,
            deadline: crate::limits::Limits::default().request,
            admission: crate::limits::Limits::default().admission(),
            body_deadline: (crate::limits::Limits::default().body, crate::limits::Limits::default().min_body_rate),
            trusted_proxies: Arc::new([]),
            public_url: "http://localhost".into(),
            form_key,
            on_write: None,
        })))
    }

    /// The settings, to change before serving (a state already shared with others gets its
    /// own copy of them; the data and the store stay shared).
    pub fn configure(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }

    /// The current read view (cheap: one `Arc` clone).
    pub fn view(&self) -> Arc<View> {
        self.view.read().map(|v| v.clone()).unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Runs `f` with the store on a blocking thread, within the request deadline: a request
    /// never waits longer than that for the database (it is answered 503; the read finishes
    /// on its own).
    pub async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, crate::error::WebError> {
        self.with_connection(false, f).await
    }

    /// The same on the connection the watcher always uses (see `Pool::first`).
    pub(crate) async fn with_first_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, crate::error::WebError> {
        self.with_connection(true, f).await
    }

    async fn with_connection<T: Send + 'static>(
        &self,
        first: bool,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, crate::error::WebError> {
        let store = self.store.clone();
        let task = tokio::task::spawn_blocking(move || {
            let metrics = &crate::metrics::METRICS;
            let asked = std::time::Instant::now();
            metrics.db_wait();
            let mut s = if first { store.first() } else { store.take() };
            metrics.db_take(asked.elapsed());
            let out = f(&mut s);
            metrics.db_give();
            out
        });
        match tokio::time::timeout(self.deadline, task).await {
            Ok(Ok(done)) => Ok(done?),
            Ok(Err(e)) => Err(crate::error::WebError::Internal(format!("database task failed: {e}"))),
            Err(_) => Err(StoreError::Busy(self.deadline).into()),
        }
    }
}
