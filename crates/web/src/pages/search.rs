//! `/regions`: full-text search with facets, sorts and pages of results.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::*;
use crate::query::*;
use crate::state::AppState;

struct FacetValueVm<'a> {
    id: &'a str,
    label: &'a str,
    count: usize,
    checked: bool,
}

struct FacetVm<'a> {
    key: &'a str,
    label: &'a str,
    values: Vec<FacetValueVm<'a>>,
    open: bool,
}

struct HitVm {
    code: String,
    name: String,
    country: String,
    level: String,
    group: String,
    seeking: bool,
    topics: Vec<String>,
    population: String,
    dated: String,
}

struct ActiveVm {
    label: String,
    remove: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    title: String,
    q: String,
    sort: &'static str,
    sorts: Vec<(&'static str, &'static str)>,
    total: usize,
    from: usize,
    to: usize,
    all: usize,
    prev_url: String,
    next_url: String,
    page_no: usize,
    pages: usize,
    hits: Vec<HitVm>,
    facets: Vec<FacetVm<'a>>,
    active: Vec<ActiveVm>,
    unknown_words: Vec<String>,
    clear_url: String,
    map_url: String,
    stats_url: String,
}

const PAGE_SIZE: usize = 50;
/// Values a facet lists at most (the most frequent; selected ones always).
const FACET_VALUES: usize = 15;

pub async fn search(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view, pairs(&raw));
    let q = query_of(&view, &params);
    let results = view.index.search(&q);
    let regions = view.snapshot.regions();
    let paging = Pagination::new(&params, results.hits.len(), PAGE_SIZE);
    let (first, page_no, pages) = (paging.first, paging.page, paging.pages);
    let prev_url = paging.prev("/regions", &params);
    let next_url = paging.next("/regions", &params);
    let hits = results.hits.iter().skip(first).take(PAGE_SIZE).map(|&i| hit_vm(&regions[i])).collect();
    let mut active = active_filters(&view, &q, &params);
    // The search words are a filter like the others, and removable the same way.
    if !q.text.is_empty() {
        let rest = without_keys(&params, &["q", "page"]);
        active.insert(0, ActiveVm { label: format!("Words: “{}”", q.text), remove: href("/regions", &rest) });
    }
    let facets = results.facets.iter().filter_map(|fc| facet_vm(&view, &q, fc)).collect();
    let total = results.hits.len();
    // The selection alone, for the map and the statistics (which have no sort and no pages).
    let selection = without_keys(&params, &["sort", "page"]);
    page(SearchPage {
        title: if q.text.is_empty() { "Regions".into() } else { format!("Regions matching “{}”", q.text) },
        q: q.text.clone(),
        sort: q.sort.id(),
        sorts: vec![
            ("name", "Name"),
            ("population", "Population"),
            ("innovation", "Innovation group"),
            ("edition", "Edition (newest first)"),
            ("updated", "Last update"),
        ],
        total,
        from: if total == 0 { 0 } else { first + 1 },
        to: (first + PAGE_SIZE).min(total),
        all: view.snapshot.len(),
        prev_url,
        next_url,
        page_no,
        pages,
        hits,
        facets,
        active,
        unknown_words: results.unknown_words,
        clear_url: "/regions".into(),
        map_url: href("/map", &selection),
        stats_url: href("/stats", &selection),
    })
}

/// A result card.
fn hit_vm(r: &pmatlas_store::Region) -> HitVm {
    let p = &r.profile;
    HitVm {
        code: p.code.to_string(),
        name: p.name.to_string(),
        country: p.country_name().unwrap_or("").to_string(),
        level: level_label(p),
        group: p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.to_string()).unwrap_or_default(),
        seeking: p.collaboration.as_ref().is_some_and(|c| c.is_seeking()),
        topics: p.collaboration.iter().flat_map(|c| c.topics.iter().map(|t| t.topic.label().to_string())).collect(),
        population: p.key_figures.population.as_ref().map(|f| fmt_int(f.value)).unwrap_or_default(),
        dated: dated(p, &r.version),
    }
}

/// The chosen filters, each with a link that removes it.
fn active_filters(
    view: &crate::state::View,
    q: &pmatlas_core::search::Query,
    params: &[(String, String)],
) -> Vec<ActiveVm> {
    let mut active = Vec::new();
    for (k, vals) in &q.filters {
        let Some((_, f)) = view.index.facet(k) else { continue };
        for v in vals {
            let label = f.values.iter().find(|x| &x.id == v).map_or(v.clone(), |x| x.label.clone());
            let rest = without_keys(&without_pair(params, k, v), &["page"]);
            active.push(ActiveVm { label: format!("{}: {label}", f.label), remove: href("/regions", &rest) });
        }
    }
    active
}

/// A facet with its counts; large facets show their most frequent values (and any selected
/// one), in their order; a facet with nothing to show is left out.
fn facet_vm<'a>(
    view: &'a crate::state::View,
    q: &pmatlas_core::search::Query,
    fc: &pmatlas_core::search::FacetCounts,
) -> Option<FacetVm<'a>> {
    let f = &view.index.facets[fc.facet];
    let chosen = q.filters.get(&f.key);
    let values: Vec<FacetValueVm> = f
        .values
        .iter()
        .zip(&fc.counts)
        .map(|(v, &count)| FacetValueVm {
            id: v.id.as_str(),
            label: v.label.as_str(),
            count,
            checked: chosen.is_some_and(|c| c.contains(&v.id)),
        })
        .filter(|v| v.count > 0 || v.checked)
        .collect();
    let values = if values.len() > FACET_VALUES {
        let mut by_count: Vec<usize> = (0..values.len()).collect();
        by_count.sort_by(|&a, &b| values[b].count.cmp(&values[a].count).then(a.cmp(&b)));
        let keep: std::collections::HashSet<usize> = by_count.into_iter().take(FACET_VALUES).collect();
        values.into_iter().enumerate().filter(|(i, v)| keep.contains(i) || v.checked).map(|(_, v)| v).collect()
    } else {
        values
    };
    (!values.is_empty()).then(|| FacetVm {
        open: chosen.is_some() || matches!(f.key.as_str(), "country" | "innovation" | "seeking" | "topic"),
        key: f.key.as_str(),
        label: f.label.as_str(),
        values,
    })
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/", axum::routing::get(search)).route("/regions", axum::routing::get(search))
}
