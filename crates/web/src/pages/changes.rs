//! Differences between two versions in the language of the profile page: grouped by the
//! page's sections, each a sentence ("Population: 2,143,145 → 2,120,237", "Initiatives: added
//! “HELIUM”"). The field paths stay in the versions page's technical view.

use pmatlas_core::diff::{Change, ChangeKind};
use serde_json::Value;

/// One section's changes.
pub struct SectionChanges {
    pub section: String,
    pub items: Vec<String>,
}

/// The section a field path belongs to, as the profile page names it.
fn section(path: &str) -> String {
    let mut parts = path.split(['.', '[']);
    let top = parts.next().unwrap_or("");
    let id = if top == "key_figures" { parts.next().unwrap_or(top) } else { top };
    match id {
        "origin" => "Source of the data".into(),
        "extras" => "Leftovers of reading".into(),
        "name" => "Name".into(),
        "national_level" => "National-level profile".into(),
        _ => pmatlas_core::publish::field(id).map_or_else(|| id.replace('_', " "), |f| f.label.to_string()),
    }
}

/// A value as a reader sees it: a name, a title or a text for a list item; numbers with
/// thousands separators; yes/no.
fn show(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => match n.as_u64() {
            Some(i) if i >= 10_000 => pmatlas_core::format::values::render_integer(i),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(o) => {
            for k in ["name", "title", "text", "detail", "answer", "value", "code"] {
                if let Some(x) = o.get(k).filter(|x| !x.is_null()) {
                    return show(x);
                }
            }
            o.values().filter(|x| !x.is_null()).map(show).collect::<Vec<_>>().join(", ")
        }
    }
}

/// What changed inside a section, past its own name: "answer" of "memberships.errin.answer".
fn detail(path: &str) -> String {
    let rest: Vec<&str> = path.split('.').skip(1).collect();
    let rest: Vec<&str> = rest
        .into_iter()
        .filter(|p| {
            !matches!(*p, "value" | "groups" | "group" | "innovation" | "population" | "density" | "over65_share")
        })
        .collect();
    rest.join(" ").replace('_', " ")
}

/// The changes, grouped by section in the order they come.
pub fn in_words(changes: &[Change]) -> Vec<SectionChanges> {
    let mut out: Vec<SectionChanges> = Vec::new();
    for c in changes {
        let s = section(&c.path);
        let what = detail(&c.path);
        let what = if what.is_empty() { String::new() } else { format!("{what}: ") };
        let item = match c.kind {
            ChangeKind::Added => format!("{what}added “{}”", c.after.as_ref().map(show).unwrap_or_default()),
            ChangeKind::Removed => format!("{what}removed “{}”", c.before.as_ref().map(show).unwrap_or_default()),
            ChangeKind::Changed => format!(
                "{what}{} → {}",
                c.before.as_ref().map(show).unwrap_or_default(),
                c.after.as_ref().map(show).unwrap_or_default()
            ),
        };
        match out.iter_mut().find(|x| x.section == s) {
            Some(x) => x.items.push(item),
            None => out.push(SectionChanges { section: s, items: vec![item] }),
        }
    }
    out
}
