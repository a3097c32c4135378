//! Page handlers: each builds a small view model from the read view and renders a template.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use pmatlas_core::search::{answer_label, rating_id, Query, Sort};
use pmatlas_core::vocab::{nabs_label, nace_label, policy_objective_label, NetworkId};
use pmatlas_core::{MembershipAnswer, NutsCode, Profile, SelfEvaluationItem, Text};

use crate::state::AppState;

fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("template: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "page could not be rendered").into_response()
        }
    }
}

/// `key=value` pairs of a query string, in order, decoded, each pair once. (The query string
/// itself is bounded by `layers::bound_query` before any handler runs.)
fn pairs(raw: &Option<String>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        raw.as_deref().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    v.retain(|p| seen.insert(p.clone()));
    v
}

/// The longest search text worked on (characters).
const MAX_SEARCH_TEXT: usize = 200;

fn encode(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The date of a profile's data as a reader needs it: its edition first, then when it
/// reached the observatory ("2021 edition · imported 25 Nov 2026").
fn dated(p: &Profile, v: &pmatlas_store::VersionInfo) -> String {
    let how = match v.source {
        pmatlas_store::Source::Import => "imported",
        pmatlas_store::Source::Survey => "submitted",
        pmatlas_store::Source::Edit => "edited",
    };
    let day = human_date(&v.created_at);
    match p.origin.edition {
        Some(e) => format!("{e} · {how} {day}"),
        None => format!("{how} {day}"),
    }
}

/// "2026-11-25T10:00:00Z" → "25 Nov 2026".
fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let part = |a: usize, b: usize| iso.get(a..b).and_then(|x| x.parse::<usize>().ok());
    match (part(0, 4), part(5, 7), part(8, 10)) {
        (Some(y), Some(m @ 1..=12), Some(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

fn fmt_int(v: u64) -> String {
    pmatlas_core::format::values::render_integer(v)
}

fn fmt_dec(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let v = s.view();
    ([(header::CONTENT_TYPE, "application/json")], format!("{{\"status\":\"ok\",\"regions\":{}}}", v.snapshot.len()))
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/style.css"),
    )
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFound {
    title: String,
    message: String,
}

pub async fn not_found() -> Response {
    let mut r = page(NotFound { title: "Not found".into(), message: "There is no page at this address.".into() });
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

fn region_not_found(code: &str) -> Response {
    let mut r = page(NotFound {
        title: "No such region".into(),
        message: format!("There is no profile for the region code “{code}”."),
    });
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

// ---------------------------------------------------------------- search

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

/// The search state of a query string: text, sort and facet filters.
/// The search a query string asks for. Only known facet values are kept: a value no region
/// has selects nothing a link could remove, and would only make the page longer.
fn query_of(view: &crate::state::View, params: &[(String, String)]) -> Query {
    let mut q = Query::default();
    for (k, v) in params {
        match k.as_str() {
            "q" => q.text = v.chars().take(MAX_SEARCH_TEXT).collect(),
            "sort" => q.sort = Sort::parse(v).unwrap_or_default(),
            _ if known_value(view, k, v) => q.filters.entry(k.clone()).or_default().push(v.clone()),
            _ => {}
        }
    }
    q
}

fn known_value(view: &crate::state::View, key: &str, value: &str) -> bool {
    view.index.facet(key).is_some_and(|(_, f)| f.values.iter().any(|x| x.id == value))
}

/// The parameters of a page's own links: those of `params` that mean something (the
/// search text, sort, page, and known facet values), each once.
fn meaningful(view: &crate::state::View, params: Vec<(String, String)>) -> Vec<(String, String)> {
    params
        .into_iter()
        .filter(|(k, v)| matches!(k.as_str(), "q" | "sort" | "page" | "attr") || known_value(view, k, v))
        .map(|(k, v)| if k == "q" { (k, v.chars().take(MAX_SEARCH_TEXT).collect()) } else { (k, v) })
        .collect()
}

pub async fn search(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view, pairs(&raw));
    let q = query_of(&view, &params);
    let results = view.index.search(&q);
    let regions = view.snapshot.regions();
    let pages = results.hits.len().div_ceil(PAGE_SIZE).max(1);
    let page_no = params
        .iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let first = (page_no - 1) * PAGE_SIZE;
    let page_url = |n: usize| {
        let mut p: Vec<(String, String)> = params.iter().filter(|(k, _)| k != "page").cloned().collect();
        if n > 1 {
            p.push(("page".into(), n.to_string()));
        }
        format!("/regions?{}", encode(&p))
    };
    let prev_url = if page_no > 1 { page_url(page_no - 1) } else { String::new() };
    let next_url = if page_no < pages { page_url(page_no + 1) } else { String::new() };
    let hits = results
        .hits
        .iter()
        .skip(first)
        .take(PAGE_SIZE)
        .map(|&i| {
            let r = &regions[i];
            let p = &r.profile;
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
                    .map(|g| g.to_string())
                    .unwrap_or_default(),
                seeking: p.collaboration.as_ref().is_some_and(|c| c.is_seeking()),
                topics: p
                    .collaboration
                    .iter()
                    .flat_map(|c| c.topics.iter().map(|t| t.topic.label().to_string()))
                    .collect(),
                population: p.key_figures.population.as_ref().map(|f| fmt_int(f.value)).unwrap_or_default(),
                dated: dated(p, &r.version),
            }
        })
        .collect();
    let mut active = Vec::new();
    for (k, vals) in &q.filters {
        let Some((_, f)) = view.index.facet(k) else { continue };
        for v in vals {
            let label = f.values.iter().find(|x| &x.id == v).map_or(v.clone(), |x| x.label.clone());
            let rest: Vec<(String, String)> =
                params.iter().filter(|(pk, pv)| !(pk == k && pv == v) && pk != "page").cloned().collect();
            active.push(ActiveVm {
                label: format!("{}: {label}", f.label),
                remove: format!("/regions?{}", encode(&rest)),
            });
        }
    }
    let facets = results
        .facets
        .iter()
        .filter_map(|fc| {
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
            // Large facets show their most frequent values (and any selected one), in their order.
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
        })
        .collect();
    let total = results.hits.len();
    // The selection alone, for the map and the statistics (which have no sort and no pages).
    let filters_qs = encode(&params.iter().filter(|(k, _)| k != "sort" && k != "page").cloned().collect::<Vec<_>>());
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
        map_url: format!("/map?{filters_qs}"),
        stats_url: format!("/stats?{filters_qs}"),
    })
}

fn level_label(p: &Profile) -> String {
    match p.code.level() {
        0 => "Country".into(),
        l => format!("NUTS {l}"),
    }
}

// ---------------------------------------------------------------- profile

struct FactVm {
    label: &'static str,
    value: String,
    note: String,
}

struct MemberVm {
    label: String,
    answer: &'static str,
    class: &'static str,
    symbol: &'static str,
    note: String,
}

struct CodeVm {
    code: String,
    official: String,
    as_written: String,
    href: String,
}

struct CodeGroupVm {
    title: &'static str,
    items: Vec<CodeVm>,
}

struct InitiativeVm {
    name: String,
    description: String,
    url: String,
    network: String,
}

struct RatingVm {
    label: String,
    value: String,
    level: usize,
    href: String,
}

struct TopicVm {
    label: String,
    as_written: String,
    href: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    title: String,
    code: String,
    name: String,
    subtitle: String,
    facts: Vec<FactVm>,
    description: Vec<String>,
    health_profile: Vec<String>,
    websites: Vec<String>,
    has_collaboration: bool,
    seeking: String,
    interests: String,
    details: Vec<String>,
    partners: String,
    topics: Vec<TopicVm>,
    memberships: Vec<MemberVm>,
    policy_documents: Vec<String>,
    policy_topics: Vec<String>,
    measures: Vec<String>,
    funding: Vec<String>,
    code_groups: Vec<CodeGroupVm>,
    ris3: String,
    pm_ris3: String,
    initiatives: Vec<InitiativeVm>,
    hubs: Vec<String>,
    represented_in: Vec<String>,
    ratings: Vec<RatingVm>,
    version: u32,
    dated: String,
    /// Set when the profile was read from a copy of the page that stops part-way.
    incomplete: String,
    /// Fields carried forward from older editions: "Memberships: 2019 edition".
    carried: Vec<String>,
    locator: String,
}

fn texts(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.to_string()).collect()
}

fn flag(f: &Option<pmatlas_core::Flag>) -> String {
    match f {
        Some(f) => {
            let w = if f.value { "Yes" } else { "No" };
            f.note.as_ref().map_or(w.to_string(), |n| format!("{w} – {n}"))
        }
        None => String::new(),
    }
}

fn parse_code(code: &str) -> Option<NutsCode> {
    NutsCode::parse(&code.to_ascii_uppercase()).ok()
}

pub async fn profile(State(s): State<AppState>, Path(code): Path<String>) -> Response {
    let view = s.view();
    let Some(i) = parse_code(&code).and_then(|c| view.snapshot.index_of(&c)) else { return region_not_found(&code) };
    if let Some(html) = view.profile_pages[i].get() {
        return html_bytes(html.clone());
    }
    let rendered = profile_page(&s, &view.snapshot.regions()[i]);
    match rendered.render() {
        Ok(html) => {
            let bytes = axum::body::Bytes::from(html);
            let _ = view.profile_pages[i].set(bytes.clone());
            html_bytes(bytes)
        }
        Err(e) => {
            tracing::error!("template: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "page could not be rendered").into_response()
        }
    }
}

fn html_bytes(b: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], b).into_response()
}

