//! The words a search matched, and a result's snippet: the first matching words of its
//! prose with the context around them.

use super::texts::prose;
use crate::model::Profile;

/// Where a result matched: a piece of one of its texts, the matching words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The section the text is from ("Initiatives").
    pub section: &'static str,
    /// The piece, in order: (text, whether it is a matching word).
    pub parts: Vec<(String, bool)>,
}

/// Words of context kept before and after the first matching word of a snippet.
pub(super) const SNIPPET_BEFORE: usize = 8;
pub(super) const SNIPPET_AFTER: usize = 18;

/// The query's words as the index sees them: folded, one spelling, and every indexed word
/// that shares a stem with one of them (looked up once per query, not per word of a text).
pub struct QueryWords {
    pub(super) words: Vec<String>,
    pub(super) stemmed: std::collections::HashSet<String>,
    /// The first letters of every word above: a plain-ASCII text holding none of them, in
    /// any case, holds no match (checked before folding it).
    pub(super) heads: Vec<String>,
    /// Which bytes a matching folded word can start with (most words are rejected here).
    pub(super) starts: [bool; 256],
}

impl QueryWords {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a folded word of a text is one the search matched: it starts with a query
    /// word, or shares a stem with one (in either spelling: both are in the sets, so that
    /// this allocates nothing).
    pub(super) fn matches_folded(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else { return false };
        self.starts[b as usize] && (self.words.iter().any(|q| w.starts_with(q.as_str())) || self.stemmed.contains(w))
    }

    /// Whether a text may hold a match: false only when it certainly does not.
    pub(super) fn may_match(&self, text: &str) -> bool {
        if !text.is_ascii() || self.heads.iter().any(|h| h.is_empty()) {
            return true;
        }
        let t = text.as_bytes();
        self.heads.iter().any(|h| t.windows(h.len()).any(|w| w.eq_ignore_ascii_case(h.as_bytes())))
    }
}

/// The American spelling of a word in the one spelling of [`spelling`], if it has another.
pub(super) fn american(w: &str) -> Option<String> {
    for (uk, us) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ] {
        if let Some(stem) = w.strip_suffix(uk) {
            if stem.len() >= 3 {
                return Some(format!("{stem}{us}"));
            }
        }
    }
    None
}

/// The first text of a profile's prose holding a query word, cut to a few words around it.
/// Bounded: a text is read word by word only up to the end of its piece, most words
/// rejected by their first letter.
pub fn snippet(p: &Profile, q: &QueryWords) -> Option<Snippet> {
    if q.is_empty() {
        return None;
    }
    let mut folded = String::new();
    for (section, text) in prose(p) {
        // Most texts hold no match: find that out before folding, or on the folded text.
        if !q.may_match(text) {
            continue;
        }
        // Runs of letters and digits (words) and what lies between them, with their byte
        // ranges and whether they match, up to the end of the piece.
        let mut tokens: Vec<(usize, usize, bool, bool)> = Vec::new();
        let mut first: Option<usize> = None;
        let mut after = 0;
        let mut truncated = false;
        let mut close = |tokens: &mut Vec<(usize, usize, bool, bool)>, first: &mut Option<usize>, after: &mut usize| {
            if let Some(t) = tokens.last_mut().filter(|t| t.2) {
                let word = &text[t.0..t.1];
                // Most words are rejected by their first letter, before any folding.
                let c = word.chars().next().unwrap_or(' ');
                t.3 = if c.is_ascii() && !q.starts[c.to_ascii_lowercase() as usize] {
                    false
                } else {
                    crate::text::fold_into(word, &mut folded);
                    q.matches_folded(&folded)
                };
                if first.is_none() && t.3 {
                    *first = Some(tokens.len() - 1);
                }
                if first.is_some() {
                    *after += 1;
                }
            }
        };
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric();
            match tokens.last_mut() {
                Some(t) if t.2 == word => t.1 = i + c.len_utf8(),
                _ => {
                    close(&mut tokens, &mut first, &mut after);
                    if after > SNIPPET_AFTER {
                        truncated = true;
                        break;
                    }
                    tokens.push((i, i + c.len_utf8(), word, false));
                }
            }
        }
        if !truncated {
            close(&mut tokens, &mut first, &mut after);
        }
        let Some(first) = first else { continue };
        let words_before: Vec<usize> = (0..first).filter(|&i| tokens[i].2).collect();
        let from = words_before.len().checked_sub(SNIPPET_BEFORE).map_or(0, |k| words_before[k]);
        let mut parts: Vec<(String, bool)> = Vec::new();
        if from > 0 {
            parts.push(("… ".into(), false));
        }
        for t in &tokens[from..] {
            let piece = &text[t.0..t.1];
            match parts.last_mut() {
                Some(last) if !last.1 && !t.3 => last.0.push_str(piece),
                _ => parts.push((piece.to_string(), t.3)),
            }
        }
        if truncated {
            // The gap before the next word is not part of the piece.
            if parts.last().is_some_and(|p| !p.1 && p.0.trim().is_empty()) {
                parts.pop();
            }
            parts.push((" …".into(), false));
        }
        return Some(Snippet { section, parts });
    }
    None
}
