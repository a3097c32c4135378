//! `/api/v1`: the endpoints, each declared once with its parameters and response type; the
//! router and the OpenAPI document are both made from [`endpoints`].
//!
//! Parameters are strict where the website is lenient: an unknown parameter, a malformed
//! number or sort, or an overlong value is a 400 naming the parameter (the website drops
//! them). A facet value no region has is no error: it selects nothing.

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

use super::problem::Problem;
use crate::state::{AppState, View};
use pmatlas_core::search::{Query, Sort};

/// A query or path parameter of an endpoint, as the OpenAPI document describes it.
pub struct Param {
    pub name: String,
    pub path: bool,
    pub required: bool,
    pub description: String,
    /// JSON Schema of one value.
    pub schema: Value,
    /// May be given several times (`country=DE&country=FR`).
    pub repeated: bool,
}

impl Param {
    fn query(name: &str, description: &str, schema: Value) -> Param {
        Param {
            name: name.into(),
            path: false,
            required: false,
            description: description.into(),
            schema,
            repeated: false,
        }
    }
    fn path(name: &str, description: &str, schema: Value) -> Param {
        Param {
            name: name.into(),
            path: true,
            required: true,
            description: description.into(),
            schema,
            repeated: false,
        }
    }
    fn required(mut self) -> Param {
        self.required = true;
        self
    }
    fn repeated(mut self) -> Param {
        self.repeated = true;
        self
    }
}

/// One endpoint: where it is, what it takes and gives, and its handler.
pub struct Endpoint {
    /// The path as axum and OpenAPI both write it (`/api/v1/regions/{code}`).
    pub path: &'static str,
    pub id: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub params: Vec<Param>,
    /// The schema of a 200 response, from the type the handler serialises.
    pub response: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// A request to show in the documentation.
    pub example: &'static str,
    pub handler: fn() -> MethodRouter<AppState>,
}

fn schema_of<T: JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

/// Results per page of a list, by default and at most.
pub const PER_PAGE: usize = 25;
pub const MAX_PER_PAGE: usize = 100;
/// The most values one parameter may have (`country=DE&country=FR`…).
pub const MAX_ITEMS: usize = 10;
/// The longest value of any query parameter (the search text is cut at 200 characters).
const MAX_VALUE: usize = 200;

