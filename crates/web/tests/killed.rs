//! kill -9 of one of two server processes on one PostgreSQL while curators write through
//! both: the other keeps serving and writing, no acknowledged write is lost, nothing is
//! stored that was not sent, and the killed one, started again, serves the last writes.
//! Each server is this test binary started again (`server_process`), so that it can be
//! killed. Needs `PMATLAS_TEST_POSTGRES`; without it, SKIPPED (a failure under CI).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{crlf, fields_of, set, value_of, PASSWORD};
use pmatlas_store::users::Role;
use pmatlas_store::{Location, Store};

const SERVE: &str = "PMATLAS_TEST_SERVE";

/// Not a test of its own: the server process the test below starts (`PMATLAS_TEST_SERVE`
/// is "database-url address").
#[test]
#[ignore = "started by killing_one_instance_loses_no_write"]
fn server_process() {
    let Ok(how) = std::env::var(SERVE) else { return };
    let (db, addr) = how.split_once(' ').unwrap();
    let at = Location::parse(db);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let limits = pmatlas_web::server::Limits::default();
        pmatlas_web::serve(addr.parse().unwrap(), &at, limits, &[], None, None, None).await.unwrap();
    });
}

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(db: &str, addr: &str) -> Server {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "server_process", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(SERVE, format!("{db} {addr}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child, addr.to_string());
    let started = Instant::now();
    while http(addr, "GET", "/healthz", "", None).map(|r| r.status).ok() != Some(200) {
        assert!(started.elapsed() < Duration::from_secs(60), "the server at {addr} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn free_address() -> String {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string()
}

struct Reply {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

/// One HTTP/1.1 request on a connection of its own.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<&[(String, String)]>,
) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = form.map(|f| serde_urlencoded::to_string(f).unwrap()).unwrap_or_default();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\n");
    if form.is_some() {
        head += &format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len());
    }
    s.write_all(format!("{head}\r\n{body}").as_bytes())?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, mut body) = text.split_once("\r\n\r\n").ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let status = head.get(9..12).and_then(|s| s.parse().ok()).ok_or(std::io::ErrorKind::InvalidData)?;
    let lower = head.to_ascii_lowercase();
    let mut unchunked = String::new();
    if lower.contains("transfer-encoding: chunked") {
        while let Some((size, rest)) = body.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).map_err(|_| std::io::ErrorKind::InvalidData)?;
            if n == 0 || rest.len() < n {
                break;
            }
            unchunked.push_str(&rest[..n]);
            body = rest[n..].trim_start_matches("\r\n");
        }
        body = &unchunked;
    }
    let cookies = head
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .map(|l| l["set-cookie:".len()..].trim().split(';').next().unwrap().to_string())
        .collect();
    Ok(Reply { status, cookies, body: body.to_string() })
}

fn log_in(addr: &str, name: &str) -> String {
    let page = http(addr, "GET", "/login", "", None).unwrap();
    let fields = [
        ("csrf".to_string(), value_of(&page.body, "csrf")),
        ("name".into(), name.into()),
        ("password".into(), PASSWORD.into()),
    ];
    let done = http(addr, "POST", "/login", &page.cookies.join("; "), Some(&fields)).unwrap();
    assert_eq!(done.status, 303, "{}", done.body);
    done.cookies.into_iter().find(|c| c.starts_with("pmatlas_session=")).unwrap()
}

/// What happened to one write.
#[derive(Debug, PartialEq)]
enum Outcome {
    Landed,
    Refused,
    /// The server went away before answering: the write may or may not have committed.
    Unanswered,
    /// The server was gone before the form was read: nothing was sent.
    NotSent,
}

/// Reads the region's form on `addr` and sends it back with new interests.
fn write(addr: &str, cookie: &str, code: &str, text: &str) -> Outcome {
    let Ok(form) = http(addr, "GET", &format!("/regions/{code}/update"), cookie, None) else { return Outcome::NotSent };
    assert_eq!(form.status, 200, "{}", form.body);
    let mut fields = crlf(fields_of(&form.body));
    set(&mut fields, "interests", text);
    match http(addr, "POST", &format!("/regions/{code}/update"), cookie, Some(&fields)) {
        Ok(r) if r.status == 303 => Outcome::Landed,
        Ok(r) if r.status == 409 => Outcome::Refused,
        Ok(r) => panic!("writing {text} on {addr}: {} {}", r.status, r.body),
        Err(_) => Outcome::Unanswered,
    }
}

