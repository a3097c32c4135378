//! Who gets served when the site is busy. Requests are admitted by what they cost, each kind
//! with its own number of slots, so that downloads, heavy pages or slow writers cannot take
//! the slots the ordinary pages need; and no one client address may hold more than its share
//! of requests in progress. `/healthz` is outside all of this.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What a request costs, by its method and path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A page rendered from the snapshot.
    Page,
    /// A search or a list of regions (the site's and the API's).
    Search,
    /// A page whose size grows with the data: a topic's regions, the map, statistics,
    /// comparisons, matches, the feeds.
    Heavy,
    /// A whole-selection file (CSV, XLSX, JSON, GeoJSON, text).
    Download,
    /// A form post: a login, a survey, a review.
    Write,
}

impl Class {
    pub const ALL: [Class; 5] = [Class::Page, Class::Search, Class::Heavy, Class::Download, Class::Write];

    pub fn of(method: &axum::http::Method, path: &str) -> Class {
        if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
            return Class::Write;
        }
        const FILES: [&str; 6] = [".csv", ".xlsx", ".json", ".geojson", ".txt", ".jsonld"];
        if FILES.iter().any(|e| path.ends_with(e)) || path.ends_with("/source") {
            return Class::Download;
        }
        if path == "/regions" || path == "/api/v1/regions" {
            return Class::Search;
        }
        let heavy = path.starts_with("/topics/")
            || path.starts_with("/api/v1/topics/")
            || matches!(path, "/map" | "/stats" | "/compare" | "/api/v1/stats")
            || path.ends_with("/matches")
            || path.ends_with("/feed.xml");
        if heavy {
            Class::Heavy
        } else {
            Class::Page
        }
    }

    /// Whether a request of the class is answered in microseconds from the read view (a
    /// page, a search), so that the thread holding its connection may build it.
    pub fn bounded(self) -> bool {
        matches!(self, Class::Page | Class::Search)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The class's name in the metrics.
    pub fn id(self) -> &'static str {
        match self {
            Class::Page => "page",
            Class::Search => "search",
            Class::Heavy => "heavy",
            Class::Download => "download",
            Class::Write => "write",
        }
    }

    /// Words for the refusal.
    fn what(self) -> &'static str {
        match self {
            Class::Page => "pages",
            Class::Search => "searches",
            Class::Heavy => "large pages",
            Class::Download => "downloads",
            Class::Write => "forms",
        }
    }
}

/// Requests in progress per client address.
type Counts = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// Slots per class and per client; `Default` is what `pmatlas serve` uses.
#[derive(Clone, Copy, Debug)]
pub struct Slots {
    pub page: usize,
    pub search: usize,
    pub heavy: usize,
    pub download: usize,
    pub write: usize,
    /// Requests in progress from one client address (behind a trusted proxy, the client it
    /// names).
    pub per_client: usize,
    /// How long a request waits for a slot of its class before it is refused.
    pub wait: std::time::Duration,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            page: 64,
            search: 16,
            heavy: 4,
            download: 8,
            write: 8,
            per_client: 64,
            wait: std::time::Duration::from_secs(1),
        }
    }
}

/// Admission control: a slot of the request's class and one of its client's share, held
/// until the ticket is dropped.
#[derive(Clone)]
pub struct Admission {
    classes: [Arc<Semaphore>; 5],
    clients: Counts,
    per_client: usize,
    wait: std::time::Duration,
}

/// An admitted request.
#[derive(Debug)]
pub struct Ticket {
    _slot: OwnedSemaphorePermit,
    _share: Option<Share>,
}

impl Admission {
    pub fn new(s: &Slots) -> Admission {
        let n = |c: Class| match c {
            Class::Page => s.page,
            Class::Search => s.search,
            Class::Heavy => s.heavy,
            Class::Download => s.download,
            Class::Write => s.write,
        };
        Admission {
            classes: Class::ALL.map(|c| Arc::new(Semaphore::new(n(c)))),
            clients: Arc::new(Mutex::new(HashMap::new())),
            per_client: s.per_client,
            wait: s.wait,
        }
    }

    /// A ticket for a request of `class` from `client`, or why there is none. A client over
    /// its share is refused at once; a request whose class is full waits for a slot up to
    /// `wait` (a short queue rather than a refusal for a burst), then is refused.
    pub async fn admit(&self, class: Class, client: Option<IpAddr>) -> Result<Ticket, String> {
        let share = match client {
            Some(ip) => {
                let mut c = self.clients.lock().unwrap_or_else(|e| e.into_inner());
                let n = c.entry(ip).or_insert(0);
                if *n >= self.per_client {
                    return Err(format!(
                        "Too many requests at once from your address (at most {}): wait for them to finish.",
                        self.per_client
                    ));
                }
                *n += 1;
                Some(Share(ip, self.clients.clone()))
            }
            None => None,
        };
        let slots = self.classes[class.index()].clone();
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => match tokio::time::timeout(self.wait, slots.acquire_owned()).await {
                Ok(Ok(slot)) => slot,
                _ => return Err(format!("The site is busy with {}: try again in a moment.", class.what())),
            },
        };
        Ok(Ticket { _slot: slot, _share: share })
    }
}

/// A client's share of requests in progress, given back when dropped.
#[derive(Debug)]
struct Share(IpAddr, Counts);

impl Drop for Share {
    fn drop(&mut self) {
        release(&self.1, self.0);
    }
}

fn release(clients: &Mutex<HashMap<IpAddr, usize>>, ip: IpAddr) {
    let mut c = clients.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = c.get_mut(&ip) {
        *n -= 1;
        if *n == 0 {
            c.remove(&ip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn classes_by_method_and_path() {
        assert_eq!(Class::of(&Method::GET, "/regions/DEG"), Class::Page);
        assert_eq!(Class::of(&Method::GET, "/regions"), Class::Search);
        assert_eq!(Class::of(&Method::GET, "/regions.csv"), Class::Download);
        assert_eq!(Class::of(&Method::GET, "/topics/genomics"), Class::Heavy);
        assert_eq!(Class::of(&Method::POST, "/login"), Class::Write);
    }

    #[tokio::test(start_paused = true)]
    async fn one_client_cannot_take_every_slot_and_slots_come_back() {
        let a = Admission::new(&Slots { per_client: 2, download: 3, ..Slots::default() });
        let (one, two): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t1 = a.admit(Class::Download, Some(one)).await.unwrap();
        let t2 = a.admit(Class::Download, Some(one)).await.unwrap();
        assert!(a.admit(Class::Page, Some(one)).await.unwrap_err().contains("your address"));
        let t3 = a.admit(Class::Download, Some(two)).await.unwrap();
        // The class is full: a request waits its second, then is refused.
        let waited = tokio::time::Instant::now();
        assert!(a.admit(Class::Download, Some(two)).await.unwrap_err().contains("downloads"));
        assert!(waited.elapsed() >= std::time::Duration::from_secs(1));
        assert!(a.admit(Class::Page, Some(two)).await.is_ok(), "other classes are not full");
        // A slot given back while a request waits goes to it.
        let waiting = {
            let a = a.clone();
            tokio::spawn(async move { a.admit(Class::Download, Some(two)).await.map(|_| ()) })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        drop(t3);
        assert!(waiting.await.unwrap().is_ok());
        drop((t1, t2));
        assert!(a.admit(Class::Download, Some(one)).await.is_ok());
        assert!(a.clients.lock().unwrap().is_empty(), "no address is remembered once its requests end");
    }
}
