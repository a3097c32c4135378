//! What an endpoint is (its path, parameters, response schema and handler), the limits
//! every endpoint's parameters share, and the JSON responses.

use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{json, Value};

use crate::api::problem::Problem;
use crate::state::{AppState, View};

/// A query or path parameter of an endpoint, as the OpenAPI document describes it.
pub struct Param {
    pub name: String,
    pub path: bool,
    pub required: bool,
    pub description: String,
    /// JSON Schema of one value.
    pub schema: Value,
    /// May be given several times (`country=DE&country=FR`).
    pub repeated: bool,
}

impl Param {
    pub(crate) fn query(name: &str, description: &str, schema: Value) -> Param {
        Param {
            name: name.into(),
            path: false,
            required: false,
            description: description.into(),
            schema,
            repeated: false,
        }
    }
    pub(crate) fn path(name: &str, description: &str, schema: Value) -> Param {
        Param {
            name: name.into(),
            path: true,
            required: true,
            description: description.into(),
            schema,
            repeated: false,
        }
    }
    pub(crate) fn required(mut self) -> Param {
        self.required = true;
        self
    }
    pub(crate) fn repeated(mut self) -> Param {
        self.repeated = true;
        self
    }
}

/// One endpoint: where it is, what it takes and gives, and its handler.
pub struct Endpoint {
    /// The path as axum and OpenAPI both write it (`/api/v1/regions/{code}`).
    pub path: &'static str,
    pub id: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub params: Vec<Param>,
    /// The schema of a 200 response, from the type the handler serialises.
    pub response: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// A request to show in the documentation.
    pub example: &'static str,
    pub handler: fn() -> MethodRouter<AppState>,
}

pub(crate) fn schema_of<T: JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

/// Results per page of a list, by default and at most.
pub const PER_PAGE: usize = 25;
pub const MAX_PER_PAGE: usize = 100;
/// The most values one parameter may have (`country=DE&country=FR`…).
pub const MAX_ITEMS: usize = 10;
/// The longest value of any query parameter (the search text is cut at 200 characters).
pub(crate) const MAX_VALUE: usize = 200;

/// The last page a list may be asked for.
const MAX_PAGE: usize = 1_000_000;

/// Which page of a list, and how long its pages are: every list that grows with the regions
/// is given a page at a time (the whole of it is in the downloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Paging {
    pub page: usize,
    pub per_page: usize,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging { page: 1, per_page: PER_PAGE }
    }
}

impl Paging {
    /// The parameters, as the OpenAPI document gives them.
    pub(crate) fn params() -> [Param; 2] {
        [
            Param::query("page", "The page (from 1).", json!({"type": "integer", "minimum": 1, "maximum": MAX_PAGE})),
            Param::query(
                "per_page",
                "Results per page.",
                json!({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
            ),
        ]
    }

    /// Takes `k=v` when it is `page` or `per_page` (`Ok(false)`: another parameter).
    pub(crate) fn take(&mut self, k: &str, v: &str) -> Result<bool, Problem> {
        let number = |max: usize| v.parse::<usize>().ok().filter(|n| (1..=max).contains(n));
        match k {
            "page" => self.page = number(MAX_PAGE).ok_or_else(|| Problem::bad_param("page", "an integer from 1"))?,
            "per_page" => {
                self.per_page = number(MAX_PER_PAGE)
                    .ok_or_else(|| Problem::bad_param("per_page", format!("an integer from 1 to {MAX_PER_PAGE}")))?
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// How many pages `total` items make (one at least, empty or not).
    pub(crate) fn pages(self, total: usize) -> usize {
        total.div_ceil(self.per_page).max(1)
    }

    /// The items of this page.
    pub(crate) fn of<T>(self, items: impl IntoIterator<Item = T>) -> impl Iterator<Item = T> {
        items.into_iter().skip((self.page - 1).saturating_mul(self.per_page)).take(self.per_page)
    }

    /// What a list of `total` items at `path?raw` says of its pages, with the addresses of
    /// the next and previous ones where there are such.
    pub(crate) fn of_list(self, path: &str, raw: &Option<String>, total: usize) -> Pages {
        let pages = self.pages(total);
        let link = |n: usize| -> String {
            let mut pairs = crate::query::without_keys(&crate::query::pairs(raw), &["page"]);
            pairs.push(("page".into(), n.to_string()));
            crate::query::href(path, &pairs)
        };
        Pages {
            total,
            page: self.page,
            per_page: self.per_page,
            pages,
            next: (self.page < pages).then(|| link(self.page + 1)),
            prev: (self.page > 1).then(|| link((self.page - 1).min(pages))),
        }
    }
}

/// Where a page stands in its list (in every paged answer, beside its items).
#[derive(Serialize, JsonSchema)]
pub struct Pages {
    /// Items in the whole list.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    /// The address of the next page, if there is one.
    pub next: Option<String>,
    pub prev: Option<String>,
}

pub(crate) fn json_response(v: &impl Serialize) -> Response {
    match serde_json::to_string(v) {
        Ok(s) => ([(axum::http::header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(_) => Problem::internal().into_response(),
    }
}

/// A JSON answer drawn once a read view for its key (the path and query): the stored bytes,
/// or `make`'s, stored, and kept at the address it was asked at for the fast path (see
/// [`crate::shell::Drawn`]).
pub(crate) fn drawn_json<T: Serialize>(view: &View, key: String, make: impl FnOnce() -> T) -> Response {
    let bytes = match view.drawn.get(&key) {
        Some(b) => b,
        None => match serde_json::to_vec(&make()) {
            Ok(v) => {
                let b = axum::body::Bytes::from(v);
                view.drawn.put(key, b.clone());
                b
            }
            Err(_) => return Problem::internal().into_response(),
        },
    };
    view.drawn.remember(&bytes, crate::shell::Kind::Json);
    ([(axum::http::header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// The region of a `{code}` in the path, or a 404 problem.
pub(crate) fn region_at(view: &View, code: &str) -> Result<usize, Problem> {
    crate::extract::parse_code(code)
        .and_then(|c| view.snapshot.index_of(&c))
        .ok_or_else(|| Problem::not_found(format!("no region {code}")))
}

/// The region of a `{code}` in the path and the query's parameters, decoded.
pub(crate) fn region_and_params(
    view: &View,
    code: &str,
    raw: &Option<String>,
) -> Result<(usize, Vec<(String, String)>), Problem> {
    let i = region_at(view, code)?;
    Ok((i, raw.as_deref().and_then(|r| serde_urlencoded::from_str(r).ok()).unwrap_or_default()))
}
