//! Query strings in one place: reading a page's parameters (decoded, each once, only the
//! meaningful ones), the search they ask for, and building the hrefs of a page's own links.
//! (The query string itself is bounded before any handler runs: `layers::query_too_big`.)

use pmatlas_core::search::{Index, Query, Sort};

/// The longest search text worked on (characters).
pub const MAX_SEARCH_TEXT: usize = 200;

/// `key=value` pairs of a query string, in order, decoded, each pair once.
pub fn pairs(raw: &Option<String>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        raw.as_deref().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    // Old shared links named the policy-objective facet "objective".
    for (k, _) in v.iter_mut() {
        if k == "objective" {
            *k = pmatlas_core::attr::POLICY_OBJECTIVES.id.to_string();
        }
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|p| seen.insert(p.clone()));
    v
}

/// The query string of `pairs` (no leading `?`).
pub fn encode(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// `path?query` for `pairs` (just `path` when there are none).
pub fn href(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", encode(pairs))
    }
}

/// `pairs` without every pair whose key is in `keys`.
pub fn without_keys(pairs: &[(String, String)], keys: &[&str]) -> Vec<(String, String)> {
    pairs.iter().filter(|(k, _)| !keys.contains(&k.as_str())).cloned().collect()
}

/// `pairs` without one pair.
pub fn without_pair(pairs: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    pairs.iter().filter(|(k, v)| !(k == key && v == value)).cloned().collect()
}

/// Pages of results: which page is shown, of how many, and the hrefs to the others.
pub struct Pagination {
    pub page: usize,
    pub pages: usize,
    /// The position of the page's first result.
    pub first: usize,
}

impl Pagination {
    /// Page `page` (1-based, clamped) of `total` results in pages of `size`.
    pub fn new(params: &[(String, String)], total: usize, size: usize) -> Pagination {
        let pages = total.div_ceil(size).max(1);
        let page = params
            .iter()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        Pagination { page, pages, first: (page - 1) * size }
    }

    /// The href of page `n` of the same selection.
    pub fn href(&self, path: &str, params: &[(String, String)], n: usize) -> String {
        let mut p = without_keys(params, &["page"]);
        if n > 1 {
            p.push(("page".into(), n.to_string()));
        }
        href(path, &p)
    }

    pub fn prev(&self, path: &str, params: &[(String, String)]) -> String {
        if self.page > 1 {
            self.href(path, params, self.page - 1)
        } else {
            String::new()
        }
    }

    pub fn next(&self, path: &str, params: &[(String, String)]) -> String {
        if self.page < self.pages {
            self.href(path, params, self.page + 1)
        } else {
            String::new()
        }
    }
}

/// The search a query string asks for. Only known facet values are kept: a value no region
/// has selects nothing a link could remove, and would only make the page longer.
pub fn query_of(index: &Index, params: &[(String, String)]) -> Query {
    let mut q = Query::default();
    for (k, v) in params {
        match k.as_str() {
            "q" => q.text = v.chars().take(MAX_SEARCH_TEXT).collect(),
            "sort" => q.sort = Sort::parse(v).unwrap_or_default(),
            "all" if multi_facet(index, v) => {
                q.match_all.insert(v.clone());
            }
            _ if known_value(index, k, v) => q.filters.entry(k.clone()).or_default().push(v.clone()),
            _ => {}
        }
    }
    // Words searched: best match first, unless another order is asked for.
    if !q.text.is_empty() && !params.iter().any(|(k, _)| k == "sort") {
        q.sort = Sort::Relevance;
    }
    q
}

/// Whether `key` is a facet whose regions can have several values ("all" can apply).
pub fn multi_facet(index: &Index, key: &str) -> bool {
    index.facet(key).is_some_and(|(_, f)| f.multi)
}

pub fn known_value(index: &Index, key: &str, value: &str) -> bool {
    index.facet(key).is_some_and(|(_, f)| f.values.iter().any(|x| x.id == value))
}

/// The parameters of a page's own links: those of `params` that mean something (the
/// search text, sort, page, and known facet values), each once.
pub fn meaningful(index: &Index, params: Vec<(String, String)>) -> Vec<(String, String)> {
    params
        .into_iter()
        .filter(|(k, v)| {
            matches!(k.as_str(), "q" | "sort" | "page" | "attr" | "zoom")
                || (k == "all" && multi_facet(index, v))
                || known_value(index, k, v)
        })
        .map(|(k, v)| if k == "q" { (k, v.chars().take(MAX_SEARCH_TEXT).collect()) } else { (k, v) })
        .collect()
}

/// The topic a matches page or a topic's regions are narrowed to (`topic=`).
pub fn topic_param(raw: &Option<String>) -> Option<pmatlas_core::vocab::TopicId> {
    pairs(raw).into_iter().find(|(k, _)| k == "topic").and_then(|(_, v)| pmatlas_core::vocab::TopicId::from_id(&v))
}

/// How many partners a matches page, or its API, suggests.
pub const MATCHES: usize = 20;
