//! `/map`: a map of Europe coloured by an attribute of the profiles (drawing in `crate::svg::map`).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::*;
use crate::query::*;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    title: String,
    attr: String,
    attr_label: String,
    choices: Vec<(&'static str, Vec<(String, String)>)>,
    hidden: Vec<(String, String)>,
    has_shapes: bool,
    svg: String,
    classes: Vec<crate::svg::map::Class>,
    rows: Vec<(String, String, String)>,
    unmapped: Vec<String>,
    filtered: bool,
    results_url: String,
}

pub async fn map(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    use crate::svg::map::{Attribute, Mapped};
    let view = s.view();
    let params = meaningful(&view, pairs(&raw));
    let attr = params
        .iter()
        .find(|(k, _)| k == "attr")
        .and_then(|(_, v)| Attribute::parse(v))
        .unwrap_or(Attribute::Innovation);
    let q = query_of(&view, &params);
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
    let rendered = crate::svg::map::render(&s.shapes, &mapped, attr, &format!("Map of Europe: {}", attr.label()));
    let hidden: Vec<(String, String)> = params.iter().filter(|(k, _)| k != "attr").cloned().collect();
    page(MapPage {
        title: "Map".into(),
        attr: attr.id(),
        attr_label: attr.label(),
        choices: Attribute::choices(),
        results_url: href("/regions", &hidden),
        hidden,
        has_shapes: !s.shapes.is_empty(),
        svg: rendered.svg,
        classes: rendered.classes,
        rows: rendered.rows,
        unmapped: rendered.unmapped,
        filtered,
    })
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/map", axum::routing::get(map))
}
