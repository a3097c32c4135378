//! `/regions/{code}/versions`: every version of a region with what changed, read from the database.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pmatlas_core::{NutsCode, Profile};

use crate::error::WebError;
use crate::shell::*;
use crate::state::AppState;

struct ChangeVm {
    path: String,
    kind: &'static str,
    before: String,
    after: String,
}

struct VersionVm {
    /// Why the version cannot be read, when it cannot.
    unreadable: String,
    /// The changes in the language of the profile page, by section.
    sections: Vec<super::changes::SectionChanges>,
    number: u32,
    /// The version the changes are counted from (the one current when this was written).
    based_on: u32,
    edition: String,
    incomplete: String,
    published: bool,
    /// Leftovers of reading, for curators: unrecognised lines, the page's image credit.
    leftovers: Vec<String>,
    created_at: String,
    author: String,
    /// How it came: "imported", "edited", "sent through the survey".
    source: &'static str,
    comment: String,
    source_ref: String,
    current: bool,
    changes: Vec<ChangeVm>,
    caption: String,
}

/// Two versions picked to compare, and what changed between them.
struct PairVm {
    from: u32,
    to: u32,
    caption: String,
    sections: Vec<super::changes::SectionChanges>,
    changes: Vec<ChangeVm>,
}

#[derive(Template)]
#[template(path = "versions.html")]
struct VersionsPage {
    title: String,
    code: String,
    name: String,
    /// Every version number, newest first, for the "compare two" form.
    numbers: Vec<u32>,
    pair: Option<PairVm>,
    /// The picked pair when it is not two readable versions of this region.
    pair_error: String,
    versions: Vec<VersionVm>,
}

fn show(v: &Option<serde_json::Value>) -> String {
    match v {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// What the versions handler read: nothing new for the client, or every version (a version
/// that does not read is listed with the reason, the others still show).
enum History {
    NotModified(String),
    Page { tag: String, current: Option<u32>, versions: Vec<VersionRead>, pair: Option<PairRead> },
}

/// The two versions picked and their differences, or why they cannot be compared.
type PairRead = (u32, u32, Result<Diffs, String>);

/// A version, and what it changed, its leftovers of reading and the notice of a cut copy.
type VersionRead = (pmatlas_store::VersionInfo, Result<(Diffs, Vec<String>, String), String>);

/// Differences between two versions: in words for the page, by field path for the
/// technical view.
#[derive(Default)]
struct Diffs {
    words: Vec<pmatlas_core::wording::Said>,
    paths: Vec<pmatlas_core::diff::Change>,
}

fn compare(a: &Profile, b: &Profile) -> Diffs {
    Diffs { words: pmatlas_core::wording::changes(a, b), paths: pmatlas_core::diff::diff(a, b) }
}

/// The versions page reads the database, not the snapshot: its ETag comes from what it reads
/// (every version's number, time and state, and the current one), so it changes whenever
/// the page does, an import by another process included.
fn versions_tag(
    nonce: u64,
    history: &[pmatlas_store::VersionInfo],
    current: Option<u32>,
    pair: Option<(u32, u32)>,
) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    nonce.hash(&mut h);
    current.hash(&mut h);
    pair.hash(&mut h);
    for v in history {
        (v.number, &v.created_at, v.published, &v.comment).hash(&mut h);
    }
    format!("W/\"v{:016x}\"", h.finish())
}

pub async fn versions(
    State(s): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Response, WebError> {
    // The history is read from the database: a region the site leaves out (its current
    // version does not read) still has its versions page, named by its code.
    let nuts = crate::extract::parse_code(&code).ok_or_else(|| WebError::RegionNotFound(code.clone()))?;
    let name = s.view().snapshot.get(&nuts).map_or_else(|| nuts.to_string(), |r| r.profile.name.to_string());
    let nonce = s.nonce;
    let if_none_match: Option<String> =
        headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    // Two versions picked to compare: ?from=1&to=3.
    let params = crate::query::pairs(&raw);
    let number = |key: &str| params.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<u32>().ok());
    let pair = number("from").zip(number("to"));
    let loaded = s.with_store(move |st| read_history(st, nuts, nonce, if_none_match.as_deref(), pair)).await?;
    let (tag, response) = match loaded {
        History::NotModified(tag) => (tag, StatusCode::NOT_MODIFIED.into_response()),
        History::Page { tag, current, versions, pair } => {
            let numbers: Vec<u32> = versions.iter().rev().map(|(v, _)| v.number).collect();
            let (pair, pair_error) = match pair {
                None => (None, String::new()),
                Some((from, to, Err(why))) => (None, format!("Versions {from} and {to} cannot be compared: {why}")),
                Some((from, to, Ok(diffs))) => (
                    Some(PairVm {
                        from,
                        to,
                        caption: format!("Changes from version {from} to version {to}"),
                        sections: super::changes::in_words(&diffs.words),
                        changes: diffs.paths.into_iter().map(change_vm).collect(),
                    }),
                    String::new(),
                ),
            };
            let versions = versions.into_iter().rev().map(|(v, read)| version_vm(v, read, current)).collect();
            let title = match &pair {
                Some(p) => format!("Versions {} and {} of {name} ({nuts})", p.from, p.to),
                None => format!("Versions of {name} ({nuts})"),
            };
            (tag, page(VersionsPage { title, code: nuts.to_string(), name, numbers, pair, pair_error, versions }))
        }
    };
    let mut r = response;
    if let Ok(v) = HeaderValue::from_str(&tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    Ok(r)
}

/// Every version of a region, each diffed with the version it was written over; nothing
/// but the tag when the client's copy is current.
fn read_history(
    st: &mut pmatlas_store::Store,
    nuts: NutsCode,
    nonce: u64,
    if_none_match: Option<&str>,
    pair: Option<(u32, u32)>,
) -> Result<History, pmatlas_store::StoreError> {
    let history = st.history(&nuts)?;
    let current = st.current_version(&nuts)?;
    let tag = versions_tag(nonce, &history, current, pair);
    if if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == tag)) {
        return Ok(History::NotModified(tag));
    }
    let mut out = Vec::new();
    let mut read: std::collections::HashMap<u32, Profile> = std::collections::HashMap::new();
    for v in history {
        let p = match st.version(&nuts, v.number) {
            Ok((_, p)) => p,
            Err(e) => {
                tracing::error!("versions page of {nuts}: {e}");
                out.push((v, Err(format!("This version cannot be read ({e}); the others are shown."))));
                continue;
            }
        };
        // Changes from the version that was current when this one was written.
        let changes = v.based_on.and_then(|b| read.get(&b)).map(|a| compare(a, &p)).unwrap_or_default();
        let cut = incomplete_notice(&p);
        let mut leftovers: Vec<String> = p.extras.iter().map(super::profile::extra).collect();
        leftovers.extend(p.image_attribution.as_ref().map(|a| format!("image credit: {a}")));
        read.insert(v.number, p);
        out.push((v, Ok((changes, leftovers, cut))));
    }
    let pair = pair.map(|(from, to)| {
        let diff = match (read.get(&from), read.get(&to)) {
            (Some(a), Some(b)) => Ok(compare(a, b)),
            _ => Err("this region has no such version, or it cannot be read".to_string()),
        };
        (from, to, diff)
    });
    Ok(History::Page { tag, current, versions: out, pair })
}

