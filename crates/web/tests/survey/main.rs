//! The survey and the review, in process: a region editor updates Thuringia and submits, a
//! curator sees the differences and approves, the site shows the new values at once; a
//! visitor's new region; the refusals (another region, no token, a robot, an editor
//! reviewing); conflicting approvals; markup stored as text.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_store::users::Role;
use pmatlas_web::{app, AppState};

#[path = "../common/mod.rs"]
mod common;
mod form;

also_on_postgres!();
use common::PASSWORD;
use common::{crlf, fields_of, get, log_in, post, send, set, value_of};

fn site() -> axum::Router {
    site_and_key().0
}

/// The regions the site's write hook was given, in order.
type Written = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// The site with a write hook that records the regions it is given.
fn site_with_hook() -> (axum::Router, Written) {
    let (state, _) = state_and_key();
    let written: Written = Default::default();
    let record = written.clone();
    let mut state = state;
    state.configure().on_write = Some(std::sync::Arc::new(move |codes: &[pmatlas_core::NutsCode]| {
        record.lock().unwrap().extend(codes.iter().map(|c| c.to_string()))
    }));
    (app(state), written)
}

/// The site, and the key its forms' fill-time stamps are signed with (the database's).
fn site_and_key() -> (axum::Router, String) {
    let (state, key) = state_and_key();
    (app(state), key)
}

fn state_and_key() -> (AppState, String) {
    let mut store = common::seeded_store(&[common::seed()], &pmatlas_core::synth::profiles(30, 2));
    let key = store.secret("form-stamp").unwrap();
    store.add_user("test", "cura", Role::Curator, PASSWORD).unwrap();
    store.add_user("test", "cura2", Role::Curator, PASSWORD).unwrap();
    store.add_user("test", "ed", Role::Editor, PASSWORD).unwrap();
    store.assign("test", "ed", &pmatlas_core::NutsCode::parse("DEG").unwrap(), true).unwrap();
    (AppState::from_store(store).unwrap(), key)
}

