//! `/regions`: full-text search with facets, sorts and pages of results.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use crate::query::*;
use crate::shell::*;
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
    /// Offers "all of the chosen values" (a region can have several), and whether it is on.
    multi: bool,
    all: bool,
    /// Long enough to get a filter box.
    long: bool,
    /// The heading of the group this facet opens, if it opens one.
    group: Option<&'static str>,
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
    snippet: Option<pmatlas_core::search::Snippet>,
    /// Its PM work in a line: "Works on biobanks, genomics · 6 major initiatives · in 3 networks".
    summary: String,
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
    downloads: Vec<(&'static str, String)>,
    downloads_what: &'static str,
}

/// The orders a reader can choose, (id, label).
const SORTS: [(&str, &str); 6] = [
    ("relevance", "Best match"),
    ("name", "Name"),
    ("population", "Population"),
    ("innovation", "Innovation group"),
    ("edition", "Edition (newest first)"),
    ("updated", "Last update"),
];

/// Results per page: cards with a snippet are tall, and 25 is what a reader scans.
const PAGE_SIZE: usize = 25;
/// Values over which a facet gets a filter box.
const FACET_VALUES: usize = 12;

pub async fn search(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view.index, pairs(&raw));
    // A search is a function of its query and the data: drawn once a view for each query
    // asked (the filters' counts and the results' snippets are most of its work).
    drawn(&view.drawn, href("/regions", &params), || search_page(&s, &view, &params))
}

fn search_page<'a>(s: &AppState, view: &'a crate::state::View, params: &[(String, String)]) -> SearchPage<'a> {
    let q = query_of(&view.index, params);
    let mut results = view.index.search(&q);
    let regions = view.snapshot.regions();
    let words = view.index.query_words(&q.text);
    if q.sort == pmatlas_core::search::Sort::Relevance && !words.is_empty() {
        view.index.rank(&mut results.hits, &q.text);
    }
    let paging = Pagination::new(params, results.hits.len(), PAGE_SIZE);
    let (first, page_no, pages) = (paging.first, paging.page, paging.pages);
    let prev_url = paging.prev("/regions", params);
    let next_url = paging.next("/regions", params);
    let hits = results
        .hits
        .iter()
        .skip(first)
        .take(PAGE_SIZE)
        .map(|&i| hit_vm(&regions[i], &words, &q.text, view.matcher.evidence(i)))
        .collect();
    let mut active = active_filters(view, &q, params);
    // The search words are a filter like the others, and removable the same way.
    if !q.text.is_empty() {
        let rest = without_keys(params, &["q", "page"]);
        active.insert(0, ActiveVm { label: format!("Words: “{}”", q.text), remove: href("/regions", &rest) });
    }
    let facets = facets_vm(view, &q, &results.facets);
    let total = results.hits.len();
    // The selection alone, for the map and the statistics (which have no sort and no pages).
    let selection = without_keys(params, &["sort", "page"]);
    SearchPage {
        title: if q.text.is_empty() { "Regions".into() } else { format!("Regions matching “{}”", q.text) },
        q: q.text.clone(),
        sort: q.sort.id(),
        sorts: SORTS.to_vec(),
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
        downloads: super::data::links(&selection, !s.shapes.is_empty()),
        downloads_what: "these results",
        map_url: href("/map", &selection),
        stats_url: href("/stats", &selection),
    }
}

