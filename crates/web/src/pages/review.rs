//! `/review`: the curators' queue of submissions. Each shows what it changes, in the words
//! of the profile page; one made on a version that has changed since also shows what
//! changed since. Approving publishes (merged with what changed since, or refused as a
//! conflict naming both versions), rejecting records a reason the submitter sees, and a
//! curator may edit a submission before approving it.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::changes::{in_words, SectionChanges};
use crate::auth::{csrf_ok, field, form, MaybeUser};
use crate::error::WebError;
use crate::shell::*;
use crate::state::AppState;
use pmatlas_store::submissions::Submission;
use pmatlas_store::users::Session;

/// Why a request may not review: a visitor goes to the login, another account gets 403, a
/// forged form is refused.
enum NotCurator {
    Visitor,
    Other,
    /// A form post whose CSRF token is not the session's.
    BadToken,
}

impl IntoResponse for NotCurator {
    fn into_response(self) -> Response {
        match self {
            NotCurator::Visitor => Redirect::to("/login").into_response(),
            NotCurator::Other => WebError::Forbidden("Reviewing is for curators.").into_response(),
            NotCurator::BadToken => crate::auth::bad_token(),
        }
    }
}

/// The session of a curator, or why not.
fn curator(user: Option<(String, Session)>) -> Result<Session, NotCurator> {
    match user {
        None => Err(NotCurator::Visitor),
        Some((_, s)) if s.user.role.curates() => Ok(s),
        Some(_) => Err(NotCurator::Other),
    }
}

/// A curator's form post: the session and the fields, or the answer refusing it (the
/// login, 403, or a bad CSRF token).
fn curator_post(user: Option<(String, Session)>, body: &Bytes) -> Result<(Session, Vec<(String, String)>), NotCurator> {
    let session = curator(user)?;
    let f = form(body);
    if !csrf_ok(&session, &f) {
        return Err(NotCurator::BadToken);
    }
    Ok((session, f))
}

#[derive(Template)]
#[template(path = "review.html")]
struct QueuePage {
    title: String,
    items: Vec<(i64, String, String, String, String)>,
    /// Submissions whose stored profile does not read: (id, code, from, sent, why).
    unreadable: Vec<(i64, String, String, String, String)>,
    /// Regions left out of the site, and why.
    problems: Vec<String>,
}

async fn queue(State(s): State<AppState>, MaybeUser(user): MaybeUser) -> Result<Response, WebError> {
    if let Err(r) = curator(user) {
        return Ok(r.into_response());
    }
    let (pending, unreadable) = s.with_store(|st| st.pending()).await?;
    for u in &unreadable {
        tracing::error!("submission {} does not read: {}", u.id, u.why);
    }
    // Regions the site leaves out because their current version does not read.
    let problems = s.view().snapshot.unreadable.iter().map(|e| e.to_string()).collect();
    Ok(page(QueuePage {
        title: "Review".into(),
        unreadable: unreadable
            .into_iter()
            .map(|u| (u.id, u.code, u.submitter, u.created_at.replace('T', " ").chars().take(16).collect(), u.why))
            .collect(),
        problems,
        items: pending
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    p.code.clone(),
                    p.profile.name.to_string(),
                    p.submitter,
                    p.created_at.replace('T', " ").chars().take(16).collect(),
                )
            })
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "review_item.html")]
struct ItemPage {
    title: String,
    id: i64,
    code: String,
    name: String,
    submitter: String,
    contact: String,
    comment: String,
    status: &'static str,
    based_on: u32,
    current: u32,
    changes: Vec<SectionChanges>,
    since: Vec<SectionChanges>,
    csrf: String,
    message: String,
}

/// What a submission changes, and what changed since its version: read from the store.
async fn item(
    s: &AppState,
    id: i64,
) -> Result<(Submission, Option<u32>, Vec<SectionChanges>, Vec<SectionChanges>), WebError> {
    let (sub, current, changes, since) = s
        .with_store(move |st| {
            let sub = st
                .submission(id)?
                .ok_or(pmatlas_store::StoreError::NotFound { code: format!("submission {id}"), version: Some(0) })?;
            let code = sub.profile.code;
            let current = st.current_version(&code)?;
            let base = match sub.based_on {
                Some(b) => Some(st.version(&code, b)?.1),
                None => None,
            };
            let empty = pmatlas_core::Profile::new(code, sub.profile.name.clone());
            let changes = pmatlas_core::wording::changes(base.as_ref().unwrap_or(&empty), &sub.profile);
            let since = match (sub.based_on, current) {
                (Some(b), Some(c)) if b != c => {
                    pmatlas_core::wording::changes(base.as_ref().unwrap_or(&empty), &st.version(&code, c)?.1)
                }
                _ => Vec::new(),
            };
            Ok((sub, current, changes, since))
        })
        .await?;
    Ok((sub, current, in_words(&changes), in_words(&since)))
}