fn profile_page(s: &AppState, r: &pmatlas_store::Region) -> ProfilePage {
    let p = &r.profile;
    let k = &p.key_figures;
    let year = |y: Option<u16>| y.map(|y| format!("({y})")).unwrap_or_default();
    let mut facts = Vec::new();
    if let Some(i) = &k.innovation {
        let groups = pmatlas_core::format::values::render_innovation_groups(&i.groups);
        let note = i.edition.map(|e| format!("Regional Innovation Scoreboard {e}")).unwrap_or_default();
        facts.push(FactVm { label: "Innovation group", value: groups, note });
    }
    if let Some(f) = &k.population {
        facts.push(FactVm { label: "Population", value: fmt_int(f.value), note: year(f.year) });
    }
    if let Some(f) = &k.density {
        facts.push(FactVm { label: "Density", value: format!("{} per km²", fmt_dec(f.value)), note: year(f.year) });
    }
    if let Some(f) = &k.over65_share {
        facts.push(FactVm { label: "Aged over 65", value: format!("{} %", fmt_dec(f.value)), note: year(f.year) });
    }
    let c = p.collaboration.as_ref();
    let memberships = NetworkId::all()
        .filter_map(|n| p.membership(n).map(|m| (n, m)))
        .map(|(n, m)| {
            let (class, symbol) = match m.answer {
                MembershipAnswer::Yes => ("yes", "✓"),
                MembershipAnswer::No => ("no", "✗"),
                MembershipAnswer::CountryLevelMember
                | MembershipAnswer::CountryLevelObserver
                | MembershipAnswer::Mixed => ("partial", "◐"),
                MembershipAnswer::Other => ("other", "…"),
                MembershipAnswer::Unanswered => ("none", "–"),
            };
            MemberVm {
                label: n.label().to_string(),
                answer: answer_label(m.answer),
                class,
                symbol,
                note: m.note.as_ref().map(|t| t.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let group = |title: &'static str,
                 key: &str,
                 codes: &[pmatlas_core::ClassCode],
                 label: fn(&str) -> Option<&'static str>| CodeGroupVm {
        title,
        items: codes
            .iter()
            .map(|c| CodeVm {
                code: c.code.clone(),
                official: label(&c.code).unwrap_or("").to_string(),
                as_written: c.label.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                href: format!("/regions?{}", encode(&[(key.to_string(), c.code.clone())])),
            })
            .collect(),
    };
    let code_groups: Vec<CodeGroupVm> = [
        group("NACE Rev. 2", "nace", &p.nace, nace_label),
        group("NABS 2007", "nabs", &p.nabs, nabs_label),
        group("Eye@RIS3 policy objectives", "objective", &p.policy_objectives, policy_objective_label),
    ]
    .into_iter()
    .filter(|g| !g.items.is_empty())
    .collect();
    let ratings = SelfEvaluationItem::ALL
        .iter()
        .filter_map(|&i| {
            p.self_evaluation.get(i).map(|r| RatingVm {
                label: i.label().to_string(),
                value: r.label().to_string(),
                level: r as usize + 1,
                href: format!("/regions?{}", encode(&[(format!("rating.{}", i.id()), rating_id(r).to_string())])),
            })
        })
        .collect();
    ProfilePage {
        title: format!("{} ({})", p.name, p.code),
        code: p.code.to_string(),
        name: p.name.to_string(),
        subtitle: [
            Some(level_label(p)),
            p.country_name().map(str::to_string),
            p.national_level.then(|| "national-level profile".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · "),
        facts,
        description: texts(&p.description),
        health_profile: texts(&p.health_profile),
        websites: texts(&p.websites),
        has_collaboration: c.is_some(),
        seeking: match c {
            Some(c) if c.is_seeking() => "Yes".into(),
            Some(c) if c.seeking == Some(false) => "No".into(),
            Some(_) => "Not stated".into(),
            None => String::new(),
        },
        interests: c.and_then(|c| c.interests.as_ref()).map(|t| t.to_string()).unwrap_or_default(),
        details: c.map(|c| texts(&c.details)).unwrap_or_default(),
        partners: c.map(|c| c.partners.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")).unwrap_or_default(),
        topics: c
            .map(|c| {
                c.topics
                    .iter()
                    .map(|t| TopicVm {
                        label: t.topic.label().to_string(),
                        as_written: t.as_written.to_string(),
                        href: format!("/regions?{}", encode(&[("topic".to_string(), t.topic.id().to_string())])),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        memberships,
        policy_documents: p.policy_documents.iter().map(|d| d.text()).collect(),
        policy_topics: p.policy_topics.iter().map(|t| t.text.to_string()).collect(),
        measures: p
            .support_measures
            .iter()
            .map(|m| {
                let level = m.level.map(|l| format!("{} · ", l.word())).unwrap_or_default();
                let detail = m.detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
                format!("{level}{}{detail}", m.kind.label())
            })
            .collect(),
        funding: p.funding_programmes.iter().map(|f| f.text.to_string()).collect(),
        code_groups,
        ris3: flag(&p.ris3),
        pm_ris3: flag(&p.pm_ris3),
        initiatives: p
            .initiatives
            .iter()
            .map(|i| InitiativeVm {
                name: i.name.to_string(),
                description: i.description.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                url: i.url.as_ref().map(|t| t.to_string()).filter(|u| u.starts_with("http")).unwrap_or_default(),
                network: i.network.map(|n| n.label().to_string()).unwrap_or_default(),
            })
            .collect(),
        hubs: texts(&p.digital_innovation_hubs),
        represented_in: p.represented_in.iter().map(|r| r.text.to_string()).collect(),
        ratings,
        version: r.version.number,
        dated: dated(p, &r.version),
        incomplete: p
            .origin
            .incomplete
            .as_ref()
            .map(|c| {
                format!("It stops after “{}” (line {}): what came after it on the page is missing.", c.after, c.line)
            })
            .unwrap_or_default(),
        carried: p
            .origin
            .carried
            .iter()
            .map(|c| {
                let label = pmatlas_core::origin::field(&c.field).map_or(c.field.as_str(), |f| f.label);
                format!("{label}: {}", c.edition)
            })
            .collect(),
        locator: crate::map::locator(&s.shapes, p.code.as_str(), p.name.as_str()).unwrap_or_default(),
    }
}

// ---------------------------------------------------------------- versions

struct ChangeVm {
    path: String,
    kind: &'static str,
    before: String,
    after: String,
}

struct VersionVm {
    /// Why the version cannot be read, when it cannot.
    unreadable: String,
    number: u32,
    /// The version the changes are counted from (the one current when this was written).
    based_on: u32,
    edition: String,
    incomplete: String,
    published: bool,
    /// Leftovers of reading, for curators: unrecognised lines, the page's image credit.
    leftovers: Vec<String>,
    created_at: String,
    author: String,
    source: String,
    comment: String,
    source_ref: String,
    current: bool,
    changes: Vec<ChangeVm>,
}

#[derive(Template)]
#[template(path = "versions.html")]
struct VersionsPage {
    title: String,
    code: String,
    name: String,
    versions: Vec<VersionVm>,
}

fn show(v: &Option<serde_json::Value>) -> String {
    match v {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// What the versions handler read: nothing new for the client, or every version (a version
/// that does not read is listed with the reason, the others still show).
enum History {
    NotModified(String),
    Page { tag: String, current: Option<u32>, versions: Vec<VersionRead> },
}

type VersionRead = (pmatlas_store::VersionInfo, Result<(Vec<pmatlas_core::diff::Change>, Vec<String>), String>);

/// The versions page reads the database, not the snapshot: its ETag comes from what it reads
/// (every version's number, time and state, and the current one), so it changes whenever
/// the page does, an import by another process included.
fn versions_tag(nonce: u64, history: &[pmatlas_store::VersionInfo], current: Option<u32>) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    nonce.hash(&mut h);
    current.hash(&mut h);
    for v in history {
        (v.number, &v.created_at, v.published, &v.comment).hash(&mut h);
    }
    format!("W/\"v{:016x}\"", h.finish())
}

pub async fn versions(State(s): State<AppState>, Path(code): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let Some(nuts) = parse_code(&code) else { return region_not_found(&code) };
    let Some(name) = s.view().snapshot.get(&nuts).map(|r| r.profile.name.to_string()) else {
        return region_not_found(&code);
    };
    let nonce = s.nonce;
    let if_none_match: Option<String> =
        headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let loaded = s
        .with_store(move |st| {
            let history = st.history(&nuts)?;
            let current = st.current_version(&nuts)?;
            let tag = versions_tag(nonce, &history, current);
            if if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == tag)) {
                return Ok(History::NotModified(tag));
            }
            let mut out = Vec::new();
            let mut read: std::collections::HashMap<u32, Profile> = std::collections::HashMap::new();
            for v in history {
                let p = match st.version(&nuts, v.number) {
                    Ok((_, p)) => p,
                    Err(e) => {
                        tracing::error!("versions page of {nuts}: {e}");
                        out.push((v, Err(format!("This version cannot be read ({e}); the others are shown."))));
                        continue;
                    }
                };
                // Changes from the version that was current when this one was written.
                let changes =
                    v.based_on.and_then(|b| read.get(&b)).map(|a| pmatlas_core::diff::diff(a, &p)).unwrap_or_default();
                let mut leftovers: Vec<String> =
                    p.extras.iter().map(|e| format!("line {}: {}", e.line, e.text)).collect();
                leftovers.extend(p.image_attribution.as_ref().map(|a| format!("image credit: {a}")));
                read.insert(v.number, p);
                out.push((v, Ok((changes, leftovers))));
            }
            Ok(History::Page { tag, current, versions: out })
        })
        .await;
    let (tag, current, history) = match loaded {
        Ok(History::NotModified(tag)) => {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            if let Ok(v) = HeaderValue::from_str(&tag) {
                r.headers_mut().insert(header::ETAG, v);
            }
            return r;
        }
        Ok(History::Page { tag, current, versions }) => (tag, current, versions),
        Err(pmatlas_store::StoreError::Busy(_)) => {
            return crate::server::unavailable("The database is busy: try again in a moment.");
        }
        Err(e) => {
            tracing::error!("versions page of {nuts}: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The history of this region could not be read.")
                .into_response();
        }
    };
    let versions = history
        .into_iter()
        .rev()
        .map(|(v, read)| {
            let (changes, leftovers, unreadable) = match read {
                Ok((c, l)) => (c, l, String::new()),
                Err(why) => (Vec::new(), Vec::new(), why),
            };
            VersionVm {
                unreadable,
                number: v.number,
                based_on: v.based_on.unwrap_or(0),
                edition: v.edition.clone().unwrap_or_default(),
                incomplete: v.incomplete.clone().unwrap_or_default(),
                published: v.published,
                leftovers,
                current: Some(v.number) == current,
                created_at: v.created_at.replace('T', " ").trim_end_matches('Z').chars().take(19).collect(),
                author: v.author,
                source: format!("{:?}", v.source).to_lowercase(),
                comment: v.comment.unwrap_or_default(),
                source_ref: v.source_ref.map(|r| r.rsplit('/').next().unwrap_or("").to_string()).unwrap_or_default(),
                changes: changes
                    .into_iter()
                    .map(|c| ChangeVm {
                        kind: match c.kind {
                            pmatlas_core::diff::ChangeKind::Added => "added",
                            pmatlas_core::diff::ChangeKind::Removed => "removed",
                            pmatlas_core::diff::ChangeKind::Changed => "changed",
                        },
                        before: show(&c.before),
                        after: show(&c.after),
                        path: c.path,
                    })
                    .collect(),
            }
        })
        .collect();
    let mut r =
        page(VersionsPage { title: format!("Versions of {name} ({nuts})"), code: nuts.to_string(), name, versions });
    if let Ok(v) = HeaderValue::from_str(&tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

// ---------------------------------------------------------------- compare

struct RowVm {
    label: String,
    cells: Vec<String>,
    differs: bool,
}

struct SectionVm {
    title: &'static str,
    rows: Vec<RowVm>,
}

struct ColumnVm {
    code: String,
    name: String,
    /// The date of the column's data ("2021 edition · imported 25 Nov 2026").
    dated: String,
    remove: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    title: String,
    columns: Vec<ColumnVm>,
    sections: Vec<SectionVm>,
    options: Vec<(String, String)>,
    chosen: Vec<String>,
    can_add: bool,
    message: String,
}

const MAX_COMPARE: usize = 4;

pub async fn compare(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let mut chosen: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for (k, v) in pairs(&raw) {
        if k != "r" || v.trim().is_empty() {
            continue;
        }
        match parse_code(v.trim()).filter(|c| view.snapshot.get(c).is_some()) {
            Some(c) if !chosen.contains(&c.to_string()) => chosen.push(c.to_string()),
            Some(_) => {}
            None => unknown.push(v),
        }
    }
    let mut message = String::new();
    if chosen.len() > MAX_COMPARE {
        chosen.truncate(MAX_COMPARE);
        message = format!("At most {MAX_COMPARE} regions can be compared; the first {MAX_COMPARE} are shown.");
    }
    if !unknown.is_empty() {
        message = format!("{} No profile for: {}.", message, unknown.join(", ")).trim().to_string();
    }
    let chosen_regions: Vec<&pmatlas_store::Region> =
        chosen.iter().filter_map(|c| parse_code(c)).filter_map(|c| view.snapshot.get(&c)).collect();
    let profiles: Vec<&Profile> = chosen_regions.iter().map(|r| &r.profile).collect();
    let columns = chosen
        .iter()
        .zip(&chosen_regions)
        .map(|(c, r)| {
            let rest: Vec<(String, String)> =
                chosen.iter().filter(|x| *x != c).map(|x| ("r".to_string(), x.clone())).collect();
            ColumnVm {
                code: c.clone(),
                name: r.profile.name.to_string(),
                dated: dated(&r.profile, &r.version),
                remove: format!("/compare?{}", encode(&rest)),
            }
        })
        .collect();
    let sections = if profiles.len() >= 2 { compare_sections(&profiles) } else { Vec::new() };
    if profiles.len() < 2 && message.is_empty() {
        message = "Choose two to four regions to compare them side by side.".into();
    }
    let options = view
        .snapshot
        .regions()
        .iter()
        .filter(|r| !chosen.contains(&r.profile.code.to_string()))
        .map(|r| (r.profile.code.to_string(), format!("{} ({})", r.profile.name, r.profile.code)))
        .collect();
    page(ComparePage {
        title: "Compare regions".into(),
        columns,
        sections,
        options,
        can_add: chosen.len() < MAX_COMPARE,
        chosen,
        message,
    })
}

fn row(label: impl Into<String>, cells: Vec<String>) -> RowVm {
    let differs = cells.iter().any(|c| c != &cells[0]);
    RowVm { label: label.into(), cells, differs }
}

fn compare_sections(ps: &[&Profile]) -> Vec<SectionVm> {
    let each = |f: &dyn Fn(&Profile) -> String| ps.iter().map(|p| f(p)).collect::<Vec<_>>();
    let key = vec![
        row("Country", each(&|p| p.country_name().unwrap_or("").to_string())),
        row("NUTS level", each(&|p| level_label(p))),
        row(
            "Innovation group",
            each(&|p| {
                p.key_figures
                    .innovation
                    .as_ref()
                    .map(|i| pmatlas_core::format::values::render_innovation_groups(&i.groups))
                    .unwrap_or_default()
            }),
        ),
        row("Population", each(&|p| p.key_figures.population.as_ref().map(|f| fmt_int(f.value)).unwrap_or_default())),
        row(
            "Density (per km²)",
            each(&|p| p.key_figures.density.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default()),
        ),
        row(
            "Aged over 65 (%)",
            each(&|p| p.key_figures.over65_share.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default()),
        ),
    ];
    let collab = vec![
        row(
            "Seeking collaboration",
            each(&|p| match &p.collaboration {
                Some(c) if c.is_seeking() => "Yes".into(),
                Some(c) if c.seeking == Some(false) => "No".into(),
                _ => String::new(),
            }),
        ),
        row(
            "Topics",
            each(&|p| {
                p.collaboration
                    .as_ref()
                    .map(|c| c.topics.iter().map(|t| t.topic.label()).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default()
            }),
        ),
    ];
    let members = NetworkId::all()
        .filter(|n| ps.iter().any(|p| p.membership(*n).is_some()))
        .map(|n| {
            row(n.short(), each(&|p| p.membership(n).map(|m| answer_label(m.answer).to_string()).unwrap_or_default()))
        })
        .collect();
    let mut policy = vec![
        row("RIS3 strategy", each(&|p| flag(&p.ris3))),
        row("PM in the RIS3 strategy", each(&|p| flag(&p.pm_ris3))),
        row("Policy documents", each(&|p| p.policy_documents.len().to_string())),
        row(
            "Topics covered by policies",
            each(&|p| p.policy_topics.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("; ")),
        ),
    ];
    for (label, get) in [
        ("NACE Rev. 2", (|p: &Profile| &p.nace) as fn(&Profile) -> &Vec<pmatlas_core::ClassCode>),
        ("NABS 2007", |p: &Profile| &p.nabs),
        ("Eye@RIS3 objectives", |p: &Profile| &p.policy_objectives),
    ] {
        policy.push(row(label, each(&|p| get(p).iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "))));
    }
    policy.push(row("Major initiatives", each(&|p| p.initiatives.len().to_string())));
    let ratings = SelfEvaluationItem::ALL
        .iter()
        .map(|&i| {
            row(i.label(), each(&|p| p.self_evaluation.get(i).map(|r| r.label().to_string()).unwrap_or_default()))
        })
        .collect();
    vec![
        SectionVm { title: "Key figures", rows: key },
        SectionVm { title: "Collaboration", rows: collab },
        SectionVm { title: "Memberships", rows: members },
        SectionVm { title: "Policies and codes", rows: policy },
        SectionVm { title: "Self-evaluation", rows: ratings },
    ]
}

// ---------------------------------------------------------------- partners

struct PartnerVm {
    code: String,
    name: String,
    score: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    title: String,
    code: String,
    name: String,
    seeks: Vec<(String, String)>,
    topic: String,
    topics: Vec<(String, String)>,
    partners: Vec<PartnerVm>,
    empty: String,
}

fn topic_param(raw: &Option<String>) -> Option<pmatlas_core::vocab::TopicId> {
    pairs(raw).into_iter().find(|(k, _)| k == "topic").and_then(|(_, v)| pmatlas_core::vocab::TopicId::from_id(&v))
}

const PARTNERS: usize = 20;

pub async fn partners(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let Some((a, r)) =
        parse_code(&code).and_then(|c| view.snapshot.index_of(&c).map(|i| (i, &view.snapshot.regions()[i])))
    else {
        return region_not_found(&code);
    };
    let topic = topic_param(&raw);
    let found = view.matcher.partners(a, topic, PARTNERS);
    let regions = view.snapshot.regions();
    let ev = view.matcher.evidence(a);
    let empty = if !found.is_empty() {
        String::new()
    } else if ev.seeks.is_empty() && topic.is_none() {
        format!(
            "{} names no field it seeks partners in. Choose a topic above to find regions active in it.",
            r.profile.name
        )
    } else {
        "No other region shows evidence in the fields sought.".to_string()
    };
    page(PartnersPage {
        title: format!("Partners for {}", r.profile.name),
        code: r.profile.code.to_string(),
        name: r.profile.name.to_string(),
        seeks: ev.seeks.iter().map(|(t, w)| (t.label().to_string(), w.clone())).collect(),
        topic: topic.map(|t| t.id().to_string()).unwrap_or_default(),
        topics: pmatlas_core::vocab::TopicId::all().map(|t| (t.id().to_string(), t.label().to_string())).collect(),
        partners: found
            .into_iter()
            .map(|m| PartnerVm {
                code: regions[m.index].profile.code.to_string(),
                name: regions[m.index].profile.name.to_string(),
                score: format!("{:.1}", m.score),
                reasons: m.reasons,
            })
            .collect(),
        empty,
    })
}

pub async fn partners_json(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let Some(a) = parse_code(&code).and_then(|c| view.snapshot.index_of(&c)) else {
        let body = serde_json::json!({"error": format!("no region {code}")});
        return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
    };
    let regions = view.snapshot.regions();
    let found: Vec<serde_json::Value> = view
        .matcher
        .partners(a, topic_param(&raw), PARTNERS)
        .into_iter()
        .map(|m| {
            let p = &regions[m.index].profile;
            serde_json::json!({"code": p.code, "name": p.name, "score": m.score, "reasons": m.reasons})
        })
        .collect();
    axum::Json(serde_json::json!({"region": regions[a].profile.code, "partners": found})).into_response()
}

struct WorkerVm {
    code: String,
    name: String,
    evidence: Vec<String>,
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    title: String,
    label: String,
    regions: Vec<WorkerVm>,
}

pub async fn topic(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let view = s.view();
    let Some(t) = pmatlas_core::vocab::TopicId::from_id(&id).or_else(|| pmatlas_core::topics::topic_named(&id)) else {
        let mut r = page(NotFound {
            title: "No such topic".into(),
            message: format!("“{id}” is not a topic of the observatory."),
        });
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    };
    let regions = view.snapshot.regions();
    let workers = view
        .matcher
        .working_on(t)
        .into_iter()
        .map(|(i, ev)| WorkerVm {
            code: regions[i].profile.code.to_string(),
            name: regions[i].profile.name.to_string(),
            evidence: ev.iter().take(4).map(|e| format!("It {}.", e.phrase())).collect(),
        })
        .collect();
    page(TopicPage {
        title: format!("Who works on {}?", t.label().to_lowercase()),
        label: t.label().to_string(),
        regions: workers,
    })
}

// ---------------------------------------------------------------- map

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
    classes: Vec<crate::map::Class>,
    rows: Vec<(String, String, String)>,
    unmapped: Vec<String>,
    filtered: bool,
    results_url: String,
}

pub async fn map(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    use crate::map::{Attribute, Mapped};
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
    let rendered = crate::map::render(&s.shapes, &mapped, attr, &format!("Map of Europe: {}", attr.label()));
    let hidden: Vec<(String, String)> = params.iter().filter(|(k, _)| k != "attr").cloned().collect();
    page(MapPage {
        title: "Map".into(),
        attr: attr.id(),
        attr_label: attr.label(),
        choices: Attribute::choices(),
        results_url: format!("/regions?{}", encode(&hidden)),
        hidden,
        has_shapes: !s.shapes.is_empty(),
        svg: rendered.svg,
        classes: rendered.classes,
        rows: rendered.rows,
        unmapped: rendered.unmapped,
        filtered,
    })
}

// ---------------------------------------------------------------- statistics

struct ChartVm {
    id: String,
    title: String,
    svg: String,
    bars: Vec<(String, usize)>,
    csv: String,
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

/// The charts for the profiles a query selects.
fn stats_charts(
    view: &crate::state::View,
    params: &[(String, String)],
) -> (Vec<usize>, Vec<pmatlas_core::stats::Chart>, Vec<pmatlas_core::stats::Crossing>) {
    use pmatlas_core::stats;
    let q = query_of(view, params);
    let hits = view.index.search(&q).hits;
    let regions = view.snapshot.regions();
    let ps: Vec<&Profile> = hits.iter().map(|&i| &regions[i].profile).collect();
    let updated: Vec<&str> = hits.iter().map(|&i| regions[i].version.created_at.as_str()).collect();
    let mut charts = stats::ratings(&ps);
    charts.push(stats::networks(&ps));
    charts.push(stats::collaboration_topics(&ps));
    charts.push(stats::policy_topics(&ps));
    charts.push(stats::codes(&ps));
    charts.push(stats::completeness_chart(&ps));
    charts.push(stats::age_chart(&updated));
    (hits, charts, stats::ratings_by_group(&ps))
}

/// A horizontal bar chart as SVG (labels in an HTML table beside it for screen readers).
fn bar_svg(c: &pmatlas_core::stats::Chart) -> String {
    let max = c.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (260.0, 300.0, 24.0);
    let h = row_h * c.bars.len().max(1) as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {} {h}\" role=\"img\" aria-label=\"{}: bar chart; the table below has the numbers\">",
        label_w + bar_w + 50.0,
        crate::map::esc(&c.title)
    );
    for (k, (label, n)) in c.bars.iter().enumerate() {
        let y = 4.0 + k as f64 * row_h;
        let w = bar_w * (*n as f64) / (max as f64);
        let short: String = if label.chars().count() > 38 {
            format!("{}…", label.chars().take(37).collect::<String>())
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\"/><text x=\"{}\" y=\"{}\">{n}</text>",
            label_w - 8.0,
            y + 16.0,
            crate::map::esc(&short),
            y + 3.0,
            row_h - 6.0,
            label_w + w + 6.0,
            y + 16.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

pub async fn stats(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let params = meaningful(&view, pairs(&raw));
    let (hits, charts, crossings) = stats_charts(&view, &params);
    let filter_qs = encode(&params);
    let csv_url = |id: &str| {
        let mut p = vec![("chart".to_string(), id.to_string())];
        p.extend(params.iter().cloned());
        format!("/stats.csv?{}", encode(&p))
    };
    let vm = |c: &pmatlas_core::stats::Chart| ChartVm {
        id: c.id.clone(),
        title: c.title.clone(),
        svg: bar_svg(c),
        bars: c.bars.clone(),
        csv: csv_url(&c.id),
    };
    let ratings: Vec<ChartVm> = charts.iter().take(6).map(vm).collect();
    let others: Vec<ChartVm> = charts.iter().skip(6).map(vm).collect();
    let crossings = crossings
        .iter()
        .map(|x| {
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
                            .map(|&n| {
                                (n, ["h0", "h1", "h2", "h3", "h4"][if n == 0 { 0 } else { 1 + (3 * n / max).min(3) }])
                            })
                            .collect();
                        (r.clone(), shaded)
                    })
                    .collect(),
                csv: csv_url(&x.id),
            }
        })
        .collect();
    page(StatsPage {
        title: "Statistics".into(),
        total: hits.len(),
        all: view.snapshot.len(),
        filtered: params.iter().any(|(k, _)| k != "sort" && k != "page"),
        results_url: format!("/regions?{filter_qs}"),
        ratings,
        crossings,
        others,
    })
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
