//! Connection threads: each connection is served by one of a few single-threaded runtimes,
//! one per core, that own its socket. A cached page ([`crate::fast`]) is then read, answered
//! and written on the thread that was woken for it; on the shared runtime the worker that
//! polled the socket woke another to run the connection, and those hand-offs between
//! threads were the largest cost left in a cached answer (`perf`: the kernel's task switch).
//! A page or a search the router builds (microseconds) is built there too; what can take
//! milliseconds (topic pages, statistics, downloads, writes: [`crate::admission::Class`]) is
//! sent to the shared runtime, which spreads it over every core instead of stalling the
//! connections of one. Measured at 10,000 profiles against the shared runtime alone, in
//! alternating runs: search p99 at 4 connections 0.44–0.80 ms (was 2.7–3.5), the profile
//! page 29–36 µs of CPU a request (was 34–47).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::runtime::Handle;

/// The connection threads; stopped (their tasks dropped) when this is dropped.
pub struct Cores {
    handles: Vec<Handle>,
    /// Open connections per thread: a new one goes where fewest are.
    open: Arc<[AtomicUsize]>,
    stop: Vec<tokio::sync::oneshot::Sender<()>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

/// A connection's place on its thread, given back when it closes.
pub struct Seat(Arc<[AtomicUsize]>, usize);

impl Drop for Seat {
    fn drop(&mut self) {
        self.0[self.1].fetch_sub(1, Ordering::Relaxed);
    }
}

impl Cores {
    /// `n` threads (at least one); an error if the system gives no thread or runtime.
    pub fn start(n: usize) -> std::io::Result<Cores> {
        let n = n.max(1);
        let (mut handles, mut stop, mut threads) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            handles.push(rt.handle().clone());
            stop.push(tx);
            threads.push(std::thread::Builder::new().name(format!("pmatlas-conn-{i}")).spawn(move || {
                // A single-threaded runtime runs its tasks only while a thread waits in it.
                let _ = rt.block_on(rx);
                rt.shutdown_timeout(std::time::Duration::from_secs(1));
            })?);
        }
        let open = (0..n).map(|_| AtomicUsize::new(0)).collect();
        Ok(Cores { handles, open, stop, threads })
    }

    /// As many threads as the machine has cores.
    pub fn per_core() -> std::io::Result<Cores> {
        Cores::start(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Serves `stream` on the thread with the fewest connections: `serve` gets the socket
    /// registered with that thread's runtime, so its readiness wakes that thread alone.
    pub fn serve<F, Fut>(&self, stream: tokio::net::TcpStream, serve: F)
    where
        F: FnOnce(tokio::net::TcpStream, Option<Seat>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let i = (0..self.handles.len()).min_by_key(|&i| self.open[i].load(Ordering::Relaxed)).unwrap_or(0);
        self.open[i].fetch_add(1, Ordering::Relaxed);
        let seat = Seat(self.open.clone(), i);
        let Ok(std) = stream.into_std() else { return };
        // Registered again inside the thread's runtime, so its readiness is that thread's.
        self.handles[i].spawn(async move {
            match tokio::net::TcpStream::from_std(std) {
                Ok(stream) => serve(stream, Some(seat)).await,
                Err(e) => tracing::warn!("a connection could not be handed to its thread: {e}"),
            }
        });
    }
}

impl Drop for Cores {
    fn drop(&mut self) {
        for tx in self.stop.drain(..) {
            let _ = tx.send(());
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Connects to `listener` and returns the server's side.
    async fn pair(listener: &tokio::net::TcpListener) -> (tokio::net::TcpStream, tokio::net::TcpStream) {
        let client = tokio::net::TcpStream::connect(listener.local_addr().unwrap());
        let (client, accepted) = tokio::join!(client, listener.accept());
        (client.unwrap(), accepted.unwrap().0)
    }

    #[tokio::test]
    async fn connections_go_to_the_thread_with_fewest_and_are_served_there() {
        let cores = Cores::start(2).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, String)>();
        let mut clients = Vec::new();
        // Each connection reports its thread, then holds its seat until its client closes.
        let serve = |n: usize, tx: tokio::sync::mpsc::UnboundedSender<(usize, String)>| {
            move |mut stream: tokio::net::TcpStream, seat: Option<Seat>| async move {
                let _ = tx.send((n, std::thread::current().name().unwrap_or("").to_string()));
                let _ = tokio::io::AsyncReadExt::read(&mut stream, &mut [0u8; 1]).await;
                drop(seat);
                let _ = tx.send((n, "closed".to_string()));
            }
        };
        let mut threads = [String::new(), String::new()];
        for n in 0..2 {
            let (client, server) = pair(&listener).await;
            cores.serve(server, serve(n, tx.clone()));
            clients.push(client);
        }
        for _ in 0..2 {
            let (n, name) = rx.recv().await.unwrap();
            threads[n] = name;
        }
        assert!(threads.iter().all(|t| t.starts_with("pmatlas-conn-")), "{threads:?}");
        assert_ne!(threads[0], threads[1], "two connections, two threads");
        // The second closes: the next connection goes to the thread it leaves (in turn, it
        // would go to the first's).
        drop(clients.remove(1));
        assert_eq!(rx.recv().await.unwrap(), (1, "closed".to_string()));
        let (_client, server) = pair(&listener).await;
        cores.serve(server, serve(2, tx.clone()));
        let (n, name) = rx.recv().await.unwrap();
        assert_eq!((n, &name), (2, &threads[1]), "the thread with fewer connections is chosen");
        drop(cores);
    }
}