fn version_vm(
    v: pmatlas_store::VersionInfo,
    read: Result<(Diffs, Vec<String>, String), String>,
    current: Option<u32>,
) -> VersionVm {
    let (changes, leftovers, incomplete, unreadable) = match read {
        Ok((c, l, cut)) => (c, l, cut, String::new()),
        Err(why) => (Diffs::default(), Vec::new(), String::new(), why),
    };
    VersionVm {
        caption: format!("Changes from version {}", v.based_on.unwrap_or(0)),
        sections: super::changes::in_words(&changes.words),
        unreadable,
        number: v.number,
        based_on: v.based_on.unwrap_or(0),
        edition: v.edition.clone().unwrap_or_default(),
        incomplete,
        published: v.published,
        leftovers,
        current: Some(v.number) == current,
        created_at: v.created_at.replace('T', " ").trim_end_matches('Z').chars().take(19).collect(),
        author: v.author,
        source: match v.source {
            pmatlas_store::Source::Import => "imported",
            pmatlas_store::Source::Survey => "sent through the survey",
            pmatlas_store::Source::Edit => "edited",
        },
        comment: v.comment.unwrap_or_default(),
        source_ref: v.source_ref.map(|r| r.rsplit('/').next().unwrap_or("").to_string()).unwrap_or_default(),
        changes: changes.paths.into_iter().map(change_vm).collect(),
    }
}

fn change_vm(c: pmatlas_core::diff::Change) -> ChangeVm {
    ChangeVm {
        kind: match c.kind {
            pmatlas_core::diff::ChangeKind::Added => "added",
            pmatlas_core::diff::ChangeKind::Removed => "removed",
            pmatlas_core::diff::ChangeKind::Changed => "changed",
        },
        before: show(&c.before),
        after: show(&c.after),
        path: c.path,
    }
}

/// The document a version was read from, as it was given (for curators checking a reading).
pub async fn source(
    State(s): State<AppState>,
    axum::extract::Path((code, number)): axum::extract::Path<(String, u32)>,
) -> Result<Response, WebError> {
    let nuts = crate::extract::parse_code(&code).ok_or_else(|| WebError::RegionNotFound(code.clone()))?;
    let text = s.with_store(move |st| st.source_text(&nuts, number)).await?.ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// Any version as a full profile page, saying which it is.
pub async fn version_page(
    State(s): State<AppState>,
    axum::extract::Path((code, number)): axum::extract::Path<(String, u32)>,
) -> Result<Response, WebError> {
    let nuts = crate::extract::parse_code(&code).ok_or_else(|| WebError::RegionNotFound(code.clone()))?;
    let (version, profile) = s.with_store(move |st| st.version(&nuts, number)).await?;
    let current = s.view().snapshot.get(&nuts).map(|r| r.version.number);
    let region = pmatlas_store::Region { profile, version };
    let mut vm = super::profile::profile_page(&s, &region);
    let which = if current == Some(number) { "the current one" } else { "not the current one" };
    vm.banner = format!(
        "This is version {number} of the profile ({}), {which}.",
        crate::shell::dated(&region.profile, &region.version)
    );
    vm.title = format!("{} — version {number}", vm.title);
    // The downloads are of the current profile: not offered on an old version's page.
    vm.downloads.clear();
    Ok(page(vm))
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/regions/{code}/versions", axum::routing::get(versions))
        .route("/regions/{code}/versions/{number}", axum::routing::get(version_page))
        .route("/regions/{code}/versions/{number}/source", axum::routing::get(source))
}
