//! What Prometheus scrapes (`pmatlas serve --metrics-addr`): requests by cost class and
//! status, their latencies as histograms, the read view's generation and rebuilds, the
//! database connection's use, and admission's refusals, in the text exposition format. Every
//! figure is a relaxed atomic bumped where the thing happens: counting costs a request a few
//! atomic adds, whoever scrapes.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use crate::admission::Class;

/// Upper bounds of the latency buckets, in seconds (the last, +Inf, is implied).
const BOUNDS: [f64; 12] = [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];
const CLASSES: usize = 5;
const STATUSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

struct Latency {
    buckets: [AtomicU64; BOUNDS.len() + 1],
    sum_micros: AtomicU64,
}

pub struct Metrics {
    requests: [[AtomicU64; STATUSES.len()]; CLASSES],
    latency: [Latency; CLASSES],
    refused: [AtomicU64; CLASSES],
    generation: AtomicU64,
    rebuilds: AtomicU64,
    rebuild_micros: AtomicU64,
    last_rebuild_micros: AtomicU64,
    db_waiting: AtomicU64,
    db_in_use: AtomicU64,
    db_calls: AtomicU64,
    db_wait_micros: AtomicU64,
    db_connections: AtomicU64,
    pages_kept: AtomicU64,
}

#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU64 = AtomicU64::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const ROW: [AtomicU64; STATUSES.len()] = [ZERO; STATUSES.len()];
#[allow(clippy::declare_interior_mutable_const)]
const LATENCY: Latency = Latency { buckets: [ZERO; BOUNDS.len() + 1], sum_micros: ZERO };

/// The process's figures (one server a process).
pub static METRICS: Metrics = FRESH;

#[allow(clippy::declare_interior_mutable_const)]
const FRESH: Metrics = Metrics {
    requests: [ROW; CLASSES],
    latency: [LATENCY; CLASSES],
    refused: [ZERO; CLASSES],
    generation: ZERO,
    rebuilds: ZERO,
    rebuild_micros: ZERO,
    last_rebuild_micros: ZERO,
    db_waiting: ZERO,
    db_in_use: ZERO,
    db_calls: ZERO,
    db_wait_micros: ZERO,
    db_connections: ZERO,
    pages_kept: ZERO,
};

impl Metrics {
    /// A request answered (by the fast path or the router).
    pub fn request(&self, class: Class, status: u16, took: Duration) {
        let c = class as usize;
        let s = usize::from(status / 100).clamp(1, 5) - 1;
        self.requests[c][s].fetch_add(1, Relaxed);
        let secs = took.as_secs_f64();
        let b = BOUNDS.iter().position(|&x| secs <= x).unwrap_or(BOUNDS.len());
        self.latency[c].buckets[b].fetch_add(1, Relaxed);
        self.latency[c].sum_micros.fetch_add(took.as_micros() as u64, Relaxed);
    }

    /// A request admission turned away.
    pub fn refused(&self, class: Class) {
        self.refused[class as usize].fetch_add(1, Relaxed);
    }

    /// A read view built or brought up to date.
    pub fn view(&self, generation: u64, took: Duration) {
        self.generation.store(generation, Relaxed);
        self.rebuilds.fetch_add(1, Relaxed);
        self.rebuild_micros.fetch_add(took.as_micros() as u64, Relaxed);
        self.last_rebuild_micros.store(took.as_micros() as u64, Relaxed);
    }

    /// A task waits for the database connection.
    pub fn db_wait(&self) {
        self.db_waiting.fetch_add(1, Relaxed);
    }

    /// ... and has it after `waited`.
    pub fn db_take(&self, waited: Duration) {
        self.db_waiting.fetch_sub(1, Relaxed);
        self.db_in_use.fetch_add(1, Relaxed);
        self.db_calls.fetch_add(1, Relaxed);
        self.db_wait_micros.fetch_add(waited.as_micros() as u64, Relaxed);
    }

    /// The bytes of rendered profile pages kept now.
    pub fn pages_kept(&self, bytes: usize) {
        self.pages_kept.store(bytes as u64, Relaxed);
    }

    /// The server's connections to the database (its pool).
    pub fn db_connections(&self, n: usize) {
        self.db_connections.store(n as u64, Relaxed);
    }

    pub fn db_give(&self) {
        self.db_in_use.fetch_sub(1, Relaxed);
    }

