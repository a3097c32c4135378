//! The survey and the review, in process: a region editor updates Thuringia and submits, a
//! curator sees the differences and approves, the site shows the new values at once; a
//! visitor's new region; the refusals (another region, no token, a robot, an editor
//! reviewing); conflicting approvals; markup stored as text.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_store::users::Role;
use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::{crlf, fields_of, get, log_in, post, send, set, value_of};

use common::PASSWORD;

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

#[tokio::test]
async fn a_document_upload_is_read_back_into_the_form_with_its_warnings() {
    let app = site();
    let (ed, _) = log_in(&app, "ed").await;
    // Thuringia's document with a changed population and a line the reader warns about.
    let doc = include_str!("../../../data/demo/DEG-thuringia.txt")
        .replace("2,143,145", "2,222,222")
        .replace("Regional website", "Regional website\n\nNACE code(s): Q.86; ZZ.99");
    let boundary = "XyZboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"deg.txt\"\r\nContent-Type: text/plain\r\n\r\n{doc}\r\n--{boundary}--\r\n"
    );
    let req = Request::post("/regions/DEG/upload")
        .header(header::COOKIE, &ed)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let (s, _, form) = send(&app, req).await;
    assert_eq!(s, StatusCode::OK, "{form}");
    assert!(form.contains("Read from deg.txt"), "{}", &form[form.find("<h1>").unwrap()..][..600]);
    assert!(
        form.contains("name=\"population\" inputmode=\"numeric\" value=\"2222222\""),
        "the form is filled from the document"
    );
    // The reader's warning is next to its field, and in the summary.
    let nace_at = form.find("id=\"f-nace\"").unwrap();
    let next_field = form[nace_at..].find("<p>").unwrap();
    assert!(
        form[nace_at..nace_at + next_field]
            .contains("deg.txt, line 15: nace: &#39;ZZ.99&#39; is not a NACE Rev. 2 code")
            || form[nace_at..nace_at + next_field].contains("deg.txt, line 15:"),
        "{}",
        &form[nace_at..nace_at + next_field]
    );
    assert!(form.contains("href=\"#f-nace\""));
    // Nothing is stored until the form is sent.
    let (_, _, profile) = send(&app, get("/regions/DEG", "")).await;
    assert!(!profile.contains("2,222,222"));
    // Another region's document is refused with a message.
    let other = doc.replacen("DEG", "DEF", 1);
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"x.txt\"\r\n\r\n{other}\r\n--{boundary}--\r\n"
    );
    let req = Request::post("/regions/DEG/upload")
        .header(header::COOKIE, &ed)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let (s, _, refused) = send(&app, req).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
}

/// The form loses nothing: sent back unchanged, it is the same profile (no new version).
#[tokio::test]
async fn the_form_sent_back_unchanged_is_the_same_profile() {
    let app = site();
    let (cu, csrf) = log_in(&app, "cura").await;
    let mut codes = vec!["DEG".to_string()];
    codes.extend(
        pmatlas_core::synth::profiles(30, 2).iter().map(|p| p.code.to_string()).filter(|c| c != "DEG").take(12),
    );
    for code in codes {
        let (_, _, form) = send(&app, get(&format!("/regions/{code}/update"), &cu)).await;
        // As a browser sends it: every line break of a textarea as CRLF.
        let mut fields = crlf(fields_of(&form));
        set(&mut fields, "csrf", &csrf);
        let (s, _, body) = send(&app, post(&format!("/regions/{code}/update"), &cu, &fields)).await;
        assert_eq!(s, StatusCode::OK, "{code}: {body}");
        assert!(body.contains("Nothing changed"), "{code}: an unchanged form says so");
        let (_, _, versions) = send(&app, get(&format!("/regions/{code}/versions"), "")).await;
        assert!(
            !versions.contains("Version 2</a>"),
            "{code}: the unchanged form made a new version: {}",
            &versions[versions.find("<ol").unwrap()..][..1500]
        );
    }
}

