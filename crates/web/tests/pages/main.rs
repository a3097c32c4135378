//! The site's pages, in process: content, status codes, headers, escaping, search, compare.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_core::{Profile, Text};
use pmatlas_store::{Source, Store, Write};
use pmatlas_web::{app, AppState};
use tower::ServiceExt;

#[path = "../common/mod.rs"]
mod common;
mod fast;
mod limits;
mod map;
mod matches;
mod search;
mod stats;
mod versions;

also_on_postgres!();
use common::{seed, seeded_store, write};

/// An app over an in-memory database holding the seed, a second version of it, and the
/// generated profiles given.
fn test_app(extra: &[Profile]) -> axum::Router {
    app(AppState::from_store(seeded_store(&[seed(), common::seed_with_population(2_120_237)], extra)).unwrap())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn profile_page_shows_every_section() {
    let app = test_app(&[]);
    let (status, headers, html) = get(&app, "/regions/DEG").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    for needle in [
        "<h1>Thuringia <span class=\"code\">DEG</span></h1>",
        "2,120,237", // the current version's population
        "134 per km²",
        "25.72 %",
        "Regional Innovation Scoreboard 2019",
        "Thuringian ClusterManagement (ThCM)",
        "title=\"written as “KI”\">Artificial intelligence</a>",
        "class=\"member partial\"",
        "Member through the country",
        "Manufacture of chemicals and chemical products",
        "href=\"/regions?nace=C.20\"",
        "Integrierte Biobank Jena",
        "Medtch4Europe",
        "aria-label=\"Very high, 5 of 5\"",
        "Version 2",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert_eq!(html.matches("class=\"seg on\"").count(), 3 + 4 + 5 + 4 + 3 + 4, "the six ratings as scales");
}

#[tokio::test]
async fn lower_case_codes_and_unknown_regions() {
    let app = test_app(&[]);
    assert_eq!(get(&app, "/regions/deg").await.0, StatusCode::OK);
    let (status, _, html) = get(&app, "/regions/XX9").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("There is no profile for the region code “XX9”"));
    assert_eq!(get(&app, "/nowhere").await.0, StatusCode::NOT_FOUND);
    let (status, _, body) = get(&app, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((health["status"].as_str(), health["database"].as_str()), (Some("ok"), Some("ok")), "{body}");
    assert_eq!(health["regions"], 1);
    assert!(health["generation"].as_i64().unwrap() >= 1 && health["view_checked_ms_ago"].is_u64(), "{body}");
}

#[tokio::test]
async fn compare_highlights_differences() {
    let extra = vec![pmatlas_core::synth::profile(5, 2)];
    let other = extra[0].code.to_string();
    let app = test_app(&extra);
    let (_, _, html) = get(&app, &format!("/compare?r=DEG&r={other}")).await;
    assert!(html.contains(
        "<tr class=\"differs\"><th scope=\"row\"><span class=\"ne\" aria-hidden=\"true\">≠</span><span class=\"visually-hidden\">Differs: </span> Country</th>"
    ));
    assert!(html.contains(&format!("href=\"/compare?r={other}\"")), "remove DEG keeps the other");
    // The titles of the policy documents and initiatives unfold under their counts.
    let deg = seed();
    let first_initiative = deg.initiatives[0].name.to_string();
    assert!(html.contains(&format!("<li>{}</li>", askama_escape(&first_initiative))), "initiatives by title");
    assert!(html.contains("<details><summary>"), "collapsible lists");
    // Every list the profile page shows has its row: biobanks, EU platforms among them.
    for (label, items) in [
        ("Support measures, databases and biobanks", deg.support_measures.iter().map(|m| m.summary()).collect()),
        ("Represented in EU platforms", deg.represented_in.iter().map(|r| r.text.to_string()).collect::<Vec<_>>()),
    ] {
        assert!(!items.is_empty() && html.contains(&format!("{label}</th>")), "{label}");
        assert!(items.iter().all(|i| html.contains(&format!("<li>{}</li>", askama_escape(i)))), "{label}: {items:?}");
    }
    let name = extra[0].name.to_string();
    assert!(
        html.contains(&format!("<title>Compare Thuringia, {} · pmatlas</title>", askama_escape(&name))),
        "a title per comparison"
    );
    let (_, _, one) = get(&app, "/compare?r=DEG").await;
    assert!(one.contains("Choose two to four regions"));
    let (_, _, bad) = get(&app, "/compare?r=DEG&r=ZZ").await;
    assert!(bad.contains("No profile for: ZZ."));
}

#[tokio::test]
async fn a_strategy_named_beside_a_yes_is_no_difference() {
    let flag = |value, note: Option<&str>| Some(pmatlas_core::Flag { value, note: note.and_then(Text::new) });
    let mut named = pmatlas_core::synth::profile(5, 2);
    (named.ris3, named.pm_ris3) = (flag(true, Some("Slovenia's Smart Specialisation Strategy")), flag(false, None));
    let mut no = pmatlas_core::synth::profile(6, 2);
    (no.ris3, no.pm_ris3) = (flag(false, None), flag(true, None));
    let app = test_app(&[named.clone(), no.clone()]);
    let row = |html: &str, label: &str| {
        let at = html.find(&format!("{label}</th>")).unwrap_or_else(|| panic!("{label}: {html}"));
        html[..at].rfind("<tr").map(|r| html[r..at].contains("class=\"differs\"")).unwrap()
    };
    // Thuringia: RIS3 yes, PM in it no.
    let (_, _, html) = get(&app, &format!("/compare?r=DEG&r={}", named.code)).await;
    assert!(html.contains("Yes – Slovenia"), "the strategy's name is shown");
    assert!(!row(&html, "RIS3 strategy") && !row(&html, "PM in the RIS3 strategy"), "both yes, both no");
    let (_, _, html) = get(&app, &format!("/compare?r={}&r={}", named.code, no.code)).await;
    assert!(row(&html, "RIS3 strategy") && row(&html, "PM in the RIS3 strategy"), "yes against no");
}

#[tokio::test]
async fn lines_no_field_took_are_shown_as_written() {
    // Kärnten rates genomics literacy "Excellent", off the five-point scale.
    let mut p = pmatlas_core::synth::profile(9, 1);
    let written = "Rate of the genomics literacy of the citizens in the region -Excellent";
    let text = Text::new(written).unwrap();
    p.extras = vec![pmatlas_core::Extra { line: 20, section: Some("self_evaluation".into()), text }];
    let app = test_app(&[p.clone()]);
    let (_, _, html) = get(&app, &format!("/regions/{}", p.code)).await;
    assert!(html.contains("<h2 id=\"extras-h\">Written in the document, in no field</h2>"), "{html}");
    assert!(html.contains(&format!("<li>Self-evaluation, line 20: {written}</li>")), "{html}");
    let (_, _, seed_page) = get(&app, "/regions/DEG").await;
    assert!(!seed_page.contains("extras-h"), "no empty section");
}

#[tokio::test]
async fn partners_page_topic_page_and_json() {
    let mut malta = pmatlas_core::synth::profile(7, 3);
    malta.description = vec![Text::new("The Centre for Molecular Medicine and Biobanking.").unwrap()];
    malta.initiatives =
        vec![pmatlas_core::format::initiative(Some(1), "Centre for Molecular Medicine and Biobanking").unwrap()];
    malta.collaboration = None;
    let code = malta.code.to_string();
    // Regions working in nothing of it, so that biobanks single regions out.
    let app = test_app(&[vec![malta], matches::plain()].concat());
    let (status, _, html) = get(&app, "/regions/DEG/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/regions/{code}\"")), "the biobank region is a partner");
    assert!(
        html.contains("Thuringia seeks biobanks (“biobank”): Deutschland names in its initiatives “Centre for Molecular Medicine and Biobanking” (strong evidence)."),
        "with the reason: {html}"
    );
    assert!(html.contains("Thuringia’s profile: 2019 edition; each partner’s edition is beside its name."));
    // A score adds up from its parts as both are shown (not "12.0: shared interests 12.05").
    for shown in html.split("<span class=\"note\">score ").skip(1).map(|x| &x[..x.find('<').unwrap()]) {
        let (total, parts) = shown.split_once(": ").unwrap();
        let parts: Vec<f64> = parts.split(" + ").map(|p| p.rsplit(' ').next().unwrap().parse().unwrap()).collect();
        let off = (total.parse::<f64>().unwrap() - parts.iter().sum::<f64>()).abs();
        assert!(off <= 0.005 * parts.len() as f64 + 1e-9, "{shown}");
    }
    // What Thuringia seeks: chips a screen reader hears apart.
    assert!(html.contains("</span><span class=\"visually-hidden\">, </span><span class=\"chip\""), "{html}");
    // The evidence quoted as the profile words it, the words that matched marked, linked to its place.
    assert!(html.contains("<mark>Biobanking</mark>"), "{html}");
    assert!(html.contains(&format!("href=\"/regions/{code}#init-h\"")));
    let (_, _, one) = get(&app, "/regions/DEG/matches?topic=robotics").await;
    assert!(one.contains("No other region shows evidence"));
    // The biobank region seeks nothing: matched by the fields it works in, both sides quoted.
    let (_, _, own) = get(&app, &format!("/regions/{code}/matches")).await;
    assert!(own.contains("names no field or network it seeks. It is matched by the fields it works in"), "{own}");
    assert!(own.contains("<span class=\"chip\">Biobanks</span>"), "{own}");
    assert!(own.contains("and Thuringia both work on biobanks: Deutschland names in its initiatives “Centre for Molecular Medicine and Biobanking” (strong evidence); Thuringia "), "{own}");
    assert!(own.contains("same fields") && !own.contains("shared interests"), "{own}");
    assert!(own.contains("<option value=\"\">All the fields Deutschland works in</option>"), "{own}");
    // One that neither seeks nor shows a field: no "fields above" to count, none to choose.
    let (_, _, none) = get(&app, "/regions/PT11/matches").await;
    assert!(none.contains("<option value=\"\">What other regions seek that Other 1 offers</option>"), "{none}");
    assert!(none.contains("The score adds up to 2 for each") && !none.contains("fields above"), "{none}");
    // How the score is counted is there, folded: the partners come first on the screen.
    assert!(none.contains("<summary>How the score is counted</summary><p>The score adds up to 2"), "{none}");
    // In one topic it seeks nothing of, it is not said to seek it.
    let (_, _, one) = get(&app, &format!("/regions/{code}/matches?topic=biobanks")).await;
    assert!(
        one.contains(
            "Deutschland does not list biobanks among its interests; Thuringia is active in it: Thuringia lists"
        ),
        "{one}"
    );
    assert!(!one.contains("Deutschland seeks") && one.contains(": the topic "), "{one}");
    assert!(one.contains("than Deutschland, and can bring experience in biobanks.</li>"), "{one}");
    let (status, h, json) = get(&app, "/api/regions/DEG/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["region"], "DEG");
    assert_eq!(v["matches"][0]["code"], code.as_str());
    assert!(!v["matches"][0]["reasons"].as_array().unwrap().is_empty());
    assert_eq!(v["matches"][0]["evidence"][0]["ask"], "biobank");
    assert_eq!(v["matches"][0]["evidence"][0]["kind"], "initiative");
    assert!(v["matches"][0]["breakdown"]["shared_interests"].as_f64().unwrap() > 0.0);
    assert_eq!(get(&app, "/api/regions/XX9/matches").await.0, StatusCode::NOT_FOUND);
    // The addresses of earlier releases lead to the new ones.
    let (status, h, _) = get(&app, "/regions/deg/partners?topic=biobanks").await;
    assert_eq!(
        (status, h[header::LOCATION].to_str().unwrap()),
        (StatusCode::PERMANENT_REDIRECT, "/regions/DEG/matches?topic=biobanks")
    );
    let (status, h, _) = get(&app, "/api/regions/DEG/partners").await;
    assert_eq!(
        (status, h[header::LOCATION].to_str().unwrap()),
        (StatusCode::PERMANENT_REDIRECT, "/api/regions/DEG/matches")
    );
    let (_, _, topic) = get(&app, "/topics/biobanks").await;
    assert!(topic.contains("Who works on biobanks?"));
    assert!(topic.contains("Integrierte Biobank Jena"));
    assert!(topic.contains("<span class=\"code\">DEG</span> <span class=\"edition\">2019 edition</span>"), "{topic}");
    let (_, _, none) = get(&app, "/topics/mental_health").await;
    assert!(
        none.contains("No region shows evidence of working on mental health") && !none.contains("Download"),
        "{none}"
    );
    assert_eq!(get(&app, "/topics/AI").await.0, StatusCode::OK, "a synonym names the topic");
    assert_eq!(get(&app, "/topics/astrology").await.0, StatusCode::NOT_FOUND);
}

/// The date of the data, an incomplete copy, fields carried from older editions, and
/// leftovers of reading kept for curators (issue: real documents read exactly).
#[tokio::test]
async fn the_data_date_cut_copies_and_carried_fields_are_shown_and_leftovers_are_not_public() {
    let mut store = common::seeded_store(&[], &[]);
    let mut p = seed();
    p.extras.push(pmatlas_core::Extra {
        line: 74,
        section: Some("nace".into()),
        text: Text::new("C - Manufacturing; C.21 - Basic pharmace").unwrap(),
    });
    store.write(&Write { source: Source::Import, ..write(&p, None) }).unwrap();
    // A 2021 copy that stops part-way and states no memberships: they are carried forward.
    let mut newer = p.clone();
    newer.memberships.clear();
    newer.self_evaluation = Default::default();
    newer.origin.edition = Some(pmatlas_core::Edition::of_page(pmatlas_core::Layout::Y2021, Some(2021)));
    newer.origin.incomplete = Some(pmatlas_core::origin::Cut {
        line: 27,
        after: Text::new("Topics cover").unwrap(),
        partial: vec!["initiatives".into()],
    });
    newer.extras.clear();
    let w = store.write(&Write { source: Source::Import, ..write(&newer, Some(1)) }).unwrap();
    let other = pmatlas_core::synth::profile(3, 5);
    store.write(&write(&other, None)).unwrap();
    assert_eq!(w.outcome, pmatlas_store::Outcome::Updated(2));
    let app = app(AppState::from_store(store).unwrap());

    let (_, _, html) = get(&app, "/regions/DEG").await;
    assert!(html.contains("2021 edition") && !html.contains("imported "), "the edition is the data's date: {html}");
    assert!(
        html.contains("Thuringia’s 2021 edition page was only partly available: it stops in Major initiatives, after “Topics cover”, so what came later on the page is missing."),
        "said plainly, without line numbers: {html}"
    );
    assert!(!html.contains("(line 27)"), "line numbers are for curators (the history)");
    assert!(
        html.contains("these come from older editions: Memberships: 2019 edition; Self-evaluation: 2019 edition."),
        "{html}"
    );
    assert!(!html.contains("Basic pharmace"), "leftovers of reading are not on the public profile");
    let (_, _, versions) = get(&app, "/regions/DEG/versions").await;
    assert!(
        versions.contains("Thuringia’s 2021 edition page was only partly available: it stops in Major initiatives, after “Topics cover”"),
        "{versions}"
    );
    assert!(
        versions.contains("<li>Classification codes, line 74: C - Manufacturing; C.21 - Basic pharmace</li>"),
        "leftovers are for curators, written as the profile page writes a kept line: {versions}"
    );
    let (_, _, search) = get(&app, "/regions?sort=edition").await;
    assert!(search.contains("2021 edition") && !search.contains("imported "), "cards say the data's date");
    let (_, _, facet) = get(&app, "/regions?edition=2021").await;
    assert!(facet.contains("href=\"/regions/DEG\""), "the edition is a facet");
    let other_edition = other.origin.edition.map(pmatlas_core::search::edition_id);
    if other_edition.as_deref() != Some("2021") {
        assert!(!facet.contains(&format!("href=\"/regions/{}\"", other.code)), "the facet narrows");
    }
    let (_, _, compare) = get(&app, &format!("/compare?r=DEG&r={}", other.code)).await;
    assert!(compare.contains("2021 edition") && !compare.contains("imported "));
}

/// The home page says what the observatory is, what it holds and how to load real data;
/// synthetic demo profiles are marked wherever they appear; websites are links.
#[tokio::test]
async fn home_page_synthetic_marks_and_website_links() {
    let mut store = common::seeded_store(&[], &[]);
    store.write(&write(&seed(), None)).unwrap();
    let demo = pmatlas_core::synth::demo(1);
    for p in &demo {
        let w = pmatlas_store::Write::new(p, None, pmatlas_core::synth::DEMO_AUTHOR, pmatlas_store::Source::Import);
        store.write(&w).unwrap();
    }
    let app = app(AppState::from_store(store).unwrap());
    let (status, _, home) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("<h1 id=\"intro-h\">Personalised medicine in Europe's regions</h1>"));
    assert!(home.contains(&format!("{} regions profiled in", demo.len() + 1)));
    assert!(home.contains(&format!(
        "<strong>{} of these {} profiles are synthetic demo data</strong>",
        demo.len(),
        demo.len() + 1
    )));
    for part in ["Where the data comes from", "How to cite", "href=\"/survey\"", "action=\"/regions\""] {
        assert!(home.contains(part), "{part}");
    }
    assert!(!home.contains("<code>pmatlas"), "operator instructions stay in the README");
    assert!(home.contains("href=\"/regions/DEG/matches\""), "a partners example that works on the demo data");
    // A synthetic profile says so on its page and on its search card; the real one does not.
    let (_, _, el30) = get(&app, "/regions/EL30").await;
    assert!(el30.contains("<strong>Synthetic demo data.</strong>"));
    assert!(el30.contains("synthetic demo data"));
    let (_, _, deg) = get(&app, "/regions/DEG").await;
    assert!(!deg.contains("Synthetic demo data"));
    let (_, _, cards) = get(&app, "/regions?q=Attiki").await;
    assert!(cards.contains("synthetic demo data"));
    // Every other page of a site holding demo data says so once, at the top of its content.
    let note = format!("<strong>This site holds {} synthetic demo profile", demo.len());
    for path in
        ["/map", "/stats", "/regions/DEG/matches", "/topics/biobanks", "/data", "/regions", "/topics", "/compare"]
    {
        let (_, _, html) = get(&app, path).await;
        assert_eq!(html.matches(&note).count(), 1, "{path}");
    }
    assert_eq!(home.matches("demo-note").count(), 1, "the home page's own note, not two");
    assert_eq!(el30.matches("demo-note").count(), 1, "the synthetic profile's own note, not two");
    let (_, _, plain) = get(&test_app(&[]), "/stats").await;
    assert!(
        !plain.contains("demo-note") && !plain.contains("<!--demo-->"),
        "no note, no placeholder left, without demo data"
    );
    // The README's examples land on pages with content.
    let (_, _, cmp) = get(&app, "/compare?r=DEG&r=EL30").await;
    assert!(cmp.contains("Thuringia") && cmp.contains("Attiki"));
    // Thuringia's website is an organisation named without its address: a web search link.
    assert!(deg.contains("<a href=\"https://duckduckgo.com/?q=Thuringian+ClusterManagement+%28ThCM%29\" rel=\"noopener nofollow\" class=\"external\">Thuringian ClusterManagement (ThCM)</a>"), "{}", &deg[deg.find("Regional website").unwrap()..][..400]);
}

