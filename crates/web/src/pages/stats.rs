//! `/stats` and `/stats.csv`: charts and tables of the profiles that match the filters.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use pmatlas_core::Profile;

use crate::query::*;
use crate::shell::*;
use crate::state::AppState;

struct ChartVm {
    id: String,
    title: String,
    /// No region of the selection has a value: a note instead of an empty chart.
    empty: bool,
    chart: String,
    /// (label, count, href of the search for its regions or "").
    bars: Vec<(String, usize, String)>,
    csv: String,
    /// "Answered by 2 of 28 regions; each bar is its share of those 2."
    base: String,
    /// Fewer than 5 answers: a word of caution.
    few: bool,
}

struct CrossingVm {
    title: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<(usize, &'static str)>)>,
    csv: String,
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    title: String,
    total: usize,
    all: usize,
    filtered: bool,
    results_url: String,
    ratings: Vec<ChartVm>,
    crossings: Vec<CrossingVm>,
    others: Vec<ChartVm>,
}

/// What a chart rests on, said plainly.
fn base(c: &pmatlas_core::stats::Chart) -> String {
    let regions = |n: usize| if n == 1 { "1 region".to_string() } else { format!("{} regions", fmt_int(n as u64)) };
    match (c.answered, c.of) {
        (0, _) => String::new(),
        (a, o) if a == o => format!("All {} answer; each bar is its share of them.", regions(o)),
        (1, o) => format!(
            "Answered by 1 of {}: its one answer is the whole bar. {} did not answer.",
            regions(o),
            regions(o - 1)
        ),
        (a, o) => format!(
            "Answered by {} of {}; each bar is its share of those {}. {} did not answer.",
            fmt_int(a as u64),
            regions(o),
            fmt_int(a as u64),
            regions(o - a)
        ),
    }
}

/// The charts for the profiles a query selects.
fn stats_charts(
    view: &crate::state::View,
    params: &[(String, String)],
) -> (Vec<usize>, Vec<pmatlas_core::stats::Chart>, Vec<pmatlas_core::stats::Crossing>) {
    use pmatlas_core::stats;
    let q = query_of(&view.index, params);
    let hits = view.index.search(&q).hits;
    let regions = view.snapshot.regions();
    let ps: Vec<&Profile> = hits.iter().map(|&i| &regions[i].profile).collect();
    (hits, stats::charts(&ps), stats::ratings_by_group(&ps))
}

/// The regions of a chart's bar: the selection and the bar's own value (all of a facet's
/// values where the selection already names another, so that it narrows).
fn bar_href(
    index: &pmatlas_core::search::Index,
    selection: &[(String, String)],
    c: &pmatlas_core::stats::Chart,
    k: usize,
) -> String {
    let Some(filters) = c.link(k).filter(|_| c.bars[k].1 > 0) else { return String::new() };
    let mut p = selection.to_vec();
    for (key, value) in filters {
        if filters.len() == 1 && p.iter().any(|(k2, v2)| k2 == key && v2 != value) && multi_facet(index, key) {
            p.push(("all".into(), key.clone()));
        }
        p.push((key.clone(), value.clone()));
    }
    let mut seen = std::collections::HashSet::new();
    p.retain(|x| seen.insert(x.clone()));
    href("/regions", &p)
}

/// A crossing as a table, each cell shaded by its share of the largest.
fn crossing_vm(x: &pmatlas_core::stats::Crossing, csv: String) -> CrossingVm {
    let max = x.cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    CrossingVm {
        title: x.title.clone(),
        columns: x.columns.clone(),
        rows: x
            .rows
            .iter()
            .zip(&x.cells)
            .map(|(r, cells)| {
                let shaded = cells
                    .iter()
                    .map(|&n| (n, ["h0", "h1", "h2", "h3", "h4"][if n == 0 { 0 } else { 1 + (3 * n / max).min(3) }]))
                    .collect();
                (r.clone(), shaded)
            })
            .collect(),
        csv,
    }
}

pub async fn stats(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view.index, pairs(&raw));
    // The same statistics for the same selection until the data changes: drawn once a view.
    drawn(&view.drawn, href("/stats", &params), || stats_page(&view, &params))
}

fn stats_page(view: &crate::state::View, params: &[(String, String)]) -> StatsPage {
    let (hits, charts, crossings) = stats_charts(view, params);
    let csv_url = |id: &str| {
        let mut p = vec![("chart".to_string(), id.to_string())];
        p.extend(params.iter().cloned());
        href("/stats.csv", &p)
    };
    let selection = without_keys(params, &["sort", "page"]);
    let bar_href = |c: &pmatlas_core::stats::Chart, k: usize| bar_href(&view.index, &selection, c, k);
    let vm = |c: &pmatlas_core::stats::Chart| {
        let hrefs: Vec<String> = (0..c.bars.len()).map(|k| bar_href(c, k)).collect();
        ChartVm {
            id: c.id.clone(),
            title: c.title.clone(),
            empty: c.bars.iter().all(|b| b.1 == 0),
            chart: crate::svg::bar_chart(c, &hrefs),
            bars: c.bars.iter().zip(hrefs).map(|((l, n), h)| (l.clone(), *n, h)).collect(),
            csv: csv_url(&c.id),
            base: base(c),
            few: c.answered > 0 && c.answered < 5,
        }
    };
    // The self-evaluation charts first, by what they are, not where they stand.
    let (ratings, others): (Vec<_>, Vec<_>) = charts.iter().partition(|c| c.id.starts_with("rating."));
    let ratings: Vec<ChartVm> = ratings.into_iter().map(vm).collect();
    let others: Vec<ChartVm> = others.into_iter().map(vm).collect();
    let crossings = crossings.iter().map(|x| crossing_vm(x, csv_url(&x.id))).collect();
    StatsPage {
        title: "Statistics".into(),
        total: hits.len(),
        all: view.snapshot.len(),
        filtered: params.iter().any(|(k, _)| k != "sort" && k != "page"),
        results_url: href("/regions", params),
        ratings,
        crossings,
        others,
    }
}

pub async fn stats_csv(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = pairs(&raw);
    let Some(id) = params.iter().find(|(k, _)| k == "chart").map(|(_, v)| v.clone()) else {
        return (StatusCode::BAD_REQUEST, "name a chart: /stats.csv?chart=networks").into_response();
    };
    let (_, charts, crossings) = stats_charts(&view, &params);
    let body = if let Some(c) = charts.iter().find(|c| c.id == id) {
        pmatlas_core::stats::chart_csv(c)
    } else if let Some(x) = crossings.iter().find(|x| x.id == id) {
        pmatlas_core::stats::crossing_csv(x)
    } else {
        return (StatusCode::NOT_FOUND, format!("no chart '{id}'")).into_response();
    };
    let file = format!("attachment; filename=\"pmatlas-{}.csv\"", id.replace('.', "-"));
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, file)], body)
        .into_response()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/stats", axum::routing::get(stats)).route("/stats.csv", axum::routing::get(stats_csv))
}
