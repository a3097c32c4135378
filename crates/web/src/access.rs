//! The request log: a line per request, written off the request path. A request hands its
//! entry to a bounded queue and goes on; a thread of its own takes what the queue holds every
//! 20 ms, formats and writes the lines, and flushes. When the disk is slower than the requests and the queue
//! is full, lines are dropped and counted (and the count is written when there is room),
//! never waited for. The accept loop records every request the same way, those the fast path
//! answers and those the router does ([`crate::server`]).

use std::io::Write;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

/// How lines are written: `text` (one line a request, fields apart by spaces, the target
/// quoted) or `json` (an object a line, for log shippers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One request, as the log records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub at: SystemTime,
    /// The request's id ([`next_id`]).
    pub id: u64,
    pub client: Option<IpAddr>,
    pub method: axum::http::Method,
    /// The path and query string, as requested.
    pub target: String,
    pub status: u16,
    /// The body's length when the response says it (`-` in the log otherwise).
    pub bytes: Option<u64>,
    pub took: Duration,
}

/// A new request id: a number drawn when the process starts, counted up from there, so that
/// ids from several servers behind one balancer do not meet.
pub fn next_id() -> u64 {
    static NEXT: OnceLock<AtomicU64> = OnceLock::new();
    let next = NEXT.get_or_init(|| {
        let token = pmatlas_store::users::new_token().unwrap_or_default();
        let seed = token.get(..16).and_then(|t| u64::from_str_radix(t, 16).ok()).unwrap_or(0);
        // The high bits random, the low ones a count: unique within the process.
        AtomicU64::new(seed & !0xffff_ffff)
    });
    next.fetch_add(1, Ordering::Relaxed)
}

/// A request id as written: 16 hex digits.
pub struct IdText(pub u64);

impl std::fmt::Display for IdText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Lines the queue holds before it drops.
const QUEUE: usize = 16 * 1024;

pub struct AccessLog {
    tx: SyncSender<Entry>,
    dropped: Arc<AtomicU64>,
}

static LOG: OnceLock<AccessLog> = OnceLock::new();

/// Starts the request log, writing to `out` (once a process; a second call is ignored).
pub fn start(format: Format, out: Box<dyn Write + Send>) {
    let (tx, rx) = sync_channel::<Entry>(QUEUE);
    let dropped = Arc::new(AtomicU64::new(0));
    let counted = dropped.clone();
    let spawned = std::thread::Builder::new().name("access-log".into()).spawn(move || writer(rx, out, format, counted));
    if spawned.is_ok() {
        let _ = LOG.set(AccessLog { tx, dropped });
    }
}

