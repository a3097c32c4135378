//! Differences between two versions in the language of the profile page: grouped by the
//! page's sections, each a sentence ("Population: 2,143,145 → 2,120,237", "Initiatives: added
//! “HELIUM”"), a long text word by word. The field paths stay in the versions page's
//! technical view.

use pmatlas_core::wording::{Said, What};

/// One section's changes.
pub struct SectionChanges {
    pub section: String,
    pub items: Vec<Item>,
}

/// A change as a sentence: plain text, with the words a long text lost and gained marked.
pub struct Item {
    pub parts: Vec<(String, Mark)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Deleted,
    Inserted,
}

impl Mark {
    /// For the template: "", "del" or "ins".
    pub fn tag(&self) -> &'static str {
        match self {
            Mark::Plain => "",
            Mark::Deleted => "del",
            Mark::Inserted => "ins",
        }
    }
}

impl Item {
    fn plain(s: String) -> Item {
        Item { parts: vec![(s, Mark::Plain)] }
    }
}

/// Texts longer than this (characters) change word by word, not as before → after.
const LONG_TEXT: usize = 80;
/// The word diff's table is at most this many cells (words before × words after); past it,
/// the texts are shown whole (bounded work for a 20,000-character field).
const MAX_CELLS: usize = 400_000;
/// Unchanged words kept around a change; longer unchanged runs are cut to "…".
const CONTEXT: usize = 6;

/// A word-level difference of two texts: the words kept, lost and gained, in order.
pub fn word_diff(before: &str, after: &str) -> Option<Vec<(String, Mark)>> {
    let a: Vec<&str> = before.split_whitespace().collect();
    let b: Vec<&str> = after.split_whitespace().collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        return None;
    }
    // Longest common subsequence of words, from the end.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if a[i] == b[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let mut words: Vec<(&str, Mark)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            words.push((a[i], Mark::Plain));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
            // What was lost comes before what replaced it.
            words.push((a[i], Mark::Deleted));
            i += 1;
        } else {
            words.push((b[j], Mark::Inserted));
            j += 1;
        }
    }
    // Runs of one mark become one part; long unchanged runs keep their ends only.
    let mut parts: Vec<(String, Mark)> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let mark = words[k].1;
        let end = (k..words.len()).find(|&x| words[x].1 != mark).unwrap_or(words.len());
        let run: Vec<&str> = words[k..end].iter().map(|w| w.0).collect();
        // The context a run keeps: after the change before it, before the change after it.
        let (keep_head, keep_tail) = (if k == 0 { 0 } else { CONTEXT }, if end == words.len() { 0 } else { CONTEXT });
        let text = if mark == Mark::Plain && run.len() > keep_head + keep_tail + 1 {
            let head = run[..keep_head].join(" ");
            let tail = run[run.len() - keep_tail..].join(" ");
            format!("{head} … {tail}").trim().to_string()
        } else {
            run.join(" ")
        };
        if let Some(last) = parts.last_mut() {
            last.0.push(' ');
        }
        parts.push((text, mark));
        k = end;
    }
    Some(parts)
}

/// The changes, grouped by section in the order they come; a long text changed word by word.
pub fn in_words(changes: &[Said]) -> Vec<SectionChanges> {
    let mut out: Vec<SectionChanges> = Vec::new();
    for c in changes {
        let item = match &c.what {
            What::Changed { before, after }
                if before.chars().count() > LONG_TEXT || after.chars().count() > LONG_TEXT =>
            {
                match word_diff(before, after) {
                    Some(mut parts) => {
                        let what = c.item.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
                        parts.insert(0, (what, Mark::Plain));
                        Item { parts }
                    }
                    None => Item::plain(c.line()),
                }
            }
            _ => Item::plain(c.line()),
        };
        match out.iter_mut().find(|x| x.section == c.section) {
            Some(x) => x.items.push(item),
            None => out.push(SectionChanges { section: c.section.to_string(), items: vec![item] }),
        }
    }
    out
}

/// The changes as plain lines, "Section: change", for a feed or a log.
pub fn as_lines(changes: &[Said]) -> Vec<String> {
    in_words(changes)
        .iter()
        .map(|s| {
            let items: Vec<String> = s.items.iter().map(|i| i.parts.iter().map(|p| p.0.as_str()).collect()).collect();
            format!("{}: {}", s.section, items.join("; "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_changes_word_by_word_with_its_unchanged_middle_cut() {
        let before = "Thuringia hosts strong research in photonics and infection medicine with many partners in Jena and Erfurt and beyond the region";
        let after = "Thuringia hosts strong research in photonics and precision medicine with many partners in Jena and Erfurt and beyond the region";
        let parts = word_diff(before, after).unwrap();
        let marked: Vec<(&str, &'static str)> =
            parts.iter().filter(|p| p.1 != Mark::Plain).map(|p| (p.0.trim(), p.1.tag())).collect();
        assert_eq!(marked, [("infection", "del"), ("precision", "ins")]);
        let text: String = parts.iter().map(|p| p.0.as_str()).collect();
        assert!(text.contains("…"), "the long unchanged end is cut: {text}");
        assert!(text.starts_with("Thuringia hosts strong") && text.ends_with("Jena …"), "{text}");
        assert!(text.contains("photonics and infection precision medicine with"), "{text}");
        // Too large to diff: shown whole.
        let big = "w ".repeat(1000);
        assert!(word_diff(&big, &big).is_none());
    }
}