    /// The figures in Prometheus' text format.
    pub fn render(&self) -> String {
        let mut o = String::with_capacity(8 * 1024);
        let classes = Class::ALL;
        o.push_str("# HELP pmatlas_requests_total Requests answered, by cost class and status.\n");
        o.push_str("# TYPE pmatlas_requests_total counter\n");
        for c in classes {
            for (s, name) in STATUSES.iter().enumerate() {
                let n = self.requests[c as usize][s].load(Relaxed);
                let _ = writeln!(o, "pmatlas_requests_total{{class=\"{}\",status=\"{name}\"}} {n}", c.id());
            }
        }
        o.push_str("# HELP pmatlas_request_duration_seconds Time to answer a request, by cost class.\n");
        o.push_str("# TYPE pmatlas_request_duration_seconds histogram\n");
        for c in classes {
            let l = &self.latency[c as usize];
            let mut total = 0;
            for (i, b) in l.buckets.iter().enumerate() {
                total += b.load(Relaxed);
                let le = BOUNDS.get(i).map_or("+Inf".to_string(), |x| x.to_string());
                let _ =
                    writeln!(o, "pmatlas_request_duration_seconds_bucket{{class=\"{}\",le=\"{le}\"}} {total}", c.id());
            }
            let sum = l.sum_micros.load(Relaxed) as f64 / 1e6;
            let _ = writeln!(o, "pmatlas_request_duration_seconds_sum{{class=\"{}\"}} {sum}", c.id());
            let _ = writeln!(o, "pmatlas_request_duration_seconds_count{{class=\"{}\"}} {total}", c.id());
        }
        o.push_str("# HELP pmatlas_admission_refused_total Requests refused with 503 for want of a slot, by class.\n");
        o.push_str("# TYPE pmatlas_admission_refused_total counter\n");
        for c in classes {
            let _ = writeln!(
                o,
                "pmatlas_admission_refused_total{{class=\"{}\"}} {}",
                c.id(),
                self.refused[c as usize].load(Relaxed)
            );
        }
        let gauge = |o: &mut String, name: &str, kind: &str, help: &str, v: String| {
            let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}");
        };
        let secs = |a: &AtomicU64| (a.load(Relaxed) as f64 / 1e6).to_string();
        gauge(
            &mut o,
            "pmatlas_view_generation",
            "gauge",
            "The read view's generation (the newest version it holds).",
            self.generation.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_view_rebuilds_total",
            "counter",
            "Read views built or updated.",
            self.rebuilds.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_view_rebuild_seconds_total",
            "counter",
            "Time spent building read views.",
            secs(&self.rebuild_micros),
        );
        gauge(
            &mut o,
            "pmatlas_view_last_rebuild_seconds",
            "gauge",
            "How long the last read view took.",
            secs(&self.last_rebuild_micros),
        );
        gauge(
            &mut o,
            "pmatlas_profile_pages_kept_bytes",
            "gauge",
            "Bytes of rendered profile pages kept in memory (at most 32 MiB).",
            self.pages_kept.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_db_connections",
            "gauge",
            "Database connections of this process.",
            self.db_connections.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_db_connections_in_use",
            "gauge",
            "Database connections in use.",
            self.db_in_use.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_db_waiting",
            "gauge",
            "Tasks waiting for the database connection.",
            self.db_waiting.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_db_calls_total",
            "counter",
            "Uses of the database connection.",
            self.db_calls.load(Relaxed).to_string(),
        );
        gauge(
            &mut o,
            "pmatlas_db_wait_seconds_total",
            "counter",
            "Time spent waiting for the database connection.",
            secs(&self.db_wait_micros),
        );
        o
    }
}

/// The separate listener Prometheus scrapes: `GET /metrics` and nothing else.
pub async fn serve(listener: tokio::net::TcpListener) {
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(|| async {
            ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], METRICS.render())
        }),
    );
    if let Err(e) = axum::serve(listener, app).await {
        tracing::error!("the metrics listener stopped: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_land_in_their_class_status_and_bucket() {
        let m = FRESH;

        m.request(Class::Search, 200, Duration::from_micros(700));
        m.request(Class::Search, 404, Duration::from_millis(30));
        m.refused(Class::Heavy);
        let text = m.render();
        assert!(text.contains("pmatlas_requests_total{class=\"search\",status=\"2xx\"} 1\n"), "{text}");
        assert!(text.contains("pmatlas_requests_total{class=\"search\",status=\"4xx\"} 1\n"));
        assert!(text.contains("pmatlas_request_duration_seconds_bucket{class=\"search\",le=\"0.0005\"} 0\n"));
        assert!(text.contains("pmatlas_request_duration_seconds_bucket{class=\"search\",le=\"0.001\"} 1\n"));
        assert!(text.contains("pmatlas_request_duration_seconds_bucket{class=\"search\",le=\"0.05\"} 2\n"));
        assert!(text.contains("pmatlas_request_duration_seconds_count{class=\"search\"} 2\n"));
        assert!(text.contains("pmatlas_admission_refused_total{class=\"heavy\"} 1\n"));
        // Every sample line is `name{labels} number` or `name number`.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (_, v) = line.rsplit_once(' ').unwrap();
            assert!(v.parse::<f64>().is_ok(), "{line}");
        }
    }
}
