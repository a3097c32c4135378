//! A new region's profile (`/survey`): always a submission, which a curator reviews.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::drafts::*;
use super::form::*;
use super::posted::*;
use super::status::*;
use crate::auth::{field as get, MaybeUser};
use crate::error::WebError;
use crate::state::AppState;

pub async fn survey_form(State(s): State<AppState>, MaybeUser(user): MaybeUser) -> Response {
    let empty = blank(None);
    let mut f = form_of(&empty);
    (f.name, f.code) = (String::new(), String::new());
    f.stepped = true;
    form_page(
        &s.form_key,
        Target { heading: "Add your region to the observatory".into(), action: "/survey".into(), new_region: true },
        user.as_ref().map(|u| &u.1),
        0,
        "A curator checks every new profile before it is published; you get a link to follow it.".into(),
        f,
        StatusCode::OK,
    )
}

pub async fn survey(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    crate::auth::ClientIp(addr): crate::auth::ClientIp,
    body: Bytes,
) -> Result<Response, WebError> {
    let session = user.as_ref().map(|u| &u.1);
    let f = match read_post(&s, session, &addr, &body).await {
        Ok(f) => f,
        Err(res) => return Ok(res),
    };
    if get(&f, "action") == "draft" {
        return save_draft(&s, session, None, None, &f).await;
    }
    let _draft_token = Some(get(&f, "draft").to_string()).filter(|t| t.len() == 64);
    let view = s.view();
    // The code as typed, or the region a typed name names ("Thüringen").
    let typed = get(&f, "code").trim();
    let code = crate::extract::parse_code(typed).or_else(|| pmatlas_core::vocab::vocab().region_named(typed));
    let mut errors = Vec::new();
    match code {
        None => errors
            .push(("code".to_string(), format!("“{typed}” names no single region: choose one from the list as you type (a name, or a NUTS code such as DEG or ES51)."))),
        Some(c) if view.snapshot.get(&c).is_some() => errors
            .push(("code".to_string(), format!("{c} has a profile already: update it instead (/regions/{c}/update)."))),
        _ => {}
    }
    let base = blank(code);
    let result = profile_of(&base, &f);
    let stepping = matches!(get(&f, "action"), "next" | "back");
    let profile = match (result, errors.is_empty() && !stepping) {
        (Ok(p), true) => p,
        (r, _) => {
            let vm = match r {
                Ok(_) => form_from_post(&f),
                Err(vm) => *vm,
            };
            return Ok(again(&s, session, &f, vm, errors));
        }
    };
    submit(&s, session, Sent::of(profile, None, &f)).await
}

/// The survey shown again: at the next or the previous step (a step post), or at the first
/// step with an error (a send that did not read), with that step's messages.
fn again(
    s: &AppState,
    session: Option<&pmatlas_store::users::Session>,
    f: &[(String, String)],
    mut vm: FormVm,
    errors: Vec<(String, String)>,
) -> Response {
    vm.errors.extend(errors);
    let action = get(f, "action");
    let at = get(f, "step").parse::<usize>().unwrap_or(0);
    let all = std::mem::take(&mut vm.errors);
    let (step, shown) = if matches!(action, "next" | "back") {
        super::steps::navigate(action, at, all)
    } else {
        super::steps::first_error(all)
    };
    let status = if shown.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (vm.stepped, vm.step, vm.errors) = (true, step, shown);
    vm.started = get(f, "started").to_string();
    let t = Target { heading: "Add your region to the observatory".into(), action: "/survey".into(), new_region: true };
    let note = if vm.errors.is_empty() {
        "A curator checks every new profile before it is published; you get a link to follow it.".to_string()
    } else {
        "Some answers need a change: see the messages.".to_string()
    };
    form_page(&s.form_key, t, session, 0, note, vm, status)
}
