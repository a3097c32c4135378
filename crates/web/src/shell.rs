//! The page shell and what every page formats the same way: rendering a template, dates,
//! numbers, labels. Knows no request: it sits below the state, the context and the pages.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use pmatlas_core::{Profile, Text};

tokio::task_local! {
    /// How many profiles of the read view the request is served from are synthetic demo
    /// data (set for every page request by the pages' layer).
    pub static SYNTHETIC: usize;
    /// The path and query of a GET for everyone (no account), as the client wrote them (set
    /// by the pages' layer): a page drawn for it is kept under it too, for the fast path.
    pub static ADDRESS: Option<String>;
}

/// Renders a template; a template that fails is a 500 with its cause logged. On a site that
/// holds synthetic demo profiles, a page that does not say so itself gets a note at the top
/// of its content saying how many there are.
pub fn page(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(demo_noted(html)).into_response(),
        Err(e) => crate::error::WebError::Internal(format!("template: {e}")).into_response(),
    }
}

/// Rendered pages by their path and query, at most [`Drawn::MAX`] of them and
/// [`Drawn::MAX_BYTES`] in all (then it starts over: a crawler walking every filter never
/// makes it grow without bound); and the same pages by the address a client asked them
/// at ([`ADDRESS`]), which the fast path answers before the router, within the same bounds.
#[derive(Default)]
pub struct Drawn {
    pages: std::sync::Mutex<(std::collections::HashMap<String, axum::body::Bytes>, usize)>,
    addresses: std::sync::Mutex<(std::collections::HashMap<String, std::sync::Arc<Stored>>, usize)>,
}

/// A page as the fast path answers it: the bytes, what they are, and their gzip encoding
/// once a client has asked for it.
pub struct Stored {
    pub body: axum::body::Bytes,
    pub kind: Kind,
    pub gzip: std::sync::OnceLock<axum::body::Bytes>,
}

/// What a stored answer is: a page, or the API's JSON (answered with the API's headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Html,
    Json,
}

impl Drawn {
    pub const MAX: usize = 512;
    pub const MAX_BYTES: usize = 32 << 20;

    pub fn get(&self, key: &str) -> Option<axum::body::Bytes> {
        self.pages.lock().ok()?.0.get(key).cloned()
    }

    pub fn put(&self, key: String, page: axum::body::Bytes) {
        if let Ok(mut m) = self.pages.lock() {
            let (pages, bytes) = &mut *m;
            if pages.len() >= Self::MAX || *bytes + page.len() > Self::MAX_BYTES {
                pages.clear();
                *bytes = 0;
            }
            *bytes += page.len();
            if let Some(old) = pages.insert(key, page) {
                *bytes -= old.len();
            }
        }
    }

    /// The page stored for a client's address, if one was drawn at it in this view.
    pub fn at(&self, address: &str) -> Option<std::sync::Arc<Stored>> {
        self.addresses.lock().ok()?.0.get(address).cloned()
    }

    /// Keeps `page` under the request's [`ADDRESS`], if it has one.
    pub fn remember(&self, page: &axum::body::Bytes, kind: Kind) {
        let Ok(Some(address)) = ADDRESS.try_with(Clone::clone) else { return };
        let Ok(mut m) = self.addresses.lock() else { return };
        let (stored, bytes) = &mut *m;
        if stored.contains_key(&address) {
            return;
        }
        if stored.len() >= Self::MAX || *bytes + page.len() > Self::MAX_BYTES {
            stored.clear();
            *bytes = 0;
        }
        *bytes += page.len();
        stored.insert(address, std::sync::Arc::new(Stored { body: page.clone(), kind, gzip: Default::default() }));
    }
}

/// A page drawn once a view for its query (`View::drawn`): the stored one, or `make`'s,
/// stored. The page is the same for everyone (an account's header is put in later).
pub fn drawn<T: Template>(memo: &Drawn, key: String, make: impl FnOnce() -> T) -> Response {
    if let Some(html) = memo.get(&key) {
        memo.remember(&html, Kind::Html);
        return ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    }
    match make().render() {
        Ok(html) => {
            let bytes = axum::body::Bytes::from(demo_noted(html));
            memo.put(key, bytes.clone());
            memo.remember(&bytes, Kind::Html);
            ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response()
        }
        Err(e) => crate::error::WebError::Internal(format!("template: {e}")).into_response(),
    }
}

/// The page with the demo note in its placeholder (`<!--demo-->` in `base.html`), unless it
/// has a demo note of its own or the site holds no demo data.
fn demo_noted(html: String) -> String {
    let n = SYNTHETIC.try_with(|n| *n).unwrap_or(0);
    if !html.contains(DEMO_PLACEHOLDER) {
        return html;
    }
    if n == 0 || html.contains("class=\"notice demo-note\"") {
        return html.replacen(DEMO_PLACEHOLDER, "", 1);
    }
    let note = format!(
        "<p class=\"notice demo-note\" role=\"note\"><strong>This site holds {} synthetic demo profile{}</strong>, generated to show how the site works: each is marked “synthetic demo data”, and none says anything true about its region.</p>",
        fmt_int(n as u64),
        if n == 1 { "" } else { "s" }
    );
    html.replacen(DEMO_PLACEHOLDER, &note, 1)
}

