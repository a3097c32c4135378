//! `/api/v1`: the endpoints, each declared once with its parameters and response type; the
//! router and the OpenAPI document are both made from [`endpoints`].
//!
//! Parameters are strict where the website is lenient: an unknown parameter, a malformed
//! number or sort, or an overlong value is a 400 naming the parameter (the website drops
//! them). A facet value no region has is no error: it selects nothing.

use axum::routing::get;
use serde_json::json;

mod endpoint;
mod history;
mod reference;
mod search;
mod topics;

pub(crate) use endpoint::drawn_json;
use endpoint::*;
pub use endpoint::{Endpoint, Param, MAX_ITEMS};
use history::*;
use reference::*;
use search::*;
use topics::*;

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
            description: "The canonical JSON of the region's published profile (its JSON Schema is this document's `Profile`).",
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
            description: "The regions with evidence of working on a topic, strongest evidence first, a page at a time (all of them at once, with their profiles: `/regions.json?works_on={topic}` and the other downloads).",
            params: [Param::path("topic", "A topic id (`biobanks`) or a name or synonym of it.", json!({"type": "string", "maxLength": MAX_VALUE}))]
                .into_iter()
                .chain(Paging::params())
                .collect(),
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
