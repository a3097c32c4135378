//! `pmatlas serve` against slow and costly clients, each from its own loopback address: slow
//! request bodies and one address holding many connections leave other visitors served.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pmatlas_store::testing::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

struct Server {
    child: Child,
    addr: std::net::SocketAddr,
    /// Removed after the server is stopped.
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(name: &str, args: &[&str]) -> Server {
    use std::io::BufRead;
    let dir = TempDir::new(&format!("slow-{name}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
        .arg("--db")
        .arg(dir.join("p.db"))
        .args(["serve", "--addr", "127.0.0.1:0", "--create"])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        if let Some(at) = line.find("on http://") {
            break line[at + "on http://".len()..].trim().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr, _dir: dir }
}

/// A connection from `from` (a loopback address of its own: another visitor).
async fn connect(from: &str, to: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    let s = TcpSocket::new_v4()?;
    s.bind(format!("{from}:0").parse().unwrap())?;
    s.connect(to).await
}

/// GET from a visitor of its own: status and time taken.
async fn visit(from: &str, to: std::net::SocketAddr, path: &str) -> (u16, Duration) {
    let t = Instant::now();
    let mut s = connect(from, to).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    let status = std::str::from_utf8(&out[..12.min(out.len())]).ok().and_then(|h| h.get(9..12)?.parse().ok());
    (status.unwrap_or(0), t.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_request_bodies_hold_no_slot_and_are_cut_off() {
    let server = start("bodies", &["--body-timeout", "1"]);
    let mut slow = Vec::new();
    // More slow bodies than the pages have slots (64), from more than one address.
    for i in 0..80 {
        let from = if i % 2 == 0 { "127.0.0.2" } else { "127.0.0.3" };
        let mut s = connect(from, server.addr).await.unwrap();
        s.write_all(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nn")
            .await
            .unwrap();
        slow.push(s);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Meanwhile another visitor is served: pages through the router (search, versions).
    for path in ["/regions?q=Thuringia", "/regions/DEG/versions", "/stats"] {
        let (status, took) = visit("127.0.0.9", server.addr, path).await;
        assert_eq!(status, 200, "{path} answers while 80 bodies trickle");
        assert!(took < Duration::from_secs(2), "{path} took {took:?}");
    }
    // Past their deadline (1 s and 10,000 bytes at 16 KiB/s), the slow ones are answered 408.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut timed_out = 0;
    for mut s in slow {
        let mut buf = vec![0u8; 256];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await {
            if String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408") {
                timed_out += 1;
            }
        }
    }
    assert_eq!(timed_out, 80, "every slow body is answered 408");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_every_connection() {
    let server = start("connections", &["--header-timeout", "30", "--max-connections-per-address", "50"]);
    let mut held = Vec::new();
    for _ in 0..50 {
        held.push(connect("127.0.0.4", server.addr).await.unwrap());
    }
    // The 51st from that address is refused at once; another address is served.
    let (status, _) = visit("127.0.0.4", server.addr, "/healthz").await;
    assert_eq!(status, 503, "the address is over its share");
    let (status, took) = visit("127.0.0.5", server.addr, "/healthz").await;
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(visit("127.0.0.5", server.addr, "/regions/DEG").await.0, 200);
    // Connections given back count again.
    held.truncate(10);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(visit("127.0.0.4", server.addr, "/healthz").await.0, 200);
}
