//! Property-based testing of the JSON API against its own OpenAPI document: schemathesis
//! (`pip install schemathesis`, as .ci/run does) generates thousands of requests from the
//! served document and checks every response against it (status codes, content types,
//! schemas, and that valid requests are accepted and invalid ones refused).

use std::process::Command;

use pmatlas_web::{app, AppState};

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_conforms_to_its_openapi_document() {
    let st = ["st", "schemathesis"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(st) = st else {
        assert!(std::env::var_os("CI").is_none(), "CI must install schemathesis (see .ci/run)");
        eprintln!("SKIPPED: the API conformance test needs schemathesis (pip install schemathesis)");
        return;
    };
    // The demo set and the seed with two versions: regions, versions, matches to find.
    let store =
        common::seeded_store(&[common::seed(), common::seed_with_population(2_120_237)], &pmatlas_core::synth::demo(1));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = app(AppState::from_store(store).unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let (st, doc, url) = (st.to_string(), format!("{base}/api/openapi.json"), base.clone());
    let out = tokio::task::spawn_blocking(move || {
        // Its cache goes to a folder of its own, removed afterwards, not the checkout.
        let dir = pmatlas_store::testing::TempDir::new("schemathesis");
        Command::new(st)
            .current_dir(&*dir)
            .args(["run", &doc, "--url", &url, "--checks", "all", "--max-examples", "100", "--seed", "1"])
            .env("NO_COLOR", "1")
            .output()
            .expect("schemathesis runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    let summary = stdout.lines().find(|l| l.contains(" generated, ")).unwrap_or("");
    let numbers: Vec<usize> = summary.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    assert!(out.status.success(), "schemathesis found failures:\n{stdout}");
    assert!(numbers.first().is_some_and(|&n| n >= 1000), "at least 1,000 requests: {summary}");
    assert!(summary.contains(" passed"), "{summary}");
}
