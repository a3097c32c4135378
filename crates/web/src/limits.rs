//! The server's limits as numbers: what [`crate::server`] enforces on connections and the
//! state hands to the pages' layer (admission, deadlines). Knows no request.

use std::time::Duration;

/// The server's limits; `Limits::default()` is what `pmatlas serve` uses.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time a client has to send a request's headers, and to start the next request on a
    /// kept-alive connection.
    pub header_read: Duration,
    /// Time a request may wait for the database.
    pub request: Duration,
    /// Open connections; beyond this a new connection gets a 503 and is closed.
    pub max_connections: usize,
    /// Open connections from one address (trusted proxies excepted: the clients behind them
    /// are counted by request, see [`crate::admission`]).
    pub max_connections_per_address: usize,
    /// Requests in progress for ordinary pages; beyond this a request gets a 503 with
    /// Retry-After. The other classes have their own slots (`slots`).
    pub max_in_flight: usize,
    /// Slots of the other classes and per client.
    pub slots: crate::admission::Slots,
    /// A request's body must arrive within `body` plus its length at `min_body_rate`
    /// bytes a second; else 408.
    pub body: Duration,
    pub min_body_rate: u64,
    /// A client that takes nothing of a response for this long is dropped.
    pub send_idle: Duration,
    /// How long a shutdown waits for requests in progress.
    pub shutdown: Duration,
    /// Connections to the database (one for an in-memory or read-only one).
    pub database_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(20),
            max_connections: 1024,
            max_connections_per_address: 256,
            max_in_flight: 64,
            slots: crate::admission::Slots::default(),
            body: Duration::from_secs(5),
            min_body_rate: 16 * 1024,
            send_idle: Duration::from_secs(30),
            shutdown: Duration::from_secs(10),
            database_connections: 4,
        }
    }
}

impl Limits {
    /// The admission slots these limits give.
    pub fn admission(&self) -> crate::admission::Admission {
        crate::admission::Admission::new(&crate::admission::Slots { page: self.max_in_flight, ..self.slots })
    }
}
