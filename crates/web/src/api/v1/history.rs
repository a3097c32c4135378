//! A region's profile and its history: `/api/v1/regions/{code}`, its versions, one
//! version, and the difference between two.

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use super::endpoint::*;
use crate::api::problem::Problem;
use crate::state::AppState;

pub(crate) async fn region(State(s): State<AppState>, Path(code): Path<String>) -> Response {
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

pub(crate) async fn versions(State(s): State<AppState>, Path(code): Path<String>) -> Response {
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
pub(crate) const MAX_VERSION: u32 = 1_000_000;

pub(crate) fn version_number(name: &str, v: &str) -> Result<u32, Problem> {
    v.parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_VERSION).contains(n))
        .ok_or_else(|| Problem::bad_param(name, format!("a version number from 1 to {MAX_VERSION}")))
}

pub(crate) async fn version(State(s): State<AppState>, Path((code, number)): Path<(String, String)>) -> Response {
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

pub(crate) async fn diff(State(s): State<AppState>, Path(code): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let (i, pairs) = match region_and_params(&view, &code, &raw) {
        Ok(x) => x,
        Err(p) => return p.into_response(),
    };
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
