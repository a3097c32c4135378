//! Field-level differences between two profiles, named by the model's field paths
//! (`key_figures.population.value`, `memberships.errin.answer`, `initiatives[2].name`).

use serde::Serialize;
use serde_json::Value;

use crate::model::Profile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One changed field: its path in the profile's JSON, and its value before and after.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// What changed from `a` to `b`, in field order. Lists of memberships are keyed by network
/// and classification codes by code, so a reordering is no change; other lists are aligned
/// item by item (by equality, name, number, then place).
pub fn diff(a: &Profile, b: &Profile) -> Vec<Change> {
    let (va, vb) = (serde_json::to_value(a).expect("serialises"), serde_json::to_value(b).expect("serialises"));
    let mut out = Vec::new();
    walk("", &va, &vb, &mut out);
    out
}

fn key_of(path: &str, item: &Value) -> Option<String> {
    let field = match path {
        "memberships" => "network",
        "nace" | "nabs" | "policy_objectives" => "code",
        "collaboration.topics" => "topic",
        _ => return None,
    };
    item.get(field).and_then(Value::as_str).map(str::to_string)
}

/// What names a list item: its name, title or text, folded; else the whole item.
fn identity(v: &Value) -> String {
    let named = ["name", "title", "text"].iter().find_map(|k| v.get(*k).and_then(Value::as_str));
    match named {
        Some(n) => crate::text::fold(n),
        None => v.to_string(),
    }
}

/// Pairs the items of two versions of a list: equal items first, then items of the same
/// name, then items of the same number, then what is left at the same place; the rest are
/// added or removed. So inserting one
/// initiative shows one addition, not every later item as changed. Returns pairs of
/// (old index, new index), in the order of the new list, removals last.
fn align(x: &[Value], y: &[Value]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut pair_of: Vec<Option<usize>> = vec![None; y.len()];
    let mut used = vec![false; x.len()];
    let number = |v: &Value| v.get("number").and_then(Value::as_u64);
    // Last, what is left at the same place is the same item changed (a list of one group).
    let rules: [&dyn Fn(usize, usize) -> bool; 4] = [
        &|i, j| x[i] == y[j],
        &|i, j| identity(&x[i]) == identity(&y[j]),
        &|i, j| number(&x[i]).is_some() && number(&x[i]) == number(&y[j]),
        &|i, j| i == j,
    ];
    for same in rules {
        for (j, slot) in pair_of.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            if let Some(i) = (0..x.len()).find(|&i| !used[i] && same(i, j)) {
                used[i] = true;
                *slot = Some(i);
            }
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = pair_of.iter().enumerate().map(|(j, i)| (*i, Some(j))).collect();
    out.extend((0..x.len()).filter(|&i| !used[i]).map(|i| (Some(i), None)));
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                walk(&join(path, k), va, y.get(k).unwrap_or(&Value::Null), out);
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                walk(&join(path, k), &Value::Null, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let keyed = x.iter().chain(y.iter()).all(|i| key_of(path, i).is_some()) && !(x.is_empty() && y.is_empty());
            if keyed {
                for i in x {
                    let k = key_of(path, i).unwrap_or_default();
                    let other = y.iter().find(|j| key_of(path, j).as_deref() == Some(k.as_str()));
                    walk(&join(path, &k), i, other.unwrap_or(&Value::Null), out);
                }
                for j in y {
                    let k = key_of(path, j).unwrap_or_default();
                    if !x.iter().any(|i| key_of(path, i).as_deref() == Some(k.as_str())) {
                        walk(&join(path, &k), &Value::Null, j, out);
                    }
                }
            } else {
                for (i, j) in align(x, y) {
                    let at = j.or(i).unwrap_or(0);
                    let (a, b) = (i.map_or(&Value::Null, |i| &x[i]), j.map_or(&Value::Null, |j| &y[j]));
                    walk(&format!("{path}[{at}]"), a, b, out);
                }
            }
        }
        (Value::Null, _) => {
            out.push(Change { path: path.to_string(), kind: ChangeKind::Added, before: None, after: Some(b.clone()) })
        }
        (_, Value::Null) => {
            out.push(Change { path: path.to_string(), kind: ChangeKind::Removed, before: Some(a.clone()), after: None })
        }
        _ => out.push(Change {
            path: path.to_string(),
            kind: ChangeKind::Changed,
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::NetworkId;
    use crate::{Membership, MembershipAnswer};

    fn seed() -> Profile {
        crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
    }

    #[test]
    fn names_changed_fields_by_path() {
        let a = seed();
        let mut b = a.clone();
        b.key_figures.population.as_mut().unwrap().value = 2_100_000;
        b.set_membership(Membership {
            network: NetworkId::from_id("errin").unwrap(),
            answer: MembershipAnswer::No,
            note: None,
        });
        b.initiatives.remove(0);
        b.websites.push(crate::Text::new("ThCM").unwrap());
        let d = diff(&a, &b);
        let paths: Vec<(&str, ChangeKind)> = d.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert!(paths.contains(&("key_figures.population.value", ChangeKind::Changed)));
        assert!(paths.contains(&("memberships.errin.answer", ChangeKind::Changed)));
        assert!(paths.contains(&("websites[1]", ChangeKind::Added)));
        // One removal, not every later item shown as changed.
        let inits: Vec<_> = paths.iter().filter(|(p, _)| p.starts_with("initiatives")).collect();
        assert_eq!(inits, [&("initiatives[0]", ChangeKind::Removed)]);
        assert_eq!(d.iter().find(|c| c.path == "key_figures.population.value").unwrap().before, Some(2_143_145.into()));
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn list_items_are_aligned_by_name_and_number() {
        let a = seed();
        let mut b = a.clone();
        let new = crate::format::initiative(None, "HELIUM  helium imaging  https://helium.example").unwrap();
        b.initiatives.insert(1, new);
        b.initiatives[3].description = crate::Text::new("photonics for infection research");
        let d = diff(&a, &b);
        let got: Vec<(&str, ChangeKind)> =
            d.iter().filter(|c| c.path.starts_with("initiatives")).map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(got, [("initiatives[1]", ChangeKind::Added), ("initiatives[3].description", ChangeKind::Added)]);
    }
}
