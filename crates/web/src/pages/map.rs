//! `/map`: a map of Europe coloured by an attribute of the profiles (drawing in `crate::svg::map`).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::query::*;
use crate::shell::*;
use crate::state::AppState;

/// Rows of the table beside the map, and regions named as not on it: a page whose size does
/// not grow with the number of regions (the downloads have them all).
const MAX_ROWS: usize = 200;
const MAX_UNMAPPED: usize = 50;

/// A map attribute in the chooser: (id, label, whether any profile has a value).
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    title: String,
    heading: String,
    attr: String,
    attr_label: String,
    choices: Vec<(&'static str, Vec<Choice>)>,
    zoom: String,
    countries: Vec<(String, String)>,
    hidden: Vec<(String, String)>,
    has_shapes: bool,
    svg: String,
    national: bool,
    zoomed: bool,
    /// "Europe", or the country zoomed to: what the legend counts.
    place: String,
    classes: Vec<crate::svg::map::Class>,
    /// (code, name, value, edition): how old each value is, beside it.
    rows: Vec<(String, String, String, String)>,
    /// Rows and unmapped regions past those shown (every one is in the downloads).
    more_rows: usize,
    unmapped: Vec<String>,
    more_unmapped: usize,
    filtered: bool,
    results_url: String,
    europe_url: String,
    downloads: Vec<(&'static str, String)>,
    downloads_what: &'static str,
}

/// The attributes a map can be coloured by, by group, each with whether any region has a
/// value for it (worked out once per view).
fn choices(view: &crate::state::View, mapped: &[crate::svg::map::Mapped<'_>]) -> Vec<(&'static str, Vec<Choice>)> {
    use crate::svg::map::Attribute;
    let covered = view.map_coverage.get_or_init(|| {
        let all: Vec<Attribute> = Attribute::choices().into_iter().flat_map(|g| g.1).map(|c| c.0).collect();
        all.into_iter()
            .filter(|a| mapped.iter().any(|m| a.has_value(m.profile, &*m.strengths)))
            .map(|a| a.id())
            .collect()
    });
    Attribute::choices()
        .into_iter()
        .map(|(g, cs)| (g, cs.into_iter().map(|(a, label)| (a.id(), label, covered.contains(&a.id()))).collect()))
        .collect()
}

pub async fn map(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view.index, pairs(&raw));
    // The same map for the same query until the data changes: drawn once a view.
    drawn(&view.drawn, href("/map", &params), || map_page(&s, &view, &params))
}

fn map_page(s: &AppState, view: &crate::state::View, params: &[(String, String)]) -> MapPage {
    use crate::svg::map::{Attribute, Mapped};
    let attr = params.iter().find(|(k, _)| k == "attr").and_then(|(_, v)| Attribute::parse(v));
    let attr = attr.unwrap_or(Attribute::Innovation);
    let countries = s.shapes.countries();
    let zoom =
        params.iter().find(|(k, _)| k == "zoom").and_then(|(_, v)| countries.iter().find(|(c, _)| c == v)).cloned();
    let q = query_of(&view.index, params);
    let filtered = !q.text.is_empty() || !q.filters.is_empty();
    let selected: std::collections::HashSet<usize> = view.index.search(&q).hits.into_iter().collect();
    let regions = view.snapshot.regions();
    let matcher = &view.matcher;
    let mapped: Vec<Mapped<'_>> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| Mapped {
            profile: &r.profile,
            selected: selected.contains(&i),
            strengths: Box::new(move |t| matcher.evidence(i).for_topic(t).next().is_some()),
        })
        .collect();
    let place = zoom.as_ref().map_or("Europe", |z| z.1.as_str()).to_string();
    let heading = format!("Map of {place}");
    let rendered = crate::svg::map::render(
        &s.shapes,
        &mapped,
        attr,
        &format!("{heading}: {}", attr.label()),
        s.shapes.view_box(zoom.as_ref().map(|z| z.0.as_str())),
        zoom.as_ref().map(|z| z.0.as_str()),
    );
    let choices = choices(view, &mapped);
    let hidden: Vec<(String, String)> = params.iter().filter(|(k, _)| k != "attr" && k != "zoom").cloned().collect();
    let search: Vec<(String, String)> = without_keys(params, &["attr", "zoom"]);
    MapPage {
        title: format!("{heading}: {}", attr.label()),
        heading,
        attr: attr.id(),
        attr_label: attr.label(),
        choices,
        zoom: zoom.clone().map(|z| z.0).unwrap_or_default(),
        countries,
        downloads: super::data::links(&search, !s.shapes.is_empty()),
        downloads_what: "the mapped regions",
        results_url: href("/regions", &search),
        europe_url: href("/map", &without_keys(params, &["zoom"])),
        hidden,
        has_shapes: !s.shapes.is_empty(),
        svg: rendered.svg,
        national: rendered.national,
        zoomed: zoom.is_some(),
        place: place.to_string(),
        classes: rendered.classes,
        more_rows: rendered.rows.len().saturating_sub(MAX_ROWS),
        rows: rendered
            .rows
            .into_iter()
            .take(MAX_ROWS)
            .map(|(code, name, value)| {
                let r = pmatlas_core::NutsCode::parse(&code).ok().and_then(|c| view.snapshot.get(&c));
                let edition = r.map(|r| dated(&r.profile, &r.version)).unwrap_or_default();
                (code, name, value, edition)
            })
            .collect(),
        more_unmapped: rendered.unmapped.len().saturating_sub(MAX_UNMAPPED),
        unmapped: rendered.unmapped.into_iter().take(MAX_UNMAPPED).collect(),
        filtered,
    }
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/map", axum::routing::get(map))
}
