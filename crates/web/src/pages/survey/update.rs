//! A region's profile updated (`/regions/{code}/update`): published at once by a curator or
//! trusted editor, otherwise submitted for review.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::drafts::*;
use super::form::*;
use super::posted::*;
use super::status::*;
use crate::auth::{field as get, MaybeUser};
use crate::error::WebError;
use crate::state::AppState;
use pmatlas_store::users::Session;

/// The region a `{code}` names, and what the session may do with its profile.
fn editable<'v>(
    view: &'v crate::state::View,
    code: String,
    session: Option<&Session>,
) -> Result<(&'v pmatlas_store::Region, Right), WebError> {
    let r =
        crate::extract::parse_code(&code).and_then(|c| view.snapshot.get(&c)).ok_or(WebError::RegionNotFound(code))?;
    Ok((r, right(session, &r.profile.code)?))
}

pub async fn update_form(
    State(s): State<AppState>,
    Path(code): Path<String>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, WebError> {
    let view = s.view();
    let session = user.as_ref().map(|u| &u.1);
    let (r, how) = editable(&view, code, session)?;
    let note = match how {
        Right::Publish => "Your changes are published when you save them.",
        Right::Submit => "Your changes go to a curator, who publishes them; you get a link to follow them.",
    };
    Ok(form_page(
        &s.form_key,
        Target {
            heading: format!("Update the profile of {}", r.profile.name),
            action: format!("/regions/{}/update", r.profile.code),
            new_region: false,
        },
        session,
        r.version.number,
        note.into(),
        form_of(&r.profile),
        StatusCode::OK,
    ))
}

pub async fn update(
    State(s): State<AppState>,
    Path(code): Path<String>,
    MaybeUser(user): MaybeUser,
    crate::auth::ClientIp(addr): crate::auth::ClientIp,
    body: Bytes,
) -> Result<Response, WebError> {
    let view = s.view();
    let session = user.as_ref().map(|u| &u.1);
    let (r, how) = editable(&view, code, session)?;
    let f = match read_post(&s, session, &addr, &body).await {
        Ok(f) => f,
        Err(res) => return Ok(res),
    };
    let base_version: u32 = get(&f, "base").parse().unwrap_or(r.version.number);
    if get(&f, "action") == "draft" {
        return save_draft(&s, session, Some(r.profile.code.to_string()), Some(base_version), &f).await;
    }
    let _draft_token = Some(get(&f, "draft").to_string()).filter(|t| t.len() == 64);
    // The form was filled on the version it names: that version is its base.
    let code = r.profile.code;
    let base = if base_version == r.version.number {
        r.profile.clone()
    } else {
        s.with_store(move |st| st.version(&code, base_version)).await?.1
    };
    // The form shown again, with a note (the messages next to the fields are in `vm`).
    let again = |note: &str, vm: FormVm, status: StatusCode| {
        let target = Target {
            heading: format!("Update the profile of {}", r.profile.name),
            action: format!("/regions/{code}/update"),
            new_region: false,
        };
        form_page(&s.form_key, target, session, base_version, note.into(), vm, status)
    };
    let profile = match profile_of(&base, &f) {
        Ok(p) => p,
        Err(vm) => {
            return Ok(again("Some answers need a change: see the messages.", *vm, StatusCode::UNPROCESSABLE_ENTITY))
        }
    };
    if profile == base {
        // Nothing to review or publish: no submission, no version.
        let note = "Nothing changed: the form holds the profile as it is. Change an answer, then send it.";
        return Ok(again(note, form_of(&base), StatusCode::OK));
    }
    let sent = Sent::of(profile, Some(base_version), &f);
    match how {
        Right::Publish => publish(&s, session, sent).await,
        Right::Submit => submit(&s, session, sent).await,
    }
}

/// Publishes a curator's or trusted editor's change as a new version, then shows the profile.
async fn publish(s: &AppState, session: Option<&Session>, sent: Sent) -> Result<Response, WebError> {
    let author = session.map(|s| s.user.name.clone()).unwrap_or_default();
    let code = sent.profile.code;
    let written = s
        .with_store(move |st| {
            let w = pmatlas_store::Write {
                comment: sent.comment.as_deref().or(Some("edited on the site")),
                replace: true,
                ..pmatlas_store::Write::new(&sent.profile, sent.base, &author, pmatlas_store::Source::Edit)
            };
            let written = st.write(&w)?;
            st.audit(&author, "edit", Some(code.as_str()), &format!("version {}", written.outcome.version()))?;
            if let Some(d) = &sent.draft {
                st.delete_draft(d)?;
            }
            Ok(written)
        })
        .await;
    match written {
        Ok(_) => {
            s.refresh().await?;
            s.written(vec![code]);
            Ok(Redirect::to(&format!("/regions/{code}")).into_response())
        }
        Err(WebError::Refused(m)) => Ok((StatusCode::CONFLICT, m).into_response()),
        Err(e) => Err(e),
    }
}