#[test]
fn killing_one_instance_loses_no_write() {
    let Some(admin) = pmatlas_store::testing::postgres_admin() else { return };
    let db = pmatlas_store::testing::postgres(&admin, "killed");
    let Location::Postgres(url) = &db.at else { unreachable!() };
    let mut regions = Vec::new();
    {
        let mut s = Store::connect(&db.at).unwrap();
        for p in pmatlas_core::synth::profiles(2, 9) {
            s.write(&common::write(&p, None)).unwrap();
            regions.push(p.code.to_string());
        }
        s.add_user("test", "curator", Role::Curator, PASSWORD).unwrap();
    }
    let (a_addr, b_addr) = (free_address(), free_address());
    let mut a = start(url, &a_addr);
    let b = start(url, &b_addr);
    let cookie = log_in(&a_addr, "curator");

    // Two curators write at once, one region each: the first through A (through B once A is
    // gone), the second through B.
    let sent = Arc::new(Mutex::new(Vec::<(String, Outcome, bool)>::new()));
    let a_gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = regions
        .iter()
        .enumerate()
        .map(|(w, code)| {
            let (sent, a_gone, cookie, code) = (sent.clone(), a_gone.clone(), cookie.clone(), code.clone());
            let (a_addr, b_addr) = (a_addr.clone(), b_addr.clone());
            std::thread::spawn(move || {
                let mut a_failed = false;
                for i in 0..30 {
                    let text = format!("Quokka interest {w}-{i}");
                    // The writer notices A is gone when A fails it, or is told so.
                    let on_b = w == 1 || a_failed || a_gone.load(std::sync::atomic::Ordering::SeqCst);
                    let outcome = write(if on_b { &b_addr } else { &a_addr }, &cookie, &code, &text);
                    assert!(!on_b || matches!(outcome, Outcome::Landed | Outcome::Refused), "B did not answer {text}");
                    a_failed |= !on_b && matches!(outcome, Outcome::Unanswered | Outcome::NotSent);
                    sent.lock().unwrap().push((text, outcome, on_b));
                }
            })
        })
        .collect();
    // A dies in the middle of the writes.
    while sent.lock().unwrap().len() < 16 {
        std::thread::sleep(Duration::from_millis(5));
    }
    a.0.kill().unwrap(); // SIGKILL
    a.0.wait().unwrap();
    a_gone.store(true, std::sync::atomic::Ordering::SeqCst);
    for t in writers {
        t.join().unwrap();
    }
    let sent = std::mem::take(&mut *sent.lock().unwrap());
    let landed_on_b_after = sent.iter().skip(16).filter(|(_, o, on_b)| *on_b && *o == Outcome::Landed).count();
    assert!(landed_on_b_after >= 10, "B keeps writing: {landed_on_b_after} writes landed after the kill");
    let count = |o: Outcome| sent.iter().filter(|(_, x, _)| *x == o).count();
    eprintln!(
        "landed {}, refused {}, unanswered {}, not sent {}; {landed_on_b_after} landed on B after the kill",
        count(Outcome::Landed),
        count(Outcome::Refused),
        count(Outcome::Unanswered),
        count(Outcome::NotSent)
    );
    let unanswered = sent.iter().filter(|(_, o, _)| matches!(o, Outcome::Unanswered | Outcome::NotSent)).count();
    assert!(unanswered <= 1, "only the write in flight when A died is unanswered: {unanswered}");

    // Each landed write is one version; a stored text was sent and is not a refused one.
    let s = Store::connect(&db.at).unwrap();
    let mut last = Vec::new();
    for code in &regions {
        let code = pmatlas_core::NutsCode::parse(code).unwrap();
        let history = s.history(&code).unwrap();
        let stored: Vec<String> = history
            .iter()
            .skip(1)
            .map(|v| s.version(&code, v.number).unwrap().1.collaboration.and_then(|c| c.interests).unwrap().to_string())
            .collect();
        for (text, outcome, _) in sent.iter().filter(|(t, _, _)| {
            t.starts_with(&format!("Quokka interest {}-", regions.iter().position(|r| *r == code.as_str()).unwrap()))
        }) {
            let n = stored.iter().filter(|t| *t == text).count();
            match outcome {
                Outcome::Landed => assert_eq!(n, 1, "{text} was acknowledged: stored once"),
                Outcome::Refused => assert_eq!(n, 0, "{text} was refused: not stored"),
                Outcome::Unanswered => assert!(n <= 1, "{text}"),
                Outcome::NotSent => assert_eq!(n, 0, "{text} was not sent"),
            }
        }
        assert!(stored.iter().all(|t| sent.iter().any(|(s, _, _)| s == t)), "nothing stored that was not sent");
        last.push((code, stored.last().unwrap().clone()));
    }

    // A, started again, catches up: it serves the last write of each region, as B does.
    let a = start(url, &a_addr);
    for (code, text) in &last {
        let path = format!("/regions/{code}");
        let (pa, pb) = (http(&a.1, "GET", &path, "", None).unwrap(), http(&b.1, "GET", &path, "", None).unwrap());
        assert!(pa.body.contains(text.as_str()), "A started again serves {text}");
        assert_eq!(pa.body, pb.body, "A and B serve the same page of {code}");
    }
    drop((a, b));
}
