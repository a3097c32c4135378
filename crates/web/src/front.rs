//! The first reader of every connection: it answers plain GETs of cached pages
//! ([`crate::fast`]) itself, writing a prepared head and the stored bytes in one system call,
//! and hands the connection, with what it has read and not answered, to hyper at the first
//! request it cannot answer (hyper then serves it to its end). Through hyper a cached page
//! cost 7.7 µs of CPU a request against nginx's 6.9 µs for the same file (`perf`: a tenth of
//! it in hyper's parsing, dispatching and head encoding, another in allocating and growing
//! header maps); this way costs what parsing the head and one `writev` cost.
//!
//! It keeps the rules hyper keeps for the site ([`crate::server`]): a request's head must
//! arrive within `header_read` of the connection waiting for it (which also ends idle
//! keep-alive connections and clients that trickle bytes); a shutdown closes a connection
//! that waits for its next request, and `Connection: close` closes one after its answer.
//! Anything it does not know for sure how to answer (another method or version, a body,
//! another `Connection`, `Expect` or `Upgrade`, a head it cannot parse or that has not ended in
//! 16 KiB) goes to hyper, which answers it as it always has.

use std::io::Write;
use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::fast::{FastPath, Hit};

/// How a connection left the front.
pub enum End<S> {
    /// Closed: by the client, by a deadline, or by a shutdown.
    Closed,
    /// To be served by hyper, which reads `read` (already taken from the socket) first.
    Handover(S, Vec<u8>),
}

/// What the front needs to answer and log a connection's requests.
pub struct Front {
    pub fast: FastPath,
    pub peer: Option<IpAddr>,
    pub trusted: std::sync::Arc<[IpAddr]>,
    pub header_read: Duration,
}

/// Longest head the front waits for before handing the connection to hyper (which allows more).
const MAX_HEAD: usize = 16 * 1024;
/// Most headers the front parses; a request with more goes to hyper.
const MAX_HEADERS: usize = 48;

/// One request in the buffer, as far as the front is concerned.
enum Step {
    /// Its head has not all arrived.
    Partial,
    /// One for hyper.
    Other,
    /// Answered from the cache: the head's length, and what to write and log.
    Answer { used: usize, hit: Hit, close: bool, class: crate::admission::Class, logged: Option<crate::access::Asked> },
}

impl Front {
    /// Serves `stream` until it closes or must go to hyper. `shutdown` completes when the
    /// server stops taking requests.
    pub async fn run<S: AsyncRead + AsyncWrite + Unpin>(
        &self,
        mut stream: S,
        shutdown: impl std::future::Future<Output = ()>,
    ) -> End<S> {
        tokio::pin!(shutdown);
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        let mut head: Vec<u8> = Vec::with_capacity(1024);
        loop {
            let deadline = tokio::time::Instant::now() + self.header_read;
            let (start, used, hit, close, class, logged) = loop {
                match self.step(&buf) {
                    Step::Answer { used, hit, close, class, logged } => {
                        break (Instant::now(), used, hit, close, class, logged)
                    }
                    Step::Other => return End::Handover(stream, buf),
                    Step::Partial if buf.len() >= MAX_HEAD => return End::Handover(stream, buf),
                    Step::Partial => {}
                }
                if buf.capacity() - buf.len() < 1024 {
                    buf.reserve(4096);
                }
                let idle = buf.is_empty();
                let read = tokio::time::timeout_at(deadline, stream.read_buf(&mut buf));
                tokio::select! {
                    biased;
                    r = read => match r {
                        Ok(Ok(n)) if n > 0 => {}
                        // Closed, failed, or too slow to send its head: nothing more to answer.
                        _ => return End::Closed,
                    },
                    // Between requests a shutdown closes the connection; within one, the
                    // request is read and answered first.
                    () = &mut shutdown, if idle => return End::Closed,
                }
            };
            buf.drain(..used);
            head.clear();
            head.extend_from_slice(self.fast.head(&hit));
            let id = crate::access::next_id();
            let _ = write!(
                head,
                "content-length: {}\r\netag: {}\r\nx-request-id: {}\r\ndate: ",
                hit.body.len(),
                hit.etag.as_str(),
                crate::access::IdText(id)
            );
            head.extend_from_slice(&http_date());
            head.extend_from_slice(if close { b"\r\nconnection: close\r\n\r\n" } else { b"\r\n\r\n" });
            if write_both(&mut stream, &head, &hit.body).await.is_err() {
                return End::Closed;
            }
            crate::access::answered(class, id, logged, 200, Some(hit.body.len() as u64), start.elapsed());
            if close {
                let _ = stream.shutdown().await;
                return End::Closed;
            }
        }
    }

    /// What to do with the request at the start of `buf`.
    fn step(&self, buf: &[u8]) -> Step {
        if buf.is_empty() {
            return Step::Partial;
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        let used = match req.parse(buf) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Step::Partial,
            Err(_) => return Step::Other,
        };
        let (Some("GET"), Some(1), Some(target)) = (req.method, req.version, req.path) else { return Step::Other };
        if !target.starts_with('/') {
            return Step::Other;
        }
        let Some(plain) = crate::fast::plain(req.headers.iter().map(|h| (h.name, h.value))) else { return Step::Other };
        let Some(hit) = self.fast.lookup(target, plain.gzip) else { return Step::Other };
        let class = crate::admission::Class::of(&axum::http::Method::GET, target.split('?').next().unwrap_or(target));
        // What the request log needs, only when it logs.
        let logged = crate::access::enabled().then(|| crate::access::Asked {
            at: SystemTime::now(),
            client: self.client(req.headers),
            method: axum::http::Method::GET,
            target: target.to_string(),
        });
        Step::Answer { used, hit, close: plain.close, class, logged }
    }

    /// The client: the peer, unless the peer is a proxy we trust (then the one it names).
    fn client(&self, headers: &[httparse::Header]) -> Option<IpAddr> {
        let forwarded = headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("x-forwarded-for"))
            .filter_map(|h| std::str::from_utf8(h.value).ok());
        crate::auth::client_of(self.peer, forwarded, &self.trusted)
    }
}

/// Writes `head` then `body`, together where the socket takes both.
async fn write_both<S: AsyncWrite + Unpin>(stream: &mut S, mut head: &[u8], mut body: &[u8]) -> std::io::Result<()> {
    while !head.is_empty() {
        let n = stream.write_vectored(&[std::io::IoSlice::new(head), std::io::IoSlice::new(body)]).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        let of_head = n.min(head.len());
        head = &head[of_head..];
        body = &body[n - of_head..];
    }
    stream.write_all(body).await
}

/// The Date header's value, as hyper writes it: made once a second on each thread.
fn http_date() -> [u8; 29] {
    thread_local! {
        static LAST: std::cell::Cell<(u64, [u8; 29])> = const { std::cell::Cell::new((0, [b' '; 29])) };
    }
    let now = SystemTime::now();
    let secs = now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    LAST.with(|last| {
        let (at, text) = last.get();
        if at == secs {
            return text;
        }
        let mut text = [b' '; 29];
        let made = httpdate::fmt_http_date(now);
        let n = made.len().min(29);
        text[..n].copy_from_slice(&made.as_bytes()[..n]);
        last.set((secs, text));
        text
    })
}
