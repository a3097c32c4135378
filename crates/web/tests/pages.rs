//! The site's pages, in process: content, status codes, headers, escaping, search, compare.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pmatlas_core::{Profile, Text};
use pmatlas_store::{Source, Store, Write};
use pmatlas_web::{app, AppState};
use tower::ServiceExt;

mod common;

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
async fn security_headers_etag_and_compression() {
    let app = test_app(&[]);
    let (_, h, _) = get(&app, "/regions/DEG").await;
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.contains_key(header::REFERRER_POLICY));
    let etag = h[header::ETAG].clone();
    let res = app
        .clone()
        .oneshot(Request::get("/regions/DEG").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = app
        .clone()
        .oneshot(Request::get("/regions/DEG").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let (_, h, css) = get(&app, "/static/style.css").await;
    assert!(css.contains(":focus-visible"));
    assert!(h[header::CACHE_CONTROL].to_str().unwrap().contains("max-age"));
}

#[tokio::test]
async fn user_text_is_escaped() {
    let mut evil = pmatlas_core::synth::profile(3, 1);
    evil.name = Text::new("<script>alert(1)</script> & Co").unwrap();
    evil.description = vec![Text::new("<img src=x onerror=alert(2)>").unwrap()];
    let code = evil.code.to_string();
    let app = test_app(&[evil]);
    let (_, _, html) = get(&app, &format!("/regions/{code}")).await;
    assert!(!html.contains("<script>alert(1)"));
    let h1 = &html[html.find("<h1>").unwrap()..html.find("</h1>").unwrap()];
    assert!(h1.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), "{h1}");
    assert!(!html.contains("<img src=x"));
    let (_, _, html) = get(&app, "/regions?q=%3Cscript%3E").await;
    assert!(!html.contains("value=\"<script>"));
}

#[tokio::test]
async fn search_with_synonyms_and_facets() {
    let extra = pmatlas_core::synth::profiles(120, 4);
    let app = test_app(&extra);
    let (_, _, html) = get(&app, "/regions?q=AI&country=DE").await;
    assert!(html.contains("href=\"/regions/DEG\""), "AI finds the region that wrote KI");
    let (_, _, all) = get(&app, "/regions").await;
    let n = 1 + extra.iter().filter(|p| p.code.as_str() != "DEG").count();
    assert!(all.contains(&format!("{n} of {n} regions")));
    let count = |html: &str| -> usize {
        let at = html.find("<h2 id=\"count\" class=\"count-line\">").unwrap();
        html[at..].split('>').nth(1).unwrap().split(' ').next().unwrap().parse().unwrap()
    };
    let (_, _, one) = get(&app, "/regions?q=biobank").await;
    let (_, _, two) = get(&app, "/regions?q=biobank&seeking=yes").await;
    let (_, _, three) = get(&app, "/regions?q=biobank&seeking=yes&country=DE").await;
    let (a, b, c) = (count(&one), count(&two), count(&three));
    assert!(a >= b && b >= c && c >= 1, "{a} {b} {c}");
    assert!(three.contains("Seeking collaboration: Yes"), "active filters are listed");
    assert!(three.contains("href=\"/regions/DEG\""));
    let (_, _, none) = get(&app, "/regions?q=zzzqqq").await;
    assert!(none.contains("No region matches") && none.contains("No profile contains “zzzqqq”"));
    let (_, _, none) = get(&app, "/regions?country=DE&country=FR&seeking=no&q=infectognostics").await;
    assert!(none.contains("Remove a filter above to widen the search"));
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
async fn versions_page_shows_field_diffs() {
    let app = test_app(&[]);
    let (status, _, html) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Version 2</a> · 2019 edition <span class=\"badge\">current</span>"), "{html}");
    assert!(
        html.contains("<code>key_figures.population.value</code></th><td>changed</td><td>2143145</td><td>2120237</td>")
    );
    assert!(html.contains("First version."));
}

#[tokio::test]
async fn partners_page_topic_page_and_json() {
    let mut malta = pmatlas_core::synth::profile(7, 3);
    malta.description = vec![Text::new("The Centre for Molecular Medicine and Biobanking.").unwrap()];
    malta.initiatives =
        vec![pmatlas_core::format::initiative(Some(1), "Centre for Molecular Medicine and Biobanking").unwrap()];
    malta.collaboration = None;
    let code = malta.code.to_string();
    let app = test_app(&[malta]);
    let (status, _, html) = get(&app, "/regions/DEG/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/regions/{code}\"")), "the biobank region is a partner");
    assert!(
        html.contains("Thuringia seeks biobanks (“biobank”): Deutschland names in its initiatives “Centre for Molecular Medicine and Biobanking” (strong evidence)."),
        "with the reason: {html}"
    );
    // What Thuringia seeks: chips a screen reader hears apart.
    assert!(html.contains("</span><span class=\"visually-hidden\">, </span><span class=\"chip\""), "{html}");
    // The evidence quoted as the profile words it, the words that matched marked, linked to its place.
    assert!(html.contains("<mark>Biobanking</mark>"), "{html}");
    assert!(html.contains(&format!("href=\"/regions/{code}#init-h\"")));
    let (_, _, one) = get(&app, "/regions/DEG/matches?topic=robotics").await;
    assert!(one.contains("No other region shows evidence"));
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
    assert_eq!(get(&app, "/topics/AI").await.0, StatusCode::OK, "a synonym names the topic");
    assert_eq!(get(&app, "/topics/astrology").await.0, StatusCode::NOT_FOUND);
}

fn shapes() -> Vec<pmatlas_core::geo::Shape> {
    pmatlas_core::geo::shapes_from_geojson(include_str!("fixtures/shapes.geojson"), 1000.0).unwrap()
}

fn app_with_shapes(extra: &[Profile]) -> axum::Router {
    let mut store = common::seeded_store(&[], &[]);
    store.write(&write(&seed(), None)).unwrap();
    for e in extra {
        store.write(&write(e, None)).unwrap();
    }
    store.install_shapes(&shapes(), "fixture").unwrap();
    app(AppState::from_store(store).unwrap())
}

#[tokio::test]
async fn map_without_shapes_says_so_plainly() {
    let app = test_app(&[]);
    let (status, _, html) = get(&app, "/map").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("The map's boundaries are not installed on this site."));
    assert!(!html.contains("pmatlas shapes install"), "operator instructions stay in the README");
    assert!(!get(&app, "/regions/DEG").await.2.contains("class=\"locator\""), "no locator map without shapes");
    assert!(
        html.contains("<td><a href=\"/regions/DEG\">Thuringia</a></td><td>DEG</td><td>Strong</td>"),
        "the table alternative"
    );
}

