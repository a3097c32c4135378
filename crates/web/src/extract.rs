//! Extractors shared by the handlers.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use pmatlas_core::NutsCode;
use pmatlas_store::Region;

use crate::error::WebError;
use crate::state::{AppState, View};

/// The region a `{code}` path segment names, in any case (`/regions/deg`), looked up in the
/// read view the request is served from.
pub struct RegionAt {
    pub view: Arc<View>,
    pub index: usize,
}

impl RegionAt {
    pub fn region(&self) -> &Region {
        &self.view.snapshot.regions()[self.index]
    }

    pub fn code(&self) -> NutsCode {
        self.region().profile.code
    }
}

/// A code as an address may write it: any case.
pub fn parse_code(code: &str) -> Option<NutsCode> {
    NutsCode::parse(&code.to_ascii_uppercase()).ok()
}

impl FromRequestParts<AppState> for RegionAt {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let Path(code) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| WebError::NotFound)?;
        let view = state.view();
        let index = parse_code(&code).and_then(|c| view.snapshot.index_of(&c)).ok_or(WebError::RegionNotFound(code))?;
        Ok(RegionAt { view, index })
    }
}
