//! The web layer's one error type: every way a request fails becomes one of these, and each
//! maps to one response (the 404 page, a 503 with Retry-After, a logged 500).

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug)]
pub enum WebError {
    /// No page at this address.
    NotFound,
    /// No profile for this region code (as the address wrote it).
    RegionNotFound(String),
    /// Not a topic of the vocabulary (as the address wrote it).
    TopicNotFound(String),
    /// The server is busy or the database did not answer in time: try again.
    Unavailable(&'static str),
    /// Admission refused the request (its class's slots, or its client's share, are taken).
    Busy(String),
    /// A fault: logged with its cause, answered without it.
    Internal(String),
    /// The account may not do this.
    Forbidden(&'static str),
    /// A login or account change was refused (the message says why).
    Refused(String),
    /// Too many failed logins lately: wait this many minutes.
    Throttled(i64),
    /// A write met another write (the message names both versions).
    Conflict(String),
}

#[derive(Template)]
#[template(path = "not_found.html")]
/// The page of a refusal: what went wrong and where to go (not found, not allowed, a conflict).
struct NotFoundPage {
    title: String,
    message: String,
}

impl From<pmatlas_store::StoreError> for WebError {
    fn from(e: pmatlas_store::StoreError) -> Self {
        match e {
            pmatlas_store::StoreError::Busy(_) => WebError::Unavailable("The database is busy: try again in a moment."),
            pmatlas_store::StoreError::NotFound { code, version: None } => WebError::RegionNotFound(code),
            pmatlas_store::StoreError::NotFound { .. } => WebError::NotFound,
            pmatlas_store::StoreError::Auth(m) => WebError::Refused(m),
            e @ (pmatlas_store::StoreError::Conflict { .. } | pmatlas_store::StoreError::MergeConflict { .. }) => {
                WebError::Conflict(e.to_string())
            }
            pmatlas_store::StoreError::Throttled(m) => WebError::Throttled(m),
            e @ pmatlas_store::StoreError::TooLarge { .. } => WebError::Refused(e.to_string()),
            e if e.is_read_only() => {
                tracing::warn!("{e}");
                WebError::Unavailable(
                    "The database cannot be written at the moment (it is read-only here): reading works, \
                     logging in and changes do not. Try again later.",
                )
            }
            e => WebError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            WebError::NotFound => {
                (StatusCode::NOT_FOUND, "Not found".to_string(), "There is no page at this address.".to_string())
            }
            WebError::RegionNotFound(code) => (
                StatusCode::NOT_FOUND,
                "No such region".to_string(),
                format!("There is no profile for the region code “{code}”."),
            ),
            WebError::TopicNotFound(t) => (
                StatusCode::NOT_FOUND,
                "No such topic".to_string(),
                format!("“{t}” is not a topic of the observatory."),
            ),
            WebError::Forbidden(why) => (StatusCode::FORBIDDEN, "Not allowed".to_string(), why.to_string()),
            WebError::Conflict(m) => (
                StatusCode::CONFLICT,
                "Someone changed this profile in the meantime".to_string(),
                format!("{m}. Nothing was lost: open the profile again and redo the change on the current version."),
            ),
            WebError::Refused(m) => (StatusCode::BAD_REQUEST, "Not accepted".to_string(), m),
            WebError::Busy(message) => {
                let mut res = (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return res;
            }
            WebError::Unavailable(message) => {
                let mut res = (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return res;
            }
            WebError::Throttled(minutes) => {
                let mut res =
                    (StatusCode::TOO_MANY_REQUESTS, format!("Too many failed logins: try again in {minutes} minutes."))
                        .into_response();
                if let Ok(v) = HeaderValue::from_str(&(minutes * 60).to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return res;
            }
            WebError::Internal(cause) => {
                tracing::error!("{cause}");
                return (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; it has been logged.")
                    .into_response();
            }
        };
        match (NotFoundPage { title, message }).render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => WebError::Internal(format!("template: {e}")).into_response(),
        }
    }
}