/// Every endpoint of `/api/v1`.
pub fn endpoints() -> Vec<Endpoint> {
    let code = || {
        Param::path(
            "code",
            "A NUTS code (`DEG`) or a country code (`LT`).",
            json!({"type": "string", "pattern": "^[A-Za-z]{2}[A-Za-z0-9]{0,3}$"}),
        )
    };
    let number = |name: &str, what: &str| {
        Param::path(name, what, json!({"type": "integer", "minimum": 1, "maximum": MAX_VERSION}))
    };
    vec![
        Endpoint {
            path: "/api/v1/regions",
            id: "listRegions",
            summary: "Search the regions",
            description: "The regions matching a search, with exactly the parameters of the website's search (`/regions`): words, facet values (repeat a parameter for several values; a facet matches any of them, or all of them when named in `all`), a sort, and pages. The facet counts are over the results of every other facet's selection, as on the website.",
            params: search_params(true),
            response: schema_of::<RegionList>,
            example: "/api/v1/regions?q=biobank&seeking=yes&per_page=5",
            handler: || get(list_regions),
        },
        Endpoint {
            path: "/api/v1/regions/{code}",
            id: "getRegion",
            summary: "A region's current profile",
            description: "The canonical JSON of the region's published profile (its JSON Schema: `pmatlas schema`).",
            params: vec![code()],
            response: schema_of::<pmatlas_core::Profile>,
            example: "/api/v1/regions/DEG",
            handler: || get(region),
        },
        Endpoint {
            path: "/api/v1/regions/{code}/versions",
            id: "listVersions",
            summary: "A region's versions",
            description: "Every stored version of the profile, oldest first: who wrote it, when, from what, and whether it is published.",
            params: vec![code()],
            response: schema_of::<Vec<VersionOut>>,
            example: "/api/v1/regions/DEG/versions",
            handler: || get(versions),
        },
        Endpoint {
            path: "/api/v1/regions/{code}/versions/{number}",
            id: "getVersion",
            summary: "One version of a region's profile",
            description: "The canonical JSON of the profile as it was in that version.",
            params: vec![code(), number("number", "The version number (1 is the first).")],
            response: schema_of::<pmatlas_core::Profile>,
            example: "/api/v1/regions/DEG/versions/1",
            handler: || get(version),
        },
        Endpoint {
            path: "/api/v1/regions/{code}/diff",
            id: "diffVersions",
            summary: "What changed between two versions",
            description: "The changed fields between two versions of a region, by their path in the profile's JSON.",
            params: vec![
                code(),
                Param::query("from", "The earlier version.", json!({"type": "integer", "minimum": 1, "maximum": MAX_VERSION})).required(),
                Param::query("to", "The later version.", json!({"type": "integer", "minimum": 1, "maximum": MAX_VERSION})).required(),
            ],
            response: schema_of::<DiffOut>,
            example: "/api/v1/regions/DEG/diff?from=1&to=2",
            handler: || get(diff),
        },
        Endpoint {
            path: "/api/v1/regions/{code}/matches",
            id: "listMatches",
            summary: "Partners for a region",
            description: "The regions that fit a region's collaboration interests, best first, with the score, what it is made of, the reasons and the evidence.",
            params: vec![code(), Param::query("topic", "Only partners for this topic (an id of /api/v1/vocabularies/topics).", topic_ids())],
            response: schema_of::<MatchesOut>,
            example: "/api/v1/regions/DEG/matches?topic=biobanks",
            handler: || get(matches),
        },
        Endpoint {
            path: "/api/v1/topics",
            id: "listTopics",
            summary: "The personalised-medicine topics",
            description: "Every topic with how many regions seek partners in it and how many show evidence of working on it.",
            params: vec![],
            response: schema_of::<Vec<TopicOut>>,
            example: "/api/v1/topics",
            handler: || get(topics),
        },
        Endpoint {
            path: "/api/v1/topics/{topic}",
            id: "getTopic",
            summary: "Who works on a topic",
            description: "The regions with evidence of working on a topic, strongest evidence first.",
            params: vec![Param::path("topic", "A topic id (`biobanks`) or a name or synonym of it.", json!({"type": "string", "maxLength": MAX_VALUE}))],
            response: schema_of::<TopicWorkers>,
            example: "/api/v1/topics/biobanks",
            handler: || get(topic),
        },
        Endpoint {
            path: "/api/v1/stats",
            id: "getStats",
            summary: "Statistics of a selection",
            description: "The charts of the statistics page (self-evaluation, networks, topics, codes, completeness) over the regions a search selects (the search parameters of /api/v1/regions, without paging).",
            params: search_params(false),
            response: schema_of::<StatsOut>,
            example: "/api/v1/stats?country=DE",
            handler: || get(stats),
        },
        Endpoint {
            path: "/api/v1/vocabularies",
            id: "listVocabularies",
            summary: "The vocabularies",
            description: "The names of the vocabularies the profiles use, with their addresses.",
            params: vec![],
            response: schema_of::<Vec<VocabularyRef>>,
            example: "/api/v1/vocabularies",
            handler: || get(vocabularies),
        },
        Endpoint {
            path: "/api/v1/vocabularies/{name}",
            id: "getVocabulary",
            summary: "One vocabulary",
            description: "The entries of a vocabulary: `nuts` (NUTS 2021 codes and names), `nace`, `nabs`, `policy_objectives`, `memberships`, `topics`, `ratings`.",
            params: vec![Param::path("name", "The vocabulary.", json!({"type": "string", "enum": VOCABULARIES}))],
            response: schema_of::<Vec<Entry>>,
            example: "/api/v1/vocabularies/memberships",
            handler: || get(vocabulary),
        },
    ]
}