/// Records a request, if the log is on; never waits.
pub fn record(e: Entry) {
    if let Some(log) = LOG.get() {
        match log.tx.try_send(e) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                log.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// What the log takes of a request before it is answered (only when the log is on).
pub struct Asked {
    pub at: SystemTime,
    pub client: Option<IpAddr>,
    pub method: axum::http::Method,
    /// The path and query string, as requested.
    pub target: String,
}

/// A request answered, by the front or through hyper: counted in the metrics, and logged when
/// `asked` was taken.
pub fn answered(
    class: crate::admission::Class,
    id: u64,
    asked: Option<Asked>,
    status: u16,
    bytes: Option<u64>,
    took: Duration,
) {
    crate::metrics::METRICS.request(class, status, took);
    if let Some(Asked { at, client, method, target }) = asked {
        record(Entry { at, id, client, method, target, status, bytes, took });
    }
}

/// Whether requests are logged.
pub fn enabled() -> bool {
    LOG.get().is_some()
}

/// How often the writer takes what the queue holds. It sleeps between times rather than
/// waiting on the queue: a request that finds nobody waiting wakes nobody (waking the writer
/// for every line cost a fifth of the profile page's throughput, in context switches).
const EVERY: Duration = Duration::from_millis(20);

fn writer(rx: Receiver<Entry>, out: Box<dyn Write + Send>, format: Format, dropped: Arc<AtomicU64>) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let mut line = String::with_capacity(256);
    let mut clock = Clock::default();
    loop {
        loop {
            match rx.try_recv() {
                Ok(e) => {
                    line.clear();
                    write_line(&mut line, &e, format, &mut clock);
                    let _ = out.write_all(line.as_bytes());
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    let _ = out.flush();
                    return;
                }
            }
        }
        let lost = dropped.swap(0, Ordering::Relaxed);
        if lost > 0 {
            let _ = writeln!(out, "access log: {lost} lines dropped (the log could not keep up)");
        }
        let _ = out.flush();
        std::thread::sleep(EVERY);
    }
}

/// The time of a line as HTTP dates are written, formatted once a second rather than once a
/// line (it was half of a line's cost).
#[derive(Default)]
pub struct Clock {
    second: u64,
    text: String,
}

impl Clock {
    fn text(&mut self, at: SystemTime) -> &str {
        let second = at.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if self.text.is_empty() || second != self.second {
            self.second = second;
            self.text = httpdate::fmt_http_date(at);
        }
        &self.text
    }
}

/// The entry as a line of the log, newline included.
pub fn write_line(out: &mut String, e: &Entry, format: Format, clock: &mut Clock) {
    use std::fmt::Write;
    let time = clock.text(e.at);
    let micros = e.took.as_micros();
    match format {
        Format::Text => {
            match e.client {
                Some(c) => {
                    let _ = write!(out, "{c}");
                }
                None => out.push('-'),
            }
            let _ = write!(out, " [{time}] \"{} ", e.method);
            // A quote in the target would end the field early: written as its escape.
            if e.target.contains('"') {
                out.push_str(&e.target.replace('"', "%22"));
            } else {
                out.push_str(&e.target);
            }
            let _ = write!(out, "\" {} ", e.status);
            match e.bytes {
                Some(b) => {
                    let _ = write!(out, "{b}");
                }
                None => out.push('-'),
            }
            let _ = writeln!(out, " {micros}us id={}", IdText(e.id));
        }
        Format::Json => {
            let s = |v: &str| serde_json::Value::from(v).to_string();
            let client = e.client.map_or("-".to_string(), |c| c.to_string());
            let bytes = e.bytes.map_or("null".to_string(), |b| b.to_string());
            let _ = writeln!(
                out,
                "{{\"time\":{},\"id\":\"{}\",\"client\":{},\"method\":{},\"target\":{},\"status\":{},\"bytes\":{bytes},\"micros\":{micros}}}",
                s(time),
                IdText(e.id),
                s(&client),
                s(e.method.as_str()),
                s(&e.target),
                e.status
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_both_formats() {
        let e = Entry {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_670_000),
            id: 0xab_0000_002a,
            client: Some("203.0.113.9".parse().unwrap()),
            method: axum::http::Method::GET,
            target: "/regions?q=\"x\"".into(),
            status: 200,
            bytes: Some(5120),
            took: Duration::from_micros(87),
        };
        let mut clock = Clock::default();
        let mut text = String::new();
        write_line(&mut text, &e, Format::Text, &mut clock);
        assert_eq!(text, "203.0.113.9 [Tue, 02 Dec 2025 10:06:40 GMT] \"GET /regions?q=%22x%22\" 200 5120 87us id=000000ab0000002a\n");
        // The time is formatted once a second: the next second's line has the next second's.
        let later = Entry {
            at: e.at + Duration::from_millis(1500),
            client: None,
            bytes: None,
            target: "/".into(),
            ..e.clone()
        };
        text.clear();
        write_line(&mut text, &later, Format::Text, &mut clock);
        assert_eq!(text, "- [Tue, 02 Dec 2025 10:06:41 GMT] \"GET /\" 200 - 87us id=000000ab0000002a\n");
        let mut json = String::new();
        write_line(&mut json, &e, Format::Json, &mut clock);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["target"], "/regions?q=\"x\"");
        assert_eq!(v["id"], "000000ab0000002a");
        assert_eq!(
            (v["status"].as_u64(), v["bytes"].as_u64(), v["micros"].as_u64()),
            (Some(200), Some(5120), Some(87))
        );
    }
}