const DEMO_PLACEHOLDER: &str = "<!--demo-->";

/// The date of a profile's data as a reader needs it: its edition ("2021 edition"). When
/// it reached the observatory says nothing of how old the data is: that is in the history.
pub fn dated(p: &Profile, v: &pmatlas_store::VersionInfo) -> String {
    if is_synthetic(v) {
        return "synthetic demo data".to_string();
    }
    match p.origin.edition {
        Some(e) => e.to_string(),
        None => "edition not stated".to_string(),
    }
}

/// Whether a version is of the synthetic demo set (`pmatlas demo`).
pub fn is_synthetic(v: &pmatlas_store::VersionInfo) -> bool {
    v.author == pmatlas_core::synth::DEMO_AUTHOR
}

/// "2026-11-25T10:00:00Z" → "25 Nov 2026".
pub fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let part = |a: usize, b: usize| iso.get(a..b).and_then(|x| x.parse::<usize>().ok());
    match (part(0, 4), part(5, 7), part(8, 10)) {
        (Some(y), Some(m @ 1..=12), Some(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

pub fn fmt_int(v: u64) -> String {
    pmatlas_core::format::values::render_integer(v)
}

pub fn fmt_dec(v: f64) -> String {
    pmatlas_core::shown::decimal(v)
}

/// A clause said as a sentence of its own ("no other region …" → "No other region ….").
pub fn sentence(clause: &str) -> String {
    let mut c = clause.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>() + ".").unwrap_or_default()
}

/// "Country", "NUTS 2" …
pub fn level_label(p: &Profile) -> String {
    match p.code.level() {
        0 => "Country".into(),
        l => format!("NUTS {l}"),
    }
}

pub fn texts(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.to_string()).collect()
}

/// The texts of a list's items (funding programmes, EU platforms), as written.
pub fn item_texts(v: &[pmatlas_core::ListItem]) -> Vec<String> {
    v.iter().map(|i| i.text.to_string()).collect()
}

pub fn flag(f: &Option<pmatlas_core::Flag>) -> String {
    f.as_ref().map(pmatlas_core::shown::flag).unwrap_or_default()
}

/// What a reader is told of a profile read from a copy of its page that stops part-way;
/// empty for a whole copy.
pub fn incomplete_notice(p: &Profile) -> String {
    let Some(c) = p.origin.incomplete.as_ref() else {
        return String::new();
    };
    let parts: Vec<&str> = c.partial.iter().map(|f| pmatlas_core::publish::label(f)).collect();
    let edition = p.origin.edition.map_or("copy of the".to_string(), |e| e.to_string());
    let stops = if parts.is_empty() { "part-way".to_string() } else { format!("in {}", parts.join(" and ")) };
    format!(
        "{}’s {edition} page was only partly available: it stops {stops}, after “{}”, so what came later on the page is missing.",
        p.name, c.after
    )
}

/// Where the header names the signed-in account (`base.html`).
pub const ACCOUNT_PLACEHOLDER: &str = "<!--account-->";
/// The footer's login link, between these marks (`base.html`).
pub const LOGIN_MARKS: (&str, &str) = ("<!--login-->", "<!--/login-->");

/// A page as a signed-in account sees it: the account and "Log out" in the header, no login
/// link in the footer. The page itself is the same for everyone (and cached so); only this
/// is personal.
pub fn signed_in(html: &str, name: &str, role: &str, csrf: &str) -> String {
    let name = crate::svg::esc(name);
    let nav = format!(
        "<li class=\"account\"><a href=\"/account\">{name} <span class=\"role\">({role})</span></a></li><li><form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><button type=\"submit\">Log out</button></form></li>",
        crate::svg::esc(csrf)
    );
    let mut out = html.replacen(ACCOUNT_PLACEHOLDER, &nav, 1);
    if let (Some(a), Some(b)) = (out.find(LOGIN_MARKS.0), out.find(LOGIN_MARKS.1)) {
        if a < b {
            out.replace_range(a..b + LOGIN_MARKS.1.len(), &format!("Signed in as <a href=\"/account\">{name}</a>"));
        }
    }
    out
}

/// A region's name as HTML, each part in another language than English marked with its
/// `lang` ("<span lang=\"nl\">Vlaams Gewest</span> / Flanders Region"), escaped.
pub fn name_html(code: &str, name: &str) -> String {
    let Ok(code) = pmatlas_core::NutsCode::parse(code) else {
        return crate::svg::esc(name);
    };
    let parts: Vec<String> = pmatlas_core::lang::name_parts(&code, name)
        .into_iter()
        .map(|(part, lang)| match lang {
            Some(l) => format!("<span lang=\"{l}\">{}</span>", crate::svg::esc(part)),
            None => crate::svg::esc(part),
        })
        .collect();
    parts.join(" / ")
}
