//! `/`: what the observatory is, what it holds, where its data comes from, how to cite it
//! and how to load real documents.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::shell::*;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    regions: usize,
    countries: usize,
    seeking: usize,
    /// Profiles of the synthetic demo set among them.
    synthetic: usize,
    editions: String,
    /// The date of the newest version ("25 Nov 2026"), or "" with none.
    as_of: String,
    /// A region with matches to show, for the "find partners" link.
    example: Option<(String, String)>,
    /// The view, whose latest changes the page lists.
    view: std::sync::Arc<crate::state::View>,
}

impl HomePage {
    fn latest(&self) -> &[crate::state::Recent] {
        self.view.recent.get().map_or(&[], |v| v.as_slice())
    }
}

/// Versions shown under "What changed last", and lines of each.
const RECENT: usize = 3;
const RECENT_LINES: usize = 3;

/// The latest published versions in words, read once a view.
async fn recent(s: &AppState, view: &crate::state::View) {
    if view.recent.get().is_some() {
        return;
    }
    let names: std::collections::HashMap<String, String> =
        view.snapshot.regions().iter().map(|r| (r.profile.code.to_string(), r.profile.name.to_string())).collect();
    let read = s.with_store(|st| st.recent(RECENT, None)).await;
    let list = match read {
        Ok(list) => list,
        Err(e) => {
            tracing::warn!("home page, latest changes: {e:?}");
            return;
        }
    };
    let out = list
        .into_iter()
        .map(|(v, changes)| {
            let mut lines = super::changes::as_lines(&changes);
            if v.based_on.is_none() {
                lines.push("First version of the profile.".into());
            } else if lines.is_empty() {
                lines.push("No field changed.".into());
            }
            let more = lines.len().saturating_sub(RECENT_LINES);
            lines.truncate(RECENT_LINES);
            crate::state::Recent {
                name: names.get(&v.code).cloned().unwrap_or_else(|| v.code.clone()),
                code: v.code,
                number: v.number,
                date: human_date(&v.created_at),
                lines,
                more,
            }
        })
        .collect();
    let _ = view.recent.set(out);
}

pub async fn home(State(s): State<AppState>) -> Response {
    let view = s.view();
    recent(&s, &view).await;
    let regions = view.snapshot.regions();
    let countries: std::collections::HashSet<&str> = regions.iter().map(|r| r.profile.code.country()).collect();
    let seeking = regions.iter().filter(|r| r.profile.collaboration.as_ref().is_some_and(|c| c.is_seeking())).count();
    let synthetic = regions.iter().filter(|r| is_synthetic(&r.version)).count();
    let mut years: Vec<u16> = regions.iter().filter_map(|r| r.profile.origin.edition.map(|e| e.year)).collect();
    years.sort_unstable();
    years.dedup();
    let editions = match years.as_slice() {
        [] => String::new(),
        [y] => format!("the {y} edition"),
        [a @ .., b] => {
            format!("the {} and {b} editions", a.iter().map(u16::to_string).collect::<Vec<_>>().join(", "))
        }
    };
    let as_of = regions.iter().map(|r| r.version.created_at.as_str()).max().map(human_date).unwrap_or_default();
    // The first region seeking collaboration (the demo profile on a fresh site).
    let example = regions
        .iter()
        .find(|r| r.profile.code.as_str() == "DEG")
        .or_else(|| regions.iter().find(|r| r.profile.collaboration.as_ref().is_some_and(|c| c.is_seeking())))
        .map(|r| (r.profile.code.to_string(), r.profile.name.to_string()));
    page(HomePage {
        title: "Personalised medicine in Europe's regions".into(),
        regions: regions.len(),
        countries: countries.len(),
        seeking,
        synthetic,
        editions,
        as_of,
        example,
        view: view.clone(),
    })
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/", axum::routing::get(home))
}
