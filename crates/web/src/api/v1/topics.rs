//! Partners and topics: `/api/v1/regions/{code}/matches`, `/api/v1/topics` and the regions
//! working on one topic.

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use super::endpoint::*;
use crate::api::problem::Problem;
use crate::state::AppState;

#[derive(Serialize, JsonSchema)]
pub struct MatchesOut {
    pub region: String,
    pub topic: Option<String>,
    pub matches: Vec<MatchItem>,
    /// What the region seeks that none of these partners answers, said as the matches page
    /// says it; null when they answer all of it or none of it, or with a topic chosen.
    pub unanswered: Option<String>,
}

/// A partner, with its score and why.
#[derive(Serialize, JsonSchema)]
pub struct MatchItem {
    pub code: String,
    pub name: String,
    pub score: f32,
    pub breakdown: pmatlas_core::matching::Breakdown,
    /// Its evidence answers something the region seeks (or the topic chosen). Where the
    /// region seeks something, these come first; the others' points are all bonuses.
    pub answers: bool,
    /// It only fills a short list, by fields the region works in (other than those it
    /// seeks): these come last, their points for those fields alone.
    pub fills: bool,
    pub reasons: Vec<String>,
    pub evidence: Vec<pmatlas_core::matching::Cited>,
}

pub(crate) async fn matches(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let (i, pairs) = match region_and_params(&view, &code, &raw) {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
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
    // A region's partners change only when the data does: found once a view.
    let key = format!("/api/v1/regions/{}/matches?topic={}", regions[i].profile.code, topic.map_or("", |t| t.id()));
    drawn_json(&view, key, || {
        let found = view.matcher.partners(i, topic, crate::query::MATCHES);
        MatchesOut {
            region: regions[i].profile.code.to_string(),
            topic: topic.map(|t| t.id().to_string()),
            matches: found
                .iter()
                .map(|m| MatchItem {
                    code: regions[m.index].profile.code.to_string(),
                    name: regions[m.index].profile.name.to_string(),
                    score: m.score,
                    breakdown: m.breakdown,
                    answers: m.answers(),
                    fills: m.fills,
                    reasons: m.reasons.clone(),
                    evidence: m.evidence.clone(),
                })
                .collect(),
            unanswered: if topic.is_none() { view.matcher.unanswered(i, &found, crate::query::MATCHES) } else { None },
        }
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

pub(crate) async fn topics(State(s): State<AppState>) -> Response {
    let view = s.view();
    let all = pmatlas_core::search::Query::default();
    let results = view.index.search(&all);
    let seeking = |id: &str| {
        view.index.facet(pmatlas_core::attr::TOPIC.id).and_then(|(fi, f)| {
            let v = f.values.iter().position(|v| v.id == id)?;
            Some(results.facets[fi].counts[v])
        })
    };
    drawn_json(&view, "/api/v1/topics".to_string(), || {
        pmatlas_core::vocab::TopicId::all()
            .map(|t| TopicOut {
                id: t.id().to_string(),
                label: t.label().to_string(),
                seeking: seeking(t.id()).unwrap_or(0),
                working_on: view.working_on(t).len(),
                url: format!("/api/v1/topics/{}", t.id()),
            })
            .collect::<Vec<_>>()
    })
}

/// The regions working on a topic, a page at a time.
#[derive(Serialize, JsonSchema)]
pub struct TopicWorkers {
    pub topic: String,
    pub label: String,
    /// Of the regions with evidence of working on it.
    #[serde(flatten)]
    pub pages: Pages,
    pub regions: Vec<Worker>,
}

#[derive(Serialize, JsonSchema)]
pub struct Worker {
    pub code: String,
    pub name: String,
    pub evidence: Vec<pmatlas_core::matching::Evidence>,
}

pub(crate) async fn topic(State(s): State<AppState>, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let Some(t) = pmatlas_core::vocab::TopicId::from_id(&id).or_else(|| pmatlas_core::topics::topic_named(&id)) else {
        return Problem::not_found(format!("no topic {id}")).into_response();
    };
    let mut paging = Paging::default();
    for (k, v) in crate::query::pairs(&raw) {
        match paging.take(&k, &v) {
            Ok(true) => {}
            Ok(false) => return Problem::bad_param(k, "not a parameter of this endpoint").into_response(),
            Err(p) => return p.into_response(),
        }
    }
    let regions = view.snapshot.regions();
    let key = format!("/api/v1/topics/{}?page={}&per_page={}", t.id(), paging.page, paging.per_page);
    drawn_json(&view, key, || {
        let working = view.working_on(t);
        TopicWorkers {
            topic: t.id().to_string(),
            label: t.label().to_string(),
            pages: paging.of_list(&format!("/api/v1/topics/{}", t.id()), &raw, working.len()),
            regions: paging
                .of(working.iter())
                .map(|&i| Worker {
                    code: regions[i].profile.code.to_string(),
                    name: regions[i].profile.name.to_string(),
                    evidence: view.matcher.topic_evidence(i, t),
                })
                .collect(),
        }
    })
}