/// The ids of the topics, as a schema.
fn topic_ids() -> Value {
    json!({"type": "string", "enum": pmatlas_core::vocab::TopicId::all().map(|t| t.id()).collect::<Vec<_>>()})
}

/// The search parameters (of `/api/v1/regions` and `/api/v1/stats`): text, sort, pages and
/// one parameter per facet, with its values where the vocabulary fixes them.
fn search_params(paged: bool) -> Vec<Param> {
    use pmatlas_core::{attr, vocab::NetworkId, MembershipAnswer, Rating, SelfEvaluationItem, Tier};
    let free = |max: usize| json!({"type": "string", "minLength": 1, "maxLength": max});
    let one_of = |ids: Vec<&str>| json!({"type": "string", "enum": ids});
    let mut v = vec![Param::query(
        "q",
        "Words to find (prefixes, any spelling, any form); all must match.",
        json!({"type": "string", "maxLength": MAX_VALUE}),
    )];
    if paged {
        v.push(Param::query(
            "sort",
            "The order of the results.",
            one_of(vec!["name", "population", "innovation", "edition", "updated"]),
        ));
        v.push(Param::query(
            "page",
            "The page (from 1).",
            json!({"type": "integer", "minimum": 1, "maximum": 1_000_000}),
        ));
        v.push(Param::query(
            "per_page",
            "Results per page.",
            json!({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
        ));
    }
    let facets: Vec<String> = pmatlas_core::search::facet_keys();
    v.push(
        Param::query(
            "all",
            "Facets whose chosen values must all hold (the others: any of them).",
            json!({"type": "string", "enum": facets}),
        )
        .repeated(),
    );
    v.push(
        Param::query(attr::COUNTRY.id, attr::COUNTRY.label, json!({"type": "string", "pattern": "^[A-Z]{2}$"}))
            .repeated(),
    );
    v.push(Param::query(attr::LEVEL.id, attr::LEVEL.label, one_of(vec!["0", "1", "2", "3"])).repeated());
    v.push(
        Param::query(
            attr::INNOVATION.id,
            attr::INNOVATION.label,
            one_of(Tier::GROUPS.iter().map(|t| t.id()).collect()),
        )
        .repeated(),
    );
    v.push(Param::query(attr::SEEKING.id, attr::SEEKING.label, one_of(vec!["yes", "no"])).repeated());
    v.push(Param::query(attr::TOPIC.id, attr::TOPIC.label, topic_ids()).repeated());
    v.push(Param::query(attr::EDITION.id, attr::EDITION.label, free(32)).repeated());
    v.push(Param::query(attr::PM_RIS3.id, attr::PM_RIS3.label, one_of(vec!["yes", "no"])).repeated());
    v.push(
        Param::query(
            attr::POLICY_TOPICS.id,
            attr::POLICY_TOPICS.label,
            one_of(pmatlas_core::vocab::PolicyTopicId::all().map(|t| t.id()).collect()),
        )
        .repeated(),
    );
    for a in [attr::NACE, attr::NABS, attr::POLICY_OBJECTIVES] {
        v.push(Param::query(a.id, a.label, free(32)).repeated());
    }
    let answers: Vec<&str> = MembershipAnswer::ALL.iter().map(|a| a.id()).collect();
    for n in NetworkId::all() {
        v.push(Param::query(&attr::membership(n), n.label(), one_of(answers.clone())).repeated());
    }
    let ratings: Vec<&str> = Rating::ALL.iter().map(|r| r.id()).collect();
    for i in SelfEvaluationItem::ALL {
        v.push(Param::query(&attr::rating(i), i.label(), one_of(ratings.clone())).repeated());
    }
    v
}

/// Whether a value fits a parameter's schema: its enum, the country pattern, its length.
fn fits(schema: &Value, v: &str) -> bool {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().any(|x| x.as_str() == Some(v));
    }
    if schema.get("pattern").is_some() {
        // The one pattern of the search parameters: a country code.
        return v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase());
    }
    let max = schema.get("maxLength").and_then(Value::as_u64).unwrap_or(MAX_VALUE as u64) as usize;
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    (min..=max).contains(&v.chars().count())
}

