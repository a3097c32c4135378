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
/// kind as an example has it, and so has every unit naming one of that kind or of a kind
/// similar to it (weighed in full when it names one of that kind).
pub fn like_tag(kind: &str) -> String {
    format!("{LIKE_PREFIX}{kind}")
}

/// How a "like" tag begins.
pub const LIKE_PREFIX: &str = "#l:";

/// The "like" tags a network of `kind` answers: its own kind's, and those of the kinds it is
/// similar to.
pub(super) fn like_tags_of(kind: &str) -> impl Iterator<Item = String> + '_ {
    KINDS.iter().filter(move |k| k.kind == kind || k.similar.iter().any(|s| s == kind)).map(|k| like_tag(&k.kind))
}

/// The kind of a "like" tag.
pub fn like_kind(tag: &str) -> Option<&str> {
    tag.strip_prefix(LIKE_PREFIX)
}
