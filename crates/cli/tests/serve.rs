//! `pmatlas serve` as a process: clients that never finish their headers or sit idle are cut
//! off, and SIGTERM lets the server finish and exit cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pmatlas_store::testing::TempDir;

struct Server {
    child: Child,
    addr: String,
    /// Where the metrics are served, when asked for.
    metrics: Option<String>,
    db: std::path::PathBuf,
    /// Removed after the server is stopped.
    dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on a random port with a 1-second header deadline (unless `extra` sets one).
fn start(name: &str) -> Server {
    start_logging(name, "info")
}

/// Starts the server with the given log filter.
fn start_logging(name: &str, log: &str) -> Server {
    start_with(name, log, &[])
}

/// Starts the server with the given log filter and further arguments of `serve`.
fn start_with(name: &str, log: &str, extra: &[&str]) -> Server {
    let dir = TempDir::new(&format!("serve-{name}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
        .arg("--db")
        .arg(dir.join("p.db"))
        .args(["serve", "--create", "--addr", "127.0.0.1:0", "--shutdown-timeout", "5"])
        .args(if extra.contains(&"--header-timeout") { &[][..] } else { &["--header-timeout", "1"][..] })
        .args(extra)
        .env("RUST_LOG", log)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut metrics = None;
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        if let Some(at) = line.find("metrics on http://") {
            metrics = Some(line[at + "metrics on http://".len()..].trim().trim_end_matches("/metrics").to_string());
            continue;
        }
        if let Some(at) = line.find("on http://") {
            break line[at + "on http://".len()..].trim().to_string();
        }
    };
    // Keep reading the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr, metrics, db: dir.join("p.db"), dir }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out)
}

/// Whether the server closed the connection within `within`.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 512];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // a response (408 or the page), then the close
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn slow_and_idle_clients_are_cut_off_and_healthz_stays_up() {
    let server = start("slow");
    assert_eq!(get(&server.addr, "/healthz").0, 200);
    // Headers never finished: cut off after the deadline.
    let mut partial = TcpStream::connect(&server.addr).unwrap();
    partial.write_all(b"GET /regions HTTP/1.1\r\nHost: x\r\n").unwrap();
    // A client trickling a byte at a time is held no longer than the deadline either.
    let mut trickle = TcpStream::connect(&server.addr).unwrap();
    let t0 = Instant::now();
    for b in b"GET / HT" {
        if trickle.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    // An idle kept-alive connection is closed too.
    let mut idle = TcpStream::connect(&server.addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert_eq!(get(&server.addr, "/healthz").0, 200, "the health check answers meanwhile");
    assert!(closed_within(&mut partial, Duration::from_secs(5)), "a request line with unfinished headers is held");
    assert!(closed_within(&mut trickle, Duration::from_secs(5)), "a trickling client is held");
    assert!(closed_within(&mut idle, Duration::from_secs(5)), "an idle keep-alive connection is held");
    assert!(t0.elapsed() < Duration::from_secs(8));
}

#[test]
fn sigterm_drains_and_exits_cleanly() {
    let mut server = start("sigterm");
    // A kept-alive connection with a finished request, and a request answered in full.
    let (status, body) = get(&server.addr, "/regions/DEG");
    assert_eq!(status, 200);
    assert!(body.contains("Thuringia"));
    let pid = server.child.id().to_string();
    let t0 = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(t0.elapsed() < Duration::from_secs(8), "still running after SIGTERM and the shutdown deadline");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "SIGTERM ends the server cleanly, not by the signal: {status:?}");
}

#[test]
fn an_import_while_serving_is_visible_without_a_restart() {
    let server = start("live");
    assert_eq!(get(&server.addr, "/regions/PT16").0, 404);
    let doc = server.dir.join("live.txt");
    std::fs::write(&doc, "PT16 - Centro\n\nPopulation per km2 - 80\n\nImage attribution - x\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
        .arg("--db")
        .arg(&server.db)
        .args(["import", "-q"])
        .arg(&doc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let t0 = Instant::now();
    while get(&server.addr, "/regions/PT16").0 != 200 {
        assert!(t0.elapsed() < Duration::from_secs(10), "the import never reached the site");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, search) = get(&server.addr, "/regions?q=centro");
    assert!(search.contains("/regions/PT16"), "the search index knows it too");
}

/// A raw HTTP/1.1 GET with extra header lines: status line and headers (lower-cased names,
/// `date` and the request's id left out, sorted), and the body's bytes.
fn fetch(addr: &str, path: &str, extra: &str) -> (Vec<String>, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&out[..split]).to_string();
    let mut lines: Vec<String> = head
        .lines()
        .map(|l| match l.split_once(':') {
            Some((k, v)) => format!("{}:{}", k.to_ascii_lowercase(), v),
            None => l.to_string(),
        })
        .filter(|l| !l.starts_with("date:") && !l.starts_with("connection:") && !l.starts_with("x-request-id:"))
        .collect();
    lines.sort();
    (lines, out[split + 4..].to_vec())
}

#[test]
fn a_rendered_profile_page_comes_back_the_same_from_the_cache() {
    // The cached page is answered before the router, the request log on as by default.
    let server = start_logging("fast", "info");
    let first = fetch(&server.addr, "/regions/DEG", "");
    assert!(first.0.iter().any(|l| l.starts_with("HTTP/1.1 200")), "{:?}", first.0);
    for _ in 0..3 {
        assert_eq!(fetch(&server.addr, "/regions/DEG", ""), first, "headers and body as the router gave them");
    }
    let (head, body) = fetch(&server.addr, "/regions/DEG", "Accept-Encoding: gzip, deflate, br\r\n");
    assert!(head.contains(&"content-encoding: gzip".to_string()), "{head:?}");
    assert!(body.starts_with(&[0x1f, 0x8b]) && body.len() * 2 < first.1.len(), "gzip, and smaller");
    assert!(head.contains(&format!("content-length: {}", body.len())), "{head:?}");
    // A conditional request with the page's tag is answered 304.
    let tag = first.0.iter().find_map(|l| l.strip_prefix("etag: ")).unwrap().to_string();
    let (head, body) = fetch(&server.addr, "/regions/DEG", &format!("If-None-Match: {tag}\r\n"));
    assert!(head[0].starts_with("HTTP/1.1 304") && body.is_empty(), "{head:?}");
}

/// The request log is on by default, and the fast path writes the very line the router does:
/// the first two requests for a page are rendered by the router (the page is kept from its
/// second), the next ones come from the cache.
#[test]
fn the_fast_paths_log_line_is_the_routers() {
    let logs = TempDir::new("access-log");
    let log = logs.join("access.log");
    let server = start_with("access", "info", &["--access-log", log.to_str().unwrap()]);
    let first = fetch(&server.addr, "/regions/DEG", "");
    let _ = fetch(&server.addr, "/regions/DEG", "");
    let again = fetch(&server.addr, "/regions/DEG", "");
    assert_eq!(first, again);
    let _ = get(&server.addr, "/regions?q=%22biobank%22");
    let mut lines = wait_for_lines(&log, 4);
    lines.remove(1);
    // Apart from the time, how long it took and the request's id, the two lines are the same.
    let strip = |l: &str| {
        let (time_from, time_to) = (l.find(" [").unwrap(), l.find("] ").unwrap());
        let rest = format!("{}{}", &l[..time_from], &l[time_to + 1..]);
        let rest = &rest[..rest.rfind(" id=").unwrap()];
        rest[..rest.rfind(' ').unwrap()].to_string()
    };
    let id = |l: &str| l.rsplit_once(" id=").unwrap().1.to_string();
    assert_eq!(id(&lines[0]).len(), 16, "{lines:?}");
    assert_ne!(id(&lines[0]), id(&lines[1]), "each request has an id of its own");
    assert_eq!(strip(&lines[0]), strip(&lines[1]), "{lines:?}");
    assert!(
        lines[0].starts_with("127.0.0.1 [")
            && lines[0].contains("] \"GET /regions/DEG\" 200 ")
            && lines[0].contains("us id="),
        "{lines:?}"
    );
    assert!(lines[2].contains("\"GET /regions?q=%22biobank%22\" 200 "), "{lines:?}");
}

/// The first `n` lines of a log the server writes in the background.
fn wait_for_lines(path: &std::path::Path, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.len() >= n || Instant::now() > deadline {
            assert!(lines.len() >= n, "{n} lines logged: {lines:?}");
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Prometheus scrapes its own address: requests counted by class and status, the read view's
/// generation, the database connection; the site does not serve them. Every response carries
/// its request's id, and `/healthz` says that the database answers.
#[test]
fn metrics_are_served_apart_and_count_requests() {
    let server = start_with("metrics", "info", &["--metrics-addr", "127.0.0.1:0", "--database-connections", "3"]);
    let metrics = server.metrics.clone().expect("the server logs where the metrics are");
    for _ in 0..3 {
        assert_eq!(get(&server.addr, "/regions/DEG").0, 200);
    }
    assert_eq!(get(&server.addr, "/no-such-page").0, 404);
    let (status, page) = get(&server.addr, "/regions?q=genomics");
    assert_eq!(status, 200);
    let id = page.lines().find_map(|l| l.strip_prefix("x-request-id: ")).expect("a request id").trim();
    assert_eq!(id.len(), 16, "{id}");
    assert_eq!(get(&server.addr, "/metrics").0, 404, "the metrics are not on the public address");
    let (status, health) = get(&server.addr, "/healthz");
    assert_eq!(status, 200);
    assert!(health.contains("\"database\":\"ok\"") && health.contains("\"view_checked_ms_ago\":"), "{health}");

    let (status, text) = get(&metrics, "/metrics");
    assert_eq!(status, 200);
    let value = |line: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("{line} in {text}"))
            .rsplit_once(' ')
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    assert!(value("pmatlas_requests_total{class=\"page\",status=\"2xx\"}") >= 3.0);
    assert!(value("pmatlas_requests_total{class=\"page\",status=\"4xx\"}") >= 1.0);
    assert_eq!(value("pmatlas_requests_total{class=\"search\",status=\"2xx\"}"), 1.0);
    assert!(value("pmatlas_request_duration_seconds_count{class=\"page\"}") >= 4.0);
    assert!(value("pmatlas_view_generation") >= 1.0, "the demo profile's version");
    assert!(value("pmatlas_db_calls_total") >= 1.0);
    assert_eq!(value("pmatlas_db_connections "), 3.0, "the pool is as large as asked");
    assert!(value("pmatlas_profile_pages_kept_bytes ") > 1000.0, "the page asked for three times is kept");
    assert!(text.contains("# TYPE pmatlas_request_duration_seconds histogram"));
}

/// One response read off a kept-alive connection: its head's lines and its body.
fn response(r: &mut BufReader<TcpStream>) -> (Vec<String>, Vec<u8>) {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        if line.trim_end().is_empty() {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let length: usize = head.iter().find_map(|l| l.strip_prefix("content-length: ")).unwrap().parse().unwrap();
    let mut body = vec![0; length];
    r.read_exact(&mut body).unwrap();
    (head, body)
}

/// The front answers cached pages on the connection itself: requests that arrive in pieces or
/// several in one write are answered in order, and at the first one it leaves to hyper
/// (`/healthz`, a HEAD) the connection goes on there, the bytes it had read included. A
/// connection waiting for its next request does not hold up a shutdown.
#[test]
fn the_front_answers_in_order_and_hands_the_rest_of_a_connection_on() {
    let mut server = start_with("front", "info", &["--header-timeout", "30"]);
    let page = fetch(&server.addr, "/regions/DEG", "");
    let _ = fetch(&server.addr, "/regions/DEG", "");
    let s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut w = s.try_clone().unwrap();
    let mut r = BufReader::new(s);
    let deg = "GET /regions/DEG HTTP/1.1\r\nHost: x\r\n\r\n";
    // In pieces: the front waits for the rest of the head.
    w.write_all(&deg.as_bytes()[..20]).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    w.write_all(&deg.as_bytes()[20..]).unwrap();
    let (head, body) = response(&mut r);
    assert_eq!(head[0], "HTTP/1.1 200 OK");
    assert_eq!(body, page.1, "the page the router gave");
    assert!(!head.iter().any(|l| l.starts_with("connection:")), "kept alive: {head:?}");
    // Several in one write, the second one for hyper: every one answered, in order.
    w.write_all(format!("{deg}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n{deg}").as_bytes()).unwrap();
    let answers: Vec<_> = (0..3).map(|_| response(&mut r)).collect();
    assert_eq!(answers[0].1, page.1);
    assert!(String::from_utf8_lossy(&answers[1].1).contains("ok"), "{:?}", answers[1]);
    assert_eq!(answers[2].1, page.1);
    let ids: std::collections::BTreeSet<_> =
        answers.iter().map(|a| a.0.iter().find(|l| l.starts_with("x-request-id: ")).unwrap().clone()).collect();
    assert_eq!(ids.len(), 3, "each answer has its own request id");
    w.write_all(b"HEAD /regions/DEG HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert_eq!(line.trim_end(), "HTTP/1.1 200 OK");
    // A connection in the front, waiting for its next request, and one in hyper: SIGTERM
    // closes both and the server exits, long before the header deadline would.
    let idle = TcpStream::connect(&server.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    (&idle).write_all(deg.as_bytes()).unwrap();
    let mut idle = BufReader::new(idle);
    assert_eq!(response(&mut idle).1, page.1);
    let t0 = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap().success());
    while server.child.try_wait().unwrap().is_none() {
        assert!(t0.elapsed() < Duration::from_secs(4), "idle connections hold up the shutdown");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut rest = Vec::new();
    let end = idle.read_to_end(&mut rest);
    assert!(end.as_ref().map_or_else(|e| e.kind() == std::io::ErrorKind::ConnectionReset, |n| *n == 0), "{end:?}");
}
