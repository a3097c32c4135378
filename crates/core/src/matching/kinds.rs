//! The kinds of network and infrastructure (`data/vocab/entity-kinds.csv`): the noun a reason
//! names one by, and what "one like it" is when a region gives a network as an example of
//! what it seeks.

use std::sync::LazyLock;

/// A kind of network or infrastructure: the noun a reason names one of them by, and the
/// other kinds whose networks are "similar" to one of it (a research network is no EU
/// programme: it does not answer "Horizon 2020 or similar").
struct Kind {
    kind: String,
    noun: String,
    similar: Vec<String>,
}

static KINDS: LazyLock<Vec<Kind>> = LazyLock::new(|| {
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/entity-kinds.csv"))
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.splitn(3, ',').map(str::trim).collect();
            assert_eq!(cols.len(), 3, "data/vocab/entity-kinds.csv: three columns in '{l}'");
            let similar = cols[2].split('|').filter(|k| !k.is_empty()).map(String::from).collect();
            Kind { kind: cols[0].into(), noun: cols[1].into(), similar }
        })
        .collect()
});

/// The noun for a kind of network or infrastructure ("EU programme").
pub fn noun(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|k| k.kind == kind).map(|k| k.noun.as_str())
}

/// The tag of "a network or infrastructure like one of `kind`": an ask giving one of that
/// kind and of no field as an example has it ("Horizon 2020 projects and similar"), and so
/// has every unit naming one of that kind or of a kind similar to it (weighed in full when it
/// names one of that kind).
pub fn like_tag(kind: &str) -> String {
    format!("{LIKE_PREFIX}{kind}")
}

/// The tags of one like an example of `kind` working in `fields` ("networks such as the S3P
/// on personalised medicine"): one of its kind, whatever its field, answers a part; one of
/// its kind or a similar kind in one of its fields, another part. A network of a similar kind
/// and another field (a council of bioregions, for that partnership) is not like it.
pub fn like_tags_in<'a>(kind: &'a str, fields: &'a [String]) -> impl Iterator<Item = String> + 'a {
    let exact = (!fields.is_empty()).then(|| same_kind_tag(kind));
    let any = fields.is_empty().then(|| like_tag(kind));
    exact.into_iter().chain(any).chain(fields.iter().map(move |f| in_field_tag(kind, f)))
}

/// The tag of one of that very kind, whatever its field.
fn same_kind_tag(kind: &str) -> String {
    format!("{LIKE_PREFIX}{kind}{SAME_KIND}")
}

/// The tag of one of `kind` or a kind similar to it, working in `field`.
fn in_field_tag(kind: &str, field: &str) -> String {
    format!("{LIKE_PREFIX}{kind}{IN_FIELD}{field}")
}

/// How a "like" tag begins.
pub const LIKE_PREFIX: &str = "#l:";
/// What follows the kind in the tag of one of that very kind.
const SAME_KIND: char = '=';
/// What follows the kind in the tag of one like it in a field.
const IN_FIELD: char = '~';

/// The "like" tags a network of `kind` working in `fields` answers: those of its own kind,
/// and those of the kinds it is similar to, in each of its fields.
pub(super) fn like_tags_of<'a>(kind: &'a str, fields: &'a [String]) -> impl Iterator<Item = String> + 'a {
    let kinds = KINDS.iter().filter(move |k| k.kind == kind || k.similar.iter().any(|s| s == kind));
    kinds.flat_map(move |k| {
        let exact = (k.kind == kind).then(|| same_kind_tag(&k.kind));
        let fielded = fields.iter().map(move |f| in_field_tag(&k.kind, f));
        std::iter::once(like_tag(&k.kind)).chain(exact).chain(fielded)
    })
}

/// The kind of a "like" tag.
pub fn like_kind(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix(LIKE_PREFIX)?;
    rest.split([SAME_KIND, IN_FIELD]).next()
}

/// Whether a "like" tag says the very kind or the field as well: a unit having it counts
/// with its grade in full, not halved as one of a similar kind only.
pub fn like_in_full(tag: &str) -> bool {
    tag.strip_prefix(LIKE_PREFIX).is_some_and(|r| r.contains([SAME_KIND, IN_FIELD]))
}