/// The fill drawn for a region: the class of its shape in the (hidden) drawing layer.
fn fill_of<'a>(html: &'a str, code: &str, shapes: &[pmatlas_core::geo::Shape]) -> Option<&'a str> {
    let path = &shapes.iter().find(|s| s.nuts_id == code)?.path;
    let at = html.find(&format!("\" d=\"{path}\"/>"))?;
    let start = html[..at].rfind("class=\"")? + 7;
    Some(&html[start..at])
}

#[tokio::test]
async fn map_colours_by_attribute_and_follows_filters() {
    assert_eq!(shapes().len(), 8, "La Réunion is in its inset");
    let mut attica = pmatlas_core::synth::profile(0, 1);
    attica.code = pmatlas_core::NutsCode::parse("EL30").unwrap();
    attica.collaboration = None;
    attica.key_figures.innovation = None;
    let app = app_with_shapes(&[attica]);
    let sh = shapes();
    let (_, _, html) = get(&app, "/map").await;
    assert!(html.contains("© EuroGeographics for the administrative boundaries"));
    assert_eq!(fill_of(&html, "DEG", &sh), Some("c4"), "Strong is the second darkest");
    assert!(html.contains("<a href=\"/regions/DEG\" aria-label=\"Thuringia (DEG): Strong\"><path class=\"hit\""));
    assert!(html.contains("<path class=\"base\""));
    assert!(html.contains("Dresden (DED2): no profile yet"));
    assert!(!html.contains("(DEG0): no profile yet"), "no base tooltip contradicts Thuringia's profile");
    // The links come after every drawn shape, and the drawing is hidden from screen readers.
    let links = html.find("<a href=\"/regions/").unwrap();
    assert!(html[links..].find("class=\"base\"").is_none() && html[links..].find("class=\"c4\"").is_none());
    assert!(html.contains("<g aria-hidden=\"true\">"));
    assert!(
        html.contains("<span class=\"swatch c4\" aria-hidden=\"true\"></span> Strong <span class=\"count\">1</span>")
    );
    assert_eq!(fill_of(&html, "EL30", &sh), Some("none"), "a profile without the value is drawn as such");
    assert!(html.contains("(EL30): not stated in its profile"));
    assert!(html.contains("<title>Map of Europe: Innovation group · pmatlas</title>"), "a title per variant");
    let (_, _, html) = get(&app, "/map?attr=rating.need_funding").await;
    assert!(html.contains("aria-label=\"Thuringia (DEG): Very high\""));
    assert_eq!(fill_of(&html, "DEG", &sh), Some("c5"));
    assert!(html.contains("<option value=\"rating.need_funding\" selected>"));
    assert!(html.contains("<title>Map of Europe: Self-evaluation: "), "a title per variant");
    let (_, _, html) = get(&app, "/map?attr=membership.errin").await;
    assert_eq!(fill_of(&html, "DEG", &sh), Some("yes"));
    let (_, _, html) = get(&app, "/map?attr=topic.biobanks").await;
    assert!(html.contains("(DEG): Seeks partners in it\""));
    assert_eq!(fill_of(&html, "DEG", &sh), Some("c5"));
    // Key figures in classes.
    let (_, _, html) = get(&app, "/map?attr=population").await;
    assert!(html.contains("(DEG): 2 million to under 5 million\""), "Thuringia has 2.1 million inhabitants");
    let (_, _, html) = get(&app, "/map?attr=over65_share").await;
    assert!(html.contains("(DEG): 23 % or more\""), "{}", &html[html.find("(DEG)").unwrap()..][..80]);
    // Search filters: regions outside the results are drawn apart.
    let (_, _, html) = get(&app, "/map?country=EL").await;
    assert!(html.contains("(DEG): not among the search results\""));
    assert_eq!(fill_of(&html, "DEG", &sh), Some("out"));
    assert!(html.contains("Showing the results of a search"));
    let (_, _, search) = get(&app, "/regions?country=EL").await;
    assert!(search.contains("href=\"/map?country=EL\""), "show these results on the map");
    let (_, _, profile) = get(&app, "/regions/DEG").await;
    assert!(
        profile.contains("<svg class=\"locator\"")
            && profile.contains("aria-label=\"Location of Thuringia in Europe\"")
    );
    assert!(profile.contains("<path class=\"here\""));
}

