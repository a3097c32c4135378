//! The survey's form: documents read back into it, sent back unchanged, changed from a
//! browser, drafts, step by step, and the limits it shares with import.

use super::*;

#[tokio::test]
async fn a_document_upload_is_read_back_into_the_form_with_its_warnings() {
    let app = site();
    let (ed, _) = log_in(&app, "ed").await;
    // Thuringia's document with a changed population and a line the reader warns about.
    let doc = include_str!("../../../../data/demo/DEG-thuringia.txt")
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