#[tokio::test]
async fn an_editor_submits_a_curator_approves_and_the_site_shows_it() {
    let (app, written) = site_with_hook();
    let (ed, ed_csrf) = log_in(&app, "ed").await;
    let (s, _, form) = send(&app, get("/regions/DEG/update", &ed)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("Your changes go to a curator"), "an editor's change is reviewed");
    let mut fields = fields_of(&form);
    assert_eq!(value_of(&form, "csrf"), ed_csrf);
    set(&mut fields, "interests", "Genomics and rare diseases, with partners in the Baltic");
    set(&mut fields, "membership.errin", "no");
    set(&mut fields, "comment", "new interests, left ERRIN");
    let (s, _, done) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    let status_url = done.split("href=\"/submissions/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (_, _, status) = send(&app, get(&format!("/submissions/{status_url}"), "")).await;
    assert!(status.contains("Status: <strong>pending</strong>"));
    // The editor's account lists what they sent.
    let (_, _, account) = send(&app, get("/account", &ed)).await;
    assert!(
        account.contains("<a href=\"/regions/DEG\">Thuringia</a> <span class=\"code\">DEG</span>")
            && account.contains("waiting for review"),
        "{account}"
    );
    // Nothing is published yet.
    let (_, _, profile) = send(&app, get("/regions/DEG", "")).await;
    assert!(!profile.contains("rare diseases"));
    // The editor cannot review.
    assert_eq!(send(&app, get("/review", &ed)).await.0, StatusCode::FORBIDDEN);
    let approve = vec![("csrf".to_string(), ed_csrf.clone()), ("comment".into(), "ok".into())];
    assert_eq!(send(&app, post("/review/1/approve", &ed, &approve)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post("/review/1/reject", &ed, &approve)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, get("/review/1/edit", &ed)).await.0, StatusCode::FORBIDDEN);
    // The curator sees it and what it changes, in words.
    let (cu, cu_csrf) = log_in(&app, "cura").await;
    let (_, _, queue) = send(&app, get("/review", &cu)).await;
    assert!(queue.contains("href=\"/review/1\"") && queue.contains(">ed<"));
    let (_, _, item) = send(&app, get("/review/1", &cu)).await;
    assert!(
        item.contains("class=\"approve\">Approve and publish") && item.contains("class=\"reject\">Reject"),
        "approving and rejecting look different"
    );
    assert!(
        item.contains("<dt>Memberships</dt>") && item.contains("ERRIN: member → not a member"),
        "{}",
        &item[item.find("<h2>").unwrap()..][..800]
    );
    assert!(item.contains("rare diseases"));
    let approve = vec![("csrf".to_string(), cu_csrf.clone()), ("comment".into(), "checked with the region".into())];
    let (s, h, _) = send(&app, post("/review/1/approve", &cu, &approve)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h[header::LOCATION], "/regions/DEG/versions/2");
    // The write hook (which embeds the new texts) runs for the region, off the request.
    for _ in 0..200 {
        if !written.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(*written.lock().unwrap(), ["DEG"], "the approval ran the write hook once, for Thuringia");
    // At once: the profile, the search facets and the versions page.
    let (_, _, profile) = send(&app, get("/regions/DEG", "")).await;
    assert!(profile.contains("Genomics and rare diseases"));
    let (_, _, facet) = send(&app, get("/regions?membership.errin=no&q=Thuringia", "")).await;
    assert!(facet.contains("href=\"/regions/DEG\""), "the search facets follow");
    let (_, _, versions) = send(&app, get("/regions/DEG/versions", "")).await;
    assert!(
        versions.contains("sent through the survey by ed")
            && versions.contains("submission 1 by ed, approved by cura: checked with the region"),
        "{versions}"
    );
    let (_, _, status) = send(&app, get(&format!("/submissions/{status_url}"), "")).await;
    assert!(status.contains("Status: <strong>approved</strong>") && status.contains("/regions/DEG/versions/2"));
}

#[tokio::test]
async fn refusals_another_region_no_token_robots_and_markup_kept_as_text() {
    let app = site();
    let (ed, csrf) = log_in(&app, "ed").await;
    let other = pmatlas_core::synth::profiles(30, 2).into_iter().find(|p| p.code.as_str() != "DEG").unwrap().code;
    assert_eq!(send(&app, get(&format!("/regions/{other}/update"), &ed)).await.0, StatusCode::FORBIDDEN);
    let (_, _, form) = send(&app, get("/regions/DEG/update", &ed)).await;
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", "forged");
    assert_eq!(send(&app, post("/regions/DEG/update", &ed, &fields)).await.0, StatusCode::FORBIDDEN);
    // A visitor: the honeypot and the fill time.
    let (_, _, vform) = send(&app, get("/regions/DEG/update", "")).await;
    assert!(vform.contains("name=\"homepage\""));
    let mut v = fields_of(&vform);
    set(&mut v, "homepage", "http://spam.example");
    set(&mut v, "started", "0");
    assert_eq!(send(&app, post("/regions/DEG/update", "", &v)).await.0, StatusCode::BAD_REQUEST);
    set(&mut v, "homepage", "");
    assert_eq!(
        send(&app, post("/regions/DEG/update", "", &v)).await.0,
        StatusCode::BAD_REQUEST,
        "too fast for a person"
    );
    // The time the form was shown is the server's, signed: an earlier one made up by the
    // client is no time at all.
    for forged in ["0", "1", "1.00000000000000000000000000000000"] {
        set(&mut v, "started", forged);
        assert_eq!(send(&app, post("/regions/DEG/update", "", &v)).await.0, StatusCode::BAD_REQUEST, "{forged}");
    }
    // Markup in every text is stored as text and shown inert.
    let xss = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> javascript:alert(3)";
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", &csrf);
    for f in
        ["name", "interests", "description", "websites", "policy_documents", "initiatives", "represented_in", "comment"]
    {
        set(&mut fields, f, xss);
    }
    let (s, _, _) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK);
    let (cu, cu_csrf) = log_in(&app, "cura").await;
    let (_, _, item) = send(&app, get("/review/1", &cu)).await;
    assert!(!item.contains("<script>alert") && !item.contains("<img src=x"), "review page: markup inert");
    assert!(
        item.contains("&lt;script&gt;") || item.contains("&#60;script&#62;"),
        "review page shows it as text: {}",
        &item[item.find("<h1>").unwrap()..][..1500]
    );
    let approve = vec![("csrf".to_string(), cu_csrf)];
    assert_eq!(send(&app, post("/review/1/approve", &cu, &approve)).await.0, StatusCode::SEE_OTHER);
    for page in ["/regions/DEG", "/regions/DEG/versions", &format!("/compare?r=DEG&r={other}")] {
        let (_, _, html) = send(&app, get(page, "")).await;
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{page}");
        assert!(!html.contains("href=\"javascript:"), "{page}");
    }
}

#[tokio::test]
async fn a_visitor_adds_a_region_and_conflicting_approvals_lose_nothing() {
    let (app, key) = site_and_key();
    let a_minute_ago = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() - 60;
    // A visitor's new region, reviewed and published. The form marks what is required, ties
    // each hint to its field, offers the regions by name and fills the sender's details.
    let (_, _, form) = send(&app, get("/survey", "")).await;
    for want in [
        "The region <span class=\"req\">(required)</span>",
        "<input id=\"f-code\" aria-describedby=\"h-code\"",
        "<option value=\"DEG\">Thüringen (Thuringia), Germany</option>",
        "name=\"contact\" value=\"\" type=\"email\" maxlength=\"200\" autocomplete=\"email\"",
        "autocomplete=\"name\"",
        "aria-describedby=\"h-support_measures measure-kinds\"",
    ] {
        assert!(form.contains(want), "{want:?}");
    }
    let hints = form.matches("<span class=\"help\" id=\"h-").count();
    assert_eq!(hints, form.matches("<span class=\"help\"").count(), "every hint has an id");
    for id in form.split("<span class=\"help\" id=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
        assert!(form.contains(&format!("aria-describedby=\"{id}")), "hint {id} is tied to its field");
    }
    let mut v = fields_of(&form);
    set(&mut v, "code", "ES51");
    set(&mut v, "name", "Catalunya");
    set(&mut v, "population", "7,700,000");
    // Filled for a minute, as the server's signed stamp says.
    set(&mut v, "started", &pmatlas_store::users::stamp(&key, a_minute_ago));
    set(&mut v, "contact", "someone@example.org");
    let (s, _, done) = send(&app, post("/survey", "", &v)).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(send(&app, get("/regions/ES51", "")).await.0, StatusCode::NOT_FOUND, "not published by itself");
    // A region picked by its name (Thüringen is DEG, which has a profile already), and a bad
    // number: messages next to the fields, tied to them for a screen reader.
    set(&mut v, "code", "Thüringen");
    set(&mut v, "population", "many");
    let (s, _, again) = send(&app, post("/survey", "", &v)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("DEG has a profile already") && again.contains("A number, such as"));
    assert!(again.contains("href=\"#f-population\""), "the summary links to the field");
    assert!(
        again.contains("<input id=\"f-population\" aria-describedby=\"e-population\" aria-invalid=\"true\"")
            && again.contains("<span class=\"field-error\" id=\"e-population\">"),
        "{again}"
    );
    assert!(again.contains("<input id=\"f-code\" aria-describedby=\"h-code e-code\" aria-invalid=\"true\""));
    set(&mut v, "code", "Nowhereland");
    let (_, _, unknown) = send(&app, post("/survey", "", &v)).await;
    assert!(unknown.contains("“Nowhereland” names no single region"), "{unknown}");
    let (cu, cu_csrf) = log_in(&app, "cura").await;
    let ok = vec![("csrf".to_string(), cu_csrf.clone())];
    assert_eq!(send(&app, post("/review/1/approve", &cu, &ok)).await.0, StatusCode::SEE_OTHER);
    let (s, _, es51) = send(&app, get("/regions/ES51", "")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(es51.contains("7,700,000"));
    // Two editors' submissions on version 1 both change the websites; two curators approve.
    let (ed, ed_csrf) = log_in(&app, "ed").await;
    for site in ["https://one.example", "https://two.example"] {
        let (_, _, f) = send(&app, get("/regions/DEG/update", &ed)).await;
        let mut fields = fields_of(&f);
        set(&mut fields, "websites", site);
        set(&mut fields, "csrf", &ed_csrf);
        assert_eq!(send(&app, post("/regions/DEG/update", &ed, &fields)).await.0, StatusCode::OK);
    }
    let (cu2, cu2_csrf) = log_in(&app, "cura2").await;
    assert_eq!(send(&app, post("/review/2/approve", &cu, &ok)).await.0, StatusCode::SEE_OTHER);
    let (s, _, conflict) = send(&app, post("/review/3/approve", &cu2, &[("csrf".to_string(), cu2_csrf)])).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(
        conflict.contains("made on version 1") && conflict.contains("version 2 (current now) changed Website"),
        "{conflict}"
    );
    let (_, _, deg) = send(&app, get("/regions/DEG", "")).await;
    assert!(deg.contains("one.example") && !deg.contains("two.example"), "the first approval stands");
    let (_, _, item) = send(&app, get("/review/3", &cu)).await;
    assert!(item.contains("What changed since, in version 2"), "both differences are shown");
}

/// A curator marks an editor trusted: the editor's next change publishes without review.
#[tokio::test]
async fn a_trusted_editor_publishes_at_once() {
    let app = site();
    let (cu, cu_csrf) = log_in(&app, "cura").await;
    let (_, _, account) = send(&app, get("/account", &cu)).await;
    assert!(account.contains("<td>ed</td><td>DEG</td>") && account.contains("Trust ed"));
    let (ed, ed_csrf) = log_in(&app, "ed").await;
    // An editor cannot trust anyone.
    let mine =
        vec![("csrf".to_string(), ed_csrf.clone()), ("name".into(), "ed".into()), ("trusted".into(), "yes".into())];
    assert_eq!(send(&app, post("/account/trust", &ed, &mine)).await.0, StatusCode::FORBIDDEN);
    let trust = vec![("csrf".to_string(), cu_csrf), ("name".into(), "ed".into()), ("trusted".into(), "yes".into())];
    assert_eq!(send(&app, post("/account/trust", &cu, &trust)).await.0, StatusCode::SEE_OTHER);
    let (_, _, form) = send(&app, get("/regions/DEG/update", &ed)).await;
    assert!(form.contains("Your changes are published when you save them."));
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", &ed_csrf);
    set(&mut fields, "websites", "https://www.thueringen.de");
    let (s, h, _) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!((s, h[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/regions/DEG"));
    let (_, _, profile) = send(&app, get("/regions/DEG", "")).await;
    assert!(profile.contains("https://www.thueringen.de"), "published at once");
}

/// A new name in letters of two scripts (a look-alike, "Тhuringia" with a Cyrillic Т) is
/// refused next to the name field.
#[tokio::test]
async fn a_look_alike_name_is_refused() {
    let app = site();
    let (cu, csrf) = log_in(&app, "cura").await;
    let (_, _, form) = send(&app, get("/regions/DEG/update", &cu)).await;
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "name", "\u{422}huringia");
    let (s, _, page) = send(&app, post("/regions/DEG/update", &cu, &fields)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("mixes letters of different scripts"), "said next to the name");
}
