//! The map: colours by attribute, regions over their country, markers, insets, bounded tables.

use super::*;

fn shapes() -> Vec<pmatlas_core::geo::Shape> {
    pmatlas_core::geo::shapes_from_geojson(include_str!("../fixtures/shapes.geojson"), 1000.0).unwrap()
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
        html.contains(
            "<td><a href=\"/regions/DEG\">Thuringia</a></td><td>DEG</td><td>Strong</td><td>2019 edition</td>"
        ),
        "the table alternative, each value with the edition it is of"
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
