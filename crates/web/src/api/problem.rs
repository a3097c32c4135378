//! RFC 9457 problem details: what went wrong, and for a bad request which parameter.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A problem (`application/problem+json`).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// A URI naming the kind of problem ("about:blank": the status says it).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// For a bad request: the parameters at fault and why.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub invalid_params: Vec<InvalidParam>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
}

impl Problem {
    /// A bad request naming the parameter at fault.
    pub fn bad_param(name: impl Into<String>, reason: impl Into<String>) -> Problem {
        let (name, reason) = (name.into(), reason.into());
        Problem {
            kind: "about:blank",
            title: "Bad Request",
            status: 400,
            detail: format!("parameter {name}: {reason}"),
            invalid_params: vec![InvalidParam { name, reason }],
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem { kind: "about:blank", title: "Not Found", status: 404, detail: detail.into(), invalid_params: vec![] }
    }

    pub fn unavailable(detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: "Service Unavailable",
            status: 503,
            detail: detail.into(),
            invalid_params: vec![],
        }
    }

    pub fn internal() -> Problem {
        Problem {
            kind: "about:blank",
            title: "Internal Server Error",
            status: 500,
            detail: "the server failed; the error is logged".into(),
            invalid_params: vec![],
        }
    }
}

impl From<crate::error::WebError> for Problem {
    fn from(e: crate::error::WebError) -> Problem {
        use crate::error::WebError;
        match e {
            WebError::RegionNotFound(code) => Problem::not_found(format!("no region {code}")),
            WebError::TopicNotFound(t) => Problem::not_found(format!("no topic {t}")),
            WebError::NotFound => Problem::not_found("not found"),
            WebError::Unavailable(why) => Problem::unavailable(why),
            WebError::Busy(why) => Problem::unavailable(why),
            WebError::Forbidden(_) | WebError::Refused(_) | WebError::Throttled(_) | WebError::Conflict(_) => {
                Problem::not_found("not found")
            }
            WebError::Internal(cause) => {
                tracing::error!("{cause}");
                Problem::internal()
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, serde_json::to_string(&self).unwrap_or_default()).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}