/// The schema of each search parameter, by name (built once).
fn search_schemas() -> &'static std::collections::HashMap<String, Value> {
    static S: std::sync::LazyLock<std::collections::HashMap<String, Value>> =
        std::sync::LazyLock::new(|| search_params(true).into_iter().map(|p| (p.name, p.schema)).collect());
    &S
}

/// The search a query string asks for, checked: (query, page, per page).
fn search_query(view: &View, raw: &Option<String>, paged: bool) -> Result<(Query, usize, usize), Problem> {
    let pairs: Vec<(String, String)> = match raw.as_deref().filter(|r| !r.is_empty()) {
        None => Vec::new(),
        Some(r) => serde_urlencoded::from_str(r)
            .map_err(|e| Problem::bad_param("query", format!("not a query string: {e}")))?,
    };
    let mut q = Query::default();
    let (mut page, mut per_page) = (1, PER_PAGE);
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, v) in pairs {
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n > MAX_ITEMS {
            return Err(Problem::bad_param(k, format!("given more than {MAX_ITEMS} times")));
        }
        if v.chars().count() > MAX_VALUE {
            return Err(Problem::bad_param(k, format!("longer than {MAX_VALUE} characters")));
        }
        let number = |v: &str, max: usize| v.parse::<usize>().ok().filter(|n| (1..=max).contains(n));
        match k.as_str() {
            "q" => q.text = v,
            "sort" if paged => {
                q.sort = Sort::parse(&v).ok_or_else(|| {
                    Problem::bad_param("sort", "one of name, population, innovation, edition, updated")
                })?
            }
            "page" if paged => {
                page = number(&v, 1_000_000).ok_or_else(|| Problem::bad_param("page", "an integer from 1"))?
            }
            "per_page" if paged => {
                per_page = number(&v, MAX_PER_PAGE)
                    .ok_or_else(|| Problem::bad_param("per_page", format!("an integer from 1 to {MAX_PER_PAGE}")))?
            }
            "all" => {
                if view.index.facet(&v).is_none() {
                    return Err(Problem::bad_param("all", format!("{v:?} is not a facet")));
                }
                q.match_all.insert(v);
            }
            _ if view.index.facet(&k).is_some() => {
                // A value the vocabulary cannot have is an error; one no region has selects nothing.
                if !search_schemas().get(&k).is_some_and(|s| fits(s, &v)) {
                    return Err(Problem::bad_param(k, format!("{v:?} is not a value of this facet")));
                }
                let values = q.filters.entry(k).or_default();
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            _ => return Err(Problem::bad_param(k, "not a parameter of this endpoint")),
        }
    }
    Ok((q, page, per_page))
}

/// A region in a list.
#[derive(Serialize, JsonSchema)]
pub struct RegionSummary {
    pub code: String,
    pub name: String,
    pub country: String,
    pub nuts_level: u8,
    /// The innovation group of the Regional Innovation Scoreboard, if stated.
    pub innovation: Option<String>,
    pub seeking_collaboration: Option<bool>,
    pub topics: Vec<String>,
    pub population: Option<u64>,
    /// The year of the edition the data comes from.
    pub edition: Option<u16>,
    pub version: u32,
    pub updated_at: String,
    /// The profile's address in this API.
    pub url: String,
}

