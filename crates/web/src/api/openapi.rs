//! The OpenAPI 3.1 document of `/api/v1`, built from the endpoint table and the response
//! types' JSON Schemas (schemars), and a page that documents the API for people.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::problem::Problem;
use super::v1::{endpoints, Endpoint};
use crate::state::AppState;

/// The document, built once: it depends on the code only.
pub fn spec() -> &'static str {
    static SPEC: std::sync::LazyLock<String> = std::sync::LazyLock::new(build);
    &SPEC
}

fn build() -> String {
    let settings =
        schemars::generate::SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas".into());
    let mut g = settings.into_generator();
    let problem = g.subschema_for::<Problem>();
    let problem_response =
        |what: &str| json!({"description": what, "content": {"application/problem+json": {"schema": problem.clone()}}});
    let mut paths = Map::new();
    for e in endpoints() {
        let schema = (e.response)(&mut g);
        let parameters: Vec<Value> = e.params.iter().map(parameter).collect();
        let mut responses = Map::new();
        responses
            .insert("200".into(), json!({"description": "OK", "content": {"application/json": {"schema": schema}}}));
        responses.insert("304".into(), json!({"description": "Not modified (If-None-Match matched the ETag)"}));
        responses.insert("400".into(), problem_response("A parameter is wrong: the problem names it"));
        if e.path.contains('{') {
            responses.insert("404".into(), problem_response("No such region, version, topic or vocabulary"));
        }
        responses.insert("503".into(), problem_response("Busy: try again after Retry-After seconds"));
        paths.insert(
            e.path.to_string(),
            json!({"get": {
                "operationId": e.id,
                "summary": e.summary,
                "description": e.description,
                "parameters": parameters,
                "responses": responses,
            }}),
        );
    }
    let doc = json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "pmatlas open data API",
            "version": "1",
            "summary": "Profiles of European regions in personalised medicine: search, profiles, versions, matches, topics, statistics and vocabularies.",
            "description": "Read-only; every response can be cached with its ETag, and any site may call it (CORS). Errors are RFC 9457 problem details naming the parameter at fault. The human guide is at /api.",
            "license": {"name": "Profiles: as published by the observatory; reference data: Eurostat (reuse with acknowledgement)", "url": "https://ec.europa.eu/eurostat/about-us/policies/copyright"}
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": g.take_definitions(true)},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn parameter(p: &super::v1::Param) -> Value {
    let schema = if p.repeated {
        json!({"type": "array", "items": p.schema, "maxItems": super::v1::MAX_ITEMS})
    } else {
        p.schema.clone()
    };
    let mut v = json!({
        "name": p.name,
        "in": if p.path { "path" } else { "query" },
        "required": p.required,
        "description": p.description,
        "schema": schema,
    });
    if p.repeated {
        v["style"] = json!("form");
        v["explode"] = json!(true);
    }
    v
}

pub async fn document() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], spec()).into_response()
}

#[derive(askama::Template)]
#[template(path = "api.html")]
struct ApiPage {
    title: String,
    endpoints: Vec<EndpointVm>,
}

struct EndpointVm {
    path: &'static str,
    summary: &'static str,
    /// HTML: the description escaped, its `code` spans as code.
    description: String,
    /// (name, HTML description).
    params: Vec<(String, String)>,
    example: String,
}

/// Text for a page: escaped, each `span` between backticks set as code (the descriptions
/// are written for the OpenAPI document, where backticks are Markdown).
fn code_spans(s: &str) -> String {
    crate::svg::esc(s)
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{part}</code>") } else { part.to_string() })
        .collect()
}

/// The API for people: every endpoint with its parameters and a request to try (on a
/// region this site has).
pub async fn page(State(s): State<AppState>) -> Response {
    let view = s.view();
    let region = view
        .snapshot
        .regions()
        .iter()
        .find(|r| r.profile.code.as_str() == "DEG")
        .or(view.snapshot.regions().first())
        .map(|r| r.profile.code.to_string())
        .unwrap_or_else(|| "DEG".into());
    let vm = |e: Endpoint| {
        EndpointVm {
        path: e.path,
        summary: e.summary,
        description: code_spans(e.description),
        // Facets by the dozen are summarised: their list is in the OpenAPI document.
        params: e
            .params
            .iter()
            .filter(|p| !p.name.starts_with("membership.") && !p.name.starts_with("rating."))
            .map(|p| (p.name.clone(), code_spans(&p.description)))
            .chain(
                e.params
                    .iter()
                    .any(|p| p.name.starts_with("membership."))
                    .then(|| ("membership.{network}, rating.{item}".to_string(), code_spans("One facet per network and per self-evaluation item; their ids are in `/api/v1/vocabularies/memberships` and the OpenAPI document."))),
            )
            .collect(),
        example: e.example.replace("/DEG", &format!("/{region}")),
    }
    };
    crate::shell::page(ApiPage { title: "Open data API".into(), endpoints: endpoints().into_iter().map(vm).collect() })
}
