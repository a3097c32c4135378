//! Serving over TCP with every request's cost bounded in both directions: a cap on open
//! connections, in all and per client address; a deadline for a request's headers (which also
//! ends idle keep-alive connections and clients that trickle bytes) and, in the pages' layer,
//! one for its body; a client that reads nothing of a response for `send_idle` is dropped (its
//! buffers freed); requests admitted by cost class ([`crate::admission`]) with 503 and
//! Retry-After beyond their slots (so `/healthz` stays fast); a deadline per request; and a
//! graceful shutdown on SIGTERM or SIGINT that lets requests in progress finish, up to a
//! deadline.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use crate::limits::Limits;

/// Open connections per address, given back when a connection ends.
#[derive(Clone, Default)]
struct PerAddress(Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>);

struct AddressSlot(PerAddress, std::net::IpAddr);

impl PerAddress {
    fn take(&self, ip: std::net::IpAddr, max: usize) -> Option<AddressSlot> {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(AddressSlot(self.clone(), ip))
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut m = self.0 .0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.1);
            }
        }
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
    trusted_proxies: &[std::net::IpAddr],
    shutdown: impl Future<Output = ()>,
) {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let trusted: Arc<[std::net::IpAddr]> = trusted_proxies.into();
    let per_address = PerAddress::default();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read).keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    // Tells the connections still in the front ([`crate::front`]) that the server is stopping.
    let (stopping, stop) = tokio::sync::watch::channel(false);
    // The shared runtime, where the router's pages are built.
    let pool = tokio::runtime::Handle::current();
    let cores = match crate::cores::Cores::per_core() {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!("no connection threads ({e}): connections are served on the shared runtime");
            None
        }
    };
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
        // Each request knows its client's address (login throttling, the audit log).
        let peer = stream.peer_addr().ok();
        let address_slot: Result<Option<AddressSlot>, ()> =
            match peer.map(|p| p.ip()).filter(|ip| !trusted_proxies.contains(ip)) {
                Some(ip) => per_address.take(ip, limits.max_connections_per_address).map(Some).ok_or(()),
                None => Ok(None),
            };
        let permit = connections.clone().try_acquire_owned();
        let (Ok(permit), Ok(address_slot)) = (permit, address_slot) else {
            tokio::spawn(async move {
                let mut stream = stream;
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(REFUSED)).await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let front = fast.clone().map(|fast| crate::front::Front {
            fast,
            peer: peer.map(|p| p.ip()),
            trusted: trusted.clone(),
            header_read: limits.header_read,
        });
        let mut stop = stop.clone();
        let fast = fast.clone();
        // The router is shared by every connection (a layer added per connection would
        // rebuild every route for each one); the client's address goes with each request.
        let site = hyper_util::service::TowerToHyperService::new(app.clone());
        let trusted = trusted.clone();
        let pool = pool.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            use futures_util::future::Either;
            use hyper::service::Service;
            // Every request has an id: in its log line, in the lines logged while the router
            // answers it, and in the response (X-Request-Id), so that a report can be traced.
            let id = crate::access::next_id();
            let start = std::time::Instant::now();
            let class = crate::admission::Class::of(req.method(), req.uri().path());
            // What the request log needs of the request, taken before it is handed on.
            let logged = crate::access::enabled().then(|| {
                let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
                let client = crate::auth::client_of(peer.map(|p| p.ip()), forwarded, &trusted);
                let target = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |p| p.to_string());
                crate::access::Asked { at: std::time::SystemTime::now(), client, method: req.method().clone(), target }
            });
            let answer = match fast.as_ref().and_then(|f| f.answer(&req)) {
                Some(res) => Either::Left(std::future::ready(Ok(res))),
                None => {
                    use tracing::Instrument;
                    // Only the router's pages ask for it (an extension is three allocations).
                    if let Some(addr) = peer {
                        req.extensions_mut().insert(crate::auth::ClientAddr(addr));
                    }
                    let span = tracing::info_span!("request", id = %crate::access::IdText(id));
                    if class.bounded() {
                        Either::Right(Either::Left(site.call(req).instrument(span)))
                    } else {
                        // Off the connection's thread, which other connections share.
                        let built = pool.spawn(site.call(req).instrument(span));
                        Either::Right(Either::Right(async move {
                            match built.await {
                                Ok(res) => res,
                                // The page's task panicked: the panic is logged where it happened.
                                Err(_) => {
                                    let mut res = axum::response::Response::new(axum::body::Body::empty());
                                    *res.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
                                    Ok(res)
                                }
                            }
                        }))
                    }
                }
            };
            async move {
                let mut res = answer.await;
                if let Ok(r) = &mut res {
                    let took = start.elapsed();
                    if let Ok(v) = crate::layers::header_value(crate::access::IdText(id).to_string()) {
                        r.headers_mut().insert("x-request-id", v);
                    }
                    let bytes = hyper::body::Body::size_hint(r.body()).exact();
                    crate::access::answered(class, id, logged, r.status().as_u16(), bytes, took);
                }
                res
            }
        });
        let http = http.clone();
        let idle = limits.send_idle;
        let watcher = graceful.watcher();
        let serve = move |stream: tokio::net::TcpStream, seat: Option<crate::cores::Seat>| async move {
            let stream = crate::io::SendDeadline::new(stream, idle);
            let stream = match front {
                Some(front) => match front.run(stream, async move { drop(stop.wait_for(|s| *s).await) }).await {
                    crate::front::End::Closed => return drop((permit, address_slot, seat)),
                    crate::front::End::Handover(stream, read) => crate::io::Rewind::new(stream, read),
                },
                None => crate::io::Rewind::new(stream, Vec::new()),
            };
            let _ = watcher.watch(http.serve_connection(TokioIo::new(stream), service)).await;
            drop((permit, address_slot, seat));
        };
        match &cores {
            Some(cores) => cores.serve(stream, serve),
            None => {
                tokio::spawn(serve(stream, None));
            }
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    tracing::info!("shutting down: finishing the requests in progress (at most {:?})", limits.shutdown);
    // Every connection, in the front or in hyper, holds a permit until it closes.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let closed = async move {
        graceful.shutdown().await;
        let _ = connections.acquire_many(all).await;
    };
    tokio::select! {
        _ = closed => tracing::info!("all connections closed"),
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
