//! A quoted piece of evidence ([`Cited`]) and how a unit is quoted for an ask: cut around
//! the words that matched, never before them, with the grade scoring gave it; and how a
//! topic page quotes a sentence of the description ([`sentence_quote`]).

use super::asks::Ask;
use super::units::{Unit, UnitKind};
use super::*;

/// A quoted piece of evidence: for which ask, what kind, the quote and the words in it that
/// matched (a byte range of `text`), and its score for the ask (0–1).
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Cited {
    /// The ask it answers, as the asking region wrote it.
    pub ask: String,
    pub kind: UnitKind,
    pub text: String,
    /// The words that matched, as a byte range of `text` (empty when none stands out).
    pub mark: (usize, usize),
    pub score: f32,
    /// The grade it counts with: its kind's, or at least naming a network's (0.8) when the
    /// words that answer are a network's name ("the partnership on personalised medicine").
    pub grade: f32,
    /// Found by its meaning (the sentence-embedding model), not by the ask's words.
    pub by_meaning: bool,
}

impl Cited {
    /// The quote split around the words that matched: (before, words, after).
    pub fn marked(&self) -> (&str, &str, &str) {
        let (s, e) = self.mark;
        match (self.text.get(..s), self.text.get(s..e), self.text.get(e..)) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => (self.text.as_str(), "", ""),
        }
    }

    /// What the words that matched stand for, where a reader may not know (`data/vocab/glosses.csv`).
    pub fn gloss(&self) -> Option<&'static str> {
        gloss(self.marked().1)
    }

    pub fn grade_label(&self) -> &'static str {
        super::units::label_of_grade(self.grade)
    }

    /// How it was found, after its grade: nothing for words; by meaning, "close in meaning"
    /// (what is less close counts for nothing: [`meaning::CLOSE`]).
    pub fn how(&self) -> &'static str {
        if self.by_meaning {
            ", close in meaning"
        } else {
            ""
        }
    }

    pub fn section(&self) -> &'static str {
        self.kind.section()
    }
}

/// The longest quote, in characters; a longer text is cut around the words that matched.
const QUOTE: usize = 200;

/// A unit quoted for an ask: cut around the first of the ask's words it holds.
pub(super) fn quote(u: &Unit, ask: &Ask, score: f32) -> Cited {
    let asked = |t: &&terms::Term| ask.terms.iter().any(|a| a.term == t.term) && t.span.1 > t.span.0;
    let mark = u.terms.iter().filter(asked).map(|t| t.span).min().unwrap_or((0, 0));
    let text = u.text.as_str();
    let (mut from, mut to) = (0, text.len());
    if text.chars().count() > QUOTE {
        let floor = |mut x: usize| {
            while !text.is_char_boundary(x) {
                x -= 1;
            }
            x
        };
        from = floor(mark.0.saturating_sub(QUOTE / 3));
        if from > 0 {
            from = text[from..mark.0].find(' ').map_or(mark.0, |k| from + k + 1);
        }
        to = floor((mark.1 + QUOTE * 2 / 3).min(text.len()));
        if to < text.len() {
            to = text[mark.1..to].rfind(' ').map_or(to, |k| mark.1 + k);
        }
    }
    let (pre, post) = (if from > 0 { "…" } else { "" }, if to < text.len() { "…" } else { "" });
    let body = format!("{pre}{}{post}", &text[from..to]);
    let shift = pre.len() as isize - from as isize;
    let at = |x: usize| (x as isize + shift).max(0) as usize;
    Cited {
        ask: ask.written.clone(),
        kind: u.kind,
        text: body,
        mark: (at(mark.0), at(mark.1)),
        score,
        grade: grade_for(u, ask),
        by_meaning: false,
    }
}

/// The grade a unit answers an ask with, as scoring weighs it: the best of the ask's terms
/// it holds ([`super::retrieval::grade_of`]).
fn grade_for(u: &Unit, ask: &Ask) -> f32 {
    u.terms
        .iter()
        .filter(|t| ask.terms.iter().any(|a| a.term == t.term))
        .map(|t| super::retrieval::grade_of(u, &t.term))
        .fold(u.kind.grade(), f32::max)
}

/// A unit quoted for an ask it answers by meaning: no word of the ask need be in it, so it
/// is quoted from its start.
pub(super) fn by_meaning(u: &Unit, ask: &Ask, score: f32) -> Cited {
    let text: String = if u.text.chars().count() > QUOTE {
        let cut: String = u.text.chars().take(QUOTE).collect();
        format!("{}…", cut.rfind(' ').map_or(cut.as_str(), |k| &cut[..k]))
    } else {
        u.text.clone()
    };
    Cited { ask: ask.written.clone(), kind: u.kind, text, mark: (0, 0), score, grade: u.kind.grade(), by_meaning: true }
}

/// Acronyms a quote may answer by, with what they stand for (`data/vocab/glosses.csv`): "IHU
/// Strasbourg" answers translational research for a reader who knows what an IHU is.
static GLOSSES: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> = std::sync::LazyLock::new(|| {
    let list = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/glosses.csv"));
    list.lines().skip(1).filter_map(|l| l.split_once(',')).map(|(w, g)| (crate::text::fold(w), g.trim())).collect()
});

/// What `words` stand for, where the glosses say.
pub fn gloss(words: &str) -> Option<&'static str> {
    GLOSSES.get(&crate::text::fold(words.trim())).copied()
}

/// The longest quote of a sentence of the description, in bytes.
const SENTENCE_QUOTE: usize = 240;

/// What of a sentence of the description a topic page quotes: from the sentence's
/// start to the end of the clause naming the topic ("The region's S3 priorities include:
/// e-health (…);"), when that is short enough to read; else the words that name it with
/// those around them, whole words, within the clause ("operations in the manufacture of
/// pharmaceuticals and medical devices", not "pharmaceuticals" alone). All three are
/// slices of `paragraph`.
pub(super) fn sentence_quote<'a>(paragraph: &'a str, sentence: &'a str, words: &'a str) -> &'a str {
    let offset = |x: &str| x.as_ptr() as usize - paragraph.as_ptr() as usize;
    let (from, start, at) = (offset(sentence), offset(words), offset(words) + words.len());
    let rest = &paragraph[at..from + sentence.len()];
    let to = at + rest.find(';').unwrap_or(rest.len());
    if to - from <= SENTENCE_QUOTE {
        return paragraph[from..to].trim_end();
    }
    // As much before the words as after, at spaces, within the sentence and the clause.
    let side = SENTENCE_QUOTE.saturating_sub(words.len()) / 2;
    let clause = paragraph[from..start].rfind(';').map_or(from, |i| from + i + 1);
    let space_after = |i: usize| paragraph[clause..start].char_indices().find(|&(j, c)| c == ' ' && j >= i);
    let lo = if start - clause <= side {
        clause
    } else {
        space_after(start - clause - side).map_or(start, |(j, _)| clause + j + 1)
    };
    let after = &paragraph[at..to];
    let hi = after.char_indices().rev().find(|&(i, c)| c == ' ' && i <= side).map_or(to, |(i, _)| at + i);
    let hi = if to - at <= side { to } else { hi };
    paragraph[lo..hi].trim_matches([',', ' '])
}

#[cfg(test)]
mod gloss_tests {
    /// Every word glossed is one the vocabulary reads as a field: a gloss says why a quote
    /// answers.
    #[test]
    fn glossed_words_name_fields() {
        for w in super::GLOSSES.keys() {
            assert!(!crate::topics::find_topics(std::iter::once(w.as_str())).is_empty(), "{w} names no field");
        }
    }
}