#[tokio::test]
async fn map_draws_regions_over_their_country_small_regions_and_insets() {
    let mut germany = pmatlas_core::synth::profile(0, 1);
    germany.code = pmatlas_core::NutsCode::parse("DE").unwrap();
    germany.name = pmatlas_core::Text::new("Germany").unwrap();
    let mut reunion = pmatlas_core::synth::profile(1, 1);
    reunion.code = pmatlas_core::NutsCode::parse("FRY4").unwrap();
    reunion.name = pmatlas_core::Text::new("La Réunion").unwrap();
    let app = app_with_shapes(&[germany, reunion]);
    let sh = shapes();
    let (_, _, html) = get(&app, "/map").await;
    // Germany is hatched (class "nat") and drawn before Thuringia, which is drawn over it.
    let de = html.find(&format!("d=\"{}\"/>", sh.iter().find(|s| s.nuts_id == "DE").unwrap().path)).unwrap();
    let deg = html.find(&format!("d=\"{}\"/>", sh.iter().find(|s| s.nuts_id == "DEG").unwrap().path)).unwrap();
    assert!(fill_of(&html, "DE", &sh).unwrap().starts_with("nat "), "a national profile is hatched");
    assert!(de < deg, "Thuringia is drawn over Germany");
    assert!(html.contains("aria-label=\"Germany (DE), national profile: "));
    assert!(html.contains("Hatched: a national profile"), "the legend explains the hatching");
    // The link of a regional profile comes after its country's, so it is on top.
    assert!(html.find("href=\"/regions/DE\"").unwrap() < html.find("href=\"/regions/DEG\"").unwrap());
    // La Réunion is drawn in its inset, not listed as unmapped.
    assert!(html.contains("href=\"/regions/FRY4\""));
    assert!(html.contains(">La Réunion</text>"), "the inset is named");
    assert!(!html.contains("Not on the map"), "every profile has a shape");
    // Zoomed to a country: a smaller view box, its name in the title, a way back.
    let (_, _, html) = get(&app, "/map?zoom=DE").await;
    assert!(html.contains("<h1>Map of Germany</h1>"));
    assert!(html.contains("<title>Map of Germany: Innovation group · pmatlas</title>"));
    assert!(!html.contains("viewBox=\"0 0 4950 4100\""), "not the whole of Europe");
    let svg = &html[html.find("<svg class=\"map\"").unwrap()..html.find("</svg>").unwrap()];
    assert!(!svg.contains("href=\"/regions/FRY4\""), "regions outside the view are left out");
    assert!(svg.contains("href=\"/regions/DEG\""));
    assert!(html.contains("Back to all of Europe"));
    assert!(html.contains("<option value=\"DE\" selected>Germany</option>"));
    // Its legend counts Germany's profiles only (DE and DEG), and its table lists them.
    let legend = &html[html.find("<section class=\"legend\"").unwrap()..];
    let legend = &legend[..legend.find("</section>").unwrap()];
    assert!(legend.contains("the counts are of Germany's profiles"), "{legend}");
    let counted: usize = legend
        .split("<span class=\"count\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, 2, "{legend}");
    assert!(!html.contains("<td>FRY4</td>"), "La Réunion is not in Germany's table");
    // An unknown zoom shows Europe.
    let (status, _, html) = get(&app, "/map?zoom=ZZ").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Map of Europe</h1>"));
}

#[test]
fn small_regions_get_a_marker_to_see_and_point_at() {
    use pmatlas_core::geo::Shape;
    use pmatlas_web::map::{render, Attribute, Mapped, Shapes};
    let square = |id: &str, level: u8, x: i32, side: i32| Shape {
        nuts_id: id.into(),
        level,
        name: id.into(),
        path: format!("M{x} 100 {} 100 {} {} {x} {}Z", x + side, x + side, 100 + side, 100 + side),
        bbox: (x, 100, x + side, 100 + side),
        geometry: None,
    };
    let shapes = Shapes::new(vec![square("BE10", 2, 1000, 8), square("DEG0", 2, 2000, 200)]);
    let mut brussels = pmatlas_core::synth::profile(0, 1);
    brussels.code = pmatlas_core::NutsCode::parse("BE10").unwrap();
    let mut thuringia = pmatlas_core::synth::profile(1, 1);
    thuringia.code = pmatlas_core::NutsCode::parse("DEG0").unwrap();
    let mapped: Vec<Mapped<'_>> = [&brussels, &thuringia]
        .into_iter()
        .map(|p| Mapped { profile: p, selected: true, strengths: Box::new(|_| false) })
        .collect();
    let r = render(&shapes, &mapped, Attribute::Innovation, "t", shapes.view_box(None), None);
    assert_eq!(r.svg.matches("<circle class=\"mark").count(), 1, "only the small region has a marker");
    assert!(r.svg.contains("<circle class=\"mark c") || r.svg.contains("<circle class=\"mark none"));
    let link = &r.svg[r.svg.find("href=\"/regions/BE10\"").unwrap()..];
    assert!(link[..link.find("</a>").unwrap()].contains("<circle class=\"hit\" cx=\"1004\" cy=\"104\""));
}

fn all_but_seed(extra: &[Profile]) -> Vec<&Profile> {
    extra.iter().filter(|p| p.code.as_str() != "DEG").collect()
}

#[tokio::test]
async fn statistics_follow_the_data_and_the_filters() {
    let extra = pmatlas_core::synth::profiles(80, 6);
    let app = test_app(&extra);
    let (status, _, html) = get(&app, "/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<ol class=\"chart\"").count(), 6 + 6, "six rating charts and six others");
    // Every chart names its base, and none counts import dates.
    let figures: Vec<&str> = html.split("<figure class=\"chart-box").skip(1).collect();
    for f in figures.iter().filter(|f| f.contains("<ol class=\"chart\"")) {
        assert!(f.contains("<p class=\"base\">Answered by ") || f.contains("<p class=\"base\">All "), "{}", &f[..200]);
    }
    assert!(!html.contains("Last update") && html.contains("Edition of the data"));
    let answered = 1 + all_but_seed(&extra).iter().filter(|p| p.self_evaluation.need_funding.is_some()).count();
    let total = all_but_seed(&extra).len() + 1;
    let funding = figures.iter().find(|f| f.contains("id=\"rating.need_funding\"")).unwrap();
    let said = if answered == total {
        format!("All {total} regions answer")
    } else {
        format!("Answered by {answered} of {total} regions; each bar is its share of those {answered}.")
    };
    assert!(funding.contains(&said), "{said}: {}", &funding[..300]);
    let all: Vec<&Profile> = extra.iter().filter(|p| p.code.as_str() != "DEG").collect();
    let very_high =
        all.iter().filter(|p| p.self_evaluation.need_funding == Some(pmatlas_core::Rating::VeryHigh)).count() + 1;
    let (status, h, csv) = get(&app, "/stats.csv?chart=rating.need_funding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(h[header::CONTENT_DISPOSITION].to_str().unwrap().contains("pmatlas-rating-need_funding.csv"));
    assert!(csv.starts_with("category,regions\n"));
    assert!(csv.contains(&format!("Very high,{very_high}\n")), "{csv}");
    // Filters narrow the statistics.
    let (_, _, de) = get(&app, "/stats.csv?chart=rating.need_funding&country=DE").await;
    let de_vh = 1 + all
        .iter()
        .filter(|p| p.code.country() == "DE" && p.self_evaluation.need_funding == Some(pmatlas_core::Rating::VeryHigh))
        .count();
    assert!(de.contains(&format!("Very high,{de_vh}\n")), "{de}");
    let (_, _, cross) = get(&app, "/stats.csv?chart=rating_by_group.need_funding").await;
    assert!(cross.starts_with("innovation group,Very low,Low,Medium,High,Very high\n"));
    assert_eq!(get(&app, "/stats.csv?chart=nope").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/stats.csv").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn results_come_in_pages() {
    let extra = pmatlas_core::synth::profiles(120, 4);
    let app = test_app(&extra);
    let n = 1 + extra.iter().filter(|p| p.code.as_str() != "DEG").count();
    let (_, _, first) = get(&app, "/regions?sort=name").await;
    assert!(first.contains(&format!("{n} of {n} regions <span class=\"note\">(showing 1–25)</span>")));
    let at = first.find("rel=\"next\"").expect("a next link");
    assert!(first[..at].ends_with("page=2\" "), "{}", &first[at - 60..at]);
    assert_eq!(first.matches("<li>\n          <h3>").count(), 25);
    let last_page = n.div_ceil(25);
    let (_, _, last) = get(&app, &format!("/regions?sort=name&page={last_page}")).await;
    assert!(last.contains(&format!("(showing {}–{n})", (last_page - 1) * 25 + 1)));
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    assert!(last.contains("href=\"/map\""), "the map link carries the selection, not the sort or the page");
    let (_, _, stats) = get(&app, "/stats?page=3").await;
    assert!(!stats.contains("These follow the current search"), "a page number is no filter");
    let (_, _, beyond) = get(&app, "/regions?page=99").await;
    assert!(beyond.contains(&format!("Page {last_page} of {last_page}")), "an out-of-range page shows the last one");
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
    assert!(versions.contains("line 74: C - Manufacturing; C.21 - Basic pharmace"), "leftovers are for curators");
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

/// Abuse: a query string with thousands of filter values is refused before any work; within
/// the bounds, unknown and repeated values are dropped, so a page stays small.
#[tokio::test]
async fn every_request_does_bounded_work() {
    let app = test_app(&pmatlas_core::synth::profiles(40, 2));
    let huge: String = (0..4000).map(|i| format!("country=X{i}")).collect::<Vec<_>>().join("&");
    let (status, _, body) = get(&app, &format!("/regions?{huge}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("at most 40 parameters"), "{body}");
    assert_eq!(get(&app, &format!("/map?{huge}")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &format!("/stats?{huge}")).await.0, StatusCode::BAD_REQUEST);
    // 39 values no region has: no filter chip, no link repeating them.
    let unknown: String = (0..39).map(|i| format!("country=Q{i}")).collect::<Vec<_>>().join("&");
    let (status, _, page) = get(&app, &format!("/regions?{unknown}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("country=Q1"), "unknown values are dropped from every link");
    let (_, _, plain) = get(&app, "/regions").await;
    assert_eq!(page.len(), plain.len(), "the page is the unfiltered one");
    // A repeated value is one filter.
    let (_, _, once) = get(&app, "/regions?country=DE").await;
    let (_, _, twice) = get(&app, "/regions?country=DE&country=DE&country=DE").await;
    assert_eq!(once.matches("class=\"remove\"").count(), twice.matches("class=\"remove\"").count());
    assert_eq!(once.len(), twice.len());
    // The search text is cut to 200 characters.
    let long = "a".repeat(1500);
    let (status, _, page) = get(&app, &format!("/regions?q={long}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&"a".repeat(201)));
}

/// Over the limit of requests in progress the pages answer 503 with Retry-After, and the
/// health check still answers.
#[tokio::test]
async fn load_is_shed_with_503_and_healthz_stays_up() {
    let mut store = common::seeded_store(&[], &[]);
    store.write(&write(&seed(), None)).unwrap();
    let limits = pmatlas_web::server::Limits { max_in_flight: 0, ..Default::default() };
    let app = pmatlas_web::app_with(AppState::from_store(store).unwrap(), &limits);
    let (status, h, _) = get(&app, "/regions/DEG").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(h[header::RETRY_AFTER], "1");
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
}

/// Shapes are drawn into pages as they are stored: a shape whose id is no NUTS code, or
/// whose path is not path data, is left out.
#[test]
fn shapes_with_markup_are_left_out() {
    use pmatlas_core::geo::Shape;
    let shape = |id: &str, path: &str| Shape {
        nuts_id: id.into(),
        level: 2,
        name: "x".into(),
        path: path.into(),
        bbox: (0, 0, 1, 1),
        geometry: None,
    };
    let s = pmatlas_web::map::Shapes::new(vec![
        shape("DE</title><script>alert(1)</script>", "M0 0 1 1Z"),
        shape("DEG", "M0 0\"/><script>alert(1)</script>"),
        shape("DED", "M-1 2.5 3 4Z"),
    ]);
    let ids: Vec<&str> = s.shapes.iter().map(|s| s.nuts_id.as_str()).collect();
    assert_eq!(ids, ["DED"]);
}

async fn get_with(app: &axum::Router, uri: &str, etag: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(uri).header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// The versions page reads the database: after a write by another process its ETag
/// changes with its body, so a client holding the old tag gets the new page, not a 304.
#[tokio::test]
async fn the_versions_etag_changes_when_its_body_does() {
    let dir = std::env::temp_dir().join(format!("pmatlas-web-etag-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("p.db");
    Store::open(&db).unwrap().write(&write(&seed(), None)).unwrap();
    let app = app(AppState::open(&pmatlas_store::Location::Sqlite(db.clone()), 4).unwrap());
    let (status, h, body) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    let tag = h[header::ETAG].to_str().unwrap().to_string();
    assert!(!body.contains("Version 2"));
    assert_eq!(get_with(&app, "/regions/DEG/versions", &tag).await.0, StatusCode::NOT_MODIFIED);
    // An import into the same database while the site runs.
    let mut v2 = seed();
    v2.key_figures.population.as_mut().unwrap().value = 2_100_000;
    Store::open(&db).unwrap().write(&write(&v2, Some(1))).unwrap();
    let (status, h, body) = get_with(&app, "/regions/DEG/versions", &tag).await;
    assert_eq!(status, StatusCode::OK, "a stale tag must not get a 304");
    assert_ne!(h[header::ETAG].to_str().unwrap(), tag);
    assert!(body.contains("Version 2"));

    // A version that no longer reads is named; the others still show.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER versions_immutable_update;").unwrap();
    conn.execute("UPDATE versions SET profile_json = 'not json' WHERE code = 'DEG' AND number = 1", []).unwrap();
    let (status, _, body) = get(&app, "/regions/DEG/versions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("This version cannot be read (DEG version 1 does not read"), "{body}");
    assert!(body.contains("Version 2"));
}

/// A current version that does not read leaves its region out of the site, not the site.
#[tokio::test]
async fn a_corrupt_current_version_does_not_stop_the_site() {
    let dir = std::env::temp_dir().join(format!("pmatlas-web-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("p.db");
    let mut store = Store::open(&db).unwrap();
    store.write(&write(&seed(), None)).unwrap();
    let other = pmatlas_core::synth::profile(5, 1);
    store.write(&write(&other, None)).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER versions_immutable_update;").unwrap();
    conn.execute("UPDATE versions SET profile_json = '[' WHERE code = 'DEG'", []).unwrap();
    let app = app(AppState::open(&pmatlas_store::Location::Sqlite(db.clone()), 4).expect("the site starts"));
    assert_eq!(get(&app, "/regions/DEG").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &format!("/regions/{}", other.code)).await.0, StatusCode::OK);
}

/// One id and one label per concept: every attribute of `pmatlas_core::attr` and every
/// network and self-evaluation item is a search facet with that key and label, a map
/// attribute with that id where it is mappable, and an export column with that name.
#[test]
fn facets_map_attributes_and_export_columns_share_one_vocabulary() {
    use pmatlas_core::attr;
    use pmatlas_core::vocab::NetworkId;
    use pmatlas_core::SelfEvaluationItem;
    use pmatlas_web::map::Attribute;
    let store = seeded_store(&[seed()], &pmatlas_core::synth::profiles(200, 3));
    let snap = store.snapshot().unwrap();
    let profiles: Vec<&Profile> = snap.regions().iter().map(|r| &r.profile).collect();
    let updated: Vec<&str> = snap.regions().iter().map(|r| r.version.created_at.as_str()).collect();
    let index = pmatlas_core::search::Index::build(&profiles, &updated);
    let header = pmatlas_store::export::regions_table(snap.regions(), false).header;
    let facet = |id: &str| index.facet(id).map(|(_, f)| f.label.clone());
    for a in [
        attr::COUNTRY,
        attr::LEVEL,
        attr::INNOVATION,
        attr::SEEKING,
        attr::TOPIC,
        attr::EDITION,
        attr::PM_RIS3,
        attr::NACE,
        attr::NABS,
        attr::POLICY_OBJECTIVES,
    ] {
        assert_eq!(facet(a.id).as_deref(), Some(a.label), "facet {}", a.id);
    }
    for a in [attr::INNOVATION, attr::SEEKING, attr::EDITION] {
        let m = Attribute::parse(a.id).unwrap_or_else(|| panic!("map attribute {}", a.id));
        assert_eq!((m.id(), m.label()), (a.id.to_string(), a.label.to_string()));
    }
    for a in
        [attr::INNOVATION, attr::SEEKING, attr::NACE, attr::NABS, attr::POLICY_OBJECTIVES, attr::PM_RIS3, attr::RIS3]
    {
        assert!(header.iter().any(|h| h == a.id), "export column {}", a.id);
    }
    for n in NetworkId::all() {
        let id = attr::membership(n);
        assert_eq!(facet(&id).as_deref(), Some(n.short()), "facet {id}");
        assert_eq!(Attribute::parse(&id).map(|a| a.id()), Some(id.clone()));
        assert!(header.contains(&id), "export column {id}");
    }
    for i in SelfEvaluationItem::ALL {
        let id = attr::rating(i);
        assert!(facet(&id).is_some(), "facet {id}");
        assert_eq!(Attribute::parse(&id).map(|a| a.id()), Some(id.clone()));
        assert!(header.contains(&id), "export column {id}");
    }
}

/// Each version links to the document it was read from, served as plain text.
#[tokio::test]
async fn a_version_s_source_document_is_served_as_text() {
    let mut store = common::seeded_store(&[], &[]);
    let text = include_str!("../../../data/demo/DEG-thuringia.txt");
    let p = seed();
    store.write(&Write { source_ref: Some("docs/DEG.txt"), source_text: Some(text), ..write(&p, None) }).unwrap();
    let app = app(AppState::from_store(store).unwrap());
    let (_, _, versions) = get(&app, "/regions/DEG/versions").await;
    assert!(versions.contains("<a href=\"/regions/DEG/versions/1/source\">DEG.txt</a>"), "{versions}");
    let (status, h, body) = get(&app, "/regions/deg/versions/1/source").await;
    assert_eq!(status, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    assert_eq!(body, text);
    assert_eq!(get(&app, "/regions/DEG/versions/9/source").await.0, StatusCode::NOT_FOUND);
}

/// Pages a policy officer can use (first pieces): a search finds British and American
/// spellings and network names; compare highlights only differences between stated values;
/// the membership grid shows the networks held first; the site has an icon.
#[tokio::test]
async fn search_spellings_networks_compare_grid_and_icon() {
    let mut other = pmatlas_core::synth::profile(11, 4);
    other.description = vec![Text::new("A leader in personalized medicine and standardization.").unwrap()];
    other.memberships.clear();
    other.nace.clear();
    let app = test_app(&[other.clone()]);
    let (_, _, uk) = get(&app, "/regions?q=personalised+standardisation").await;
    assert!(uk.contains(&format!("href=\"/regions/{}\"", other.code)), "American spelling found by the British one");
    let (_, _, us) = get(&app, "/regions?q=personalization").await;
    assert!(us.contains(&format!("href=\"/regions/{}\"", other.code)));
    // Thuringia is an S3MedTech region: its network is searchable by name.
    let (_, _, net) = get(&app, "/regions?q=S3MedTech").await;
    assert!(net.contains("href=\"/regions/DEG\""), "network names are searchable");
    // The other region states no memberships and no NACE codes: no highlighted row for them.
    let (_, _, cmp) = get(&app, &format!("/compare?r=DEG&r={}", other.code)).await;
    let row = |label: &str| cmp.split("<tr").find(|r| r.contains(&format!("{label}</th>"))).unwrap_or("").to_string();
    assert!(
        !row("ICPerMed").contains("differs"),
        "a value one region does not state is no difference: {}",
        row("ICPerMed")
    );
    assert!(row("Country").contains("differs"));
    // The grid: networks held come before the rest.
    let (_, _, profile) = get(&app, "/regions/DEG").await;
    let first_yes = profile.find("class=\"member yes").unwrap();
    let first_no = profile.find("class=\"member no").unwrap();
    assert!(first_yes < first_no, "held networks first");
    // Networks held in the grid, those not held folded, designations apart.
    let grid = profile.split("<ul class=\"grid\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(
        grid.contains("ERRIN") && !grid.contains("Mountain") && !grid.contains("according to the European Commission"),
        "{grid}"
    );
    assert!(profile.contains("<summary>Not a member of "));
    let geo = profile.split("<h3>Geography and designations</h3>").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(geo.contains("Mountain region") && geo.contains("according to the European Commission"), "{geo}");
    let (status, h, _) = get(&app, "/favicon.ico").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "image/svg+xml");
}

/// A chart no region answers is a note, not an empty chart; countries are listed by name.
#[tokio::test]
async fn empty_charts_say_so_and_countries_sort_by_name() {
    let mut estonia = pmatlas_core::synth::profile(0, 1);
    estonia.code = pmatlas_core::NutsCode::parse("EE").unwrap();
    estonia.name = Text::new("Eesti").unwrap();
    estonia.self_evaluation = Default::default();
    let app = test_app(&[estonia]);
    let (_, _, stats) = get(&app, "/stats?country=EE").await;
    assert!(stats.contains("No region in this selection answers this."), "{stats}");
    let (_, _, search) = get(&app, "/regions").await;
    let (ee, de) = (search.find("> Estonia <").unwrap(), search.find("> Germany <").unwrap());
    assert!(ee < de, "Estonia before Germany: countries by name, not by code");
}

/// The versions page says what changed in the words of the profile page, keeps the field
/// paths in a technical view, and opens any version as a full profile page.
#[tokio::test]
async fn versions_in_words_and_any_version_as_a_page() {
    let app = test_app(&[]);
    let (_, _, html) = get(&app, "/regions/DEG/versions").await;
    assert!(html.contains("<dt>Population</dt><dd>2,143,145 (2019) → 2,120,237 (2019)</dd>"), "{html}");
    assert!(html.contains("Technical view: the changed fields by path"));
    let (status, _, old) = get(&app, "/regions/DEG/versions/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(old.contains("This is version 1 of the profile"), "{old}");
    assert!(old.contains("not the current one"));
    assert!(old.contains("2,143,145"), "version 1's population");
    let (_, _, current) = get(&app, "/regions/DEG/versions/2").await;
    assert!(current.contains("the current one") && current.contains("2,120,237"));
    assert_eq!(get(&app, "/regions/DEG/versions/9").await.0, StatusCode::NOT_FOUND);
}

/// The search words show as a chip that removes them, keeping the filters.
#[tokio::test]
async fn search_words_are_a_removable_chip() {
    let app = test_app(&[]);
    let (_, _, html) = get(&app, "/regions?q=biobank&country=DE").await;
    assert!(html.contains("href=\"/regions?country=DE\" aria-label=\"Remove filter Words: “biobank”\""), "{html}");
}

/// The search finds regions by their names in other languages, shows where each result
/// matched, groups the membership filters, and lets a filter match all of its values.
#[tokio::test]
async fn search_names_snippets_groups_and_match_all() {
    let mut catalonia = pmatlas_core::synth::profile(21, 4);
    catalonia.code = pmatlas_core::NutsCode::parse("ES51").unwrap();
    catalonia.name = Text::new("Cataluña").unwrap();
    catalonia.description = vec![Text::new("Hospitals working on personalized oncology since 2015.").unwrap()];
    let icpermed = pmatlas_core::vocab::NetworkId::from_id("icpermed").unwrap();
    catalonia.memberships.retain(|m| m.network != icpermed);
    catalonia.memberships.push(pmatlas_core::Membership {
        network: icpermed,
        answer: pmatlas_core::MembershipAnswer::Yes,
        note: None,
    });
    let extra: Vec<Profile> = std::iter::once(catalonia).chain(pmatlas_core::synth::profiles(120, 9)).collect();
    let app = test_app(&extra);
    for (q, code) in [
        ("Thüringen", "DEG"),
        ("Thuringia", "DEG"),
        ("Catalonia", "ES51"),
        ("Catalunya", "ES51"),
        ("ICPerMed", "ES51"),
        ("personalized", "ES51"),
    ] {
        let (_, _, html) = get(&app, &format!("/regions?q={}", urlencoding(q))).await;
        assert!(html.contains(&format!("href=\"/regions/{code}\"")), "{q} finds {code}");
    }
    // The snippet shows the words that matched, marked.
    let (_, _, html) = get(&app, "/regions?q=personalised+oncology").await;
    assert!(
        html.contains("<mark>personalized</mark> <mark>oncology</mark>"),
        "{}",
        &html[html.find("class=\"hits\"").unwrap()..][..1500]
    );
    assert!(html.contains("<span class=\"section\">Matched in Description:</span>"));
    // Memberships come in groups, each under a heading.
    let (_, _, html) = get(&app, "/regions").await;
    let macro_regions = html.find("Memberships: macro-regions").expect("grouped memberships");
    let danube = html.find(">Danube<").or_else(|| html.find(">Danube ")).unwrap_or(usize::MAX);
    assert!(danube == usize::MAX || danube > macro_regions);
    assert!(html.contains("name=\"all\" value=\"topic\""), "topics can be matched all at once");
    assert!(!html.contains("name=\"all\" value=\"country\""), "a region has one country: no 'all' there");
    // Match all narrows, match any widens.
    let count = |html: &str| -> usize {
        let at = html.find("id=\"count\" class=\"count-line\">").unwrap() + 30;
        html[at..].split(' ').next().unwrap().parse().unwrap()
    };
    let topics: Vec<String> = {
        let at = html.find("name=\"topic\" value=\"").unwrap();
        html[at..]
            .split("name=\"topic\" value=\"")
            .skip(1)
            .take(2)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    let any = format!("/regions?topic={}&topic={}", topics[0], topics[1]);
    let (_, _, a) = get(&app, &any).await;
    let (_, _, b) = get(&app, &format!("{any}&all=topic")).await;
    assert!(count(&b) < count(&a), "all {} < any {}", count(&b), count(&a));
    assert!(b.contains("name=\"all\" value=\"topic\" checked"));
    assert!(b.contains("Collaboration topics: all of these"), "a chip says so, and removes it");
    // "all" naming no facet, or one with single values, is dropped from the links.
    let (_, _, c) = get(&app, &format!("{any}&all=country&all=nonsense")).await;
    assert_eq!(count(&c), count(&a));
    assert!(!c.contains("all=nonsense") && !c.contains("all=country"));
}

fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
}

/// Every bar of a chart links to the search for its regions, within the current selection.
#[tokio::test]
async fn chart_bars_link_to_their_regions() {
    let extra = pmatlas_core::synth::profiles(150, 6);
    let app = test_app(&extra);
    let (_, _, stats) = get(&app, "/stats").await;
    assert!(
        stats.contains(
            "<li><a href=\"/regions?rating.need_funding=very_high\"><span class=\"bar-label\">Very high</span>"
        ),
        "a rating bar"
    );
    assert!(
        stats.contains("<td><a href=\"/regions?rating.need_funding=very_high\">Very high</a></td>"),
        "its table row"
    );
    // Inside a selection the link keeps it; a second topic narrows (all of them).
    let (_, _, search) = get(&app, "/regions").await;
    let topic = {
        let at = search.find("name=\"topic\" value=\"").unwrap() + 20;
        search[at..].split('"').next().unwrap().to_string()
    };
    let (_, _, stats) = get(&app, &format!("/stats?topic={topic}")).await;
    let at = stats.find("id=\"collaboration_topics\"").unwrap();
    let links: Vec<&str> =
        stats[at..].split("<a href=\"").skip(1).take(3).map(|s| s.split('"').next().unwrap()).collect();
    let other = links.iter().find(|l| !l.ends_with(&format!("topic={topic}"))).expect("a bar of another topic");
    assert!(other.contains(&format!("topic={topic}")) && other.contains("all=topic"), "{other}");
    let count = |html: &str| -> usize {
        let at = html.find("id=\"count\" class=\"count-line\">").unwrap() + 30;
        html[at..].split(' ').next().unwrap().parse().unwrap()
    };
    let (_, _, narrowed) = get(&app, &other.replace("&amp;", "&")).await;
    let shown: usize = {
        let bar_at = stats[at..].find(&format!("<li><a href=\"{other}\">")).unwrap();
        let rest = &stats[at + bar_at..];
        rest.split("<span class=\"bar-n\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap()
    };
    assert_eq!(count(&narrowed), shown, "the bar's count is the search's");
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

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// Any two versions can be compared, in words; a long text changes word by word.
#[tokio::test]
async fn any_two_versions_compare_and_long_texts_diff_by_word() {
    let v1 = common::seed_with_population(2_151_205);
    let mut v2 = seed();
    v2.description = vec![Text::new(&format!("{} Added words at the end.", v1.description[0])).unwrap()];
    let v3 = {
        let mut p = v2.clone();
        p.key_figures.population.as_mut().unwrap().value = 2_000_000;
        p
    };
    let store = seeded_store(&[v1, v2, v3], &[]);
    let app = app(AppState::from_store(store).unwrap());
    let (_, _, all) = get(&app, "/regions/DEG/versions").await;
    assert!(all.contains("<select id=\"from\" name=\"from\">"), "a form to pick two versions");
    assert!(
        all.contains("<ins>Added words at the end.</ins>"),
        "word-level: {}",
        &all[all.find("Description").unwrap_or(0)..][..600]
    );
    let (status, h, pair) = get(&app, "/regions/DEG/versions?from=1&to=3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(pair.contains("From version 1 to version 3"));
    assert!(pair.contains("<dt>Population</dt><dd>2,151,205 (2019) → 2,000,000 (2019)</dd>"), "both changes at once");
    assert!(pair.contains("<ins>Added words at the end.</ins>"));
    assert!(pair.contains("<title>Versions 1 and 3 of Thuringia (DEG) · pmatlas</title>"));
    // The pair is part of the page, so part of its ETag.
    let (_, h2, _) = get(&app, "/regions/DEG/versions").await;
    assert_ne!(h[header::ETAG], h2[header::ETAG]);
    let (_, _, bad) = get(&app, "/regions/DEG/versions?from=1&to=9").await;
    assert!(bad.contains("Versions 1 and 9 cannot be compared"));
}

/// A site of Thuringia and 5 generated regions, with its fast path.
fn fast_site() -> (AppState, axum::Router, pmatlas_web::fast::FastPath) {
    let state = AppState::from_store(seeded_store(&[seed()], &pmatlas_core::synth::profiles(5, 3))).unwrap();
    let fast = pmatlas_web::fast::FastPath::new(state.clone()).expect("no request log in tests");
    (state.clone(), app(state), fast)
}

/// A response's headers as sorted (name, value) pairs, to compare two answers.
fn sorted(h: &axum::http::HeaderMap) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        h.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string())).collect();
    v.sort();
    v
}

#[tokio::test]
async fn a_rendered_profile_page_is_answered_before_the_router_as_the_router_answers_it() {
    let (state, site, fast) = fast_site();
    let req = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    assert!(fast.answer(&req("/regions/DEG")).is_none(), "not rendered yet: the router renders it");
    let (status, headers, body) = get(&site, "/regions/DEG").await;
    assert_eq!(status, StatusCode::OK);
    // A page asked for once is not kept (a crawler asking for every page keeps none)...
    assert!(fast.answer(&req("/regions/DEG")).is_none(), "kept from its second request on");
    let (_, _, again) = get(&site, "/regions/DEG").await;
    assert_eq!(again, body);
    // ... but from its second request on.
    let direct = fast.answer(&req("/regions/DEG")).expect("rendered now");
    assert_eq!(direct.status(), StatusCode::OK);
    assert_eq!(sorted(direct.headers()), sorted(&headers));
    let bytes = axum::body::to_bytes(direct.into_body(), usize::MAX).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&bytes), body);
    // What it leaves to the router: compression, conditions, queries, other methods and pages.
    let with = |h: header::HeaderName, v: &str| Request::get("/regions/DEG").header(h, v).body(Body::empty()).unwrap();
    for r in [
        with(header::ACCEPT_ENCODING, "br;q=1.0"),
        with(header::ACCEPT_ENCODING, "gzip;q=0, br"),
        with(header::IF_NONE_MATCH, "W/\"0\""),
        req("/regions/DEG?x=1"),
        req("/regions/DEG/versions"),
        req("/regions/XX9"),
        Request::head("/regions/DEG").body(Body::empty()).unwrap(),
    ] {
        let what = format!("{} {} {:?}", r.method(), r.uri(), r.headers());
        assert!(fast.answer(&r).is_none(), "{what}");
    }
    assert!(fast.answer(&with(header::ACCEPT_ENCODING, "identity")).is_some());
    // A browser gets the page's gzip encoding, made once.
    let zipped = fast.answer(&with(header::ACCEPT_ENCODING, "gzip, deflate, br")).unwrap();
    assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(zipped.headers()[header::VARY], "accept-encoding");
    let bytes = axum::body::to_bytes(zipped.into_body(), usize::MAX).await.unwrap();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, body);
    // After a write the region's page is rendered anew, never answered from the old one.
    let mut changed = seed();
    changed.description = vec![Text::new("Rewritten after the first rendering.").unwrap()];
    state.with_store(move |s| s.write(&write(&changed, Some(1)))).await.unwrap();
    state.refresh().await.unwrap();
    assert!(fast.answer(&req("/regions/DEG")).is_none());
    assert!(get(&site, "/regions/DEG").await.2.contains("Rewritten after the first rendering."));
    get(&site, "/regions/DEG").await;
    let again = fast.answer(&req("/regions/DEG")).unwrap();
    let bytes = axum::body::to_bytes(again.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("Rewritten after the first rendering."));
}

/// A search, statistics or map page drawn once is answered before the router at the very
/// address it was asked at, with the router's headers and bytes; never for an account, and
/// never from an older read view.
#[tokio::test]
async fn a_drawn_page_is_answered_before_the_router_at_its_address() {
    let (state, site, fast) = fast_site();
    let req = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    for uri in ["/regions?q=health&seeking=yes", "/stats", "/map?attr=innovation", "/regions/DEG/matches"] {
        assert!(fast.answer(&req(uri)).is_none(), "{uri}: not drawn yet");
        let (status, headers, body) = get(&site, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let direct = fast.answer(&req(uri)).unwrap_or_else(|| panic!("{uri}: drawn now"));
        assert_eq!(sorted(direct.headers()), sorted(&headers), "{uri}");
        let bytes = axum::body::to_bytes(direct.into_body(), usize::MAX).await.unwrap();
        assert_eq!(String::from_utf8_lossy(&bytes), body, "{uri}");
    }
    // The same search written another way is drawn once, but kept at each address it is
    // asked at: the fast path does not parse queries.
    assert!(fast.answer(&req("/regions?seeking=yes&q=health")).is_none());
    let _ = get(&site, "/regions?seeking=yes&q=health").await;
    assert!(fast.answer(&req("/regions?seeking=yes&q=health")).is_some());
    // A page asked by a signed-in account is not kept for everyone.
    let signed = Request::get("/regions?q=biobank")
        .header(header::COOKIE, format!("{}={}", pmatlas_web::auth::SESSION_COOKIE, "0".repeat(64)))
        .body(Body::empty())
        .unwrap();
    let _ = site.clone().oneshot(signed).await.unwrap();
    assert!(fast.answer(&req("/regions?q=biobank")).is_none());
    // After a write the pages are drawn anew.
    let mut changed = seed();
    changed.description = vec![Text::new("Rewritten after the first drawing.").unwrap()];
    state.with_store(move |s| s.write(&write(&changed, Some(1)))).await.unwrap();
    state.refresh().await.unwrap();
    assert!(fast.answer(&req("/stats")).is_none(), "a new view has drawn nothing yet");
    let zipped = Request::get("/stats").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    assert!(fast.answer(&zipped).is_none());
    let (_, _, body) = get(&site, "/stats").await;
    let zipped = Request::get("/stats").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let answer = fast.answer(&zipped).expect("drawn in the new view");
    assert_eq!(answer.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, body);
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

/// Words searched: best match first (a named biobank before a description's mention), with
/// a sort choice; each result says its PM work in a line and where it matched, networks
/// included; a link skips the filters, and the filters apply from their top.
#[tokio::test]
async fn search_ranks_best_match_first_and_says_why() {
    let mut mention = pmatlas_core::synth::profile(11, 4);
    mention.name = Text::new("Aaaland").unwrap();
    mention.description = vec![Text::new("A region that once thought of a biobank.").unwrap()];
    mention.initiatives.clear();
    mention.collaboration = None;
    let mut named = pmatlas_core::synth::profile(12, 4);
    named.name = Text::new("Zzzland").unwrap();
    named.initiatives = vec![pmatlas_core::format::initiative(Some(1), "Zzz Population Biobank").unwrap()];
    named.description.clear();
    named.collaboration = None;
    let (a, z) = (mention.code.to_string(), named.code.to_string());
    let app = test_app(&[mention, named]);
    let order = |html: &str| {
        let (pa, pz) = (html.find(&format!("href=\"/regions/{a}\">")), html.find(&format!("href=\"/regions/{z}\">")));
        pa.zip(pz).map(|(pa, pz)| pz < pa)
    };
    let (_, _, best) = get(&app, "/regions?q=biobank").await;
    assert_eq!(order(&best), Some(true), "the named biobank first");
    assert!(best.contains("<option value=\"relevance\" selected>Best match</option>"));
    assert!(best.contains("Matched in Initiatives:</span> Zzz Population <mark>Biobank</mark>"), "{best}");
    let (_, _, by_name) = get(&app, "/regions?q=biobank&sort=name").await;
    assert_eq!(order(&by_name), Some(false), "by name when asked");
    let (_, _, icpermed) = get(&app, "/regions?q=S3MedTech").await;
    assert!(icpermed.contains("Matched in the networks it is in:</span> <mark>S3MedTech</mark>"), "{icpermed}");
    assert!(icpermed.contains("<p class=\"summary\">Works on "), "a line of PM work");
    let (skip, facets) = (best.find("Skip to the").unwrap(), best.find("<h2>Filters</h2>").unwrap());
    assert!(skip < facets && best[facets..].find("Apply filters").unwrap() < best[facets..].find("<details").unwrap());
}

/// The map's page does not grow with the number of regions: its table shows the first 200
/// (the downloads have them all), the regions without a shape are named up to 50; and the
/// statistics and the map are drawn once a view (the same bytes again).
#[tokio::test]
async fn the_map_page_is_bounded_and_drawn_once() {
    let extra: Vec<Profile> =
        pmatlas_core::synth::profiles(400, 9).into_iter().filter(|p| p.code.as_str() != "DEG").collect();
    let app = app_with_shapes(&extra);
    let (_, _, html) = get(&app, "/map").await;
    let table = &html[html.find("<details class=\"table-alt\"").unwrap()..];
    assert_eq!(table.matches("<tr><td><a href=\"/regions/").count(), 200);
    assert!(table.contains(&format!(
        "The first 200 regions, by code; {} more are in the downloads above.",
        extra.len() + 1 - 200
    )));
    let unmapped = &html[html.find("Not on the map").unwrap()..];
    let unmapped = &unmapped[..unmapped.find("</p>").unwrap()];
    assert!(unmapped.matches("), ").count() == 49 && unmapped.contains(") and "), "{unmapped}");
    assert_eq!(get(&app, "/map").await.2, html, "drawn once, the same again");
    let (_, _, stats) = get(&app, "/stats").await;
    assert_eq!(get(&app, "/stats").await.2, stats);
}
