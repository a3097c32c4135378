//! `/account/password`: a signed-in account changes its own password (the current one asked
//! for); its other sessions end.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::auth::{bad_token, csrf_ok, field, form, ClientIp, MaybeUser};
use crate::shell::page;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    title: String,
    name: String,
    csrf: String,
    message: String,
    done: bool,
}

fn answer(name: &str, csrf: &str, message: String, done: bool, status: StatusCode) -> Response {
    let title = "Change your password".to_string();
    let mut res = page(PasswordPage { title, name: name.into(), csrf: csrf.into(), message, done });
    *res.status_mut() = status;
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

async fn password_form(MaybeUser(user): MaybeUser) -> Response {
    let Some((_, s)) = user else { return Redirect::to("/login").into_response() };
    answer(&s.user.name, &s.csrf, String::new(), false, StatusCode::OK)
}

async fn change(
    State(st): State<AppState>,
    MaybeUser(user): MaybeUser,
    ClientIp(addr): ClientIp,
    body: Bytes,
) -> Response {
    let Some((token, s)) = user else { return Redirect::to("/login").into_response() };
    let f = form(&body);
    if !csrf_ok(&s, &f) {
        return bad_token();
    }
    let (current, new) = (field(&f, "current").to_string(), field(&f, "new").to_string());
    if new != field(&f, "again") {
        let why = "The two new passwords differ: type the same one twice.".to_string();
        return answer(&s.user.name, &s.csrf, why, false, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match st.with_store(move |store| store.change_password(&token, &current, &new, &addr)).await {
        Ok(()) => answer(&s.user.name, &s.csrf, String::new(), true, StatusCode::OK),
        Err(crate::error::WebError::Refused(why)) => {
            answer(&s.user.name, &s.csrf, crate::shell::sentence(&why), false, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => e.into_response(),
    }
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/account/password", get(password_form).post(change))
}