/// A result card.
fn hit_vm(
    r: &pmatlas_store::Region,
    words: &pmatlas_core::search::QueryWords,
    text: &str,
    ev: &pmatlas_core::matching::RegionEvidence,
) -> HitVm {
    let p = &r.profile;
    let works: Vec<String> = super::glance::works_on(ev).into_iter().take(4).map(|w| w.0).collect();
    let networks = p.memberships.iter().filter(|m| m.network.def().names_networks && m.answer.is_member()).count();
    let mut summary = Vec::new();
    if !works.is_empty() {
        summary.push(format!("Works on {}", works.join(", ")));
    }
    match p.initiatives.len() {
        0 => {}
        1 => summary.push("1 major initiative".into()),
        n => summary.push(format!("{n} major initiatives")),
    }
    match networks {
        0 => {}
        1 => summary.push("in 1 network".into()),
        n => summary.push(format!("in {n} networks")),
    }
    HitVm {
        code: p.code.to_string(),
        name: p.name.to_string(),
        country: p.country_name().unwrap_or("").to_string(),
        level: level_label(p),
        group: p
            .key_figures
            .innovation
            .as_ref()
            .and_then(|i| i.primary())
            .map(pmatlas_core::shown::group)
            .unwrap_or_default(),
        seeking: p.collaboration.as_ref().is_some_and(|c| c.is_seeking()),
        topics: p.collaboration.iter().flat_map(|c| c.topics.iter().map(|t| t.topic.label().to_string())).collect(),
        population: p.key_figures.population.as_ref().map(|f| fmt_int(f.value)).unwrap_or_default(),
        dated: dated(p, &r.version),
        snippet: pmatlas_core::search::snippet(p, words)
            .or_else(|| pmatlas_core::search::relevance::matched_outside_prose(p, words))
            .or_else(|| pmatlas_core::search::relevance::matched_topic(p, text)),
        summary: summary.join(" · "),
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
        if q.match_all.contains(k) && vals.len() > 1 {
            let rest = without_keys(&without_pair(params, "all", k), &["page"]);
            active.push(ActiveVm { label: format!("{}: all of these", f.label), remove: href("/regions", &rest) });
        }
    }
    active
}

/// The groups of membership facets, in the order shown, by the network's kind.
const MEMBERSHIP_GROUPS: [(&str, &str); 6] = [
    ("network", "Memberships: personalised-medicine and health networks"),
    ("partnership", "Memberships: S3 partnerships"),
    ("initiative", "Memberships: initiatives"),
    ("macro_region", "Memberships: macro-regions"),
    ("designation", "Designations"),
    ("territory", "Territorial types"),
];

/// The facets in the order of the sidebar: the profile's own attributes first, then the
/// memberships grouped by kind, each group under a heading.
fn facets_vm<'a>(
    view: &'a crate::state::View,
    q: &pmatlas_core::search::Query,
    counts: &[pmatlas_core::search::FacetCounts],
) -> Vec<FacetVm<'a>> {
    let group_of = |key: &str| {
        let n = key.strip_prefix("membership.").and_then(pmatlas_core::vocab::NetworkId::from_id)?;
        Some(MEMBERSHIP_GROUPS.iter().position(|(k, _)| *k == n.def().kind).unwrap_or(0))
    };
    let mut keyed: Vec<(Option<usize>, FacetVm<'a>)> =
        counts.iter().filter_map(|fc| facet_vm(view, q, fc)).map(|f| (group_of(f.key), f)).collect();
    // Stable: within a group the facets keep the index's order.
    keyed.sort_by_key(|(g, _)| g.map_or(0, |g| g + 1));
    let mut last = None;
    keyed
        .into_iter()
        .map(|(g, mut f)| {
            if g.is_some() && g != last {
                f.group = g.map(|g| MEMBERSHIP_GROUPS[g].1);
            }
            last = g;
            f
        })
        .collect()
}

/// A facet with its counts, its values in their order; a facet with nothing to show is left
/// out.
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
    // Every value with a region is listed (a vocabulary is bounded: NACE's 109 codes at
    // most); a long list scrolls in its box, with a filter box to find a value.
    (!values.is_empty()).then(|| FacetVm {
        open: chosen.is_some() || matches!(f.key.as_str(), "country" | "innovation" | "seeking" | "topic"),
        key: f.key.as_str(),
        label: f.label.as_str(),
        long: values.len() > FACET_VALUES,
        multi: f.multi && values.len() > 1,
        all: q.match_all.contains(&f.key),
        values,
        group: None,
    })
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/regions", axum::routing::get(search))
}