/// An editor changes one answer in a form sent with CRLF line breaks: the curator sees exactly
/// that change, the description keeps its paragraphs, and the same form sent unchanged is no
/// submission at all.
#[tokio::test]
async fn a_browser_form_changes_only_what_the_editor_changed() {
    let app = site();
    let (ed, ed_csrf) = log_in(&app, "ed").await;
    let (_, _, form) = send(&app, get("/regions/DEG/update", &ed)).await;
    let paragraphs = common::seed().description.len();
    assert!(paragraphs > 1, "the seed's description has paragraphs");
    let mut fields = crlf(fields_of(&form));
    set(&mut fields, "csrf", &ed_csrf);
    let (s, _, same) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(same.contains("Nothing changed") && !same.contains("/submissions/"), "no submission for no change");
    set(&mut fields, "interests", "Genomics and rare diseases");
    let (s, _, done) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert!(done.contains("/submissions/"), "{done}");
    let (cu, _) = log_in(&app, "cura").await;
    let (_, _, item) = send(&app, get("/review/1", &cu)).await;
    let changes = &item[item.find("<h2>").unwrap()..];
    assert_eq!(changes.matches("<dt>").count(), 1, "exactly one field changed: {changes}");
    assert!(changes.contains("<dt>Collaboration</dt>"), "{changes}");
    assert!(!changes.contains("Description"), "{changes}");
}

/// A draft is saved on the server, resumed from its private link as it was left (even
/// half-filled), and gone once the form is sent.
#[tokio::test]
async fn a_draft_is_saved_resumed_and_sent() {
    let app = site();
    let (ed, csrf) = log_in(&app, "ed").await;
    let (_, _, form) = send(&app, get("/regions/DEG/update", &ed)).await;
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "interests", "Half-written: proteomics and");
    set(&mut fields, "population", "not yet known");
    set(&mut fields, "action", "draft");
    let (s, _, saved) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    let link = saved.split("href=\"/drafts/").nth(1).unwrap().split('"').next().unwrap().to_string();
    // Nothing sent: no submission, no version.
    let (cu, _) = log_in(&app, "cura").await;
    assert!(send(&app, get("/review", &cu)).await.2.contains("None is waiting"));
    // Resumed as it was left, from the link alone.
    let (s, h, resumed) = send(&app, get(&format!("/drafts/{link}"), &ed)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h.get(header::ETAG).is_none(), "a draft changes without the data changing: never tagged");
    assert_eq!(h[header::CACHE_CONTROL], "private, no-store");
    assert!(resumed.contains("Half-written: proteomics and") && resumed.contains("value=\"not yet known\""));
    assert!(resumed.contains(&format!("name=\"draft\" value=\"{link}\"")));
    // Finished and sent: a submission, and the draft is gone.
    let mut fields = fields_of(&resumed);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "interests", "Proteomics and biobanks");
    set(&mut fields, "population", "2120237");
    let (s, _, done) = send(&app, post("/regions/DEG/update", &ed, &fields)).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert!(done.contains("Follow it here"));
    assert_eq!(send(&app, get(&format!("/drafts/{link}"), &ed)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get("/drafts/nonsense", &ed)).await.0, StatusCode::NOT_FOUND);
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

#[tokio::test]
async fn support_measures_and_the_national_level_are_on_the_form() {
    let app = site();
    let (cu, csrf) = log_in(&app, "cura").await;
    let (_, _, form) = send(&app, get("/regions/DEG/update", &cu)).await;
    let mut fields = fields_of(&form);
    let measures = fields.iter().find(|(k, _)| k == "support_measures").unwrap().1.clone();
    assert!(measures.contains("Integrierte Biobank Jena"), "the form shows the profile's measures: {measures}");
    set(&mut fields, "csrf", &csrf);
    // A line that names no kind of measure is refused next to the field; nothing is written.
    set(&mut fields, "support_measures", &format!("{measures}\nA bicycle for every researcher"));
    let (s, _, html) = send(&app, post("/regions/DEG/update", &cu, &fields)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("“A bicycle for every researcher” does not start with a kind of measure"));
    assert!(html.contains("href=\"#f-support_measures\""), "the summary links to the field");
    // A new line in the text format's words is read; the old line stays as it was.
    let added =
        "National Databases and standards, linked to personalised medicine (incl. biobanks) Genomdatenbank Thüringen";
    set(&mut fields, "support_measures", &format!("{measures}\n{added}"));
    assert_eq!(fields.iter().find(|(k, _)| k == "national_level").unwrap().1, "no");
    set(&mut fields, "national_level", "yes");
    let (s, _, _) = send(&app, post("/regions/DEG/update", &cu, &fields)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, _, profile) = send(&app, get("/regions/DEG", "")).await;
    assert!(profile.contains("National · Databases and standards") && profile.contains(": Genomdatenbank Thüringen"));
    assert!(profile.contains(": Integrierte Biobank Jena"));
    assert!(profile.contains("national-level profile"), "the region's answer to the form's national-level question");
    let (_, _, api) = send(&app, get("/api/v1/regions/DEG", "")).await;
    assert!(api.contains("\"level\":\"national\"") || api.contains("\"level\": \"national\""), "{api}");
}