async fn show(
    s: &AppState,
    session: &Session,
    id: i64,
    message: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (sub, current, changes, since) = item(s, id).await?;
    let mut res = page(ItemPage {
        title: format!("Submission {id}: {}", sub.profile.name),
        id,
        code: sub.code.clone(),
        name: sub.profile.name.to_string(),
        submitter: sub.submitter,
        contact: sub.contact.unwrap_or_default(),
        comment: sub.comment.unwrap_or_default(),
        status: sub.status.as_str(),
        based_on: sub.based_on.unwrap_or(0),
        current: current.unwrap_or(0),
        changes,
        since,
        csrf: session.csrf.clone(),
        message,
    });
    *res.status_mut() = status;
    Ok(res)
}

async fn detail(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let session = match curator(user) {
        Ok(s) => s,
        Err(r) => return Ok(r.into_response()),
    };
    show(&s, &session, id, String::new(), StatusCode::OK).await
}

/// Approves (with the curator's edit, if any) and makes it visible at once.
async fn approve_with(
    s: &AppState,
    session: &Session,
    id: i64,
    comment: String,
    edited: Option<pmatlas_core::Profile>,
) -> Result<Response, WebError> {
    let curator = session.user.name.clone();
    let done = s
        .with_store(move |st| {
            st.approve(id, &curator, Some(comment.as_str()).filter(|c| !c.is_empty()), edited.as_ref())
        })
        .await;
    match done {
        Ok(version) => {
            s.refresh().await?;
            let code = s.with_store(move |st| Ok(st.submission(id)?.map(|x| x.code))).await?.unwrap_or_default();
            if let Ok(c) = pmatlas_core::NutsCode::parse(&code) {
                s.written(vec![c]);
            }
            Ok(Redirect::to(&format!("/regions/{code}/versions/{version}")).into_response())
        }
        Err(WebError::Conflict(m)) | Err(WebError::Refused(m)) => show(s, session, id, m, StatusCode::CONFLICT).await,
        Err(e) => Err(e),
    }
}

async fn approve(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (session, f) = match curator_post(user, &body) {
        Ok(x) => x,
        Err(r) => return Ok(r.into_response()),
    };
    approve_with(&s, &session, id, field(&f, "comment").to_string(), None).await
}

async fn reject(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (session, f) = match curator_post(user, &body) {
        Ok(x) => x,
        Err(r) => return Ok(r.into_response()),
    };
    let reason = field(&f, "reason").trim().to_string();
    if reason.is_empty() {
        return show(
            &s,
            &session,
            id,
            "Say why it is rejected: the submitter sees the reason.".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let curator = session.user.name.clone();
    match s.with_store(move |st| st.reject(id, &curator, &reason)).await {
        Ok(()) => Ok(Redirect::to("/review").into_response()),
        Err(WebError::Refused(m)) => show(&s, &session, id, m, StatusCode::CONFLICT).await,
        Err(e) => Err(e),
    }
}

/// The submission in the survey form, for a curator to edit before approving.
async fn edit_form(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let session = match curator(user) {
        Ok(s) => s,
        Err(r) => return Ok(r.into_response()),
    };
    let sub = s.with_store(move |st| st.submission(id)).await?.ok_or(WebError::NotFound)?;
    Ok(page(super::survey::form::SurveyPage {
        title: format!("Edit submission {id}"),
        heading: format!("Edit submission {id} ({}) and approve it", sub.profile.name),
        action: format!("/review/{id}/edit"),
        upload_action: String::new(),
        new_region: false,
        visitor: false,
        csrf: session.csrf.clone(),
        started: String::new(),
        base: sub.based_on.unwrap_or(0),
        note: "Saving approves the submission as you edited it.".into(),
        f: super::survey::form::form_of(&sub.profile),
        draft: String::new(),
    }))
}

async fn edit(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (session, f) = match curator_post(user, &body) {
        Ok(x) => x,
        Err(r) => return Ok(r.into_response()),
    };
    let sub = s.with_store(move |st| st.submission(id)).await?.ok_or(WebError::NotFound)?;
    match super::survey::posted::profile_of(&sub.profile, &f) {
        Ok(p) => approve_with(&s, &session, id, field(&f, "comment").to_string(), Some(p)).await,
        Err(vm) => {
            let mut res = page(super::survey::form::SurveyPage {
                title: format!("Edit submission {id}"),
                heading: format!("Edit submission {id} and approve it"),
                action: format!("/review/{id}/edit"),
                upload_action: String::new(),
                new_region: false,
                visitor: false,
                csrf: session.csrf.clone(),
                started: String::new(),
                base: sub.based_on.unwrap_or(0),
                note: "Some answers need a change: see the messages.".into(),
                f: *vm,
                draft: String::new(),
            });
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/review", get(queue))
        .route("/review/{id}", get(detail))
        .route("/review/{id}/approve", post(approve))
        .route("/review/{id}/reject", post(reject))
        .route("/review/{id}/edit", get(edit_form).post(edit))
}
