//! The survey: a region updates its profile (`/regions/{code}/update`) or a new region
//! sends one (`/survey`). A curator's or trusted editor's change publishes at once; a region
//! editor's or a visitor's is a submission for review, with a private status link
//! (`/submissions/{token}`). A visitor's form is size- and rate-limited and carries a
//! honeypot field and a minimum fill time against spam. Fields the form does not show are
//! kept from the current version, never dropped.
//!
//! The form's model is [`form`], reading a post [`posted`]; each route's handlers are in the
//! module named by what it does.

pub mod drafts;
pub mod form;
pub mod initiatives;
pub mod new_region;
pub mod posted;
pub mod status;
pub mod steps;
pub mod update;

use crate::state::AppState;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/regions/{code}/upload", post(drafts::upload))
        .route("/regions/{code}/update", get(update::update_form).post(update::update))
        .route("/survey", get(new_region::survey_form).post(new_region::survey))
        .route("/submissions/{token}", get(status::status))
        .route("/drafts/{token}", get(drafts::resume))
}
