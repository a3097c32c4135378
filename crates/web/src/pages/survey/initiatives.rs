//! A region's major initiatives in the form as repeated fields: each initiative its name, what
//! it does and its web address (`initiative.3.name` …), with blank rows for new ones; not the
//! text format's "two spaces between the parts" line.

use pmatlas_core::{Initiative, Text};

use crate::auth::field as get;

/// Blank rows offered after the initiatives a profile has (more come with every save).
pub(crate) const BLANK_ROWS: usize = 2;
/// The most rows a post is read for (a form shows far fewer).
const MAX_ROWS: usize = 200;

/// One row: (name, what it does, web address).
pub(crate) type Row = (String, String, String);

/// A profile's initiatives as rows, then the blank rows.
pub(crate) fn rows_of(list: &[Initiative]) -> Vec<Row> {
    let text = |t: &Option<Text>| t.as_ref().map(|t| t.to_string()).unwrap_or_default();
    let mut rows: Vec<Row> = list.iter().map(|i| (i.name.to_string(), text(&i.description), text(&i.url))).collect();
    rows.extend(std::iter::repeat_with(Row::default).take(BLANK_ROWS));
    rows
}

/// The rows a form posted, in order (none when the form has no initiative rows).
pub(crate) fn rows_posted(f: &[(String, String)]) -> Vec<Row> {
    let last = f
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("initiative.")?.split('.').next()?.parse::<usize>().ok())
        .filter(|&k| k < MAX_ROWS)
        .max();
    let Some(last) = last else { return Vec::new() };
    (0..=last)
        .map(|k| {
            let part = |p: &str| get(f, &format!("initiative.{k}.{p}")).to_string();
            (part("name"), part("description"), part("url"))
        })
        .collect()
}

/// The initiatives the rows say: an unchanged one is the old item as it was (its number and
/// the network its name names kept); a row without a name is skipped. `None` when the form
/// posted no rows (an older draft: its `initiatives` text is read instead).
pub(crate) fn posted(f: &[(String, String)], old: &[Initiative]) -> Option<Vec<Initiative>> {
    let rows = rows_posted(f);
    if rows.is_empty() {
        return None;
    }
    let mut used = vec![false; old.len()];
    let same = |i: &Initiative, r: &Row| {
        let t = |t: &Option<Text>| t.as_ref().map(|t| t.to_string()).unwrap_or_default();
        Text::new(&r.0).is_some_and(|n| n == i.name)
            && Text::new(&r.1).map(|x| x.to_string()).unwrap_or_default() == t(&i.description)
            && Text::new(&r.2).map(|x| x.to_string()).unwrap_or_default() == t(&i.url)
    };
    let mut out = Vec::new();
    for r in &rows {
        let Some(name) = Text::new(&r.0) else { continue };
        if let Some(k) = (0..old.len()).find(|&k| !used[k] && same(&old[k], r)) {
            used[k] = true;
            out.push(old[k].clone());
            continue;
        }
        let mut i = pmatlas_core::format::initiative(None, name.as_str()).unwrap_or(Initiative {
            number: None,
            name,
            description: None,
            url: None,
            network: None,
        });
        (i.description, i.url) = (Text::new(&r.1), Text::new(&r.2));
        out.push(i);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_unchanged_and_new_rows_are_added() {
        let old = vec![
            pmatlas_core::format::initiative(Some(4), "Forschungscampus Jena e.V.  public private partnership")
                .unwrap(),
            pmatlas_core::format::initiative(Some(6), "Medtch4Europe").unwrap(),
        ];
        let mut f: Vec<(String, String)> = Vec::new();
        for (k, r) in rows_of(&old).iter().enumerate() {
            f.push((format!("initiative.{k}.name"), r.0.clone()));
            f.push((format!("initiative.{k}.description"), r.1.clone()));
            f.push((format!("initiative.{k}.url"), r.2.clone()));
        }
        assert_eq!(posted(&f, &old).unwrap(), old, "unchanged rows are the same items");
        f.push(("initiative.4.name".into(), "HELIUM  two  spaces".into()));
        f.push(("initiative.4.url".into(), "https://helium.example".into()));
        let new = posted(&f, &old).unwrap();
        assert_eq!(new.len(), 3);
        assert_eq!(new[2].name.as_str(), "HELIUM two spaces", "a name is a name, spaces and all");
        assert_eq!(new[2].url.as_ref().unwrap().as_str(), "https://helium.example");
        assert!(posted(&[], &old).is_none());
    }
}
