//! `pmatlas migrate`: the shared corpus, imported into SQLite, copied into PostgreSQL and
//! verified; the copy refuses a second copy; and `pmatlas serve` on either database answers
//! the same pages. Needs `PMATLAS_TEST_POSTGRES` (see `pmatlas_store::testing`) and the
//! shared corpus; without them, SKIPPED (a failure under CI).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use pmatlas_store::Location;

fn pmatlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pmatlas")).args(args).output().unwrap()
}

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmatlas"))
        .args(["--db", db, "serve", "--addr", "127.0.0.1:0", "--access-log", "off"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        if let Some(at) = line.find("regions on http://") {
            break line[at + "regions on http://".len()..].trim().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server(child, addr)
}

fn get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&out[9..12]).parse().unwrap();
    (status, out[split + 4..].to_vec())
}

#[test]
fn the_corpus_migrated_to_postgres_answers_the_same_pages() {
    let Some(admin) = pmatlas_store::testing::postgres_admin() else { return };
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "the shared corpus is missing at {}", corpus.display());
        eprintln!("SKIPPED: the shared corpus is not at {}", corpus.display());
        return;
    }
    let source = pmatlas_store::testing::sqlite("cli_migrate");
    let target = pmatlas_store::testing::postgres(&admin, "cli_migrate");
    let (Location::Sqlite(file), Location::Postgres(url)) = (&source.at, &target.at) else { unreachable!() };
    let file = file.to_str().unwrap();
    let imported = pmatlas(&["--db", file, "import", "-q", corpus.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));

    let copied = pmatlas(&["migrate", "--from", file, "--to", url]);
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let said = String::from_utf8(copied.stdout).unwrap();
    assert!(said.contains("verified"), "{said}");
    // What it printed is the source's own count and hash of every table.
    let own = pmatlas_store::migrate::fingerprint(&source.store()).unwrap();
    for t in &own {
        let line = format!("{:<14} {:>8} rows  {}", t.table, t.rows, t.hash);
        assert!(said.contains(&line), "{line} in {said}");
    }
    assert!(own.iter().any(|t| t.table == "versions" && t.rows >= 10), "{own:?}");
    assert_eq!(pmatlas_store::migrate::fingerprint(&target.store()).unwrap(), own);

    let again = pmatlas(&["migrate", "--from", file, "--to", url]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert_eq!(pmatlas_store::migrate::fingerprint(&target.store()).unwrap(), own, "the refused copy changed nothing");

    let (a, b) = (serve(file), serve(url));
    let codes: Vec<String> =
        source.store().snapshot().unwrap().regions().iter().map(|r| r.profile.code.to_string()).collect();
    let mut paths = vec!["/".to_string(), "/regions".into(), "/stats".into(), "/map".into(), "/regions.csv".into()];
    for c in &codes {
        paths.push(format!("/regions/{c}"));
        paths.push(format!("/regions/{c}/versions"));
        paths.push(format!("/regions/{c}/matches"));
    }
    for p in &paths {
        let (x, y) = (get(&a.1, p), get(&b.1, p));
        assert_eq!(x.0, 200, "{p}");
        assert!(x == y, "{p} differs between the SQLite and the PostgreSQL site");
    }
}