/// A profile opens with "Personalised medicine at a glance": what it seeks, works on, its
/// initiatives and networks, each linking on; a name in another language is marked `lang`.
#[tokio::test]
async fn a_profile_at_a_glance_and_names_in_their_language() {
    let mut flanders = pmatlas_core::synth::profile(5, 2);
    flanders.code = pmatlas_core::NutsCode::parse("BE2").unwrap();
    flanders.name = Text::new("Vlaams Gewest / Flanders Region").unwrap();
    let app = test_app(&[flanders]);
    let (_, _, html) = get(&app, "/regions/DEG").await;
    let glance = &html[html.find("Personalised medicine at a glance").expect("the glance box")..];
    let glance = &glance[..glance.find("</section>").unwrap()];
    for want in [
        "<dt>Seeks partners in</dt><dd><a href=\"/topics/biophotonics\">Biophotonics</a>",
        "<dt>Works on</dt>",
        "<dt>Major initiatives</dt><dd><a href=\"#init-h\">InfectoGnostics Forschungscampus Jena e.V.</a>",
        "<a href=\"/regions?membership.errin=yes\">ERRIN</a>",
        "1+MG (through the country)",
        "<dt>Strategy</dt><dd>RIS3 strategy: yes<span class=\"sep\">, </span>PM in the RIS3: no",
    ] {
        assert!(glance.contains(want), "{want:?} in {glance}");
    }
    assert!(!glance.contains("ICPerMed"), "only networks it is in");
    let (_, _, be) = get(&app, "/regions/BE2").await;
    assert!(
        be.contains(
            "<h1><span lang=\"nl\">Vlaams Gewest</span> / Flanders Region <span class=\"code\">BE2</span></h1>"
        ),
        "{be}"
    );
    let (_, _, search) = get(&app, "/regions?q=Flanders").await;
    assert!(search.contains("<span lang=\"nl\">Vlaams Gewest</span>"), "search results mark it too");
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}
