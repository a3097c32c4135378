//! Serving over TCP with every request's cost bounded: a cap on open connections, a deadline
//! for reading a request's headers (which also ends idle keep-alive connections and clients
//! that trickle bytes), a cap on requests in progress beyond which the site answers 503 with
//! Retry-After (so `/healthz` stays fast), a deadline per request, and a graceful shutdown on
//! SIGTERM or SIGINT that lets requests in progress finish, up to a deadline.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

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
    /// Requests in progress; beyond this a request gets a 503 with Retry-After.
    pub max_in_flight: usize,
    /// How long a shutdown waits for requests in progress.
    pub shutdown: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(20),
            max_connections: 1024,
            max_in_flight: 64,
            shutdown: Duration::from_secs(10),
        }
    }
}

/// Admission control for the pages: at most `max_in_flight` requests at once. `/healthz` is
/// routed outside it. (The request deadline applies where a request can wait: on the
/// database, see `AppState::with_store`; pages served from the snapshot are computed at once,
/// and a timer on each of them measurably slowed the busiest page.)
#[derive(Clone)]
pub struct Admission {
    slots: Arc<Semaphore>,
}

impl Admission {
    pub fn new(limits: &Limits) -> Admission {
        Admission { slots: Arc::new(Semaphore::new(limits.max_in_flight)) }
    }

    /// A slot for a request, held until it is dropped; none when every slot is taken.
    pub fn admit(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.slots.try_acquire().ok()
    }
}

const REFUSED: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// Serves `app` on `listener` until `shutdown` completes, then drains. `fast` answers what
/// it can before the router ([`crate::fast`]).
pub async fn run(
    listener: TcpListener,
    app: Router,
    fast: Option<crate::fast::FastPath>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read).keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(async move {
                let mut stream = stream;
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(REFUSED)).await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        // Each request knows its client's address (login throttling, the audit log).
        let peer = stream.peer_addr().ok();
        let conn_app = match peer {
            Some(addr) => app.clone().layer(axum::Extension(crate::auth::ClientAddr(addr))),
            None => app.clone(),
        };
        let fast = fast.clone();
        let site = hyper_util::service::TowerToHyperService::new(conn_app);
        let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
            use futures_util::future::Either;
            use hyper::service::Service;
            match fast.as_ref().and_then(|f| f.answer(&req)) {
                Some(res) => Either::Left(std::future::ready(Ok(res))),
                None => Either::Right(site.call(req)),
            }
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing the requests in progress (at most {:?})", limits.shutdown);
    tokio::select! {
        _ = graceful.shutdown() => tracing::info!("all connections closed"),
        _ = tokio::time::sleep(limits.shutdown) => tracing::warn!("shutdown deadline reached: closing the rest"),
    }
}

/// Completes on SIGTERM (what systemd and container runtimes send) or SIGINT (Ctrl-C).
pub async fn signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
