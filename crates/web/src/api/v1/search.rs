//! `/api/v1/regions`: the search, with the website's parameters checked strictly.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

use super::endpoint::*;
use crate::api::problem::Problem;
use crate::state::{AppState, View};
use pmatlas_core::search::{Query, Sort};

/// The ids of the topics, as a schema.
pub(crate) fn topic_ids() -> Value {
    json!({"type": "string", "enum": pmatlas_core::vocab::TopicId::all().map(|t| t.id()).collect::<Vec<_>>()})
}

/// The search parameters (of `/api/v1/regions` and `/api/v1/stats`): text, sort, pages and
/// one parameter per facet, with its values where the vocabulary fixes them.
pub(crate) fn search_params(paged: bool) -> Vec<Param> {
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
        v.extend(Paging::params());
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
pub(crate) fn fits(schema: &Value, v: &str) -> bool {
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
pub(crate) fn search_schemas() -> &'static std::collections::HashMap<String, Value> {
    static S: std::sync::LazyLock<std::collections::HashMap<String, Value>> =
        std::sync::LazyLock::new(|| search_params(true).into_iter().map(|p| (p.name, p.schema)).collect());
    &S
}

/// The search a query string asks for, checked, and its page.
pub(crate) fn search_query(view: &View, raw: &Option<String>, paged: bool) -> Result<(Query, Paging), Problem> {
    let pairs: Vec<(String, String)> = match raw.as_deref().filter(|r| !r.is_empty()) {
        None => Vec::new(),
        Some(r) => serde_urlencoded::from_str(r)
            .map_err(|e| Problem::bad_param("query", format!("not a query string: {e}")))?,
    };
    let mut q = Query::default();
    let mut paging = Paging::default();
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
        if paged && paging.take(&k, &v)? {
            continue;
        }
        match k.as_str() {
            "q" => q.text = v,
            "sort" if paged => {
                q.sort = Sort::parse(&v).ok_or_else(|| {
                    Problem::bad_param("sort", "one of name, population, innovation, edition, updated")
                })?
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
    Ok((q, paging))
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

/// A page of the regions a search finds, with the counts of every facet's values.
#[derive(Serialize, JsonSchema)]
pub struct RegionList {
    #[serde(flatten)]
    pub pages: Pages,
    pub regions: Vec<RegionSummary>,
    pub facets: Vec<FacetOut>,
}

pub(crate) fn summary(r: &pmatlas_store::Region) -> RegionSummary {
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

pub(crate) async fn list_regions(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let (q, paging) = match search_query(&view, &raw, true) {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
    // A function of the query and the data: answered once a view for each query asked.
    let key = format!("/api/v1/regions?{}", raw.as_deref().unwrap_or(""));
    drawn_json(&view, key, || region_list(&view, &raw, &q, paging))
}

fn region_list(
    view: &crate::state::View,
    raw: &Option<String>,
    q: &pmatlas_core::search::Query,
    paging: Paging,
) -> RegionList {
    let results = view.index.search(q);
    let regions = view.snapshot.regions();
    let total = results.hits.len();
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
    RegionList {
        pages: paging.of_list("/api/v1/regions", raw, total),
        regions: paging.of(&results.hits).map(|&i| summary(&regions[i])).collect(),
        facets,
    }
}
