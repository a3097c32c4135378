//! Statistics and the vocabularies: `/api/v1/stats`, `/api/v1/vocabularies`.

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use super::endpoint::*;
use super::search::*;
use crate::api::problem::Problem;
use crate::state::AppState;

#[derive(Serialize, JsonSchema)]
pub struct StatsOut {
    /// Regions in the selection.
    pub total: usize,
    pub charts: Vec<pmatlas_core::stats::Chart>,
}

pub(crate) async fn stats(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let q = match search_query(&view, &raw, false) {
        Ok((q, _)) => q,
        Err(p) => return p.into_response(),
    };
    // Statistics change only when the data does: made once a view for each query asked.
    let key = format!("/api/v1/stats?{}", raw.as_deref().unwrap_or(""));
    drawn_json(&view, key, || {
        let hits = view.index.search(&q).hits;
        let regions = view.snapshot.regions();
        let ps: Vec<&pmatlas_core::Profile> = hits.iter().map(|&i| &regions[i].profile).collect();
        StatsOut { total: hits.len(), charts: pmatlas_core::stats::charts(&ps) }
    })
}

/// The vocabularies of `/api/v1/vocabularies/{name}`.
pub(crate) const VOCABULARIES: [&str; 7] =
    ["nuts", "nace", "nabs", "policy_objectives", "memberships", "topics", "ratings"];

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

pub(crate) async fn vocabularies() -> Response {
    json_response(
        &VOCABULARIES
            .iter()
            .map(|n| VocabularyRef { name: n.to_string(), url: format!("/api/v1/vocabularies/{n}") })
            .collect::<Vec<_>>(),
    )
}

pub(crate) async fn vocabulary(Path(name): Path<String>) -> Response {
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