/// The field limit of import holds on the forms too: a curator's 29,999-character paragraph is
/// refused next to its field, nothing is written, and every stored profile still imports.
#[tokio::test]
async fn the_forms_keep_the_field_limit_of_import() {
    let app = site();
    let (cu, csrf) = log_in(&app, "cura").await;
    let (_, _, form) = send(&app, get("/regions/DEG/update", &cu)).await;
    let mut fields = fields_of(&form);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "description", &"word ".repeat(6_000));
    let (s, _, page) = send(&app, post("/regions/DEG/update", &cu, &fields)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", &page[..page.len().min(400)]);
    assert!(page.contains("At most 20000 characters a paragraph or item; one has 29999."), "said next to the field");
    let (_, _, versions) = send(&app, get("/regions/DEG/versions", "")).await;
    assert!(!versions.contains("Version 2</a>"), "nothing written");
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

/// The new-region survey in steps: one section shown a page (the others hidden but sent), the
/// progress shown; "Save and continue" checks only the section left, "Back" nothing; moving
/// between steps stores nothing and does not count against a visitor's hourly submissions.
#[tokio::test]
async fn the_survey_goes_step_by_step_and_keeps_what_was_typed() {
    let (app, key) = site_and_key();
    let a_minute_ago = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() - 60;
    let (_, _, form) = send(&app, get("/survey", "")).await;
    assert!(form.contains("Step 1 of 6: <strong>The region</strong>"), "{form}");
    assert!(form.contains("<fieldset hidden><legend>Collaboration</legend>"), "later sections hidden");
    assert!(form.contains("value=\"next\">Save and continue</button>") && !form.contains("Send for review"));
    let mut v = fields_of(&form);
    set(&mut v, "started", &pmatlas_store::users::stamp(&key, a_minute_ago));
    set(&mut v, "code", "ES51");
    set(&mut v, "name", "Catalunya");
    set(&mut v, "population", "many");
    set(&mut v, "action", "next");
    let (s, _, stay) = send(&app, post("/survey", "", &v)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stay.contains("Step 1 of 6") && stay.contains("A number, such as"), "stays, with the message");
    set(&mut v, "population", "7,700,000");
    let mut page = String::new();
    for (step, name) in [
        (1, "Collaboration"),
        (2, "Memberships"),
        (3, "Policies and codes"),
        (4, "Self-evaluation"),
        (5, "About this change"),
    ] {
        let (s, _, next) = send(&app, post("/survey", "", &v)).await;
        assert_eq!(s, StatusCode::OK, "{next}");
        assert!(next.contains(&format!("Step {} of 6: <strong>{name}</strong>", step + 1)), "{next}");
        assert!(next.contains("value=\"7,700,000\""), "what was typed is carried");
        set(&mut v, "step", &step.to_string());
        page = next;
    }
    assert!(page.contains("Send for review") && page.contains("value=\"back\""));
    set(&mut v, "action", "back");
    let (_, _, back) = send(&app, post("/survey", "", &v)).await;
    assert!(back.contains("Step 5 of 6: <strong>Self-evaluation</strong>"));
    set(&mut v, "action", "");
    set(&mut v, "contact_name", "Someone");
    set(&mut v, "contact", "someone@example.org");
    let (s, _, done) = send(&app, post("/survey", "", &v)).await;
    assert_eq!(s, StatusCode::OK, "eight step posts did not use up the hour's five submissions: {done}");
    assert!(done.contains("Follow it here"), "{done}");
    let (cu, _) = log_in(&app, "cura").await;
    let (_, _, item) = send(&app, get("/review/1", &cu)).await;
    assert!(item.contains("(Someone &#60;someone@example.org&#62;)"), "{item}");
}
