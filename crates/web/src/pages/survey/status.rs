//! What a submitter sees after sending: the thanks page and the private status link
//! (`/submissions/{token}`); a sent form stored as a submission (`submit`).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::auth::field as get;
use crate::error::WebError;
use crate::shell::*;
use crate::state::AppState;
use pmatlas_core::{Profile, Text};
use pmatlas_store::users::Session;

#[derive(Template)]
#[template(path = "submitted.html")]
pub(crate) struct SubmittedPage {
    pub(crate) title: String,
    pub(crate) name: String,
    pub(crate) id: i64,
    pub(crate) status_url: String,
}
#[derive(Template)]
#[template(path = "submission.html")]
pub(crate) struct StatusPage {
    pub(crate) title: String,
    pub(crate) id: i64,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) status: &'static str,
    pub(crate) created_at: String,
    pub(crate) reviewed_at: String,
    pub(crate) reason: String,
    pub(crate) version: u32,
}

/// A submission's status, for whoever has its private link.
pub async fn status(State(s): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    if token.len() != 64 {
        return Err(WebError::NotFound);
    }
    let sub = s.with_store(move |st| st.submission_by_token(&token)).await?.ok_or(WebError::NotFound)?;
    let mut res = page(StatusPage {
        title: format!("Submission {}", sub.id),
        id: sub.id,
        code: sub.code.clone(),
        name: sub.profile.name.to_string(),
        status: sub.status.as_str(),
        created_at: sub.created_at.replace('T', " ").chars().take(16).collect(),
        reviewed_at: sub.reviewed_at.unwrap_or_default().replace('T', " ").chars().take(16).collect(),
        reason: sub.reason.unwrap_or_default(),
        version: sub.version.unwrap_or(0),
    });
    res.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// A profile as a form sent it, with what goes along: the version it was filled on, the
/// submitter's comment and contact, the draft it was resumed from.
pub(crate) struct Sent {
    pub(crate) profile: Profile,
    pub(crate) base: Option<u32>,
    pub(crate) comment: Option<String>,
    pub(crate) contact: Option<String>,
    pub(crate) draft: Option<String>,
}

impl Sent {
    pub(crate) fn of(profile: Profile, base: Option<u32>, f: &[(String, String)]) -> Sent {
        let text = |name: &str| Text::new(get(f, name)).map(|t| t.to_string());
        Sent {
            profile,
            base,
            comment: text("comment"),
            // Name and e-mail, as the curator reads them: "Ada Lovelace <ada@example.org>".
            contact: match (text("contact_name"), text("contact")) {
                (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
                (n, e) => e.or(n),
            },
            draft: Some(get(f, "draft").to_string()).filter(|t| t.len() == 64),
        }
    }
}

/// Stores a submission for review (its draft, if any, goes) and thanks the submitter with
/// the private link to follow it.
pub(crate) async fn submit(s: &AppState, session: Option<&Session>, sent: Sent) -> Result<Response, WebError> {
    let submitter = session.map_or("visitor".to_string(), |s| s.user.name.clone());
    let name = sent.profile.name.to_string();
    let (id, token) = s
        .with_store(move |st| {
            let Sent { profile, base, comment, contact, draft } = sent;
            let done = st.submit(&profile, base, &submitter, contact.as_deref(), comment.as_deref())?;
            if let Some(d) = draft {
                st.delete_draft(&d)?;
            }
            Ok(done)
        })
        .await?;
    Ok(page(SubmittedPage { title: "Thank you".into(), name, id, status_url: format!("/submissions/{token}") }))
}
