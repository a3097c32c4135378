//! The site on PostgreSQL, as an institution runs it: two instances on one database share
//! accounts, sessions and throttling, and a change made through one is served by the other
//! once its watcher sees the commit. Needs `PMATLAS_TEST_POSTGRES` (see
//! `pmatlas_store::testing`); without it, SKIPPED (a failure under CI).

mod common;

use std::time::{Duration, Instant};

use common::{crlf, fields_of, get, log_in, post, send, set, PASSWORD};
use pmatlas_core::Text;
use pmatlas_store::users::Role;
use pmatlas_store::{Source, Store, Write};
use pmatlas_web::{app, AppState};

/// A site on the database at `at`, opened as `serve` does, off the async threads (a
/// PostgreSQL client blocks).
async fn open(at: pmatlas_store::Location) -> AppState {
    tokio::task::spawn_blocking(move || AppState::open(&at, 4)).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_serve_the_same_site() {
    let Some(admin) = pmatlas_store::testing::postgres_admin() else { return };
    let db = pmatlas_store::testing::postgres(&admin, "web_two");
    let a = open(db.at.clone()).await;
    let b = open(db.at.clone()).await;
    let (site_a, site_b) = (app(a.clone()), app(b.clone()));
    // B learns of A's commits from PostgreSQL's notifications: its own check comes only
    // once a minute here, so a change seen sooner came by notification.
    let nudge = pmatlas_web::listen_for_commits(db.at.clone());
    tokio::spawn(b.clone().watch_database_nudged(Duration::from_secs(60), Some(nudge)));

    // The demo profile was stored once, by the first instance; both serve it alike.
    let (sa, _, page_a) = send(&site_a, get("/regions/DEG", "")).await;
    let (sb, _, page_b) = send(&site_b, get("/regions/DEG", "")).await;
    assert_eq!((sa.as_u16(), sb.as_u16()), (200, 200));
    assert_eq!(page_a, page_b);
    let history = a.with_store(|s| s.history(&common::seed().code)).await.unwrap();
    assert_eq!(history.len(), 1, "the demo profile is one version, not one per instance");

    // An account made through one instance signs in on it; its session holds on the other.
    a.with_store(|s| s.add_user("test", "alice", Role::Curator, PASSWORD)).await.unwrap();
    let (cookie, _) = log_in(&site_a, "alice").await;
    let (status, _, account) = send(&site_b, get("/account", &cookie)).await;
    assert_eq!(status.as_u16(), 200);
    assert!(account.contains("alice"), "the session made on A is known to B");

    // Failed logins on one instance count on the other.
    a.with_store(|s| s.add_user("test", "bob", Role::Editor, PASSWORD)).await.unwrap();
    for _ in 0..5 {
        let e = a.with_store(|s| s.login("bob", "not the password at all", "198.51.100.9")).await;
        assert!(e.is_err());
    }
    let e = b.with_store(|s| s.login("bob", PASSWORD, "198.51.100.9")).await.unwrap_err();
    assert!(format!("{e:?}").starts_with("Throttled("), "{e:?}");

    // A change made through A: A serves it at once, B once its watcher has seen the commit.
    let mut p = common::seed();
    p.description.push(Text::new("Quokka telemetry written through instance A.").unwrap());
    a.with_store(move |s| {
        let current = s.current_version(&p.code)?;
        s.write(&Write { comment: Some("edited on A"), ..Write::new(&p, current, "alice", Source::Edit) })
    })
    .await
    .unwrap();
    a.refresh().await.unwrap();
    let started = Instant::now();
    assert!(send(&site_a, get("/regions/DEG", "")).await.2.contains("Quokka telemetry"));
    let mut seen = false;
    while started.elapsed() < Duration::from_secs(10) {
        if send(&site_b, get("/regions/DEG", "")).await.2.contains("Quokka telemetry") {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(seen, "B never served the change made through A");
    eprintln!("B served A's change after {} ms", started.elapsed().as_millis());
    let (page_a, page_b) =
        (send(&site_a, get("/regions/DEG", "")).await.2, send(&site_b, get("/regions/DEG", "")).await.2);
    assert_eq!(page_a, page_b, "both instances answer the same page");

    // A write based on the version before is refused on B too, naming both versions.
    let stale = common::seed();
    let e = b
        .with_store(move |s| s.write(&Write::new(&stale, Some(1), "bob", Source::Edit)))
        .await
        .map(|_| ())
        .unwrap_err();
    let why = format!("{e:?}");
    assert!(why.starts_with("Conflict(") && why.contains("version 1") && why.contains("version 2"), "{why}");
}

/// Four curators write 25 times each through two instances on one database, each reading
/// the form on one instance and sending it to the other: every write either lands as a
/// version of its own or is refused as a conflict that names both versions; none is lost,
/// none lands twice, and both instances end up serving the last one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_writers_over_two_instances_lose_nothing() {
    let Some(admin) = pmatlas_store::testing::postgres_admin() else { return };
    let db = pmatlas_store::testing::postgres(&admin, "web_writers");
    let (a, b) = (open(db.at.clone()).await, open(db.at.clone()).await);
    for (state, every) in [(&a, 1), (&b, 1)] {
        let nudge = pmatlas_web::listen_for_commits(db.at.clone());
        tokio::spawn(state.clone().watch_database_nudged(Duration::from_secs(every), Some(nudge)));
    }
    let sites = [app(a.clone()), app(b.clone())];
    let mut writers = Vec::new();
    for w in 0..4 {
        let name = format!("curator{w}");
        let n = name.clone();
        a.with_store(move |s| s.add_user("test", &n, Role::Curator, PASSWORD)).await.unwrap();
        let (cookie, _) = log_in(&sites[w % 2], &name).await;
        let sites = sites.clone();
        writers.push(tokio::spawn(async move {
            let (mut landed, mut refused) = (Vec::new(), Vec::new());
            for i in 0..25 {
                let (from, to) = (&sites[(w + i) % 2], &sites[(w + i + 1) % 2]);
                let (status, _, form) = send(from, get("/regions/DEG/update", &cookie)).await;
                assert_eq!(status.as_u16(), 200, "{form}");
                let mut fields = crlf(fields_of(&form));
                let text = format!("Quokka interest {w}-{i}");
                set(&mut fields, "interests", &text);
                let (status, _, body) = send(to, post("/regions/DEG/update", &cookie, &fields)).await;
                match status.as_u16() {
                    303 => landed.push(text),
                    409 => {
                        // "based on version N but the current one is M"
                        let named: Vec<u32> = body
                            .split("version ")
                            .skip(1)
                            .filter_map(|t| t.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
                            .collect();
                        assert!(
                            named.len() >= 2 && named[0] < named[1],
                            "a conflict names the version it was based on and the current one: {body}"
                        );
                        refused.push(text);
                    }
                    other => panic!("write {w}-{i}: {other} {body}"),
                }
            }
            (landed, refused)
        }));
    }
    let (mut landed, mut refused) = (Vec::new(), Vec::new());
    for t in writers {
        let (l, r) = t.await.unwrap();
        landed.extend(l);
        refused.extend(r);
    }
    assert_eq!(landed.len() + refused.len(), 100);
    assert!(landed.len() >= 4, "{} writes landed", landed.len());
    let code = common::seed().code;
    let stored = a
        .with_store(move |s| {
            let mut texts = Vec::new();
            for v in s.history(&code)?.iter().skip(1) {
                let p = s.version(&code, v.number)?.1;
                texts.push(p.collaboration.and_then(|c| c.interests).map(|t| t.to_string()).unwrap_or_default());
            }
            Ok(texts)
        })
        .await
        .unwrap();
    let (mut want, mut got) = (landed.clone(), stored.clone());
    want.sort();
    got.sort();
    assert_eq!(got, want, "each landed write is one version; no refused write is stored");
    // Both instances serve the last version.
    let last = stored.last().unwrap().clone();
    let started = Instant::now();
    loop {
        let pages =
            [send(&sites[0], get("/regions/DEG", "")).await.2, send(&sites[1], get("/regions/DEG", "")).await.2];
        if pages.iter().all(|p| p.contains(&last)) {
            assert_eq!(pages[0], pages[1]);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the instances do not serve the last version");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("{} writes landed, {} refused as conflicts", landed.len(), refused.len());
    tokio::task::spawn_blocking(move || drop((sites, a, b, db))).await.unwrap();
}

/// A SQLite site copied to PostgreSQL by `migrate` answers the same pages, and its
/// accounts, submissions and history came along.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_migrated_to_postgres_answers_the_same_pages() {
    let Some(admin) = pmatlas_store::testing::postgres_admin() else { return };
    let target = pmatlas_store::testing::postgres(&admin, "web_migrate");
    let source = pmatlas_store::testing::sqlite("web_migrate");
    let at = (source.at.clone(), target.at.clone());
    let (from, to) = tokio::task::spawn_blocking(move || {
        let mut s = Store::connect(&at.0).unwrap();
        let mut profiles = pmatlas_core::synth::profiles(40, 3);
        profiles.retain(|p| p.code != common::seed().code);
        profiles.push(common::seed());
        for p in &profiles {
            s.write(&common::write(p, None)).unwrap();
        }
        s.write(&common::write(&common::seed_with_population(2_000_002), Some(1))).unwrap();
        s.add_user("test", "carol", Role::Editor, PASSWORD).unwrap();
        s.submit(&common::seed_with_population(2_000_003), Some(2), "carol", None, Some("new figure")).unwrap();
        s.save_draft(None, Some("DEG"), Some(2), &[("name".into(), "Thüringen".into())], "visitor").unwrap();
        let copied = pmatlas_store::migrate::copy_all(&s, &mut Store::connect(&at.1).unwrap(), |_, _| {}).unwrap();
        let rows = |t: &str| copied.iter().find(|c| c.table == t).unwrap().rows;
        assert_eq!(rows("versions"), profiles.len() as u64 + 1);
        assert_eq!((rows("users"), rows("submissions"), rows("drafts")), (1, 1, 1));
        // A second copy into the same target is refused, and changes nothing.
        let again = pmatlas_store::migrate::copy_all(&s, &mut Store::connect(&at.1).unwrap(), |_, _| {});
        assert!(again.unwrap_err().to_string().contains("not empty"));
        let after = pmatlas_store::migrate::fingerprint(&Store::connect(&at.1).unwrap()).unwrap();
        assert_eq!(after, copied);
        (AppState::from_store(s).unwrap(), AppState::open(&at.1, 4).unwrap())
    })
    .await
    .unwrap();
    let (site_from, site_to) = (app(from), app(to.clone()));
    for uri in [
        "/",
        "/regions",
        "/regions/DEG",
        "/regions/DEG/versions",
        "/regions?q=health",
        "/stats",
        "/map",
        "/api/v1/regions/DEG",
        "/api/v1/regions/DEG/versions",
        "/regions/DEG/matches",
        "/api/regions/DEG/matches",
        "/regions.csv",
    ] {
        let (s1, _, a) = send(&site_from, get(uri, "")).await;
        let (s2, _, b) = send(&site_to, get(uri, "")).await;
        assert_eq!((s1.as_u16(), s2.as_u16()), (200, 200), "{uri}");
        assert_eq!(a, b, "{uri} differs after the migration");
    }
    // The account and its submission work on the copy.
    let pending = to.with_store(|s| s.pending()).await.unwrap().0;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].submitter, "carol");
    let (cookie, _) = log_in(&site_to, "carol").await;
    assert_eq!(send(&site_to, get("/account", &cookie)).await.0.as_u16(), 200);
    tokio::task::spawn_blocking(move || drop((site_from, site_to, to, target, source))).await.unwrap();
}