#[derive(Serialize, JsonSchema)]
pub struct FacetValueOut {
    pub id: String,
    pub label: String,
    pub count: usize,
    pub selected: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct FacetOut {
    pub key: String,
    pub label: String,
    /// Whether a region can have several values (so that `all` means something).
    pub multi: bool,
    pub match_all: bool,
    /// The values with a region in the selection, or chosen.
    pub values: Vec<FacetValueOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct RegionList {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    /// The address of the next page, if there is one.
    pub next: Option<String>,
    pub prev: Option<String>,
    pub regions: Vec<RegionSummary>,
    pub facets: Vec<FacetOut>,
}

fn summary(r: &pmatlas_store::Region) -> RegionSummary {
    let p = &r.profile;
    RegionSummary {
        code: p.code.to_string(),
        name: p.name.to_string(),
        country: p.code.country().to_string(),
        nuts_level: p.code.level(),
        innovation: p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.to_string()),
        seeking_collaboration: p.collaboration.as_ref().and_then(|c| c.seeking.or(c.is_seeking().then_some(true))),
        topics: p.collaboration.iter().flat_map(|c| c.topics.iter().map(|t| t.topic.id().to_string())).collect(),
        population: p.key_figures.population.as_ref().map(|f| f.value),
        edition: p.origin.edition.map(|e| e.year),
        version: r.version.number,
        updated_at: r.version.created_at.clone(),
        url: format!("/api/v1/regions/{}", p.code),
    }
}

fn json_response(v: &impl Serialize) -> Response {
    match serde_json::to_string(v) {
        Ok(s) => ([(axum::http::header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(_) => Problem::internal().into_response(),
    }
}

async fn list_regions(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let (q, page, per_page) = match search_query(&view, &raw, true) {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
    let results = view.index.search(&q);
    let regions = view.snapshot.regions();
    let total = results.hits.len();
    let pages = total.div_ceil(per_page).max(1);
    let link = |n: usize| -> String {
        let mut pairs: Vec<(String, String)> =
            crate::query::pairs(&raw).into_iter().filter(|(k, _)| k != "page").collect();
        pairs.push(("page".into(), n.to_string()));
        crate::query::href("/api/v1/regions", &pairs)
    };
    let facets = results
        .facets
        .iter()
        .map(|fc| {
            let f = &view.index.facets[fc.facet];
            let chosen = q.filters.get(&f.key);
            FacetOut {
                key: f.key.clone(),
                label: f.label.clone(),
                multi: f.multi,
                match_all: q.match_all.contains(&f.key),
                values: f
                    .values
                    .iter()
                    .zip(&fc.counts)
                    .map(|(v, &count)| FacetValueOut {
                        id: v.id.clone(),
                        label: v.label.clone(),
                        count,
                        selected: chosen.is_some_and(|c| c.contains(&v.id)),
                    })
                    .filter(|v| v.count > 0 || v.selected)
                    .collect(),
            }
        })
        .collect();
    json_response(&RegionList {
        total,
        page,
        per_page,
        pages,
        next: (page < pages).then(|| link(page + 1)),
        prev: (page > 1).then(|| link((page - 1).min(pages))),
        regions: results
            .hits
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|&i| summary(&regions[i]))
            .collect(),
        facets,
    })
}

/// The region of a `{code}` in the path, or a 404 problem.
fn region_at(view: &View, code: &str) -> Result<usize, Problem> {
    crate::extract::parse_code(code)
        .and_then(|c| view.snapshot.index_of(&c))
        .ok_or_else(|| Problem::not_found(format!("no region {code}")))
}

async fn region(State(s): State<AppState>, Path(code): Path<String>) -> Response {
    let view = s.view();
    match region_at(&view, &code) {
        Ok(i) => {
            let json = pmatlas_core::json::to_json(&view.snapshot.regions()[i].profile);
            ([(axum::http::header::CONTENT_TYPE, "application/json")], json).into_response()
        }
        Err(p) => p.into_response(),
    }
}

/// A stored version of a profile.
#[derive(Serialize, JsonSchema)]
pub struct VersionOut {
    pub number: u32,
    /// The version it was written over.
    pub based_on: Option<u32>,
    pub author: String,
    pub created_at: String,
    /// import, survey or edit.
    pub source: String,
    pub comment: Option<String>,
    /// The file or other origin of the content.
    pub source_ref: Option<String>,
    /// Made current when written (a copy cut part-way may be kept unpublished).
    pub published: bool,
    pub current: bool,
    pub edition: Option<String>,
    pub incomplete: Option<String>,
    /// This version's profile in this API.
    pub url: String,
}

async fn versions(State(s): State<AppState>, Path(code): Path<String>) -> Response {
    let view = s.view();
    let i = match region_at(&view, &code) {
        Ok(i) => i,
        Err(p) => return p.into_response(),
    };
    let (nuts, current) = (view.snapshot.regions()[i].profile.code, view.snapshot.regions()[i].version.number);
    match s.with_store(move |st| st.history(&nuts)).await {
        Ok(history) => json_response(
            &history
                .into_iter()
                .map(|v| VersionOut {
                    url: format!("/api/v1/regions/{nuts}/versions/{}", v.number),
                    current: v.number == current,
                    number: v.number,
                    based_on: v.based_on,
                    author: v.author,
                    created_at: v.created_at,
                    source: v.source.as_str().to_string(),
                    comment: v.comment,
                    source_ref: v.source_ref,
                    published: v.published,
                    edition: v.edition,
                    incomplete: v.incomplete,
                })
                .collect::<Vec<_>>(),
        ),
        Err(e) => Problem::from(e).into_response(),
    }
}

/// The largest version number a request may name.
const MAX_VERSION: u32 = 1_000_000;

fn version_number(name: &str, v: &str) -> Result<u32, Problem> {
    v.parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_VERSION).contains(n))
        .ok_or_else(|| Problem::bad_param(name, format!("a version number from 1 to {MAX_VERSION}")))
}

async fn version(State(s): State<AppState>, Path((code, number)): Path<(String, String)>) -> Response {
    let view = s.view();
    let i = match region_at(&view, &code) {
        Ok(i) => i,
        Err(p) => return p.into_response(),
    };
    let number = match version_number("number", &number) {
        Ok(n) => n,
        Err(p) => return p.into_response(),
    };
    let nuts = view.snapshot.regions()[i].profile.code;
    match s.with_store(move |st| st.version(&nuts, number)).await {
        Ok((_, p)) => {
            ([(axum::http::header::CONTENT_TYPE, "application/json")], pmatlas_core::json::to_json(&p)).into_response()
        }
        Err(crate::error::WebError::NotFound) => {
            Problem::not_found(format!("{nuts} has no version {number}")).into_response()
        }
        Err(e) => Problem::from(e).into_response(),
    }
}

#[derive(Serialize, JsonSchema)]
pub struct DiffOut {
    pub region: String,
    pub from: u32,
    pub to: u32,
    pub changes: Vec<pmatlas_core::diff::Change>,
}

async fn diff(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let i = match region_at(&view, &code) {
        Ok(i) => i,
        Err(p) => return p.into_response(),
    };
    let pairs: Vec<(String, String)> =
        raw.as_deref().and_then(|r| serde_urlencoded::from_str(r).ok()).unwrap_or_default();
    let mut from_to = (None, None);
    for (k, v) in &pairs {
        let n = match version_number(k, v) {
            Ok(n) => n,
            Err(p) => return p.into_response(),
        };
        match k.as_str() {
            "from" => from_to.0 = Some(n),
            "to" => from_to.1 = Some(n),
            _ => return Problem::bad_param(k.clone(), "not a parameter of this endpoint").into_response(),
        }
    }
    let (Some(from), Some(to)) = from_to else {
        let missing = if from_to.0.is_none() { "from" } else { "to" };
        return Problem::bad_param(missing, "required").into_response();
    };
    let nuts = view.snapshot.regions()[i].profile.code;
    match s.with_store(move |st| st.diff(&nuts, from, to)).await {
        Ok(changes) => json_response(&DiffOut { region: nuts.to_string(), from, to, changes }),
        Err(crate::error::WebError::NotFound) => {
            Problem::not_found(format!("{nuts} has no version {from} or {to}")).into_response()
        }
        Err(e) => Problem::from(e).into_response(),
    }
}

#[derive(Serialize, JsonSchema)]
pub struct MatchesOut {
    pub region: String,
    pub topic: Option<String>,
    pub matches: Vec<MatchItem>,
}

/// A partner, with its score and why.
#[derive(Serialize, JsonSchema)]
pub struct MatchItem {
    pub code: String,
    pub name: String,
    pub score: f32,
    pub breakdown: pmatlas_core::matching::Breakdown,
    pub reasons: Vec<String>,
    pub evidence: Vec<pmatlas_core::matching::Evidence>,
}

async fn matches(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let i = match region_at(&view, &code) {
        Ok(i) => i,
        Err(p) => return p.into_response(),
    };
    let pairs: Vec<(String, String)> =
        raw.as_deref().and_then(|r| serde_urlencoded::from_str(r).ok()).unwrap_or_default();
    let mut topic = None;
    for (k, v) in &pairs {
        if k != "topic" {
            return Problem::bad_param(k.clone(), "not a parameter of this endpoint").into_response();
        }
        match pmatlas_core::vocab::TopicId::from_id(v) {
            Some(t) => topic = Some(t),
            None => return Problem::bad_param("topic", format!("{v:?} is not a topic id")).into_response(),
        }
    }
    let regions = view.snapshot.regions();
    let found = view.matcher.partners(i, topic, crate::pages::matches::MATCHES);
    json_response(&MatchesOut {
        region: regions[i].profile.code.to_string(),
        topic: topic.map(|t| t.id().to_string()),
        matches: found
            .iter()
            .map(|m| MatchItem {
                code: regions[m.index].profile.code.to_string(),
                name: regions[m.index].profile.name.to_string(),
                score: m.score,
                breakdown: m.breakdown,
                reasons: m.reasons.clone(),
                evidence: m.evidence.clone(),
            })
            .collect(),
    })
}

#[derive(Serialize, JsonSchema)]
pub struct TopicOut {
    pub id: String,
    pub label: String,
    /// Regions seeking partners in it.
    pub seeking: usize,
    /// Regions with evidence of working on it.
    pub working_on: usize,
    pub url: String,
}

async fn topics(State(s): State<AppState>) -> Response {
    let view = s.view();
    let all = pmatlas_core::search::Query::default();
    let results = view.index.search(&all);
    let seeking = |id: &str| {
        view.index.facet(pmatlas_core::attr::TOPIC.id).and_then(|(fi, f)| {
            let v = f.values.iter().position(|v| v.id == id)?;
            Some(results.facets[fi].counts[v])
        })
    };
    json_response(
        &pmatlas_core::vocab::TopicId::all()
            .map(|t| TopicOut {
                id: t.id().to_string(),
                label: t.label().to_string(),
                seeking: seeking(t.id()).unwrap_or(0),
                working_on: view.working_on(t).len(),
                url: format!("/api/v1/topics/{}", t.id()),
            })
            .collect::<Vec<_>>(),
    )
}

#[derive(Serialize, JsonSchema)]
pub struct TopicWorkers {
    pub topic: String,
    pub label: String,
    pub regions: Vec<Worker>,
}

#[derive(Serialize, JsonSchema)]
pub struct Worker {
    pub code: String,
    pub name: String,
    pub evidence: Vec<pmatlas_core::matching::Evidence>,
}

async fn topic(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let view = s.view();
    let Some(t) = pmatlas_core::vocab::TopicId::from_id(&id).or_else(|| pmatlas_core::topics::topic_named(&id)) else {
        return Problem::not_found(format!("no topic {id}")).into_response();
    };
    let regions = view.snapshot.regions();
    json_response(&TopicWorkers {
        topic: t.id().to_string(),
        label: t.label().to_string(),
        regions: view
            .matcher
            .working_on(t)
            .into_iter()
            .map(|(i, ev)| Worker {
                code: regions[i].profile.code.to_string(),
                name: regions[i].profile.name.to_string(),
                evidence: ev.into_iter().cloned().collect(),
            })
            .collect(),
    })
}

#[derive(Serialize, JsonSchema)]
pub struct StatsOut {
    /// Regions in the selection.
    pub total: usize,
    pub charts: Vec<pmatlas_core::stats::Chart>,
}

async fn stats(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let q = match search_query(&view, &raw, false) {
        Ok((q, _, _)) => q,
        Err(p) => return p.into_response(),
    };
    let hits = view.index.search(&q).hits;
    let regions = view.snapshot.regions();
    let ps: Vec<&pmatlas_core::Profile> = hits.iter().map(|&i| &regions[i].profile).collect();
    let updated: Vec<&str> = hits.iter().map(|&i| regions[i].version.created_at.as_str()).collect();
    json_response(&StatsOut { total: hits.len(), charts: pmatlas_core::stats::charts(&ps, &updated) })
}

/// The vocabularies of `/api/v1/vocabularies/{name}`.
const VOCABULARIES: [&str; 7] = ["nuts", "nace", "nabs", "policy_objectives", "memberships", "topics", "ratings"];

#[derive(Serialize, JsonSchema)]
pub struct VocabularyRef {
    pub name: String,
    pub url: String,
}

/// An entry of a vocabulary.
#[derive(Serialize, JsonSchema)]
pub struct Entry {
    /// The id or code (`DEG`, `Q.86`, `errin`, `biobanks`).
    pub id: String,
    pub label: String,
    /// More about it: a NUTS level and country, a network's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

async fn vocabularies() -> Response {
    json_response(
        &VOCABULARIES
            .iter()
            .map(|n| VocabularyRef { name: n.to_string(), url: format!("/api/v1/vocabularies/{n}") })
            .collect::<Vec<_>>(),
    )
}

async fn vocabulary(Path(name): Path<String>) -> Response {
    use pmatlas_core::vocab::vocab;
    let v = vocab();
    let entry = |id: &str, label: &str, detail: Option<String>| Entry { id: id.into(), label: label.into(), detail };
    let mut out: Vec<Entry> = match name.as_str() {
        "nuts" => v
            .nuts
            .iter()
            .map(|(c, e)| entry(c.as_str(), &e.name_latn, Some(format!("NUTS {} of {}", e.level, c.country()))))
            .collect(),
        "nace" => v.nace.values().map(|e| entry(&e.code, &e.label, None)).collect(),
        "nabs" => v.nabs.values().map(|e| entry(&e.code, &e.label, None)).collect(),
        "policy_objectives" => v.policy_objectives.values().map(|e| entry(&e.code, &e.label, None)).collect(),
        "memberships" => v.networks.iter().map(|n| entry(&n.id, &n.label, Some(n.kind.clone()))).collect(),
        "topics" => v.topics.iter().map(|t| entry(&t.id, &t.label, None)).collect(),
        "ratings" => pmatlas_core::Rating::ALL.iter().map(|r| entry(r.id(), r.label(), None)).collect(),
        _ => {
            return Problem::not_found(format!("no vocabulary {name}; there are {}", VOCABULARIES.join(", ")))
                .into_response()
        }
    };
    if matches!(name.as_str(), "nuts" | "nace" | "nabs" | "policy_objectives") {
        out.sort_by(|a, b| a.id.cmp(&b.id));
    }
    json_response(&out)
}
