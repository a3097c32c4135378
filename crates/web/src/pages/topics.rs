//! Topics: `/topics`, every topic of the list with how many regions work on it and how many
//! seek partners in it, and `/topics/{topic}`, who works on one, strongest evidence first.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use crate::error::WebError;
use crate::shell::*;
use crate::state::AppState;

/// A topic of the index: (id, label, regions working on it, regions seeking it).
type TopicRow = (&'static str, &'static str, usize, usize);

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    title: String,
    regions: usize,
    topics: Vec<TopicRow>,
}

pub async fn topics(State(s): State<AppState>) -> Response {
    let view = s.view();
    let seeking = view.seeking_topic();
    let rows = pmatlas_core::vocab::TopicId::all()
        .map(|t| (t.id(), t.label(), view.working_on(t).len(), seeking[t.index()]))
        .collect();
    page(TopicsPage { title: "Topics".into(), regions: view.snapshot.len(), topics: rows })
}

struct WorkerVm {
    code: String,
    name: String,
    /// The edition the evidence is read from ("2019 edition").
    dated: String,
    evidence: Vec<String>,
    /// The pieces of evidence not shown, on its profile page: a region's list stays short,
    /// and says it is cut.
    more: usize,
}

/// The pieces of evidence a topic page shows of each region.
const EVIDENCE_SHOWN: usize = 4;

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    title: String,
    label: String,
    id: &'static str,
    /// Regions working on the topic in all; this page lists them from `first` (1-based).
    total: usize,
    first: usize,
    prev_url: String,
    next_url: String,
    regions: Vec<WorkerVm>,
    downloads: Vec<(&'static str, String)>,
    downloads_what: &'static str,
    /// Regions that seek partners in the topic, and where they are listed.
    seeking: usize,
    seeking_url: String,
}

/// Regions a topic page lists at a time: its size stays bounded whatever the number of
/// regions (the whole list is in the downloads).
const TOPIC_PAGE: usize = 50;

pub async fn topic(
    State(s): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let view = s.view();
    let Some(t) = pmatlas_core::vocab::TopicId::from_id(&id).or_else(|| pmatlas_core::topics::topic_named(&id)) else {
        return Err(WebError::TopicNotFound(id));
    };
    let regions = view.snapshot.regions();
    let all = view.working_on(t);
    let paging_total = all.len();
    let params = crate::query::pairs(&raw);
    let paging = crate::query::Pagination::new(&params, all.len(), TOPIC_PAGE);
    let path = format!("/topics/{}", t.id());
    let (prev_url, next_url) = (paging.prev(&path, &params), paging.next(&path, &params));
    let workers = all
        .iter()
        .skip(paging.first)
        .take(TOPIC_PAGE)
        .map(|&i| {
            let evidence = view.matcher.topic_evidence(i, t);
            WorkerVm {
                code: regions[i].profile.code.to_string(),
                name: regions[i].profile.name.to_string(),
                dated: dated(&regions[i].profile, &regions[i].version),
                more: evidence.len().saturating_sub(EVIDENCE_SHOWN),
                evidence: evidence
                    .iter()
                    .take(EVIDENCE_SHOWN)
                    .map(|e| format!("{} {}.", regions[i].profile.name, e.phrase()))
                    .collect(),
            }
        })
        .collect();
    let seeking = view.seeking_topic()[t.index()];
    Ok(page(TopicPage {
        seeking,
        seeking_url: crate::query::href("/regions", &[("topic".to_string(), t.id().to_string())]),
        title: match paging.pages {
            1 => format!("Who works on {}?", t.label().to_lowercase()),
            n => format!("Who works on {}? (page {} of {n})", t.label().to_lowercase(), paging.page),
        },
        total: paging_total,
        first: paging.first + 1,
        prev_url,
        next_url,
        label: t.label().to_string(),
        id: t.id(),
        regions: workers,
        downloads: super::data::links(&[("works_on".into(), t.id().into())], !s.shapes.is_empty()),
        downloads_what: "these regions",
    }))
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/topics", axum::routing::get(topics)).route("/topics/{topic}", axum::routing::get(topic))
}
