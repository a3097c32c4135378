//! Drafts and uploads: a form saved half-filled under a private link and resumed from it,
//! and a filled document read into the form (nothing is stored until the form is sent).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::form::*;
use super::posted::*;
use crate::auth::{field as get, MaybeUser};
use crate::error::WebError;
use crate::shell::*;
use crate::state::AppState;
use pmatlas_core::Profile;
use pmatlas_store::users::Session;

#[derive(Template)]
#[template(path = "draft_saved.html")]
pub(crate) struct DraftSaved {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// Saves the posted form as a draft and shows its private link.
pub(crate) async fn save_draft(
    s: &AppState,
    session: Option<&Session>,
    code: Option<String>,
    based_on: Option<u32>,
    f: &[(String, String)],
) -> Result<Response, WebError> {
    let keep: Vec<(String, String)> = f
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "homepage" | "started" | "action" | "draft"))
        .cloned()
        .collect();
    let token = Some(get(f, "draft").to_string()).filter(|t| t.len() == 64);
    let owner = session.map_or("visitor".to_string(), |s| s.user.name.clone());
    let t = s.with_store(move |st| st.save_draft(token.as_deref(), code.as_deref(), based_on, &keep, &owner)).await?;
    Ok(page(DraftSaved { title: "Draft saved".into(), url: format!("/drafts/{t}") }))
}

/// A saved draft, as the form it was (anyone with its private link may resume it; sending
/// it needs the same rights as any form).
pub async fn resume(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if token.len() != 64 {
        return Err(WebError::NotFound);
    }
    let t = token.clone();
    let d = s.with_store(move |st| st.draft(&t)).await?.ok_or(WebError::NotFound)?;
    let mut f = form_from_post(&d.fields);
    f.draft = token;
    let when: String = d.updated_at.replace('T', " ").chars().take(16).collect();
    let target = match &d.code {
        Some(c) => Target {
            heading: format!("Update the profile of {c}"),
            action: format!("/regions/{c}/update"),
            new_region: false,
        },
        None => {
            Target { heading: "Add your region to the observatory".into(), action: "/survey".into(), new_region: true }
        }
    };
    let mut res = form_page(
        &s.form_key,
        target,
        user.as_ref().map(|u| &u.1),
        d.based_on.unwrap_or(0),
        format!("Your draft, as saved at {when} UTC."),
        f,
        StatusCode::OK,
    );
    res.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// The uploaded document of a multipart form, (file name, bytes); or the answer when there
/// is none or it is too large.
async fn document(multipart: &mut axum::extract::Multipart) -> Result<(String, Vec<u8>), Response> {
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("document") {
            let name = field.file_name().unwrap_or("document.txt").to_string();
            match field.bytes().await {
                Ok(b) if b.len() <= pmatlas_store::documents::MAX_DOCUMENT_BYTES => file = Some((name, b.to_vec())),
                _ => return Err((StatusCode::PAYLOAD_TOO_LARGE, "A document may be at most 1 MiB.").into_response()),
            }
        }
    }
    file.ok_or_else(|| (StatusCode::BAD_REQUEST, "Choose a document to upload.").into_response())
}

/// A document read into the form, with the note above it and the status to answer with;
/// `current` is the profile updated (none for a new region). Err: a document of no profile.
fn read_into_form(
    current: Option<&Profile>,
    name: &str,
    bytes: &[u8],
) -> Result<(FormVm, String, StatusCode), &'static str> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = match pmatlas_store::documents::profiles_from_bytes(std::path::Path::new(name), bytes) {
        Ok(mut ps) if !ps.is_empty() => ps.remove(0),
        Ok(_) => return Err("The document holds no profile."),
        Err(e) => {
            let mut f = form_of(current.unwrap_or(&blank(None)));
            f.errors.push(("name".into(), format!("{name}, line {}: {}", e.line, e.message)));
            return Ok((f, "The document could not be read: see the message.".into(), unprocessable));
        }
    };
    if let Some(p) = current.filter(|p| p.code != parsed.profile.code) {
        let mut f = form_of(p);
        f.errors.push(("name".into(), format!("{name} is the profile of {}, not {}.", parsed.profile.code, p.code)));
        return Ok((f, "The document is another region's.".into(), unprocessable));
    }
    let mut f = form_of(&parsed.profile);
    f.errors = parsed
        .warnings
        .iter()
        .map(|w| (form_field(w.field.unwrap_or("name")).to_string(), format!("{name}, line {}: {}", w.line, w.message)))
        .collect();
    let warned = match f.errors.len() {
        0 => String::new(),
        n => format!(", with {n} warning(s) next to their fields"),
    };
    let note =
        format!("Read from {name}{warned}. Check the answers, then send the form: nothing is stored until you do.");
    Ok((f, note, StatusCode::OK))
}

/// A filled document (the observatory text format, or the JSON or CSV pmatlas exports),
/// read with the same reader as `pmatlas import` and shown back as the filled form, the
/// reader's warnings next to their fields. Nothing is stored until the form is sent.
pub(crate) async fn upload(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(code): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let session = user.as_ref().map(|u| &u.1);
    let new_region = code == "new";
    let view = s.view();
    let current = if new_region {
        None
    } else {
        let r = crate::extract::parse_code(&code)
            .and_then(|c| view.snapshot.get(&c))
            .ok_or(WebError::RegionNotFound(code.clone()))?;
        right(session, &r.profile.code)?;
        Some(r)
    };
    let (name, bytes) = match document(&mut multipart).await {
        Ok(d) => d,
        Err(res) => return Ok(res),
    };
    let (f, note, status) = match read_into_form(current.map(|r| &r.profile), &name, &bytes) {
        Ok(read) => read,
        Err(m) => return Ok((StatusCode::UNPROCESSABLE_ENTITY, m).into_response()),
    };
    let target = Target {
        heading: match current {
            Some(r) => format!("Update the profile of {}", r.profile.name),
            None => "Add your region to the observatory".into(),
        },
        action: if new_region { "/survey".into() } else { format!("/regions/{code}/update") },
        new_region,
    };
    Ok(form_page(&s.form_key, target, session, current.map_or(0, |r| r.version.number), note, f, status))
}
