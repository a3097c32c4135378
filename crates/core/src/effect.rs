//! What one copy did to a region's published profile, in the import summary's words:
//! "FI1C: 2021 edition copy (cut after item 2 of Memberships): in Memberships, 1 answer
//! added, 20 kept from the 2019 edition".

use crate::model::Profile;
use crate::origin::Edition;
use crate::publish::{Field, FIELDS};

/// "2021 edition copy", with where it stops when it is cut.
pub fn describe_copy(copy: &Profile) -> String {
    let edition = copy.origin.edition.map_or("undated copy".to_string(), |e| format!("{} copy", e.label()));
    match &copy.origin.incomplete {
        None => edition,
        Some(cut) => {
            let at = cut.partial.iter().filter_map(|id| crate::publish::field(id)).next_back();
            match at {
                Some(f) if f.is_list() => {
                    format!("{edition} (cut after item {} of {})", f.idents(copy).len(), f.label)
                }
                Some(f) => format!("{edition} (cut in {})", f.label),
                None => format!("{edition} (cut after line {})", cut.line),
            }
        }
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn unit(f: &Field) -> &'static str {
    unit_of(f.id)
}

/// What a list field's items are called: "answer" for the memberships and self-evaluation.
pub fn unit_of(field: &str) -> &'static str {
    match field {
        "memberships" | "self_evaluation" => "answer",
        _ => "item",
    }
}

/// The editions the items of `names` come from in `p`, oldest first, as words.
fn editions_of(p: &Profile, f: &Field, names: &[String]) -> String {
    let mut eds: Vec<Edition> = names.iter().filter_map(|n| item_edition(p, f, n)).collect();
    eds.sort();
    eds.dedup();
    let words: Vec<String> = eds.iter().map(|e| format!("the {}", e.label())).collect();
    words.join(" and ")
}

/// What the copy changed in the published profile (`before` → `after`), one clause a kind
/// of change; "adds nothing new" when it changed nothing.
pub fn effect(before: Option<&Profile>, after: &Profile, copy: &Profile) -> String {
    let Some(before) = before else {
        return "is the region's first".into();
    };
    let mine = copy.origin.edition;
    // One clause a list that changed: what was added or changed, what is kept from where.
    let mut adds = Vec::new();
    // Both profiles as JSON, made once, when a list changed.
    let mut values: Option<(serde_json::Value, serde_json::Value)> = None;
    // Fields whose value changed, by the edition it now comes from.
    let mut updated: Vec<(Option<Edition>, Vec<&str>)> = Vec::new();
    let mut removed = Vec::new();
    for f in FIELDS {
        let (was, is) = (f.states(before), f.states(after));
        if !was && !is || (f.same(before, after) && before.field_edition(f.id) == after.field_edition(f.id)) {
            continue;
        }
        if !is {
            removed.push(f.label);
            continue;
        }
        if !(f.is_list() && was) {
            let e = after.field_edition(f.id);
            match updated.iter_mut().find(|(x, _)| *x == e) {
                Some((_, v)) => v.push(f.label),
                None => updated.push((e, vec![f.label])),
            }
            continue;
        }
        let values = values.get_or_insert_with(|| {
            (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default())
        });
        adds.push(list_change(before, after, (&values.0, &values.1), f, mine));
    }
    let mut parts = adds;
    for (e, labels) in updated {
        let from = e.map_or(String::new(), |e| format!(" (now from the {})", e.label()));
        parts.push(format!("updates {}{from}", labels.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removes {}", removed.join(", ")));
    }
    if parts.is_empty() {
        "adds nothing new".into()
    } else {
        parts.join("; ")
    }
}

/// "in Memberships, 1 answer added, 2 changed, 19 kept from the 2019 edition".
fn list_change(
    before: &Profile,
    after: &Profile,
    (vb, va): (&serde_json::Value, &serde_json::Value),
    f: &Field,
    mine: Option<Edition>,
) -> String {
    let old: Vec<(String, String)> =
        f.idents(before).iter().map(|i| crate::copies::key(i)).zip(bodies(vb, before, f)).collect();
    let (mut added, mut changed, mut kept) = (0, 0, Vec::new());
    for (name, body) in f.idents(after).into_iter().zip(bodies(va, after, f)) {
        let k = crate::copies::key(&name);
        // An item completing one cut short before is the same item.
        match old.iter().find(|(o, _)| *o == k || (!o.is_empty() && k.starts_with(o.as_str()))) {
            None => added += 1,
            Some((_, b)) if *b != body => changed += 1,
            Some(_) if item_edition(after, f, &name) != mine => kept.push(name),
            Some(_) => {}
        }
    }
    let mut done = Vec::new();
    if added > 0 {
        done.push(format!("{} added", plural(added, unit(f))));
    }
    if changed > 0 {
        done.push(if added > 0 {
            format!("{changed} changed")
        } else {
            format!("{} changed", plural(changed, unit(f)))
        });
    }
    let removed = old.len() + added > f.idents(after).len();
    if removed {
        done.push("some removed".into());
    }
    if done.is_empty() && f.same(before, after) {
        done.push("the same, now dated by this copy".into());
    } else if done.is_empty() {
        done.push("reordered".into());
    }
    if !kept.is_empty() {
        done.push(format!("{} kept from {}", kept.len(), editions_of(after, f, &kept)));
    }
    format!("in {}, {}", f.label, done.join(", "))
}

/// Each item of a list field as JSON, to tell a changed item from the same one.
fn bodies(v: &serde_json::Value, p: &Profile, f: &Field) -> Vec<String> {
    // The self-evaluation is an object of answers; every other list field an array.
    if f.id == "self_evaluation" {
        return f.idents(p).iter().map(|i| v[f.id][i].to_string()).collect();
    }
    // The earlier innovation groups stand among the key figures.
    let list = if f.id == "innovation_earlier" { &v["key_figures"][f.id] } else { &v[f.id] };
    list.as_array().map_or_else(Vec::new, |items| items.iter().map(|i| i.to_string()).collect())
}

fn item_edition(p: &Profile, f: &Field, name: &str) -> Option<Edition> {
    let own = p.origin.items.iter().find(|i| i.field == f.id && i.item.as_str() == name);
    own.map(|i| i.edition).or(p.field_edition(f.id))
}

/// An item of a list field as a reader knows it: a network or a question by its label, any
/// other item by its name (the provenance keeps ids, which are stable).
pub fn item_label(field: &str, ident: &str) -> String {
    match field {
        "memberships" => crate::vocab::NetworkId::from_id(ident).map_or(ident.to_string(), |n| n.label().to_string()),
        "self_evaluation" => crate::model::SelfEvaluationItem::ALL
            .iter()
            .find(|i| i.id() == ident)
            .map_or(ident.to_string(), |i| i.label().to_string()),
        _ => ident.to_string(),
    }
}
