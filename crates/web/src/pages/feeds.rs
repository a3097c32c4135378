//! Atom feeds (RFC 4287) of published changes: every region's (`/feed.xml`), one region's
//! (`/regions/{code}/feed.xml`) and a topic's (`/topics/{topic}/feed.xml`: the regions that
//! seek partners in it or work on it). Each entry says what changed, in words.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::state::AppState;
use pmatlas_core::NutsCode;

/// Entries a feed holds at most.
const ENTRIES: usize = 50;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The site's address for absolute links (feeds, the catalogue): the public URL it was
/// given (`serve --public-url`), else the address it listens on; never the client's Host
/// header, which anyone can write.
pub(crate) fn base_url(s: &AppState) -> &str {
    &s.public_url
}

async fn feed(
    s: AppState,
    title: String,
    self_path: String,
    alternate: String,
    codes: Option<Vec<NutsCode>>,
) -> Result<Response, WebError> {
    let view = s.view();
    // A name looked up per entry, not a table of every region's per request.
    let name_of = |code: &str| {
        NutsCode::parse(code)
            .ok()
            .and_then(|c| view.snapshot.index_of(&c))
            .map_or_else(|| code.to_string(), |i| view.snapshot.regions()[i].profile.name.to_string())
    };
    let entries = s.with_store(move |st| st.recent(ENTRIES, codes.as_deref())).await?;
    let base = base_url(&s).to_string();
    let updated = entries.first().map(|(v, _)| v.created_at.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<id>{base}{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<author><name>pmatlas observatory</name></author>\n<link rel=\"self\" href=\"{base}{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}{}\"/>\n",
        xml(&self_path),
        xml(&title),
        xml(&updated),
        xml(&self_path),
        xml(&alternate)
    ));
    for (v, changes) in entries {
        let name = name_of(&v.code);
        let what = if changes.is_empty() && v.based_on.is_none() {
            format!("First version of the profile of {name}.")
        } else if changes.is_empty() {
            "No field changed.".to_string()
        } else {
            super::changes::as_lines(&changes).join("\n")
        };
        let link = format!("{base}/regions/{}/versions/{}", v.code, v.number);
        let by = v.comment.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        out.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}: version {}</title>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<summary type=\"text\">{}</summary>\n</entry>\n",
            xml(&link),
            xml(&name),
            v.number,
            xml(&v.created_at),
            xml(&v.author),
            xml(&link),
            xml(&format!("{what}{by}"))
        ));
    }
    out.push_str("</feed>\n");
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}

async fn all(State(s): State<AppState>) -> Result<Response, WebError> {
    feed(s, "pmatlas: changes to the profiles".into(), "/feed.xml".into(), "/".into(), None).await
}

async fn region(State(s): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let view = s.view();
    let r = crate::extract::parse_code(&code)
        .and_then(|c| view.snapshot.get(&c))
        .ok_or_else(|| WebError::RegionNotFound(code.clone()))?;
    let (code, name) = (r.profile.code, r.profile.name.to_string());
    feed(
        s.clone(),
        format!("pmatlas: changes to {name}"),
        format!("/regions/{code}/feed.xml"),
        format!("/regions/{code}"),
        Some(vec![code]),
    )
    .await
}

async fn topic(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, WebError> {
    let view = s.view();
    let t = pmatlas_core::vocab::TopicId::from_id(&id).ok_or_else(|| WebError::TopicNotFound(id.clone()))?;
    // The regions that seek partners in the topic or show evidence of working on it.
    // (A mark per position, not a search of the list: linear at any number of regions.)
    let regions = view.snapshot.regions();
    let mut listed = vec![false; regions.len()];
    view.working_on(t).iter().for_each(|&i| listed[i] = true);
    for (i, r) in regions.iter().enumerate() {
        listed[i] |= r.profile.collaboration.as_ref().is_some_and(|c| c.topics.iter().any(|x| x.topic == t));
    }
    let codes: Vec<NutsCode> = (0..regions.len()).filter(|&i| listed[i]).map(|i| regions[i].profile.code).collect();
    feed(
        s.clone(),
        format!("pmatlas: changes to the regions working on {}", t.label().to_lowercase()),
        format!("/topics/{}/feed.xml", t.id()),
        format!("/topics/{}", t.id()),
        Some(codes),
    )
    .await
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/feed.xml", get(all))
        .route("/regions/{code}/feed.xml", get(region))
        .route("/topics/{topic}/feed.xml", get(topic))
}
