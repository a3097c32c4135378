//! Browser tests: the real server on a random loopback port, driven by headless Chromium
//! through tests/browser/run.mjs (Playwright-core and axe-core from npm, Debian's Chromium).
//! `.ci/run` installs both; elsewhere the test is skipped with a note when they are missing.
//! `PMATLAS_SCREENSHOTS=DIR` also writes the screenshots of docs/screenshots.

use std::path::PathBuf;
use std::process::Command;

mod common;
use pmatlas_web::{app, AppState};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Starts the site over a database with the seed (two versions) and generated profiles;
/// returns its base URL and a code to compare with.
async fn start() -> (String, String) {
    // The seed's 2019 document, then its current form; then generated profiles.
    let mut extra = pmatlas_core::synth::profiles(240, 8);
    // Germany's national profile, which must not hide Thuringia's on the map.
    let mut germany = pmatlas_core::synth::profile(9_999, 8);
    germany.code = pmatlas_core::NutsCode::parse("DE").unwrap();
    germany.name = pmatlas_core::Text::new("Germany").unwrap();
    extra.retain(|p| p.code.as_str() != "DE" && p.code.as_str() != "BE2");
    extra.push(germany);
    // Long addresses and words, as real pages have them (they must wrap at 320 px).
    let mut flanders = pmatlas_core::synth::profile(9_998, 8);
    flanders.code = pmatlas_core::NutsCode::parse("BE2").unwrap();
    flanders.websites = vec![pmatlas_core::Text::new("https://www.vlaanderen.be/departement-economie-wetenschap-en-innovatie/beleidsplan-gepersonaliseerde-geneeskunde-2021-2025").unwrap()];
    flanders.description.push(pmatlas_core::Text::new("Vlaamsbeleidsplangepersonaliseerdegeneeskundeinnovatietrajecten and https://www.ewi-vlaanderen.be/nieuws/vlaams-beleidsplan-gepersonaliseerde-geneeskunde-goedgekeurd").unwrap());
    extra.push(flanders);
    let mut store = common::seeded_store(&[common::seed_with_population(2_151_205), common::seed()], &extra);
    // A curator, and an editor of Thuringia (the survey and review checks run last).
    use pmatlas_store::users::Role;
    store.add_user("test", "cura", Role::Curator, "curator password 1").unwrap();
    store.add_user("test", "ed", Role::Editor, "editor password 1").unwrap();
    store.assign("test", "ed", &pmatlas_core::NutsCode::parse("DEG").unwrap(), true).unwrap();
    let seed = common::seed();
    let other = extra.iter().find(|p| p.code != seed.code && p.code.level() == 2).map(|p| p.code.to_string()).unwrap();
    // The real GISCO boundaries when the shared reference data is there, else our fixture.
    let gisco = repo().join("../shared/reference/nuts-geometry.geojson");
    let geojson =
        std::fs::read_to_string(&gisco).unwrap_or_else(|_| include_str!("fixtures/shapes.geojson").to_string());
    store.install_shapes(&pmatlas_core::geo::shapes_from_geojson(&geojson, 1500.0).unwrap(), "test").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app(AppState::from_store(store).unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_in_a_real_browser() {
    let dir = repo().join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = dir.join("node_modules/playwright-core").is_dir() && std::path::Path::new(&chromium).exists();
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "CI must install Chromium and the npm packages (see .ci/run)");
        eprintln!("SKIPPED: browser tests need {chromium} and `npm ci` in tests/browser (as .ci/run does)");
        return;
    }
    let (base, other) = start().await;
    let mut cmd = Command::new("node");
    cmd.current_dir(&dir).arg("run.mjs").arg(&base).arg(&other);
    if let Some(shots) = std::env::var_os("PMATLAS_SCREENSHOTS") {
        cmd.arg(shots);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("node runs")).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "browser tests failed:\n{stdout}");
    assert!(stdout.contains(" passed, 0 failed"));
}
